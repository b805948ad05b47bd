"""Real speech: espeak-ng through pyttsx3 (skipped without espeak-ng, required on CI)."""

from __future__ import annotations

import pytest

from easeback.core.cues import estimate_seconds
from easeback.speech.cache import PhraseCache
from easeback.speech.engine import TtsEngine, find_voice
from easeback.speech.wavfile import read_clip, rms, sound_bounds
from tests.conftest import require_tool

pytestmark = pytest.mark.espeak


@pytest.fixture(scope="module")
def engine():
    require_tool("espeak-ng")
    started = TtsEngine.start(None, 170)
    yield started
    started.close()


def test_espeak_renders_a_phrase_that_is_audible_and_as_long_as_expected(engine, tmp_path):
    text = "Hold for two minutes."
    engine.render(text, tmp_path / "raw.wav")
    clip = read_clip(tmp_path / "raw.wav")
    first, last = sound_bounds(clip)
    spoken = (last - first) / clip.rate
    assert rms(clip, first / clip.rate, spoken) > 1000  # clearly not silence
    assert 0.6 * estimate_seconds(text) < spoken < 1.5 * estimate_seconds(text)


def test_espeak_renders_at_the_rate_asked_for(tmp_path):
    require_tool("espeak-ng")
    text = "Rest, thirty seconds. Next: set two of three."
    lengths = {}
    for rate in (120, 220, 120):
        engine = TtsEngine.start(None, rate)
        cache = PhraseCache(tmp_path / str(rate), engine, voice_key=f"espeak:{rate}")
        lengths[rate] = cache.clip(text).seconds
        engine.close()
    assert lengths[120] / lengths[220] == pytest.approx(220 / 120, rel=0.15)


def test_cached_espeak_phrases_start_at_once(engine, tmp_path):
    cache = PhraseCache(tmp_path, engine, voice_key="espeak:default:170")
    for text in ("Three", "Get ready.", "Halfway. One minute left."):
        clip = cache.clip(text)
        first, _ = sound_bounds(clip)
        assert first / clip.rate < 0.005, text
        assert clip.seconds < estimate_seconds(text) + 0.2, text


def test_espeak_lists_voices_and_finds_one_by_id_or_name(engine):
    voices = engine.voices()
    assert len(voices) > 10
    english = find_voice(voices, "en-us")
    assert english is not None
    assert find_voice(voices, english.name) == english
    assert find_voice(voices, "no-such-voice") is None


def test_an_unknown_voice_falls_back_to_the_default_with_a_reason():
    require_tool("espeak-ng")
    engine = TtsEngine.start("no-such-voice", 170)
    try:
        assert engine.voice is None
        assert engine.voice_problem == (
            "Voice 'no-such-voice' is not installed; using the default voice."
        )
    finally:
        engine.close()
