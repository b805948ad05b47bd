"""Qt bootstrap: the application object, the speaker, the driver and the window."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from easeback import APP_ID, APP_NAME
from easeback.core import resources
from easeback.core.settings import Settings, save_settings
from easeback.core.speaker import Speaker

if TYPE_CHECKING:
    from easeback.cli import Context


class SilentSpeaker:
    """Used when speech is switched off (--no-voice) or cannot load at all."""

    def __init__(self, status: str = "Voice off"):
        self._status = status

    def prepare(self, texts: Iterable[str]) -> None: ...
    def say(self, text: str, *, due: float | None = None) -> None: ...
    def stop(self) -> None: ...
    def set_muted(self, muted: bool) -> None: ...
    def close(self) -> None: ...

    @property
    def status(self) -> str:
        return self._status


def make_speaker(settings: Settings, enabled: bool) -> Speaker:
    if not enabled:
        return SilentSpeaker("Voice off (--no-voice)")
    try:
        from easeback.speech.factory import create_speaker
    except ImportError as exc:  # speech support missing from this build
        return SilentSpeaker(f"No voice: {exc}")
    speaker: Speaker = create_speaker(settings, enabled=True)
    return speaker


def list_voices() -> Sequence[tuple[str, str]]:
    try:
        from easeback.speech.factory import list_voices as voices
    except ImportError:
        return ()
    try:
        return list(voices())
    except Exception:  # a broken engine must not break the settings dialog
        return ()


def app_icon() -> QIcon:
    path = resources.resource(f"icons/{APP_ID}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def run_app(ctx: Context) -> int:
    from easeback.core.plan import PlanError
    from easeback.ui.controller import SessionController
    from easeback.ui.main_window import MainWindow
    from easeback.ui.timer import Driver

    app = create_application()
    settings = ctx.settings
    speaker = make_speaker(settings, enabled=not ctx.args.no_voice)
    driver = Driver()
    controller = SessionController(ctx.catalogue, settings, speaker, driver)
    window = MainWindow(ctx.catalogue, settings, controller, save_settings, list_voices)
    window.show()

    problems = [ctx.settings_message] if ctx.settings_message else []
    problems += [f"{p} (file skipped)" for p in ctx.catalogue.problems]
    if problems:
        window.show_message(problems[0], 20000)
        QTimer.singleShot(0, lambda: QMessageBox.warning(window, APP_NAME, "\n\n".join(problems)))
    else:
        window.show_message(speaker.status, 8000)

    if ctx.args.id:
        try:
            plan = ctx.plan(ctx.args.id)
        except PlanError as exc:
            print(f"easeback: {exc}", file=sys.stderr)
            return 2
        window.start(plan.id)
    return app.exec()
