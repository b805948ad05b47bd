"""The compact view on the offscreen platform, with the window on a fake clock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from easeback.core.settings import Settings
from easeback.ui.compact import SIZE, CompactView


@pytest.fixture
def h(make_harness):
    return make_harness(reminders=True)


def view_of(h) -> CompactView:
    view = h.window.compact.view
    assert view is not None, "the compact view was not built"
    return view


def test_view_menu_offers_the_compact_view_with_ctrl_shift_m(h):
    bar = h.window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert titles.index("&View") == titles.index("&Help") - 1, "View comes before Help"
    action = h.window.compact.action
    assert action in h.window.compact.menu.actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+M")


def test_the_compact_view_is_small_on_top_and_shows_the_hold(h, qtbot):
    h.window.start("knee-to-chest")
    h.run_for(12)  # past the get-ready phase, into the first hold
    h.window.compact.action.trigger()
    view = view_of(h)
    qtbot.waitExposed(view)
    assert not h.window.isVisible(), "the small view replaces the big one"
    assert (view.width(), view.height()) == SIZE
    assert view.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    snap = h.controller.snapshot()
    assert view.name.text() == "Knee-to-chest stretch"
    assert view.time.text() == f"{int(snap.phase_left) // 60}:{int(snap.phase_left) % 60:02d}"
    assert view.phase.text() == snap.phase.label
    assert view.side.text() == snap.phase.side_text().capitalize()
    assert view.next.text().startswith("Next:")
    assert view.windowTitle() == h.window.windowTitle()
    before = view.time.text()
    h.run_for(1)
    assert view.time.text() != before, "it counts down with the session"
    assert view.windowTitle() == h.window.windowTitle(), "the same title as the main window"


def test_pause_and_skip_in_the_compact_view_drive_the_session(h, qtbot):
    h.window.start("knee-to-chest")
    h.window.compact.show()
    view = view_of(h)
    qtbot.mouseClick(view.buttons["play_pause"], Qt.MouseButton.LeftButton)
    assert h.controller.snapshot().state == "paused"
    assert "(paused)" in view.phase.text()
    qtbot.mouseClick(view.buttons["play_pause"], Qt.MouseButton.LeftButton)
    index = h.controller.snapshot().phase.index
    qtbot.mouseClick(view.buttons["skip"], Qt.MouseButton.LeftButton)
    assert h.controller.snapshot().phase.index == index + 1


def test_a_double_click_or_the_shortcut_goes_back(h, qtbot):
    h.window.compact.show()
    view = view_of(h)
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton)
    assert not view.isVisible()
    assert h.window.isVisible()
    h.window.compact.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(view.isActiveWindow)  # show() activates it: its keys work at once
    qtbot.keyClick(
        view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert not view.isVisible()
    assert h.window.isVisible()
    assert not h.window.compact.action.isChecked()


def test_esc_in_the_compact_view_goes_back_and_leaves_the_session_running(h, qtbot):
    h.window.start("knee-to-chest")
    h.window.compact.show()
    view = view_of(h)
    qtbot.waitExposed(view)
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    assert h.window.isVisible()
    assert h.controller.snapshot().state == "running", "Esc here is not the window's Stop"


def test_a_routine_names_the_exercise_it_is_at(h):
    h.window.start("floor-stretches")
    h.window.compact.show()
    view = view_of(h)
    plan = h.controller.plan
    names = []
    for _ in plan.phases:
        names.append(view.name.text())
        h.window.actions_.skip.trigger()
    exercises = [p.exercise_name for p in plan.phases]
    assert names == exercises[: len(names)]
    assert len(set(names)) > 1, "a routine of one exercise proves nothing here"
    assert plan.name not in names


def test_a_name_too_long_for_the_view_ends_in_an_ellipsis(h):
    h.window.compact.show()
    view = view_of(h)
    long = "A seated stretch with a very long name that cannot fit in the small window"
    view._show_name(long)
    assert view.name.text().endswith("…")
    assert view.name.fontMetrics().horizontalAdvance(view.name.text()) <= view.width()
    assert view.name.toolTip() == long


def test_after_a_session_it_ticks_only_a_whole_run(h):
    h.window.start("knee-to-chest")
    h.window.compact.show()
    view = view_of(h)
    h.run_for(20)
    h.controller.stop()  # cut short: no tick, and said as History says it
    assert (view.time.text(), view.phase.text()) == ("–", "Partial")
    h.window.start("knee-to-chest")
    h.run_for(h.controller.plan.total_seconds + 1)
    assert (view.time.text(), view.phase.text()) == ("✓", "Done")


def test_closing_the_compact_view_brings_the_window_back_and_does_not_quit(h, qtbot):
    closed: list[bool] = []
    h.window.closed.connect(lambda: closed.append(True))
    h.window.compact.show()
    view_of(h).close()
    assert h.window.isVisible()
    assert closed == []


def test_a_saved_place_is_where_it_opens(make_harness, qtbot):
    first = make_harness(reminders=True)
    first.window.compact.show()
    view_of(first).move(70, 90)
    first.window.compact.back()
    saved = first.saved[-1].compact_geometry
    assert saved, "going back saved the place in the settings"
    h = make_harness(Settings(compact_geometry=saved), reminders=True)
    h.window.compact.show()
    assert (view_of(h).x(), view_of(h).y()) == (70, 90)


def test_without_a_session_it_says_when_the_next_break_comes(h):
    h.window.compact.show()
    view = view_of(h)
    assert view.next.text() == "Next break in 50 min"
    h.clock.advance(10 * 60)
    h.reminders.skip()  # any change of the reminders refreshes it
    assert view.next.text() == "Next break in 50 min"
    h.reminders.pause_for(3600)
    assert view.next.text().startswith("Break reminders paused until")


def test_the_main_window_brought_up_by_a_reminder_takes_the_place_of_the_compact_view(h):
    h.window.compact.show()
    h.window.breaks.start_break()  # Start in a reminder: the session shows in the full window
    assert h.window.isVisible()
    assert not view_of(h).isVisible()
    assert not h.window.compact.action.isChecked()


def test_a_second_easeback_run_id_compact_starts_in_the_compact_view_of_the_running_one(h, qtbot):
    from easeback.ui.app import answer

    request = {"command": "run", "id": "knee-to-chest", "compact": True}
    assert answer(h.window, request) == {"ok": True}
    qtbot.waitUntil(lambda: h.window.compact.shown, timeout=5000)
    assert h.controller.plan.id == "knee-to-chest"
    assert not h.window.isVisible()


def wrapped_lines(label) -> list[str]:
    """The lines ``label``'s text takes at the label's width, as Qt breaks them."""
    from PySide6.QtGui import QTextLayout

    text = label.text()
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.width())
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_the_next_line_wraps_after_a_dot_never_before_one(h, qtbot):
    h.window.start("knee-to-chest")  # "Next: Hold · Knee hug · 0:05 · Set 1 of 3 · Left leg"
    h.window.compact.action.trigger()
    view = view_of(h)
    qtbot.waitExposed(view)
    lines = wrapped_lines(view.next)
    assert len(lines) >= 2, lines  # long enough to wrap at this size
    assert not any(line.lstrip().startswith("·") for line in lines), lines


def test_a_hold_in_the_main_window_wakes_none_of_the_compact_views_code(h, monkeypatch):
    """Following the main window's title and showing is for while the view is up: with
    it down, each second of a hold runs no Python here (the hold's CPU goal counts it)."""
    from easeback.ui.compact import Compact

    calls: list[str] = []
    for name in ("eventFilter", "_follow_title", "refresh"):
        real = getattr(Compact, name)
        monkeypatch.setattr(
            Compact, name, lambda self, *a, _n=name, _r=real: calls.append(_n) or _r(self, *a)
        )
    h.window.start("seated-leg-to-chest")
    h.run_for(3)
    assert calls == []
    h.window.compact.show()
    h.run_for(2)
    assert "_follow_title" in calls, "while up, the view follows the title"
    h.window.compact.back()
    calls.clear()
    h.run_for(3)
    assert calls == []
