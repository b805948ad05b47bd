"""History writes leave the GUI thread, wait out another process's lock (for a bounded
time) and land once it is released, against a real SQLite file."""

from __future__ import annotations

import subprocess
import sys
import threading
from contextlib import contextmanager

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.history import History
from easeback.core.paths import paths
from easeback.core.plan import compile_plan
from easeback.core.session import Session
from easeback.ui.history_writer import LOCKED, RETRY_FOR, HistoryWriter
from tests.helpers.clock import FakeClock

CAT = load_catalogue()


HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


@contextmanager
def locked(path):
    """Another process holding BEGIN EXCLUSIVE on ``path`` until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.stdin.close()  # the holder reads end-of-file, rolls back and exits
        holder.wait(timeout=60)
        holder.stdout.close()


def an_existing_history():
    """A history file in WAL mode with its schema, as after the first session."""
    history = History()
    history._db()  # opened for writing: created, with its schema
    history.close()
    return paths().history_db


def run_session(item_id, feed, *, skip=False):
    """A whole session on a fake clock, its events handed to ``feed`` as the driver does."""
    plan = compile_plan(CAT, item_id)
    clock = FakeClock()
    session = Session(plan, clock)
    session.start()
    feed(session.poll())
    while session.state == "running":
        if skip:
            clock.advance(0.5)
            feed(session.poll())
            session.skip()
        else:
            clock.set(session.next_wakeup())
        feed(session.poll())
    return plan


def test_a_session_run_while_another_program_locks_the_history_is_saved_once_released(
    make_harness, monkeypatch
):
    db = an_existing_history()
    writers: list[str] = []
    insert = History.start_session

    def watched(self, plan, at=None):
        writers.append(threading.current_thread().name)
        return insert(self, plan, at)

    monkeypatch.setattr(History, "start_session", watched)
    h = make_harness(record=True)
    saved: list[tuple[object, bool]] = []
    h.controller.recorded.connect(
        lambda record: saved.append((record, threading.current_thread() is threading.main_thread()))
    )
    with locked(db):
        h.window.start("knee-to-chest")
        h.run_for(h.controller.plan.total_seconds + 1)
        # the window ran the whole session and shows its end while the file is locked
        assert h.controller.state == "finished"
        assert h.window.session_page.done_bar.isVisible()
        h.qtbot.waitUntil(lambda: LOCKED in h.messages, timeout=10_000)
        assert h.history.recent() == [], "nothing could be written yet"
        assert h.writer.busy
        assert saved == []
    h.settle()
    (record,) = h.history.recent()
    assert record.status == "completed"
    assert record.seconds_done == pytest.approx(h.controller.plan.total_seconds)
    assert saved == [(record, True)], "the result came back on the GUI thread"
    assert set(writers) == {"easeback-history"}


def test_a_lock_held_past_the_bound_gives_the_write_up_and_the_next_write_catches_up(qtbot):
    db = an_existing_history()
    clock = FakeClock()
    writer = HistoryWriter(db, clock=clock)
    problems: list[str] = []
    writer.problem.connect(problems.append)
    plan = compile_plan(CAT, "desk-break")
    session = Session(plan, FakeClock())
    try:
        with locked(db):
            session.start()
            writer.feed(session.poll())  # Started: the insert waits for the lock
            qtbot.waitUntil(lambda: LOCKED in problems, timeout=10_000)
            clock.advance(RETRY_FOR + 1)  # longer than a write keeps trying
            qtbot.waitUntil(lambda: not writer.busy, timeout=10_000)
            assert "stayed locked" in problems[-1]
        session.skip()
        writer.feed(session.poll())  # the get-ready ended: the row is made now
        qtbot.waitUntil(lambda: not writer.busy, timeout=10_000)
    finally:
        writer.close()
    reader = History()
    (record,) = reader.recent()
    assert (record.status, record.plan_id) == ("running", "desk-break")
    reader.close()


def test_quitting_writes_what_is_still_queued():
    db = an_existing_history()
    writer = HistoryWriter(db)
    plan = run_session("desk-break", writer.feed, skip=True)
    writer.close()  # no event loop turn: closing itself waits for the queue
    reader = History()
    (record,) = reader.recent()
    assert (record.plan_id, record.status) == (plan.id, "partial")
    assert record.seconds_done == pytest.approx(2.5)
    reader.close()


def test_a_history_that_cannot_be_opened_is_said_at_once_without_waiting(qtbot):
    paths().history_db.mkdir(parents=True)  # a folder where the file should be
    clock = FakeClock()
    writer = HistoryWriter(paths().history_db, clock=clock)
    problems: list[str] = []
    writer.problem.connect(problems.append)
    run_session("knee-to-chest", writer.feed)
    qtbot.waitUntil(lambda: not writer.busy, timeout=10_000)
    writer.close()
    assert problems
    assert all("could not be saved" in p for p in problems)
    assert LOCKED not in problems, "not a lock: no waiting"


def test_a_deletion_still_open_to_undo_is_made_final_at_quit():
    db = an_existing_history()
    writer = HistoryWriter(db)
    run_session("desk-break", writer.feed, skip=True)
    run_session("desk-break", writer.feed, skip=True)
    writer.close()
    reader = History()
    first, second = reader.since()
    writer = HistoryWriter(db)
    writer.delete(first.id)
    writer.close()
    assert reader.session(first.id) is None
    assert [r.id for r in reader.since()] == [second.id]
    reader.close()


def test_quitting_while_the_lock_is_held_gives_up_within_its_bound():
    db = an_existing_history()
    writer = HistoryWriter(db)
    with locked(db):
        run_session("desk-break", writer.feed, skip=True)
        writer.close(wait=0.0)  # quitting does not wait for the lock
        assert not writer.alive
    reader = History()
    assert reader.recent() == [], "given up: nothing half-written"
    reader.close()
