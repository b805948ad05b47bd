"""Progression offers one step up after three completed sessions at a level, never past the max."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from easeback.core.catalogue import Range, load_catalogue
from easeback.core.history import History, HistoryRecorder
from easeback.core.plan import ExerciseOverride, compile_plan
from easeback.core.progression import (
    Offer,
    accept,
    current_level,
    decline,
    next_step,
    offer,
    offers_for,
)
from easeback.core.settings import Settings

CAT = load_catalogue()
GLUTE = CAT.exercises["glute-med-side-lying"]  # reps 10, range 5-15
CROSS = CAT.exercises["seated-leg-cross"]  # hold 120 s, range 60-120


class Counts:
    """A history stand-in: completed sessions per (exercise, level)."""

    def __init__(self, counts=None):
        self.counts = counts or {}
        self.asked = []

    def completed_count(self, exercise_id, level):
        self.asked.append((exercise_id, dict(level)))
        return self.counts.get((exercise_id, tuple(sorted(level.items()))), 0)


def counts(exercise_id, n, **level):
    return Counts({(exercise_id, tuple(sorted(level.items()))): n})


@pytest.mark.parametrize(
    ("field", "current", "allowed", "expected"),
    [
        ("reps", 10, Range(5, 15), 12),
        ("reps", 5, Range(5, 15), 6),
        ("reps", 14, Range(5, 15), 15),
        ("reps", 15, Range(5, 15), None),
        ("reps", 18, Range(5, 20), 20),
        ("hold_seconds", 60, Range(60, 120), 75),
        ("hold_seconds", 120, Range(30, 180), 150),
        ("hold_seconds", 110, Range(60, 120), 120),
        ("hold_seconds", 120, Range(60, 120), None),
        ("hold_seconds", 5, Range(5, 15), 6),
        ("hold_seconds", 10, Range(5, 10), None),
    ],
)
def test_next_step_goes_up_a_little_and_never_past_the_maximum(field, current, allowed, expected):
    assert next_step(field, current, allowed) == expected


def test_no_offer_before_three_completed_sessions_at_the_current_level():
    assert offer(GLUTE, Settings(), counts("glute-med-side-lying", 2, reps=10)) is None


def test_three_completed_sessions_bring_an_offer_of_more_reps():
    history = counts("glute-med-side-lying", 3, reps=10)
    made = offer(GLUTE, Settings(), history)
    assert made == Offer("glute-med-side-lying", GLUTE.name, "reps", 10, 12, 3, "reps=10")
    assert history.asked == [("glute-med-side-lying", {"reps": 10})]
    assert made.text == f"You have completed {GLUTE.name} at 10 reps 3 times. Try 12 reps?"


def test_a_longer_hold_is_offered_from_the_users_own_level():
    settings = Settings().with_override("seated-leg-cross", ExerciseOverride(hold_seconds=60))
    made = offer(CROSS, settings, counts("seated-leg-cross", 4, hold_seconds=60.0))
    assert (made.field, made.current, made.proposed) == ("hold_seconds", 60, 75)
    assert "75 s holds" in made.text


def test_nothing_is_offered_at_the_top_of_the_range():
    # the catalogue default of the seated leg cross is already its longest hold
    assert offer(CROSS, Settings(), counts("seated-leg-cross", 9, hold_seconds=120.0)) is None
    top = Settings().with_override("glute-med-side-lying", ExerciseOverride(reps=15))
    assert offer(GLUTE, top, counts("glute-med-side-lying", 9, reps=15)) is None


def test_accept_stores_the_new_value_and_keeps_the_other_choices():
    settings = Settings().with_override(
        "glute-med-side-lying", ExerciseOverride(first_side="right", sets=2)
    )
    made = offer(GLUTE, settings, counts("glute-med-side-lying", 3, reps=10))
    after = accept(made, settings)
    assert after.overrides["glute-med-side-lying"] == ExerciseOverride(
        reps=12, sets=2, first_side="right"
    )
    plan = compile_plan(CAT, "glute-med-side-lying", after.plan_options())
    assert {p.reps for p in plan.phases if p.kind == "reps"} == {12}
    assert current_level(GLUTE, after) == {"reps": 12}


def test_decline_is_remembered_for_that_level_only():
    history = counts("glute-med-side-lying", 3, reps=10)
    made = offer(GLUTE, Settings(), history)
    refused = decline(made, Settings())
    assert refused.declined_progressions == {"glute-med-side-lying": "reps=10"}
    assert offer(GLUTE, refused, Counts({**history.counts})) is None
    # the person moves to 11 reps by hand: after three sessions there, a new offer comes
    moved = refused.with_override("glute-med-side-lying", ExerciseOverride(reps=11))
    made = offer(GLUTE, moved, counts("glute-med-side-lying", 3, reps=11))
    assert (made.current, made.proposed) == (11, 13)
    # and accepting it clears the old refusal
    assert accept(made, moved).declined_progressions == {}


def test_decisions_survive_saving_the_settings():
    made = offer(GLUTE, Settings(), counts("glute-med-side-lying", 3, reps=10))
    refused = decline(made, Settings())
    loaded, problems = Settings.from_dict(refused.to_dict())
    assert problems == []
    assert loaded.declined_progressions == {"glute-med-side-lying": "reps=10"}
    assert offer(GLUTE, loaded, counts("glute-med-side-lying", 3, reps=10)) is None


def test_a_stored_choice_outside_the_range_falls_back_to_the_default_level():
    broken = Settings().with_override("glute-med-side-lying", ExerciseOverride(reps=99))
    assert current_level(GLUTE, broken) == {"reps": 10}


def test_offers_follow_the_real_history_of_completed_sessions():
    local = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
    history = History(now=lambda: local)
    settings = Settings()

    def session(item_id, completed=True):
        recorder = HistoryRecorder(history)
        recorder.begin(compile_plan(CAT, item_id, settings.plan_options()))
        recorder.end(completed)

    session("glute-med-side-lying")
    session("glute-strength")  # a routine with it inside counts as well
    session("glute-med-side-lying", completed=False)  # a stopped one does not
    assert offers_for(["glute-med-side-lying"], CAT, settings, history) == []
    session("glute-med-side-lying")
    (made,) = offers_for(["glute-med-side-lying"], CAT, settings, history)
    assert (made.proposed, made.sessions) == (12, 3)

    settings = accept(made, settings)
    assert offers_for(["glute-med-side-lying"], CAT, settings, history) == []
    for _ in range(3):
        session("glute-med-side-lying")
    (made,) = offers_for(["glute-med-side-lying"], CAT, settings, history)
    assert (made.current, made.proposed) == (12, 14)
    history.close()


def test_offers_for_a_routine_cover_each_of_its_exercises():
    history = Counts(
        {
            ("bridge", (("reps", 15),)): 3,
            ("glute-med-side-lying", (("reps", 10),)): 3,
            ("side-lying-hip-series", (("reps", 15),)): 3,  # already at its maximum
        }
    )
    ids = CAT.routines["glute-strength"].exercises
    made = offers_for(ids, CAT, Settings(), history)
    assert [(o.exercise_id, o.proposed) for o in made] == [
        ("bridge", 18),
        ("glute-med-side-lying", 12),
    ]


def test_history_counts_levels_the_way_progression_reads_them():
    local = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
    history = History(now=lambda: local)
    settings = Settings().with_override("seated-leg-cross", ExerciseOverride(hold_seconds=90))
    recorder = HistoryRecorder(history)
    recorder.begin(compile_plan(CAT, "floor-stretches", settings.plan_options()))
    recorder.end(True)
    for exercise_id in CAT.routines["floor-stretches"].exercises:
        level = current_level(CAT.exercises[exercise_id], settings)
        assert history.completed_count(exercise_id, level) == 1, exercise_id
    history.close()
