"""The real app as a media player: playerctl, as a headset's button or a desktop's media
widget would, reads the session and pauses it over a real session bus."""

from __future__ import annotations

import json
import subprocess

import pytest

from easeback.ui.mpris import PATH, SERVICE
from tests.conftest import require_tool
from tests.e2e.xserver import wait_until
from tests.ui.desktop_bus import fake_desktop

pytestmark = pytest.mark.e2e


def test_playerctl_shows_and_pauses_the_running_session(xserver, easeback_home, monkeypatch, qapp):
    tool = require_tool("playerctl")
    with fake_desktop() as desk:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desk.address)

        def playerctl(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [tool, "--player=easeback", *args],
                env=xserver.env(),
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )

        with xserver.app("run", "seated-leg-to-chest", "--no-voice", home=easeback_home):
            wait_until(lambda: playerctl("status").stdout == "Playing\n", 60, "the player")
            title = playerctl("metadata", "--format", "{{title}}")
            assert title.stdout.startswith("Seated leg to chest: Get ready"), title

            paused = playerctl("pause")
            assert paused.returncode == 0, paused.stderr
            assert playerctl("status").stdout == "Paused\n"
            status = xserver.easeback("status", "--json", home=easeback_home)
            assert json.loads(status.stdout)["session"]["paused"] is True


def test_raise_from_a_media_widget_brings_the_minimized_window_back(
    xserver, easeback_home, monkeypatch, qapp
):
    """With Openbox managing the windows: the window, minimized, comes back on Raise."""
    xdotool = require_tool("xdotool")

    def viewable() -> bool:
        return any(where["shown"] for _, where in xserver.placed(lambda t: t == "Easeback"))

    def minimize() -> bool:
        search = [xdotool, "search", "--onlyvisible", "--name", "^Easeback$", "windowminimize"]
        done = subprocess.run(search, env=xserver.env(), capture_output=True, check=False)
        return done.returncode == 0 and not viewable()

    with xserver.window_manager(), fake_desktop() as desk:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desk.address)
        with xserver.app("--no-voice", home=easeback_home):
            wait_until(viewable, 60, "the window")
            wait_until(minimize, 30, "the window to be minimized")
            raised = subprocess.run(
                [
                    "dbus-send",
                    "--session",
                    "--print-reply",
                    f"--dest={SERVICE}",
                    PATH,
                    "org.mpris.MediaPlayer2.Raise",
                ],
                env=xserver.env(),
                capture_output=True,
                text=True,
                check=False,
            )
            assert raised.returncode == 0, raised.stderr
            wait_until(viewable, 30, "the window, raised")
