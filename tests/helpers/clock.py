"""A monotonic clock for tests (an easeback.core.time.Clock), and the system's zone set
for a while."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now

    def set(self, value: float) -> float:
        self.now = value
        return self.now


@contextmanager
def system_zone(tz: str) -> Iterator[None]:
    """The system's time zone is ``tz`` (a ``TZ`` value) inside the block, and what it was
    after it; nothing else a test set is touched."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", tz)
        time.tzset()
        try:
            yield
        finally:
            patch.undo()
            time.tzset()
