"""The routine builder: the person's routines and the starters, and what is in each.

Every change is saved at once and can be undone (`u`), several steps back, until the app
closes: what each change was is kept in `tui.core.undo`, this screen only replays it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import DescendantFocus
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalog import Catalog, Exercise
from tui.core.errors import DataFileError
from tui.core.plan import PlanSettings
from tui.core.routine import (
    Routine,
    RoutineEntry,
    add_entry,
    move_entry,
    new_entry,
    remove_entry,
    replace_entry,
)
from tui.core.store.routines import LoadResult, RoutineStore, StoredRoutine
from tui.core.text import plural
from tui.core.undo import RoutineChange, UndoHistory
from tui.screens import screen_css
from tui.screens.dialogs import ConfirmScreen, PromptScreen
from tui.screens.routines_lists import (
    EntryList,
    RoutineList,
    entry_row,
    routine_heading,
    routine_label,
    routine_summary,
)
from tui.screens.routines_saving import SAVE_ERRORS, RoutineSaving
from tui.widgets.exercise_detail import detail_items
from tui.widgets.hanging_text import HangingText
from tui.widgets.key_bar import KeyBar
from tui.widgets.mode_bar import ModeBar
from tui.widgets.too_small import Fitted

#: Cells around a name in the routine list: the option's padding, scroll bar and border.
LIST_PADDING = 5
LIST_AT_LEAST = 16


class RoutinesScreen(Fitted, RoutineSaving, Screen[None]):
    """Create, edit and organise routines; every change is saved at once."""

    AUTO_FOCUS = "#routine-list"
    DEFAULT_CSS = screen_css("routines.tcss")
    MIN_SIZE = (40, 10)
    # Below 60 columns one pane at a time: the routines, or (enter) the one routine.
    NARROW_BELOW = 60
    WIDE_FROM = 120

    # On the screen, not a list: they act on the selected routine from either pane.
    BINDINGS = [
        Binding("n", "new", "New", tooltip="Create a new routine", id="routines.new"),
        Binding("a", "add", "Add", tooltip="Add exercises to this routine", id="routines.add"),
        Binding(
            "s",
            "start",
            "Start",
            tooltip="Start a guided session of this routine",
            id="routines.start",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo the last change", id="routines.undo"),
        Binding(
            "p",
            "handout",
            "Handout",
            tooltip="Save a printable handout of this routine (a download in a browser)",
            id="routines.handout",
            show=False,  # the key bar is full at 80 columns; help and the palette list it
        ),
        Binding("r", "rename", "Rename", tooltip="Rename this routine", id="routines.rename"),
        Binding(
            "d",
            "duplicate",
            "Duplicate",
            tooltip="Make a copy of this routine",
            id="routines.duplicate",
        ),
        Binding(
            "D",
            "delete",
            "Delete",
            tooltip="Delete this routine (asks first; u brings it back)",
            id="routines.delete",
        ),
    ]

    selected: reactive[StoredRoutine | None] = reactive(None, init=False)
    """The routine shown on the right."""

    def __init__(
        self,
        catalog: Catalog,
        store: RoutineStore,
        plan: Callable[[], PlanSettings],
        reported: set[Path],
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.store = store
        self.plan = plan
        """How routines become sessions now, so estimates match what a session runs."""
        self.reported = reported
        """Files already reported as unreadable this run (shared app-wide): once each."""
        self.routines: list[StoredRoutine] = []
        self.starters: list[StoredRoutine] | None = None
        self.undo_history = UndoHistory()
        """The changes made in this run, to undo (the screen lives as long as the app)."""
        self._by_option: dict[str, StoredRoutine] = {}
        # One edit at a time, and each starts from what the previous one saved.
        self._edit_lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield ModeBar("routines")
        with Vertical(id="routines-left"):
            yield Static(Content.styled("Routines", "bold"), classes="pane-title")
            yield RoutineList(id="routine-list")
        with Vertical(id="routines-right"):
            yield Static(id="routine-title")
            yield EntryList(id="entries")
            yield Static(id="routine-summary")
        # A wide terminal shows the highlighted exercise in full, with its dosage here.
        with VerticalScroll(id="entry-detail", can_focus=False):
            yield HangingText()
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Routines may have changed meanwhile (from the catalogue, or another Unknot),
        # and so may the settings the estimates depend on.
        self.reload()

    @on(DescendantFocus)
    def _pane_focused(self) -> None:
        # On a narrow terminal only the focused pane shows (see routines.tcss).
        self.set_class(self.focused is self.query_one("#entries"), "-in-routine")

    # ---- loading and showing

    @work(exclusive=True, group="routines-load")
    async def reload(self) -> None:
        """Read every routine (off the event loop) and show them, reporting bad files."""
        if self.starters is None:
            self.starters = await asyncio.to_thread(self._load_starters)
        # Read under the edit lock, so a reload never shows a list older than a save.
        async with self._edit_lock:
            self._apply(await asyncio.to_thread(self.store.load_all))

    def _load_starters(self) -> list[StoredRoutine]:
        try:
            return self.store.starters()
        except DataFileError as error:  # a broken install must not hide the person's own
            self.app.call_from_thread(
                self.notify, str(error), title="Starter routines unavailable", severity="error"
            )
            return []

    @work(group="conflicts")
    async def _offer_conflicts(self) -> None:
        """Routine files a sync tool left in conflict are not shown: ask about them."""
        await self.app.offer_conflicts()  # type: ignore[attr-defined]

    def _apply(self, result: LoadResult) -> None:
        self.routines = result.routines
        if result.conflicts:
            self._offer_conflicts()
        for problem in result.problems:
            if problem.path not in self.reported:
                self.reported.add(problem.path)
                self.notify(
                    f"{problem}\nThe file was left untouched.",
                    title="A routine could not be read",
                    severity="warning",
                    timeout=12,
                )
        self._show_list(self.selected)
        self._show_routine()  # also when the routine is unchanged: the estimate may not be

    def _remember(self, saved: StoredRoutine) -> None:
        """Show a routine just saved without reading every file again."""
        self.routines = [r for r in self.routines if r.path != saved.path] + [saved]
        self.routines.sort(key=lambda stored: (stored.name.casefold(), stored.path.name))
        self._show_list(saved)

    def _forget(self, path: Path) -> None:
        """A routine just deleted: show the list without it."""
        self.routines = [r for r in self.routines if r.path != path]
        self._show_list(None)

    @property
    def all_routines(self) -> list[StoredRoutine]:
        return [*self.routines, *(self.starters or [])]

    @staticmethod
    def _option_id(stored: StoredRoutine) -> str:
        return f"starter:{stored.name}" if stored.read_only else f"file:{stored.path}"

    def _show_list(self, select: StoredRoutine | None) -> None:
        options = self.query_one("#routine-list", OptionList)
        options.clear_options()
        self._by_option = {self._option_id(stored): stored for stored in self.all_routines}
        for stored in self.routines:
            options.add_option(Option(routine_label(stored.name, False), self._option_id(stored)))
        if self.starters:
            options.add_option(None)
            for stored in self.starters:
                options.add_option(
                    Option(routine_label(stored.name, True), self._option_id(stored))
                )
        self._fit_list()
        if not self._by_option:
            self.selected = None
            return
        wanted = self._option_id(select) if select is not None else None
        if wanted not in self._by_option:
            wanted = next(iter(self._by_option))
        options.highlighted = options.get_option_index(wanted)
        self.selected = self._by_option[wanted]

    def on_resize(self) -> None:
        self._fit_list()

    def _fit_list(self) -> None:
        """The routine list as wide as its longest name, within 40% of the screen (a
        name longer than that wraps, never cut); the routine gets the rest."""
        screen_width = self.app.size.width
        names = [routine_label(s.name, s.read_only).cell_length for s in self.all_routines]
        wanted = max([len("Routines"), *names]) + LIST_PADDING
        width = max(LIST_AT_LEAST, min(wanted, screen_width * 2 // 5))
        pane = self.query_one("#routines-left")
        narrow = screen_width < (self.NARROW_BELOW or 0)
        pane.styles.width = "1fr" if narrow else width

    @on(OptionList.OptionHighlighted, "#routine-list")
    def routine_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        stored = self._by_option.get(event.option.id or "")
        if stored is not None:
            self.selected = stored

    @on(OptionList.OptionSelected, "#routine-list")
    def routine_selected(self) -> None:
        self.query_one("#entries", OptionList).focus()

    @on(OptionList.OptionSelected, "#entries")
    def entry_selected(self) -> None:
        self.action_edit()

    @on(OptionList.OptionHighlighted, "#entries")
    def entry_highlighted(self) -> None:
        self._show_entry_detail()

    def _show_entry_detail(self) -> None:
        """The highlighted exercise in full, with the routine's dosage and note."""
        detail = self.query_one("#entry-detail HangingText", HangingText)
        index = self.entry_index
        if self.selected is None or index is None:
            detail.update([])
            return
        entry = self.selected.routine.entries[index]
        exercise = self.catalog.get(entry.id)
        if exercise is None:
            detail.update([])
            return
        detail.update(detail_items(exercise, entry.dosage_for(self.catalog), entry.note))
        self.query_one("#entry-detail").scroll_home(animate=False)

    def watch_selected(self) -> None:
        self._show_routine()
        self.refresh_bindings()

    def _show_routine(self, highlight: int | None = None) -> None:
        title = self.query_one("#routine-title", Static)
        entries = self.query_one("#entries", OptionList)
        summary = self.query_one("#routine-summary", Static)
        previous = entries.highlighted
        entries.clear_options()
        stored = self.selected
        if stored is None:
            title.update(Content.styled("No routine yet: press n to create one.", "italic"))
            summary.update("")
            self._show_entry_detail()
            return
        routine = stored.routine
        title.update(routine_heading(stored.name, stored.read_only, routine.description))
        entries.add_options(
            Option(entry_row(number, entry, exercise, self.catalog))
            for number, (entry, exercise) in enumerate(routine.resolve(self.catalog), 1)
        )
        if routine.entries:
            target = highlight if highlight is not None else previous or 0
            entries.highlighted = max(0, min(target, len(routine.entries) - 1))
        summary.update(routine_summary(routine, self.catalog, self.plan()))
        self._show_entry_detail()

    # ---- which keys apply

    @property
    def entry_index(self) -> int | None:
        entries = self.query_one("#entries", OptionList)
        if self.selected is None or not self.selected.routine.entries:
            return None
        return entries.highlighted

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.selected is not None and bool(self.selected.routine.entries)
        if action in {"rename", "duplicate", "add", "handout"}:
            return self.selected is not None
        if action == "delete":
            return self.selected is not None and not self.selected.read_only
        if action in {"edit", "move", "remove"}:
            return self.entry_index is not None
        if action == "undo":
            return bool(self.undo_history)
        return True

    async def action_start(self) -> None:
        stored = await self._settled()
        if stored is not None:
            await self.app.start_session(stored.routine)  # type: ignore[attr-defined]

    def action_handout(self) -> None:
        from tui.core.export import routine_markdown
        from tui.core.store.files import slugify

        stored = self.selected
        if stored is None:
            return
        text = routine_markdown(stored.routine, self.catalog, self.catalog.guidance, self.plan())
        self.app.deliver_file(f"{slugify(stored.name)}.md", text, "text/markdown")  # type: ignore[attr-defined]

    def action_focus_routines(self) -> None:
        self.query_one("#routine-list").focus()

    # ---- names

    def _entry_name(self, entry: RoutineEntry) -> str:
        exercise = self.catalog.get(entry.id)
        return exercise.name if exercise is not None else entry.id

    # ---- actions

    @work(group="routine-edit")
    async def action_new(self) -> None:
        name = await self.app.push_screen_wait(
            PromptScreen("Name the new routine", taken=self._names())
        )
        if name is None:
            return
        created = await self._created(Routine(name=name), "new", lambda s: f"created '{s.name}'")
        if created is not None:
            self.notify(f"Created '{created.name}'. Press a to add exercises.")

    def _names(self, besides: StoredRoutine | None = None) -> set[str]:
        """Names of the person's routines, except `besides` (for a rename)."""
        return {r.name for r in self.routines if besides is None or r.path != besides.path}

    @work(group="routine-edit")
    async def action_rename(self) -> None:
        base = await self._settled()
        if base is None:
            return
        name = await self.app.push_screen_wait(
            PromptScreen("Rename the routine", base.name, taken=self._names(base))
        )
        if name and name != base.name:
            from msgspec.structs import replace

            await self._change(
                base,
                lambda routine: replace(routine, name=name),
                lambda saved: f"renamed '{base.name}' to '{saved.name}'",
            )

    @work(group="routine-edit")
    async def action_duplicate(self) -> None:
        base = await self._settled()
        if base is None:
            return
        async with self._edit_lock:
            try:
                copy = await asyncio.to_thread(self.store.duplicate, base)
            except SAVE_ERRORS as error:
                self._report(error)
                return
            self.undo_history.record(RoutineChange(f"made '{copy.name}'", copy.path, None, copy))
            self._remember(copy)
            self.refresh_bindings()
        self.notify(f"Made '{copy.name}'.")

    @work(group="routine-edit")
    async def action_delete(self) -> None:
        stored = await self._settled()
        if stored is None or stored.read_only:
            return
        count = len(stored.routine.entries)
        confirmed = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete '{stored.name}'?",
                f"It has {plural(count, 'exercise')}. Until Unknot closes, u brings it back.",
            )
        )
        if not confirmed:
            return
        async with self._edit_lock:
            try:
                if not await self._delete(stored, "Delete it anyway?"):
                    return
            except SAVE_ERRORS as error:
                self._report(error)
                return
            # What the file held, even if that was someone else's change (delete anyway).
            self.undo_history.record(
                RoutineChange(f"deleted '{stored.name}'", stored.path, stored.routine, None)
            )
            self._forget(stored.path)
            self.refresh_bindings()
        self.notify(f"Deleted '{stored.name}'. Press u to bring it back.")

    @work(group="routine-edit")
    async def action_add(self) -> None:
        """The picker, open until the person is done; each enter adds and saves."""
        from tui.screens.picker import ExercisePickerScreen

        base = await self._settled()
        if base is None:
            return
        target = base

        async def add(exercises: list[Exercise]) -> Routine | None:
            nonlocal target
            start = len(target.routine.entries)
            names = exercises[0].name if len(exercises) == 1 else plural(len(exercises), "exercise")

            def edit(routine: Routine) -> Routine:
                for exercise in exercises:
                    routine = add_entry(routine, new_entry(exercise))
                return routine

            saved = await self._change(
                target, edit, lambda s: f"added {names} to '{s.name}'", start
            )
            if saved is None:
                return None
            target = saved
            return saved.routine

        await self.app.push_screen_wait(ExercisePickerScreen(self.catalog, base.routine, add))
        if target is not base:
            self.query_one("#entries", OptionList).focus()

    @work(group="routine-edit")
    async def action_edit(self) -> None:
        from tui.screens.dosage import DosageScreen

        base = await self._settled()
        index = self.entry_index
        if base is None or index is None:
            return
        entry = base.routine.entries[index]
        exercise = self.catalog.get(entry.id)
        dosage = entry.dosage_for(self.catalog)
        if exercise is None or dosage is None:
            self.notify(
                f"'{entry.id}' is not in this catalogue, so it cannot be edited here.",
                severity="warning",
            )
            return
        edited = await self.app.push_screen_wait(DosageScreen(exercise.name, entry, dosage))
        if edited is not None and edited != entry:
            what = "note" if edited.dosage == entry.dosage else "dosage"
            await self._change(
                base,
                lambda routine: replace_entry(routine, index, edited),
                lambda s: f"changed the {what} of {exercise.name} in '{s.name}'",
                index,
            )

    @work(group="routine-edit")
    async def action_move(self, offset: int) -> None:
        base = await self._settled()
        index = self.entry_index
        if base is None or index is None:
            return
        _, target = move_entry(base.routine, index, offset)
        if target != index:
            name = self._entry_name(base.routine.entries[index])
            way = "earlier" if offset < 0 else "later"
            await self._change(
                base,
                lambda routine: move_entry(routine, index, offset)[0],
                lambda s: f"moved {name} {way} in '{s.name}'",
                target,
            )

    @work(group="routine-edit")
    async def action_remove(self) -> None:
        base = await self._settled()
        index = self.entry_index
        if base is None or index is None:
            return
        name = self._entry_name(base.routine.entries[index])
        await self._change(
            base,
            lambda routine: remove_entry(routine, index),
            lambda s: f"removed {name} from '{s.name}'",
            index,
        )
