"""Progression: after three completed sessions at one level, offer the next step up.

Only where the exercise lets the user choose (``reps`` or ``hold_seconds`` ranges
in the catalogue), never beyond the range's maximum. Steps:

* reps: about a fifth more, at least one (10 -> 12, 5 -> 6, 15 -> 18);
* holds: about a quarter longer, in whole 5 s from 20 s up (60 -> 75 s,
  120 -> 150 s), in whole seconds below (5 -> 6 s).

An exercise with both ranges is offered more reps first, longer holds once the
reps are at their maximum. Accepting stores the new value as the user's choice
for that exercise (``Settings.overrides``); declining remembers the level in
``Settings.declined_progressions`` so the same offer is not made again until the
level changes. Everything here is a pure function of its arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from easeback.core.catalogue import Catalogue, Exercise, Range
from easeback.core.plan import ExerciseOverride, PlanError, effective_exercise
from easeback.core.settings import Settings

Field = Literal["reps", "hold_seconds"]
SESSIONS_PER_LEVEL = 3


class LevelCounts(Protocol):
    """What progression needs from the history (``History`` provides it)."""

    def completed_count(self, exercise_id: str, level: Mapping[str, float]) -> int: ...


@dataclass(frozen=True)
class Offer:
    exercise_id: str
    exercise_name: str
    field: Field
    current: float
    proposed: float
    sessions: int  # completed sessions at the current level
    level: str  # the current level, as remembered when the offer is declined

    @property
    def proposed_amount(self) -> str:
        """The step offered, e.g. "18 reps" or "75 s holds"."""
        return _amount(self.field, self.proposed)

    @property
    def text(self) -> str:
        """The question to ask, e.g. "... Bridge at 15 reps 3 times. Try 18 reps?"."""
        return (
            f"You have completed {self.exercise_name} at {_amount(self.field, self.current)} "
            f"{self.sessions} times. Try {_amount(self.field, self.proposed)}?"
        )


def _amount(field: Field, value: float) -> str:
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
    """``{"reps": 10}`` -> ``"reps=10"``; what ``declined_progressions`` stores."""
    return ",".join(f"{name}={value:g}" for name, value in sorted(level.items()))


def next_step(field: Field, current: float, allowed: Range) -> float | None:
    """The next value up from ``current`` within ``allowed``, or None at the top."""
    if field == "reps":
        proposed: float = min(int(allowed.max), int(current) + max(1, round(current * 0.2)))
    else:
        step = current * 0.25
        step = max(5, round(step / 5) * 5) if current >= 20 else max(1, round(step))
        proposed = min(allowed.max, current + step)
    return proposed if proposed > current else None


def offer(exercise: Exercise, settings: Settings, history: LevelCounts) -> Offer | None:
    """The step up to offer for ``exercise`` now, or None."""
    level = current_level(exercise, settings)
    if not level:
        return None
    key = level_key(level)
    if settings.declined_progressions.get(exercise.id) == key:
        return None
    steps: list[tuple[Field, float, float]] = []
    ranges: tuple[tuple[Field, Range | None], ...] = (
        ("reps", exercise.reps_range),
        ("hold_seconds", exercise.hold_range),
    )
    for field, allowed in ranges:
        if allowed is None or field not in level:
            continue
        proposed = next_step(field, level[field], allowed)
        if proposed is not None:
            steps.append((field, level[field], proposed))
    if not steps:
        return None
    sessions = history.completed_count(exercise.id, level)
    if sessions < SESSIONS_PER_LEVEL:
        return None
    field, current, proposed = steps[0]
    return Offer(exercise.id, exercise.name, field, current, proposed, sessions, key)


def offers_for(
    exercise_ids: Iterable[str], catalogue: Catalogue, settings: Settings, history: LevelCounts
) -> list[Offer]:
    """Offers for every exercise of a finished plan (``plan.exercises``), in plan order."""
    found: list[Offer] = []
    for exercise_id in dict.fromkeys(exercise_ids):
        exercise = catalogue.exercises.get(exercise_id)
        if exercise is not None:
            made = offer(exercise, settings, history)
            if made is not None:
                found.append(made)
    return found


def accept(made: Offer, settings: Settings) -> Settings:
    """Settings with the new value chosen for the exercise (and its old refusal forgotten)."""
    override = settings.overrides.get(made.exercise_id) or ExerciseOverride()
    if made.field == "reps":
        override = replace(override, reps=int(made.proposed))
    else:
        override = replace(override, hold_seconds=float(made.proposed))
    declined = {k: v for k, v in settings.declined_progressions.items() if k != made.exercise_id}
    return replace(
        settings.with_override(made.exercise_id, override), declined_progressions=declined
    )


def decline(made: Offer, settings: Settings) -> Settings:
    """Settings remembering that this step was refused at this level."""
    declined = {**settings.declined_progressions, made.exercise_id: made.level}
    return replace(settings, declined_progressions=declined)
