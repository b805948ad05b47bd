"""Start-up: the library is drawn first, the session side follows right after.

These run the real start-up path (``launch``) in a fresh interpreter, because
what they check is what a new process loads before its first paint. Each test
has its own Easeback home (tests/conftest.py), so the first run in a test is a
first start: no snapshot of the first frame yet (easeback.ui.first_frame).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIRST_FRAME = r"""
import json, sys
# the core modules of the catalogue, plan and settings (paths and resources are light)
CORE = {"easeback.core.catalogue", "easeback.core.cues", "easeback.core.plan",
        "easeback.core.settings", "easeback.commands"}
from easeback.cli import parse_args
args = parse_args(sys.argv[1:])
from easeback.ui.app import launch
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject, QTimer

app, window = launch(args)
seen = {"attached_at_launch": window.attached}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen:
            seen["paint"] = {
                # PySide6 builds ~150 Python enums when the Qt namespace is first used
                "qt_namespace_built": "Qt" in QtCore.__dict__,
                "core_loaded": sorted(set(sys.modules) & CORE),
                "attached": window.attached,
                "cards": [c.entry[:6] for c in window.library.visible_cards()],
                "banner": window.banner.isVisibleTo(window),
                "size": [window.width(), window.height()],
                "menus": [a.text() for a in window.menuBar().actions()],
            }
        return False

def ready():
    seen["ready"] = {
        "cards": [c.entry[:6] for c in window.library.visible_cards()],
        "attached": window.attached,
        "icon": not app.windowIcon().isNull(),  # set after the first paint
        "session_actions": [a.text() for a in window.menus.session_menu.actions()],
        "pages": window.pages.count(),
    }
    QTimer.singleShot(0, app.quit)

painter = FirstPaint()
window.installEventFilter(painter)
if window.attached:  # run ID and --start-hidden: all was brought up in launch
    ready()
else:
    window.ready.connect(ready)
QTimer.singleShot(20000, app.quit)  # a hang fails below instead of blocking the run
app.exec()
print(json.dumps(seen))
"""


def run_first_frame(*args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, "--no-voice", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_library_is_painted_before_the_session_side_and_without_the_qt_enums():
    seen = run_first_frame()
    assert seen["attached_at_launch"] is False
    first = seen["paint"]
    assert len(first["cards"]) == 11  # every exercise and routine, with its length
    assert first["cards"] == seen["ready"]["cards"]
    assert first["attached"] is False
    assert first["menus"] == ["&Easeback", "&Session", "&Help"]
    assert first["qt_namespace_built"] is False, (
        "a module on the first-frame path uses PySide6.QtCore.Qt at import or in "
        "__init__: import it inside the function that needs it (see main_window.py)"
    )
    # ...and right after the first paint the rest is there
    ready = seen["ready"]
    assert ready["attached"] is True
    assert ready["icon"] is True
    assert ready["session_actions"] == ["Back", "Pause", "Skip", "Stop", "Mute"]
    assert ready["pages"] == 3


@pytest.mark.parametrize("args", [("run", "desk-break"), ("--start-hidden",)])
def test_run_and_hidden_starts_bring_everything_up_before_anything_is_shown(args):
    seen = run_first_frame(*args)
    assert seen["attached_at_launch"] is True
    assert seen["ready"]["attached"] is True


def launched(qtbot):
    from easeback.cli import parse_args
    from easeback.ui.app import launch

    _app, window = launch(parse_args(["--no-voice"]))
    qtbot.addWidget(window)
    return window


def test_after_the_first_paint_the_window_starts_a_session_as_usual(qtbot):
    window = launched(qtbot)
    assert not window.attached
    qtbot.waitUntil(lambda: window.attached, timeout=10000)
    assert window.menus.session_menu.isEnabled()
    assert window.start("desk-break")
    assert window.windowTitle().endswith("· Easeback")
    assert window.controller.active
    window.quit_app()
    window.history.close()


def test_a_window_closed_right_after_its_first_paint_brings_nothing_up(qtbot):
    from PySide6.QtCore import QEvent, QObject, QTimer

    window = launched(qtbot)

    class CloseAtOnce(QObject):
        # installed after launch's own filter, so it runs first: its close is queued
        # ahead of the start-up follow-up, as when someone closes the window that fast
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, window.quit_app)
            return False

    closer = CloseAtOnce(window)
    window.installEventFilter(closer)
    qtbot.waitUntil(lambda: window.gone, timeout=10000)
    with qtbot.assertNotEmitted(window.ready, wait=300):
        pass
    assert not window.attached


def snapshot_file(home) -> Path:
    return home / "cache" / "first-frame.json"


def test_the_next_start_draws_the_library_from_the_snapshot_before_loading_the_core(
    easeback_home,
):
    first = run_first_frame()
    assert first["paint"]["core_loaded"]  # a first start: loaded to draw the cards
    assert snapshot_file(easeback_home).is_file()

    again = run_first_frame()
    assert again["paint"]["core_loaded"] == [], "the snapshot was not used"
    assert again["paint"]["qt_namespace_built"] is False
    assert again["paint"]["cards"] == first["paint"]["cards"]  # the same names and lengths
    assert again["paint"]["banner"] is True  # the safety notice, not dismissed yet
    assert again["ready"]["attached"] is True
    assert again["ready"]["cards"] == first["ready"]["cards"]


def card_length(seen: dict, phase: str, item_id: str) -> str:
    return next(card[5] for card in seen[phase]["cards"] if card[0] == item_id)


def test_changed_settings_make_the_snapshot_stale_so_the_new_lengths_show_at_once(
    easeback_home,
):
    run_first_frame()  # writes the snapshot
    before = run_first_frame()
    settings = easeback_home / "config" / "settings.json"
    data = json.loads(settings.read_text()) if settings.is_file() else {}
    data["overrides"] = {"bridge": {"reps": 10}}  # 15 by default
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps(data))

    after = run_first_frame()
    assert after["paint"]["core_loaded"]  # the settings changed: drawn from them instead
    assert card_length(after, "paint", "bridge") != card_length(before, "paint", "bridge")
    assert after["paint"]["cards"] == after["ready"]["cards"]


def test_a_snapshot_that_disagrees_with_the_catalogue_is_corrected_right_after_the_paint(
    easeback_home,
):
    true = run_first_frame()
    snapshot = snapshot_file(easeback_home)
    data = json.loads(snapshot.read_text())
    bridge = next(row for row in data["entries"] if row[0] == "bridge")
    bridge[5] = "99:99"  # sources unchanged, content wrong (a bug, or edited by hand)
    snapshot.write_text(json.dumps(data))

    seen = run_first_frame()
    assert card_length(seen, "paint", "bridge") == "99:99"  # drawn as the snapshot said...
    assert card_length(seen, "ready", "bridge") == card_length(true, "ready", "bridge")
    # ...put right, and the snapshot with it
    assert "99:99" not in snapshot.read_text()


@pytest.mark.parametrize(
    "content",
    ["", "{not json", "[]", '{"format": 1}', "BROKEN"],
    ids=["empty", "not-json", "a-list", "missing-keys", "garbage"],
)
def test_a_broken_snapshot_only_means_the_usual_start(easeback_home, content):
    run_first_frame()
    snapshot_file(easeback_home).write_text(content)
    seen = run_first_frame()
    assert seen["paint"]["core_loaded"]
    assert len(seen["paint"]["cards"]) == 11
    assert json.loads(snapshot_file(easeback_home).read_text())["format"] == 1  # rewritten


def test_a_snapshot_with_wrong_types_is_not_drawn(easeback_home):
    run_first_frame()
    snapshot = snapshot_file(easeback_home)
    data = json.loads(snapshot.read_text())
    data["entries"][0][2] = 42  # a name that is not text
    snapshot.write_text(json.dumps(data))
    seen = run_first_frame()
    assert seen["paint"]["core_loaded"]
    assert len(seen["paint"]["cards"]) == 11


def test_settings_saved_while_running_keep_the_snapshot_current(qtbot, easeback_home):
    window = launched(qtbot)
    qtbot.waitUntil(lambda: window.attached, timeout=10000)
    window.resize(760, 580)  # within the offscreen screen (800 x 600)
    window.banner.dismiss.click()  # saves the settings: the snapshot follows
    window.quit_app()  # saves the window's size too
    window.history.close()

    seen = run_first_frame()
    assert seen["paint"]["core_loaded"] == []
    assert seen["paint"]["size"] == [760, 580]
    assert seen["paint"]["banner"] is False
