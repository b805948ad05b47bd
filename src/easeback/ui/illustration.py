"""The step's picture: an SVG drawn to fit, mirrored for the right side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from easeback.ui.theme import phase_colour

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer


class IllustrationView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._renderers: dict[Path, QSvgRenderer] = {}
        self._path: Path | None = None
        self._mirrored = False
        self._done = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)

    def sizeHint(self) -> QSize:
        return QSize(560, 420)

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def mirrored(self) -> bool:
        return self._mirrored

    @property
    def done(self) -> bool:
        return self._done

    def set_done(self) -> None:
        """The session is over: a calm check mark instead of a step picture."""
        if not self._done:
            self._done, self._path = True, None
            self.setAccessibleDescription("Finished")
            self.update()

    def set_picture(
        self, path: Path | None, *, mirrored: bool = False, description: str = ""
    ) -> None:
        if (path, mirrored, False) == (self._path, self._mirrored, self._done):
            return
        self._done = False
        if path is not None and not path.is_file():
            path = None
        if (path, mirrored) == (self._path, self._mirrored):
            return
        self._path, self._mirrored = path, mirrored
        self.setAccessibleDescription(description)
        self.update()

    def _renderer(self) -> QSvgRenderer | None:
        if self._path is None:
            return None
        renderer = self._renderers.get(self._path)
        if renderer is None:
            from PySide6.QtSvg import QSvgRenderer  # loaded with the first picture

            renderer = QSvgRenderer(str(self._path), self)
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            self._renderers[self._path] = renderer
        return renderer if renderer.isValid() else None

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        renderer = self._renderer()
        if self._done:
            self._check_mark(painter, area)
        elif renderer is None:
            self._placeholder(painter, area)
        else:
            size = renderer.defaultSize().scaled(
                area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio
            )
            target = QRectF(0, 0, size.width(), size.height())
            target.moveCenter(area.center())
            if self._mirrored:
                painter.translate(target.center().x() * 2, 0)
                painter.scale(-1, 1)
            renderer.render(painter, target)
        painter.end()

    def _check_mark(self, painter: QPainter, area: QRectF) -> None:
        side = min(area.width(), area.height()) * 0.55
        circle = QRectF(0, 0, side, side)
        circle.moveCenter(area.center())
        colour = phase_colour("done")
        fill = QColor(colour)
        fill.setAlpha(40)
        painter.setBrush(fill)
        painter.setPen(QPen(colour, max(3.0, side * 0.03)))
        painter.drawEllipse(circle)
        pen = QPen(colour, max(6.0, side * 0.08), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x, y, w = circle.left(), circle.top(), circle.width()
        path = QPainterPath(QPointF(x + w * 0.28, y + w * 0.52))
        path.lineTo(QPointF(x + w * 0.44, y + w * 0.67))
        path.lineTo(QPointF(x + w * 0.73, y + w * 0.36))
        painter.drawPath(path)

    def _placeholder(self, painter: QPainter, area: QRectF) -> None:
        colour = QColor(self.palette().color(QPalette.ColorRole.Mid))
        colour.setAlpha(120)
        painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(area.adjusted(20, 20, -20, -20), 16, 16)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        painter.setFont(font)
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No picture for this step")
