"""The history as a person reads it: sessions newest first across devices and time zones,
deleted ones hidden on every device, lines of other kinds kept in order, and each session
said in words (when, pain before and after, finished or not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_support import pain_check_line, record, utc

from tui.core.paths import DataPaths
from tui.core.record import SessionRecord
from tui.core.store.history import (
    HistoryLog,
    device_log,
    format_when,
    hide_session,
    history_version,
    load_history,
    pain_text,
    read_history,
    status_text,
)

__all__ = ["utc"]  # the fixture, used by name


def session(started_at: str, name: str = "Desk break", **extra: object) -> SessionRecord:
    return SessionRecord.from_dict(record(started_at, name, **extra))


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def other_device(paths: DataPaths, name: str = "desktop-0b1c2d") -> HistoryLog:
    return HistoryLog(paths.history / f"{name}.jsonl")


# --------------------------------------------------------------------------- one log


def test_one_log_reads_newest_first_without_deleted_sessions(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append(record("2026-03-01T08:00:00+00:00", "Morning"))
    log.append(record("2026-03-02T08:00:00+00:00", "Evening"))
    log.append(record("2026-03-03T08:00:00+00:00", "Morning"))
    hide_session(paths, session("2026-03-02T08:00:00+00:00", "Evening"), "2026-03-04T10:00:00Z")

    history = read_history(log.path)
    assert [(r.started_at[:10], r.routine_name) for r in history.records] == [
        ("2026-03-03", "Morning"),
        ("2026-03-01", "Morning"),
    ]
    assert history.deleted == 1
    # The deletion is one more line: nothing was rewritten.
    (deletion,) = history.entries
    assert deletion == {
        "kind": "deleted",
        "at": "2026-03-04T10:00:00Z",
        "session": {"started_at": "2026-03-02T08:00:00+00:00", "routine_name": "Evening"},
    }
    assert len(log.read()) == 4


def test_a_deletion_names_one_session_by_start_and_routine(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append(record("2026-03-02T08:00:00+00:00", "Morning"))
    log.append(record("2026-03-02T08:00:00+00:00", "Evening"))  # same start, other routine
    log.append(record("2026-03-03T08:00:00+00:00", "Evening"))  # same routine, other start
    hide_session(paths, session("2026-03-02T08:00:00+00:00", "Evening"), "2026-03-04T10:00:00Z")
    kept = [(r.started_at[:10], r.routine_name) for r in load_history(paths).records]
    assert kept == [("2026-03-03", "Evening"), ("2026-03-02", "Morning")]


def test_a_deletion_without_its_session_hides_nothing(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append(record("2026-03-02T08:00:00+00:00"))
    log.append({"kind": "deleted", "at": "2026-03-04T10:00:00Z", "session": "all of them"})
    history = load_history(paths)
    assert len(history.records) == 1
    assert history.deleted == 0


# --------------------------------------------------------------------------- every device


def test_a_session_deleted_on_one_device_is_hidden_in_every_log(paths: DataPaths) -> None:
    other_device(paths).append(record("2026-03-01T08:00:00+00:00"))
    other_device(paths).append(record("2026-03-05T08:00:00+00:00"))
    hide_session(paths, session("2026-03-01T08:00:00+00:00"), "2026-03-06T10:00:00Z")
    history = load_history(paths)
    assert [r.started_at for r in history.records] == ["2026-03-05T08:00:00+00:00"]
    assert history.deleted == 1


def test_sessions_of_every_device_merge_newest_first_across_time_zones(
    paths: DataPaths,
) -> None:
    device_log(paths).append(record("2026-03-01T09:00:00+01:00", "Paris"))  # 08:00 UTC
    other_device(paths).append(record("2026-03-01T07:30:00+00:00", "London"))
    other_device(paths, "tablet-9e8d7c").append(record("2026-03-01T03:45:00-05:00", "Boston"))
    # 08:45 UTC, the newest, though its text sorts first.
    names = [r.routine_name for r in load_history(paths).records]
    assert names == ["Boston", "Paris", "London"]


def test_sessions_of_one_offset_merge_newest_first(paths: DataPaths) -> None:
    device_log(paths).append(record("2026-03-01T08:00:00+01:00", "first"))
    other_device(paths).append(record("2026-03-03T08:00:00+01:00", "third"))
    device_log(paths).append(record("2026-03-02T08:00:00+01:00", "second"))
    names = [r.routine_name for r in load_history(paths).records]
    assert names == ["third", "second", "first"]


def test_a_session_copied_into_two_logs_counts_once(paths: DataPaths) -> None:
    for log in (device_log(paths), other_device(paths)):
        log.append(record("2026-03-01T08:00:00+00:00"))
        log.append({"kind": "psfs", "at": "2026-03-01T09:00:00+00:00", "score": 6})
        log.append(
            {
                "kind": "pain_check",
                "session_started_at": "2026-03-01T08:00:00+00:00",
                "routine_name": "Desk break",
                "asked_at": "2026-03-02T08:00:00+00:00",
                "answer": "better",
            }
        )
    history = load_history(paths)
    assert len(history.records) == 1
    assert [entry["kind"] for entry in history.entries] == ["psfs", "pain_check"]
    assert len(history.checks) == 1
    assert history.checks[0].answer == "better"


def test_lines_of_other_kinds_are_in_time_order_across_logs(paths: DataPaths) -> None:
    device_log(paths).append({"kind": "psfs", "at": "2026-03-02T10:00:00+01:00", "n": 2})
    other_device(paths).append({"kind": "psfs", "at": "2026-03-02T09:30:00+00:00", "n": 3})
    other_device(paths).append({"kind": "psfs", "at": "2026-03-02T08:00:00-05:00", "n": 4})
    device_log(paths).append({"kind": "psfs", "at": "2026-03-01T10:00:00+00:00", "n": 1})
    device_log(paths).append({"kind": "psfs", "at": "no idea when", "n": 0})
    history = load_history(paths)
    # 2 is 09:00 UTC, 3 is 09:30 UTC, 4 is 13:00 UTC (as text they would sort 4, 3, 2);
    # a stamp that cannot be read sorts first rather than being lost.
    assert [entry["n"] for entry in history.entries] == [0, 1, 2, 3, 4]


def test_next_day_checks_are_in_the_order_they_were_asked(paths: DataPaths) -> None:
    device_log(paths).append(pain_check_line("2026-03-03T08:00:00+00:00", "worse"))
    other_device(paths).append(pain_check_line("2026-03-02T10:00:00+01:00", "better"))
    answers = [c.answer for c in load_history(paths).checks]
    assert answers == ["better", "worse"]


def test_text_in_lines_of_other_kinds_is_cleaned(paths: DataPaths) -> None:
    device_log(paths).append({"kind": "note", "at": "2026-03-01T08:00:00Z", "text": "a\x1b[2Jb"})
    (entry,) = load_history(paths).entries
    assert "\x1b" not in entry["text"]
    assert entry["text"].startswith("a") and entry["text"].endswith("b")


def test_a_line_whose_kind_is_not_text_is_not_an_entry(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append({"kind": 3, "at": "2026-03-01T08:00:00Z"})
    log.append(record("2026-03-01T08:00:00+00:00"))
    history = load_history(paths)
    assert history.entries == []
    assert history.unreadable == 1
    assert len(history.records) == 1


def test_the_history_version_changes_when_any_log_changes(paths: DataPaths) -> None:
    assert history_version(paths) == ()
    device_log(paths).append(record("2026-03-01T08:00:00+00:00"))
    first = history_version(paths)
    ((name, size, *_),) = first
    assert name == device_log(paths).path.name
    assert size == device_log(paths).path.stat().st_size
    other_device(paths).append(record("2026-03-02T08:00:00+00:00"))
    second = history_version(paths)
    assert len(second) == 2 and first[0] in second
    device_log(paths).append(record("2026-03-03T08:00:00+00:00"))
    assert history_version(paths) != second


def test_the_history_version_of_an_unreadable_folder_differs(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.history.write_text("not a folder")
    assert history_version(paths) == ()  # a file there holds no logs: as none
    paths.history.unlink()
    paths.history.mkdir()
    paths.history.chmod(0)
    try:
        if not _listable(paths.history):
            assert history_version(paths) == (("", -1, -1, -1, -1),)
            assert load_history(paths).problems
    finally:
        paths.history.chmod(0o700)


def _listable(folder: Path) -> bool:
    try:
        list(folder.iterdir())
    except OSError:
        return False
    return True


# --------------------------------------------------------------------------- in words


@pytest.mark.usefixtures("utc")
def test_when_a_session_started_in_local_time() -> None:
    started = session("2026-03-04T09:12:30+01:00")
    assert format_when(started) == "Wed 04 Mar 08:12"
    assert format_when(started, long=True) == "Wed 04 Mar 2026, 08:12"


def test_an_unreadable_start_is_shown_as_written() -> None:
    assert format_when(session("2026-03-04 09:12 local")) == "2026-03-04 09:12"


@pytest.mark.parametrize(
    ("before", "after", "text"),
    [(4, 2, "4 → 2"), (4, None, "4 → ?"), (None, 2, "? → 2"), (0, 0, "0 → 0"), (None, None, "")],
)
def test_pain_before_and_after(before: int | None, after: int | None, text: str) -> None:
    started = session("2026-03-04T09:12:30+01:00", pain_before=before, pain_after=after)
    assert pain_text(started) == text


def test_finished_or_ended_early() -> None:
    assert status_text(session("2026-03-04T09:12:30+01:00")) == "Finished"
    assert status_text(session("2026-03-04T09:12:30+01:00", finished=False)) == "Ended early"


def test_a_session_whose_start_cannot_be_read_comes_last(paths: DataPaths) -> None:
    device_log(paths).append(record("2026-03-01T08:00:00+00:00", "older"))
    other_device(paths).append(record("2026-03-02T09:00:00+01:00", "newer"))
    other_device(paths).append(record("yesterday morning", "hand-edited"))
    names = [r.routine_name for r in load_history(paths).records]
    assert names == ["newer", "older", "hand-edited"]
