"""The real app on a session bus with fake desktop services: the break reminder arrives as a
notification with buttons, and the idle time is read from the ScreenSaver service."""

from __future__ import annotations

import pytest

from tests.e2e.xserver import wait_until
from tests.ui.desktop_bus import fake_desktop

pytestmark = pytest.mark.e2e


def test_a_reminder_from_the_real_app_is_a_desktop_notification(
    xserver, easeback_home, monkeypatch, qapp
):
    with fake_desktop("notifications", "screensaver") as desk:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desk.address)
        with xserver.app("--remind-every", "0.05", "--no-voice", home=easeback_home):

            def notified() -> list[dict]:
                return [e for e in desk.log() if e["call"] == "Notify"]

            (shown,) = wait_until(notified, 60, "the reminder notification")[:1]
            assert shown["summary"] == "Time for a stretch break"
            assert shown["actions"][::2] == ["default", "start", "snooze", "skip"]
            assert any(e["call"] == "GetSessionIdleTime" for e in desk.log()), (
                "the idle time came from the desktop's ScreenSaver service"
            )
            assert "Time for a stretch break" not in xserver.window_titles(), (
                "no reminder window of our own"
            )
