"""The real app in a real X server: `easeback --remind-every 0.05` asks for a break after 3 s."""

from __future__ import annotations

import time

import pytest

from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e

TITLE = "Time for a stretch break"


def test_remind_every_opens_the_reminder_window_after_three_seconds(
    xserver, tmp_path, easeback_home
):
    started = time.monotonic()
    with xserver.app("--remind-every", "0.05", "--no-voice", home=easeback_home):
        wait_until(lambda: "Easeback" in xserver.window_titles(), 60, "the main window")
        wait_until(lambda: TITLE in xserver.window_titles(), 60, "the reminder window")
        assert time.monotonic() - started >= 3.0, "not before the 3 s interval"
        xserver.screenshot_shows_windows(
            tmp_path / "reminder.png", "EASEBACK_E2E_REMINDER_SCREENSHOT"
        )
