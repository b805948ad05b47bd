"""The audio guide: a plan's whole voice track as one WAV, each cue at its second.

The track is exactly ``plan.total_seconds`` long. Every cue's speech starts at
``phase.start + cue.at`` (to the sample), silence elsewhere; if two phrases
ever overlap they are mixed, not shifted, so the timing stays true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from easeback.core.plan import Plan
from easeback.speech.cache import PhraseCache
from easeback.speech.wavfile import Clip, mix_into, silence

Progress = Callable[[int, int, str], None]  # done, total, phrase


@dataclass(frozen=True)
class Placement:
    at: float  # seconds from the start of the plan
    text: str
    seconds: float  # length of the rendered speech


@dataclass
class Track:
    clip: Clip
    placements: list[Placement]
    overlaps: int  # how many phrases had to be mixed over another


def cue_times(plan: Plan) -> list[tuple[float, str]]:
    """Every cue of the plan as (seconds from the start, text), in time order."""
    return sorted(
        ((phase.start + cue.at, cue.text) for phase in plan.phases for cue in phase.cues),
        key=lambda item: item[0],
    )


def render_track(plan: Plan, cache: PhraseCache, progress: Progress | None = None) -> Track:
    """Render (or reuse) every phrase of ``plan`` and lay them on one track."""
    texts = plan.texts()
    clips: dict[str, Clip] = {}
    for done, text in enumerate(texts, start=1):
        clips[text] = cache.clip(text)
        if progress is not None:
            progress(done, len(texts), text)
    first = next(iter(clips.values()), None)
    rate = first.rate if first else 22050
    channels = first.channels if first else 1
    track = silence(round(plan.total_seconds * rate) / rate, rate, channels)
    placements: list[Placement] = []
    overlaps = 0
    for at, text in cue_times(plan):
        clip = clips[text]
        overlaps += mix_into(track, clip, round(at * rate))
        placements.append(Placement(at, text, clip.seconds))
    return Track(track, placements, overlaps)
