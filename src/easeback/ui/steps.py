"""The step text of the current phase, with the current step highlighted."""

from __future__ import annotations

from collections.abc import Sequence

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
            self._current = -1
        if current != self._current:
            self._current = current
            text = self.palette().color(QPalette.ColorRole.WindowText)
            dim = f"rgba({text.red()}, {text.green()}, {text.blue()}, 150)"
            for index, label in enumerate(self._labels):
                if index == current or len(self._labels) == 1:
                    style = f"border-left: 4px solid {ACCENT_NAME}; font-weight: 600;"
                else:
                    style = f"border-left: 4px solid transparent; color: {dim};"
                label.setStyleSheet(style + " padding: 4px 8px;")
