"""The phrase cache and the WAV helpers under it."""

from __future__ import annotations

import os
from array import array

import pytest

from easeback.speech.cache import PhraseCache, usable
from easeback.speech.wavfile import (
    Clip,
    mix_into,
    read_clip,
    rms,
    silence,
    sound_bounds,
    tone,
    trim,
    write_clip,
)
from tests.faults_support import cannot_write, read_only
from tests.helpers.speech import LEAD, FakeEngine, spoken


def cache_for(directory, engine, *, voice="v1", rate=170, volume=1.0):
    return PhraseCache(directory, engine, voice_key=f"fake:{voice}:{rate}", volume=volume)


def test_same_text_voice_and_rate_reuse_the_file_across_runs(tmp_path):
    engine = FakeEngine()
    first = cache_for(tmp_path, engine).clip_path("Hold for two minutes.")
    again = cache_for(tmp_path, engine).clip_path("Hold for two minutes.")  # a new run
    assert again == first
    assert engine.rendered == ["Hold for two minutes."]


def test_a_new_voice_rate_or_volume_renders_a_new_file(tmp_path):
    engine = FakeEngine()
    text = "Three"
    paths = {
        cache_for(tmp_path, engine).clip_path(text),
        cache_for(tmp_path, engine, voice="v2").clip_path(text),
        cache_for(tmp_path, engine, rate=140).clip_path(text),
        cache_for(tmp_path, engine, volume=0.5).clip_path(text),
    }
    assert len(paths) == 4
    assert engine.rendered == [text] * 4


def test_cached_phrases_start_with_the_words_not_the_engines_silence(tmp_path):
    clip = cache_for(tmp_path, FakeEngine()).clip("Get ready.")
    raw = spoken("Get ready.")
    assert sound_bounds(clip)[0] <= round(0.004 * clip.rate)
    assert clip.seconds < raw.seconds - LEAD - 0.2  # leading and trailing silence gone
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_volume_scales_the_cached_samples(tmp_path):
    loud = cache_for(tmp_path, FakeEngine()).clip("One")
    soft = cache_for(tmp_path, FakeEngine(), volume=0.25).clip("One")
    assert rms(soft, 0, 1) == pytest.approx(rms(loud, 0, 1) * 0.25, rel=0.01)


def test_trim_keeps_a_few_milliseconds_around_the_sound():
    rate = 1000
    samples = array("h", [0] * 100 + [5000] * 50 + [0] * 200)
    trimmed = trim(Clip(rate, 1, samples))
    assert list(trimmed.samples[:3]) == [0, 0, 0]
    assert trimmed.samples[3] == 5000
    assert trimmed.frames == 3 + 50 + 30


def test_a_silent_clip_trims_to_nothing():
    assert trim(silence(1.0, 8000)).frames == 0
    assert sound_bounds(silence(1.0, 8000)) is None


def test_wav_files_round_trip(tmp_path):
    beep = tone(0.2, 440.0, rate=16000)
    write_clip(tmp_path / "beep.wav", beep)
    back = read_clip(tmp_path / "beep.wav")
    assert (back.rate, back.channels, back.samples) == (16000, 1, beep.samples)


def test_mixing_copies_into_silence_and_sums_where_phrases_overlap():
    track = silence(1.0, 1000)
    beep = tone(0.1, 100.0, rate=1000)
    assert mix_into(track, beep, 100) is False
    assert track.samples[100:200] == beep.samples
    assert mix_into(track, beep, 150) is True
    assert track.samples[160] == max(-32768, min(32767, beep.samples[60] + beep.samples[10]))
    assert mix_into(track, beep, 950) is False  # cut at the end
    assert track.frames == 1000


# ----------------------------------------------------------------- faults


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(os.urandom(300_000)),  # random bytes: ~14 s of noise
        lambda path: path.write_bytes(path.read_bytes()[:1000]),  # cut short
        lambda path: path.write_bytes(b""),
    ],
    ids=["random-bytes", "truncated", "empty"],
)
def test_a_damaged_cached_file_is_rendered_again_never_handed_out(tmp_path, damage):
    engine = FakeEngine()
    cache = cache_for(tmp_path, engine)
    path = cache.clip_path("Hold for two minutes.")
    damage(path)
    again = cache_for(tmp_path, engine).clip_path("Hold for two minutes.")  # next run
    assert again == path
    assert usable(again)
    assert read_clip(again).seconds > 0.1
    assert engine.rendered == ["Hold for two minutes."] * 2
    damage(path)  # damaged while this run goes on: checked again before each use
    assert usable(cache.clip_path("Hold for two minutes."))
    assert len(engine.rendered) == 3


def test_an_unwritable_cache_folder_renders_to_a_private_folder_and_says_so(tmp_path):
    folder = tmp_path / "speech"
    problems = []
    with read_only(folder):
        assert cannot_write(folder)
        cache = PhraseCache(folder, FakeEngine(), voice_key="fake", on_problem=problems.append)
        first = cache.clip_path("Hold.")
        second = cache.clip_path("Breathe out.")
    assert usable(first)
    assert usable(second)
    assert not first.is_relative_to(folder)
    assert len(problems) == 1  # told once
    assert str(folder) in problems[0]
    assert cache.problem == problems[0]
    cache.close()
    assert not first.exists()  # the private folder goes at the end of the run
