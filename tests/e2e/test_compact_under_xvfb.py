"""The real app in a real X server: `easeback run ID --compact` shows the small view on top.

Plain Xvfb has no window manager, so nothing stacks windows there: the first test checks
what the X server holds (the window is mapped at 320x140, the main window is not, and
the window asks to stay on top with _NET_WM_STATE_ABOVE). The second runs Openbox, a
window manager that honours the request, and opens a window over the whole screen after
the compact view: the compact view must stay above it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e


def mapped_session_windows(xserver) -> list[str]:
    found = xserver.placed(lambda title: title.endswith("· Easeback"))
    return [w for w, where in found if where["shown"]]


# A plain window the size of the screen, opened (and so focused and raised) last.
COVER = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
cover = QLabel("cover")
cover.setWindowTitle("cover")
cover.resize(app.primaryScreen().size())
cover.show()
app.exec()
"""


def test_run_compact_maps_a_320x140_window_that_asks_to_stay_on_top(xserver, easeback_home):
    require_tool("xprop")
    with xserver.app("run", "knee-to-chest", "--compact", "--no-voice", home=easeback_home):
        (compact,) = wait_until(lambda: mapped_session_windows(xserver), 60, "the compact view")
        size = xserver.geometry(compact)
        assert (size["width"], size["height"]) == (320, 140)
        state = subprocess.run(
            ["xprop", "-id", compact, "_NET_WM_STATE"],
            env=xserver.env(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "_NET_WM_STATE_ABOVE" in state
        main = [
            w
            for w, where in xserver.placed(lambda title: title.endswith("Easeback"))
            if w != compact and where["shown"]
        ]
        assert main == [], "the main window made way for the compact view"


def test_a_window_manager_keeps_the_compact_view_above_a_window_opened_later(
    xserver, easeback_home
):
    cover = None
    with xserver.window_manager():
        try:
            args = ("run", "knee-to-chest", "--compact", "--no-voice")
            with xserver.app(*args, home=easeback_home):
                (compact,) = wait_until(
                    lambda: mapped_session_windows(xserver), 60, "the compact view"
                )
                cover = subprocess.Popen([sys.executable, "-c", COVER], env=xserver.env())
                (covering,) = wait_until(
                    lambda: [int(w, 16) for w, title in xserver.windows() if title == "cover"],
                    60,
                    "the covering window",
                )
                wait_until(
                    lambda: xserver.root_windows("_NET_ACTIVE_WINDOW") == [covering],
                    30,
                    "the covering window to take the focus",
                )
                stacking = xserver.root_windows("_NET_CLIENT_LIST_STACKING")  # bottom to top
                assert stacking.index(int(compact, 16)) > stacking.index(covering), stacking
        finally:
            if cover is not None:
                cover.terminate()
                cover.wait(timeout=10)
