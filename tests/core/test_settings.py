"""Settings survive a restart, are written atomically, and a broken file never stops the app."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import platformdirs
import pytest

from easeback import APP_NAME
from easeback.core.paths import paths
from easeback.core.plan import ExerciseOverride
from easeback.core.settings import Settings, load_settings, save_settings


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
    assert "settings.json.bak" in message
    assert (path.parent / "settings.json.bak").read_text(encoding="utf-8") == "{ this is not json"
    assert not path.exists()
    # the next start is quiet again
    save_settings(settings)
    assert load_settings()[1] is None


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
