"""Real speech: espeak-ng through pyttsx3 (skipped without espeak-ng, required on CI)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from easeback.core.cues import estimate_seconds
from easeback.speech import engine as engine_module
from easeback.speech.cache import PhraseCache
from easeback.speech.engine import (
    RENDER_TIMEOUT,
    EngineUnavailable,
    EspeakProcess,
    RenderError,
    find_voice,
    start_engine,
)
from easeback.speech.wavfile import read_clip, rms, sound_bounds
from tests.conftest import require_tool
from tests.faults_support import full_disk

pytestmark = pytest.mark.espeak


@pytest.fixture(scope="module")
def engine():
    require_tool("espeak-ng")
    started = start_engine(None, 170)
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
        engine = start_engine(None, rate)
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
    engine = start_engine("no-such-voice", 170)
    try:
        assert engine.voice is None
        assert engine.voice_problem == (
            "Voice 'no-such-voice' is not installed; using the default voice."
        )
    finally:
        engine.close()


def _render_in_time(engine, text, path) -> Exception | None:
    """Render on a thread (as the speaker does); fails the test if it never returns."""
    outcome: list[Exception | None] = []

    def work():
        try:
            engine.render(text, path)
            outcome.append(None)
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(RENDER_TIMEOUT + 5)
    assert not thread.is_alive(), f"rendering {text!r} to {path} never returned"
    return outcome[0]


def test_a_full_disk_fails_one_render_and_the_voice_renders_again_once_there_is_room(
    engine, tmp_path
):
    with full_disk(tmp_path / "disk") as free:
        failed = _render_in_time(engine, "Breathe out slowly.", tmp_path / "disk" / "a.wav")
        assert isinstance(failed, RenderError)
        assert isinstance(
            _render_in_time(engine, "Breathe in.", tmp_path / "disk" / "b.wav"), RenderError
        )
        free()
        assert _render_in_time(engine, "Breathe out slowly.", tmp_path / "disk" / "c.wav") is None
        assert sound_bounds(read_clip(tmp_path / "disk" / "c.wav")) is not None


def test_a_write_error_on_one_file_does_not_stop_the_next(engine, tmp_path):
    full = tmp_path / "full.wav"
    full.symlink_to("/dev/full")  # every write fails with ENOSPC
    assert isinstance(_render_in_time(engine, "Hold.", full), RenderError)
    assert Path("/dev/full").is_char_device()  # written through, never replaced
    assert _render_in_time(engine, "Hold.", tmp_path / "ok.wav") is None


def test_missing_espeak_data_gives_a_clear_message_instead_of_ending_the_process(
    tmp_path, monkeypatch
):
    require_tool("espeak-ng")
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))  # an empty folder: no phontab
    with pytest.raises(EngineUnavailable) as caught:
        start_engine(None, 170)
    assert "espeak-ng-data" in str(caught.value)


def _espeak_that(tmp_path, on_render: str) -> EspeakProcess:
    """espeak-ng as found, except that a render (``-w``) runs the shell line ``on_render``."""
    real = require_tool("espeak-ng")
    if os.name != "posix":
        pytest.skip("the stand-in espeak-ng is a shell script")
    script = tmp_path / "bin" / "espeak-ng"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        f'for arg in "$@"; do [ "$arg" = -w ] && {{ {on_render}; }}; done\n'
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return EspeakProcess.start(None, 170, program=str(script))


def test_a_killed_renderer_is_reported_as_killed_by_its_signal(tmp_path):
    engine = _espeak_that(tmp_path, "kill -9 $$")
    failed = _render_in_time(engine, "Hold.", tmp_path / "a.wav")
    assert isinstance(failed, RenderError)
    assert str(failed) == "espeak-ng was killed (signal 9) while rendering 'Hold.'"


def test_a_renderer_that_exits_with_an_error_gives_its_status_and_last_words(tmp_path):
    engine = _espeak_that(tmp_path, "echo starting >&2; echo 'Error: out of memory' >&2; exit 3")
    failed = _render_in_time(engine, "Hold.", tmp_path / "a.wav")
    assert isinstance(failed, RenderError)
    assert str(failed) == (
        "espeak-ng exited with status 3 while rendering 'Hold.': Error: out of memory"
    )


def test_a_renderer_that_exits_cleanly_without_writing_says_no_output(tmp_path):
    engine = _espeak_that(tmp_path, "exit 0")
    failed = _render_in_time(engine, "Hold.", tmp_path / "a.wav")
    assert isinstance(failed, RenderError)
    assert str(failed) == "espeak-ng failed on 'Hold.': no output"


def test_the_engine_check_runs_in_a_bundle_where_python_is_easeback(tmp_path, monkeypatch):
    """In a PyInstaller bundle ``sys.executable`` is Easeback itself, which takes no
    ``-c``: the check is Easeback's own hidden argument there."""
    require_tool("espeak-ng")
    bundle = tmp_path / "easeback"  # stands in for the bundle's executable
    bundle.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m easeback "$@"\n')
    bundle.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bundle))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert engine_module.probe_command() == [str(bundle), engine_module.PROBE_ARGUMENT]
    engine_module._probe_pyttsx3()  # raises EngineUnavailable if the child did not start pyttsx3
