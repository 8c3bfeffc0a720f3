"""HistoryReader: the logs read again only when one has changed, come or gone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.history_support import record
from tui.core.paths import DataPaths
from tui.core.store import history as history_module
from tui.core.store.history import History, HistoryLog, HistoryReader, device_log


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[History]:
    """Every History that `load_history` made, in order."""
    made: list[History] = []
    real = history_module.load_history

    def counted(paths: DataPaths) -> History:
        made.append(real(paths))
        return made[-1]

    monkeypatch.setattr(history_module, "load_history", counted)
    return made


def names(history: History) -> list[str]:
    return [session.routine_name for session in history.records]


def test_an_unchanged_history_is_read_once(paths: DataPaths, reads: list[History]) -> None:
    device_log(paths).append(record("2026-03-20T08:00:00+00:00", "Morning"))
    reader = HistoryReader(paths)
    first = reader.read()
    assert reader.read() is first
    assert reader.current() is first
    assert len(reads) == 1
    assert names(first) == ["Morning"]


def test_a_new_line_is_read(paths: DataPaths, reads: list[History]) -> None:
    log = device_log(paths)
    log.append(record("2026-03-20T08:00:00+00:00", "Morning"))
    reader = HistoryReader(paths)
    reader.read()
    log.append(record("2026-03-21T08:00:00+00:00", "Evening"))
    assert reader.current() is None
    assert names(reader.read()) == ["Evening", "Morning"]
    assert len(reads) == 2
    assert names(reader.current() or History()) == ["Evening", "Morning"]


def test_another_devices_log_coming_or_going_is_read(
    paths: DataPaths, reads: list[History]
) -> None:
    device_log(paths).append(record("2026-03-20T08:00:00+00:00", "Here"))
    reader = HistoryReader(paths)
    assert names(reader.read()) == ["Here"]
    other = HistoryLog(paths.history / "laptop.jsonl")
    other.append(record("2026-03-21T08:00:00+00:00", "There"))
    assert names(reader.read()) == ["There", "Here"]
    other.path.unlink()
    assert reader.current() is None
    assert names(reader.read()) == ["Here"]
    assert len(reads) == 3


def test_a_log_rewritten_to_the_same_size_is_read(paths: DataPaths) -> None:
    # A sync tool replacing a log with another of the same length: its time changes.
    log = device_log(paths)
    log.append(record("2026-03-20T08:00:00+00:00", "AAAA"))
    reader = HistoryReader(paths)
    reader.read()
    data = log.path.read_bytes().replace(b"AAAA", b"BBBB")
    log.path.write_bytes(data)
    info = log.path.stat()
    os.utime(log.path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert names(reader.read()) == ["BBBB"]


def test_nothing_is_remembered_before_the_first_read(paths: DataPaths) -> None:
    assert HistoryReader(paths).current() is None


def test_a_history_with_an_unreadable_log_is_read_every_time(
    paths: DataPaths, reads: list[History]
) -> None:
    device_log(paths).append(record("2026-03-20T08:00:00+00:00", "Here"))
    (paths.history / "broken.jsonl").mkdir()  # a folder where a log should be
    reader = HistoryReader(paths)
    first = reader.read()
    assert first.problems and names(first) == ["Here"]
    assert reader.current() is None
    assert reader.read() is not first
    assert len(reads) == 2


def test_a_line_written_while_reading_is_read_next_time(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = device_log(paths)
    log.append(record("2026-03-20T08:00:00+00:00", "Before"))
    real = history_module.load_history

    def then_a_session_ends(paths: DataPaths) -> History:
        history = real(paths)
        log.append(record("2026-03-21T08:00:00+00:00", "During"))
        return history

    monkeypatch.setattr(history_module, "load_history", then_a_session_ends)
    reader = HistoryReader(paths)
    assert names(reader.read()) == ["Before"]
    monkeypatch.setattr(history_module, "load_history", real)
    assert reader.current() is None
    assert names(reader.read()) == ["During", "Before"]


def test_a_log_replaced_with_its_size_and_time_kept_is_read(paths: DataPaths) -> None:
    # rsync -a or Syncthing: another file of the same length, given the old time.
    log = device_log(paths)
    log.append(record("2026-03-20T08:00:00+00:00", "AAAA"))
    reader = HistoryReader(paths)
    reader.read()
    info = log.path.stat()
    replacement = log.path.with_name("incoming.tmp")
    replacement.write_bytes(log.path.read_bytes().replace(b"AAAA", b"BBBB"))
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, log.path)
    assert log.path.stat().st_mtime_ns == info.st_mtime_ns
    assert log.path.stat().st_size == info.st_size
    assert names(reader.read()) == ["BBBB"]


def test_a_log_gone_while_the_logs_are_looked_at_hides_no_change_to_the_next(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sync tool removes one log (to write it again) just after the folder was listed.
    first = HistoryLog(paths.history / "a-laptop.jsonl")
    second = HistoryLog(paths.history / "b-phone.jsonl")
    first.append(record("2026-03-20T08:00:00+00:00", "Morning"))
    second.append(record("2026-03-20T18:00:00+00:00", "Evening"))
    real_stat = os.stat

    def gone_meanwhile(path: os.PathLike[str], **options: bool) -> os.stat_result:
        if Path(path) == first.path:
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_stat(path, **options)

    monkeypatch.setattr(history_module.os, "stat", gone_meanwhile)
    reader = HistoryReader(paths)
    reader.read()
    second.append(record("2026-03-21T18:00:00+00:00", "Late"))
    assert reader.current() is None
    assert names(reader.read()) == ["Late", "Evening", "Morning"]


def test_a_version_just_taken_is_not_taken_again(
    paths: DataPaths, reads: list[History], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.store.history import history_version

    device_log(paths).append(record("2026-03-20T08:00:00+00:00", "Morning"))
    version = history_version(paths)
    taken: list[object] = []
    real = history_module.history_version
    monkeypatch.setattr(history_module, "history_version", lambda p: taken.append(p) or real(p))
    reader = HistoryReader(paths)
    first = reader.read(version)
    assert reader.read(version) is first
    assert taken == [] and len(reads) == 1
    assert names(first) == ["Morning"]
