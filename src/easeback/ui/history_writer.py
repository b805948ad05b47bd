"""The history is written off the GUI thread: one worker thread, fed by a queue.

The window hands the session's typed events (and the history page's delete,
undo and purge, and the done page's "Too hard") to ``HistoryWriter`` and never
waits for the database. The worker writes them in order through the core
``HistoryRecorder``. While another program holds a lock on the file, a write
tries again (each attempt waits ``ATTEMPT`` seconds for the lock) for up to
``RETRY_FOR`` seconds, so a session is recorded as soon as the lock is released.
Results come back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from easeback.core.history import History, HistoryRecorder, SessionRecord, is_busy
from easeback.core.session import Event, Finished, PhaseEnded, Started
from easeback.core.time import Clock, LocalClock, local_now

RETRY_FOR = 120.0  # how long one write keeps trying while the database is locked
ATTEMPT = 0.25  # how long one attempt waits for the lock (SQLite's busy timeout)
PAUSE = 0.05  # between attempts that failed at once
CLOSE_WAIT = 5.0  # how long quitting waits for the writes still queued
LOCKED = (
    "The exercise history is locked by another program; this session will be saved "
    "as soon as it is free."
)

# A job for the worker: the session's events, ("delete" | "restore" | "purge", id),
# or ("too_hard", None): the session last written.
_Job = tuple[str, object]


@dataclass(frozen=True)
class _Done:
    """What one job came to, handed back to the GUI thread."""

    job: _Job | None  # None: a notice on the way, not the end of a job
    problems: tuple[str, ...] = ()
    saved: SessionRecord | None = None  # the record of a session whose end was written
    finished: bool = False  # the job held a session's end (written or not)


def _recorded(event: Event) -> bool:
    return isinstance(event, Started | PhaseEnded | Finished)


class HistoryWriter(QObject):
    saved = Signal(object)  # a session's end was written: its SessionRecord (None: it failed)
    changed = Signal()  # something was written: what reads the history may refresh
    problem = Signal(str)  # what to tell the user about a write (said by the receiver)
    _done = Signal(object)  # worker -> GUI thread, queued

    def __init__(
        self,
        path: Path,
        *,
        now: LocalClock = local_now,
        clock: Clock = time.monotonic,
        retry_for: float = RETRY_FOR,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.path = path
        self._clock = clock
        self._retry_for = retry_for
        self._history = History(path, now=now, timeout=ATTEMPT)
        self._recorder = HistoryRecorder(self._history)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._told_locked = False
        self.pending = 0  # jobs handed over whose result has not come back yet
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._work, name="easeback-history", daemon=True)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    # ------------------------------------------------------------------ GUI thread
    def feed(self, events: Sequence[Event]) -> None:
        """The session's events (``Driver.events``); those the history keeps are queued."""
        kept = [e for e in events if _recorded(e)]
        if kept:
            self._submit(("events", kept))

    def delete(self, row: int) -> None:
        self._submit(("delete", row))

    def restore(self, row: int) -> None:
        self._submit(("restore", row))

    def purge(self) -> None:
        """Remove deleted sessions for good: their undo is over."""
        self._submit(("purge", None))

    def mark_too_hard(self) -> None:
        """The person found the session just ended too hard: kept with it. The worker
        knows its row (the window may not yet: its end may still wait for a lock), and
        writes in order, so the mark lands on that session, after its end."""
        self._submit(("too_hard", None))

    @property
    def alive(self) -> bool:
        """The worker runs (until ``close``)."""
        return self._thread.is_alive()

    @property
    def busy(self) -> bool:
        """Writes are queued or under way."""
        return self.pending > 0

    def close(self, wait: float = CLOSE_WAIT) -> None:
        """Write what is queued (waiting up to ``wait`` seconds), deletions made final,
        then stop the worker."""
        if not self._thread.is_alive():
            return
        self.purge()
        self._jobs.put(None)
        self._thread.join(wait)
        if self._thread.is_alive():  # still waiting for a lock: give the rest up
            self._stop.set()
            self._thread.join(ATTEMPT + 1.0)

    def _submit(self, job: _Job) -> None:
        if not self._thread.is_alive():
            return
        self.pending += 1
        self._jobs.put(job)

    def _on_done(self, done: _Done) -> None:
        for text in done.problems:
            self.problem.emit(text)
        if done.job is None:
            return
        self.pending -= 1
        if done.finished:
            self.saved.emit(done.saved)
        self.changed.emit()

    # ------------------------------------------------------------------ worker thread
    def _work(self) -> None:
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                self._done.emit(self._run(job))
        finally:
            self._history.close()

    def _run(self, job: _Job) -> _Done:
        kind, payload = job
        if kind == "events":
            assert isinstance(payload, list)
            return self._write_events(job, payload)
        history = self._history
        if kind == "purge":
            error = self._attempt(history.purge_deleted)
        elif kind == "too_hard":
            row = self._recorder.row
            error = None if row is None else self._attempt(partial(history.mark_too_hard, row))
        else:
            assert isinstance(payload, int)
            write = history.delete_session if kind == "delete" else history.restore_session
            error = self._attempt(partial(write, payload))
        return _Done(job, self._problems(error))

    def _write_events(self, job: _Job, events: list[Event]) -> _Done:
        problems: list[str] = []
        finished, saved = False, None
        for event in events:
            error = self._attempt(partial(self._recorder.feed, event))
            problems.extend(self._problems(error))
            if isinstance(event, Finished):
                finished = True
                if not error and self._recorder.row is not None:
                    saved = self._read(self._recorder.row, problems)
        return _Done(job, tuple(dict.fromkeys(problems)), saved, finished)

    def _problems(self, error: str | None) -> tuple[str, ...]:
        found = [error] if error else []
        if self._history.message:  # a damaged file was moved aside: said once
            found.append(self._history.message)
            self._history.message = None
        return tuple(found)

    def _read(self, row: int, problems: list[str]) -> SessionRecord | None:
        try:
            return self._history.session(row)
        except (sqlite3.Error, OSError) as exc:
            problems.append(f"The exercise history cannot be read: {exc}")
            return None

    def _attempt(self, write: Callable[[], object]) -> str | None:
        """Run ``write``, again while the database is locked; what went wrong, or None."""
        deadline: float | None = None
        while True:
            if self._stop.is_set():  # quitting gave up waiting: the rest is dropped
                return "The exercise history was locked at quit; the last writes were dropped."
            try:
                write()
                return None
            except (sqlite3.Error, OSError) as exc:
                if not is_busy(exc):
                    return f"The exercise history could not be saved: {exc}"
                now = self._clock()
                if deadline is None:
                    deadline = now + self._retry_for
                    if not self._told_locked:
                        self._told_locked = True
                        self._done.emit(_Done(None, (LOCKED,)))
                if now >= deadline:
                    return (
                        f"The exercise history stayed locked for {self._retry_for:.0f} s; "
                        f"this write was given up: {exc}"
                    )
                self._stop.wait(PAUSE)
