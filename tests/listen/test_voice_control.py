"""Spoken commands drive the real session controller; its own cues mute the listening."""

from __future__ import annotations

from functools import partial

import pytest

from easeback.listen.commands import CONFIRM_STOP
from easeback.listen.gate import TAIL, phrase_seconds
from easeback.listen.microphone import Listener
from easeback.speech.speaker import CachedSpeaker, VoiceSource
from easeback.ui.app import VoiceRelay
from easeback.ui.listening import ListeningMark, ListeningSettings, VoiceControl
from tests.helpers.controller import fake_controller
from tests.helpers.speech import FakeEngine, FakePlayer


@pytest.fixture
def controller(qtbot, fake_clock):
    return fake_controller(fake_clock)


def microphone(raw):
    """A Listener whose microphone is ``cat FILE``."""
    return partial(Listener, argv=["cat", str(raw)])


def listen_to(qtbot, control, raw_path):
    done = []
    control.problem.connect(done.append)  # the recording ends: the listener stops
    control.set_enabled(True)
    qtbot.waitUntil(lambda: bool(done), timeout=30000)


@pytest.mark.espeak
def test_a_spoken_pause_pauses_the_running_session(qtbot, controller, speech, tmp_path, fake_clock):
    raw = tmp_path / "mic.raw"
    raw.write_bytes(speech.stream([("pause", "pause")]).pcm.tobytes())
    control = VoiceControl(controller, listener_factory=microphone(raw))
    controller.start("knee-to-chest")
    fake_clock.advance(5.0)  # the first cue has been said; the room is quiet
    listen_to(qtbot, control, raw)
    assert controller.state == "paused"


@pytest.mark.espeak
def test_a_command_spoken_over_the_app_s_own_cue_is_not_heard(qtbot, controller, speech, tmp_path):
    raw = tmp_path / "mic.raw"
    raw.write_bytes(speech.stream([("pause", "pause")]).pcm.tobytes())
    control = VoiceControl(controller, listener_factory=microphone(raw))
    controller.start("knee-to-chest")
    # the first cue is being said: the fake clock stands still at that moment while the
    # whole recording is read
    assert controller.speaker.said, "the session said its first cue"
    listen_to(qtbot, control, raw)
    assert controller.state == "running"


def test_cues_said_by_the_session_are_remembered_and_muted(controller):
    control = VoiceControl(controller)
    controller.start("knee-to-chest")
    text, due = controller.speaker.said[-1]
    assert control.last_cue == text
    assert control.gate.muted(due)


def test_stop_asks_then_ends_and_repeat_says_the_last_cue_again(controller):
    control = VoiceControl(controller)
    controller.start("knee-to-chest")
    from easeback.listen.recogniser import Heard

    control.on_heard(Heard(1.0, "repeat", "repeat"))
    assert controller.speaker.said[-1][0] == control.last_cue
    control.on_heard(Heard(2.0, "time-left", "how long"))
    assert controller.speaker.said[-1][0].endswith(" left")
    control.on_heard(Heard(3.0, "stop", "stop"))
    assert controller.state == "paused"
    assert controller.speaker.said[-1][0] == CONFIRM_STOP
    control.on_heard(Heard(4.0, "stop", "stop"))
    assert controller.state == "finished"


def test_without_arecord_switching_on_says_so_once_and_stays_off(controller, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    control = VoiceControl(controller)
    messages: list[str] = []
    control.message.connect(messages.append)
    control.set_enabled(True)
    assert not control.on
    assert len(messages) == 1
    assert "arecord" in messages[0]


def test_the_mark_shows_only_while_listening(qtbot):
    mark = ListeningMark()
    qtbot.addWidget(mark)
    mark.show()
    mark.set_state("off")
    assert not mark.isVisible()
    mark.set_state("listening")
    assert mark.isVisible()
    assert "pause" in mark.toolTip()


def test_the_settings_row_switches_listening_and_its_test_says_what_it_heard(
    qtbot, speech, tmp_path
):
    raw = tmp_path / "mic.raw"
    raw.write_bytes(speech.stream([("how long", "time-left")]).pcm.tobytes())
    row = ListeningSettings(False, listener_factory=microphone(raw))
    qtbot.addWidget(row)
    assert not row.enabled()
    row.switch.setChecked(True)
    assert row.enabled()
    row.test.click()
    qtbot.waitUntil(lambda: "Heard" in row.result.text(), timeout=30000)
    assert '"how long"' in row.result.text()


def test_a_cue_the_voice_starts_late_is_muted_where_it_really_plays(
    qtbot, controller, fake_clock, tmp_path
):
    """The real speaker may start a cue up to STALE_AFTER after its moment (here a slow
    render): the listening stays muted over the cue as it plays, past the tail after
    its planned end."""
    late = 0.9
    engine = FakeEngine(on_render=lambda text: fake_clock.advance(late))
    relay = VoiceRelay()
    relay.played.connect(controller.played)  # as the app wires them
    voice = CachedSpeaker(
        VoiceSource(tmp_path, start_engine=lambda voice, rate: engine),
        FakePlayer(),
        clock=fake_clock,
        on_outcome=relay.tell,
    )
    control = VoiceControl(controller)
    try:
        text, due = "Bring your knee to your chest.", fake_clock()
        control.on_spoken(text, due)  # as the controller hands a cue to the speaker
        voice.say(text, due=due)
        assert voice.wait_idle(10)
        seconds = phrase_seconds(controller.speaker, text, controller.settings.rate)
        end_as_played = due + late + seconds
        qtbot.waitUntil(lambda: control.gate.muted(end_as_played + TAIL / 2), timeout=5000)
        assert not control.gate.muted(end_as_played + TAIL + 0.1), "and not for ever"
    finally:
        voice.close()
