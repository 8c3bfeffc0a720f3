"""What each answer to a conflict does to the person's files, and what they are told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.paths import DataPaths
from tui.core.store.conflicts import choices, find_conflicts, read_versions, resolve
from tui.core.store.copies import (
    conflict_copy_name,
    is_conflict_copy,
    original_name,
    split_conflict,
)
from tui.core.store.history import device_log, load_history, read_records
from tui.core.store.routines import RoutineStore

MARKED = """name = "Desk break"
<<<<<<< HEAD
description = "mine"
=======
description = "theirs"
>>>>>>> origin/main

[[exercise]]
id = "cobra"
"""


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def session(day: int, name: str = "Desk break") -> dict[str, object]:
    return {
        "started_at": f"2025-03-{day:02d}T08:00:00+01:00",
        "routine_name": name,
        "active_seconds": 60.0,
        "planned_seconds": 60.0,
        "finished": True,
        "exercises": [],
    }


def test_keeping_this_side_of_git_markers_leaves_a_routine_without_them(
    paths: DataPaths,
) -> None:
    marked = paths.routines / "desk-break.toml"
    marked.parent.mkdir(parents=True)
    marked.write_text(MARKED)
    (conflict,) = find_conflicts(paths)
    assert "this" in [answer for answer, _ in choices(conflict, read_versions(conflict))]
    assert resolve(paths, conflict, "this") == "Kept desk-break.toml as it was on this machine."
    assert "<<<<<<<" not in marked.read_text()
    (only,) = RoutineStore(paths).load_all().routines
    assert only.routine.description == "mine"
    assert find_conflicts(paths) == []


def test_an_answer_not_offered_is_refused_by_the_files_name(paths: DataPaths) -> None:
    marked = paths.routines / "desk-break.toml"
    marked.parent.mkdir(parents=True)
    marked.write_text(MARKED)
    (conflict,) = find_conflicts(paths)
    with pytest.raises(ValueError, match=r"desk-break\.toml"):
        resolve(paths, conflict, "merge")
    assert marked.read_text() == MARKED


def test_each_new_session_of_a_copied_log_is_added_and_counted_once(paths: DataPaths) -> None:
    device_log(paths).append(session(1))
    copy = paths.history / "desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl"
    lines = [session(1), session(2), session(3), session(2)]  # 2 twice: copied twice over
    copy.write_text("".join(json.dumps(line) + "\n" for line in lines))
    (conflict,) = find_conflicts(paths)
    assert resolve(paths, conflict, "merge") == (
        f"Added 2 sessions from {copy.name}; the copy is removed."
    )
    assert sorted(r["started_at"] for r in read_records(paths)) == [
        "2025-03-01T08:00:00+01:00",
        "2025-03-02T08:00:00+01:00",
        "2025-03-03T08:00:00+01:00",
    ]
    assert len(device_log(paths).read()) == 3


def test_git_markers_around_a_garbled_line_are_removed_and_every_session_kept(
    paths: DataPaths,
) -> None:
    log = device_log(paths)
    log.path.parent.mkdir(parents=True, exist_ok=True)
    log.path.write_bytes(
        json.dumps(session(1)).encode()
        + b"\n<<<<<<< HEAD\n"
        + json.dumps(session(2)).encode()
        + b"\n\xff\xfe half a line\n=======\n"  # not UTF-8: a line torn mid-character
        + json.dumps(session(3)).encode()
        + b"\n>>>>>>> origin/main\n"
    )
    (conflict,) = find_conflicts(paths)
    said = resolve(paths, conflict, "clean")
    assert said == f"Removed the conflict markers from {log.path.name}."
    history = load_history(paths)
    assert len(history.records) == 3
    assert history.unreadable == 1  # the garbled line is still there, still skipped
    assert find_conflicts(paths) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("settings.toml", "settings.sync-conflict-20250301-091500-laptop-3f9a2c.toml"),
        ("my.routine.toml", "my.routine.sync-conflict-20250301-091500-laptop-3f9a2c.toml"),
        ("notes", "notes.sync-conflict-20250301-091500-laptop-3f9a2c"),
    ],
)
def test_a_copy_unknot_keeps_aside_is_named_as_syncthing_names_one(
    name: str, expected: str
) -> None:
    copy = conflict_copy_name(name, "20250301-091500", "laptop-3f9a2c")
    assert copy == expected  # its type kept last, so it opens as one
    assert is_conflict_copy(copy)
    assert original_name(copy) == name


def test_markers_without_labels_split_into_both_versions() -> None:
    text = "a\n<<<<<<<\nmine\n=======\ntheirs\n>>>>>>>"  # the last line cut short
    assert split_conflict(text) == ("a\nmine\n", "a\ntheirs\n")
