"""How the routine builder saves: every change through the store, checked against what
the file held, remembered to undo; and undoing, which replays a change backwards.

A mixin of RoutinesScreen, kept apart so the screen module is about what it shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from tui.core.errors import DataFileError, describe_error
from tui.core.routine import Routine
from tui.core.store.files import StoreError
from tui.core.store.routines import ConflictError, RoutineStore, StoredRoutine
from tui.core.undo import RoutineChange, UndoHistory, UndoKind
from tui.screens.choice import ChoiceScreen
from tui.screens.dialogs import ConfirmScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

Describe = Callable[[StoredRoutine], str]
"""What a change did, given the routine as saved: "removed Bridge from 'Evening'"."""

SAVE_ERRORS = (DataFileError, StoreError, OSError)


class RoutineSaving(_Base):
    """Saving and undoing for the routine builder (see RoutinesScreen)."""

    # What the screen provides.
    store: RoutineStore
    undo_history: UndoHistory
    selected: StoredRoutine | None
    _edit_lock: asyncio.Lock
    if TYPE_CHECKING:

        def _remember(self, saved: StoredRoutine) -> None: ...
        def _forget(self, path: Path) -> None: ...
        def _show_routine(self, highlight: int | None = None) -> None: ...
        def reload(self) -> object: ...

    async def _settled(self) -> StoredRoutine | None:
        """The selected routine once any edit still being saved has finished."""
        async with self._edit_lock:
            return self.selected

    async def _change(
        self,
        base: StoredRoutine | None,
        edit: Callable[[Routine], Routine],
        what: Describe,
        highlight: int | None = None,
    ) -> StoredRoutine | None:
        """Apply `edit` to `base` and save it over `base`'s file, copying a starter first;
        remember it to undo. Gives the routine as saved, or None if nothing was saved.

        `base` is the routine as it was when the person started the action (before any
        dialog), so a change saved meanwhile by another Unknot is a conflict to resolve,
        never something the edit is silently applied on top of.
        """
        if base is None:
            return None
        async with self._edit_lock:
            try:
                stored = base
                if stored.read_only:
                    stored = await asyncio.to_thread(self.store.copy_starter, stored)
                    self.notify(
                        f"Saved as your own routine '{stored.name}'; the starter is unchanged."
                    )
                saved = await self._save(stored, edit(stored.routine))
            except SAVE_ERRORS as error:
                self._report(error)
                return None
            if saved is None:
                return None
            if base.read_only:  # undoing it removes the copy
                change = RoutineChange(
                    f"copied the starter and {what(saved)}", saved.path, None, saved
                )
            elif saved.path != stored.path:  # saved as a new routine after a conflict
                change = RoutineChange(what(saved), saved.path, None, saved)
            else:
                change = RoutineChange(what(saved), saved.path, stored.routine, saved)
            self.undo_history.record(change)
            self._remember(saved)
            self._show_routine(highlight)
            self.refresh_bindings()
            return saved

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

    async def _created(self, routine: Routine, label: str, what: Describe) -> StoredRoutine | None:
        """Save `routine` as a new file (named after it, else with `label`); undoable."""
        async with self._edit_lock:
            try:
                created = await asyncio.to_thread(self.store.create_unique, routine, label)
            except SAVE_ERRORS as error:
                self._report(error)
                return None
            self.undo_history.record(RoutineChange(what(created), created.path, None, created))
            self._remember(created)
            self.refresh_bindings()
            return created

    async def _delete(self, stored: StoredRoutine, question: str) -> bool:
        """Delete `stored`'s file; if it changed elsewhere since, ask `question` first."""
        try:
            await asyncio.to_thread(self.store.delete, stored)
        except ConflictError:
            really = await self.app.push_screen_wait(
                ConfirmScreen(f"'{stored.name}' was changed elsewhere. {question}")
            )
            if not really:
                self.reload()
                return False
            await asyncio.to_thread(self.store.delete, stored, force=True)
        return True

    @work(group="routine-edit")
    async def action_undo(self) -> None:
        """Take back the newest change of this run, whichever routine it was."""
        async with self._edit_lock:
            change = self.undo_history.pop()
            if change is None:
                self.notify("Nothing to undo.")
                return
            try:
                done = await self._undo(change)
            except SAVE_ERRORS as error:
                self._report(error)
                return
            finally:
                self.refresh_bindings()
        if done:
            left = len(self.undo_history)
            more = f" ({left} more to undo)" if left else ""
            self.notify(f"Undone: {change.what}.{more}")

    async def _undo(self, change: RoutineChange) -> bool:
        """Replay `change` backwards through the store (under the edit lock)."""
        if change.kind is UndoKind.DELETE:
            assert change.after is not None
            if not await self._delete(change.after, "Remove it anyway?"):
                return False
            self._forget(change.path)
            return True
        if change.kind is UndoKind.RECREATE:
            assert change.before is not None
            again = await asyncio.to_thread(self.store.create_unique, change.before, "restored")
            self.undo_history.moved(change.path, again.path, again)
            self._remember(again)
            return True
        assert change.after is not None and change.before is not None
        saved = await self._save(change.after, change.before)
        if saved is None:
            return False
        self._remember(saved)
        self._show_routine()
        return True
