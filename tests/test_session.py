"""The guided session state machine, driven by a fake clock."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from support import HOLD, PREPARE, REPS, REST, SWITCH, FakeClock

from tui.core.plan import Step, StepKind, Timeline
from tui.core.record import Outcome, PainChoice, PainReport, SessionRecord
from tui.core.session import Session, SessionFinished, SessionState, StepEnded, StepResult

WALL_START = 1_700_000_000.0


def step(kind: StepKind, entry: int, seconds: float | None, **fields: Any) -> Step:
    return Step(kind, entry, f"ex-{entry}", f"Exercise {entry}", seconds, **fields)


def two_exercises() -> Timeline:
    """Exercise 0: get ready 5, hold 30, rest 10, hold 30, rest-after 15; exercise 1: hold 20."""
    return Timeline(
        (
            step(PREPARE, 0, 5, rep=1, reps=2),
            step(HOLD, 0, 30, rep=1, reps=2),
            step(REST, 0, 10, rep=2, reps=2),
            step(HOLD, 0, 30, rep=2, reps=2),
            step(REST, 0, 15),
            step(HOLD, 1, 20),
        )
    )


def three_exercises() -> Timeline:
    """Adds a self-paced exercise 2 and a counted-reps exercise 3."""
    return Timeline(
        (
            *two_exercises().steps[:-1],
            step(HOLD, 1, 20),
            step(REST, 1, 15),
            step(REPS, 2, None, reps=8),
            step(REPS, 3, 20, reps=10, rep_seconds=2),
        )
    )


def start(timeline: Timeline | None = None) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(
        timeline or two_exercises(),
        clock,
        wall_clock=lambda: WALL_START,
        routine_name="Morning",
    )
    return session, clock


def test_steps_end_at_their_deadlines_and_ring_once_each() -> None:
    session, clock = start()
    assert session.state is SessionState.RUNNING
    assert (session.index, session.remaining) == (0, 5)
    clock.advance(4.5)
    assert session.update() == []
    assert session.remaining == pytest.approx(0.5)
    clock.advance(0.5)
    events = session.update()
    assert events == [StepEnded(two_exercises().steps[0], 0)]
    assert (session.index, session.remaining) == (1, 30)
    assert session.step_result(0) is StepResult.COMPLETED


def test_a_long_jump_crosses_several_steps_and_keeps_the_deadlines() -> None:
    session, clock = start()
    clock.advance(50)  # get ready 5 + hold 30 + rest 10 = 45, then 5 s into the second hold
    events = session.update()
    assert events == [
        StepEnded(step, index) for index, step in enumerate(session.timeline.steps[:3])
    ]
    assert session.index == 3
    assert session.remaining == pytest.approx(25)
    clock.advance(1000)
    events = session.update()
    assert [type(event) for event in events] == [StepEnded, StepEnded, StepEnded, SessionFinished]
    assert [event.index for event in events if isinstance(event, StepEnded)] == [3, 4, 5]
    assert session.finished and not session.ended_early
    assert session.elapsed == session.timeline.total_seconds == 110
    assert session.update() == []


def test_a_stalled_loop_never_lengthens_a_hold_or_the_session() -> None:
    timeline = three_exercises()
    without_self_paced = Timeline(tuple(s for s in timeline.steps if s.seconds is not None))
    session, clock = start(without_self_paced)
    ended_at: list[float] = []
    ticks = 0
    while not session.finished:
        ticks += 1
        clock.advance(1.0)
        if ticks % 5 == 0:
            clock.advance(0.6)  # the event loop was busy: this update comes 600 ms late
        for event in session.update():
            if isinstance(event, StepEnded):
                ended_at.append(session.elapsed - session.step_elapsed)
    expected_ends: list[float] = []
    total = 0.0
    for s in without_self_paced.steps:
        total += s.estimate_seconds
        expected_ends.append(total)
    # Each step ended on its deadline, whenever update() happened to run.
    assert ended_at[:-1] == pytest.approx(expected_ends[:-1], abs=1e-6)
    assert session.elapsed == pytest.approx(without_self_paced.total_seconds, abs=1e-6)
    assert clock.now - 1000.0 > session.elapsed  # the clock ran on past the end


def test_remaining_after_a_stall_is_measured_from_the_deadline() -> None:
    session, clock = start()
    clock.advance(5.6)  # the get-ready ended 0.6 s before anyone looked
    session.update()
    assert session.index == 1
    assert session.remaining == pytest.approx(29.4)


def test_paused_time_is_not_counted() -> None:
    session, clock = start()
    clock.advance(15)  # 10 s into the first hold
    session.update()
    session.pause()
    assert session.state is SessionState.PAUSED
    clock.advance(100)
    assert session.update() == []
    assert session.index == 1
    assert session.remaining == pytest.approx(20)
    assert session.elapsed == pytest.approx(15)
    session.toggle_pause()
    assert not session.paused
    clock.advance(20)
    events = session.update()
    assert [event.index for event in events if isinstance(event, StepEnded)] == [1]
    assert session.elapsed == pytest.approx(35)


def test_every_pause_is_left_out_not_only_the_last() -> None:
    session, clock = start()
    clock.advance(2)
    for paused_for in (7, 11, 13):
        session.pause()
        clock.advance(paused_for)
        session.resume()
        clock.advance(1)
    events = session.update()
    assert session.elapsed == pytest.approx(5)  # 2 + 1 + 1 + 1 s running, 31 s paused
    assert [event.index for event in events if isinstance(event, StepEnded)] == [0]
    assert (session.index, session.remaining) == (1, pytest.approx(30))
    clock.advance(30)
    events = session.update()
    assert [event.index for event in events if isinstance(event, StepEnded)] == [1]
    assert session.elapsed == pytest.approx(35)
    assert session.record().active_seconds == pytest.approx(35)


def test_pausing_just_after_a_deadline_keeps_the_step_boundary() -> None:
    session, clock = start()
    clock.advance(5.5)  # no update: the get-ready ended 0.5 s ago
    session.pause()
    assert session.index == 1
    assert session.remaining == pytest.approx(29.5)
    # The event is not lost: the next update reports it.
    assert session.update() == [StepEnded(session.timeline.steps[0], 0)]


def test_skip_starts_the_next_step_now_and_is_recorded_as_skipped() -> None:
    session, clock = start()
    clock.advance(2)
    session.skip()
    assert (session.index, session.remaining) == (1, 30)
    assert session.step_result(0) is StepResult.SKIPPED
    assert session.update() == []  # no bell for a step the person skipped
    clock.advance(12)
    session.skip()
    assert (session.index, session.remaining) == (2, 10)
    assert session.step_result(1) is StepResult.SKIPPED


def test_back_restarts_a_step_or_goes_to_the_one_before() -> None:
    session, clock = start()
    clock.advance(1)
    session.back()  # on the first step: restart it
    assert (session.index, session.remaining) == (0, 5)
    clock.advance(5 + 10)  # 10 s into the first hold
    session.update()
    session.back()  # more than 2 s in: restart the hold
    assert (session.index, session.remaining) == (1, 30)
    clock.advance(1)
    session.back()  # only just in: the get-ready before it
    assert (session.index, session.remaining) == (0, 5)


def test_adjust_lengthens_and_shortens_but_never_below_a_second() -> None:
    session, clock = start()
    clock.advance(5 + 10)
    session.update()
    session.adjust(10)
    assert session.remaining == pytest.approx(30)
    assert session.step_seconds == pytest.approx(40)
    session.adjust(-10)
    session.adjust(-10)
    assert session.remaining == pytest.approx(10)
    session.adjust(-10)
    assert session.remaining == pytest.approx(1)
    clock.advance(0.5)
    session.adjust(-10)  # shortening never lengthens what is left
    assert session.remaining == pytest.approx(0.5)
    clock.advance(0.5)
    session.update()
    assert session.index == 2
    assert session.elapsed == pytest.approx(5 + 11)  # the hold lasted 11 s in all


def test_skip_exercise_jumps_to_the_next_and_marks_this_one_skipped() -> None:
    session, clock = start()
    clock.advance(10)
    session.skip_exercise()
    assert session.index == 5
    assert session.remaining == 20
    assert session.outcome(0) is Outcome.SKIPPED
    assert session.step_result(3) is StepResult.SKIPPED
    session.skip_exercise()  # the last exercise: the session reaches its end
    assert session.finished and not session.ended_early
    assert session.update()[-1] == SessionFinished(ended_early=False)
    assert session.outcome(1) is Outcome.SKIPPED


def test_skip_exercise_during_the_rest_after_keeps_it_done() -> None:
    session, clock = start()
    clock.advance(5 + 30 + 10 + 30 + 1)  # into the rest after exercise 0
    session.update()
    assert session.step.kind is REST
    session.skip_exercise()
    assert session.index == 5
    assert session.outcome(0) is Outcome.DONE


def test_going_back_into_a_skipped_exercise_does_it_after_all() -> None:
    session, clock = start()
    session.skip_exercise()
    assert session.outcome(0) is Outcome.SKIPPED
    session.back()
    session.back()  # quickly twice: back to the second hold
    assert session.index == 3
    clock.advance(30)
    session.update()
    # No longer skipped: the second hold was done, the first was not, so partly done.
    assert session.outcome(0) is Outcome.PARTIAL


def test_done_completes_a_self_paced_step_and_reps_are_counted_by_tempo() -> None:
    session, clock = start(three_exercises())
    session.skip_exercise()
    session.skip_exercise()
    assert session.step.kind is REPS and session.step.self_paced
    clock.advance(1000)
    assert session.update() == []  # a self-paced step waits
    assert session.remaining is None
    assert session.current_rep is None
    assert session.step_progress == 1.0  # past its estimate
    session.adjust(10)  # nothing to adjust
    session.done()
    assert session.outcome(2) is Outcome.DONE
    assert session.step.rep_seconds == 2
    assert session.current_rep == 1
    clock.advance(5)
    session.update()
    assert session.current_rep == 3
    clock.advance(14.9)
    session.update()
    assert session.current_rep == 10  # capped at the reps in the set


def test_done_does_nothing_on_a_hold() -> None:
    session, clock = start()
    clock.advance(6)
    session.update()
    session.done()
    assert session.index == 1


def test_end_early_records_what_was_and_was_not_done() -> None:
    session, clock = start()
    clock.advance(5 + 30 + 3)
    session.end()
    assert session.finished and session.ended_early
    assert session.update() == [
        StepEnded(session.timeline.steps[0], 0),
        StepEnded(session.timeline.steps[1], 1),
        SessionFinished(ended_early=True),
    ]
    clock.advance(100)
    assert session.elapsed == pytest.approx(38)
    assert [result.outcome for result in session.results()] == [
        Outcome.PARTIAL,
        Outcome.NOT_REACHED,
    ]
    record = session.record()
    assert record.finished is False
    assert record.active_seconds == pytest.approx(38)


def test_report_pain_pauses_and_marks_the_exercise() -> None:
    session, clock = start()
    clock.advance(10)
    result = session.report_pain()
    assert session.paused
    assert (result.entry_index, result.id, result.name) == (0, "ex-0", "Exercise 0")
    assert result.outcome is Outcome.PAINFUL
    session.resume()
    session.skip_exercise()  # painful wins over skipped
    assert session.outcome(0) is Outcome.PAINFUL


def test_pain_in_the_rest_between_reps_is_about_this_exercise_and_skips_it() -> None:
    session, clock = start()
    clock.advance(5 + 30 + 1)  # the rest between the two holds of exercise 0
    session.update()
    assert session.step.kind is REST
    assert session.report_pain().entry_index == 0
    ahead = session.exercise_ahead
    assert ahead is not None and ahead.entry_index == 0  # its second hold is still to do
    session.skip_exercise_ahead()
    assert session.index == 5  # exercise 1 starts
    assert session.step_result(3) is StepResult.SKIPPED
    assert [r.outcome for r in session.results()] == [Outcome.PAINFUL, Outcome.NOT_REACHED]


def test_pain_in_the_rest_after_an_exercise_is_about_it_and_skip_leaves_out_the_next() -> None:
    session, clock = start(three_exercises())
    clock.advance(5 + 30 + 10 + 30 + 1)  # the rest after exercise 0, which is done
    session.update()
    assert (session.index, session.step.kind) == (4, REST)
    painful = session.report_pain()
    assert (painful.entry_index, painful.outcome) == (0, Outcome.PAINFUL)
    ahead = session.exercise_ahead
    assert ahead is not None and ahead.entry_index == 1  # not the one just done
    clock.advance(3)  # paused: the rest does not run out while the person decides
    session.skip_exercise_ahead()
    session.resume()
    assert session.index == 7  # past exercise 1 and its rest, at exercise 2
    assert session.remaining is None  # (self-paced)
    assert session.elapsed == pytest.approx(5 + 30 + 10 + 30 + 1)
    assert session.step_result(4) is None  # a rest left early is neither done nor skipped
    assert session.step_result(5) is StepResult.SKIPPED
    assert [r.outcome for r in session.results()] == [
        Outcome.PAINFUL,
        Outcome.SKIPPED,
        Outcome.NOT_REACHED,
        Outcome.NOT_REACHED,
    ]


def test_skipping_the_exercise_after_the_last_rest_reaches_the_end() -> None:
    session, clock = start()
    clock.advance(5 + 30 + 10 + 30 + 1)  # the rest after exercise 0; exercise 1 is the last
    session.update()
    session.report_pain()
    session.skip_exercise_ahead()
    assert session.finished and not session.ended_early
    assert session.update()[-1] == SessionFinished(ended_early=False)
    assert [r.outcome for r in session.results()] == [Outcome.PAINFUL, Outcome.SKIPPED]
    assert session.exercise_ahead is None


def test_pain_while_getting_ready_is_about_the_exercise_to_come() -> None:
    timeline = Timeline(
        (
            step(HOLD, 0, 30),
            step(REST, 0, 15),
            step(PREPARE, 1, 5),
            step(HOLD, 1, 20),
            step(PREPARE, 2, 5),
            step(HOLD, 2, 20),
        )
    )
    session, clock = start(timeline)
    clock.advance(30 + 15 + 1)  # getting ready for exercise 1
    session.update()
    assert session.step.kind is PREPARE
    assert session.report_pain().entry_index == 1
    ahead = session.exercise_ahead
    assert ahead is not None and ahead.entry_index == 1
    session.skip_exercise_ahead()
    assert session.index == 4  # getting ready for exercise 2
    assert [r.outcome for r in session.results()] == [
        Outcome.DONE,
        Outcome.PAINFUL,
        Outcome.NOT_REACHED,
    ]


def test_nothing_is_ahead_in_a_rest_that_ends_the_session() -> None:
    session, clock = start(Timeline((step(HOLD, 0, 20), step(REST, 0, 10))))
    clock.advance(21)
    session.update()
    assert session.exercise_ahead is None
    session.skip_exercise_ahead()  # nothing to leave out: the rest goes on
    assert (session.index, session.finished) == (1, False)
    assert session.remaining == pytest.approx(9)


def test_actions_after_the_end_do_nothing() -> None:
    session, clock = start()
    session.end()
    index, elapsed = session.index, session.elapsed
    clock.advance(60)
    for action in (session.skip, session.back, session.skip_exercise, session.done, session.pause):
        action()
    session.adjust(10)
    assert (session.index, session.elapsed, session.state) == (
        index,
        elapsed,
        SessionState.FINISHED,
    )


def test_progress_follows_estimated_seconds() -> None:
    session, clock = start()
    assert session.session_progress == 0
    clock.advance(5 + 15)  # half way through the first hold
    session.update()
    assert session.step_progress == pytest.approx(0.5)
    assert session.session_progress == pytest.approx(20 / 110)
    clock.advance(1000)
    session.update()
    assert session.step_progress == session.session_progress == 1.0
    assert session.remaining == 0


def test_checkpoint_restores_at_the_start_of_the_interrupted_step() -> None:
    session, clock = start(three_exercises())
    clock.advance(12)
    session.update()
    session.report_pain()
    session.resume()
    session.skip_exercise()  # to exercise 1
    clock.advance(3)
    session.adjust(10)
    saved = json.loads(json.dumps(session.checkpoint()))
    assert saved["index"] == 5
    assert saved["paused"] is False

    later = FakeClock(now=5000.0)
    restored = Session.restore(three_exercises(), saved, later)
    assert restored.paused  # the person gets back into position first
    assert restored.index == 5
    assert restored.remaining == pytest.approx(30)  # the adjusted hold, from its start
    assert restored.elapsed == pytest.approx(15)
    assert restored.routine_name == "Morning"
    assert restored.started_at == WALL_START
    assert restored.outcome(0) is Outcome.PAINFUL
    assert restored.step_result(1) is StepResult.SKIPPED
    restored.resume()
    later.advance(30)
    assert [e.index for e in restored.update() if isinstance(e, StepEnded)] == [5]
    assert restored.elapsed == pytest.approx(45)


def test_restore_running_when_asked() -> None:
    session, _ = start()
    saved = session.checkpoint()
    restored = Session.restore(two_exercises(), saved, FakeClock(), paused=False)
    assert restored.state is SessionState.RUNNING


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"index": 99}, "out of range"),
        ({"index": -1}, "not a session checkpoint"),
        ({"step_count": 3}, "changed"),
        ({"exercise_id": "other"}, "changed"),
        ({"completed": [42]}, "out of range"),
        ({"painful_exercises": [7]}, "not in the routine"),
        ({"version": 2}, "version"),
        ({"elapsed": "soon"}, "not a session checkpoint"),
        ({"surprise": True}, "not a session checkpoint"),
    ],
)
def test_restore_rejects_a_bad_checkpoint(change: dict[str, Any], message: str) -> None:
    session, clock = start()
    clock.advance(6)
    saved = session.checkpoint() | change
    with pytest.raises(ValueError, match=message):
        Session.restore(two_exercises(), saved, clock)


def test_restore_rejects_what_is_not_a_dict() -> None:
    with pytest.raises(ValueError):
        Session.restore(two_exercises(), ["nope"], FakeClock())


def test_record_says_what_was_done_and_survives_json() -> None:
    session, clock = start()
    session.pain_before = 4
    clock.advance(5 + 30 + 10)
    session.skip()  # the second hold
    clock.advance(1000)
    session.update()
    session.pain_after = 2
    record = session.record()
    assert record.routine_name == "Morning"
    assert datetime.fromisoformat(record.started_at).timestamp() == WALL_START
    assert record.finished is True
    assert record.active_seconds == pytest.approx(45 + 15 + 20)
    assert record.planned_seconds == 110
    assert [(r.id, r.name, r.outcome) for r in record.exercises] == [
        ("ex-0", "Exercise 0", Outcome.PARTIAL),  # one hold done, one skipped
        ("ex-1", "Exercise 1", Outcome.DONE),
    ]
    assert (record.pain_before, record.pain_after) == (4, 2)
    data = json.loads(json.dumps(record.to_dict()))
    assert data["exercises"][0]["outcome"] == "partial"
    assert SessionRecord.from_dict(data) == record


def test_skipping_the_rest_of_an_exercise_after_some_work_is_partly_done() -> None:
    session, clock = start()
    clock.advance(5 + 30)  # get ready, first hold done
    session.update()
    session.skip_exercise()  # the rest of it skipped with `s`
    assert session.outcome(0) is Outcome.PARTIAL


def test_an_exercise_with_every_step_skipped_is_skipped() -> None:
    session, _ = start()
    for _ in range(5):
        session.skip()
    assert session.outcome(0) is Outcome.SKIPPED


def test_record_from_bad_data_and_bad_pain_raise_value_error() -> None:
    with pytest.raises(ValueError, match="not a session record"):
        SessionRecord.from_dict({"routine_name": "x"})
    session, _ = start()
    session.pain_after = 11
    with pytest.raises(ValueError, match="0 to 10"):
        session.record()


def test_a_session_needs_something_to_do() -> None:
    with pytest.raises(ValueError):
        Session(Timeline(()), FakeClock())


def test_begin_starts_the_clock_and_the_record_when_the_person_is_ready() -> None:
    clock = FakeClock()
    wall = [1_700_000_000.0]
    session = Session(two_exercises(), clock, wall_clock=lambda: wall[0])
    session.pause()  # made ahead, waiting while the person rates their pain
    clock.advance(40)
    wall[0] += 40
    session.begin(pain_before=3)
    assert session.started_at == 1_700_000_040.0
    assert session.pain_before == 3
    assert session.elapsed == 0 and not session.paused
    clock.advance(1)
    session.update()
    assert session.elapsed == 1
    with pytest.raises(ValueError):
        session.begin()


def test_begin_works_with_a_clock_that_always_moves() -> None:
    ticks = iter(range(1_000_000))
    session = Session(two_exercises(), lambda: next(ticks) * 0.001)
    session.pause()
    session.begin()  # a real clock has moved between creating and pausing: no error
    assert not session.paused


def test_an_exercise_under_way_when_the_session_ends_is_partly_done() -> None:
    session, clock = start()
    clock.advance(5 + 12)  # 12 s into the first hold: nothing of it completed yet
    session.end()
    assert session.step_result(1) is StepResult.STOPPED
    assert [r.outcome for r in session.results()] == [Outcome.PARTIAL, Outcome.NOT_REACHED]
    assert session.anything_done


def test_partly_done_after_a_crash_and_resume_too() -> None:
    session, clock = start()
    clock.advance(5 + 12)
    session.update()
    saved = json.loads(json.dumps(session.checkpoint()))
    restored = Session.restore(two_exercises(), saved, FakeClock())  # the app was closed
    restored.end()  # ... and the person chose not to carry on
    assert restored.results()[0].outcome is Outcome.PARTIAL


def test_a_session_ended_before_anything_was_done_is_not_worth_recording() -> None:
    session, clock = start()
    clock.advance(3)  # still getting ready
    session.end()
    assert not session.anything_done
    skipped, clock = start()
    skipped.skip()
    skipped.skip()  # the first hold skipped: skipping is not doing
    skipped.end()
    assert skipped.results()[0].outcome is Outcome.SKIPPED
    assert not skipped.anything_done
    hurt, clock = start()
    clock.advance(2)
    hurt.report_pain()  # pain while getting ready is worth keeping
    hurt.end()
    assert hurt.anything_done


def test_the_checkpoint_reads_the_clock_once() -> None:
    ticks = iter(range(1_000_000))
    session = Session(two_exercises(), lambda: next(ticks) * 0.25)  # moves at every reading
    session.skip()
    data = session.checkpoint()
    assert data["elapsed"] - data["step_elapsed"] == pytest.approx(session.step_started)


def test_pain_notes_are_recorded_and_checked() -> None:
    session, clock = start()
    clock.advance(7)
    session.report_pain()
    session.note_pain(0, 3, PainChoice.CARRY_ON)
    assert session.keep_gentle
    assert session.pain_reports == (
        PainReport(entry_index=0, id="ex-0", pain=3, choice=PainChoice.CARRY_ON),
    )
    with pytest.raises(ValueError):
        session.note_pain(0, 11, PainChoice.SKIP)
    with pytest.raises(ValueError):
        session.note_pain(9, 3, PainChoice.SKIP)
    record = session.record()
    assert record.worst_reported_pain == 3
    assert SessionRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record


def test_a_record_from_before_pain_reports_still_reads() -> None:
    old = {
        "started_at": "2026-11-24T07:28:20+00:00",
        "routine_name": "Desk break",
        "active_seconds": 300.0,
        "planned_seconds": 450.0,
        "finished": True,
        "exercises": [{"entry_index": 0, "id": "cobra", "name": "Cobra", "outcome": "done"}],
        "pain_before": 4,
        "pain_after": 2,
    }
    record = SessionRecord.from_dict(old)
    assert record.pain_reports == () and record.exercises[0].instead_of is None


def test_switching_sides_says_the_side_once() -> None:
    switch = Step(SWITCH, 0, "ex-0", "Exercise 0", 5, side="right", rep=1, reps=3)
    assert switch.heading == "Now the right side · Rep 1 of 3"
    assert switch.detail == "Rep 1 of 3 · right side"
    hold = Step(HOLD, 0, "ex-0", "Exercise 0", 30, side="left", rep=2, reps=3)
    assert hold.heading == hold.detail == "Rep 2 of 3 · left side"


# --------------------------------------------------------------------------- what mutants showed


def test_a_timeline_with_no_steps_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match=r"^the routine has no exercises to do$"):
        Session(Timeline(()), FakeClock())


def test_defaults_and_the_pain_before_are_kept() -> None:
    assert Session(two_exercises(), FakeClock()).routine_name == ""
    session = Session(two_exercises(), FakeClock(), wall_clock=lambda: WALL_START, pain_before=4)
    assert session.pain_before == 4
    assert session.record().pain_before == 4


@pytest.mark.parametrize("pain", [0, 10])
def test_pain_from_0_to_10_is_accepted(pain: int) -> None:
    assert Session(two_exercises(), FakeClock(), pain_before=pain).pain_before == pain
    session, _ = start()
    session.pause()
    session.begin(pain)
    assert session.pain_before == pain


@pytest.mark.parametrize("pain", [-1, 11])
def test_pain_outside_0_to_10_is_refused(pain: int) -> None:
    with pytest.raises(ValueError, match=rf"^pain is rated from 0 to 10, not {pain}$"):
        Session(two_exercises(), FakeClock(), pain_before=pain)


def test_begin_only_once_and_only_before_anything_happened() -> None:
    session, _clock = start()
    session.pause()
    session.begin()
    with pytest.raises(ValueError, match=r"^the session has already begun$"):
        session.begin()
    # Back at the first step after a skip: something happened, so no new beginning.
    again, _ = start()
    again.skip()
    again.back()
    assert again.index == 0
    with pytest.raises(ValueError, match=r"^the session has already begun$"):
        again.begin()


def test_resume_when_running_changes_nothing() -> None:
    session, clock = start()
    clock.advance(3)
    session.resume()
    assert session.elapsed == pytest.approx(3)
    assert session.state is SessionState.RUNNING


def test_back_within_the_first_seconds_goes_to_the_step_before_and_undoes_a_skip() -> None:
    from tui.core.session import BACK_RESTART_SECONDS

    session, clock = start()
    clock.advance(35)  # get-ready and the first hold done
    session.update()
    session.skip_exercise()  # the second hold skipped: now at exercise 1
    assert session.outcome(0) is Outcome.PARTIAL
    session.back()  # into exercise 0's last rest
    clock.advance(BACK_RESTART_SECONDS)  # exactly the limit still goes back
    session.back()
    assert session.index == 3  # the second hold, done after all
    clock.advance(30)
    session.update()
    assert session.outcome(0) is Outcome.DONE


def test_adjust_by_nothing_keeps_the_time_left() -> None:
    session, clock = start()
    clock.advance(7)  # 2 s into the 30 s hold
    session.adjust(0)
    assert session.remaining == pytest.approx(28)
    session.adjust(0.5)
    assert session.remaining == pytest.approx(28.5)


def test_adjusting_a_step_with_a_length_keeps_its_sum() -> None:
    session, clock = start()
    clock.advance(5)
    session.adjust(10)
    assert session.step_seconds == pytest.approx(40)
    session.adjust(-15)
    assert session.step_seconds == pytest.approx(25)


def test_a_finished_session_is_not_paused() -> None:
    session, _clock = start()
    session.pause()
    session.end()
    assert session.finished and not session.paused
    assert session.state is SessionState.FINISHED


def test_a_checkpoint_keeps_everything_it_restores() -> None:
    session = Session(two_exercises(), FakeClock(), wall_clock=lambda: WALL_START, pain_before=3)
    session.skip()  # get-ready skipped
    session._clock.advance(30)  # type: ignore[attr-defined]
    session.update()  # the first hold completed
    session.skip_exercise()  # the rest of exercise 0 skipped
    session.pause()
    saved = json.loads(json.dumps(session.checkpoint()))
    assert saved["pain_before"] == 3
    assert saved["completed"] == [1]
    assert saved["skipped_exercises"] == [0]
    assert saved["paused"] is True
    restored = Session.restore(two_exercises(), saved, FakeClock())
    assert restored.pain_before == 3
    assert restored.step_result(1) is StepResult.COMPLETED
    assert restored.step_result(0) is StepResult.SKIPPED
    assert restored.outcome(0) is Outcome.PARTIAL


def checkpoint_with(**changes: Any) -> dict[str, Any]:
    session, clock = start()
    clock.advance(7)
    session.update()
    data = session.checkpoint()
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"index": 6}, r"^step 6 is out of range \(the session has 6 steps\)$"),
        (
            {"step_kind": "rest"},
            r"^the routine has changed since the checkpoint \(a different step\)$",
        ),
        ({"completed": [6]}, r"^a step index in the checkpoint is out of range \(0 to 5\)$"),
        ({"skipped": [6]}, r"^a step index in the checkpoint is out of range \(0 to 5\)$"),
        (
            {"adjustments": [[6, 1.0]]},
            r"^a step index in the checkpoint is out of range \(0 to 5\)$",
        ),
        ({"skipped_exercises": [2]}, r"^an exercise in the checkpoint is not in the routine$"),
    ],
)
def test_a_checkpoint_that_does_not_fit_is_refused_in_words(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Session.restore(two_exercises(), checkpoint_with(**changes), FakeClock())
