"""The compiler expands sets, sides and movements and schedules cues that never overlap."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.cues import GAP, estimate_seconds
from easeback.core.plan import (
    ExerciseOverride,
    PlanError,
    PlanOptions,
    compile_plan,
    plan_seconds,
)

CAT = load_catalogue()
ALL_IDS = CAT.ids()


def kinds(plan):
    return [p.kind for p in plan.phases]


def work(plan):
    """The phases without the closing 'well done'."""
    return [p for p in plan.phases if not p.final]


def test_glute_medius_is_three_sets_of_ten_with_end_holds_per_side():
    plan = compile_plan(CAT, "glute-med-side-lying")
    per_side = ["reps", "end_hold", "rest", "reps", "end_hold", "rest", "reps", "end_hold"]
    assert kinds(plan) == ["prepare", *per_side, "switch", *per_side, "rest"]
    reps = [p for p in plan.phases if p.kind == "reps"]
    assert [(p.side, p.set, p.sets, p.reps, p.seconds) for p in reps] == [
        (side, n, 3, 10, 50.0) for side in ("left", "right") for n in (1, 2, 3)
    ]
    assert all(p.seconds == 10 for p in plan.phases if p.kind == "end_hold")
    assert [p.seconds for p in plan.phases if p.kind == "rest" and not p.final] == [30] * 4
    assert [p.seconds for p in plan.phases if p.kind == "switch"] == [10]
    assert plan.phases[-1].final


def test_seated_leg_to_chest_holds_two_minutes_per_leg():
    plan = compile_plan(CAT, "seated-leg-to-chest")
    holds = [p for p in plan.phases if p.kind == "hold"]
    assert [(p.side, p.seconds) for p in holds] == [("left", 120), ("right", 120)]
    assert kinds(plan) == ["prepare", "hold", "switch", "hold", "rest"]


def test_bridge_is_three_sets_of_fifteen_with_minute_rests():
    plan = compile_plan(CAT, "bridge")
    assert kinds(plan) == ["prepare", "reps", "rest", "reps", "rest", "reps", "rest"]
    assert all(
        p.reps == 15 and p.rep_seconds == 6 and p.seconds == 90
        for p in plan.phases
        if p.kind == "reps"
    )
    assert [p.seconds for p in work(plan) if p.kind == "rest"] == [60, 60]
    assert all(p.side is None for p in plan.phases)


@pytest.mark.parametrize(
    ("exercise_id", "hold"), [("knee-to-chest", 5), ("lower-back-rotation", 10)]
)
def test_short_holds_alternate_sides_three_times_each(exercise_id, hold):
    plan = compile_plan(CAT, exercise_id)
    holds = [p for p in plan.phases if p.kind == "hold"]
    assert [p.side for p in holds] == ["left", "right"] * 3
    assert all(p.seconds == hold for p in holds)
    assert [p.seconds for p in plan.phases if p.kind == "switch"] == [4] * 5


def test_seated_leg_cross_alternates_the_top_leg():
    plan = compile_plan(CAT, "seated-leg-cross")
    holds = [p for p in plan.phases if p.kind == "hold"]
    assert [(p.side, p.seconds) for p in holds] == [("left", 120), ("right", 120)]
    assert holds[0].side_text() == "left leg on top"


def test_hip_series_runs_five_movements_per_set_three_sets_each_side():
    plan = compile_plan(CAT, "side-lying-hip-series")
    reps = [p for p in plan.phases if p.kind == "reps"]
    assert len(reps) == 5 * 3 * 2
    order = ["clamshell", "leg-raise", "pulses", "circles-clockwise", "circles-counterclockwise"]
    assert [p.movement for p in reps[:5]] == order
    assert [p.rep_seconds for p in reps[:5]] == [3, 3, 1.5, 2.5, 2.5]
    assert all(p.reps == 15 for p in reps)
    assert [p.side for p in reps] == ["left"] * 15 + ["right"] * 15
    assert [p.seconds for p in work(plan) if p.kind == "rest"] == [20] * 4
    assert len([p for p in plan.phases if p.kind == "switch"]) == 1


@pytest.mark.parametrize("item_id", ALL_IDS)
def test_phases_are_contiguous_and_total_is_their_sum(item_id):
    plan = compile_plan(CAT, item_id)
    t = 0.0
    for i, phase in enumerate(plan.phases):
        assert phase.index == i
        assert phase.start == pytest.approx(t)
        assert phase.seconds > 0
        if phase.kind == "reps":
            assert phase.seconds == pytest.approx(phase.reps * phase.rep_seconds)
        t += phase.seconds
    assert plan.total_seconds == pytest.approx(t)


@pytest.mark.parametrize("item_id", ALL_IDS)
def test_cues_start_inside_their_phase_and_never_overlap(item_id):
    plan = compile_plan(CAT, item_id)
    spans = []
    for phase in plan.phases:
        for cue in phase.cues:
            assert 0 <= cue.at < phase.seconds, (phase.title, cue)
            start = phase.start + cue.at
            spans.append((start, start + estimate_seconds(cue.text), cue.text))
    spans.sort()
    for (a_start, a_end, a_text), (b_start, _, b_text) in itertools.pairwise(spans):
        # cue times are rounded to the millisecond
        assert a_end + GAP <= b_start + 1e-3, (
            f"{a_text!r} at {a_start} runs into {b_text!r} at {b_start}"
        )


def texts(phase):
    return [c.text for c in phase.cues]


def test_hold_cues_say_length_time_left_and_count_down():
    plan = compile_plan(CAT, "seated-leg-to-chest")
    hold = plan.phases[1]
    said = texts(hold)
    assert any("Hold for two minutes" in t for t in said)
    assert "Halfway. One minute left." in said
    assert "Thirty seconds left." in said
    assert said[-3:] == ["Three", "Two", "One"]
    assert [c.at for c in hold.cues[-3:]] == [117, 118, 119]
    switch = plan.phases[2]
    assert texts(switch)[0].startswith("And relax. Switch sides: right leg")
    assert "Well done" in texts(plan.phases[-1])[0]


def test_reps_are_counted_at_the_tempo_with_last_one():
    plan = compile_plan(CAT, "bridge")
    reps = plan.phases[1]
    counts = [c for c in reps.cues if c.kind == "rep"]
    assert [c.at for c in counts] == [k * 6.0 for k in range(15)]
    assert counts[0].text.startswith("One")
    assert counts[-1].text.startswith("Last one")
    assert any(c.kind == "step" and c.text == "squeeze" for c in reps.cues)
    fast = compile_plan(CAT, "side-lying-hip-series").phases
    pulses = next(p for p in fast if p.movement == "pulses" and p.kind == "reps")
    assert [c.text for c in pulses.cues][:3] == ["One", "Two", "Three"]


def test_end_hold_and_rest_say_what_comes_next():
    plan = compile_plan(CAT, "glute-med-side-lying")
    end_hold = plan.phases[2]
    assert end_hold.kind == "end_hold"
    assert "ten seconds" in texts(end_hold)[0]
    rest = plan.phases[3]
    assert texts(rest)[0] == "Release. Rest, thirty seconds. Next: set two of three."
    assert "Get ready." in texts(rest)


def test_prepare_names_exercise_side_and_first_setup_step():
    plan = compile_plan(CAT, "glute-med-side-lying")
    said = texts(plan.phases[0])
    assert said[0] == "Get ready: Side-lying glute medius lift, left leg."
    assert said[1] == "Lie on your side, bottom knee bent, hips stacked."
    assert said[-3:] == ["Three", "Two", "One"]


def test_routine_gives_more_time_to_get_ready_when_the_position_changes():
    plan = compile_plan(CAT, "full-program")
    prepares = [p for p in plan.phases if p.kind == "prepare" and p.movement is None]
    assert [p.exercise for p in prepares] == list(CAT.routines["full-program"].exercises)
    # chair -> on the back -> on the back -> cross-legged -> on the back -> side -> side
    assert [p.seconds for p in prepares] == [10, 15, 10, 15, 15, 15, 10]
    assert texts(prepares[1])[0] == "And relax. Next: Knee-to-chest stretch, left leg."


def test_overrides_within_range_change_the_plan():
    options = PlanOptions(
        overrides={
            "glute-med-side-lying": ExerciseOverride(reps=12, sets=2, first_side="right"),
            "seated-leg-cross": ExerciseOverride(hold_seconds=90),
        }
    )
    plan = compile_plan(CAT, "glute-med-side-lying", options)
    reps = [p for p in plan.phases if p.kind == "reps"]
    assert [(p.side, p.reps) for p in reps] == [("right", 12)] * 2 + [("left", 12)] * 2
    cross = compile_plan(CAT, "seated-leg-cross", options)
    assert [p.seconds for p in cross.phases if p.kind == "hold"] == [90, 90]
    assert "one minute thirty" in " ".join(texts(cross.phases[1])) or "ninety" in " ".join(
        texts(cross.phases[1])
    )


@pytest.mark.parametrize(
    ("exercise_id", "override", "message"),
    [
        (
            "glute-med-side-lying",
            ExerciseOverride(reps=16),
            "reps = 16 is outside the allowed range 5-15",
        ),
        ("seated-leg-cross", ExerciseOverride(hold_seconds=30), "outside the allowed range 60-120"),
        ("knee-to-chest", ExerciseOverride(sets=4), "sets = 4 is outside"),
        ("bridge", ExerciseOverride(hold_seconds=30), "bridge has no hold seconds to change"),
    ],
)
def test_overrides_outside_the_range_are_refused_with_a_reason(exercise_id, override, message):
    with pytest.raises(PlanError, match=message):
        compile_plan(CAT, exercise_id, PlanOptions(overrides={exercise_id: override}))


def test_unknown_id_suggests_the_closest():
    with pytest.raises(PlanError, match="did you mean bridge"):
        compile_plan(CAT, "brige")


def test_verbosity_counts_only_keeps_counts_and_silent_keeps_nothing():
    counts = compile_plan(CAT, "glute-med-side-lying", PlanOptions(verbosity="counts"))
    kinds_said = {c.kind for p in counts.phases for c in p.cues}
    assert kinds_said == {"count", "rep"}
    silent = compile_plan(CAT, "glute-med-side-lying", PlanOptions(verbosity="silent"))
    assert all(p.cues == () for p in silent.phases)
    assert silent.total_seconds == counts.total_seconds


def test_a_slower_voice_drops_cues_that_no_longer_fit():
    fast = compile_plan(CAT, "knee-to-chest", PlanOptions(rate=220))
    slow = compile_plan(CAT, "knee-to-chest", PlanOptions(rate=90))
    count = lambda plan: sum(len(p.cues) for p in plan.phases)  # noqa: E731
    assert count(slow) < count(fast)


def test_json_contract_has_every_field_of_the_design():
    data = json.loads(json.dumps(compile_plan(CAT, "glute-med-side-lying").to_json()))
    assert {"id", "name", "kind", "total_seconds", "phases"} <= set(data)
    assert data["kind"] == "exercise"
    for phase in data["phases"]:
        assert {
            "index",
            "start",
            "seconds",
            "kind",
            "exercise",
            "movement",
            "side",
            "set",
            "sets",
            "reps",
            "rep_seconds",
            "title",
            "cues",
        } <= set(phase)
        assert phase["kind"] in {"prepare", "hold", "reps", "end_hold", "rest", "switch"}
        for cue in phase["cues"]:
            assert isinstance(cue["at"], float | int)
            assert isinstance(cue["text"], str)
    assert data["total_seconds"] == pytest.approx(sum(p["seconds"] for p in data["phases"]))


def test_rep_and_step_follow_the_tempo():
    phase = compile_plan(CAT, "glute-med-side-lying").phases[1]
    assert phase.rep_at(0) == 1
    assert phase.rep_at(4.99) == 1
    assert phase.rep_at(5.0) == 2
    assert phase.rep_at(49.9) == 10
    assert [phase.step_at(t) for t in (0, 1.7, 3.4, 5.0)] == [0, 1, 2, 0]


def test_routine_with_a_user_override_uses_it():
    options = PlanOptions(overrides={"bridge": ExerciseOverride(reps=10)})
    plan = compile_plan(CAT, "glute-strength", options)
    bridge_reps = [p.reps for p in plan.phases if p.exercise == "bridge" and p.kind == "reps"]
    assert bridge_reps == [10, 10, 10]
    unchanged = compile_plan(CAT, "glute-strength", replace(options, overrides={}))
    length = lambda p: sum(phase.seconds for phase in work(p))  # noqa: E731
    assert length(plan) == pytest.approx(length(unchanged) - 3 * 5 * 6)


@pytest.mark.parametrize(
    "options",
    [
        PlanOptions(),
        PlanOptions(verbosity="silent", prepare_seconds=5),
        PlanOptions(
            rate=240,
            overrides={
                "glute-bridge": ExerciseOverride(reps=15, sets=3),
                "seated-leg-to-chest": ExerciseOverride(hold_seconds=45, first_side="right"),
            },
        ),
    ],
)
def test_plan_seconds_is_the_compiled_plans_length_for_every_item(options):
    for item_id in CAT.ids():
        assert plan_seconds(CAT, item_id, options) == pytest.approx(
            compile_plan(CAT, item_id, options).total_seconds, abs=1e-9
        ), item_id


def test_plan_seconds_rejects_what_compile_plan_rejects():
    with pytest.raises(PlanError, match="did you mean"):
        plan_seconds(CAT, "glute-bridg")
