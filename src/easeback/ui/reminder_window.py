"""The small always-on-top window that asks: start the break, snooze it or skip it?

Shown straight away where there is no system tray (the offscreen platform, many
Wayland desktops); with a tray, clicking its notification or the icon opens it.
Keyboard: Enter starts, Esc (or closing the window) snoozes, Alt+K skips.

A reminder that comes by itself must not take the keys of someone typing elsewhere: a
Space or Enter meant for their editor would start the break. So it shows without
asking to be activated, and where the desktop activates it anyway (the offscreen
platform, some Wayland compositors), the keys still arriving from the typing are
dropped until the keyboard has been quiet a moment (``QUIET_SECONDS``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from easeback.core import defaults
from easeback.core.reminders import BREAK_TEXT
from easeback.core.time import format_clock

TITLE = BREAK_TEXT
#: After a reminder came by itself, its keys work once the keyboard was this long quiet.
QUIET_SECONDS = 1.0


class ReminderWindow(QDialog):
    start_requested = Signal()
    snooze_requested = Signal()
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic):
        super().__init__(
            parent,
            Qt.WindowType.Window
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint,
        )
        self.setWindowTitle(TITLE)
        self.setModal(False)
        self.setAccessibleName(TITLE)
        icon = QLabel(self)
        icon.setPixmap(QGuiApplication.windowIcon().pixmap(56, 56))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(TITLE, self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.start_button = QPushButton("&Start the break", self)
        self.start_button.setDefault(True)
        self.start_button.setToolTip("Open Easeback and start the break routine (Enter)")
        self.snooze_button = QPushButton("S&nooze 5 min", self)
        self.skip_button = QPushButton("S&kip", self)
        self.skip_button.setToolTip("No break this time; the next reminder counts from now")
        # on screen Skip is left and Start right: Tab goes the same way
        QWidget.setTabOrder(self.skip_button, self.snooze_button)
        QWidget.setTabOrder(self.snooze_button, self.start_button)
        self._clock = clock
        self._keys_from: float | None = None  # while typing goes on: when the keys work
        for widget in (self, self.start_button, self.snooze_button, self.skip_button):
            widget.installEventFilter(self)
        self.start_button.clicked.connect(lambda: self._answer(self.start_requested))
        self.snooze_button.clicked.connect(lambda: self._answer(self.snooze_requested))
        self.skip_button.clicked.connect(lambda: self._answer(self.skip_requested))

        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.start_button)
        layout = self._layout = QVBoxLayout(self)
        # The size is set in present(): a layout-driven minimum size would be pushed to
        # the window system on every change of text, which the offscreen platform rejects.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        text = QVBoxLayout()
        text.addWidget(heading)
        text.addWidget(self.detail)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def set_break(
        self,
        name: str,
        seconds: float,
        snooze_minutes: float = defaults.SNOOZE_MINUTES.default,
        snoozes: int = 0,
    ) -> None:
        """Say what the break is; ``snoozes`` counts how often this one was put off."""
        minutes = f"{snooze_minutes:g} min"
        self.snooze_button.setText(f"S&nooze {minutes}")
        self.snooze_button.setToolTip(f"Ask again in {minutes} (Esc)")
        again = f" You have put it off {_times(snoozes)}." if snoozes else ""
        self.detail.setText(
            f"You have been at the desk a while. {name} ({format_clock(seconds)}) eases the back "
            f"and hips, and Easeback talks you through it.{again}"
        )

    def present(self, asked: bool = False) -> None:
        """Show it in front, with the Start button focused. ``asked``: the person opened
        it (the tray, a notification): it takes the keys at once. Otherwise it came by
        itself and must not take keys meant for another window (see the module)."""
        width = max(self.minimumWidth(), self.width() if self.isVisible() else 0)
        self.resize(width, self._layout.heightForWidth(width))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not asked)
        self._keys_from = None if asked else self._clock() + QUIET_SECONDS
        if self.isMinimized():  # asked again while tucked away
            self.showNormal()
        self.show()
        if asked:
            bring_to_front(self)
        elif QGuiApplication.platformName() != "offscreen":
            self.raise_()  # in sight, but the keys stay where they are
        self.start_button.setFocus()  # the focus within it, for when it is activated

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Drop the keys of typing that goes on after the reminder came by itself; each
        one puts off the moment the keys work (see ``present``)."""
        kind = event.type()
        keys = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
        if self._keys_from is not None and kind in keys:
            now = self._clock()
            if now < self._keys_from:
                if kind == QEvent.Type.KeyPress:
                    self._keys_from = now + QUIET_SECONDS
                event.accept()  # a ShortcutOverride accepted: no mnemonic fires either
                return True
            self._keys_from = None
        return super().eventFilter(watched, event)

    def _answer(self, signal: SignalInstance) -> None:
        self.hide()
        signal.emit()

    def reject(self) -> None:
        """Esc, or closing the window without an answer: ask again after the snooze."""
        if self.isVisible():
            self._answer(self.snooze_requested)


def bring_to_front(window: QWidget) -> None:
    """Raise and activate ``window`` (the offscreen platform has no stacking to change)."""
    if QGuiApplication.platformName() != "offscreen":
        window.raise_()
    window.activateWindow()


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
