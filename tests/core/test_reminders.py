"""The break reminder counts desk time against a fake monotonic clock and a fake local time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

from easeback.core.reminders import (
    AWAY_POLL,
    BreakDue,
    ReminderScheduler,
    Restarted,
    Resumed,
    WorkingHours,
)
from easeback.core.settings import Settings
from tests.helpers.clock import FakeClock, system_zone

MIN = 60.0
HOUR = 3600.0
MONDAY_10 = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)  # a Monday


class Clocks:
    """A monotonic clock and a wall clock that move together, unless the computer sleeps."""

    def __init__(self, fake_clock: FakeClock, wall: datetime = MONDAY_10):
        self.mono = fake_clock
        self.wall = wall

    def local(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> float:
        self.wall += timedelta(seconds=seconds)
        return self.mono.advance(seconds)

    def to(self, mono: float) -> float:
        return self.advance(mono - self.mono.now)

    def suspend(self, seconds: float, *, monotonic_counts: bool = False) -> None:
        """Sleep: the wall clock moves; the monotonic one only on platforms where it counts."""
        self.wall += timedelta(seconds=seconds)
        if monotonic_counts:
            self.mono.advance(seconds)


@pytest.fixture
def clocks(fake_clock):
    return Clocks(fake_clock)


def make(clocks, minutes=50.0, **kwargs):
    return ReminderScheduler(clocks.mono, clocks.local, minutes * MIN, **kwargs)


def breaks(events):
    return [e for e in events if isinstance(e, BreakDue)]


def test_break_is_due_after_the_interval_and_not_a_moment_before(clocks):
    start = clocks.mono.now
    sched = make(clocks)
    assert sched.next_due() == pytest.approx(start + 50 * MIN)
    clocks.advance(50 * MIN - 0.01)
    assert sched.poll() == []
    assert sched.remaining() == pytest.approx(0.01)
    clocks.to(sched.next_due())
    events = sched.poll()
    assert events == [BreakDue(clocks.mono.now, 0)]
    assert sched.due
    assert sched.describe() == "Time for a stretch break"


def test_an_unanswered_break_is_asked_again_twice_a_snooze_apart_then_waits(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    due_at = clocks.mono.now
    assert breaks(sched.poll()) == [BreakDue(due_at, 0, 0)]
    assert sched.next_due() == pytest.approx(due_at + 5 * MIN)
    clocks.advance(5 * MIN - 1)
    assert sched.poll() == []
    clocks.to(sched.next_due())
    assert sched.poll() == [BreakDue(clocks.mono.now, 0, 1)]
    clocks.to(sched.next_due())
    assert sched.poll() == [BreakDue(clocks.mono.now, 0, 2)]
    assert clocks.mono.now == pytest.approx(due_at + 10 * MIN)
    assert sched.next_due() is None  # asked three times in all: now it waits quietly
    clocks.advance(3 * HOUR)
    assert sched.poll() == []
    assert sched.due
    assert sched.describe() == "Time for a stretch break"


def test_answering_a_break_that_was_asked_again_starts_over(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.poll()
    clocks.advance(5 * MIN)
    assert breaks(sched.poll())[0].repeat == 1
    assert sched.snooze()
    clocks.advance(5 * MIN)
    # the snoozed break is a new question: first asked, then asked again as before
    assert sched.poll() == [BreakDue(clocks.mono.now, 1, 0)]
    clocks.advance(5 * MIN)
    assert sched.poll() == [BreakDue(clocks.mono.now, 1, 1)]
    sched.skip()
    assert sched.next_due() == pytest.approx(clocks.mono.now + 50 * MIN)


def test_a_late_wake_up_asks_again_once_not_for_every_missed_time(clocks):
    sched = make(clocks, snooze_s=2 * MIN)
    clocks.advance(50 * MIN)
    sched.poll()
    clocks.advance(4.5 * MIN)  # the driver slept through both times (a busy machine)
    assert [e.repeat for e in breaks(sched.poll())] == [2]
    assert sched.next_due() is None


def test_a_break_waiting_when_working_hours_end_is_let_go_for_the_evening(fake_clock):
    clocks = Clocks(fake_clock, datetime(2024, 5, 6, 16, 8, tzinfo=UTC))
    sched = make(clocks, hours=WorkingHours())  # 9:00 to 17:00
    clocks.advance(50 * MIN)  # 16:58
    assert len(breaks(sched.poll())) == 1
    clocks.to(sched.next_due())  # 17:00, the end of working hours
    assert breaks(sched.poll()) == []
    clocks.advance(4 * MIN)  # it would be asked again at 17:03
    assert breaks(sched.poll()) == []
    assert not sched.due, "let go at the end of the day, not left waiting all night"
    assert sched.status().state == "outside_hours"


def test_fractional_minutes_are_allowed(clocks):
    start = clocks.mono.now
    sched = make(clocks, minutes=0.5)
    assert sched.next_due() == pytest.approx(start + 30)
    clocks.advance(30)
    assert len(breaks(sched.poll())) == 1


def test_snooze_asks_again_after_five_minutes(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.poll()
    assert sched.snooze()
    assert sched.next_due() == pytest.approx(clocks.mono.now + 5 * MIN)
    assert sched.describe() == "Snoozed: next break in 5 min"
    clocks.advance(5 * MIN)
    assert sched.poll() == [BreakDue(clocks.mono.now, 1)]
    assert sched.snooze()
    clocks.advance(5 * MIN)
    assert sched.poll() == [BreakDue(clocks.mono.now, 2)]


def test_snooze_without_a_break_due_does_nothing(clocks):
    sched = make(clocks)
    due = sched.next_due()
    clocks.advance(10 * MIN)
    assert not sched.snooze()
    assert sched.next_due() == pytest.approx(due)


def test_skip_starts_the_next_interval_afresh(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.poll()
    clocks.advance(2 * MIN)  # the person read the notification first
    sched.skip()
    assert not sched.due
    assert sched.next_due() == pytest.approx(clocks.mono.now + 50 * MIN)
    assert sched.describe() == "Next break in 50 min"


def test_skip_before_the_break_also_restarts_the_interval(clocks):
    sched = make(clocks)
    clocks.advance(30 * MIN)
    sched.skip()
    assert sched.remaining() == pytest.approx(50 * MIN)


def test_time_does_not_count_while_a_session_runs(clocks):
    sched = make(clocks)
    clocks.advance(40 * MIN)
    sched.session_started()
    assert sched.next_due() is None
    assert sched.remaining() is None
    assert sched.describe() == "Break reminders wait while you exercise"
    clocks.advance(30 * MIN)
    assert sched.poll() == []
    sched.session_ended()
    # the person just exercised: a whole interval before the next break
    assert sched.next_due() == pytest.approx(clocks.mono.now + 50 * MIN)


def test_a_session_stopped_at_once_is_no_break_but_a_short_whole_one_is(clocks):
    sched = make(clocks)
    clocks.advance(30 * MIN)
    sched.session_started()  # started by mistake
    clocks.advance(20)
    sched.session_ended(completed=False, spent=20)
    assert sched.remaining() == pytest.approx(20 * MIN), "the interval goes on"
    sched.session_started()  # a desk break of four and a half minutes, done whole
    clocks.advance(270)
    sched.session_ended(completed=True, spent=270)
    assert sched.remaining() == pytest.approx(50 * MIN)


def test_a_session_stopped_at_once_still_answers_a_break_that_was_due(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.poll()
    sched.session_started()  # from the library, with the break waiting
    clocks.advance(20)
    sched.session_ended(completed=False, spent=20)
    assert breaks(sched.poll()) == [], "not asked again at once"
    assert sched.remaining() == pytest.approx(50 * MIN)


def test_accepting_a_break_then_running_the_session(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.poll()
    sched.accept()
    sched.session_started()
    clocks.advance(6 * MIN)
    assert sched.poll() == []
    sched.session_ended()
    clocks.advance(50 * MIN)
    assert len(breaks(sched.poll())) == 1


def test_a_session_started_as_the_break_falls_due_drops_that_break(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.session_started()  # before the driver polled
    assert sched.poll() == []
    assert not sched.due


def test_pause_for_one_hour(clocks):
    sched = make(clocks)
    clocks.advance(45 * MIN)  # 10:45
    sched.pause_for(HOUR)
    assert sched.describe() == "Break reminders paused until 11:45"
    assert sched.remaining() is None
    assert sched.next_due() == pytest.approx(clocks.mono.now + HOUR)
    clocks.advance(HOUR - 1)
    assert sched.poll() == []
    clocks.to(sched.next_due())
    assert sched.poll() == [Resumed(clocks.mono.now, "pause_over")]
    assert sched.describe() == "Next break in 50 min"
    clocks.advance(50 * MIN)
    assert len(breaks(sched.poll())) == 1


def test_pause_answers_a_waiting_break(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.poll()
    sched.pause_for(HOUR)
    assert not sched.due
    clocks.advance(HOUR)
    assert [type(e) for e in sched.poll()] == [Resumed]


def test_resume_ends_a_pause_early(clocks):
    sched = make(clocks)
    assert not sched.resume()
    sched.pause()
    assert sched.describe() == "Break reminders paused"
    assert sched.next_due() is None
    clocks.advance(3 * HOUR)
    assert sched.poll() == []
    assert sched.resume()
    assert sched.remaining() == pytest.approx(50 * MIN)


def test_pause_until_tomorrow_lasts_until_midnight(clocks):
    sched = make(clocks)
    sched.pause_until_tomorrow()
    assert sched.describe() == "Break reminders paused until tomorrow"
    assert sched.next_due() == pytest.approx(clocks.mono.now + 14 * HOUR)
    clocks.advance(14 * HOUR - 1)
    assert sched.poll() == []
    clocks.advance(1)
    assert [type(e) for e in sched.poll()] == [Resumed]


def test_pause_until_tomorrow_with_working_hours_lasts_until_the_working_start(clocks):
    sched = make(clocks, hours=WorkingHours())
    sched.pause_until_tomorrow()
    assert sched.describe() == "Break reminders paused until tomorrow 09:00"
    clocks.advance(23 * HOUR)  # Tuesday 09:00
    assert [type(e) for e in sched.poll()] == [Resumed]
    clocks.advance(50 * MIN)
    assert len(breaks(sched.poll())) == 1


def test_a_pause_that_runs_out_after_working_hours_says_nothing_until_they_begin(fake_clock):
    clocks = Clocks(fake_clock, datetime(2024, 5, 6, 16, 30, tzinfo=UTC))  # Monday
    sched = make(clocks, hours=WorkingHours())
    sched.pause_for(HOUR)  # until 17:30, when the working day is over
    events = run_until(clocks, sched, clocks.mono.now + 2 * HOUR)
    assert events == [], "no 'on again' in the evening"
    events = run_until(clocks, sched, clocks.mono.now + 15 * HOUR)  # Tuesday 9:30
    assert events == [Resumed(clocks.mono.now - 30 * MIN, "working_hours")], "said at 9:00"


def test_working_hours_that_begin_with_nobody_at_the_desk_say_nothing(fake_clock):
    clocks = Clocks(fake_clock, datetime(2024, 5, 6, 18, 0, tzinfo=UTC))  # Monday evening
    desk = Desk(clocks)  # and nobody types until Tuesday 9:30
    sched = make(clocks, hours=WorkingHours(), idle=desk)
    events = run_until(clocks, sched, clocks.mono.now + 15.5 * HOUR)
    assert [type(e) for e in events if not isinstance(e, Restarted)] == []


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (datetime(2024, 5, 7, 8, 30), datetime(2024, 5, 8, 9)),  # Tue before work: Wednesday
        (datetime(2024, 5, 10, 15, 0), datetime(2024, 5, 13, 9)),  # Friday: Monday, not Saturday
        (datetime(2024, 5, 11, 12, 0), datetime(2024, 5, 13, 9)),  # Saturday: Monday
    ],
)
def test_pause_until_tomorrow_means_the_next_working_day(fake_clock, now, until):
    clocks = Clocks(fake_clock, now.replace(tzinfo=UTC))
    sched = make(clocks, hours=WorkingHours())
    sched.pause_until_tomorrow()
    assert sched.status().until == until.replace(tzinfo=UTC)


def test_pause_until_tomorrow_after_midnight_means_this_morning(fake_clock):
    clocks = Clocks(fake_clock, datetime(2024, 5, 7, 1, 30, tzinfo=UTC))
    sched = make(clocks, hours=WorkingHours())
    sched.pause_until_tomorrow()
    status = sched.status()
    assert status.until == datetime(2024, 5, 7, 9, 0, tzinfo=UTC)


class LocalClocks(Clocks):
    """Clocks whose wall time is the system's local time, as ``local_now`` gives it: a
    fixed offset, the one of its own moment."""

    def local(self) -> datetime:
        return self.wall.astimezone()


@pytest.fixture
def berlin():
    """The system's zone is Berlin's: the clocks go forward at 02:00 on 31 March 2024."""
    with system_zone("Europe/Berlin"):
        yield


def test_a_pause_until_tomorrow_over_the_night_the_clocks_go_forward_ends_at_nine(
    fake_clock, berlin
):
    saturday_20 = datetime(2024, 3, 30, 19, 0, tzinfo=UTC)  # 20:00 in Berlin, winter time
    clocks = LocalClocks(fake_clock, saturday_20)
    sched = make(clocks, hours=WorkingHours(days=frozenset(range(7))))
    sched.pause_until_tomorrow()
    assert sched.describe() == "Break reminders paused until tomorrow 09:00"
    summer_nine = datetime(2024, 3, 31, 7, 0, tzinfo=UTC)  # 09:00 in Berlin, summer time
    assert sched.status().until == summer_nine
    assert run_until(clocks, sched, clocks.mono.now + 12 * HOUR - 1) == []  # 08:59:59
    clocks.advance(1)
    assert [type(e) for e in sched.poll()] == [Resumed]


def test_working_hours_begin_at_nine_on_the_morning_after_the_clocks_go_back(fake_clock, berlin):
    saturday_18 = datetime(2024, 10, 26, 16, 0, tzinfo=UTC)  # 18:00 in Berlin, summer time
    clocks = LocalClocks(fake_clock, saturday_18)
    sched = make(clocks, hours=WorkingHours(days=frozenset(range(7))))
    assert sched.describe() == "Outside working hours; reminders start tomorrow 09:00"
    clocks.to(sched.next_due())  # the driver wakes when the scheduler says
    assert clocks.local().hour == 9
    assert clocks.wall == datetime(2024, 10, 27, 8, 0, tzinfo=UTC)  # winter time: UTC+1
    assert sched.poll() == [Resumed(clocks.mono.now, "working_hours")]


def test_a_long_sleep_restarts_the_interval_instead_of_firing_a_stale_break(clocks):
    # Linux: the monotonic clock stands still while suspended; only the wall clock moves.
    sched = make(clocks)
    clocks.advance(45 * MIN)
    sched.poll()
    clocks.suspend(2 * HOUR)
    clocks.advance(5 * MIN)  # the timer fires when the monotonic clock reaches the due time
    events = sched.poll()
    assert breaks(events) == []
    assert [type(e) for e in events] == [Restarted]
    assert events[0].slept == pytest.approx(2 * HOUR)
    assert sched.next_due() == pytest.approx(clocks.mono.now + 50 * MIN)


def test_a_long_sleep_is_seen_when_the_monotonic_clock_counts_it_too(clocks):
    # Windows: the monotonic clock runs on through sleep; the wake-up came hours too late.
    sched = make(clocks)
    clocks.advance(45 * MIN)
    sched.poll()
    clocks.suspend(2 * HOUR, monotonic_counts=True)
    events = sched.poll()
    assert [type(e) for e in events] == [Restarted]
    assert sched.remaining() == pytest.approx(50 * MIN)


def test_a_long_sleep_drops_a_break_nobody_answered(clocks):
    sched = make(clocks)
    clocks.advance(50 * MIN)
    sched.poll()
    clocks.suspend(3 * HOUR)
    assert [type(e) for e in sched.poll()] == [Restarted]
    assert not sched.due


def test_a_short_sleep_does_not_count_towards_the_break(clocks):
    sched = make(clocks)
    clocks.advance(20 * MIN)
    sched.poll()
    clocks.suspend(4 * MIN)  # under the 5 minutes away that make a break
    assert sched.poll() == []
    # 20 min counted before the sleep, none during it: 30 min to go from now
    assert sched.remaining() == pytest.approx(30 * MIN)
    assert sched.next_due() == pytest.approx(clocks.mono.now + 30 * MIN)


def test_a_short_sleep_past_the_due_time_brings_the_break_on_waking(clocks):
    # the monotonic clock ran on through a 4-minute sleep that began 2 minutes before the break
    sched = make(clocks)
    clocks.advance(48 * MIN)
    sched.poll()
    clocks.suspend(4 * MIN, monotonic_counts=True)
    assert breaks(sched.poll()) == [BreakDue(clocks.mono.now, 0)]


@pytest.mark.parametrize("monotonic_counts", [False, True])
def test_a_suspend_of_five_minutes_counts_as_a_break(clocks, monotonic_counts):
    # where the monotonic clock counts the sleep, it shows as a wake-up 5 minutes late
    sched = make(clocks)
    clocks.advance(47 * MIN)
    sched.poll()
    clocks.suspend(8 * MIN, monotonic_counts=monotonic_counts)
    assert [type(e) for e in sched.poll()] == [Restarted]
    assert sched.remaining() == pytest.approx(50 * MIN)


def test_the_time_away_that_makes_a_break_is_a_setting(clocks):
    sched = make(clocks, away_s=15 * MIN)
    clocks.advance(20 * MIN)
    sched.poll()
    clocks.suspend(10 * MIN)
    assert sched.poll() == []
    assert sched.remaining() == pytest.approx(30 * MIN)
    sched.apply_settings(replace(Settings(), remind_every_minutes=50, away_minutes=8))
    clocks.suspend(9 * MIN)
    assert [type(e) for e in sched.poll()] == [Restarted]


def test_working_hours_stop_counting_in_the_evening_and_over_the_weekend(fake_clock):
    friday_1630 = datetime(2024, 5, 10, 16, 30, tzinfo=UTC)
    clocks = Clocks(fake_clock, friday_1630)
    sched = make(clocks, hours=WorkingHours())
    # the day ends before the break: the driver wakes at 17:00 and nothing fires
    assert sched.next_due() == pytest.approx(clocks.mono.now + 30 * MIN)
    clocks.to(sched.next_due())
    assert sched.poll() == []
    assert sched.describe() == "Outside working hours; reminders start Mon 09:00"
    # a driver that only wakes when told to wakes next on Monday at 09:00
    clocks.to(sched.next_due())
    assert clocks.wall == datetime(2024, 5, 13, 9, 0, tzinfo=UTC)
    assert sched.poll() == [Resumed(clocks.mono.now, "working_hours")]
    clocks.advance(50 * MIN)
    assert len(breaks(sched.poll())) == 1


def test_outside_working_hours_never_fires(fake_clock):
    clocks = Clocks(fake_clock, datetime(2024, 5, 11, 10, 0, tzinfo=UTC))  # Saturday
    sched = make(clocks, minutes=1, hours=WorkingHours())
    for _ in range(24 * 60):
        clocks.advance(MIN)
        assert breaks(sched.poll()) == []
    assert sched.status().state == "outside_hours"


def test_working_hours_that_run_past_midnight():
    night = WorkingHours(frozenset(range(7)), time(22), time(6))
    assert night.contains(datetime(2024, 5, 6, 23, 0))
    assert night.contains(datetime(2024, 5, 7, 5, 59))
    assert not night.contains(datetime(2024, 5, 7, 6, 0))
    assert night.next_change(datetime(2024, 5, 7, 12, 0)) == datetime(2024, 5, 7, 22, 0)


def test_a_driver_waking_only_at_next_due_gets_every_break_of_a_working_day(fake_clock):
    clocks = Clocks(fake_clock, datetime(2024, 5, 6, 8, 0, tzinfo=UTC))
    sched = make(clocks, hours=WorkingHours())
    seen = []
    evening = datetime(2024, 5, 6, 20, 0, tzinfo=UTC)
    while True:
        due = sched.next_due()
        assert due is not None
        if clocks.wall + timedelta(seconds=due - clocks.mono.now) > evening:
            break
        clocks.to(due)
        for event in sched.poll():
            seen.append((type(event).__name__, clocks.wall.strftime("%H:%M")))
            if isinstance(event, BreakDue):
                sched.skip()
    assert seen == [
        ("Resumed", "09:00"),
        *[("BreakDue", f"{9 + (50 * k) // 60:02d}:{(50 * k) % 60:02d}") for k in range(1, 10)],
    ]


def test_changing_the_interval_keeps_the_time_already_counted(clocks):
    sched = make(clocks)
    clocks.advance(20 * MIN)
    sched.set_interval(30)
    assert sched.remaining() == pytest.approx(10 * MIN)
    sched.set_interval(15)
    assert sched.next_due() == pytest.approx(clocks.mono.now)
    assert len(breaks(sched.poll())) == 1


def test_turned_off_it_never_fires(clocks):
    sched = make(clocks, enabled=False)
    assert sched.next_due() is None
    clocks.advance(5 * HOUR)
    assert sched.poll() == []
    assert sched.describe() == "Break reminders are off"
    sched.set_enabled(True)
    assert sched.remaining() == pytest.approx(50 * MIN)


def test_built_from_settings_with_a_command_line_interval(clocks):
    settings = replace(
        Settings(),
        remind_every_minutes=25.0,
        snooze_minutes=2.0,
        working_hours_only=True,
        working_start="10:00",
        working_end="12:30",
    )
    sched = ReminderScheduler.from_settings(settings, clocks.mono, clocks.local)
    assert sched.interval == 25 * MIN
    assert sched.remaining() == pytest.approx(25 * MIN)
    other = ReminderScheduler.from_settings(
        settings, clocks.mono, clocks.local, interval_minutes=0.25
    )
    assert other.interval == 15
    sched.apply_settings(replace(settings, reminders_enabled=False))
    assert sched.status().state == "off"


def test_the_tooltip_counts_down_in_whole_minutes_to_the_last(fake_clock):
    clocks = Clocks(fake_clock, datetime(2024, 5, 6, 7, 0, tzinfo=UTC))
    sched = make(clocks, hours=WorkingHours())
    assert sched.describe() == "Outside working hours; reminders start at 09:00"
    clocks.advance(2 * HOUR)
    sched.poll()
    clocks.advance(38 * MIN + 30)
    assert sched.describe() == "Next break in 12 min"
    clocks.advance(11 * MIN + 15)
    assert sched.describe() == "Next break in 1 min"  # 15 s: the text changes once a minute


def test_a_pause_that_ends_while_reminders_are_off_says_nothing(clocks):
    sched = make(clocks)
    sched.pause_for(HOUR)
    sched.set_enabled(False)
    clocks.advance(2 * HOUR)
    assert sched.poll() == []
    sched.set_enabled(True)
    assert sched.status().state == "counting"
    assert sched.remaining() == pytest.approx(50 * MIN)


# --------------------------------------------------------------------------- time away


class Desk:
    """The desktop's idle time on the fake clock: seconds since the last input."""

    def __init__(self, clocks: Clocks, *, known: bool = True):
        self.clocks = clocks
        self.last_input = clocks.mono.now
        self.known = known
        self.readings = 0

    def __call__(self) -> float | None:
        self.readings += 1
        return self.clocks.mono.now - self.last_input if self.known else None

    def type_now(self) -> None:
        self.last_input = self.clocks.mono.now


def run_until(clocks, sched, mono: float, desk: Desk | None = None, typing: float = 0) -> list:
    """Drive the scheduler as the Qt driver does, waking at each ``next_due`` up to ``mono``;
    with ``typing``, the person at ``desk`` types that many seconds apart (no wake-up)."""
    events: list = []
    next_key = clocks.mono.now + typing if typing else None
    while True:
        due = sched.next_due()
        step = min(t for t in (due, next_key, mono) if t is not None)
        clocks.to(step)
        if next_key is not None and step == next_key and desk is not None:
            desk.type_now()
            next_key += typing
        if step == due:
            events += sched.poll()
        if step == mono:
            return events + (sched.poll() if step != due else [])


def work(clocks, sched, desk: Desk, seconds: float) -> list:
    """At the desk for ``seconds``, typing every 20 s."""
    return run_until(clocks, sched, clocks.mono.now + seconds, desk, typing=20)


def test_the_idle_time_is_read_exactly_when_an_absence_would_reach_five_minutes(clocks):
    desk = Desk(clocks)
    sched = make(clocks, idle=desk)
    assert sched.next_due() == pytest.approx(clocks.mono.now + 5 * MIN)
    clocks.advance(4.5 * MIN)
    desk.type_now()
    clocks.advance(0.5 * MIN)  # idle 30 s now: an absence from here is seen 4.5 min on
    sched.poll()
    assert sched.next_due() == pytest.approx(clocks.mono.now + 4.5 * MIN)


def test_an_absence_just_over_five_minutes_counts_as_a_break(clocks):
    """Seen as away a minute in, the reading at five minutes must not wait for the next
    minute's poll, by which time the person may be back."""
    desk = Desk(clocks)
    sched = make(clocks, idle=desk)
    work(clocks, sched, desk, 20 * MIN)
    desk.type_now()
    sched.poll()  # a reading at idle 0: the next is due 5 min on
    clocks.advance(30)
    desk.type_now()  # the last key press, after that reading; then 5 min 20 s away
    back = clocks.mono.now + 5 * MIN + 20
    events = []
    while sched.next_due() < back:  # the readings the driver wakes for while away
        clocks.to(sched.next_due())
        events += sched.poll()
    clocks.to(back)
    desk.type_now()  # back at the desk, with no reading in between
    events += run_until(clocks, sched, clocks.mono.now + 2 * MIN, desk, typing=20)
    assert [(type(e), e.reason) for e in events] == [(Restarted, "away")]
    assert sched.remaining() > 47 * MIN, "the interval counts from the return"


def test_five_minutes_away_count_as_a_break_and_the_timer_restarts_on_return(clocks):
    desk = Desk(clocks)
    sched = make(clocks, idle=desk)
    assert work(clocks, sched, desk, 30 * MIN) == []
    assert sched.remaining() == pytest.approx(20 * MIN)
    # then a walk: nobody types for 25 minutes
    events = run_until(clocks, sched, clocks.mono.now + 25 * MIN)
    assert [(type(e), e.reason) for e in events] == [(Restarted, "away")]
    assert breaks(events) == []
    assert sched.status().state == "away"
    assert "counts as a break" in sched.describe()
    # back: the interval counts again, from the key press seen within a minute of the return
    desk.type_now()
    work(clocks, sched, desk, 90)
    assert sched.status().state == "counting"
    assert 50 * MIN - 90 <= sched.remaining() <= 50 * MIN - 90 + AWAY_POLL


def test_an_absence_under_five_minutes_is_no_break(clocks):
    desk = Desk(clocks)
    sched = make(clocks, idle=desk)
    events = work(clocks, sched, desk, 20 * MIN)
    events += run_until(clocks, sched, clocks.mono.now + 4 * MIN + 50)
    desk.type_now()
    events += work(clocks, sched, desk, MIN)
    assert events == []
    assert sched.remaining() == pytest.approx(50 * MIN - 20 * MIN - 5 * MIN - 50)


def test_a_break_falling_due_while_away_waits_for_the_return(clocks):
    desk = Desk(clocks)
    sched = make(clocks, idle=desk)
    assert work(clocks, sched, desk, 48 * MIN) == []
    # reading, hands off the keyboard, as the break falls due at 50 min
    events = run_until(clocks, sched, clocks.mono.now + 4 * MIN)
    assert breaks(events) == []
    assert sched.status().state == "away"
    assert sched.describe() == "Away: the break waits until you are back"
    desk.type_now()
    events = work(clocks, sched, desk, MIN)
    assert len(breaks(events)) == 1
    assert sched.due


def test_a_waiting_break_is_not_asked_again_while_away_and_a_walk_answers_it(clocks):
    desk = Desk(clocks)
    sched = make(clocks, idle=desk)
    events = work(clocks, sched, desk, 50 * MIN + 1)
    assert len(breaks(events)) == 1
    # the person leaves without answering: no second ask, and the walk counts
    events = run_until(clocks, sched, clocks.mono.now + 20 * MIN)
    assert breaks(events) == []
    assert [e.reason for e in events if isinstance(e, Restarted)] == ["away"]
    assert not sched.due


def test_with_no_idle_time_known_the_plain_timer_runs(clocks):
    desk = Desk(clocks, known=False)
    sched = make(clocks, idle=desk)
    assert sched.next_due() == pytest.approx(clocks.mono.now + 50 * MIN)
    events = run_until(clocks, sched, clocks.mono.now + 50 * MIN)
    assert len(breaks(events)) == 1


def test_the_idle_time_is_not_read_while_paused_or_in_a_session(clocks):
    desk = Desk(clocks)
    sched = make(clocks, idle=desk)
    sched.session_started()
    assert sched.next_due() is None
    readings = desk.readings
    clocks.advance(HOUR)
    sched.poll()
    assert desk.readings == readings
    sched.session_ended()
    sched.pause()
    assert sched.next_due() is None


def test_a_pause_is_kept_over_a_restart_until_it_runs_out(clocks):
    sched = make(clocks)
    sched.pause_for(2 * HOUR)
    record = sched.pause_record()
    assert record == (clocks.local() + timedelta(hours=2)).isoformat(timespec="seconds")
    clocks.advance(HOUR)  # a restart an hour on (a new login, an update)
    again = ReminderScheduler.from_settings(
        Settings(reminders_paused_until=record), clocks.mono, clocks.local
    )
    assert again.status().state == "paused"
    assert again.status().until == datetime.fromisoformat(record)
    clocks.advance(2 * HOUR)  # a restart after it ran out: counting, fresh
    later = ReminderScheduler.from_settings(
        Settings(reminders_paused_until=record), clocks.mono, clocks.local
    )
    assert later.status().state == "counting"


def test_a_pause_until_resumed_is_kept_and_a_damaged_record_is_no_pause(clocks):
    sched = make(clocks)
    sched.pause()
    assert sched.pause_record() == "until_resumed"
    kept = ReminderScheduler.from_settings(
        Settings(reminders_paused_until="until_resumed"), clocks.mono, clocks.local
    )
    assert kept.status().state == "paused"
    assert kept.status().until is None
    sched.resume()
    assert sched.pause_record() == ""
