"""Exercise history: one SQLite row per session, written as the session happens.

A row is inserted when a session begins, updated (and committed) after every
completed phase, and closed when the session ends, so a crash or a kill loses
at most the phase in progress. A row still marked ``running`` whose process is
gone reads back as ``interrupted``.

The database lives in the user data folder (``paths().history_db``), in WAL
mode so ``easeback history`` can read while the window writes. It is opened on
first use; a damaged file is moved aside (``.corrupt-<timestamp>``), a new one
is started and ``History.message`` says so: the app never stops over it. The
schema version is kept in ``PRAGMA user_version``.

Each row also records the level every exercise ran at (reps and/or hold
seconds, as a JSON object), so progression can count sessions per level.

The streak is the number of consecutive local days, up to today, on which the
person exercised: a day counts when it has at least one completed session, or
sessions adding up to at least two minutes of exercise (an interrupted or
stopped session still counts for the time it ran). Today counts once it
qualifies; until then the streak runs up to yesterday, so it does not drop to
zero in the morning.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from easeback.core.paths import paths
from easeback.core.plan import Plan
from easeback.core.session import Event, Finished, PhaseStarted
from easeback.core.time import LocalClock, local_now

SCHEMA_VERSION = 1
STREAK_MIN_SECONDS = 120.0
STREAK_RULE = (
    "consecutive days up to today with a completed session or at least 2 minutes of exercise"
)
LIVE_FOR = 12 * 3600.0  # a 'running' row not updated for this long is taken as interrupted
RECENT = 10

Status = Literal["running", "completed", "stopped", "interrupted"]
Level = Mapping[str, float]  # {"reps": 12} and/or {"hold_seconds": 75.0}

_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS sessions (
    id               INTEGER PRIMARY KEY,
    plan_id          TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    kind             TEXT    NOT NULL,            -- 'exercise' or 'routine'
    started_at       TEXT    NOT NULL,            -- UTC, ISO 8601
    local_date       TEXT    NOT NULL,            -- the person's date at the start, YYYY-MM-DD
    local_time       TEXT    NOT NULL,            -- the person's clock at the start, HH:MM
    ended_at         TEXT,                        -- UTC, ISO 8601; NULL while running
    updated_at       TEXT    NOT NULL,            -- UTC, ISO 8601; last write
    seconds_done     REAL    NOT NULL DEFAULT 0,  -- plan seconds done (pauses excluded)
    total_seconds    REAL    NOT NULL,
    phases_completed INTEGER NOT NULL DEFAULT 0,
    phases_total     INTEGER NOT NULL,
    status           TEXT    NOT NULL,            -- 'running', 'completed' or 'stopped'
    levels           TEXT    NOT NULL DEFAULT '{}', -- {exercise id: {"reps": n, "hold_seconds": s}}
    pid              INTEGER NOT NULL DEFAULT 0   -- the process writing a running row
)""",
    "CREATE INDEX IF NOT EXISTS sessions_by_date ON sessions (local_date)",
)


# (database path, row id) of the sessions this process is writing now
_WRITING: set[tuple[str, int]] = set()


class _Corrupt(Exception):
    pass


@dataclass(frozen=True)
class SessionRecord:
    id: int
    plan_id: str
    name: str
    kind: str
    started_at: datetime
    local_date: date
    local_time: str
    ended_at: datetime | None
    seconds_done: float
    total_seconds: float
    phases_completed: int
    phases_total: int
    status: Status
    levels: Mapping[str, Level] = field(default_factory=dict)

    @property
    def minutes(self) -> float:
        return self.seconds_done / 60.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "name": self.name,
            "kind": self.kind,
            "started_at": self.started_at.isoformat(),
            "local_date": self.local_date.isoformat(),
            "local_time": self.local_time,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "seconds_done": round(self.seconds_done, 3),
            "minutes": round(self.minutes, 2),
            "total_seconds": round(self.total_seconds, 3),
            "phases_completed": self.phases_completed,
            "phases_total": self.phases_total,
            "status": self.status,
            "levels": {k: dict(v) for k, v in self.levels.items()},
        }


def levels_of(plan: Plan) -> dict[str, dict[str, float]]:
    """The reps and hold length each exercise of ``plan`` runs at (its first movement's)."""
    levels: dict[str, dict[str, float]] = {ex: {} for ex in plan.exercises}
    for phase in plan.phases:
        if phase.final:
            continue
        level = levels.setdefault(phase.exercise, {})
        if phase.kind == "reps" and phase.reps is not None:
            level.setdefault("reps", phase.reps)
        elif phase.kind == "hold":
            level.setdefault("hold_seconds", phase.seconds)
    return levels


def _utc(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class History:
    """The history database. Opens lazily; reads of a missing file are empty, not an error."""

    def __init__(self, path: Path | None = None, *, now: LocalClock = local_now):
        self.path = path or paths().history_db
        self.now = now
        self.message: str | None = None  # set when a damaged file was moved aside
        self._conn: sqlite3.Connection | None = None

    # ------------------------------------------------------------------ opening
    def _db(self, *, create: bool = True) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not create and not self.path.exists():
            return None
        try:
            self._conn = self._open()
        except sqlite3.OperationalError as exc:
            if create or self._writable():
                raise
            self._conn = self._open_to_read(exc)  # a read-only data folder or file
        except _Corrupt as exc:
            aside = self._move_aside()
            self.message = (
                f"The exercise history {self.path} was damaged ({exc}); it was moved to "
                f"{aside.name} and a new history was started."
            )
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise _Corrupt(str(check[0]) if check else "quick_check gave no answer")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if version < SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            # A newer Easeback's file (higher version) is used as it is: it only adds columns.
        except sqlite3.DatabaseError as exc:
            conn.close()
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise _Corrupt(str(exc)) from exc
            raise
        except _Corrupt:
            conn.close()
            raise
        return conn

    def _writable(self) -> bool:
        return os.access(self.path.parent, os.W_OK) and os.access(self.path, os.W_OK)

    def _open_to_read(self, problem: sqlite3.OperationalError) -> sqlite3.Connection:
        """The file opened only to read it, where it cannot be opened to write."""
        conn = sqlite3.connect(f"{self.path.as_uri()}?immutable=1", uri=True)
        self.message = (
            f"The exercise history {self.path} can only be read here ({problem}): "
            "it is shown as it is, and new sessions cannot be recorded."
        )
        return conn

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.replace(Path(f"{aside}{suffix}"))
        return aside

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # ------------------------------------------------------------------ writing
    def start_session(self, plan: Plan) -> int:
        """Insert a running row for ``plan``; returns its id."""
        db = self._db()
        assert db is not None
        now = self.now()
        cursor = db.execute(
            "INSERT INTO sessions (plan_id, name, kind, started_at, local_date, local_time,"
            " updated_at, total_seconds, phases_total, status, levels, pid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)",
            (
                plan.id,
                plan.name,
                plan.kind,
                _utc(now),
                now.date().isoformat(),
                now.strftime("%H:%M"),
                _utc(now),
                plan.total_seconds,
                len(plan.phases),
                json.dumps(levels_of(plan), sort_keys=True),
                os.getpid(),
            ),
        )
        row = cursor.lastrowid
        assert row is not None
        _WRITING.add((str(self.path), row))
        return row

    def update_session(self, row: int, phases_completed: int, seconds_done: float) -> None:
        db = self._db()
        assert db is not None
        db.execute(
            "UPDATE sessions SET phases_completed = ?, seconds_done = ?, updated_at = ?"
            " WHERE id = ?",
            (phases_completed, seconds_done, _utc(self.now()), row),
        )

    def finish_session(
        self, row: int, *, completed: bool, phases_completed: int, seconds_done: float
    ) -> None:
        db = self._db()
        assert db is not None
        now = _utc(self.now())
        db.execute(
            "UPDATE sessions SET status = ?, phases_completed = ?, seconds_done = ?,"
            " ended_at = ?, updated_at = ? WHERE id = ?",
            (
                "completed" if completed else "stopped",
                phases_completed,
                seconds_done,
                now,
                now,
                row,
            ),
        )
        _WRITING.discard((str(self.path), row))

    # ------------------------------------------------------------------ reading
    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        db = self._db(create=False)
        if db is None:
            return []
        return list(db.execute(sql, params).fetchall())

    def _record(self, r: tuple[Any, ...]) -> SessionRecord:
        (row, plan_id, name, kind, started, local_date, local_time, ended, updated) = r[:9]
        seconds, total, done, phases, status, levels, pid = r[9:]
        if status == "running" and not self._running(row, pid, updated):
            status = "interrupted"
        try:
            parsed = json.loads(levels)
        except ValueError:
            parsed = {}
        return SessionRecord(
            id=row,
            plan_id=plan_id,
            name=name,
            kind=kind,
            started_at=datetime.fromisoformat(started),
            local_date=date.fromisoformat(local_date),
            local_time=local_time,
            ended_at=_parse_time(ended),
            seconds_done=float(seconds),
            total_seconds=float(total),
            phases_completed=int(done),
            phases_total=int(phases),
            status=status,
            levels=parsed if isinstance(parsed, dict) else {},
        )

    def _running(self, row: int, pid: int, updated: str) -> bool:
        if pid == os.getpid():
            return (str(self.path), row) in _WRITING
        age = (self.now() - datetime.fromisoformat(updated)).total_seconds()
        return age < LIVE_FOR and _pid_alive(pid)

    _COLUMNS = (
        "id, plan_id, name, kind, started_at, local_date, local_time, ended_at, updated_at,"
        " seconds_done, total_seconds, phases_completed, phases_total, status, levels, pid"
    )

    def recent(self, limit: int = RECENT) -> list[SessionRecord]:
        """The last ``limit`` sessions, newest first."""
        rows = self._rows(
            f"SELECT {self._COLUMNS} FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [self._record(r) for r in rows]

    def session(self, row: int) -> SessionRecord | None:
        rows = self._rows(f"SELECT {self._COLUMNS} FROM sessions WHERE id = ?", (row,))
        return self._record(rows[0]) if rows else None

    def today(self) -> date:
        return self.now().date()

    def minutes_per_day(
        self, days: int = 30, today: date | None = None
    ) -> list[tuple[date, float]]:
        """Minutes exercised on each of the last ``days`` local days, oldest first, zeros kept."""
        today = today or self.today()
        first = today - timedelta(days=days - 1)
        totals = {
            date.fromisoformat(d): float(s) / 60.0
            for d, s in self._rows(
                "SELECT local_date, SUM(seconds_done) FROM sessions"
                " WHERE local_date BETWEEN ? AND ? GROUP BY local_date",
                (first.isoformat(), today.isoformat()),
            )
        }
        return [(day, totals.get(day, 0.0)) for day in (first + timedelta(n) for n in range(days))]

    def streak(self, today: date | None = None) -> int:
        """Days in a row that count (see the module docstring), up to today or yesterday."""
        today = today or self.today()
        counted = {
            date.fromisoformat(d)
            for d, seconds, completed in self._rows(
                "SELECT local_date, SUM(seconds_done), MAX(status = 'completed') FROM sessions"
                " WHERE local_date <= ? GROUP BY local_date",
                (today.isoformat(),),
            )
            if completed or seconds >= STREAK_MIN_SECONDS
        }
        day = today if today in counted else today - timedelta(days=1)
        days = 0
        while day in counted:
            days += 1
            day -= timedelta(days=1)
        return days

    def completed_count(self, exercise_id: str, level: Level) -> int:
        """Completed sessions that ran ``exercise_id`` at exactly ``level``."""
        count = 0
        for (levels,) in self._rows("SELECT levels FROM sessions WHERE status = 'completed'"):
            try:
                ran = json.loads(levels).get(exercise_id)
            except (ValueError, AttributeError):
                continue
            if isinstance(ran, dict) and all(
                isinstance(ran.get(k), int | float) and math.isclose(ran[k], v)
                for k, v in level.items()
            ):
                count += 1
        return count


class HistoryRecorder:
    """Writes one session to the history as it happens; never raises into the window.

    ``begin(plan)`` when a session starts, ``phase_done(index)`` when a phase is
    completed (or ``feed(event)`` with the session's events), ``end(completed)``
    when it is over. A write that fails leaves the session running and puts the
    reason in ``message``.
    """

    def __init__(self, history: History | None = None):
        self.history = history or History()
        self.message: str | None = None
        self.row: int | None = None
        self._plan: Plan | None = None
        self._done: set[int] = set()

    @property
    def active(self) -> bool:
        return self.row is not None

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except (sqlite3.Error, OSError) as exc:
            self.message = f"The exercise history could not be saved: {exc}"
        if self.history.message and not self.message:
            self.message = self.history.message

    def begin(self, plan: Plan) -> None:
        if self.row is not None:
            self.end(completed=False)
        self._plan = plan
        self._done = set()

        def insert() -> None:
            self.row = self.history.start_session(plan)

        self._guard(insert)

    def phase_done(self, index: int) -> None:
        """Phase ``index`` was completed (repeats are harmless)."""
        self._mark_done(range(index, index + 1))

    def _mark_done(self, indexes: range) -> None:
        if self.row is None or self._plan is None:
            return
        new = set(indexes) - self._done
        if not new:
            return
        self._done |= new
        row, seconds = self.row, self._seconds_done()
        self._guard(lambda: self.history.update_session(row, len(self._done), seconds))

    def _seconds_done(self) -> float:
        assert self._plan is not None
        return sum(self._plan.phases[i].seconds for i in self._done if i < len(self._plan.phases))

    def end(self, completed: bool, seconds_done: float | None = None) -> None:
        """Close the row: completed, or stopped after ``seconds_done`` plan seconds."""
        if self.row is None or self._plan is None:
            return
        if completed:
            self._done = set(range(len(self._plan.phases)))
            seconds = self._plan.total_seconds
        else:
            seconds = self._seconds_done() if seconds_done is None else seconds_done
        row, count = self.row, len(self._done)
        self.row = None
        self._guard(
            lambda: self.history.finish_session(
                row, completed=completed, phases_completed=count, seconds_done=seconds
            )
        )

    def feed(self, event: Event) -> None:
        """Record from the session's own events: a phase start means the ones before are done."""
        if isinstance(event, PhaseStarted):
            self._mark_done(range(event.phase.index))
        elif isinstance(event, Finished):
            self.end(event.completed, None if event.completed else event.at)
