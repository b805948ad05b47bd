"""A speaker for tests: records what it is asked to do and says nothing."""

from __future__ import annotations

from collections.abc import Iterable


class RecordingSpeaker:
    """Records ``say`` calls as ``(text, due)`` in ``said``; muted phrases go to ``muted_drops``.

    ``prepared`` holds every phrase given to ``prepare()``, in order.
    """

    def __init__(self, status: str = "Voice: recording (test)"):
        self.said: list[tuple[str, float | None]] = []
        self.prepared: list[str] = []
        self.muted_drops: list[tuple[str, float | None]] = []
        self.stops = 0
        self.muted = False
        self.closed = False
        self._status = status

    def prepare(self, texts: Iterable[str]) -> None:
        self.prepared.extend(texts)

    def say(self, text: str, *, due: float | None = None) -> None:
        if self.muted:
            self.muted_drops.append((text, due))
        else:
            self.said.append((text, due))

    def stop(self) -> None:
        self.stops += 1

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def close(self) -> None:
        self.closed = True

    def wait_idle(self, timeout: float | None = None) -> bool:
        return True

    @property
    def status(self) -> str:
        return self._status

    @status.setter
    def status(self, value: str) -> None:
        self._status = value

    @property
    def texts(self) -> list[str]:
        """Just the phrases said, in order."""
        return [text for text, _ in self.said]
