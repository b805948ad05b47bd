"""Time in the core: the clock types, the local time, and how a length is written.

The core never reads a real clock itself: a ``Clock`` (monotonic seconds) and a
``LocalClock`` (timezone-aware wall time) are passed in, with these defaults.
A time left rounds up, so a countdown never shows zero early; a time spent rounds
down, so a session is never said to have done more than it did.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timezone

Clock = Callable[[], float]
"""Monotonic seconds (``time.monotonic`` in the app, a fake in tests)."""

LocalClock = Callable[[], datetime]
"""The local wall time, timezone-aware."""

JUMP_THRESHOLD = 5.0
"""Seconds of unexplained clock movement that mean the computer slept."""


def local_now() -> datetime:
    """The real local time, timezone-aware (the default ``LocalClock``).

    A zone Python cannot hold (POSIX allows ``TZ=XYZ-24``, a whole day ahead; Python
    stops short of it) falls back to UTC rather than stopping history and reminders."""
    try:
        return datetime.now().astimezone()
    except ValueError:
        return datetime.now(UTC)


def local_at(day: date, at: time, like: datetime) -> datetime:
    """The moment the clock on the wall reads ``at`` on ``day``, in the zone ``like`` is in.

    A local time from ``local_now`` carries only the offset of its own moment, so a day
    across a daylight-saving change gets the offset in force on that day from the
    system. A zone with its own rules (``ZoneInfo``), or a fixed one that is not the
    system's (UTC elsewhere), is used as it is."""
    wall = datetime.combine(day, at)
    try:
        naive = like.replace(tzinfo=None)
        if isinstance(like.tzinfo, timezone) and like.utcoffset() == naive.astimezone().utcoffset():
            return wall.astimezone()  # ``like`` is this system's local time: the day's offset
    except (ValueError, OverflowError):  # a zone Python cannot hold (see local_now)
        pass
    return wall.replace(tzinfo=like.tzinfo)


def format_clock(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) for display, rounded up to the second."""
    s = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_spent(seconds: float) -> str:
    """``m:ss`` of time spent, rounded down to the second: what a session has done is never
    shown a second more than it did (a countdown, ``format_clock``, rounds up). The voice
    says the same whole seconds (``spent_seconds``)."""
    return format_clock(spent_seconds(seconds))


def spent_seconds(seconds: float) -> int:
    """Time spent in whole seconds, as every place shows and says it."""
    return max(0, math.floor(seconds + 1e-9))


def format_duration(seconds: float) -> str:
    """``"45 s"`` or ``"23 min"``, rounded up (``"0 s"`` for nothing at all)."""
    if seconds >= 60:
        return f"{math.ceil(seconds / 60 - 1e-9)} min"
    return f"{max(0, math.ceil(seconds - 1e-9))} s"
