"""Cue text helpers, the speech-length estimate, and the overlap resolver.

A ``Cue`` is something said at a moment of a phase. Speech takes time, so the
compiler proposes candidate cues and ``resolve`` places them on one timeline:
higher priority first (counts beat announcements beat "halfway"), each tried in
its longest wording that fits, moved within its allowed window if it may be,
otherwise dropped. No two placed cues overlap and none runs past its phase.
The compiler sizes transitions so that their coaching always fits.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from easeback.core import defaults

CueKind = Literal[
    "safety", "announce", "action", "instruction", "time", "form", "count", "rep", "step", "finish"
]
Verbosity = Literal["full", "counts", "silent"]
VERBOSITIES: tuple[Verbosity, ...] = ("full", "counts", "silent")

PRIORITY: dict[CueKind, int] = {
    "count": 30,
    "rep": 30,
    "safety": 28,
    "finish": 25,
    "action": 22,
    "announce": 20,
    "instruction": 12,
    "time": 10,
    "form": 8,
    "step": 5,
}

#: Kinds kept when the user asks for counts only (the opening safety line stays too).
COUNT_KINDS: frozenset[CueKind] = frozenset({"count", "rep", "safety"})

DEFAULT_RATE = int(defaults.RATE.default)  # words per minute, the speaker's default
GAP = 0.15  # seconds of silence kept between two cues


@dataclass(frozen=True)
class Cue:
    """A phrase said ``at`` seconds after its phase starts."""

    at: float
    text: str
    kind: CueKind = "announce"

    def to_json(self) -> dict[str, object]:
        return {"at": round(self.at, 3), "text": self.text, "kind": self.kind}


@dataclass
class Candidate:
    """A cue before placement: absolute time, wordings (longest first), a window to move in."""

    at: float
    texts: Sequence[str]
    kind: CueKind
    phase: int
    earliest: float | None = None  # may move between earliest and latest start
    latest: float | None = None
    placed_text: str | None = field(default=None, init=False)
    placed_at: float | None = field(default=None, init=False)


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """English words for 0 <= n < 1000 ("twenty-one"); larger numbers as digits."""
    if n < 0 or n >= 1000:
        return str(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def duration_words(seconds: float) -> str:
    """How a person says a duration: "ten seconds", "ninety seconds", "two minutes",
    "two and a half minutes", "one minute fifty-eight seconds"."""
    s = round(seconds)
    if s <= 90:
        return _seconds_words(s)
    minutes, rest = divmod(s, 60)
    head = f"{number_words(minutes)} minute{'s' if minutes != 1 else ''}"
    if rest == 0:
        return head
    if rest == 30:
        return f"{number_words(minutes)} and a half minutes"
    return f"{head} {_seconds_words(rest)}"


def _seconds_words(s: int) -> str:
    return f"{number_words(s)} second{'s' if s != 1 else ''}"


_CALIBRATED_RATE = 170  # words per minute the constants below were measured at
_PAUSE_LONG = re.compile(r"[.!?;:](?=\s)")
_PAUSE_SHORT = re.compile(r",(?=\s)")


def estimate_seconds(text: str, rate: int = DEFAULT_RATE) -> float:
    """How long a voice at ``rate`` words per minute takes to say ``text``.

    Fitted to espeak-ng's trimmed output for every phrase of the built-in plans
    at 120-220 words/min: 0.053 s a letter at 170 words/min, 0.45 s at each
    sentence break and 0.33 s at each comma, all scaling with the rate. It is
    at most 0.17 s short (less than ``GAP``) and 0.7 s long of the real length.
    """
    letters = len(re.sub(r"[^\w ]", "", text).strip())
    long_pauses = len(_PAUSE_LONG.findall(text))
    short_pauses = len(_PAUSE_SHORT.findall(text))
    scale = _CALIBRATED_RATE / max(rate, 40)
    return 0.10 + scale * (0.15 + 0.053 * letters + 0.45 * long_pauses + 0.33 * short_pauses)


class _Timeline:
    """Placed speech as sorted, non-overlapping intervals, searched by bisection."""

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def near(self, lo: float, hi: float) -> list[tuple[float, float]]:
        """The intervals that could touch [lo, hi] once the gap is counted."""
        first = bisect.bisect_left(self.ends, lo - GAP)
        last = bisect.bisect_right(self.starts, hi + GAP)
        return list(zip(self.starts[first:last], self.ends[first:last], strict=True))

    def free(self, start: float, end: float) -> bool:
        return not any(
            start < t_end + GAP and t_start < end + GAP for t_start, t_end in self.near(start, end)
        )

    def add(self, start: float, end: float) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def resolve(
    candidates: Iterable[Candidate],
    rate: int = DEFAULT_RATE,
    verbosity: Verbosity = "full",
    bounds: Sequence[tuple[float, float]] = (),
) -> list[Candidate]:
    """Place candidates without overlap; returns the placed ones in time order.

    ``bounds[phase]`` is that phase's (start, end): a cue starts inside its phase and
    its estimated speech ends at least ``GAP`` before the phase does, so it never runs
    into the next phase's first words.
    """
    if verbosity == "silent":
        return []
    pool = [c for c in candidates if verbosity == "full" or c.kind in COUNT_KINDS]
    pool.sort(key=lambda c: (-PRIORITY[c.kind], c.at))
    taken = _Timeline()
    placed: list[Candidate] = []
    for cand in pool:
        lo_phase, hi_phase = bounds[cand.phase] if bounds else (float("-inf"), float("inf"))
        for text in cand.texts:
            length = estimate_seconds(text, rate)
            start = _fit(cand, length, taken, lo_phase, hi_phase)
            if start is not None:
                cand.placed_text, cand.placed_at = text, start
                taken.add(start, start + length)
                placed.append(cand)
                break
    placed.sort(key=lambda c: (c.placed_at, -PRIORITY[c.kind]))
    return placed


def _fit(
    cand: Candidate,
    length: float,
    taken: _Timeline,
    lo_phase: float,
    hi_phase: float,
) -> float | None:
    """The start nearest ``cand.at`` inside its window where ``length`` fits, or None."""
    lo = max(cand.earliest if cand.earliest is not None else cand.at, lo_phase)
    hi = min(cand.latest if cand.latest is not None else cand.at, hi_phase - GAP - length)
    if lo > hi + 1e-9:
        return None
    starts = {min(max(cand.at, lo), hi), lo, hi}
    for t_start, t_end in taken.near(lo - length, hi + length):
        starts.add(t_end + GAP)
        starts.add(t_start - GAP - length)
    in_window = (s for s in starts if lo - 1e-9 <= s <= hi + 1e-9)
    for start in sorted(in_window, key=lambda s: abs(s - cand.at)):
        if taken.free(start, start + length):
            return start
    return None
