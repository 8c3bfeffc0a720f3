"""A list of exercises that renders only the rows on screen (Textual's line API).

Mounting a widget per row costs seconds at 10,000 exercises; this list builds at most a
screenful of strips per repaint, so a search keystroke costs the same whatever the size.

Its first frame is final: the row count (and so the scrollbar) is known before the first
layout, and the columns are worked out from the width at paint time. Textual would add
the scrollbar one layout later, narrowing every row a frame after the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from functools import partial

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
#: Cells around the name and the tag in a row: " name TAG  areas".
ROW_CHROME = 7
#: The name column never gets narrower than this (the row is cut instead).
NARROWEST_NAME = 8
#: Areas are left out rather than shown in fewer cells than this.
NARROWEST_AREAS = 6


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
    ExerciseList { background: $surface; overflow-x: hidden; overflow-y: scroll; }
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
        self._names = numbered_duplicates([exercise.name for exercise in exercises])
        self._longest_name = max(map(cell_len, self._names), default=NARROWEST_NAME)
        self._fitted: tuple[int, list[str]] = (-1, [])
        """The names as shown at one name-column width (computed per width)."""
        # Known now, so the first layout already has the scrollbar's place and thumb.
        self.set_reactive(ScrollView.virtual_size, Size(0, len(self._shown)))

    def on_mount(self) -> None:
        # overflow-y: scroll, so the scrollbar never comes and goes and the columns never
        # move; shown before the first layout, which Textual would only do after it.
        self.show_vertical_scrollbar = True
        self.vertical_scrollbar.display = True

    def name_width(self, width: int) -> int:
        """Cells of the name column in a row `width` cells wide: names win over areas."""
        return min(self._longest_name, max(NARROWEST_NAME, width - ROW_CHROME))

    def shown_names(self, name_width: int) -> list[str]:
        """Every name fitted to `name_width` cells, no two different names alike."""
        if self._fitted[0] != name_width:
            self._fitted = (name_width, distinct_fits(self._names, name_width))
        return self._fitted[1]

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
        if len(indices) != self.virtual_size.height:
            # Not `self.virtual_size = ...`, which lays out the whole screen again: the
            # list's size does not change with its rows (while overflow-y is `scroll` and
            # its height not `auto`), only the scrollbar's thumb, which `_scroll_update`
            # (private Textual API, as ScrollView uses it) updates.
            size = Size(0, len(indices))
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)
        cursor = 0
        if previous is not None and not first:  # a new ranked search starts at its best
            # Any order (search results may be ranked): 10,000 rows take ~0.1 ms.
            with suppress(ValueError):
                cursor = indices.index(previous)
        # The highlighted row in the middle of the view. Forced: Textual ignores a scroll
        # while no scrollbar is shown, which left the row out of sight after a search
        # that fitted the view was cleared (overflow-y: scroll now shows one always).
        self.scroll_to(
            y=max(0, cursor - self.scrollable_content_region.height // 2),
            animate=False,
            immediate=True,
            force=True,
        )
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
        index = self._shown[row]
        exercise = self._exercises[index]
        base = self.rich_style
        if row == self.cursor:
            base += self.get_component_rich_style("exercise-list--cursor")
        tag_color = self.get_component_rich_style(f"exercise-list--{exercise.category}").color
        name_width = self.name_width(width)
        name = set_cell_size(self.shown_names(name_width)[index], name_width)
        segments = [
            Segment(f" {name} ", base),
            Segment(CATEGORY_TAGS[exercise.category], base + Style(color=tag_color, bold=True)),
        ]
        areas_width = width - name_width - ROW_CHROME
        if areas_width >= NARROWEST_AREAS:
            areas_color = self.get_component_rich_style("exercise-list--areas").color
            areas = fit(", ".join(exercise.areas), areas_width)
            segments += [Segment("  ", base), Segment(areas, base + Style(color=areas_color))]
        return Strip(segments).adjust_cell_length(width, base)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with an ellipsis when something is cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…" if width > 0 else ""


def tail(text: str, width: int) -> str:
    """The end of `text`, at most `width` cells of it."""
    taken = 0
    start = len(text)
    while start > 0 and taken + cell_len(text[start - 1]) <= width:
        start -= 1
        taken += cell_len(text[start])
    return text[start:]


def elide_middle(text: str, width: int, kept_end: int) -> str:
    """`text` in `width` cells, keeping its last `kept_end` cells after an ellipsis."""
    if cell_len(text) <= width:
        return text
    end = tail(text, kept_end)
    return set_cell_size(text, width - 1 - cell_len(end)) + "…" + end


def numbered_duplicates(names: Sequence[str]) -> list[str]:
    """The names, with a number after the second and later of identical ones."""
    seen: dict[str, int] = {}
    numbered = []
    for name in names:
        count = seen[name] = seen.get(name, 0) + 1
        numbered.append(f"{name} ({count})" if count > 1 else name)
    return numbered


def distinct_fits(names: Sequence[str], width: int) -> list[str]:
    """Each name in at most `width` cells; names that would read alike once cut keep
    their distinguishing end ("Lower trun…rotation" / "Lower trunk ro…wide").

    Different names give different texts (identical names, identical texts) wherever
    the width allows; a number is the last resort, for names that differ only deep in
    the middle or too many to tell apart in so few cells.
    """
    unique = list(dict.fromkeys(names))
    text_of = {name: fit(name, width) for name in unique}
    room = max(1, width // 2)
    rules = [partial(_last_words, words=words, room=room) for words in (1, 2, 3)]
    rules += [partial(tail, width=kept) for kept in range(2, room + 1)]
    pending = _alike(unique, text_of)
    for rule in rules:
        if not pending:
            break
        for group in pending:
            for name in group:
                text_of[name] = elide_middle(name, width, cell_len(rule(name)))
        # Only names still alike (in their group or with any other) try the next rule.
        pending = _alike(unique, text_of)
    number = 0
    while pending and number <= len(unique):  # a number for each: unique, if it fits
        for group in pending:
            for name in group[1:]:
                number += 1
                mark = f"…#{number}"
                text_of[name] = set_cell_size(name, max(0, width - len(mark))) + mark
        pending = _alike(unique, text_of)
    return [text_of[name] for name in names]


def _last_words(name: str, words: int, room: int) -> str:
    return tail(" ".join(name.split()[-words:]), room)


def _alike(names: Sequence[str], text_of: dict[str, str]) -> list[list[str]]:
    """Groups of (different) names that read the same."""
    by_text: dict[str, list[str]] = {}
    for name in names:
        by_text.setdefault(text_of[name], []).append(name)
    return [group for group in by_text.values() if len(group) > 1]
