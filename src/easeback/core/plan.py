"""The plan compiler: an exercise or a routine plus the user's choices -> a ``Plan``.

A ``Plan`` is a flat tuple of ``Phase`` objects laid end to end, each carrying
the cues to say during it. Sets, sides and movements are expanded here so the
session and the window never reason about them.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from easeback.core import defaults
from easeback.core.catalogue import Catalogue, Exercise, Movement, Range, Side, Step, suggest
from easeback.core.cues import (
    DEFAULT_RATE,
    GAP,
    Candidate,
    Cue,
    CueKind,
    Verbosity,
    duration_words,
    estimate_seconds,
    number_words,
    resolve,
)
from easeback.core.time import spent_seconds

PhaseKind = Literal["prepare", "hold", "reps", "end_hold", "rest", "switch"]
PlanKind = Literal["exercise", "routine"]

#: What a phase is called on screen, by kind.
LABELS: dict[str, str] = {
    "prepare": "GET READY",
    "hold": "HOLD",
    "reps": "REPS",
    "end_hold": "END HOLD",
    "rest": "REST",
    "switch": "SWITCH SIDES",
}

MOVEMENT_CHANGE_SECONDS = 4.0  # time to change from one movement to the next with no rest
FINISH_MIN_SECONDS = 4.0
WELL_DONE = "Well done!"  # the closing praise, said only after a whole run
#: After the action line of a transition without a 3-2-1, time to take the position.
MOVE_SECONDS = 1.5
#: Silence between two lines of a transition, so one sentence ends before the next.
LINE_GAP = 0.4
#: A transition this long (before it grows to fit its words) ends with 3-2-1.
COUNT_IN_FROM = 8.0
#: The line every session opens with, once, whatever it holds.
SAFETY_LINE = "Stop at once if anything hurts."
#: Holds this long get one form reminder between their time cues; twice this long, two.
FORM_CUE_FROM = 30.0
#: The most cues a plan may propose. Placing them is what compiling costs: the longest
#: built-in plan proposes about 1,000, a routine of 50 side-lying hip series 27,000
#: (half a second); a routine of 2,000 of them took a minute and more than 1 GB.
MAX_CUES = 50_000


class PlanError(ValueError):
    """The id is unknown or a choice is outside what the exercise allows."""


@dataclass(frozen=True)
class ExerciseOverride:
    """What a user may change about one exercise; None keeps the catalogue's value."""

    reps: int | None = None
    hold_seconds: float | None = None
    sets: int | None = None
    rest_seconds: float | None = None
    first_side: Side | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExerciseOverride:
        side = data.get("first_side")
        return cls(
            reps=_opt_int(data.get("reps")),
            hold_seconds=_opt_float(data.get("hold_seconds")),
            sets=_opt_int(data.get("sets")),
            rest_seconds=_opt_float(data.get("rest_seconds")),
            first_side=side if side in ("left", "right") else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _opt_int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _opt_float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class PlanOptions:
    overrides: Mapping[str, ExerciseOverride] = field(default_factory=dict)
    prepare_seconds: float = defaults.PREPARE_SECONDS.default
    position_change_seconds: float = defaults.POSITION_CHANGE_SECONDS.default
    verbosity: Verbosity = defaults.VERBOSITY
    rate: int = DEFAULT_RATE


def step_starts(steps: Sequence[Step], tempo: float) -> tuple[float, ...]:
    """Seconds into a rep at which each step begins: its own ``seconds``, else even shares."""
    if not steps:
        return ()
    if all(s.seconds is not None for s in steps):
        shares = [s.seconds or 0.0 for s in steps]
    else:
        shares = [tempo / len(steps)] * len(steps)
    return tuple(itertools.accumulate(shares[:-1], initial=0.0))


@dataclass(frozen=True)
class Phase:
    index: int
    start: float
    seconds: float
    kind: PhaseKind
    exercise: str
    exercise_name: str
    title: str
    cues: tuple[Cue, ...] = ()
    movement: str | None = None
    movement_name: str | None = None
    side: Side | None = None
    side_label: str = "leg"
    set: int | None = None
    sets: int | None = None
    reps: int | None = None
    rep_seconds: float | None = None
    steps: tuple[Step, ...] = ()
    final: bool = False
    #: What to do, as said before the clock starts (hold and reps), or the end hold's text.
    action: str = ""
    #: One picture and text for the whole phase (the end hold's held pose, a rest's
    #: resting pose), shown instead of ``steps``; None when the steps tell it.
    picture: Step | None = None
    #: A reps phase whose last rep stays up into the end hold that follows.
    ends_in_hold: bool = False

    @property
    def end(self) -> float:
        return self.start + self.seconds

    @property
    def label(self) -> str:
        if self.final:
            return "WELL DONE"
        return LABELS[self.kind]

    def rep_at(self, elapsed: float) -> int | None:
        """The 1-based rep running ``elapsed`` seconds into this phase (reps phases only)."""
        if self.kind != "reps" or not self.reps or not self.rep_seconds:
            return None
        return min(self.reps, int(max(elapsed, 0.0) // self.rep_seconds) + 1)

    def step_starts(self) -> tuple[float, ...]:
        """Seconds into a rep at which each of ``steps`` begins (even shares unless given)."""
        return step_starts(self.steps, self.rep_seconds or 0.0)

    def step_at(self, elapsed: float) -> int:
        """Which of ``steps`` to show ``elapsed`` seconds in: during reps it follows the tempo."""
        if not self.steps:
            return 0
        if self.kind == "reps" and self.rep_seconds:
            elapsed = max(elapsed, 0.0)
            rep = math.floor(elapsed / self.rep_seconds + 1e-9)
            within = elapsed - rep * self.rep_seconds
            index = max(0, bisect.bisect_right(self.step_starts(), within + 1e-9) - 1)
            if self.ends_in_hold and self.reps and rep >= self.reps - 1:
                # the last rep stays up for the end hold: no setting the leg down
                index = min(index, max(len(self.steps) - 2, 0))
            return index
        if self.kind == "end_hold":
            return max(len(self.steps) - 2, 0)  # the pose before the return step
        if self.kind == "hold":
            return len(self.steps) - 1
        return 0

    def next_picture_change(self, elapsed: float) -> float | None:
        """Seconds into the phase when the shown step next changes (reps only), or None."""
        if self.kind != "reps" or not self.rep_seconds or len(self.steps) < 2:
            return None
        elapsed = max(elapsed, 0.0)
        shown = self.step_at(elapsed)
        rep = math.floor(elapsed / self.rep_seconds + 1e-9)
        for r in (rep, rep + 1):
            for start in self.step_starts():
                moment = r * self.rep_seconds + start
                later = elapsed + 1e-9 < moment < self.seconds
                if later and self.step_at(moment) != shown:
                    return moment
        return None

    def side_text(self) -> str:
        return f"{self.side} {self.side_label}" if self.side else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": round(self.start, 3),
            "seconds": round(self.seconds, 3),
            "kind": self.kind,
            "exercise": self.exercise,
            "movement": self.movement,
            "side": self.side,
            "set": self.set,
            "sets": self.sets,
            "reps": self.reps,
            "rep_seconds": self.rep_seconds,
            "title": self.title,
            "label": self.label,
            "final": self.final,
            "action": self.action,
            "picture": (
                {"text": self.picture.text, "illustration": self.picture.illustration}
                if self.picture
                else None
            ),
            "ends_in_hold": self.ends_in_hold,
            "cues": [c.to_json() for c in self.cues],
        }


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    kind: PlanKind
    phases: tuple[Phase, ...]
    exercises: tuple[str, ...] = ()

    @property
    def total_seconds(self) -> float:
        return self.phases[-1].end if self.phases else 0.0

    def phase_at(self, elapsed: float) -> int:
        """Index of the phase running ``elapsed`` seconds into the plan (clamped)."""
        for phase in self.phases:
            if elapsed < phase.end:
                return phase.index
        return len(self.phases) - 1

    def texts(self) -> list[str]:
        """Every phrase the plan says, once each, in order of first use."""
        return list(dict.fromkeys(c.text for p in self.phases for c in p.cues))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "total_seconds": round(self.total_seconds, 3),
            "exercises": list(self.exercises),
            "phases": [p.to_json() for p in self.phases],
        }


# --------------------------------------------------------------------------- compile


def effective_exercise(ex: Exercise, override: ExerciseOverride | None) -> Exercise:
    """The exercise with the user's choices applied, each checked against its range."""
    if override is None:
        return ex
    movements = ex.movements
    if override.reps is not None:
        _check(ex, "reps", override.reps, ex.reps_range, needs=ex.has_reps)
        movements = tuple(
            replace(m, reps=override.reps) if m.reps is not None else m for m in movements
        )
    if override.hold_seconds is not None:
        _check(ex, "hold seconds", override.hold_seconds, ex.hold_range, needs=ex.has_holds)
        movements = tuple(
            replace(m, hold_seconds=override.hold_seconds) if m.hold_seconds is not None else m
            for m in movements
        )
    sets = ex.sets
    if override.sets is not None:
        _check(ex, "sets", override.sets, ex.sets_range, needs=True)
        sets = override.sets
    rest = ex.rest_between_sets_seconds
    if override.rest_seconds is not None:
        allowed = rest_allowed(ex)
        if not allowed.contains(override.rest_seconds):
            raise PlanError(f"{ex.id}: rest of {override.rest_seconds:g} s is outside {allowed} s")
        rest = override.rest_seconds
    first = override.first_side or ex.first_side
    return replace(
        ex, movements=movements, sets=sets, rest_between_sets_seconds=rest, first_side=first
    )


def rest_allowed(ex: Exercise) -> Range:
    """The rest between sets the user may choose for ``ex``: its page's range, or any
    rest within the app's limit where the page gives none."""
    limit = defaults.REST_SECONDS
    return ex.rest_range or Range(limit.low, limit.high)


def _check(ex: Exercise, what: str, value: float, rng: Any, *, needs: bool) -> None:
    if not needs:
        raise PlanError(f"{ex.id} has no {what} to change")
    if rng is None:
        raise PlanError(f"{ex.id}: {what} cannot be changed for this exercise")
    if not rng.contains(value):
        raise PlanError(f"{ex.id}: {what} = {value:g} is outside the allowed range {rng}")


def compile_plan(catalogue: Catalogue, item_id: str, options: PlanOptions | None = None) -> Plan:
    """Compile the exercise or routine ``item_id``. Raises ``PlanError`` for bad ids or choices."""
    kind, name, exercises, builder = _draft(catalogue, item_id, options or PlanOptions())
    return Plan(item_id, name, kind, builder.build(), tuple(e.id for e in exercises))


def plan_seconds(catalogue: Catalogue, item_id: str, options: PlanOptions | None = None) -> float:
    """``compile_plan(...).total_seconds`` without the cues: quick enough for a list of them."""
    builder = _draft(catalogue, item_id, options or PlanOptions(), speaking=False)[3]
    return sum(d.seconds for d in builder.drafts)


def _draft(
    catalogue: Catalogue, item_id: str, options: PlanOptions, *, speaking: bool = True
) -> tuple[PlanKind, str, Sequence[Exercise], _Builder]:
    kind = catalogue.kind_of(item_id)
    if kind is None:
        close = suggest(item_id, catalogue.ids())
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PlanError(f"no exercise or routine called {item_id!r}{hint}")
    if kind == "exercise":
        exercises: Sequence[Exercise] = (catalogue.exercises[item_id],)
        name = exercises[0].name
    else:
        exercises = catalogue.routine_exercises(item_id)
        name = catalogue.routines[item_id].name
    builder = _Builder(options, speaking)
    previous: Exercise | None = None
    for listed in exercises:
        ex = effective_exercise(listed, options.overrides.get(listed.id))
        # The person starts at the computer, so the first exercise changes position
        # unless it is done in the chair.
        before = previous.posture if previous else "chair"
        if before == ex.posture:
            prepare = options.prepare_seconds
        else:
            prepare = max(options.prepare_seconds, options.position_change_seconds)
        builder.exercise(ex, prepare, in_routine=kind == "routine", first=previous is None)
        previous = ex
        if speaking and sum(len(d.cues) for d in builder.drafts) > MAX_CUES:
            raise PlanError(
                f"{item_id} is too long to coach: it would say more than {MAX_CUES:,} cues; "
                "give it fewer exercises, sets or reps"
            )
    builder.finish(name)
    return kind, name, exercises, builder


@dataclass
class _Draft:
    kind: PhaseKind
    seconds: float
    exercise: Exercise
    title: str
    movement: Movement | None = None
    side: Side | None = None
    set: int | None = None
    sets: int | None = None
    steps: tuple[Step, ...] = ()
    final: bool = False
    action: str = ""
    picture: Step | None = None
    ends_in_hold: bool = False
    # cue proposals relative to the phase start: (at, texts, kind, earliest, latest)
    cues: list[tuple[float, Sequence[str], CueKind, float | None, float | None]] = field(
        default_factory=list
    )

    def say(
        self,
        at: float,
        *texts: str,
        kind: CueKind = "announce",
        earliest: float | None = None,
        latest: float | None = None,
    ) -> None:
        self.cues.append((at, texts, kind, earliest, latest))


def _slow_words(m: Movement, tempo: float) -> list[str]:
    """The steps' spoken words, said at a slow tempo (4 s a rep or more) when every step
    of a rep of several has one ("lift", "squeeze", "down, and rest"); else none."""
    words = [s.say for s in m.steps if s.say]
    slow = tempo >= 4 and len(words) > 1 and len(words) == len(m.steps)
    return words if slow else []


def _movement_draft(
    kind: PhaseKind,
    seconds: float,
    ex: Exercise,
    m: Movement,
    side: Side | None,
    set_no: int,
    title: str,
    action: str,
) -> _Draft:
    """A hold, a rep block or an end hold of ``m``: what the three phases share."""
    return _Draft(
        kind,
        seconds,
        ex,
        title,
        movement=m,
        side=side,
        set=set_no,
        sets=ex.sets,
        steps=m.steps,
        action=action,
    )


_CLOSING: dict[str, str] = {"hold": "And relax. ", "end_hold": "Release. ", "reps": "Good. "}

_Line = tuple[str, CueKind]


def _fill(template: str | None, side: Side | None) -> str:
    """A spoken template with the working side (and the other one) filled in.
    (The catalogue allows sides in templates only where the exercise has sides.)"""
    if not template:
        return ""
    other = "right" if side == "left" else "left"
    return template.format(side=side or "", other=other if side else "")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


class _Builder:
    def __init__(self, options: PlanOptions, speaking: bool = True):
        self.options = options
        self.speaking = speaking  # False: the phases' lengths only (their cues are skipped)
        self.drafts: list[_Draft] = []

    # ----- helpers
    def _closing(self) -> str:
        return _CLOSING.get(self.drafts[-1].kind, "") if self.drafts else ""

    def _estimate(self, text: str) -> float:
        return estimate_seconds(text, self.options.rate)

    def _count(self, draft: _Draft) -> None:
        """3-2-1 in the last three seconds of ``draft``: the one countdown of the plan."""
        for n in (3, 2, 1):
            draft.say(draft.seconds - n, number_words(n).capitalize(), kind="count")

    def _side_words(self, ex: Exercise, side: Side | None) -> str:
        return f"{side} {ex.side_label}" if side else ""

    def _action(self, m: Movement, side: Side | None) -> str:
        """What to do in a block of ``m``, said before its clock starts."""
        if m.action:
            return _sentence(_fill(m.action, side))
        if m.hold_seconds is not None:
            first = next((s.say for s in m.steps if s.say), None)
            return _sentence(first) if first else ""
        return ""

    def _names_side(self, ex: Exercise) -> bool:
        """Whether the spoken lines already say which side, so no "left leg" is added."""
        first = ex.movements[0]
        return "{side}" in ex.side_setup or "{side}" in (first.action or "")

    def _transition(self, draft: _Draft, lines: Sequence[_Line], action: str) -> None:
        """Lay a transition's words out: ``lines`` from its start, one after the other,
        and ``action`` last, ending just before the clock of the next block starts (before
        its 3-2-1, or with time to move). The phase grows until all of it fits."""
        count_in = draft.seconds >= COUNT_IN_FROM
        tail = 3.0 + GAP if count_in else MOVE_SECONDS
        at = 0.0
        placed: list[tuple[float, str, CueKind]] = []
        for text, kind in lines:
            if text:
                placed.append((at, text, kind))
                at += self._estimate(text) + LINE_GAP
        action_seconds = self._estimate(action) + GAP if action else 0.0
        draft.seconds = max(draft.seconds, float(math.ceil(at + action_seconds + tail)))
        if not self.speaking:
            return
        for start, text, kind in placed:
            draft.say(start, text, kind=kind)
        if action:
            latest = draft.seconds - tail - action_seconds
            draft.say(latest, action, kind="action", earliest=at, latest=latest)
        if count_in:
            self._count(draft)

    # ----- phases
    def exercise(self, ex: Exercise, prepare: float, *, in_routine: bool, first: bool) -> None:
        sides: list[Side | None]
        if ex.sides == "none":
            sides = [None]
        else:
            other: Side = "right" if ex.first_side == "left" else "left"
            sides = [ex.first_side, other]
        if ex.sides == "alternate":
            blocks = [(side, s) for s in range(1, ex.sets + 1) for side in sides]
        else:
            blocks = [(side, s) for side in sides for s in range(1, ex.sets + 1)]
        self._prepare(ex, blocks[0][0], prepare, in_routine=in_routine, first=first)
        for i, (side, set_no) in enumerate(blocks):
            if i:
                prev_side, _ = blocks[i - 1]
                self._between_blocks(ex, prev_side, side, set_no)
            self._block(ex, side, set_no)

    def _prepare(
        self, ex: Exercise, side: Side | None, seconds: float, *, in_routine: bool, first: bool
    ) -> None:
        draft = _Draft(
            "prepare",
            seconds,
            ex,
            f"Get ready: {ex.name}",
            side=side,
            steps=ex.setup or ex.movements[0].steps,
        )
        side_words = "" if self._names_side(ex) else self._side_words(ex, side)
        head = f"{self._closing()}{'Next' if in_routine and not first else 'Get ready'}: {ex.name}"
        head += f", {side_words}." if side_words else "."
        lines: list[_Line] = []
        if first:
            lines.append((SAFETY_LINE, "safety"))
        lines.append((head, "announce"))
        lines.append((_sentence(_fill(ex.side_setup, side)), "instruction"))
        if ex.setup:  # the first step, and any later one short enough to have a spoken form
            lines.append((_sentence(ex.setup[0].spoken), "instruction"))
            lines += [(_sentence(step.say), "instruction") for step in ex.setup[1:] if step.say]
        first_move = ex.movements[0]
        hold = first_move.hold_seconds
        if first_move.form_cues and hold is not None and hold < FORM_CUE_FROM:
            # a hold too short for its form reminder: said once, while getting ready
            lines.append((_sentence(first_move.form_cues[0]), "instruction"))
        self._transition(draft, lines, self._action(first_move, side))
        self.drafts.append(draft)

    def _between_blocks(
        self, ex: Exercise, prev: Side | None, side: Side | None, set_no: int
    ) -> None:
        new_set = set_no != (self.drafts[-1].set or 0)
        rest = ex.rest_between_sets_seconds
        if side != prev and not (new_set and rest > 0 and ex.sides == "alternate"):
            self._switch(ex, side, set_no)
        elif rest > 0:
            self._rest(ex, prev, side, set_no)
        else:
            self._next_set(ex, side, set_no)

    def _next_set(self, ex: Exercise, side: Side | None, set_no: int) -> None:
        """No rest between sets: only as long as it takes to say what comes next."""
        nxt = f"set {number_words(set_no)} of {number_words(ex.sets)}"
        draft = _Draft(
            "prepare",
            0.0,
            ex,
            f"Next: {nxt}",
            side=side,
            set=set_no,
            sets=ex.sets,
            steps=ex.movements[0].steps,
        )
        head = f"{self._closing()}Next: {nxt}."
        self._transition(draft, [(head, "announce")], self._action(ex.movements[0], side))
        self.drafts.append(draft)

    def _switch(self, ex: Exercise, side: Side | None, set_no: int) -> None:
        side_words = self._side_words(ex, side)
        draft = _Draft(
            "switch",
            ex.switch_seconds,
            ex,
            f"Switch to the {side_words}",
            side=side,
            set=set_no,
            sets=ex.sets,
            steps=ex.setup or ex.movements[0].steps,
        )
        head = "" if self._names_side(ex) else f"Switch sides: {side_words}. "
        lines: list[_Line] = [
            (f"{self._closing()}{head}{ex.switch_text}".strip(), "announce"),
            (_sentence(_fill(ex.side_setup, side)), "instruction"),
        ]
        self._transition(draft, lines, self._action(ex.movements[0], side))
        self.drafts.append(draft)

    def _rest(self, ex: Exercise, prev: Side | None, side: Side | None, set_no: int) -> None:
        rest = ex.rest_between_sets_seconds
        nxt = f"set {number_words(set_no)} of {number_words(ex.sets)}"
        if side != prev:
            nxt += f", {self._side_words(ex, side)}"
        draft = _Draft(
            "rest",
            rest,
            ex,
            "Rest",
            side=side,
            set=set_no,
            sets=ex.sets,
            steps=ex.movements[0].steps,
            picture=ex.rest_step(),
        )
        lines: list[_Line] = [
            (f"{self._closing()}Rest, {duration_words(rest)}. Next: {nxt}.", "announce")
        ]
        if side != prev:
            lines.append((_sentence(_fill(ex.side_setup, side)), "instruction"))
        action = self._action(ex.movements[0], side)
        self._transition(draft, lines, action or ("Get ready." if rest >= 12 else ""))
        self.drafts.append(draft)

    def _block(self, ex: Exercise, side: Side | None, set_no: int) -> None:
        for mi, movement in enumerate(ex.movements):
            if mi:
                self._movement_change(ex, movement, side, set_no)
            self._movement(ex, movement, side, set_no)

    def _movement_change(
        self, ex: Exercise, movement: Movement, side: Side | None, set_no: int
    ) -> None:
        rest = ex.rest_between_movements_seconds
        kind: PhaseKind = "rest" if rest > 0 else "prepare"
        draft = _Draft(
            kind,
            rest if rest > 0 else MOVEMENT_CHANGE_SECONDS,
            ex,
            f"Next: {movement.name}",
            movement=movement,
            side=side,
            set=set_no,
            sets=ex.sets,
            steps=movement.steps,
            picture=ex.rest_step() if rest > 0 else None,
        )
        action = self._action(movement, side)
        head = f"Rest, {duration_words(rest)}. Next: {movement.name}." if rest > 0 else ""
        if not action:
            head = head or f"Next: {movement.name}."
        self._transition(draft, [(f"{self._closing()}{head}".strip(), "announce")], action)
        self.drafts.append(draft)

    def _movement(self, ex: Exercise, m: Movement, side: Side | None, set_no: int) -> None:
        side_words = self._side_words(ex, side)
        suffix = f", {side_words}" if side_words else ""
        if m.hold_seconds is not None:
            self._hold(ex, m, side, set_no, f"Hold: {m.name}{suffix}")
        else:
            self._reps(ex, m, side, set_no, f"{m.name}: {m.reps or 1} reps{suffix}")
        if m.end_hold_seconds:
            self._end_hold(ex, m, side, set_no, f"End hold{suffix}")

    def _hold(self, ex: Exercise, m: Movement, side: Side | None, set_no: int, title: str) -> None:
        hold = m.hold_seconds or 0.0
        draft = _movement_draft("hold", hold, ex, m, side, set_no, title, self._action(m, side))
        length = duration_words(hold)
        draft.say(0, f"Hold for {length}.", f"Hold {length}.", "Hold.")
        self._time_left(draft, hold)
        self._form_reminders(draft, m)
        if hold >= 4:
            self._count(draft)
        self.drafts.append(draft)

    def _reps(self, ex: Exercise, m: Movement, side: Side | None, set_no: int, title: str) -> None:
        reps = m.reps or 1
        tempo = m.rep_seconds or 1.0
        draft = _movement_draft(
            "reps", reps * tempo, ex, m, side, set_no, title, self._action(m, side)
        )
        draft.ends_in_hold = bool(m.end_hold_seconds)
        if self.speaking:
            self._count_reps(draft, m, reps, tempo)
        self.drafts.append(draft)

    def _count_reps(self, draft: _Draft, m: Movement, reps: int, tempo: float) -> None:
        """The rep number at each rep, "last one" on the last; a slow rep adds its words
        (_slow_words). A last rep before an end hold stays up: it says so instead of
        "down"."""
        words = _slow_words(m, tempo)
        starts = step_starts(m.steps, tempo)
        counts = [
            "Last one" if k == reps - 1 and reps > 1 else number_words(k + 1).capitalize()
            for k in range(reps)
        ]
        opening = words[0] if words and self._room_before(counts, words[0], starts[1]) else ""
        for k, count in enumerate(counts):
            at = k * tempo
            if k == reps - 1 and reps > 1 and m.end_hold_seconds:
                held = f"Last one: {', '.join(words[:-1])}, and hold." if words else ""
                draft.say(at, *[t for t in (held, "Last one, and hold.") if t], kind="rep")
                continue
            draft.say(at, *([f"{count}, {opening}", count] if opening else [count]), kind="rep")
            for word, start in zip(words[1:], starts[1:] if words else (), strict=True):
                draft.say(at + start, word, kind="step")

    def _room_before(self, counts: Sequence[str], word: str, second_step: float) -> bool:
        """Whether every count with the first step's word ("Seventeen, lift") ends before
        the second step's word is due. Every rep of a block says the same words: if the
        longest does not fit, all the reps say the count alone, rather than some of them
        losing a step."""
        longest = max(self._estimate(f"{count}, {word}") for count in counts)
        return longest + GAP <= second_step

    def _end_hold(
        self, ex: Exercise, m: Movement, side: Side | None, set_no: int, title: str
    ) -> None:
        end = m.end_hold_seconds or 0.0
        picture = m.end_hold_step()
        draft = _movement_draft(
            "end_hold", end, ex, m, side, set_no, title, picture.text if picture else ""
        )
        draft.picture = picture if picture and picture.illustration else None
        base = f"Hold it there, {duration_words(end)}."
        own = f"{m.end_hold_text.rstrip('.')}: {duration_words(end)}." if m.end_hold_text else ""
        draft.say(0, *[t for t in (own, base, "Hold.") if t])
        if end >= 4:
            self._count(draft)
        self.drafts.append(draft)

    def _time_left(self, draft: _Draft, hold: float) -> None:
        marks: list[tuple[float, str]] = []
        for left, words in (
            (120, "Two minutes left."),
            (60, "One minute left."),
            (30, "Thirty seconds left."),
            (10, "Ten seconds."),
        ):
            if hold >= left + 8:
                marks.append((hold - left, words))
        if hold >= 40:
            half = hold / 2
            near = [m for m in marks if abs(m[0] - half) < 4]
            if near:
                marks.remove(near[0])
                marks.append((near[0][0], f"Halfway. {near[0][1]}"))
            else:
                marks.append((half, "Halfway."))
        for at, words in marks:
            draft.say(at, words, kind="time")

    def _form_reminders(self, draft: _Draft, m: Movement) -> None:
        """One form reminder in a long hold (two in a hold twice as long), each free to
        move within its stretch of the hold so it never meets a time cue or the count."""
        if not m.form_cues or draft.seconds < FORM_CUE_FROM:
            return
        count = 2 if draft.seconds >= 2 * FORM_CUE_FROM else 1
        for i in range(count):
            lo = draft.seconds * (0.1 + 0.5 * i)
            hi = draft.seconds * (0.45 + 0.4 * i)
            text = _sentence(m.form_cues[i % len(m.form_cues)])
            draft.say((lo + hi) / 2, text, kind="form", earliest=lo, latest=hi)

    def finish(self, name: str) -> None:
        """The closing words, in a phase of their own: well done, and the plan's whole
        length with that phase in it, the figure the done page shows after a whole run.
        The phase is as long as its words, which name its length: a few rounds settle it."""
        before = sum(d.seconds for d in self.drafts)
        seconds = FINISH_MIN_SECONDS
        for _ in range(3):
            spent = duration_words(before + seconds)
            text = f"{self._closing()}{WELL_DONE} {_took(name, spent)}"
            needed = float(max(FINISH_MIN_SECONDS, round(self._estimate(text) + 1.0)))
            if needed <= seconds:
                break
            seconds = needed
        short = f"{self._closing()}{WELL_DONE}"
        last = self.drafts[-1]
        draft = _Draft("rest", seconds, last.exercise, "Well done", final=True)
        draft.say(0, text, short, kind="finish")
        self.drafts.append(draft)

    # ----- assemble
    def build(self) -> tuple[Phase, ...]:
        starts: list[float] = []
        t = 0.0
        for d in self.drafts:
            starts.append(t)
            t += d.seconds
        bounds = [(s, s + d.seconds) for s, d in zip(starts, self.drafts, strict=True)]
        candidates = [
            Candidate(
                starts[i] + at,
                texts,
                kind,
                i,
                None if lo is None else starts[i] + lo,
                None if hi is None else starts[i] + hi,
            )
            for i, d in enumerate(self.drafts)
            for at, texts, kind, lo, hi in d.cues
        ]
        placed = resolve(candidates, self.options.rate, self.options.verbosity, bounds)
        per_phase: dict[int, list[Cue]] = {}
        for c in placed:
            assert c.placed_at is not None
            assert c.placed_text is not None
            at = round(c.placed_at - starts[c.phase], 3)
            per_phase.setdefault(c.phase, []).append(Cue(at, c.placed_text, c.kind))
        return tuple(
            self._phase(i, starts[i], d, per_phase.get(i, ())) for i, d in enumerate(self.drafts)
        )

    @staticmethod
    def _phase(index: int, start: float, d: _Draft, cues: Sequence[Cue]) -> Phase:
        reps = d.kind == "reps" and d.movement is not None
        return Phase(
            index=index,
            start=start,
            seconds=d.seconds,
            kind=d.kind,
            exercise=d.exercise.id,
            exercise_name=d.exercise.name,
            title=d.title,
            cues=tuple(cues),
            movement=d.movement.id if d.movement else None,
            movement_name=d.movement.name if d.movement else None,
            side=d.side,
            side_label=d.exercise.side_label,
            set=d.set,
            sets=d.sets,
            reps=d.movement.reps if reps and d.movement else None,
            rep_seconds=d.movement.rep_seconds if reps and d.movement else None,
            steps=d.steps,
            final=d.final,
            action=d.action,
            picture=d.picture,
            ends_in_hold=d.ends_in_hold,
        )


def _took(name: str, spent: str) -> str:
    """The closing line's time: "Desk break took four minutes thirty-one seconds." ("took"
    fits a name in the plural too: "Gentle floor stretches took...")."""
    return f"{name} took {spent}."


def closing_as_run(cue: Cue, plan: Plan, ran: float, whole: bool = True) -> Cue:
    """The closing line as the session ran: the time it ran (``ran`` seconds before the
    closing words, and the closing phase itself) in place of the plan's length, and no
    "Well done!" unless ``whole`` (every hold and rep block ran to its end). A session
    skipped through or cut short is not told it did the whole plan. Other cues are
    returned as they are."""
    if cue.kind != "finish":
        return cue
    text = cue.text
    planned = _took(plan.name, duration_words(plan.total_seconds))
    said = _took(plan.name, duration_words(spent_seconds(ran + plan.phases[-1].seconds)))
    text = text.replace(planned, said)
    if not whole:  # the done page says Partial; the voice does not praise either
        text = text.replace(f"{WELL_DONE} ", "").replace(WELL_DONE, "Finished.")
        text = text.removeprefix(_CLOSING["reps"])  # "Good." after the last reps
    return cue if text == cue.text else replace(cue, text=text)
