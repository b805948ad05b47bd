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
        "easeback.core.settings"}
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
