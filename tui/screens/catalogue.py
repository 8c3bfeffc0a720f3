"""The catalogue: every exercise, searchable and filterable, with its detail alongside."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.catalog import Catalog, Exercise, Filters, facet_label
from tui.core.text import plural
from tui.widgets.exercise_detail import ExerciseDetail
from tui.widgets.exercise_list import ExerciseList
from tui.widgets.key_bar import KeyBar
from tui.widgets.mode_bar import ModeBar

if TYPE_CHECKING:
    from tui.core.store.routines import RoutineStore

FILTER_FIELDS = {
    "category": "Category",
    "area": "Area",
    "position": "Position",
    "equipment": "Equipment",
}


class FilterBar(Static):
    """One line saying which filters are on and how many exercises match."""

    filters: reactive[Filters] = reactive(Filters)
    matched: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)

    def render(self) -> Content:
        parts: list[Content | str | tuple[str, str]] = []
        for field, label in FILTER_FIELDS.items():
            value = getattr(self.filters, field)
            parts += [
                (f"{label}: ", "$text-muted"),
                (facet_label(field, value), "bold" if value else ""),
            ]
            parts.append("  ")
        parts.append((f"{self.matched}/{self.total}", "$text-muted"))
        return Content.assemble(*parts)


class CatalogueScreen(Screen[None]):
    """Browse the catalogue: search, filter, read."""

    AUTO_FOCUS = "ExerciseList"
    CSS_PATH = "catalogue.tcss"

    BINDINGS = [
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search by name, area, equipment or position",
            id="catalogue.search",
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
            "g", "guidance", "Guidance", tooltip="How to stretch safely", id="catalogue.guidance"
        ),
        Binding("down,escape", "to_list", "Results", show=False),
    ]

    filters: reactive[Filters] = reactive(Filters, init=False)
    """The active filters."""
    search_text: reactive[str] = reactive("", init=False)
    """The search text."""

    def __init__(self, catalog: Catalog, store: Callable[[], RoutineStore]) -> None:
        super().__init__()
        self.catalog = catalog
        self._store = store
        """Gives the routine store when first needed (it is not needed to browse)."""
        self._last_routine: Path | None = None
        self._narrowed = False

    def compose(self) -> ComposeResult:
        # Grid cells in order (see catalogue.tcss): search | detail (three rows tall),
        # filters, list; then the notice across both columns.
        yield ModeBar("catalogue")
        yield Input(placeholder="/ search: name, area, equipment, position", id="search")
        yield ExerciseDetail(id="detail")
        yield FilterBar(id="filter-bar").data_bind(CatalogueScreen.filters)
        yield ExerciseList(self.catalog.exercises, id="exercises")
        yield Static(self._notice_line(), id="notice-bar")
        yield KeyBar()

    def _notice_line(self) -> Content:
        """The notice's first sentence, which fits one line; `g` shows the rest."""
        if self.catalog.guidance is None:
            return Content("")
        first = self.catalog.guidance.notice.split(". ")[0].rstrip(".") + "."
        return Content.styled(first, "$text-muted")

    def on_mount(self) -> None:
        # Watching the value (not Input.Changed, which arrives after the Input has
        # repainted) lets the list repaint in the same frame as the typed character.
        self.watch(self.query_one("#search", Input), "value", self._set_search, init=False)
        self.sub_title = self.catalog.title
        bar = self.query_one(FilterBar)
        bar.total = bar.matched = len(self.catalog)
        exercises = self.query_one(ExerciseList)
        self.query_one(ExerciseDetail).exercise = exercises.highlighted

    @property
    def exercise_list(self) -> ExerciseList:
        return self.query_one(ExerciseList)

    @property
    def highlighted(self) -> Exercise | None:
        return self.exercise_list.highlighted

    def _set_search(self, value: str) -> None:
        self.search_text = value

    def _apply(self) -> None:
        shown = self.catalog.search(self.search_text, self.filters)
        self.exercise_list.show(shown)
        self.query_one(FilterBar).matched = len(shown)
        narrowed = bool(self.search_text or self.filters.active)
        if narrowed != self._narrowed:  # "clear" appears or goes; no other key changes
            self._narrowed = narrowed
            self.refresh_bindings()

    def watch_filters(self) -> None:
        self._apply()

    def watch_search_text(self) -> None:
        self._apply()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.exercise_list.focus()

    @on(ExerciseList.Highlighted)
    def show_detail(self, event: ExerciseList.Highlighted) -> None:
        self.query_one(ExerciseDetail).exercise = event.exercise

    @on(ExerciseList.Selected)
    def open_detail(self) -> None:
        self.query_one(ExerciseDetail).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            return bool(self.search_text or self.filters.active)
        if action == "add_to_routine":
            return self.highlighted is not None
        return True

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_to_list(self) -> None:
        self.exercise_list.focus()

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        self.filters = Filters()
        self.exercise_list.focus()

    def action_filter(self) -> None:
        from tui.screens.choice import ChoiceScreen

        choices = [
            (field, f"{label} ({facet_label(field, getattr(self.filters, field))})")
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
        """The values a filter can take, each with how many exercises have it."""
        values = self.catalog.facet(field)
        return [("", "Any")] + [(value, f"{label} ({count})") for value, label, count in values]

    def action_guidance(self) -> None:
        from tui.screens.help import GuidanceScreen

        self.app.push_screen(GuidanceScreen(self.catalog.guidance))
