"""Keyboard and screen-reader use: what someone lying on the floor, on a keyboard alone
or with a screen reader, meets. Keys are sent as key events to the widget that has focus,
as a person's would be."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QScrollArea, QWidget

from easeback.core.settings import Settings
from easeback.ui.reminder_window import QUIET_SECONDS, ReminderWindow
from easeback.ui.settings_dialog import SettingsDialog

Key = Qt.Key


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    """Press ``key`` where the keyboard's focus is; return where focus is then."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard's focus"
    qtbot.keyClick(widget, key, modifier)
    return QApplication.focusWidget()


def accessible(widget: QWidget, text: QAccessible.Text = QAccessible.Text.Name) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(text)


def focus_window(qtbot, window: QWidget, widget: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()


def finish(h) -> None:
    h.run_for(h.controller.plan.total_seconds + 1)
    assert h.controller.state == "finished"


# ------------------------------------------------------------------ 1. the break reminder
@pytest.fixture
def typing(qtbot):
    """Someone typing in another window (an editor)."""
    editor = QLineEdit()
    qtbot.addWidget(editor)
    editor.show()
    focus_window(qtbot, editor, editor)
    qtbot.keyClicks(editor, "hello")
    return editor


def reminder(qtbot, clock) -> tuple[ReminderWindow, list[str]]:
    window = ReminderWindow(clock=clock)
    qtbot.addWidget(window)
    answers: list[str] = []
    window.start_requested.connect(lambda: answers.append("start"))
    window.snooze_requested.connect(lambda: answers.append("snooze"))
    window.skip_requested.connect(lambda: answers.append("skip"))
    window.set_break("Desk break", 271)
    return window, answers


def test_a_reminder_that_comes_by_itself_does_not_take_the_keys_of_someone_typing(
    qtbot, fake_clock, typing
):
    window, answers = reminder(qtbot, fake_clock)
    window.present()  # by itself: the break timer
    # asked to show without being activated (X11 keeps the keys in the editor) ...
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    # ... but where the platform activates it anyway (offscreen does, as some Wayland
    # desktops do), the typing that goes on starts nothing: not a space, Enter or Esc
    qtbot.waitUntil(window.isActiveWindow)
    for key in (Key.Key_Space, Key.Key_W, Key.Key_Return, Key.Key_Escape):
        fake_clock.advance(0.3)
        press(qtbot, key)
    assert answers == []
    assert window.isVisible()
    fake_clock.advance(QUIET_SECONDS)  # the person stopped typing and looks at it
    press(qtbot, Key.Key_Return)
    assert answers == ["start"]


def test_a_reminder_the_person_opened_takes_the_keys_at_once(qtbot, fake_clock, typing):
    window, answers = reminder(qtbot, fake_clock)
    window.present(asked=True)  # the tray icon, the notification clicked
    qtbot.waitUntil(window.isActiveWindow)
    assert not window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert window.start_button.hasFocus()
    press(qtbot, Key.Key_Space)
    assert answers == ["start"]


def test_the_reminders_tab_order_follows_the_screen_left_to_right(qtbot, fake_clock):
    window, _ = reminder(qtbot, fake_clock)
    window.present(asked=True)
    qtbot.waitUntil(window.isActiveWindow)
    window.skip_button.setFocus()
    assert press(qtbot, Key.Key_Tab) is window.snooze_button
    assert press(qtbot, Key.Key_Tab) is window.start_button


# ------------------------------------------------------------------ 2., 10. screen readers
def test_a_screen_reader_reads_the_cautions_and_the_caption_on_the_session_page(harness):
    harness.window.start("knee-to-chest")
    harness.run_for(12)
    page = harness.window.session_page
    cautions = harness.catalogue.exercises["knee-to-chest"].cautions
    assert cautions, "the knee hug has cautions to read"
    assert cautions[0] in accessible(page.cautions)
    assert page.caption.text()
    assert accessible(page.caption) == page.caption.text()
    assert accessible(page.caption, QAccessible.Text.Description) == "What the voice says"


def test_the_picture_has_a_name_and_the_ring_says_when_it_is_paused(harness, qtbot):
    harness.window.start("knee-to-chest")
    harness.run_for(12)
    page = harness.window.session_page
    assert accessible(page.picture) == "Picture of the step"
    assert accessible(page.picture, QAccessible.Text.Description), "and what the step is"
    assert "Paused" not in accessible(page.ring, QAccessible.Text.Description)
    focus_window(qtbot, harness.window, harness.window)
    press(qtbot, Key.Key_Space)
    assert harness.controller.snapshot().state == "paused"
    assert accessible(page.ring, QAccessible.Text.Description).startswith("Paused")


# ------------------------------------------------------------------ 3. Space after the end
def test_space_at_the_end_of_a_session_presses_no_button_focus_was_left_on(harness, qtbot):
    window = harness.window
    assert window.banner.isVisible(), "the first-start safety notice is up"
    focus_window(qtbot, window, window.banner.dismiss)  # left there before the start
    window.start("desk-break")
    harness.run_for(20)
    window.banner.dismiss.setFocus()  # or put there during the run (Space pauses then)
    finish(harness)
    press(qtbot, Key.Key_Space)  # meant as "pause", a moment too late
    press(qtbot, Key.Key_Return)
    assert window.banner.isVisible(), "the safety notice was not dismissed"
    assert not any(s.cautions_seen for s in harness.saved)
    assert harness.controller.state == "finished", "nor the session started again"


def test_space_after_do_it_again_presses_nothing_when_that_run_ends(harness, qtbot):
    window = harness.window
    window.start("desk-break")
    finish(harness)
    focus_window(qtbot, window, window)
    assert press(qtbot, Key.Key_Tab) is window.banner.dismiss  # top of the window first
    assert press(qtbot, Key.Key_Tab) is window.session_page.again_button
    press(qtbot, Key.Key_Space)  # deliberately: Do it again
    assert harness.controller.state == "running"
    finish(harness)
    press(qtbot, Key.Key_Space)
    assert window.banner.isVisible()
    assert harness.controller.state == "finished"


# ------------------------------------------------------------------ 4. Enter on buttons
def test_enter_presses_the_focused_button_in_the_main_window(harness, qtbot):
    window = harness.window
    page = window.session_page
    window.start("knee-to-chest")
    finish(harness)
    assert not page.library_button.isDefault(), "no button looks focused without focus"
    focus_window(qtbot, window, page.too_hard_button)
    press(qtbot, Key.Key_Return)
    assert window.offer_bar.isVisible(), "Too hard offered an easier level"
    window.offer_bar.decline_button.setFocus()
    press(qtbot, Key.Key_Return)
    assert not window.offer_bar.isVisible(), "Not now answered it"
    page.again_button.setFocus()
    press(qtbot, Key.Key_Return)
    assert harness.controller.state == "running"
    finish(harness)
    window.banner.dismiss.setFocus()
    press(qtbot, Key.Key_Return)
    assert not window.banner.isVisible()
    page.library_button.setFocus()
    press(qtbot, Key.Key_Enter)  # the keypad's Enter too
    assert window.pages.currentWidget() is window.library


def history_of_one_session(make_harness):
    """A window with one finished session in its history, on the History page."""
    h = make_harness(record=True)
    h.window.start("desk-break")
    finish(h)
    h.settle()
    h.window.show_history()
    return h, h.window.history_page


def test_enter_presses_the_history_pages_buttons(make_harness, qtbot):
    h, page = history_of_one_session(make_harness)
    window = h.window
    page.table.selectRow(0)
    focus_window(qtbot, window, page.delete_button)
    press(qtbot, Key.Key_Return)
    h.settle()
    assert page.undo_bar.isVisible(), "the session was deleted"
    page.undo_button.setFocus()
    press(qtbot, Key.Key_Return)
    h.settle()
    assert page.table.rowCount() == 1, "and brought back"
    page.library_button.setFocus()
    press(qtbot, Key.Key_Return)
    assert window.pages.currentWidget() is window.library
    assert page.empty_library_button.autoDefault()  # shown only with no history at all


# ------------------------------------------------------------------ 5. History
def test_tab_leaves_the_history_table(make_harness, qtbot):
    h, page = history_of_one_session(make_harness)
    window = h.window
    focus_window(qtbot, window, page.table)
    page.table.setCurrentCell(0, 0)
    assert press(qtbot, Key.Key_Tab) is not page.table
    page.table.setFocus()
    assert press(qtbot, Key.Key_Backtab) is not page.table


# ------------------------------------------------------------------ 6., 8. the library
def test_tab_from_the_filter_goes_from_start_button_to_start_button(harness, qtbot):
    window, library = harness.window, harness.window.library
    focus_window(qtbot, window, library.filter)
    for card in library.visible_cards()[:3]:
        focused = press(qtbot, Key.Key_Tab)
        assert focused is card.start_button, "one Tab stop a card: no scroll area, no frame"
        assert card.property("focus_within"), "the card's ring shows where focus is"
        assert accessible(focused) == f"Start {card.entry.name}"
    assert accessible(library.filter) == "Filter"


def test_down_and_a_click_still_focus_a_card_and_enter_starts_it(harness, qtbot):
    window, library = harness.window, harness.window.library
    focus_window(qtbot, window, library.filter)
    first = library.visible_cards()[0]
    assert press(qtbot, Key.Key_Down) is first
    press(qtbot, Key.Key_Return)
    assert harness.controller.plan.id == first.entry.id


# ------------------------------------------------------------------ 6. the session page
def test_no_tab_stop_on_the_session_page_is_an_unnamed_scroll_area(harness, qtbot):
    window = harness.window
    window.banner.hide()
    window.start("knee-to-chest")
    focus_window(qtbot, window, window.centralWidget())
    for moment in ("running", "finished"):
        if moment == "finished":
            finish(harness)
        for _ in range(4):
            focused = press(qtbot, Key.Key_Tab)
            assert not isinstance(focused, QScrollArea), moment


# ------------------------------------------------------------------ 7. Tab order
def test_the_safety_notice_comes_before_the_library_in_the_tab_order(harness, qtbot):
    window = harness.window
    focus_window(qtbot, window, window.centralWidget())  # the top of the window
    assert press(qtbot, Key.Key_Tab) is window.banner.dismiss, "not after all the cards"
    assert press(qtbot, Key.Key_Tab) is window.library.filter


def test_the_offer_comes_before_the_done_pages_buttons(harness, qtbot):
    window = harness.window
    window.banner.hide()
    page = window.session_page
    window.start("knee-to-chest")
    finish(harness)
    page.too_hard_button.click()
    bar = window.offer_bar
    assert bar.isVisible()
    focus_window(qtbot, window, window.centralWidget())
    order = [press(qtbot, Key.Key_Tab) for _ in range(4)]
    assert order == [bar.accept_button, bar.decline_button, page.again_button, page.library_button]


# ------------------------------------------------------------------ 9. Settings
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's, on show
def test_settings_exercise_fields_come_before_the_reset_button_in_the_tab_order(harness, qtbot):
    dialog = SettingsDialog(Settings(), harness.catalogue, (), harness.window)
    qtbot.addWidget(dialog)
    dialog.show()
    focus_window(qtbot, dialog, dialog)
    press(qtbot, Key.Key_E, Qt.KeyboardModifier.AltModifier)  # the Exercises tab
    qtbot.waitUntil(dialog.exercise.isVisible)
    dialog.exercise.setCurrentIndex(dialog.exercise.findData("lower-back-rotation"))
    fields = [dialog.reps_spin, dialog.hold_spin, dialog.sets_spin, dialog.rest_spin]
    fields = [f for f in (*fields, dialog.side_combo) if f is not None]
    assert len(fields) >= 2
    qtbot.waitUntil(lambda: all(f.isVisible() for f in fields))  # a new row shows queued
    dialog.exercise.setFocus()
    reached = [press(qtbot, Key.Key_Tab) for _ in fields]
    assert reached == fields
    assert isinstance(press(qtbot, Key.Key_Tab), QPushButton), "then the reset button"


def test_settings_working_hours_fields_say_from_and_to(harness, qtbot):
    dialog = SettingsDialog(Settings(), harness.catalogue, (), harness.window)
    qtbot.addWidget(dialog)
    assert accessible(dialog.work_start) == "Working hours from"
    assert accessible(dialog.work_end) == "Working hours to"


# ------------------------------------------------------------------ 11. the compact view
def test_left_and_m_work_in_the_compact_view(harness, qtbot):
    window = harness.window
    window.start("knee-to-chest")
    harness.run_for(12)  # into the first hold
    index = harness.controller.snapshot().phase.index
    window.compact.show()
    view = window.compact.view
    assert view is not None
    focus_window(qtbot, view, view)
    press(qtbot, Key.Key_Right)
    assert harness.controller.snapshot().phase.index == index + 1
    press(qtbot, Key.Key_Left)  # Back, as in the main window
    assert harness.controller.snapshot().phase.index == index
    assert not harness.controller.muted
    press(qtbot, Key.Key_M)
    assert harness.controller.muted


def test_at_the_first_start_typing_filters_and_space_leaves_the_safety_notice(make_harness, qtbot):
    """The notice's Got it comes first in the Tab order, but focus starts in the filter:
    the first key typed filters, and a Space does not dismiss the notice for good."""
    h = make_harness(Settings(cautions_seen=False))
    h.window.show()
    qtbot.waitExposed(h.window)
    h.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is h.window.library.filter)
    qtbot.keyClicks(QApplication.focusWidget(), "desk ")
    assert h.window.banner.isVisible()
    assert h.window.library.filter.text() == "desk "
