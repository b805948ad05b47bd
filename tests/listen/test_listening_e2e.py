"""The real app listening through arecord to a PulseAudio null sink's monitor.

A spoken "pause" played into the sink pauses the running session; the app's own
cues, played into the same sink by its own voice, give no command.
"""

from __future__ import annotations

import itertools
import json
import re

import pytest

from tests.e2e.xserver import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.espeak]

TITLE = re.compile(r"^(Paused · )?(\d+):(\d\d) · .+ · Easeback$")


def listening_on(home):
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(
        json.dumps({"version": 1, "listening": True, "cautions_seen": True})
    )


def recording(pulse) -> bool:
    """PulseAudio lists a recording stream: the app's arecord is running."""
    return bool(pulse.run("pactl", "list", "short", "source-outputs").stdout.strip())


def session_title(xserver):
    return next((t for t in xserver.window_titles() if TITLE.match(t)), None)


def test_a_spoken_pause_played_into_the_room_pauses_the_session(
    xserver, pulse, speech, easeback_home, tmp_path
):
    listening_on(easeback_home)
    pause = speech.wav("pause-us", speech.stream([("pause", "pause")], voice="en-us").pcm)
    with xserver.app("run", "knee-to-chest", "--no-voice", home=easeback_home) as app:
        wait_until(lambda: session_title(xserver), 60, "the session window")
        # arecord is running once PulseAudio lists a recording stream
        wait_until(
            lambda: recording(pulse),
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
        wait_until(lambda: session_title(xserver), 60, "the session window")
        wait_until(
            lambda: recording(pulse),
            30,
            "the app to record",
        )
        # the whole exercise (71 s, 35 cues) plays into the sink the app records from;
        # a command heard from it would pause, skip or stop the session on the way
        seen: list[str] = []

        def done() -> bool:
            titles = xserver.window_titles()
            if any(t.startswith("Done · ") for t in titles):
                return True
            title = next((t for t in titles if TITLE.match(t)), None)
            assert title is not None, titles
            assert not title.startswith("Paused"), f"the session paused on its own voice: {seen}"
            if not seen or seen[-1] != title:
                seen.append(title)
            return False

        wait_until(done, 150, "the exercise to finish")
        labels = [t.split(" · ", 1)[1] for t in seen]
        changes = sum(1 for a, b in itertools.pairwise(labels) if a != b)
        assert changes >= 10, "every phase came in its turn, none skipped"
        assert app.poll() is None
