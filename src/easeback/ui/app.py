"""How the window starts, in one path: ``run_app``, read top to bottom.

1. If Easeback runs already, the request goes to it (bring its window up, or start
   ``run ID`` there) and this process leaves.
2. Load the catalogue and settings; build the window, the session controller and
   the history from them; show the window (``run ID`` starts its session first, so
   the first frame shows it).
3. Right after the first paint: the voice (unless ``run ID`` needed it at once), the
   break reminders with their notifications and tray, spoken commands and media keys,
   and what keeps the screen on during a session.
4. Run until quit. SIGTERM, SIGHUP and SIGINT (Ctrl+C) end the session as Quit
   does, without asking; logging out asks as Quit does where Qt hears of it (on
   Linux it does not: see ``log_out``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QSessionManager
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from easeback import APP_ID, APP_NAME
from easeback.core import resources
from easeback.core.catalogue import Problem
from easeback.core.history import History
from easeback.core.loading import Choices, Loaded, load, plan_with
from easeback.core.paths import paths
from easeback.core.plan import PlanError
from easeback.core.settings import Settings, save_settings
from easeback.core.time import local_now
from easeback.speech.protocol import Speaker
from easeback.speech.speaker import Outcome, SilentSpeaker
from easeback.ui import instance
from easeback.ui.awake import KeepAwake, desktop_inhibitors
from easeback.ui.bus_calls import SessionCalls
from easeback.ui.controller import SessionController
from easeback.ui.history_writer import HistoryWriter
from easeback.ui.idle import desktop_idle
from easeback.ui.main_window import MainWindow
from easeback.ui.notifications import create_notifier
from easeback.ui.reminders import ReminderActions, ReminderDriver
from easeback.ui.session_text import phase_label
from easeback.ui.timer import Driver
from easeback.ui.tray import create_tray


def run_app(args: argparse.Namespace) -> int:
    """Open the window (or hand the request to the Easeback that runs) and run until quit."""
    request: instance.Request = {"command": "show"}
    if args.id:
        request = {"command": "run", "id": args.id, "choices": asdict(args.choices)}
        request["compact"] = args.compact  # run ID --compact: in the small view there too
    handed = to_the_running_one(args, request)
    if handed is not None:
        return handed

    app = create_application()
    # requests are answered from the event loop, so only once the window below exists
    server = instance.Server(lambda request: answer(window, request))
    claimed = server.listen()  # None: this is the one Easeback; else ANOTHER, or why not
    if claimed == instance.ANOTHER:  # another Easeback started a moment before this one
        handed = hand_over(request, starting=True)
        return 1 if handed is None else handed
    unfound = None  # why a second easeback will not find this one (told after the paint)
    if claimed is not None:
        unfound = (
            f"A second easeback will not find this one and will open its own window: {claimed}"
        )
        print(f"easeback: {unfound}", file=sys.stderr)

    loaded = load(args.catalogue_files)
    plan = None
    if args.id:
        try:
            plan = loaded.plan(args.id, args.choices)
        except PlanError as exc:
            print(f"easeback: {exc}", file=sys.stderr)
            return 2
    relay = VoiceRelay()  # the voice's news, from its thread to the window

    def voice(settings: Settings) -> Speaker:
        enabled = not args.no_voice
        return make_speaker(settings, enabled, on_status=relay.changed.emit, on_outcome=relay.tell)

    # The voice's engine takes a moment to load: it starts after the first paint,
    # unless a session starts at once and needs it for its first cue.
    speaker = voice(loaded.settings) if plan else SilentSpeaker("Starting the voice…")
    window = build_window(loaded, speaker, voice)
    relay.setParent(window)
    relay.changed.connect(lambda text: window.show_message(text, 10000))
    relay.played.connect(window.controller.played)
    window.closed.connect(app.quit)
    end_on_signals(window)
    app.commitDataRequest.connect(lambda manager: log_out(window, manager))

    hidden = args.start_hidden and plan is None
    if plan is not None:
        window.start(plan.id, plan, args.choices)  # "Do it again" keeps them
    if not hidden:
        window.show()
    if plan is not None and args.compact:
        window.compact.show()  # run ID --compact: the small view in place of the window

    def services() -> None:
        if plan is None:
            window.controller.replace_speaker(voice(window.settings))
        start_services(app, window, loaded, args.remind_every, hidden=hidden, unfound=unfound)

    after_first_paint(window, services)
    try:
        return app.exec()
    finally:
        server.close()
        window.controller.close()
        window.history.close()


def to_the_running_one(args: argparse.Namespace, request: instance.Request) -> int | None:
    """If Easeback runs already, hand it ``request``: the exit status; None if none runs.
    What it cannot take from here is said: a catalogue file is refused (it would be lost
    on the way), the window's options are said not to apply."""
    if args.catalogue_files and running():
        print(
            "easeback: Easeback is running already, with the catalogue it started with: "
            "--catalogue applies only to a new start. Quit it first, or put your exercises "
            f"in {paths().user_catalogue}, which it reads at each start.",
            file=sys.stderr,
        )
        return 2
    handed = hand_over(request)
    if handed is not None and (args.no_voice or args.remind_every is not None):
        print(
            "easeback: Easeback is running already: --no-voice and --remind-every "
            "apply only to a new start.",
            file=sys.stderr,
        )
    return handed


def running() -> bool:
    """Whether an Easeback runs already (one that does not answer counts)."""
    try:
        return instance.ask({"command": "ping"}) is not None
    except instance.NoAnswer:
        return True


def hand_over(request: instance.Request, *, starting: bool = False) -> int | None:
    """Give ``request`` to the Easeback that runs: the exit status, or None if none runs.
    ``starting``: one holds the lock and is still starting; it is given a moment."""
    try:
        answer = instance.ask_when_ready(request) if starting else instance.ask(request)
    except instance.NoAnswer as exc:
        print(f"easeback: {exc}", file=sys.stderr)
        return 1
    if answer is None:
        if starting:
            print("easeback: another Easeback is starting but does not answer", file=sys.stderr)
        return None
    if not answer.get("ok"):
        print(f"easeback: {answer.get('error', instance.REFUSED)}", file=sys.stderr)
        return 2
    return 0


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
    app.setQuitOnLastWindowClosed(False)  # the main window says when to quit (tray or not)
    return app


def build_window(
    loaded: Loaded, speaker: Speaker, voice: Callable[[Settings], Speaker]
) -> MainWindow:
    """The window, its session controller (``voice`` makes a speaker for new voice
    settings) and the history, wired."""
    controller = SessionController(
        loaded.catalogue, loaded.settings, speaker, Driver(), speaker_factory=voice
    )
    # Reads open at the first one and never keep the window waiting long; writes go
    # through the writer's thread.
    history = History(loaded.paths.history_db, timeout=0.25)
    controller.record_to(HistoryWriter(loaded.paths.history_db))
    return MainWindow(
        loaded.catalogue, loaded.settings, controller, history, save_settings, list_voices
    )


def start_services(
    app: QApplication,
    window: MainWindow,
    loaded: Loaded,
    remind_every: float | None,
    *,
    hidden: bool,
    unfound: str | None = None,
) -> None:
    """What starts after the first paint, besides the voice: the break reminders with their
    notifications and tray, spoken commands and media keys, and keeping the screen on
    during a session; then the start-up problems are told (``unfound``: why a second
    easeback will not find this one)."""
    icon = app_icon()
    app.setWindowIcon(icon)
    reminders = ReminderDriver.from_settings(
        window.settings,
        interval_minutes=remind_every,
        idle=desktop_idle().read,  # time away counts as a break
    )
    actions = window.breaks.attach_reminders(reminders)
    calls = SessionCalls()  # typed calls to the desktop's services (easeback.ui.bus_calls)
    window.breaks.attach_notifier(create_notifier(calls=calls))  # None: no buttons there
    if window.controller.active:  # a session began before the reminders (run ID, a quick click)
        reminders.session_started()
    tray = create_tray(icon, actions)
    if tray is not None:
        window.breaks.attach_tray(tray)
    from easeback.ui.listening import attach_listening

    attach_listening(window, window.controller)  # spoken commands (if on), media keys (MPRIS)
    KeepAwake(window.controller, desktop_inhibitors(calls), window)  # no blank screen mid-session

    if hidden and tray is None:
        window.showMinimized()
        window.show_message(
            "There is no system tray on this desktop, so Easeback started minimized "
            "instead of hidden. Closing the window quits it (and stops the break reminders).",
            30000,
        )
        into_the_tray_when_it_comes(window, icon, actions)
    # hidden with a tray: only the tray icon; reminders run, the window opens from it

    problems = startup_problems(loaded.settings_message, loaded.catalogue.problems)
    if unfound:
        problems.append(unfound)
    if problems:
        window.show_message(problems[0], 20000)
        if not hidden or tray is None:
            QTimer.singleShot(
                0, lambda: QMessageBox.warning(window, APP_NAME, "\n\n".join(problems))
            )
        else:
            tray.notify(APP_NAME, problems[0])
    else:
        window.show_message(window.controller.speaker.status, 8000)
    reminders.start()


TRAY_WAIT = 60  # seconds a hidden start looks for a tray that was not there yet


def into_the_tray_when_it_comes(
    window: MainWindow, icon: QIcon, actions: ReminderActions
) -> QTimer:
    """Started hidden at login, Easeback may come up before the panel and its tray: it
    waits minimized, looking for a tray once a second for ``TRAY_WAIT`` seconds, and
    once there is one it goes into it as asked (unless the window was opened)."""
    looks = iter(range(TRAY_WAIT))
    timer = QTimer(window)

    def look() -> None:
        tray = create_tray(icon, actions)
        if tray is not None:
            window.breaks.attach_tray(tray)
            if window.isMinimized():
                window.hide()
        if tray is not None or next(looks, None) is None:
            timer.stop()

    timer.timeout.connect(look)
    timer.start(1000)
    return timer


def answer(window: MainWindow, request: instance.Request) -> instance.Answer:
    """What the running app does for a second ``easeback``, ``run ID`` or ``status``."""
    command = request.get("command")
    if command == "ping":
        return {"ok": True}
    if command == "show":
        window.show_window()
        return {"ok": True}
    if command == "run":
        item_id = str(request.get("id"))
        try:
            choices = Choices(**request.get("choices", {}))
            plan = plan_with(window.catalogue, window.settings, item_id, choices)
        except (PlanError, TypeError) as exc:
            return {"ok": False, "error": str(exc)}
        compact = bool(request.get("compact"))

        def start() -> None:
            if window.start_when_free(item_id, plan, choices) and compact:
                window.compact.show()

        # after answering: the window may ask whether to stop the session that runs
        QTimer.singleShot(0, start)
        return {"ok": True}
    if command == "status":
        return status(window.controller, window.breaks.reminders)
    return {"ok": False, "error": f"unknown request {command!r}"}


def status(controller: SessionController, reminders: ReminderDriver | None) -> instance.Answer:
    """What ``easeback status`` reports: the session, if one runs, and the next break."""
    snap, plan = controller.snapshot(), controller.plan
    session = None
    if snap is not None and plan is not None and controller.active:
        session = {
            "id": plan.id,
            "name": plan.name,
            "phase": snap.phase.kind,
            "label": phase_label(snap.phase, snap.rep),
            "side": snap.phase.side,
            "seconds_left": round(snap.phase_left, 1),
            "total_seconds_left": round(snap.total_left, 1),
            "paused": snap.state == "paused",
        }
    state = reminders.status() if reminders is not None else None
    counting = state is not None and state.state in ("counting", "snoozed")
    remaining = state.remaining if counting and state is not None else None
    at = None if remaining is None else local_now() + timedelta(seconds=remaining)
    return {
        "ok": True,
        "session": session,
        "next_break_at": at.isoformat(timespec="seconds") if at else None,
        "next_break_in_seconds": None if remaining is None else round(remaining),
        # off, counting, snoozed, due, paused, outside_hours, away, session; and in words
        "breaks": state.state if state is not None else "off",
        "breaks_text": reminders.describe() if reminders is not None else "",
    }


def end_on_signals(window: MainWindow) -> None:
    """SIGTERM, SIGHUP and SIGINT end the session and quit, as ``MainWindow.end_now``.

    Python runs a signal handler only between bytecodes, never while Qt's event loop
    waits; so the signal writes its number to a pipe (``set_wakeup_fd``), and a socket
    notifier on the pipe wakes the loop. Nothing wakes the app otherwise.
    """
    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, lambda *_: None)  # the notifier below does the work
    notifier = QSocketNotifier(read, QSocketNotifier.Type.Read, window)

    def received() -> None:
        os.read(read, 64)
        window.end_now()

    notifier.activated.connect(received)


def log_out(window: MainWindow, manager: QSessionManager) -> None:
    """The desktop session ends: the rule of Quit, asked only if the desktop lets us.

    The Qt of the PySide6 wheels has no X11 session management, so on Linux this is
    never called; there GNOME's log-out dialog names a running session instead
    (easeback.ui.awake)."""
    if not window.commit_data(manager.allowsInteraction()):
        manager.cancel()
    manager.release()


# --------------------------------------------------------------------------- helpers


class VoiceRelay(QObject):
    """Carries the speaker's news from its thread to the window's (queued signals)."""

    changed = Signal(str)  # its status
    played = Signal(str, float)  # a phrase handed to the player, and when

    def tell(self, outcome: Outcome) -> None:
        """``on_outcome`` of the speaker: passes on the phrases that were played."""
        if outcome.result in ("played", "beeped"):
            self.played.emit(outcome.text, outcome.at)


def make_speaker(
    settings: Settings,
    enabled: bool,
    on_status: Callable[[str], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Speaker:
    """The best voice that works here (see easeback.speech.factory); returns at once."""
    from easeback.speech.factory import create_speaker

    speaker: Speaker = create_speaker(
        settings, enabled=enabled, on_status=on_status, on_outcome=on_outcome
    )
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
    path = resources.resource(f"icons/{APP_ID}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()
