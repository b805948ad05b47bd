"""Catalogue files a hostile user may write: pictures outside the folder, huge files.

Each limit gives a message naming the file and what is wrong, and the built-in
catalogue stays usable.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from easeback.core import catalogue as catalogue_module
from easeback.core.catalogue import (
    MAX_CATALOGUE_BYTES,
    MAX_SVG_BYTES,
    Step,
    load_catalogue,
    validate_file,
)
from easeback.core.resources import catalogue_path


def _user_catalogue(folder: Path, illustration: str) -> Path:
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    bridge = next(e for e in data["exercises"] if e["id"] == "bridge")
    bridge = json.loads(json.dumps(bridge))
    bridge["id"] = "my-bridge"
    bridge["movements"][0]["steps"][0]["illustration"] = illustration
    path = folder / "mine.json"
    path.write_text(json.dumps({"version": 1, "exercises": [bridge]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["../outside.svg", "/etc/outside.svg", "a/../../outside.svg"])
def test_an_illustration_outside_the_catalogue_folder_is_refused_by_name(tmp_path, name):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (tmp_path / "outside.svg").write_text("<svg/>", encoding="utf-8")
    path = _user_catalogue(folder, name)
    loaded = load_catalogue([path])
    assert "my-bridge" not in loaded.exercises
    assert "bridge" in loaded.exercises  # the built-in catalogue stays
    messages = [str(p) for p in loaded.problems]
    assert any(str(path) in m and "illustration" in m and "is outside" in m for m in messages)


def test_a_symlink_leading_out_of_the_folder_is_outside_too(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "x.svg").write_text("<svg/>", encoding="utf-8")
    (folder / "pics").symlink_to(tmp_path / "secret")
    loaded = load_catalogue([_user_catalogue(folder, "pics/x.svg")])
    assert "my-bridge" not in loaded.exercises
    found = Step("s", "text", "pics/x.svg", base_dir=folder).illustration_path()
    assert found is None or not found.is_relative_to(tmp_path / "secret")


def test_a_step_never_hands_out_a_path_outside_its_folders(tmp_path):
    for name in ("../x.svg", "/etc/passwd.svg", "..\\x.svg"):
        assert Step("s", "t", name, base_dir=tmp_path).illustration_path() is None
        assert Step("s", "t", name).illustration_path() is None


def test_an_illustration_larger_than_the_limit_is_refused(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    big = folder / "big.svg"
    big.write_bytes(b"<svg>" + b" " * MAX_SVG_BYTES + b"</svg>")
    loaded = load_catalogue([_user_catalogue(folder, "big.svg")])
    assert "my-bridge" not in loaded.exercises
    assert any("big.svg" in str(p) and "larger than" in str(p) for p in loaded.problems)
    assert Step("s", "t", "big.svg", base_dir=folder).illustration_path() is None


def test_a_catalogue_larger_than_the_limit_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.json"
    filler = " " * (MAX_CATALOGUE_BYTES + 10)
    path.write_text('{"version": 1, "exercises": []' + filler + "}", encoding="utf-8")
    started = time.monotonic()
    loaded = load_catalogue([path])
    assert time.monotonic() - started < 5  # generous: it is not parsed at all
    assert [str(p) for p in loaded.problems] == [f"{path}: $: larger than 2 MB: not read"]
    assert len(loaded.exercises) == len(load_catalogue().exercises)


def test_validate_of_an_endless_device_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(catalogue_module, "MAX_CATALOGUE_BYTES", 1000)  # quick, same code path
    problems, summary = validate_file(Path("/dev/zero"))
    assert [p.message for p in problems] == ["larger than 1,000 bytes: not read"]
    assert "1 problem" in summary


def test_a_name_of_16000_characters_is_refused_with_a_short_message(tmp_path):
    """Names are spoken before an exercise: this one made the get-ready phase 14 minutes."""
    path = _user_catalogue(tmp_path, "illustrations/bridge/lift.svg")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["exercises"][0]["name"] = "n" * 16_000
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_catalogue([path])
    assert "my-bridge" not in loaded.exercises
    assert "bridge" in loaded.exercises
    problems, summary = validate_file(path)
    assert [(p.path, p.message) for p in problems] == [
        (
            "$.exercises[0].name",
            f"{'n' * 30 + '...'!r} is 16,000 characters long; at most 80 are allowed",
        )
    ]
    assert summary.endswith("1 problem")


def test_a_missing_picture_is_named_by_validate_with_its_step(tmp_path):
    path = _user_catalogue(tmp_path, "pics/nothere.svg")
    problems, summary = validate_file(path)
    (problem,) = problems
    assert problem.path == "$.exercises[0].movements[0].steps[0].illustration"
    assert "'pics/nothere.svg' is neither in" in problem.message
    assert "1 problem" in summary


def test_a_built_in_picture_named_by_a_user_exercise_is_found(tmp_path):
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    bridge = next(e for e in data["exercises"] if e["id"] == "bridge")
    built_in = bridge["movements"][0]["steps"][0]["illustration"]
    assert validate_file(_user_catalogue(tmp_path, built_in))[0] == []


def test_a_file_named_svg_that_is_not_one_is_refused(tmp_path):
    (tmp_path / "photo.svg").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    problems, _ = validate_file(_user_catalogue(tmp_path, "photo.svg"))
    assert [p.message for p in problems] == ["'photo.svg' is not an SVG picture"]


def test_a_catalogue_with_a_byte_order_mark_loads(tmp_path):
    (tmp_path / "lift.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    path = _user_catalogue(tmp_path, "lift.svg")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as some Windows editors save
    loaded = load_catalogue([path])
    assert loaded.problems == ()
    assert "my-bridge" in loaded.exercises
