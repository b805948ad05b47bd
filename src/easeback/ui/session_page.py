"""The session page: picture, steps, countdown ring, set and side, what comes next, progress."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from easeback import APP_NAME
from easeback.core.catalogue import Catalogue
from easeback.core.plan import Phase, Plan
from easeback.core.session import Snapshot
from easeback.core.time import format_clock
from easeback.ui.controls import ControlBar, SessionActions
from easeback.ui.illustration import IllustrationView
from easeback.ui.ring import CountdownRing
from easeback.ui.steps import StepList


def phase_label(phase: Phase, rep: int | None) -> str:
    if phase.kind == "reps" and rep is not None:
        return f"REP {rep} / {phase.reps}"
    return phase.label


def window_title(snap: Snapshot | None) -> str:
    """The title a glance at the task bar reads: "4:32 · Hold · Easeback"."""
    if snap is None or snap.state == "idle":
        return APP_NAME
    if snap.state == "finished":
        return f"Done · {APP_NAME}"
    phase = snap.phase
    label = phase_label(phase, snap.rep).replace(" / ", "/").capitalize()
    parts = [format_clock(snap.phase_left), label]
    if phase.side:
        parts.append(phase.side.capitalize())
    if snap.state == "paused":
        parts.insert(0, "Paused")
    return " · ".join([*parts, APP_NAME])


def phase_detail(phase: Phase) -> str:
    parts = []
    if phase.set and phase.sets and phase.sets > 1:
        parts.append(f"Set {phase.set} of {phase.sets}")
    if phase.side:
        parts.append(phase.side_text().capitalize())
    return " · ".join(parts)


def next_text(plan: Plan, phase: Phase) -> str:
    if phase.index + 1 >= len(plan.phases):
        return "Next: the end"
    nxt = plan.phases[phase.index + 1]
    if nxt.final:
        return "Next: finish"
    words = {
        "prepare": "Get ready",
        "hold": "Hold",
        "reps": f"{nxt.reps} reps",
        "end_hold": "End hold",
        "rest": "Rest",
        "switch": "Switch sides",
    }
    what = words[nxt.kind]
    if nxt.kind == "prepare" and nxt.exercise != phase.exercise:
        what = nxt.exercise_name
    elif nxt.kind == "prepare" and nxt.movement_name:
        what = nxt.movement_name
    elif nxt.kind in ("hold", "reps") and nxt.movement_name not in (None, nxt.exercise_name):
        what = f"{what} · {nxt.movement_name}"
    detail = phase_detail(nxt)
    return f"Next: {what} · {format_clock(nxt.seconds)}" + (f" · {detail}" if detail else "")


class SessionPage(QWidget):
    library_requested = Signal()
    again_requested = Signal()

    def __init__(
        self, catalogue: Catalogue, actions: SessionActions, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.catalogue = catalogue
        self.title = QLabel(self)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)

        self.picture = IllustrationView(self)
        self.steps = StepList(self)

        self.ring = CountdownRing(self)
        self.next = QLabel(self)
        self.next.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next.setWordWrap(True)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName("Progress of the whole session")

        self.controls = ControlBar(actions, self)
        self.done_bar = QWidget(self)
        done_layout = QHBoxLayout(self.done_bar)
        done_layout.setContentsMargins(0, 0, 0, 0)
        self.again_button = QPushButton("Do it again", self.done_bar)
        self.library_button = QPushButton("Back to the library", self.done_bar)
        self.library_button.setDefault(True)
        done_layout.addStretch(1)
        done_layout.addWidget(self.again_button)
        done_layout.addWidget(self.library_button)
        done_layout.addStretch(1)
        self.done_bar.hide()
        self.again_button.clicked.connect(self.again_requested)
        self.library_button.clicked.connect(self.library_requested)

        left = QVBoxLayout()
        left.addWidget(self.picture, 5)
        left.addWidget(self.steps, 0)
        right = QVBoxLayout()
        right.addWidget(self.ring, 3)
        right.addWidget(self.next)
        right.addSpacing(6)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        right.addWidget(line)
        right.addSpacing(4)
        right.addWidget(self.notes, 1)

        grid = QGridLayout(self)
        grid.setContentsMargins(18, 14, 18, 10)
        grid.setHorizontalSpacing(24)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.subtitle, 1, 0, 1, 2)
        grid.addLayout(left, 2, 0)
        grid.addLayout(right, 2, 1)
        grid.addWidget(self.progress, 3, 0, 1, 2)
        grid.addWidget(self.controls, 4, 0, 1, 2)
        grid.addWidget(self.done_bar, 5, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(2, 1)
        self._exercise_id: str | None = None

    def show_state(self, plan: Plan, snap: Snapshot) -> None:
        phase = snap.phase
        finished = snap.state == "finished"
        self.title.setText(
            plan.name if plan.kind == "exercise" else f"{plan.name}: {phase.exercise_name}"
        )
        self.subtitle.setText(phase.title)
        steps = phase.steps
        self.steps.set_steps(steps, snap.step)
        step = steps[snap.step] if steps else None
        if finished or phase.final:
            self.picture.set_done()
        else:
            self.picture.set_picture(
                step.illustration_path() if step else None,
                mirrored=phase.side == "right",
                description=step.text if step else "",
            )
        if finished:
            self.ring.set_state(
                fraction_left=1.0,  # a closed ring in the "done" colour
                time=format_clock(snap.elapsed),
                label="WELL DONE",
                detail="time spent",
                kind="done",
                paused=False,
            )
        else:
            self.ring.set_state(
                fraction_left=snap.phase_left / phase.seconds if phase.seconds else 0.0,
                time=format_clock(snap.phase_left),
                label=phase_label(phase, snap.rep),
                detail=phase_detail(phase),
                kind=phase.kind,
                paused=snap.state == "paused",
            )
        self.next.setText("" if finished else next_text(plan, phase))
        self.progress.setValue(round(snap.progress * 1000) if not finished else 1000)
        self.progress.setFormat(
            f"{format_clock(snap.total_left)} left of {format_clock(plan.total_seconds)}"
        )
        self.controls.setVisible(not finished)
        self.done_bar.setVisible(finished)
        if phase.exercise != self._exercise_id:
            self._exercise_id = phase.exercise
            self._show_notes(phase.exercise)

    def _show_notes(self, exercise_id: str) -> None:
        exercise = self.catalogue.exercises.get(exercise_id)
        if exercise is None:
            self.notes.setText("")
            return
        parts = []
        if exercise.tips:
            parts.append(
                "<b>Tips</b><ul style='margin-left:-20px'>"
                + "".join(f"<li>{escape(t)}</li>" for t in exercise.tips)
                + "</ul>"
            )
        if exercise.cautions:
            parts.append(
                "<b>Take care</b><ul style='margin-left:-20px'>"
                + "".join(f"<li>{escape(c)}</li>" for c in exercise.cautions)
                + "</ul>"
            )
        self.notes.setText("".join(parts))
