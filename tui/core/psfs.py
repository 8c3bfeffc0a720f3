"""The Patient-Specific Functional Scale (PSFS): an outcome the person names.

Up to three activities their back makes hard, each rated from 0 ("I cannot do it") to
10 ("I can do it as well as before the problem"), again every two weeks. A change of
2 points or more is usually meaningful; smaller changes may be day-to-day noise.

Each rating is one line of the history log (kind "psfs") carrying the activities' names
with their scores, so renaming or replacing an activity never rewrites the past.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from tui.core.dates import moment, short_date, stamp_day
from tui.core.progress import MEANINGFUL_CHANGE, MEANINGFUL_WORDING
from tui.core.text import plural

PSFS = "psfs"
MAX_ACTIVITIES = 3
#: Days between ratings.
INTERVAL_DAYS = 14
SCALE_WORDING = "0 = I cannot do it at all, 10 = as well as before my back trouble"

Score = Annotated[int, Meta(ge=0, le=10)]


class PsfsRating(msgspec.Struct, frozen=True, kw_only=True):
    """One activity's score on one day."""

    activity: Annotated[str, Meta(min_length=1, max_length=80)]
    """The activity, in the person's words."""
    score: Score
    """0 (cannot do it) to 10 (as well as before)."""


class PsfsEntry(msgspec.Struct, frozen=True, kw_only=True):
    """A set of ratings, given together."""

    at: str
    """When, ISO 8601 with the UTC offset."""
    ratings: Annotated[tuple[PsfsRating, ...], Meta(min_length=1, max_length=MAX_ACTIVITIES)]

    @property
    def day(self) -> date | None:
        return stamp_day(self.at)


def psfs_entry(ratings: Sequence[tuple[str, int]], at: str) -> dict[str, Any]:
    """The history line for ratings just given: (activity, score) pairs."""
    if not 1 <= len(ratings) <= MAX_ACTIVITIES:
        raise ValueError(f"rate between 1 and {MAX_ACTIVITIES} activities")
    checked = [
        msgspec.convert({"activity": name.strip(), "score": score}, PsfsRating)
        for name, score in ratings
    ]
    return {"kind": PSFS, "at": at, "ratings": [msgspec.to_builtins(r) for r in checked]}


def psfs_entries(entries: Iterable[Mapping[str, Any]]) -> list[PsfsEntry]:
    """Every readable PSFS entry of the log's other entries, oldest first."""
    found: list[PsfsEntry] = []
    for entry in entries:
        if entry.get("kind") != PSFS:
            continue
        try:
            rated = msgspec.convert(entry, PsfsEntry)
        except msgspec.ValidationError:
            continue
        if rated.day is not None:
            found.append(rated)
    # By when they were given, not by where they are in the log (logs from two devices).
    found.sort(key=lambda entry: moment(entry.at))
    return found


def current_activities(entries: Sequence[PsfsEntry]) -> list[str]:
    """The activities of the latest rating, the ones to rate next."""
    return [rating.activity for rating in entries[-1].ratings] if entries else []


class PsfsDue(msgspec.Struct, frozen=True):
    """A PSFS question that is due."""

    first: bool
    """True to choose the activities (never rated yet), False to rate them again."""
    last_day: date | None
    """When they were last rated."""


def psfs_due(entries: Sequence[PsfsEntry], today: date, sessions_done: int) -> PsfsDue | None:
    """Choosing activities is due once a first session is done; rating them again, every
    `INTERVAL_DAYS` days after the last rating."""
    if not entries:
        return PsfsDue(first=True, last_day=None) if sessions_done else None
    last = entries[-1].day
    if last is None or today - last >= timedelta(days=INTERVAL_DAYS):
        return PsfsDue(first=False, last_day=last)
    return None


class ActivitySeries(msgspec.Struct, frozen=True):
    """One activity's scores over time."""

    activity: str
    points: tuple[tuple[date, int], ...]
    """(day, score), oldest first."""

    @property
    def change(self) -> int | None:
        """Latest score minus the first; None with a single rating."""
        if len(self.points) < 2:
            return None
        return self.points[-1][1] - self.points[0][1]


def activity_series(entries: Sequence[PsfsEntry]) -> list[ActivitySeries]:
    """Each activity ever rated, the current ones first (in their order), then older
    ones by when they were last rated, most recent first. Names match ignoring case."""
    by_name: dict[str, tuple[str, list[tuple[date, int]]]] = {}
    last_seen: dict[str, date] = {}
    for entry in entries:
        day = entry.day
        if day is None:  # pragma: no cover - psfs_entries keeps only dated entries
            continue
        for rating in entry.ratings:
            key = rating.activity.casefold()
            _, points = by_name.setdefault(key, (rating.activity, []))
            if points and points[-1][0] == day:
                points[-1] = (day, rating.score)  # rated twice in a day: the last counts
            else:
                points.append((day, rating.score))
            by_name[key] = (rating.activity, points)
            last_seen[key] = day
    current = [name.casefold() for name in current_activities(entries)]
    older = sorted(
        (key for key in by_name if key not in current), key=lambda key: last_seen[key], reverse=True
    )
    return [ActivitySeries(by_name[key][0], tuple(by_name[key][1])) for key in [*current, *older]]


def change_words(change: int | None, since: date | None, *, higher_is_better: bool) -> str:
    """A change in points, in plain words, with what counts as meaningful; never a promise.

    "up 3 points since 2 Mar: a change of 2 points or more is usually meaningful".
    """
    if change is None or since is None:
        return "rated once so far"
    when = short_date(since)
    if change == 0:
        return f"no change since {when}"
    direction = "up" if change > 0 else "down"
    text = f"{direction} {plural(abs(change), 'point')} since {when}"
    if abs(change) >= MEANINGFUL_CHANGE:
        better = (change > 0) == higher_is_better
        text += f" ({'better' if better else 'worse'}; {MEANINGFUL_WORDING})"
    else:
        text += " (small: day-to-day changes are often this size)"
    return text


__all__ = [
    "INTERVAL_DAYS",
    "MAX_ACTIVITIES",
    "PSFS",
    "SCALE_WORDING",
    "ActivitySeries",
    "PsfsDue",
    "PsfsEntry",
    "PsfsRating",
    "activity_series",
    "change_words",
    "current_activities",
    "psfs_due",
    "psfs_entries",
    "psfs_entry",
]
