"""Break reminders in the Qt event loop: the ``ReminderScheduler`` and its one timer.

The scheduler (``core/reminders.py``) decides everything; this driver only arms
ONE single-shot timer for ``next_due()``, polls when it fires, and turns what
happened into signals. Every intent (snooze, skip, start, pause, a session
starting or ending, new settings) goes through the driver so the timer is
re-armed right after. There is no fixed tick: between two breaks the process
wakes once, or once every ``MAX_WAIT`` at most.

``ReminderActions`` holds the menu entries the window menu and the tray share
(start a break now, pause for an hour / until tomorrow, resume).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from easeback.core.catalogue import Catalogue
from easeback.core.plan import PlanError, compile_plan
from easeback.core.reminders import (
    BreakDue,
    IdleReading,
    ReminderEvent,
    ReminderScheduler,
    ReminderStatus,
    Restarted,
    Resumed,
)
from easeback.core.settings import Settings
from easeback.core.time import Clock, LocalClock, local_now
from easeback.ui.timer import TimerFactory, qt_timer_factory

MAX_WAIT = 6 * 3600.0  # re-check at least this often (a long pause, a week-end outside hours)
PAUSE_HOUR = 3600.0


def text_change_in(remaining: float | None) -> float | None:
    """Seconds until "Next break in N min" reads differently, or None.

    The text counts whole minutes, so this is a minute boundary; in the last minute
    nothing changes until the break itself, which the driver announces.
    """
    if remaining is None or remaining <= 60:
        return None
    return remaining - (math.ceil(remaining / 60 - 1e-9) - 1) * 60 + 0.001


def break_plan(catalogue: Catalogue, settings: Settings) -> tuple[str, float]:
    """The break routine's name and length, as the reminder names it."""
    options = replace(settings.plan_options(), verbosity="silent")
    item = settings.break_item(catalogue)
    try:
        plan = compile_plan(catalogue, item, options)
    except PlanError:
        return item, 0.0
    return plan.name, plan.total_seconds


class ReminderDriver(QObject):
    """Runs the ``ReminderScheduler`` with one single-shot timer and reports what happens."""

    break_due = Signal(object)  # BreakDue: ask the person (start, snooze or skip)
    resumed = Signal(object)  # Resumed: a pause ran out or working hours began
    restarted = Signal(object)  # Restarted: the computer slept; any waiting break was dropped
    changed = Signal()  # the status may read differently (tooltip, menu entries)

    def __init__(
        self,
        scheduler: ReminderScheduler,
        clock: Clock = time.monotonic,
        timer_factory: TimerFactory = qt_timer_factory,
        *,
        interval_override: float | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.scheduler = scheduler
        self.clock = clock
        self.interval_override = interval_override  # --remind-every, kept over settings changes
        self._timer = timer_factory(self._on_timeout, self)
        self.wakeups = 0

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        clock: Clock = time.monotonic,
        now_local: LocalClock = local_now,
        timer_factory: TimerFactory = qt_timer_factory,
        *,
        interval_minutes: float | None = None,
        idle: IdleReading | None = None,
        parent: QObject | None = None,
    ) -> ReminderDriver:
        """``idle``: the desktop's idle time (easeback.ui.idle), so time away counts."""
        scheduler = ReminderScheduler.from_settings(
            settings, clock, now_local, interval_minutes=interval_minutes, idle=idle
        )
        return cls(
            scheduler, clock, timer_factory, interval_override=interval_minutes, parent=parent
        )

    # ------------------------------------------------------------------ reading
    @property
    def due(self) -> bool:
        return self.scheduler.due

    def status(self) -> ReminderStatus:
        return self.scheduler.status(self.clock())

    def describe(self) -> str:
        return self.scheduler.describe(self.clock())

    def until_text(self) -> str:
        """When the next break (or the end of a pause) comes: "at 11:25 (in 50 min)"."""
        return self.scheduler.until_text(self.clock())

    def text_change_in(self) -> float | None:
        """Seconds until ``describe()`` changes by itself (the countdown), or None."""
        return text_change_in(self.scheduler.remaining(self.clock()))

    # ------------------------------------------------------------------ intents
    def start(self) -> None:
        """Arm the timer for the first break (call once the window is up)."""
        self._run(lambda now: None)

    def snooze(self) -> bool:
        return bool(self._run(self.scheduler.snooze))

    def skip(self) -> None:
        self._run(self.scheduler.skip)

    def accept(self) -> None:
        self._run(self.scheduler.accept)

    def session_started(self) -> None:
        self._run(self.scheduler.session_started)

    def session_ended(self, completed: bool = True, spent: float = math.inf) -> None:
        self._run(lambda now: self.scheduler.session_ended(now, completed=completed, spent=spent))

    def pause_for(self, seconds: float) -> None:
        self._run(lambda now: self.scheduler.pause_for(seconds, now))

    def pause_until_tomorrow(self) -> None:
        self._run(self.scheduler.pause_until_tomorrow)

    def resume(self) -> bool:
        return bool(self._run(self.scheduler.resume))

    def apply_settings(self, settings: Settings) -> None:
        self._run(
            lambda now: self.scheduler.apply_settings(
                settings, now, interval_minutes=self.interval_override
            )
        )

    # ------------------------------------------------------------------ running
    def _run(self, action: Callable[[float], object]) -> object:
        now = self.clock()
        result = action(now)
        self._dispatch(self.scheduler.poll(now))
        return result

    def _on_timeout(self) -> None:
        self.wakeups += 1
        self._dispatch(self.scheduler.poll(self.clock()))

    def _dispatch(self, events: Iterable[ReminderEvent]) -> None:
        self._arm()
        for event in events:
            if isinstance(event, BreakDue):
                self.break_due.emit(event)
            elif isinstance(event, Resumed):
                self.resumed.emit(event)
            elif isinstance(event, Restarted):
                self.restarted.emit(event)
        self.changed.emit()

    def _arm(self) -> None:
        due = self.scheduler.next_due()
        if due is None:
            self._timer.cancel()
        else:
            self._timer.arm(min(MAX_WAIT, max(0.0, due - self.clock())))


class ReminderActions(QObject):
    """The reminder entries of the window menu and the tray menu (the same QActions)."""

    def __init__(self, reminders: ReminderDriver, parent: QObject | None = None):
        super().__init__(parent)
        self.reminders = reminders
        self.next_break = QAction(reminders.describe(), self)
        self.next_break.setEnabled(False)  # a line of information, not a command
        self.start_now = QAction("Start a &break now", self)
        self.start_now.setToolTip("Start the break routine now; the next reminder counts from now")
        self.pause_hour = QAction("Pause for 1 &hour", self)
        self.pause_tomorrow = QAction("Pause until &tomorrow", self)
        self.resume = QAction("&Resume reminders", self)
        self.pause_hour.triggered.connect(lambda: reminders.pause_for(PAUSE_HOUR))
        self.pause_tomorrow.triggered.connect(reminders.pause_until_tomorrow)
        self.resume.triggered.connect(reminders.resume)
        reminders.changed.connect(self.update)
        self.update()

    def pause_actions(self) -> list[QAction]:
        return [self.pause_hour, self.pause_tomorrow, self.resume]

    def follow(self, menu: QMenu) -> None:
        """Read the status afresh whenever ``menu`` opens (no timer needed for it)."""
        menu.aboutToShow.connect(self.update)

    def update(self) -> None:
        self.next_break.setText(self.reminders.describe())
        state = self.reminders.status().state
        self.resume.setEnabled(state == "paused")
        for action in (self.pause_hour, self.pause_tomorrow):
            action.setEnabled(state not in ("off", "paused"))
