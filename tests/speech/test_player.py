"""The command-line sound player: hand-off, stopping, and a missing sound card."""

from __future__ import annotations

import logging
import sys

import pytest

from easeback.speech import player as player_module
from easeback.speech.player import CommandPlayer, choose_player, player_command

NO_CARD = (
    "import sys; sys.stderr.write('ALSA lib pcm.c: Unknown PCM default\\n"
    "aplay: main:831: audio open error: No such file or directory\\n'); sys.exit(1)"
)
PLAYS_LONG = "import threading; threading.Event().wait(60)"
PLAYS_FINE = "pass"


def python_player(code, failures):
    return CommandPlayer([sys.executable, "-c", code], on_failure=failures.append)


def test_a_player_without_a_sound_card_is_reported_once_and_never_raises(tmp_path, caplog):
    failures = []
    player = python_player(NO_CARD, failures)
    with caplog.at_level(logging.WARNING, logger="easeback.speech"):
        for _ in range(3):
            player.play(tmp_path / "phrase.wav")
            player.wait(10)
    player.close()
    assert failures == [f"{player.name}: audio open error: No such file or directory"]
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


def test_a_new_phrase_stops_the_one_still_playing(tmp_path):
    failures = []
    player = python_player(PLAYS_LONG, failures)
    player.play(tmp_path / "one.wav")
    first = player._current
    player.play(tmp_path / "two.wav")
    first.wait(10)
    assert first.returncode != 0  # terminated
    assert player.busy()
    player.close()
    assert not player.busy()
    assert failures == []  # being stopped is not a failure


def test_a_player_that_finishes_is_collected(tmp_path):
    failures = []
    player = python_player(PLAYS_FINE, failures)
    player.play(tmp_path / "one.wav")
    player.wait(10)
    assert not player.busy()
    assert failures == []
    player.close()


def test_a_player_that_cannot_start_is_reported(tmp_path):
    failures = []
    player = CommandPlayer([str(tmp_path / "no-such-player")], on_failure=failures.append)
    player.play(tmp_path / "one.wav")
    player.close()
    assert len(failures) == 1
    assert failures[0].startswith("no-such-player could not start")


def test_the_player_can_be_chosen_with_an_environment_variable(monkeypatch):
    monkeypatch.setenv("EASEBACK_PLAYER", "pw-play --volume 0.5")
    assert player_command() == ["pw-play", "--volume", "0.5"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux players")
def test_linux_prefers_aplay_then_pipewire_then_pulseaudio(monkeypatch):
    monkeypatch.delenv("EASEBACK_PLAYER", raising=False)
    installed = {"paplay", "pw-play"}
    monkeypatch.setattr(
        player_module.shutil,
        "which",
        lambda name: f"/usr/bin/{name}" if name in installed else None,
    )
    assert player_command() == ["/usr/bin/pw-play"]
    installed.add("aplay")
    assert player_command() == ["/usr/bin/aplay", "-q"]
    installed.clear()
    assert player_command() is None
    assert choose_player() is None


def test_a_stopped_player_counts_as_busy_until_it_is_collected(tmp_path):
    # The speaker's worker keeps polling while busy(): a stopped child must be waited
    # for, or it stays a zombie until the next cue (seen in the soak as a child at rest).
    player = python_player(PLAYS_LONG, [])
    player.play(tmp_path / "one.wav")
    stopped = player._current
    player.stop()
    assert player.busy()  # stopped, not yet collected
    stopped.wait(10)
    assert not player.busy()  # collected: nothing left over
    assert player._stopped == []
