"""The speaker's worker thread, driven with a fake engine and a fake player.

Nothing here waits for real time: the tests hand the worker commands and wait
for it to have handled them (``wait_idle``), or hold it with an Event.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

import pytest

from easeback.core.settings import Settings
from easeback.speech import factory
from easeback.speech.engine import EngineUnavailable, RenderError, install_hint
from easeback.speech.protocol import Speaker
from easeback.speech.speaker import BeepSource, CachedSpeaker, SilentSpeaker, VoiceSource
from tests.conftest import require_tool
from tests.faults_support import read_only
from tests.helpers.speaker import RecordingSpeaker
from tests.helpers.speech import FakeEngine, FakePlayer

TIMEOUT = 10.0


class Rig:
    """A CachedSpeaker on a fake engine and player, with every outcome recorded."""

    def __init__(self, tmp_path, *, engine=None, player=None, clock=time.monotonic, start=None):
        self.engine = engine or FakeEngine()
        self.player = player or FakePlayer()
        self.cache = tmp_path / "speech"
        self.outcomes = []
        self.outcome_seen = threading.Event()  # set at each outcome
        self.statuses = []
        self.source = VoiceSource(
            self.cache, start_engine=start or (lambda voice, rate: self.engine)
        )
        self.speaker = CachedSpeaker(
            self.source,
            self.player,
            fallback=BeepSource(self.cache),
            clock=clock,
            on_outcome=self._outcome,
            on_status=self.statuses.append,
        )

    def _outcome(self, outcome):
        self.outcomes.append(outcome)
        self.outcome_seen.set()

    def idle(self):
        assert self.speaker.wait_idle(TIMEOUT)

    def results(self):
        return [(o.text, o.result) for o in self.outcomes]

    def played_texts(self):
        return [o.text for o in self.outcomes if o.result == "played"]


@pytest.fixture
def make_rig(tmp_path):
    rigs = []

    def make(**kwargs):
        rig = Rig(tmp_path, **kwargs)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.speaker.close()


def test_cached_speaker_implements_the_core_speaker_protocol(make_rig):
    assert isinstance(make_rig().speaker, Speaker)
    assert isinstance(SilentSpeaker("off"), Speaker)
    assert isinstance(RecordingSpeaker(), Speaker)


def test_a_due_phrase_is_rendered_then_handed_to_the_player(make_rig):
    rig = make_rig()
    rig.speaker.say("Hold for two minutes.", due=time.monotonic())
    rig.idle()
    assert rig.results() == [("Hold for two minutes.", "played")]
    assert rig.engine.rendered == ["Hold for two minutes."]
    assert rig.player.played == [rig.source.path("Hold for two minutes.")]
    assert rig.speaker.status == "Voice: Fake voice (fake, 170 words/min), played with fake-player."


def test_prepare_renders_every_phrase_ahead_so_say_only_plays(make_rig):
    rig = make_rig()
    rig.speaker.prepare(["Three", "Two", "One", "Two", " "])
    rig.idle()
    assert rig.engine.rendered == ["Three", "Two", "One"]
    rig.speaker.say("Two")
    rig.speaker.say("One")
    rig.idle()
    assert rig.engine.rendered == ["Three", "Two", "One"]
    assert rig.played_texts() == ["Two", "One"]


def test_say_and_the_other_calls_return_while_the_worker_is_busy(make_rig):
    gate = threading.Event()
    rig = make_rig(engine=FakeEngine(gate=gate))
    rig.speaker.prepare(["Get ready."])
    # The worker is now stuck rendering; none of these may wait for it.
    rig.speaker.say("One")
    rig.speaker.set_muted(False)
    rig.speaker.prepare(["Two"])
    assert rig.engine.rendered == []
    gate.set()
    rig.idle()
    assert rig.played_texts() == ["One"]


def test_a_cue_more_than_a_second_late_is_dropped_not_played_stale(make_rig, fake_clock):
    rig = make_rig(clock=fake_clock)
    rig.speaker.say("Three", due=fake_clock.now - 1.5)
    rig.speaker.say("Two", due=fake_clock.now - 0.9)
    rig.idle()
    assert rig.results() == [("Three", "stale"), ("Two", "played")]
    assert len(rig.player.played) == 1


def test_a_cue_whose_render_makes_it_late_is_dropped(make_rig, fake_clock):
    engine = FakeEngine(on_render=lambda _text: fake_clock.advance(1.2))
    rig = make_rig(engine=engine, clock=fake_clock)
    rig.speaker.say("Halfway.", due=fake_clock.now)
    rig.idle()
    assert rig.results() == [("Halfway.", "stale")]
    assert rig.player.played == []


def test_a_phrase_due_later_waits_for_its_moment(make_rig, fake_clock):
    rig = make_rig(clock=fake_clock)
    rig.speaker.say("Ten seconds.", due=fake_clock.now + 5)
    rig.idle()
    assert rig.outcomes == []
    fake_clock.advance(5)
    rig.idle()  # wakes the worker, which finds the phrase due
    assert rig.results() == [("Ten seconds.", "played")]
    assert rig.outcomes[0].at == rig.outcomes[0].due


def test_stop_forgets_queued_phrases_and_silences_the_player(make_rig):
    gate = threading.Event()
    rig = make_rig(engine=FakeEngine(gate=gate))
    rig.speaker.say("First")
    assert rig.engine.entered.wait(TIMEOUT)  # the worker is rendering "First"
    rig.speaker.say("Second")
    rig.speaker.stop()
    rig.speaker.say("After stop")
    gate.set()
    rig.idle()
    assert rig.results() == [
        ("First", "stopped"),  # stopped while it was being rendered
        ("Second", "stopped"),
        ("After stop", "played"),
    ]
    assert rig.player.stops >= 1


def test_muted_phrases_are_dropped_and_unmuting_speaks_again(make_rig):
    rig = make_rig()
    rig.speaker.set_muted(True)
    rig.speaker.say("One")
    rig.idle()
    assert rig.outcomes == []
    assert rig.player.stops == 1
    rig.speaker.set_muted(False)
    rig.speaker.say("Two")
    rig.idle()
    assert rig.played_texts() == ["Two"]


def test_no_engine_falls_back_to_a_beep_and_says_what_to_install(make_rig):
    def missing(voice, rate):
        raise EngineUnavailable(f"No speech engine (libespeak-ng.so.1 not found). {install_hint()}")

    rig = make_rig(start=missing)
    rig.speaker.say("Three")
    rig.idle()
    status = rig.speaker.status
    assert status.startswith("No speech engine (libespeak-ng.so.1 not found).")
    assert install_hint() in status
    assert status.endswith("Until then, a beep at each cue.")
    assert rig.statuses[-1] == status
    assert rig.results() == [("Three", "played")]
    assert rig.player.played[0].name.startswith("beep")


def test_install_hint_names_the_debian_package():
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux hint")
    assert "sudo apt install espeak-ng" in install_hint()


def test_with_nothing_to_play_cues_are_visual_only(tmp_path):
    def missing(voice, rate):
        raise EngineUnavailable("No speech engine.")

    class Broken(BeepSource):
        def start(self):
            raise EngineUnavailable("No beep either.")

    outcomes = []
    speaker = CachedSpeaker(
        VoiceSource(tmp_path, start_engine=missing),
        FakePlayer(),
        fallback=Broken(tmp_path),
        on_outcome=outcomes.append,
    )
    try:
        speaker.say("One")
        assert speaker.wait_idle(TIMEOUT)
        assert speaker.status == "No speech engine. No beep either. Cues are shown only."
        assert [o.result for o in outcomes] == ["silent"]
    finally:
        speaker.close()


def test_a_failing_player_is_logged_once_and_the_worker_carries_on(make_rig, caplog):
    rig = make_rig(player=FakePlayer(fail_first=2))
    with caplog.at_level(logging.WARNING, logger="easeback.speech"):
        for text in ("One", "Two", "Three"):
            rig.speaker.say(text)
        rig.idle()
    assert rig.played_texts() == ["Three"]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "not repeated" in warnings[0].getMessage()


def test_say_after_close_is_a_quiet_no_op(make_rig):
    rig = make_rig()
    rig.speaker.close()
    rig.speaker.say("Too late")
    rig.speaker.prepare(["Too late"])
    rig.speaker.close()
    assert rig.player.closed
    assert rig.engine.closed
    assert rig.outcomes == []


def test_create_speaker_starts_the_engine_on_the_speech_thread(monkeypatch):
    threads = []

    def no_engine(voice, rate):
        threads.append(threading.current_thread())
        raise EngineUnavailable("No speech engine.")

    monkeypatch.setattr("easeback.speech.speaker.start_engine", no_engine)
    monkeypatch.setattr(factory, "choose_player", FakePlayer)
    statuses = []
    speaker = factory.create_speaker(Settings(volume=0.5), on_status=statuses.append)
    try:
        assert speaker.wait_idle(TIMEOUT)
        assert threads
        assert threads[0] is not threading.current_thread()
        assert statuses == [speaker.status]
        assert "beep" in speaker.status
    finally:
        speaker.close()


def test_create_speaker_without_voice_or_player_is_silent_with_a_reason(monkeypatch):
    off = factory.create_speaker(Settings(), enabled=False)
    assert isinstance(off, SilentSpeaker)
    assert off.status == factory.VOICE_OFF
    monkeypatch.setattr(factory, "choose_player", lambda: None)
    none = factory.create_speaker(Settings())
    assert isinstance(none, SilentSpeaker)
    assert "No sound player found" in none.status


def test_create_speaker_starts_muted_when_the_settings_say_so(monkeypatch):
    monkeypatch.setattr(factory, "choose_player", FakePlayer)
    monkeypatch.setattr("easeback.speech.speaker.start_engine", lambda voice, rate: FakeEngine())
    speaker = factory.create_speaker(Settings(muted=True))
    try:
        assert speaker.muted
    finally:
        speaker.close()


def test_recording_speaker_records_calls_and_drops_muted_phrases():
    fake = RecordingSpeaker()
    fake.prepare(["One", "Two"])
    fake.say("One", due=5.0)
    fake.set_muted(True)
    fake.say("Two", due=6.0)
    fake.stop()
    assert fake.said == [("One", 5.0)]
    assert fake.muted_drops == [("Two", 6.0)]
    assert fake.prepared == ["One", "Two"]
    assert fake.stops == 1
    assert fake.texts == ["One"]


# ----------------------------------------------------------------- faults


class FailingEngine(FakeEngine):
    """Fails every render while ``full`` is set, as on a full disk."""

    def __init__(self):
        super().__init__()
        self.full = True

    def render(self, text, path):
        if self.full:
            raise RenderError(f"could not render {text!r}: No space left on device")
        super().render(text, path)


def test_a_failed_render_plays_a_beep_says_so_and_the_next_phrase_renders_afresh(make_rig):
    engine = FailingEngine()
    rig = make_rig(engine=engine)
    rig.speaker.say("Hold.")
    rig.speaker.say("Breathe out.")
    rig.idle()
    assert rig.results() == [("Hold.", "beeped"), ("Breathe out.", "beeped")]
    assert rig.player.played[0].name.startswith("beep-")
    assert "a beep stands in: could not render 'Hold.': No space left" in rig.speaker.status
    assert "beep stands in" in rig.speaker.status
    engine.full = False  # room again
    rig.speaker.say("Hold.")
    rig.idle()
    assert rig.results()[-1] == ("Hold.", "played")
    assert rig.speaker.status == "Voice: Fake voice (fake, 170 words/min), played with fake-player."


class RaisingEngine(FakeEngine):
    """Every render raises ``error``: an expected fault, or a bug in the renderer."""

    def __init__(self, error: Exception):
        super().__init__()
        self.error = error

    def render(self, text, path):
        raise self.error


def _render_warnings(rig, caplog) -> list[logging.LogRecord]:
    with caplog.at_level(logging.WARNING, logger="easeback.speech"):
        rig.speaker.say("Hold.")
        rig.idle()
    return [r for r in caplog.records if "could not render" in r.getMessage()]


def test_a_killed_renderer_is_logged_in_one_line_without_a_traceback(make_rig, caplog):
    killed = RenderError("espeak-ng was killed (signal 9) while rendering 'Hold.'")
    rig = make_rig(engine=RaisingEngine(killed))
    [record] = _render_warnings(rig, caplog)
    assert not record.exc_info
    assert "espeak-ng was killed (signal 9)" in record.getMessage()
    assert "espeak-ng was killed (signal 9)" in rig.speaker.status
    assert rig.results() == [("Hold.", "beeped")]


def test_an_unexpected_render_exception_still_logs_its_traceback(make_rig, caplog):
    rig = make_rig(engine=RaisingEngine(TypeError("a bug in the renderer")))
    [record] = _render_warnings(rig, caplog)
    assert record.exc_info is not None
    assert record.exc_info[0] is TypeError
    assert rig.results() == [("Hold.", "beeped")]


def test_a_read_only_cache_folder_keeps_the_cues_audible_and_the_status_true(make_rig, tmp_path):
    with read_only(tmp_path / "speech"):
        rig = make_rig()
        rig.speaker.say("Hold.")
        rig.idle()
        assert rig.results() == [("Hold.", "played")]
        assert not rig.player.played[0].is_relative_to(tmp_path / "speech")
        assert f"The speech cache {tmp_path / 'speech'} cannot be written" in rig.speaker.status
        rig.speaker.close()


def test_missing_espeak_data_starts_the_beep_with_one_clear_message(monkeypatch, tmp_path):
    require_tool("espeak-ng")
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))  # empty: espeak-ng has no data
    monkeypatch.setattr(factory, "choose_player", FakePlayer)
    statuses = []
    speaker = factory.create_speaker(Settings(), on_status=statuses.append)
    try:
        assert speaker.wait_idle(TIMEOUT)
        assert len(statuses) == 1
        assert "espeak-ng-data" in statuses[0]
        assert statuses[0].endswith("Until then, a beep at each cue.")
    finally:
        speaker.close()


class SlowOnOne(FakeEngine):
    """Holds the render of one phrase until the test lets it go (a slow render ahead)."""

    def __init__(self, slow: str):
        super().__init__()
        self.slow = slow
        self.release = threading.Event()
        self.slow_started = threading.Event()

    def render(self, text, path):
        if text == self.slow:
            self.slow_started.set()
            assert self.release.wait(TIMEOUT), "the test never released the slow render"
        super().render(text, path)


def test_a_phrase_falls_due_and_plays_while_another_renders_ahead(make_rig):
    engine = SlowOnOne("Next: the bridge, ten reps.")
    rig = make_rig(engine=engine)
    rig.speaker.prepare(["Next: the bridge, ten reps."])
    assert engine.slow_started.wait(TIMEOUT)  # the render ahead is under way, and stuck
    rig.speaker.say("Three", due=time.monotonic())
    assert rig.outcome_seen.wait(TIMEOUT), "the due phrase waited for the render ahead"
    assert rig.results() == [("Three", "played")]
    assert engine.rendered == ["Three"]
    engine.release.set()
    rig.idle()
    assert engine.rendered == ["Three", "Next: the bridge, ten reps."]
