"""What the Today screen shows, from the history: one pure function, `today_view`.

Questions that are due come from a list of rules (`QUESTION_RULES`), each a function of
`TodayInputs` returning a `DueQuestion` or None: the safety check, the next-day "how is
your back compared with before that session?" check, the PSFS ratings. A new kind of
question plugs in by adding a rule here and a handler for its `kind` on the Today screen;
nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from tui.core.dates import short_date
from tui.core.errors import DataFileError
from tui.core.progress import (
    active_week_streak,
    dated,
    per_day_of,
    week_days,
)
from tui.core.psfs import psfs_due, psfs_entries
from tui.core.record import PAIN_CHECK_KIND, SessionRecord
from tui.core.rules import (
    Category,
    Choice,
    cautions,
    latest_intake_suggestion,
    progression,
    usual_routine,
)
from tui.core.safety import (
    Due,
    Level,
    assess,
    check_due,
    load_safety,
    safety_checks,
    session_notes,
)
from tui.core.store.history import logs_size
from tui.core.today_view import DueQuestion, TodayView

if TYPE_CHECKING:
    from tui.core.catalog import Catalog
    from tui.core.store.history import History, LogVersion


#: Logs up to this size together are read before Today's first frame (2,000 sessions:
#: ~2 MB); larger ones in a worker, behind a "reading…" line.
READ_AT_ONCE_BYTES = 8 * 1024 * 1024


def read_at_once(version: tuple[LogVersion, ...]) -> bool:
    """Whether logs at `version` (`history_version`) are read before Today's first frame."""
    return logs_size(version) <= READ_AT_ONCE_BYTES


class TodayInputs(msgspec.Struct, frozen=True):
    """Everything a rule may look at."""

    sessions: Sequence[SessionRecord]
    """Visible sessions, newest first."""
    entries: Sequence[Mapping[str, Any]]
    """The log's other lines (safety checks, PSFS, ...), oldest first."""
    today: date
    """The person's day now."""
    note_words: Callable[[], Sequence[str]]
    """Words in a note that bring the safety check back (read only when there are notes)."""
    now: datetime | None = None
    """The moment now, with its UTC offset (for questions due within some hours). A rule
    may change its answer at most once in a day as `now` goes by (`today_views` relies on
    it to keep a day's view for later launches)."""


def safety_question(inputs: TodayInputs) -> DueQuestion | None:
    """The safety check, due before the first session and after a "this hurts" or a
    note about new numbness, weakness, or bladder or bowel trouble."""
    checks = safety_checks(inputs.entries)
    notes = session_notes(inputs.sessions, inputs.entries)
    due = check_due(checks, inputs.sessions, notes, inputs.note_words() if notes else ())
    if due is None or (due is Due.FIRST and not inputs.sessions):
        return None  # a new person takes it as part of getting started
    detail = {
        Due.FIRST: "before your next session",
        Due.HURT: "an exercise was marked as hurting since the last one",
        Due.NOTE: "a note mentions numbness, weakness, or bladder or bowel trouble",
    }[due]
    return DueQuestion("safety", "Safety check", detail)


def psfs_question(inputs: TodayInputs) -> DueQuestion | None:
    """Choosing activities once a first session is done, then rating them every 2 weeks."""
    due = psfs_due(psfs_entries(inputs.entries), inputs.today, len(inputs.sessions))
    if due is None:
        return None
    if due.first:
        return DueQuestion(
            "psfs", "Name up to 3 activities your back makes hard", "to see change over time"
        )
    last = f"last rated {short_date(due.last_day)}" if due.last_day else "due"
    return DueQuestion("psfs", "Rate your activities again", last)


def pain_check_question(inputs: TodayInputs) -> DueQuestion | None:
    """The next-day check after a session that hurt: "how is your back now, compared with
    before that session?" (`next_day.pending_check` says when it is due)."""
    if inputs.now is None or not inputs.sessions:
        return None
    from tui.core.next_day import PainCheck, pending_check  # not for a new person

    checks = []
    for entry in inputs.entries:
        if entry.get("kind") == PAIN_CHECK_KIND:
            try:
                checks.append(PainCheck.from_dict(entry))
            except ValueError:
                continue
    record = pending_check(inputs.sessions, checks, inputs.now)
    if record is None:
        return None
    return DueQuestion(
        "pain_check", "How is your back since your last session?", record.routine_name
    )


QuestionRule = Callable[[TodayInputs], DueQuestion | None]
#: The questions Today checks, in the order it shows them.
QUESTION_RULES: list[QuestionRule] = [safety_question, pain_check_question, psfs_question]


def today_view(
    sessions: Sequence[SessionRecord],
    entries: Sequence[Mapping[str, Any]],
    today: date,
    *,
    category_of: Category,
    note_words: Callable[[], Sequence[str]] = lambda: (),
    easier: Callable[[str], str | None] | None = None,
    rules: Iterable[QuestionRule] | None = None,
    now: datetime | None = None,
    urgent: Callable[[Mapping[str, bool]], bool] = lambda answers: True,
) -> TodayView:
    """What Today shows for `sessions` (newest first) and the log's other `entries`;
    `urgent` says whether a safety check's answers need medical help today (by default any
    "yes" does: the most careful reading without the wording)."""
    due = _due(TodayInputs(sessions, entries, today, note_words, now), rules)
    checks = safety_checks(entries)
    latest = checks[-1] if checks else None
    by_day = dated(sessions)
    per_day = per_day_of(by_day)
    advice = cautions(by_day, today, easier)
    choices: list[Choice] = []
    usual = usual_routine(by_day, today)
    if usual is not None:
        choices.append(usual)
    else:
        starter = latest_intake_suggestion(entries)
        if starter is not None:
            choices.append(Choice(starter, "suggested from your answers when you started"))
    if not advice:
        step_up = progression(by_day, category_of, today)
        if step_up is not None and step_up.routine is not None:
            advice.append(step_up)
            if all(choice.routine != step_up.routine for choice in choices):
                choices.append(Choice(step_up.routine, "new: strength and stability"))
    return TodayView(
        today=today,
        new_person=not sessions and not choices,
        session_count=len(sessions),
        week=week_days(per_day, today),
        streak=active_week_streak(per_day, today),
        last=sessions[0] if sessions else None,
        choices=choices,
        advice=advice,
        due=due,
        safety=latest,
        safety_urgent=latest is not None and bool(latest.yes) and urgent(latest.answers),
    )


def _due(inputs: TodayInputs, rules: Iterable[QuestionRule] | None = None) -> list[DueQuestion]:
    return [question for rule in (rules or QUESTION_RULES) if (question := rule(inputs))]


def _note_words() -> Sequence[str]:
    return load_safety().triggers.note_words


def _urgent(answers: Mapping[str, bool]) -> bool:
    """Whether `answers` need medical help today, by the shipped safety wording."""
    try:
        return assess(load_safety(), answers) is Level.URGENT
    except DataFileError:
        return True  # the wording is shipped with the app: say the most careful


def today_view_of(history: History, catalog: Catalog, now: datetime) -> TodayView:
    """What Today shows at `now` (local time): `today_view` of `history`, with the
    catalogue's categories and easier variants and the shipped safety wording (which
    answers are urgent, which words in a note bring the check back)."""

    def category_of(exercise_id: str) -> str | None:
        exercise = catalog.get(exercise_id)
        return exercise.category if exercise is not None else None

    def easier(exercise_id: str) -> str | None:
        from tui.core.coaching import easier_variant  # only when an exercise keeps hurting

        exercise = catalog.get(exercise_id)
        variant = easier_variant(exercise, catalog) if exercise is not None else None
        return variant.name if variant is not None else None

    inputs = _inputs(history, now)
    return today_view(
        inputs.sessions,
        inputs.entries,
        inputs.today,
        category_of=category_of,
        note_words=inputs.note_words,
        easier=easier,
        now=inputs.now,
        urgent=_urgent,
    )


def _inputs(history: History, now: datetime) -> TodayInputs:
    """What the rules look at in `history` at `now` (local time)."""
    return TodayInputs(history.records, history.entries, now.date(), _note_words, now)


def day_moments(day: date) -> tuple[datetime, datetime]:
    """The first and last moments of `day` in the local time zone."""
    first, last = (
        datetime.combine(day, moment).astimezone()  # naive: in the local time zone
        for moment in (datetime.min.time(), datetime.max.time())
    )
    return first, last


def today_views(history: History, catalog: Catalog, days: Iterable[date]) -> dict[date, TodayView]:
    """`today_view_of` on each of `days` (local time), for the days on which it is the
    same from the first moment of the day to the last.

    Only the questions due look at the moment rather than the day (`TodayInputs.now`),
    and each changes at most once in a day (the next-day check stops being due a week
    after its session): the same questions at the day's first and last moments are the
    day's all through.
    """
    views = {}
    for day in days:
        first, last = day_moments(day)
        view = today_view_of(history, catalog, first)
        if _due(_inputs(history, last)) == view.due:
            views[day] = view
    return views


__all__ = [
    "QUESTION_RULES",
    "READ_AT_ONCE_BYTES",
    "DueQuestion",
    "QuestionRule",
    "TodayInputs",
    "TodayView",
    "day_moments",
    "pain_check_question",
    "psfs_question",
    "read_at_once",
    "safety_question",
    "today_view",
    "today_view_of",
    "today_views",
]
