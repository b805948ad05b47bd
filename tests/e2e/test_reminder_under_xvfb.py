"""The real app in a real X server: `easeback --remind-every 0.05` asks for a break after 3 s."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import XServer, wait_until

pytestmark = pytest.mark.e2e

TITLE = "Time for a stretch break"


@pytest.fixture
def xserver():
    require_tool("Xvfb")
    require_tool("xwininfo")
    server = XServer()
    yield server
    server.close()


def test_remind_every_opens_the_reminder_window_after_three_seconds(
    xserver, tmp_path, easeback_home
):
    started = time.monotonic()
    app = subprocess.Popen(
        [sys.executable, "-m", "easeback", "--remind-every", "0.05", "--no-voice"],
        env=xserver.env(EASEBACK_HOME=str(easeback_home)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: "Easeback" in xserver.window_titles(), 60, "the main window")
        wait_until(lambda: TITLE in xserver.window_titles(), 60, "the reminder window")
        assert time.monotonic() - started >= 3.0, "not before the 3 s interval"
        shot = tmp_path / "reminder.png"
        xserver.screenshot(shot)
        from PySide6.QtGui import QImage

        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 29)}
        assert len(colours) > 20, "the screen shows drawn windows, not a blank screen"
        keep = os.environ.get("EASEBACK_E2E_REMINDER_SCREENSHOT")
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
