"""The step text of the current phase, with the current step highlighted (none: -1)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from easeback.core.catalogue import Step
from easeback.ui.theme import ACCENT_NAME


class StepList(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._labels: list[QLabel] = []
        self._steps: tuple[Step, ...] = ()
        self._current = -1
        self._pixels = 0

    @property
    def labels(self) -> list[QLabel]:
        return list(self._labels)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._style()  # the dimmed steps take their colour from the palette
        super().changeEvent(event)

    def set_pixel_size(self, pixels: int) -> None:
        """Draw the steps in text of ``pixels`` px."""
        if pixels != self._pixels:
            self._pixels = pixels
            self._style()

    @property
    def current_text(self) -> str:
        if 0 <= self._current < len(self._steps):
            return self._steps[self._current].text
        return ""

    def set_steps(self, steps: Sequence[Step], current: int) -> None:
        steps = tuple(steps)
        if steps != self._steps:
            self._steps = steps
            for label in self._labels:
                self._layout.removeWidget(label)
                label.hide()
                label.deleteLater()
            self._labels = []
            for number, step in enumerate(steps, start=1):
                label = QLabel(self)
                label.setWordWrap(True)
                label.setText(f"{number}. {step.text}" if len(steps) > 1 else step.text)
                self._layout.addWidget(label)
                self._labels.append(label)
            self._current = -2  # styled below
        if current != self._current:
            self._current = current
            self._style()

    def _style(self) -> None:
        text = self.palette().color(QPalette.ColorRole.WindowText)
        dim = f"rgba({text.red()}, {text.green()}, {text.blue()}, 175)"
        size = f" font-size: {self._pixels}px;" if self._pixels else ""
        for index, label in enumerate(self._labels):
            if index == self._current:
                style = f"border-left: 4px solid {ACCENT_NAME}; font-weight: 600;"
            else:
                style = f"border-left: 4px solid transparent; color: {dim};"
            label.setStyleSheet(style + size + " padding: 3px 8px;")
