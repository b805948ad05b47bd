"""Break reminders for the window: the reminder window, the shared menu entries and the tray.

``MainWindow`` creates one ``Breaks`` and connects its signals with the rest;
``app.py`` (or a test) then attaches the ``ReminderDriver`` and, where the
desktop has them, the ``Tray`` and the ``Notifier``. Without them every method
here does nothing.

A break is asked for, in this order of preference: a desktop notification with
Start, Snooze and Skip (``Notifier``), the tray's message, the small reminder
window. Every answer says what it did and until when ("Snoozed: the reminder
comes again at 10:35 (in 5 min)"), in the status bar and, when the break was a
notification, in the notification that replaces it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from easeback import APP_NAME
from easeback.core.catalogue import Catalogue
from easeback.core.reminders import BREAK_TEXT, BreakDue
from easeback.core.settings import Settings
from easeback.core.time import format_clock
from easeback.ui.controller import SessionController
from easeback.ui.notifications import CHIME_SECONDS, Chime, Notifier
from easeback.ui.reminder_window import ReminderWindow
from easeback.ui.reminders import ReminderActions, ReminderDriver, break_plan
from easeback.ui.timer import TimerFactory, qt_timer_factory
from easeback.ui.tray import Tray, status_line


class NextBreakLabel(QLabel):
    """ "Next break in 23 min" for a page header: read afresh when shown, and while shown
    once a minute, when the text changes; hidden while reminders are off."""

    def __init__(
        self,
        reminders: ReminderDriver,
        timer_factory: TimerFactory = qt_timer_factory,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("next-break")
        self.setToolTip(
            "When the next stretch break is due; the Easeback menu's Break reminders "
            "starts one now, snoozes, skips or pauses them"
        )
        self.reminders = reminders
        self._timer = timer_factory(self.refresh, self)
        reminders.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        off = self.reminders.status().state == "off"
        self.setText("" if off else self.reminders.describe())
        if not self.isVisible() or off:
            self._timer.cancel()
            return
        change_in = self.reminders.text_change_in()
        if change_in is None:
            self._timer.cancel()
        else:
            self._timer.arm(change_in)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.cancel()  # nobody sees it: nothing to wake up for


class Breaks(QObject):
    attached = Signal(object)  # ReminderActions: the entries for the window's menu
    show_window_requested = Signal()  # bring the main window up
    start_requested = Signal(str)  # start this routine (the break) in the window
    message = Signal(str)  # for the status bar
    quit_requested = Signal()  # Quit in the tray menu
    tray_notice_shown = Signal()  # "still running in the tray" was said: not again
    pause_changed = Signal(str)  # a pause began or ended: the settings keep it (see Settings)

    def __init__(
        self,
        catalogue: Catalogue,
        settings: Settings,
        controller: SessionController,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.controller = controller
        self.reminders: ReminderDriver | None = None
        self.actions: ReminderActions | None = None
        self.tray: Tray | None = None
        self.reminder_window: ReminderWindow | None = None
        self.notifier: Notifier | None = None
        self.chime = Chime()
        self._notified = False  # the waiting break was asked for by a notification
        self.next_break: NextBreakLabel | None = None
        self._session_state = controller.state  # followed for the reminders (_follow_session)
        controller.driver.changed.connect(self._follow_session)

    # ------------------------------------------------------------------ attaching
    def attach_reminders(self, reminders: ReminderDriver) -> ReminderActions:
        """The timer's events, and the menu entries the window menu and the tray share."""
        self.reminders = reminders
        actions = self.actions = ReminderActions(reminders, self)
        actions.start_now.triggered.connect(self.start_break)
        actions.pause_hour.triggered.connect(self._say_paused)
        actions.pause_tomorrow.triggered.connect(self._say_paused)
        actions.resume.triggered.connect(self._say_resumed)
        reminders.break_due.connect(self._break_due)
        reminders.resumed.connect(lambda _event: self._say_resumed())
        reminders.changed.connect(self._reminders_changed)
        self.attached.emit(actions)
        return actions

    def next_break_label(self) -> NextBreakLabel:
        """The header's "Next break in 23 min" (once reminders are attached)."""
        if self.next_break is None:
            assert self.reminders is not None, "attach_reminders first"
            self.next_break = NextBreakLabel(self.reminders)
        return self.next_break

    def attach_tray(self, tray: Tray) -> None:
        """The tray icon: its clicks and menu, and a tooltip kept up to date."""
        self.tray = tray
        tray.open_requested.connect(self._tray_clicked)
        tray.message_clicked.connect(self.show_reminder_window)
        tray.quit_requested.connect(self.quit_requested)
        tray.set_source(self.tray_status)
        tray.menu.aboutToShow.connect(self._reminders_changed)

    def attach_notifier(self, notifier: Notifier | None) -> None:
        """Desktop notifications with buttons (None: the desktop has none)."""
        self.notifier = notifier
        if notifier is None:
            return
        notifier.answered.connect(self._answered)
        notifier.opened.connect(self.show_reminder_window)

    # ------------------------------------------------------------------ from the window
    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        if self.reminders is not None:
            self.reminders.apply_settings(settings)

    def session_started(self) -> None:
        if self.reminders is not None:
            self.reminders.session_started()

    def session_ended(self, completed: bool) -> None:
        """A session ended: a break, unless it was cut short at once (see the scheduler).
        One stopped while paused was ended for the reminders when it paused."""
        paused = self._session_state == "paused"
        self._session_state = "finished"
        if self.reminders is not None and not paused:
            self.reminders.session_ended(completed, self._spent())

    def _spent(self) -> float:
        snap = self.controller.snapshot()
        return snap.spent if snap is not None else 0.0

    def _follow_session(self) -> None:
        """A paused session is, for the reminders, one that ended (a phone call, or a
        session forgotten for the afternoon): they count again, and a break that falls due
        brings the paused session back into view. Resumed, it is a session again."""
        state = self.controller.state
        if state == self._session_state:
            return
        was, self._session_state = self._session_state, state
        if self.reminders is None:
            return
        if state == "paused":
            self.reminders.session_ended(False, self._spent())
        elif state == "running" and was == "paused":
            self.reminders.session_started()

    def refresh_tray(self) -> None:
        if self.tray is not None:
            self.tray.refresh()

    def keeps_running(self) -> bool:
        """Closing the window leaves Easeback in the tray while reminders are on."""
        return self.tray is not None and self.settings.reminders_enabled

    def say_still_running(self) -> None:
        """Tell, the first time only, that closing the window did not quit."""
        if self.tray is not None and not self.settings.tray_notice_seen:
            self.tray.notify(
                f"{APP_NAME} is still running",
                "Break reminders go on from the tray. To quit, choose Quit in its menu.",
            )
            self.tray_notice_shown.emit()

    def close(self) -> None:
        if self.reminder_window is not None:
            self.reminder_window.hide()
            self.reminder_window.deleteLater()
            self.reminder_window = None
        if self.tray is not None:
            self.tray.hide()
        if self.notifier is not None:
            self.notifier.withdraw()
        self.chime.close()

    # ------------------------------------------------------------------ a break
    def _break_due(self, event: BreakDue) -> None:
        spoken_at = None
        if self.settings.chime and self.chime.play():
            spoken_at = time.monotonic() + CHIME_SECONDS
        elif self.settings.chime and self.chime.problem:
            self.message.emit(self.chime.problem)
        if self.settings.speak_reminder:
            self.controller.speaker.say(BREAK_TEXT, due=spoken_at)
        name, seconds = break_plan(self.catalogue, self.settings)
        if self.notifier is not None and self.settings.notifications:
            still = "Still waiting. " if event.repeat else ""
            body = f"{still}{name} ({format_clock(seconds)}) eases the back and hips."
            if self.notifier.ask(BREAK_TEXT, body, self.settings.snooze_minutes):
                self._notified = True
                return
        self._notified = False
        if self.tray is None:
            self.show_reminder_window(asked=False)  # it comes by itself: no keys taken
            return
        still = "Still waiting: click" if event.repeat else "Click"
        self.tray.notify(
            BREAK_TEXT, f"{name}, {format_clock(seconds)}. {still} here to start, snooze or skip."
        )

    def _answered(self, key: str) -> None:
        """A button of the reminder notification."""
        {"start": self.start_break, "snooze": self.snooze_break, "skip": self.skip_break}[key]()

    def show_reminder_window(self, asked: bool = True) -> None:
        """The small reminder window; ``asked``: opened by the person (a click on the tray
        or a notification), so it takes the keyboard, which one that comes by itself does
        not (see ReminderWindow.present)."""
        if self.reminders is None or not self.reminders.due:
            self.show_window_requested.emit()  # an old notification: the break was answered
            return
        if self.reminder_window is None:
            self.reminder_window = ReminderWindow()
            self.reminder_window.start_requested.connect(self.start_break)
            self.reminder_window.snooze_requested.connect(self.snooze_break)
            self.reminder_window.skip_requested.connect(self.skip_break)
        name, seconds = break_plan(self.catalogue, self.settings)
        snoozes = self.reminders.status().snoozes
        self.reminder_window.set_break(name, seconds, self.settings.snooze_minutes, snoozes)
        self.reminder_window.present(asked=asked)

    def start_break(self) -> None:
        """Start the break routine in the window (from the reminder or the menu)."""
        self._notified = False
        if self.notifier is not None:
            self.notifier.withdraw()
        if self.reminders is not None:
            self.reminders.accept()
        self.show_window_requested.emit()
        if self.controller.active:
            paused = self.controller.state == "paused"
            self.message.emit(
                "A session is paused: resume it (Space) or stop it (Esc) first"
                if paused
                else "A session is running already"
            )
            return
        self.start_requested.emit(self.settings.break_item(self.catalogue))

    def snooze_break(self) -> None:
        if self.reminders is not None and self.reminders.snooze():
            self._say(f"Snoozed: the reminder comes again {self.reminders.until_text()}")

    def skip_break(self) -> None:
        if self.reminders is not None:
            self.reminders.skip()
            self._say(f"Break skipped; next break {self.reminders.until_text()}")

    def _say_paused(self) -> None:
        if self.reminders is not None:
            self._say(f"Break reminders paused {self.reminders.until_text()}")

    def _say_resumed(self) -> None:
        if self.reminders is not None:
            self._say(f"Break reminders are on again; next break {self.reminders.until_text()}")

    def _say(self, text: str) -> None:
        """What an answer did: in the status bar; and where the break was a notification, or
        the window is out of sight (answered from the tray), as a notification too."""
        self.message.emit(text)
        window = self.parent()
        unseen = isinstance(window, QWidget) and not window.isVisible()
        if self.notifier is not None and (self._notified or unseen):
            self.notifier.tell(APP_NAME, text)
        elif unseen and self.tray is not None:
            self.tray.notify(APP_NAME, text, 8000)
        self._notified = False

    def _reminders_changed(self) -> None:
        window = self.reminder_window
        if (
            window is not None
            and window.isVisible()
            and not (self.reminders and self.reminders.due)
        ):
            window.hide()  # the break went away by itself: a session started, or the computer slept
        if self.notifier is not None and not (self.reminders and self.reminders.due):
            self.notifier.withdraw()
        if self.actions is not None:
            self.actions.update()
        if self.tray is not None:
            self.tray.refresh()
        if self.reminders is not None:
            record = self.reminders.scheduler.pause_record()
            if record != self.settings.reminders_paused_until:  # kept over a restart
                self.pause_changed.emit(record)

    # ------------------------------------------------------------------ the tray
    def tray_status(self) -> tuple[str, float | None]:
        """The tray tooltip: the session's time left, or when the next break comes."""
        return status_line(self.controller, self.reminders)

    def _tray_clicked(self) -> None:
        if self.reminders is not None and self.reminders.due:
            self.show_reminder_window()
        else:
            self.show_window_requested.emit()
