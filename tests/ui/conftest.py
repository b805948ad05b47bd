"""The window with an injected clock, hand-fired timer and a recording speaker."""

from __future__ import annotations

import pytest

from easeback.core.catalogue import load_catalogue
from easeback.core.settings import Settings
from easeback.ui.controller import SessionController
from easeback.ui.main_window import MainWindow
from easeback.ui.timer import Driver, ManualTimer


class Recorder:
    """Records what the window asks the voice to say."""

    def __init__(self) -> None:
        self.said: list[tuple[str, float | None]] = []
        self.prepared: list[str] = []
        self.muted = False
        self.stops = 0
        self.closed = False

    def prepare(self, texts) -> None:
        self.prepared += list(texts)

    def say(self, text: str, *, due: float | None = None) -> None:
        if not self.muted:
            self.said.append((text, due))

    def stop(self) -> None:
        self.stops += 1

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def close(self) -> None:
        self.closed = True

    @property
    def status(self) -> str:
        return "recording"

    @property
    def texts(self) -> list[str]:
        return [t for t, _ in self.said]


class Harness:
    def __init__(self, qtbot, clock, settings: Settings | None = None):
        self.clock = clock
        self.timers: list[ManualTimer] = []

        def factory(callback, parent):
            timer = ManualTimer(callback, parent)
            self.timers.append(timer)
            return timer

        self.catalogue = load_catalogue()
        self.speaker = Recorder()
        self.saved: list[Settings] = []
        self.driver = Driver(clock=clock, timer_factory=factory)
        self.controller = SessionController(
            self.catalogue, settings or Settings(), self.speaker, self.driver, wall_clock=None
        )
        self.window = MainWindow(
            self.catalogue, settings or Settings(), self.controller, self.saved.append
        )
        self.window.confirm = lambda text: self.answers.pop(0) if self.answers else True
        self.answers: list[bool] = []
        qtbot.addWidget(self.window)
        self.window.resize(1280, 800)
        self.window.show()
        qtbot.waitExposed(self.window)

    @property
    def timer(self) -> ManualTimer:
        (timer,) = self.timers
        return timer

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
