"""Progression offers one step up after three completed sessions at a level, never past the max."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from easeback.core.catalogue import Range, load_catalogue
from easeback.core.history import History, HistoryRecorder, levels_of
from easeback.core.plan import ExerciseOverride, compile_plan
from easeback.core.progression import (
    Offer,
    accept,
    current_level,
    decline,
    exercises_to_ease,
    next_step,
    offer,
    offers_for,
    previous_step,
    step_down,
    step_down_offers,
)
from easeback.core.settings import Settings

CAT = load_catalogue()
GLUTE = CAT.exercises["glute-med-side-lying"]  # reps 10, range 5-15
CROSS = CAT.exercises["seated-leg-cross"]  # hold 120 s, range 60-120


class Counts:
    """A history stand-in: completed sessions in a row per (exercise, level)."""

    def __init__(self, counts=None):
        self.counts = counts or {}
        self.asked = []

    def completed_in_a_row(self, exercise_id, level):
        self.asked.append((exercise_id, dict(level)))
        return self.counts.get((exercise_id, tuple(sorted(level.items()))), 0)


def counts(exercise_id, n, **level):
    return Counts({(exercise_id, tuple(sorted(level.items()))): n})


def record(history, item_id, settings, *, completed=True, too_hard=False):
    """A session of ``item_id`` at ``settings`` written to ``history`` as the window does:
    ended (``completed`` or not), then marked "Too hard" if ``too_hard``."""
    recorder = HistoryRecorder(history)
    recorder.begin(compile_plan(CAT, item_id, settings.plan_options()))
    recorder.end(completed)
    if too_hard:
        history.mark_too_hard(recorder.row)


def ran(item_id, settings=None):
    """What ``item_id`` runs each of its exercises at with ``settings``: ``levels_of``."""
    return levels_of(compile_plan(CAT, item_id, (settings or Settings()).plan_options()))


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
    assert made.text == f"You have completed {GLUTE.name} at 10 reps 3 times in a row. Try 12 reps?"


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
        "glute-med-side-lying", ExerciseOverride(first_side="right", rest_seconds=45)
    )
    made = offer(GLUTE, settings, counts("glute-med-side-lying", 3, reps=10))
    after = accept(made, settings)
    assert after.overrides["glute-med-side-lying"] == ExerciseOverride(
        reps=12, rest_seconds=45, first_side="right"
    )
    plan = compile_plan(CAT, "glute-med-side-lying", after.plan_options())
    assert {p.reps for p in plan.phases if p.kind == "reps"} == {12}
    assert current_level(GLUTE, after) == {"reps": 12}


def test_decline_is_remembered_for_that_level_only():
    history = counts("glute-med-side-lying", 3, reps=10)
    made = offer(GLUTE, Settings(), history)
    refused = decline(made, Settings())
    assert refused.declined_progressions == {"glute-med-side-lying": "reps=10@3"}
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
    assert loaded.declined_progressions == {"glute-med-side-lying": "reps=10@3"}
    assert offer(GLUTE, loaded, counts("glute-med-side-lying", 3, reps=10)) is None


def test_a_stored_choice_outside_the_range_falls_back_to_the_default_level():
    broken = Settings().with_override("glute-med-side-lying", ExerciseOverride(reps=99))
    assert current_level(GLUTE, broken) == {"reps": 10}


def test_offers_follow_the_real_history_of_completed_sessions():
    local = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
    history = History(now=lambda: local)
    settings = Settings()

    record(history, "glute-med-side-lying", settings)
    record(history, "glute-strength", settings)  # a routine with it inside counts as well
    record(history, "glute-med-side-lying", settings, completed=False)  # a stopped one does not
    assert offers_for(ran("glute-med-side-lying", settings), CAT, settings, history) == []
    record(history, "glute-med-side-lying", settings)
    (made,) = offers_for(ran("glute-med-side-lying", settings), CAT, settings, history)
    assert (made.proposed, made.sessions) == (12, 3)

    settings = accept(made, settings)
    assert offers_for(ran("glute-med-side-lying", settings), CAT, settings, history) == []
    for _ in range(3):
        record(history, "glute-med-side-lying", settings)
    (made,) = offers_for(ran("glute-med-side-lying", settings), CAT, settings, history)
    assert (made.current, made.proposed) == (12, 14)
    history.close()


def test_offers_for_a_routine_cover_each_of_its_exercises():
    history = Counts(
        {
            ("bridge", (("reps", 15),)): 3,  # its page gives one figure: nothing to offer
            ("glute-med-side-lying", (("reps", 10),)): 3,
            ("side-lying-hip-series", (("reps", 12),)): 3,
        }
    )
    settings = Settings().with_override("side-lying-hip-series", ExerciseOverride(reps=12))
    made = offers_for(ran("glute-strength", settings), CAT, settings, history)
    assert [(o.exercise_id, o.proposed) for o in made] == [
        ("glute-med-side-lying", 12),
        ("side-lying-hip-series", 14),
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
        assert history.completed_in_a_row(exercise_id, level) == 1, exercise_id
    history.close()


@pytest.mark.parametrize("exercise_id", sorted(CAT.exercises))
def test_no_step_up_ever_goes_past_the_sources(exercise_id):
    """Walk every offer up from the catalogue default: the top stays inside the pages."""
    ex = CAT.exercises[exercise_id]
    settings = Settings()
    always = Counts()
    always.completed_in_a_row = lambda exercise_id, level: 99  # type: ignore[method-assign]
    for _ in range(20):
        made = offer(ex, settings, always)
        if made is None:
            break
        settings = accept(made, settings)
    top = current_level(ex, settings)
    assert top.get("reps", 0) <= 15
    assert top.get("hold_seconds", 0) <= 120
    if exercise_id == "knee-to-chest":
        assert top == {"hold_seconds": 5}
    if exercise_id == "lower-back-rotation":
        assert top == {"hold_seconds": 10}


@pytest.mark.parametrize(
    ("field", "current", "allowed", "expected"),
    [
        ("reps", 15, Range(5, 15), 12),
        ("reps", 10, Range(5, 15), 8),
        ("reps", 6, Range(5, 15), 5),
        ("reps", 5, Range(5, 15), None),
        ("hold_seconds", 120, Range(60, 120), 90),
        ("hold_seconds", 75, Range(60, 120), 60),
        ("hold_seconds", 60, Range(60, 120), None),
        ("hold_seconds", 10, Range(5, 10), 8),
        ("sets", 3, Range(1, 3), 2),
        ("sets", 2, Range(2, 3), None),
    ],
)
def test_previous_step_goes_down_a_little_and_never_below_the_minimum(
    field, current, allowed, expected
):
    assert previous_step(field, current, allowed) == expected


def test_a_step_down_offers_fewer_reps_then_shorter_holds_then_fewer_sets():
    series = CAT.exercises["side-lying-hip-series"]
    made = step_down(series, Settings())
    assert (made.field, made.current, made.proposed, made.direction) == ("reps", 15, 12, "down")
    assert made.text == "Do Side-lying hip series at 12 reps instead of 15 reps?"
    assert made.proposed_amount == "12 reps"
    # 5 reps and 3 sets, the page's one figure for sets: nothing easier
    assert step_down(series, Settings().with_override(series.id, ExerciseOverride(reps=5))) is None
    assert step_down(CAT.exercises["bridge"], Settings()) is None  # 3 sets of 15, one figure
    rotation = CAT.exercises["lower-back-rotation"]
    shortest = Settings().with_override(rotation.id, ExerciseOverride(hold_seconds=5))
    fewer_sets = step_down(rotation, shortest)
    assert (fewer_sets.field, fewer_sets.current, fewer_sets.proposed) == ("sets", 3, 2)
    leg_cross = step_down(CROSS, Settings())
    assert (leg_cross.field, leg_cross.proposed) == ("hold_seconds", 90)
    # the knee hug: 5 s is not a choice, 2 sets is its floor
    knee = CAT.exercises["knee-to-chest"]
    easiest = Settings().with_override("knee-to-chest", ExerciseOverride(sets=2))
    assert step_down(knee, easiest) is None
    assert step_down(knee, Settings()).field == "sets"


def test_accepting_a_step_down_runs_the_easier_plan_and_declining_changes_nothing():
    made = step_down(GLUTE, Settings())
    after = accept(made, Settings())
    plan = compile_plan(CAT, "glute-med-side-lying", after.plan_options())
    assert {p.reps for p in plan.phases if p.kind == "reps"} == {8}
    assert decline(made, Settings()) == Settings()
    # a refused step down does not block a later step up at that level
    assert offer(GLUTE, decline(made, Settings()), counts("glute-med-side-lying", 3, reps=10))


def test_the_step_down_is_for_the_exercise_a_session_stopped_in():
    plan = compile_plan(CAT, "glute-strength")
    first_work = next(p.index for p in plan.phases if p.kind == "reps")
    assert exercises_to_ease(plan, 0) == ()  # stopped while getting ready: nothing tried
    assert exercises_to_ease(plan, first_work) == ("bridge",)
    glute_prepare = next(p.index for p in plan.phases if p.exercise == "glute-med-side-lying")
    # stopped while getting ready for the next exercise: the one just done was the hard one
    assert exercises_to_ease(plan, glute_prepare) == ("bridge",)
    assert exercises_to_ease(plan, glute_prepare + 1) == ("glute-med-side-lying",)
    assert exercises_to_ease(plan) == plan.exercises  # marked too hard at the end
    assert exercises_to_ease(plan, len(plan.phases) - 1) == ()  # ran (or skipped) to the end
    made = step_down_offers(exercises_to_ease(plan), levels_of(plan), CAT, Settings())
    assert [(o.exercise_id, o.proposed) for o in made] == [
        ("glute-med-side-lying", 8),
        ("side-lying-hip-series", 12),
    ]


def test_a_set_taken_off_comes_back_after_three_sessions_at_fewer_sets_never_past_the_page():
    knee = CAT.exercises["knee-to-chest"]  # 5 s holds, fixed; "two to three times", 3
    local = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
    history = History(now=lambda: local)
    settings = accept(step_down(knee, Settings()), Settings())
    assert settings.overrides["knee-to-chest"].sets == 2

    for _ in range(3):
        record(history, "knee-to-chest", Settings())  # at 3 sets: they do not count for 2
    assert offer(knee, settings, history) is None
    for _ in range(3):
        record(history, "knee-to-chest", settings)
    made = offer(knee, settings, history)
    assert (made.field, made.current, made.proposed, made.sessions) == ("sets", 2, 3, 3)
    assert (
        made.text
        == "You have completed Knee-to-chest stretch at 2 sets 3 times in a row. Try 3 sets?"
    )
    refused = decline(made, settings)
    assert offer(knee, refused, history) is None, "a refusal holds at that level"
    back = accept(made, settings)
    plan = compile_plan(CAT, "knee-to-chest", back.plan_options())
    assert len([p for p in plan.phases if p.kind == "hold"]) == 3 * 2
    for _ in range(3):
        record(history, "knee-to-chest", back)
    assert offer(knee, back, history) is None, "never more sets than the catalogue's"
    history.close()


def test_more_rounds_are_never_offered_where_the_page_gives_one():
    """The leg to chest runs one round unless the user picks more ("repeat often")."""
    always = Counts()
    always.completed_in_a_row = lambda exercise_id, level: 99  # type: ignore[method-assign]
    assert offer(CAT.exercises["seated-leg-to-chest"], Settings(), always) is None


def test_a_step_up_counts_the_latest_run_only_and_says_so():
    """After a step down, the sessions at a level from before it do not earn it again."""
    local = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
    history = History(now=lambda: local)
    settings = Settings()

    def offers(settings):
        return offers_for(ran("glute-med-side-lying", settings), CAT, settings, history)

    for _ in range(3):
        record(history, "glute-med-side-lying", settings)
    (up,) = offers(settings)
    at_12 = accept(up, settings)
    record(history, "glute-med-side-lying", at_12, too_hard=True)
    (down,) = step_down_offers(
        ["glute-med-side-lying"], ran("glute-med-side-lying", at_12), CAT, at_12
    )
    back = accept(down, at_12)
    record(history, "glute-med-side-lying", back)
    assert offers(back) == [], "one session back at 10 does not earn 12 again"
    record(history, "glute-med-side-lying", back, too_hard=True)
    record(history, "glute-med-side-lying", back)
    record(history, "glute-med-side-lying", back)
    assert offers(back) == [], "a session found too hard breaks the run"
    record(history, "glute-med-side-lying", back)
    (again,) = offers(back)
    assert again.sessions == 3
    assert "at 10 reps 3 times in a row." in again.text
    history.close()


def test_no_step_up_after_a_run_at_other_numbers_than_the_saved_ones():
    always = Counts()
    always.completed_in_a_row = lambda exercise_id, level: 99  # type: ignore[method-assign]
    assert offer(GLUTE, Settings(), always, {"reps": 15, "sets": 1}) is None
    assert offer(GLUTE, Settings(), always, {"reps": 10, "sets": 2}) is None
    assert offer(GLUTE, Settings(), always, ran("glute-med-side-lying")["glute-med-side-lying"])


def test_a_step_down_starts_from_what_ran_where_it_is_below_the_saved_level():
    made = step_down(GLUTE, Settings(), {"reps": 8})  # `run ... --reps 8` was too hard
    assert (made.current, made.proposed) == (8, 6)
    assert made.text == f"Do {GLUTE.name} at 6 reps instead of 8 reps?"
    assert step_down(GLUTE, Settings(), {"reps": 5}) is None, "5 is the page's fewest"
    higher = step_down(GLUTE, Settings(), {"reps": 15})  # never more than the saved 10
    assert (higher.current, higher.proposed) == (10, 8)
    (listed,) = step_down_offers([GLUTE.id], {GLUTE.id: {"reps": 8}}, CAT, Settings())
    assert listed == made


def test_a_declined_step_up_is_offered_again_after_three_more_sessions_in_a_row():
    made = offer(GLUTE, Settings(), counts("glute-med-side-lying", 4, reps=10))
    refused = decline(made, Settings())
    assert refused.declined_progressions == {"glute-med-side-lying": "reps=10@4"}
    assert offer(GLUTE, refused, counts("glute-med-side-lying", 6, reps=10)) is None
    again = offer(GLUTE, refused, counts("glute-med-side-lying", 7, reps=10))
    assert (again.proposed, again.sessions) == (12, 7)
    # a refusal saved before the count was kept: taken as made after the usual three
    old = replace(Settings(), declined_progressions={"glute-med-side-lying": "reps=10"})
    assert offer(GLUTE, old, counts("glute-med-side-lying", 5, reps=10)) is None
    assert offer(GLUTE, old, counts("glute-med-side-lying", 6, reps=10))
