"""The built-in catalogue holds the facts of EXERCISES.md; bad files give clear problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from easeback.core import resources
from easeback.core.catalogue import load_catalogue, validate_file


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def builtin_data() -> dict:
    return json.loads(resources.catalogue_path().read_text(encoding="utf-8"))


def test_builtin_catalogue_loads_without_problems(catalogue):
    assert catalogue.problems == ()
    assert len(catalogue.exercises) == 7
    assert set(catalogue.routines) == {
        "desk-break",
        "floor-stretches",
        "glute-strength",
        "full-program",
    }
    assert len(catalogue.cautions) >= 2


# id: (position, sides, sets, [(hold, reps, rep_seconds, end_hold)], rest, switch)
FACTS = {
    "seated-leg-to-chest": ("seated", "alternate", 1, [(120, None, None, None)], 0, 8),
    "seated-leg-cross": ("floor", "alternate", 1, [(120, None, None, None)], 0, 10),
    "glute-med-side-lying": ("floor", "each", 3, [(None, 10, 5, 10)], 30, 10),
    "bridge": ("floor", "none", 3, [(None, 15, 6, None)], 60, None),
    "knee-to-chest": ("floor", "alternate", 3, [(5, None, None, None)], 0, 4),
    "lower-back-rotation": ("floor", "alternate", 3, [(10, None, None, None)], 0, 4),
    "side-lying-hip-series": (
        "floor",
        "each",
        3,
        [
            (None, 15, 3, None),
            (None, 15, 3, None),
            (None, 15, 1.5, None),
            (None, 15, 2.5, None),
            (None, 15, 2.5, None),
        ],
        20,
        10,
    ),
}


@pytest.mark.parametrize("exercise_id", sorted(FACTS))
def test_exercise_encodes_its_times_reps_sets_and_sides(catalogue, exercise_id):
    position, sides, sets, movements, rest, switch = FACTS[exercise_id]
    ex = catalogue.exercises[exercise_id]
    assert ex.position == position
    assert ex.sides == sides
    assert ex.sets == sets
    assert ex.rest_between_sets_seconds == rest
    if switch is not None:
        assert ex.switch_seconds == switch
    got = [(m.hold_seconds, m.reps, m.rep_seconds, m.end_hold_seconds) for m in ex.movements]
    assert got == movements
    for step in (*ex.setup, *(s for m in ex.movements for s in m.steps)):
        assert step.text
        assert step.illustration


# id: (reps range, hold range, sets range): the pages' highest figure is the ceiling;
# lower only where a page gives a range ("1-2 minutes", "two to three times") or says
# to start lower ("start with 5"). A page's single figure is not a choice: the leg to
# chest holds 2 minutes, the bridge is 3 sets of 15, the side-lying work is 3 sets.
SOURCE_RANGES = {
    "seated-leg-to-chest": (None, None, (1, 5)),  # "repeat often": more rounds, never less
    "seated-leg-cross": (None, (60, 120), (1, 3)),
    "glute-med-side-lying": ((5, 15), None, None),
    "bridge": (None, None, None),
    "knee-to-chest": (None, None, (2, 3)),  # the knee hug is 5 s, not a choice
    "lower-back-rotation": (None, (5, 10), (2, 3)),
    "side-lying-hip-series": ((5, 15), None, None),
}


def test_only_the_bridge_has_its_rest_from_its_page(catalogue):
    """ "Rest for one minute": the shortest rest; the other pages give no rest."""
    rests = {ex.id: ex.rest_range for ex in catalogue.exercises.values() if ex.rest_range}
    assert {k: (r.min, r.max) for k, r in rests.items()} == {"bridge": (60, 600)}
    assert catalogue.exercises["bridge"].rest_between_sets_seconds == 60


@pytest.mark.parametrize("exercise_id", sorted(SOURCE_RANGES))
def test_ranges_stay_inside_the_sources(catalogue, exercise_id):
    ex = catalogue.exercises[exercise_id]
    as_pair = lambda rng: None if rng is None else (rng.min, rng.max)  # noqa: E731
    got = (as_pair(ex.reps_range), as_pair(ex.hold_range), as_pair(ex.sets_range))
    assert got == SOURCE_RANGES[exercise_id]


def test_no_choice_goes_past_the_pages_highest_figure(catalogue):
    for ex in catalogue.exercises.values():
        assert ex.reps_range is None or ex.reps_range.max <= 15, ex.id
        assert ex.hold_range is None or ex.hold_range.max <= 120, ex.id
    assert catalogue.exercises["seated-leg-to-chest"].desk_friendly
    assert not catalogue.exercises["bridge"].desk_friendly


def test_every_built_in_movement_has_an_action_to_say_before_the_clock(catalogue):
    for ex in catalogue.exercises.values():
        for m in ex.movements:
            assert m.action, f"{ex.id}/{m.id}"
        if ex.posture == "lying on the side":
            assert "{side}" in ex.side_setup, ex.id
            assert "{other}" in ex.side_setup, ex.id


def test_rest_and_end_hold_pictures_are_named_for_the_screen(catalogue):
    ex = catalogue.exercises
    assert ex["bridge"].rest_illustration == "illustrations/rest/on-back.svg"
    for side_lying in ("glute-med-side-lying", "side-lying-hip-series"):
        assert ex[side_lying].rest_illustration == "illustrations/rest/on-side.svg"
    assert ex["seated-leg-to-chest"].rest_illustration == "illustrations/rest/seated.svg"
    for exercise in ex.values():
        rest = exercise.rest_step()
        assert rest is None or rest.illustration_path().is_file(), exercise.id
    lift = ex["glute-med-side-lying"].movements[0]
    end = lift.end_hold_step()
    assert end is not None
    assert end.illustration == "illustrations/glute-med-side-lying/end-hold.svg"
    assert end.text == lift.end_hold_text == "Hold the leg up and back."
    assert end.illustration_path().is_file()
    rest = ex["bridge"].rest_step()
    assert rest is not None
    assert rest.illustration == ex["bridge"].rest_illustration


def test_bridge_rep_lifts_squeezes_then_lowers_and_rests_within_six_seconds(catalogue):
    (bridge,) = catalogue.exercises["bridge"].movements
    assert [s.id for s in bridge.steps] == ["lift", "squeeze", "lower"]
    assert sum(s.seconds for s in bridge.steps) == bridge.rep_seconds == 6
    lower = bridge.steps[-1]
    assert lower.seconds >= 3  # lower, then a few seconds resting on the floor
    assert "rest" in lower.say


def test_routines_list_their_exercises_in_order(catalogue):
    r = catalogue.routines
    assert r["desk-break"].exercises == ("seated-leg-to-chest",)
    assert r["floor-stretches"].exercises == (
        "knee-to-chest",
        "lower-back-rotation",
        "seated-leg-cross",
    )
    assert r["glute-strength"].exercises == (
        "bridge",
        "glute-med-side-lying",
        "side-lying-hip-series",
    )
    full = r["full-program"].exercises
    assert sorted(full) == sorted(catalogue.exercises)
    stretches = {"seated-leg-to-chest", "seated-leg-cross", "knee-to-chest", "lower-back-rotation"}
    assert set(full[:4]) == stretches


def write(tmp_path: Path, data, name="mine.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def one_exercise(**changes) -> dict:
    data = builtin_data()
    ex = next(e for e in data["exercises"] if e["id"] == "bridge")
    ex = {**ex, "id": "my-bridge", "name": "My bridge", **changes}
    return {"version": 1, "exercises": [ex], "routines": []}


BAD_FILES = {
    "syntax error": ('{"version": 1,,}', "line 1 column", "not valid JSON"),
    "not an object": ("[1, 2]", "$", "JSON object"),
    "missing field": (None, "$.exercises[0]", "missing required field: sets"),
    "wrong type": (one_exercise(sets="three"), "$.exercises[0].sets", "not of type 'integer'"),
    "zero sets": (one_exercise(sets=0), "$.exercises[0].sets", "less than the minimum of 1"),
    "reps outside range": (None, "$.exercises[0].movements[0].reps", "outside its range 5-15"),
    "rest outside range": (
        one_exercise(rest_between_sets_seconds=20),
        "$.exercises[0].rest_between_sets_seconds",
        "rest_between_sets_seconds = 20 is outside its range 60-600",
    ),
    "duplicate id": (None, "$.exercises[1].id", "duplicate id 'my-bridge'"),
    "unknown exercise in routine": (
        {"version": 1, "routines": [{"id": "r", "name": "R", "exercises": ["brige"]}]},
        "$.routines[0].exercises[0]",
        "unknown exercise id 'brige'; did you mean 'bridge'",
    ),
    "bad version": ({"version": 7}, "$.version", "version 7 is not supported"),
    "NaN": ('{"version": NaN}', "$", "not valid JSON"),
    "hold and reps together": (None, "$.exercises[0].movements[0]", "either hold_seconds"),
    "unknown word in an action": (
        None,
        "$.exercises[0].movements[0].action",
        "names {leg}; only {side} and {other} can be filled in",
    ),
    "broken brace in side setup": (
        one_exercise(side_setup="Lie on your {other side"),
        "$.exercises[0].side_setup",
        "is not a valid template",
    ),
    "a side named where there are none": (
        None,
        "$.exercises[0].movements[0].action",
        "names a side, but the exercise has none",
    ),
    "step seconds off the tempo": (
        None,
        "$.exercises[0].movements[0].steps",
        "the steps' seconds add up to 7, not the rep_seconds of 6",
    ),
    "step seconds on some steps only": (
        None,
        "$.exercises[0].movements[0].steps",
        "give seconds for every step of the movement, or for none",
    ),
    "a routine with an exercise's id in the file": (
        None,
        "$.routines[0].id",
        "id 'my-bridge' is already an exercise in this file",
    ),
    "an exercise with a routine's id in the file": (
        None,
        "$.exercises[0].id",
        "id 'my-bridge' is already a routine in this file",
    ),
    "a routine with a built-in exercise's id": (
        {
            "version": 1,
            "routines": [{"id": "bridge", "name": "Bridge routine", "exercises": ["bridge"]}],
        },
        "$.routines[0].id",
        "id 'bridge' is an exercise in the built-in catalogue; a routine cannot replace it",
    ),
    "an exercise with a built-in routine's id": (
        one_exercise(id="desk-break"),
        "$.exercises[0].id",
        "id 'desk-break' is a routine in the built-in catalogue; an exercise cannot replace it",
    ),
    "an over-long exercise name": (
        one_exercise(name="Bridge " * 2000),
        "$.exercises[0].name",
        "is 14,000 characters long; at most 80 are allowed",
    ),
}


def _bad_data(case: str):
    data, _, _ = BAD_FILES[case]
    if data is not None:
        return data
    if case == "missing field":
        d = one_exercise()
        del d["exercises"][0]["sets"]
        return d
    if case == "reps outside range":
        d = one_exercise(ranges={"reps": {"min": 5, "max": 15}})
        d["exercises"][0]["movements"][0]["reps"] = 40
        return d
    if case == "duplicate id":
        d = one_exercise()
        d["exercises"].append(dict(d["exercises"][0]))
        return d
    if case == "unknown word in an action":
        d = one_exercise()
        d["exercises"][0]["movements"][0]["action"] = "Lift your {leg}"
        return d
    if case == "a side named where there are none":
        d = one_exercise()  # the bridge has no sides
        d["exercises"][0]["movements"][0]["action"] = "Lift your {side} hip"
        return d
    if case.startswith("step seconds"):
        d = one_exercise()
        steps = d["exercises"][0]["movements"][0]["steps"]
        if case == "step seconds off the tempo":
            steps[0]["seconds"] = 2.5
        else:
            del steps[0]["seconds"]
        return d
    if case.endswith("id in the file"):
        routines = [{"id": "my-bridge", "name": "Mine", "exercises": ["bridge"]}]
        d = one_exercise()
        if case.startswith("a routine"):
            return {**d, "routines": routines}
        return {"version": 1, "routines": routines, "exercises": d["exercises"]}
    if case == "hold and reps together":
        d = one_exercise()
        d["exercises"][0]["movements"][0]["hold_seconds"] = 10
        return d
    raise AssertionError(case)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_user_file_names_file_path_and_problem_and_keeps_builtins(tmp_path, case):
    path = write(tmp_path, _bad_data(case))
    _, where, what = BAD_FILES[case]
    cat = load_catalogue([path])
    assert len(cat.exercises) == 7, "the built-in catalogue must survive a bad user file"
    messages = [str(p) for p in cat.problems]
    assert messages, "a bad file must report a problem"
    assert any(str(path) in m and where in m and what in m for m in messages), messages


def test_user_file_overrides_builtin_by_id_and_adds_new_entries(tmp_path):
    data = one_exercise()
    data["exercises"][0]["id"] = "bridge"
    data["exercises"][0]["name"] = "Bridge, my way"
    data["routines"] = [{"id": "mine", "name": "Mine", "exercises": ["bridge", "knee-to-chest"]}]
    cat = load_catalogue([write(tmp_path, data)])
    assert cat.problems == ()
    assert cat.exercises["bridge"].name == "Bridge, my way"
    assert cat.routines["mine"].exercises == ("bridge", "knee-to-chest")
    assert len(cat.exercises) == 7


def test_unreadable_and_missing_files_are_problems_not_crashes(tmp_path):
    missing = tmp_path / "nope.json"
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    cat = load_catalogue([missing, binary])
    assert len(cat.exercises) == 7
    messages = " | ".join(map(str, cat.problems))
    assert "nope.json: $: cannot be read" in messages
    assert "binary.json: $: not UTF-8" in messages


def test_validate_reports_every_problem_and_a_summary(tmp_path):
    d = one_exercise(sets=0)
    d["routines"] = [{"id": "r", "name": "R", "exercises": ["nothing-here"]}]
    problems, summary = validate_file(write(tmp_path, d))
    assert any("$.exercises[0].sets" in str(p) for p in problems)
    assert "2 problems" in summary or "problem" in summary
    ok_problems, ok_summary = validate_file(resources.catalogue_path())
    assert ok_problems == []
    assert "valid, 7 exercises and 4 routines" in ok_summary


def test_shipped_schema_accepts_the_shipped_catalogue():
    import jsonschema

    schema = json.loads(resources.schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(builtin_data())) == []


def test_schema_problems_and_unknown_routine_ids_are_reported_together(tmp_path):
    d = one_exercise(sets=0)
    d["routines"] = [{"id": "r", "name": "R", "exercises": ["my-bridge", "brige"]}]
    problems, summary = validate_file(write(tmp_path, d))
    paths = [p.path for p in problems]
    assert paths == ["$.exercises[0].sets", "$.routines[0].exercises[1]"]
    assert "did you mean 'bridge'" in str(problems[1])
    assert summary.endswith("2 problems")


def bridge_routine() -> dict:
    return {"id": "bridge", "name": "Bridge routine", "exercises": ["bridge", "knee-to-chest"]}


def test_validate_refuses_a_routine_named_like_a_built_in_exercise(tmp_path):
    """Valid before: the list then showed two 'bridge' rows and the routine's card started
    the exercise."""
    path = write(tmp_path, {"version": 1, "routines": [bridge_routine()]})
    problems, summary = validate_file(path)
    assert [(p.path, p.message) for p in problems] == [
        (
            "$.routines[0].id",
            "id 'bridge' is an exercise in the built-in catalogue; a routine cannot replace it",
        )
    ]
    assert summary.endswith("1 problem")
    cat = load_catalogue([path])
    assert "bridge" not in cat.routines
    assert cat.kind_of("bridge") == "exercise"
    assert cat.ids().count("bridge") == 1


def test_a_user_exercise_cannot_hide_the_desk_break_routine(tmp_path):
    path = write(tmp_path, one_exercise(id="desk-break", name="Desk break"))
    cat = load_catalogue([path])
    assert "desk-break" not in cat.exercises
    assert cat.routines["desk-break"].exercises == ("seated-leg-to-chest",)
    assert [str(p) for p in cat.problems] == [
        f"{path}: $.exercises[0].id: id 'desk-break' is a routine in the built-in catalogue;"
        " an exercise cannot replace it"
    ]


def test_a_later_file_cannot_turn_an_earlier_files_routine_into_an_exercise(tmp_path):
    first = write(tmp_path, {"version": 1, "routines": [{**bridge_routine(), "id": "mine"}]})
    second = write(tmp_path, one_exercise(id="mine"), name="second.json")
    third = write(tmp_path, {"version": 1, "routines": [bridge_routine()]}, name="third.json")
    cat = load_catalogue([first, second, third])
    assert cat.kind_of("mine") == "routine"
    assert cat.kind_of("bridge") == "exercise"
    assert [(p.file, p.path, p.message) for p in cat.problems] == [
        (
            str(second),
            "$.exercises[0].id",
            f"id 'mine' is a routine in {first}; an exercise cannot replace it",
        ),
        (
            str(third),
            "$.routines[0].id",
            "id 'bridge' is an exercise in the built-in catalogue; a routine cannot replace it",
        ),
    ]


def test_entries_still_replace_ones_of_their_own_kind(tmp_path):
    routine = {"id": "desk-break", "name": "My desk break", "exercises": ["knee-to-chest"]}
    first = write(tmp_path, {"version": 1, "routines": [{**routine, "id": "mine"}]})
    second = write(
        tmp_path,
        {"version": 1, "routines": [routine, {**routine, "id": "mine"}]},
        name="second.json",
    )
    cat = load_catalogue([first, second])
    assert cat.problems == ()
    assert cat.routines["desk-break"].name == "My desk break"
    assert cat.routines["mine"].exercises == ("knee-to-chest",)


def test_a_file_may_hold_an_id_once_whatever_its_kind(tmp_path):
    d = one_exercise()
    d["routines"] = [{"id": "my-bridge", "name": "Mine", "exercises": ["my-bridge"]}]
    problems, summary = validate_file(write(tmp_path, d))
    assert [(p.path, p.message) for p in problems] == [
        ("$.routines[0].id", "id 'my-bridge' is already an exercise in this file")
    ]
    assert summary.endswith("1 problem")


@pytest.mark.parametrize(
    "where",
    ["$.exercises[0].name", "$.exercises[0].movements[0].name", "$.routines[0].name"],
)
def test_names_are_at_most_80_characters(tmp_path, where):
    def with_name(name: str) -> dict:
        d = one_exercise()
        d["routines"] = [{"id": "mine", "name": "Mine", "exercises": ["my-bridge"]}]
        holder = d["routines"][0] if where.startswith("$.routines") else d["exercises"][0]
        if ".movements[0]" in where:
            holder = holder["movements"][0]
        holder["name"] = name
        return d

    assert validate_file(write(tmp_path, with_name("n" * 80)))[0] == []
    problems, _ = validate_file(write(tmp_path, with_name("n" * 81)))
    assert [(p.path, p.message) for p in problems] == [
        (where, f"{'n' * 30 + '...'!r} is 81 characters long; at most 80 are allowed")
    ]


LONG_TEXT = "x" * 401
LONG_TEXTS = {
    "setup[0].text": lambda ex: ex["setup"][0].update(text=LONG_TEXT),
    "movements[0].steps[0].say": lambda ex: ex["movements"][0]["steps"][0].update(say=LONG_TEXT),
    "movements[0].action": lambda ex: ex["movements"][0].update(action=LONG_TEXT),
    "tips[0]": lambda ex: ex.update(tips=[LONG_TEXT]),
    "cautions[0]": lambda ex: ex.update(cautions=[LONG_TEXT]),
    "summary": lambda ex: ex.update(summary=LONG_TEXT),
}


@pytest.mark.parametrize("where", sorted(LONG_TEXTS))
def test_texts_are_at_most_400_characters(tmp_path, where):
    d = one_exercise()
    LONG_TEXTS[where](d["exercises"][0])
    problems, _ = validate_file(write(tmp_path, d))
    assert [p.path for p in problems] == [f"$.exercises[0].{where}"]
    assert problems[0].message.endswith("is 401 characters long; at most 400 are allowed")


def test_a_routine_of_more_than_fifty_exercises_is_refused_by_file_and_path(tmp_path):
    """One exercise listed 2,000 times (58 KB) was valid, and `list` then took a minute
    and more than a gigabyte to time it; fifty are far more than a session needs."""
    fifty = {"id": "fifty", "name": "Fifty", "exercises": ["bridge"] * 50}
    cat = load_catalogue([write(tmp_path, {"version": 1, "routines": [fifty]})])
    assert cat.problems == ()
    assert len(cat.routines["fifty"].exercises) == 50

    too_many = write(
        tmp_path, {"version": 1, "routines": [{**fifty, "exercises": ["bridge"] * 51}]}
    )
    cat = load_catalogue([too_many])
    assert "fifty" not in cat.routines
    assert len(cat.exercises) == 7, "the built-in catalogue stays"
    (problem,) = cat.problems
    assert (problem.file, problem.path) == (str(too_many), "$.routines[0].exercises")
    assert problem.message == "51 entries; at most 50 are allowed", "not the whole list again"
