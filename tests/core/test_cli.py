"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import easeback


def test_version():
    from easeback import __version__

    assert easeback("--version").stdout.strip() == f"Easeback {__version__}"


def test_list_shows_every_exercise_and_routine_with_length():
    out = easeback("list").stdout
    for item in (
        "seated-leg-to-chest",
        "bridge",
        "side-lying-hip-series",
        "desk-break",
        "full-program",
    ):
        assert item in out
    assert "desk-friendly" in out
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    names = {
        line.index(name)
        for line in lines
        for name in ("Desk break", "Full program", "Bridge")
        if name in line
    }
    assert len(names) == 1, "names line up, even after 'floor/seated'"
    rows = json.loads(easeback("list", "--json").stdout)
    assert len(rows) == 11
    bridge = next(r for r in rows if r["id"] == "bridge")
    assert bridge["position"] == "floor"
    assert bridge["total_seconds"] > 6 * 60


def test_plan_table_for_glute_medius_shows_sets_end_holds_rests_and_switch():
    out = easeback("plan", "glute-med-side-lying").stdout
    assert out.count("Lift and sweep back: 10 reps, left leg") == 3
    assert out.count("Lift and sweep back: 10 reps, right leg") == 3
    assert out.count("end hold") == 6
    assert out.count("rest ") >= 4
    assert "Switch to the right leg" in out
    assert "Total:" in out


def test_plan_json_matches_the_contract():
    data = json.loads(easeback("plan", "seated-leg-to-chest", "--json").stdout)
    holds = [p for p in data["phases"] if p["kind"] == "hold"]
    assert [(p["side"], p["seconds"]) for p in holds] == [("left", 120), ("right", 120)]
    assert data["total_seconds"] == pytest.approx(sum(p["seconds"] for p in data["phases"]))
    floats = ("seconds", "start", "rep_seconds")  # the contract's floats, whole or not
    for phase in data["phases"]:
        assert all(isinstance(phase[k], float) for k in floats if phase.get(k) is not None), phase


def test_plan_choices_on_the_command_line():
    data = json.loads(easeback("plan", "side-lying-hip-series", "--json", "--reps", "8").stdout)
    reps = [p for p in data["phases"] if p["kind"] == "reps"]
    assert {p["reps"] for p in reps} == {8}
    knee = json.loads(easeback("plan", "knee-to-chest", "--json", "--sets", "2").stdout)
    assert len([p for p in knee["phases"] if p["kind"] == "hold"]) == 2 * 2  # each leg
    bad = easeback("plan", "side-lying-hip-series", "--reps", "99", check=False)
    assert bad.returncode == 2
    assert "reps = 99 is outside the allowed range" in bad.stderr


def test_unknown_id_exits_non_zero_and_suggests():
    result = easeback("plan", "glute-med", check=False)
    assert result.returncode == 2
    assert "no exercise or routine called 'glute-med'" in result.stderr
    assert "glute-med-side-lying" in result.stderr


def test_validate_exit_codes_and_messages(tmp_path):
    from easeback.core import resources

    good = easeback("validate", str(resources.catalogue_path()))
    assert "valid, 7 exercises and 4 routines" in good.stdout
    bad_file = tmp_path / "bad.json"
    bad_file.write_text('{"version": 1, "exercises": [{"id": "x"}]}', encoding="utf-8")
    bad = easeback("validate", str(bad_file), check=False)
    assert bad.returncode == 1
    assert f"{bad_file}: $.exercises[0]: missing required fields: name, position" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_a_broken_user_catalogue_warns_and_the_builtins_still_work(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", encoding="utf-8")
    result = easeback("--catalogue", str(broken), "list")
    assert "broken.json" in result.stderr
    assert "not valid JSON" in result.stderr
    assert "bridge" in result.stdout


def test_a_corrupt_settings_file_warns_once_and_moves_it_aside(easeback_home):
    settings = easeback_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("garbage", encoding="utf-8")
    first = easeback("list")
    assert "settings.json.bak" in first.stderr
    second = easeback("list")
    assert "settings" not in second.stderr


def test_status_reads_no_settings_or_catalogue_so_a_status_bar_polling_it_stays_quiet(
    easeback_home, tmp_path
):
    settings = easeback_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("garbage", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", encoding="utf-8")
    result = easeback("--catalogue", str(broken), "status", check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "easeback: Easeback is not running (start it with: easeback)"
    assert settings.read_text(encoding="utf-8") == "garbage"  # not moved aside by status
    assert "settings.json.bak" in easeback("list").stderr  # a command that reads it says so


@pytest.mark.parametrize(
    "argv",
    [
        ["--catalogue", "a.json", "list"],
        ["list", "--catalogue", "a.json"],
        ["--catalogue", "a.json", "plan", "bridge"],
        ["plan", "bridge", "--catalogue", "a.json"],
        ["run", "bridge", "--catalogue", "a.json"],
        ["--catalogue", "a.json", "validate", "b.json"],
    ],
)
def test_the_catalogue_option_is_read_before_or_after_the_command(argv):
    from easeback.cli import parse_args

    assert [str(p) for p in parse_args(argv).catalogue_files] == ["a.json"]


def test_a_catalogue_given_before_and_after_the_command_keeps_both():
    from easeback.cli import parse_args

    args = parse_args(["--catalogue", "a.json", "run", "bridge", "--catalogue", "b.json"])
    assert [str(p) for p in args.catalogue_files] == ["a.json", "b.json"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--catalogue"], "expected one argument"),
        (["--remind-every", "soon"], "invalid float value"),
        (["--remind-every", "0"], "above 0"),
        (["frobnicate"], "invalid choice"),
        (["--frobnicate"], "unrecognized arguments"),
    ],
)
def test_mistakes_on_the_command_line_get_the_parser_s_message(argv, expected):
    result = easeback(*argv, check=False)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "usage: easeback [-h]" in result.stderr


def test_help_lists_the_commands():
    out = easeback("--help").stdout
    for command in ("list", "plan", "validate", "run", "voices", "export-audio", "history"):
        assert command in out


def user_catalogue(tmp_path, *, exercises=(), routines=()):
    """A user catalogue file of exercises made from the built-in bridge (with changes)."""
    from easeback.core import resources

    builtin = json.loads(resources.catalogue_path().read_text(encoding="utf-8"))
    bridge = next(e for e in builtin["exercises"] if e["id"] == "bridge")
    data = {
        "version": 1,
        "exercises": [{**bridge, **changes} for changes in exercises],
        "routines": list(routines),
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_list_gives_each_item_the_length_of_its_compiled_plan():
    """`list` times items without placing their cues (``plan_seconds``): the figures
    are the compiled plans' to the last digit."""
    from easeback.core.catalogue import load_catalogue
    from easeback.core.plan import compile_plan
    from easeback.core.settings import Settings
    from easeback.core.time import format_clock

    catalogue, options = load_catalogue(), Settings().plan_options()
    whole = {i: compile_plan(catalogue, i, options).total_seconds for i in catalogue.ids()}
    rows = json.loads(easeback("list", "--json").stdout)
    assert {r["id"]: r["total_seconds"] for r in rows} == pytest.approx(whole, abs=1e-9)
    lines = easeback("list").stdout.splitlines()
    for item_id, seconds in whole.items():
        (line,) = [line for line in lines if line.split()[:1] == [item_id]]
        assert line.split()[1] == format_clock(seconds), line


def test_list_times_a_routine_too_long_to_coach_and_plan_says_why(tmp_path):
    """Fifty sets of 200 reps, twice: more cues than a plan may hold. `list` used to
    compile every plan in full only to print its length."""
    from easeback.core.catalogue import load_catalogue
    from easeback.core.plan import plan_seconds
    from easeback.core.time import format_clock

    marathon = {"id": "marathon", "name": "Marathon", "sets": 50, "ranges": {}}
    path = user_catalogue(
        tmp_path,
        exercises=[marathon],
        routines=[{"id": "twice", "name": "Twice", "exercises": ["marathon", "marathon"]}],
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    data["exercises"][0]["movements"][0]["reps"] = 200
    path.write_text(json.dumps(data), encoding="utf-8")
    length = format_clock(plan_seconds(load_catalogue([path]), "twice"))

    listed = easeback("--catalogue", str(path), "list")
    (line,) = [line for line in listed.stdout.splitlines() if line.startswith("  twice ")]
    assert line.split()[1] == length
    refused = easeback("--catalogue", str(path), "plan", "twice", check=False)
    assert refused.returncode == 2
    assert refused.stderr.startswith("easeback: twice is too long to coach:")


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize(
    "command", [["list"], ["list", "--json"], ["plan", "full-program", "--cues"], ["history"]]
)
def test_output_to_a_full_disk_is_one_line_and_exit_1(command):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "easeback", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == "easeback: cannot write the output: No space left on device\n"


@pytest.mark.skipif(os.name != "posix", reason="closes the descriptor with a POSIX shell")
@pytest.mark.parametrize("command", [["list"], ["history", "--csv"], ["plan", "bridge"]])
def test_a_closed_standard_output_is_one_line_and_exit_1(command):
    """`list >&-` ended 0 with everything lost; `history --csv >&-` in a traceback."""
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "easeback", *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == "easeback: cannot write the output: standard output is closed\n"


def test_a_name_the_output_encoding_cannot_hold_is_escaped_not_a_traceback(tmp_path, monkeypatch):
    path = user_catalogue(tmp_path, exercises=[{"id": "etirement", "name": "Étirement"}])
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    out = easeback("--catalogue", str(path), "list").stdout
    (line,) = [line for line in out.splitlines() if "etirement" in line]
    assert line.rstrip().endswith("\\xc9tirement")
    assert "\\xc9tirement" in easeback("--catalogue", str(path), "plan", "etirement").stdout
