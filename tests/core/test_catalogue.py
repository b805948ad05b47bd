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


def test_ranges_follow_the_sources(catalogue):
    ex = catalogue.exercises
    assert (
        ex["glute-med-side-lying"].reps_range.min,
        ex["glute-med-side-lying"].reps_range.max,
    ) == (5, 15)
    assert (ex["seated-leg-cross"].hold_range.min, ex["seated-leg-cross"].hold_range.max) == (
        60,
        120,
    )
    assert (ex["lower-back-rotation"].hold_range.min, ex["lower-back-rotation"].hold_range.max) == (
        5,
        10,
    )
    assert (ex["knee-to-chest"].sets_range.min, ex["knee-to-chest"].sets_range.max) == (2, 3)
    assert ex["side-lying-hip-series"].reps_range.max == 15
    assert ex["seated-leg-to-chest"].desk_friendly
    assert not ex["bridge"].desk_friendly


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
    "reps outside range": (None, "$.exercises[0].movements[0].reps", "outside its range 5-20"),
    "duplicate id": (None, "$.exercises[1].id", "duplicate id 'my-bridge'"),
    "unknown exercise in routine": (
        {"version": 1, "routines": [{"id": "r", "name": "R", "exercises": ["brige"]}]},
        "$.routines[0].exercises[0]",
        "unknown exercise id 'brige'; did you mean 'bridge'",
    ),
    "bad version": ({"version": 7}, "$.version", "version 7 is not supported"),
    "NaN": ('{"version": NaN}', "$", "not valid JSON"),
    "hold and reps together": (None, "$.exercises[0].movements[0]", "either hold_seconds"),
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
        d = one_exercise()
        d["exercises"][0]["movements"][0]["reps"] = 40
        return d
    if case == "duplicate id":
        d = one_exercise()
        d["exercises"].append(dict(d["exercises"][0]))
        return d
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
