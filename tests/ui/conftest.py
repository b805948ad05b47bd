"""The window with an injected clock, hand-fired timers and a recording speaker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.history import History
from easeback.core.paths import paths
from easeback.core.settings import Settings
from easeback.ui.controller import SessionController
from easeback.ui.history_writer import HistoryWriter
from easeback.ui.main_window import MainWindow
from easeback.ui.reminders import ReminderDriver
from easeback.ui.timer import Driver
from tests.helpers.speaker import RecordingSpeaker
from tests.helpers.timers import ManualTimer

MONDAY_10 = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)  # where the reminders' local time starts


class ClockedTimer(ManualTimer):
    """A hand-fired timer that also remembers when (on the fake clock) it is due."""

    def __init__(self, callback, clock) -> None:
        super().__init__(callback)
        self.clock = clock
        self.due: float | None = None

    def arm(self, delay: float) -> None:
        super().arm(delay)
        self.due = self.clock.now + delay

    def cancel(self) -> None:
        super().cancel()
        self.due = None

    def fire(self) -> None:
        self.due = None
        super().fire()


class Harness:
    """The window on a fake clock.

    ``record=True`` writes the history as the app does (on its worker thread: ``settle``
    waits for the writes to land); ``reminders=True`` attaches
    break reminders whose local time starts on a Monday at 10:00 and moves with the
    fake clock (their timer is ``reminder_timer``; no tray: offscreen has none).
    """

    def __init__(
        self,
        qtbot,
        clock,
        settings: Settings | None = None,
        *,
        record: bool = False,
        reminders: bool = False,
        remind_every: float | None = None,
    ):
        self.qtbot = qtbot
        self.clock = clock
        self.timers: list[ManualTimer] = []
        self.reminder_timers: list[ClockedTimer] = []
        self.started_at = clock.now

        def factory(callback, parent):
            timer = ClockedTimer(callback, clock)
            self.timers.append(timer)
            return timer

        self.catalogue = load_catalogue()
        self.speaker = RecordingSpeaker()
        self.saved: list[Settings] = []
        self.driver = Driver(clock=clock, timer_factory=factory)
        self.controller = SessionController(
            self.catalogue, settings or Settings(), self.speaker, self.driver, wall_clock=None
        )
        self.history = History(paths().history_db)
        self.writer: HistoryWriter | None = None
        if record:
            self.writer = HistoryWriter(paths().history_db)
            self.controller.record_to(self.writer)
        self.window = MainWindow(
            self.catalogue, settings or Settings(), self.controller, self.history, self.saved.append
        )
        self.window.confirm = lambda text, yes: self.answers.pop(0) if self.answers else True
        self.answers: list[bool] = []
        self.messages: list[str] = []
        self.window.statusBar().messageChanged.connect(
            lambda text: text and self.messages.append(text)
        )
        self.reminders: ReminderDriver | None = None
        if reminders:

            def reminder_factory(callback, parent):
                timer = ClockedTimer(callback, clock)
                self.reminder_timers.append(timer)
                return timer

            self.reminders = ReminderDriver.from_settings(
                settings or Settings(),
                clock,
                self.local_time,
                reminder_factory,
                interval_minutes=remind_every,
            )
            self.window.breaks.attach_reminders(self.reminders)
            self.reminders.start()
        qtbot.addWidget(self.window)
        self.window.resize(1280, 800)
        self.window.show()
        qtbot.waitExposed(self.window)

    def settle(self) -> None:
        """Wait (on the real history thread) until every write so far has landed."""
        writer = self.writer
        assert writer is not None, "make_harness(record=True) writes the history"
        self.qtbot.waitUntil(lambda: not writer.busy, timeout=10_000)

    def close(self) -> None:
        self.window.quit_app()
        self.controller.close()
        self.history.close()

    @property
    def timer(self) -> ManualTimer:
        (timer,) = self.timers
        return timer

    @property
    def reminder_timer(self) -> ClockedTimer:
        (timer,) = self.reminder_timers
        return timer

    def tray_timer_factory(self, callback, parent) -> ClockedTimer:
        """For a Tray made in a test: its tooltip timer, kept apart as ``tray_timer``."""
        self.tray_timer = ClockedTimer(callback, self.clock)
        return self.tray_timer

    def local_time(self) -> datetime:
        return MONDAY_10 + timedelta(seconds=self.clock.now - self.started_at)

    def run_all_for(self, seconds: float) -> int:
        """Let ``seconds`` pass with every timer (session and reminders) firing at its moment."""
        end = self.clock.now + seconds
        fired = 0
        while True:
            armed = [t for t in self.timers + self.reminder_timers if t.due is not None]
            timer = min(armed, key=lambda t: t.due, default=None)
            if timer is None or timer.due > end + 1e-9:
                break
            self.clock.set(max(self.clock.now, timer.due))
            timer.fire()
            fired += 1
        self.clock.set(end)
        return fired

    def run_for(self, seconds: float) -> int:
        """Let ``seconds`` pass the way Qt would: jump to each armed deadline and fire it."""
        end = self.clock.now + seconds
        fired = 0
        while self.timer.delay is not None and self.clock.now + self.timer.delay <= end + 1e-9:
            self.clock.advance(self.timer.delay)
            self.timer.fire()
            fired += 1
        self.clock.set(end)
        return fired

    def title(self) -> str:
        return self.window.windowTitle()


@pytest.fixture
def harness(qtbot, fake_clock):
    h = Harness(qtbot, fake_clock)
    yield h
    h.window.close()


@pytest.fixture
def make_harness(qtbot, fake_clock):
    """Build a Harness with options: ``make_harness(settings, record=True, reminders=True)``."""
    made: list[Harness] = []

    def make(settings: Settings | None = None, **options) -> Harness:
        h = Harness(qtbot, fake_clock, settings, **options)
        made.append(h)
        return h

    yield make
    for h in made:
        h.close()
