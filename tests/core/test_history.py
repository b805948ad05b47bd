"""The history is written as a session happens, survives a kill, and reads back per day."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.history import History, HistoryRecorder, is_busy, levels_of
from easeback.core.paths import paths
from easeback.core.plan import ExerciseOverride, PlanOptions, compile_plan
from easeback.core.progression import offers_for
from easeback.core.session import Session, Started
from easeback.core.settings import Settings
from tests.helpers.cli import easeback
from tests.helpers.clock import FakeClock, system_zone

CAT = load_catalogue()
PLUS_2 = timezone(timedelta(hours=2))


class LocalClock:
    """The person's local time, set by the test."""

    def __init__(self, when: datetime):
        self.when = when

    def __call__(self) -> datetime:
        return self.when


@pytest.fixture
def local():
    return LocalClock(datetime(2024, 5, 6, 10, 0, tzinfo=PLUS_2))


@pytest.fixture
def history(local):
    db = History(now=local)
    yield db
    db.close()


def plan_of(item_id, **override):
    options = PlanOptions(overrides={item_id: ExerciseOverride(**override)} if override else {})
    return compile_plan(CAT, item_id, options)


def record(history, local, when, item_id="desk-break", *, completed=True, seconds=None, **override):
    """One whole session started at ``when`` (local time)."""
    local.when = when
    recorder = HistoryRecorder(history)
    recorder.begin(plan_of(item_id, **override))
    recorder.end(completed, seconds)
    return recorder


class Run:
    """A real session on a fake clock whose events go to a recorder, as in the window."""

    def __init__(self, history, item_id, **override):
        self.plan = plan_of(item_id, **override)
        self.clock = FakeClock()
        self.session = Session(self.plan, self.clock)
        self.recorder = HistoryRecorder(history)
        self.session.start()
        self.feed()

    def feed(self):
        for event in self.session.poll():
            self.recorder.feed(event)

    def wait(self, seconds):
        """Let ``seconds`` run, polled every half second at most."""
        end = self.clock.now + seconds
        while self.clock.now < end - 1e-9:
            self.clock.set(min(end, self.clock.now + 0.5))
            self.feed()

    def press(self, action, after=0.0):
        self.wait(after)
        getattr(self.session, action)()
        self.feed()

    def to_end(self):
        while self.session.state == "running":
            self.clock.set(self.session.next_wakeup())
            self.feed()


def test_a_session_row_is_written_at_start_after_each_phase_and_at_the_end(history, local):
    run = Run(history, "bridge")
    plan = run.plan
    reader = History(now=local)  # a second connection, as `easeback history` would open
    row = reader.session(run.recorder.row)
    assert (row.status, row.phases_completed, row.seconds_done) == ("running", 0, 0)
    assert row.phases_total == len(plan.phases)
    run.wait(plan.phases[2].start + 1)
    row = reader.session(run.recorder.row)
    assert row.phases_completed == 2
    assert row.seconds_done == pytest.approx(plan.phases[2].start)
    assert row.reps == (plan.phases[1].reps, 3 * plan.phases[1].reps)
    row_id = run.recorder.row
    local.when += timedelta(minutes=9)
    run.to_end()
    row = reader.session(row_id)
    assert row.status == "completed"
    assert row.phases_completed == len(plan.phases)
    assert row.seconds_done == pytest.approx(plan.total_seconds)
    assert row.reps == (3 * plan.phases[1].reps,) * 2
    assert row.ended_at == datetime(2024, 5, 6, 8, 9, tzinfo=UTC)
    assert not run.recorder.active
    reader.close()


def test_times_are_stored_in_utc_with_the_persons_local_date(history, local):
    record(history, local, datetime(2024, 5, 7, 0, 30, tzinfo=PLUS_2))
    (row,) = history.recent()
    assert row.started_at == datetime(2024, 5, 6, 22, 30, tzinfo=UTC)
    assert row.local_date == date(2024, 5, 7)
    assert row.local_time == "00:30"


def test_a_stopped_session_is_partial_with_the_time_it_ran(history):
    run = Run(history, "seated-leg-to-chest")
    hold = run.plan.phases[1]
    run.press("pause", after=hold.start + 30)
    run.clock.advance(300)  # paused for five minutes: not counted
    run.press("resume")
    run.press("skip")  # the rest of the first hold: not counted
    run.press("stop", after=5.5)
    (row,) = history.recent()
    assert row.status == "partial"
    assert row.seconds_done == pytest.approx(hold.start + 30 + 5.5)
    assert row.holds == (0, 2)
    assert [(p.side, p.seconds) for p in row.done] == [("left", pytest.approx(30)), ("right", 0)]


def test_the_recorder_follows_a_real_session_through_its_events(history):
    run = Run(history, "knee-to-chest")
    halfway = run.plan.phases[len(run.plan.phases) // 2]
    run.wait(halfway.start + 0.5)
    row = history.session(run.recorder.row)
    assert row.phases_completed == halfway.index
    run.press("stop")
    (row,) = history.recent()
    assert row.status == "partial"
    assert row.seconds_done == pytest.approx(halfway.start + 0.5)


def test_a_session_begun_by_hand_and_then_started_is_one_row(history):
    plan = plan_of("knee-to-chest")
    recorder = HistoryRecorder(history)
    recorder.begin(plan)
    session = Session(plan, FakeClock())
    session.start()
    for event in session.poll():
        recorder.feed(event)
    assert len(history.recent()) == 1


def test_an_insert_that_failed_is_made_with_the_next_write(history, local):
    run = Run(history, "bridge")
    first = run.recorder.row
    run.recorder.row = None  # as if the insert had failed (a locked database)
    run.wait(run.plan.phases[1].start + 0.5)
    assert run.recorder.row != first
    row = history.session(run.recorder.row)
    assert (row.status, row.phases_completed) == ("running", 1)


def test_a_running_row_whose_process_is_gone_reads_as_interrupted(history, local):
    run = Run(history, "bridge")
    run.wait(run.plan.phases[1].start + 1)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    with sqlite3.connect(paths().history_db) as db:
        db.execute("UPDATE sessions SET pid = ?", (int(gone.stdout),))
    (row,) = History(now=local).recent()
    assert row.status == "interrupted"
    assert row.phases_completed == 1


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_killed_session_leaves_a_readable_database_with_the_phases_done():
    child = textwrap.dedent(
        """
        import sys
        from easeback.core.catalogue import load_catalogue
        from easeback.core.history import HistoryRecorder
        from easeback.core.plan import compile_plan
        from easeback.core.session import Session

        plan = compile_plan(load_catalogue(), "glute-strength")
        now = [0.0]
        session = Session(plan, lambda: now[0])
        recorder = HistoryRecorder()
        session.start()
        while now[0] < plan.phases[3].start + 0.5:  # into phase 4
            now[0] += 0.5
            for event in session.poll():
                recorder.feed(event)
        print(recorder.row, flush=True)
        sys.stdin.readline()  # stay in the middle of phase 4 until killed
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", child],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip().isdigit(), line or proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stdin.close()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    history = History()
    (row,) = history.recent()
    plan = compile_plan(CAT, "glute-strength")
    assert row.id == int(line)
    assert row.status == "interrupted"
    assert row.phases_completed == 3
    assert row.seconds_done == pytest.approx(sum(p.seconds for p in plan.phases[:3]))
    assert row.name == "Glute strength"
    history.close()


def test_minutes_per_day_uses_local_dates_and_fills_empty_days(history, local):
    today = datetime(2024, 5, 6, 10, 0, tzinfo=PLUS_2)
    record(
        history,
        local,
        today - timedelta(days=2),
        "seated-leg-to-chest",
        completed=False,
        seconds=90,
    )
    record(
        history,
        local,
        today - timedelta(days=2, hours=1),
        "seated-leg-to-chest",
        completed=False,
        seconds=30,
    )
    record(history, local, today, "seated-leg-to-chest", completed=False, seconds=300)
    local.when = today
    days = history.minutes_per_day(5)
    assert days == [
        (date(2024, 5, 2), 0.0),
        (date(2024, 5, 3), 0.0),
        (date(2024, 5, 4), 2.0),
        (date(2024, 5, 5), 0.0),
        (date(2024, 5, 6), 5.0),
    ]
    assert len(history.minutes_per_day()) == 30


def test_streak_counts_consecutive_days_up_to_today_or_yesterday(history, local):
    monday = datetime(2024, 5, 6, 18, 0, tzinfo=PLUS_2)
    for back in (1, 2, 3, 5):
        record(history, local, monday - timedelta(days=back))
    local.when = monday.replace(hour=8)
    # nothing yet today: the streak still stands on yesterday
    assert history.streak() == 3
    record(history, local, monday)
    assert history.streak() == 4
    # two days later with nothing done in between: the streak is broken
    local.when = monday + timedelta(days=2)
    assert history.streak() == 0


def test_streak_counts_a_partial_day_of_two_minutes_but_not_less(history, local):
    day = datetime(2024, 5, 6, 12, 0, tzinfo=PLUS_2)
    record(history, local, day - timedelta(days=1), "bridge", completed=False, seconds=119)
    record(history, local, day, "bridge", completed=False, seconds=60)
    record(history, local, day + timedelta(hours=1), "bridge", completed=False, seconds=60)
    assert history.streak(date(2024, 5, 6)) == 1
    assert history.streak(date(2024, 5, 5)) == 0


def test_levels_are_recorded_per_exercise_and_counted_per_level(history, local):
    when = local.when
    record(history, local, when, "glute-med-side-lying", reps=12)
    record(history, local, when, "glute-med-side-lying", reps=10)
    record(history, local, when, "glute-med-side-lying", reps=10)
    record(history, local, when, "glute-med-side-lying", completed=False, reps=10)
    record(history, local, when, "glute-strength")  # the routine runs it at its default, 10
    assert history.completed_in_a_row("glute-med-side-lying", {"reps": 10}) == 3
    assert history.completed_in_a_row("glute-med-side-lying", {"reps": 12}) == 0, "left since"
    assert history.completed_in_a_row("bridge", {"reps": 15}) == 1
    assert levels_of(plan_of("seated-leg-cross", hold_seconds=75)) == {
        "seated-leg-cross": {"hold_seconds": 75.0, "sets": 1}
    }
    assert levels_of(plan_of("knee-to-chest", sets=2)) == {
        "knee-to-chest": {"hold_seconds": 5.0, "sets": 2}
    }


def test_a_run_at_a_level_is_ended_by_another_level_or_a_session_marked_too_hard(history, local):
    glute = "glute-med-side-lying"
    for reps in (10, 10, 10, 8, 10):
        record(history, local, local.when, glute, reps=reps)
    record(history, local, local.when, glute, completed=False, reps=10)  # passed over
    record(history, local, local.when, "bridge")  # not this exercise: passed over
    record(history, local, local.when, glute, reps=10)
    assert history.completed_in_a_row(glute, {"reps": 10}) == 2, "back to the session at 8"
    (marked,) = [r for r in history.recent() if r.plan_id == glute][:1]
    assert history.mark_too_hard(marked.id)
    assert history.completed_in_a_row(glute, {"reps": 10}) == 0, "too hard ends the run"
    record(history, local, local.when, glute, reps=10)
    assert history.completed_in_a_row(glute, {"reps": 10}) == 1
    # kept beside the level, which reads as before; the export shows it
    kept = history.session(marked.id)
    assert kept.levels[glute] == {"reps": 10, "sets": 3, "too_hard": True}
    assert kept.status == "completed"
    assert kept.to_json()["levels"][glute]["too_hard"] is True
    assert not history.mark_too_hard(9999), "no such session"


def test_schema_is_versioned_and_the_journal_is_wal(history, local):
    record(history, local, local.when)
    with sqlite3.connect(paths().history_db) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


VERSION_1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY, plan_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    started_at TEXT NOT NULL, local_date TEXT NOT NULL, local_time TEXT NOT NULL,
    ended_at TEXT, updated_at TEXT NOT NULL, seconds_done REAL NOT NULL DEFAULT 0,
    total_seconds REAL NOT NULL, phases_completed INTEGER NOT NULL DEFAULT 0,
    phases_total INTEGER NOT NULL, status TEXT NOT NULL, levels TEXT NOT NULL DEFAULT '{}',
    pid INTEGER NOT NULL DEFAULT 0);
INSERT INTO sessions VALUES (1, 'bridge', 'Bridge', 'exercise', '2024-05-06T08:00:00+00:00',
    '2024-05-06', '10:00', '2024-05-06T08:02:00+00:00', '2024-05-06T08:02:00+00:00', 120,
    416, 3, 7, 'stopped', '{"bridge": {"reps": 15}}', 0);
PRAGMA user_version = 1;
"""


def test_a_version_1_history_is_kept_and_its_stopped_sessions_read_as_partial(local):
    db_path = paths().history_db
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as db:
        db.executescript(VERSION_1)
    history = History(now=local)
    (row,) = history.recent()
    assert (row.status, row.seconds_done, row.done) == ("partial", 120, ())
    record(history, local, local.when, "bridge")
    assert [r.status for r in history.recent()] == ["completed", "partial"]
    history.close()


def test_reading_a_history_that_does_not_exist_creates_nothing(local):
    history = History(now=local)
    assert history.recent() == []
    assert history.streak() == 0
    assert history.minutes_per_day(3) == [
        (date(2024, 5, 4), 0.0),
        (date(2024, 5, 5), 0.0),
        (date(2024, 5, 6), 0.0),
    ]
    assert not paths().history_db.exists()


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_new_history_starts(local):
    db_path = paths().history_db
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not SQLite at all\n" * 100)
    history = History(now=local)
    assert history.recent() == []
    assert "moved to history.sqlite3.corrupt-" in history.message
    (aside,) = db_path.parent.glob("history.sqlite3.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not SQLite")
    record(history, local, local.when)
    assert len(history.recent()) == 1


def test_two_damaged_files_in_one_second_are_both_kept(local):
    db_path = paths().history_db
    db_path.parent.mkdir(parents=True)
    for damage in (b"first damaged file\n", b"second damaged file\n"):
        db_path.write_bytes(damage * 100)
        history = History(now=local)
        history.recent()
        history.close()
    kept = sorted(p.read_bytes()[:6] for p in db_path.parent.glob("history.sqlite3.corrupt-*"))
    assert kept == [b"first ", b"second"]


def test_a_database_with_damaged_pages_is_moved_aside(local):
    history = History(now=local)
    for day in range(200):
        record(history, local, local.when - timedelta(days=day))
    history.close()
    db_path = paths().history_db
    data = bytearray(db_path.read_bytes())
    assert len(data) > 4 * 4096
    data[4096 : 3 * 4096] = b"\xff" * (2 * 4096)  # wreck pages 2 and 3
    db_path.write_bytes(bytes(data))
    damaged = History(now=local)
    assert damaged.recent() == []
    assert "damaged" in (damaged.message or "")
    assert list(db_path.parent.glob("history.sqlite3.corrupt-*"))
    damaged.close()


def test_a_history_that_cannot_be_written_raises_a_database_error_that_is_not_busy(local):
    db_path = paths().history_db
    db_path.mkdir(parents=True)  # a folder where the file should be
    recorder = HistoryRecorder(History(now=local))
    with pytest.raises(sqlite3.Error) as raised:
        recorder.feed(Started(plan_of("bridge")))
    assert not is_busy(raised.value), "not worth waiting for: said at once"


def test_a_write_while_another_connection_holds_an_exclusive_lock_is_busy(history, local):
    record(history, local, local.when)  # the file exists, in WAL mode
    holder = sqlite3.connect(paths().history_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        quick = History(now=local, timeout=0.01)
        with pytest.raises(sqlite3.OperationalError) as raised:
            HistoryRecorder(quick).feed(Started(plan_of("bridge")))
        assert is_busy(raised.value)
        assert len(quick.recent()) == 1, "reading goes on while the lock is held"
        quick.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_deleted_session_is_left_out_of_every_reading_until_restored(history, local):
    record(history, local, local.when, "bridge")
    kept = record(history, local, local.when, "bridge")
    deleted = history.recent()[0].id
    assert history.completed_in_a_row("bridge", {"reps": 15}) == 2
    history.delete_session(deleted)
    assert [r.id for r in history.recent()] == [kept.history.recent()[0].id]
    assert history.completed_in_a_row("bridge", {"reps": 15}) == 1
    assert history.minutes_per_day(1)[0][1] == pytest.approx(plan_of("bridge").total_seconds / 60)
    assert len(history.since()) == 1
    history.restore_session(deleted)
    assert len(history.recent()) == 2
    history.delete_session(deleted)
    assert history.purge_deleted() == 1
    assert history.session(deleted) is None
    assert len(history.recent()) == 1


# --------------------------------------------------------------------------- the command


def bridge_reps():
    return sum(p.reps for p in plan_of("bridge").phases if p.kind == "reps")


def easeback_out(*args):
    return easeback(*args).stdout


def test_history_command_says_plainly_when_there_is_nothing_yet():
    assert "No sessions recorded yet" in easeback_out("history")
    data = json.loads(easeback_out("history", "--json", "--days", "7"))
    assert data["sessions"] == []
    assert [d["minutes"] for d in data["minutes_per_day"]] == [0] * 7
    assert data["streak"]["days"] == 0


def test_history_command_shows_sessions_minutes_per_day_and_streak():
    now = datetime.now().astimezone()  # the real local time, as the command uses
    local = LocalClock(now)
    history = History(now=local)
    record(history, local, now - timedelta(days=1), "desk-break")
    record(history, local, now, "bridge", completed=False, seconds=150)
    history.close()

    out = easeback_out("history", "--days", "3")
    lines = out.splitlines()
    assert "Last 2 sessions:" in lines[0]
    assert "Bridge" in lines[1]
    assert f"Partial: 0 of {bridge_reps()} reps" in lines[1]
    assert "2:30" in lines[1]
    assert "Desk break" in lines[2]
    assert "Completed" in lines[2]
    assert "Minutes per day, last 3 days:" in out
    today_line = next(line for line in lines if now.date().isoformat() in line and "#" in line)
    assert today_line.rstrip().endswith("2.5")
    assert "Streak: 2 days" in out

    data = json.loads(easeback_out("history", "--json", "--days", "3"))
    assert [s["plan_id"] for s in data["sessions"]] == ["bridge", "desk-break"]
    assert data["sessions"][0]["status"] == "partial"
    assert data["sessions"][1]["levels"] == {
        "seated-leg-to-chest": {"hold_seconds": 120.0, "sets": 1}
    }
    assert data["sessions"][0]["reps"] == {"done": 0, "planned": bridge_reps()}
    assert [(d["side"], d["holds"], d["holds_planned"]) for d in data["sessions"][1]["done"]] == [
        ("left", 1, 1),
        ("right", 1, 1),
    ]
    assert data["minutes_per_day"][-1] == {"date": now.date().isoformat(), "minutes": 2.5}
    assert len(data["minutes_per_day"]) == 3
    assert data["streak"]["days"] == 2


def test_skipping_through_desk_break_in_two_seconds_records_two_seconds_partial(history, local):
    """Five skips in two seconds used to record 264 s and 'completed'."""
    run = Run(history, "desk-break")
    for _ in range(5):  # Right, five times, about every 0.4 s
        run.press("skip", after=0.4)
    assert run.session.state == "finished"
    (row,) = history.recent()
    assert row.status == "partial"
    assert row.seconds_done == pytest.approx(2.0)
    assert row.holds == (0, 2)
    assert history.minutes_per_day(1) == [(local.when.date(), pytest.approx(2.0 / 60))]


def test_three_sessions_skipped_through_earn_no_progression_offer(history):
    for _ in range(3):
        run = Run(history, "glute-med-side-lying")
        while run.session.state == "running":
            run.press("skip", after=0.5)
    assert [r.status for r in history.recent()] == ["partial"] * 3
    assert offers_for(levels_of(plan_of("glute-med-side-lying")), CAT, Settings(), history) == []
    for _ in range(3):  # the same three, run to their end, do earn one
        Run(history, "glute-med-side-lying").to_end()
    (offer,) = offers_for(levels_of(plan_of("glute-med-side-lying")), CAT, Settings(), history)
    assert offer.sessions == 3


def test_history_csv_lists_every_session_oldest_first_with_what_it_did():
    now = datetime.now().astimezone()
    local = LocalClock(now)
    history = History(now=local)
    record(history, local, now - timedelta(days=40), "desk-break")
    record(history, local, now - timedelta(days=1), "bridge", completed=False, seconds=75.5)
    local.when = now
    run = Run(history, "desk-break")
    for _ in range(5):
        run.press("skip", after=0.4)
    history.close()

    rows = list(csv.DictReader(io.StringIO(easeback_out("history", "--csv"))))
    assert [r["plan_id"] for r in rows] == ["desk-break", "bridge", "desk-break"]
    old, bridge, skipped = rows
    whole = str(round(plan_of("desk-break").total_seconds, 1))
    assert (old["status"], old["seconds_done"], old["holds_done"]) == ("completed", whole, "2")
    assert (bridge["status"], bridge["seconds_done"], bridge["reps_planned"]) == (
        "partial",
        "75.5",
        str(bridge_reps()),
    )
    assert skipped["date"] == now.date().isoformat()
    assert (skipped["seconds_done"], skipped["holds_done"], skipped["holds_planned"]) == (
        "2.0",
        "0",
        "2",
    )
    recent = list(csv.DictReader(io.StringIO(easeback_out("history", "--csv", "--days", "2"))))
    assert [r["name"] for r in recent] == ["Bridge", "Desk break"]


def test_history_csv_and_json_together_are_refused():
    result = subprocess.run(
        [sys.executable, "-m", "easeback", "history", "--csv", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


def test_a_zone_a_whole_day_ahead_falls_back_to_utc_instead_of_failing():
    """POSIX allows TZ=XYZ-24; Python's datetime cannot hold a 24-hour offset."""
    from easeback.core.time import local_now

    with system_zone("XYZ-24"):
        now = local_now()
    assert now.utcoffset() == timedelta(0)


def test_a_history_file_removed_mid_session_gets_the_session_in_a_new_one(history, local):
    """A cleaner or a sync tool removes the file while Easeback runs: SQLite would go on
    writing to the unlinked file, and every session after it would be lost."""
    started = local.when
    run = Run(history, "knee-to-chest")
    run.wait(30)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{history.path}{suffix}").unlink(missing_ok=True)
    local.when = started + timedelta(minutes=2)
    run.to_end()
    assert history.path.exists(), "a new history file was started"
    assert "was removed while Easeback ran" in (history.message or "")
    (kept,) = History(now=local).recent()
    assert kept.status == "completed"
    assert kept.started_at == started, "the session keeps its own start"
    record(history, local, started + timedelta(minutes=5))  # and the next goes there too
    assert len(History(now=local).recent()) == 2


# ----------------------------------------------------------- values that will not parse


def dump(path):
    """Every row of the file, as SQL: what must not change when it is read."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def spoil(path, row, column, value):
    """One value of one row, as a database browser or another tool might write it."""
    with sqlite3.connect(path) as conn:
        conn.execute(f"UPDATE sessions SET {column} = ? WHERE id = ?", (value, row))
    conn.close()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("local_date", "2026-13-45"),
        ("started_at", "yesterday"),
        ("ended_at", "soon"),
        ("seconds_done", "lots"),
        ("total_seconds", "inf"),
        ("phases_total", "seven"),
    ],
)
def test_a_row_with_a_value_that_will_not_parse_is_left_out_named_and_kept(
    history, local, column, value
):
    """One bad value used to end every reading in a ValueError: the CLI's history in a
    traceback, the window's History page not at all."""
    today = local.when
    for days_ago in (2, 1, 0):
        record(history, local, today - timedelta(days=days_ago))
    first, spoilt, last = (r.id for r in history.since())
    spoil(history.path, spoilt, column, value)
    before = dump(history.path)

    assert [r.id for r in history.recent()] == [last, first]
    assert [r.id for r in history.since()] == [first, last]
    assert history.session(spoilt) is None
    assert history.streak() >= 1
    assert len(history.minutes_per_day(7)) == 7
    assert history.message == (
        f"1 session is left out: the exercise history {history.path} has values that "
        f"cannot be read (row {spoilt}, {column} {value!r}). The file is left as it is."
    )
    assert dump(history.path) == before


def test_a_day_that_will_not_parse_leaves_the_figures_per_day_and_names_its_rows(local):
    """Minutes per day and the streak sum by day in SQL: an impossible day inside their
    range (here the 0th of May) is left out of them, not raised."""
    history = History(now=local)
    today = local.when
    for days_ago in (1, 0, 0):
        record(history, local, today - timedelta(days=days_ago))
    rows = [r.id for r in history.since()]
    history.close()
    for row in rows[1:]:
        spoil(history.path, row, "local_date", "2024-05-00")
    before = dump(history.path)

    fresh = History(now=local)
    assert fresh.minutes_per_day(2)[0][1] > 0
    assert fresh.minutes_per_day(2)[1] == (date(2024, 5, 6), 0.0)
    assert fresh.streak() == 1  # yesterday's session still counts
    assert fresh.message is not None
    assert f"2 sessions are left out: the exercise history {fresh.path}" in fresh.message
    assert f"(row {rows[1]}, local_date '2024-05-00'; row {rows[2]}, " in fresh.message
    fresh.close()
    assert dump(history.path) == before


def test_many_unreadable_rows_are_counted_named_up_to_three_and_said_once(history, local):
    start = local.when
    for minutes in range(5):
        record(history, local, start + timedelta(minutes=minutes))
    for row in (r.id for r in history.since()):
        spoil(history.path, row, "started_at", "")
    assert history.recent() == []
    assert history.message is not None
    assert "5 sessions are left out" in history.message
    assert "(row 1, started_at ''; row 2, started_at ''; row 3, started_at ''; and 2 more)" in (
        history.message
    )
    history.message = None  # said (the window's status bar takes it so)
    assert history.since() == []
    assert history.message is None, "the same rows are not said again"


def test_history_command_shows_the_readable_sessions_and_names_the_one_that_is_not():
    now = datetime.now().astimezone()
    local = LocalClock(now)
    history = History(now=local)
    for minutes in (2, 1, 0):
        record(history, local, now - timedelta(minutes=minutes), "desk-break")
    rows = [r.id for r in history.since()]
    history.close()
    spoil(history.path, rows[1], "local_date", "2026-13-45")
    before = dump(history.path)
    named = f"(row {rows[1]}, local_date '2026-13-45')"

    plain = easeback("history")
    assert "Last 2 sessions:" in plain.stdout
    assert named in plain.stderr
    as_json = easeback("history", "--json")
    assert [s["id"] for s in json.loads(as_json.stdout)["sessions"]] == [rows[2], rows[0]]
    assert named in as_json.stderr
    as_csv = easeback("history", "--csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == 2
    assert as_csv.stderr.startswith("warning: 1 session is left out:")
    assert named in as_csv.stderr
    assert dump(history.path) == before


def test_history_csv_says_when_a_damaged_file_was_moved_aside():
    """The CSV form used to move the file aside without a word: a spreadsheet export got
    a header and nothing else, and no sign of why."""
    db_path = paths().history_db
    db_path.parent.mkdir(parents=True)
    db_path.write_text("text\n", encoding="utf-8")
    result = easeback("history", "--csv")
    assert result.stdout.splitlines() == [",".join(csv_columns())]
    assert result.stderr.startswith(f"warning: The exercise history {db_path} was damaged")
    assert "moved to history.sqlite3.corrupt-" in result.stderr
    assert list(db_path.parent.glob("history.sqlite3.corrupt-*"))


def csv_columns():
    from easeback.cli.history import CSV_COLUMNS

    return CSV_COLUMNS
