"""The first-start safety notice above the pages."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class CautionBanner(QFrame):
    """The first-start safety notice: short, and dismissed with one click."""

    def __init__(self, cautions: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            "QFrame#banner { border: 1px solid #E8833A; border-radius: 8px;"
            " background: rgba(232, 131, 58, 28); }"
        )
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.set_cautions(cautions)
        self.dismiss = QPushButton("Got it", self)
        self.dismiss.setToolTip("Hide this notice (it stays under Help > Safety notes)")
        self.dismiss.setAutoDefault(True)  # Enter presses it when focused, as Space does
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)  # a fixed-height button: centred by the layout

    def set_cautions(self, cautions: Sequence[str]) -> None:
        self.text.setText("<b>Before you start:</b> " + " ".join(cautions))
