"""Sessions run in the window are written to the history and read back by the History page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from easeback.core.history import HistoryRecorder
from easeback.core.paths import paths
from easeback.core.plan import compile_plan
from easeback.core.session import partial_tally, whole_tally
from easeback.core.settings import Settings
from easeback.core.time import format_clock


@pytest.fixture
def h(make_harness):
    return make_harness(record=True)


def run_through(h, item_id: str) -> None:
    h.window.start(item_id)
    h.run_for(h.controller.plan.total_seconds + 1)
    assert h.controller.state == "finished"
    h.settle()


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


def test_a_stopped_session_is_written_as_it_happens_with_what_it_did(h):
    h.window.start("bridge")
    reps = h.controller.plan.phases[1]
    ran = reps.start + 2 * reps.rep_seconds + 3  # two reps and half of the third
    h.run_for(ran)
    h.settle()
    (running,) = h.history.recent()
    assert running.status == "running"
    assert running.phases_completed == 1, "the get-ready phase is written when it ends"
    h.window.request_stop()
    h.settle()
    (stopped,) = h.history.recent()
    assert stopped.status == "partial"
    assert stopped.seconds_done == pytest.approx(ran)
    h.window.show_history()
    assert cell(h.window.history_page, 0, 3) == format_clock(ran)
    assert cell(h.window.history_page, 0, 4) == f"Partial: 2 of {3 * reps.reps} reps"
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
    # later messages (the voice's status, say) do not bury it: it stands between them
    h.window.show_message("Voice: espeak-ng, English")
    h.window.statusBar().clearMessage()
    assert h.window.problem_line.isVisible()
    assert "could not be saved" in h.window.problem_line.text()
    h.window.show_history()
    assert h.window.history_page.problem.isVisible()
    assert "cannot be read" in h.window.history_page.problem.text()


# --------------------------------------------------------------------------- progression


def completed_before(h, item_id: str, times: int) -> None:
    """``times`` whole sessions of ``item_id`` in the history already (at today's settings)."""
    recorder = HistoryRecorder(h.history)
    for _ in range(times):
        recorder.begin(compile_plan(h.catalogue, item_id, h.window.settings.plan_options()))
        recorder.end(completed=True)


def test_after_three_completed_glute_lifts_a_step_up_is_offered_and_taken_only_on_accept(h, qtbot):
    completed_before(h, "glute-med-side-lying", 2)
    h.window.start("glute-med-side-lying")
    while h.controller.state != "finished":  # skipped through: partial, so not the third
        press_right(h, 1, every=0.5)
    h.settle()
    assert not h.window.offer_bar.isVisible()
    run_through(h, "glute-med-side-lying")
    bar = h.window.offer_bar
    assert bar.isVisible()
    assert (
        "You have completed Side-lying glute medius lift at 10 reps 3 times in a row. Try 12 reps?"
        in bar.text.text()
    )
    assert bar.accept_button.text() == "Try 12 reps"
    assert "glute-med-side-lying" not in h.window.settings.overrides, (
        "nothing changes before an answer"
    )

    def card_seconds():
        return next(e.seconds for e in h.window.library.entries if e.id == "glute-med-side-lying")

    before = card_seconds()
    qtbot.mouseClick(bar.accept_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert h.saved[-1].overrides["glute-med-side-lying"].reps == 12
    assert card_seconds() > before, "the library's card shows the longer exercise"
    plan = h.controller.start("glute-med-side-lying")
    assert next(p for p in plan.phases if p.kind == "reps").reps == 12
    assert not bar.isVisible(), "a new session puts the question away"


def test_not_now_keeps_the_level_and_the_same_step_is_not_offered_again(h, qtbot):
    completed_before(h, "glute-med-side-lying", 2)
    run_through(h, "glute-med-side-lying")
    bar = h.window.offer_bar
    qtbot.mouseClick(bar.decline_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert "glute-med-side-lying" not in h.saved[-1].overrides
    assert h.saved[-1].declined_progressions == {"glute-med-side-lying": "reps=10@3"}
    run_through(h, "glute-med-side-lying")
    assert not bar.isVisible()


def test_a_stopped_session_offers_a_step_down_not_a_step_up(make_harness, qtbot):
    h = make_harness(Settings(), record=True)
    completed_before(h, "glute-med-side-lying", 3)
    h.window.start("glute-med-side-lying")
    h.run_for(30)
    h.window.request_stop()
    h.settle()
    bar = h.window.offer_bar
    assert bar.isVisible()
    assert bar.offer is not None
    assert bar.offer.direction == "down"
    assert "Easier next time?" in bar.text.text()
    assert bar.accept_button.text() == "Try 8 reps"
    qtbot.mouseClick(bar.accept_button, Qt.MouseButton.LeftButton)
    assert h.saved[-1].overrides["glute-med-side-lying"].reps == 8


# --------------------------------------------------------------------------- what ran


def press_right(h, times: int, every: float) -> None:
    for _ in range(times):
        h.run_for(every)
        QTest.keyClick(h.window, Qt.Key.Key_Right)


def test_skipping_through_desk_break_shows_and_records_the_two_seconds_it_ran(h):
    h.window.start("desk-break")
    press_right(h, 5, every=0.4)
    assert h.controller.state == "finished"
    assert h.window.session_page.ring.text == ("0:02", "PARTIAL", "time spent")
    h.settle()
    (record,) = h.history.recent()
    assert (record.status, record.seconds_done) == ("partial", pytest.approx(2.0))
    assert h.history.minutes_per_day(1)[0][1] == pytest.approx(2.0 / 60)
    h.window.show_history()
    page = h.window.history_page
    assert (cell(page, 0, 3), cell(page, 0, 4)) == ("0:02", "Partial: 0 of 2 holds")
    assert page.chart.days[-1][1] == pytest.approx(2.0 / 60)


def test_the_stop_question_counts_the_time_that_ran_not_the_time_skipped(h):
    asked: list[str] = []
    h.window.confirm = lambda text, yes: asked.append(text) or True
    h.window.start("desk-break")
    press_right(h, 1, every=5)  # the get-ready, 5 s of its 10
    h.run_for(58)
    h.window.request_stop()
    assert asked == ["Stop the session? You have been exercising for 1:03."]


def test_three_sessions_skipped_through_offer_no_step_up(h):
    for _ in range(3):
        h.window.start("bridge")
        while h.controller.state != "finished":
            press_right(h, 1, every=0.5)
        h.settle()
    assert [r.status for r in h.history.recent()] == ["partial"] * 3
    bar = h.window.offer_bar
    assert not (bar.isVisible() and "You have completed" in bar.text.text()), "no step up"


# --------------------------------------------------------------------------- delete and undo


def test_a_deleted_session_goes_at_once_and_undo_brings_it_back(h, qtbot):
    run_through(h, "knee-to-chest")
    h.window.start("desk-break")
    press_right(h, 5, every=0.4)
    h.settle()
    h.window.show_history()
    page = h.window.history_page
    assert page.table.rowCount() == 2
    page.table.selectRow(1)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1, "gone from the table before the write lands"
    assert cell(page, 0, 2) == "Desk break"
    assert page.undo_bar.isVisible()
    assert page.undo_text.text().startswith("Deleted Knee-to-chest stretch, ")
    h.settle()
    assert [r.plan_id for r in h.history.recent()] == ["desk-break"]
    assert page.streak.text() == "No streak yet: exercise today to start one"
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert not page.undo_bar.isVisible()
    h.settle()
    assert page.table.rowCount() == 2
    assert page.streak.text() == "Streak: 1 day in a row"


def test_delete_key_deletes_and_leaving_the_page_makes_it_final(h, qtbot):
    run_through(h, "knee-to-chest")
    h.window.show_history()
    page = h.window.history_page
    page.table.setFocus()
    page.table.selectRow(0)
    (gone,) = h.history.recent()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.empty.isVisible()
    h.settle()
    assert h.history.session(gone.id) is not None, "kept while Undo is offered"
    h.window.show_library()
    h.settle()
    assert h.history.session(gone.id) is None
    assert h.history.recent() == []


def test_ctrl_z_undoes_a_deletion_made_with_the_delete_key(h, qtbot):
    run_through(h, "knee-to-chest")
    h.window.show_history()
    page = h.window.history_page
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    h.settle()
    assert h.history.recent() == []
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    h.settle()
    assert page.table.rowCount() == 1
    assert not page.undo_bar.isVisible()
    assert len(h.history.recent()) == 1


def test_too_hard_on_the_done_page_offers_each_exercise_a_step_down(h, qtbot):
    run_through(h, "knee-to-chest")
    h.settle()
    bar = h.window.offer_bar
    assert not bar.isVisible()
    qtbot.mouseClick(h.window.session_page.too_hard_button, Qt.MouseButton.LeftButton)
    assert bar.isVisible()
    # the knee hug's 5 s is not a choice: one set fewer is the easier plan
    assert "Do Knee-to-chest stretch at 2 sets instead of 3 sets?" in bar.text.text()
    qtbot.mouseClick(h.window.session_page.again_button, Qt.MouseButton.LeftButton)
    assert h.controller.active, "Do it again runs it again, at the level it was"
    assert bar.isVisible(), "and the easier level stays on offer"
    assert "Do Knee-to-chest stretch at 2 sets" in bar.text.text()
    qtbot.mouseClick(bar.accept_button, Qt.MouseButton.LeftButton)
    assert h.saved[-1].overrides["knee-to-chest"].sets == 2


def test_too_hard_with_nothing_easier_says_so_until_the_next_session(h, qtbot):
    run_through(h, "bridge")  # 3 sets of 15: its page's one figure
    h.settle()
    bar = h.window.offer_bar
    qtbot.mouseClick(h.window.session_page.too_hard_button, Qt.MouseButton.LeftButton)
    assert bar.isVisible()
    assert "Nothing easier to offer" in bar.text.text()
    assert "talk to your doctor" in bar.text.text()
    assert not bar.accept_button.isVisible()
    assert not bar.decline_button.isVisible()
    h.window.start("knee-to-chest")
    assert not bar.isVisible()


def test_the_standing_history_problem_goes_once_a_session_is_written_again(make_harness):
    h = make_harness(record=True)
    h.window.problem_line.setText("The exercise history could not be saved: (a lock)")
    run_through(h, "knee-to-chest")
    h.settle()
    assert h.window.problem_line.text() == ""


# --------------------------------------------------------------------------- how it looks


def test_an_empty_history_is_one_centred_message_not_an_empty_chart(h, qtbot):
    h.window.show_history()
    page = h.window.history_page
    assert page.empty.isVisible()
    for widget in (page.chart, page.chart_title, page.table, page.delete_button):
        assert not widget.isVisible(), "nothing to chart, list or delete"
    assert page.empty_message.font().pointSizeF() > page.font().pointSizeF()
    middle = page.empty_message.mapTo(page, page.empty_message.rect().center())
    assert abs(middle.y() - page.height() / 2) < page.height() / 6, "in the middle of the page"
    assert abs(middle.x() - page.width() / 2) < 10
    assert not page.library_button.isVisible(), "one way back, under the message"
    qtbot.mouseClick(page.empty_library_button, Qt.MouseButton.LeftButton)
    assert h.window.pages.currentWidget() is h.window.library
    h.window.activateWindow()
    h.window.show_history()
    qtbot.keyClick(h.window, Qt.Key.Key_Escape)
    assert h.window.pages.currentWidget() is h.window.library, "Esc as on the full page"

    run_through(h, "knee-to-chest")
    h.window.show_history()
    assert not page.empty.isVisible()
    for widget in (page.chart, page.chart_title, page.table, page.delete_button):
        assert widget.isVisible()


def record(h, item_id: str, at: datetime, done_seconds: float | None = None) -> None:
    """A session of ``item_id`` started ``at``: whole, or stopped after ``done_seconds``."""
    plan = compile_plan(h.catalogue, item_id, h.window.settings.plan_options())
    row = h.history.start_session(plan, at)
    tally = whole_tally(plan) if done_seconds is None else partial_tally(plan, done_seconds)
    h.history.finish_session(row, tally)


def test_the_sessions_table_fits_a_640_by_480_window(h):
    now = datetime.now().astimezone()
    record(h, "full-program", now - timedelta(hours=1), done_seconds=900)
    record(h, "lower-back-rotation", now - timedelta(hours=2))
    record(h, "desk-break", now.replace(year=now.year - 1))
    h.window.resize(640, 480)
    h.window.show_history()
    page = h.window.history_page
    table, header = page.table, page.table.horizontalHeader()
    assert h.window.width() == 640
    # this year's dates without the year; another year's with it
    assert cell(page, 0, 0) == now.strftime("%a %d %b")
    assert cell(page, 2, 0).endswith(str(now.year - 1))
    # every column in view, the headers whole, the names on one line and whole
    assert header.length() <= table.viewport().width()
    for column in range(header.count()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
    assert not table.wordWrap()
    name_width = max(table.fontMetrics().horizontalAdvance(r.name) for r in page.records)
    assert header.sectionSize(2) > name_width
    # a long result is cut short; its tooltip has it whole
    result = table.item(0, 4)
    assert result.text().startswith("Partial: ")
    assert result.toolTip() == result.text()


def test_the_chart_counts_whole_minutes_in_steps_of_1_2_or_5_times_ten(h):
    h.window.show_history()
    chart = h.window.history_page.chart
    today = date.today()
    chart.set_days([(today, 7.5)])
    assert chart.ticks() == [0, 2, 4, 6, 8]
    chart.set_days([(today, 21.0)])
    assert chart.ticks() == [0, 10, 20, 30]
    for most in (0.0, 0.03, 1.0, 2.5, 4.9, 15.0, 22.5, 45.0, 99.0, 130.0, 1000.0):
        chart.set_days([(today, most)])
        ticks = chart.ticks()
        step = ticks[1] - ticks[0]
        assert all(isinstance(t, int) for t in ticks)
        assert ticks == list(range(0, ticks[-1] + 1, step)), "even steps from zero"
        assert int(f"{step:e}"[0]) in (1, 2, 5), f"{step} is not 1, 2 or 5 times ten"
        assert most <= ticks[-1]
        assert 2 <= len(ticks) <= 5, "a few lines, not a ruler"


def test_a_step_up_earned_by_a_session_that_is_deleted_goes_with_it(h, qtbot):
    completed_before(h, "glute-med-side-lying", 2)
    run_through(h, "glute-med-side-lying")
    bar = h.window.offer_bar
    assert bar.isVisible(), "three in a row: a step up is offered"
    h.window.show_history()
    page = h.window.history_page
    page.table.selectRow(0)  # the session that earned it
    page.delete_selected()
    assert not bar.isVisible(), "its '3 times in a row' is no longer true"
