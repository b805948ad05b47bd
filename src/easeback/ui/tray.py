"""The system tray icon: status tooltip, notifications and a small menu.

Only created where ``QSystemTrayIcon.isSystemTrayAvailable()`` (not on the
offscreen platform, nor on Wayland desktops without a StatusNotifier host);
without it the window falls back to the reminder window and closing quits.

The tooltip shows the time to the next break, or the running session's time
left in whole minutes, as the session page's progress line does: on a desktop
whose tray is a D-Bus service, every new tooltip is a signal that wakes the
bus and the panel, so it changes once a minute, not every second. It is re-read
from ``set_source``'s function whenever the window says so and, while the break
countdown runs, once when its text would change: one single-shot timer, no tick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from easeback import APP_NAME
from easeback.core.reminders import REMINDERS_OFF
from easeback.ui.reminders import ReminderActions, ReminderDriver
from easeback.ui.session_text import progress_text
from easeback.ui.timer import TimerFactory, qt_timer_factory

if TYPE_CHECKING:
    from easeback.ui.controller import SessionController

# (tooltip text, seconds until it changes by itself or None)
StatusSource = Callable[[], tuple[str, float | None]]


class Tray(QObject):
    open_requested = Signal()  # a click on the icon, or Open in the menu
    message_clicked = Signal()  # the last notification was clicked
    quit_requested = Signal()

    def __init__(
        self,
        icon: QIcon,
        actions: ReminderActions,
        timer_factory: TimerFactory = qt_timer_factory,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon, self)
        self.menu = QMenu()  # a tray menu has no parent widget; the tray keeps it
        self.open_action = QAction(f"&Open {APP_NAME}", self)
        self.quit_action = QAction("&Quit", self)
        self.menu.addAction(actions.next_break)  # "Next break in 23 min", read on opening
        self.menu.addSeparator()
        self.menu.addAction(self.open_action)
        self.menu.addAction(actions.start_now)
        pause = self.menu.addMenu("&Pause reminders")
        pause.addActions(actions.pause_actions())
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        actions.follow(self.menu)
        self.open_action.triggered.connect(self.open_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.message_clicked)
        self._timer = timer_factory(self.refresh, self)
        self._source: StatusSource = lambda: (APP_NAME, None)
        self.tooltip = ""

    def set_source(self, source: StatusSource) -> None:
        self._source = source
        self.refresh()

    def refresh(self) -> None:
        """Re-read the status; arm the timer for the moment it next reads differently."""
        text, change_in = self._source()
        tooltip = f"{APP_NAME}\n{text}"
        if tooltip != self.tooltip:
            self.tooltip = tooltip
            self.icon.setToolTip(tooltip)
        if change_in is None:
            self._timer.cancel()
        else:
            self._timer.arm(change_in)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self._timer.cancel()
        self.icon.hide()

    def notify(self, title: str, text: str, timeout_ms: int = 15000) -> None:
        self.icon.showMessage(title, text, self.icon.icon(), timeout_ms)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()


def status_line(
    controller: SessionController, reminders: ReminderDriver | None
) -> tuple[str, float | None]:
    """The running session's time left, or when the next break comes (and when that changes)."""
    snap, plan = controller.snapshot(), controller.plan
    if snap is not None and plan is not None and controller.active:
        paused = " (paused)" if snap.state == "paused" else ""
        return f"{plan.name}\n{progress_text(snap.total_left, plan.total_seconds)}{paused}", None
    if reminders is None:
        return REMINDERS_OFF, None
    return reminders.describe(), reminders.text_change_in()


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def create_tray(
    icon: QIcon, actions: ReminderActions, timer_factory: TimerFactory = qt_timer_factory
) -> Tray | None:
    """A shown tray icon, or None where the desktop has no system tray."""
    if not tray_available():
        return None
    tray = Tray(icon, actions, timer_factory)
    tray.show()
    return tray
