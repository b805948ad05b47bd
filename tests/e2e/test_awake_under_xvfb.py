"""The real app keeps the screen on while its session runs: it asks GNOME's session
manager (a fake one, on a real session bus) and lets go when the session is paused."""

from __future__ import annotations

import pytest

from easeback.ui.awake import GNOME_IDLE, GNOME_LOGOUT, REASON
from tests.e2e.xserver import wait_until
from tests.ui.desktop_bus import fake_desktop

pytestmark = pytest.mark.e2e


def test_a_running_session_holds_the_screen_on_until_it_is_paused(
    xserver, easeback_home, monkeypatch, qapp
):
    with fake_desktop("gnome-session") as desk:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desk.address)
        with xserver.app("run", "seated-leg-to-chest", "--no-voice", home=easeback_home):

            def calls(name: str) -> list[dict]:
                return [e for e in desk.log() if e["call"] == name]

            (asked,) = wait_until(lambda: calls("Inhibit"), 60, "the desktop to be asked")
            assert asked["flags"] == GNOME_IDLE | GNOME_LOGOUT
            assert asked["reason"] == REASON
            xserver.media_key("Pause")
            (given_back,) = wait_until(lambda: calls("Uninhibit"), 60, "the cookie back")
            assert given_back["cookie"] == 7
