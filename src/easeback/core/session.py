"""The session: a state machine that walks a ``Plan`` against an injected clock.

Every deadline is ``origin + offset in the plan``; pausing shifts the origin, so
no rounding ever accumulates. ``poll(now)`` hands back each due event exactly
once and in plan order, however late the caller is; cue events that come more
than ``stale_after`` seconds late are marked stale so nobody speaks them out of
time. A jump of the clock (the computer slept) pauses the session.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Literal

from easeback.core.cues import Cue
from easeback.core.plan import Phase, Plan
from easeback.core.time import JUMP_THRESHOLD, Clock

State = Literal["idle", "running", "paused", "finished"]
Action = Literal["start", "pause", "resume", "skip", "back", "stop"]

#: The one place that says which action is allowed in which state, and where it leads.
TRANSITIONS: dict[tuple[State, Action], State] = {
    ("idle", "start"): "running",
    ("running", "pause"): "paused",
    ("running", "skip"): "running",
    ("running", "back"): "running",
    ("running", "stop"): "finished",
    ("paused", "resume"): "running",
    ("paused", "skip"): "paused",
    ("paused", "back"): "paused",
    ("paused", "stop"): "finished",
}

BACK_GRACE = 2.0  # within this many seconds of a phase start, back goes to the phase before
STALE_AFTER = 1.0  # seconds after its moment a cue may still be spoken; later, it is dropped


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    at: float  # seconds into the plan
    late: float = 0.0


@dataclass(frozen=True)
class RepStarted:
    phase: Phase
    rep: int
    at: float
    late: float = 0.0


@dataclass(frozen=True)
class CueDue:
    phase: Phase
    cue: Cue
    at: float
    late: float = 0.0
    stale_after: float = STALE_AFTER

    @property
    def stale(self) -> bool:
        """Too late to be said: it would no longer match what the person is doing."""
        return self.late > self.stale_after


@dataclass(frozen=True)
class Finished:
    completed: bool
    at: float
    phases_completed: int


@dataclass(frozen=True)
class ClockJumped:
    """The clock leapt ahead (sleep or suspend): the session paused where it was."""

    gap: float
    at: float


Event = PhaseStarted | RepStarted | CueDue | Finished | ClockJumped


@dataclass(frozen=True)
class Snapshot:
    """Everything the window shows at one moment."""

    state: State
    phase: Phase
    elapsed: float
    phase_elapsed: float
    phase_left: float
    total_left: float
    rep: int | None
    step: int

    @property
    def progress(self) -> float:
        total = self.elapsed + self.total_left
        return self.elapsed / total if total > 0 else 1.0


# A timeline item: (time in plan, order at equal times, phase index, payload)
_Item = tuple[float, int, int, object]


class Session:
    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        wall_clock: Clock | None = None,
        jump_threshold: float = JUMP_THRESHOLD,
        stale_after: float = STALE_AFTER,
    ):
        if not plan.phases:
            raise ValueError("a plan with no phases cannot be run")
        self.plan = plan
        self._clock = clock
        self._wall = wall_clock
        self._jump = jump_threshold
        self._stale_after = stale_after
        self._state: State = "idle"
        self._origin = 0.0  # clock time at which the plan's second 0 fell
        self._paused_elapsed = 0.0
        self._last_poll: float | None = None
        self._last_wall: float | None = None
        self._pending: list[Event] = []
        self._timeline = self._build_timeline(plan)
        self._times = [item[0] for item in self._timeline]
        self._cursor = 0
        self._started_phases: set[int] = set()
        self._completed_phases: set[int] = set()
        self.completed: bool | None = None

    @staticmethod
    def _build_timeline(plan: Plan) -> list[_Item]:
        items: list[_Item] = []
        for p in plan.phases:
            items.append((p.start, 0, p.index, None))
            if p.kind == "reps" and p.reps and p.rep_seconds:
                items.extend(
                    (p.start + k * p.rep_seconds, 1, p.index, k + 1) for k in range(p.reps)
                )
            items.extend((p.start + c.at, 2, p.index, c) for c in p.cues)
        items.append((plan.total_seconds, 3, len(plan.phases) - 1, "end"))
        items.sort(key=lambda item: (item[0], item[2], item[1]))
        return items

    # ------------------------------------------------------------------ reading
    @property
    def state(self) -> State:
        return self._state

    def elapsed(self, now: float | None = None) -> float:
        """Seconds into the plan, clamped to the plan's length."""
        if self._state == "idle":
            return 0.0
        if self._state in ("paused", "finished"):
            value = self._paused_elapsed
        else:
            value = (self._clock() if now is None else now) - self._origin
        return min(max(value, 0.0), self.plan.total_seconds)

    def phase_index(self, now: float | None = None) -> int:
        return self.plan.phase_at(self.elapsed(now))

    def snapshot(self, now: float | None = None) -> Snapshot:
        elapsed = self.elapsed(now)
        phase = self.plan.phases[self.plan.phase_at(elapsed)]
        into = min(max(elapsed - phase.start, 0.0), phase.seconds)
        return Snapshot(
            state=self._state,
            phase=phase,
            elapsed=elapsed,
            phase_elapsed=into,
            phase_left=phase.seconds - into,
            total_left=self.plan.total_seconds - elapsed,
            rep=phase.rep_at(into),
            step=phase.step_at(into),
        )

    def next_due(self) -> float | None:
        """Clock time of the next event, or None when nothing is running."""
        if self._state != "running" or self._cursor >= len(self._timeline):
            return None
        return self._origin + self._timeline[self._cursor][0]

    def next_wakeup(self, now: float | None = None) -> float | None:
        """The next moment anything changes: an event, a new whole second on the display,
        or the next step picture during reps."""
        due = self.next_due()
        if due is None:
            return None
        now = self._clock() if now is None else now
        elapsed = self.elapsed(now)
        phase = self.plan.phases[self.plan.phase_at(elapsed)]
        left = phase.end - elapsed
        # the countdown shows ceil(left); it changes when left crosses a whole number
        tick_left = math.ceil(left - 1e-9) - 1
        tick = self._origin + phase.end - tick_left if tick_left >= 0 else due
        change = phase.next_picture_change(elapsed - phase.start)
        if change is not None:
            tick = min(tick, self._origin + phase.start + change)
        return min(due, max(tick, now))

    # ------------------------------------------------------------------ acting
    def allowed(self, action: Action) -> bool:
        return (self._state, action) in TRANSITIONS

    def start(self, now: float | None = None) -> bool:
        if not self.allowed("start"):
            return False
        now = self._clock() if now is None else now
        self._origin = now
        self._state = "running"
        self._mark_polled(now)
        return True

    def pause(self, now: float | None = None) -> bool:
        if not self.allowed("pause"):
            return False
        self._paused_elapsed = self.elapsed(now)
        self._state = "paused"
        return True

    def resume(self, now: float | None = None) -> bool:
        if not self.allowed("resume"):
            return False
        now = self._clock() if now is None else now
        self._origin = now - self._paused_elapsed
        self._state = "running"
        self._mark_polled(now)
        return True

    def toggle(self, now: float | None = None) -> bool:
        """Space: start, pause or resume, whichever applies."""
        if self._state == "idle":
            return self.start(now)
        if self._state == "running":
            return self.pause(now)
        return self.resume(now)

    def skip(self, now: float | None = None) -> bool:
        if not self.allowed("skip"):
            return False
        index = self.phase_index(now)
        self._completed_phases.add(index)
        if index + 1 >= len(self.plan.phases):
            self._finish(completed=True, at=self.plan.total_seconds)
            return True
        self._seek(index + 1, now)
        return True

    def back(self, now: float | None = None) -> bool:
        if not self.allowed("back"):
            return False
        elapsed = self.elapsed(now)
        index = self.plan.phase_at(elapsed)
        if elapsed - self.plan.phases[index].start < BACK_GRACE and index > 0:
            index -= 1
        self._seek(index, now)
        return True

    def stop(self, now: float | None = None) -> bool:
        if not self.allowed("stop"):
            return False
        self._finish(completed=False, at=self.elapsed(now))
        return True

    def _seek(self, index: int, now: float | None) -> None:
        start = self.plan.phases[index].start
        if self._state == "running":
            self._origin = (self._clock() if now is None else now) - start
        else:
            self._paused_elapsed = start
        self._cursor = bisect.bisect_left(self._times, start)
        # items at exactly ``start`` that belong to the phase before (none today) stay behind
        while self._cursor < len(self._timeline) and self._timeline[self._cursor][2] < index:
            self._cursor += 1

    def _finish(self, *, completed: bool, at: float) -> None:
        self._paused_elapsed = at
        self._state = "finished"
        self.completed = completed
        self._cursor = len(self._timeline)
        self._pending.append(Finished(completed, at, len(self._completed_phases)))

    def _mark_polled(self, now: float) -> None:
        self._last_poll = now
        self._last_wall = self._wall() if self._wall else None

    # ------------------------------------------------------------------ polling
    def poll(self, now: float | None = None) -> list[Event]:
        """Every event due by ``now`` that was not returned before, in plan order."""
        now = self._clock() if now is None else now
        events, self._pending = self._pending, []
        if self._state != "running":
            return events
        jumped = self._detect_jump(now)
        if jumped is not None:
            events.append(jumped)
            return events
        self._mark_polled(now)
        elapsed = now - self._origin
        while (
            self._cursor < len(self._timeline) and self._timeline[self._cursor][0] <= elapsed + 1e-9
        ):
            t, _order, index, payload = self._timeline[self._cursor]
            self._cursor += 1
            phase = self.plan.phases[index]
            late = max(0.0, elapsed - t)
            if payload is None:
                for done in range(index):
                    self._completed_phases.add(done)
                self._started_phases.add(index)
                events.append(PhaseStarted(phase, t, late))
            elif isinstance(payload, int):
                events.append(RepStarted(phase, payload, t, late))
            elif isinstance(payload, Cue):
                events.append(CueDue(phase, payload, t, late, self._stale_after))
            else:
                self._completed_phases.update(range(len(self.plan.phases)))
                self._finish(completed=True, at=self.plan.total_seconds)
                events.extend(self._pending)
                self._pending = []
        return events

    def _detect_jump(self, now: float) -> ClockJumped | None:
        if self._last_poll is None:
            return None
        gap = now - self._last_poll
        wall_gap = 0.0
        if self._wall is not None and self._last_wall is not None:
            # A monotonic clock may stand still during suspend; the wall clock does not.
            wall_gap = (self._wall() - self._last_wall) - max(gap, 0.0)
        if gap <= self._jump and wall_gap <= self._jump:
            return None
        # Freeze where the session was when the clock was last seen.
        self._paused_elapsed = min(
            max(self._last_poll - self._origin, 0.0), self.plan.total_seconds
        )
        self._state = "paused"
        return ClockJumped(max(gap, wall_gap + max(gap, 0.0)), self._paused_elapsed)

    @property
    def phases_completed(self) -> int:
        return len(self._completed_phases)
