"""Start-up: the real path (``easeback``, ``run ID``, ``--start-hidden``) in a fresh process.

A script installs an application-wide event filter, then calls ``easeback.cli.main``;
at the main window's first paint it records what is on screen and uses it at once
(a card's Start button), so "everything on screen works from the first frame" is
checked at the first frame, not after the services are up.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

STARTUP = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from easeback.ui.app import create_application
from easeback.ui.main_window import MainWindow

app = create_application()
seen = {}

def services_up(window):
    return window.breaks.reminders is not None

def later(window):
    seen["later"] = {
        "services": services_up(window),
        "icon": not app.windowIcon().isNull(),
        "speaker": type(window.controller.speaker).__name__,
        "title": window.windowTitle(),
        "visible": window.isVisible(),
        "reminders": window.breaks.reminders and window.breaks.reminders.status().state,
    }
    window.end_now()

class Watch(QObject):
    def eventFilter(self, watched, event):
        if isinstance(watched, MainWindow) and event.type() == QEvent.Type.Paint and not seen:
            window = watched
            seen["paint"] = {
                "services": services_up(window),
                "cards": len(window.library.visible_cards()),
                "built": sorted(n for n in ("session_page", "history_page") if n in vars(window)),
                "title": window.windowTitle(),
                "on_session_page": window.pages.currentWidget() is vars(window).get("session_page"),
                "menus": [a.text() for a in window.menuBar().actions()],
                "quit_keys": [k.toString() for m in window.menuBar().actions()
                              for a in m.menu().actions() if a.text() == "&Quit"
                              for k in a.shortcuts()],
            }
            if "--click" in sys.argv:
                card = next(c for c in window.library.cards if c.entry.id == "bridge")
                card.start_button.click()  # in the first frame, before anything else runs
                seen["paint"]["clicked"] = window.controller.active
            QTimer.singleShot(0, lambda: waiting(window))
        return False

def waiting(window, tries=[0]):
    if services_up(window) or tries[0] > 200:
        later(window)
    else:
        tries[0] += 1
        QTimer.singleShot(50, lambda: waiting(window))

watch = Watch()
app.installEventFilter(watch)
if "--start-hidden" in sys.argv:
    def hidden():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        seen["paint"] = None
        waiting(window)
    QTimer.singleShot(0, hidden)
from easeback.cli import main
code = main([a for a in sys.argv[1:] if a != "--click"])
print(json.dumps({"code": code, **seen}))
"""


def start(*args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", STARTUP, "--no-voice", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Traceback" not in out.stderr, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_start_button_works_in_the_first_frame_and_the_services_follow_the_paint():
    seen = start("--click")
    first = seen["paint"]
    assert first["cards"] == 11  # every exercise and routine, with its length
    assert first["menus"] == ["&Easeback", "&Session", "&View", "&Help"]
    assert "Ctrl+Q" in first["quit_keys"]
    assert first["built"] == [], "pages not on screen are built when first shown"
    assert first["services"] is False, "the voice, reminders and tray come after the paint"
    assert first["clicked"] is True, "the click in the first frame started the session"
    later = seen["later"]
    assert later["services"] is True
    assert later["icon"] is True
    assert re.match(r"^\d+:\d\d · .+ · Easeback$", later["title"]), "the title counts"
    assert seen["code"] == 0


def test_run_id_shows_the_running_session_in_the_first_frame():
    seen = start("run", "desk-break")
    first = seen["paint"]
    assert first["on_session_page"] is True
    assert re.match(r"^0:\d\d · Get ready", first["title"])
    assert seen["later"]["services"] is True
    assert seen["later"]["reminders"] == "session", "reminders know the session runs"


def test_start_hidden_brings_the_services_up_without_a_tray_it_shows_the_window_minimized():
    seen = start("--start-hidden")
    assert seen["paint"] is None
    later = seen["later"]
    assert later["services"] is True
    assert later["visible"] is True  # offscreen has no tray: minimized instead of hidden


def test_modules_imported_after_qt_are_not_read_for_pyside_features(tmp_path):
    """PySide6 reads the source of every module imported after it, for a feature this app
    does not use; the window's start turns that off, and Qt's classes still load."""
    (tmp_path / "imported_late.py").write_text("VALUE = 1\n")
    script = f"""
import inspect, json, sys
sys.path.insert(0, {str(tmp_path)!r})
read = []
source = inspect.getsource
inspect.getsource = lambda obj: read.append(getattr(obj, "__name__", obj)) or source(obj)
from easeback.ui import load_qt
load_qt()
import easeback.ui.ring
import imported_late
from PySide6.QtWidgets import QLabel
print(json.dumps([read, imported_late.VALUE, QLabel.__name__]))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    read, value, label = json.loads(out)
    assert [value, label] == [1, "QLabel"]
    assert not {"imported_late", "easeback.ui.ring"} & set(read), read
