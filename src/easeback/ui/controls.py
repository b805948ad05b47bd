"""Session controls: actions with shortcuts (shared by buttons and window) and the button bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

ICONS = ("back", "play", "pause", "skip", "stop", "volume", "muted")


def _glyph(name: str) -> QPainterPath:
    """The shape of a control icon on a 24 x 24 grid (filled)."""
    path = QPainterPath()

    def triangle(x0: float, x1: float) -> None:  # pointing from x0 to x1
        path.moveTo(x0, 5)
        path.lineTo(x1, 12)
        path.lineTo(x0, 19)
        path.closeSubpath()

    if name == "play":
        triangle(7, 19)
    elif name == "pause":
        path.addRect(QRectF(6, 5, 4, 14))
        path.addRect(QRectF(14, 5, 4, 14))
    elif name == "skip":
        triangle(4, 12)
        triangle(12, 19)
        path.addRect(QRectF(19, 5, 2, 14))
    elif name == "back":
        triangle(20, 12)
        triangle(12, 5)
        path.addRect(QRectF(3, 5, 2, 14))
    elif name == "stop":
        path.addRoundedRect(QRectF(6, 6, 12, 12), 1.5, 1.5)
    else:  # volume / muted: a speaker
        path.moveTo(3, 9)
        path.lineTo(7, 9)
        path.lineTo(12, 4.5)
        path.lineTo(12, 19.5)
        path.lineTo(7, 15)
        path.lineTo(3, 15)
        path.closeSubpath()
    return path


def media_icon(name: str, colour: QColor, size: int = 64) -> QIcon:
    """A control icon drawn in ``colour`` (the palette's text), so it keeps its contrast
    in light and dark palettes alike; the style's own media icons are mid-grey."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 24, size / 24)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(_glyph(name))
    pen = QPen(colour, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if name == "volume":
        for radius in (4.0, 7.5):
            painter.drawArc(
                QRectF(12 - radius, 12 - radius, 2 * radius, 2 * radius), -45 * 16, 90 * 16
            )
    elif name == "muted":
        painter.drawLine(QPointF(15.5, 9), QPointF(21.5, 15))
        painter.drawLine(QPointF(21.5, 9), QPointF(15.5, 15))
    painter.end()
    return QIcon(pixmap)


class SessionActions(QObject):
    """One QAction per intent. The window adds them so shortcuts work anywhere in it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._ink = parent.palette().color(QPalette.ColorRole.WindowText)
        self.icons = {name: media_icon(name, self._ink) for name in ICONS}

        def make(text: str, key: str, tip: str, icon: str) -> QAction:
            action = QAction(self.icons[icon], text, parent)
            action.setShortcuts([QKeySequence(key)])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(
                f"{tip} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            return action

        self.back = make("Back", "Left", "Restart this phase, or go to the one before", "back")
        self.play_pause = make("Pause", "Space", "Pause or resume", "pause")
        self.skip = make("Skip", "Right", "Skip to the next phase", "skip")
        self.stop = make("Stop", "Esc", "Stop and go back to the library", "stop")
        self.mute = make("Mute", "M", "Mute or unmute the voice", "volume")
        self.mute.setCheckable(True)
        self._play_icon = self.icons["play"]
        self._pause_icon = self.icons["pause"]
        self._volume_icon = self.icons["volume"]
        self._muted_icon = self.icons["muted"]
        self.mute.toggled.connect(self._show_mute)

    def recolour(self, ink: QColor) -> None:
        """Draw the icons again in ``ink`` (the palette changed, say from light to dark)."""
        if ink == self._ink:
            return
        self._ink = ink
        self.icons = {name: media_icon(name, ink) for name in ICONS}
        self._play_icon, self._pause_icon = self.icons["play"], self.icons["pause"]
        self._volume_icon, self._muted_icon = self.icons["volume"], self.icons["muted"]
        self.back.setIcon(self.icons["back"])
        self.skip.setIcon(self.icons["skip"])
        self.stop.setIcon(self.icons["stop"])
        running = self.play_pause.text() == "Pause"
        self.play_pause.setIcon(self._pause_icon if running else self._play_icon)
        self._show_mute(self.mute.isChecked())

    def all(self) -> list[QAction]:
        return [self.back, self.play_pause, self.skip, self.stop, self.mute]

    def set_running(self, running: bool) -> None:
        text = "Pause" if running else "Resume"
        if self.play_pause.text() != text:  # a new icon repaints the button: only on change
            self.play_pause.setText(text)
            self.play_pause.setIcon(self._pause_icon if running else self._play_icon)

    def set_session_active(self, active: bool) -> None:
        if self.stop.isEnabled() == active:  # asked each second: only a change costs more
            return
        for action in (self.back, self.play_pause, self.skip, self.stop):
            action.setEnabled(active)

    def _show_mute(self, muted: bool) -> None:
        self.mute.setText("Unmute" if muted else "Mute")
        self.mute.setIcon(QIcon(self._muted_icon if muted else self._volume_icon))


class ControlBar(QWidget):
    def __init__(self, actions: SessionActions, parent: QWidget | None = None):
        super().__init__(parent)
        self.session_actions = actions
        layout = QHBoxLayout(self)
        layout.setSpacing(4)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        for name in ("back", "play_pause", "skip", "stop", "mute"):
            action = getattr(actions, name)
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setAutoRaise(True)
            # Keys belong to the shortcuts: a focused button must not swallow Space.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"control-{name}")
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)  # labels on one line
            self.buttons[name] = button
        layout.addStretch(1)
        self.set_scale(13)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.session_actions.recolour(self.palette().color(QPalette.ColorRole.WindowText))
        super().changeEvent(event)

    def set_scale(self, pixels: int) -> None:
        """Size the buttons for text of ``pixels`` px (the session page's body text)."""
        font = self.font()
        font.setPixelSize(max(11, round(pixels * 0.8)))
        for name, button in self.buttons.items():
            big = name == "play_pause"
            icon = round(pixels * (3.0 if big else 2.1))
            button.setFont(font)
            button.setIconSize(QSize(icon, icon))
            button.setMinimumWidth(round(pixels * (6.2 if big else 5.4)))
