"""The builder's undo history: what undoing each kind of change does, in what order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.routine import Routine, RoutineEntry
from tui.core.store import StoredRoutine
from tui.core.undo import RoutineChange, UndoHistory, UndoKind

EVENING = Path("/data/routines/evening.toml")
NIGHT = Path("/data/routines/night.toml")


def routine(*ids: str, name: str = "Evening") -> Routine:
    return Routine(name=name, exercise=tuple(RoutineEntry(id=i) for i in ids))


def stored(r: Routine, path: Path = EVENING) -> StoredRoutine:
    return StoredRoutine(r, path, None)


def edit(what: str, before: Routine, after: Routine, path: Path = EVENING) -> RoutineChange:
    return RoutineChange(what, path, before, stored(after, path))


def test_each_change_says_what_undoing_it_does() -> None:
    r = routine("bridge")
    assert edit("moved", r, r).kind is UndoKind.RESTORE
    assert RoutineChange("created", EVENING, None, stored(r)).kind is UndoKind.DELETE
    assert RoutineChange("deleted", EVENING, r, None).kind is UndoKind.RECREATE
    with pytest.raises(ValueError):
        RoutineChange("nothing", EVENING, None, None)


def test_undo_takes_back_the_newest_change_first_several_steps() -> None:
    history = UndoHistory()
    assert history.pop() is None and history.peek() is None
    first, second, third = routine("a"), routine("a", "b"), routine("b")
    history.record(edit("added b", first, second))
    history.record(edit("removed a", second, third))
    history.record(RoutineChange("deleted 'Evening'", EVENING, third, None))
    assert len(history) == 3
    assert history.peek() is not None and history.peek().what == "deleted 'Evening'"
    undone = [history.pop() for _ in range(3)]
    assert [c.what for c in undone if c] == ["deleted 'Evening'", "removed a", "added b"]
    assert [c.before for c in undone if c] == [third, second, first]
    assert history.pop() is None


def test_the_oldest_changes_go_first_past_the_limit() -> None:
    history = UndoHistory(limit=2)
    for count in range(1, 4):
        history.record(edit(f"step {count}", routine(), routine(*("x" * count))))
    assert len(history) == 2
    assert [history.pop().what, history.pop().what] == ["step 3", "step 2"]  # type: ignore[union-attr]


def test_a_routine_saved_again_under_another_file_keeps_its_older_changes() -> None:
    """Undoing a delete may re-create the routine in a new file: the edits made before the
    delete then undo in that file, starting from what it holds."""
    history = UndoHistory()
    first, second = routine("a"), routine("a", "b")
    history.record(edit("added a", routine(), first))
    history.record(edit("added b", first, second))
    history.record(edit("renamed", routine(name="Night"), routine(name="Day"), NIGHT))
    history.record(RoutineChange("deleted 'Evening'", EVENING, second, None))
    deleted = history.pop()
    assert deleted is not None and deleted.kind is UndoKind.RECREATE
    again = Path("/data/routines/evening-2.toml")
    now = StoredRoutine(second, again, None)
    history.moved(EVENING, again, now)
    night = history.pop()
    assert night is not None and night.path == NIGHT  # another routine: untouched
    newest = history.pop()
    assert newest is not None and (newest.path, newest.after) == (again, now)
    oldest = history.pop()
    assert oldest is not None and oldest.path == again
    assert oldest.after is not None and oldest.after.path == again
    assert oldest.after.routine == first
