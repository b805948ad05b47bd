"""The app does not hear itself: the mute gate's windows, and phrase lengths."""

from __future__ import annotations

import wave

from easeback.listen.gate import LEAD, MuteGate, estimate_seconds, phrase_seconds
from tests.helpers.clock import FakeClock


def test_muted_from_just_before_a_phrase_until_the_tail_after_it():
    clock = FakeClock(100.0)
    gate = MuteGate(clock, tail=0.5)
    assert not gate.muted()
    gate.speaking(2.0, start=101.0)
    assert not gate.muted(101.0 - LEAD - 0.01)
    assert gate.muted(101.0 - LEAD + 0.01)
    assert gate.muted(103.4)
    assert not gate.muted(103.6)


def test_silence_cuts_a_phrase_short_but_keeps_the_tail():
    clock = FakeClock(10.0)
    gate = MuteGate(clock, tail=0.5)
    gate.speaking(5.0)
    gate.speaking(2.0, start=30.0)  # queued, forgotten by the stop
    clock.advance(1.0)
    gate.silence()
    assert gate.muted(11.4)
    assert not gate.muted(11.6)
    assert not gate.muted(30.5)


def test_a_rendered_clip_gives_the_phrase_its_real_length(tmp_path):
    clip = tmp_path / "clip.wav"
    with wave.open(str(clip), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(b"\0\0" * 22050 * 3)

    class Source:
        def has(self, text: str) -> bool:
            return text == "Hold it there"

        def path(self, text: str):
            return clip

    class Speaker:
        source = Source()

    assert phrase_seconds(Speaker(), "Hold it there", 160) == 3.0
    assert phrase_seconds(Speaker(), "Other words", 160) == estimate_seconds("Other words", 160)
    assert phrase_seconds(object(), "Other words", 160) == estimate_seconds("Other words", 160)


def test_the_estimate_errs_long_for_slow_speech():
    # 10 words at 100 words a minute take 6 s
    assert estimate_seconds("one two three four five six seven eight nine ten", 100) > 6.0
