"""The real app listening through arecord to a PulseAudio null sink's monitor.

A spoken "pause" played into the sink pauses the running session; the app's own
cues, played into the same sink by its own voice, give no command.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import XServer, wait_until
from tests.listen.conftest import HELD_OUT
from tests.listen.pulse import pulse  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.espeak]

TITLE = re.compile(r"^(Paused · )?(\d+):(\d\d) · .+ · Easeback$")


@pytest.fixture
def xserver():
    require_tool("Xvfb")
    require_tool("xwininfo")
    server = XServer()
    yield server
    server.close()


def listening_on(home):
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(
        json.dumps({"version": 1, "listening": True, "cautions_seen": True})
    )


def session_title(xserver):
    return next((t for t in xserver.window_titles() if TITLE.match(t)), None)


def test_a_spoken_pause_played_into_the_room_pauses_the_session(
    xserver, pulse, speech, easeback_home, tmp_path
):
    listening_on(easeback_home)
    pause = speech.wav("pause-nyc", speech.stream([("pause", "pause")], voice=HELD_OUT[0]).pcm)
    with xserver.app("run", "knee-to-chest", "--no-voice", home=easeback_home) as app:
        wait_until(lambda: session_title(xserver), 60, "the session window")
        # arecord is running once PulseAudio lists a recording stream
        wait_until(
            lambda: pulse.run("pactl", "list", "short", "source-outputs").stdout.strip(),
            30,
            "the app to record",
        )
        assert not session_title(xserver).startswith("Paused")
        pulse.play(pause)
        title = wait_until(
            lambda: (t := session_title(xserver)) and t.startswith("Paused") and t,
            15,
            "the session to pause",
        )
        assert title.startswith("Paused · ")
        assert app.poll() is None


def test_the_app_s_own_voice_gives_no_command(xserver, pulse, easeback_home):
    listening_on(easeback_home)
    with xserver.app("run", "knee-to-chest", home=easeback_home) as app:
        first = wait_until(lambda: session_title(xserver), 60, "the session window")
        wait_until(
            lambda: pulse.run("pactl", "list", "short", "source-outputs").stdout.strip(),
            30,
            "the app to record",
        )
        # the cues of the first half minute (get ready, the count-in, the first hold's
        # words) play into the sink the app records from
        start = int(TITLE.match(first).group(2)) * 60 + int(TITLE.match(first).group(3))

        def seconds_gone():
            t = session_title(xserver)
            m = TITLE.match(t or "")
            assert m is not None, t
            assert not m.group(1), f"the session paused on its own voice: {t}"
            return start - (int(m.group(2)) * 60 + int(m.group(3)))

        wait_until(lambda: seconds_gone() >= 25, 60, "half a minute of the session")
        assert app.poll() is None
