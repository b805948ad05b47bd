"""Sessions run in the window are written to the history and read back by the History page."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from easeback.core.paths import paths
from easeback.core.settings import Settings


@pytest.fixture
def h(make_harness):
    return make_harness(record=True)


def run_through(h, item_id: str) -> None:
    h.window.start(item_id)
    h.run_for(h.controller.plan.total_seconds + 1)
    assert h.controller.state == "finished"


def cell(page, row: int, column: int) -> str:
    return page.table.item(row, column).text()


def test_a_completed_session_is_written_and_the_history_page_shows_it(h, qtbot):
    run_through(h, "knee-to-chest")
    (record,) = h.history.recent()
    assert record.status == "completed"
    assert record.plan_id == "knee-to-chest"
    assert record.phases_completed == record.phases_total

    qtbot.keyClick(h.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    page = h.window.history_page
    assert h.window.pages.currentWidget() is page
    assert page.table.rowCount() == 1
    assert cell(page, 0, 2) == "Knee-to-chest stretch"
    assert cell(page, 0, 4) == "Completed"
    assert page.streak.text() == "Streak: 1 day in a row"
    days = page.chart.days
    assert len(days) == 30
    assert days[-1][0] == date.today()
    assert days[-1][1] == pytest.approx(record.total_seconds / 60)
    assert page.chart.grab().width() > 0
    qtbot.mouseClick(page.library_button, Qt.MouseButton.LeftButton)
    assert h.window.pages.currentWidget() is h.window.library


def test_a_stopped_session_is_written_as_it_happens_with_its_phases(h):
    h.window.start("bridge")
    h.run_for(30)
    (running,) = h.history.recent()
    assert running.status == "running"
    assert running.phases_completed == 1, "the get-ready phase is written when it ends"
    h.window.request_stop()
    (stopped,) = h.history.recent()
    assert stopped.status == "stopped"
    h.window.show_history()
    assert cell(h.window.history_page, 0, 4) == f"Stopped (1 of {stopped.phases_total} phases)"
    assert h.window.history_page.streak.text() == "No streak yet: exercise today to start one"


def test_the_history_page_refreshes_when_a_session_ends(h):
    h.window.show_history()
    page = h.window.history_page
    assert page.empty.isVisible()
    assert not page.table.isVisible()
    run_through(h, "knee-to-chest")
    assert page.table.rowCount() == 1
    run_through(h, "knee-to-chest")
    assert page.table.rowCount() == 2
    h.window.show_library()
    h.window.show_history()
    assert not page.empty.isVisible()


def test_the_history_waits_while_a_session_runs(h):
    h.window.start("bridge")
    h.window.show_history()
    assert h.window.pages.currentWidget() is h.window.session_page
    assert "Stop the session first" in h.window.statusBar().currentMessage()


def test_a_damaged_history_is_moved_aside_and_said_once_in_the_status_bar(make_harness):
    db = paths().history_db
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    h = make_harness(record=True)
    run_through(h, "knee-to-chest")
    damaged = [m for m in h.messages if "damaged" in m]
    assert len(damaged) == 1
    assert "moved to" in damaged[0]
    run_through(h, "knee-to-chest")
    assert len([m for m in h.messages if "damaged" in m]) == 1, "said once"
    assert len(h.history.recent()) == 2, "a new history was started"


def test_a_history_that_cannot_be_written_is_said_once_and_the_session_goes_on(make_harness):
    paths().history_db.mkdir(parents=True)  # a folder where the database file should be
    h = make_harness(record=True)
    run_through(h, "knee-to-chest")
    problems = [m for m in h.messages if "could not be saved" in m]
    assert len(problems) == 1
    assert "Well done" in h.speaker.texts[-1], "the session went on to its end"
    h.window.show_history()
    assert h.window.history_page.problem.isVisible()
    assert "cannot be read" in h.window.history_page.problem.text()


# --------------------------------------------------------------------------- progression


def test_after_three_completed_bridges_a_step_up_is_offered_and_taken_only_on_accept(h, qtbot):
    run_through(h, "bridge")
    run_through(h, "bridge")
    assert not h.window.offer_bar.isVisible()
    run_through(h, "bridge")
    bar = h.window.offer_bar
    assert bar.isVisible()
    assert "You have completed Bridge at 15 reps 3 times. Try 18 reps?" in bar.text.text()
    assert bar.accept_button.text() == "Try 18 reps"
    assert "bridge" not in h.window.settings.overrides, "nothing changes before an answer"

    def card_seconds():
        return next(e.seconds for e in h.window.library.entries if e.id == "bridge")

    before = card_seconds()
    qtbot.mouseClick(bar.accept_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert h.saved[-1].overrides["bridge"].reps == 18
    assert card_seconds() > before, "the library's card shows the longer bridge"
    plan = h.controller.start("bridge")
    assert next(p for p in plan.phases if p.kind == "reps").reps == 18
    assert not bar.isVisible(), "a new session puts the question away"


def test_not_now_keeps_the_level_and_the_same_step_is_not_offered_again(h, qtbot):
    for _ in range(3):
        run_through(h, "bridge")
    bar = h.window.offer_bar
    qtbot.mouseClick(bar.decline_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert "bridge" not in h.saved[-1].overrides
    assert h.saved[-1].declined_progressions == {"bridge": "reps=15"}
    run_through(h, "bridge")
    assert not bar.isVisible()


def test_no_offer_after_a_stopped_session(make_harness):
    h = make_harness(Settings(), record=True)
    for _ in range(3):
        run_through(h, "bridge")
    h.window.offer_bar.show_offer(None)
    h.window.start("bridge")
    h.run_for(30)
    h.window.request_stop()
    assert not h.window.offer_bar.isVisible()
