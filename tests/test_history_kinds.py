"""The history log holds other kinds of lines besides sessions, and deletions hide sessions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tui.core.paths import DataPaths
from tui.core.store.history import device_log, hide_session, load_history, read_history
from tui.core.synthetic import session_record, synthetic_history, write_history


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def when(day: int, hour: int = 8) -> str:
    return f"2026-03-{day:02d}T{hour:02d}:00:00+01:00"


def session(day: int, routine: str = "Desk break", **extra: object) -> dict[str, object]:
    from datetime import datetime

    record = session_record(datetime.fromisoformat(when(day)), routine)
    record.update(extra)
    return record


def test_lines_of_other_kinds_are_entries_not_unreadable(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append(session(1))
    log.append({"kind": "safety", "at": when(1), "answers": {"night-pain": False}})
    log.append({"kind": "something-newer", "at": when(2), "started_at": when(2)})
    log.append(session(2, "Morning mobility"))
    history = load_history(paths)
    assert [r.routine_name for r in history.records] == ["Morning mobility", "Desk break"]
    assert [e["kind"] for e in history.entries] == ["safety", "something-newer"]
    assert history.unreadable == 0


def test_a_session_whose_name_says_kind_is_still_a_session(paths: DataPaths) -> None:
    device_log(paths).append(session(1, 'The "kind" one'))
    history = load_history(paths)
    assert [r.routine_name for r in history.records] == ['The "kind" one']
    assert history.entries == []


def test_entries_are_cleaned_of_escape_sequences(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append(
        {"kind": "psfs", "at": when(1), "ratings": [{"activity": "Socks\x1b[2J", "score": 3}]}
    )
    log.append(session(2, "Desk\x1b]0;x\x07 break"))
    history = load_history(paths)
    assert history.entries[0]["ratings"][0]["activity"] == "Socks"
    assert history.records[0].routine_name == "Desk break"


def test_a_deleted_session_is_hidden_and_nothing_is_rewritten(paths: DataPaths) -> None:
    log = device_log(paths)
    for day in (1, 2, 3):
        log.append(session(day))
    before = device_log(paths).path.read_bytes()
    second = load_history(paths).records[1]
    hide_session(paths, second, when(4))
    assert device_log(paths).path.read_bytes().startswith(before)  # appended, never rewritten
    history = load_history(paths)
    assert [r.started_at for r in history.records] == [when(3), when(1)]
    assert history.deleted == 1 and history.unreadable == 0
    # A copy of the same session from another device (a sync) stays hidden too.
    log.append(session(2))
    assert [r.started_at for r in load_history(paths).records] == [when(3), when(1)]


def test_torn_and_garbled_lines_are_still_counted(paths: DataPaths) -> None:
    log = device_log(paths).path
    log.parent.mkdir(parents=True)
    good = json.dumps(session(1))
    log.write_text(
        f'{good}\nnot json\n{{"kind": 3}}\n[1]\n{{"kind": "x", "at"\n{good[:30]}', "utf-8"
    )
    history = load_history(paths)
    assert len(history.records) == 1
    assert history.unreadable == 5
    assert history.entries == []


def test_the_fast_reader_agrees_with_record_by_record_validation(paths: DataPaths) -> None:
    from tui.core.record import SessionRecord

    records = synthetic_history(300, end=date(2026, 3, 1))
    records.append(session(5, "Caf\u00e9 \u202eevil\u202c stretch"))
    log = write_history(device_log(paths).path, records)
    history = read_history(log)  # one log: in the order written, newest first
    expected = [SessionRecord.from_dict(record) for record in records if "kind" not in record]
    assert history.records == list(reversed(expected))
    assert history.records[0].routine_name == "Café evil stretch"
    assert len(history.entries) == len(records) - len(expected)


def test_a_deletion_on_one_device_hides_the_session_in_every_log(paths: DataPaths) -> None:
    from tui.core.store.history import HistoryLog

    laptop = device_log(paths)
    desktop = HistoryLog(paths.history / "desktop-1a2b3c.jsonl")
    laptop.append(session(1))
    desktop.append(session(2, "Morning mobility"))
    desktop.append(session(1))  # the same session, copied by a sync tool
    desktop.append({"kind": "psfs", "at": when(3), "ratings": []})
    laptop.append({"kind": "safety", "at": when(2), "answers": {}})
    desktop_session = load_history(paths).records[0]
    assert desktop_session.routine_name == "Morning mobility"
    hide_session(paths, desktop_session, when(4))  # on the laptop
    history = load_history(paths)
    assert [r.started_at for r in history.records] == [when(1)]  # once, though in two logs
    assert history.deleted == 1
    # Other kinds from every log, oldest first.
    assert [e["kind"] for e in history.entries] == ["safety", "psfs", "deleted"]
    assert desktop.path.read_text().count("\n") == 3  # the other device's log untouched


def test_one_unreadable_log_leaves_the_others_and_is_said(paths: DataPaths) -> None:
    from tui.core.store.history import HistoryLog

    device_log(paths).append(session(1))
    (paths.history / "desktop-1a2b3c.jsonl").mkdir()  # a folder where a log should be
    history = load_history(paths)
    assert [r.started_at for r in history.records] == [when(1)]
    (problem,) = history.problems
    assert "desktop-1a2b3c.jsonl" in problem
    HistoryLog(paths.history / "laptop-2.jsonl").append(session(2))
    assert len(load_history(paths).records) == 2


def test_a_garbled_line_of_another_kind_is_skipped_however_deep(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append(session(1))
    deep: object = "caf\u00e9"
    for _ in range(40):
        deep = {"x": deep}
    log.append({"kind": "psfs", "at": when(2), "ratings": deep})
    log.append({"kind": "note", "at": when(3), "note": "a\x7fb"})  # DEL is cleaned too
    history = load_history(paths)
    assert len(history.records) == 1 and history.unreadable == 1
    assert [e["note"] for e in history.entries] == ["ab"]


def test_other_kinds_are_ordered_by_the_moment_whatever_the_offset(paths: DataPaths) -> None:
    log = device_log(paths)
    log.append({"kind": "intake", "at": "2026-03-01T10:00:00+01:00"})  # 09:00 UTC
    log.append({"kind": "psfs", "at": "2026-03-01T08:30:00-01:00"})  # 09:30 UTC
    log.append({"kind": "safety", "at": "2026-03-01T09:15:00+00:00"})
    kinds = [e["kind"] for e in load_history(paths).entries]
    assert kinds == ["intake", "safety", "psfs"]
