"""The next-day check: after a session in which pain rose by 2 or more, or "this hurts"
was rated 4 or more, the next launch asks once how the back is compared with before
that session.

Apart from the coaching during a session (`tui.core.coaching`), which needs the plan and
the live session: Today asks this question in its first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

import msgspec

from tui.core.record import MILD_UP_TO, PAIN_CHECK_KIND, SessionRecord
from tui.core.text import clean_tree

#: A rise in pain over a session by this much (0-10 scale) is worth asking about later.
RISE_WORTH_ASKING = 2
#: "This hurts" rated this high or higher (a moderate pain) is worth asking about later.
HURT_WORTH_ASKING = MILD_UP_TO + 1
#: A session older than this is not asked about: "compared with before it" means little.
ASK_WITHIN = timedelta(days=7)


class CheckAnswer(StrEnum):
    """How the back is, compared with before a session."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


class PainCheck(msgspec.Struct, frozen=True, kw_only=True):
    """The answer to "how is your back compared with before that session?".

    Kept in the history log as a record of its own `kind`; readers that know only
    sessions skip it (it lacks their fields).
    """

    kind: Literal["pain_check"] = PAIN_CHECK_KIND
    """Tells this record from a session's."""
    session_started_at: str
    """`started_at` of the session asked about."""
    routine_name: str
    """Its routine's name."""
    asked_at: str
    """When the question was asked, ISO 8601 with the local UTC offset."""
    answer: CheckAnswer | None = None
    """The answer, or None when the person chose not to say."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe data."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> PainCheck:
        """Validate plain data as a pain check; raises ValueError saying what is wrong."""
        try:
            return msgspec.convert(clean_tree(data), cls)
        except msgspec.ValidationError as error:
            raise ValueError(f"not a pain check: {error}") from None


def worth_asking_about(record: SessionRecord) -> bool:
    """Whether pain rose by 2 or more over the session, or "this hurts" was rated 4+."""
    before, after = record.pain_before, record.pain_after
    rose = before is not None and after is not None and after - before >= RISE_WORTH_ASKING
    worst = record.worst_reported_pain
    return rose or (worst is not None and worst >= HURT_WORTH_ASKING)


def pending_check(
    sessions: Sequence[SessionRecord], checks: Sequence[PainCheck], now: datetime
) -> SessionRecord | None:
    """The session to ask about at this launch, or None.

    Only the latest session (`sessions` newest first), when it is worth asking about, is
    not older than `ASK_WITHIN`, and has not been asked about yet, answered or not.
    """
    if not sessions:
        return None
    latest = sessions[0]
    if not worth_asking_about(latest):
        return None
    if any(check.session_started_at == latest.started_at for check in checks):
        return None
    try:
        started = datetime.fromisoformat(latest.started_at)
    except ValueError:
        return None
    if started.tzinfo is None or now.tzinfo is None or now - started > ASK_WITHIN:
        return None
    return latest


def pain_check(record: SessionRecord, answer: CheckAnswer | None, now: datetime) -> PainCheck:
    """The record of asking about `record` at `now`."""
    return PainCheck(
        session_started_at=record.started_at,
        routine_name=record.routine_name,
        asked_at=now.isoformat(timespec="seconds"),
        answer=answer,
    )


__all__ = [
    "ASK_WITHIN",
    "HURT_WORTH_ASKING",
    "RISE_WORTH_ASKING",
    "CheckAnswer",
    "PainCheck",
    "pain_check",
    "pending_check",
    "worth_asking_about",
]
