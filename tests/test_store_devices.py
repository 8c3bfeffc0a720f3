"""One history log and one checkpoint per device, merged on read; the old single log moved
into place on first start with nothing lost."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from hashlib import sha256
from pathlib import Path

import pytest
from history_support import record
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.paths import DataPaths
from tui.core.store.checkpoint import checkpoint_path, load_checkpoint, save_checkpoint
from tui.core.store.device import device_id
from tui.core.store.history import (
    HistoryLog,
    device_log,
    history_files,
    load_history,
    migrate_legacy_history,
    read_records,
)


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


# --------------------------------------------------------------------------- device id


def test_device_id_is_made_once_per_data_folder_and_kept_outside_it(
    tmp_path: Path, paths: DataPaths
) -> None:
    first = device_id(paths)
    assert first == device_id(paths) == device_id(DataPaths(paths.root))
    other = device_id(DataPaths(tmp_path / "elsewhere"))
    assert other != first
    # Kept in this machine's state folder, never in the data folder a sync tool copies.
    state = tmp_path / "unknot-state" / "devices"
    assert any(first in entry.read_text() for entry in state.iterdir())
    assert not paths.root.exists()
    # File-name safe: it names the device's log and checkpoint.
    assert device_log(paths).path.name == f"{first}.jsonl"
    assert checkpoint_path(paths).parent == paths.sessions


def test_device_id_is_read_back_by_a_new_process(tmp_path: Path, paths: DataPaths) -> None:
    import subprocess
    import sys

    code = (
        "from tui.core.paths import DataPaths; from tui.core.store.device import device_id; "
        f"print(device_id(DataPaths(__import__('pathlib').Path({str(paths.root)!r}))))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert runs == {device_id(paths)}


def test_a_state_folder_that_cannot_be_written_still_gives_a_stable_id(
    tmp_path: Path, paths: DataPaths
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be")
    first = device_id(paths, state_dir=blocked)
    assert first == device_id(DataPaths(paths.root), state_dir=blocked)
    assert first != device_id(DataPaths(tmp_path / "other"), state_dir=blocked)


def test_a_garbled_id_file_is_replaced(
    tmp_path: Path, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.store import device

    state = tmp_path / "state"
    first = device_id(paths, state_dir=state)
    (entry,) = [e for e in (state / "devices").iterdir() if not e.name.startswith(".")]
    entry.write_text("../../etc/passwd\n")
    monkeypatch.setattr(device, "_known", {})  # as a new process would start
    fresh = device_id(paths, state_dir=state)
    assert fresh != first and "/" not in fresh
    assert entry.read_text().startswith(f"{fresh}\n")


def test_an_unusable_id_file_made_by_another_process_meanwhile_falls_back_to_the_host(
    tmp_path: Path, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.store import device
    from tui.core.store.files import StoreError

    def another_process_wrote_first(folder: Path, names: Iterator[str], data: bytes) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / next(names)).write_bytes(b"\xff\xfe not an id\n")
        raise StoreError("taken")

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be")
    from_the_host = device_id(paths, state_dir=blocked)
    monkeypatch.setattr(device, "create_new", another_process_wrote_first)
    assert device_id(paths, state_dir=tmp_path / "state") == from_the_host


def test_an_id_kept_by_an_earlier_run_is_found_under_the_same_name(
    tmp_path: Path, paths: DataPaths
) -> None:
    # The id file is named after the data folder, the same way by every version.
    root = paths.root.absolute()
    kept = tmp_path / "state" / "devices" / sha256(os.fsencode(root)).hexdigest()[:16]
    kept.parent.mkdir(parents=True)
    kept.write_text(f"laptop-3f9a2c\n{root}\n")
    assert device_id(paths, state_dir=tmp_path / "state") == "laptop-3f9a2c"


def id_file(tmp_path: Path, paths: DataPaths) -> Path:
    return (
        tmp_path / "state" / "devices" / sha256(os.fsencode(paths.root.absolute())).hexdigest()[:16]
    )


def test_an_id_file_that_is_a_link_is_not_trusted_and_is_replaced(
    tmp_path: Path, paths: DataPaths
) -> None:
    # A link could make two data folders (or two machines) share one id, and one log.
    shared = tmp_path / "someone-elses-id"
    shared.write_text("desktop-0b1c2d\n")
    link = id_file(tmp_path, paths)
    link.parent.mkdir(parents=True)
    link.symlink_to(shared)
    made = device_id(paths, state_dir=tmp_path / "state")
    assert made != "desktop-0b1c2d"
    assert not link.is_symlink() and link.read_text().startswith(f"{made}\n")
    assert shared.read_text() == "desktop-0b1c2d\n"


@pytest.mark.parametrize("text", ["", "my laptop\n"])
def test_an_empty_or_hand_written_id_file_is_replaced(
    tmp_path: Path, paths: DataPaths, text: str
) -> None:
    path = id_file(tmp_path, paths)
    path.parent.mkdir(parents=True)
    path.write_text(text)
    made = device_id(paths, state_dir=tmp_path / "state")
    assert " " not in made and made not in {"my", "laptop"}
    assert path.read_text().startswith(f"{made}\n")


@pytest.mark.parametrize(("size", "kept"), [(4096, True), (4097, False)])
def test_an_id_file_of_more_than_4_kb_is_not_one_unknot_wrote(
    tmp_path: Path, paths: DataPaths, size: int, kept: bool
) -> None:
    path = id_file(tmp_path, paths)
    path.parent.mkdir(parents=True)
    text = f"laptop-3f9a2c\n{paths.root.absolute()}\n"
    path.write_text(text + "#" * (size - len(text.encode())))
    assert (device_id(paths, state_dir=tmp_path / "state") == "laptop-3f9a2c") is kept


def test_an_id_from_the_host_is_its_name_and_six_hex_digits(
    tmp_path: Path, paths: DataPaths
) -> None:
    from tui.core.store.device import host_label

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be")
    assert re.fullmatch(
        rf"{re.escape(host_label())}-[0-9a-f]{{6}}", device_id(paths, state_dir=blocked)
    )


# --------------------------------------------------------------------------- migration


LEGACY = (
    json.dumps(record("2025-03-01T08:00:00+01:00", "Morning"))
    + "\nnot json at all\n"
    + json.dumps(record("2025-03-02T08:00:00+01:00", "Evening"))
    + "\n"
    + json.dumps(record("2025-03-03T08:00:00+01:00", "Torn"))[:30]  # cut by a crash
).encode()


def write_legacy(paths: DataPaths, data: bytes = LEGACY) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.legacy_history.write_bytes(data)


def test_the_old_single_log_is_read_before_any_write(paths: DataPaths) -> None:
    write_legacy(paths)
    history = load_history(paths)
    assert [r.routine_name for r in history.records] == ["Evening", "Morning"]
    assert history.unreadable == 2
    assert paths.legacy_history.read_bytes() == LEGACY  # reading never moves anything
    assert not paths.history.exists()


def test_first_write_moves_the_old_log_byte_for_byte_and_loses_nothing(
    paths: DataPaths,
) -> None:
    write_legacy(paths)
    before = load_history(paths)
    device_log(paths).append(record("2025-03-04T08:00:00+01:00", "New"))
    assert not paths.legacy_history.exists()
    moved = paths.history / f"{device_id(paths)}.jsonl"
    data = moved.read_bytes()
    # The old bytes, untouched, then the new record on a line of its own.
    assert data.startswith(LEGACY)
    assert (
        data[len(LEGACY) :]
        == b"\n"
        + json.dumps(record("2025-03-04T08:00:00+01:00", "New"), separators=(",", ":")).encode()
        + b"\n"
    )
    after = load_history(paths)
    assert after.records[1:] == before.records
    assert after.records[0].routine_name == "New"
    assert after.unreadable == before.unreadable


def test_a_migration_cut_off_after_the_link_is_finished_without_duplicates(
    paths: DataPaths,
) -> None:
    write_legacy(paths)
    paths.history.mkdir()
    os.link(paths.legacy_history, paths.history / f"{device_id(paths)}.jsonl")  # then: crash
    assert len(load_history(paths).records) == 2  # one session read from two names is one
    migrate_legacy_history(paths)
    assert not paths.legacy_history.exists()
    assert [p.name for p in history_files(paths)] == [f"{device_id(paths)}.jsonl"]
    assert len(load_history(paths).records) == 2


def test_an_old_log_written_again_after_the_move_is_moved_beside_it(paths: DataPaths) -> None:
    device_log(paths).append(record("2025-03-04T08:00:00+01:00", "New"))
    write_legacy(paths)  # an older Unknot (another machine, via a sync tool) wrote it again
    device_log(paths).append(record("2025-03-05T08:00:00+01:00", "Newer"))
    names = sorted(p.name for p in history_files(paths))
    assert names == [f"{device_id(paths)}-2.jsonl", f"{device_id(paths)}.jsonl"]
    assert [r.routine_name for r in load_history(paths).records] == [
        "Newer",
        "New",
        "Evening",
        "Morning",
    ]


def test_the_old_checkpoint_is_taken_over_by_this_device(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.legacy_checkpoint.write_text('{"version": 1, "step": 3}')
    assert load_checkpoint(paths) == {"version": 1, "step": 3}
    assert not paths.legacy_checkpoint.exists()
    assert checkpoint_path(paths).exists()


def test_each_device_keeps_its_own_checkpoint(tmp_path: Path, paths: DataPaths) -> None:
    save_checkpoint(paths, {"mine": True})
    # The other machine's checkpoint arrives through a sync tool: not ours to resume.
    (paths.sessions / "desktop-000000.json").write_text('{"theirs": true}')
    assert load_checkpoint(paths) == {"mine": True}


# --------------------------------------------------------------------------- merging


def test_logs_of_every_device_merge_newest_first_each_session_once(paths: DataPaths) -> None:
    device_log(paths).append(record("2025-03-02T09:00:00+01:00", "Laptop"))
    paths.history.joinpath("desktop-1a2b3c.jsonl").write_text(
        json.dumps(record("2025-03-02T07:30:00-01:00", "Desktop"))
        + "\n"  # 09:30 +01:00
        + json.dumps(record("2025-03-02T09:00:00+01:00", "Laptop"))
        + "\n"  # copied twice
    )
    history = load_history(paths)
    assert [r.routine_name for r in history.records] == ["Desktop", "Laptop"]
    assert len(read_records(paths)) == 2


def test_conflict_copies_and_hidden_files_are_not_read_as_logs(paths: DataPaths) -> None:
    device_log(paths).append(record("2025-03-02T09:00:00+01:00", "Laptop"))
    for name in (
        "desktop.sync-conflict-20250302-101500-ABCDEFG.jsonl",
        "desktop (Ann's conflicted copy 2025-03-02).jsonl",
        ".desktop.jsonl.x1y2.tmp",
        ".desktop.jsonl",  # hidden: a sync tool's, or one the person hid
    ):
        paths.history.joinpath(name).write_text(json.dumps(record("2025-01-01T00:00:00Z")) + "\n")
    assert [p.name for p in history_files(paths)] == [f"{device_id(paths)}.jsonl"]
    assert [r.routine_name for r in load_history(paths).records] == ["Laptop"]


sessions = st.lists(
    st.builds(
        lambda day, minute, name: record(f"2025-03-{day:02d}T08:{minute:02d}:00+01:00", name),
        st.integers(1, 28),
        st.integers(0, 59),
        st.sampled_from(["Desk break", "Morning", "Évening ✓"]),
    ),
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(sessions, st.lists(st.integers(0, 2), max_size=40), st.booleans())
def test_any_spread_over_devices_reads_back_as_the_same_sessions(
    tmp_path_factory: pytest.TempPathFactory,
    records: list[dict[str, object]],
    devices: list[int],
    legacy: bool,
) -> None:
    paths = DataPaths(tmp_path_factory.mktemp("data"))
    paths.history.mkdir()
    if legacy:
        write_legacy(paths, b"".join(json.dumps(r).encode() + b"\n" for r in records[:3]))
    for index, item in enumerate(records):
        for copy in range(1 + (index % 2)):  # some sessions reach two logs
            device = devices[(index + copy) % len(devices)] if devices else copy
            HistoryLog(paths.history / f"device-{device}.jsonl").append(item)
    expected = {json.dumps(r, sort_keys=True) for r in records}
    assert {json.dumps(r, sort_keys=True) for r in read_records(paths)} == expected
    assert len(read_records(paths)) == len(expected)
    assert len(load_history(paths).records) == len(expected)


# --------------------------------------------------------------------------- the machine's name


@pytest.mark.parametrize(
    ("host", "label"),
    [
        ("Anns-MacBook-Pro.local", "anns-macbook-pro"),  # the domain is left out
        ("workstation-of-the-physio-clinic", "workstation-of-the-p"),  # kept short
        ("", "device"),  # no host name at all
        ("_.lan", "device"),  # nothing of it fits in a file name
    ],
)
def test_each_log_is_named_after_the_machine_that_writes_it(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, host: str, label: str
) -> None:
    monkeypatch.setattr("socket.gethostname", lambda: host)
    name = device_log(paths).path.name
    assert name.startswith(f"{label}-")
    assert len(name) == len(f"{label}-3f9a2c.jsonl")


def test_a_machine_whose_name_cannot_be_read_is_a_device(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_name() -> str:
        raise OSError("no host name")

    monkeypatch.setattr("socket.gethostname", no_name)
    assert device_log(paths).path.name.startswith("device-")


def test_the_id_file_says_which_data_folder_it_is_for(tmp_path: Path, paths: DataPaths) -> None:
    device = device_id(paths)
    folder = tmp_path / "unknot-state" / "devices"
    (entry,) = (path for path in folder.iterdir() if not path.name.startswith("."))
    assert entry.read_text() == f"{device}\n{paths.root.absolute()}\n"
