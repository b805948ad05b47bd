"""The step's picture: an SVG drawn to fit, mirrored for the right side.

The SVG is rendered once per picture and size into a pixmap; a repaint (the seconds
ticking elsewhere on the page, an expose) only copies that pixmap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from easeback.ui.theme import is_dark, phase_colour

# How far a picture's colours are lifted towards white on a dark palette: its figure is
# drawn in slate greys for a light page, and the darkest of them would nearly vanish.
DARK_LIFT = QColor(72, 72, 72)


def lift_for_dark(pixmap: QPixmap) -> None:
    """Lighten ``pixmap``'s drawn pixels in place ("screen" with a grey), keeping their
    order from dark to light. The grey is weighted by the square of each pixel's alpha, so
    the ink is lifted fully while a faint fill (the floor) stays faint."""
    grey = QPixmap(pixmap.size())
    grey.setDevicePixelRatio(pixmap.devicePixelRatio())
    grey.fill(Qt.GlobalColor.transparent)
    painter = QPainter(grey)
    painter.drawPixmap(0, 0, pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(grey.rect(), DARK_LIFT)  # the grey, where the picture has ink
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawPixmap(0, 0, pixmap)
    painter.end()
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Screen)
    painter.drawPixmap(0, 0, grey)
    painter.end()


if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer


class IllustrationView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._renderers: dict[Path, QSvgRenderer] = {}
        self._path: Path | None = None
        self._mirrored = False
        self._done = False
        self._pixmap: QPixmap | None = None  # the picture as last drawn, and what it showed
        self._pixmap_key: tuple[object, ...] = ()
        self.renders = 0  # how often an SVG was drawn (not copied): a test reads it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 80)
        # what it is; the description says what it shows (the step, or "Finished")
        self.setAccessibleName("Picture of the step")

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
        """A whole run is over: a calm check mark instead of a step picture (a session
        that stopped early keeps a picture of the exercise: no mark praises it)."""
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
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        renderer = self._renderer()
        if self._done:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._check_mark(painter, area)
        elif renderer is None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._placeholder(painter, area)
        else:
            painter.drawPixmap(0, 0, self._picture(renderer, area))
        painter.end()

    def _picture(self, renderer: QSvgRenderer, area: QRectF) -> QPixmap:
        ratio = self.devicePixelRatioF()
        dark = is_dark(self.palette())
        key = (self._path, self._mirrored, self.size(), ratio, dark)
        if self._pixmap is not None and key == self._pixmap_key:
            return self._pixmap
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
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
        if dark:
            lift_for_dark(pixmap)
        self.renders += 1
        self._pixmap, self._pixmap_key = pixmap, key
        return pixmap

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
