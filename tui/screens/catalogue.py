"""The catalogue: every exercise, searchable and filterable, with its detail alongside."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.catalog import Catalog, Exercise, Filters
from tui.core.text import plural
from tui.screens import screen_css
from tui.widgets.exercise_detail import ExerciseDetail
from tui.widgets.exercise_list import ExerciseList
from tui.widgets.figure import FigureView
from tui.widgets.key_bar import KeyBar
from tui.widgets.mode_bar import ModeBar
from tui.widgets.one_line import Packed
from tui.widgets.too_small import Fitted

if TYPE_CHECKING:
    from tui.core.store.routines import RoutineStore

FILTER_FIELDS = {
    "category": "Category",
    "area": "Area",
    "position": "Position",
    "equipment": "Equipment",
}


class FilterBar(Static):
    """One or two lines saying which filters are on and how many exercises match.

    A field ("Area: hips") never breaks across lines; when all of them do not fit in
    two lines, only the filters that are on are named.
    """

    filters: reactive[Filters] = reactive(Filters)
    matched: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._catalog = catalog

    def render(self) -> Packed:
        fields: list[Content] = []
        active: list[Content] = []
        for field, label in FILTER_FIELDS.items():
            value = getattr(self.filters, field)
            shown = Content.assemble(
                (f"{label}: ", "$text-muted"),
                (self._catalog.facet_label(field, value), "bold" if value else ""),
            )
            fields.append(shown)
            if value:
                active.append(shown)
        count = Content.styled(f"{self.matched}/{self.total}", "$text-muted")
        fewer = active or [Content.styled("No filters", "$text-muted")]
        return Packed([*fields, count], [*fewer, count], most_lines=2)


#: The search box's hint, longest first: the longest that fits is shown, never cut.
PLACEHOLDERS = (
    "/ search: name, area, equipment, position",
    "/ search: name, area, equipment",
    "/ search: name, area",
    "/ search",
)


class SearchBox(Input):
    """The search field, its hint as long as its width allows."""

    def on_resize(self, event: events.Resize) -> None:
        room = self.content_size.width - 1  # the cursor's cell
        self.placeholder = next((p for p in PLACEHOLDERS if len(p) <= room), PLACEHOLDERS[-1])


class CatalogueScreen(Fitted, Screen[None]):
    """Browse the catalogue: search, filter, read."""

    AUTO_FOCUS = "ExerciseList"
    MIN_SIZE = (40, 10)
    # Narrow: the list alone, and (enter) the detail alone; short: a one-line search box.
    NARROW_BELOW = 70
    SHORT_BELOW = 20
    DEFAULT_CSS = screen_css("catalogue.tcss")

    BINDINGS = [
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search by name, area, equipment or position",
            id="catalogue.search",
            priority=True,  # runs as "/" arrives: see action_search
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            tooltip="Choose a filter: category, area, position or equipment",
            id="catalogue.filter",
        ),
        Binding(
            "c",
            "pick('category')",
            "Category",
            tooltip="Filter by category",
            show=False,
            id="catalogue.category",
        ),
        Binding(
            "a",
            "pick('area')",
            "Area",
            tooltip="Filter by target area",
            show=False,
            id="catalogue.area",
        ),
        Binding(
            "p",
            "pick('position')",
            "Position",
            tooltip="Filter by starting position",
            show=False,
            id="catalogue.position",
        ),
        Binding(
            "e",
            "pick('equipment')",
            "Equipment",
            tooltip="Filter by equipment",
            show=False,
            id="catalogue.equipment",
        ),
        Binding(
            "plus,r",
            "add_to_routine",
            "Add to routine",
            tooltip="Add the highlighted exercise to one of your routines",
            id="catalogue.add_to_routine",
        ),
        Binding(
            "x", "clear", "Clear", tooltip="Clear the search and every filter", id="catalogue.clear"
        ),
        Binding(
            "v",
            "variants",
            "Variants",
            tooltip="Go to an easier or harder version of the highlighted exercise",
            show=False,
            id="catalogue.variants",
        ),
        Binding(
            "i",
            "guidance",
            "Guidance",
            tooltip="How to stretch safely, and who made this catalogue",
            id="catalogue.guidance",
        ),
        Binding("down,escape", "to_list", "Results", show=False),
    ]

    # Neither repaints the screen itself (the default): that redrew every widget in a
    # second frame after each keystroke. The list and the filter bar repaint what changed.
    filters: reactive[Filters] = reactive(Filters, init=False, repaint=False)
    """The active filters."""
    search_text: reactive[str] = reactive("", init=False, repaint=False)
    """The search text."""

    def __init__(self, catalog: Catalog, store: Callable[[], RoutineStore]) -> None:
        super().__init__()
        self.catalog = catalog
        self._store = store
        """Gives the routine store when first needed (it is not needed to browse)."""
        self._last_routine: Path | None = None
        self._narrowed = False

    def compose(self) -> ComposeResult:
        # Grid cells in order (see catalogue.tcss): search | figure and detail (three rows tall),
        # filters, list; then the notice across both columns.
        yield ModeBar("catalogue")
        # The hint that fits 80x24, so the first frame is already the settled one.
        yield SearchBox(placeholder=PLACEHOLDERS[1], id="search")
        with Vertical(id="detail-pane"):
            yield FigureView(start_and_end=True, id="figure")
            yield ExerciseDetail(lookup=self.catalog.get, id="detail")
        yield FilterBar(self.catalog, id="filter-bar").data_bind(CatalogueScreen.filters)
        yield ExerciseList(self.catalog.exercises, id="exercises")
        with Horizontal(id="notice-bar"):
            yield Static(self._notice_line(), id="notice")
            yield Static(self._notice_key(), id="notice-key")
        yield KeyBar()

    def _notice_key(self) -> Content:
        """Beside the notice: the key to the rest of it and to when to see someone (the
        person's own key for the guidance, once their keymap is applied)."""
        from tui.widgets.key_names import bound_key

        key = bound_key(self, "catalogue.guidance") or "i"
        return Content.assemble((key, "bold $accent"), (" when to get help", "$text-muted"))

    def _show_notice_key(self, _screen: object) -> None:
        self.query_one("#notice-key", Static).update(self._notice_key())

    def _notice_line(self) -> Content:
        """The notice's first sentence; `i` (said beside it, never cut off) shows the rest
        and when to get help."""
        if self.catalog.guidance is None:
            return Content("")
        first = self.catalog.guidance.notice.split(". ")[0].rstrip(".") + "."
        return Content.styled(first, "$text-muted")

    def on_mount(self) -> None:
        # Watching the value (not Input.Changed, which arrives after the Input has
        # repainted) lets the list repaint in the same frame as the typed character.
        self.watch(self.query_one("#search", Input), "value", self._set_search, init=False)
        self.bindings_updated_signal.subscribe(self, self._show_notice_key)
        self.sub_title = self.catalog.title
        bar = self.query_one(FilterBar)
        bar.total = bar.matched = len(self.catalog)
        exercises = self.query_one(ExerciseList)
        self._show(exercises.highlighted)
        # Fold the search text once the first frame is out, not on the first keystroke
        # (~50 ms at 10,000 exercises); a timer, so the frame's bytes are written first.
        self.set_timer(0.25, lambda: self.catalog.index)

    @property
    def exercise_list(self) -> ExerciseList:
        return self.query_one(ExerciseList)

    @property
    def highlighted(self) -> Exercise | None:
        return self.exercise_list.highlighted

    def _set_search(self, value: str) -> None:
        self.search_text = value

    def _apply(self, *, best_first: bool = False) -> None:
        """Show what matches; `best_first` highlights the top row (a new ranked search)."""
        shown = self.catalog.search(self.search_text, self.filters)
        self.exercise_list.show(shown, first=best_first)
        # The detail now, not on the list's Highlighted message, which arrives after this
        # frame: the new best match's detail then came a frame (25-45 ms) after its row.
        self._show(self.exercise_list.highlighted)
        self.query_one(FilterBar).matched = len(shown)
        narrowed = bool(self.search_text or self.filters.active)
        if narrowed != self._narrowed:  # "clear" appears or goes; no other key changes
            self._narrowed = narrowed
            self.refresh_bindings()

    def watch_filters(self) -> None:
        self._apply()

    def watch_search_text(self) -> None:
        self._apply(best_first=bool(self.search_text.strip()))

    @on(DescendantFocus)
    def _pane_focused(self) -> None:
        # On a narrow terminal the detail shows alone while it has focus (catalogue.tcss).
        self.set_class(isinstance(self.focused, ExerciseDetail), "-reading")

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.exercise_list.focus()

    @on(ExerciseList.Highlighted)
    def show_detail(self, event: ExerciseList.Highlighted) -> None:
        # A message from a keystroke or two ago may arrive after a search has already
        # shown its best match (_apply): only the row highlighted now is detailed.
        if event.exercise is self.exercise_list.highlighted:
            self._show(event.exercise)

    def _show(self, exercise: Exercise | None) -> None:
        self.query_one(ExerciseDetail).exercise = exercise
        self.query_one(FigureView).figure = exercise.figure if exercise else None

    @on(ExerciseList.Selected)
    def open_detail(self) -> None:
        self.query_one(ExerciseDetail).focus()

    @on(ExerciseDetail.VariantChosen)
    def variant_chosen(self, event: ExerciseDetail.VariantChosen) -> None:
        self.go_to(event.exercise)

    def go_to(self, exercise: Exercise) -> None:
        """Highlight `exercise` in the list, clearing the search and filters if they hide it."""
        index = self.catalog.exercises.index(exercise)
        if index not in self.exercise_list.shown:
            self.query_one("#search", Input).value = ""
            self.filters = Filters()
            self.notify(f"Cleared the search and filters to show '{exercise.name}'.")
        self.exercise_list.cursor = self.exercise_list.shown.index(index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return not isinstance(self.focused, Input)  # in a text field, the key is typed
        if action == "clear":
            return bool(self.search_text or self.filters.active)
        if action == "add_to_routine":
            return self.highlighted is not None
        if action == "variants":
            highlighted = self.highlighted
            return highlighted is not None and bool(highlighted.easier or highlighted.harder)
        return True

    def action_search(self) -> None:
        """To the search box at once: keys typed in the same burst as "/" (fast, or in one
        packet over SSH) go into it, not to the list; hence the binding's priority."""
        self.set_focus(self.query_one("#search", Input))

    def action_to_list(self) -> None:
        self.exercise_list.focus()

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        self.filters = Filters()
        self.exercise_list.focus()

    def action_filter(self) -> None:
        from tui.screens.choice import ChoiceScreen

        choices = [
            (field, f"{label} ({self.catalog.facet_label(field, getattr(self.filters, field))})")
            for field, label in FILTER_FIELDS.items()
        ]

        def picked(field: str | None) -> None:
            if field:
                self.action_pick(field)

        self.app.push_screen(ChoiceScreen("Filter by", choices), picked)

    @work(group="add-to-routine")
    async def action_add_to_routine(self) -> None:
        exercise = self.highlighted
        if exercise is None:
            return
        from tui.core.routine import Routine, new_entry
        from tui.screens.choice import ChoiceScreen

        store = self._store()
        routines = (await asyncio.to_thread(store.load_all)).routines
        choices = [(str(index), stored.name) for index, stored in enumerate(routines)]
        choices.append(("new", "A new routine…"))
        current = next(
            (str(i) for i, stored in enumerate(routines) if stored.path == self._last_routine),
            choices[0][0],
        )
        answer = await self.app.push_screen_wait(
            ChoiceScreen(f"Add '{exercise.name}' to", choices, current)
        )
        if answer is None:
            return
        if answer == "new":
            from tui.screens.dialogs import PromptScreen

            name = await self.app.push_screen_wait(PromptScreen("Name the new routine"))
            if name is None:
                return
            routine = Routine(name=name, exercise=(new_entry(exercise),))
            saved = await asyncio.to_thread(store.create_unique, routine, "new")
        else:
            chosen = routines[int(answer)]
            saved = await asyncio.to_thread(store.append_exercise, chosen, new_entry(exercise))
        self._last_routine = saved.path
        count = len(saved.routine.entries)
        self.notify(f"Added to '{saved.name}' (now {plural(count, 'exercise')}).")

    def action_pick(self, field: str) -> None:
        from tui.screens.choice import ChoiceScreen

        choices = self._choices(field)
        current = getattr(self.filters, field) or ""

        def picked(value: str | None) -> None:
            if value is not None:
                self.filters = msgspec.structs.replace(self.filters, **{field: value or None})

        self.app.push_screen(ChoiceScreen(FILTER_FIELDS[field], choices, current), picked)

    def _choices(self, field: str) -> list[tuple[str, str]]:
        """The values a filter can take, each with how many exercises the list would show
        once chosen (the search and the other filters still applying)."""
        values = self.catalog.facet(field, self.filters, self.search_text)
        anything = len(self.catalog.search(self.search_text, self.filters.without(field)))
        return [("", f"Any ({anything})")] + [
            (value, f"{label} ({count})") for value, label, count in values
        ]

    def action_variants(self) -> None:
        from tui.screens.choice import ChoiceScreen
        from tui.widgets.exercise_detail import variant_links

        exercise = self.highlighted
        if exercise is None:
            return
        links = variant_links(exercise, self.catalog.get)
        choices = [
            (variant.id, f"{which.capitalize()}: {variant.name}") for which, variant in links
        ]

        def picked(ident: str | None) -> None:
            if ident and (variant := self.catalog.get(ident)) is not None:
                self.go_to(variant)

        self.app.push_screen(ChoiceScreen(f"Variants of '{exercise.name}'", choices), picked)

    def action_guidance(self) -> None:
        from tui.screens.help import GuidanceScreen

        self.app.push_screen(
            GuidanceScreen(self.catalog.guidance, about=catalogue_about(self.catalog))
        )


def catalogue_about(catalog: Catalog) -> list[str]:
    """Who made the catalogue and under what licence, for the guidance dialog."""
    lines = [catalog.title]
    if catalog.licence:
        lines.append(f"Licence: {catalog.licence}")
    if catalog.attribution:
        lines.append(catalog.attribution)
    return lines
