"""The History page: last sessions, minutes per day, the streak; delete with undo.

What it shows is what ran (see easeback.core.history): the time spent, and for a
session that is not completed, the holds and reps done. Deleting a session hides
it at once and offers Undo; the deletion is made final (purged) when the undo is
no longer offered: at the next deletion, when the page is left, or at quit.
Writes go through the ``HistoryWriter``; the page never writes itself.

With no sessions there is nothing to chart, list or delete: the page is then
one centred message with a way back to the library. The table is made to fit
the smallest window (640x480): this year's dates go without the year, the names
are whole and the results are cut short (whole in their tooltips), not wrapped.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QHelpEvent,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from easeback.core.history import STREAK_RULE, History, SessionRecord
from easeback.core.time import format_spent
from easeback.ui.history_writer import HistoryWriter
from easeback.ui.theme import accent

DAYS = 30
ROWS = 20
COLUMNS = ("Date", "Started", "Exercise or routine", "Time spent", "Result")
NAME, TIME, RESULT = 2, 3, 4


def minute_ticks(most: float) -> list[int]:
    """The chart's gridlines: whole minutes from 0, up to ``most`` or just past it.

    The step is 1, 2 or 5 times a power of ten, the smallest that needs at most four
    steps: a scale read at a glance, never "2.5 min".
    """
    scale = 1
    while True:
        for nice in (1, 2, 5):
            step = nice * scale
            if most <= 4 * step:
                return [step * n for n in range(max(1, math.ceil(most / step)) + 1)]
        scale *= 10


def day_text(day: date, today: date) -> str:
    """``Tue 01 Dec``, with the year only when it is not this one (the narrow table's width)."""
    return day.strftime("%a %d %b" if day.year == today.year else "%a %d %b %Y")


def streak_text(days: int) -> str:
    if days == 0:
        return "No streak yet: exercise today to start one"
    return f"Streak: {days} day{'s' if days != 1 else ''} in a row"


class DayBars(QWidget):
    """Minutes per day as bars, oldest on the left, today on the right (QPainter)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.days: list[tuple[date, float]] = []
        self.setMinimumHeight(150)
        self.setMouseTracking(True)
        self.setAccessibleName("Minutes of exercise per day, last 30 days")

    def set_days(self, days: Sequence[tuple[date, float]]) -> None:
        self.days = list(days)
        total = sum(m for _, m in self.days)
        active = sum(1 for _, m in self.days if m > 0)
        self.setAccessibleDescription(
            f"{total:.0f} minutes on {active} of the last {len(self.days)} days"
        )
        self.update()

    def _plot(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("000 min") + 8
        return QRectF(left, 8, self.width() - left - 8, self.height() - metrics.height() - 16)

    def _bar_at(self, x: float) -> int | None:
        plot = self._plot()
        if not self.days or not plot.left() <= x < plot.right():
            return None
        return min(len(self.days) - 1, int((x - plot.left()) / (plot.width() / len(self.days))))

    def ticks(self) -> list[int]:
        return minute_ticks(max((m for _, m in self.days), default=0.0))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        plot = self._plot()
        ticks = self.ticks()
        top = ticks[-1]
        metrics = self.fontMetrics()
        painter.setPen(grid)
        for value in ticks:
            y = plot.bottom() - value / top * plot.height()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            label = f"{value} min"
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            painter.setPen(grid)
        if not self.days:
            return
        slot = plot.width() / len(self.days)
        painter.setPen(Qt.PenStyle.NoPen)
        bar = accent()
        for index, (day, minutes) in enumerate(self.days):
            x = plot.left() + index * slot
            if minutes > 0:
                height = max(2.0, min(1.0, minutes / top) * plot.height())
                painter.setBrush(bar)
                painter.drawRoundedRect(
                    QRectF(x + slot * 0.15, plot.bottom() - height, slot * 0.7, height), 2, 2
                )
            last = index == len(self.days) - 1
            # Mondays are labelled, and today; a Monday too close to "Today" would overlap.
            if last or (day.weekday() == 0 and index < len(self.days) - 3):
                painter.setPen(text)
                painter.drawText(
                    QRectF(x - slot, plot.bottom() + 4, slot * 3, metrics.height()),
                    int(Qt.AlignmentFlag.AlignHCenter),
                    "Today" if last else day.strftime("%d %b"),
                )
                painter.setPen(Qt.PenStyle.NoPen)

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            index = self._bar_at(event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                day, minutes = self.days[index]
                QToolTip.showText(
                    event.globalPos(), f"{day.strftime('%a %d %b')}: {minutes:.1f} min", self
                )
            return True
        return super().event(event)  # type: ignore[arg-type]


class HistoryPage(QWidget):
    library_requested = Signal()
    session_deleted = Signal(object)  # one was deleted (Undo still offered): its SessionRecord

    def __init__(
        self, history: History, parent: QWidget | None = None, writer: HistoryWriter | None = None
    ):
        super().__init__(parent)
        self.history = history
        self.writer = writer
        self.records: list[SessionRecord] = []  # as shown in the table, top to bottom
        self.deleted: SessionRecord | None = None  # the one whose undo is offered
        heading = QLabel("History", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        self.streak = QLabel(self)
        streak_font = QFont(self.font())
        streak_font.setPointSizeF(streak_font.pointSizeF() * 1.2)
        streak_font.setWeight(QFont.Weight.DemiBold)
        self.streak.setFont(streak_font)
        self.streak.setToolTip(f"The streak counts {STREAK_RULE}.")
        self.chart_title = QLabel(f"Minutes per day, last {DAYS} days", self)
        self.chart = DayBars(self)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Last sessions")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, not walks its cells
        self.table.setWordWrap(False)  # one line a session: a long text is cut short
        self.table_title = QLabel("Last sessions", self)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # the names whole, unless one is longer than any built-in one (a user's routine);
        # the result takes the room left, cut short if it must
        header.setMaximumSectionSize(32 * self.table.fontMetrics().averageCharWidth())
        header.setSectionResizeMode(RESULT, QHeaderView.ResizeMode.Stretch)

        self.empty = QWidget(self)
        self.empty_message = QLabel("No sessions yet", self.empty)
        message_font = QFont(self.font())
        message_font.setPointSizeF(message_font.pointSizeF() * 1.4)
        message_font.setWeight(QFont.Weight.DemiBold)
        self.empty_message.setFont(message_font)
        empty_hint = QLabel(
            "The sessions you run show here, with the minutes per day and your streak.",
            self.empty,
        )
        empty_hint.setWordWrap(True)
        self.empty_library_button = QPushButton("Go to the library", self.empty)
        self.empty_library_button.setToolTip("Back to the library (Esc, Ctrl+L)")
        self.empty_library_button.clicked.connect(self.library_requested)
        centre = Qt.AlignmentFlag.AlignHCenter
        self.empty_message.setAlignment(centre)
        empty_hint.setAlignment(centre)
        empty_column = QVBoxLayout(self.empty)
        empty_column.addStretch(1)
        empty_column.addWidget(self.empty_message)
        empty_column.addWidget(empty_hint)
        empty_column.addSpacing(8)
        empty_column.addWidget(self.empty_library_button, 0, centre)
        empty_column.addStretch(1)

        self.undo_bar = QFrame(self)
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_text = QLabel(self.undo_bar)
        self.undo_button = QPushButton("Undo", self.undo_bar)
        self.undo_button.setToolTip("Bring the deleted session back (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        undo_row = QHBoxLayout(self.undo_bar)
        undo_row.setContentsMargins(8, 4, 8, 4)
        undo_row.addWidget(self.undo_text, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_bar.hide()

        self.delete_button = QPushButton("Delete session", self)
        self.delete_button.setToolTip("Delete the selected session from the history (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        delete_action = QAction("Delete session", self.table)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(delete_action)
        undo_action = QAction("Undo delete", self)
        undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_action.triggered.connect(self.undo)
        self.addAction(undo_action)
        self.library_button = QPushButton("Back to the library", self)
        self.library_button.setToolTip("Back to the library (Esc, Ctrl+L)")
        self.library_button.clicked.connect(self.library_requested)
        # Esc: while this page shows (a shortcut acts while its widget is visible)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.library_requested.emit)
        for button in (
            self.empty_library_button,
            self.undo_button,
            self.delete_button,
            self.library_button,
        ):
            button.setAutoDefault(True)  # Enter presses the focused one, as Space does
        if writer is not None:
            writer.changed.connect(self._written)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.streak)
        bottom = QHBoxLayout()
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        bottom.addWidget(self.library_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.table_title)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bottom)
        # until the history is read: one that cannot be read is not "No sessions yet"
        self._show_sessions(True)

    def _show_sessions(self, shown: bool) -> None:
        """The chart, the table and their buttons, or else the empty message."""
        for widget in (self.chart_title, self.chart, self.table_title, self.table):
            widget.setVisible(shown)
        self.delete_button.setVisible(shown and self.writer is not None)
        self.library_button.setVisible(shown)  # else the empty message has its own
        self.empty.setVisible(not shown)

    # ------------------------------------------------------------------ delete and undo
    def delete_selected(self) -> None:
        row = self.table.currentRow()
        if self.writer is None or not 0 <= row < len(self.records):
            return
        self.delete(self.records[row])

    def delete(self, record: SessionRecord) -> None:
        """Hide ``record`` now and offer Undo; an earlier deletion becomes final."""
        if self.writer is None:
            return
        self._end_undo()
        self.deleted = record
        self.writer.delete(record.id)
        self.session_deleted.emit(record)
        when = f"{record.local_date.strftime('%a %d %b')} {record.local_time}"
        self.undo_text.setText(f"Deleted {record.name}, {when}.")
        self.undo_bar.show()
        self.refresh()
        self.table.setFocus()

    def undo(self) -> None:
        """Bring the last deleted session back."""
        if self.writer is None or self.deleted is None:
            return
        self.writer.restore(self.deleted.id)
        self.deleted = None
        self.undo_bar.hide()
        self.refresh()

    def _end_undo(self) -> None:
        if self.writer is not None and self.deleted is not None:
            self.deleted = None
            self.undo_bar.hide()
            self.writer.purge()

    def hideEvent(self, event: QHideEvent) -> None:
        self._end_undo()  # leaving the page: the deletion is final
        super().hideEvent(event)

    def _selection_changed(self) -> None:
        self.delete_button.setEnabled(bool(self.table.selectedItems()))

    def _written(self) -> None:
        if self.isVisible():
            self.refresh()

    # ------------------------------------------------------------------ reading
    def refresh(self) -> str | None:
        """Read the history again; returns a problem to tell the user, if any."""
        try:
            records = self.history.recent(ROWS + 1)
            days = self.history.minutes_per_day(DAYS)
            streak = self.history.streak()
        except (sqlite3.Error, OSError) as exc:
            message = f"The exercise history {self.history.path} cannot be read: {exc}"
            self.problem.setText(message)
            self.problem.show()
            return message
        # a deletion on its way to the file is not shown (the figures follow once written)
        hidden = self.deleted.id if self.deleted else None
        records = [r for r in records if r.id != hidden][:ROWS]
        self.records = records
        self.problem.hide()
        self.streak.setText(streak_text(streak))
        self.chart.set_days(days)
        total = sum(minutes for _, minutes in days)
        self.chart_title.setText(f"Minutes per day, last {DAYS} days: {total:.0f} min in all")
        self.table.setRowCount(len(records))
        today = self.history.today()
        for row, record in enumerate(records):
            cells = (
                day_text(record.local_date, today),
                record.local_time,
                record.name,
                format_spent(record.seconds_done),
                record.result,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == TIME:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column in (NAME, RESULT):  # cut short in a narrow window
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setCurrentCell(-1, -1)
        self._show_sessions(bool(records))
        self._selection_changed()
        return self.history.message
