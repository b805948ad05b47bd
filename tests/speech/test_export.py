"""``easeback export-audio``: the plan's voice track as one WAV, each cue at its second."""

from __future__ import annotations

import io

import pytest

from easeback.cli import export_audio, main, parse_args
from easeback.cli.context import CliContext
from easeback.core.cues import estimate_seconds
from easeback.speech import engine as speech_engine
from easeback.speech.cache import PhraseCache
from easeback.speech.engine import EngineUnavailable, install_hint
from easeback.speech.export import cue_times, render_track
from easeback.speech.wavfile import read_clip, rms
from tests.conftest import require_tool
from tests.helpers.speech import FakeEngine

PLAN = "knee-to-chest"  # about 70 s of audio: quick to render and to check
WINDOW = 0.05  # seconds of audio looked at either side of a cue


def the_plan(*argv):
    return CliContext(parse_args(["plan", PLAN, *argv])).plan(PLAN)


def assert_speech_starts_at_each_cue(track, plan, rate=170):
    """Energy rises within WINDOW after every cue, and is silence just before a cue
    when the phrase before it has clearly ended."""
    cues = cue_times(plan)
    assert cues
    previous_end = float("-inf")
    silent_before = 0
    for at, text in cues:
        assert rms(track, at, WINDOW) > 100, f"no speech right after {at:.2f} s ({text!r})"
        if previous_end < at - 2 * WINDOW:
            assert rms(track, at - WINDOW, WINDOW) < 1, f"sound just before {at:.2f} s"
            silent_before += 1
        previous_end = at + estimate_seconds(text, rate) + 0.2
    assert silent_before > len(cues) / 2


@pytest.fixture
def fake_engine(monkeypatch):
    engine = FakeEngine()
    monkeypatch.setattr(speech_engine, "start_engine", lambda voice, rate: engine)
    return engine


def test_the_track_is_as_long_as_the_plan_with_each_phrase_at_its_cue(tmp_path):
    plan = the_plan()
    cache = PhraseCache(tmp_path, FakeEngine(), voice_key="fake")
    track = render_track(plan, cache)
    assert track.clip.frames == round(plan.total_seconds * track.clip.rate)
    assert [(p.at, p.text) for p in track.placements] == cue_times(plan)
    assert track.overlaps == 0
    assert_speech_starts_at_each_cue(track.clip, plan)


def test_export_audio_writes_the_file_and_says_so(fake_engine, tmp_path, capsys):
    out = tmp_path / "guide.wav"
    assert main(["export-audio", PLAN, "-o", str(out)]) == 0
    plan = the_plan()
    clip = read_clip(out)
    assert clip.frames == round(plan.total_seconds * clip.rate)
    captured = capsys.readouterr()
    assert captured.out.startswith(f"Wrote {out}: ")
    assert f"{len(cue_times(plan))} cues" in captured.out
    # not a terminal: plain progress lines, no carriage returns
    assert "Rendering phrases: " in captured.err
    assert "\r" not in captured.err
    assert set(fake_engine.rendered) == set(plan.texts())


def test_export_audio_reuses_the_phrases_already_rendered(fake_engine, tmp_path):
    assert main(["export-audio", PLAN, "-o", str(tmp_path / "a.wav")]) == 0
    rendered = len(fake_engine.rendered)
    assert main(["export-audio", PLAN, "-o", str(tmp_path / "b.wav")]) == 0
    assert len(fake_engine.rendered) == rendered
    assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()


def test_export_audio_to_a_missing_folder_fails_naming_the_file(fake_engine, tmp_path, capsys):
    out = tmp_path / "nowhere" / "guide.wav"
    assert main(["export-audio", PLAN, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {out}" in err
    assert fake_engine.rendered == []  # checked before any rendering


def test_export_audio_to_an_unwritable_file_fails_naming_it(fake_engine, tmp_path, capsys):
    out = tmp_path / "guide.wav"
    out.mkdir()
    assert main(["export-audio", PLAN, "-o", str(out)]) == 1
    assert f"cannot write {out}" in capsys.readouterr().err


def test_export_audio_without_espeak_says_what_to_install(monkeypatch, tmp_path, capsys):
    def missing(voice, rate):
        raise EngineUnavailable(f"No speech engine (no libespeak-ng). {install_hint()}")

    monkeypatch.setattr(speech_engine, "start_engine", missing)
    out = tmp_path / "guide.wav"
    assert main(["export-audio", PLAN, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(out) in err
    assert install_hint() in err
    assert not out.exists()


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty, plain = Terminal(), io.StringIO()
    for stream in (tty, plain):
        bar = export_audio.ProgressBar(stream, "Rendering", width=10)
        for done in range(1, 9):
            bar(done, 8)
    assert tty.getvalue().endswith("\rRendering [##########] 8/8\n")
    assert plain.getvalue().splitlines() == [
        "Rendering: 1/8",
        "Rendering: 2/8",
        "Rendering: 4/8",
        "Rendering: 6/8",
        "Rendering: 8/8",
    ]


@pytest.mark.espeak
def test_export_audio_with_espeak_puts_real_speech_at_the_cue_times(tmp_path, capsys):
    require_tool("espeak-ng")
    out = tmp_path / "guide.wav"
    assert main(["export-audio", PLAN, "-o", str(out), "--rate", "170"]) == 0
    plan = the_plan("--rate", "170")
    clip = read_clip(out)
    assert clip.frames == round(plan.total_seconds * clip.rate)
    assert clip.seconds == pytest.approx(plan.total_seconds, abs=1e-4)
    assert_speech_starts_at_each_cue(clip, plan)
    assert "overlapping" not in capsys.readouterr().out


@pytest.mark.espeak
def test_export_audio_rejects_a_voice_that_is_not_installed(tmp_path, capsys):
    require_tool("espeak-ng")
    out = tmp_path / "guide.wav"
    assert main(["export-audio", PLAN, "-o", str(out), "--voice", "no-such-voice"]) == 1
    assert "voice 'no-such-voice' is not installed; see: easeback voices" in (
        capsys.readouterr().err
    )


@pytest.mark.espeak
def test_voices_lists_id_and_name_and_marks_the_one_in_use(capsys):
    require_tool("espeak-ng")
    assert main(["voices"]) == 0
    lines = capsys.readouterr().out.splitlines()
    marked = [line for line in lines if line.startswith("*")]
    assert len(lines) > 10
    assert len(marked) == 1
    assert "English" in marked[0]
