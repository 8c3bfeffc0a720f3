"""`unknot status`: the one line for a status bar, fast and without Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tui.core.paths import DataPaths, resolve_data_dir
from tui.core.status import Plan, current_status, data_dir, last_session, status_line
from tui.core.store.history import HistoryLog, device_log
from tui.entry import status_request

NOW = datetime(2025, 3, 10, 18, 30)  # a Monday evening, local time


def ago(days: float) -> datetime:
    return (NOW - timedelta(days=days)).astimezone()


@pytest.mark.parametrize(
    ("plan", "last", "line"),
    [
        (Plan(2, "18:00", "Desk break"), ago(2), "stretch due: Desk break · last 2 days ago"),
        (Plan(2, "18:00", "Desk break"), ago(1), ""),  # due tomorrow
        (Plan(2, "19:00", "Desk break"), ago(2), ""),  # due from 19:00 only
        (Plan(1, "00:00"), ago(1), "stretch due · last yesterday"),
        (Plan(1, "00:00"), ago(0.1), ""),  # done today
        (Plan(3, "08:00"), ago(9), "stretch due · last 9 days ago"),
        (Plan(1, "18:00", "Desk break"), None, "stretch due: Desk break · no session yet"),
        (Plan(1, "19:00", "Desk break"), None, ""),
    ],
)
def test_the_line_says_what_is_due(plan: Plan, last: datetime | None, line: str) -> None:
    assert status_line(plan, last, NOW) == line


def test_a_routine_name_from_a_file_cannot_reach_the_terminal_raw() -> None:
    plan = Plan(1, "00:00", "Desk\x1b]0;pwned\x07 break\nsecond line")
    assert status_line(plan, None, NOW) == "stretch due: Desk break second line · no session yet"


def session(started: datetime) -> dict[str, object]:
    return {
        "started_at": started.isoformat(timespec="seconds"),
        "routine_name": "Desk break",
        "active_seconds": 60.0,
        "planned_seconds": 60.0,
        "finished": True,
        "exercises": [{"entry_index": 0, "id": "x", "name": "y" * 400, "outcome": "done"}] * 20,
    }


def test_the_last_session_of_any_device_is_found_from_the_ends_of_the_logs(
    isolated_data_dir: Path,
) -> None:
    paths = DataPaths(isolated_data_dir)
    assert last_session(str(paths.root)) is None
    log = device_log(paths)
    for day in range(40, 3, -1):  # ~10 KB each: many times the bytes read from the end
        log.append(session(ago(day)))
    other = HistoryLog(paths.history / "desktop-1a2b3c.jsonl")
    other.append(session(ago(2)))
    with other.path.open("a") as handle:
        handle.write('{"started_at": "2025-03-10T')  # torn by a crash
    paths.legacy_history.write_text(json.dumps(session(ago(30))) + "\n")
    (paths.history / "desktop.sync-conflict-20250309-101500-ABCDEFG.jsonl").write_text(
        json.dumps(session(ago(0.5))) + "\n"  # a conflict copy is not read
    )
    assert last_session(str(paths.root)) == ago(2)


def test_lines_of_other_kinds_and_deleted_sessions_do_not_count(
    isolated_data_dir: Path,
) -> None:
    paths = DataPaths(isolated_data_dir)
    log = device_log(paths)
    log.append({**session(ago(5)), "exercises": []})
    log.append({**session(ago(1)), "exercises": []})
    for _ in range(6):  # more lines after the last session than a few
        log.append({"kind": "psfs", "at": ago(0.5).isoformat(), "ratings": []})
    assert last_session(str(paths.root)) == ago(1)
    other = HistoryLog(paths.history / "desktop-1a2b3c.jsonl")  # deleted on another device
    other.append(
        {
            "kind": "deleted",
            "at": ago(0).isoformat(),
            "session": {
                "started_at": ago(1).isoformat(timespec="seconds"),
                "routine_name": "Desk break",
            },
        }
    )
    assert last_session(str(paths.root)) == ago(5)


def test_data_dir_is_found_as_the_app_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert data_dir(str(tmp_path / "flag")) == str(resolve_data_dir(str(tmp_path / "flag")))
    assert data_dir(None) == str(resolve_data_dir(None))
    monkeypatch.delenv("UNKNOT_DATA_DIR")
    assert data_dir(None) == str(resolve_data_dir(None))
    monkeypatch.delenv("XDG_DATA_HOME")
    assert data_dir(None) == str(resolve_data_dir(None))
    monkeypatch.setenv("XDG_DATA_HOME", "  ")
    assert data_dir(None) == str(resolve_data_dir(None))


def test_a_broken_plan_prints_nothing(isolated_data_dir: Path) -> None:
    isolated_data_dir.mkdir()
    (isolated_data_dir / "reminder.json").write_text('{"every_days": 0}')
    assert current_status(str(isolated_data_dir), NOW) == ""


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["status"], (None, False)),
        (["status", "--notify"], (None, True)),
        (["--data-dir", "/x", "status"], ("/x", False)),
        (["--data-dir=/x", "status", "--notify"], ("/x", True)),
        (["--cache-dir", "/y", "status"], None),  # the full command line takes these
        (["status", "--help"], None),
        (["history"], None),
        ([], None),
    ],
)
def test_only_plain_status_takes_the_short_way(
    argv: list[str], wanted: tuple[str | None, bool] | None
) -> None:
    assert status_request(argv) == wanted


def run_unknot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, check=True
    )


def test_status_imports_neither_textual_nor_the_app(isolated_data_dir: Path) -> None:
    paths = DataPaths(isolated_data_dir)
    device_log(paths).append(session(datetime.now().astimezone() - timedelta(days=3)))
    code = (
        "import sys; sys.argv = ['unknot', 'status']; from tui.entry import main; main(); "
        "heavy = ('textual', 'rich', 'msgspec', 'tomllib', 'platformdirs', 'tui.cli', "
        "'tui.core.store', 'typing'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line, loaded = result.stdout.splitlines()
    assert line == "stretch due · last 3 days ago"
    assert loaded == "[]"


def test_the_full_command_line_answers_the_same(isolated_data_dir: Path) -> None:
    paths = DataPaths(isolated_data_dir)
    device_log(paths).append(session(datetime.now().astimezone() - timedelta(days=3)))
    short = run_unknot("status").stdout
    long = run_unknot("--cache-dir", str(isolated_data_dir.parent / "c"), "status").stdout
    assert short == long == "stretch due · last 3 days ago\n"
    device_log(paths).append(session(datetime.now().astimezone()))
    assert run_unknot("status").stdout == ""


def test_notify_shows_a_desktop_notification_only_when_due(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    fake = bin_dir / "notify-send"
    fake.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> {calls}\necho >> {calls}\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    paths = DataPaths(isolated_data_dir)
    device_log(paths).append(session(datetime.now().astimezone() - timedelta(days=3)))
    assert run_unknot("status", "--notify", env=env).stdout == ""
    assert calls.read_text() == "--app-name=Unknot|Stretch due|last 3 days ago|\n"
    device_log(paths).append(session(datetime.now().astimezone()))
    run_unknot("status", "--notify", env=env)
    assert calls.read_text().count("\n") == 1  # not due: no second notification
