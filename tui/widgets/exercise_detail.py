"""Everything about one exercise, rendered from data as Textual `Content` (never markup).

`Content.assemble` treats plain strings as literal text, so "[b]" in a catalogue shows
as "[b]"; only the styles written here, with theme variables, are applied.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

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


EMPTY = Content.styled("No exercise matches.", "italic $text-muted")


class ExerciseDetail(ScrollView, can_focus=True):
    """A scrollable pane describing one exercise.

    It draws its own lines (Textual's line API) rather than scrolling a Static: one
    widget instead of two, and each repaint renders only the rows on screen. The text
    is wrapped once per exercise and width.
    """

    DEFAULT_CSS = """
    ExerciseDetail { overflow-x: hidden; scrollbar-gutter: stable; }
    """

    exercise: reactive[Exercise | None] = reactive(None)
    """The exercise shown, or None for the empty state."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.content: Content = EMPTY
        """What the pane shows, before wrapping."""
        self._lines: list[Strip] = []
        self._wrapped_width = -1

    def watch_exercise(self, exercise: Exercise | None) -> None:
        self.content = EMPTY if exercise is None else render_exercise(exercise)
        self._wrapped_width = -1
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        """Wrap the content to the pane's width; the line count sets how far it scrolls.

        Done at render time, as Textual's OptionList does, because the width is only
        known after layout: the first frame then shows the text, not an empty pane.
        """
        width = self.scrollable_content_region.width
        if width == self._wrapped_width or width <= 0:
            return
        self._wrapped_width = width
        self._lines = Visual.to_strips(self, self.content, width, None, self.visual_style)
        virtual_size = Size(width, len(self._lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._wrap()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        style = self.visual_style.rich_style
        if row < len(self._lines):
            return self._lines[row].extend_cell_length(width, style).crop(0, width)
        return Strip.blank(width, style)
