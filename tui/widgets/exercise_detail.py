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
from tui.widgets.text_items import INDENT, NO_PREFIX, Item, join_items, wrap_items


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


def detail_items(exercise: Exercise, dosage: Dosage | None = None, note: str = "") -> list[Item]:
    """The detail of `exercise`; `dosage` overrides the catalogue default when given."""
    blank: Item = (NO_PREFIX, Content(""))
    items: list[Item] = [
        (NO_PREFIX, Content.styled(exercise.name, "bold $accent")),
        (
            NO_PREFIX,
            Content.assemble(
                (exercise.category_label, category_style(exercise.category)),
                f" · {exercise.position_label} · equipment: {exercise.equipment_label}",
            ),
        ),
        (NO_PREFIX, Content.styled("Targets: " + ", ".join(exercise.areas), "$text-muted")),
        blank,
        (NO_PREFIX, Content.styled("Dosage", "bold")),
        *((INDENT, Content(line)) for line in dosage_lines(dosage or exercise.dosage)),
    ]
    if note:
        items.append((Content.styled("  Your note: ", "$text-muted"), Content(note)))
    items += [blank, (NO_PREFIX, Content.styled("Steps", "bold"))]
    items += [
        (Content.styled(f"{number:>3}. ", "$text-muted"), Content(step))
        for number, step in enumerate(exercise.steps, start=1)
    ]
    items += [
        blank,
        (NO_PREFIX, Content.styled("While you hold", "bold")),
        (INDENT, Content.styled(exercise.cue, "italic")),
    ]
    if exercise.cautions:
        items += [blank, (NO_PREFIX, Content.styled("Cautions", "bold $warning"))]
        items += [(Content.styled("  ! ", "bold $warning"), Content(i)) for i in exercise.cautions]
    if exercise.stop_if:
        items += [blank, (NO_PREFIX, Content.styled("Stop at once if", "bold $error"))]
        items += [(Content.styled("  ✕ ", "bold $error"), Content(i)) for i in exercise.stop_if]
    source = (
        "From the source article."
        if exercise.source == "article"
        else "Standard exercise, only named in the source article."
    )
    items += [
        blank,
        (NO_PREFIX, Content.styled("Source", "bold")),
        (INDENT, Content.styled(source, "dim")),
    ]
    if exercise.source_note:
        items.append((INDENT, Content.styled(exercise.source_note, "dim")))
    return items


EMPTY: list[Item] = [(NO_PREFIX, Content.styled("No exercise matches.", "italic $text-muted"))]


class ExerciseDetail(ScrollView, can_focus=True):
    """A scrollable pane describing one exercise.

    It draws its own lines (Textual's line API) rather than scrolling a Static: one
    widget instead of two, and each repaint renders only the rows on screen. The text
    is wrapped once per exercise and width.
    """

    DEFAULT_CSS = """
    ExerciseDetail { overflow-x: hidden; overflow-y: scroll; }
    """

    exercise: reactive[Exercise | None] = reactive(None)
    """The exercise shown, or None for the empty state."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Item] = EMPTY
        """What the pane shows, before wrapping."""
        self._lines: list[Strip] = []
        self._wrapped_width = -1

    def on_mount(self) -> None:
        # Always a scrollbar (overflow-y: scroll), placed before the first layout so the
        # first frame has it: Textual would add it one layout later.
        self.show_vertical_scrollbar = True
        self.vertical_scrollbar.display = True

    @property
    def content(self) -> Content:
        """The text shown, unwrapped."""
        return join_items(self.items)

    def watch_exercise(self, exercise: Exercise | None) -> None:
        self.items = EMPTY if exercise is None else detail_items(exercise)
        self._wrapped_width = -1
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def notify_style_update(self) -> None:
        # The wrapped lines carry the theme's colours: draw them again (as OptionList does).
        self._wrapped_width = -1
        self.refresh()
        super().notify_style_update()

    def _wrap(self) -> None:
        """Wrap the content to the pane's width; the line count sets how far it scrolls.

        Done at render time, as Textual's OptionList does, because the width is only
        known after layout: the first frame then shows the text, not an empty pane.
        """
        width = self.scrollable_content_region.width
        if width == self._wrapped_width or width <= 0:
            return
        self._wrapped_width = width
        text = wrap_items(self.items, width)
        self._lines = Visual.to_strips(self, text, width, None, self.visual_style)
        virtual_size = Size(width, len(self._lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Wrap once the width is known, after layout and before the paint, so the
        # scrollbar's thumb is right in the first frame (not one frame later).
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._wrap()
        return resized

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
