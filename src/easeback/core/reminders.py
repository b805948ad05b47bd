"""The break reminder: asks for a stretch break every N minutes of desk time.

Pure Python, driven like the ``Session``: an injected monotonic ``clock`` counts
the time, an injected ``now_local`` (a timezone-aware local ``datetime``) says
what time of day it is, for working hours and "pause until". The Qt driver arms
one single-shot timer for ``next_due()``, calls ``poll()`` when it fires, and
re-arms after every call that changes anything.

What counts towards the next break, and what does not:

* only time while reminders are on, no session is running, no break is waiting
  for an answer, reminders are not paused and (when set) it is working hours;
* a snooze runs the same way, for ``snooze`` seconds instead of a whole interval;
* a break nobody answers is asked again after ``snooze`` seconds, ``REPEATS``
  times at most (a missed tray notification is easy to miss), then waits quietly;
* skip, start (``accept``), the end of a session, the end of a pause and the
  start of working hours all begin a fresh interval;
* time away counts as a break. The desktop's idle time comes in through an
  injected ``idle`` function (seconds since the last input, or None where the
  desktop does not say). Idle for ``STEPPED_AWAY`` seconds, the person is away: a
  break falling due waits until they are back, and is not asked again meanwhile.
  Away for ``away`` seconds (a setting) or more, the break is taken: any waiting
  break is dropped, and the interval starts afresh when they come back. The idle
  time is read when ``poll`` runs; ``next_due`` asks for a reading exactly when
  an absence that began since the last one would reach ``away`` seconds, so no
  such absence goes unseen, and once a minute while the person is away;
* when the computer slept (the wall clock moved much more than the monotonic
  one, or the driver's wake-up came far too late) for ``away`` seconds or more,
  that was time away too: the interval starts afresh and no stale reminder
  fires. A shorter sleep does not count towards the break.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from easeback.core import defaults
from easeback.core.time import (
    JUMP_THRESHOLD,
    Clock,
    LocalClock,
    format_duration,
    local_at,
    local_now,
)

if TYPE_CHECKING:
    from easeback.core.settings import Settings

IdleReading = Callable[[], float | None]  # seconds since the last input, or None: unknown

DEFAULT_INTERVAL_MINUTES = defaults.REMIND_EVERY_MINUTES.default
DEFAULT_SNOOZE_MINUTES = defaults.SNOOZE_MINUTES.default
DEFAULT_AWAY_MINUTES = defaults.AWAY_MINUTES.default  # away this long counts as a break
BREAK_TEXT = "Time for a stretch break"  # the reminder's title, and what is said
REMINDERS_OFF = "Break reminders are off"
UNTIL_RESUMED = "until_resumed"  # a pause with no end, as the settings keep it
DAY_TURNS = 4  # hours after midnight at which "tomorrow" stops meaning this morning
STEPPED_AWAY = 60.0  # seconds without input that mean "not at the desk right now"
AWAY_POLL = 60.0  # while away, the idle time is read this often to notice the return
MIN_IDLE_CHECK = 1.0  # never read the idle time more often than this
REPEATS = 2  # an unanswered break is asked again this often, a snooze's time apart
_EPS = 1e-6
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

State = Literal["off", "session", "due", "paused", "outside_hours", "away", "snoozed", "counting"]


def parse_clock_time(text: str, default: time) -> time:
    """``"09:30"`` -> ``time(9, 30)``; anything unreadable gives ``default``."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return default


# --------------------------------------------------------------------------- working hours


@dataclass(frozen=True)
class WorkingHours:
    """Days (Monday = 0) and a daily window; an end at or before the start runs past midnight."""

    days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    start: time = time(9)
    end: time = time(17)

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkingHours | None:
        """The user's working hours, or None when reminders run at any time."""
        if not settings.working_hours_only:
            return None
        return cls(
            frozenset(settings.working_days),
            parse_clock_time(settings.working_start, time(9)),
            parse_clock_time(settings.working_end, time(17)),
        )

    def _windows(self, around: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Every working window from the day before ``around`` to a week after, in order."""
        for offset in range(-1, 9):
            day = around.date() + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            end_day = day if self.end > self.start else day + timedelta(days=1)
            yield (
                local_at(day, self.start, around),
                local_at(end_day, self.end, around),
            )

    def contains(self, when: datetime) -> bool:
        return any(start <= when < end for start, end in self._windows(when))

    def next_change(self, when: datetime) -> datetime | None:
        """When ``contains`` next flips: the end of this window, or the start of the next."""
        for start, end in self._windows(when):
            if start <= when < end:
                return end
            if start > when:
                return start
        return None

    def day_start(self, when: datetime) -> datetime:
        """The start of the next working day after ``when``'s (for "pause until tomorrow"):
        Monday's on a Friday, never later the same morning; in the small hours (before
        DAY_TURNS) the day is still the one before, so "tomorrow" is this morning."""
        today = (when - timedelta(hours=DAY_TURNS)).date()
        return next(start for start, _ in self._windows(when) if start.date() > today)


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class BreakDue:
    """Time for a stretch break: ask the person (snooze, skip or start)."""

    at: float  # monotonic time it was noticed
    snoozes: int = 0  # how often this break was snoozed before
    repeat: int = 0  # 0 when first asked; 1, 2, ... when asked again without an answer


@dataclass(frozen=True)
class Resumed:
    """Reminders count again by themselves: a pause ran out or working hours began."""

    at: float
    reason: Literal["pause_over", "working_hours"]


@dataclass(frozen=True)
class Restarted:
    """The person was away ``slept`` seconds (the computer slept, or no input came): that
    was a break, so the interval begins afresh and no stale break is asked for."""

    at: float
    slept: float
    reason: Literal["slept", "away"] = "slept"


ReminderEvent = BreakDue | Resumed | Restarted


@dataclass(frozen=True)
class ReminderStatus:
    """What the tray shows: the state, seconds to the next break, and until when it is paused."""

    state: State
    remaining: float | None = None
    until: datetime | None = None  # end of a pause, or when working hours start again
    snoozes: int = 0


# --------------------------------------------------------------------------- scheduler


class ReminderScheduler:
    def __init__(
        self,
        clock: Clock,
        now_local: LocalClock = local_now,
        interval_s: float = DEFAULT_INTERVAL_MINUTES * 60,
        *,
        snooze_s: float = DEFAULT_SNOOZE_MINUTES * 60,
        hours: WorkingHours | None = None,
        enabled: bool = True,
        jump_threshold: float = JUMP_THRESHOLD,
        idle: IdleReading | None = None,
        away_s: float = DEFAULT_AWAY_MINUTES * 60,
    ):
        if interval_s <= 0 or snooze_s <= 0 or away_s <= 0:
            raise ValueError("the reminder interval, the snooze and the time away must be above 0")
        self._clock = clock
        self._now_local = now_local
        self._interval = float(interval_s)
        self._snooze = float(snooze_s)
        self._hours = hours
        self._enabled = enabled
        self._jump = jump_threshold
        self._idle = idle
        self._away_s = float(away_s)
        self._away = False  # the last idle reading said: not at the desk
        self._rested = False  # away long enough for a break, not back yet
        self._idle_check: float | None = None  # when to read the idle time next
        self._left = self._interval  # counted seconds still to go before the break
        self._snoozes = 0
        self._due_since: float | None = None  # a break is waiting for an answer
        self._repeats = 0  # how often the waiting break was asked again
        self._in_session = False
        self._paused = False
        self._paused_until: datetime | None = None  # None while paused = until resumed
        self._pending: list[ReminderEvent] = []
        now, wall = clock(), now_local()
        self._outside = hours is not None and not hours.contains(wall)
        self._last_mono = now
        self._last_wall = wall
        self._counting = False
        self._boundary: float | None = None
        self._expected: float | None = None
        self._read_idle(now)
        self._mark(now, wall)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        clock: Clock,
        now_local: LocalClock = local_now,
        *,
        interval_minutes: float | None = None,
        idle: IdleReading | None = None,
    ) -> ReminderScheduler:
        """A scheduler as the user set it up; ``interval_minutes`` overrides it (--remind-every)."""
        minutes = _interval_minutes(settings, interval_minutes)
        scheduler = cls(
            clock,
            now_local,
            minutes * 60,
            snooze_s=_positive(settings.snooze_minutes, DEFAULT_SNOOZE_MINUTES) * 60,
            hours=WorkingHours.from_settings(settings),
            enabled=settings.reminders_enabled,
            idle=idle,
            away_s=_positive(settings.away_minutes, DEFAULT_AWAY_MINUTES) * 60,
        )
        scheduler._restore_pause(settings.reminders_paused_until)
        return scheduler

    def pause_record(self) -> str:
        """The pause as the settings keep it over a restart (see ``Settings``)."""
        if not self._paused:
            return ""
        if self._paused_until is None:
            return UNTIL_RESUMED
        return self._paused_until.isoformat(timespec="seconds")

    def _restore_pause(self, record: str) -> None:
        """A pause saved by an earlier run, if it has not run out (a restart, a new login)."""
        if record == UNTIL_RESUMED:
            self.pause()
            return
        try:
            until = datetime.fromisoformat(record) if record else None
        except ValueError:
            return
        if until is not None and until.tzinfo is not None and until > self._now_local():
            self._act(None, lambda _wall: self._pause_until(until))

    # ------------------------------------------------------------------ reading
    @property
    def interval(self) -> float:
        return self._interval

    @property
    def away_seconds(self) -> float:
        """Away this long counts as a break."""
        return self._away_s

    @property
    def due(self) -> bool:
        """A break was announced and not answered yet."""
        return self._due_since is not None

    def next_due(self) -> float | None:
        """Monotonic time of the next moment ``poll`` has something to do, or None."""
        candidates = []
        if self._counting and not self._held():
            candidates.append(self._last_mono + max(self._left, 0.0))
        ask_again = self._ask_again_at()
        if ask_again is not None:
            candidates.append(ask_again)
        if self._boundary is not None:
            candidates.append(self._boundary)
        if self._idle_check is not None:
            candidates.append(self._idle_check)
        return min(candidates) if candidates else None

    def remaining(self, now: float | None = None) -> float | None:
        """Seconds to the next break while counting, else None."""
        if not self._counting or self._held():
            return None
        now = self._clock() if now is None else now
        stop = now if self._boundary is None else min(now, self._boundary)
        return max(0.0, self._left - max(0.0, stop - self._last_mono))

    def status(self, now: float | None = None) -> ReminderStatus:
        if not self._enabled:
            return ReminderStatus("off")
        if self._in_session:
            return ReminderStatus("session")
        if self._due_since is not None:
            return ReminderStatus("due", 0.0, snoozes=self._snoozes)
        if self._paused:
            return ReminderStatus("paused", until=self._paused_until)
        if self._outside:
            assert self._hours is not None
            return ReminderStatus("outside_hours", until=self._hours.next_change(self._now_local()))
        if self._rested or self._held():
            return ReminderStatus("away", snoozes=self._snoozes)
        state: State = "snoozed" if self._snoozes else "counting"
        return ReminderStatus(state, self.remaining(now), snoozes=self._snoozes)

    def describe(self, now: float | None = None) -> str:
        """One line for the tray tooltip: "Next break in 12 min", "Paused until 10:30", ..."""
        status = self.status(now)
        wall = self._now_local()
        if status.state == "off":
            return REMINDERS_OFF
        if status.state == "session":
            return "Break reminders wait while you exercise"
        if status.state == "due":
            return BREAK_TEXT
        if status.state == "paused":
            if status.until is None:
                return "Break reminders paused"
            return f"Break reminders paused until {_when(status.until, wall)}"
        if status.state == "outside_hours":
            if status.until is None:
                return "Outside working hours (no working days are set)"
            return f"Outside working hours; reminders start {_when(status.until, wall, at=True)}"
        if status.state == "away":
            if self._rested:
                return "Away: that counts as a break; the timer starts again when you are back"
            return "Away: the break waits until you are back"
        assert status.remaining is not None
        head = "Snoozed: next break" if status.state == "snoozed" else "Next break"
        return f"{head} in {_minutes(status.remaining)}"

    def next_break_at(self, now: float | None = None) -> datetime | None:
        """The local time the next break falls due while counting, else None."""
        remaining = self.remaining(now)
        if remaining is None:
            return None
        return self._now_local() + timedelta(seconds=remaining)

    def until_text(self, now: float | None = None) -> str:
        """When the next break (or the end of a pause) comes, for a message: "at 11:25"."""
        status = self.status(now)
        wall = self._now_local()
        if status.state == "paused":
            return (
                "until you resume them"
                if status.until is None
                else (f"until {_when(status.until, wall)}")
            )
        at = self.next_break_at(now)
        if at is None:
            return ""
        assert status.remaining is not None
        return f"at {_when(at, wall)} (in {_minutes(status.remaining)})"

    # ------------------------------------------------------------------ polling
    def poll(self, now: float | None = None) -> list[ReminderEvent]:
        """What happened since the last call: a break due, a pause over, a restart after sleep."""
        now = self._clock() if now is None else now
        wall = self._settle(now)
        self._mark(now, wall)
        events, self._pending = self._pending, []
        return events

    # ------------------------------------------------------------------ answering
    def snooze(self, now: float | None = None) -> bool:
        """Ask again in ``snooze`` minutes. Only while a break is waiting for an answer."""
        now = self._clock() if now is None else now
        wall = self._settle(now)
        if self._due_since is None:
            self._mark(now, wall)
            return False
        self._drop_due()
        self._left = self._snooze
        self._snoozes += 1
        self._mark(now, wall)
        return True

    def skip(self, now: float | None = None) -> None:
        """No break this time: the next interval starts now."""
        self._act(now, lambda _wall: self._fresh())

    def accept(self, now: float | None = None) -> None:
        """The person starts the break routine; the next interval starts now.

        Call ``session_started`` when the session actually runs.
        """
        self._act(now, lambda _wall: self._fresh())

    # ------------------------------------------------------------------ sessions
    def session_started(self, now: float | None = None) -> None:
        """A session runs: nothing counts and no break is asked for until it ends."""

        def start(_wall: datetime) -> None:
            self._drop_due()
            self._in_session = True

        self._act(now, start)

    def session_ended(
        self, now: float | None = None, *, completed: bool = True, spent: float = math.inf
    ) -> None:
        """The person just exercised, so the next interval starts now; unless the session
        was cut short before it ran as long as time away that counts as a break (started
        by mistake, stopped after 20 s) while no break was due: then the interval goes
        on where it was."""

        def end(_wall: datetime) -> None:
            self._in_session = False
            if completed or spent >= self._away_s or self._left <= _EPS:
                self._fresh()

        self._act(now, end)

    # ------------------------------------------------------------------ pausing
    def pause(self, now: float | None = None) -> None:
        """Pause until ``resume``."""
        self._act(now, lambda _wall: self._pause_until(None))

    def pause_for(self, seconds: float, now: float | None = None) -> None:
        """Pause for ``seconds`` of wall-clock time ("pause for 1 hour")."""
        self._act(now, lambda wall: self._pause_until(wall + timedelta(seconds=seconds)))

    def pause_until_tomorrow(self, now: float | None = None) -> None:
        """Pause until the next day starts: midnight, or the working start with working hours."""

        def pause(wall: datetime) -> None:
            if self._hours is not None:
                self._pause_until(self._hours.day_start(wall))
            else:
                self._pause_until(local_at(wall.date() + timedelta(days=1), time(0), wall))

        self._act(now, pause)

    def resume(self, now: float | None = None) -> bool:
        """End a pause early; the next interval starts now. False when not paused."""
        was_paused = self._paused

        def resume(_wall: datetime) -> None:
            if self._paused:
                self._paused = False
                self._paused_until = None
                self._fresh()

        self._act(now, resume)
        return was_paused

    # ------------------------------------------------------------------ settings
    def set_interval(self, minutes: float, now: float | None = None) -> None:
        """A new interval; time already counted towards this break still counts."""
        if minutes <= 0:
            raise ValueError("the reminder interval must be above 0 minutes")

        def change(_wall: datetime) -> None:
            counted = self._interval - self._left
            self._interval = minutes * 60.0
            if not self._snoozes and self._due_since is None:
                self._left = self._interval - counted

        self._act(now, change)

    def set_snooze(self, minutes: float) -> None:
        if minutes <= 0:
            raise ValueError("the snooze must be above 0 minutes")
        self._snooze = minutes * 60.0

    def set_enabled(self, enabled: bool, now: float | None = None) -> None:
        def change(_wall: datetime) -> None:
            if enabled and not self._enabled:
                self._fresh()
            if not enabled:
                self._drop_due()
            self._enabled = enabled

        self._act(now, change)

    def set_working_hours(self, hours: WorkingHours | None, now: float | None = None) -> None:
        def change(wall: datetime) -> None:
            was_outside = self._outside
            self._hours = hours
            self._outside = hours is not None and not hours.contains(wall)
            if was_outside and not self._outside:
                self._fresh()

        self._act(now, change)

    def apply_settings(
        self, settings: Settings, now: float | None = None, *, interval_minutes: float | None = None
    ) -> None:
        """Take over changed reminder settings (from the settings dialog)."""
        minutes = _interval_minutes(settings, interval_minutes)
        if minutes * 60 != self._interval:
            self.set_interval(minutes, now)
        self.set_snooze(_positive(settings.snooze_minutes, DEFAULT_SNOOZE_MINUTES))
        self._act(
            now,
            lambda _wall: setattr(
                self, "_away_s", _positive(settings.away_minutes, DEFAULT_AWAY_MINUTES) * 60
            ),
        )
        if WorkingHours.from_settings(settings) != self._hours:
            self.set_working_hours(WorkingHours.from_settings(settings), now)
        if settings.reminders_enabled != self._enabled:
            self.set_enabled(settings.reminders_enabled, now)

    # ------------------------------------------------------------------ internals
    def _act(self, now: float | None, change: Callable[[datetime], None]) -> None:
        """Count up to ``now``, apply ``change`` (given the local time), remember the clocks."""
        now = self._clock() if now is None else now
        wall = self._settle(now)
        change(wall)
        self._mark(now, wall)

    def _fresh(self) -> None:
        self._left = self._interval
        self._snoozes = 0
        self._drop_due()

    def _drop_due(self) -> None:
        self._due_since = None
        self._repeats = 0
        self._pending = [e for e in self._pending if not isinstance(e, BreakDue)]

    def _pause_until(self, until: datetime | None) -> None:
        self._paused = True
        self._paused_until = until
        self._fresh()

    def _ask_again_at(self) -> float | None:
        """When a waiting break is asked again (None: answered, asked enough, off hours, away)."""
        if self._due_since is None or self._repeats >= REPEATS or self._outside or self._away:
            return None
        return self._due_since + (self._repeats + 1) * self._snooze

    def _watching(self) -> bool:
        """Whether anything could fire, so time away matters."""
        return self._enabled and not self._in_session and not self._paused and not self._outside

    def _is_counting(self) -> bool:
        return self._watching() and self._due_since is None and not self._rested

    def _held(self) -> bool:
        """The break fell due while the person is away: it waits for their return."""
        return self._counting and self._away and self._left <= _EPS

    def _mark(self, now: float, wall: datetime) -> None:
        """Remember where the clocks were, whether time counts, and when that changes next."""
        self._last_mono = now
        self._last_wall = wall
        self._counting = self._is_counting()
        if not self._watching():  # a session, a pause, off hours: time away does not matter
            self._idle_check = None
            self._away = self._rested = False
        changes: list[datetime] = []
        if self._enabled and self._paused and self._paused_until is not None:
            changes.append(self._paused_until)
        if self._enabled and self._hours is not None:
            change = self._hours.next_change(wall)
            if change is not None:
                changes.append(change)
        self._boundary = now + max(0.0, (min(changes) - wall).total_seconds()) if changes else None
        self._expected = self.next_due()

    def _settle(self, now: float) -> datetime:
        """Bring the state up to ``now``, one step at a time; returns the local time."""
        wall = self._now_local()
        self._count(now, wall)
        pause_over = self._end_pause(wall)
        hours_began = self._follow_working_hours(wall)
        self._read_idle(now)
        if (pause_over or hours_began) and self._is_counting() and not self._away:
            # said only when breaks really count again: not for a pause that ran out in
            # the evening, nor for working hours that began with nobody at the desk
            self._pending.append(Resumed(now, "pause_over" if pause_over else "working_hours"))
        self._announce_due(now)
        self._ask_again(now)
        return wall

    def _count(self, now: float, wall: datetime) -> None:
        """Count the time since the last call, unless the computer slept through a break."""
        mono_gap = max(0.0, now - self._last_mono)
        unseen = (wall - self._last_wall).total_seconds() - mono_gap  # sleep the clock skipped
        late = now - self._expected if self._expected is not None else 0.0  # wake-up missed
        slept = (unseen if unseen > self._jump else 0.0) + (late if late > self._jump else 0.0)
        if slept > 0 and slept >= self._away_s:
            if self._counting or self._due_since is not None:
                self._pending.append(Restarted(now, slept))
            self._fresh()
            return
        if self._counting:
            stop = now - (late if late > self._jump else 0.0)
            if self._boundary is not None:
                stop = min(stop, self._boundary)
            self._left -= max(0.0, stop - self._last_mono)

    def _end_pause(self, wall: datetime) -> bool:
        """A pause whose time ran out ends here; True when it did."""
        if not (self._paused and self._paused_until is not None and wall >= self._paused_until):
            return False
        self._paused = False
        self._paused_until = None
        self._fresh()
        return True

    def _follow_working_hours(self, wall: datetime) -> bool:
        """Working hours beginning start a fresh interval (True then); when they end, a
        break still waiting is let go, rather than waiting all night."""
        if self._hours is None:
            return False
        outside = not self._hours.contains(wall)
        began = self._outside and not outside
        if began:
            self._fresh()
        elif outside and not self._outside:
            self._snoozes = 0
            self._drop_due()
        self._outside = outside
        return began

    def _read_idle(self, now: float) -> None:
        """Read the desktop's idle time: away long enough is a break; plan the next reading."""
        self._idle_check = None
        reading = self._idle() if self._idle is not None and self._watching() else None
        if reading is None:
            self._away = False
            self._rested = False
            return
        idle = max(0.0, reading)
        if idle >= self._away_s:
            if not self._rested:
                counted = self._counting and self._left < self._interval - _EPS
                if counted or self._due_since is not None or self._snoozes:
                    self._pending.append(Restarted(now, idle, "away"))
                self._fresh()
                self._rested = True
        elif self._rested:  # back: the interval counts from the first input
            self._rested = False
            self._left = max(_EPS, self._interval - idle)
        self._away = idle >= STEPPED_AWAY
        # read again when this absence would become a break, and while away at least
        # once a poll to notice the return (whichever comes first)
        wait = self._away_s - idle if idle < self._away_s else AWAY_POLL
        if self._away:
            wait = min(wait, AWAY_POLL)
        self._idle_check = now + max(MIN_IDLE_CHECK, wait)

    def _announce_due(self, now: float) -> None:
        """The counted time is up: the break is due, unless the person is away."""
        if self._is_counting() and self._left <= _EPS and not self._away:
            self._left = 0.0
            self._due_since = now
            self._pending.append(BreakDue(now, self._snoozes))

    def _ask_again(self, now: float) -> None:
        """A break nobody answered is asked again, a snooze apart."""
        ask_again = self._ask_again_at()
        if ask_again is not None and now >= ask_again - _EPS:
            assert self._due_since is not None
            # after a late wake-up: asked once, counted as every time that went by
            asked = math.floor((now - self._due_since) / self._snooze + _EPS)
            self._repeats = min(REPEATS, asked)
            self._pending.append(BreakDue(now, self._snoozes, self._repeats))


def _interval_minutes(settings: Settings, override: float | None) -> float:
    minutes = override if override is not None else settings.remind_every_minutes
    return _positive(minutes, DEFAULT_INTERVAL_MINUTES)


def _positive(value: float, default: float) -> float:
    return value if value > 0 else default


def _minutes(seconds: float) -> str:
    """Whole minutes, rounded up ("1 min" in the last one): the text changes once a minute."""
    return format_duration(max(60.0, seconds))


def _when(target: datetime, wall: datetime, *, at: bool = False) -> str:
    """ "10:30", "tomorrow", "tomorrow 09:00", "Mon 09:00" or a date, as seen from ``wall``."""
    clock_text = target.strftime("%H:%M")
    days = (target.date() - wall.date()).days
    if days <= 0:
        return f"at {clock_text}" if at else clock_text
    if days == 1:
        return "tomorrow" if target.time() == time(0) else f"tomorrow {clock_text}"
    if days < 7:
        return f"{_WEEKDAYS[target.weekday()]} {clock_text}"
    return f"{target.date().isoformat()} {clock_text}"
