"""The compiler expands sets, sides and movements and schedules cues that never overlap."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest

from easeback.core import defaults
from easeback.core.catalogue import load_catalogue
from easeback.core.cues import GAP, duration_words, estimate_seconds
from easeback.core.plan import (
    MOVE_SECONDS,
    SAFETY_LINE,
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
    # the 10 s switch grows to hold its words: roll over, which side to lie on, the action
    (switch,) = [p for p in plan.phases if p.kind == "switch"]
    assert 10 <= switch.seconds <= 15
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
    # 4 s to change legs, grown to fit "and relax", the next action and a moment to move
    switches = [p.seconds for p in plan.phases if p.kind == "switch"]
    assert len(switches) == 5
    assert all(4 <= s <= 8 for s in switches)


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
    assert texts(switch)[0] == "And relax. Lower the leg slowly."
    assert "Raise your right knee and draw the thigh in toward your chest." in texts(switch)
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
    # the action of the next set comes just before its 3-2-1
    assert texts(rest)[-4:] == [
        "Lift the top leg a little and sweep it back.",
        "Three",
        "Two",
        "One",
    ]


def test_prepare_names_exercise_side_and_the_setup_steps_with_a_spoken_form():
    plan = compile_plan(CAT, "glute-med-side-lying")
    said = texts(plan.phases[0])
    assert said == [
        SAFETY_LINE,
        "Get ready: Side-lying glute medius lift.",
        "Lie on your right side, left leg on top.",
        "Bend the bottom knee and stack your hips.",
        "Rest a thumb on the top hip to feel the muscle work.",  # the second step's `say`
        "Lift the top leg a little and sweep it back.",
        "Three",
        "Two",
        "One",
    ]


def test_routine_gives_more_time_to_get_ready_when_the_position_changes():
    plan = compile_plan(CAT, "full-program")
    prepares = [p for p in plan.phases if p.kind == "prepare" and p.movement is None]
    assert [p.exercise for p in prepares] == list(CAT.routines["full-program"].exercises)
    # chair -> on the back -> on the back -> cross-legged -> on the back -> side -> side;
    # each at least its default, grown where its words need more
    defaults = [10, 15, 10, 15, 15, 15, 10]
    assert all(p.seconds >= d for p, d in zip(prepares, defaults, strict=True))
    roomy = compile_plan(CAT, "full-program", PlanOptions(position_change_seconds=30))
    roomy_prepares = [p.seconds for p in roomy.phases if p.kind == "prepare" and not p.movement]
    changes = [False, True, False, True, True, True, False]
    assert [s == 30 for s in roomy_prepares] == changes
    assert texts(prepares[1])[0] == "And relax. Next: Knee-to-chest stretch."


def test_overrides_within_range_change_the_plan():
    options = PlanOptions(
        overrides={
            "glute-med-side-lying": ExerciseOverride(reps=12, first_side="right"),
            "seated-leg-cross": ExerciseOverride(hold_seconds=90),
        }
    )
    plan = compile_plan(CAT, "glute-med-side-lying", options)
    reps = [p for p in plan.phases if p.kind == "reps"]
    assert [(p.side, p.reps) for p in reps] == [("right", 12)] * 3 + [("left", 12)] * 3
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
    assert kinds_said == {"count", "rep", "safety"}
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
    options = PlanOptions(overrides={"glute-med-side-lying": ExerciseOverride(reps=8)})
    plan = compile_plan(CAT, "glute-strength", options)
    lifts = [
        p.reps for p in plan.phases if p.exercise == "glute-med-side-lying" and p.kind == "reps"
    ]
    assert lifts == [8] * 6  # 3 sets each side
    unchanged = compile_plan(CAT, "glute-strength", replace(options, overrides={}))
    length = lambda p: sum(phase.seconds for phase in work(p))  # noqa: E731
    assert length(plan) == pytest.approx(length(unchanged) - 6 * 2 * 5)


@pytest.mark.parametrize(
    "options",
    [
        PlanOptions(),
        PlanOptions(verbosity="silent", prepare_seconds=5),
        PlanOptions(
            rate=240,
            overrides={
                "glute-bridge": ExerciseOverride(reps=15, sets=3),
                "seated-leg-cross": ExerciseOverride(hold_seconds=75, first_side="right"),
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


# ----------------------------------------------------------------- coaching by ear

RATES = (120, 145, 170, 195, 220)
VERBOSITIES = ("full", "counts", "silent")


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("verbosity", VERBOSITIES)
@pytest.mark.parametrize("item_id", ALL_IDS)
def test_no_cue_runs_past_its_phase_or_into_another(item_id, verbosity, rate):
    plan = compile_plan(CAT, item_id, PlanOptions(verbosity=verbosity, rate=rate))
    spans = []
    for phase in plan.phases:
        for cue in phase.cues:
            end = cue.at + estimate_seconds(cue.text, rate)
            # cue times are rounded to the millisecond
            assert cue.at >= 0, (phase.title, cue)
            assert end + GAP <= phase.seconds + 1e-3, (phase.title, cue)
            spans.append((phase.start + cue.at, phase.start + end, cue.text))
    spans.sort()
    for (a_start, a_end, a_text), (b_start, _, b_text) in itertools.pairwise(spans):
        assert a_end + GAP <= b_start + 1e-3, f"{a_text!r} at {a_start} runs into {b_text!r}"


def _actions_said_before_their_clock(plan):
    """For each hold or reps phase with an action: (phase, the cue saying it just before)."""
    found = []
    for before, phase in itertools.pairwise(plan.phases):
        if phase.kind in ("hold", "reps") and phase.action:
            said = [c for c in before.cues if c.text == phase.action]
            found.append((phase, before, said))
    return found


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("item_id", ALL_IDS)
def test_every_hold_and_rep_block_is_announced_with_its_action_before_the_clock(item_id, rate):
    plan = compile_plan(CAT, item_id, PlanOptions(rate=rate))
    blocks = [p for p in plan.phases if p.kind in ("hold", "reps")]
    found = _actions_said_before_their_clock(plan)
    # a reps block right after another (nothing between) is the only one not announced
    assert len(found) == len(blocks)
    for phase, before, said in found:
        assert said, f"{phase.title}: {phase.action!r} is never said before it"
        (cue,) = said
        end = cue.at + estimate_seconds(cue.text, rate)
        room = 3 if before.cues[-1].text == "One" else MOVE_SECONDS
        assert end + room <= before.seconds + 1e-3, f"no time to move after {cue.text!r}"


def test_transitions_grow_to_fit_a_slow_voice_and_keep_their_default_for_a_fast_one():
    def switches(rate):
        plan = compile_plan(CAT, "knee-to-chest", PlanOptions(rate=rate))
        return [p.seconds for p in plan.phases if p.kind == "switch"]

    slow, fast = switches(120), switches(220)
    assert min(fast) >= 4
    assert min(slow) > max(fast)
    # the length of a plan does not depend on what is kept of its words
    quiet = compile_plan(CAT, "knee-to-chest", PlanOptions(rate=120, verbosity="silent"))
    assert [p.seconds for p in quiet.phases if p.kind == "switch"] == slow


@pytest.mark.parametrize(
    ("exercise_id", "first", "lines"),
    [
        (
            "knee-to-chest",
            "left",
            [
                "With both hands, pull your left knee to your chest.",
                "With both hands, pull your right knee to your chest.",
            ]
            * 3,
        ),
        (
            "lower-back-rotation",
            "right",
            ["Roll both knees to the right.", "Roll both knees to the left."] * 3,
        ),
        ("seated-leg-cross", "left", ["Lean forward from the hips."] * 2),
    ],
)
def test_the_action_names_the_side_it_is_done_on(exercise_id, first, lines):
    options = PlanOptions(overrides={exercise_id: ExerciseOverride(first_side=first)})
    plan = compile_plan(CAT, exercise_id, options)
    assert [cue.text for _, _, said in _actions_said_before_their_clock(plan) for cue in said] == (
        lines
    )


@pytest.mark.parametrize("exercise_id", ["glute-med-side-lying", "side-lying-hip-series"])
def test_side_lying_says_which_side_to_lie_on_at_the_start_and_at_the_switch(exercise_id):
    def lie_lines(plan):
        return [
            (p.kind, c.text) for p in plan.phases for c in p.cues if c.text.startswith("Lie on")
        ]

    # "side" names the working leg: the left leg works lying on the right side
    assert lie_lines(compile_plan(CAT, exercise_id)) == [
        ("prepare", "Lie on your right side, left leg on top."),
        ("switch", "Lie on your left side, right leg on top."),
    ]
    right_first = PlanOptions(overrides={exercise_id: ExerciseOverride(first_side="right")})
    assert lie_lines(compile_plan(CAT, exercise_id, right_first)) == [
        ("prepare", "Lie on your left side, right leg on top."),
        ("switch", "Lie on your right side, left leg on top."),
    ]


def test_the_hip_series_names_each_move_before_its_reps():
    plan = compile_plan(CAT, "side-lying-hip-series")
    named = [cue.text for _, _, said in _actions_said_before_their_clock(plan) for cue in said]
    assert named[:5] == [
        "Clamshell: heels together, open the top knee.",
        "Straight-leg raise: lift the top leg a few inches.",
        "Pulses: top leg straight, small pulses up and down.",
        "Circles: small slow circles, clockwise.",
        "Now circle the other way, counterclockwise.",
    ]


@pytest.mark.parametrize("verbosity", ["full", "counts"])
def test_a_session_opens_with_the_safety_line_once_even_in_a_routine(verbosity):
    for item_id in ALL_IDS:
        plan = compile_plan(CAT, item_id, PlanOptions(verbosity=verbosity))
        said = [(p.index, c.at, c.text) for p in plan.phases for c in p.cues]
        assert [s for s in said if s[2] == SAFETY_LINE] == [(0, 0.0, SAFETY_LINE)], item_id
    silent = compile_plan(CAT, "full-program", PlanOptions(verbosity="silent"))
    assert all(not p.cues for p in silent.phases)


def test_long_holds_carry_form_reminders_between_their_time_cues():
    plan = compile_plan(CAT, "seated-leg-to-chest")
    hold = next(p for p in plan.phases if p.kind == "hold")
    form = [c for c in hold.cues if c.kind == "form"]
    assert [c.text for c in form] == [
        "Keep your back straight.",
        "Press your belly into the raised thigh.",
    ]
    time_cues = [c.at for c in hold.cues if c.kind == "time"]
    assert min(time_cues) < form[1].at
    assert form[0].at < max(time_cues)
    assert 0 < form[0].at < hold.seconds / 2 < form[1].at < hold.seconds - 10
    counts_only = compile_plan(CAT, "seated-leg-to-chest", PlanOptions(verbosity="counts"))
    assert not [c for p in counts_only.phases for c in p.cues if c.kind == "form"]
    # short holds have no room for them
    knee = compile_plan(CAT, "knee-to-chest")
    assert not [c for p in knee.phases for c in p.cues if c.kind == "form"]


def test_a_minute_hold_gets_its_reminders_as_the_slowest_voice_allows():
    options = PlanOptions(
        rate=120, overrides={"seated-leg-cross": ExerciseOverride(hold_seconds=60)}
    )
    hold = next(
        p for p in compile_plan(CAT, "seated-leg-cross", options).phases if p.kind == "hold"
    )
    assert 1 <= len([c for c in hold.cues if c.kind == "form"]) <= 2


def test_the_bridge_rep_lifts_squeezes_lowers_and_rests_on_the_floor():
    plan = compile_plan(CAT, "bridge")
    reps = next(p for p in plan.phases if p.kind == "reps")
    first_rep = [(c.at, c.text) for c in reps.cues if c.at < reps.rep_seconds]
    assert first_rep == [(0, "One, lift"), (1.5, "squeeze"), (3.0, "down, and rest")]
    # the picture follows: lift, squeeze, then the lowered pose for the last three seconds
    assert [reps.step_at(t) for t in (0, 1.4, 1.5, 2.9, 3.0, 5.9, 6.0)] == [0, 0, 1, 1, 2, 2, 0]
    assert reps.next_picture_change(0) == 1.5
    assert reps.next_picture_change(3.0) == 6.0


def test_glute_medius_last_rep_stays_up_and_flows_into_the_end_hold():
    plan = compile_plan(CAT, "glute-med-side-lying")
    reps, end_hold = plan.phases[1], plan.phases[2]
    last_rep = [c.text for c in reps.cues if c.at >= (reps.reps - 1) * reps.rep_seconds]
    assert last_rep == ["Last one: lift, sweep back, and hold."]
    assert texts(end_hold)[0] == "Hold the leg up and back: ten seconds."
    assert texts(plan.phases[3])[0].startswith("Release.")
    # on screen, the last rep never sets the leg down, and the end hold shows the held pose
    last = (reps.reps - 1) * reps.rep_seconds
    assert [reps.step_at(last + t) for t in (0, 2, 4, 4.99)] == [0, 1, 1, 1]
    assert reps.next_picture_change(last + 2) is None
    assert reps.step_at(last - 1) == 2  # the rep before still goes down
    assert end_hold.action == "Hold the leg up and back."
    assert end_hold.picture is not None
    assert end_hold.picture.illustration == "illustrations/glute-med-side-lying/end-hold.svg"
    assert end_hold.step_at(5) == 1  # the sweep-back step, should the picture be missing


def test_rests_show_the_resting_pose_and_the_json_carries_what_the_screen_shows():
    plan = compile_plan(CAT, "glute-med-side-lying")
    rests = [p for p in plan.phases if p.kind == "rest" and not p.final]
    assert {p.picture.illustration for p in rests} == {"illustrations/rest/on-side.svg"}
    assert plan.phases[-1].picture is None
    data = json.loads(json.dumps(plan.to_json()))
    phases = data["phases"]
    assert phases[1]["action"] == "Lift the top leg a little and sweep it back."
    assert phases[1]["ends_in_hold"] is True
    assert phases[2]["picture"] == {
        "text": "Hold the leg up and back.",
        "illustration": "illustrations/glute-med-side-lying/end-hold.svg",
    }
    assert phases[3]["picture"]["illustration"] == "illustrations/rest/on-side.svg"
    assert phases[0]["picture"] is None
    assert phases[0]["action"] == ""


def test_resolve_bounds_a_cues_end_by_its_phase_not_only_its_start():
    from easeback.core.cues import Candidate, resolve

    long = "Lower the leg, then bring the other knee in to your chest."
    bounds = [(0.0, 2.0), (2.0, 10.0)]
    (placed,) = resolve([Candidate(0.0, [long, "Switch."], "announce", 0)], 170, "full", bounds)
    assert placed.placed_text == "Switch."
    assert resolve([Candidate(0.0, [long], "announce", 0)], 170, "full", bounds) == []


def test_a_rest_the_page_gives_may_be_chosen_longer_never_shorter():
    longer = PlanOptions(overrides={"bridge": ExerciseOverride(rest_seconds=90)})
    plan = compile_plan(CAT, "bridge", longer)
    assert [p.seconds for p in work(plan) if p.kind == "rest"] == [90, 90]
    shorter = PlanOptions(overrides={"bridge": ExerciseOverride(rest_seconds=30)})
    with pytest.raises(PlanError, match="bridge: rest of 30 s is outside 60-600 s"):
        compile_plan(CAT, "bridge", shorter)
    none_given = PlanOptions(overrides={"glute-med-side-lying": ExerciseOverride(rest_seconds=0)})
    lifts = compile_plan(CAT, "glute-med-side-lying", none_given)
    assert not [p for p in work(lifts) if p.kind == "rest"]  # its page names no rest: ours


def test_a_form_reminder_too_long_for_a_short_hold_is_said_while_getting_ready():
    plan = compile_plan(CAT, "knee-to-chest")  # 5 s holds: no room for it during one
    reminder = "Keep your stomach tight and your back pressed to the floor."
    assert reminder in texts(plan.phases[0])
    assert not [p for p in plan.phases[1:] if reminder in texts(p)], "said once, not each hold"
    long_hold = compile_plan(CAT, "seated-leg-to-chest")  # 2 minutes: said during the hold
    form = CAT.exercises["seated-leg-to-chest"].movements[0].form_cues[0]
    assert form not in texts(long_hold.phases[0])
    assert form in [t for p in long_hold.phases if p.kind == "hold" for t in texts(p)]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "one second"),
        (75, "seventy-five seconds"),
        (90, "ninety seconds"),
        (118, "one minute fifty-eight seconds"),  # not "one hundred and eighteen seconds"
        (120, "two minutes"),
        (150, "two and a half minutes"),
        (271, "four minutes thirty-one seconds"),
        (3121, "fifty-two minutes one second"),  # not "fifty-two minutes one"
    ],
)
def test_a_duration_is_said_as_a_person_says_it(seconds, words):
    assert duration_words(seconds) == words


def test_the_closing_line_reads_right_for_a_name_in_the_plural():
    plan = compile_plan(load_catalogue(), "floor-stretches", PlanOptions())
    (closing,) = plan.phases[-1].cues
    assert "Gentle floor stretches took " in closing.text
    assert " is finished" not in closing.text


@pytest.mark.parametrize("rate", [100, 120, 170, 220, 320])
@pytest.mark.parametrize("exercise_id", ["glute-med-side-lying", "bridge"])
def test_every_rep_of_a_block_is_coached_with_the_same_words(exercise_id, rate):
    """A slow voice may say fewer words in a rep, but the same in each: never a step
    word dropped from the third, seventh and eighth reps only."""
    plan = compile_plan(CAT, exercise_id, PlanOptions(rate=rate))
    for phase in (p for p in plan.phases if p.kind == "reps"):
        heard = [[] for _ in range(phase.reps)]
        for cue in phase.cues:
            k = int(cue.at // phase.rep_seconds)
            _count, _, words = cue.text.partition(", ")
            heard[k].append(words if cue.kind == "rep" else cue.text)
        middle = heard[:-1]  # the last rep says "Last one" and may hold at the top
        assert all(h == middle[0] for h in middle), (rate, phase.index, heard)
        assert any(middle[0]), "each rep says more than its count"


def _routine_of(count, item_id="side-lying-hip-series"):
    from easeback.core.catalogue import Routine

    routine = Routine("many", "Many", (item_id,) * count)
    return replace(CAT, routines={**CAT.routines, "many": routine})


def test_a_plan_with_too_many_cues_is_refused_before_they_are_placed():
    """Placing cues is what compiling costs: a routine of 2,000 exercises took a minute
    and more than a gigabyte, in the window's thread. The longest routine the schema
    allows of the longest built-in exercise still compiles."""
    assert len(compile_plan(_routine_of(50), "many").phases) > 50 * 50
    with pytest.raises(PlanError, match=r"many is too long to coach: .* 50,000 cues"):
        compile_plan(_routine_of(100), "many")
    assert plan_seconds(_routine_of(100), "many") == pytest.approx(
        100 * plan_seconds(CAT, "side-lying-hip-series"), rel=0.01
    ), "its length is still known (the list shows it)"


@pytest.mark.parametrize("rate", [int(defaults.RATE.low), 120, int(defaults.RATE.high)])
def test_every_countdown_says_all_three_numbers_at_any_allowed_rate(rate):
    for exercise_id in CAT.exercises:
        plan = compile_plan(CAT, exercise_id, PlanOptions(rate=rate))
        for phase in plan.phases:
            counts = [c.text for c in phase.cues if c.kind == "count"]
            assert counts in ([], ["Three", "Two", "One"]), (exercise_id, phase.index, counts)
