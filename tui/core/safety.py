"""The safety check ("red flags"): the questions, what an answer means, when to ask again.

The wording lives in `tui/data/safety.toml`, reviewed in one place. This module only
decides: which advice applies (none, see a doctor soon, or urgently), whether the
person still has to acknowledge it before a session, and when the check is due again
(never taken; an exercise marked as hurting since; a note mentioning new numbness,
weakness, or bladder or bowel trouble since). It never names a cause.

Each check is one line of the history log (kind "safety"); acknowledging its advice is
another (kind "safety_ack"), so nothing is ever rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from tui.core.dates import later, moment, parse_stamp
from tui.core.errors import decode, read_toml
from tui.core.progress import session_day
from tui.core.record import Outcome, SafetyCheck, SessionRecord

SAFETY = "safety"
SAFETY_ACK = "safety_ack"

Text = Annotated[str, Meta(min_length=1, max_length=400)]


class SafetyQuestion(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One yes/no question."""

    id: Annotated[str, Meta(pattern=r"^[a-z0-9-]+$", max_length=40)]
    """Kept with each answer in the history; never reused for another question."""
    text: Text
    """The question, in plain words."""
    urgent: bool = False
    """A "yes" means medical help today rather than soon."""


class SafetyAdvice(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What to say after the answers."""

    urgent: Text
    """After a "yes" to an urgent question."""
    soon: Text
    """After a "yes" to any other question."""
    not_a_substitute: Text
    """Said with either advice."""
    clear: Text
    """After "no" to everything."""
    no_session: Text
    """Why no session starts while the latest answers need medical help today."""
    acknowledge: Annotated[str, Meta(min_length=1, max_length=40)]
    """The label of the key that acknowledges the advice."""


class SafetyRecheck(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Why the check is asked again."""

    after_hurt: Text
    after_note: Text


class SafetyTriggers(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    note_words: tuple[Annotated[str, Meta(min_length=3, max_length=30)], ...]
    """A note with a word starting with one of these brings the check back."""


class SafetyWording(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Everything the safety check says (safety.toml)."""

    title: Annotated[str, Meta(min_length=1, max_length=60)]
    intro: Text
    question: Annotated[tuple[SafetyQuestion, ...], Meta(min_length=1)]
    advice: SafetyAdvice
    recheck: SafetyRecheck
    triggers: SafetyTriggers

    def question_text(self, question_id: str) -> str:
        """The question with that id (an id a later version dropped: the id itself)."""
        for question in self.question:
            if question.id == question_id:
                return question.text
        return question_id


def default_safety_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "safety.toml"


@cache
def load_safety(path: Path | None = None) -> SafetyWording:
    """The safety check's wording; raises `DataFileError` if the file is broken."""
    path = default_safety_path() if path is None else path
    return decode(read_toml(path), SafetyWording, path)


class Level(StrEnum):
    """How soon a doctor should see the person, from their answers."""

    CLEAR = "clear"
    SOON = "soon"
    URGENT = "urgent"


def assess(wording: SafetyWording, answers: Mapping[str, bool]) -> Level:
    """Urgent if any urgent question has a yes, soon for any other yes, else clear."""
    level = Level.CLEAR
    for question in wording.question:
        if answers.get(question.id):
            if question.urgent:
                return Level.URGENT
            level = Level.SOON
    return level


def advice_text(wording: SafetyWording, level: Level) -> str:
    """What to tell the person for `level`, with the reminder that Unknot is no doctor."""
    advice = wording.advice
    if level is Level.CLEAR:
        return advice.clear
    main = advice.urgent if level is Level.URGENT else advice.soon
    return f"{main} {advice.not_a_substitute}"


def check_entry(answers: Mapping[str, bool], at: str, reason: str) -> dict[str, Any]:
    """The history line for a check just answered (acknowledging is a line of its own)."""
    return {"kind": SAFETY, "at": at, "answers": dict(answers), "reason": reason}


def ack_entry(check: SafetyCheck, at: str) -> dict[str, Any]:
    """The history line saying the person acknowledged `check`'s advice."""
    return {"kind": SAFETY_ACK, "at": at, "check_at": check.at}


def safety_checks(entries: Iterable[Mapping[str, Any]]) -> list[SafetyCheck]:
    """Every readable check in the log's other entries, oldest first, acknowledgements
    applied; a line that is not a valid check is skipped."""
    checks: list[SafetyCheck] = []
    acknowledged: set[str] = set()
    for entry in entries:
        kind = entry.get("kind")
        if kind == SAFETY:
            try:
                check = msgspec.convert(entry, SafetyCheck)
            except msgspec.ValidationError:
                continue
            if parse_stamp(check.at) is not None:
                checks.append(check)
        elif kind == SAFETY_ACK and isinstance(entry.get("check_at"), str):
            acknowledged.add(entry["check_at"])
    checks.sort(key=lambda check: moment(check.at))  # by time, not by place in the log
    return [
        msgspec.structs.replace(check, acknowledged=True) if check.at in acknowledged else check
        for check in checks
    ]


def awaiting_acknowledgement(
    wording: SafetyWording, checks: list[SafetyCheck]
) -> SafetyCheck | None:
    """The latest check, if its advice says to see a doctor and was not acknowledged."""
    if not checks:
        return None
    latest = checks[-1]
    if latest.acknowledged or assess(wording, latest.answers) is Level.CLEAR:
        return None
    return latest


def blocking_check(wording: SafetyWording, checks: list[SafetyCheck]) -> SafetyCheck | None:
    """The latest check, if its answers need medical help today: no session starts
    until a later check comes back without an urgent "yes" (after a doctor has seen the
    person, say)."""
    if checks and assess(wording, checks[-1].answers) is Level.URGENT:
        return checks[-1]
    return None


def mentions_red_flag(words: Iterable[str], text: str) -> bool:
    """Whether `text` has a word starting with one of `words` ("numbness" for "numb")."""
    stems = [re.escape(word.casefold()) for word in words]
    if not stems or not text:
        return False
    return re.search(rf"\b(?:{'|'.join(stems)})", text.casefold()) is not None


class Due(StrEnum):
    """Why the safety check is due before the next session."""

    FIRST = "first"
    HURT = "hurt"
    NOTE = "note"


def check_due(
    checks: list[SafetyCheck],
    sessions: Iterable[SessionRecord],
    notes: Iterable[tuple[str, str]],
    note_words: Iterable[str],
) -> Due | None:
    """Whether the check must be answered (again) before the next session, and why.

    Due when it was never answered, when a session since the last check has an exercise
    marked as hurting, or when a note written since (`notes`: (ISO stamp, text) pairs)
    mentions one of `note_words`.
    """
    if not checks:
        return Due.FIRST
    last = parse_stamp(checks[-1].at)
    if last is None:  # pragma: no cover - safety_checks keeps only readable stamps
        return Due.FIRST

    def since(stamp: str) -> bool:
        when = parse_stamp(stamp)
        return when is not None and later(when, last)

    last_day = last.date()
    for record in sessions:
        day = session_day(record)  # a cheap first look: most sessions are days older
        if day is None or day < last_day:
            continue
        if since(record.started_at) and any(
            result.outcome is Outcome.PAINFUL for result in record.exercises
        ):
            return Due.HURT
    words = tuple(note_words)
    for stamp, text in notes:
        if since(stamp) and mentions_red_flag(words, text):
            return Due.NOTE
    return None


def due_reason(wording: SafetyWording, due: Due) -> str:
    """Why the check is asked, in the wording file's words ("" for the first time)."""
    if due is Due.HURT:
        return wording.recheck.after_hurt
    if due is Due.NOTE:
        return wording.recheck.after_note
    return ""


def session_notes(
    records: Iterable[SessionRecord], entries: Iterable[Mapping[str, Any]]
) -> list[tuple[str, str]]:
    """(stamp, text) of every note the person wrote: on sessions, if records carry a
    `note`, and on any other entry of the log with a `note` and an `at`."""
    notes: list[tuple[str, str]] = []
    # Session records carry no note yet; when they do, their notes count too.
    if "note" in SessionRecord.__struct_fields__:
        for record in records:
            note = getattr(record, "note", None)
            if isinstance(note, str) and note:
                notes.append((record.started_at, note))
    for entry in entries:
        note, at = entry.get("note"), entry.get("at")
        if isinstance(note, str) and note and isinstance(at, str):
            notes.append((at, note))
    return notes


def latest_check_day(checks: list[SafetyCheck]) -> datetime | None:
    """When the last check was answered."""
    return parse_stamp(checks[-1].at) if checks else None


__all__ = [
    "SAFETY",
    "SAFETY_ACK",
    "Due",
    "Level",
    "SafetyCheck",
    "SafetyWording",
    "ack_entry",
    "advice_text",
    "assess",
    "awaiting_acknowledgement",
    "blocking_check",
    "check_due",
    "check_entry",
    "due_reason",
    "load_safety",
    "mentions_red_flag",
    "safety_checks",
    "session_notes",
]
