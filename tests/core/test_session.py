"""The session walks a plan against a fake clock: every event once, in order, without drift."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from easeback.core.catalogue import load_catalogue
from easeback.core.plan import compile_plan
from easeback.core.session import (
    TRANSITIONS,
    ClockJumped,
    CueDue,
    Finished,
    PhaseEnded,
    PhaseStarted,
    RepStarted,
    Session,
    Started,
    whole_tally,
)
from tests.helpers.clock import FakeClock

CAT = load_catalogue()


def expected_events(plan):
    """What a perfect listener hears: (kind, phase index, detail) in plan order."""
    out = [("started", plan.id, None)]
    for p in plan.phases:
        items = [(p.start, 0, ("phase", p.index, None))]
        if p.kind == "reps":
            items += [
                (p.start + k * p.rep_seconds, 1, ("rep", p.index, k + 1)) for k in range(p.reps)
            ]
        items += [(p.start + c.at, 2, ("cue", p.index, c.text)) for c in p.cues]
        out += [e for _, _, e in sorted(items, key=lambda i: (i[0], i[1]))]
        out.append(("ended", p.index, True))
    return [*out, ("finished", len(plan.phases), True)]


def describe(event):
    if isinstance(event, Started):
        return ("started", event.plan.id, None)
    if isinstance(event, PhaseStarted):
        return ("phase", event.phase.index, None)
    if isinstance(event, PhaseEnded):
        return ("ended", event.phase.index, event.to_end)
    if isinstance(event, RepStarted):
        return ("rep", event.phase.index, event.rep)
    if isinstance(event, CueDue):
        return ("cue", event.phase.index, event.cue.text)
    if isinstance(event, Finished):
        return ("finished", event.tally.phases, event.completed)
    raise AssertionError(event)


def started(item_id):
    """A session of ``item_id`` on a fake clock, started: (plan, clock, session)."""
    plan = compile_plan(CAT, item_id)
    clock = FakeClock()
    session = Session(plan, clock)
    session.start()
    return plan, clock, session


def advance(session, clock, seconds, step=0.5):
    """Let time pass the way the window sees it: polled at least every half second."""
    events = []
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        clock.set(min(end, clock.now + step))
        events += session.poll()
    return events


def run_to_end(session, clock, step=None):
    events, polls = [], 0
    while session.state == "running":
        wake = session.next_wakeup()
        clock.set(wake if step is None else clock.now + step)
        events += session.poll()
        polls += 1
        assert polls < 100_000
    return events


@pytest.mark.parametrize("item_id", CAT.ids())
def test_every_builtin_plan_runs_to_the_end_with_every_event_once_and_in_order(item_id):
    plan = compile_plan(CAT, item_id)
    clock = FakeClock()
    session = Session(plan, clock)
    assert session.start()
    t0 = clock.now
    events = session.poll() + run_to_end(session, clock)
    assert [describe(e) for e in events] == expected_events(plan)
    assert session.state == "finished"
    assert session.completed is True
    assert clock.now - t0 == pytest.approx(plan.total_seconds)
    done, whole = events[-1].tally, whole_tally(plan)
    assert (done.completed, done.holds, done.reps) == (True, whole.holds, whole.reps)
    assert done.seconds == pytest.approx(whole.seconds)
    # each event arrives exactly at its moment: the driver woke at the right time
    assert all(getattr(e, "late", 0) == pytest.approx(0, abs=1e-6) for e in events)


def test_polling_in_odd_steps_does_not_drift():
    plan = compile_plan(CAT, "bridge")
    clock = FakeClock(start=0.1)
    session = Session(plan, clock)
    session.start()
    events = session.poll() + run_to_end(session, clock, step=0.3333)
    assert [describe(e) for e in events] == expected_events(plan)
    # lateness is bounded by the poll step, never accumulated
    assert max(getattr(e, "late", 0) for e in events) < 0.3334
    finished = events[-1]
    assert finished.at == pytest.approx(plan.total_seconds)


def test_a_late_poll_reports_everything_it_skipped_and_marks_old_cues_stale():
    _plan, clock, session = started("knee-to-chest")
    session.poll()
    clock.advance(4.5)  # late by most of a short phase, below the jump threshold
    events = session.poll()
    cues = [e for e in events if isinstance(e, CueDue)]
    assert cues, "the cues of the skipped seconds are reported"
    assert all(e.stale == (e.late > 1.0) for e in cues)
    assert any(e.stale for e in cues)
    assert session.state == "running"


def test_pause_shifts_every_deadline_and_resume_continues_where_it_stopped():
    plan, clock, session = started("seated-leg-to-chest")
    advance(session, clock, 30)
    assert session.pause()
    clock.advance(600)
    assert session.poll() == []
    assert session.elapsed() == pytest.approx(30)
    assert session.next_due() is None
    assert session.resume()
    assert session.elapsed() == pytest.approx(30)
    due = session.next_due()
    # the next event is the first hold's next cue (a form reminder), 600 s later than planned
    hold = plan.phases[1]
    at, text = next((hold.start + c.at, c.text) for c in hold.cues if hold.start + c.at > 30)
    assert text == "Keep your back straight."
    assert due == pytest.approx(1000 + 600 + at)
    events = advance(session, clock, due - clock.now)
    assert [e.cue.text for e in events] == [text]
    assert events[0].late == pytest.approx(0)


def test_skip_jumps_to_the_next_phase_and_skipped_cues_are_not_said():
    plan, clock, session = started("seated-leg-to-chest")
    advance(session, clock, plan.phases[1].start + 2)
    assert session.skip()
    left, *events = session.poll()
    assert describe(left) == ("ended", 1, False)
    assert isinstance(events[0], PhaseStarted)
    assert events[0].phase.kind == "switch"
    assert all(e.phase.index == 2 for e in events if hasattr(e, "phase"))
    assert session.elapsed() == pytest.approx(plan.phases[2].start)


def test_back_restarts_the_phase_or_goes_to_the_previous_within_two_seconds():
    plan, clock, session = started("bridge")
    advance(session, clock, plan.phases[1].start + 20)
    assert session.back()
    assert session.elapsed() == pytest.approx(plan.phases[1].start)
    replay = session.poll()
    assert [describe(e) for e in replay[:3]] == [
        ("ended", 1, False),
        ("phase", 1, None),
        ("rep", 1, 1),
    ]
    clock.advance(1)
    session.poll()
    assert session.back()
    assert session.elapsed() == pytest.approx(0)


def test_back_and_skip_while_paused_stay_paused():
    plan, clock, session = started("bridge")
    advance(session, clock, 30)
    session.pause()
    assert session.skip()
    assert session.state == "paused"
    assert session.elapsed() == pytest.approx(plan.phases[2].start)
    assert session.back()
    assert session.state == "paused"


def test_stop_finishes_as_not_completed():
    plan, clock, session = started("bridge")
    advance(session, clock, plan.phases[2].start + 1)
    assert session.stop()
    left, event = session.poll()
    assert describe(left) == ("ended", 2, False)
    assert isinstance(event, Finished)
    assert event.completed is False
    assert event.tally.phases == 2
    assert event.tally.seconds == pytest.approx(plan.phases[2].start + 1)
    assert session.state == "finished"


def test_skipping_the_last_phase_finishes_and_skipped_holds_leave_it_partial():
    plan, _clock, session = started("knee-to-chest")
    for _ in plan.phases:
        session.skip()
    assert session.state == "finished"
    assert session.completed is False
    (finished,) = [e for e in session.poll() if isinstance(e, Finished)]
    assert finished.at == pytest.approx(plan.total_seconds)
    assert finished.tally.seconds == 0


@pytest.mark.parametrize("state", ["idle", "running", "paused", "finished"])
def test_illegal_actions_are_harmless_no_ops(state):
    plan = compile_plan(CAT, "bridge")
    clock = FakeClock()
    session = Session(plan, clock)
    if state != "idle":
        session.start()
    if state == "paused":
        session.pause()
    if state == "finished":
        session.stop()
    before = (session.state, session.elapsed())
    for action in ("start", "pause", "resume", "skip", "back", "stop"):
        if (state, action) not in TRANSITIONS:
            assert getattr(session, action)() is False
            assert (session.state, session.elapsed()) == before


def test_a_clock_jump_pauses_where_the_session_was_and_says_so():
    _plan, clock, session = started("seated-leg-to-chest")
    advance(session, clock, 60)
    where = session.elapsed()
    clock.advance(3600)  # the laptop slept for an hour
    events = session.poll()
    assert [type(e) for e in events] == [ClockJumped]
    assert events[0].gap == pytest.approx(3600)
    assert session.state == "paused"
    assert session.elapsed() == pytest.approx(where)
    session.resume()
    clock.advance(0.5)
    assert not any(isinstance(e, ClockJumped) for e in session.poll())


def test_a_wall_clock_jump_pauses_even_when_the_monotonic_clock_stood_still():
    plan = compile_plan(CAT, "seated-leg-to-chest")
    clock, wall = FakeClock(), FakeClock(start=1_700_000_000)
    session = Session(plan, clock, wall_clock=wall)
    session.start()
    clock.advance(1)
    wall.advance(1)
    session.poll()
    clock.advance(1)
    wall.advance(1800)  # suspended: CLOCK_MONOTONIC did not count the sleep
    events = session.poll()
    assert any(isinstance(e, ClockJumped) for e in events)
    assert session.state == "paused"


def test_next_wakeup_lands_on_each_displayed_second():
    plan = compile_plan(CAT, "seated-leg-to-chest")
    clock = FakeClock(start=0.0)
    session = Session(plan, clock)
    session.start()
    clock.set(0.25)
    session.poll()
    assert session.next_wakeup() == pytest.approx(1.0)
    snap = session.snapshot()
    assert snap.phase.kind == "prepare"
    assert snap.phase_left == pytest.approx(plan.phases[0].seconds - 0.25)


def test_snapshot_follows_reps_and_steps():
    plan = compile_plan(CAT, "glute-med-side-lying")
    clock = FakeClock(start=0.0)
    session = Session(plan, clock)
    session.start()
    reps = plan.phases[1]
    advance(session, clock, reps.start + 2 * reps.rep_seconds + 2.0)
    snap = session.snapshot()
    assert snap.phase.index == 1
    assert snap.rep == 3
    assert snap.step == 1
    assert 0 < snap.progress < 1


# ------------------------------------------------------------------ time done is time spent


def press(session, clock, action, after):
    """Let ``after`` seconds run (polled), then do ``action`` and poll, as the window does."""
    events = advance(session, clock, after) if after else []
    assert getattr(session, action)()
    return events + session.poll()


def finished_of(events):
    (finished,) = [e for e in events if isinstance(e, Finished)]
    return finished


def test_skipping_through_desk_break_in_two_seconds_counts_two_seconds_and_no_hold():
    _plan, clock, session = started("desk-break")
    events = session.poll()
    for _ in range(5):
        events += press(session, clock, "skip", after=0.4)
    tally = finished_of(events).tally
    assert tally.seconds == pytest.approx(2.0)
    assert tally.completed is False
    assert tally.phases == 0, "no phase ran to its end"
    assert [(p.side, p.holds, p.holds_planned) for p in tally.parts] == [
        ("left", 0, 1),
        ("right", 0, 1),
    ]
    assert session.snapshot().spent == pytest.approx(2.0)


def test_paused_time_is_not_counted_and_a_whole_session_counts_its_length():
    plan, clock, session = started("desk-break")
    advance(session, clock, 30)
    session.pause()
    clock.advance(600)
    assert session.snapshot().spent == pytest.approx(30)
    session.resume()
    events = run_to_end(session, clock)
    tally = finished_of(events).tally
    assert tally.seconds == pytest.approx(plan.total_seconds)
    assert tally.completed is True
    assert tally.holds == (2, 2)
    assert [p.seconds for p in tally.parts] == [pytest.approx(120), pytest.approx(120)]


def test_skipping_get_ready_and_rests_still_completes_with_the_time_they_did_not_take():
    plan, clock, session = started("bridge")
    events = session.poll()
    skipped = 0.0
    while session.state == "running":
        phase = session.snapshot().phase
        if phase.kind in ("prepare", "rest") and not phase.final:
            events += press(session, clock, "skip", after=1.0)
            skipped += phase.seconds - 1.0
        else:
            wake = session.next_wakeup()
            clock.set(wake)
            events += session.poll()
    tally = finished_of(events).tally
    assert tally.completed is True
    assert tally.reps == (plan.phases[1].reps * 3, plan.phases[1].reps * 3)
    assert tally.seconds == pytest.approx(plan.total_seconds - skipped)


def test_a_skipped_rep_block_counts_the_whole_reps_that_ran():
    plan, clock, session = started("glute-med-side-lying")
    reps = plan.phases[1]
    advance(session, clock, reps.start + 2 * reps.rep_seconds + 1.0)  # two reps and a bit
    session.skip()
    advance(session, clock, 3)  # three seconds of the end hold
    session.stop()
    tally = finished_of(session.poll()).tally
    left = next(p for p in tally.parts if p.side == "left")
    assert (left.reps, left.reps_planned) == (2, 3 * reps.reps)
    assert left.holds == 0
    assert left.seconds == pytest.approx(2 * reps.rep_seconds + 1.0 + 3)
    assert tally.seconds == pytest.approx(reps.start + 2 * reps.rep_seconds + 1.0 + 3)
    assert tally.completed is False


def test_a_hold_replayed_with_back_counts_both_runs_and_ends_once():
    plan, clock, session = started("seated-leg-to-chest")
    hold = plan.phases[1]
    advance(session, clock, hold.start + 40)
    session.back()  # start the hold again
    events = session.poll() + advance(session, clock, hold.seconds)
    ended = [e for e in events if isinstance(e, PhaseEnded)]
    assert [describe(e) for e in ended] == [("ended", 1, False), ("ended", 1, True)]
    part = ended[-1].tally.parts[0]
    assert (part.holds, part.seconds) == (1, pytest.approx(40 + hold.seconds))


def test_the_time_a_clock_jump_covers_is_not_counted():
    _plan, clock, session = started("seated-leg-to-chest")
    advance(session, clock, 20)
    clock.advance(3600)
    session.poll()
    assert session.state == "paused"
    assert session.spent() == pytest.approx(20)


def test_stopping_in_the_closing_words_after_every_block_ran_is_completed():
    plan, clock, session = started("knee-to-chest")
    final = plan.phases[-1]
    advance(session, clock, final.start + 1)
    session.stop()
    assert finished_of(session.poll()).completed is True


def test_every_change_of_state_comes_from_the_transition_table(monkeypatch):
    plan, clock, session = started("bridge")
    advance(session, clock, 3)
    session.pause()
    # a different table gives a different session: skipping while paused now runs on
    monkeypatch.setitem(TRANSITIONS, ("paused", "skip"), "running")
    assert session.skip()
    assert session.state == "running"
    clock.advance(2)
    assert session.elapsed() == pytest.approx(plan.phases[1].start + 2)
    monkeypatch.delitem(TRANSITIONS, ("running", "stop"))
    assert session.stop() is False
    assert session.state == "running"


@pytest.mark.parametrize(("state", "trigger"), [k for k in TRANSITIONS if k[1] != "end"])
def test_each_action_the_table_allows_leads_where_the_table_says(state, trigger):
    plan = compile_plan(CAT, "bridge")
    clock = FakeClock()
    session = Session(plan, clock)
    if state != "idle":
        session.start()
        advance(session, clock, 3)
    if state == "paused":
        session.pause()
    assert getattr(session, trigger)()
    assert session.state == TRANSITIONS[(state, trigger)]


# --------------------------------------------------------------------------- any way of using it

STEPS = st.one_of(
    st.tuples(st.just("wait"), st.floats(min_value=0.05, max_value=40.0)),
    st.tuples(st.sampled_from(["skip", "back", "pause", "resume"]), st.just(0.0)),
)


@settings(max_examples=60, deadline=None)
@given(
    item_id=st.sampled_from(["desk-break", "bridge", "glute-med-side-lying"]),
    steps=st.lists(STEPS, max_size=40),
)
def test_time_spent_is_the_running_time_whatever_the_person_presses(item_id, steps):
    plan, clock, session = started(item_id)
    events = session.poll()
    running = 0.0  # the clock time that passed while the session ran, polled every 0.5 s
    for action, seconds in steps:
        if session.state == "finished":
            break
        if action == "wait":
            end = clock.now + seconds
            while clock.now < end - 1e-9 and session.state != "finished":
                step = min(0.5, end - clock.now)
                before = session.state
                clock.advance(step)
                events += session.poll()
                if before == "running":
                    running += step
        else:
            getattr(session, action)()
            events += session.poll()
    session.stop()
    events += session.poll()
    tally = finished_of(events).tally
    ran_past_the_end = running - tally.seconds
    assert tally.seconds <= running + 1e-6
    assert ran_past_the_end < 0.5 + 1e-6, "only the last poll may overshoot the plan's end"
    ended = {e.phase.index for e in events if isinstance(e, PhaseEnded) and e.to_end}
    blocks = {p.index for p in plan.phases if p.kind in ("hold", "reps", "end_hold")}
    assert tally.completed == (blocks <= ended)
    assert tally.phases == len(ended)
    assert sum(p.seconds for p in tally.parts) <= tally.seconds + 1e-6


def finish_cue(events):
    (cue,) = [e.cue for e in events if isinstance(e, CueDue) and e.cue.kind == "finish"]
    return cue.text


def test_the_closing_line_says_the_time_the_session_ran_not_the_plans_length():
    plan, clock, session = started("desk-break")
    (planned,) = [c.text for c in plan.phases[-1].cues]
    assert plan.total_seconds == 271
    assert planned.endswith("Desk break took four minutes thirty-one seconds."), (
        "the whole plan, to the second"
    )
    events = advance(session, clock, 30)
    while not session.snapshot().phase.final:
        session.skip()
    events += advance(session, clock, 1)
    closing = plan.phases[-1].seconds  # the closing words' own phase counts, as on the done page
    assert closing == 6
    said = "And relax. Desk break took thirty-six seconds."  # no praise: holds skipped
    assert finish_cue(events) == said
    _plan, clock, whole = started("desk-break")
    assert finish_cue(run_to_end(whole, clock)) == planned, "run whole: the plan's length"
    assert planned.startswith("And relax. Well done! "), "and praised"
    assert whole.snapshot().spent == plan.total_seconds, "which the done page shows as well"
    _plan, clock, skipped = started("desk-break")
    while not skipped.snapshot().phase.final:  # skipped through at once: never below zero
        skipped.skip()
    assert finish_cue(skipped.poll()).endswith("took six seconds.")


def test_a_rep_exercise_skipped_through_is_not_told_good_at_the_end():
    plan, _clock, session = started("bridge")
    (planned,) = [c.text for c in plan.phases[-1].cues]
    assert planned.startswith("Good. Well done! "), "a whole run is praised"
    while not session.snapshot().phase.final:
        session.skip()
    said = finish_cue(session.poll())
    assert said.startswith("Bridge took "), said


@pytest.mark.parametrize("action", ["toggle", "stop", "skip", "back"])
def test_an_action_that_comes_before_the_overdue_poll_does_not_count_the_gap(action):
    """The process did not run for ten minutes (stopped, frozen) and the first thing it
    handles is a key: the gap is a clock jump, not exercise."""
    _plan, clock, session = started("bridge")
    advance(session, clock, 42)
    clock.advance(600)  # no poll in between
    getattr(session, action)()
    events = session.poll()
    assert any(isinstance(e, ClockJumped) for e in events)
    assert session.snapshot().spent == pytest.approx(42, abs=0.6)
    if session.state != "finished":
        session.stop()
    assert session.tally().seconds == pytest.approx(42, abs=0.6)
    assert not session.tally().completed


def test_a_skip_a_moment_after_a_hold_ended_keeps_that_hold_done():
    plan, clock, session = started("knee-to-chest")
    hold = next(p for p in plan.phases if p.kind == "hold")
    began = clock.now
    advance(session, clock, hold.end - 0.2)
    clock.set(began + hold.end + 0.01)  # the hold has just ended; its poll has not come yet
    session.skip()
    done = [e for e in session.poll() if isinstance(e, PhaseEnded) and e.phase.index == hold.index]
    assert [e.to_end for e in done] == [True], "it ran to its end"


def test_time_spent_is_shown_and_said_in_the_same_whole_seconds():
    """400.2 s ran: the ring, History and the stop question show 6:40 and the voice says
    "six minutes forty seconds", never 6:41 on one and forty on the other."""
    from easeback.core.cues import duration_words
    from easeback.core.time import format_spent, spent_seconds

    for ran, shown, said in (
        (400.2, "6:40", "six minutes forty seconds"),
        (86.9, "1:26", "eighty-six seconds"),
    ):
        assert format_spent(ran) == shown
        assert duration_words(spent_seconds(ran)) == said
