"""Dates as the history keeps them: ISO 8601 stamps with the person's UTC offset then.

A session's day is its date in the offset it was recorded with, i.e. the person's own
calendar day, whatever time zone the app runs in now. Weeks start on Monday.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta


def parse_stamp(stamp: object) -> datetime | None:
    """The moment an ISO 8601 stamp names, or None if it is not one (never raises)."""
    if not isinstance(stamp, str):
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when


def stamp_day(stamp: object) -> date | None:
    """The calendar day of a stamp as the person lived it (its own offset)."""
    when = parse_stamp(stamp)
    return None if when is None else when.date()


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def short_date(day: date) -> str:
    """ "3 Mar" (the year is left to the context)."""
    return f"{day.day} {day.strftime('%b')}"


def long_date(day: date) -> str:
    """ "3 Mar 2026"."""
    return f"{day.day} {day.strftime('%b %Y')}"


def local_now(wall_clock: Callable[[], float]) -> datetime:
    """Now in the local time zone, from an injected wall clock (seconds since the epoch)."""
    return datetime.fromtimestamp(wall_clock()).astimezone()


def moment(stamp: object) -> float:
    """Seconds since the epoch of an ISO 8601 stamp, to order by (0 if it is not one)."""
    when = parse_stamp(stamp)
    return when.timestamp() if when is not None else 0.0


def now_stamp(wall_clock: Callable[[], float]) -> str:
    """Now as the history writes it: ISO 8601 to the second, with the local UTC offset."""
    return local_now(wall_clock).isoformat(timespec="seconds")


def later(a: datetime, b: datetime) -> bool:
    """Whether `a` is after `b`, comparing a naive stamp (hand-edited) as UTC-less local."""
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a > b


__all__ = [
    "later",
    "local_now",
    "long_date",
    "now_stamp",
    "parse_stamp",
    "short_date",
    "stamp_day",
    "week_start",
]
