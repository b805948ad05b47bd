"""The library: routines and exercises as cards, a filter, and a start button on each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QEnterEvent, QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from easeback.core.catalogue import Catalogue, Exercise, Routine
from easeback.core.plan import PlanError, plan_seconds
from easeback.core.settings import Settings
from easeback.core.time import format_clock
from easeback.ui.theme import ACCENT_NAME


class Entry(NamedTuple):
    """What a card shows; `entries_for` computes durations with the user's settings."""

    id: str
    kind: str  # exercise | routine
    name: str
    position: str
    seconds: float
    length: str  # the seconds as shown: "4:30"
    desk_friendly: bool
    summary: str

    def matches(self, words: Sequence[str]) -> bool:
        """Whether every word (lower case) is in what the card shows at a glance: the
        name, the position or the desk-friendly badge."""
        seen = " ".join([self.name, self.position, "desk-friendly" if self.desk_friendly else ""])
        return all(word in seen.lower() for word in words)


def entries_for(catalogue: Catalogue, settings: Settings) -> list[Entry]:
    """A card for every exercise, then every routine, that compiles with these settings."""
    options = settings.plan_options()
    items: list[Exercise | Routine] = [*catalogue.exercises.values(), *catalogue.routines.values()]
    entries = []
    for item in items:
        try:
            seconds = plan_seconds(catalogue, item.id, options)
        except PlanError:
            continue
        positions = catalogue.positions(item.id)
        desk = catalogue.desk_friendly(item.id)
        kind = "exercise" if isinstance(item, Exercise) else "routine"
        summary = item.summary if isinstance(item, Exercise) else item.description
        position = " and ".join(positions)
        length = format_clock(seconds)
        entries.append(Entry(item.id, kind, item.name, position, seconds, length, desk, summary))
    return entries


class Card(QFrame):
    start_requested = Signal(str)

    def __init__(self, entry: Entry, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = entry
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Tab stops at the Start button only (one stop a card, named for what it starts);
        # a click, or Down and Enter from the filter, still focus the card.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # the columns share the width equally, whatever the text (a long word is cut)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip(f"{entry.name}: double-click or press Enter to start")
        self.setAccessibleName(f"{entry.name}, {entry.kind}, {entry.length}")

        name = QLabel(entry.name, self)
        name.setObjectName("name")
        name.setWordWrap(True)
        meta = QLabel(f"{entry.position.capitalize()} · {entry.length}", self)
        meta.setObjectName("meta")
        summary = QLabel(entry.summary, self)
        summary.setWordWrap(True)
        summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        summary.setMinimumHeight(summary.fontMetrics().lineSpacing() * 3)

        self.start_button = QPushButton("Start", self)
        self.start_button.setToolTip(f"Start {entry.name}")
        self.start_button.setAccessibleName(f"Start {entry.name}")  # not eleven "Start"s
        self.start_button.setAccessibleDescription(
            f"{entry.kind.capitalize()}, {entry.position}, {entry.length}. {entry.summary}"
        )
        self.start_button.clicked.connect(self._start)
        self.start_button.installEventFilter(self)  # its focus rings the card: see eventFilter

        top = QHBoxLayout()
        top.addWidget(name, 1)
        if entry.desk_friendly:
            badge = QLabel("Desk-friendly", self)
            badge.setObjectName("badge")
            badge.setToolTip("Done in a chair: fits a break at the desk")
            pinned = QVBoxLayout()  # at the top when the name takes two lines
            pinned.addWidget(badge)
            pinned.addStretch(1)
            top.addLayout(pinned)
        bottom = QHBoxLayout()
        bottom.addWidget(meta, 1)
        bottom.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addLayout(top)
        layout.addWidget(summary, 1)
        layout.addLayout(bottom)

    def _start(self) -> None:
        self.start_requested.emit(self.entry.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tab stops at the Start button, whose own focus frame is faint from across the
        room: the card takes the ring it has when focused itself (``focus_within``)."""
        if watched is self.start_button and event.type() in (
            QEvent.Type.FocusIn,
            QEvent.Type.FocusOut,
        ):
            self.setProperty("focus_within", event.type() == QEvent.Type.FocusIn)
            self.style().unpolish(self)  # a style sheet reads a property at polish
            self.style().polish(self)
        return super().eventFilter(watched, event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._start()

    def enterEvent(self, event: QEnterEvent) -> None:
        if not self.testAttribute(Qt.WidgetAttribute.WA_SetCursor):
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().enterEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._start()
        else:
            super().keyPressEvent(event)


def page_style(points: float) -> str:
    """The page's style sheet; ``points``: the size of the normal text."""
    return f"""
QLabel#heading {{ font-size: {points * 1.6:.1f}pt; font-weight: 600; }}
QLabel#section {{ font-size: {points * 1.15:.1f}pt; font-weight: 600; }}
QFrame#card {{ border: 1px solid palette(mid); border-radius: 10px; background: palette(base); }}
QFrame#card:focus, QFrame#card[focus_within="true"] {{ border: 2px solid {ACCENT_NAME}; }}
QLabel#name {{ font-size: {points * 1.2:.1f}pt; font-weight: 600; }}
QLabel#badge {{ background: {ACCENT_NAME}; color: white; border-radius: 8px; padding: 2px 8px;
                font-weight: 600; }}
"""


class LibraryPage(QWidget):
    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by name, position (floor, seated) or desk")
        self.filter.setToolTip("Type to filter the exercises and routines (Ctrl+F; Esc clears)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter")  # a placeholder is no name
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)  # Enter and Down: see eventFilter
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)

        heading = QLabel("What would you like to do?", self)
        heading.setObjectName("heading")

        self.empty = QLabel("Nothing matches the filter. Esc clears it.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        self._content = QWidget()
        self._grid = QVBoxLayout(self._content)
        self._grid.setContentsMargins(0, 0, 8, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._content)
        # not a Tab stop: focus there had no name and nothing on screen showed it
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.header = QHBoxLayout()  # the heading, and beside it when the next break comes
        self.header.addWidget(heading, 1)
        layout.addLayout(self.header)
        layout.addWidget(self.filter)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        self.setStyleSheet(page_style(self.fontInfo().pointSizeF()))
        self.entries: tuple[Entry, ...] = ()  # what the cards show, in set_entries' order
        self.cards: list[Card] = []
        self._sections: list[tuple[QLabel, QGridLayout, list[Card]]] = []
        self._columns = 0

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()
        self.cards, self._sections = [], []
        for kind, title in (("routine", "Routines"), ("exercise", "Exercises")):
            label = QLabel(title, self._content)
            label.setObjectName("section")
            holder = QWidget(self._content)
            grid = QGridLayout(holder)
            grid.setContentsMargins(0, 4, 0, 12)
            grid.setSpacing(12)
            cards = [Card(e, holder) for e in entries if e.kind == kind]
            for card in cards:
                card.start_requested.connect(self.start_requested)
            self.cards += cards
            self._sections.append((label, grid, cards))
            self._grid.addWidget(label)
            self._grid.addWidget(holder)
        self._grid.addStretch(1)
        # new cards (new lengths after Settings) keep the columns the width gives
        self._columns = columns_for(self.width()) if self.isVisible() else 0
        self._apply_filter(self.filter.text())

    def visible_cards(self) -> list[Card]:
        return [c for c in self.cards if not c.isHidden()]

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        columns = columns_for(self.width())
        if columns != self._columns:
            self._columns = columns
            self._layout_cards()

    def _layout_cards(self) -> None:
        columns = max(1, self._columns or 2)
        for label, grid, cards in self._sections:
            shown = [c for c in cards if not c.isHidden()]
            for card in cards:
                grid.removeWidget(card)
            for index, card in enumerate(shown):
                grid.addWidget(card, index // columns, index % columns)
            for column in range(3):
                grid.setColumnStretch(column, 1 if column < columns else 0)
            label.setVisible(bool(shown))

    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for card in self.cards:
            card.setHidden(not card.entry.matches(words))
        self._layout_cards()
        self.empty.setVisible(bool(self.cards) and not self.visible_cards())

    def focus_filter(self) -> None:
        """Back in the library: typing filters again (over what was typed before)."""
        self.filter.setFocus()
        self.filter.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the filter starts the card meant (see chosen), else moves to the cards;
        # Down moves to the cards; Esc clears what was typed.
        if watched is self.filter and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return False
            shown = self.visible_cards()
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shown:
                card = self.chosen(shown)
                if card is not None:
                    self.start_requested.emit(card.entry.id)
                else:
                    shown[0].setFocus()
                return True
            if key == Qt.Key.Key_Down and shown:
                shown[0].setFocus()
                return True
            if key == Qt.Key.Key_Escape and self.filter.text():
                self.filter.clear()
                return True
        return super().eventFilter(watched, event)

    def chosen(self, shown: Sequence[Card]) -> Card | None:
        """The card Enter starts: the only one shown, or the one named as typed."""
        if len(shown) == 1:
            return shown[0]
        typed = " ".join(self.filter.text().lower().split())
        return next((c for c in shown if c.entry.name.lower() == typed), None)


def columns_for(width: int) -> int:
    """Cards side by side on a page ``width`` pixels wide (and never by their text)."""
    return 3 if width >= 1050 else 2 if width >= 620 else 1
