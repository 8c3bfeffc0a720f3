"""Today's first view worked out ahead in a child process: the same view as a read in the
app, never a stale one, and never a child left behind."""

from __future__ import annotations

import json
import os
import pickle
import select
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from history_support import TODAY, WallClock, clear_safety_check, record, seed_history, utc
from support import FakeClock, screen_text
from textual.pilot import Pilot

import tui.core.today
import tui.screens.today
from tui import today_ahead
from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.dates import local_now
from tui.core.paths import DataPaths
from tui.core.store.history import device_log, history_version, load_history, logs_size
from tui.core.today import today_view_of
from tui.screens.today import TodayScreen
from tui.today_ahead import (
    MAX_BYTES,
    KeptView,
    TodayAhead,
    ViewKeeper,
    start_today_ahead,
    view_bytes,
)

__all__ = ["utc"]  # the fixture, used by name

CATALOG = load_catalog(default_catalog_path())
pytestmark = pytest.mark.usefixtures("utc")
WORTH_FORKING = today_ahead._worth_forking


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test runner's own threads (pytest-xdist's) would make `start` decline."""
    monkeypatch.setattr(today_ahead, "_worth_forking", lambda: hasattr(os, "fork"))


def returning_person(tmp_path: Path, sessions: int = 120) -> DataPaths:
    paths = DataPaths(tmp_path)
    seed_history(paths, sessions)
    clear_safety_check(paths)
    return paths


def started(paths: DataPaths, clock: WallClock | None = None) -> TodayAhead:
    wall_clock = clock or WallClock()
    ahead = TodayAhead.start(lambda: view_bytes(paths, CATALOG, wall_clock))
    assert ahead is not None
    wait_until_sent(ahead)  # on a loaded machine it could take longer than Today waits
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
    """Not forked for in use (empty logs are under `AHEAD_MIN_BYTES`), but any view works."""
    view = started(DataPaths(tmp_path)).take(history_version(DataPaths(tmp_path)), TODAY)
    assert view is not None and view.new_person and view.session_count == 0


def test_a_log_changed_after_the_child_read_it_is_read_again(tmp_path: Path) -> None:
    paths = returning_person(tmp_path)
    ahead = started(paths)
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
    assert view_bytes(paths, CATALOG, WallClock())
    (paths.history / "other-device.jsonl").mkdir()  # cannot be read: Today says so
    assert view_bytes(paths, CATALOG, WallClock()) == b""
    os.rmdir(paths.history / "other-device.jsonl")
    size = logs_size(history_version(paths))
    monkeypatch.setattr(tui.core.today, "READ_AT_ONCE_BYTES", size - 1)
    assert view_bytes(paths, CATALOG, WallClock()) == b""  # read behind "reading…"
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
        view_bytes(paths, CATALOG, WallClock())[:-7],  # cut short
    ]
    for data in sent:
        reading, writing = os.pipe()
        os.write(writing, data)
        os.close(writing)
        assert TodayAhead(0, reading).take(history_version(paths), TODAY) is None, data
    reading, writing = os.pipe()
    os.write(writing, view_bytes(paths, CATALOG, WallClock()))
    os.close(writing)
    assert TodayAhead(0, reading).take(history_version(paths), TODAY) is not None


def test_a_slow_child_is_not_waited_for_long_and_is_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stuck() -> bytes:
        time.sleep(60)
        return b""

    paths = returning_person(tmp_path, 10)
    ahead = TodayAhead.start(stuck)
    assert ahead is not None
    pid = ahead.pid
    begun = time.monotonic()
    assert ahead.take(history_version(paths), TODAY) is None
    assert time.monotonic() - begun < 1  # WAIT_SECONDS, and the kill
    assert is_waited_for(pid)


def test_more_than_a_view_is_not_read_to_the_end(tmp_path: Path) -> None:
    paths = returning_person(tmp_path, 10)
    view = view_bytes(paths, CATALOG, WallClock())
    padded = view + b"x" * MAX_BYTES  # unpickled, it would be the view (the rest ignored)
    assert pickle.loads(padded) == pickle.loads(view)
    ahead = TodayAhead.start(lambda: padded)
    assert ahead is not None
    pid = ahead.pid
    assert ahead.take(history_version(paths), TODAY) is None
    assert is_waited_for(pid)  # killed while it waited to write the rest


def test_the_child_writes_nothing_to_the_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    def noisy() -> bytes:
        os.write(1, b"out of the child")
        os.write(2, b"error of the child")
        raise RuntimeError("a traceback would go to stderr")

    ahead = TodayAhead.start(noisy)
    assert ahead is not None
    assert ahead.take(history_version(DataPaths(tmp_path)), TODAY) is None
    out, err = capfd.readouterr()
    assert "child" not in out + err and "Traceback" not in err


def test_a_child_never_asked_is_ended_and_waited_for(tmp_path: Path) -> None:
    ahead = started(returning_person(tmp_path, 10))
    pid = ahead.pid
    ahead.close()
    ahead.close()  # twice is harmless
    assert is_waited_for(pid)


def test_no_fork_where_it_is_not_safe_worth_it_or_possible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    def work() -> bytes:
        return view_bytes(DataPaths(tmp_path), CATALOG, WallClock())

    monkeypatch.setattr(today_ahead, "_worth_forking", WORTH_FORKING)  # the real check
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert TodayAhead.start(work) is None  # another thread could hold a lock
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    ahead = TodayAhead.start(work)
    assert ahead is not None
    ahead.close()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert TodayAhead.start(work) is None  # one CPU: the child would only take turns
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.delattr(os, "fork")
    assert TodayAhead.start(work) is None


async def test_today_shows_the_view_ahead_then_reads_the_history_without_redrawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_drawn: list[object]
) -> None:
    paths = returning_person(tmp_path)
    clock = WallClock()
    shown = frames_drawn
    monkeypatch.setattr(tui.screens.today, "READ_AFTER_FIRST_FRAME_SECONDS", 2.0)
    ahead = started(paths, clock)
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, today_ahead=ahead)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert shown == [None]  # the first frame, from the view worked out ahead
        assert "This week" in screen_text(app) and "Last time" in screen_text(app)
        assert today.history is None  # not read yet: that would slow the frame's writing
        await history_read(pilot, today)
        assert today.history is not None and len(today.history.records) == 120
        assert shown == [None]  # read after that frame, the same: not drawn again
        assert app.today_ahead is None and ahead.pid == 0


async def history_read(pilot: Pilot[None], today: TodayScreen) -> None:
    """Until Today has read the history after its first frame (a few seconds at most)."""
    for _ in range(100):
        if today.history is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("the history was not read after the first frame")


async def test_a_new_persons_first_frame_from_the_view_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today takes any view ahead, a new person's too (not forked for in use)."""
    monkeypatch.setattr(tui.screens.today, "READ_AFTER_FIRST_FRAME_SECONDS", 1.0)
    clock = WallClock()
    ahead = started(DataPaths(tmp_path), clock)
    app = UnknotApp(
        CATALOG, DataPaths(tmp_path), clock=FakeClock(), wall_clock=clock, today_ahead=ahead
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen) and today.has_class("-new")
        assert today.history is None and "Welcome to Unknot" in screen_text(app)
        await history_read(pilot, today)
        assert "Welcome to Unknot" in screen_text(app)


async def test_the_activities_are_rated_with_the_history_read_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PSFS rating due, answered before the read after the first frame: the dialog
    still shows the activities named before."""
    from tui.screens.psfs import PsfsScreen

    monkeypatch.setattr(tui.screens.today, "READ_AFTER_FIRST_FRAME_SECONDS", 60.0)
    paths = returning_person(tmp_path)
    clock = WallClock(TODAY + timedelta(days=15))  # two weeks since the last rating
    ahead = started(paths, clock)
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, today_ahead=ahead)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen) and today.history is None
        assert today.view is not None and [q.kind for q in today.view.due] == ["psfs"]
        await pilot.press("a")
        for _ in range(100):
            if isinstance(app.screen, PsfsScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, PsfsScreen)
        assert "Putting on socks" in screen_text(app)


async def test_a_session_logged_meanwhile_is_on_the_first_frame(tmp_path: Path) -> None:
    """Another Unknot (or a sync) adds a session after the child read the logs: the
    view ahead is dropped, and Today reads them itself."""
    paths = returning_person(tmp_path, 30)
    clock = WallClock()
    ahead = started(paths, clock)
    device_log(paths).append(record("2026-03-25T22:30:00+00:00", "Evening unwind"))
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, today_ahead=ahead)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert today.history is not None and today.view is not None
        assert today.view.session_count == 31
        assert "Evening unwind" in screen_text(app)  # the last session


def test_a_child_only_for_logs_worth_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = returning_person(tmp_path, 30)
    size = logs_size(history_version(paths))
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", size + 1)
    assert start_today_ahead(paths, CATALOG, WallClock()) is None  # read by Today at once
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", size)
    ahead = start_today_ahead(paths, CATALOG, WallClock())
    assert ahead is not None
    wait_until_sent(ahead)
    view = ahead.take(history_version(paths), TODAY)
    assert view is not None and view.session_count == 30


def test_an_app_that_fails_before_running_leaves_no_child_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import cli
    from tui.crash import EXIT_CRASH

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the app could not be made")

    made: list[TodayAhead] = []
    start = TodayAhead.start.__func__  # type: ignore[attr-defined]

    def recorded(cls: type[TodayAhead], work: object) -> TodayAhead | None:
        ahead = start(cls, work)
        made.append(ahead)
        return ahead

    paths = returning_person(tmp_path / "data", 30)
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    monkeypatch.setattr(TodayAhead, "start", classmethod(recorded))
    monkeypatch.setattr(UnknotApp, "__init__", broken)
    options = ["--data-dir", str(paths.root), "--cache-dir", str(tmp_path / "cache")]
    assert cli.main(options) == EXIT_CRASH
    [ahead] = made
    assert ahead.pid == 0 and ahead.pipe == -1  # ended and waited for


def test_the_app_leaves_no_child_behind(tmp_path: Path) -> None:
    """The real launch (`unknot`, as `tui.entry` runs it) with a history: Today from the
    child's view, and once the app has quit, no child process left to wait for."""
    from test_terminal_output import run_in_pty

    paths = returning_person(tmp_path / "data", 30)
    options = ["--data-dir", str(paths.root), "--cache-dir", str(tmp_path / "cache")]
    code = (
        "import os, sys; import tui.today_ahead as ahead; ahead.AHEAD_MIN_BYTES = 0\n"
        # A fork on one CPU too, and a wait long enough for a loaded machine.
        "ahead._worth_forking = lambda: True; ahead.WAIT_SECONDS = 30\n"
        "taken = []; take = ahead.TodayAhead.take\n"
        "ahead.TodayAhead.take = lambda self, *a: taken.append(take(self, *a)) or taken[-1]\n"
        f"sys.argv = ['unknot', *{options!r}]\n"
        "from tui.entry import main; main()\n"
        "try: os.waitpid(-1, os.WNOHANG); left = 'a child left'\n"
        "except ChildProcessError: left = 'no child left'\n"
        "print(left, 'view taken' if taken and taken[0] else 'no view', file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "UNKNOT_"))}
    env.update(TERM="xterm-256color", HOME=str(tmp_path / "home"), TZ="UTC")
    output = run_in_pty([sys.executable, "-c", code], [b"q"], env=env).decode("utf-8", "replace")
    assert "This week" in output
    assert "no child left view taken" in output


# ------------------------------------------------------------------ views kept for later


async def views_kept(pilot: Pilot[None], keeper: ViewKeeper) -> None:
    """Until `keeper` has kept views of the logs as they are now (a few seconds at most)."""
    for _ in range(100):
        if keeper.find(history_version(keeper.paths)) is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("no views kept")


@pytest.fixture
def frames_drawn(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each drawing of Today's view drew from: None for a view had ahead."""
    shown: list[object] = []
    real_show = TodayScreen._show_view

    def show(screen: TodayScreen, history: object, view: object) -> None:
        shown.append(history)
        real_show(screen, history, view)  # type: ignore[arg-type]

    monkeypatch.setattr(TodayScreen, "_show_view", show)
    return shown


def keeper_of(paths: DataPaths, cache: Path, clock: WallClock) -> ViewKeeper:
    return ViewKeeper(cache, paths, CATALOG, clock)


def launched_with_the_view_kept(
    paths: DataPaths, cache: Path, clock: WallClock
) -> tuple[UnknotApp, ViewKeeper]:
    """An app launched as `unknot` does, with the view kept for this day in `cache`."""
    keeper = keeper_of(paths, cache, clock)
    kept = start_today_ahead(paths, CATALOG, clock, keeper)
    assert isinstance(kept, KeptView)
    app = UnknotApp(
        CATALOG, paths, clock=FakeClock(), wall_clock=clock, today_ahead=kept, keeper=keeper
    )
    return app, keeper


async def launch_and_keep(paths: DataPaths, cache: Path, clock: WallClock) -> None:
    """A launch that reads the history before its first frame, and keeps its views."""
    keeper = keeper_of(paths, cache, clock)
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, keeper=keeper)
    async with app.run_test(size=(80, 24)) as pilot:
        await views_kept(pilot, keeper)


async def test_the_next_launch_shows_the_view_kept_without_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_drawn: list[object]
) -> None:
    """A launch reads the history (here before its first frame) and keeps Today's views;
    the next one, two days later, shows the kept view in its first frame without forking,
    then reads the history and finds nothing to redraw."""
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    monkeypatch.setattr(tui.screens.today, "READ_AFTER_FIRST_FRAME_SECONDS", 0.05)
    paths, cache = returning_person(tmp_path / "data"), tmp_path / "cache"
    await launch_and_keep(paths, cache, WallClock())
    monkeypatch.setattr(TodayAhead, "start", None)  # forking would fail the test
    monkeypatch.setattr(tui.screens.today, "READ_AFTER_FIRST_FRAME_SECONDS", 2.0)
    frames_drawn.clear()
    clock = WallClock(TODAY + timedelta(days=2), hour=7)  # two days later, in the morning
    app, _ = launched_with_the_view_kept(paths, cache, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen) and today.history is None
        assert frames_drawn == [None] and "Last time" in screen_text(app)
        await history_read(pilot, today)
        assert frames_drawn == [None]  # the same view: not drawn again
        assert today.view == today_view_of(today.history, CATALOG, local_now(clock))


async def test_a_wrong_view_kept_is_drawn_over_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_drawn: list[object]
) -> None:
    """Whatever made a kept view wrong (a bug, an edit that kept the file valid), the
    read after the first frame draws the right one and keeps it for the next launch."""
    import msgspec

    from tui.core.kept_views import views_file

    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    monkeypatch.setattr(tui.screens.today, "READ_AFTER_FIRST_FRAME_SECONDS", 0.05)
    paths, cache, clock = returning_person(tmp_path / "data"), tmp_path / "cache", WallClock()
    await launch_and_keep(paths, cache, clock)
    where = views_file(cache, paths)
    data = msgspec.json.decode(where.read_bytes())
    data["days"][TODAY.isoformat()]["view"]["session_count"] = 7  # wrong
    where.write_bytes(msgspec.json.encode(data))
    frames_drawn.clear()
    app, keeper = launched_with_the_view_kept(paths, cache, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if keeper.kept is not None:
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        assert len(frames_drawn) == 2  # the kept view, then the one read
    view = keeper.find(history_version(paths))
    assert view is not None and view.take(history_version(paths), TODAY) is not None
    assert (
        msgspec.json.decode(where.read_bytes())["days"][TODAY.isoformat()]["view"]["session_count"]
        == 120
    )


async def test_a_line_written_keeps_new_views_quitting_from_a_sessions_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a session, the views of the history with it are kept even if the person
    quits from the summary, never back on Today: the next day's launch finds them."""
    from tui.screens.reading import HistoryWritten

    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    paths, cache, clock = returning_person(tmp_path / "data", 30), tmp_path / "cache", WallClock()
    keeper = keeper_of(paths, cache, clock)
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, keeper=keeper)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = history_version(paths)
        device_log(paths).append(record("2026-03-25T22:30:00+00:00", "Evening unwind"))
        app.screen.post_message(HistoryWritten())  # as the session screen does once saved
        await views_kept(pilot, keeper)
    kept = start_today_ahead(paths, CATALOG, clock, keeper_of(paths, cache, clock))
    assert isinstance(kept, KeptView)
    view = kept.take(history_version(paths), TODAY)
    assert view is not None and view.session_count == 31
    assert keeper.find(before) is None


async def test_back_on_today_after_a_log_changed_views_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    paths, cache, clock = returning_person(tmp_path / "data", 30), tmp_path / "cache", WallClock()
    keeper = keeper_of(paths, cache, clock)
    app = UnknotApp(CATALOG, paths, clock=FakeClock(), wall_clock=clock, keeper=keeper)
    async with app.run_test(size=(80, 24)) as pilot:
        await views_kept(pilot, keeper)
        device_log(paths).append(record("2026-03-25T22:30:00+00:00", "Evening unwind"))
        await pilot.press("2", "1")  # Exercises, and back to Today
        await views_kept(pilot, keeper)
        assert "Evening unwind" in screen_text(app)


def test_no_view_kept_for_this_day_means_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    paths, cache = returning_person(tmp_path / "data", 30), tmp_path / "cache"
    keeper_of(paths, cache, WallClock()).keep(history_version(paths), load_history(paths))
    later = WallClock(TODAY + timedelta(days=7))  # a week later: none kept for that day
    ahead = start_today_ahead(paths, CATALOG, later, keeper_of(paths, cache, later))
    assert isinstance(ahead, TodayAhead)
    ahead.close()


#: What works Today's view out from the history: a kept view is drawn without any of it.
RULE_MODULES = ("tui.core.today", "tui.core.rules", "tui.core.safety", "tui.core.progress")

#: A fresh process that draws Today's first frame from the view kept in argv[2] for the
#: data in argv[1], and prints which of RULE_MODULES had been imported by then.
FIRST_FRAME_SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.today_ahead import KeptView, ViewKeeper, start_today_ahead

paths, cache = DataPaths(Path(sys.argv[1])), Path(sys.argv[2])
catalog = load_catalog(default_catalog_path())
keeper = ViewKeeper(cache, paths, catalog)
kept = start_today_ahead(paths, catalog, keeper=keeper)
assert isinstance(kept, KeptView), kept

from tui.app import UnknotApp
from tui.screens.today import TodayScreen

imported = []
real_show = TodayScreen._show_view


def show(screen, history, view):
    if not imported:
        imported.append([name for name in json.loads(sys.argv[3]) if name in sys.modules])
    real_show(screen, history, view)


TodayScreen._show_view = show


async def first_frame():
    app = UnknotApp(catalog, paths, today_ahead=kept, keeper=keeper)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()


asyncio.run(first_frame())
print(json.dumps(imported[0]))
"""


def test_a_kept_view_is_drawn_without_importing_the_rules(tmp_path: Path) -> None:
    """In a fresh process (here every module is imported already): the rules, the safety
    wording and the progress figures cost a launch ~3 ms, which a kept view spares."""
    paths, cache = returning_person(tmp_path / "data", 300), tmp_path / "cache"
    assert today_ahead.worth_having_ahead(history_version(paths))
    keeper_of(paths, cache, time.time).keep(history_version(paths), load_history(paths))
    modules = json.dumps(RULE_MODULES)
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_SCRIPT, str(paths.root), str(cache), modules],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_unknot_looks_for_views_kept_in_its_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`unknot` (Today first) hands Today the view kept in --cache-dir, and the app the
    keeper that keeps them there."""
    from tui import cli

    made: dict[str, object] = {}

    def made_app(self: UnknotApp, *args: object, **kwargs: object) -> None:
        made.update(kwargs)
        raise RuntimeError("enough")

    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    paths, cache = returning_person(tmp_path / "data", 30), tmp_path / "cache"
    keeper_of(paths, cache, time.time).keep(history_version(paths), load_history(paths))
    monkeypatch.setattr(TodayAhead, "start", None)  # forking would fail the test
    monkeypatch.setattr(UnknotApp, "__init__", made_app)
    cli.main(["--data-dir", str(paths.root), "--cache-dir", str(cache)])
    keeper = made["keeper"]
    assert isinstance(keeper, ViewKeeper) and keeper.cache_dir == cache
    assert isinstance(made["today_ahead"], KeptView)
    from tui.style_cache import StyleCache

    styles = made["style_cache"]  # Textual's parsed styles, kept in the same folder
    assert isinstance(styles, StyleCache) and styles.path.parent == cache
