"""The exercise picker: search the catalogue and add several exercises to a routine at once.

It stays open: space marks exercises (each shows the order it will be added in), enter adds
the marked ones, or the highlighted one when none is marked, and the foot of the dialog
shows what the routine holds so far. Escape closes it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Input, Label, Static

from tui.core.catalog import Catalog, Exercise
from tui.core.routine import Routine
from tui.core.text import plural
from tui.screens.dialog import Dialog
from tui.widgets.exercise_list import ExerciseList
from tui.widgets.key_names import key_hints

HINT_STYLE = "$text-muted"

AddExercises = Callable[[list[Exercise]], Awaitable[Routine | None]]
"""Adds exercises to the routine; gives the routine as saved, or None if that failed."""


class PickerList(ExerciseList):
    """The catalogue's list, with each marked exercise's place in the order in its first
    cell, and a dot by those already in the routine."""

    DEFAULT_CSS = """
    PickerList > .picker-list--mark { color: $accent; text-style: bold; }
    PickerList > .picker-list--held { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"picker-list--mark", "picker-list--held"}

    def __init__(self, exercises: Sequence[Exercise], *, id: str | None = None) -> None:
        super().__init__(exercises, id=id)
        self._all = exercises
        self.marked: list[int] = []
        """Catalogue indices marked, in the order they were marked."""
        self.held: set[str] = set()
        """Ids of the exercises the routine holds."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        row = y + self.scroll_offset.y
        if not 0 <= row < len(self.shown):
            return strip
        index = self.shown[row]
        if index in self.marked:
            place = self.marked.index(index) + 1
            mark, component = (str(place) if place < 10 else "+"), "picker-list--mark"
        elif self._all[index].id in self.held:
            mark, component = "•", "picker-list--held"
        else:
            return strip
        style = next(iter(strip), Segment("")).style or Style()
        style += Style(color=self.get_component_rich_style(component).color, bold=True)
        return Strip.join([Strip([Segment(mark, style)], 1), strip.crop(1)])


class ExercisePickerScreen(Dialog[None]):
    """Search the catalogue and add exercises to a routine, several at a time."""

    CSS_PATH = [Dialog.CSS_PATH, "picker.tcss"]

    BINDINGS = [
        Binding("escape", "close", "Done", tooltip="Close the picker", id="picker.close"),
        Binding(
            "space",
            "mark",
            "Mark",
            tooltip="Mark or unmark the highlighted exercise, to add several at once",
            id="picker.mark",
        ),
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search the catalogue",
            id="picker.search",
            priority=True,  # runs as "/" arrives (see CatalogueScreen.action_search)
        ),
        Binding("down", "to_list", "Results", show=False),
    ]

    def __init__(self, catalog: Catalog, routine: Routine, add: AddExercises) -> None:
        super().__init__()
        self._catalog = catalog
        self.routine = routine
        """The routine exercises are added to, as last saved."""
        self._add = add
        self._adding = False
        self._closing = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide picker"):
            yield Label(
                Content.styled(f"Add exercises to '{self.routine.name}'", "bold"),
                classes="dialog-title",
            )
            yield Input(placeholder="type to search", id="picker-search", compact=True)
            yield PickerList(self._catalog.exercises, id="picker-list")
            yield Static(id="picker-holds")
            yield Label(
                key_hints(
                    self,
                    ("↓", "list"),
                    ("picker.mark", "mark"),
                    ("enter", "add"),
                    ("picker.close", "done"),
                ),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self._show_holds()

    @property
    def picker_list(self) -> PickerList:
        return self.query_one(PickerList)

    def _show_holds(self, added: Sequence[str] = ()) -> None:
        """The marked exercises, then what the routine holds (and what was just added)."""
        listing = self.picker_list
        listing.held = {entry.id for entry in self.routine.entries}
        listing.refresh()
        holds = [
            exercise.name if exercise is not None else entry.id
            for entry, exercise in self.routine.resolve(self._catalog)
        ]
        marked = listing.marked
        parts: list[Content | str | tuple[str, str]] = []
        if added:
            parts += [("Added " + ", ".join(added) + ". ", "$success")]
        if marked:
            names = [self._catalog.exercises[index].name for index in marked]
            parts += [(f"Marked {len(marked)}: ", "bold"), ", ".join(names), "\n"]
        if holds:
            numbered = " · ".join(f"{n}. {name}" for n, name in enumerate(holds, 1))
            parts += [(f"In the routine, {plural(len(holds), 'exercise')}: ", "bold")]
            parts += [(numbered, HINT_STYLE)]
        else:
            parts += [("The routine is empty.", HINT_STYLE)]
        self.query_one("#picker-holds", Static).update(Content.assemble(*parts))

    @on(Input.Changed)
    def search(self, event: Input.Changed) -> None:
        self.picker_list.show(self._catalog.search(event.value), first=bool(event.value.strip()))

    @on(Input.Submitted)
    @on(ExerciseList.Selected)
    def add(self) -> None:
        """Add the marked exercises in order, else the highlighted one; stay open."""
        listing = self.picker_list
        chosen = [self._catalog.exercises[index] for index in listing.marked]
        if not chosen and listing.highlighted is not None:
            chosen = [listing.highlighted]
        if chosen and not self._adding:
            self._adding = True
            self._add_chosen(chosen)

    # A worker: saving may ask about a change made elsewhere (a dialog on top of this one).
    @work(group="picker-add")
    async def _add_chosen(self, chosen: list[Exercise]) -> None:
        try:
            saved = await self._add(chosen)
        finally:
            self._adding = False
        if saved is not None:
            self.routine = saved
            self.picker_list.marked = []
            self._show_holds([exercise.name for exercise in chosen])
        if self._closing:
            self.dismiss(None)

    def action_mark(self) -> None:
        listing = self.picker_list
        if self.focused is not listing or listing.highlighted is None:
            return
        index = listing.shown[listing.cursor]
        if index in listing.marked:
            listing.marked.remove(index)
        else:
            listing.marked.append(index)
        listing.refresh()
        listing.action_cursor(1)
        self._show_holds()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return not isinstance(self.focused, Input)  # in a text field, the key is typed
        return super().check_action(action, parameters)

    def action_search(self) -> None:
        self.set_focus(self.query_one(Input))  # at once (see CatalogueScreen.action_search)

    def action_to_list(self) -> None:
        self.picker_list.focus()

    def action_close(self) -> None:
        if self._adding:  # closing would cancel the save half done: close after it
            self._closing = True
        else:
            self.dismiss(None)
