"""The window when its settings cannot be saved: it says so once, and Quit still quits."""

from __future__ import annotations

from dataclasses import replace

from easeback.core.history import History
from easeback.core.paths import paths
from easeback.core.settings import Settings, save_settings
from easeback.ui.main_window import MainWindow
from tests.faults_support import cannot_write, read_only
from tests.helpers.clock import FakeClock
from tests.helpers.controller import fake_controller


def _window() -> MainWindow:
    """The window as the app builds it, with a fake clock and the real settings saver."""
    controller = fake_controller(FakeClock())
    return MainWindow(
        controller.catalogue, Settings(), controller, History(paths().history_db), save_settings
    )


def test_quit_works_and_the_problem_is_shown_once_when_settings_cannot_be_saved(qtbot, capsys):
    folder = paths().settings_file.parent
    with read_only(folder):
        assert cannot_write(folder)
        window = _window()
        qtbot.addWidget(window)
        window.show()
        messages: list[str] = []
        window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
        window.update_settings(replace(window.settings, muted=True))  # e.g. M, "Got it"
        window.update_settings(replace(window.settings, cautions_seen=True))
        with qtbot.waitSignal(window.closed, timeout=5000):
            window.quit_app()
        window.history.close()
    said = [m for m in messages if "Settings could not be saved" in m]
    assert len(said) == 1  # in the window, once
    assert str(paths().settings_file) in said[0]
    assert capsys.readouterr().err.count("Settings could not be saved") == 1  # and on stderr
    assert list(folder.iterdir()) == []  # no temporary file left behind
