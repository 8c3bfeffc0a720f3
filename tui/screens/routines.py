"""The routine builder: the person's routines and the starters, and what is in each."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalog import Catalog, Exercise
from tui.core.errors import DataFileError, describe_error
from tui.core.export import format_duration
from tui.core.plan import PlanSettings, estimate_seconds
from tui.core.routine import (
    Routine,
    RoutineEntry,
    add_entry,
    move_entry,
    new_entry,
    remove_entry,
    replace_entry,
)
from tui.core.store.files import StoreError
from tui.core.store.routines import ConflictError, LoadResult, RoutineStore, StoredRoutine
from tui.core.text import plural
from tui.screens.choice import ChoiceScreen
from tui.screens.dialogs import ConfirmScreen, DosageScreen, ExercisePickerScreen, PromptScreen
from tui.widgets.exercise_detail import category_style
from tui.widgets.exercise_list import CATEGORY_TAGS
from tui.widgets.key_bar import KeyBar
from tui.widgets.mode_bar import ModeBar


class RoutineList(OptionList):
    """The routines; its keys act on the highlighted routine."""

    BINDINGS = [
        Binding("n", "screen.new", "New", tooltip="Create a new routine", id="routines.new"),
        Binding(
            "a", "screen.add", "Add", tooltip="Add an exercise to this routine", id="routines.add"
        ),
        Binding(
            "r", "screen.rename", "Rename", tooltip="Rename this routine", id="routines.rename"
        ),
        Binding(
            "d",
            "screen.duplicate",
            "Duplicate",
            tooltip="Make a copy of this routine",
            id="routines.duplicate",
        ),
        Binding(
            "D",
            "screen.delete",
            "Delete",
            tooltip="Delete this routine (asks first)",
            id="routines.delete",
        ),
    ]


class EntryList(OptionList):
    """The exercises of one routine; its keys act on the highlighted exercise."""

    BINDINGS = [
        Binding(
            "a",
            "screen.add",
            "Add",
            tooltip="Add an exercise to this routine",
            id="routines.add",
        ),
        Binding(
            "e",
            "screen.edit",
            "Dosage",
            tooltip="Edit the dosage and note of this exercise",
            id="routines.edit",
        ),
        Binding(
            "shift+up,K",
            "screen.move(-1)",
            "Earlier",
            key_display="⇧↑",
            tooltip="Move this exercise earlier",
            id="routines.move_up",
        ),
        Binding(
            "shift+down,J",
            "screen.move(1)",
            "Later",
            key_display="⇧↓",
            tooltip="Move this exercise later",
            id="routines.move_down",
        ),
        Binding(
            "x,delete",
            "screen.remove",
            "Remove",
            tooltip="Remove this exercise from the routine",
            id="routines.remove",
        ),
        Binding("escape", "screen.focus_routines", "Routines", show=False),
    ]


class RoutinesScreen(Screen[None]):
    """Create, edit and organise routines; every change is saved at once."""

    AUTO_FOCUS = "#routine-list"
    CSS_PATH = "routines.tcss"

    BINDINGS = [
        Binding(
            "s",
            "start",
            "Start",
            tooltip="Start a guided session of this routine",
            id="routines.start",
        ),
        Binding(
            "p",
            "handout",
            "Handout",
            tooltip="Save a printable handout of this routine (a download in a browser)",
            id="routines.handout",
            show=False,  # the key bar is full at 80 columns; help and the palette list it
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
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Routines may have changed meanwhile (from the catalogue, or another Unknot),
        # and so may the settings the estimates depend on.
        self.reload()

    # ---- loading and showing

    @work(exclusive=True, group="routines-load")
    async def reload(self) -> None:
        """Read every routine (off the event loop) and show them, reporting bad files."""
        if self.starters is None:
            self.starters = await asyncio.to_thread(self._load_starters)
        # Read under the edit lock, so a reload never shows a list older than a save.
        async with self._edit_lock:
            self._apply(await asyncio.to_thread(self.store.load_all))

    @work(group="conflicts")
    async def _offer_conflicts(self) -> None:
        """Routine files a sync tool left in conflict are not shown: ask about them."""
        await self.app.offer_conflicts()  # type: ignore[attr-defined]

    def _load_starters(self) -> list[StoredRoutine]:
        try:
            return self.store.starters()
        except DataFileError as error:  # a broken install must not hide the person's own
            self.app.call_from_thread(
                self.notify, str(error), title="Starter routines unavailable", severity="error"
            )
            return []

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
            options.add_option(Option(Content(stored.name), id=self._option_id(stored)))
        if self.starters:
            options.add_option(None)
            for stored in self.starters:
                prompt = Content.assemble(stored.name, (" ★", "$accent"))
                options.add_option(Option(prompt, id=self._option_id(stored)))
        if not self._by_option:
            self.selected = None
            return
        wanted = self._option_id(select) if select is not None else None
        if wanted not in self._by_option:
            wanted = next(iter(self._by_option))
        options.highlighted = options.get_option_index(wanted)
        self.selected = self._by_option[wanted]

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
            return
        heading = [Content.styled(stored.name, "bold $accent")]
        if stored.read_only:
            heading.append(
                Content.styled("Starter routine: changing it makes your own copy.", "$text-muted")
            )
        if stored.routine.description:
            heading.append(Content.styled(stored.routine.description, "$text-muted"))
        title.update(Content("\n").join(heading))
        for number, (entry, exercise) in enumerate(stored.routine.resolve(self.catalog), 1):
            entries.add_option(Option(self._entry_line(number, entry, exercise)))
        if stored.routine.entries:
            target = highlight if highlight is not None else previous or 0
            entries.highlighted = max(0, min(target, len(stored.routine.entries) - 1))
        summary.update(self._summary(stored.routine))

    def _entry_line(self, number: int, entry: RoutineEntry, exercise: Exercise | None) -> Content:
        """Name and category on the first line, dosage (and note) below it."""
        if exercise is None:
            return Content.assemble(
                (f"{number:>2}. ", "$text-muted"),
                (entry.id, "bold $error"),
                ("\n    missing from this catalogue; kept in the file", "$error"),
            )
        dosage = entry.dosage_for(self.catalog)
        parts: list[Content | str | tuple[str, str]] = [
            (f"{number:>2}. ", "$text-muted"),
            (exercise.name, "bold"),
            "  ",
            (CATEGORY_TAGS[exercise.category], category_style(exercise.category)),
            ("\n    " + (dosage.describe() if dosage else ""), "$text-muted"),
        ]
        if exercise.dosage_is_default and dosage == exercise.dosage:
            parts.append((" (the catalogue's general dosage)", "italic $text-muted"))
        if entry.note:
            parts += [("\n    ", ""), (entry.note, "italic")]
        return Content.assemble(*parts)

    def _summary(self, routine: Routine) -> Content:
        count = len(routine.entries)
        if not count:
            return Content.styled("Empty: press a to add an exercise.", "$text-muted")
        missing = sum(1 for _, exercise in routine.resolve(self.catalog) if exercise is None)
        facts = plural(count, "exercise")
        facts += f" · about {format_duration(estimate_seconds(routine, self.catalog, self.plan()))}"
        if missing:
            facts += f" · {missing} missing"
        lines = [Content.styled(facts, "bold")]
        lines += [
            Content.assemble(("⚠ ", "bold $warning"), (warning, "$warning"))
            for warning in routine.order_warnings(self.catalog)
        ]
        return Content("\n").join(lines)

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
        if action == "handout":
            return self.selected is not None
        if action in {"rename", "duplicate", "add"}:
            return self.selected is not None
        if action == "delete":
            return self.selected is not None and not self.selected.read_only
        if action in {"edit", "move", "remove"}:
            return self.entry_index is not None
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

    # ---- saving

    async def _settled(self) -> StoredRoutine | None:
        """The selected routine once any edit still being saved has finished."""
        async with self._edit_lock:
            return self.selected

    async def _change(
        self,
        base: StoredRoutine | None,
        edit: Callable[[Routine], Routine],
        highlight: int | None = None,
    ) -> bool:
        """Apply `edit` to `base` and save it over `base`'s file, copying a starter first.

        `base` is the routine as it was when the person started the action (before any
        dialog), so a change saved meanwhile by another Unknot is a conflict to resolve,
        never something the edit is silently applied on top of.
        """
        if base is None:
            return False
        async with self._edit_lock:
            try:
                stored = base
                if stored.read_only:
                    stored = await asyncio.to_thread(self.store.copy_starter, stored)
                    self.notify(
                        f"Saved as your own routine '{stored.name}'; the starter is unchanged."
                    )
                saved = await self._save(stored, edit(stored.routine))
            except (DataFileError, StoreError, OSError) as error:
                self._report(error)
                return False
            if saved is None:
                return False
            self._remember(saved)
            self._show_routine(highlight)
            return True

    def _report(self, error: Exception) -> None:
        message = describe_error(error, self.store.folder)
        self.notify(f"{message}\nNothing was changed.", title="Could not save", severity="error")
        self.reload()

    async def _save(self, stored: StoredRoutine, routine: Routine) -> StoredRoutine | None:
        try:
            return await asyncio.to_thread(self.store.save, stored, routine)
        except ConflictError as conflict:
            return await self._resolve_conflict(stored, routine, conflict)

    async def _resolve_conflict(
        self, stored: StoredRoutine, routine: Routine, conflict: ConflictError
    ) -> StoredRoutine | None:
        choices = [
            ("copy", "Save mine as a new routine, keep theirs"),
            ("mine", "Keep mine (overwrite the other change)"),
            ("theirs", "Discard mine, reload theirs"),
        ]
        answer = await self.app.push_screen_wait(
            ChoiceScreen(
                f"'{stored.name}' was changed elsewhere since you opened it", choices, "copy"
            )
        )
        if answer == "mine":
            return await asyncio.to_thread(self.store.save, stored, routine, force=True)
        if answer == "theirs":
            self.reload()
            return None
        # Escape keeps both too: an edit is never thrown away without being asked.
        return await asyncio.to_thread(self.store.create_unique, routine, "my version")

    # ---- actions

    @work(group="routine-edit")
    async def action_new(self) -> None:
        name = await self.app.push_screen_wait(
            PromptScreen("Name the new routine", taken=self._names())
        )
        if name is None:
            return
        async with self._edit_lock:
            try:
                created = await asyncio.to_thread(
                    self.store.create_unique, Routine(name=name), "new"
                )
            except (DataFileError, StoreError, OSError) as error:
                self._report(error)
                return
            self._remember(created)
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

            await self._change(base, lambda routine: replace(routine, name=name))

    @work(group="routine-edit")
    async def action_duplicate(self) -> None:
        base = await self._settled()
        if base is None:
            return
        async with self._edit_lock:
            try:
                copy = await asyncio.to_thread(self.store.duplicate, base)
            except (DataFileError, StoreError, OSError) as error:
                self._report(error)
                return
            self._remember(copy)
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
                f"It has {plural(count, 'exercise')}. This cannot be undone.",
            )
        )
        if not confirmed:
            return
        async with self._edit_lock:
            try:
                try:
                    await asyncio.to_thread(self.store.delete, stored)
                except ConflictError:
                    really = await self.app.push_screen_wait(
                        ConfirmScreen(f"'{stored.name}' was changed elsewhere. Delete it anyway?")
                    )
                    if not really:
                        self.reload()
                        return
                    await asyncio.to_thread(self.store.delete, stored, force=True)
            except (DataFileError, StoreError, OSError) as error:
                self._report(error)
                return
            self.routines = [r for r in self.routines if r.path != stored.path]
            self._show_list(None)
        self.notify(f"Deleted '{stored.name}'.")

    @work(group="routine-edit")
    async def action_add(self) -> None:
        base = await self._settled()
        if base is None:
            return
        exercise = await self.app.push_screen_wait(ExercisePickerScreen(self.catalog))
        if exercise is None:
            return
        at = len(base.routine.entries)
        if await self._change(base, lambda routine: add_entry(routine, new_entry(exercise)), at):
            self.query_one("#entries", OptionList).focus()

    @work(group="routine-edit")
    async def action_edit(self) -> None:
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
            await self._change(base, lambda routine: replace_entry(routine, index, edited), index)

    @work(group="routine-edit")
    async def action_move(self, offset: int) -> None:
        base = await self._settled()
        index = self.entry_index
        if base is None or index is None:
            return
        _, target = move_entry(base.routine, index, offset)
        if target != index:
            await self._change(base, lambda routine: move_entry(routine, index, offset)[0], target)

    @work(group="routine-edit")
    async def action_remove(self) -> None:
        base = await self._settled()
        index = self.entry_index
        if base is None or index is None:
            return
        await self._change(base, lambda routine: remove_entry(routine, index), index)
