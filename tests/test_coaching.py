"""Pain-aware coaching: the traffic light, the easier variant, and asking after a bad session.

The easier variant is tested with a small catalogue of its own, whose links include a
missing id and a link to itself.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from support import FakeClock, exercise_data

from tui.core.catalog import Catalog, Dosage, Exercise
from tui.core.coaching import (
    EASE_OUT,
    GET_ADVICE,
    GET_HELP_TODAY,
    SEE_A_CLINICIAN,
    STOP_FOR_TODAY,
    PainLevel,
    advise,
    check_advice,
    easier_variant,
    follow_choice,
    pain_level,
    pain_offer,
    swap_in_easier,
    swap_routine,
)
from tui.core.next_day import CheckAnswer, PainCheck, pain_check, pending_check, worth_asking_about
from tui.core.plan import PlanSettings, StepKind, compile_routine
from tui.core.record import Outcome, PainChoice, PainReport, SessionRecord, Swap
from tui.core.routine import Routine, RoutineEntry
from tui.core.session import Session
from tui.core.store.history import HistoryLog, read_history

PLAN = PlanSettings(prepare_seconds=5)


def exercise(exercise_id: str, name: str, **fields: Any) -> Exercise:
    data = exercise_data(id=exercise_id, name=name, **fields)
    return msgspec.convert(data, Exercise)


CATALOG = Catalog(
    Path("variants.toml"),
    "Variants",
    (
        exercise(
            "knee-to-chest",
            "Knee to chest",
            easier=["missing", "knee-to-chest", "supported-knee-to-chest"],
            dosage={"hold_seconds": 20, "reps": 2, "per_side": True},
        ),
        exercise(
            "supported-knee-to-chest",
            "Supported knee to chest",
            dosage={"hold_seconds": 15, "reps": 1, "per_side": True},
        ),
        exercise("bridge", "Bridge", easier=["pelvic-tilt"], dosage={"reps": 4, "rep_seconds": 2}),
        exercise("pelvic-tilt", "Pelvic tilt", dosage={"reps": 6, "rep_seconds": 2}),
        exercise("cobra", "Cobra", dosage={"hold_seconds": 10}),
    ),
)
ROUTINE = Routine(
    name="Evening",
    exercise=(
        RoutineEntry(id="knee-to-chest", dosage=Dosage(hold_seconds=30, reps=2, per_side=True)),
        RoutineEntry(id="bridge", note="slowly"),
        RoutineEntry(id="knee-to-chest"),  # again later: swapped too
    ),
)


def start(routine: Routine = ROUTINE) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(compile_routine(routine, CATALOG, PLAN), clock, routine_name=routine.name)
    return session, clock


# --------------------------------------------------------------------------- traffic light


@pytest.mark.parametrize(
    ("pain", "level"),
    [(0, "mild"), (3, "mild"), (4, "moderate"), (7, "moderate"), (8, "severe"), (10, "severe")],
)
def test_the_traffic_light(pain: int, level: str) -> None:
    assert pain_level(pain) is PainLevel(level)


@pytest.mark.parametrize("pain", [-1, 11])
def test_pain_is_rated_from_0_to_10(pain: int) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        pain_level(pain)


def test_mild_pain_carries_on_gently_first() -> None:
    advice = advise(2, easier=True)
    assert advice.level is PainLevel.MILD
    assert advice.choices == (
        PainChoice.CARRY_ON,
        PainChoice.EASIER,
        PainChoice.SKIP,
        PainChoice.STOP,
    )
    # Ease out first; carry on only in a smaller range, and only if the pain settles at once.
    assert "ease out of the position slowly" in advice.headline
    assert "smaller range, only if it settles at once" in advice.advice
    assert STOP_FOR_TODAY in advice.advice


def test_moderate_pain_changes_the_exercise_never_carries_on_as_before() -> None:
    assert advise(5, easier=True).choices == (PainChoice.EASIER, PainChoice.SKIP, PainChoice.STOP)
    without = advise(6, easier=False)
    assert without.choices == (PainChoice.SKIP, PainChoice.STOP)
    assert "easier" not in without.advice
    assert advise(4, easier=False, skip=False).choices == (PainChoice.STOP,)


def test_severe_pain_stops_with_the_catalogues_advice_and_when_to_get_help_today() -> None:
    advice = advise(
        9, easier=True, if_it_hurts="Stop. If the pain persists, see a physical therapist."
    )
    assert advice.level is PainLevel.SEVERE
    assert advice.choices == (PainChoice.STOP,)
    assert "stop for today" in advice.headline
    assert advice.advice.startswith("Stop. If the pain persists, see a physical therapist.")
    assert GET_HELP_TODAY in advice.advice
    assert "bladder or bowel" in GET_HELP_TODAY


def test_without_the_catalogues_advice_severe_pain_still_eases_out_and_stops() -> None:
    advice = advise(9)
    assert advice.advice.startswith(f"{EASE_OUT} Stop for today.")


def test_the_traffic_light_says_each_part_of_what_to_do_when_it_hurts() -> None:
    # Issue #15, item 2: ease out slowly; carry on in a smaller range only if the pain
    # settles at once; stop for the day if it is sharp, spreads down a leg, or brings
    # numbness or tingling; get advice if pain comes during or after, or keeps coming back.
    words = {
        level: f"{advice.headline} {advice.advice}"
        for level, advice in ((p, advise(p, easier=True)) for p in (None, 2, 5))
    }
    for text in words.values():
        assert "ease out" in text.lower()
        assert "sharp, spreads down a leg, or brings numbness or tingling" in text
    assert "only if it settles at once" in words[2]
    assert GET_ADVICE in words[5] and GET_ADVICE in words[None]
    assert "during or after exercise" in GET_ADVICE and "keeps coming back" in GET_ADVICE
    assert "carry on" not in words[5].lower()  # moderate pain changes the exercise


def test_worse_after_a_session_says_do_less_and_when_to_get_advice() -> None:
    advice = check_advice(CheckAnswer.WORSE)
    assert "Take it easier today" in advice and SEE_A_CLINICIAN in advice
    assert check_advice(None) == ""


def test_unrated_pain_offers_every_choice() -> None:
    assert advise(None, easier=True).choices == (
        PainChoice.CARRY_ON,
        PainChoice.EASIER,
        PainChoice.SKIP,
        PainChoice.STOP,
    )


# --------------------------------------------------------------------------- easier variant


def test_the_easier_variant_is_the_first_the_catalogue_has() -> None:
    knee = CATALOG.by_id["knee-to-chest"]
    variant = easier_variant(knee, CATALOG)
    assert variant is not None and variant.id == "supported-knee-to-chest"
    assert easier_variant(CATALOG.by_id["cobra"], CATALOG) is None  # names none
    assert easier_variant(CATALOG.by_id["pelvic-tilt"], CATALOG) is None


def test_an_exercise_without_the_field_has_no_variant() -> None:
    plain = msgspec.convert(exercise_data(), Exercise)
    assert easier_variant(plain, CATALOG) is None


def test_swap_routine_replaces_this_entry_and_later_ones_at_the_variants_dosage() -> None:
    swapped = swap_routine(ROUTINE, 0, "supported-knee-to-chest")
    assert [entry.id for entry in swapped.exercise] == [
        "supported-knee-to-chest",
        "bridge",
        "supported-knee-to-chest",
    ]
    assert swapped.exercise[0].dosage is None  # a hold of 30 s may not suit the variant
    assert swapped.exercise[1] == ROUTINE.exercise[1]


def test_swapping_in_the_easier_variant_mid_hold_for_the_rest_of_the_session() -> None:
    session, clock = start()
    clock.advance(5 + 30 + 4)  # into the second hold of the left side
    session.update()
    painful = session.report_pain()
    assert painful.id == "knee-to-chest"
    offer = pain_offer(session, CATALOG, 5)
    assert offer.advice.choices == (PainChoice.EASIER, PainChoice.SKIP, PainChoice.STOP)
    assert offer.labels[PainChoice.EASIER] == "Switch to an easier variant: Supported knee to chest"
    assert offer.labels[PainChoice.SKIP] == "Skip this exercise"

    routine = follow_choice(
        session,
        painful.entry_index,
        5,
        PainChoice.EASIER,
        routine=ROUTINE,
        catalog=CATALOG,
        plan=PLAN,
    )
    assert [entry.id for entry in routine.exercise][::2] == ["supported-knee-to-chest"] * 2
    assert not session.paused
    assert session.index == 0  # the variant's get-ready
    assert (session.step.kind, session.step.exercise_id) == (
        StepKind.PREPARE,
        "supported-knee-to-chest",
    )
    assert session.step_elapsed == 0
    assert session.swaps == (
        Swap(
            entry_index=0,
            from_id="knee-to-chest",
            from_name="Knee to chest",
            to_id="supported-knee-to-chest",
        ),
        Swap(
            entry_index=2,
            from_id="knee-to-chest",
            from_name="Knee to chest",
            to_id="supported-knee-to-chest",
        ),
    )

    clock.advance(10_000)
    session.update()
    record = session.record()
    assert [(r.id, r.outcome, r.instead_of) for r in record.exercises] == [
        ("supported-knee-to-chest", Outcome.DONE, "knee-to-chest"),
        ("bridge", Outcome.DONE, None),
        ("supported-knee-to-chest", Outcome.DONE, "knee-to-chest"),
    ]
    assert record.exercises[0].instead_of_name == "Knee to chest"
    assert record.pain_reports == (
        PainReport(entry_index=0, id="knee-to-chest", pain=5, choice=PainChoice.EASIER),
    )
    assert SessionRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record


def test_a_swap_survives_the_checkpoint_with_the_routine_it_made() -> None:
    session, clock = start()
    clock.advance(7)
    session.update()
    painful = session.report_pain()
    routine = follow_choice(
        session,
        painful.entry_index,
        6,
        PainChoice.EASIER,
        routine=ROUTINE,
        catalog=CATALOG,
        plan=PLAN,
    )
    clock.advance(6)
    session.update()
    saved = json.loads(json.dumps(session.checkpoint()))
    # Resuming compiles the routine saved with the checkpoint: the swapped one.
    restored = Session.restore(compile_routine(routine, CATALOG, PLAN), saved, FakeClock())
    assert restored.step.exercise_id == "supported-knee-to-chest"
    assert restored.swaps == session.swaps
    assert restored.pain_reports == session.pain_reports
    assert restored.results()[0].instead_of == "knee-to-chest"
    with pytest.raises(ValueError):  # the routine as it was no longer fits the checkpoint
        Session.restore(compile_routine(ROUTINE, CATALOG, PLAN), saved, FakeClock())


def test_in_the_rest_after_an_exercise_the_next_one_is_what_changes() -> None:
    routine = Routine(name="Two", exercise=(RoutineEntry(id="cobra"), RoutineEntry(id="bridge")))
    session, clock = start(routine)
    clock.advance(5 + 10 + 3)  # the rest after the cobra
    session.update()
    assert session.step.kind is StepKind.REST
    painful = session.report_pain()
    assert painful.id == "cobra"
    offer = pain_offer(session, CATALOG, 4)
    assert offer.labels == {
        PainChoice.EASIER: "Switch to an easier variant for the next exercise: Pelvic tilt",
        PainChoice.SKIP: "Skip the next exercise: Bridge",
        PainChoice.STOP: "End the session",
    }
    follow_choice(
        session,
        painful.entry_index,
        4,
        PainChoice.EASIER,
        routine=routine,
        catalog=CATALOG,
        plan=PLAN,
    )
    assert session.step.exercise_id == "pelvic-tilt"
    clock.advance(1000)
    session.update()
    assert [(r.id, r.outcome) for r in session.results()] == [
        ("cobra", Outcome.PAINFUL),
        ("pelvic-tilt", Outcome.DONE),
    ]


def test_without_a_variant_the_choice_changes_nothing() -> None:
    routine = Routine(name="One", exercise=(RoutineEntry(id="cobra"),))
    session, clock = start(routine)
    clock.advance(7)
    session.update()
    painful = session.report_pain()
    assert PainChoice.EASIER not in pain_offer(session, CATALOG, 5).labels
    assert swap_in_easier(session, routine, CATALOG, PLAN) is None
    after = follow_choice(
        session,
        painful.entry_index,
        5,
        PainChoice.EASIER,
        routine=routine,
        catalog=CATALOG,
        plan=PLAN,
    )
    assert after is routine and session.swaps == ()


@pytest.mark.parametrize(
    ("choice", "index", "paused", "finished", "gentle"),
    [
        (PainChoice.CARRY_ON, 1, False, False, True),
        (PainChoice.SKIP, 3, False, False, False),  # the bridge's get-ready (after the switch)
        (PainChoice.STOP, 1, False, True, False),
        (None, 1, True, False, False),  # closed the question: stays paused
    ],
)
def test_each_choice_does_what_it_says(
    choice: PainChoice | None, index: int, paused: bool, finished: bool, gentle: bool
) -> None:
    routine = Routine(name="Two", exercise=(RoutineEntry(id="cobra"), RoutineEntry(id="bridge")))
    session, clock = start(routine)
    clock.advance(7)
    session.update()
    painful = session.report_pain()
    follow_choice(
        session, painful.entry_index, 2, choice, routine=routine, catalog=CATALOG, plan=PLAN
    )
    assert session.finished is finished
    if not finished:
        assert (session.index, session.paused, session.keep_gentle) == (index, paused, gentle)
    expected = choice or PainChoice.STAY_PAUSED
    assert session.pain_reports == (PainReport(entry_index=0, id="cobra", pain=2, choice=expected),)


def test_carrying_on_gently_lasts_for_the_rest_of_that_exercise() -> None:
    routine = Routine(name="Two", exercise=(RoutineEntry(id="cobra"), RoutineEntry(id="bridge")))
    session, clock = start(routine)
    clock.advance(7)
    session.update()
    session.report_pain()
    session.note_pain(0, 1, PainChoice.CARRY_ON)
    session.resume()
    clock.advance(8)  # the rest after the cobra: still the cobra's
    session.update()
    assert session.step.kind is StepKind.REST and session.keep_gentle
    clock.advance(15)  # the bridge's get-ready
    session.update()
    assert session.step.exercise_id == "bridge" and not session.keep_gentle


# --------------------------------------------------------------------------- asking later

NOW = datetime(2026, 11, 30, 9, 0).astimezone()


def record(
    pain_before: int | None, pain_after: int | None, *reported: int, days: float = 1
) -> SessionRecord:
    return SessionRecord(
        started_at=(NOW - timedelta(days=days)).isoformat(timespec="seconds"),
        routine_name="Evening",
        active_seconds=300,
        planned_seconds=300,
        finished=True,
        pain_before=pain_before,
        pain_after=pain_after,
        pain_reports=tuple(
            PainReport(entry_index=0, id="cobra", pain=pain, choice=PainChoice.SKIP)
            for pain in reported
        ),
    )


@pytest.mark.parametrize(
    ("before", "after", "reported", "worth"),
    [
        (3, 5, (), True),  # rose by 2
        (3, 4, (), False),
        (None, 9, (), False),  # no "before" to compare with
        (2, 2, (4,), True),  # "this hurts" rated 4
        (2, 2, (3, 1), False),
    ],
)
def test_worth_asking_after_pain_rose_by_two_or_hurt_at_four(
    before: int | None, after: int | None, reported: tuple[int, ...], worth: bool
) -> None:
    assert worth_asking_about(record(before, after, *reported)) is worth


def test_only_the_latest_recent_session_is_asked_about_and_only_once() -> None:
    bad = record(2, 6)
    assert pending_check([bad], [], NOW) is bad
    assert pending_check([record(2, 2), bad], [], NOW) is None  # a later session was fine
    assert pending_check([record(2, 6, days=8)], [], NOW) is None  # too long ago
    asked = pain_check(bad, None, NOW)  # not answered: still asked once
    assert pending_check([bad], [asked], NOW) is None
    assert pending_check([], [], NOW) is None


def test_a_pain_check_is_its_own_kind_of_record_in_the_history(tmp_path: Path) -> None:
    log = HistoryLog(tmp_path / "history.jsonl")
    bad = record(2, 6)
    log.append(bad.to_dict())
    check = pain_check(bad, CheckAnswer.WORSE, NOW)
    log.append(check.to_dict())
    log.append({"kind": "from-a-newer-version", "anything": 1})
    history = read_history(log.path)
    assert history.records == [bad]
    assert history.checks == [check]
    assert history.unreadable == 0  # neither damage nor a session
    assert PainCheck.from_dict(check.to_dict()) == check
    # Readers that know only sessions skip it: it is not a session record.
    with pytest.raises(ValueError):
        SessionRecord.from_dict(check.to_dict())
    assert "started_at" not in check.to_dict()  # so record_once never takes it for a session
