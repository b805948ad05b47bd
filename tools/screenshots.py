"""Save screenshots of the window: the library, the session page at a hold, reps, an end
hold, a rest and a switch, the History page, a step-up offer after a session, and the break
reminder window.

    xvfb-run -a uv run python tools/screenshots.py -o docs/screenshots
    uv run python tools/screenshots.py --size 800x600 --dark -o /tmp/shots
    uv run python tools/screenshots.py --session-matrix -o /tmp/shots

``--session-matrix`` saves only the session moments, at each of SIZES in a light and a
dark palette (``session-hold-640x480-dark.png`` ...): the set to look through after a
change to the session page.

Time is driven by a fake clock, so each picture shows an exact moment of a plan. The
history is a made-up month in a temporary folder, never the user's own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.helpers: the manual timer

from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyleFactory
from tests.helpers.timers import ManualTimer

from easeback.core.catalogue import Catalogue, load_catalogue
from easeback.core.history import History
from easeback.core.plan import Plan, compile_plan
from easeback.core.session import partial_tally, whole_tally
from easeback.core.settings import Settings
from easeback.speech.speaker import SilentSpeaker
from easeback.ui.app import app_icon, create_application
from easeback.ui.controller import SessionController
from easeback.ui.history_writer import HistoryWriter
from easeback.ui.main_window import MainWindow
from easeback.ui.reminder_window import ReminderWindow
from easeback.ui.timer import Driver


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202327",
        QPalette.ColorRole.WindowText: "#E8E9EB",
        QPalette.ColorRole.Base: "#2A2E33",
        QPalette.ColorRole.AlternateBase: "#30353B",
        QPalette.ColorRole.Text: "#E8E9EB",
        QPalette.ColorRole.Button: "#2D3238",
        QPalette.ColorRole.ButtonText: "#E8E9EB",
        QPalette.ColorRole.Highlight: "#E8833A",
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Mid: "#5A6068",
        QPalette.ColorRole.ToolTipBase: "#2A2E33",
        QPalette.ColorRole.ToolTipText: "#E8E9EB",
        QPalette.ColorRole.PlaceholderText: "#8A9099",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    # greyed-out controls look greyed out, as a desktop's dark theme draws them
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(disabled, role, QColor("#7A8089"))
    return p


def sample_history(path: Path, catalogue: Catalogue, settings: Settings) -> History:
    """A month of made-up sessions: desk breaks on weekdays, some floor work, a streak."""
    history = History(path)
    nine = datetime.now().astimezone().replace(hour=9, minute=0, second=0, microsecond=0)
    plans = {
        i: compile_plan(catalogue, i, settings.plan_options())
        for i in ("desk-break", "glute-med-side-lying", "floor-stretches")
    }
    days = {  # days ago: (routine, completed) in the order done
        0: [("desk-break", True), ("glute-med-side-lying", True)],
        1: [("desk-break", True), ("desk-break", True)],
        2: [("glute-med-side-lying", True), ("desk-break", False)],
        3: [("desk-break", True)],
        4: [("floor-stretches", True), ("desk-break", True)],
        7: [("desk-break", True)],
        8: [("desk-break", True), ("floor-stretches", False)],
        10: [("desk-break", True)],
        11: [("floor-stretches", True)],
        14: [("desk-break", True), ("desk-break", True)],
        15: [("desk-break", False)],
        18: [("floor-stretches", True), ("desk-break", True)],
        21: [("desk-break", True)],
        22: [("desk-break", True)],
        25: [("floor-stretches", True)],
        28: [("desk-break", True)],
    }
    for back, sessions in sorted(days.items(), reverse=True):
        for n, (item_id, completed) in enumerate(sessions):
            at = nine - timedelta(days=back) + timedelta(hours=3 * n, minutes=17 * n)
            history.now = lambda at=at: at
            plan = plans[item_id]
            row = history.start_session(plan)
            half = sum(p.seconds for p in plan.phases[: len(plan.phases) // 2])
            history.finish_session(
                row, whole_tally(plan) if completed else partial_tally(plan, half)
            )
    history.now = lambda: datetime.now().astimezone()
    return history


def first(plan, kind: str):
    return next(p for p in plan.phases if p.kind == kind)


def advance_to(window: MainWindow, clock: Clock, seconds_into_plan: float) -> None:
    """Move the fake clock forward, polling every half second as the real driver would."""
    session = window.controller.session
    assert session is not None
    target = clock.now + seconds_into_plan - session.elapsed(clock.now)
    while clock.now < target:
        clock.now = min(target, clock.now + 0.5)
        window.controller.driver.poll()


SIZES = ("640x480", "1280x800", "1920x1080")

# (item, name, seconds into its plan): the moments of a session worth a picture
MOMENTS: list[tuple[str, str, Callable[[Plan], float]]] = [
    ("seated-leg-to-chest", "hold", lambda plan: plan.phases[1].start + 47.3),
    ("glute-med-side-lying", "reps", lambda plan: plan.phases[1].start + 2 * 5 + 2.0),
    ("glute-med-side-lying", "end-hold", lambda plan: first(plan, "end_hold").start + 3.4),
    ("bridge", "rest", lambda plan: first(plan, "rest").start + 12.4),
    ("side-lying-hip-series", "switch", lambda plan: first(plan, "switch").start + 3),
]


def session_moments(window: MainWindow, clock: Clock, shot: Callable[[str], None]) -> None:
    controller = window.controller
    for item_id, name, at in MOMENTS:
        window.start(item_id)
        plan = controller.plan
        assert plan is not None
        advance_to(window, clock, at(plan))
        shot(f"session-{name}")
        controller.stop()
        window.show_library()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default="screenshots", help="folder for the PNG files")
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument(
        "--session-matrix",
        action="store_true",
        help=f"only the session moments, at {', '.join(SIZES)}, light and dark",
    )
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)

    app = create_application()
    app.setWindowIcon(app_icon())
    app.setStyle(QStyleFactory.create("Fusion"))
    if args.dark:
        app.setPalette(dark_palette())
    clock = Clock()
    catalogue = load_catalogue()
    settings = Settings(cautions_seen=False)  # the first start shows the safety notice
    driver = Driver(clock=clock, timer_factory=ManualTimer)
    controller = SessionController(
        catalogue, settings, SilentSpeaker("screenshots"), driver, wall_clock=None
    )
    folder = tempfile.TemporaryDirectory(prefix="easeback-shots-")
    history = sample_history(Path(folder.name) / "history.sqlite3", catalogue, settings)
    window = MainWindow(catalogue, settings, controller, history, lambda s: None)
    window.resize(width, height)
    window.show()
    suffix = f"-{width}x{height}" + ("-dark" if args.dark else "")

    def shot(name: str) -> None:
        app.processEvents()
        path = out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        print(path)

    if args.session_matrix:
        window.banner.hide()
        light = app.palette()
        for tone, palette in (("light", light), ("dark", dark_palette())):
            app.setPalette(palette)
            for size in SIZES:
                width, height = (int(v) for v in size.split("x"))
                window.resize(width, height)
                suffix = f"-{size}-{tone}"
                session_moments(window, clock, shot)
        window.quit_app()
        history.close()
        folder.cleanup()
        return 0

    shot("first-start")
    window.banner.hide()
    shot("library")
    session_moments(window, clock, shot)

    window.show_history()
    shot("history")
    # From here sessions are written, as in the app: the third completed lift earns an offer.
    writer = HistoryWriter(history.path)
    controller.record_to(writer)
    window.start("glute-med-side-lying")  # two completed at 10 reps in the sample; the third
    plan = controller.plan
    assert plan is not None
    advance_to(window, clock, plan.total_seconds + 1)
    while writer.busy:  # the offer follows the session's record, written off this thread
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    shot("finished-offer")
    window.show_library()

    reminder = ReminderWindow()
    desk = compile_plan(catalogue, settings.break_routine, settings.plan_options())
    reminder.set_break(desk.name, desk.total_seconds, settings.snooze_minutes)
    reminder.present()
    app.processEvents()
    path = out / f"reminder{suffix}.png"
    reminder.grab().save(str(path))
    print(path)
    reminder.hide()
    window.quit_app()
    writer.close()
    history.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
