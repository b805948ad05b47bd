"""The app never hears itself: listening is muted while a phrase plays and a short tail after.

The window tells the gate when a phrase is due and how long it lasts, and again
when the voice really started it (a cue may start up to a second late); the
microphone thread asks ``muted(now)`` for each chunk of audio. Both sides use
the same monotonic clock. Thread-safe.
"""

from __future__ import annotations

import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

TAIL = 0.6  # seconds still muted after a phrase ends: the room's echo and the player's buffer
LEAD = 0.1  # seconds muted before a phrase's start: the player may start a little early


class MuteGate:
    def __init__(self, clock: Callable[[], float] = time.monotonic, tail: float = TAIL):
        self._clock = clock
        self.tail = tail
        self._lock = threading.Lock()
        self._spans: list[tuple[float, float]] = []

    def speaking(self, seconds: float, start: float | None = None) -> None:
        """A phrase of ``seconds`` plays from ``start`` (None: now)."""
        begin = self._clock() if start is None else start
        with self._lock:
            self._spans.append((begin - LEAD, begin + seconds + self.tail))

    def silence(self) -> None:
        """The speaker was stopped: what was queued will not play (the tail still applies)."""
        now = self._clock()
        with self._lock:
            self._spans = [(a, min(b, now + self.tail)) for a, b in self._spans if a <= now]

    def muted(self, now: float | None = None) -> bool:
        at = self._clock() if now is None else now
        with self._lock:
            self._spans = [(a, b) for a, b in self._spans if b >= at]
            return any(a <= at <= b for a, b in self._spans)


def estimate_seconds(text: str, rate_wpm: float) -> float:
    """How long a phrase takes to say at ``rate_wpm``, erring long (pauses at commas)."""
    words = len(text.split())
    pauses = sum(text.count(mark) for mark in ",.;:!?")
    return 0.3 + 1.15 * words * 60.0 / max(60.0, rate_wpm) + 0.25 * pauses


def wav_seconds(path: Path) -> float | None:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, wave.Error, EOFError, ZeroDivisionError):
        return None


def phrase_seconds(speaker: Any, text: str, rate_wpm: float) -> float:
    """The length of ``text`` as ``speaker`` will play it: its rendered clip when the
    speaker has one ready, else an estimate from the words."""
    source = getattr(speaker, "source", None)
    try:
        if source is not None and source.has(text):
            seconds = wav_seconds(source.path(text))
            if seconds is not None:
                return seconds
    except Exception:  # a speaker without a cache, or one being replaced
        pass
    return estimate_seconds(text, rate_wpm)
