"""What Unknot suggests from the history, and why: cautiously, never as a diagnosis.

- `progression`: the article's rule. Master the mobility stretches first; add strength
  and stability once they are comfortable, not restricted and pain-free. When the last
  several mobility sessions (at least 6, over at least 2 weeks) had nothing marked as
  hurting and pain after was never above pain before, suggest the strength routine.
- `cautions`: pain before sessions rising over two weeks, or one exercise that keeps
  hurting: suggest an easier variant or a pause, and seeing a physiotherapist.
- `usual_routine`: the routine to offer today, from what the person has been doing.
- `intake_suggestion`: a starter routine for a new person, from three plain answers.

Every rule takes the day it is judged on; none reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum

import msgspec

from tui.core.dates import short_date
from tui.core.progress import MEANINGFUL_CHANGE, Dated, average, dates_text, tried
from tui.core.record import Outcome, SessionRecord
from tui.core.today_view import Advice, AdviceKind, Choice

#: The article's rule: at least this many mobility sessions...
PROGRESSION_SESSIONS = 6
#: ... over at least this many days (today counts as one) ...
PROGRESSION_DAYS = 14
#: ... of which at least this many with pain rated before and after.
PROGRESSION_RATED = 3
#: The starter routine that adds strength and stability.
STRENGTH_ROUTINE = "Core and stability"
#: An exercise "keeps hurting" when marked so in this many of its last tries...
HURT_TIMES = 3
HURT_TRIES = 5
#: ... the latest of them within this many days.
HURT_RECENT_DAYS = 14
#: Each half of the two weeks needs this many pain ratings to compare them.
RISING_RATINGS = 2


Category = Callable[[str], str | None]
"""Exercise id -> "mobility", "strength", or None when unknown."""


def _categories(record: SessionRecord, category_of: Category) -> set[str]:
    found = set()
    for result in record.exercises:
        if tried(result.outcome) and (category := category_of(result.id)) is not None:
            found.add(category)
    return found


def _hurt(record: SessionRecord) -> bool:
    return any(result.outcome is Outcome.PAINFUL for result in record.exercises)


def progression(
    sessions: Sequence[Dated],
    category_of: Category,
    today: date,
    strength_routine: str = STRENGTH_ROUTINE,
) -> Advice | None:
    """Suggest adding strength work when the mobility stretches have become easy.

    `sessions`: (day, record), oldest first. Looks at the most recent mobility-only
    sessions, walking back until there are at least `PROGRESSION_SESSIONS` of them
    spanning `PROGRESSION_DAYS` days or more: none may have an exercise marked as
    hurting, none may have pain after above pain before, and at least
    `PROGRESSION_RATED` must have both ratings. Says nothing to someone who did
    strength work in the last two weeks.
    """
    recent = today - timedelta(days=PROGRESSION_DAYS - 1)
    chosen: list[Dated] = []
    for day, record in reversed(sessions):
        if day > today:
            continue
        categories = _categories(record, category_of)
        if "strength" in categories and day >= recent:
            return None
        if categories != {"mobility"}:
            continue
        chosen.append((day, record))
        if len(chosen) >= PROGRESSION_SESSIONS and (today - day).days >= PROGRESSION_DAYS - 1:
            break
    else:
        return None
    rated = 0
    for _, record in chosen:
        if _hurt(record):
            return None
        if record.pain_before is not None and record.pain_after is not None:
            if record.pain_after > record.pain_before:
                return None
            rated += 1
    if rated < PROGRESSION_RATED:
        return None
    days = (today - chosen[-1][0]).days + 1
    return Advice(
        AdviceKind.PROGRESS,
        "Ready to add strength work?",
        f"Your last {len(chosen)} stretching sessions, over {days} days, had nothing marked "
        "as hurting, and your pain after was never higher than before. Once the stretches "
        "feel comfortable, free and pain-free, strength and stability exercises are the "
        f"usual next step: try '{strength_routine}' once or twice a week, keep your "
        "stretches, and go back to them alone if it hurts.",
        routine=strength_routine,
    )


def cautions(
    sessions: Sequence[Dated],
    today: date,
    easier: Callable[[str], str | None] | None = None,
) -> list[Advice]:
    """Pain before sessions rising over two weeks; exercises that keep hurting.

    `sessions`: (day, record), oldest first. `easier(exercise_id)` names an easier
    variant when the catalogue has one.
    """
    found: list[Advice] = []
    rising = _pain_rising(sessions, today)
    if rising is not None:
        found.append(rising)
    found += _exercises_hurting(sessions, today, easier)
    return found


def _recent(sessions: Sequence[Dated], today: date, days: int) -> list[Dated]:
    """The sessions of the `days` days up to `today`, newest first."""
    found = []
    for day, record in reversed(sessions):
        if day > today:
            continue
        if (today - day).days >= days:
            break
        found.append((day, record))
    return found


def _pain_rising(sessions: Sequence[Dated], today: date) -> Advice | None:
    """Average pain before, this week against the week before: up by 2 points or more."""
    this_week: list[int] = []
    week_before: list[int] = []
    for day, record in _recent(sessions, today, 14):
        if record.pain_before is not None:
            (this_week if (today - day).days < 7 else week_before).append(record.pain_before)
    if len(this_week) < RISING_RATINGS or len(week_before) < RISING_RATINGS:
        return None
    now, then = average(this_week), average(week_before)
    if now is None or then is None or now - then < MEANINGFUL_CHANGE:
        return None
    return Advice(
        AdviceKind.PAIN_RISING,
        "Your pain has been rising",
        f"Before your sessions this week your pain was {now:.1f} on average, against "
        f"{then:.1f} the week before. Consider easier exercises, fewer of them, or a "
        "pause for a few days, and see a physiotherapist or doctor if it keeps rising "
        "or worries you.",
    )


def _exercises_hurting(
    sessions: Sequence[Dated],
    today: date,
    easier: Callable[[str], str | None] | None,
) -> list[Advice]:
    """Exercises marked as hurting in `HURT_TIMES` of their last `HURT_TRIES` tries, the
    latest within `HURT_RECENT_DAYS` days."""
    recently_hurt = {
        result.id
        for _, record in _recent(sessions, today, HURT_RECENT_DAYS)
        for result in record.exercises
        if result.outcome is Outcome.PAINFUL
    }
    if not recently_hurt:
        return []
    tries: dict[str, list[tuple[date, bool]]] = {exercise_id: [] for exercise_id in recently_hurt}
    names: dict[str, str] = {}
    for day, record in reversed(sessions):  # newest first, until each has its last tries
        if day > today:
            continue
        for result in record.exercises:
            found = tries.get(result.id)
            if found is not None and len(found) < HURT_TRIES and tried(result.outcome):
                found.append((day, result.outcome is Outcome.PAINFUL))
                names.setdefault(result.id, result.name)
        if all(len(found) >= HURT_TRIES for found in tries.values()):
            break
    advice = []
    for exercise_id, last in tries.items():
        hurt_days = sorted(day for day, hurt in last if hurt)
        if len(hurt_days) < HURT_TIMES:
            continue
        variant = easier(exercise_id) if easier is not None else None
        instead = f"'{variant}' instead" if variant else "an easier version or a smaller range"
        name = names[exercise_id]
        advice.append(
            Advice(
                AdviceKind.EXERCISE_HURTS,
                f"'{name}' keeps hurting",
                f"You marked '{name}' as hurting {len(hurt_days)} of the last {len(last)} "
                f"times you did it ({dates_text(hurt_days)}). Try {instead}, or leave it "
                "out for a while, and ask a physiotherapist to look at how it suits you.",
                exercise_id=exercise_id,
            )
        )
    advice.sort(key=lambda item: item.title.casefold())
    return advice


def usual_routine(sessions: Sequence[Dated], today: date) -> Choice | None:
    """The routine done most often in the last four weeks (ties: the most recent), else
    the last one done. `sessions`: (day, record), oldest first."""
    if not sessions:
        return None
    counts: dict[str, tuple[int, date]] = {}
    for day, record in _recent(sessions, today, 28):
        count, last = counts.get(record.routine_name, (0, day))
        counts[record.routine_name] = (count + 1, last)
    if not counts:
        day, record = sessions[-1]
        return Choice(record.routine_name, f"the last routine you did, on {short_date(day)}")
    name, (count, _last) = max(counts.items(), key=lambda item: (item[1][0], item[1][1]))
    times = {1: "once", 2: "twice"}.get(count, f"{count} times")
    return Choice(name, f"you did it {times} in the last four weeks")


# ------------------------------------------------------------------------ a new person


class Area(StrEnum):
    """Where it hurts, in the intake's words."""

    LOWER_BACK = "lower back"
    UPPER_BACK = "upper back or neck"
    HIPS_LEGS = "lower back and down the legs"
    NOT_SURE = "all over, or not sure"


#: The intake's choices of time, in minutes.
MINUTES = (5, 10, 15)


class Intake(msgspec.Struct, frozen=True):
    """A new person's answers."""

    area: Area
    desk: bool
    """Mostly sitting at a desk during the day."""
    minutes: int
    """About how long they have for a routine."""


def intake_suggestion(intake: Intake, starters: Iterable[str]) -> Choice:
    """A starter routine for a new person: always stretching first, never strength.

    `starters` names the starter routines that exist; the suggestion is one of them.
    """
    available = list(starters)
    if intake.area is Area.UPPER_BACK:
        name, why = "Desk break", "it stretches the neck and shoulders, on a chair"
    elif intake.desk and intake.minutes <= 10:
        name, why = "Desk break", "a short break from sitting, on a chair, no floor needed"
    elif intake.minutes <= 10:
        name, why = "Bedtime wind-down", "slow, easy stretches lying down, about 10 minutes"
    else:
        name, why = "Morning mobility", "gentle floor stretches for the lower back and hips"
    if intake.area is Area.HIPS_LEGS and name != "Desk break":
        why += "; stop if pain spreads further down a leg"
    if name not in available:
        if not available:
            return Choice(name, why)
        name, why = available[0], "the first starter routine"
    return Choice(name, why + ". Stretching comes first; strength work comes later")


def intake_entry(intake: Intake, suggested: str, at: str) -> dict[str, object]:
    """The history line recording a new person's answers and what was suggested."""
    return {
        "kind": "intake",
        "at": at,
        "area": intake.area.value,
        "desk": intake.desk,
        "minutes": intake.minutes,
        "suggested": suggested,
    }


def latest_intake_suggestion(entries: Iterable[object]) -> str | None:
    """The routine the last intake suggested, if any."""
    suggested = None
    for entry in entries:
        if isinstance(entry, dict) and entry.get("kind") == "intake":
            value = entry.get("suggested")
            if isinstance(value, str) and value:
                suggested = value
    return suggested


__all__ = [
    "PROGRESSION_DAYS",
    "PROGRESSION_SESSIONS",
    "STRENGTH_ROUTINE",
    "Advice",
    "AdviceKind",
    "Area",
    "Choice",
    "Intake",
    "cautions",
    "intake_entry",
    "intake_suggestion",
    "latest_intake_suggestion",
    "progression",
    "usual_routine",
]
