"""A list of exercises that renders only the rows on screen (Textual's line API).

Mounting a widget per row costs seconds at 10,000 exercises; this list builds at most a
screenful of strips per repaint, so a search keystroke costs the same whatever the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.catalog import Exercise

CATEGORY_TAGS = {"mobility": "MOB", "strength": "STR", "balance": "BAL", "aerobic": "AER"}


class ExerciseList(ScrollView, can_focus=True):
    """A scrolling, keyboard-driven list of exercises with one highlighted row."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES = {
        "exercise-list--cursor",
        "exercise-list--mobility",
        "exercise-list--strength",
        "exercise-list--balance",
        "exercise-list--aerobic",
        "exercise-list--areas",
        "exercise-list--empty",
    }

    DEFAULT_CSS = """
    ExerciseList { background: $surface; overflow-x: hidden; }
    ExerciseList > .exercise-list--cursor { background: $block-cursor-blurred-background; }
    ExerciseList:focus > .exercise-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    ExerciseList > .exercise-list--mobility { color: $success; }
    ExerciseList > .exercise-list--strength { color: $warning; }
    ExerciseList > .exercise-list--balance { color: $secondary; }
    ExerciseList > .exercise-list--aerobic { color: $accent; }
    ExerciseList > .exercise-list--areas { color: $text-muted; }
    ExerciseList > .exercise-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Position of the highlighted row within the shown rows."""

    class Highlighted(Message):
        """The highlighted exercise changed (None when the list is empty)."""

        def __init__(self, exercise: Exercise | None) -> None:
            self.exercise = exercise
            """The exercise now highlighted."""
            super().__init__()

    class Selected(Message):
        """Enter was pressed on an exercise."""

        def __init__(self, exercise: Exercise) -> None:
            self.exercise = exercise
            """The chosen exercise."""
            super().__init__()

    def __init__(
        self,
        exercises: Sequence[Exercise],
        *,
        empty_text: str = "No exercise matches.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._exercises = exercises
        self._shown: list[int] = list(range(len(exercises)))
        self._empty_text = empty_text
        self._name_width = min(28, max((cell_len(e.name) for e in exercises), default=10))

    @property
    def shown(self) -> list[int]:
        """Catalogue indices of the rows shown, in order."""
        return self._shown

    @property
    def highlighted(self) -> Exercise | None:
        if not self._shown:
            return None
        return self._exercises[self._shown[self.cursor]]

    def show(self, indices: list[int], *, first: bool = False) -> None:
        """Show only these catalogue indices, in this order: the first row highlighted when
        `first` (a ranked search), else the highlighted exercise kept if still shown."""
        previous = self._shown[self.cursor] if self._shown else None
        self._shown = indices
        self.virtual_size = Size(self.scrollable_content_region.width, len(indices))
        cursor = 0
        if previous is not None and indices and not first:
            with suppress(ValueError):  # a search in C, fast even at 10,000 rows
                cursor = indices.index(previous)
        self.scroll_to(y=max(0, cursor - self.size.height // 2), animate=False, immediate=True)
        self.cursor = cursor
        self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        clamped = max(0, min(new, len(self._shown) - 1)) if self._shown else 0
        if clamped != new:
            self.cursor = clamped
            return
        self._refresh_row(old)
        self._refresh_row(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.post_message(self.Highlighted(self.highlighted))

    def _refresh_row(self, row: int) -> None:
        y = row - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._shown))

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, row: int) -> None:
        self.cursor = row if row >= 0 else len(self._shown) - 1

    def action_select(self) -> None:
        if (exercise := self.highlighted) is not None:
            self.post_message(self.Selected(exercise))

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self._shown):
            self.cursor = row

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + self.scroll_offset.y
        if not self._shown:
            if y == 0:
                style = self.get_component_rich_style("exercise-list--empty")
                return Strip([Segment(f" {self._empty_text}"[:width], style)]).extend_cell_length(
                    width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if row >= len(self._shown):
            return Strip.blank(width, self.rich_style)
        return self._render_row(row, width)

    def _render_row(self, row: int, width: int) -> Strip:
        exercise = self._exercises[self._shown[row]]
        base = self.rich_style
        if row == self.cursor:
            base += self.get_component_rich_style("exercise-list--cursor")
        tag_color = self.get_component_rich_style(f"exercise-list--{exercise.category}").color
        areas_color = self.get_component_rich_style("exercise-list--areas").color
        # Names first; areas get what is left (at least a word's worth, else nothing).
        name_width = min(self._name_width, max(8, width - 18))
        name = set_cell_size(fit(exercise.name, name_width), name_width)
        areas = fit(", ".join(exercise.areas), max(0, width - name_width - 7))
        segments = [
            Segment(f" {name} ", base),
            Segment(CATEGORY_TAGS[exercise.category], base + Style(color=tag_color, bold=True)),
            Segment("  ", base),
            Segment(areas, base + Style(color=areas_color)),
        ]
        return Strip(segments).adjust_cell_length(width, base)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with an ellipsis when something is cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…" if width > 0 else ""
