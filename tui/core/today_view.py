"""What the Today screen shows: `TodayView` and its parts, as plain data.

Apart from the rules that work a view out (`tui.core.today`, with `rules`, `safety`,
`progress` and `psfs`), so that a view kept by an earlier launch (`kept_views`) is
decoded and drawn without importing them: ~2 ms of a returning person's start-up.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import msgspec

from tui.core.record import SafetyCheck, SessionRecord


class AdviceKind(StrEnum):
    PROGRESS = "progress"
    PAIN_RISING = "pain_rising"
    EXERCISE_HURTS = "exercise_hurts"


class Advice(msgspec.Struct, frozen=True):
    """Something to tell the person on Today, with why (`rules.cautions`, `progression`)."""

    kind: AdviceKind
    title: str
    """A short headline."""
    text: str
    """Why, and what to do, in a few plain sentences."""
    routine: str | None = None
    """A routine to offer (progression)."""
    exercise_id: str | None = None
    """The exercise it is about (an exercise that keeps hurting)."""

    @property
    def caution(self) -> bool:
        return self.kind is not AdviceKind.PROGRESS


class Choice(msgspec.Struct, frozen=True):
    """A routine Today offers to start (`rules.usual_routine`, `intake_suggestion`)."""

    routine: str
    """The routine's name."""
    why: str
    """Why this one, in a few words."""


class DueQuestion(msgspec.Struct, frozen=True):
    """A question Today asks, with a key to answer it (`today.QUESTION_RULES`)."""

    kind: str
    """Which question: "safety", "psfs" or a kind a later rule adds."""
    title: str
    """One line, e.g. "Safety check: before your next session"."""
    detail: str = ""
    """Why it is due, in a few words."""


class TodayView(msgspec.Struct, frozen=True):
    """Everything the Today screen shows (`today.today_view`)."""

    today: date
    new_person: bool
    """No session yet and no starter chosen: show the welcome."""
    session_count: int
    week: list[tuple[date, int]]
    """This week, Monday to Sunday: (day, sessions)."""
    streak: int
    """Weeks in a row with a session, up to this one."""
    last: SessionRecord | None
    """The most recent session."""
    choices: list[Choice] = msgspec.field(default_factory=list)
    """Routines to offer, the suggested one first."""
    advice: list[Advice] = msgspec.field(default_factory=list)
    """Cautions first, then a progression."""
    due: list[DueQuestion] = msgspec.field(default_factory=list)
    safety: SafetyCheck | None = None
    """The latest safety check, if any."""
    safety_urgent: bool = False
    """Whether its answers need medical help today (by the shipped wording): worked out
    with the view, so that drawing a kept one reads no wording."""
