"""The store's reading and refusing, as a person or another window would meet it.

Written against public behaviour (RoutineStore, HistoryLog, ConflictError) so that it
holds whether the store is one module or a package. Each case here was a mutant of
tui/core/store that the rest of the suite let through (`make mutation`).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tui.core.errors import ROUTINE_MAX_BYTES as MAX_FILE_BYTES
from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import checkpoint_path, load_checkpoint, save_checkpoint
from tui.core.store.files import FileVersion
from tui.core.store.history import HistoryLog, device_log
from tui.core.store.routines import ConflictError, ReadOnlyError, RoutineStore


@pytest.fixture
def store(isolated_data_dir: Path) -> RoutineStore:
    return RoutineStore(DataPaths(isolated_data_dir))


def routine(name: str = "Mine", *ids: str) -> Routine:
    return Routine(name=name, exercise=tuple(RoutineEntry(id=i) for i in ids or ("cobra",)))


def test_a_missing_routine_file_is_named(store: RoutineStore, tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    with pytest.raises(DataFileError) as caught:
        store.load(path)
    assert str(caught.value) == f"{path}: file not found"


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_only_regular_files_are_read_and_a_fifo_never_hangs(
    store: RoutineStore, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.toml"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    with pytest.raises(DataFileError) as caught:
        store.load(path)
    what = "a folder" if kind == "folder" else "a named pipe (FIFO)"
    assert str(caught.value) == f"{path}: is {what}, not a file"


def test_files_up_to_the_limit_are_read_whole_and_larger_ones_refused(
    store: RoutineStore, tmp_path: Path
) -> None:
    body = b'name = "Big"\n[[exercise]]\nid = "cobra"\n'
    exact = tmp_path / "exact.toml"
    exact.write_bytes(b"#" + b"y" * (MAX_FILE_BYTES - len(body) - 2) + b"\n" + body)
    assert exact.stat().st_size == MAX_FILE_BYTES
    assert store.load(exact).name == "Big"  # several reads of 64 KiB, joined as they were
    bigger = tmp_path / "bigger.toml"
    bigger.write_bytes(exact.read_bytes() + b"\n")
    with pytest.raises(DataFileError) as caught:
        store.load(bigger)
    assert (
        str(caught.value)
        == f"{bigger}: is too large (over 1 MB; a routine file can be at most 1 MB)"
    )


def test_the_routines_folder_cannot_be_a_file(isolated_data_dir: Path) -> None:
    paths = DataPaths(isolated_data_dir)
    paths.routines.parent.mkdir(parents=True, exist_ok=True)
    paths.routines.write_text("not a folder")
    result = RoutineStore(paths).load_all()
    assert result.routines == []
    assert [str(problem) for problem in result.problems] == [
        f"{paths.routines}: is not a folder; Unknot keeps your routines in it"
    ]


def test_hidden_and_other_files_in_the_folder_are_left_alone(store: RoutineStore) -> None:
    stored = store.create(routine("Shown"))
    folder = stored.path.parent
    (folder / ".hidden.toml").write_text('name = "Hidden"\n[[exercise]]\nid = "cobra"\n')
    (folder / "notes.txt").write_text("not a routine")
    loaded = store.load_all()
    assert [r.name for r in loaded.routines] == ["Shown"]
    assert loaded.problems == []


def test_a_starter_cannot_be_appended_to(store: RoutineStore) -> None:
    starter = store.starters()[0]
    with pytest.raises(ReadOnlyError) as caught:
        store.append_exercise(starter, RoutineEntry(id="cobra"))
    assert str(caught.value) == (f"'{starter.name}' is a starter routine; make a copy to change it")


@pytest.mark.parametrize("change", ["deleted", "unreadable", "changed"])
def test_a_conflict_says_what_happened_and_that_nothing_was_written(
    store: RoutineStore, change: str
) -> None:
    stored = store.create(routine("Mine"))
    if change == "deleted":
        stored.path.unlink()
        what = "was deleted"
    elif change == "unreadable":
        stored.path.write_text("not = [toml")
        what = "was changed and can no longer be read"
    else:
        RoutineStore(store.paths).save(stored, routine("Theirs"))
        what = "was changed (now 'Theirs')"
    with pytest.raises(ConflictError) as caught:
        store.save(stored, routine("Ours"))
    message = str(caught.value)
    assert message.startswith(f"{stored.path}: {what} by someone else")
    assert "nothing was written" in message


def test_history_lines_are_appended_whole_and_private(isolated_data_dir: Path) -> None:
    log = HistoryLog(isolated_data_dir / "deep" / "history.jsonl")
    log.append({"n": 1, "name": "Été"})
    log.append({"n": 2})
    data = log.path.read_bytes()
    assert data == '{"n":1,"name":"Été"}\n{"n":2}\n'.encode()
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    assert log.read() == [{"n": 1, "name": "Été"}, {"n": 2}]


def test_a_torn_last_line_does_not_swallow_the_next_record(isolated_data_dir: Path) -> None:
    log = HistoryLog(isolated_data_dir / "history.jsonl")
    log.append({"n": 1})
    with log.path.open("ab") as file:
        file.write(b'{"n": 2, "cut')  # a crash mid-append
    log.append({"n": 3})
    assert log.path.read_bytes().endswith(b'"cut\n{"n":3}\n')
    assert log.read() == [{"n": 1}, {"n": 3}]
    assert json.loads(log.path.read_bytes().splitlines()[-1]) == {"n": 3}


def test_a_routine_replaced_by_something_unreadable_is_a_conflict(
    store: RoutineStore,
) -> None:
    stored = store.create(routine("Mine"))
    stored.path.unlink()
    stored.path.mkdir()  # still there, but nothing that can be read
    with pytest.raises(ConflictError) as caught:
        store.save(stored, routine("Ours"))
    assert caught.value.on_disk == FileVersion(0, -1, "")  # "there, but unreadable"
    assert caught.value.theirs is None
    assert "was changed and can no longer be read" in str(caught.value)


def test_checkpoints_keep_any_text_and_refuse_what_json_cannot_hold(
    isolated_data_dir: Path,
) -> None:
    paths = DataPaths(isolated_data_dir)
    save_checkpoint(paths, {"routine": "Étirements"})
    assert "Étirements".encode() in checkpoint_path(paths).read_bytes()
    assert load_checkpoint(paths) == {"routine": "Étirements"}
    with pytest.raises(ValueError):
        save_checkpoint(paths, {"elapsed": float("nan")})
    with pytest.raises(ValueError):
        device_log(paths).append({"active_seconds": float("inf")})


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b'{"index": 3', "is not valid JSON (cut short?)"), (b"[1, 2]", "expected a JSON object")],
)
def test_an_unreadable_checkpoint_is_reported_and_kept(
    isolated_data_dir: Path, content: bytes, problem: str
) -> None:
    paths = DataPaths(isolated_data_dir)
    checkpoint_path(paths).parent.mkdir(parents=True, exist_ok=True)
    checkpoint_path(paths).write_bytes(content)
    problems: list[DataFileError] = []
    assert load_checkpoint(paths, problems=problems) is None
    assert [str(p) for p in problems] == [f"{checkpoint_path(paths)}: {problem}"]
    assert checkpoint_path(paths).read_bytes() == content


def test_a_file_that_cannot_be_opened_says_why(store: RoutineStore, tmp_path: Path) -> None:
    path = tmp_path / "loop.toml"
    path.symlink_to(path)  # opening it fails with "too many levels of symbolic links"
    with pytest.raises(DataFileError) as caught:
        store.load(path)
    assert str(caught.value) == f"{path}: cannot be read (Too many levels of symbolic links)"


def test_routine_files_that_cannot_be_read_are_problems_not_conflicts(
    store: RoutineStore,
) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / "evening.toml").mkdir()  # a folder where a routine should be
    with (store.folder / "morning.toml").open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # too large to be a routine
    result = store.load_all()
    assert result.conflicts == []
    assert sorted(Path(problem.path).name for problem in result.problems) == [
        "evening.toml",
        "morning.toml",
    ]
