"""What the history keeps: the record a session leaves behind and its parts, and a safety
check's answers (`SafetyCheck`; what they mean is `tui.core.safety`'s).

Apart from the live session (`tui.core.session`) and the safety rules, so that reading a
history, Today and Progress need none of their machinery (a few ms of start-up).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from tui.core.text import clean_tree

Pain = Annotated[int, Meta(ge=0, le=10)]
#: Highest pain of each level (inclusive): 0-3 mild, 4-7 moderate, 8-10 severe (the
#: traffic light of `coaching.pain_level`).
MILD_UP_TO = 3
MODERATE_UP_TO = 7


class PainChoice(StrEnum):
    """What a person chose to do after saying "this hurts"."""

    CARRY_ON = "carry_on"
    """Carry on gently, in a smaller range."""
    EASIER = "easier"
    """Swap in the catalogue's easier variant for the rest of the session."""
    SKIP = "skip"
    """Skip the exercise."""
    STOP = "stop"
    """End the session."""
    STAY_PAUSED = "stay_paused"
    """Closed the question and stayed paused."""


class Outcome(StrEnum):
    """What became of one exercise of the routine."""

    DONE = "done"
    PARTIAL = "partial"
    SKIPPED = "skipped"
    PAINFUL = "painful"
    NOT_REACHED = "not_reached"

    @property
    def label(self) -> str:
        """The outcome in words, e.g. "Not reached"."""
        return OUTCOME_LABELS[self]


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.DONE: "Done",
    Outcome.PARTIAL: "Partly done",
    Outcome.SKIPPED: "Skipped",
    Outcome.PAINFUL: "Painful",
    Outcome.NOT_REACHED: "Not reached",
}


class ExerciseResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True, gc=False):
    """What became of one exercise in a session."""

    entry_index: int
    """Index of the entry in the routine."""
    id: str
    """Catalogue id of the exercise."""
    name: str
    """Name of the exercise, as shown during the session."""
    outcome: Outcome
    """Done, partly done, skipped, painful or not reached."""
    instead_of: str | None = None
    """Catalogue id of the routine's exercise this one replaced (its easier variant), if any."""
    instead_of_name: str | None = None
    """Name of the exercise it replaced."""


class PainReport(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One "this hurts" during a session: how bad, and what the person did about it."""

    entry_index: int
    """Routine entry of the exercise the pain was about."""
    id: str
    """Catalogue id of that exercise."""
    pain: Pain | None = None
    """How bad, 0 to 10, if rated."""
    choice: PainChoice = PainChoice.STAY_PAUSED
    """What the person chose to do about it."""


class Swap(msgspec.Struct, frozen=True, kw_only=True):
    """An exercise replaced by another (its easier variant) for the rest of a session."""

    entry_index: int
    """Routine entry whose exercise was replaced."""
    from_id: str
    """Catalogue id of the exercise replaced."""
    from_name: str
    """Its name, as shown."""
    to_id: str
    """Catalogue id of the exercise done instead."""


#: The `kind` of a next-day pain check's line in the history log (`next_day.PainCheck`);
#: a session record has no `kind`.
PAIN_CHECK_KIND: Literal["pain_check"] = "pain_check"


# Records are written by the app, not by hand, so unknown fields are tolerated: a history
# written by a newer version stays readable.
#
# gc=False (here and on the results and reports inside): frozen records of text and
# numbers can never be part of a reference cycle, and the garbage collector need not
# walk them. Years of history are tens of thousands of these; tracked, they made reading
# 2,000 sessions pause for a collection (a max of 79 ms instead of 22).
class SessionRecord(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What a person did in one session, as kept in their history."""

    started_at: str
    """Wall-clock start, ISO 8601 with the local UTC offset."""
    routine_name: str
    """Name of the routine that was followed."""
    active_seconds: float
    """Time spent, excluding pauses."""
    planned_seconds: float
    """Estimated length of the whole timeline."""
    finished: bool
    """True when the session reached its end, False when ended early."""
    exercises: tuple[ExerciseResult, ...] = ()
    """Each exercise of the session, in order, with its outcome."""
    pain_before: Pain | None = None
    """Pain before the session, 0 to 10, if given."""
    pain_after: Pain | None = None
    """Pain after the session, 0 to 10, if given."""
    pain_reports: tuple[PainReport, ...] = ()
    """Each "this hurts" during the session, in order."""

    @property
    def worst_reported_pain(self) -> int | None:
        """The highest pain rated after "this hurts", or None if none was rated."""
        rated = [report.pain for report in self.pain_reports if report.pain is not None]
        return max(rated, default=None)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe data."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> SessionRecord:
        """Validate plain data as a record; raises ValueError saying what is wrong.

        Text is cleaned of escape sequences: a history file is data, like a catalogue.
        """
        try:
            return msgspec.convert(clean_tree(data), cls)
        except msgspec.ValidationError as error:
            raise ValueError(f"not a session record: {error}") from None


class SafetyCheck(msgspec.Struct, frozen=True, kw_only=True):
    """One safety check as recorded."""

    at: str
    """When it was answered, ISO 8601 with the UTC offset."""
    answers: dict[str, bool] = {}
    """Question id -> the answer. Only the questions asked are present."""
    acknowledged: bool = False
    """Whether the person acknowledged the advice (a "yes" needs it before a session)."""
    reason: str = ""
    """Why it was asked: "first", "asked", "hurt" or "note"."""

    @property
    def yes(self) -> list[str]:
        """Ids answered yes."""
        return [question_id for question_id, answer in self.answers.items() if answer]


__all__ = [
    "MILD_UP_TO",
    "MODERATE_UP_TO",
    "PAIN_CHECK_KIND",
    "ExerciseResult",
    "Outcome",
    "Pain",
    "PainChoice",
    "PainReport",
    "SafetyCheck",
    "SessionRecord",
    "Swap",
]
