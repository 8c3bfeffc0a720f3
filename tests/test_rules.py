"""The rules Today follows, on synthetic histories: progression, cautions, suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.progress import dated
from tui.core.record import SessionRecord
from tui.core.rules import (
    AdviceKind,
    Area,
    Intake,
    cautions,
    intake_suggestion,
    latest_intake_suggestion,
    progression,
    usual_routine,
)
from tui.core.synthetic import ROUTINES, session_record, synthetic_history

CATALOG = load_catalog(default_catalog_path())
TODAY = date(2026, 3, 31)
STARTERS = ("Morning mobility", "Desk break", "Bedtime wind-down", "Core and stability")


def category_of(exercise_id: str) -> str | None:
    exercise = CATALOG.get(exercise_id)
    return exercise.category if exercise is not None else None


def rec(
    days_ago: int,
    routine: str = "Morning mobility",
    before: int | None = 4,
    after: int | None = 3,
    painful: Iterable[str] = (),
    hour: int = 8,
) -> SessionRecord:
    when = datetime.combine(TODAY - timedelta(days=days_ago), time(hour), UTC)
    return SessionRecord.from_dict(
        session_record(when, routine, pain_before=before, pain_after=after, painful=painful)
    )


def history(*records: SessionRecord) -> list[tuple[date, SessionRecord]]:
    return dated(records)


def daily_mobility(days: int, **kwargs: object) -> list[SessionRecord]:
    return [rec(n, **kwargs) for n in range(days)]  # type: ignore[arg-type]


# ------------------------------------------------------------------------ progression


def test_progression_after_two_weeks_of_easy_stretching() -> None:
    advice = progression(history(*daily_mobility(14)), category_of, TODAY)
    assert advice is not None and advice.kind is AdviceKind.PROGRESS
    assert advice.routine == "Core and stability"
    assert "14 stretching sessions, over 14 days" in advice.text


def test_no_progression_before_two_weeks_even_with_many_sessions() -> None:
    twice_daily = [rec(n, hour=h) for n in range(13) for h in (8, 19)]
    assert progression(history(*twice_daily), category_of, TODAY) is None


def test_no_progression_with_fewer_than_six_sessions_over_two_weeks() -> None:
    sparse = [rec(n) for n in (0, 4, 8, 12, 16)]
    assert progression(history(*sparse), category_of, TODAY) is None
    assert progression(history(*sparse, rec(20)), category_of, TODAY) is not None


def test_no_progression_when_something_hurt_or_pain_rose() -> None:
    sessions = daily_mobility(14)
    hurt = [*sessions[:5], rec(5, painful=["knee-to-chest"]), *sessions[6:]]
    assert progression(history(*hurt), category_of, TODAY) is None
    worse = [*sessions[:3], rec(3, before=3, after=5), *sessions[4:]]
    assert progression(history(*worse), category_of, TODAY) is None


def test_a_painful_session_long_ago_does_not_count() -> None:
    sessions = [*daily_mobility(14), rec(40, painful=["knee-to-chest"], before=2, after=6)]
    assert progression(history(*sessions), category_of, TODAY) is not None


def test_no_progression_without_enough_pain_ratings() -> None:
    unrated = daily_mobility(14, before=None, after=None)
    assert progression(history(*unrated), category_of, TODAY) is None
    some = [*unrated[:11], *daily_mobility(14)[11:]]  # three rated sessions
    assert progression(history(*some), category_of, TODAY) is not None


def test_no_progression_for_someone_already_doing_strength_work() -> None:
    sessions = [*daily_mobility(14), rec(2, "Core and stability", hour=19)]
    assert progression(history(*sessions), category_of, TODAY) is None
    long_ago = [*daily_mobility(14), rec(30, "Core and stability")]
    assert progression(history(*long_ago), category_of, TODAY) is not None


def test_sessions_after_today_are_ignored() -> None:
    future = [rec(-3, painful=["knee-to-chest"]), *daily_mobility(14)]
    assert progression(history(*future), category_of, TODAY) is not None


# ------------------------------------------------------------------------ cautions


def test_pain_rising_by_two_points_over_two_weeks() -> None:
    last_week = [rec(n, before=6) for n in (1, 3, 5)]
    week_before = [rec(n, before=3) for n in (8, 10, 12)]
    (advice,) = cautions(history(*last_week, *week_before), TODAY)
    assert advice.kind is AdviceKind.PAIN_RISING
    assert "6.0 on average, against 3.0" in advice.text
    assert "physiotherapist" in advice.text


def test_pain_rising_by_less_than_two_points_is_not_a_caution() -> None:
    last_week = [rec(n, before=5) for n in (1, 3, 5)]
    week_before = [rec(n, before=4) for n in (8, 10, 12)]
    assert cautions(history(*last_week, *week_before), TODAY) == []


def test_pain_rising_needs_ratings_in_both_weeks() -> None:
    assert cautions(history(rec(1, before=8), rec(2, before=8), rec(9, before=2)), TODAY) == []


def test_an_exercise_that_keeps_hurting() -> None:
    sessions = [
        rec(n, "Core and stability", painful=["bridge"] if n in (1, 4, 9) else [])
        for n in (1, 4, 6, 9, 12)
    ]
    (advice,) = cautions(history(*sessions), TODAY)
    assert advice.kind is AdviceKind.EXERCISE_HURTS
    assert advice.exercise_id == "bridge"
    assert "3 of the last 5 times" in advice.text
    assert "22 Mar, 27 Mar, 30 Mar" in advice.text
    assert "an easier version or a smaller range" in advice.text


def test_an_easier_variant_is_named_when_known() -> None:
    sessions = [rec(n, "Core and stability", painful=["bridge"]) for n in (1, 2, 3)]
    (advice,) = cautions(history(*sessions), TODAY, easier=lambda _id: "Pelvic tilt")
    assert "Try 'Pelvic tilt' instead" in advice.text


def test_hurting_twice_or_long_ago_is_not_keeps_hurting() -> None:
    twice = [rec(n, "Core and stability", painful=["bridge"]) for n in (1, 2)]
    assert cautions(history(*twice), TODAY) == []
    old = [rec(n, "Core and stability", painful=["bridge"]) for n in (20, 21, 22)]
    assert cautions(history(*old), TODAY) == []
    # Only the last five tries count: three hurts before five good tries are over.
    recovered = [*old, *(rec(n, "Core and stability") for n in range(1, 6))]
    recovered.append(rec(0, "Core and stability", painful=["bridge"]))
    assert cautions(history(*recovered), TODAY) == []


# ------------------------------------------------------------------------ suggestions


def test_usual_routine_is_the_most_frequent_lately() -> None:
    sessions = [rec(1, "Desk break"), rec(2, "Desk break"), rec(3, "Morning mobility")]
    choice = usual_routine(history(*sessions), TODAY)
    assert choice is not None and choice.routine == "Desk break"
    assert choice.why == "you did it twice in the last four weeks"


def test_usual_routine_falls_back_to_the_last_one_done() -> None:
    choice = usual_routine(history(rec(60, "Desk break"), rec(90, "Core and stability")), TODAY)
    assert choice is not None and choice.routine == "Desk break"
    assert choice.why == "the last routine you did, on 30 Jan"
    assert usual_routine([], TODAY) is None


@pytest.mark.parametrize(
    ("intake", "expected"),
    [
        (Intake(area=Area.LOWER_BACK, desk=True, minutes=5), "Desk break"),
        (Intake(area=Area.LOWER_BACK, desk=False, minutes=10), "Bedtime wind-down"),
        (Intake(area=Area.LOWER_BACK, desk=True, minutes=15), "Morning mobility"),
        (Intake(area=Area.UPPER_BACK, desk=False, minutes=15), "Desk break"),
        (Intake(area=Area.HIPS_LEGS, desk=False, minutes=15), "Morning mobility"),
    ],
)
def test_intake_suggests_a_starter(intake: Intake, expected: str) -> None:
    choice = intake_suggestion(intake, STARTERS)
    assert choice.routine == expected
    assert "Stretching comes first" in choice.why


@given(
    st.sampled_from(list(Area)),
    st.booleans(),
    st.sampled_from((5, 10, 15)),
    st.lists(st.sampled_from(STARTERS), unique=True),
)
def test_intake_never_suggests_strength_first_and_only_existing_routines(
    area: Area, desk: bool, minutes: int, starters: list[str]
) -> None:
    choice = intake_suggestion(Intake(area=area, desk=desk, minutes=minutes), starters)
    assert choice.routine != "Core and stability" or starters[:1] == ["Core and stability"]
    if starters:
        assert choice.routine in starters


def test_latest_intake_suggestion() -> None:
    entries = [
        {"kind": "intake", "suggested": "Desk break"},
        {"kind": "psfs"},
        {"kind": "intake", "suggested": "Morning mobility"},
    ]
    assert latest_intake_suggestion(entries) == "Morning mobility"
    assert latest_intake_suggestion([]) is None


def test_rules_on_a_generated_year_of_history_are_fast_and_calm() -> None:
    import time as clock

    records = [
        SessionRecord.from_dict(r) for r in synthetic_history(2000, end=TODAY) if "kind" not in r
    ]
    start = clock.perf_counter()
    by_day = dated(records)
    found = cautions(by_day, TODAY)
    progression(by_day, category_of, TODAY)
    usual_routine(by_day, TODAY)
    assert clock.perf_counter() - start < 0.5  # generous: a loaded CI machine
    assert all(advice.caution for advice in found)
    assert set(ROUTINES) >= {r.routine_name for r in records}
