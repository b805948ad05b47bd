"""Break reminders in the window: one hand-fired timer, the reminder window, tray and autostart."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from easeback.core.reminders import BreakDue
from easeback.core.settings import Settings
from easeback.core.time import format_clock
from easeback.ui import autostart
from easeback.ui import reminder_window as reminder_window_module
from easeback.ui.reminder_window import TITLE
from easeback.ui.reminders import ReminderDriver, break_plan, text_change_in
from easeback.ui.tray import Tray, create_tray, tray_available
from tests.conftest import require_tool
from tests.ui.conftest import ClockedTimer

MIN = 60.0


def reminder_window(h):
    window = h.window.breaks.reminder_window
    assert window is not None, "no reminder window was made"
    return window


def fire_break(h):
    """Move the fake clock to the reminder timer's moment and fire it, as Qt would."""
    timer = h.reminder_timer
    assert timer.due is not None, "the reminder timer is not armed"
    h.clock.set(timer.due)
    timer.fire()


@pytest.fixture
def h(make_harness):
    return make_harness(reminders=True)


def test_one_single_shot_timer_is_armed_for_the_next_break(h):
    assert len(h.reminder_timers) == 1
    assert h.reminder_timer.delay == pytest.approx(50 * MIN)
    assert h.window.breaks.reminder_window is None


def test_the_reminder_window_appears_when_the_timer_fires_since_offscreen_has_no_tray(h, qtbot):
    assert not tray_available()
    assert create_tray(QIcon(), h.window.breaks.actions) is None
    h.clock.advance(50 * MIN - 1)
    assert h.window.breaks.reminder_window is None, "nothing before the timer fires"
    fire_break(h)
    window = reminder_window(h)
    qtbot.waitExposed(window)
    assert window.isVisible()
    assert window.windowTitle() == TITLE == "Time for a stretch break"
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert "Desk break" in window.detail.text()
    assert h.speaker.texts == ["Time for a stretch break"]
    assert h.reminder_timer.delay == pytest.approx(5 * MIN), "unanswered: asked again in 5 min"


def test_an_unanswered_reminder_is_asked_again_twice_then_waits(h, qtbot):
    fire_break(h)
    window = reminder_window(h)
    window.showMinimized()  # pushed out of the way without an answer
    fire_break(h)
    assert window.isVisible()
    assert not window.isMinimized()
    fire_break(h)
    assert h.speaker.texts == ["Time for a stretch break"] * 3
    assert h.reminder_timer.delay is None, "asked three times: it waits quietly"
    qtbot.mouseClick(window.skip_button, Qt.MouseButton.LeftButton)
    assert h.reminder_timer.delay == pytest.approx(50 * MIN)


def test_the_reminder_is_silent_when_speaking_it_is_off(make_harness):
    h = make_harness(Settings(speak_reminder=False), reminders=True)
    fire_break(h)
    assert reminder_window(h).isVisible()
    assert h.speaker.texts == []


def test_snooze_hides_the_window_and_rearms_five_minutes(h, qtbot):
    fire_break(h)
    window = reminder_window(h)
    qtbot.mouseClick(window.snooze_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert h.reminder_timer.delay == pytest.approx(5 * MIN)
    assert "5 min" in h.window.statusBar().currentMessage()
    assert h.reminders.describe() == "Snoozed: next break in 5 min"
    fire_break(h)
    assert window.isVisible()
    assert "put it off once" in window.detail.text()


def test_escape_snoozes_and_enter_starts(h, qtbot, monkeypatch):
    # keys pressed at once after a reminder came by itself are dropped (typing elsewhere
    # going on): here the person has stopped typing
    monkeypatch.setattr(reminder_window_module, "QUIET_SECONDS", 0.0)
    fire_break(h)
    window = reminder_window(h)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    assert h.reminder_timer.delay == pytest.approx(5 * MIN)
    fire_break(h)
    qtbot.keyClick(window.start_button, Qt.Key.Key_Return)
    assert h.controller.plan is not None
    assert h.controller.plan.id == "desk-break"


def test_skip_starts_a_fresh_interval_without_a_session(h, qtbot):
    fire_break(h)
    qtbot.mouseClick(reminder_window(h).skip_button, Qt.MouseButton.LeftButton)
    assert not reminder_window(h).isVisible()
    assert h.controller.plan is None
    assert h.reminder_timer.delay == pytest.approx(50 * MIN)


def test_start_runs_the_break_routine_in_the_window_and_the_session_page_shows_it(h, qtbot):
    h.window.showMinimized()
    fire_break(h)
    qtbot.mouseClick(reminder_window(h).start_button, Qt.MouseButton.LeftButton)
    window = h.window
    assert window.isVisible()
    assert not window.isMinimized()
    assert window.pages.currentWidget() is window.session_page
    assert h.controller.plan.id == "desk-break"
    assert h.controller.state == "running"
    assert window.session_page.title.text().startswith("Desk break")
    get_ready = round(h.controller.plan.phases[0].seconds)
    assert h.title() == f"0:{get_ready:02d} · Get ready · Left · Easeback"
    assert h.reminder_timer.delay is None, "no counting while the break runs"


def test_the_break_routine_comes_from_the_settings(make_harness, qtbot):
    h = make_harness(Settings(break_routine="seated-leg-to-chest"), reminders=True)
    fire_break(h)
    qtbot.mouseClick(reminder_window(h).start_button, Qt.MouseButton.LeftButton)
    assert h.controller.plan.id == "seated-leg-to-chest"


def test_nothing_counts_while_a_session_runs_and_the_interval_restarts_after_it(make_harness):
    h = make_harness(Settings(remind_every_minutes=5), reminders=True)
    h.clock.advance(4 * MIN)  # four minutes of desk time count...
    h.window.start("bridge")  # ...then a 6:50 session: longer than the interval
    assert h.reminder_timer.delay is None
    plan_seconds = h.controller.plan.total_seconds
    h.run_all_for(plan_seconds + 1)
    assert h.controller.state == "finished"
    assert h.window.breaks.reminder_window is None, "no break was asked for during the session"
    assert h.reminder_timer.due == pytest.approx(h.clock.now - 1 + 5 * MIN, abs=0.01)
    h.run_all_for(5 * MIN)
    assert reminder_window(h).isVisible()


def test_a_session_started_from_the_library_answers_a_waiting_break(h):
    fire_break(h)
    assert reminder_window(h).isVisible()
    h.window.start("knee-to-chest")
    assert not reminder_window(h).isVisible()
    assert not h.reminders.due


def test_a_session_started_by_mistake_and_stopped_does_not_put_the_break_off(h):
    h.run_all_for(30 * MIN)
    h.window.start("bridge")
    h.run_for(20)
    h.controller.stop()
    assert h.reminders.status().remaining == pytest.approx(20 * MIN, abs=1)


def test_pause_for_an_hour_from_the_menu_and_resume(h):
    actions = h.window.breaks.actions
    assert actions.pause_hour in h.window.menus.reminder_menu.actions()
    assert not actions.resume.isEnabled()
    actions.pause_hour.trigger()
    assert h.reminders.describe() == "Break reminders paused until 11:00"
    assert actions.resume.isEnabled()
    assert not actions.pause_hour.isEnabled()
    assert h.reminder_timer.delay == pytest.approx(60 * MIN), "wakes when the pause ends"
    fire_break(h)
    assert h.window.breaks.reminder_window is None
    assert "on again" in h.window.statusBar().currentMessage()
    assert h.reminder_timer.delay == pytest.approx(50 * MIN)
    actions.pause_tomorrow.trigger()
    assert h.reminders.describe() == "Break reminders paused until tomorrow"
    actions.resume.trigger()
    assert h.reminders.describe() == "Next break in 50 min"


def test_snooze_skip_and_pause_say_what_they_did_and_until_when(h, qtbot):
    fire_break(h)  # 10:50 on the harness's local clock
    qtbot.mouseClick(reminder_window(h).snooze_button, Qt.MouseButton.LeftButton)
    assert h.messages[-1] == "Snoozed: the reminder comes again at 10:55 (in 5 min)"
    fire_break(h)
    qtbot.mouseClick(reminder_window(h).skip_button, Qt.MouseButton.LeftButton)
    assert h.messages[-1] == "Break skipped; next break at 11:45 (in 50 min)"
    actions = h.window.breaks.actions
    actions.pause_hour.trigger()
    assert h.messages[-1] == "Break reminders paused until 11:55"
    actions.resume.trigger()
    assert h.messages[-1] == "Break reminders are on again; next break at 11:45 (in 50 min)"
    actions.pause_tomorrow.trigger()
    assert h.messages[-1] == "Break reminders paused until tomorrow"


def test_the_break_reminders_menu_says_when_the_next_break_comes(h):
    menu = h.window.menus.reminder_menu
    entry = menu.actions()[0]
    assert entry is h.window.breaks.actions.next_break
    assert entry.text() == "Next break in 50 min"
    assert not entry.isEnabled(), "information, not a command"
    h.clock.advance(27 * MIN)
    menu.aboutToShow.emit()  # opening the menu reads it afresh: no timer for it
    assert entry.text() == "Next break in 23 min"


def test_the_library_header_says_when_the_next_break_comes_and_wakes_once_a_minute(h, qtbot):
    label = h.window.breaks.next_break
    assert label is not None
    assert label.parent() is not None
    assert label.isVisible(), "beside the library's heading"
    assert label.text() == "Next break in 50 min"
    menu = h.window.menus.reminder_menu.title().replace("&", "")
    assert menu in label.toolTip(), "it says where breaks are snoozed, skipped or paused"
    timer = ClockedTimer(label.refresh, h.clock)
    label._timer = timer
    label.refresh()
    assert timer.delay == pytest.approx(60.001), "the next minute boundary, not each second"
    h.clock.set(timer.due)
    timer.fire()
    assert label.text() == "Next break in 49 min"
    h.window.start("knee-to-chest")  # the library goes out of sight
    assert not label.isVisible()
    assert timer.delay is None, "nothing wakes for a label nobody sees"


def test_start_a_break_now_from_the_menu(h):
    h.clock.advance(20 * MIN)
    h.window.breaks.actions.start_now.trigger()
    assert h.controller.plan.id == "desk-break"
    h.run_all_for(h.controller.plan.total_seconds + 1)
    assert h.reminder_timer.delay == pytest.approx(50 * MIN, abs=1)


def test_a_break_routine_missing_this_run_starts_the_default_and_is_named_as_it(make_harness):
    h = make_harness(Settings(break_routine="my-desk-routine"), reminders=True)
    assert break_plan(h.window.catalogue, h.window.settings)[0] == "Desk break", "not '(0:00)'"
    h.window.breaks.actions.start_now.trigger()
    assert h.controller.plan.id == "desk-break"
    assert h.window.settings.break_routine == "my-desk-routine", "the saved choice stays"


def test_a_session_paused_and_forgotten_lets_the_breaks_count_again(h):
    h.window.start("bridge")
    h.run_all_for(6 * MIN)  # a session of six minutes: that was a break
    h.controller.pause()  # then a phone call, and the afternoon goes by
    h.run_all_for(50 * MIN + 1)
    assert h.reminders.due, "the break comes, over the paused session"
    h.window.breaks.start_break()
    assert h.messages[-1] == "A session is paused: resume it (Space) or stop it (Esc) first"
    h.controller.resume()
    assert h.reminders.status().state == "session"
    h.controller.stop()
    assert h.reminders.status().remaining == pytest.approx(50 * MIN, abs=1)


def test_a_pause_is_saved_and_the_next_start_is_still_paused(make_harness):
    first = make_harness(reminders=True)
    first.window.breaks.actions.pause_hour.trigger()
    saved = first.saved[-1]
    assert saved.reminders_paused_until, "the pause is in the settings"
    again = make_harness(saved, reminders=True)  # a restart (a new login, an update)
    assert again.reminders.status().state == "paused"
    again.window.breaks.actions.resume.trigger()
    assert again.saved[-1].reminders_paused_until == ""


def test_remind_every_allows_fractions_and_survives_a_settings_change(make_harness):
    h = make_harness(reminders=True, remind_every=0.05)
    assert h.reminder_timer.delay == pytest.approx(3.0)
    h.window.update_settings(replace(h.window.settings, snooze_minutes=2))
    assert h.reminder_timer.delay == pytest.approx(3.0)
    h.run_all_for(3.0)
    assert reminder_window(h).isVisible()
    assert reminder_window(h).snooze_button.text() == "S&nooze 2 min"


def test_switching_reminders_off_in_the_settings_stops_the_timer(h):
    h.window.update_settings(replace(h.window.settings, reminders_enabled=False))
    assert h.reminder_timer.delay is None
    assert h.reminders.describe() == "Break reminders are off"


def test_text_change_in_wakes_the_tooltip_only_when_its_text_changes():
    assert text_change_in(None) is None
    assert text_change_in(125.0) == pytest.approx(5.001)  # "3 min" -> "2 min" at 120 s
    assert text_change_in(120.0) == pytest.approx(60.001)
    assert text_change_in(59.5) is None  # "1 min" until the break itself


# --------------------------------------------------------------------------- the tray


@pytest.fixture
def tray(h):
    """A Tray object on a hand-fired timer (offscreen has no tray to show it in)."""
    made = Tray(QIcon(), h.window.breaks.actions, h.tray_timer_factory)
    made.icon.showMessage = lambda *args: made.shown.append(args[:2])
    made.shown = []
    h.window.breaks.attach_tray(made)
    return made


def test_tray_tooltip_shows_the_next_break_then_the_session_time_left(h, tray):
    assert tray.tooltip == "Easeback\nNext break in 50 min"
    h.clock.advance(10 * MIN + 30)
    tray.refresh()
    assert tray.tooltip == "Easeback\nNext break in 40 min"
    h.window.start("knee-to-chest")
    total = format_clock(h.controller.plan.total_seconds)
    minutes = int(h.controller.plan.total_seconds // 60)
    assert tray.tooltip == f"Easeback\nKnee-to-chest stretch\nOver {minutes} min left of {total}"
    assert h.tray_timer.delay is None, "the session's own ticks refresh it"


def test_a_session_s_tray_tooltip_changes_once_a_minute_not_every_second(h, tray):
    """A tray that is a D-Bus service sends a signal for every new tooltip."""
    h.window.start("knee-to-chest")
    seen = [tray.tooltip]
    for _second in range(61):
        h.run_for(1)
        if tray.tooltip != seen[-1]:
            seen.append(tray.tooltip)
    assert len(seen) == 2, seen
    h.controller.pause()
    assert tray.tooltip == f"{seen[-1]} (paused)"


def test_tray_tooltip_wakes_once_a_minute_and_never_each_second(h, tray):
    assert h.tray_timer.delay == pytest.approx(60.001)
    h.clock.set(h.tray_timer.due)
    h.tray_timer.fire()
    assert tray.tooltip == "Easeback\nNext break in 49 min"
    h.clock.advance(48 * MIN + 30)
    tray.refresh()
    assert tray.tooltip == "Easeback\nNext break in 1 min"
    assert h.tray_timer.delay is None, "the break itself comes by the reminder timer"


def test_tray_menu_offers_open_start_pause_and_quit(h, tray):
    texts = [a.text() for a in tray.menu.actions()]
    assert texts[0] == "Next break in 50 min"
    assert texts[2] == "&Open Easeback"
    assert "Start a &break now" in texts
    assert "&Quit" in texts
    pause = next(a.menu() for a in tray.menu.actions() if a.text() == "&Pause reminders")
    assert [a.text() for a in pause.actions()] == [
        "Pause for 1 &hour",
        "Pause until &tomorrow",
        "&Resume reminders",
    ]


def test_with_a_tray_the_break_is_a_notification_whose_click_opens_the_small_window(h, tray):
    h.reminders.break_due.emit(BreakDue(h.clock.now))  # as if due: the notification
    assert tray.shown[-1][0] == "Time for a stretch break"
    assert h.window.breaks.reminder_window is None
    fire_break(h)
    tray.message_clicked.emit()
    assert reminder_window(h).isVisible()


def test_with_a_tray_an_unanswered_break_is_notified_again(h, tray):
    fire_break(h)
    assert tray.shown[-1][1].endswith("Click here to start, snooze or skip.")
    fire_break(h)  # five minutes on, no answer
    assert tray.shown[-1][0] == "Time for a stretch break"
    assert "Still waiting" in tray.shown[-1][1]


def test_closing_keeps_easeback_in_the_tray_says_so_once_and_quit_quits(h, tray, qtbot):
    closed = []
    h.window.closed.connect(lambda: closed.append(True))
    h.window.close()
    assert not h.window.isVisible()
    assert closed == []
    assert tray.shown == [
        ("Easeback is still running", tray.shown[0][1]),
    ]
    assert h.saved[-1].tray_notice_seen
    tray.open_requested.emit()
    assert h.window.isVisible()
    h.window.close()
    assert len(tray.shown) == 1, "the notice is shown once"
    tray.quit_requested.emit()
    assert closed == [True]


def test_without_reminders_closing_quits_even_with_a_tray(make_harness):
    h = make_harness(Settings(reminders_enabled=False), reminders=True)
    made = Tray(QIcon(), h.window.breaks.actions)
    h.window.breaks.attach_tray(made)
    closed = []
    h.window.closed.connect(lambda: closed.append(True))
    h.window.close()
    assert closed == [True]


# --------------------------------------------------------------------------- autostart


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.mark.skipif(not autostart.supported(), reason="XDG autostart is for Linux and the BSDs")
def test_autostart_writes_and_removes_the_xdg_entry(config_home):
    path = config_home / "autostart" / "io.github.easeback.Easeback.desktop"
    assert autostart.autostart_file() == path
    assert not autostart.is_enabled()
    assert autostart.set_enabled(True) is None
    text = path.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith("easeback --start-hidden")
    assert "[Desktop Entry]" in text
    assert "Type=Application" in text
    assert_valid_desktop_entry(path)
    assert autostart.is_enabled()
    assert autostart.set_enabled(False) is None
    assert not path.exists()


def test_autostart_quotes_a_path_with_spaces(config_home, tmp_path):
    text = autostart.desktop_entry("/opt/Ease Back/easeback")
    assert 'Exec="/opt/Ease Back/easeback" --start-hidden' in text
    entry = tmp_path / "io.github.easeback.Easeback.desktop"
    entry.write_text(text)
    assert_valid_desktop_entry(entry)


def assert_valid_desktop_entry(path) -> None:
    """What the desktop's own validator says of the entry: nothing."""
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "", result.stdout


@pytest.mark.skipif(not autostart.supported(), reason="XDG autostart is for Linux and the BSDs")
def test_settings_dialog_autostart_box_shows_the_file_and_sets_the_setting(config_home, h, qtbot):
    from easeback.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), h.catalogue)
    qtbot.addWidget(dialog)
    assert dialog.autostart.isEnabled()
    assert not dialog.autostart.isChecked()
    dialog.autostart.setChecked(True)
    assert dialog.result_settings().autostart
    autostart.enable("/usr/bin/easeback")
    again = SettingsDialog(Settings(), h.catalogue)
    qtbot.addWidget(again)
    assert again.autostart.isChecked(), "an entry written by install.sh shows as on"


def test_the_driver_from_settings_uses_the_settings_interval(fake_clock):
    driver = ReminderDriver.from_settings(
        Settings(remind_every_minutes=25), fake_clock, timer_factory=lambda cb, parent: _Noop()
    )
    assert driver.scheduler.interval == 25 * MIN


class _Noop:
    def arm(self, delay: float) -> None: ...
    def cancel(self) -> None: ...


def test_a_pause_from_the_tray_with_the_window_hidden_is_told_by_the_tray(h, tray):
    h.window.breaks.actions.pause_hour.trigger()
    h.window.breaks.actions.resume.trigger()
    assert tray.shown == [], "with the window in sight, the status bar says it"
    h.window.hide()
    h.window.breaks.actions.pause_tomorrow.trigger()
    assert tray.shown == [("Easeback", "Break reminders paused until tomorrow")]


def test_a_hidden_start_stops_looking_for_a_tray_after_a_while(h, qtbot, monkeypatch):
    """No tray ever came (offscreen has none): the looking stops, and the app is quiet."""
    from easeback.ui import app

    monkeypatch.setattr(app, "TRAY_WAIT", 1)
    timer = app.into_the_tray_when_it_comes(h.window, QIcon(), h.window.breaks.actions)
    assert timer.isActive()
    qtbot.waitUntil(lambda: not timer.isActive(), timeout=5000)
    assert h.window.breaks.tray is None
