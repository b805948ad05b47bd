"""The countdown ring: seconds left in the phase, the phase label, and how much is done."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from easeback.ui.theme import phase_colour


class CountdownRing(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fraction = 1.0
        self._time = "0:00"
        self._label = ""
        self._detail = ""
        self._kind = "prepare"
        self._paused = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(150, 150)
        self.setAccessibleName("Countdown")

    def sizeHint(self) -> QSize:
        return QSize(260, 260)

    def set_state(
        self, *, fraction_left: float, time: str, label: str, detail: str, kind: str, paused: bool
    ) -> None:
        state = (max(0.0, min(1.0, fraction_left)), time, label, detail, kind, paused)
        if state == (
            self._fraction,
            self._time,
            self._label,
            self._detail,
            self._kind,
            self._paused,
        ):
            return
        self._fraction, self._time, self._label, self._detail, self._kind, self._paused = state
        self.setAccessibleDescription(f"{label} {time} {detail}")
        self.update()

    @property
    def text(self) -> tuple[str, str, str]:
        return self._time, self._label, self._detail

    def paintEvent(self, event: object) -> None:
        side = min(self.width(), self.height()) - 8
        if side <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        thickness = max(6.0, side * 0.06)
        inner = rect.adjusted(thickness / 2, thickness / 2, -thickness / 2, -thickness / 2)
        palette = self.palette()
        track = QColor(palette.color(QPalette.ColorRole.Mid))
        track.setAlpha(90)
        painter.setPen(QPen(track, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawEllipse(inner)
        colour = phase_colour(self._kind)
        if self._paused:
            colour.setAlpha(110)
        painter.setPen(QPen(colour, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        span = int(-self._fraction * 360 * 16)
        if span:
            painter.drawArc(inner, 90 * 16, span)

        text_colour = palette.color(QPalette.ColorRole.WindowText)
        font = QFont(self.font())
        font.setPixelSize(max(12, int(side * 0.24)))
        font.setWeight(QFont.Weight.DemiBold)
        font.setFeature(QFont.Tag("tnum"), 1)
        painter.setFont(font)
        painter.setPen(text_colour)
        time_rect = QRectF(rect.left(), rect.top() + side * 0.28, side, side * 0.3)
        painter.drawText(time_rect, Qt.AlignmentFlag.AlignCenter, self._time)

        font.setPixelSize(max(10, int(side * 0.075)))
        font.setWeight(QFont.Weight.Bold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        painter.setFont(font)
        painter.setPen(colour if not self._paused else text_colour)
        label = "PAUSED" if self._paused else self._label
        label_rect = QRectF(rect.left(), rect.top() + side * 0.58, side, side * 0.1)
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, label)

        if self._detail:
            font.setPixelSize(max(9, int(side * 0.058)))
            font.setWeight(QFont.Weight.Normal)
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100)
            painter.setFont(font)
            muted = QColor(text_colour)
            muted.setAlpha(170)
            painter.setPen(muted)
            detail_rect = QRectF(
                rect.left() + side * 0.15, rect.top() + side * 0.68, side * 0.7, side * 0.1
            )
            painter.drawText(detail_rect, Qt.AlignmentFlag.AlignCenter, self._detail)
        painter.end()
