"""Conflict copies and git conflict markers: recognised, never loaded silently, never
deleted without the person's answer, and resolved without losing a version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_support import session_in_march

from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.conflicts import Conflict, choices, find_conflicts, read_versions, resolve
from tui.core.store.copies import (
    conflict_copy_name,
    has_conflict_markers,
    is_conflict_copy,
    original_name,
    split_conflict,
)
from tui.core.store.history import device_log, load_history, read_records
from tui.core.store.routines import RoutineStore, routine_file_text

DESK = Routine(name="Desk break", exercise=(RoutineEntry(id="cobra"),))
DESK_THEIRS = Routine(
    name="Desk break", description="theirs", exercise=(RoutineEntry(id="bridge"),)
)


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


@pytest.mark.parametrize(
    ("name", "original"),
    [
        ("desk-break.sync-conflict-20250301-091500-ABCDEFG.toml", "desk-break.toml"),
        ("desk-break (Ann's conflicted copy 2025-03-01).toml", "desk-break.toml"),
        ("desk-break (conflicted copy 2025-03-01 091500).toml", "desk-break.toml"),
        ("settings.sync-conflict-20250301-091500-laptop-3f9a2c.toml", "settings.toml"),
        ("laptop-3f9a2c.sync-conflict-20250301-091500-XYZ1234.jsonl", "laptop-3f9a2c.jsonl"),
    ],
)
def test_conflict_copies_are_recognised(name: str, original: str) -> None:
    assert is_conflict_copy(name)
    assert original_name(name) == original


@pytest.mark.parametrize("name", ["desk-break.toml", "conflict.toml", "my copy.toml", "sync.toml"])
def test_ordinary_names_are_not_copies(name: str) -> None:
    assert not is_conflict_copy(name)


def test_unknots_own_copy_names_are_recognised() -> None:
    name = conflict_copy_name("settings.toml", "20250301-091500", "laptop-3f9a2c")
    assert name == "settings.sync-conflict-20250301-091500-laptop-3f9a2c.toml"
    assert is_conflict_copy(name) and original_name(name) == "settings.toml"


MARKED = """name = "Desk break"
<<<<<<< HEAD
description = "mine"
||||||| base
description = "before"
=======
description = "theirs"
>>>>>>> origin/main

[[exercise]]
id = "cobra"
"""


def test_git_markers_split_into_both_versions() -> None:
    assert split_conflict(MARKED) == (
        'name = "Desk break"\ndescription = "mine"\n\n[[exercise]]\nid = "cobra"\n',
        'name = "Desk break"\ndescription = "theirs"\n\n[[exercise]]\nid = "cobra"\n',
    )
    assert has_conflict_markers(MARKED.encode())
    # Not a complete set: a line that merely looks like a marker.
    assert split_conflict('name = "x"\n<<<<<<< HEAD\nid = 1\n') is None
    assert not has_conflict_markers(b'note = "======="\n')


def write_routine(path: Path, routine: Routine) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(routine_file_text(routine), encoding="utf-8")


def test_copies_and_marked_files_are_never_loaded_as_routines(paths: DataPaths) -> None:
    store = RoutineStore(paths)
    stored = store.create(DESK)
    copy = stored.path.with_name("desk-break.sync-conflict-20250301-091500-ABCDEFG.toml")
    write_routine(copy, DESK_THEIRS)
    marked = paths.routines / "evening.toml"
    marked.write_text(MARKED)
    result = store.load_all()
    assert [r.name for r in result.routines] == ["Desk break"]
    assert sorted(result.conflicts) == sorted([copy, marked])
    assert result.problems == []  # not "unreadable": waiting for a choice


def test_find_conflicts_everywhere_in_the_data_folder(paths: DataPaths) -> None:
    write_routine(paths.routines / "desk-break.toml", DESK)
    write_routine(paths.routines / "desk-break (Ann's conflicted copy).toml", DESK_THEIRS)
    (paths.routines / "evening.toml").write_text(MARKED)
    paths.settings.write_text('<<<<<<< HEAD\nbell = "off"\n=======\nbell = "flash"\n>>>>>>> x\n')
    (paths.root / "settings.sync-conflict-20250301-091500-ABCDEFG.toml").write_text("bell='off'")
    log = device_log(paths)
    log.append({"started_at": "2025-03-01T08:00:00+01:00"})
    (paths.history / "desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl").write_text("{}\n")
    (paths.root / "history.sync-conflict-20250301-091500-ABCDEFG.jsonl").write_text("{}\n")
    found = {(c.kind, c.path.name, c.copy.name if c.copy else None) for c in find_conflicts(paths)}
    assert found == {
        ("routine", "desk-break.toml", "desk-break (Ann's conflicted copy).toml"),
        ("routine", "evening.toml", None),
        ("settings", "settings.toml", None),
        ("settings", "settings.toml", "settings.sync-conflict-20250301-091500-ABCDEFG.toml"),
        ("history", "desktop.jsonl", "desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl"),
        ("history", "history.jsonl", "history.sync-conflict-20250301-091500-ABCDEFG.jsonl"),
    }


def test_conflicts_are_asked_about_in_the_order_of_their_files(paths: DataPaths) -> None:
    (paths.routines / "notes").mkdir(parents=True)  # a folder and a text file sorted first
    (paths.routines / "a-list.txt").write_text("what to try next week\n")
    write_routine(paths.routines / "desk-break.toml", DESK)
    write_routine(paths.routines / "desk-break.sync-conflict-20250301-091500-ABCDEFG.toml", DESK)
    device_log(paths).append({"started_at": "2025-03-01T08:00:00+01:00"})
    (paths.history / "desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl").write_text("{}\n")
    assert [c.shown.relative_to(paths.root).as_posix() for c in find_conflicts(paths)] == [
        "history/desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl",
        "routines/desk-break.sync-conflict-20250301-091500-ABCDEFG.toml",
    ]


def test_a_sync_tools_hidden_file_is_not_a_conflict_to_ask_about(paths: DataPaths) -> None:
    # Syncthing downloads a copy under a hidden temporary name before it is one.
    paths.root.mkdir(parents=True)
    (paths.root / ".syncthing.settings.sync-conflict-20250301-091500-ABCDEFG.toml.tmp").write_text(
        'bell = "off"\n'
    )
    assert find_conflicts(paths) == []


def test_git_markers_behind_a_link_are_not_read(paths: DataPaths, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(MARKED)
    paths.routines.mkdir(parents=True)
    (paths.routines / "evening.toml").symlink_to(elsewhere)
    assert find_conflicts(paths) == []


def routine_copy(paths: DataPaths) -> Conflict:
    write_routine(paths.routines / "desk-break.toml", DESK)
    copy = paths.routines / "desk-break.sync-conflict-20250301-091500-ABCDEFG.toml"
    write_routine(copy, DESK_THEIRS)
    (conflict,) = find_conflicts(paths)
    return conflict


def test_keep_both_makes_the_other_version_a_routine_of_its_own(paths: DataPaths) -> None:
    conflict = routine_copy(paths)
    assert [value for value, _ in choices(conflict, read_versions(conflict))] == [
        "both",
        "other",
        "this",
    ]
    message = resolve(paths, conflict, "both")
    assert "Desk break (other version)" in message
    routines = {r.name: r.routine for r in RoutineStore(paths).load_all().routines}
    assert routines == {"Desk break": DESK, "Desk break (other version)": _named(DESK_THEIRS)}
    assert conflict.copy is not None and not conflict.copy.exists()
    assert find_conflicts(paths) == []


def _named(routine: Routine, name: str = "Desk break (other version)") -> Routine:
    from msgspec.structs import replace

    return replace(routine, name=name)


def test_use_the_other_version_or_keep_this_one(paths: DataPaths) -> None:
    conflict = routine_copy(paths)
    resolve(paths, conflict, "other")
    (only,) = RoutineStore(paths).load_all().routines
    assert only.routine == DESK_THEIRS
    conflict = routine_copy(paths)
    resolve(paths, conflict, "this")
    (only,) = RoutineStore(paths).load_all().routines
    assert only.routine == DESK


def test_git_markers_in_a_routine_keep_both_sides(paths: DataPaths) -> None:
    marked = paths.routines / "desk-break.toml"
    marked.parent.mkdir(parents=True)
    marked.write_text(MARKED)
    (conflict,) = find_conflicts(paths)
    resolve(paths, conflict, "both")
    routines = {r.name: r.routine.description for r in RoutineStore(paths).load_all().routines}
    assert routines == {"Desk break": "mine", "Desk break (other version)": "theirs"}


def test_an_unreadable_copy_offers_nothing_and_stays(paths: DataPaths) -> None:
    write_routine(paths.routines / "desk-break.toml", DESK)
    copy = paths.routines / "desk-break.sync-conflict-20250301-091500-ABCDEFG.toml"
    copy.write_text("this is not = = toml")
    (conflict,) = find_conflicts(paths)
    assert choices(conflict, read_versions(conflict)) == []
    with pytest.raises(ValueError):
        resolve(paths, conflict, "this")
    assert copy.exists()


def test_a_copied_log_adds_its_sessions_once(paths: DataPaths) -> None:
    device_log(paths).append(session_in_march(1))
    copy = paths.history / "desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl"
    copy.write_text(json.dumps(session_in_march(1)) + "\n" + json.dumps(session_in_march(2)) + "\n")
    (conflict,) = find_conflicts(paths)
    assert load_history(paths).records[0].started_at.startswith("2025-03-01")  # not read yet
    assert resolve(paths, conflict, "merge").startswith("Added 1 session")
    assert sorted(r["started_at"] for r in read_records(paths)) == [
        "2025-03-01T08:00:00+01:00",
        "2025-03-02T08:00:00+01:00",
    ]
    assert not copy.exists()


def test_a_copied_log_with_unreadable_lines_is_kept(paths: DataPaths) -> None:
    device_log(paths).append(session_in_march(1))
    copy = paths.history / "desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl"
    copy.write_text(json.dumps(session_in_march(2)) + "\nhalf a line\n")
    (conflict,) = find_conflicts(paths)
    assert "it is kept" in resolve(paths, conflict, "merge")
    assert copy.exists() and len(read_records(paths)) == 2


def test_git_markers_in_a_log_are_removed_and_every_session_kept(paths: DataPaths) -> None:
    log = device_log(paths)
    log.path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(session_in_march(1)),
        "<<<<<<< HEAD",
        json.dumps(session_in_march(2)),
        "=======",
        json.dumps(session_in_march(3)),
        ">>>>>>> origin/main",
    ]
    log.path.write_text("\n".join(lines) + "\n")
    (conflict,) = find_conflicts(paths)
    resolve(paths, conflict, "clean")
    assert load_history(paths).unreadable == 0
    assert len(load_history(paths).records) == 3
    assert find_conflicts(paths) == []


def test_the_new_core_modules_import_neither_textual_nor_rich() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui.core.sync, tui.core.remind, tui.core.status, tui.core.store.device, "
        "tui.core.store.conflicts, tui.core.store.copies; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
