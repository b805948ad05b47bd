"""The session: a state machine that walks a ``Plan`` against an injected clock.

Every deadline is ``origin + offset in the plan``; pausing shifts the origin, so
no rounding ever accumulates. ``poll(now)`` hands back each due event exactly
once and in plan order, however late the caller is; cue events that come more
than ``stale_after`` seconds late are marked stale so nobody speaks them out of
time. A jump of the clock (the computer slept) pauses the session.

Every change of state is looked up in ``TRANSITIONS``. The session also counts
what ran: the seconds each phase actually ran (paused time, the skipped rest of
a phase and the time a clock jump covered are not counted) and which phases ran
to their end. ``PhaseEnded`` and ``Finished`` carry that ``Tally``; a session is
completed when every hold and rep block ran to its end.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from easeback.core.catalogue import Side
from easeback.core.cues import Cue
from easeback.core.plan import Phase, Plan, closing_as_run
from easeback.core.time import JUMP_THRESHOLD, Clock

State = Literal["idle", "running", "paused", "finished"]
Action = Literal["start", "pause", "resume", "skip", "back", "stop"]
#: What moves the session: a person's action, or "end" (the plan ran out, or the last
#: phase was skipped).
Trigger = Action | Literal["end"]

#: The one place that says which trigger is allowed in which state, and where it leads.
#: Every change of state goes through it.
TRANSITIONS: dict[tuple[State, Trigger], State] = {
    ("idle", "start"): "running",
    ("running", "pause"): "paused",
    ("running", "skip"): "running",
    ("running", "back"): "running",
    ("running", "stop"): "finished",
    ("running", "end"): "finished",
    ("paused", "resume"): "running",
    ("paused", "skip"): "paused",
    ("paused", "back"): "paused",
    ("paused", "stop"): "finished",
    ("paused", "end"): "finished",
}

BACK_GRACE = 2.0  # within this many seconds of a phase start, back goes to the phase before
STALE_AFTER = 1.0  # seconds after its moment a cue may still be spoken; later, it is dropped
#: The phases that are the exercise itself: a session is completed when each ran to its end.
BLOCKS = frozenset({"hold", "reps", "end_hold"})
HOLDS = frozenset({"hold", "end_hold"})
_EPSILON = 1e-9


@dataclass(frozen=True)
class Part:
    """What was done of one exercise on one side (``side`` None: no sides)."""

    exercise: str
    side: Side | None
    holds: int  # holds (and end holds) that ran to their end
    holds_planned: int
    reps: int  # whole reps whose time ran
    reps_planned: int
    seconds: float  # seconds the holds and reps ran

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "side": self.side,
            "holds": self.holds,
            "holds_planned": self.holds_planned,
            "reps": self.reps,
            "reps_planned": self.reps_planned,
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Part:
        side = data.get("side")
        return cls(
            exercise=str(data["exercise"]),
            side=side if side in ("left", "right") else None,
            holds=int(data.get("holds", 0)),
            holds_planned=int(data.get("holds_planned", 0)),
            reps=int(data.get("reps", 0)),
            reps_planned=int(data.get("reps_planned", 0)),
            seconds=float(data.get("seconds", 0.0)),
        )


@dataclass(frozen=True)
class Tally:
    """What a session has done so far: time spent is time that ran."""

    seconds: float  # running time: pauses and the skipped rest of a phase are not counted
    phases: int  # phases that ran to their end
    completed: bool  # every hold and rep block ran to its end (get-ready and rests may be skipped)
    parts: tuple[Part, ...] = ()

    @property
    def holds(self) -> tuple[int, int]:
        """Holds done and planned, over the whole session."""
        return sum(p.holds for p in self.parts), sum(p.holds_planned for p in self.parts)

    @property
    def reps(self) -> tuple[int, int]:
        """Reps done and planned, over the whole session."""
        return sum(p.reps for p in self.parts), sum(p.reps_planned for p in self.parts)


@dataclass(frozen=True)
class Started:
    """The session began: the plan it runs."""

    plan: Plan


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    at: float  # seconds into the plan
    late: float = 0.0


@dataclass(frozen=True)
class PhaseEnded:
    """A phase stopped running: at its end (``to_end``), or left by skip, back or stop."""

    phase: Phase
    to_end: bool
    tally: Tally  # the whole session's, up to here


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
    """The session is over: what it did (``tally``), and where in the plan it ended."""

    tally: Tally
    at: float

    @property
    def completed(self) -> bool:
        return self.tally.completed


@dataclass(frozen=True)
class ClockJumped:
    """The clock leapt ahead (sleep or suspend): the session paused where it was."""

    gap: float
    at: float


Event = Started | PhaseStarted | PhaseEnded | RepStarted | CueDue | Finished | ClockJumped


@dataclass(frozen=True)
class Snapshot:
    """Everything the window shows at one moment."""

    state: State
    phase: Phase
    elapsed: float  # where the plan is (a skip moves it on; it is not time spent)
    phase_elapsed: float
    phase_left: float
    total_left: float
    rep: int | None
    step: int
    spent: float = 0.0  # time the session ran: pauses and skipped remainders not counted
    completed: bool | None = None  # once finished: every hold and rep block ran to its end
    before_closing: float | None = None  # time it ran before its closing words, once there
    whole: bool | None = None  # at the closing words: every hold and rep block ran to its end

    @property
    def progress(self) -> float:
        total = self.elapsed + self.total_left
        return self.elapsed / total if total > 0 else 1.0


def tally_of(
    plan: Plan,
    spent: float,
    ran: Sequence[float],
    reached: Sequence[float],
    ended: Collection[int],
) -> Tally:
    """The tally of ``plan`` given, per phase, the seconds it ran, how far into it the run
    got, and which phases ran to their end; ``spent`` is the session's running time."""
    blocks: dict[tuple[str, Side | None], list[Phase]] = {}
    for phase in plan.phases:
        if phase.kind in BLOCKS and not phase.final:
            blocks.setdefault((phase.exercise, phase.side), []).append(phase)

    def reps_done(phase: Phase) -> int:
        if phase.kind != "reps" or not phase.reps or not phase.rep_seconds:
            return 0
        if phase.index in ended:
            return phase.reps
        return min(phase.reps, math.floor(reached[phase.index] / phase.rep_seconds + _EPSILON))

    parts = tuple(
        Part(
            exercise=exercise,
            side=side,
            holds=sum(1 for p in phases if p.kind in HOLDS and p.index in ended),
            holds_planned=sum(1 for p in phases if p.kind in HOLDS),
            reps=sum(reps_done(p) for p in phases),
            reps_planned=sum(p.reps or 0 for p in phases if p.kind == "reps"),
            seconds=sum(ran[p.index] for p in phases),
        )
        for (exercise, side), phases in blocks.items()
    )
    completed = all(p.index in ended for phases in blocks.values() for p in phases)
    return Tally(spent, len(ended), completed, parts)


def whole_tally(plan: Plan) -> Tally:
    """The tally of ``plan`` run from start to end without a skip."""
    seconds = [p.seconds for p in plan.phases]
    return tally_of(plan, plan.total_seconds, seconds, seconds, range(len(plan.phases)))


def partial_tally(plan: Plan, spent: float) -> Tally:
    """The tally of ``plan`` after ``spent`` seconds of which nothing ran to its end."""
    nothing = [0.0] * len(plan.phases)
    return tally_of(plan, spent, nothing, nothing, ())


# What a timeline item marks, besides reps (int) and cues (Cue).
_PHASE_START = "start"
_PHASE_END = "end"
_PLAN_END = "finish"
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
        # What ran: the plan second up to which running time is counted, the seconds each
        # phase ran (a replayed stretch counts again), how far into each phase it got, and
        # which phases ran to their end.
        self._mark = 0.0
        self._spent = 0.0
        self._ran = [0.0] * len(plan.phases)
        self._before_closing: float | None = None
        self._whole: bool | None = None
        self._reached = [0.0] * len(plan.phases)
        self._ended: set[int] = set()
        self._current: int | None = None  # the phase whose PhaseStarted was the last one
        self.completed: bool | None = None

    @staticmethod
    def _build_timeline(plan: Plan) -> list[_Item]:
        items: list[_Item] = []
        for p in plan.phases:
            items.append((p.start, 0, p.index, _PHASE_START))
            if p.kind == "reps" and p.reps and p.rep_seconds:
                items.extend(
                    (p.start + k * p.rep_seconds, 1, p.index, k + 1) for k in range(p.reps)
                )
            items.extend((p.start + c.at, 2, p.index, c) for c in p.cues)
            items.append((p.end, 3, p.index, _PHASE_END))
        items.append((plan.total_seconds, 4, len(plan.phases) - 1, _PLAN_END))
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

    def spent(self, now: float | None = None) -> float:
        """Seconds the session has run: pauses and skipped remainders are not counted."""
        if self._state != "running":
            return self._spent
        return self._spent + max(0.0, self.elapsed(now) - self._mark)

    def phase_index(self, now: float | None = None) -> int:
        return self.plan.phase_at(self.elapsed(now))

    def snapshot(self, now: float | None = None) -> Snapshot:
        now = self._clock() if now is None else now
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
            spent=self.spent(now),
            completed=self.completed,
            before_closing=self._before_closing,
            whole=self._whole,
        )

    def tally(self) -> Tally:
        """What the session has done, counted up to its last poll or action."""
        return tally_of(self.plan, self._spent, self._ran, self._reached, self._ended)

    @property
    def phases_completed(self) -> int:
        """Phases that ran to their end (a skipped one does not count)."""
        return len(self._ended)

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
        tick_left = math.ceil(left - _EPSILON) - 1
        tick = self._origin + phase.end - tick_left if tick_left >= 0 else due
        change = phase.next_picture_change(elapsed - phase.start)
        if change is not None:
            tick = min(tick, self._origin + phase.start + change)
        return min(due, max(tick, now))

    # ------------------------------------------------------------------ acting
    def allowed(self, action: Trigger) -> bool:
        return (self._state, action) in TRANSITIONS

    def start(self, now: float | None = None) -> bool:
        if not self.allowed("start"):
            return False
        self._enter("start", self._now(now), 0.0)
        self._pending.append(Started(self.plan))
        return True

    def pause(self, now: float | None = None) -> bool:
        return self._stay("pause", now)

    def resume(self, now: float | None = None) -> bool:
        return self._stay("resume", now)

    def toggle(self, now: float | None = None) -> bool:
        """Space: start, pause or resume, whichever applies."""
        if self._state == "idle":
            return self.start(now)
        if self._state == "running":
            return self.pause(now)
        return self.resume(now)

    def skip(self, now: float | None = None) -> bool:
        if not self._ready("skip", now):
            return False
        now, position = self._settle(now)
        index = self.plan.phase_at(position)
        self._leave(index)
        if index + 1 < len(self.plan.phases):
            self._enter("skip", now, self._seek(index + 1))
        else:  # past the last phase: the plan is over
            self._enter("skip", now, self.plan.total_seconds)
            self._end(now)
        return True

    def back(self, now: float | None = None) -> bool:
        if not self._ready("back", now):
            return False
        now, position = self._settle(now)
        index = self.plan.phase_at(position)
        self._leave(index)
        if position - self.plan.phases[index].start < BACK_GRACE and index > 0:
            index -= 1
        self._enter("back", now, self._seek(index))
        return True

    def stop(self, now: float | None = None) -> bool:
        if not self._ready("stop", now):
            return False
        now, position = self._settle(now)
        self._leave(self.plan.phase_at(position))
        self._enter("stop", now, position)
        self._finished(position)
        return True

    # ------------------------------------------------------------------ inside
    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now

    def _ready(self, trigger: Trigger, now: float | None) -> bool:
        """Whether ``trigger`` may act now, once what was due before it has happened: a
        phase that ran to its end is ended, a clock gap pauses the session where it was
        (its events wait for the next poll). An action that reached a running session
        before its overdue poll would otherwise count the gap as exercise, or lose a hold
        it ended a moment before."""
        at = self._now(now)
        if self._state == "running" and (self._last_poll is None or at > self._last_poll):
            self._pending = self.poll(at)
        return self.allowed(trigger)

    def _stay(self, trigger: Trigger, now: float | None) -> bool:
        """A trigger that changes the state only (pause, resume): the plan stays where it is."""
        if not self._ready(trigger, now):
            return False
        self._enter(trigger, *self._settle(now))
        return True

    def _settle(self, now: float | None) -> tuple[float, float]:
        """The clock time and the plan position now, the running time counted up to it."""
        at = self._now(now)
        position = self.elapsed(at)
        if self._state == "running":
            self._credit(position)
        return at, position

    def _enter(self, trigger: Trigger, now: float, position: float) -> None:
        """Take the state the table gives ``trigger``, at plan second ``position``."""
        self._state = TRANSITIONS[(self._state, trigger)]
        self._mark = position
        if self._state == "running":
            self._origin = now - position
            self._mark_polled(now)
        else:
            self._paused_elapsed = position

    def _credit(self, upto: float) -> None:
        """Count the running time from the mark up to plan second ``upto``, phase by phase."""
        if upto <= self._mark:
            return
        self._spent += upto - self._mark
        for phase in self.plan.phases[self.plan.phase_at(self._mark) :]:
            if phase.start >= upto:
                break
            low, high = max(self._mark, phase.start), min(upto, phase.end)
            if high > low:
                self._ran[phase.index] += high - low
                self._reached[phase.index] = max(self._reached[phase.index], high - phase.start)
        self._mark = upto

    def _leave(self, index: int) -> None:
        """Phase ``index`` stops before its end (skip, back, stop)."""
        if self._current == index:
            self._current = None
            self._pending.append(PhaseEnded(self.plan.phases[index], False, self.tally()))

    def _seek(self, index: int) -> float:
        """Move the timeline to the start of phase ``index``; returns that plan second."""
        start = self.plan.phases[index].start
        self._cursor = bisect.bisect_left(self._times, start)
        # items at exactly ``start`` that belong to the phase before (its end) stay behind
        while self._cursor < len(self._timeline) and self._timeline[self._cursor][2] < index:
            self._cursor += 1
        return start

    def _end(self, now: float) -> None:
        self._enter("end", now, self.plan.total_seconds)
        self._finished(self.plan.total_seconds)

    def _finished(self, at: float) -> None:
        tally = self.tally()
        self.completed = tally.completed
        self._cursor = len(self._timeline)
        self._pending.append(Finished(tally, at))

    def _mark_polled(self, now: float) -> None:
        self._last_poll = now
        self._last_wall = self._wall() if self._wall else None

    # ------------------------------------------------------------------ polling
    def poll(self, now: float | None = None) -> list[Event]:
        """Every event due by ``now`` that was not returned before, in plan order."""
        now = self._now(now)
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
            self._cursor < len(self._timeline)
            and self._timeline[self._cursor][0] <= elapsed + _EPSILON
        ):
            t, _order, index, payload = self._timeline[self._cursor]
            self._cursor += 1
            self._credit(min(t, self.plan.total_seconds))
            phase = self.plan.phases[index]
            late = max(0.0, elapsed - t)
            if payload == _PHASE_START:
                self._current = index
                if phase.final:
                    self._before_closing = self._spent
                    self._whole = self.tally().completed
                events.append(PhaseStarted(phase, t, late))
            elif payload == _PHASE_END:
                if self._current == index:
                    self._current = None
                    self._ended.add(index)
                    events.append(PhaseEnded(phase, True, self.tally()))
            elif isinstance(payload, int):
                events.append(RepStarted(phase, payload, t, late))
            elif isinstance(payload, Cue):
                cue = payload
                if phase.final:  # the closing words say how the session really ran
                    ran, whole = self._before_closing or 0.0, self._whole is not False
                    cue = closing_as_run(cue, self.plan, ran, whole)
                events.append(CueDue(phase, cue, t, late, self._stale_after))
            else:
                self._end(now)
                events.extend(self._pending)
                self._pending = []
        if self._state == "running":
            self._credit(min(max(elapsed, 0.0), self.plan.total_seconds))
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
        # Freeze where the session was when the clock was last seen (counted up to there).
        where = min(max(self._last_poll - self._origin, 0.0), self.plan.total_seconds)
        self._enter("pause", now, where)
        return ClockJumped(max(gap, wall_gap + max(gap, 0.0)), where)
