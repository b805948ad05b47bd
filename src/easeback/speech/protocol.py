"""The Speaker interface: what the window needs from a voice.

The session in the core only emits cue events; the window passes each to a
Speaker. Implementations: easeback.speech.speaker (the real voice, a silent one)
and the recording fake in tests/helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable


@runtime_checkable
class Speaker(Protocol):
    """Says short phrases without ever blocking the caller."""

    def prepare(self, texts: Iterable[str]) -> None:
        """Get ready to say these phrases quickly (for example render them ahead)."""

    def say(self, text: str, *, due: float | None = None) -> None:
        """Say ``text`` at ``due``, a ``time.monotonic()`` moment (None: now).

        A ``due`` already past is said at once; one in the future is held until
        then (``stop()`` forgets it). A phrase that could only start more than a
        second after ``due`` is dropped, never played stale. A new phrase stops
        the one still playing.
        """

    def stop(self) -> None:
        """Silence what is playing and forget what is queued."""

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute; muted phrases are dropped, not queued."""

    def close(self) -> None:
        """Release the engine and its thread."""

    @property
    def status(self) -> str:
        """One line for the user: which voice is in use, or why there is none."""
