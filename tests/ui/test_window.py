"""The window shows the session's state and forwards intents; time comes from a fake clock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor, QTextDocument, QTextTable
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from easeback.core.plan import plan_seconds
from easeback.core.settings import Settings, load_settings
from easeback.ui.library_page import Card, Entry, LibraryPage


def card(harness, item_id) -> Card:
    return next(c for c in harness.window.library.cards if c.entry.id == item_id)


def test_library_lists_every_exercise_and_routine_as_cards(harness):
    ids = {c.entry.id for c in harness.window.library.cards}
    assert ids == set(harness.catalogue.ids())
    desk = card(harness, "desk-break")
    assert desk.entry.desk_friendly
    assert desk.entry.position == "seated"
    # the card shows the length of the plan it starts (4 1/2 minutes and a little)
    assert desk.entry.seconds == pytest.approx(plan_seconds(harness.catalogue, "desk-break"))
    assert 264 <= desk.entry.seconds <= 285
    assert harness.title() == "Easeback"


def test_filter_narrows_the_cards_and_says_when_nothing_matches(harness, qtbot):
    library = harness.window.library
    qtbot.keyClicks(library.filter, "desk")
    assert {c.entry.id for c in library.visible_cards()} == {"desk-break", "seated-leg-to-chest"}
    library.filter.clear()
    qtbot.keyClicks(library.filter, "zzz")
    assert library.visible_cards() == []
    assert library.empty.isVisibleTo(harness.window)
    library.filter.clear()
    assert len(library.visible_cards()) == 11


def test_esc_in_the_filter_clears_it(harness, qtbot):
    library = harness.window.library
    qtbot.keyClicks(library.filter, "zzz")
    assert library.empty.isVisibleTo(harness.window)
    assert "Esc" in library.empty.text(), "the empty library says how to get the cards back"
    qtbot.keyClick(library.filter, Qt.Key.Key_Escape)
    assert library.filter.text() == ""
    assert len(library.visible_cards()) == 11


def test_the_filter_box_takes_ctrl_f_down_and_enter(harness, qtbot):
    window, library = harness.window, harness.window.library
    assert library.filter.isClearButtonEnabled()
    window.activateWindow()
    card(harness, "bridge").setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert library.filter.hasFocus()
    qtbot.keyClicks(library.filter, "desk")
    qtbot.keyClick(library.filter, Qt.Key.Key_Down)
    assert library.visible_cards()[0].hasFocus()
    library.filter.setFocus()
    qtbot.keyClicks(library.filter, " break")
    qtbot.keyClick(library.filter, Qt.Key.Key_Return)  # one card left: Enter starts it
    assert harness.controller.plan.id == "desk-break"


def test_menu_shortcuts_are_set_when_the_session_side_is_attached(harness):
    shortcuts = {
        a.text(): [k.toString() for k in a.shortcuts()]
        for m in harness.window.menuBar().actions()
        for a in m.menu().actions()
    }
    assert shortcuts["&Settings…"] == ["Ctrl+,"]
    assert shortcuts["&Library"] == ["Ctrl+L"]
    assert shortcuts["&History"] == ["Ctrl+H"]
    assert "Ctrl+Q" in shortcuts["&Quit"]
    assert shortcuts["&Keyboard shortcuts"]  # the platform's Help key


def test_start_button_opens_the_session_and_the_title_counts_down(harness, qtbot):
    qtbot.mouseClick(card(harness, "desk-break").start_button, Qt.MouseButton.LeftButton)
    window = harness.window
    assert window.pages.currentWidget() is window.session_page
    get_ready = round(harness.controller.plan.phases[0].seconds)
    assert harness.title() == f"0:{get_ready:02d} · Get ready · Left · Easeback"
    harness.run_for(3.2)
    assert harness.title() == f"0:{get_ready - 3:02d} · Get ready · Left · Easeback"
    harness.run_for(get_ready)
    assert harness.title() == "1:57 · Hold · Left · Easeback"
    time, label, detail = window.session_page.ring.text
    assert (time, label, detail) == ("1:57", "HOLD", "Left leg")


def test_enter_and_double_click_on_a_card_start_it(harness, qtbot):
    target = card(harness, "bridge")
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_Return)
    assert harness.controller.plan.id == "bridge"
    harness.controller.stop()
    harness.window.show_library()
    qtbot.mouseDClick(card(harness, "knee-to-chest"), Qt.MouseButton.LeftButton)
    assert harness.controller.plan.id == "knee-to-chest"


def test_the_driver_arms_one_timer_that_wakes_about_once_a_second(harness):
    harness.window.start("seated-leg-to-chest")
    fired = harness.run_for(130)
    # one wake-up per displayed second plus one per event, never a fast tick
    cues = sum(len(p.cues) for p in harness.controller.plan.phases[:2])
    assert fired <= 130 + cues + 2
    assert fired >= 120
    assert 0 < harness.timer.delay <= 1.0


def test_space_pauses_and_resumes_and_the_time_stands_still(harness, qtbot):
    harness.window.start("seated-leg-to-chest")
    harness.run_for(harness.controller.plan.phases[1].start + 10)
    qtbot.keyClick(harness.window, Qt.Key.Key_Space)
    assert harness.controller.state == "paused"
    assert harness.title().startswith("Paused · 1:50 · Hold")
    assert harness.timer.delay is None
    harness.clock.advance(300)
    harness.window.refresh()
    assert harness.title().startswith("Paused · 1:50")
    assert harness.window.session_page.ring.text[1] == "HOLD"
    qtbot.keyClick(harness.window, Qt.Key.Key_Space)
    assert harness.controller.state == "running"
    harness.run_for(10)
    assert harness.title().startswith("1:40 · Hold")


def test_buttons_pause_skip_and_back(harness, qtbot):
    harness.window.start("bridge")
    buttons = harness.window.session_page.controls.buttons
    qtbot.mouseClick(buttons["skip"], Qt.MouseButton.LeftButton)
    assert harness.controller.snapshot().phase.kind == "reps"
    harness.run_for(6.5)
    assert harness.window.session_page.ring.text[1] == "REP 2 / 15"
    qtbot.mouseClick(buttons["back"], Qt.MouseButton.LeftButton)
    assert harness.controller.snapshot().phase_elapsed == pytest.approx(0)
    assert harness.window.session_page.ring.text[1] == "REP 1 / 15"
    qtbot.mouseClick(buttons["play_pause"], Qt.MouseButton.LeftButton)
    assert harness.controller.state == "paused"
    assert buttons["play_pause"].defaultAction().text() == "Resume"


def test_right_and_left_keys_skip_and_go_back(harness, qtbot):
    harness.window.start("glute-med-side-lying")
    qtbot.keyClick(harness.window, Qt.Key.Key_Right)
    assert harness.controller.snapshot().phase.index == 1
    qtbot.keyClick(harness.window, Qt.Key.Key_Right)
    assert harness.controller.snapshot().phase.kind == "end_hold"
    qtbot.keyClick(harness.window, Qt.Key.Key_Left)
    assert harness.controller.snapshot().phase.index == 1


def test_tooltips_name_the_shortcuts(harness):
    actions = harness.window.actions_
    assert actions.play_pause.toolTip().endswith("(Space)")
    assert actions.skip.toolTip().endswith("(Right)")
    assert actions.back.toolTip().endswith("(Left)")
    assert actions.stop.toolTip().endswith("(Esc)")
    assert actions.mute.toolTip().endswith("(M)")


def shown_shortcuts(harness, monkeypatch) -> QMessageBox:
    """The box Help > Keyboard shortcuts opens, caught as it would go modal."""
    caught: list[QMessageBox] = []
    plain: list[tuple] = []

    def catch(box: QMessageBox) -> None:  # a method: called on the box, it gets the box
        caught.append(box)

    monkeypatch.setattr(QMessageBox, "exec", catch)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: plain.append(args))
    menus = [a.menu() for a in harness.window.menuBar().actions()]
    (keys,) = [a for m in menus for a in m.actions() if a.text() == "&Keyboard shortcuts"]
    keys.trigger()
    assert not plain, "a box of our own, not plain text"
    (box,) = caught
    harness.qtbot.addWidget(box)
    return box


def table_of(html: str) -> tuple[QTextDocument, QTextTable]:
    document = QTextDocument()
    document.setHtml(html)
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
    table = cursor.currentTable()
    assert table is not None, "the shortcuts come as a table"
    return document, table


def cell_text(table: QTextTable, row: int, column: int) -> str:
    cell = table.cellAt(row, column)
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u00a0", " ")  # nowrap's spaces come back as nbsp


def test_help_lists_every_shortcut_the_menus_set(harness, monkeypatch):
    box = shown_shortcuts(harness, monkeypatch)
    assert box.windowTitle() == "Keyboard shortcuts"
    assert box.textFormat() == Qt.TextFormat.RichText
    _, table = table_of(box.text())
    assert table.columns() == 2
    listed = {cell_text(table, r, 0): cell_text(table, r, 1) for r in range(table.rows())}
    assert len(listed) == table.rows(), "one row per key"
    assert all(listed.values()), "every key says what it does"
    menus = [a.menu() for a in harness.window.menuBar().actions()]
    native = QKeySequence.SequenceFormat.NativeText
    in_menus = [
        a.shortcut().toString(native)
        for m in menus
        for a in m.actions()
        if not a.shortcut().isEmpty()
    ]
    assert "Ctrl+Shift+M" in in_menus, "the View menu's compact view is among them"
    assert "F1" in in_menus
    assert list(listed)[: len(in_menus)] == in_menus, "every menu key, in menu order"
    assert listed["Space"] == "Pause or resume"
    assert listed["Right"] == "Skip to the next phase"
    assert listed["Ctrl+Q"] == "Quit"
    assert listed["Ctrl+F"] == "Filter the library (Esc clears the filter)"
    assert listed["Del"] == "Delete the selected session (History)"
    assert listed["Ctrl+Z"] == "Undo that delete (History)"
    assert listed["Esc"] == (
        "Stop and go back to the library; in the compact view, back to the full window"
    )


def test_help_names_what_each_key_opens(harness, monkeypatch):
    _, table = table_of(shown_shortcuts(harness, monkeypatch).text())
    listed = {cell_text(table, r, 0): cell_text(table, r, 1) for r in range(table.rows())}
    assert listed["Ctrl+H"].startswith("History")
    assert listed["Ctrl+L"] == "Library"
    assert listed["Ctrl+,"] == "Settings"
    assert listed["Ctrl+Shift+M"].startswith("Compact view")


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's, on show
def test_each_shortcut_reads_on_one_line(harness, monkeypatch):
    box = shown_shortcuts(harness, monkeypatch)
    box.show()
    label = box.findChild(QLabel, "qt_msgbox_label")
    document, table = table_of(label.text())
    document.setDefaultFont(label.font())
    document.setTextWidth(label.width())  # laid out as wide as the box shows it
    document.size()  # lays it out
    for row in range(table.rows()):
        for column in range(table.columns()):
            block = table.cellAt(row, column).firstCursorPosition().block()
            assert block.layout().lineCount() == 1, cell_text(table, row, column)


def test_the_speaker_receives_every_cue_in_order_at_its_moment(harness):
    harness.window.start("knee-to-chest")
    plan = harness.controller.plan
    harness.run_for(plan.total_seconds + 1)
    expected = [(c.text, p.start + c.at) for p in plan.phases for c in p.cues]
    assert harness.speaker.texts == [t for t, _ in expected]
    start = harness.speaker.said[0][1]
    for (_, due), (_, at) in zip(harness.speaker.said, expected, strict=True):
        assert due - start == pytest.approx(at, abs=1e-6)
    assert set(harness.speaker.prepared) == set(plan.texts())


def test_finishing_shows_well_done_and_the_way_back(harness, qtbot):
    harness.window.start("knee-to-chest")
    harness.run_for(harness.controller.plan.total_seconds + 1)
    page = harness.window.session_page
    assert harness.controller.state == "finished"
    assert harness.title() == "Done · Easeback"
    assert page.done_bar.isVisible()
    assert not page.controls.isVisible()
    assert "Well done" in harness.speaker.texts[-1]
    assert page.picture.done, "a check mark, not an empty picture frame"
    qtbot.mouseClick(page.library_button, Qt.MouseButton.LeftButton)
    assert harness.window.pages.currentWidget() is harness.window.library
    assert harness.title() == "Easeback"


def test_stop_asks_only_after_a_minute(harness, qtbot):
    harness.window.start("bridge")
    harness.run_for(30)
    qtbot.keyClick(harness.window, Qt.Key.Key_Escape)
    assert harness.controller.state == "finished"
    assert harness.window.pages.currentWidget() is harness.window.library

    harness.window.start("bridge")
    harness.run_for(90)
    harness.answers = [False]
    qtbot.keyClick(harness.window, Qt.Key.Key_Escape)
    assert harness.controller.state == "running", "saying no keeps the session going"
    harness.answers = [True]
    qtbot.keyClick(harness.window, Qt.Key.Key_Escape)
    assert harness.controller.state == "finished"


def test_mute_key_silences_the_voice(harness, qtbot):
    harness.window.start("knee-to-chest")
    harness.run_for(1)
    said = len(harness.speaker.said)
    qtbot.keyClick(harness.window, Qt.Key.Key_M)
    assert harness.speaker.muted
    assert harness.window.actions_.mute.text() == "Unmute"
    harness.run_for(20)
    assert len(harness.speaker.said) == said
    assert harness.saved[-1].muted, "mute is remembered for the next start"
    qtbot.keyClick(harness.window, Qt.Key.Key_M)
    harness.run_for(10)
    assert len(harness.speaker.said) > said
    assert not harness.saved[-1].muted


def test_during_reps_the_step_and_picture_follow_the_tempo(harness):
    harness.window.start("glute-med-side-lying")
    page = harness.window.session_page
    reps = harness.controller.plan.phases[1]
    harness.run_for(reps.start + 0.5)
    seen = []
    for _ in range(6):
        seen.append((page.ring.text[1], page.steps.current_text))
        harness.run_for(5 / 3)
    labels = [label for label, _ in seen]
    assert labels[:3] == ["REP 1 / 10"] * 3
    assert labels[3] == "REP 2 / 10"
    texts = [text for _, text in seen]
    lift, sweep, down = (
        harness.controller.catalogue.exercises["glute-med-side-lying"].movements[0].steps
    )
    assert texts[:4] == [lift.text, sweep.text, down.text, lift.text]


def test_right_side_pictures_are_mirrored(harness):
    harness.window.start("seated-leg-to-chest")
    picture = harness.window.session_page.picture
    harness.run_for(15)
    assert not picture.mirrored
    harness.run_for(125)
    assert harness.controller.snapshot().phase.side == "right"
    assert picture.mirrored


def test_a_clock_jump_pauses_and_tells_the_user(harness):
    harness.window.start("seated-leg-to-chest")
    harness.run_for(20)
    harness.clock.advance(3600)
    harness.timer.fire()
    assert harness.controller.state == "paused"
    assert "clock jumped" in harness.window.statusBar().currentMessage()
    harness.controller.stop()
    harness.window.start("desk-break")  # a new session: that news is over
    assert harness.window.statusBar().currentMessage() == ""


def test_first_start_notice_is_dismissed_once_and_remembered(harness, qtbot):
    banner = harness.window.banner
    assert banner.isVisible()
    qtbot.mouseClick(banner.dismiss, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    assert harness.saved[-1].cautions_seen


def test_settings_dialog_round_trips_through_the_settings_file(harness, qtbot):
    from easeback.core.settings import save_settings
    from easeback.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), harness.catalogue)
    qtbot.addWidget(dialog)
    dialog.rate.setValue(150)
    dialog.verbosity.setCurrentIndex(dialog.verbosity.findData("counts"))
    dialog.exercise.setCurrentIndex(dialog.exercise.findData("glute-med-side-lying"))
    dialog.reps_spin.setValue(12)
    dialog.side_combo.setCurrentIndex(1)
    assert dialog.reps_spin.maximum() == 15
    dialog.exercise.setCurrentIndex(dialog.exercise.findData("seated-leg-cross"))
    assert dialog.hold_spin.minimum() == 60
    dialog.hold_spin.setValue(90)
    result = dialog.result_settings()
    save_settings(result)
    loaded, message = load_settings()
    assert message is None
    assert loaded.rate == 150
    assert loaded.verbosity == "counts"
    assert loaded.overrides["glute-med-side-lying"].reps == 12
    assert loaded.overrides["glute-med-side-lying"].first_side == "right"
    assert loaded.overrides["seated-leg-cross"].hold_seconds == 90
    # and the next plan uses them
    harness.window.update_settings(loaded)
    plan = harness.controller.start("glute-med-side-lying")
    reps = [p for p in plan.phases if p.kind == "reps"]
    assert reps[0].reps == 12
    assert reps[0].side == "right"


def test_window_looks_complete_at_small_size(harness, qtbot):
    harness.window.resize(800, 600)
    harness.window.start("glute-med-side-lying")
    harness.run_for(30)
    page = harness.window.session_page
    for widget in (page.ring, page.picture, page.progress, page.controls):
        assert widget.isVisible()
        assert widget.height() > 20
    assert page.controls.geometry().bottom() <= page.height()


# --------------------------------------------------------------------------- a second launch


def test_a_second_launch_brings_the_minimized_window_back(harness, qtbot):
    from easeback.ui.app import answer

    harness.window.showMinimized()
    assert answer(harness.window, {"command": "show"}) == {"ok": True}
    assert not harness.window.isMinimized()
    assert harness.window.isVisible()


def test_a_handed_over_id_starts_in_the_running_window(harness, qtbot):
    from easeback.ui.app import answer

    assert answer(harness.window, {"command": "run", "id": "bridge"}) == {"ok": True}
    qtbot.waitUntil(lambda: harness.controller.active, timeout=5000)
    assert harness.controller.plan.id == "bridge"
    assert harness.window.pages.currentWidget() is harness.window.session_page


def test_a_handed_over_unknown_id_is_refused_with_the_reason(harness):
    from easeback.ui.app import answer

    reply = answer(harness.window, {"command": "run", "id": "no-such-thing"})
    assert reply["ok"] is False
    assert "no-such-thing" in reply["error"]
    assert not harness.controller.active


def test_a_handed_over_id_asks_before_ending_a_session_of_a_minute_or_more(harness, qtbot):
    from easeback.ui.app import answer

    harness.window.start("bridge")
    harness.run_for(90)
    asked = []
    harness.window.confirm = lambda text, yes: asked.append(text) or False
    answer(harness.window, {"command": "run", "id": "desk-break"})
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert harness.controller.plan.id == "bridge", "saying no keeps the session"
    assert harness.controller.state == "running"

    harness.window.confirm = lambda text, yes: asked.append(text) or True
    answer(harness.window, {"command": "run", "id": "desk-break"})
    qtbot.waitUntil(lambda: harness.controller.plan.id == "desk-break", timeout=5000)
    assert len(asked) == 2


# --------------------------------------------------------------------------- easeback status


def test_status_reports_the_session_s_phase_side_time_left_and_pause(make_harness):
    from easeback.ui.app import status

    h = make_harness(reminders=True, remind_every=30)
    assert status(h.controller, h.reminders)["session"] is None
    assert status(h.controller, h.reminders)["next_break_in_seconds"] == 1800
    h.window.start("seated-leg-to-chest")
    ran = h.controller.plan.phases[1].start + 10.4  # get ready, then 10.4 s of the first hold
    h.run_for(ran)
    running = status(h.controller, h.reminders)
    assert running["next_break_at"] is None  # reminders wait while you exercise
    assert (running["breaks"], running["breaks_text"]) == (
        "session",
        "Break reminders wait while you exercise",
    )
    h.controller.pause()
    report = status(h.controller, h.reminders)
    assert report["session"] == {
        "id": "seated-leg-to-chest",
        "name": "Seated leg to chest",
        "phase": "hold",
        "label": "HOLD",
        "side": "left",
        "seconds_left": 109.6,
        "total_seconds_left": round(h.controller.plan.total_seconds - ran, 1),
        "paused": True,
    }
    # paused, the session is over as far as breaks go: they count on from where they were
    assert report["breaks"] == "counting"
    assert report["next_break_in_seconds"] == 1800


def test_status_says_a_waiting_or_paused_break_in_words_not_as_due_now(make_harness):
    from easeback.cli.status import text
    from easeback.ui.app import status

    h = make_harness(reminders=True, remind_every=30)
    h.run_all_for(30 * 60 + 1)  # the break falls due, and nobody answers
    report = status(h.controller, h.reminders)
    assert report["breaks"] == "due"
    assert report["next_break_at"] is None, "not 'at 10:30 (in 0 s)', moving with the clock"
    assert text({**report}).splitlines()[1] == h.reminders.describe()
    h.reminders.pause_for(3600)
    report = status(h.controller, h.reminders)
    assert report["breaks"] == "paused"
    assert text(report).splitlines()[1].startswith("Break reminders paused until")


# --------------------------------------------------------------------------- quitting


def asking(harness, answer: bool) -> list[str]:
    """Make the window's questions answer ``answer``; the list collects the questions."""
    asked: list[str] = []
    harness.window.confirm = lambda text, yes: asked.append(text) or answer
    return asked


def closed_signal(harness) -> list[bool]:
    closed: list[bool] = []
    harness.window.closed.connect(lambda: closed.append(True))
    return closed


def test_ctrl_q_asks_after_a_minute_and_no_keeps_the_session_running(harness, qtbot):
    closed = closed_signal(harness)
    harness.window.start("bridge")
    harness.run_for(90)
    asked = asking(harness, False)
    qtbot.keyClick(harness.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Quit Easeback and stop the session? You have been exercising for 1:30."]
    assert harness.controller.state == "running"
    assert closed == []
    asked = asking(harness, True)
    qtbot.keyClick(harness.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    assert harness.controller.state == "finished"
    assert closed == [True]


def test_closing_the_window_follows_the_same_rule_as_esc(harness):
    closed = closed_signal(harness)
    harness.window.start("bridge")
    harness.run_for(60)
    asked = asking(harness, False)
    harness.window.close()
    # a minute or more: it asks, and says what goes with the window (no tray here: the app)
    assert asked == ["Quit Easeback and stop the session? You have been exercising for 1:00."]
    assert harness.window.isVisible()
    assert harness.controller.state == "running"
    asking(harness, True)
    harness.window.close()
    assert harness.controller.state == "finished"
    assert closed == [True]


def test_a_session_under_a_minute_ends_on_quit_without_a_question(make_harness):
    h = make_harness(record=True)
    h.window.start("bridge")
    h.run_for(30)
    asked = asking(h, False)
    h.window.quit_app()
    assert asked == []
    assert h.controller.state == "finished"
    (record,) = h.history.recent()
    assert record.status not in ("running", "completed")


def test_logging_out_asks_when_the_desktop_lets_it_and_otherwise_ends_the_session(harness):
    harness.window.start("bridge")
    harness.run_for(90)
    asked = asking(harness, False)
    assert harness.window.commit_data(ask_allowed=True) is False, "the log-out is cancelled"
    assert asked == ["Log out and stop the session? You have been exercising for 1:30."]
    assert harness.controller.state == "running"
    asked = asking(harness, False)
    assert harness.window.commit_data(ask_allowed=False) is True
    assert asked == []
    assert harness.controller.state == "finished"


def test_ending_now_writes_the_session_before_the_window_closes(make_harness):
    h = make_harness(record=True)
    closed = closed_signal(h)
    h.window.start("bridge")
    h.run_for(90)
    asked = asking(h, False)
    h.window.end_now()
    assert asked == [], "a signal does not ask"
    assert closed == [True]
    (record,) = h.history.recent()
    assert record.status not in ("running", "completed")
    assert record.ended_at is not None


def test_closing_with_the_tray_keeps_the_reminders_running(make_harness):
    from PySide6.QtGui import QIcon

    from easeback.ui.tray import Tray

    h = make_harness(reminders=True)
    h.window.breaks.attach_tray(Tray(QIcon(), h.window.breaks.actions, h.tray_timer_factory))
    closed = closed_signal(h)
    h.window.start("bridge")
    h.run_for(90)
    asking(h, True)
    h.window.close()
    assert h.controller.state == "finished", "the session ended by the rule"
    assert not h.window.isVisible()
    assert closed == []
    assert h.reminders.status().state == "counting"
    assert h.reminder_timer.due is not None, "the next break is still on its way"


# --------------------------------------------------------------------------- the library filter


def shown_ids(harness) -> set[str]:
    return {c.entry.id for c in harness.window.library.visible_cards()}


def test_the_filter_matches_name_position_and_the_desk_badge_only(harness, qtbot):
    library = harness.window.library
    qtbot.keyClicks(library.filter, "medius")
    assert shown_ids(harness) == {"glute-med-side-lying"}, "not by a routine's hidden members"
    library.filter.clear()
    qtbot.keyClicks(library.filter, "seated")
    assert shown_ids(harness) == {
        "seated-leg-to-chest",
        "seated-leg-cross",
        "desk-break",
        "full-program",
    }
    library.filter.clear()
    qtbot.keyClicks(library.filter, "desk")
    assert shown_ids(harness) == {"desk-break", "seated-leg-to-chest"}
    library.filter.clear()
    qtbot.keyClicks(library.filter, "hamstring")  # in a summary only
    assert shown_ids(harness) == set()


def test_enter_starts_the_one_card_the_filter_shows(harness, qtbot):
    library = harness.window.library
    qtbot.keyClicks(library.filter, "bridge")
    assert shown_ids(harness) == {"bridge"}
    qtbot.keyClick(library.filter, Qt.Key.Key_Return)
    assert harness.controller.plan.id == "bridge"


def test_enter_with_several_cards_shown_moves_to_the_first_instead_of_starting(harness, qtbot):
    window, library = harness.window, harness.window.library
    window.activateWindow()
    library.filter.setFocus()
    qtbot.keyClicks(library.filter, "floor")
    assert len(library.visible_cards()) > 1
    qtbot.keyClick(library.filter, Qt.Key.Key_Return)
    assert not harness.controller.active
    assert library.visible_cards()[0].hasFocus()


def entry(item_id: str, name: str, summary: str = "A line.") -> Entry:
    return Entry(item_id, "exercise", name, "floor", 60.0, "1:00", False, summary)


def test_enter_starts_the_card_whose_name_is_typed_exactly_among_several(qtbot):
    page = LibraryPage()
    qtbot.addWidget(page)
    page.set_entries([entry("march", "Bridge march"), entry("bridge", "Bridge")])
    started: list[str] = []
    page.start_requested.connect(started.append)
    qtbot.keyClicks(page.filter, " BRIDGE ")
    assert len(page.visible_cards()) == 2
    qtbot.keyClick(page.filter, Qt.Key.Key_Return)
    assert started == ["bridge"]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's, on show
def test_the_column_count_depends_on_the_width_only(qtbot):
    page = LibraryPage()
    qtbot.addWidget(page)
    page.set_entries(
        [
            entry("a", "Short"),
            entry("b", "Sidelyinghipseriesextendedwithmorewords", "word " * 200),
            entry("c", "Also short"),
        ]
    )
    page.resize(1120, 700)
    page.show()
    qtbot.waitExposed(page)
    tops = {card.geometry().top() for card in page.cards}
    widths = {card.width() for card in page.cards}
    assert len(tops) == 1, "three cards side by side at 1120 px"
    assert max(widths) - min(widths) <= 1, "equal columns, whatever the text"
    page.set_entries(page.entries)  # the lengths changed (Settings): the same columns
    qtbot.waitUntil(lambda: all(card.isVisible() for card in page.cards))
    assert len({card.geometry().top() for card in page.cards}) == 1
    page.resize(700, 700)
    qtbot.waitUntil(lambda: len({card.geometry().top() for card in page.cards}) == 2)


def test_a_handed_over_run_keeps_its_command_line_choices(harness, qtbot):
    from easeback.ui.app import answer

    choices = {"reps": 8}
    reply = answer(
        harness.window, {"command": "run", "id": "glute-med-side-lying", "choices": choices}
    )
    assert reply == {"ok": True}
    qtbot.waitUntil(lambda: harness.controller.active, timeout=5000)
    reps = [p.reps for p in harness.controller.plan.phases if p.kind == "reps"]
    assert set(reps) == {8}
    reply = answer(harness.window, {"command": "run", "id": "desk-break", "choices": choices})
    assert reply["ok"] is False, "choices for one exercise do not apply to a routine"


def test_a_signal_while_the_quit_question_is_open_still_ends_and_writes_the_session(
    make_harness,
):
    h = make_harness(record=True)
    closed = closed_signal(h)
    h.window.start("bridge")
    h.run_for(90)

    def signal_arrives(text: str, yes: str) -> bool:
        h.window.end_now()  # as the signal's notifier would, from the dialog's event loop
        return False  # the dialog then closes as if answered No

    h.window.confirm = signal_arrives
    h.window.quit_app()
    assert h.controller.state == "finished"
    assert closed == [True]
    (record,) = h.history.recent()
    assert record.status not in ("running", "completed")


def test_the_session_buttons_work_only_while_a_session_runs_on_screen(harness):
    """Back, Pause, Skip and Stop (and their keys) are for a session on the session page."""
    actions = harness.window.actions_
    buttons = (actions.back, actions.play_pause, actions.skip, actions.stop)

    def enabled() -> list[bool]:
        return [b.isEnabled() for b in buttons]

    assert enabled() == [False] * 4, "nothing to pause in the library"
    harness.window.start("seated-leg-to-chest")
    harness.run_for(3)
    assert enabled() == [True] * 4
    harness.window.controller.pause()
    assert enabled() == [True] * 4, "a paused session can be resumed, skipped or stopped"
    harness.window.controller.resume()
    harness.window.controller.stop()
    harness.run_for(2)
    assert enabled() == [False] * 4, "the session is over"
    harness.window.start("knee-to-chest")
    harness.run_for(2)
    assert enabled() == [True] * 4, "and the next one has them again"


def test_back_in_the_library_typing_filters_and_space_starts_nothing(harness, qtbot):
    window, library = harness.window, harness.window.library
    window.activateWindow()
    button = card(harness, "desk-break").findChild(QPushButton)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # Start, from the keyboard
    assert harness.controller.plan.id == "desk-break"
    harness.run_for(5)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # under a minute: stops at once
    assert not harness.controller.active
    assert library.filter.hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert not harness.controller.active, "Space went to the filter, not to a Start button"
    qtbot.keyClicks(window.focusWidget(), "knee")
    assert [c.entry.id for c in library.visible_cards()] == ["knee-to-chest"]


def test_esc_on_the_done_page_and_on_history_goes_back_to_the_library(harness, qtbot):
    window = harness.window
    window.activateWindow()
    window.start("knee-to-chest")
    harness.run_for(harness.controller.plan.total_seconds + 1)
    assert window.session_page.done_bar.isVisible()
    assert window.session_page.ring.text[1] == "WELL DONE", "run whole: praised"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.library
    window.show_history()
    assert window.pages.currentWidget() is window.history_page
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.library
    window.start("desk-break")  # during a session Esc is Stop, as before
    harness.run_for(5)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not harness.controller.active


@pytest.mark.parametrize(
    ("press", "answer"), [("Stop", True), ("Keep going", False), (None, False)]
)
def test_the_stop_question_s_buttons_say_what_they_do(qtbot, monkeypatch, press, answer):
    from easeback.ui.help import ask

    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> None:  # in place of the modal loop: press a button, or none
        shown.append(box)
        for button in box.buttons():
            if button.text() == press:
                button.click()

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert ask(None, "Stop the session?", "Stop", "Keep going") is answer
    (box,) = shown
    assert sorted(b.text() for b in box.buttons()) == ["Keep going", "Stop"]
    assert box.defaultButton().text() == "Keep going", "Enter does not end a session"
    assert box.escapeButton().text() == "Keep going"


def test_spoken_commands_leave_the_session_page_unbuilt_and_mark_it_once_built(harness):
    """The services after the first paint must not build a page nobody has asked for;
    the page's "Listening" mark still follows the switch once it is built."""
    from easeback.ui.listening import attach_listening

    control = attach_listening(harness.window, harness.controller)
    assert "session_page" not in harness.window.__dict__, "the session page is built when shown"
    harness.window.start("knee-to-chest")
    mark = harness.window.session_page.listening_mark
    assert mark.isHidden()
    control.state_changed.emit("listening", "")
    assert not mark.isHidden()
    control.state_changed.emit("off", "")
    assert mark.isHidden()


def test_spoken_commands_that_cannot_listen_are_marked_on_the_session_page(harness):
    """Switched on with no microphone: the status bar's message is long gone when the
    person looks up from the mat, so the page says it, and why."""
    from easeback.listen.microphone import MicrophoneUnavailable
    from easeback.ui.listening import VoiceControl

    class NoMicrophone:
        def __init__(self, *args, **kwargs):
            pass

        def start(self):
            raise MicrophoneUnavailable("No microphone: arecord was not found")

    control = VoiceControl(harness.controller, harness.window, listener_factory=NoMicrophone)
    harness.window.follow_listening(control)
    control.set_enabled(True)
    harness.window.start("knee-to-chest")  # the page is built after the failure
    mark = harness.window.session_page.listening_mark
    assert not mark.isHidden()
    assert mark.text() == "● Not listening"
    assert "arecord was not found" in mark.toolTip()
