"""Progression: a step up after three completed sessions at one level; a step down
after a session stopped early or marked too hard.

Only where the exercise lets the user choose (``reps``, ``hold_seconds`` or ``sets``
ranges in the catalogue), never past the range's maximum or below its minimum.

Up, after ``SESSIONS_PER_LEVEL`` completed sessions in a row at the current level
(a session counts only when history marks it ``completed``: every hold and rep
block ran to its end; the run is the latest one, ended by a session at another
level or one marked too hard: see ``History.completed_in_a_row``), and only
after a session that ran at that level (not one run with other numbers from the
command line). Steps:

* reps: about a fifth more, at least one (10 -> 12, 5 -> 6, 15 -> 18);
* holds: about a quarter longer, in whole 5 s from 20 s up (60 -> 75 s,
  120 -> 150 s), in whole seconds below (5 -> 6 s).

An exercise with both ranges is offered more reps first, longer holds once the
reps are at their maximum. A set taken off in a step down is offered back once
reps and holds are at their maximum, up to the catalogue's number of sets, never
past it ("two to three times": back to three, not more); its sessions are counted
at that number of sets. Accepting stores the new value as the user's choice
for that exercise (``Settings.overrides``); declining ("Not now") remembers the
level and how many sessions in a row it was declined after, in
``Settings.declined_progressions`` (``"reps=10@3"``), and the same step is offered
again after another ``SESSIONS_PER_LEVEL`` in a row at that level.

Down (``step_down_offers``), offered after a session stopped before its end (for
the exercise it stopped in, see ``exercises_to_ease``) or marked "too hard" on
the done page (for each of its exercises), from what the session ran at where that
was lower than the saved level (``easeback run ID --reps 5`` was too hard: easier
than 5, not than the saved 10): fewer reps first (about a fifth, at least one:
15 -> 12, 10 -> 8), else shorter holds (about a quarter, in whole 5 s from 20 s
up: 120 -> 90 s), else one set fewer. Declining it changes nothing.

Everything here is a pure function of its arguments.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from easeback.core.catalogue import Catalogue, Exercise, Range
from easeback.core.plan import ExerciseOverride, Plan, PlanError, effective_exercise
from easeback.core.settings import Settings

Field = Literal["reps", "hold_seconds", "sets"]
Direction = Literal["up", "down"]
SESSIONS_PER_LEVEL = 3


class LevelCounts(Protocol):
    """What progression needs from the history (``History`` provides it)."""

    def completed_in_a_row(self, exercise_id: str, level: Mapping[str, float]) -> int:
        """Completed sessions (not partial, stopped or interrupted) in the latest run of
        ``exercise_id`` at ``level`` (its reps and/or hold seconds) not broken by a session
        at another level or one marked too hard."""
        ...


Ran = Mapping[str, Mapping[str, float]]  # what a session ran each exercise at: ``levels_of``


@dataclass(frozen=True)
class Offer:
    exercise_id: str
    exercise_name: str
    field: Field
    current: float
    proposed: float
    sessions: int  # completed sessions in a row at the current level
    level: str  # the current level (``level_key``), as remembered when the offer is declined
    direction: Direction = "up"

    @property
    def proposed_amount(self) -> str:
        """The step offered, e.g. "18 reps" or "75 s holds"."""
        return _amount(self.field, self.proposed)

    @property
    def text(self) -> str:
        """The question to ask, e.g. "... Bridge at 12 reps 3 times in a row. Try 15 reps?"."""
        current, proposed = _amount(self.field, self.current), self.proposed_amount
        if self.direction == "down":
            return f"Do {self.exercise_name} at {proposed} instead of {current}?"
        return (
            f"You have completed {self.exercise_name} at {current} "
            f"{self.sessions} times in a row. Try {proposed}?"
        )


def _amount(field: Field, value: float) -> str:
    if field == "sets":
        return f"{value:g} set{'s' if value != 1 else ''}"
    return f"{value:g} reps" if field == "reps" else f"{value:g} s holds"


def current_level(exercise: Exercise, settings: Settings) -> dict[str, float]:
    """Reps and/or hold seconds the exercise runs at with these settings (first movement's).

    The same values ``history.levels_of`` records for a session.
    """
    try:
        effective = effective_exercise(exercise, settings.overrides.get(exercise.id))
    except PlanError:  # a stored choice the catalogue no longer allows: the default runs
        effective = exercise
    level: dict[str, float] = {}
    for movement in effective.movements:
        if movement.reps is not None:
            level.setdefault("reps", movement.reps)
        if movement.hold_seconds is not None:
            level.setdefault("hold_seconds", movement.hold_seconds)
    return level


def level_key(level: Mapping[str, float]) -> str:
    """``{"reps": 10}`` -> ``"reps=10"``; the level ``declined_progressions`` stores."""
    return ",".join(f"{name}={value:g}" for name, value in sorted(level.items()))


def sessions_needed(exercise_id: str, key: str, settings: Settings) -> int:
    """Completed sessions in a row at level ``key`` that bring its step up: the usual
    ``SESSIONS_PER_LEVEL``, or that many more than when it was declined there
    (``"reps=10@3"``; one stored without the count was declined at the usual number)."""
    declined, _, after = settings.declined_progressions.get(exercise_id, "").partition("@")
    if declined != key:
        return SESSIONS_PER_LEVEL
    return (int(after) if after.isdigit() else SESSIONS_PER_LEVEL) + SESSIONS_PER_LEVEL


def _step(field: Field, current: float) -> float:
    """How far one step moves ``current``: a fifth of the reps, a quarter of a hold, a set."""
    if field == "reps":
        return max(1, round(current * 0.2))
    if field == "sets":
        return 1
    step = current * 0.25
    return max(5, round(step / 5) * 5) if current >= 20 else max(1, round(step))


def next_step(field: Field, current: float, allowed: Range) -> float | None:
    """The next value up from ``current`` within ``allowed``, or None at the top."""
    proposed = min(allowed.max, current + _step(field, current))
    if field != "hold_seconds":
        proposed = int(proposed)
    return proposed if proposed > current else None


def previous_step(field: Field, current: float, allowed: Range) -> float | None:
    """The next value down from ``current`` within ``allowed``, or None at the bottom."""
    proposed = max(allowed.min, current - _step(field, current))
    if field != "hold_seconds":
        proposed = int(proposed)
    return proposed if proposed < current else None


def _saved_level(exercise: Exercise, settings: Settings) -> dict[str, float]:
    """``current_level`` and the number of sets: what ``levels_of`` records for it."""
    return {**current_level(exercise, settings), "sets": _current_sets(exercise, settings)}


def _agrees_with(ran: Mapping[str, float], level: Mapping[str, float]) -> bool:
    """Whether a run's ``ran`` agrees with ``level`` wherever both give a value."""
    return all(math.isclose(ran[k], v) for k, v in level.items() if k in ran)


def offer(
    exercise: Exercise,
    settings: Settings,
    history: LevelCounts,
    ran: Mapping[str, float] | None = None,
) -> Offer | None:
    """The step up to offer for ``exercise`` now, or None; none after a run (``ran``:
    what it ran at) that was not at the saved level: a run with other numbers (from
    the command line) says nothing about the saved one, and was not counted for it."""
    if ran is not None and not _agrees_with(ran, _saved_level(exercise, settings)):
        return None
    level = current_level(exercise, settings)
    if not level:
        return None
    ranges: tuple[tuple[Field, Range | None], ...] = (
        ("reps", exercise.reps_range),
        ("hold_seconds", exercise.hold_range),
    )
    step = _first_step(level, ranges, next_step)
    if step is None:
        step = _set_back(exercise, settings)
        if step is None:
            return None
        level = {**level, "sets": step[1]}  # counted at the sets it runs at now
    key = level_key(level)
    sessions = history.completed_in_a_row(exercise.id, level)
    if sessions < sessions_needed(exercise.id, key, settings):
        return None
    field, current, proposed = step
    return Offer(exercise.id, exercise.name, field, current, proposed, sessions, key)


def _set_back(exercise: Exercise, settings: Settings) -> tuple[Field, float, float] | None:
    """A set that a step down took off, back: (field, sets now, sets after), or None
    at the catalogue's number of sets."""
    if exercise.sets_range is None:
        return None
    sets = _current_sets(exercise, settings)
    allowed = Range(exercise.sets_range.min, min(exercise.sets, exercise.sets_range.max))
    proposed = next_step("sets", sets, allowed)
    return None if proposed is None else ("sets", sets, proposed)


def _first_step(
    level: Mapping[str, float],
    ranges: Iterable[tuple[Field, Range | None]],
    stepper: Callable[[Field, float, Range], float | None],
) -> tuple[Field, float, float] | None:
    """The first field of ``ranges`` that ``stepper`` can move within its range:
    (field, its value now, its value after the step)."""
    for field, allowed in ranges:
        if allowed is not None and field in level:
            proposed = stepper(field, level[field], allowed)
            if proposed is not None:
                return field, level[field], proposed
    return None


def _current_sets(exercise: Exercise, settings: Settings) -> int:
    override = settings.overrides.get(exercise.id)
    try:
        return effective_exercise(exercise, override).sets
    except PlanError:
        return exercise.sets


def step_down(
    exercise: Exercise, settings: Settings, ran: Mapping[str, float] | None = None
) -> Offer | None:
    """The easier level to offer for ``exercise``, or None when it is already the easiest.

    One step below the saved level or, where it is lower, below what the session ran
    at (``ran``): what was too hard is the level to go below, and never higher than
    the level saved."""
    level = _saved_level(exercise, settings)
    if ran is not None:
        level = {k: min(v, ran.get(k, v)) for k, v in level.items()}
    ranges: tuple[tuple[Field, Range | None], ...] = (
        ("reps", exercise.reps_range),
        ("hold_seconds", exercise.hold_range),
        ("sets", exercise.sets_range),
    )
    step = _first_step(level, ranges, previous_step)
    if step is None:
        return None
    field, current, proposed = step
    key = level_key({k: v for k, v in level.items() if k != "sets"})
    return Offer(exercise.id, exercise.name, field, current, proposed, 0, key, "down")


def step_down_offers(
    exercise_ids: Iterable[str], ran: Ran, catalogue: Catalogue, settings: Settings
) -> list[Offer]:
    """Step-down offers for these exercises (see ``exercises_to_ease``), in order, from
    what the session ran them at (``ran``: ``levels_of(plan)``)."""
    found: list[Offer] = []
    for exercise_id in dict.fromkeys(exercise_ids):
        exercise = catalogue.exercises.get(exercise_id)
        made = step_down(exercise, settings, ran.get(exercise_id)) if exercise else None
        if made is not None:
            found.append(made)
    return found


def exercises_to_ease(plan: Plan, stopped_at: int | None = None) -> tuple[str, ...]:
    """Which exercises a step down is for: every exercise of a session marked too hard
    (``stopped_at`` None), or the one a session was stopped in (phase index). Stopped
    while getting ready for an exercise, it is the one before; stopped before any
    work at all, or ended at the closing "well done" (skipped through, not stopped),
    none."""
    if stopped_at is None:
        return plan.exercises
    if plan.phases[min(stopped_at, len(plan.phases) - 1)].final:
        return ()
    work = [p for p in plan.phases[: stopped_at + 1] if p.kind in ("hold", "reps", "end_hold")]
    if not work:
        return ()
    here = plan.phases[min(stopped_at, len(plan.phases) - 1)]
    return (here.exercise if here.exercise == work[-1].exercise else work[-1].exercise,)


def offers_for(
    ran: Ran, catalogue: Catalogue, settings: Settings, history: LevelCounts
) -> list[Offer]:
    """Offers for every exercise of a finished plan, in plan order (``ran``: what the plan
    ran each at, ``levels_of(plan)``)."""
    found: list[Offer] = []
    for exercise_id, level in ran.items():
        exercise = catalogue.exercises.get(exercise_id)
        if exercise is not None:
            made = offer(exercise, settings, history, level)
            if made is not None:
                found.append(made)
    return found


def accept(made: Offer, settings: Settings) -> Settings:
    """Settings with the new value chosen for the exercise (and its old refusal forgotten)."""
    override = settings.overrides.get(made.exercise_id) or ExerciseOverride()
    if made.field == "reps":
        override = replace(override, reps=int(made.proposed))
    elif made.field == "sets":
        override = replace(override, sets=int(made.proposed))
    else:
        override = replace(override, hold_seconds=float(made.proposed))
    declined = {k: v for k, v in settings.declined_progressions.items() if k != made.exercise_id}
    return replace(
        settings.with_override(made.exercise_id, override), declined_progressions=declined
    )


def decline(made: Offer, settings: Settings) -> Settings:
    """Settings remembering that this step up was refused at this level, and after how
    many sessions in a row (``sessions_needed``: asked again after as many more). A
    refused step down changes nothing: it is asked again only after another hard session."""
    if made.direction == "down":
        return settings
    declined = {**settings.declined_progressions, made.exercise_id: f"{made.level}@{made.sessions}"}
    return replace(settings, declined_progressions=declined)
