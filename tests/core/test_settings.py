"""Settings survive a restart, are written atomically, and a broken file never stops the app."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
from dataclasses import replace
from pathlib import Path

import platformdirs
import pytest

from easeback import APP_NAME
from easeback.core import defaults
from easeback.core.catalogue import load_catalogue
from easeback.core.paths import paths, write_atomically
from easeback.core.plan import ExerciseOverride, compile_plan
from easeback.core.settings import Settings, load_settings, save_settings
from tests.faults_support import cannot_write, read_only


def test_paths_follow_easeback_home(easeback_home):
    where = paths()
    assert where.settings_file == easeback_home / "config" / "settings.json"
    assert where.history_db.parent == easeback_home / "data"
    assert where.speech_cache.is_relative_to(easeback_home / "cache")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG folders: Linux and BSD")
@pytest.mark.parametrize(
    "xdg",
    [
        {},  # unset: the defaults under HOME
        {"XDG_CONFIG_HOME": "/srv/conf", "XDG_DATA_HOME": "/srv/data", "XDG_CACHE_HOME": "/c"},
        {"XDG_CONFIG_HOME": "", "XDG_DATA_HOME": "  "},  # empty means unset
    ],
)
def test_without_easeback_home_the_folders_are_the_xdg_ones_platformdirs_names(
    monkeypatch, tmp_path, xdg
):
    monkeypatch.delenv("EASEBACK_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in xdg.items():
        monkeypatch.setenv(name, value)
    where = paths()
    assert where.config_dir == Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    assert where.data_dir == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert where.cache_dir == Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    if not xdg:
        assert where.settings_file == tmp_path / ".config" / APP_NAME / "settings.json"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG folders: Linux and BSD")
def test_a_relative_xdg_folder_is_ignored_as_the_spec_says(monkeypatch, tmp_path):
    monkeypatch.delenv("EASEBACK_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    assert paths().data_dir == tmp_path / ".local" / "share" / APP_NAME


def test_settings_round_trip_through_the_file():
    original = Settings(rate=150, verbosity="counts", muted=True, voice="en-gb").with_override(
        "glute-med-side-lying", ExerciseOverride(reps=12, first_side="right")
    )
    save_settings(original)
    loaded, message = load_settings()
    assert message is None
    assert loaded == original
    assert loaded.plan_options().overrides["glute-med-side-lying"].reps == 12


def test_missing_file_gives_defaults_silently():
    assert load_settings() == (Settings(), None)


def test_corrupt_file_is_moved_aside_and_defaults_load_with_a_message():
    path = paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text("{ this is not json", encoding="utf-8")
    settings, message = load_settings()
    assert settings == Settings()
    assert message is not None
    assert str(path) in message
    (backup,) = path.parent.glob("settings.json.bak-*")
    assert str(backup) in message
    assert backup.read_text(encoding="utf-8") == "{ this is not json"
    assert not path.exists()
    # the next start is quiet again
    save_settings(settings)
    assert load_settings()[1] is None


def test_each_broken_file_is_kept_not_only_the_last():
    path = _write_settings("{ first")
    load_settings()
    _write_settings("{ second")
    load_settings()
    kept = sorted(p.read_text(encoding="utf-8") for p in path.parent.glob("settings.json.bak-*"))
    assert kept == ["{ first", "{ second"]


def test_a_byte_order_mark_is_read_past():
    path = _write_settings('\ufeff{"version": 1, "rate": 200}')
    assert load_settings() == (Settings(rate=200), None)
    assert path.exists()


def test_a_hand_edit_with_a_slip_is_moved_aside_when_the_app_saves_not_overwritten():
    path = _write_settings('{"version": 1, "rate": 200}')
    settings, _ = load_settings()  # the app starts
    slip = '{"version": 1, "rate": 250, "snooze_minutes": 30,}'
    path.write_text(slip, encoding="utf-8")  # edited by hand meanwhile: a trailing comma
    message = save_settings(replace(settings, muted=True))  # then the app saves (M pressed)
    (backup,) = path.parent.glob("settings.json.bak-*")
    assert backup.read_text(encoding="utf-8") == slip, "the edit is kept"
    assert message is not None
    assert str(backup) in message, "and the user is told where"
    assert load_settings() == (replace(settings, muted=True), None)


def test_values_of_the_wrong_type_keep_their_default_and_are_named():
    path = paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps({"version": 1, "rate": "fast", "muted": 3, "verbosity": "loud", "volume": 0.5}),
        encoding="utf-8",
    )
    settings, message = load_settings()
    assert settings.rate == Settings().rate
    assert settings.muted is False
    assert settings.verbosity == "full"
    assert settings.volume == 0.5
    assert "rate" in message
    assert "muted" in message
    assert "verbosity" in message


def test_unknown_keys_are_kept_for_newer_versions():
    path = paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "from_the_future": {"a": 1}}), encoding="utf-8")
    settings, _ = load_settings()
    save_settings(settings)
    assert json.loads(path.read_text(encoding="utf-8"))["from_the_future"] == {"a": 1}


def test_saving_leaves_no_temporary_files():
    save_settings(Settings())
    save_settings(Settings(rate=120))
    names = sorted(p.name for p in paths().settings_file.parent.iterdir())
    assert names == ["settings.json"]


# ----------------------------------------------------------------- faults (issue: faults survived)


def _write_settings(text: str) -> Path:
    path = paths().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        '{"version": 1, "prepare_seconds": 1e999}',
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
        '{"version": 1, "rate": NaN}',
        '{"version": 1, "rate": -Infinity}',
    ],
    ids=["1e999", "deep-lists", "deep-objects", "nan", "-inf"],
)
def test_numbers_json_cannot_hold_and_deep_nesting_move_the_file_aside(text):
    path = _write_settings(text)
    settings, message = load_settings()
    assert settings == Settings()
    assert message is not None
    assert str(path) in message
    assert "moved to" in message
    (backup,) = path.parent.glob("settings.json.bak-*")
    assert backup.read_text(encoding="utf-8") == text
    assert not path.exists()


def test_each_bad_value_names_its_field_and_falls_back_while_the_others_are_kept():
    _write_settings(
        json.dumps(
            {
                "version": 1,
                "prepare_seconds": -5,
                "rate": 10**6,
                "volume": 0.4,
                "snooze_minutes": "soon",
                "working_days": [1, 9],
                "working_start": "25:99",
                "muted": True,
            }
        )
    )
    settings, message = load_settings()
    assert settings.prepare_seconds == defaults.PREPARE_SECONDS.low  # clamped up
    assert settings.rate == defaults.RATE.high  # clamped down
    assert settings.snooze_minutes == defaults.SNOOZE_MINUTES.default  # not a number
    assert settings.working_days == Settings().working_days
    assert settings.working_start == Settings().working_start
    assert (settings.volume, settings.muted) == (0.4, True)  # the good ones are kept
    assert message is not None
    for name in ("prepare_seconds", "rate", "snooze_minutes", "working_days", "working_start"):
        assert f"{name}:" in message
    for name in ("volume", "muted"):
        assert f"{name}:" not in message


def test_unknown_keys_inside_an_override_survive_a_save():
    path = _write_settings(
        json.dumps({"version": 2, "overrides": {"bridge": {"reps": 10, "tempo": "slow"}}})
    )
    settings, _ = load_settings()
    assert settings.overrides["bridge"].reps == 10
    assert save_settings(settings.with_override("bridge", ExerciseOverride(reps=12))) is None
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["overrides"]["bridge"] == {"reps": 12, "tempo": "slow"}


def test_an_out_of_range_override_is_clamped_to_the_catalogue_with_its_field_named():
    catalogue = load_catalogue()
    lift = catalogue.exercises["glute-med-side-lying"]
    assert lift.reps_range is not None
    settings = Settings().with_override("glute-med-side-lying", ExerciseOverride(reps=1000))
    settings = settings.with_override("knee-to-chest", ExerciseOverride(sets=0))
    fitted, problems = settings.fitted(catalogue)
    assert fitted.overrides["glute-med-side-lying"].reps == lift.reps_range.max
    assert any("overrides.glute-med-side-lying.reps" in p and "1000" in p for p in problems)
    assert any("overrides.knee-to-chest.sets" in p for p in problems)
    compile_plan(catalogue, "full-program", fitted.plan_options())  # no PlanError
    empty = catalogue.__class__(1, {}, {})
    assert not any("overrides" in p for p in settings.fitted(empty)[1]), "unknown ids: kept quietly"


def test_a_break_routine_missing_this_run_is_said_kept_and_stood_in_for():
    catalogue = load_catalogue()
    saved = Settings(break_routine="my-desk-routine")  # from a user catalogue skipped this run
    fitted, problems = saved.fitted(catalogue)
    assert fitted.break_routine == "my-desk-routine", "kept for when the catalogue is back"
    assert problems == [
        "break_routine: there is no 'my-desk-routine' now; breaks start 'desk-break' meanwhile"
    ]
    assert fitted.break_item(catalogue) == defaults.BREAK_ROUTINE
    assert Settings(break_routine="bridge").break_item(catalogue) == "bridge"


def test_a_saved_choice_for_a_figure_that_is_fixed_is_named_and_not_used():
    catalogue = load_catalogue()
    settings = Settings().with_override("bridge", ExerciseOverride(reps=12, rest_seconds=90))
    fitted, problems = settings.fitted(catalogue)
    assert problems == [
        "overrides.bridge.reps: Bridge's reps cannot be changed (its source gives one figure), "
        "so 12 is not used"
    ]
    assert fitted.overrides["bridge"] == ExerciseOverride(rest_seconds=90)
    plan = compile_plan(catalogue, "bridge", fitted.plan_options())
    assert {p.reps for p in plan.phases if p.kind == "reps"} == {15}


def test_a_save_into_a_read_only_folder_returns_the_problem_and_leaves_nothing(capsys):
    folder = paths().settings_file.parent
    folder.mkdir(parents=True)
    with read_only(folder):
        assert cannot_write(folder)
        first = save_settings(Settings(rate=120))
        second = save_settings(Settings(rate=130))
    assert first is not None
    assert str(paths().settings_file) in first
    assert second == first
    assert capsys.readouterr().err == "", "the core prints nothing: the window tells it once"
    assert [p.name for p in folder.iterdir()] == []  # no 0-byte temporary file
    assert save_settings(Settings(rate=140)) is None  # works again once it can


def test_a_full_disk_on_save_is_reported_not_raised(tmp_path):
    # /dev/full fails every write with ENOSPC, as a full disk does.
    path = paths().settings_file
    path.parent.mkdir(parents=True)
    path.symlink_to("/dev/full")
    message = save_settings(Settings())
    assert message is not None
    assert "No space left" in message
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_a_symlinked_settings_file_stays_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "easeback.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    link = paths().settings_file
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    assert save_settings(Settings(rate=123)) is None
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["rate"] == 123


def test_writing_to_a_device_writes_through_it_instead_of_replacing_it(tmp_path):
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    write_atomically(Path("/dev/null"), b"RIFF....")
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomically(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_hard_linked_file_is_written_in_place_so_both_names_see_it(tmp_path):
    a = tmp_path / "a.json"
    a.write_text("old", encoding="utf-8")
    b = tmp_path / "b.json"
    os.link(a, b)
    write_atomically(a, "new")
    assert b.read_text(encoding="utf-8") == "new"


def test_a_saved_rest_shorter_than_the_pages_is_raised_to_it():
    """The bridge's page rests a minute between sets: longer may be chosen, not shorter."""
    catalogue = load_catalogue()
    settings = Settings().with_override("bridge", ExerciseOverride(rest_seconds=10))
    settings = settings.with_override("glute-med-side-lying", ExerciseOverride(rest_seconds=0))
    fitted, problems = settings.fitted(catalogue)
    assert problems == ["overrides.bridge.rest_seconds: 10 is outside 60-600, using 60"]
    assert fitted.overrides["bridge"].rest_seconds == 60
    assert fitted.overrides["glute-med-side-lying"].rest_seconds == 0  # its page gives none
    plan = compile_plan(catalogue, "bridge", fitted.plan_options())
    assert [p.seconds for p in plan.phases if p.kind == "rest" and not p.final] == [60, 60]


def test_a_hand_edit_made_while_the_app_runs_is_kept_when_it_saves(tmp_path):
    path = tmp_path / "settings.json"
    assert save_settings(Settings(rate=170), path) is None
    settings, message = load_settings(path)
    assert message is None
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    on_disk.update(rate=220, my_note="keep me")  # edited by hand while the app runs
    path.write_text(json.dumps(on_disk), encoding="utf-8")
    assert save_settings(replace(settings, window_geometry="abc"), path) is None
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert (saved["window_geometry"], saved["rate"], saved["my_note"]) == ("abc", 220, "keep me")
    # and on the next save too; a value the app changes itself is the app's
    assert save_settings(replace(settings, window_geometry="abc", muted=True), path) is None
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert (saved["rate"], saved["my_note"], saved["muted"]) == (220, "keep me", True)
    assert save_settings(replace(settings, window_geometry="abc", rate=140), path) is None
    assert json.loads(path.read_text(encoding="utf-8"))["rate"] == 140


def test_a_bad_value_put_right_at_start_is_written_right_at_the_next_save(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"rate": "fast", "muted": True}), encoding="utf-8")
    settings, message = load_settings(path)
    assert "rate" in message
    assert save_settings(settings, path) is None
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["rate"] == settings.rate  # told once: the file is right from now on
    assert saved["muted"] is True
