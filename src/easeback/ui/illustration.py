"""The step's picture: an SVG drawn to fit, mirrored for the right side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer


class IllustrationView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._renderers: dict[Path, QSvgRenderer] = {}
        self._path: Path | None = None
        self._mirrored = False
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

    def set_picture(
        self, path: Path | None, *, mirrored: bool = False, description: str = ""
    ) -> None:
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
        if renderer is None:
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

    def _placeholder(self, painter: QPainter, area: QRectF) -> None:
        colour = QColor(self.palette().color(QPalette.ColorRole.Mid))
        colour.setAlpha(120)
        painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(area.adjusted(20, 20, -20, -20), 16, 16)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        painter.setFont(font)
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No picture for this step")
