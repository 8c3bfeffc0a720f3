"""A session's record as text: used by the end-of-session summary and the history screen.

Names come from routine and catalogue files, so everything is assembled as `Content`
(literal text), never as markup.
"""

from __future__ import annotations

from textual.content import Content

from tui.core.export import format_duration
from tui.core.record import ExerciseResult, Outcome, SessionRecord
from tui.core.store.history import format_when, pain_text, status_text
from tui.core.text import one_line

#: A mark and a style for each outcome, so the list reads at a glance without colour too.
OUTCOME_MARKS: dict[Outcome, tuple[str, str]] = {
    Outcome.DONE: ("✓", "$success"),
    Outcome.PARTIAL: ("◐", "$warning"),
    Outcome.SKIPPED: ("–", "$text-muted"),
    Outcome.PAINFUL: ("✕", "bold $error"),
    Outcome.NOT_REACHED: ("·", "$text-muted"),
}


def outcome_line(result: ExerciseResult, width: int = 30) -> Content:
    """ "  ✓ Knee to chest ........ Done" with the outcome's mark and style."""
    mark, style = OUTCOME_MARKS[result.outcome]
    name = one_line(result.name)
    name = name if len(name) <= width else name[: width - 1] + "…"
    return Content.assemble(
        (f"  {mark} ", style),
        f"{name:<{width}}  ",
        (result.outcome.label, style),
    )


def render_record(record: SessionRecord, *, title: str | None = None) -> Content:
    """Everything about one session: when, how long, pain, and each exercise's outcome."""
    heading = title if title is not None else one_line(record.routine_name)
    facts = [
        format_when(record, long=True),
        f"{format_duration(record.active_seconds)} of {format_duration(record.planned_seconds)}",
    ]
    pain = pain_text(record)
    if pain:
        facts.append(f"pain {pain}")
    lines: list[Content] = [
        Content.assemble(
            (heading, "bold $accent"),
            "  ",
            (status_text(record), "$success" if record.finished else "$warning"),
        ),
        Content.styled(" · ".join(facts), "$text-muted"),
        Content(""),
    ]
    lines += [outcome_line(result) for result in record.exercises]
    if not record.exercises:
        lines.append(Content.styled("  No exercises recorded.", "italic $text-muted"))
    return Content("\n").join(lines)


__all__ = ["OUTCOME_MARKS", "outcome_line", "render_record"]
