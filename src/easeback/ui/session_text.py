"""What the session page and its neighbours (the compact view, the tray, the window
title, ``easeback status``) say about a session: labels, captions, what comes next and
the time left. Plain text from the plan and the session's snapshot, no widgets.
"""

from __future__ import annotations

import math

from easeback import APP_NAME
from easeback.core.catalogue import Catalogue, Exercise, Movement, Step
from easeback.core.history import STATUS_TEXT
from easeback.core.plan import LABELS, Phase, Plan, closing_as_run
from easeback.core.session import Snapshot
from easeback.core.time import format_clock, format_spent

#: What the closing words are called where a line says what comes next.
THE_END = "the end"


def whole_run(snap: Snapshot) -> bool | None:
    """Whether the session may be praised: at its closing words or once finished, True
    after a whole run (every hold and rep block ran to its end); None before its end."""
    if snap.state == "finished":
        return bool(snap.completed)
    if snap.phase.final:
        return snap.whole is not False
    return None


def outcome(whole: bool) -> str:
    """How a session ended, in a word: praise for a whole run only, else the word the
    History page has for it, so the two pages name one session alike."""
    return "Well done" if whole else STATUS_TEXT["partial"]


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
    """Set and side of a phase that is under way ("Set 2 of 3 · Left leg")."""
    parts = []
    if phase.set and phase.sets and phase.sets > 1:
        parts.append(f"Set {phase.set} of {phase.sets}")
    if phase.side:
        parts.append(phase.side_text().capitalize())
    return " · ".join(parts)


def coming(plan: Plan, phase: Phase) -> str:
    """What a rest leads to, for its label: "set 3 of 3", "set 1 of 3, right leg",
    the next movement or the next exercise."""
    if phase.index + 1 >= len(plan.phases) or plan.phases[phase.index + 1].final:
        return THE_END
    nxt = plan.phases[phase.index + 1]
    if nxt.exercise != phase.exercise:
        return nxt.exercise_name
    if phase.movement_name and nxt.movement_name == phase.movement_name:
        return phase.movement_name  # a rest before a new movement names it
    parts = []
    if nxt.set and nxt.sets and nxt.sets > 1:
        parts.append(f"set {nxt.set} of {nxt.sets}")
    if nxt.side and nxt.side != plan.phases[max(0, phase.index - 1)].side:
        parts.append(nxt.side_text())
    return ", ".join(parts) or (nxt.movement_name or nxt.label.capitalize())


def ring_detail(phase: Phase) -> str:
    """The line under the phase label: set and side. None for a rest: what it leads to is
    in its caption and the "Next" line already, a third time would be noise."""
    return "" if phase.kind == "rest" else phase_detail(phase)


def caption_at(plan: Plan, snap: Snapshot) -> str:
    """The cue said last at the moment ``snap`` shows (the one before, if none yet in this
    phase), or "" before the first; its first letter a capital, as the caption's band is
    read as a sentence ("Lift"), whatever case the voice was handed.

    A session that finished without a whole run gets the page's own line instead: it
    stopped early (after a stop nothing more is said, and the last cue would read as
    the end of it)."""
    if snap.state == "finished" and not snap.completed:
        return f"{plan.name} stopped early."
    text = _said_at(plan, snap)
    return text[:1].upper() + text[1:]


def _said_at(plan: Plan, snap: Snapshot) -> str:
    phase = snap.phase
    for index in range(phase.index, -1, -1):
        cues = plan.phases[index].cues
        if index == phase.index:
            cues = tuple(c for c in cues if c.at <= snap.phase_elapsed + 1e-6)
        if cues:
            # the latest; of two at one moment, the one listed later
            cue = max(enumerate(cues), key=lambda item: (item[1].at, item[0]))[1]
            if phase.final and snap.before_closing is not None:  # as the voice said it
                ran = snap.before_closing
                if snap.state == "finished":  # the ring's figure, the closing words cut short too
                    ran = snap.spent - plan.phases[-1].seconds
                cue = closing_as_run(cue, plan, ran, snap.whole is not False)
            return cue.text
    return ""


def _movement(exercise: Exercise | None, movement_id: str | None) -> Movement | None:
    if exercise is None:
        return None
    return next((m for m in exercise.movements if m.id == movement_id), None)


def _setup_picture(exercise: Exercise, phase: Phase) -> Step | None:
    """The first step with a picture in the exercise's setup (or, without one, the phase's)."""
    return next((s for s in exercise.setup or phase.steps if s.illustration), None)


def shown_steps(
    catalogue: Catalogue, plan: Plan, phase: Phase, step: int
) -> tuple[tuple[Step, ...], int, Step | None]:
    """The steps to list, which one is current (-1: none), and the step whose picture shows.

    An end hold lists its own text and shows the held pose; a rest shows a resting
    picture and lists what comes next, none of it current yet (the closing words: none,
    and the page shows a check mark instead after a whole run only). The picture is the
    phase's own (``Phase.picture``, which the plan takes from the catalogue's
    ``end_hold_illustration`` or ``rest_illustration``), else the exercise's setup
    picture.
    """
    exercise = catalogue.exercises.get(phase.exercise)
    own = phase.picture
    if phase.kind == "end_hold" and exercise is not None:
        movement = _movement(exercise, phase.movement)
        text = own.text if own else (movement.end_hold_text if movement else None)
        if text:
            picture = own or _setup_picture(exercise, phase)
            held = Step(
                id="end-hold",
                text=text,
                illustration=picture.illustration if picture else None,
                base_dir=picture.base_dir if picture else None,
            )
            return (held,), 0, held
    if phase.kind == "rest" and exercise is not None:
        nxt = plan.phases[phase.index + 1] if phase.index + 1 < len(plan.phases) else None
        upcoming = nxt.steps if nxt is not None and nxt.exercise == phase.exercise else ()
        picture = own or _setup_picture(exercise, phase)
        return tuple(upcoming), -1, picture
    current = phase.steps[step] if 0 <= step < len(phase.steps) else None
    return tuple(phase.steps), step, current


def next_text(plan: Plan, phase: Phase) -> str:
    """What comes next ("Next: Hold · Knee hug · 0:05 · Set 1 of 3"). A wrapped line
    breaks after a dot, never before one: the space before each dot does not break."""
    return _next_words(plan, phase).replace(" · ", "\u00a0· ")


def _next_words(plan: Plan, phase: Phase) -> str:
    if phase.index + 1 >= len(plan.phases):
        return ""  # the closing words: nothing comes next
    nxt = plan.phases[phase.index + 1]
    if nxt.final:
        return f"Next: {THE_END}"
    what = f"{nxt.reps} reps" if nxt.kind == "reps" else LABELS[nxt.kind].capitalize()
    if nxt.kind == "prepare" and nxt.exercise != phase.exercise:
        what = nxt.exercise_name
    elif nxt.kind == "prepare" and nxt.movement_name:
        what = nxt.movement_name
    elif nxt.kind in ("hold", "reps") and nxt.movement_name not in (None, nxt.exercise_name):
        what = f"{what} · {nxt.movement_name}"
    if nxt.kind == "rest":  # its set is the one after it: say so, not "Rest · Set 2 of 3"
        return f"Next: {what} · {format_clock(nxt.seconds)}, then {coming(plan, nxt)}"
    detail = phase_detail(nxt)
    return f"Next: {what} · {format_clock(nxt.seconds)}" + (f" · {detail}" if detail else "")


def done_progress(plan: Plan, snap: Snapshot) -> tuple[float, str]:
    """The progress line of a finished session: full, with the time it took, after a
    whole run; else filled as far as its running time went into the plan's length, and
    saying both ("Ran 0:15 of 6:50"), so it does not look done."""
    if snap.completed:
        return 1.0, f"Done: {format_spent(snap.spent)}"
    total = plan.total_seconds
    fraction = min(snap.spent / total, 1.0) if total else 0.0
    return fraction, f"Ran {format_spent(snap.spent)} of {format_clock(total)}"


def progress_text(left: float, total: float) -> str:
    """The session's time left in whole minutes ("Over 4 min left of 6:50"): the ring
    counts the seconds, so this line changes once a minute, not every second."""
    if left <= 0:
        return f"Done: {format_spent(total)}"
    minutes = math.floor((left - 1e-9) / 60)
    if minutes < 1:
        return f"Under a minute left of {format_clock(total)}"
    return f"Over {minutes} min left of {format_clock(total)}"
