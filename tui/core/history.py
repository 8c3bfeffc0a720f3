"""The history of sessions: reading the log back, and saying what a record means in words.

The log itself is written by `store.HistoryLog` (append-only, one JSON record a line).
Most lines are sessions; a line with a `kind` is another record: a pain check
(`coaching.PainCheck`), or a kind from a newer version, which is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui.core.coaching import PAIN_CHECK_KIND, PainCheck
from tui.core.session import SessionRecord


@dataclass
class History:
    """What the history file holds."""

    records: list[SessionRecord] = field(default_factory=list)
    """Readable sessions, newest first."""
    unreadable: int = 0
    """Lines that are not a session (a line torn by a crash, a hand edit)."""
    checks: list[PainCheck] = field(default_factory=list)
    """Answers to "how is your back compared with before that session?", oldest first."""


def read_history(path: Path) -> History:
    """Every readable session in the log at `path`, newest first; missing file: none.

    Lines that are not valid JSON or not a valid record are counted and skipped, never
    changed: the log is append-only and the person's.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return History()
    history = History()
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            kind = data.get("kind") if isinstance(data, dict) else None
            if kind is None:
                history.records.append(SessionRecord.from_dict(data))
            elif kind == PAIN_CHECK_KIND:
                history.checks.append(PainCheck.from_dict(data))
            # Any other kind was written by a newer version: not ours to read, not damage.
        except (ValueError, RecursionError):
            history.unreadable += 1
    history.records.reverse()
    return history


def started_local(record: SessionRecord) -> datetime | None:
    """When the session started, in the local time zone; None if the stamp is unreadable."""
    try:
        return datetime.fromisoformat(record.started_at).astimezone()
    except ValueError:
        return None


def format_when(record: SessionRecord, *, long: bool = False) -> str:
    """ "Tue 04 Mar 09:12" (or with the year when `long`), local time."""
    when = started_local(record)
    if when is None:
        return record.started_at[:16]
    return when.strftime("%a %d %b %Y, %H:%M" if long else "%a %d %b %H:%M")


def pain_text(record: SessionRecord) -> str:
    """ "4 → 2", "4 → ?", "? → 2", or "" when neither was given."""
    if record.pain_before is None and record.pain_after is None:
        return ""

    def show(value: int | None) -> str:
        return "?" if value is None else str(value)

    return f"{show(record.pain_before)} → {show(record.pain_after)}"


def status_text(record: SessionRecord) -> str:
    """ "Finished" or "Ended early"."""
    return "Finished" if record.finished else "Ended early"
