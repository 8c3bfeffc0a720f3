"""What each answer to a conflict does to the person's files, and what they are told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_support import session_in_march

from tui.core.paths import DataPaths
from tui.core.store import conflicts as conflicts_module
from tui.core.store.conflicts import (
    choices,
    describe,
    find_conflicts,
    read_versions,
    resolve,
)
from tui.core.store.copies import (
    conflict_copy_name,
    is_conflict_copy,
    is_marker_line,
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


def routine_text(description: str) -> str:
    return f'name = "Desk break"\ndescription = "{description}"\n\n[[exercise]]\nid = "cobra"\n'


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
    device_log(paths).append(session_in_march(1))
    copy = paths.history / "desktop.sync-conflict-20250301-091500-ABCDEFG.jsonl"
    lines = [
        session_in_march(1),
        session_in_march(2),
        session_in_march(3),
        session_in_march(2),
    ]  # 2 twice: copied twice over
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
        json.dumps(session_in_march(1)).encode()
        + b"\n<<<<<<< HEAD\n"
        + json.dumps(session_in_march(2)).encode()
        + b"\n\xff\xfe half a line\n=======\n"  # not UTF-8: a line torn mid-character
        + json.dumps(session_in_march(3)).encode()
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


def test_a_copy_of_a_file_unknot_does_not_know_is_of_another_kind(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    (paths.root / "reminder.json").write_text('{"days": [1]}')
    copy = paths.root / "reminder.sync-conflict-20250301-091500-ABCDEFG.json"
    copy.write_text('{"days": [2]}')
    (conflict,) = find_conflicts(paths)
    assert (conflict.kind, conflict.path.name, conflict.copy) == ("other", "reminder.json", copy)
    assert (
        describe(conflict, read_versions(conflict)) == "reminder.json was changed on two machines"
    )


def test_a_copy_another_window_removed_meanwhile_is_no_error(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths.root.mkdir(parents=True)
    paths.settings.write_text('bell = "off"\n')
    copy = paths.root / "settings.sync-conflict-20250301-091500-ABCDEFG.toml"
    copy.write_text('bell = "flash"\n')
    (conflict,) = find_conflicts(paths)
    real_write = conflicts_module.atomic_write

    def and_the_other_window_answers_too(path: Path, data: bytes) -> None:
        real_write(path, data)
        copy.unlink()

    monkeypatch.setattr(conflicts_module, "atomic_write", and_the_other_window_answers_too)
    assert resolve(paths, conflict, "other") == "settings.toml now holds the other version."
    assert paths.settings.read_text() == 'bell = "flash"\n'


def test_a_marked_log_emptied_before_the_answer_stays_empty(paths: DataPaths) -> None:
    log = device_log(paths)
    log.path.parent.mkdir(parents=True, exist_ok=True)
    log.path.write_text(
        "<<<<<<< HEAD\n"
        + json.dumps(session_in_march(1))
        + "\n=======\n"
        + json.dumps(session_in_march(2))
        + "\n>>>>>>> theirs\n"
    )
    (conflict,) = find_conflicts(paths)
    log.path.write_bytes(b"")  # the person emptied it by hand meanwhile
    assert (
        resolve(paths, conflict, "clean") == f"Removed the conflict markers from {log.path.name}."
    )
    assert log.path.read_bytes() == b""


def test_a_conflict_copy_of_a_conflict_copy_is_another_version_of_the_routine(
    paths: DataPaths,
) -> None:
    # Two machines fought over a copy that was itself waiting for an answer: the newer
    # copy is compared with the routine, not with a file named after the first copy.
    paths.routines.mkdir(parents=True)
    (paths.routines / "desk-break.toml").write_text(routine_text("mine"))
    first = paths.routines / "desk-break.sync-conflict-20250301-091500-AAAAAAA.toml"
    first.write_text(routine_text("theirs"))
    second = paths.routines / (
        "desk-break.sync-conflict-20250301-091500-AAAAAAA.sync-conflict-20250302-091500-BBBBBBB.toml"
    )
    second.write_text(routine_text("theirs again"))
    found = find_conflicts(paths)
    assert [(c.path.name, c.copy) for c in found] == [
        ("desk-break.toml", second),
        ("desk-break.toml", first),
    ]
    assert [answer for answer, _ in choices(found[0], read_versions(found[0]))] == [
        "both",
        "other",
        "this",
    ]
    assert original_name("settings (Ann's conflicted copy) (Bob's conflicted copy).toml") == (
        "settings.toml"
    )


def test_a_copy_of_a_hidden_file_keeps_its_name_in_front() -> None:
    assert conflict_copy_name(".profile", "20250301-091500", "laptop-3f9a2c") == (
        ".profile.sync-conflict-20250301-091500-laptop-3f9a2c"
    )


@pytest.mark.parametrize(
    "line",
    [
        "<<<<<<<\tHEAD\n",  # git puts a space after a marker, never a tab
        ">>>>>>>X\n",
        "======= \n",  # an underline in a description, not the line between two sides
        "=======X\n",
    ],
)
def test_lines_that_only_look_like_git_markers_are_the_persons_text(line: str) -> None:
    assert not is_marker_line(line)
    text = f"<<<<<<< HEAD\nmine\n{line}=======\ntheirs\n>>>>>>> origin/main\n"
    assert split_conflict(text) == (f"mine\n{line}", "theirs\n")


def test_a_marked_file_removed_before_its_question_offers_nothing(paths: DataPaths) -> None:
    marked = paths.routines / "desk-break.toml"
    marked.parent.mkdir(parents=True)
    marked.write_text(MARKED)
    (conflict,) = find_conflicts(paths)
    marked.unlink()  # removed on the other machine, synced here meanwhile
    versions = read_versions(conflict)
    assert (versions.this, versions.other) == (None, None)
    assert choices(conflict, versions) == []
