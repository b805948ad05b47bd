"""Colours that carry meaning (phase kinds, the accent); everything else follows the palette.

The names are plain strings too, for the style sheets that use them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT_NAME = "#E8833A"

PHASE_COLOURS: dict[str, str] = {
    "prepare": "#4C8BF5",
    "hold": "#E8833A",
    "reps": "#E8833A",
    "end_hold": "#D9603B",
    "rest": "#2BA68B",
    "switch": "#8E6CE0",
    "done": "#2BA68B",
}


def accent() -> QColor:
    return QColor(ACCENT_NAME)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def phase_colour(kind: str) -> QColor:
    return QColor(PHASE_COLOURS.get(kind, ACCENT_NAME))


def relative_luminance(colour: QColor) -> float:
    """The WCAG relative luminance of an opaque colour (0 black .. 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two opaque colours, 1 (none) to 21 (black on white)."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
