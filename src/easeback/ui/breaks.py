"""Break reminders for the window: the reminder window, the shared menu entries and the tray.

``MainWindow`` creates one ``Breaks`` and connects its signals with the rest;
``app.py`` (or a test) then attaches the ``ReminderDriver`` and, where the
desktop has one, the ``Tray``. Without them every method here does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from easeback import APP_NAME
from easeback.core.catalogue import Catalogue
from easeback.core.reminders import BreakDue
from easeback.core.settings import Settings
from easeback.core.time import format_clock
from easeback.ui.controller import SessionController
from easeback.ui.reminder_window import ReminderWindow
from easeback.ui.reminders import BREAK_TEXT, ReminderActions, ReminderDriver, break_plan
from easeback.ui.tray import Tray, status_line


class Breaks(QObject):
    attached = Signal(object)  # ReminderActions: the entries for the window's menu
    show_window_requested = Signal()  # bring the main window up
    start_requested = Signal(str)  # start this routine (the break) in the window
    message = Signal(str)  # for the status bar
    quit_requested = Signal()  # Quit in the tray menu
    tray_notice_shown = Signal()  # "still running in the tray" was said: not again

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

    # ------------------------------------------------------------------ attaching
    def attach_reminders(self, reminders: ReminderDriver) -> ReminderActions:
        """The timer's events, and the menu entries the window menu and the tray share."""
        self.reminders = reminders
        actions = self.actions = ReminderActions(reminders, self)
        actions.start_now.triggered.connect(self.start_break)
        reminders.break_due.connect(self._break_due)
        reminders.resumed.connect(lambda _event: self.message.emit("Break reminders are on again"))
        reminders.changed.connect(self._reminders_changed)
        self.attached.emit(actions)
        return actions

    def attach_tray(self, tray: Tray) -> None:
        """The tray icon: its clicks and menu, and a tooltip kept up to date."""
        self.tray = tray
        tray.open_requested.connect(self._tray_clicked)
        tray.message_clicked.connect(self.show_reminder_window)
        tray.quit_requested.connect(self.quit_requested)
        tray.set_source(self.tray_status)

    # ------------------------------------------------------------------ from the window
    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        if self.reminders is not None:
            self.reminders.apply_settings(settings)

    def session_started(self) -> None:
        if self.reminders is not None:
            self.reminders.session_started()

    def session_ended(self) -> None:
        if self.reminders is not None:
            self.reminders.session_ended()

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

    # ------------------------------------------------------------------ a break
    def _break_due(self, event: BreakDue) -> None:
        if self.settings.speak_reminder:
            self.controller.speaker.say(BREAK_TEXT)
        if self.tray is None:
            self.show_reminder_window()
            return
        name, seconds = break_plan(self.catalogue, self.settings)
        still = "Still waiting: click" if event.repeat else "Click"
        self.tray.notify(
            BREAK_TEXT, f"{name}, {format_clock(seconds)}. {still} here to start, snooze or skip."
        )

    def show_reminder_window(self) -> None:
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
        self.reminder_window.present()

    def start_break(self) -> None:
        """Start the break routine in the window (from the reminder or the menu)."""
        if self.reminders is not None:
            self.reminders.accept()
        self.show_window_requested.emit()
        if self.controller.active:
            self.message.emit("A session is running already")
            return
        self.start_requested.emit(self.settings.break_routine)

    def snooze_break(self) -> None:
        if self.reminders is not None and self.reminders.snooze():
            minutes = f"{self.settings.snooze_minutes:g} min"
            self.message.emit(f"Snoozed: the break reminder comes again in {minutes}")

    def skip_break(self) -> None:
        if self.reminders is not None:
            self.reminders.skip()
            self.message.emit("Break skipped; the next one counts from now")

    def _reminders_changed(self) -> None:
        window = self.reminder_window
        if (
            window is not None
            and window.isVisible()
            and not (self.reminders and self.reminders.due)
        ):
            window.hide()  # the break went away by itself: a session started, or the computer slept
        if self.tray is not None:
            self.tray.refresh()

    # ------------------------------------------------------------------ the tray
    def tray_status(self) -> tuple[str, float | None]:
        """The tray tooltip: the session's time left, or when the next break comes."""
        return status_line(self.controller, self.reminders)

    def _tray_clicked(self) -> None:
        if self.reminders is not None and self.reminders.due:
            self.show_reminder_window()
        else:
            self.show_window_requested.emit()
