"""Qt bootstrap: the application object, the speaker, the driver and the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from easeback import APP_ID, APP_NAME
from easeback.core import resources

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from easeback.core.catalogue import Problem
    from easeback.core.loading import Loaded as Context
    from easeback.core.settings import Settings
    from easeback.speech.protocol import Speaker
    from easeback.ui.main_window import MainWindow


class _StatusRelay(QObject):
    """Carries the speaker's status from its thread to the window's (a queued signal)."""

    changed = Signal(str)


def make_speaker(
    settings: Settings, enabled: bool, on_status: Callable[[str], None] | None = None
) -> Speaker:
    """The best voice that works here (see easeback.speech.factory); returns at once."""
    from easeback.speech.factory import create_speaker

    speaker: Speaker = create_speaker(settings, enabled=enabled, on_status=on_status)
    return speaker


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]):
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` once ``widget`` has been drawn (or at once if it stays hidden)."""
    if widget.isVisible():
        _FirstPaint(widget, callback)
    else:
        QTimer.singleShot(0, callback)


def startup_problems(settings_message: str | None, catalogue: Sequence[Problem]) -> list[str]:
    """What to tell the user at start: the settings message, then one paragraph per skipped
    catalogue file with its first problems (``easeback validate FILE`` lists them all)."""
    shown = 6
    paragraphs = [settings_message] if settings_message else []
    by_file: dict[str, list[Problem]] = {}
    for problem in catalogue:
        by_file.setdefault(problem.file, []).append(problem)
    for file, found in by_file.items():
        lines = [f"{p.path}: {p.message}" for p in found[:shown]]
        if len(found) > shown:
            lines.append(f"… and {len(found) - shown} more: easeback validate {file}")
        count = f"{len(found)} problem{'s' if len(found) != 1 else ''}"
        paragraphs.append(
            f"The catalogue {file} was skipped ({count}); the built-in exercises are in use.\n"
            + "\n".join(lines)
        )
    return paragraphs


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
    from PySide6.QtGui import QIcon

    path = resources.resource(f"icons/{APP_ID}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName(APP_NAME)
    # No setApplicationDisplayName: on X11 and Wayland Qt would append " — Easeback" to
    # every window title that lacks it, and the reminder window is titled exactly
    # "Time for a stretch break". Titles name Easeback themselves where it helps.
    QGuiApplication.setDesktopFileName(APP_ID)
    return app


def run_app(args: argparse.Namespace) -> int:
    """Open the window (or the tray) as the command line asks, and run until quit."""
    from easeback.core.plan import PlanError

    try:
        app, window = launch(args)
    except PlanError as exc:
        print(f"easeback: {exc}", file=sys.stderr)
        return 2
    try:
        return app.exec()
    finally:
        if window.attached:
            window.history.close()


def launch(args: argparse.Namespace) -> tuple[QApplication, MainWindow]:
    """Show the window and bring up the rest; the event loop is the caller's.

    The window (menus, safety notice, library) is drawn first, from the start-up
    snapshot when it is current (easeback.ui.first_frame), else from the catalogue
    and settings loaded here. The core, the session side, the history, the break
    reminders, the tray and the voice follow right after its first paint
    (``MainWindow.ready`` says when). ``run ID`` and ``--start-hidden`` load and
    build it all before showing anything.
    """
    from easeback.core.paths import paths
    from easeback.ui.first_frame import Snapshot
    from easeback.ui.main_window import MainWindow

    app = create_application()
    app.setQuitOnLastWindowClosed(False)  # the main window says when to quit (tray or not)
    start_now = bool(args.id)
    hidden = bool(getattr(args, "start_hidden", False)) and not start_now
    snapshot = Snapshot(paths(), getattr(args, "catalogue", None) or ())
    drawn = None if start_now or hidden else snapshot.read()

    def save(settings: Settings) -> None:
        from easeback.core.settings import save_settings

        save_settings(settings)
        snapshot.write(window.frame)  # the next start's first frame

    ctx = None
    if drawn is None:
        ctx = _load_context(args)
        window = MainWindow.for_model(ctx.catalogue, ctx.settings, save, list_voices)
    else:
        window = MainWindow(drawn, save, list_voices)
    window.closed.connect(app.quit)

    def bring_up(ctx: Context | None) -> None:
        if window.gone:  # closed before its first paint was followed up: nothing to bring up
            return
        if ctx is None:
            ctx = _load_context(args)
            window.adopt(ctx.catalogue, ctx.settings)
        if window.frame != drawn:
            snapshot.write(window.frame)
        _bring_up(ctx, args, app, window, hidden=hidden, start_now=start_now)

    if start_now:
        assert ctx is not None
        plan = ctx.plan(args.id, args.choices)  # PlanError: the caller says what is wrong
        bring_up(ctx)
        window.show()
        window.start(plan.id, plan)
    elif hidden:
        bring_up(ctx)
    else:
        window.show()
        after_first_paint(window, lambda: bring_up(ctx))
    return app, window


def _load_context(args: argparse.Namespace) -> Context:
    from easeback.core.loading import load  # the core: not before the first frame

    return load(args.catalogue_files)


def _bring_up(
    ctx: Context,
    args: argparse.Namespace,
    app: QApplication,
    window: MainWindow,
    *,
    hidden: bool,
    start_now: bool,
) -> None:
    """The session side, history, reminders, tray and voice; start-up problems are told."""
    from PySide6.QtWidgets import QMessageBox

    from easeback.core.history import History, HistoryRecorder
    from easeback.speech.speaker import SilentSpeaker
    from easeback.ui.controller import SessionController
    from easeback.ui.history_page import HistoryHook
    from easeback.ui.reminders import ReminderDriver
    from easeback.ui.timer import Driver
    from easeback.ui.tray import create_tray

    icon = app_icon()  # the window's too: loading it waits until the first frame is up
    app.setWindowIcon(icon)
    relay = _StatusRelay(window)

    def voice(chosen: Settings) -> Speaker:
        return make_speaker(chosen, enabled=not args.no_voice, on_status=relay.changed.emit)

    # The voice's engine takes a moment to load; unless a session starts right away,
    # it is handed over once the window is up.
    speaker = voice(window.settings) if start_now else SilentSpeaker("Starting the voice…")
    controller = SessionController(
        ctx.catalogue, window.settings, speaker, Driver(), speaker_factory=voice
    )
    history = History(ctx.paths.history_db)
    window.attach(controller, history)
    relay.changed.connect(lambda text: window.show_message(text, 10000))
    controller.recorders.append(HistoryHook(HistoryRecorder(history), window.report_once))
    reminders = ReminderDriver.from_settings(window.settings, interval_minutes=args.remind_every)
    actions = window.breaks.attach_reminders(reminders)
    tray = create_tray(icon, actions)
    if tray is not None:
        window.breaks.attach_tray(tray)

    if hidden and tray is None:
        window.showMinimized()
        window.show_message(
            "There is no system tray on this desktop, so Easeback started minimized "
            "instead of hidden. Closing the window quits it (and stops the break reminders).",
            30000,
        )
    # hidden with a tray: only the tray icon; reminders run, the window opens from it

    problems = startup_problems(ctx.settings_message, ctx.catalogue.problems)
    if problems:
        window.show_message(problems[0], 20000)
        if not hidden or tray is None:
            QTimer.singleShot(
                0, lambda: QMessageBox.warning(window, APP_NAME, "\n\n".join(problems))
            )
        else:
            tray.notify(APP_NAME, problems[0])
    elif start_now:
        window.show_message(speaker.status, 8000)
    if not start_now:
        controller.replace_speaker(voice(controller.settings))
    reminders.start()
    window.ready.emit()
