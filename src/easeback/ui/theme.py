"""Colours that carry meaning (phase kinds, the accent); everything else follows the palette.

The names are plain strings too, for the style sheets that use them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

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


NOTE_CONTRAST = 4.5  # WCAG AA for normal text: greyed notes stay readable


def note_colour(text: QColor, background: QColor) -> QColor:
    """The text colour moved towards the background as far as 4.5:1 contrast allows."""
    best = QColor(text)
    for step in range(1, 11):
        share = step / 20  # up to halfway to the background
        mixed = QColor.fromRgbF(
            text.redF() + (background.redF() - text.redF()) * share,
            text.greenF() + (background.greenF() - text.greenF()) * share,
            text.blueF() + (background.blueF() - text.blueF()) * share,
        )
        if contrast_ratio(mixed, background) < NOTE_CONTRAST:
            break
        best = mixed
    return best


def note_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A quieter line of explanation that still reads at 4.5:1 or more."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    palette = label.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        colour = note_colour(
            palette.color(group, QPalette.ColorRole.WindowText),
            palette.color(group, QPalette.ColorRole.Window),
        )
        palette.setColor(group, QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)
    return label
