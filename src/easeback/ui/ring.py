"""The countdown ring: seconds left in the phase, the phase label, and how much is done.

Quiet by design: during a hold only the seconds and the tip of the arc change, so
``set_state`` asks Qt to repaint just those two small rectangles, and the track and
the labels come from a pixmap drawn once per size and label. That pixmap holds the
window's background too, so the ring is opaque: Qt paints nothing under it (the
page, the window) when it changes. A whole-widget repaint
each second made Qt's raster engine hand the ring's anti-aliased fill to its thread
pool (it splits fills of many spans across threads): some 100 context switches a
second for a number that changes once. That pool is also switched off for the whole
window (easeback.ui), as the ring at full screen still makes fills worth splitting.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from easeback.ui.theme import phase_colour

ANY_DIGIT = str.maketrans("123456789", "000000000")


#: The smallest size (pixels) the label and the detail line are drawn at: smaller is not
#: read from a mat. A label wider than the ring at this size (SWITCH SIDES in the
#: smallest window) is drawn smaller still, down to LABEL_LAST_RESORT, before it is cut.
TEXT_FLOOR = 12
LABEL_LAST_RESORT = 10

#: The smallest ring (pixels across) with room for the detail line under the label at
#: TEXT_FLOOR (their rows are a tenth of the ring apart); below it the line would overlap
#: the label, and the page says the set and side anyway. A detail too wide for its row
#: at TEXT_FLOOR is left out too.
DETAIL_FROM = 140


class CountdownRing(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fraction = 1.0
        self._time = "0:00"
        self._label = ""
        self._detail = ""
        self._kind = "prepare"
        self._paused = False
        # Worked out once, and again only when what they depend on changes (_forget):
        self._base: QPixmap | None = None  # track, label and detail at the current size
        self._time_font_cache: QFont | None = None  # the seconds' font at the current size
        self._time_rects: dict[str, QRect] = {}  # where the seconds go, by shape of text
        # the pixel sizes the label and the detail were last drawn at (None: left out);
        # a test reads them
        self.text_sizes: tuple[int | None, int | None] = (None, None)
        self.label_drawn = ""  # the label as drawn: cut short only where nothing else fits
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(96, 96)
        self.setAccessibleName("Countdown")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(260, 260)

    def set_state(
        self, *, fraction_left: float, time: str, label: str, detail: str, kind: str, paused: bool
    ) -> None:
        fraction = max(0.0, min(1.0, fraction_left))
        old_time, old_fraction = self._time, self._fraction
        same_frame = (label, detail, kind, paused) == (
            self._label,
            self._detail,
            self._kind,
            self._paused,
        )
        if same_frame and (fraction, time) == (old_fraction, old_time):
            return
        self._fraction, self._time = fraction, time
        self._label, self._detail, self._kind, self._paused = label, detail, kind, paused
        # as drawn, where PAUSED takes the label's place, but with the label kept
        self.setAccessibleDescription(f"{'Paused: ' if paused else ''}{label} {time} {detail}")
        if not same_frame:
            self._base = None
            self.update()
            return
        if time != old_time:
            self.update(self._time_rect(old_time).united(self._time_rect(time)))
        if fraction != old_fraction:
            self.update(self._arc_change_rect(old_fraction, fraction))

    @property
    def text(self) -> tuple[str, str, str]:
        return self._time, self._label, self._detail

    # ------------------------------------------------------------------ geometry
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._forget()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.StyleChange,
        ):
            self._forget()
        super().changeEvent(event)

    def _forget(self) -> None:
        """The size, font or colours changed: what was worked out for them is not right."""
        self._base = None
        self._time_font_cache = None
        self._time_rects.clear()

    def _square(self) -> QRectF:
        side = max(0.0, min(self.width(), self.height()) - 8.0)
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _track(self) -> tuple[QRectF, float]:
        """The box of the circle that the track and the arc are stroked on, and their
        width: one circle, so the arc lies on the track."""
        rect = self._square()
        thickness = max(5.0, rect.width() * 0.06)
        half = thickness / 2
        return rect.adjusted(half, half, -half, -half), thickness

    def _time_box(self) -> QRectF:
        """Where the seconds are drawn, centred."""
        rect = self._square()
        side = rect.width()
        return QRectF(rect.left(), rect.top() + side * 0.28, side, side * 0.3)

    def _time_font(self) -> QFont:
        if self._time_font_cache is None:
            font = QFont(self.font())
            font.setPixelSize(max(12, int(self._square().width() * 0.24)))
            font.setWeight(QFont.Weight.DemiBold)
            font.setFeature(QFont.Tag("tnum"), 1)
            self._time_font_cache = font
        return self._time_font_cache

    def _time_rect(self, text: str) -> QRect:
        """Where ``text`` is drawn as the seconds left (with a margin for anti-aliasing).

        Worked out once for each shape of the text ("0:00", "00:00"), large enough for
        any digits in it: the rect stays the same from one second to the next."""
        shape = text.translate(ANY_DIGIT)
        cached = self._time_rects.get(shape)
        if cached is None:
            box = self._time_box().toAlignedRect()
            metrics = QFontMetrics(self._time_font())
            align = int(Qt.AlignmentFlag.AlignCenter)
            cached = QRect()
            for digit in "0123456789":
                cached |= metrics.boundingRect(box, align, shape.replace("0", digit))
            cached.adjust(-3, -3, 3, 3)
            self._time_rects[shape] = cached
        return cached

    def _arc_change_rect(self, a: float, b: float) -> QRect:
        """The part of the ring that changes when the arc goes from ``a`` to ``b`` full."""
        if abs(a - b) > 0.2:
            return self._square().toAlignedRect().adjusted(-2, -2, 2, 2)
        circle, thickness = self._track()
        radius = circle.width() / 2
        cx, cy = circle.center().x(), circle.center().y()
        lo, hi = sorted((a, b))
        steps = max(2, int((hi - lo) * 64) + 2)
        xs, ys = [], []
        for i in range(steps + 1):  # points along the ring's centre line, clockwise from 12
            angle = math.radians(90 - (lo + (hi - lo) * i / steps) * 360)
            xs.append(cx + radius * math.cos(angle))
            ys.append(cy - radius * math.sin(angle))
        pad = thickness / 2 + 3
        return QRectF(
            min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
        ).toAlignedRect()

    # ------------------------------------------------------------------ painting
    def _colour(self) -> QColor:
        colour = phase_colour(self._kind)
        if self._paused:
            colour.setAlpha(110)
        return colour

    def _static_layer(self) -> QPixmap:
        """The track, the phase label and the detail line: drawn again only when they
        change (set_state), or the size, font or colours do (_forget)."""
        ratio = self.devicePixelRatioF()
        if self._base is not None and self._base.devicePixelRatio() == ratio:
            return self._base
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        painter.fillRect(QRectF(0, 0, self.width(), self.height()), self.palette().window())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._square()
        side = rect.width()
        circle, thickness = self._track()
        palette = self.palette()
        track = QColor(palette.color(QPalette.ColorRole.Mid))
        track.setAlpha(90)
        painter.setPen(QPen(track, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawEllipse(circle)

        text_colour = palette.color(QPalette.ColorRole.WindowText)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.Bold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        painter.setPen(self._colour() if not self._paused else text_colour)
        label = "PAUSED" if self._paused else self._label
        label_rect = QRectF(  # as wide as the circle's inside is across the capitals
            rect.left() + side * 0.08, rect.top() + side * 0.58, side * 0.84, side * 0.1
        )
        label_size, self.label_drawn = self._fit(
            painter, font, int(side * 0.075), label, label_rect
        )
        detail_size = None
        if self._detail and side >= DETAIL_FROM:
            font.setWeight(QFont.Weight.Normal)
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100)
            muted = QColor(text_colour)
            muted.setAlpha(190)
            painter.setPen(muted)
            detail_rect = QRectF(  # narrower than the label's: the circle closes in below
                rect.left() + side * 0.17, rect.top() + side * 0.68, side * 0.66, side * 0.1
            )
            detail_size, _ = self._fit(
                painter, font, int(side * 0.058), self._detail, detail_rect, elide=False
            )
        painter.end()
        self.text_sizes = (label_size, detail_size)
        self._base = pixmap
        return pixmap

    @staticmethod
    def _fit(
        painter: QPainter, font: QFont, pixels: int, text: str, box: QRectF, *, elide: bool = True
    ) -> tuple[int | None, str]:
        """Draw ``text`` centred in ``box`` at ``pixels``, or smaller down to TEXT_FLOOR if it
        is wider; wider still, its letters closer, then (a label) down to LABEL_LAST_RESORT,
        then elided; with ``elide`` False, left out instead. Returns the size drawn at
        (None: left out) and the text drawn."""
        size = max(pixels, TEXT_FLOOR)
        font.setPixelSize(size)
        while size > TEXT_FLOOR and QFontMetrics(font).horizontalAdvance(text) > box.width():
            size -= 1
            font.setPixelSize(size)
        if QFontMetrics(font).horizontalAdvance(text) > box.width():  # closer, not smaller
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100)
        while (
            elide
            and size > LABEL_LAST_RESORT
            and QFontMetrics(font).horizontalAdvance(text) > box.width()
        ):
            size -= 1
            font.setPixelSize(size)
        metrics = QFontMetrics(font)
        if not elide and metrics.horizontalAdvance(text) > box.width():
            return None, ""
        painter.setFont(font)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(box.width()))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, shown)
        return size, shown

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw what the event asks for (Qt clips the painter to it): the static layer,
        then the arc and the seconds over it."""
        if self._square().width() <= 0:
            return
        area = event.rect()
        painter = QPainter(self)
        base = self._static_layer()
        ratio = base.devicePixelRatio()
        source = QRectF(
            area.x() * ratio, area.y() * ratio, area.width() * ratio, area.height() * ratio
        )
        painter.drawPixmap(QRectF(area), base, source)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        span = int(-self._fraction * 360 * 16)  # sixteenths of a degree, clockwise from 12
        if span:
            circle, thickness = self._track()
            pen = QPen(self._colour(), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawArc(circle, 90 * 16, span)
        if self._time_rect(self._time).intersects(area):
            painter.setFont(self._time_font())
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(self._time_box(), Qt.AlignmentFlag.AlignCenter, self._time)
        painter.end()
