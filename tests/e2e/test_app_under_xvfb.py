"""The real app in a real X server: `easeback run` opens, counts down in the title, and draws."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import XServer, wait_until

pytestmark = pytest.mark.e2e

TITLE = re.compile(r"^(?:Paused · )?(\d+):(\d\d) · .+ · Easeback$")


@pytest.fixture
def xserver():
    require_tool("Xvfb")
    require_tool("xwininfo")
    server = XServer()
    yield server
    server.close()


def seconds_in(title: str) -> int:
    match = TITLE.match(title)
    assert match, title
    return int(match.group(1)) * 60 + int(match.group(2))


def test_run_opens_the_window_counts_down_in_the_title_and_draws(xserver, tmp_path, easeback_home):
    app = subprocess.Popen(
        [sys.executable, "-m", "easeback", "run", "desk-break", "--no-voice"],
        env=xserver.env(EASEBACK_HOME=str(easeback_home)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def session_title():
            return next((t for t in xserver.window_titles() if TITLE.match(t)), None)

        first = wait_until(session_title, 60, "the session window")
        assert "Get ready" in first
        later = wait_until(
            lambda: (t := session_title()) and seconds_in(t) <= seconds_in(first) - 2 and t,
            30,
            "the title to count down",
        )
        assert seconds_in(later) < seconds_in(first)
        shot = tmp_path / "session.png"
        xserver.screenshot(shot)
        from PySide6.QtGui import QImage

        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 29)}
        assert len(colours) > 20, "the screen shows a drawn window, not a blank screen"
        keep = os.environ.get("EASEBACK_E2E_SCREENSHOT")
        if keep:
            shutil.copy(shot, keep)
        assert app.poll() is None, "the app is still running"
    finally:
        app.terminate()
        try:
            _, err = app.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            _, err = app.communicate()
    assert "Traceback" not in err, err
