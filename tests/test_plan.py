"""Compiling routines into timelines of steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import HOLD, PREPARE, REPS, REST, SWITCH

from tui.core.catalog import Catalog, Dosage, parse_catalog
from tui.core.plan import (
    SELF_PACED_REP_SECONDS,
    PlanSettings,
    Step,
    StepKind,
    Timeline,
    compile_routine,
    estimate_seconds,
)
from tui.core.routine import Routine, RoutineEntry


def exercise(exercise_id: str, **dosage: Any) -> dict[str, Any]:
    """A minimal valid catalogue exercise with the given dosage."""
    return {
        "id": exercise_id,
        "name": exercise_id.replace("-", " ").title(),
        "category": "mobility",
        "areas": ["lower back"],
        "position": "on-back",
        "steps": ["Do it gently."],
        "cue": "Breathe.",
        "dosage": dosage,
        "source": "standard",
    }


def make_catalog(*exercises: dict[str, Any]) -> Catalog:
    return parse_catalog({"exercise": list(exercises)}, Path("t.toml"))


def make_routine(*entries: str | RoutineEntry) -> Routine:
    return Routine(
        name="Test",
        exercise=tuple(RoutineEntry(id=e) if isinstance(e, str) else e for e in entries),
    )


def shape(timeline: Timeline) -> list[tuple[Any, ...]]:
    """Each step as (kind, exercise id, side, set, rep, seconds), easy to write out."""
    return [(s.kind, s.exercise_id, s.side, s.set_number, s.rep, s.seconds) for s in timeline.steps]


def test_held_per_side_exercise_with_rests_between_reps() -> None:
    catalog = make_catalog(
        exercise(
            "knee-hug",
            hold_seconds=30,
            reps=2,
            per_side=True,
            rest_between_reps=10,
            rest_after=15,
        ),
        exercise("bridge", hold_seconds=5, rest_between_sets=0, rest_after=20),
    )
    timeline = compile_routine(make_routine("knee-hug", "bridge"), catalog)
    assert shape(timeline) == [
        (PREPARE, "knee-hug", "left", 1, 1, 5),
        (HOLD, "knee-hug", "left", 1, 1, 30),
        (REST, "knee-hug", "left", 1, 2, 10),
        (HOLD, "knee-hug", "left", 1, 2, 30),
        (SWITCH, "knee-hug", "right", 1, 1, 5),
        (HOLD, "knee-hug", "right", 1, 1, 30),
        (REST, "knee-hug", "right", 1, 2, 10),
        (HOLD, "knee-hug", "right", 1, 2, 30),
        (REST, "knee-hug", None, 1, None, 15),
        (PREPARE, "bridge", None, 1, 1, 5),
        (HOLD, "bridge", None, 1, 1, 5),
    ]
    # No rest after the last exercise.
    assert timeline.total_seconds == 5 + 4 * 30 + 2 * 10 + 5 + 15 + 5 + 5
    assert estimate_seconds(make_routine("knee-hug", "bridge"), catalog) == timeline.total_seconds


def test_counted_reps_in_sets_with_rest_between_sets() -> None:
    catalog = make_catalog(
        exercise("cat-cow", reps=10, rep_seconds=3, sets=2, rest_between_sets=30, rest_after=15)
    )
    timeline = compile_routine(make_routine("cat-cow"), catalog)
    assert shape(timeline) == [
        (PREPARE, "cat-cow", None, 1, None, 5),
        (REPS, "cat-cow", None, 1, None, 30),
        (REST, "cat-cow", None, 2, None, 30),
        (REPS, "cat-cow", None, 2, None, 30),
    ]
    reps_step = timeline.steps[1]
    assert reps_step.rep_seconds == 3
    assert reps_step.reps == 10
    assert reps_step.sets == 2
    assert timeline.total_seconds == 95


def test_per_side_sets_without_rest_still_switch_back_to_the_left() -> None:
    catalog = make_catalog(
        exercise(
            "side-plank",
            hold_seconds=10,
            per_side=True,
            sets=2,
            rest_between_sets=0,
            rest_between_sides=12,
        )
    )
    timeline = compile_routine(make_routine("side-plank"), catalog, PlanSettings(switch_seconds=4))
    assert shape(timeline) == [
        (PREPARE, "side-plank", "left", 1, 1, 5),
        (HOLD, "side-plank", "left", 1, 1, 10),
        (SWITCH, "side-plank", "right", 1, 1, 12),  # rest_between_sides is longer
        (HOLD, "side-plank", "right", 1, 1, 10),
        (SWITCH, "side-plank", "left", 2, 1, 4),
        (HOLD, "side-plank", "left", 2, 1, 10),
        (SWITCH, "side-plank", "right", 2, 1, 12),
        (HOLD, "side-plank", "right", 2, 1, 10),
    ]


def test_breath_holds_last_breaths_times_breath_seconds() -> None:
    catalog = make_catalog(exercise("child-pose", hold_breaths=4, reps=2))
    timeline = compile_routine(make_routine("child-pose"), catalog, PlanSettings(breath_seconds=6))
    holds = [step for step in timeline.steps if step.kind is HOLD]
    assert [(step.seconds, step.breaths, step.rep) for step in holds] == [(24, 4, 1), (24, 4, 2)]
    assert holds[0].detail == "Rep 1 of 2 · 4 breaths"


def test_self_paced_reps_wait_for_a_key_and_are_estimated() -> None:
    catalog = make_catalog(exercise("pelvic-tilt", reps=12, rest_after=0))
    timeline = compile_routine(
        make_routine("pelvic-tilt"), catalog, PlanSettings(prepare_seconds=0)
    )
    (step,) = timeline.steps
    assert step.kind is REPS
    assert step.seconds is None
    assert step.self_paced
    assert step.rep_seconds is None
    assert step.estimate_seconds == 12 * SELF_PACED_REP_SECONDS
    assert timeline.total_seconds == 48


def test_prepare_off_and_zero_rests_make_no_steps() -> None:
    catalog = make_catalog(
        exercise("a", hold_seconds=10, reps=2, rest_between_reps=0, rest_after=0),
        exercise("b", hold_seconds=10),
    )
    timeline = compile_routine(make_routine("a", "b"), catalog, PlanSettings(prepare_seconds=0))
    assert [(s.kind, s.exercise_id, s.rep) for s in timeline.steps] == [
        (HOLD, "a", 1),
        (HOLD, "a", 2),
        (HOLD, "b", 1),
    ]
    assert timeline.total_seconds == 30


def test_missing_exercises_are_left_out_and_keep_their_entry_index() -> None:
    catalog = make_catalog(exercise("a", hold_seconds=10), exercise("b", hold_seconds=20))
    routine = make_routine("a", "gone", "b")
    timeline = compile_routine(routine, catalog, PlanSettings(prepare_seconds=0))
    assert [(s.entry_index, s.exercise_id) for s in timeline.steps] == [
        (0, "a"),
        (0, "a"),  # rest after "a"
        (2, "b"),
    ]
    assert timeline.entries == (0, 2)
    assert dict(timeline.entry_starts) == {0: 0, 2: 2}


def test_a_routine_dosage_overrides_the_catalogue_default() -> None:
    catalog = make_catalog(exercise("a", hold_seconds=10, reps=5))
    entry = RoutineEntry(id="a", dosage=Dosage(hold_seconds=45, rest_after=0))
    timeline = compile_routine(make_routine(entry), catalog, PlanSettings(prepare_seconds=0))
    assert [(s.kind, s.seconds) for s in timeline.steps] == [(HOLD, 45)]


def test_an_empty_routine_is_an_empty_timeline() -> None:
    catalog = make_catalog(exercise("a", hold_seconds=10))
    timeline = compile_routine(make_routine(), catalog)
    assert timeline.steps == ()
    assert timeline.total_seconds == 0
    assert timeline.entries == ()


def test_timeline_navigation_helpers() -> None:
    catalog = make_catalog(
        exercise("a", hold_seconds=10, reps=2, rest_between_reps=5, rest_after=15),
        exercise("b", reps=4, rep_seconds=2, rest_after=15),
        exercise("c", hold_seconds=20),
    )
    timeline = compile_routine(make_routine("a", "b", "c"), catalog)
    # a: prepare, hold, rest, hold, rest-after | b: prepare, reps, rest-after | c: prepare, hold
    assert len(timeline) == 10
    assert timeline.exercise_bounds(0) == range(0, 5)
    assert timeline.exercise_bounds(4) == range(0, 5)
    assert timeline.exercise_bounds(6) == range(5, 8)
    assert timeline.exercise_bounds(9) == range(8, 10)
    assert timeline.next_exercise_start(2) == 5
    assert timeline.next_exercise_start(7) == 8
    assert timeline.next_exercise_start(9) is None
    assert [timeline.exercise_number(i) for i in (0, 4, 5, 9)] == [1, 1, 2, 3]
    assert timeline.seconds_before(0) == 0
    assert timeline.seconds_before(2) == 15
    assert timeline.seconds_before(len(timeline)) == timeline.total_seconds == 98
    up_next = timeline.next_work_step(4)
    assert up_next is not None and up_next.exercise_id == "b" and up_next.kind is REPS
    assert timeline.next_work_step(9) is None


def test_titles_and_details_read_as_words() -> None:
    def step(kind: StepKind, **fields: Any) -> Step:
        return Step(kind, 0, "a", "A", 10, **fields)

    assert step(PREPARE).title == "Get ready"
    assert step(HOLD).title == "Hold"
    assert step(SWITCH).title == "Switch sides"
    assert step(REST).title == "Rest"
    assert step(REPS).title == "Reps"
    assert step(HOLD, rep=2, reps=3, side="left", set_number=1, sets=2).detail == (
        "Rep 2 of 3 · left side · set 1 of 2"
    )
    assert step(REPS, reps=10, side="right").detail == "10 reps · right side"
    assert step(HOLD, rep=1, reps=1).detail == ""


@pytest.mark.parametrize(
    "settings",
    [{"prepare_seconds": -1}, {"switch_seconds": -1}, {"breath_seconds": 0}],
)
def test_plan_settings_reject_impossible_values(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        PlanSettings(**settings)
