"""The real app on a session bus with fake desktop services: the break reminder arrives as a
notification with buttons, and the idle time is read from the ScreenSaver service."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from easeback.ui.notifications import PATH, SERVICE, capabilities, create_notifier
from tests.conftest import require_tool
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


NOTIFICATION_DAEMON = Path("/usr/lib/notification-daemon/notification-daemon")


def test_a_real_notification_server_shows_the_reminder_with_its_buttons(xserver, qapp, qtbot):
    """GNOME's notification-daemon, a GLib server that refuses a call of the wrong types
    (as GNOME Shell, dunst and xfce4-notifyd do): the reminder is shown, replaced, and
    its closing comes back as a signal."""
    if not NOTIFICATION_DAEMON.exists():
        require_tool("notification-daemon")  # skips, or fails on CI, with the package name
    with fake_desktop() as desk:
        env = xserver.env(DBUS_SESSION_BUS_ADDRESS=desk.address)
        daemon = subprocess.Popen(
            [str(NOTIFICATION_DAEMON), "--replace"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(lambda: capabilities(desk.bus), 30, "the notification server")
            notifier = create_notifier(desk.bus, desk.calls())
            assert notifier is not None, "the server has the actions capability"
            assert notifier.ask("Time for a stretch break", "Desk break, 2 minutes", 5)
            shown = notifier.current
            assert shown > 0
            assert notifier.tell("Snoozed", "Until 10:35")
            assert notifier.current == shown, "replaced, not a second notification"
            assert notifier.ask("Time for a stretch break", "Desk break, 2 minutes", 5)
            closing = subprocess.run(
                [
                    "dbus-send",
                    "--session",
                    "--print-reply",
                    f"--dest={SERVICE}",
                    PATH,
                    f"{SERVICE}.CloseNotification",
                    f"uint32:{notifier.current}",
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert closing.returncode == 0, closing.stderr
            with qtbot.waitSignal(notifier.dismissed, timeout=10000):
                pass
        finally:
            daemon.terminate()
            daemon.wait(timeout=10)
