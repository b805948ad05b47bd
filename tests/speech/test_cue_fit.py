"""Real espeak-ng speech laid on the plan's track never runs past the end of its phase."""

from __future__ import annotations

import bisect

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.plan import PlanOptions, compile_plan
from easeback.speech.cache import PhraseCache
from easeback.speech.engine import TtsEngine
from easeback.speech.export import render_track
from easeback.speech.wavfile import SILENCE_THRESHOLD, Clip
from tests.conftest import require_tool

pytestmark = pytest.mark.espeak

CAT = load_catalogue()
WINDOW = 0.01  # seconds of audio per look
TOLERANCE = 0.1  # seconds real speech may run past the estimate's bound


def sound_windows(clip: Clip) -> list[float]:
    """Start times of the WINDOW-long stretches of ``clip`` that hold sound."""
    step = round(WINDOW * clip.rate) * clip.channels
    samples = clip.samples
    return [
        i / clip.channels / clip.rate
        for i in range(0, len(samples), step)
        if max(map(abs, samples[i : i + step])) > SILENCE_THRESHOLD
    ]


@pytest.mark.parametrize(
    ("item_id", "rate"),
    [
        ("knee-to-chest", 120),
        ("knee-to-chest", 220),
        ("lower-back-rotation", 170),
        ("glute-med-side-lying", 120),
    ],
)
def test_real_speech_ends_inside_the_phase_of_its_cue(tmp_path, item_id, rate):
    require_tool("espeak-ng")
    plan = compile_plan(CAT, item_id, PlanOptions(rate=rate))
    engine = TtsEngine.start(None, rate)
    try:
        track = render_track(plan, PhraseCache(tmp_path, engine, voice_key=f"espeak:{rate}"))
    finally:
        engine.close()
    assert track.overlaps == 0
    cues = sorted((p.start + c.at, p.end, c.text) for p in plan.phases for c in p.cues)
    starts = [at for at, _, _ in cues]
    heard = sound_windows(track.clip)
    assert len(heard) * WINDOW > 0.3 * sum(p.seconds for p in track.placements)
    late = []
    for t in heard:
        # the sound belongs to the cue that started last before it
        owner = bisect.bisect_right(starts, t + 1e-6) - 1
        assert owner >= 0, f"sound at {t:.2f} s before the first cue"
        at, phase_end, text = cues[owner]
        if t + WINDOW > phase_end + TOLERANCE:
            late.append(
                f"{text!r} (at {at:.2f} s) still sounds at {t + WINDOW:.2f} s,"
                f" its phase ends at {phase_end:.2f} s"
            )
    assert not late, "\n".join(dict.fromkeys(late))
