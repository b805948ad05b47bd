"""The non-blocking "try a step up?" (or "easier next time?") question after a session."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from easeback.core.progression import SESSIONS_PER_LEVEL, Offer
from easeback.ui.theme import phase_colour


class OfferBar(QFrame):
    """ "You have completed Bridge at 15 reps 3 times. Try 18 reps?" [Try it] [Not now]"""

    accepted = Signal(object)  # Offer
    declined = Signal(object)  # Offer

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("offer")
        done = phase_colour("done")
        self.setStyleSheet(
            f"QFrame#offer {{ border: 1px solid {done.name()}; border-radius: 8px;"
            f" background: rgba({done.red()}, {done.green()}, {done.blue()}, 30); }}"
        )
        self.offer: Offer | None = None
        self._queue: list[Offer] = []
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.accept_button = QPushButton("Try it", self)
        self.decline_button = QPushButton("Not now", self)  # its tooltip: in show_offer
        for button in (self.accept_button, self.decline_button):
            button.setAutoDefault(True)  # Enter presses the focused one, as Space does
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.decline_button)
        self.accept_button.clicked.connect(lambda: self._answer(self.accepted))
        self.decline_button.clicked.connect(lambda: self._answer(self.declined))
        self.hide()

    def set_offers(self, offers: Sequence[Offer]) -> None:
        """Ask these, one after the other; an empty list puts the bar away."""
        self._queue = list(offers)
        self.show_offer(self._queue.pop(0) if self._queue else None)

    def unanswered(self) -> list[Offer]:
        """The offer on show and those queued after it, not answered yet."""
        return ([self.offer] if self.offer is not None else []) + list(self._queue)

    def show_note(self, text: str) -> None:
        """A note in place of a question (nothing to offer), until the next session."""
        self._queue = []
        self.offer = None
        self.text.setText(text)
        self.accept_button.hide()
        self.decline_button.hide()
        self.show()

    def show_offer(self, offer: Offer | None) -> None:
        self.offer = offer
        if offer is None:
            self.hide()
            return
        self.accept_button.show()
        self.decline_button.show()
        down = offer.direction == "down"
        title = "Easier next time?" if down else "Ready for more?"
        self.text.setText(f"<b>{title}</b> {offer.text}")
        self.accept_button.setText(f"Try {offer.proposed_amount}")
        self.decline_button.setToolTip(
            "Keep the current level"
            if down
            else f"Keep the current level; this step is offered again after "
            f"{SESSIONS_PER_LEVEL} more completed sessions in a row at it"
        )
        self.show()

    def _answer(self, signal: SignalInstance) -> None:
        offer = self.offer
        self.show_offer(self._queue.pop(0) if self._queue else None)
        if offer is not None:
            signal.emit(offer)
