"""The history log: appends that survive crashes and each other, and reading it back."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tui.core.paths import DataPaths
from tui.core.store.history import HistoryLog


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def log_file(paths: DataPaths) -> Path:
    """One device's log (the merged reading of every device is in test_store_devices.py)."""
    return paths.history / "laptop-3f9a2c.jsonl"


def test_history_appends_lines(paths: DataPaths) -> None:
    log = HistoryLog(log_file(paths))
    log.append({"routine": "Evening", "seconds": 300})
    log.append({"routine": "Morning", "note": "line\nbreak"})
    assert log.read() == [
        {"routine": "Evening", "seconds": 300},
        {"routine": "Morning", "note": "line\nbreak"},
    ]
    assert log_file(paths).read_bytes().count(b"\n") == 2


def test_history_survives_a_torn_last_line(paths: DataPaths) -> None:
    log = HistoryLog(log_file(paths))
    log.append({"n": 1})
    log.append({"n": 2})
    with log_file(paths).open("ab") as handle:
        handle.write(b'{"n": 3, "rou')  # the app died mid-write
    before = log_file(paths).read_bytes()
    assert log.read() == [{"n": 1}, {"n": 2}]

    log.append({"n": 4})
    assert log_file(paths).read_bytes().startswith(before)
    assert log.read() == [{"n": 1}, {"n": 2}, {"n": 4}]


def test_simultaneous_appends_keep_every_line(paths: DataPaths) -> None:
    log = HistoryLog(log_file(paths))
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: log.append({"n": n, "pad": "x" * 500}), range(200)))
    assert sorted(record["n"] for record in log.read()) == list(range(200))


def test_history_skips_garbled_lines(paths: DataPaths) -> None:
    paths.history.mkdir(parents=True)
    log_file(paths).write_bytes(b'{"n": 1}\nnot json\n\xff\xfe\n[1, 2]\n\n{"n": 2}\n')
    assert HistoryLog(log_file(paths)).read() == [{"n": 1}, {"n": 2}]


def test_history_refuses_what_is_not_json(paths: DataPaths) -> None:
    log = HistoryLog(log_file(paths))
    with pytest.raises((TypeError, ValueError)):
        log.append({"when": object()})
    with pytest.raises(ValueError):
        log.append({"seconds": float("nan")})
    assert log.read() == []
