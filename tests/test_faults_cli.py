"""The command line under hostile input: every case gives a clear message, never a traceback.

Run as a user runs it (``python -m easeback`` in a subprocess, a fresh home each).
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.history import History
from easeback.core.plan import compile_plan
from easeback.core.resources import catalogue_path
from tests.conftest import require_tool
from tests.faults_support import read_only
from tests.helpers.cli import easeback


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["plan", "bridge", "--prepare", "nan"], "argument --prepare: 'nan' is not a number"),
        (["plan", "bridge", "--prepare", "-5"], "'-5' is not a number within 3-60 s"),
        (["history", "--days", "99999999"], "'99999999' is not a whole number within 1-3660"),
        (["plan", "bridge", "--hold", "inf"], "argument --hold: 'inf'"),
        (["plan", "bridge", "--rest", "1e308"], "argument --rest"),
        (["plan", "bridge", "--reps", "2.5"], "'2.5' is not a whole number"),
        (["plan", "bridge", "--rate", "nan"], "argument --rate"),
        (["--remind-every", "inf", "list"], "needs a number of minutes above 0"),
        (
            ["--remind-every", "1e9", "list"],
            "'1e9': needs a number of minutes above 0, at most 480",
        ),
        (["run", "", "--no-voice"], "run needs an exercise or routine id"),
        (["plan", "seated-leg-cross", "--rest", "600"], "runs one set: --rest has no rest"),
    ],
)
def test_a_numeric_option_out_of_its_bounds_is_refused_by_name(argv, expected, easeback_home):
    result = easeback(*argv, home=easeback_home, check=False)
    assert result.returncode == 2
    assert expected in result.stderr


def test_an_out_of_range_saved_override_is_clamped_and_every_exercise_still_listed(
    easeback_home,
):
    settings = easeback_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        json.dumps({"overrides": {"glute-med-side-lying": {"reps": 1000}}}), encoding="utf-8"
    )
    result = easeback("list", "--json", home=easeback_home, check=False)
    assert result.returncode == 0, result.stderr
    listed = {row["id"] for row in json.loads(result.stdout)}
    catalogue = load_catalogue()
    assert listed == set(catalogue.exercises) | set(catalogue.routines)
    assert "overrides.glute-med-side-lying.reps: 1000 is outside 5-15, using 15" in result.stderr
    plan = json.loads(
        easeback("plan", "glute-med-side-lying", "--json", home=easeback_home, check=False).stdout
    )
    assert {p["reps"] for p in plan["phases"] if p.get("reps")} == {15}


def test_a_user_catalogue_narrowing_a_range_under_a_saved_choice_hides_nothing(
    easeback_home, tmp_path
):
    settings = easeback_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        json.dumps({"overrides": {"glute-med-side-lying": {"reps": 18}}}), encoding="utf-8"
    )
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    lift = next(e for e in data["exercises"] if e["id"] == "glute-med-side-lying")
    lift["ranges"]["reps"] = {"min": 5, "max": 12}
    for movement in lift["movements"]:
        if "reps" in movement:
            movement["reps"] = min(movement["reps"], 12)
    mine = tmp_path / "narrow.json"
    mine.write_text(json.dumps({"version": 1, "exercises": [lift]}), encoding="utf-8")
    result = easeback(
        "list", "--catalogue", str(mine), home=easeback_home, check=False
    )  # after the command
    assert result.returncode == 0, result.stderr
    assert "full-program" in result.stdout
    assert "overrides.glute-med-side-lying.reps: 18 is outside 5-12, using 12" in result.stderr


def test_export_audio_to_dev_null_writes_through_the_device(easeback_home):
    require_tool("espeak-ng")
    before = Path("/dev/null").stat()
    result = easeback(
        "export-audio", "knee-to-chest", "-o", "/dev/null", home=easeback_home, check=False
    )
    assert result.returncode == 0, result.stderr
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_rdev, after.st_ino) == (before.st_rdev, before.st_ino)


def test_export_audio_to_a_dash_writes_the_wav_down_the_pipe(easeback_home, tmp_path):
    """``-o -`` is standard output, as for other tools: no file named "-" appears."""
    require_tool("espeak-ng")
    tmp_path = tmp_path / "here"
    tmp_path.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "easeback", "export-audio", "desk-break", "-o", "-"],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "EASEBACK_HOME": str(easeback_home)},
    )
    assert result.returncode == 0, result.stderr
    with wave.open(io.BytesIO(result.stdout)) as track:
        seconds = track.getnframes() / track.getframerate()
    plan = json.loads(easeback("plan", "desk-break", "--json", home=easeback_home).stdout)
    assert seconds == pytest.approx(plan["total_seconds"], abs=0.01)
    assert b"Wrote standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_an_endless_device_ends_with_a_message(easeback_home):
    result = easeback("validate", "/dev/zero", home=easeback_home, check=False)
    assert result.returncode == 1
    assert "/dev/zero: $: larger than 2 MB: not read" in result.stdout


def test_history_in_a_read_only_data_folder_shows_what_it_has_with_a_message(easeback_home):
    assert easeback("history", home=easeback_home, check=False).returncode == 0  # nothing yet: fine
    history = History(easeback_home / "data" / "history.sqlite3")
    history.start_session(compile_plan(load_catalogue(), "desk-break"))
    history.close()
    with read_only(easeback_home / "data") as how:
        if how == "file":
            pytest.skip("needs a read-only folder that keeps its files (chmod or a mount)")
        result = easeback("history", "--json", home=easeback_home, check=False)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sessions"]) == 1
    assert "can only be read here" in result.stderr


@pytest.mark.parametrize("kind", ["broken link", "folder"])
def test_a_user_catalogue_that_is_a_broken_link_or_a_folder_is_reported(easeback_home, kind):
    """A synced folder not mounted yet: the user's exercises are missing, and said so."""
    mine = easeback_home / "data" / "exercises.json"
    mine.parent.mkdir(parents=True)
    if kind == "folder":
        mine.mkdir()
    else:
        mine.symlink_to(easeback_home / "not-mounted" / "exercises.json")
    result = easeback("list", home=easeback_home, check=False)
    assert result.returncode == 0, "the built-in exercises still list"
    assert "seated-leg-to-chest" in result.stdout
    assert f"{mine}: $: cannot be read" in result.stderr
