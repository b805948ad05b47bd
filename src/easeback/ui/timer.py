"""The one Qt timer adapter.

The driver arms ONE single-shot precise timer for the next moment anything is
due (a cue, a rep, a phase end, or the next whole second on the display) and
polls the Session when it fires. There is no fixed fast tick, so a 2-minute hold
wakes the process about once a second. Timers come from a factory so tests can
fire them by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from easeback.core.session import Event, Session
from easeback.core.time import Clock


class OneShot(Protocol):
    """A single-shot timer: call ``callback`` once, ``delay`` seconds from now."""

    def arm(self, delay: float) -> None: ...
    def cancel(self) -> None: ...


class TimerFactory(Protocol):
    def __call__(self, callback: Callable[[], None], parent: QObject) -> OneShot: ...


class QtOneShot:
    def __init__(self, callback: Callable[[], None], parent: QObject):
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(callback)

    def arm(self, delay: float) -> None:
        self._timer.start(max(0, round(delay * 1000)))

    def cancel(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()


def qt_timer_factory(callback: Callable[[], None], parent: QObject) -> OneShot:
    return QtOneShot(callback, parent)


class Driver(QObject):
    """Runs a Session in the Qt event loop and reports what happens."""

    events = Signal(list)  # list[Event], in order
    changed = Signal()  # state, phase or displayed second changed: re-render

    def __init__(
        self,
        clock: Clock = time.monotonic,
        timer_factory: TimerFactory = qt_timer_factory,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.clock = clock
        self._timer = timer_factory(self._on_timeout, self)
        self.session: Session | None = None
        self.wakeups = 0  # how often the timer fired (for the idle-CPU benchmark)

    def attach(self, session: Session | None) -> None:
        self._timer.cancel()
        self.session = session
        self.changed.emit()

    # The session's actions, each followed by a poll so what they cause is handed out now.
    def start(self) -> bool:
        return self.session is not None and self._polled(self.session.start(self.clock()))

    def pause(self) -> bool:
        return self.session is not None and self._polled(self.session.pause(self.clock()))

    def resume(self) -> bool:
        return self.session is not None and self._polled(self.session.resume(self.clock()))

    def toggle(self) -> bool:
        """Space: start, pause or resume, whichever applies."""
        return self.session is not None and self._polled(self.session.toggle(self.clock()))

    def skip(self) -> bool:
        return self.session is not None and self._polled(self.session.skip(self.clock()))

    def back(self) -> bool:
        return self.session is not None and self._polled(self.session.back(self.clock()))

    def stop(self) -> bool:
        return self.session is not None and self._polled(self.session.stop(self.clock()))

    def _polled(self, done: bool) -> bool:
        self.poll()
        return done

    def _on_timeout(self) -> None:
        self.wakeups += 1
        self.poll()

    def poll(self) -> None:
        """Hand out what is due now, re-render, and arm the timer for the next moment."""
        session = self.session
        if session is None:
            return
        now = self.clock()
        happened: list[Event] = session.poll(now)
        if happened:
            self.events.emit(happened)
        self.changed.emit()
        wake = session.next_wakeup(self.clock())
        if wake is None:
            self._timer.cancel()
        else:
            self._timer.arm(max(0.0, wake - self.clock()))
