"""The real app under Xvfb with its speech data gone: it starts, it does not hang."""

from __future__ import annotations

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e


def test_missing_espeak_data_the_window_still_comes_up_and_keeps_running(
    xserver,
    tmp_path,
    easeback_home,
    monkeypatch,
):
    require_tool("espeak-ng")
    empty = tmp_path / "no-espeak-data"
    empty.mkdir()
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(empty))  # what espeak-ng reads its data from
    monkeypatch.setenv("EASEBACK_PLAYER", "true")  # a player that plays nothing, quickly
    with xserver.app("run", "knee-to-chest", home=easeback_home) as proc:
        wait_until(lambda: "Easeback" in " ".join(xserver.window_titles()), 60, "the window")
        # the session runs: its title counts down, so the event loop is alive
        first = next(t for t in xserver.window_titles() if "Easeback" in t)
        wait_until(
            lambda: any("Easeback" in t and t != first for t in xserver.window_titles()),
            30,
            "the title to change as the session runs",
        )
        assert proc.poll() is None
