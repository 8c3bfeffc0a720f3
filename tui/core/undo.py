"""What the routine builder can take back: the changes made to routines in this run.

A change is kept as the routine before and after it, with the file it touched, so undoing
it is a plain write (or a delete, or a re-creation) that the store checks like any other:
if someone else changed the file since, the undo is a conflict, never a silent overwrite.
The history lives as long as the app: a deleted routine can be brought back until it closes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from tui.core.routine import Routine
from tui.core.store.routines import StoredRoutine

#: Steps kept; older ones are forgotten first.
UNDO_LIMIT = 100


class UndoKind(Enum):
    """What undoing a change does to the file."""

    RESTORE = "restore"
    """Write the routine as it was over the file, which must still hold what the change wrote."""
    DELETE = "delete"
    """The change created the file (a new routine, a copy): remove it again."""
    RECREATE = "recreate"
    """The change deleted the routine: save it again as a new file."""


@dataclass(frozen=True)
class RoutineChange:
    """One change to one routine file, as it can be reversed."""

    what: str
    """What was done, in the person's words: "removed Bridge from 'Evening'"."""
    path: Path
    """The file the change wrote or removed."""
    before: Routine | None
    """The routine before the change; None when the change created it."""
    after: StoredRoutine | None
    """The routine as the change saved it (with the file's version then); None when deleted."""

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change has a routine before it, after it, or both")

    @property
    def kind(self) -> UndoKind:
        """What undoing this change does."""
        if self.before is None:
            return UndoKind.DELETE
        if self.after is None:
            return UndoKind.RECREATE
        return UndoKind.RESTORE


class UndoHistory:
    """The changes of this run, newest last, at most `limit` of them."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self._changes: deque[RoutineChange] = deque(maxlen=limit)

    def __len__(self) -> int:
        return len(self._changes)

    def record(self, change: RoutineChange) -> None:
        """Remember `change` as the newest; the oldest is dropped past the limit."""
        self._changes.append(change)

    def peek(self) -> RoutineChange | None:
        """The change `u` would undo next, if any."""
        return self._changes[-1] if self._changes else None

    def pop(self) -> RoutineChange | None:
        """Take the newest change off the history, to undo it."""
        return self._changes.pop() if self._changes else None

    def moved(self, old: Path, new: Path, now: StoredRoutine) -> None:
        """The routine of `old` was saved again as `new` (undoing its deletion), holding
        `now`: older changes to `old` now apply to `new`, the newest starting from `now`."""
        changes = list(self._changes)
        newest = True
        for index in range(len(changes) - 1, -1, -1):
            change = changes[index]
            if change.path != old:
                continue
            after = change.after
            if after is not None:
                after = now if newest else replace(after, path=new)
                newest = False
            changes[index] = replace(change, path=new, after=after)
        self._changes.clear()
        self._changes.extend(changes)
