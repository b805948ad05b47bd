"""Session controls: actions with shortcuts (shared by buttons and window) and the button bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QStyle, QToolButton, QWidget


class SessionActions(QObject):
    """One QAction per intent. The window adds them so shortcuts work anywhere in it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        style = parent.style()

        def make(text: str, key: str, tip: str, icon: QStyle.StandardPixmap) -> QAction:
            action = QAction(style.standardIcon(icon), text, parent)
            action.setShortcuts([QKeySequence(key)])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(
                f"{tip} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            return action

        sp = QStyle.StandardPixmap
        self.back = make(
            "Back", "Left", "Restart this phase, or go to the one before", sp.SP_MediaSkipBackward
        )
        self.play_pause = make("Pause", "Space", "Pause or resume", sp.SP_MediaPause)
        self.skip = make("Skip", "Right", "Skip to the next phase", sp.SP_MediaSkipForward)
        self.stop = make("Stop", "Esc", "Stop and go back to the library", sp.SP_MediaStop)
        self.mute = make("Mute", "M", "Mute or unmute the voice", sp.SP_MediaVolume)
        self.mute.setCheckable(True)
        self._play_icon = style.standardIcon(sp.SP_MediaPlay)
        self._pause_icon = style.standardIcon(sp.SP_MediaPause)
        self._volume_icon = style.standardIcon(sp.SP_MediaVolume)
        self._muted_icon = style.standardIcon(sp.SP_MediaVolumeMuted)
        self.mute.toggled.connect(self._show_mute)

    def all(self) -> list[QAction]:
        return [self.back, self.play_pause, self.skip, self.stop, self.mute]

    def set_running(self, running: bool) -> None:
        text = "Pause" if running else "Resume"
        if self.play_pause.text() != text:  # a new icon repaints the button: only on change
            self.play_pause.setText(text)
            self.play_pause.setIcon(self._pause_icon if running else self._play_icon)

    def set_session_active(self, active: bool) -> None:
        for action in (self.back, self.play_pause, self.skip, self.stop):
            action.setEnabled(active)

    def _show_mute(self, muted: bool) -> None:
        self.mute.setText("Unmute" if muted else "Mute")
        self.mute.setIcon(QIcon(self._muted_icon if muted else self._volume_icon))


class ControlBar(QWidget):
    def __init__(self, actions: SessionActions, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        for name in ("back", "play_pause", "skip", "stop", "mute"):
            action = getattr(actions, name)
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            big = name == "play_pause"
            button.setIconSize(QSize(40, 40) if big else QSize(28, 28))
            button.setMinimumWidth(84 if big else 72)
            button.setAutoRaise(True)
            # Keys belong to the shortcuts: a focused button must not swallow Space.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"control-{name}")
            layout.addWidget(button)
            self.buttons[name] = button
        layout.addStretch(1)
