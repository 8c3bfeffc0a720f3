"""Helpers for tests of Today, Progress, History and the report: a fixed day, a seeded log."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tui.core.paths import DataPaths
from tui.core.safety import check_entry, load_safety
from tui.core.store.history import HistoryLog, device_log, history_files
from tui.core.synthetic import synthetic_history, write_history

#: The day the tests live on: a Wednesday.
TODAY = date(2026, 3, 25)


def wall_clock_on(day: date = TODAY, hour: int = 21) -> float:
    """Seconds since the epoch at `hour` o'clock UTC on `day`."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).timestamp()


class WallClock:
    """A wall clock that stays where a test puts it."""

    def __init__(self, day: date = TODAY, hour: int = 21) -> None:
        self.now = wall_clock_on(day, hour)

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in UTC, so local days and times are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def record(started_at: str, name: str = "Desk break", **extra: object) -> dict[str, object]:
    """One session line as the log holds it: five minutes of Desk break, finished."""
    return {
        "started_at": started_at,
        "routine_name": name,
        "active_seconds": 300.0,
        "planned_seconds": 420.0,
        "finished": True,
        "exercises": [],
        **extra,
    }


def session_in_march(day: int, name: str = "Desk break") -> dict[str, object]:
    """A one-minute session line on `day` March 2025, at 08:00 (UTC+1)."""
    return record(
        f"2025-03-{day:02d}T08:00:00+01:00", name, active_seconds=60.0, planned_seconds=60.0
    )


def pain_check_line(asked_at: str, answer: str) -> dict[str, object]:
    """A next-day check's line, about a Desk break of 1 March 2026, asked at `asked_at`."""
    return {
        "kind": "pain_check",
        "session_started_at": "2026-03-01T08:00:00+00:00",
        "routine_name": "Desk break",
        "asked_at": asked_at,
        "answer": answer,
    }


def seed_history(paths: DataPaths, sessions: int, end: date = TODAY, seed: int = 11) -> Path:
    """A synthetic history of `sessions` sessions ending on `end` (with its extras)."""
    return write_history(device_log(paths).path, synthetic_history(sessions, end=end, seed=seed))


def sessions_in(paths: DataPaths) -> list[dict[str, object]]:
    """The session lines of every history log (not safety checks, ratings...), each log's
    in the order written."""
    return [
        line
        for path in history_files(paths)
        for line in HistoryLog(path).read()
        if "kind" not in line
    ]


def clear_safety_check(paths: DataPaths, day: date = TODAY) -> None:
    """Record a safety check answered "no" to everything, early on `day`."""
    answers = dict.fromkeys((q.id for q in load_safety().question), False)
    stamp = datetime(day.year, day.month, day.day, 6, tzinfo=UTC).isoformat()
    device_log(paths).append(check_entry(answers, stamp, "first"))
