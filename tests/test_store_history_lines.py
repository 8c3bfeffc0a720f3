"""The history log line by line: what the person is told when the log cannot be written,
and what is kept when some lines, or whole logs, cannot be read."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from history_support import pain_check_line, record
from hypothesis import given
from hypothesis import strategies as st

from tui.core.errors import describe_error
from tui.core.paths import DataPaths
from tui.core.store import history as history_module
from tui.core.store.device import device_id
from tui.core.store.history import (
    History,
    HistoryLog,
    device_log,
    load_history,
    migrate_legacy_history,
    read_history,
)


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def log_of(paths: DataPaths, device: str) -> HistoryLog:
    """A device's log under a name that fixes the order the logs are read in."""
    return HistoryLog(paths.history / f"{device}.jsonl")


# --------------------------------------------------------------------------- writing


def test_a_link_where_the_log_should_be_is_refused_by_name(paths: DataPaths) -> None:
    elsewhere = paths.root / "elsewhere.txt"
    paths.history.mkdir(parents=True)
    elsewhere.write_bytes(b"not yours\n")
    log = log_of(paths, "laptop-3f9a2c")
    log.path.symlink_to(elsewhere)
    with pytest.raises(OSError) as caught:
        log.append(record("2026-03-01T08:00:00+00:00"))
    assert caught.value.errno == errno.ELOOP
    assert describe_error(caught.value) == (
        f"{log.path}: is a symbolic link; Unknot does not write through links"
    )
    assert elsewhere.read_bytes() == b"not yours\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_where_the_log_should_be_is_refused_by_name(paths: DataPaths) -> None:
    paths.history.mkdir(parents=True)
    log = log_of(paths, "laptop-3f9a2c")
    os.mkfifo(log.path)
    with pytest.raises(OSError) as caught:
        log.append(record("2026-03-01T08:00:00+00:00"))
    assert caught.value.errno == errno.EINVAL
    assert describe_error(caught.value) == f"{log.path}: is a named pipe (FIFO), not a file"


# --------------------------------------------------------------------------- one log, line by line


def test_a_torn_line_among_lines_of_every_kind_loses_only_itself(paths: DataPaths) -> None:
    paths.history.mkdir(parents=True)
    log = log_of(paths, "laptop-3f9a2c")
    log.path.write_bytes(
        b'{"started_at":"2026-03-01T08:00:00+00:00","routine_name":"Morning",'
        b'"active_seconds":300.0,"planned_seconds":420.0,"finished":true,"exercises":[]}\n'
        b"   \n"  # a line of blanks, from a hand edit
        b'{"kind":"psfs","at":"2026-03-01T09:00:00+00:00","score":6}\n'
        b'{"started_at":"2026-03-02T08:00:00+00:00","routine_name":"Eve\\u001b[2Jning",'
        b'"active_seconds":300.0,"planned_seconds":420.0,"finished":true,"exercises":[]}\n'
        b'{"started_at":"2026-03-03T08:00:00+00:00","rou\n'  # the app died mid-write
        b'{"kind":"note","at":"2026-03-03T09:00:00+00:00","text":"stiff"}\n'
        b'{"started_at":"2026-03-04T08:00:00+00:00","routine_name":"Night",'
        b'"active_seconds":300.0,"planned_seconds":420.0,"finished":true,"exercises":[]}\n'
    )
    history = read_history(log.path)
    names = [session.routine_name for session in history.records]
    assert len(names) == 3
    assert names[0] == "Night" and names[2] == "Morning"
    # The escape sequence a hand edit put in a routine's name never reaches the terminal.
    assert "\x1b" not in names[1]
    assert names[1].startswith("Eve") and names[1].endswith("ning")
    assert history.entries == [
        {"kind": "psfs", "at": "2026-03-01T09:00:00+00:00", "score": 6},
        {"kind": "note", "at": "2026-03-03T09:00:00+00:00", "text": "stiff"},
    ]
    assert history.unreadable == 1


# --------------------------------------------------------------------------- every log


def test_the_same_line_in_two_logs_counts_once_whatever_the_order_of_its_keys(
    paths: DataPaths,
) -> None:
    paths.history.mkdir(parents=True)
    log_of(paths, "a-laptop").path.write_bytes(
        b'{"kind":"psfs","at":"2026-03-01T09:00:00+00:00","score":6}\n'
    )
    log_of(paths, "b-desktop").path.write_bytes(
        b'{"score":6,"at":"2026-03-01T09:00:00+00:00","kind":"psfs"}\n'
    )
    assert load_history(paths).entries == [
        {"kind": "psfs", "at": "2026-03-01T09:00:00+00:00", "score": 6}
    ]


def test_a_session_in_two_logs_counts_once_and_one_that_differs_is_kept(
    paths: DataPaths,
) -> None:
    """Sessions that start at the same moment with the same routine are one session only
    when they are the same in every field."""
    paths.history.mkdir(parents=True)
    start = "2026-03-01T08:00:00+00:00"
    log_of(paths, "a-laptop").append(record(start, pain_before=3))
    log_of(paths, "b-desktop").append(record(start, pain_before=3))
    log_of(paths, "b-desktop").append(record(start, pain_before=4))
    log_of(paths, "c-tablet").append(record(start, pain_before=4))
    assert [r.pain_before for r in load_history(paths).records] == [3, 4]


def test_torn_lines_of_every_log_are_counted(paths: DataPaths) -> None:
    for device in ("a-laptop", "b-desktop"):
        log = log_of(paths, device)
        log.append(record("2026-03-01T08:00:00+00:00", device))
        with log.path.open("ab") as handle:
            handle.write(b'{"started_at": "2026-03-0')
    history = load_history(paths)
    assert sorted(session.routine_name for session in history.records) == [
        "a-laptop",
        "b-desktop",
    ]
    assert history.unreadable == 2


def test_a_log_that_cannot_be_read_is_named_and_the_next_is_still_read(
    paths: DataPaths,
) -> None:
    paths.history.mkdir(parents=True)
    broken = log_of(paths, "a-laptop").path
    broken.mkdir()  # a folder where a log should be
    log_of(paths, "b-desktop").append(record("2026-03-01T08:00:00+00:00", "Morning"))
    history = load_history(paths)
    assert [session.routine_name for session in history.records] == ["Morning"]
    (problem,) = history.problems
    assert problem.startswith(f"{broken}: ")
    assert "folder" in problem


def test_a_history_folder_that_cannot_be_listed_still_shows_the_old_log(
    paths: DataPaths,
) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.legacy_history.write_bytes(
        b'{"started_at":"2026-03-01T08:00:00+00:00","routine_name":"Morning",'
        b'"active_seconds":300.0,"planned_seconds":420.0,"finished":true,"exercises":[]}\n'
    )
    paths.history.symlink_to(paths.history)  # listing it fails: too many levels of links
    history = load_history(paths)
    assert [session.routine_name for session in history.records] == ["Morning"]
    (problem,) = history.problems
    assert problem == f"{paths.history}: cannot be read (Too many levels of symbolic links)"


def test_a_history_folder_that_cannot_be_listed_and_no_old_log_shows_nothing(
    paths: DataPaths,
) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.history.symlink_to(paths.history)
    history = load_history(paths)
    assert history.records == []
    (problem,) = history.problems
    assert problem.startswith(f"{paths.history}: cannot be read")


def test_next_day_checks_from_every_log_are_in_the_order_they_were_asked(
    paths: DataPaths,
) -> None:
    # The log read first holds the later answer.
    log_of(paths, "a-laptop").append(pain_check_line("2026-03-03T08:00:00+00:00", "worse"))
    log_of(paths, "b-desktop").append(pain_check_line("2026-03-02T08:00:00+00:00", "better"))
    assert [c.answer for c in load_history(paths).checks] == ["better", "worse"]


# --------------------------------------------------------------------------- moving the old log

OLD_LOG = (
    b'{"started_at":"2025-03-01T08:00:00+01:00","routine_name":"Morning",'
    b'"active_seconds":300.0,"planned_seconds":420.0,"finished":true,"exercises":[]}\n'
)


def test_a_log_synced_in_while_moving_the_old_one_is_kept_beside_it(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.legacy_history.write_bytes(OLD_LOG)
    paths.history.mkdir()
    arrived = paths.history / f"{device_id(paths)}.jsonl"
    link = os.link

    def sync_arrives_first(source: object, target: object, **options: object) -> None:
        if Path(str(target)) == arrived and not arrived.exists():
            arrived.write_bytes(b"another machine's\n")  # a sync tool got there first
            raise FileExistsError(errno.EEXIST, "File exists", str(target))
        link(source, target, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", sync_arrives_first)
    moved = migrate_legacy_history(paths)
    assert moved == paths.history / f"{device_id(paths)}-2.jsonl"
    assert moved.read_bytes() == OLD_LOG
    assert arrived.read_bytes() == b"another machine's\n"
    assert not paths.legacy_history.exists()


def test_without_hard_links_the_old_log_is_moved_whole(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.legacy_history.write_bytes(OLD_LOG)

    def no_hard_links(*args: object, **options: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    moved = migrate_legacy_history(paths)
    assert moved == paths.history / f"{device_id(paths)}.jsonl"
    assert moved.read_bytes() == OLD_LOG
    assert not paths.legacy_history.exists()
    assert [session.routine_name for session in load_history(paths).records] == ["Morning"]


def test_an_old_log_that_is_a_link_never_lets_a_write_reach_the_file_it_points_to(
    paths: DataPaths,
) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    elsewhere = paths.root.parent / "elsewhere.jsonl"
    elsewhere.write_bytes(OLD_LOG)
    paths.legacy_history.symlink_to(elsewhere)
    with contextlib.suppress(OSError):  # refused: the log is a link
        device_log(paths).append(record("2025-03-02T08:00:00+01:00", "Evening"))
    assert elsewhere.read_bytes() == OLD_LOG


def test_a_log_with_a_torn_line_reads_the_same_here_and_in_a_fresh_process(
    paths: DataPaths,
) -> None:
    # In a new process: the readers' decoders are made on first use, not found made.
    log = log_of(paths, "laptop-3f9a2c")
    log.append(record("2026-03-01T08:00:00+00:00"))
    log.append(record("2026-03-02T08:00:00+00:00"))
    other = log_of(paths, "phone-0a1b2c")
    other.append(record("2026-03-03T08:00:00+00:00"))
    with other.path.open("ab") as handle:
        handle.write(b'{"started_at":"2026-03-04T08:00:00+00:00","rou\n')
    here = load_history(paths)  # in this process too, where the decoders may be made already
    assert ([r.started_at[:10] for r in here.records], here.unreadable) == (
        ["2026-03-03", "2026-03-02", "2026-03-01"],
        1,
    )
    code = (
        "import sys; from pathlib import Path; from tui.core.paths import DataPaths; "
        "from tui.core.store.history import load_history; "
        "history = load_history(DataPaths(Path(sys.argv[1]))); "
        "print([r.started_at[:10] for r in history.records], history.unreadable)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(paths.root)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['2026-03-03', '2026-03-02', '2026-03-01'] 1\n"


def test_a_log_that_is_a_link_is_not_read_through(paths: DataPaths) -> None:
    elsewhere = paths.root / "elsewhere.jsonl"
    paths.history.mkdir(parents=True)
    HistoryLog(elsewhere).append(record("2026-03-01T08:00:00+00:00", "Not mine"))
    link = log_of(paths, "laptop-3f9a2c").path
    link.symlink_to(elsewhere)
    history = load_history(paths)
    assert history.records == []
    assert history.problems == [
        f"{link}: is a symbolic link; Unknot does not follow links to a file"
    ]


def test_a_log_larger_than_the_history_may_be_says_so(paths: DataPaths) -> None:
    paths.history.mkdir(parents=True)
    huge = log_of(paths, "laptop-3f9a2c").path
    with huge.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: nothing is written
    (problem,) = load_history(paths).problems
    assert problem == f"{huge}: is too large (over 64 MB; the history can be at most 64 MB)"


def test_a_log_that_does_not_exist_holds_nothing(paths: DataPaths) -> None:
    missing = read_history(log_of(paths, "laptop-3f9a2c").path)
    assert (missing.records, missing.unreadable, missing.entries) == ([], 0, [])
    assert log_of(paths, "laptop-3f9a2c").read() == []


def test_next_day_checks_that_cannot_be_read_are_each_counted(paths: DataPaths) -> None:
    paths.history.mkdir(parents=True)
    log_of(paths, "laptop-3f9a2c").path.write_bytes(
        b'{"started_at":"2026-03-01T08:00:00+00:00","rou\n'  # torn
        b'{"kind":"pain_check","asked_at":"2026-03-02T09:00:00+00:00"}\n'  # no answer
        b'{"kind":"pain_check","answer":"much worse than ever"}\n'
    )
    history = load_history(paths)
    assert (history.checks, history.unreadable) == ([], 3)


def test_a_line_is_written_whole_where_the_system_writes_a_few_bytes_at_a_time(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    log = log_of(paths, "laptop-3f9a2c")
    log.append(record("2026-03-01T08:00:00+00:00", "Morning"))
    log.append(record("2026-03-02T08:00:00+00:00", "Evening"))
    monkeypatch.undo()
    assert [line["routine_name"] for line in log.read()] == ["Morning", "Evening"]


# --------------------------------------------------------------------------- the fast path

_LINES = [
    json.dumps(record("2026-03-01T08:00:00+00:00")),
    json.dumps(record("2026-03-02T08:00:00+00:00", "Bedtime wind-down", pain_before=3)),
    json.dumps(record("2026-03-03T08:00:00+00:00", "kind")),  # says "kind": a closer look
    json.dumps({"kind": "safety", "at": "2026-03-01T07:00:00+00:00", "answers": {}}),
    json.dumps(pain_check_line("2026-03-02T09:00:00+00:00", "better")),
    '{"started_at": "2026-03-04T08:00:00+00:00", "routine_na',  # torn
    "",
    "   ",
    "\r",
    # Not one value a line: unreadable line by line, so not read by the fast path either.
    json.dumps(record("2026-03-05T08:00:00+00:00")) * 2,
    json.dumps(record("2026-03-06T08:00:00+00:00")) + "\r" + json.dumps(record("2026-03-07")),
    json.dumps(record("2026-03-08T08:00:00+00:00"), indent=1),
]
#: Lines the fast path reads itself, without the closer look.
_PLAIN_LINES = [_LINES[0], _LINES[1], _LINES[3], _LINES[4]]


@given(
    lines=st.lists(st.sampled_from(_LINES), max_size=12),
    end=st.sampled_from(["", "\n", "\n\n"]),
)
def test_the_fast_read_gives_what_the_line_by_line_read_gives(
    lines: list[str], end: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Sessions decoded in runs between the other kinds' lines, as the line-by-line read
    decodes them: whatever the order, blank lines and the last line's newline."""
    path = tmp_path_factory.mktemp("log") / "device.jsonl"
    data = ("\n".join(lines) + end).encode()
    path.write_bytes(data)
    fast = history_module._read_log(path)
    slow = History()
    history_module._read_each(data.split(b"\n"), slow)
    assert fast.records == slow.records
    assert fast.entries == slow.entries
    assert fast.unreadable == slow.unreadable


@given(
    lines=st.lists(st.sampled_from(_PLAIN_LINES), max_size=12),
    end=st.sampled_from(["", "\n"]),
)
def test_a_log_of_whole_lines_is_read_by_the_fast_path(lines: list[str], end: str) -> None:
    data = ("\n".join(lines) + end).encode() if lines else b""
    fast, slow = History(), History()
    assert history_module._read_fast(data, fast, clean=False)
    history_module._read_each(data.split(b"\n"), slow)
    assert (fast.records, fast.entries) == (slow.records, slow.entries)
