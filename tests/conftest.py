"""Shared test setup: offscreen Qt, a private Easeback home, a fake clock."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.helpers.clock import FakeClock

# Qt aborts without a display; tests draw offscreen unless one asks for a real X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str, package: str | None = None) -> str:
    """The path of a system tool; skips without it on a developer machine, fails on CI."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (apt install {package or name})"
    if ON_CI:
        pytest.fail(f"{message}; CI must provide it")
    pytest.skip(message)


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def easeback_home(tmp_path, monkeypatch):
    """Every test gets its own settings, data and cache folders."""
    home = tmp_path / "easeback-home"
    monkeypatch.setenv("EASEBACK_HOME", str(home))
    return home


@pytest.fixture
def xserver():
    """A fresh Xvfb server for a test that starts the real app (tests/e2e/xserver.py)."""
    from tests.e2e.xserver import XServer

    require_tool("Xvfb")
    require_tool("xwininfo")
    server = XServer()
    yield server
    server.close()
