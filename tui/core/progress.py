"""History -> what Progress, Today and the report show: weeks, streaks, pain, outcomes.

Everything here is a pure function of session records (newest first, as the history
reader gives them, or in any order where that does not matter) and a day given by the
caller: nothing reads the clock. Days are the person's own (see `tui.core.dates`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from operator import itemgetter

import msgspec

from tui.core.dates import short_date, stamp_day, week_start
from tui.core.record import Outcome, SessionRecord

#: The smallest change (in points, pain or PSFS alike) that usually means something.
MEANINGFUL_CHANGE = 2
MEANINGFUL_WORDING = "a change of 2 points or more is usually meaningful"
#: Outcomes that mean the exercise was actually tried.
TRIED = frozenset({Outcome.DONE, Outcome.PARTIAL, Outcome.PAINFUL})


def tried(outcome: Outcome) -> bool:
    """Whether the exercise was tried (done, partly done or hurting).

    By identity: `outcome in TRIED` hashes the enum member in Python, which with 2,000
    sessions of five exercises is most of the time Progress takes.
    """
    return outcome is not Outcome.SKIPPED and outcome is not Outcome.NOT_REACHED


Dated = tuple[date, SessionRecord]
"""A session with its day."""


def session_day(record: SessionRecord) -> date | None:
    """The day the session started, in the person's own calendar."""
    # The stamp is written in the person's offset, so its date part is their day: reading
    # just that is ~5x faster than a full parse, and start-up reads 2,000 of them.
    try:
        return date.fromisoformat(record.started_at[:10])
    except ValueError:
        return stamp_day(record.started_at)


def dated(records: Iterable[SessionRecord]) -> list[Dated]:
    """(day, record) for every record with a readable start, oldest first (within a day,
    in the order given, reversed: the history reader gives newest first)."""
    pairs = [(day, record) for record in records if (day := session_day(record)) is not None]
    pairs.reverse()  # nearly sorted now: the sort below is one cheap pass
    pairs.sort(key=itemgetter(0))
    return pairs


def per_day_of(sessions: Iterable[Dated]) -> Counter[date]:
    """How many sessions started on each day, from sessions already dated."""
    return Counter(day for day, _ in sessions)


def sessions_per_day(records: Iterable[SessionRecord]) -> Counter[date]:
    """How many sessions started on each day."""
    return Counter(day for record in records if (day := session_day(record)) is not None)


def week_days(per_day: Counter[date], today: date) -> list[tuple[date, int]]:
    """This week, Monday to Sunday: (day, sessions that day)."""
    monday = week_start(today)
    days = [monday + timedelta(days=n) for n in range(7)]
    return [(day, per_day.get(day, 0)) for day in days]


def active_week_streak(per_day: Counter[date], today: date) -> int:
    """Weeks in a row with at least one session, up to this week.

    A week without a session yet does not break the streak until it is over: on a
    Monday morning, last week's run still counts.
    """
    # Weeks as numbers (day 1 of the calendar is a Monday): no date objects per day.
    weeks = {(day.toordinal() - 1) // 7 for day, count in per_day.items() if count}
    week = (today.toordinal() - 1) // 7
    if week not in weeks:
        week -= 1
    streak = 0
    while week in weeks:
        streak += 1
        week -= 1
    return streak


class Heatmap(msgspec.Struct, frozen=True):
    """Sessions per day for whole weeks, Monday first, oldest week first."""

    weeks: tuple[date, ...]
    """The Monday of each week shown."""
    counts: tuple[tuple[int | None, ...], ...]
    """counts[week][weekday]: sessions that day; None for days after today."""

    def week_total(self, index: int) -> int:
        return sum(count or 0 for count in self.counts[index])


def heatmap(per_day: Counter[date], today: date, weeks: int) -> Heatmap:
    """The last `weeks` weeks up to and including this one."""
    this_week = week_start(today)
    mondays = tuple(this_week - timedelta(days=7 * n) for n in reversed(range(weeks)))
    counts = tuple(
        tuple(
            None if (day := monday + timedelta(days=n)) > today else per_day.get(day, 0)
            for n in range(7)
        )
        for monday in mondays
    )
    return Heatmap(mondays, counts)


class PainPoint(msgspec.Struct, frozen=True):
    """Pain around one session."""

    day: date
    before: int | None
    after: int | None


def pain_points(sessions: Iterable[Dated]) -> list[PainPoint]:
    """Sessions (day, record; oldest first) with a pain rating before or after."""
    return [
        PainPoint(day, record.pain_before, record.pain_after)
        for day, record in sessions
        if record.pain_before is not None or record.pain_after is not None
    ]


class PainBucket(msgspec.Struct, frozen=True):
    """The average pain of the sessions in a span of days (one column of a chart)."""

    first: date
    last: date
    before: float | None
    """Average pain before, None without a rating."""
    after: float | None


def bucket_pain(
    points: Sequence[PainPoint], first: date, last: date, columns: int
) -> tuple[int, list[PainBucket]]:
    """Average pain per span of days between `first` and `last`, in at most `columns`
    spans: (days per span, spans). A span is as few whole days as fit (1 to 6), else
    whole weeks aligned on Mondays."""
    columns = max(columns, 1)
    first = min(first, last)  # sessions dated ahead (another device's clock): none yet
    days = (last - first).days + 1
    span = -(-days // columns)
    start = first
    if span >= 7:
        start = week_start(first)
        weeks_needed = -(-((last - start).days + 1) // 7)
        span = 7 * -(-weeks_needed // columns)
    count = -(-((last - start).days + 1) // span)
    sums = [[0, 0, 0, 0] for _ in range(count)]  # before sum, count, after sum, count
    for point in points:
        if not first <= point.day <= last:
            continue
        cell = sums[(point.day - start).days // span]
        if point.before is not None:
            cell[0] += point.before
            cell[1] += 1
        if point.after is not None:
            cell[2] += point.after
            cell[3] += 1
    buckets = [
        PainBucket(
            max(first, start + timedelta(days=index * span)),
            min(last, start + timedelta(days=index * span + span - 1)),
            b_sum / b_count if b_count else None,
            a_sum / a_count if a_count else None,
        )
        for index, (b_sum, b_count, a_sum, a_count) in enumerate(sums)
    ]
    return span, buckets


class RoutineStats(msgspec.Struct, frozen=True):
    """How one routine has gone."""

    name: str
    sessions: int
    """Sessions of it (finished or not)."""
    last: date
    """The most recent one."""
    change: float | None
    """Average of pain after minus pain before, over the sessions with both."""
    rated: int
    """Sessions with both pain ratings."""


def routine_stats(sessions: Iterable[Dated]) -> list[RoutineStats]:
    """Per routine (sessions: day, record; oldest first), the most used first (then the
    most recent)."""
    found: dict[str, list[tuple[date, SessionRecord]]] = {}
    for day, record in sessions:
        found.setdefault(record.routine_name, []).append((day, record))
    stats = []
    for name, sessions in found.items():
        changes = [
            record.pain_after - record.pain_before
            for _, record in sessions
            if record.pain_after is not None and record.pain_before is not None
        ]
        stats.append(
            RoutineStats(
                name,
                len(sessions),
                sessions[-1][0],
                sum(changes) / len(changes) if changes else None,
                len(changes),
            )
        )
    stats.sort(key=lambda s: (-s.sessions, -s.last.toordinal(), s.name.casefold()))
    return stats


class HurtingExercise(msgspec.Struct, frozen=True):
    """An exercise marked as hurting, and when."""

    id: str
    name: str
    days: tuple[date, ...]
    """The days it hurt, oldest first."""
    tried: int
    """Sessions in which it was tried at all (done, partly done or hurting)."""

    @property
    def times(self) -> int:
        return len(self.days)


def hurting_exercises(sessions: Iterable[Dated], limit: int = 5) -> list[HurtingExercise]:
    """The exercises most often marked as hurting (most times first, then most recent);
    sessions: (day, record), oldest first."""
    hurt: dict[str, list[date]] = {}
    tries: Counter[str] = Counter()
    names: dict[str, str] = {}
    for day, record in sessions:
        for result in record.exercises:
            if tried(result.outcome):
                tries[result.id] += 1
            if result.outcome is Outcome.PAINFUL:
                hurt.setdefault(result.id, []).append(day)
                names[result.id] = result.name
    found = [
        HurtingExercise(exercise_id, names[exercise_id], tuple(days), tries[exercise_id])
        for exercise_id, days in hurt.items()
    ]
    found.sort(key=lambda h: (-h.times, -h.days[-1].toordinal(), h.name.casefold()))
    return found[:limit]


def dates_text(days: Sequence[date], most: int = 4) -> str:
    """ "3 Mar, 5 Mar, 9 Mar" (the last `most` different days, "and 2 earlier" after)."""
    unique = sorted(set(days))
    shown = [short_date(day) for day in unique[-most:]]
    earlier = len(unique) - len(shown)
    text = ", ".join(shown)
    return f"{text} and {earlier} earlier" if earlier else text


def pain_change_words(change: float | None) -> str:
    """An average change in pain, cautiously: "pain 1.4 lower on average after"."""
    if change is None:
        return "no pain ratings before and after yet"
    if abs(change) < 0.05:
        return "pain about the same after as before, on average"
    direction = "lower" if change < 0 else "higher"
    text = f"pain {abs(change):.1f} {direction} after than before, on average"
    if abs(change) >= MEANINGFUL_CHANGE:
        text += f" ({MEANINGFUL_WORDING})"
    return text


def pain_change_short(change: float | None) -> str:
    """The same, in a few words for a table: "pain 1.4 lower after"."""
    if change is None:
        return "no pain ratings"
    if abs(change) < 0.05:
        return "pain the same after"
    return f"pain {abs(change):.1f} {'lower' if change < 0 else 'higher'} after"


def average(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


__all__ = [
    "MEANINGFUL_CHANGE",
    "MEANINGFUL_WORDING",
    "Dated",
    "Heatmap",
    "HurtingExercise",
    "PainBucket",
    "PainPoint",
    "RoutineStats",
    "active_week_streak",
    "average",
    "bucket_pain",
    "dated",
    "dates_text",
    "heatmap",
    "hurting_exercises",
    "pain_change_short",
    "pain_change_words",
    "pain_points",
    "per_day_of",
    "routine_stats",
    "session_day",
    "sessions_per_day",
    "tried",
    "week_days",
]
