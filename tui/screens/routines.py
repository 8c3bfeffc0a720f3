"""The routine builder: the person's routines and the starters, and what is in each."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalog import Catalog, Exercise
from tui.core.export import format_duration
from tui.core.plan import estimate_seconds
from tui.core.routine import (
    Routine,
    RoutineEntry,
    add_entry,
    move_entry,
    new_entry,
    remove_entry,
    replace_entry,
)
from tui.core.store import ConflictError, RoutineStore, StoredRoutine
from tui.screens.choice import ChoiceScreen
from tui.screens.dialogs import ConfirmScreen, DosageScreen, ExercisePickerScreen, PromptScreen
from tui.widgets.exercise_detail import category_style
from tui.widgets.exercise_list import CATEGORY_TAGS
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
            id="routines.add_entry",
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

    selected: reactive[StoredRoutine | None] = reactive(None, init=False)
    """The routine shown on the right."""

    def __init__(self, catalog: Catalog, store: RoutineStore) -> None:
        super().__init__()
        self.catalog = catalog
        self.store = store
        self.routines: list[StoredRoutine] = []
        self.starters: list[StoredRoutine] = []
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
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Routines may have changed meanwhile: from the catalogue, or another Unknot.
        if self.is_mounted:
            self.reload()

    # ---- loading and showing

    def reload(self, select: StoredRoutine | None = None) -> None:
        """Read every routine from disk and show them, reporting unreadable files."""
        result = self.store.load_all()
        self.routines = result.routines
        try:
            self.starters = self.store.starters()
        except Exception as error:  # a broken install must not stop the person's routines
            self.starters = []
            self.notify(str(error), title="Starter routines unavailable", severity="error")
        for problem in result.problems:
            if problem.path not in self.app_state_reported:
                self.app_state_reported.add(problem.path)
                self.notify(
                    f"{problem}\nThe file was left untouched.",
                    title="A routine could not be read",
                    severity="warning",
                    timeout=12,
                )
        self._show_list(select or self.selected)

    @property
    def app_state_reported(self) -> set[object]:
        """Files already reported this run, so each problem is reported once."""
        reported: set[object] = getattr(self.app, "reported_problems", set())
        self.app.reported_problems = reported  # type: ignore[attr-defined]
        return reported

    @property
    def all_routines(self) -> list[StoredRoutine]:
        return [*self.routines, *self.starters]

    def _show_list(self, select: StoredRoutine | None) -> None:
        options = self.query_one("#routine-list", OptionList)
        options.clear_options()
        for stored in self.routines:
            options.add_option(Option(Content(stored.name)))
        if self.starters:
            options.add_option(None)
            for stored in self.starters:
                options.add_option(Option(Content.assemble(stored.name, (" ★", "$accent"))))
        if not self.all_routines:
            self.selected = None
            return
        index = 0
        if select is not None:
            for position, stored in enumerate(self.all_routines):
                same_file = not stored.read_only and stored.path == select.path
                if same_file or (
                    stored.read_only and select.read_only and stored.name == select.name
                ):
                    index = position
                    break
        options.highlighted = self._option_index(index)
        self.selected = self.all_routines[index]

    def _option_index(self, routine_index: int) -> int:
        # The separator between the person's routines and the starters takes one slot.
        return routine_index + (1 if routine_index >= len(self.routines) else 0)

    @on(OptionList.OptionHighlighted, "#routine-list")
    def routine_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if index > len(self.routines):
            index -= 1
        if 0 <= index < len(self.all_routines):
            self.selected = self.all_routines[index]

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
        if entry.note:
            parts += [("\n    ", ""), (entry.note, "italic")]
        return Content.assemble(*parts)

    def _summary(self, routine: Routine) -> Content:
        count = len(routine.entries)
        if not count:
            return Content.styled("Empty: press a to add an exercise.", "$text-muted")
        missing = sum(1 for _, exercise in routine.resolve(self.catalog) if exercise is None)
        facts = f"{count} exercise{'s' if count != 1 else ''}"
        facts += f" · about {format_duration(estimate_seconds(routine, self.catalog))}"
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
        if action in {"rename", "duplicate", "add"}:
            return self.selected is not None
        if action == "delete":
            return self.selected is not None and not self.selected.read_only
        if action in {"edit", "move", "remove"}:
            return self.entry_index is not None
        return True

    def action_focus_routines(self) -> None:
        self.query_one("#routine-list").focus()

    # ---- saving

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
        stored = base
        if stored is None:
            return False
        async with self._edit_lock:
            if stored.read_only:
                stored = await asyncio.to_thread(self.store.copy_starter, stored)
                self.notify(f"Saved as your own routine '{stored.name}'; the starter is unchanged.")
            saved = await self._save(stored, edit(stored.routine))
            if saved is None:
                return False
            self.reload(select=saved)
            self._show_routine(highlight)
            return True

    async def _save(self, stored: StoredRoutine, routine: Routine) -> StoredRoutine | None:
        try:
            return await asyncio.to_thread(self.store.save, stored, routine)
        except ConflictError as conflict:
            return await self._resolve_conflict(stored, routine, conflict)

    async def _resolve_conflict(
        self, stored: StoredRoutine, routine: Routine, conflict: ConflictError
    ) -> StoredRoutine | None:
        choices = [
            ("mine", "Keep mine (overwrite the other change)"),
            ("copy", "Save mine as a new routine, keep theirs"),
            ("theirs", "Discard mine, reload theirs"),
        ]
        answer = await self.app.push_screen_wait(
            ChoiceScreen(
                f"'{stored.name}' was changed elsewhere since you opened it", choices, "copy"
            )
        )
        if answer == "mine":
            return await asyncio.to_thread(self.store.save, stored, routine, force=True)
        if answer == "copy":
            return await asyncio.to_thread(self.store.create_unique, routine, "my version")
        self.reload(select=stored)
        return None

    # ---- actions

    @work(group="routine-edit")
    async def action_new(self) -> None:
        name = await self.app.push_screen_wait(PromptScreen("Name the new routine"))
        if name is None:
            return
        created = await asyncio.to_thread(self.store.create_unique, Routine(name=name), "new")
        self.reload(select=created)
        self.notify(f"Created '{created.name}'. Press a to add exercises.")

    @work(group="routine-edit")
    async def action_rename(self) -> None:
        base = self.selected
        if base is None:
            return
        name = await self.app.push_screen_wait(PromptScreen("Rename the routine", base.name))
        if name and name != base.name:
            from msgspec.structs import replace

            await self._change(base, lambda routine: replace(routine, name=name))

    @work(group="routine-edit")
    async def action_duplicate(self) -> None:
        if self.selected is None:
            return
        copy = await asyncio.to_thread(self.store.duplicate, self.selected)
        self.reload(select=copy)
        self.notify(f"Made '{copy.name}'.")

    @work(group="routine-edit")
    async def action_delete(self) -> None:
        stored = self.selected
        if stored is None or stored.read_only:
            return
        count = len(stored.routine.entries)
        confirmed = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete '{stored.name}'?",
                f"It has {count} exercise{'s' if count != 1 else ''}. This cannot be undone.",
            )
        )
        if not confirmed:
            return
        try:
            await asyncio.to_thread(self.store.delete, stored)
        except ConflictError:
            really = await self.app.push_screen_wait(
                ConfirmScreen(f"'{stored.name}' was changed elsewhere. Delete it anyway?")
            )
            if not really:
                self.reload(select=stored)
                return
            await asyncio.to_thread(self.store.delete, stored, force=True)
        self.notify(f"Deleted '{stored.name}'.")
        self.reload()

    @work(group="routine-edit")
    async def action_add(self) -> None:
        base = self.selected
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
        base, index = self.selected, self.entry_index
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

    async def action_move(self, offset: int) -> None:
        base, index = self.selected, self.entry_index
        if base is None or index is None:
            return
        _, target = move_entry(base.routine, index, offset)
        if target != index:
            await self._change(base, lambda routine: move_entry(routine, index, offset)[0], target)

    async def action_remove(self) -> None:
        base, index = self.selected, self.entry_index
        if base is None or index is None:
            return
        await self._change(base, lambda routine: remove_entry(routine, index), index)
