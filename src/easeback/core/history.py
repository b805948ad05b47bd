"""Exercise history: one SQLite row per session, written as the session happens.

A row is inserted when a session begins, updated (and committed) each time a
phase stops running, and closed when the session ends, so a crash or a kill
loses at most the phase in progress. What a row says is what ran: the seconds
the session actually ran (pauses and skipped remainders are not counted), and
per exercise and side the holds and reps done. A session is ``completed`` when
every hold and rep block ran to its end, otherwise ``partial``. A row still
marked ``running`` whose process is gone reads back as ``interrupted``.

A row that will not parse (a value edited by hand, or written by another tool)
is left out of every reading, and ``History.message`` names it by row id and
field; reading never changes the file.

A deleted session is only marked so (``deleted_at``) until its undo is no longer
offered; every reading leaves marked rows out.

The database lives in the user data folder (``paths().history_db``), in WAL
mode so ``easeback history`` can read while the window writes. It is opened on
first use; a damaged file is moved aside (``.corrupt-<timestamp>``), a new one
is started and ``History.message`` says so: the app never stops over it. The
schema version is kept in ``PRAGMA user_version``.

Each row also records the level every exercise ran at (reps and/or hold
seconds, as a JSON object), so progression can count sessions per level. The
person's "Too hard" on the done page is kept there too, as ``"too_hard": true``
beside each exercise's level (``mark_too_hard``): every reader looks levels up by
name, so the mark needed no new column, and an older Easeback reads the file as
before.

The streak is the number of consecutive local days, up to today, on which the
person exercised: a day counts when it has at least one completed session, or
sessions adding up to at least two minutes of exercise (a partial or interrupted
session still counts for the time it ran). Today counts once it
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

from easeback.core.paths import move_aside, paths
from easeback.core.plan import Plan
from easeback.core.session import (
    Event,
    Finished,
    Part,
    PhaseEnded,
    Started,
    Tally,
    partial_tally,
    whole_tally,
)
from easeback.core.time import LocalClock, local_now

SCHEMA_VERSION = 2
STREAK_MIN_SECONDS = 120.0
STREAK_RULE = (
    "consecutive days up to today with a completed session or at least "
    f"{STREAK_MIN_SECONDS / 60:g} minutes of exercise"
)
LIVE_FOR = 12 * 3600.0  # a 'running' row not updated for this long is taken as interrupted
RECENT = 10

Status = Literal["running", "completed", "partial", "interrupted"]
STATUS_TEXT: dict[str, str] = {
    "completed": "Completed",
    "partial": "Partial",
    "interrupted": "Interrupted",
    "running": "Running now",
}
Level = Mapping[str, float]  # {"reps": 12} and/or {"hold_seconds": 75.0}
TOO_HARD = "too_hard"  # beside an exercise's level in ``levels``: the person marked it too hard

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
    seconds_done     REAL    NOT NULL DEFAULT 0,  -- seconds it ran (pauses, skips excluded)
    total_seconds    REAL    NOT NULL,
    phases_completed INTEGER NOT NULL DEFAULT 0,  -- phases that ran to their end
    phases_total     INTEGER NOT NULL,
    status           TEXT    NOT NULL,            -- 'running', 'completed' or 'partial'
    levels           TEXT    NOT NULL DEFAULT '{}', -- {exercise id: {"reps": n, "hold_seconds": s}}
    pid              INTEGER NOT NULL DEFAULT 0,  -- the process writing a running row
    done             TEXT    NOT NULL DEFAULT '[]', -- per exercise and side: Part.to_json()
    deleted_at       TEXT                         -- UTC, ISO 8601: deleted, undo still offered
)""",
    "CREATE INDEX IF NOT EXISTS sessions_by_date ON sessions (local_date)",
)
# Columns a version 1 file lacks, and what version 1 called a partial session.
_ADDED = {"done": "TEXT NOT NULL DEFAULT '[]'", "deleted_at": "TEXT"}
_MIGRATE_1 = "UPDATE sessions SET status = 'partial' WHERE status = 'stopped'"
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says another connection holds a lock (worth trying again)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return isinstance(exc, sqlite3.OperationalError) and (
        code in _BUSY or "locked" in str(exc) or "busy" in str(exc)
    )


# (database path, row id) of the sessions this process is writing now
_WRITING: set[tuple[str, int]] = set()


class _Corrupt(Exception):
    pass


class _Unreadable(ValueError):
    """A value of a row that will not parse: ``field 'value'``."""


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
    done: tuple[Part, ...] = ()  # per exercise and side

    @property
    def minutes(self) -> float:
        return self.seconds_done / 60.0

    @property
    def holds(self) -> tuple[int, int]:
        """Holds done and planned."""
        return sum(p.holds for p in self.done), sum(p.holds_planned for p in self.done)

    @property
    def reps(self) -> tuple[int, int]:
        """Reps done and planned."""
        return sum(p.reps for p in self.done), sum(p.reps_planned for p in self.done)

    @property
    def result(self) -> str:
        """``Completed``, or what a session that is not did: ``Partial: 1 of 2 holds``."""
        text = STATUS_TEXT.get(self.status, self.status)
        if self.status in ("completed", "running"):
            return text
        counts = [
            f"{done} of {planned} {what}"
            for (done, planned), what in ((self.holds, "holds"), (self.reps, "reps"))
            if planned
        ]
        if not counts:  # written before holds and reps were counted
            counts = [f"{self.phases_completed} of {self.phases_total} phases"]
        return f"{text}: {', '.join(counts)}"

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
            "holds": {"done": self.holds[0], "planned": self.holds[1]},
            "reps": {"done": self.reps[0], "planned": self.reps[1]},
            "done": [p.to_json() for p in self.done],
            "levels": {k: dict(v) for k, v in self.levels.items()},
        }


def levels_of(plan: Plan) -> dict[str, dict[str, float]]:
    """The reps and hold length each exercise of ``plan`` runs at (its first movement's),
    and its number of sets."""
    levels: dict[str, dict[str, float]] = {ex: {} for ex in plan.exercises}
    for phase in plan.phases:
        if phase.final:
            continue
        level = levels.setdefault(phase.exercise, {})
        if phase.kind == "reps" and phase.reps is not None:
            level.setdefault("reps", phase.reps)
        elif phase.kind == "hold":
            level.setdefault("hold_seconds", phase.seconds)
        if phase.kind in ("reps", "hold") and phase.sets is not None:
            level.setdefault("sets", phase.sets)
    return levels


def _utc(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _parse_time(text: str) -> datetime:
    """A stored time; one without its zone (written by hand or by another tool) is UTC,
    as Easeback writes them, so it can be compared with the clock's."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _finite(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _parsed(field_name: str, parse: Callable[[Any], Any], value: Any) -> Any:
    """``parse(value)``, or ``_Unreadable`` naming the field and (the start of) the value."""
    try:
        return parse(value)
    except (TypeError, ValueError, OverflowError):
        shown = repr(value)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        raise _Unreadable(f"{field_name} {shown}") from None


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

    def __init__(
        self, path: Path | None = None, *, now: LocalClock = local_now, timeout: float = 5.0
    ):
        self.path = path or paths().history_db
        self.now = now
        self.timeout = timeout  # how long one statement waits for another connection's lock
        self.message: str | None = None  # to tell the user: a file moved aside, rows unread
        self._unreadable: set[int] = set()  # ids of the rows already said not to parse
        self._conn: sqlite3.Connection | None = None
        self._file: tuple[int, int] | None = None  # (device, inode) of the file opened

    # ------------------------------------------------------------------ opening
    def _db(self, *, create: bool = True) -> sqlite3.Connection | None:
        if self._conn is not None and self._gone():
            self.close()  # removed or replaced under us: what is written must reach the path
            self.message = (
                f"The exercise history {self.path} was removed while Easeback ran; "
                "a new one was started."
            )
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

    def _gone(self) -> bool:
        """The open file is no longer the one at ``path`` (deleted by a cleaner, replaced
        by a sync tool): SQLite would go on writing to the unlinked file and lose it all."""
        try:
            info = os.stat(self.path)
        except OSError:
            return True
        return self._file is not None and (info.st_dev, info.st_ino) != self._file

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise _Corrupt(str(check[0]) if check else "quick_check gave no answer")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if version < SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    have = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
                    for column, kind in _ADDED.items():
                        if column not in have:
                            conn.execute(f"ALTER TABLE sessions ADD COLUMN {column} {kind}")
                    conn.execute(_MIGRATE_1)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            # A newer Easeback's file (higher version) is used as it is: it only adds columns.
            info = os.stat(self.path)
            self._file = (info.st_dev, info.st_ino)
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
        """The damaged file, and its journal files beside it under the same new name."""
        aside = move_aside(self.path, "corrupt")
        for suffix in ("-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.replace(Path(f"{aside}{suffix}"))
        return aside

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # ------------------------------------------------------------------ writing
    def start_session(self, plan: Plan, at: datetime | None = None) -> int:
        """Insert a running row for ``plan`` (started ``at``, else now); returns its id."""
        db = self._db()
        assert db is not None
        now = at or self.now()
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

    def update_session(self, row: int, tally: Tally) -> bool:
        """What the running session ``row`` has done so far; False when the row is not
        there (its file was removed meanwhile)."""
        return self._write(
            "UPDATE sessions SET phases_completed = ?, seconds_done = ?, done = ?,"
            " updated_at = ? WHERE id = ?",
            (tally.phases, tally.seconds, _parts_json(tally), _utc(self.now()), row),
        )

    def finish_session(self, row: int, tally: Tally) -> bool:
        """Close ``row``: completed when every block ran to its end, otherwise partial;
        False when the row is not there (its file was removed meanwhile)."""
        now = _utc(self.now())
        written = self._write(
            "UPDATE sessions SET status = ?, phases_completed = ?, seconds_done = ?, done = ?,"
            " ended_at = ?, updated_at = ? WHERE id = ?",
            (
                "completed" if tally.completed else "partial",
                tally.phases,
                tally.seconds,
                _parts_json(tally),
                now,
                now,
                row,
            ),
        )
        _WRITING.discard((str(self.path), row))
        return written

    def delete_session(self, row: int) -> None:
        """Leave ``row`` out of every reading; ``restore_session`` brings it back."""
        self._write("UPDATE sessions SET deleted_at = ? WHERE id = ?", (_utc(self.now()), row))

    def restore_session(self, row: int) -> None:
        self._write("UPDATE sessions SET deleted_at = NULL WHERE id = ?", (row,))

    def mark_too_hard(self, row: int) -> bool:
        """Keep the person's "Too hard" for session ``row``, beside the level of each
        exercise it ran: such a session is no success at that level and ends the run
        ``completed_in_a_row`` counts. False when the row is not there."""
        found = self._rows("SELECT levels FROM sessions WHERE id = ?", (row,))
        if not found:
            return False
        marked = {
            exercise_id: {**(level if isinstance(level, dict) else {}), TOO_HARD: True}
            for exercise_id, level in _levels(found[0][0]).items()
        }
        return self._write(
            "UPDATE sessions SET levels = ? WHERE id = ?", (json.dumps(marked, sort_keys=True), row)
        )

    def purge_deleted(self) -> int:
        """Remove the deleted sessions for good (their undo is over); returns how many."""
        db = self._db(create=False)
        if db is None:
            return 0
        return db.execute("DELETE FROM sessions WHERE deleted_at IS NOT NULL").rowcount

    def _write(self, sql: str, params: tuple[Any, ...]) -> bool:
        """Run the statement; False when it changed no row."""
        db = self._db()
        assert db is not None
        return db.execute(sql, params).rowcount > 0

    # ------------------------------------------------------------------ reading
    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        db = self._db(create=False)
        if db is None:
            return []
        return list(db.execute(sql, params).fetchall())

    def _records(self, rows: list[tuple[Any, ...]]) -> list[SessionRecord]:
        """The sessions of ``rows``. A row that will not parse is left out (and left as
        it is in the file) rather than hiding every other session; ``message`` names it."""
        records: list[SessionRecord] = []
        unreadable: dict[int, str] = {}
        for r in rows:
            try:
                records.append(self._record(r))
            except _Unreadable as exc:
                unreadable[r[0]] = str(exc)
        self._say_unreadable(unreadable)
        return records

    def _say_unreadable(self, found: Mapping[int, str]) -> None:
        """Add the rows of ``found`` not said before to ``message``: how many, and which."""
        new = {row: what for row, what in found.items() if row not in self._unreadable}
        if not new:
            return
        self._unreadable.update(new)
        named = "; ".join(f"row {row}, {what}" for row, what in sorted(new.items())[:3])
        more = f"; and {len(new) - 3} more" if len(new) > 3 else ""
        count = "1 session is" if len(new) == 1 else f"{len(new)} sessions are"
        text = (
            f"{count} left out: the exercise history {self.path} has values that "
            f"cannot be read ({named}{more}). The file is left as it is."
        )
        self.message = f"{self.message} {text}" if self.message else text

    def _record(self, r: tuple[Any, ...]) -> SessionRecord:
        """The session in row ``r``; raises ``_Unreadable`` for a value that will not parse."""
        (row, plan_id, name, kind, started, local_date, local_time, ended, updated) = r[:9]
        seconds, total, completed, phases, status, levels, pid, done = r[9:]
        if status == "running" and not self._running(
            row, _parsed("pid", int, pid), _parsed("updated_at", _parse_time, updated)
        ):
            status = "interrupted"
        return SessionRecord(
            id=row,
            plan_id=plan_id,
            name=name,
            kind=kind,
            started_at=_parsed("started_at", _parse_time, started),
            local_date=_parsed("local_date", date.fromisoformat, local_date),
            local_time=local_time,
            ended_at=_parsed("ended_at", _parse_time, ended) if ended else None,
            seconds_done=_parsed("seconds_done", _finite, seconds),
            total_seconds=_parsed("total_seconds", _finite, total),
            phases_completed=_parsed("phases_completed", int, completed),
            phases_total=_parsed("phases_total", int, phases),
            status=status,
            levels=_levels(levels),
            done=_parts(done),
        )

    def _running(self, row: int, pid: int, updated: datetime) -> bool:
        if pid == os.getpid():
            return (str(self.path), row) in _WRITING
        age = (self.now() - updated).total_seconds()
        return age < LIVE_FOR and _pid_alive(pid)

    _COLUMNS = (
        "id, plan_id, name, kind, started_at, local_date, local_time, ended_at, updated_at,"
        " seconds_done, total_seconds, phases_completed, phases_total, status, levels, pid,"
        " done"
    )

    def recent(self, limit: int = RECENT) -> list[SessionRecord]:
        """The last ``limit`` sessions, newest first."""
        rows = self._rows(
            f"SELECT {self._COLUMNS} FROM sessions WHERE deleted_at IS NULL"
            " ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return self._records(rows)

    def since(self, first: date | None = None) -> list[SessionRecord]:
        """Every session from local day ``first`` on (None: all of them), oldest first."""
        rows = self._rows(
            f"SELECT {self._COLUMNS} FROM sessions WHERE deleted_at IS NULL"
            " AND local_date >= ? ORDER BY started_at, id",
            ((first or date.min).isoformat(),),
        )
        return self._records(rows)

    def session(self, row: int) -> SessionRecord | None:
        """Session ``row``, deleted or not."""
        rows = self._rows(f"SELECT {self._COLUMNS} FROM sessions WHERE id = ?", (row,))
        return next(iter(self._records(rows)), None)

    def today(self) -> date:
        return self.now().date()

    def _days(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Sums per local day (``local_date, ..., GROUP_CONCAT(id)``) with the day parsed
        and the ids dropped; a day that will not parse is left out and its rows said."""
        days: list[tuple[Any, ...]] = []
        for local_date, *sums, ids in self._rows(sql, params):
            try:
                days.append((_parsed("local_date", date.fromisoformat, local_date), *sums))
            except _Unreadable as exc:
                self._say_unreadable({int(row): str(exc) for row in str(ids).split(",")})
        return days

    def minutes_per_day(
        self, days: int = 30, today: date | None = None
    ) -> list[tuple[date, float]]:
        """Minutes exercised on each of the last ``days`` local days, oldest first, zeros kept."""
        today = today or self.today()
        first = today - timedelta(days=days - 1)
        totals = {
            day: float(s) / 60.0
            for day, s in self._days(
                "SELECT local_date, SUM(seconds_done), GROUP_CONCAT(id) FROM sessions"
                " WHERE local_date BETWEEN ? AND ? AND deleted_at IS NULL GROUP BY local_date",
                (first.isoformat(), today.isoformat()),
            )
        }
        return [(day, totals.get(day, 0.0)) for day in (first + timedelta(n) for n in range(days))]

    def streak(self, today: date | None = None) -> int:
        """Days in a row that count (see the module docstring), up to today or yesterday."""
        today = today or self.today()
        counted = {
            day
            for day, seconds, completed in self._days(
                "SELECT local_date, SUM(seconds_done), MAX(status = 'completed'),"
                " GROUP_CONCAT(id) FROM sessions"
                " WHERE local_date <= ? AND deleted_at IS NULL GROUP BY local_date",
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

    def completed_in_a_row(self, exercise_id: str, level: Level) -> int:
        """Completed sessions in the latest unbroken run of ``exercise_id`` at ``level``.

        Its sessions are walked newest first; the run ends at one that ran it at another
        level (the level was left: coming back is to be earned again) or that was marked
        too hard (no success there). One not completed at this level (stopped early,
        interrupted) is passed over: it is no success, but no proof of too much either;
        a stop for that reason is met by the step down offered when it ends.
        """
        count = 0
        for status, levels in self._rows(
            "SELECT status, levels FROM sessions WHERE deleted_at IS NULL"
            " ORDER BY started_at DESC, id DESC"
        ):
            ran = _levels(levels).get(exercise_id)
            if not isinstance(ran, dict):  # the session did not run this exercise
                continue
            if ran.get(TOO_HARD) or not _has_level(ran, level):
                break
            count += status == "completed"
        return count


def _levels(text: str | None) -> dict[str, Any]:
    """A row's ``levels`` column: a JSON object, or ``{}`` for anything else (a value
    edited by hand or written by another tool is no level)."""
    try:
        parsed = json.loads(text or "{}")
    except (ValueError, TypeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _has_level(ran: Mapping[str, Any], level: Level) -> bool:
    """Whether a session's recorded level ``ran`` has every value of ``level``."""
    return all(
        isinstance(ran.get(k), int | float) and math.isclose(ran[k], v) for k, v in level.items()
    )


def _parts_json(tally: Tally) -> str:
    return json.dumps([p.to_json() for p in tally.parts], sort_keys=True)


def _parts(text: str | None) -> tuple[Part, ...]:
    try:
        data = json.loads(text or "[]")
        return tuple(Part.from_json(item) for item in data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return ()


class HistoryRecorder:
    """Writes sessions to the history from the session's events, one at a time.

    ``Started`` inserts a running row, each ``PhaseEnded`` writes what was done so
    far, ``Finished`` closes the row. Database errors are raised to the caller, who
    may feed the same event again: a write that failed is repeated by the next one
    (an insert that failed is made before the next update).
    """

    def __init__(self, history: History | None = None):
        self.history = history or History()
        self.row: int | None = None
        self._plan: Plan | None = None
        self._started: datetime | None = None

    @property
    def active(self) -> bool:
        return self._plan is not None

    def feed(self, event: Event) -> None:
        if isinstance(event, Started):
            if event.plan is self._plan and self.row is not None:
                return  # begun already (``begin``): one row per session
            self._plan, self.row = event.plan, None
            self._started = self.history.now()
            self.row = self.history.start_session(event.plan, self._started)
        elif isinstance(event, PhaseEnded):
            self._write(event.tally, final=False)
        elif isinstance(event, Finished):
            self._write(event.tally, final=True)

    def _write(self, tally: Tally, *, final: bool) -> None:
        if self._plan is None:
            return
        write = self.history.finish_session if final else self.history.update_session
        if self.row is None:
            self.row = self.history.start_session(self._plan, self._started)
        if not write(self.row, tally):  # its file was removed: the session goes into the new one
            self.row = self.history.start_session(self._plan, self._started)
            write(self.row, tally)
        if final:
            self._plan = None

    # A whole session at once, for sessions that were not run here (tools, imports).
    def begin(self, plan: Plan) -> None:
        self.feed(Started(plan))

    def end(self, completed: bool, seconds_done: float | None = None) -> None:
        """Close the session: run to its end, or partial after ``seconds_done`` seconds."""
        if self._plan is not None:
            plan = self._plan
            tally = whole_tally(plan) if completed else partial_tally(plan, seconds_done or 0.0)
            self._write(tally, final=True)
