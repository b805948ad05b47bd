"""Colours that carry meaning (phase kinds, the accent); everything else follows the palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = QColor("#E8833A")

PHASE_COLOURS: dict[str, QColor] = {
    "prepare": QColor("#4C8BF5"),
    "hold": QColor("#E8833A"),
    "reps": QColor("#E8833A"),
    "end_hold": QColor("#D9603B"),
    "rest": QColor("#2BA68B"),
    "switch": QColor("#8E6CE0"),
    "done": QColor("#2BA68B"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def phase_colour(kind: str) -> QColor:
    return QColor(PHASE_COLOURS.get(kind, ACCENT))
