"""The compact view: a small always-on-top window for a seated hold at the desk.

About 320x140: the exercise, the countdown, the phase, the side, what comes next, and
Pause and Skip. The session's keys work here as in the main window (Space, Right, Left,
M): its actions are the view's too. It carries the
main window's title ("4:32 · Hold · Left · Easeback"), so the task bar reads the
same whichever is up. View > Compact view (Ctrl+Shift+M) or ``easeback run ID
--compact`` swaps the main window for it; a double-click, the same shortcut, Esc or
closing it swaps back. Where it was on screen is kept in the settings.

With no session running it says when the next break comes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from easeback.core.history import STATUS_TEXT
from easeback.core.time import format_clock
from easeback.ui.session_text import next_text, phase_label

if TYPE_CHECKING:
    from easeback.core.plan import Plan
    from easeback.core.session import Snapshot
    from easeback.core.settings import Settings
    from easeback.ui.breaks import Breaks
    from easeback.ui.controller import SessionController
    from easeback.ui.controls import SessionActions

SIZE = (320, 140)
SHORTCUT = "Ctrl+Shift+M"
MARGIN = 24  # from the screen's corner, the first time
PADDING = 12  # inside the view, left and right


class CompactView(QWidget):
    """The small window itself: shows what it is given, says when to go back."""

    back_requested = Signal()

    def __init__(self, actions: SessionActions, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("compact")
        self.setAccessibleName("Compact view")
        self.setToolTip("Double-click (or Esc, or Ctrl+Shift+M) to go back to the full window")
        self.name = QLabel(self)  # the exercise: a routine's too, as it goes
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.name.setFont(small)
        self.time = QLabel("–", self)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.6)
        big.setWeight(QFont.Weight.DemiBold)
        big.setStyleHint(QFont.StyleHint.Monospace)
        self.time.setFont(big)
        self.time.setMinimumWidth(self.time.fontMetrics().horizontalAdvance("00:00") + 8)
        self.phase = QLabel(self)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.Bold)
        self.phase.setFont(bold)
        self.side = QLabel(self)
        self.next = QLabel(self)
        self.next.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        for label in (self.phase, self.side, self.next):
            text.addWidget(label)
        text.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for name, action in (("play_pause", actions.play_pause), ("skip", actions.skip)):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to the shortcut
            button.setObjectName(f"compact-{name}")
            row.addWidget(button)
            self.buttons[name] = button
        layout = QVBoxLayout(self)
        # a layout-driven minimum size would be pushed to the window system on each change
        # of text (which the offscreen platform rejects): the size is set here, once
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(PADDING, 8, PADDING, 8)
        layout.setSpacing(4)
        layout.addWidget(self.name)
        layout.addLayout(top, 1)
        layout.addLayout(row)
        # every key Help lists for a session works here too (Esc is this view's own)
        self.addActions([actions.play_pause, actions.skip, actions.back, actions.mute])
        back = QAction("Back to the full window", self)
        back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        back.triggered.connect(self.back_requested)
        self.addAction(back)
        self.resize(*SIZE)

    def show_state(self, plan: Plan | None, snap: Snapshot | None, idle_text: str) -> None:
        """The session's phase, or ``idle_text`` (when the next break comes) without one."""
        self._show_name(plan.name if plan is not None and snap is not None else "")
        if plan is None or snap is None or snap.state in ("idle", "finished"):
            whole = snap is not None and snap.state == "finished" and snap.completed
            partly = snap is not None and snap.state == "finished" and not whole
            self.time.setText("✓" if whole else "–")  # no tick for a session cut short
            self.phase.setText("Done" if whole else STATUS_TEXT["partial"] if partly else "")
            self.side.setText("")
            self.next.setText(idle_text)
            return
        phase = snap.phase
        self._show_name(phase.exercise_name)
        self.time.setText(format_clock(snap.phase_left))
        label = phase_label(phase, snap.rep)
        self.phase.setText(f"{label} (paused)" if snap.state == "paused" else label)
        self.side.setText(phase.side_text().capitalize() if phase.side else "")
        self.next.setText(next_text(plan, phase))

    def _show_name(self, name: str) -> None:
        """One line, cut short with "…" if it does not fit; the whole name as its tooltip."""
        width = self.width() - 2 * PADDING
        metrics = self.name.fontMetrics()
        self.name.setText(metrics.elidedText(name, Qt.TextElideMode.ElideRight, width))
        self.name.setToolTip(name)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.back_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the small window brings the full one back; it does not quit."""
        if self.isVisible():
            event.ignore()
            self.back_requested.emit()
            return
        event.accept()


class Host(Protocol):
    """What the compact view needs of the main window, besides its being a QMainWindow."""

    controller: SessionController
    actions_: SessionActions
    breaks: Breaks
    settings: Settings

    def change_settings(self, **changes: Any) -> None: ...

    def show_window(self) -> None: ...


class Compact(QObject):
    """Swaps the main window and the compact view, and keeps the view up to date."""

    toggled = Signal(bool)  # True: the compact view is up

    def __init__(self, window: QMainWindow, host: Host):
        super().__init__(window)
        self.window = window
        self.host = host
        self.view: CompactView | None = None  # built when first shown
        self._following = False  # the main window's title and showing (see _follow)
        self.action = QAction("&Compact view", window)
        self.action.setCheckable(True)
        self.action.setShortcuts([QKeySequence(SHORTCUT)])
        self.action.setToolTip(f"Compact view: a small window that stays on top ({SHORTCUT})")
        self.action.triggered.connect(self.toggle)
        window.addAction(self.action)
        bar = window.menuBar()
        help_menu = bar.actions()[-1] if bar.actions() else None
        self.menu = bar.addMenu("&View")
        if help_menu is not None:  # View before Help, as desktops order them
            bar.insertMenu(help_menu, self.menu)
        self.menu.addAction(self.action)

    @property
    def shown(self) -> bool:
        return self.view is not None and self.view.isVisible()

    def toggle(self) -> None:
        if self.shown:
            self.back()
        else:
            self.show()

    def show(self) -> None:
        """Swap the main window for the compact view."""
        view = self._view()
        view.setWindowTitle(self.window.windowTitle())
        view.show()
        view.activateWindow()  # its keys (Space, Right, Ctrl+Shift+M) work at once
        self.refresh()
        self.window.hide()
        self._follow(True)
        self.action.setChecked(True)
        self.toggled.emit(True)

    def back(self) -> None:
        """Swap the compact view for the main window; remember where the view was."""
        view = self.view
        if view is None or not view.isVisible():
            return
        geometry = bytes(view.saveGeometry().toBase64().data()).decode()
        self._follow(False)
        view.hide()
        self.host.show_window()
        self.action.setChecked(False)
        if geometry != self.host.settings.compact_geometry:
            self.host.change_settings(compact_geometry=geometry)
        self.toggled.emit(False)

    def refresh(self) -> None:
        if not self.shown or self.view is None:
            return
        breaks = self.host.breaks
        idle_text = breaks.reminders.describe() if breaks.reminders is not None else ""
        controller = self.host.controller
        self.view.show_state(controller.plan, controller.snapshot(), idle_text)

    def _view(self) -> CompactView:
        if self.view is None:
            # a window of its own, owned by the main window: it goes when that goes
            view = self.view = CompactView(self.host.actions_, self.window)
            view.addAction(self.action)  # the same shortcut goes back
            view.back_requested.connect(self.back)
            view.setWindowIcon(self.window.windowIcon())
            reminders = self.host.breaks.reminders
            if reminders is not None:  # "Next break in 23 min" stays true
                reminders.changed.connect(self.refresh)
            saved = self.host.settings.compact_geometry
            if not (saved and view.restoreGeometry(QByteArray.fromBase64(saved.encode()))):
                _top_right(view)
        return self.view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The main window shown by other means (a reminder's Start, the tray): one of the
        two is enough, so the compact view steps back."""
        if (
            watched is self.window
            and event.type() == QEvent.Type.Show
            and not event.spontaneous()  # shown by the app, not the window system catching up
            and self.shown
        ):
            self.back()
        return False

    def _follow(self, on: bool) -> None:
        """While the view is up it follows the session, takes the main window's title, and
        steps back if that window is brought up by other means; only then, so that a hold
        in the main window wakes no Python here."""
        if on == self._following:
            return
        self._following = on
        driver = self.host.controller.driver
        if on:
            driver.changed.connect(self.refresh)
            self.window.windowTitleChanged.connect(self._follow_title)
            self.window.installEventFilter(self)
        else:
            driver.changed.disconnect(self.refresh)
            self.window.windowTitleChanged.disconnect(self._follow_title)
            self.window.removeEventFilter(self)

    def _follow_title(self, title: str) -> None:
        if self.view is not None:
            self.view.setWindowTitle(title)


def _top_right(view: QWidget) -> None:
    """The first place: the top right corner of the screen, clear of its edges."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    view.move(area.right() - SIZE[0] - MARGIN, area.top() + MARGIN)
