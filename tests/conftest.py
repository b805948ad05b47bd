"""Shared test setup: offscreen Qt, a private Easeback home, a fake clock."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers.clock import FakeClock

# Qt aborts without a display; tests draw offscreen unless one asks for a real X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_script(stem: str) -> ModuleType:
    """``bench/STEM.py``, loaded once: the benchmarks are scripts, not a package."""
    name = f"easeback_bench_{stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{stem}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


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
