"""The real app in a real tray: trayer, an XEmbed system tray, on Xvfb. Started hidden,
Easeback is only an icon there, and a click on it opens the window; at login, when
the tray comes up after Easeback, Easeback moves into it."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e


def easeback_windows(xserver) -> list[dict[str, int]]:
    return [where for _, where in xserver.placed(lambda title: title == "Easeback")]


TRAYER = ("--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "100")


def start_tray(xserver) -> subprocess.Popen[bytes]:
    trayer = require_tool("trayer")
    return subprocess.Popen(
        [trayer, *TRAYER, "--height", "32"],
        env=xserver.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def icon_in_tray(xserver) -> list[dict[str, int]]:
    return [w for w in easeback_windows(xserver) if w["shown"] and w["width"] < 64]


def window_shown(xserver) -> bool:
    return any(w["shown"] and w["width"] >= 640 for w in easeback_windows(xserver))


def test_started_hidden_it_is_an_icon_in_the_tray_that_opens_the_window(xserver, easeback_home):
    xdotool = require_tool("xdotool")
    panel = start_tray(xserver)
    try:
        wait_until(lambda: "panel" in xserver.window_titles(), 30, "the tray")
        with xserver.app("--start-hidden", "--no-voice", home=easeback_home):
            (icon,) = wait_until(lambda: icon_in_tray(xserver), 60, "the icon in the tray")
            assert not window_shown(xserver)
            x, y = icon["x"] + icon["width"] // 2, icon["y"] + icon["height"] // 2
            subprocess.run(
                [xdotool, "mousemove", str(x), str(y), "click", "1"],
                env=xserver.env(),
                check=True,
            )
            wait_until(lambda: window_shown(xserver), 30, "the window, opened from the tray")
    finally:
        panel.terminate()
        panel.wait(timeout=10)


def test_at_login_a_tray_that_comes_after_easeback_still_gets_it(xserver, easeback_home):
    """The panel often starts after the apps of the session: Easeback waits minimized,
    then moves into the tray and out of sight."""
    with xserver.app("--start-hidden", "--no-voice", home=easeback_home):
        wait_until(lambda: window_shown(xserver), 60, "the window, with no tray yet")
        panel = start_tray(xserver)
        try:
            wait_until(lambda: icon_in_tray(xserver), 30, "the icon in the late tray")
            wait_until(lambda: not window_shown(xserver), 30, "the window to go")
        finally:
            panel.terminate()
            panel.wait(timeout=10)


def test_a_break_in_the_tray_is_a_message_that_opens_the_reminder(
    xserver, easeback_home, monkeypatch
):
    """No notification service: the break comes as the tray's own message, and a
    click on it brings the reminder window with Start, Snooze and Skip."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # no desktop services
    xdotool = require_tool("xdotool")
    panel = start_tray(xserver)
    try:
        wait_until(lambda: "panel" in xserver.window_titles(), 30, "the tray")
        args = ("--start-hidden", "--remind-every", "0.05", "--no-voice")
        with xserver.app(*args, home=easeback_home):
            wait_until(lambda: icon_in_tray(xserver), 60, "the icon in the tray")
            (message,) = wait_until(
                lambda: [
                    w
                    for w in easeback_windows(xserver)
                    if w["shown"] and 64 <= w["width"] < 640 and w["height"] < 200
                ],
                60,
                "the break's message by the tray",
            )
            x, y = message["x"] + message["width"] // 2, message["y"] + message["height"] // 2
            subprocess.run(
                [xdotool, "mousemove", str(x), str(y), "click", "1"],
                env=xserver.env(),
                check=True,
            )
            wait_until(
                lambda: "Time for a stretch break" in xserver.window_titles(),
                30,
                "the reminder window",
            )
    finally:
        panel.terminate()
        panel.wait(timeout=10)
