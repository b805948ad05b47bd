"""The real app in a real X server: `easeback run ID --compact` shows the small view on top.

Plain Xvfb has no window manager, so nothing stacks windows there. What can be checked
honestly is what the X server holds: the window is mapped at 320x140, the main window
is not mapped, and the window asks to stay on top (_NET_WM_STATE_ABOVE, the state a
window manager honours).
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e


def info(xserver, window: str, *command: str) -> str:
    return subprocess.run(
        [*command, "-id", window], env=xserver.env(), capture_output=True, text=True, check=True
    ).stdout


def test_run_compact_maps_a_320x140_window_that_asks_to_stay_on_top(xserver, easeback_home):
    require_tool("xprop")
    with xserver.app("run", "knee-to-chest", "--compact", "--no-voice", home=easeback_home):

        def mapped_session_windows() -> list[str]:
            found = [w for w, title in xserver.windows() if title.endswith("· Easeback")]
            return [w for w in found if "IsViewable" in info(xserver, w, "xwininfo")]

        (compact,) = wait_until(mapped_session_windows, 60, "the compact view")
        geometry = info(xserver, compact, "xwininfo")
        width = int(re.search(r"Width: (\d+)", geometry).group(1))
        height = int(re.search(r"Height: (\d+)", geometry).group(1))
        assert (width, height) == (320, 140)
        state = info(xserver, compact, "xprop", "_NET_WM_STATE")
        assert "_NET_WM_STATE_ABOVE" in state
        main = [
            w
            for w, title in xserver.windows()
            if title.endswith("Easeback")
            and w != compact
            and "IsViewable" in info(xserver, w, "xwininfo")
        ]
        assert main == [], "the main window made way for the compact view"
