"""The snapshot of the first frame: kept while its sources stand, dropped when one changes."""

from __future__ import annotations

import json
import os

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.paths import paths
from easeback.core.settings import Settings, save_settings
from easeback.ui.first_frame import Snapshot, frame_of


@pytest.fixture
def snapshot() -> Snapshot:
    save_settings(Settings())
    return Snapshot(paths())


@pytest.fixture
def frame():
    return frame_of(load_catalogue(), Settings())


def test_a_written_frame_reads_back_the_same(snapshot, frame):
    assert snapshot.read() is None  # nothing written yet
    snapshot.write(frame)
    assert snapshot.read() == frame


def test_the_frame_holds_what_the_first_paint_shows(frame):
    catalogue = load_catalogue()
    assert len(frame.entries) == len(catalogue.exercises) + len(catalogue.routines)
    assert frame.cautions == catalogue.cautions
    assert frame.show_cautions is True
    seen = frame_of(catalogue, Settings(cautions_seen=True, window_geometry="abc"))
    assert (seen.show_cautions, seen.geometry) == (False, "abc")


def test_changed_settings_make_it_stale(snapshot, frame):
    snapshot.write(frame)
    save_settings(Settings(prepare_seconds=5))
    assert snapshot.read() is None


def test_a_new_user_catalogue_makes_it_stale(snapshot, frame):
    snapshot.write(frame)
    user = paths().user_catalogue
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text('{"version": 1, "exercises": []}')
    assert snapshot.read() is None


def test_a_catalogue_given_on_the_command_line_counts(tmp_path, frame):
    extra = tmp_path / "mine.json"
    extra.write_text("{}")
    with_extra = Snapshot(paths(), [extra])
    with_extra.write(frame)
    assert with_extra.read() == frame
    assert Snapshot(paths()).read() is None  # another set of sources
    os.utime(extra, ns=(0, 0))
    assert with_extra.read() is None


def test_another_version_s_snapshot_is_not_used(snapshot, frame):
    snapshot.write(frame)
    data = json.loads(snapshot.file.read_text())
    data["version"] = "0.0.1"
    snapshot.file.write_text(json.dumps(data))
    assert snapshot.read() is None


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_the_snapshot(frame):
    where = paths()
    where.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    where.cache_dir.write_text("a file where the folder should be")
    snapshot = Snapshot(where)
    snapshot.write(frame)  # no exception
    assert snapshot.read() is None
