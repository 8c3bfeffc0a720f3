"""A made-up but plausible history: for the tests, the benchmarks and the screenshots.

Deterministic for a given seed and end date. Sessions follow the shipped starter routines
and catalogue ids; pain drifts from `start_pain` down to `end_pain` with some noise, a
few exercises are marked as hurting, and some sessions end early. Besides sessions, the
log gets a first safety check and, every two weeks, PSFS ratings that improve slowly.

Nothing in the app imports this module.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

#: The starter routines (tui/data/starters.toml) as (id, name) pairs, mobility first.
ROUTINES: dict[str, tuple[tuple[str, str], ...]] = {
    "Morning mobility": (
        ("knee-to-chest", "Knee to chest"),
        ("lower-trunk-rotation", "Lower trunk rotation"),
        ("hamstring-stretch-strap", "Hamstring stretch with a strap"),
        ("figure-four-stretch", "Figure-four stretch"),
        ("kneeling-hip-flexor-stretch", "Kneeling hip flexor stretch"),
    ),
    "Desk break": (
        ("seated-nerve-glide", "Seated nerve glide"),
        ("upper-trapezius-stretch", "Upper trapezius stretch"),
        ("calf-stretch-wall", "Calf stretch at a wall"),
        ("sit-to-stand", "Sit to stand"),
    ),
    "Bedtime wind-down": (
        ("knee-to-chest", "Knee to chest"),
        ("double-knee-to-chest", "Double knee to chest"),
        ("lower-trunk-rotation", "Lower trunk rotation"),
        ("figure-four-stretch", "Figure-four stretch"),
        ("childs-pose", "Child's pose"),
    ),
    "Core and stability": (
        ("lower-trunk-rotation", "Lower trunk rotation"),
        ("pelvic-tilt", "Pelvic tilt"),
        ("bridge", "Bridge"),
        ("partial-crunch", "Partial crunch"),
        ("reach-outs", "Reach-outs"),
    ),
}
MOBILITY_ROUTINES = ("Morning mobility", "Bedtime wind-down", "Desk break")
SAFETY_IDS = (
    "bladder-bowel",
    "saddle-numbness",
    "leg-weakness",
    "fever-unwell",
    "fall-accident",
    "cancer-weight-loss",
    "night-pain",
)
PSFS_ACTIVITIES = ("Putting on socks", "Sitting through a film", "Carrying the shopping")


def session_record(
    when: datetime,
    routine: str,
    *,
    pain_before: int | None = None,
    pain_after: int | None = None,
    painful: Iterable[str] = (),
    finished: bool = True,
    reached: int | None = None,
    exercises: tuple[tuple[str, str], ...] | None = None,
) -> dict[str, Any]:
    """One session as the log holds it; `painful` names exercise ids marked as hurting,
    `reached` how many exercises were reached when the session ended early."""
    if exercises is None:
        exercises = ROUTINES.get(routine, ROUTINES["Morning mobility"])
    entries = exercises
    hurt = set(painful)
    reached = len(entries) if reached is None else reached
    results = []
    for index, (exercise_id, name) in enumerate(entries):
        if index >= reached:
            outcome = "not_reached"
        elif exercise_id in hurt:
            outcome = "painful"
        else:
            outcome = "done"
        results.append({"entry_index": index, "id": exercise_id, "name": name, "outcome": outcome})
    planned = 120.0 * len(entries)
    record: dict[str, Any] = {
        "started_at": when.isoformat(timespec="seconds"),
        "routine_name": routine,
        "active_seconds": planned * (reached / len(entries) if entries else 1.0),
        "planned_seconds": planned,
        "finished": finished,
        "exercises": results,
    }
    if pain_before is not None:
        record["pain_before"] = pain_before
    if pain_after is not None:
        record["pain_after"] = pain_after
    return record


def synthetic_history(
    sessions: int,
    *,
    end: date,
    seed: int = 11,
    start_pain: float = 6.0,
    end_pain: float = 2.0,
    extras: bool = True,
    tz: timezone = UTC,
) -> list[dict[str, Any]]:
    """`sessions` sessions ending on `end`, about one a day, oldest first.

    With `extras`, also a safety check (all "no") before the first session and PSFS
    ratings every 14 days, as the app would have written them.
    """
    rng = random.Random(seed)
    # Gaps in days between sessions: mostly daily, sometimes twice a day or a day off.
    gaps = [rng.choice((0, 1, 1, 1, 1, 1, 2)) for _ in range(max(sessions - 1, 0))]
    first_day = end - timedelta(days=sum(gaps))
    days = [first_day]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    span = max((end - first_day).days, 1)
    records: list[dict[str, Any]] = []
    if extras and sessions:
        start = datetime.combine(first_day, time(6, 55), tz)
        records.append(
            {
                "kind": "safety",
                "at": start.isoformat(timespec="seconds"),
                "answers": dict.fromkeys(SAFETY_IDS, False),
                "reason": "first",
            }
        )
    next_psfs = first_day
    previous_day: date | None = None
    for number, day in enumerate(days):
        progress = (day - first_day).days / span
        if extras and day >= next_psfs:
            records.append(_psfs(day, progress, rng, tz))
            next_psfs = day + timedelta(days=14)
        hour = 21 if day == previous_day else rng.choice((7, 7, 8, 19))  # a second: later
        when = datetime.combine(day, time(hour, rng.randrange(60)), tz)
        previous_day = day
        strength_ok = progress > 0.3
        routine = (
            "Core and stability"
            if strength_ok and number % 3 == 0
            else MOBILITY_ROUTINES[rng.randrange(len(MOBILITY_ROUTINES))]
        )
        pain = start_pain + (end_pain - start_pain) * progress + rng.uniform(-1.2, 1.2)
        before = min(10, max(0, round(pain)))
        after = min(10, max(0, before - rng.choice((0, 1, 1, 2))))
        painful = [
            exercise_id
            for exercise_id, _ in ROUTINES[routine]
            if rng.random() < (0.12 if exercise_id == "bridge" else 0.02)
        ]
        finished = rng.random() > 0.08
        entries = ROUTINES[routine]
        records.append(
            session_record(
                when,
                routine,
                pain_before=before if rng.random() > 0.1 else None,
                pain_after=after if rng.random() > 0.1 else None,
                painful=painful,
                finished=finished,
                reached=None if finished else rng.randrange(1, len(entries)),
            )
        )
    return records


def _psfs(day: date, progress: float, rng: random.Random, tz: timezone) -> dict[str, Any]:
    when = datetime.combine(day, time(6, 50), tz)
    ratings = []
    for offset, name in enumerate(PSFS_ACTIVITIES):
        score = round(3 + offset + 5 * progress + rng.uniform(-1, 1))
        ratings.append({"activity": name, "score": min(10, max(0, score))})
    return {"kind": "psfs", "at": when.isoformat(timespec="seconds"), "ratings": ratings}


def write_history(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """Write `records` as a history log (one JSON object a line), replacing `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in records)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


__all__ = ["ROUTINES", "session_record", "synthetic_history", "write_history"]
