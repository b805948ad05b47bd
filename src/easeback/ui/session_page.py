"""The session page: picture, steps, countdown ring, set and side, what comes next, progress,
and the exercise's cautions in a band across the page, in view at any size.

Every spoken cue is also shown, as a caption, at the moment it is due, whether the voice
is on, muted or failed: the caption is read from the plan at the session's time, not
from the speaker (``session_text.caption_at``). Text scales with the page
(``text_pixels``).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from easeback.core.catalogue import Catalogue, Step
from easeback.core.plan import Phase, Plan
from easeback.core.session import Snapshot
from easeback.core.time import format_clock, format_spent
from easeback.ui.controls import ControlBar, SessionActions
from easeback.ui.illustration import IllustrationView
from easeback.ui.listening import ListeningMark
from easeback.ui.ring import CountdownRing
from easeback.ui.session_text import (
    caption_at,
    done_progress,
    next_text,
    outcome,
    phase_label,
    progress_text,
    ring_detail,
    shown_steps,
    whole_run,
)
from easeback.ui.steps import StepList

#: The page height (pixels) from which the tips have room beside the ring; on a shorter
#: page (a 640x480 window) the ring would be too small to read its label.
TIPS_FROM = 500


def text_pixels(size: QSize) -> int:
    """Body text size for a page of ``size``: about 21 px on a full-HD screen (readable
    from two metres), never under 12 px."""
    return max(12, min(32, round(min(size.width() / 84, size.height() / 46))))


class ProgressLine(QWidget):
    """The session's progress with the time left: flat fills and one line of text, so a
    repaint each second costs little. It paints its own background (opaque, as the
    ring is), so nothing under it is painted again."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fraction = 0.0
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Progress of the whole session")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def text(self) -> str:
        return self._text

    @property
    def fraction(self) -> float:
        return self._fraction

    def set_progress(self, fraction: float, text: str) -> None:
        """Repaint only what moved: the text, and the end of the bar if it grew a pixel."""
        fraction = max(0.0, min(1.0, fraction))
        old_end, new_end = self._bar_end(self._fraction), self._bar_end(fraction)
        self._fraction = fraction
        if text != self._text:
            area = self._text_area(self._text).united(self._text_area(text))
            self._text = text
            self.setAccessibleDescription(text)
            self.update(area)
        if new_end != old_end:
            bar = self._bar()
            self.update(
                QRect(min(old_end, new_end), bar.top(), abs(new_end - old_end), bar.height())
            )

    def _bar(self) -> QRect:
        height = max(4, self.height() // 4)
        return QRect(0, self.height() - height, self.width(), height)

    def _bar_end(self, fraction: float) -> int:
        return round(fraction * self.width())

    def _text_area(self, text: str) -> QRect:
        box = QRect(0, 0, self.width(), self.height() - self._bar().height())
        drawn = self.fontMetrics().boundingRect(box, int(Qt.AlignmentFlag.AlignCenter), text)
        return drawn.adjusted(-2, -2, 2, 2)

    def sizeHint(self) -> QSize:
        return QSize(200, max(22, self.fontMetrics().height() + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.window())
        track = QColor(palette.color(QPalette.ColorRole.Mid))
        track.setAlpha(90)
        bar = self._bar()
        painter.fillRect(bar, track)
        done = QRect(bar)
        done.setWidth(self._bar_end(self._fraction))
        painter.fillRect(done, palette.color(QPalette.ColorRole.Highlight))
        # most seconds only the bar's end moves: then the text is not even measured
        if not bar.contains(event.rect()) and event.rect().intersects(self._text_area(self._text)):
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            text_rect = QRect(0, 0, self.width(), self.height() - bar.height())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, self._text)
        painter.end()


class SessionPage(QWidget):
    library_requested = Signal()
    again_requested = Signal()
    too_hard = Signal()  # the done page's "Too hard": the person asks for an easier plan

    def __init__(
        self, catalogue: Catalogue, actions: SessionActions, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.catalogue = catalogue
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)

        self.picture = IllustrationView(self)
        self.steps = StepList(self)

        self.ring = CountdownRing(self)
        self.caption = QLabel(self)
        self.caption.setObjectName("caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        # A label's text is its accessible name: a name set here would hide the cue from
        # a screen reader. What the text is goes in the description.
        self.caption.setAccessibleDescription("What the voice says")
        self._style_caption()
        self.next = QLabel(self)
        self.next.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next.setWordWrap(True)
        self.notes = QLabel()  # the tips
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tips = QScrollArea(self)
        self.tips.setWidget(self.notes)
        self.tips.setWidgetResizable(True)
        self.tips.setFrameShape(QFrame.Shape.NoFrame)
        self.tips.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # not a Tab stop: focus there had no name and nothing on screen showed it
        self.tips.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.notes.setAutoFillBackground(False)
        # The cautions are safety text, read from the floor where nobody scrolls: not in
        # the tips' scroll area but a band across the page, where they take fewest lines.
        self.cautions = QLabel(self)
        self.cautions.setWordWrap(True)
        self.cautions.setTextFormat(Qt.TextFormat.RichText)  # its text is its name

        self.progress = ProgressLine(self)

        self.controls = ControlBar(actions, self)
        self.done_bar = QWidget(self)
        done_layout = QHBoxLayout(self.done_bar)
        done_layout.setContentsMargins(0, 0, 0, 0)
        self.again_button = QPushButton("Do it again", self.done_bar)
        self.again_button.setToolTip("Run the same exercise or routine again from the start")
        self.too_hard_button = QPushButton("Too hard", self.done_bar)
        self.too_hard_button.setToolTip("Make this exercise easier next time")
        self.library_button = QPushButton("Back to the library", self.done_bar)
        self.library_button.setToolTip("Back to the library (Esc)")
        for button in (self.again_button, self.too_hard_button, self.library_button):
            button.setAutoDefault(True)  # Enter presses the focused one, as Space does
        # Esc: while the done page shows (a shortcut acts while its widget is visible)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.library_button, self.library_button.click)
        done_layout.addStretch(1)
        done_layout.addWidget(self.again_button)
        done_layout.addWidget(self.too_hard_button)
        done_layout.addWidget(self.library_button)
        done_layout.addStretch(1)
        self.done_bar.hide()
        self.again_button.clicked.connect(self.again_requested)
        self.library_button.clicked.connect(self.library_requested)
        self.too_hard_button.clicked.connect(self._too_hard)

        left = QVBoxLayout()
        left.addWidget(self.picture, 1)
        left.addWidget(self.steps, 0)
        right = QVBoxLayout()
        right.addWidget(self.ring, 3)
        right.addWidget(self.caption)
        right.addWidget(self.next)
        right.addSpacing(4)
        self.tips_line = QFrame(self)
        self.tips_line.setFrameShape(QFrame.Shape.HLine)
        self.tips_line.setFrameShadow(QFrame.Shadow.Sunken)
        right.addWidget(self.tips_line)
        right.addWidget(self.tips, 2)

        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 6)
        grid.setHorizontalSpacing(20)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.title, 0, 0, 1, 2)
        self.listening_mark = ListeningMark(self)  # shown while spoken commands are heard
        grid.addWidget(self.listening_mark, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.subtitle, 1, 0, 1, 2)
        grid.addLayout(left, 2, 0)
        grid.addLayout(right, 2, 1)
        grid.addWidget(self.cautions, 3, 0, 1, 2)
        grid.addWidget(self.progress, 4, 0, 1, 2)
        grid.addWidget(self.controls, 5, 0, 1, 2)
        grid.addWidget(self.done_bar, 6, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(2, 1)
        self._exercise_id: str | None = None
        self._pictured: tuple[Step | None, str | None] | None = None
        self._shown_key: tuple[object, ...] = ()
        self._detail = ""
        self._pixels = 0
        self._apply_scale(text_pixels(self.size()))

    def _style_caption(self) -> None:
        """A faint band marks the caption as speech, in light and dark palettes alike."""
        ink = self.palette().color(QPalette.ColorRole.WindowText).name()
        self.caption.setStyleSheet(
            f"QLabel#caption {{ color: {ink}; background: rgba(128, 128, 128, 40);"
            " border-radius: 6px; padding: 2px 8px; }"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._style_caption()
        super().changeEvent(event)

    # ------------------------------------------------------------------ scaling
    @property
    def pixels(self) -> int:
        """The body text size now, in pixels."""
        return self._pixels

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._apply_scale(text_pixels(event.size()))
        # on a short page the tips give their room to the ring (the cautions stay)
        roomy = event.size().height() >= TIPS_FROM
        self.tips.setVisible(roomy)
        self.tips_line.setVisible(roomy)
        super().resizeEvent(event)

    def _apply_scale(self, px: int) -> None:
        if px == self._pixels:
            return
        self._pixels = px

        def font(scale: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
            f = QFont(self.font())
            f.setPixelSize(round(px * scale))
            f.setWeight(weight)
            return f

        self.title.setFont(font(1.45, QFont.Weight.DemiBold))
        self.subtitle.setFont(font(0.9))
        self.caption.setFont(font(1.1, QFont.Weight.DemiBold))
        self.next.setFont(font(1.0))
        self.notes.setFont(font(1.0))
        # a line of tips at least: on a small page the room goes to the cautions' band
        self.tips.setMinimumHeight(self.notes.fontMetrics().lineSpacing() + 6)
        self.cautions.setFont(font(1.0))
        self.progress.setFont(font(0.8))
        self.progress.updateGeometry()
        self.steps.set_pixel_size(px)
        self.controls.set_scale(px)
        for button in (self.again_button, self.too_hard_button, self.library_button):
            button.setFont(font(0.9))
        # Two lines kept for the caption and the "Next" line, so a new cue does not move
        # the ring (a resized ring is redrawn whole).
        for label in (self.caption, self.next):
            label.setMinimumHeight(2 * label.fontMetrics().lineSpacing() + 4)
        self.ring.setMinimumSize(px * 6, px * 6)
        self.picture.setMinimumSize(px * 8, px * 5)

    # ------------------------------------------------------------------ showing
    def _too_hard(self) -> None:
        self.too_hard_button.setEnabled(False)  # said once per finished session
        self.too_hard.emit()

    def show_state(self, plan: Plan, snap: Snapshot) -> None:
        phase = snap.phase
        finished = snap.state == "finished"
        whole = whole_run(snap)  # None until the closing words
        # What only a new phase, step or state changes is worked out once for each.
        key = (id(plan), phase.index, snap.step, finished, whole)
        if key != self._shown_key:
            self._shown_key = key
            self._show_phase(plan, phase, snap.step, finished, whole)
        if finished:
            self.ring.set_state(
                # after a whole run a closed ring in the "done" colour; else the bare track
                fraction_left=1.0 if whole else 0.0,
                time=format_spent(snap.spent),
                label=outcome(bool(whole)).upper(),
                detail="time spent",
                kind="done",
                paused=False,
            )
        else:
            self.ring.set_state(
                fraction_left=snap.phase_left / phase.seconds if phase.seconds else 0.0,
                time=format_clock(snap.phase_left),
                label=outcome(whole).upper() if whole is not None else phase_label(phase, snap.rep),
                detail=self._detail,
                kind=phase.kind,
                paused=snap.state == "paused",
            )
        self._set_text(self.caption, caption_at(plan, snap))
        if finished:
            self.progress.set_progress(*done_progress(plan, snap))
        else:
            self.progress.set_progress(
                snap.progress, progress_text(snap.total_left, plan.total_seconds)
            )

    def _show_phase(
        self, plan: Plan, phase: Phase, step: int, finished: bool, whole: bool | None
    ) -> None:
        """``whole``: None before the closing words; then whether the run may be praised
        (a check mark, "Well done"), or is named as History names it, with a picture of
        the exercise and no mark."""
        self._set_text(
            self.title,
            plan.name if plan.kind == "exercise" else f"{plan.name}: {phase.exercise_name}",
        )
        self._set_text(self.subtitle, phase.title if whole is None else outcome(whole))
        steps, current, pictured = shown_steps(self.catalogue, plan, phase, step)
        self.steps.set_steps(steps, current)
        if whole:
            self.picture.set_done()
            self._pictured = None
        elif (pictured, phase.side) != self._pictured:  # finding the file is not free
            self._pictured = (pictured, phase.side)
            self.picture.set_picture(
                pictured.illustration_path() if pictured else None,
                mirrored=phase.side == "right",
                description=pictured.text if pictured else "",
            )
        self._detail = ring_detail(phase)
        self._set_text(self.next, "" if finished else next_text(plan, phase))
        if self.controls.isHidden() != finished:
            self.controls.setVisible(not finished)
            self.done_bar.setVisible(finished)
            self.too_hard_button.setEnabled(True)
        if phase.exercise != self._exercise_id:
            self._exercise_id = phase.exercise
            self._show_notes(phase.exercise)

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        if label.text() != text:  # an unchanged label is not laid out or repainted again
            label.setText(text)

    def _show_notes(self, exercise_id: str) -> None:
        exercise = self.catalogue.exercises.get(exercise_id)
        tips, cautions = (exercise.tips, exercise.cautions) if exercise else ((), ())
        self.notes.setText(
            "<b>Tips</b><ul style='margin-left:-20px'>"
            + "".join(f"<li>{escape(t)}</li>" for t in tips)
            + "</ul>"
            if tips
            else ""
        )
        self.tips.verticalScrollBar().setValue(0)
        self.cautions.setText(
            "<b>Take care:</b> " + " ".join(escape(c) for c in cautions) if cautions else ""
        )
        self.cautions.setVisible(bool(cautions))
