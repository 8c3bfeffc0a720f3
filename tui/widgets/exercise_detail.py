"""Everything about one exercise, rendered from data as Textual `Content` (never markup).

`Content.assemble` treats plain strings as literal text, so "[b]" in a catalogue shows
as "[b]"; only the styles written here, with theme variables, are applied.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui.core.catalog import Dosage, Exercise


def dosage_lines(dosage: Dosage) -> list[str]:
    """The dosage in full, one fact per line."""
    lines = [dosage.describe()]
    rests = [
        ("between reps", dosage.rest_between_reps if dosage.reps > 1 else 0),
        ("between sides", dosage.rest_between_sides if dosage.per_side else 0),
        ("between sets", dosage.rest_between_sets if dosage.sets > 1 else 0),
        ("after", dosage.rest_after),
    ]
    shown = [f"{seconds} s {label}" for label, seconds in rests if seconds]
    if shown:
        lines.append("Rest " + ", ".join(shown))
    return lines


def category_style(category: str) -> str:
    return "$success" if category == "mobility" else "$warning"


def render_exercise(exercise: Exercise, dosage: Dosage | None = None, note: str = "") -> Content:
    """The detail of `exercise`; `dosage` overrides the catalogue default when given."""
    lines: list[Content] = [
        Content.styled(exercise.name, "bold $accent"),
        Content.assemble(
            (exercise.category_label, category_style(exercise.category)),
            f" · {exercise.position_label} · equipment: {exercise.equipment_label}",
        ),
        Content.styled("Targets: " + ", ".join(exercise.areas), "$text-muted"),
        Content(""),
        Content.styled("Dosage", "bold"),
        *(Content(f"  {line}") for line in dosage_lines(dosage or exercise.dosage)),
    ]
    if note:
        lines.append(Content.assemble(("  Your note: ", "$text-muted"), note))
    lines += [Content(""), Content.styled("Steps", "bold")]
    lines += [
        Content.assemble((f"{number:>3}. ", "$text-muted"), step)
        for number, step in enumerate(exercise.steps, start=1)
    ]
    lines += [
        Content(""),
        Content.styled("While you hold", "bold"),
        Content.styled(f"  {exercise.cue}", "italic"),
    ]
    if exercise.cautions:
        lines += [Content(""), Content.styled("Cautions", "bold $warning")]
        lines += [Content.assemble(("  ! ", "bold $warning"), item) for item in exercise.cautions]
    if exercise.stop_if:
        lines += [Content(""), Content.styled("Stop at once if", "bold $error")]
        lines += [Content.assemble(("  ✕ ", "bold $error"), item) for item in exercise.stop_if]
    source = (
        "From the source article."
        if exercise.source == "article"
        else "Standard exercise, only named in the source article."
    )
    lines += [Content(""), Content.styled("Source", "bold"), Content.styled(f"  {source}", "dim")]
    if exercise.source_note:
        lines.append(Content.styled(f"  {exercise.source_note}", "dim"))
    return Content("\n").join(lines)


class ExerciseDetail(VerticalScroll, can_focus=True):
    """A scrollable pane describing one exercise."""

    exercise: reactive[Exercise | None] = reactive(None)
    """The exercise shown, or None for the empty state."""

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("No exercise matches.", "italic"), classes="detail-body")

    def watch_exercise(self, exercise: Exercise | None) -> None:
        body = self.query_one(".detail-body", Static)
        if exercise is None:
            body.update(Content.styled("No exercise matches.", "italic $text-muted"))
        else:
            body.update(render_exercise(exercise))
        self.scroll_home(animate=False)
