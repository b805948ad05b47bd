"""Property tests: any JSON gives a catalogue or clear problems; valid ones compile cleanly."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from easeback.core.catalogue import Problem, load_catalogue, parse
from easeback.core.cues import GAP, estimate_seconds
from easeback.core.plan import compile_plan
from easeback.core.session import Session
from tests.helpers.clock import FakeClock

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

ids = st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)


@st.composite
def catalogue_like(draw):
    """Dicts shaped roughly like a catalogue, with random damage."""
    ex = {
        "id": draw(ids),
        "name": draw(st.text(min_size=0, max_size=10)),
        "position": draw(st.sampled_from(["seated", "floor", "standing", "upside-down"])),
        "setup": [],
        "movements": [
            draw(
                st.fixed_dictionaries(
                    {
                        "id": ids,
                        "name": st.just("M"),
                        "steps": st.just([{"id": "s", "text": "t", "illustration": "a.svg"}]),
                    },
                    optional={
                        "hold_seconds": st.integers(-5, 400) | st.floats(0, 400),
                        "reps": st.integers(-2, 300),
                        "rep_seconds": st.floats(-1, 70),
                    },
                )
            )
        ],
        "sets": draw(st.integers(-1, 60) | st.text(max_size=2)),
        "sides": draw(st.sampled_from(["none", "each", "alternate", "both"])),
    }
    data = {"version": draw(st.sampled_from([1, 1, 1, 2, "1"])), "exercises": [ex]}
    if draw(st.booleans()):
        data["routines"] = [{"id": "r", "name": "R", "exercises": draw(st.lists(ids, max_size=3))}]
    if draw(st.booleans()):
        key = draw(st.sampled_from(list(ex)))
        ex[key] = draw(json_values)
    return data


def _loads_or_reports(tmp_path, text: str):
    path = tmp_path / "user.json"
    path.write_text(text, encoding="utf-8")
    cat = load_catalogue([path])
    assert len(cat.exercises) >= 7, "built-ins always survive"
    for problem in cat.problems:
        assert isinstance(problem, Problem)
        assert str(path) in str(problem)
        assert problem.path.startswith(("$", "line"))
    return cat


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=json_values)
def test_any_json_gives_a_catalogue_or_a_validation_error(tmp_path, value):
    _loads_or_reports(tmp_path, json.dumps(value))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=60))
def test_any_text_gives_a_catalogue_or_a_validation_error(tmp_path, text):
    _loads_or_reports(tmp_path, text)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=catalogue_like())
def test_catalogue_shaped_input_loads_and_every_entry_compiles(tmp_path, data):
    cat = _loads_or_reports(tmp_path, json.dumps(data))
    if not cat.problems:
        for item_id in cat.ids():
            compile_plan(cat, item_id)


@st.composite
def valid_exercise(draw):
    n_movements = draw(st.integers(1, 3))
    movements = []
    for i in range(n_movements):
        m = {
            "id": f"m{i}",
            "name": f"Move {i}",
            "steps": [
                {"id": f"s{i}-{j}", "text": "Do it.", "illustration": "x.svg"}
                for j in range(draw(st.integers(1, 3)))
            ],
        }
        if draw(st.booleans()):
            m["hold_seconds"] = draw(st.integers(1, 200))
            if draw(st.booleans()):
                m["form_cues"] = draw(st.lists(st.sampled_from(FORM), min_size=1, max_size=3))
        else:
            m["reps"] = draw(st.integers(1, 20))
            m["rep_seconds"] = draw(st.sampled_from([0.5, 1, 1.5, 2.5, 3, 5, 6]))
            if draw(st.booleans()):
                m["end_hold_seconds"] = draw(st.integers(1, 15))
            if draw(st.booleans()):  # uneven steps that add up to the tempo
                share = m["rep_seconds"] / (len(m["steps"]) + 1)
                for step in m["steps"]:
                    step["seconds"] = share
                m["steps"][-1]["seconds"] = m["rep_seconds"] - share * (len(m["steps"]) - 1)
            if draw(st.booleans()):
                for step in m["steps"]:
                    step["say"] = draw(st.sampled_from(["up", "and down", "hold it"]))
        if draw(st.booleans()):
            m["action"] = draw(st.sampled_from(ACTIONS))
        movements.append(m)
    sides = draw(st.sampled_from(["none", "each", "alternate"]))
    if sides == "none":
        for m in movements:
            if "{" in m.get("action", ""):
                m["action"] = "Push through the floor, slowly and steadily"
    return {
        "id": "gen",
        "name": "Generated exercise",
        "position": draw(st.sampled_from(["seated", "floor"])),
        "posture": draw(st.sampled_from(["chair", "lying on the back", "lying on the side"])),
        "setup": [{"id": "setup", "text": "Get set.", "illustration": "y.svg"}]
        if draw(st.booleans())
        else [],
        "movements": movements,
        "sets": draw(st.integers(1, 4)),
        "rest_between_sets_seconds": draw(st.integers(0, 60)),
        "rest_between_movements_seconds": draw(st.integers(0, 10)),
        "sides": sides,
        "first_side": draw(st.sampled_from(["left", "right"])),
        "switch_seconds": draw(st.integers(0, 12)),
        **(
            {"side_setup": "Lie on your {other} side, {side} leg on top, head resting"}
            if sides != "none" and draw(st.booleans())
            else {}
        ),
    }


FORM = ["Keep your back straight.", "Breathe slowly and deeply, all the way out.", "Relax."]
ACTIONS = [
    "Pull your {side} knee all the way in to your chest, gently",
    "Roll both knees over to the {side}, away from the {other}",
    "Lean forward from the hips",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ex=valid_exercise(),
    verbosity=st.sampled_from(["full", "counts"]),
    rate=st.sampled_from([120, 170, 220]),
)
def test_random_valid_catalogues_compile_to_contiguous_plans_that_run_to_the_end(
    tmp_path, ex, verbosity, rate
):
    for picture in ("x.svg", "y.svg"):  # the pictures the generated steps name
        (tmp_path / picture).write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    path = tmp_path / "gen.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "exercises": [ex],
                "routines": [{"id": "both", "name": "Both", "exercises": ["gen", "bridge"]}],
            }
        )
    )
    cat = load_catalogue([path])
    assert cat.problems == ()
    from easeback.core.plan import PlanOptions, plan_seconds

    for item_id in ("gen", "both"):
        options = PlanOptions(verbosity=verbosity, rate=rate)
        plan = compile_plan(cat, item_id, options)
        t = 0.0
        for phase in plan.phases:
            assert abs(phase.start - t) < 1e-9
            assert phase.seconds > 0
            for cue in phase.cues:
                assert cue.at >= 0
                # no cue runs past its phase (times are rounded to the millisecond)
                assert cue.at + estimate_seconds(cue.text, rate) + GAP <= phase.seconds + 1e-3
            t += phase.seconds
        if verbosity == "full":  # every action that has a phase before it is said there
            for before, phase in itertools.pairwise(plan.phases):
                if phase.action and phase.kind in ("hold", "reps"):
                    assert phase.action in [c.text for c in before.cues], phase.title
        assert abs(plan.total_seconds - t) < 1e-9
        assert abs(plan.total_seconds - sum(p.seconds for p in plan.phases)) < 1e-6
        # the library's quick length agrees with the plan it stands for
        assert plan_seconds(cat, item_id, options) == pytest.approx(plan.total_seconds, abs=1e-9)
        sides = {p.side for p in plan.phases if p.kind in ("hold", "reps") and p.exercise == "gen"}
        assert sides == ({None} if ex["sides"] == "none" else {"left", "right"})
        clock = FakeClock()
        session = Session(plan, clock)
        session.start()
        while session.state == "running":
            clock.set(session.next_wakeup())
            session.poll()
        assert session.completed


def test_parse_rejects_deep_nesting_without_crashing():
    _, problems = parse("[" * 5000 + "]" * 5000, "deep.json")
    assert problems
