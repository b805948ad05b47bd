"""The offers after a session, as the window makes them from the history it writes:
"Too hard" is kept, a step up counts the latest run at the saved level only, a step
down starts from what ran, "Do it again" keeps the session's own choices, and "Not now"
is asked again later."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from easeback.core.history import HistoryRecorder
from easeback.core.loading import Choices
from easeback.core.plan import compile_plan

GLUTE = "glute-med-side-lying"  # 10 reps, 5 to 15
NAME = "Side-lying glute medius lift"


@pytest.fixture
def h(make_harness):
    return make_harness(record=True)


def completed_before(h, item_id: str, times: int) -> None:
    """``times`` whole sessions of ``item_id`` in the history already (at today's settings)."""
    recorder = HistoryRecorder(h.history)
    for _ in range(times):
        recorder.begin(compile_plan(h.catalogue, item_id, h.window.settings.plan_options()))
        recorder.end(completed=True)


def run_through(h, item_id: str, choices: Choices | None = None) -> None:
    h.window.start(item_id, choices=choices or Choices())
    finish(h)


def finish(h) -> None:
    h.run_for(h.controller.plan.total_seconds + 1)
    assert h.controller.state == "finished"
    h.settle()


def reps(h) -> int:
    return next(p.reps for p in h.controller.plan.phases if p.kind == "reps")


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown(h) -> str | None:
    bar = h.window.offer_bar
    return bar.text.text() if bar.isVisible() else None


def test_too_hard_is_kept_with_the_session_and_earns_no_step_up(h, qtbot):
    for _ in range(3):
        run_through(h, GLUTE)
        click(qtbot, h.window.session_page.too_hard_button)
        assert "at 8 reps instead of 10 reps" in shown(h)
        click(qtbot, h.window.offer_bar.decline_button)  # the step down: not now
        h.settle()
    assert [r.levels[GLUTE].get("too_hard") for r in h.history.recent()] == [True] * 3
    run_through(h, GLUTE)
    assert shown(h) is None, "three sessions found too hard earn no step up"
    for _ in range(2):
        run_through(h, GLUTE)
    assert f"You have completed {NAME} at 10 reps 3 times in a row. Try 12 reps?" in shown(h)


def test_after_a_step_down_the_step_up_is_earned_again_with_fresh_sessions(h, qtbot):
    completed_before(h, GLUTE, 3)
    run_through(h, GLUTE)
    assert "at 10 reps 4 times in a row" in shown(h)
    click(qtbot, h.window.offer_bar.accept_button)  # 12 reps
    run_through(h, GLUTE)
    click(qtbot, h.window.session_page.too_hard_button)
    assert "at 10 reps instead of 12 reps" in shown(h)
    click(qtbot, h.window.offer_bar.accept_button)  # back to 10
    h.settle()
    run_through(h, GLUTE)
    assert shown(h) is None, "the old sessions at 10 do not earn 12 again at once"


def test_offers_start_from_what_the_session_ran_at(h, qtbot):
    completed_before(h, GLUTE, 3)  # at the saved 10 reps
    run_through(h, GLUTE, Choices(reps=15))
    assert shown(h) is None, "no step up from 10 after a run at 15"
    click(qtbot, h.window.session_page.too_hard_button)
    assert "at 8 reps instead of 10 reps" in shown(h), "never above the saved level"
    run_through(h, GLUTE, Choices(reps=8))
    click(qtbot, h.window.session_page.too_hard_button)
    assert "at 6 reps instead of 8 reps" in shown(h), "below what was too hard"
    click(qtbot, h.window.offer_bar.accept_button)
    assert h.saved[-1].overrides[GLUTE].reps == 6


def test_a_session_stopped_early_is_offered_a_step_down_from_what_it_ran(h):
    h.window.start(GLUTE, choices=Choices(reps=8))
    h.run_for(30)
    h.window.request_stop()
    h.settle()
    assert "at 6 reps instead of 8 reps" in shown(h)


def test_do_it_again_keeps_the_sessions_own_choices_until_an_offer_is_taken(h, qtbot):
    run_through(h, GLUTE, Choices(reps=12))
    click(qtbot, h.window.session_page.again_button)
    assert reps(h) == 12, "the same plan, command-line choices included"
    finish(h)
    click(qtbot, h.window.session_page.too_hard_button)
    click(qtbot, h.window.offer_bar.accept_button)  # 8 instead of 10
    click(qtbot, h.window.session_page.again_button)
    assert reps(h) == 8, "the offer accepted since applies"


def test_not_now_is_asked_again_after_three_more_sessions_and_says_so(h, qtbot):
    completed_before(h, GLUTE, 2)
    run_through(h, GLUTE)
    bar = h.window.offer_bar
    assert "3 more completed sessions" in bar.decline_button.toolTip()
    click(qtbot, bar.decline_button)
    assert h.saved[-1].declined_progressions == {GLUTE: "reps=10@3"}
    for _ in range(2):
        run_through(h, GLUTE)
        assert shown(h) is None
    run_through(h, GLUTE)
    assert "at 10 reps 6 times in a row. Try 12 reps?" in shown(h)


def test_a_second_easeback_run_with_its_choices_is_done_again_with_them(h, qtbot):
    """``easeback run ID --reps 12`` handed to the running window: "Do it again" there
    runs 12 reps too, as the first start's choices do."""
    from easeback.ui.app import answer

    request = {"command": "run", "id": "glute-med-side-lying", "choices": {"reps": 12}}
    assert answer(h.window, request) == {"ok": True}
    qtbot.waitUntil(lambda: h.controller.plan is not None, timeout=5000)
    assert reps(h) == 12
    finish(h)
    h.window.session_page.again_button.click()
    assert reps(h) == 12
