"""Save the desk screenshots: the compact view at a seated hold, and where the next break shows
(the library header and the Break reminders menu).

    xvfb-run -a uv run python tools/desk_screenshots.py -o docs/screenshots

Time is a fake clock: the pictures show exact moments. The settings and history live in a
temporary folder, never the user's own.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyleFactory

from easeback.core.catalogue import load_catalogue
from easeback.core.history import History
from easeback.core.settings import Settings
from easeback.speech.speaker import SilentSpeaker
from easeback.ui.app import app_icon, create_application
from easeback.ui.controller import SessionController
from easeback.ui.main_window import MainWindow
from easeback.ui.reminders import ReminderDriver
from easeback.ui.timer import Driver


class StillTimer:
    """A timer that never fires: the pictures move the clock and poll by hand."""

    def __init__(self, callback: object, parent: object = None) -> None:
        self.callback = callback

    def arm(self, delay: float) -> None:
        pass

    def cancel(self) -> None:
        pass


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default="screenshots", help="folder for the PNG files")
    args = parser.parse_args(argv)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.TemporaryDirectory(prefix="easeback-desk-shots-")
    os.environ["EASEBACK_HOME"] = home.name

    app = create_application()
    app.setWindowIcon(app_icon())
    app.setStyle(QStyleFactory.create("Fusion"))
    clock = Clock()
    start = datetime.now().astimezone().replace(hour=10, minute=2, second=0, microsecond=0)

    def local() -> datetime:
        return start + timedelta(seconds=clock.now - 100.0)

    catalogue = load_catalogue()
    settings = Settings(cautions_seen=True)
    driver = Driver(clock=clock, timer_factory=StillTimer)
    controller = SessionController(
        catalogue, settings, SilentSpeaker("screenshots"), driver, wall_clock=None
    )
    history = History(Path(home.name) / "history.sqlite3")
    window = MainWindow(catalogue, settings, controller, history, lambda s: None)
    reminders = ReminderDriver.from_settings(settings, clock, local, StillTimer)
    window.breaks.attach_reminders(reminders)
    reminders.start()
    window.resize(1000, 640)
    window.move(0, 0)
    window.show()
    clock.now += 27 * 60  # 27 minutes at the desk: "Next break in 23 min"
    window.breaks.actions.update()  # type: ignore[union-attr]
    window.breaks.next_break_label().refresh()

    def grab(name: str, rect: QRect) -> None:
        app.processEvents()
        screen = QGuiApplication.primaryScreen()
        image = screen.grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height())
        path = out / f"{name}.png"
        image.save(str(path))
        print(path)

    def next_break_shot() -> None:
        menu = window.menus.app_menu
        bar = window.menuBar()
        menu.popup(window.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft()))
        app.processEvents()
        sub = window.menus.reminder_menu
        sub.popup(menu.mapToGlobal(menu.actionGeometry(sub.menuAction()).topRight()))
        app.processEvents()
        right = max(sub.geometry().right(), window.frameGeometry().right())
        grab("next-break", QRect(QPoint(0, 0), QPoint(right + 8, 300)))
        sub.hide()
        menu.hide()

    def compact_shot() -> None:
        window.start("seated-leg-cross")
        plan = controller.plan
        assert plan is not None
        hold = next(p for p in plan.phases if p.kind == "hold")
        target = clock.now + hold.start + 47.3
        while clock.now < target:
            clock.now = min(target, clock.now + 0.5)
            driver.poll()
        window.compact.show()
        view = window.compact.view
        assert view is not None
        view.move(40, 40)
        app.processEvents()
        grab("compact", view.frameGeometry().adjusted(-12, -12, 12, 12))
        window.compact.back()
        controller.stop()

    def run() -> None:
        next_break_shot()
        compact_shot()
        window.quit_app()
        history.close()
        app.quit()

    QTimer.singleShot(300, run)
    app.exec()
    home.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
