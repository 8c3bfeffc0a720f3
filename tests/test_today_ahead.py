"""Today's first view worked out ahead in a child process: the same view as a read in the
app, never a stale one, and never a child left behind."""

from __future__ import annotations

import os
import pickle
import select
import time
from pathlib import Path

import pytest
from history_support import TODAY, WallClock, clear_safety_check, record, seed_history, utc
from support import FakeClock, screen_text

import tui.core.today
from tui.app import UnknotApp
from tui.core import today_ahead
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.dates import local_now
from tui.core.paths import DataPaths
from tui.core.store.history import device_log, history_version, load_history
from tui.core.today import today_view_of
from tui.core.today_ahead import TodayAhead, work_out
from tui.screens.today import READ_AFTER_FIRST_FRAME_SECONDS, TodayScreen

__all__ = ["utc"]  # the fixture, used by name

CATALOG = load_catalog(default_catalog_path())
pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test runner's own threads (pytest-xdist's) would make `start` decline."""
    monkeypatch.setattr(today_ahead, "_can_fork", lambda: hasattr(os, "fork"))


def returning_person(tmp_path: Path, sessions: int = 120) -> DataPaths:
    paths = DataPaths(tmp_path)
    seed_history(paths, sessions)
    clear_safety_check(paths)
    return paths


def started(paths: DataPaths, clock: WallClock | None = None) -> TodayAhead:
    wall_clock = clock or WallClock()
    ahead = TodayAhead.start(lambda: work_out(paths, CATALOG, wall_clock))
    assert ahead is not None
    return ahead


def wait_until_sent(ahead: TodayAhead) -> None:
    """Until the child has written its view (or ended)."""
    ready, _, _ = select.select([ahead.pipe], [], [], 10)
    assert ready


def is_waited_for(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_view_worked_out_ahead_is_the_one_the_app_reads(tmp_path: Path) -> None:
    paths = returning_person(tmp_path)
    clock = WallClock()
    ahead = started(paths, clock)
    pid = ahead.pid
    view = ahead.take(history_version(paths), TODAY)
    assert view is not None and view.session_count == 120 and not view.new_person
    assert view == today_view_of(load_history(paths), CATALOG, local_now(clock))
    assert is_waited_for(pid) and ahead.pid == 0 and ahead.pipe == -1


def test_a_new_persons_view_too(tmp_path: Path) -> None:
    view = started(DataPaths(tmp_path)).take(history_version(DataPaths(tmp_path)), TODAY)
    assert view is not None and view.new_person and view.session_count == 0


def test_a_log_changed_after_the_child_read_it_is_read_again(tmp_path: Path) -> None:
    paths = returning_person(tmp_path)
    ahead = started(paths)
    wait_until_sent(ahead)
    device_log(paths).append(record("2026-03-25T07:00:00+00:00"))  # a sync, another window
    assert ahead.take(history_version(paths), TODAY) is None


def test_a_view_worked_out_before_midnight_is_not_shown_after(tmp_path: Path) -> None:
    paths = returning_person(tmp_path)
    ahead = started(paths, WallClock(hour=23))
    assert ahead.take(history_version(paths), TODAY.replace(day=26)) is None


def test_it_is_taken_once(tmp_path: Path) -> None:
    paths = returning_person(tmp_path, 10)
    ahead = started(paths)
    assert ahead.take(history_version(paths), TODAY) is not None
    assert ahead.take(history_version(paths), TODAY) is None


def test_logs_today_must_tell_about_or_read_in_a_worker_are_left_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = returning_person(tmp_path, 10)
    assert work_out(paths, CATALOG, WallClock())
    (paths.history / "other-device.jsonl").mkdir()  # cannot be read: Today says so
    assert work_out(paths, CATALOG, WallClock()) == b""
    os.rmdir(paths.history / "other-device.jsonl")
    size = sum(log[1] for log in history_version(paths))
    monkeypatch.setattr(tui.core.today, "READ_AT_ONCE_BYTES", size - 1)
    assert work_out(paths, CATALOG, WallClock()) == b""  # read behind "reading…"
    ahead = started(paths)
    assert ahead.take(history_version(paths), TODAY) is None


def test_what_a_failed_child_sends_is_not_used(tmp_path: Path) -> None:
    paths = returning_person(tmp_path, 10)
    sent = [
        b"",  # it ended without a word
        b"garbage",
        pickle.dumps(("a tuple", "not a view")),
        pickle.dumps((history_version(paths), "not a view")),
        pickle.dumps((history_version(paths), TODAY)),
        work_out(paths, CATALOG, WallClock())[:-7],  # cut short
    ]
    for data in sent:
        reading, writing = os.pipe()
        os.write(writing, data)
        os.close(writing)
        assert TodayAhead(0, reading).take(history_version(paths), TODAY) is None, data
    reading, writing = os.pipe()
    os.write(writing, work_out(paths, CATALOG, WallClock()))
    os.close(writing)
    assert TodayAhead(0, reading).take(history_version(paths), TODAY) is not None


def test_a_slow_child_is_not_waited_for_long_and_is_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stuck() -> bytes:
        time.sleep(60)
        return b""

    monkeypatch.setattr(today_ahead, "WAIT_SECONDS", 0.2)
    paths = returning_person(tmp_path, 10)
    ahead = TodayAhead.start(stuck)
    assert ahead is not None
    pid = ahead.pid
    begun = time.monotonic()
    assert ahead.take(history_version(paths), TODAY) is None
    assert time.monotonic() - begun < 2
    assert is_waited_for(pid)


def test_a_child_never_asked_is_ended_and_waited_for(tmp_path: Path) -> None:
    ahead = started(returning_person(tmp_path, 10))
    pid = ahead.pid
    ahead.close()
    ahead.close()  # twice is harmless
    assert is_waited_for(pid)


def test_no_fork_where_it_is_not_safe_or_there_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.undo()  # the real check
    work = lambda: work_out(DataPaths(tmp_path), CATALOG, WallClock())  # noqa: E731
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert TodayAhead.start(work) is None
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.delattr(os, "fork")
    assert TodayAhead.start(work) is None


async def test_today_shows_the_view_ahead_then_reads_the_history_without_redrawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = returning_person(tmp_path)
    clock = WallClock()
    shown: list[object] = []
    real_show = TodayScreen._show_view

    def show(screen: TodayScreen, history: object, view: object) -> None:
        shown.append(history)
        real_show(screen, history, view)  # type: ignore[arg-type]

    monkeypatch.setattr(TodayScreen, "_show_view", show)
    ahead = started(paths, clock)
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, today_ahead=ahead)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert shown == [None]  # the first frame, from the view worked out ahead
        assert "This week" in screen_text(app) and "Last time" in screen_text(app)
        assert today.history is None  # not read yet: that would slow the frame's writing
        await pilot.pause(READ_AFTER_FIRST_FRAME_SECONDS + 0.05)
        for worker in list(app.workers):
            if worker.group == "today-read":
                await worker.wait()
        await pilot.pause()
        assert today.history is not None and len(today.history.records) == 120
        assert shown == [None]  # read after that frame, the same: not drawn again
        assert app.today_ahead is None and ahead.pid == 0


async def test_a_session_logged_meanwhile_is_on_the_first_frame(tmp_path: Path) -> None:
    """Another Unknot (or a sync) adds a session after the child read the logs: the
    view ahead is dropped, and Today reads them itself."""
    paths = returning_person(tmp_path, 30)
    clock = WallClock()
    ahead = started(paths, clock)
    wait_until_sent(ahead)
    device_log(paths).append(record("2026-03-25T22:30:00+00:00", "Evening unwind"))
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, today_ahead=ahead)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert today.history is not None and today.view is not None
        assert today.view.session_count == 31
        assert "Evening unwind" in screen_text(app)  # the last session


def test_the_child_works_out_what_the_command_line_starts(tmp_path: Path) -> None:
    """The child parses the command line as `tui.cli` does: the app's Today for the data
    folder named; nothing for another command."""
    from tui.cli import work_out_today

    paths = returning_person(tmp_path / "data", 10)
    options = ["--data-dir", str(paths.root), "--cache-dir", str(tmp_path / "cache")]
    sent = pickle.loads(work_out_today(options))
    assert sent[0] == history_version(paths) and sent[1].session_count == 10
    assert work_out_today([*options, "history"]) == b""
    with pytest.raises(SystemExit):  # the child ends, sending nothing (its stderr: nowhere)
        work_out_today(["--no-such-option"])


def test_a_command_other_than_the_app_ends_the_child(tmp_path: Path) -> None:
    from tui import cli

    class Ahead:
        closed = 0

        def close(self) -> None:
            self.closed += 1

    ahead = Ahead()
    options = ["--data-dir", str(tmp_path / "data"), "--cache-dir", str(tmp_path / "cache")]
    assert cli.main([*options, "history"], ahead) == 0  # type: ignore[arg-type]
    assert ahead.closed >= 1
