"""The real app as a media player: playerctl, as a headset's button or a desktop's media
widget would, reads the session and pauses it over a real session bus."""

from __future__ import annotations

import json
import subprocess

import pytest

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
