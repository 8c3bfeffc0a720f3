"""The app with data from several machines: conflicts offered through the "changed
elsewhere" dialog, sync at start (never during a session), downloads of a handout and
of the history."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

import pytest
from history_support import clear_safety_check
from support import FakeClock, files_loaded, screen_text
from textual.pilot import Pilot

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.history import device_log
from tui.core.store.routines import RoutineStore, routine_file_text
from tui.core.store.settings import Settings, save_settings
from tui.screens.choice import ChoiceScreen
from tui.screens.routines import RoutinesScreen
from tui.screens.session import PainScreen, SessionScreen

CATALOG = load_catalog(default_catalog_path())
DESK = Routine(name="Desk break", exercise=(RoutineEntry(id="cobra"),))
THEIRS = Routine(name="Desk break", description="from the desktop", exercise=DESK.exercise)
COPY = "desk-break.sync-conflict-20250301-091500-ABCDEFG.toml"


def with_conflict_copy(data: Path) -> Path:
    paths = DataPaths(data)
    RoutineStore(paths).create(DESK)
    copy = paths.routines / COPY
    copy.write_text(routine_file_text(THEIRS), encoding="utf-8")
    return copy


async def until_idle(pilot: Pilot[None], *groups: str) -> None:
    await pilot.pause()
    app = pilot.app
    # Only those groups: `wait_for_complete([])` would wait for every worker.
    waiting = [w for w in app.workers if w.group in groups and not w.is_finished]
    if waiting:
        await asyncio.gather(*(w.wait() for w in waiting), return_exceptions=True)
    await pilot.pause()


async def test_a_conflict_copy_is_offered_at_start_and_keep_both_keeps_both(
    tmp_path: Path,
) -> None:
    copy = with_conflict_copy(tmp_path)
    app = UnknotApp(CATALOG, DataPaths(tmp_path), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await until_idle(pilot, "app-start")
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, ChoiceScreen):
                break
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "'Desk break' was changed on two machines" in text
        assert "Keep both" in text and "asks again next time" in text
        assert "sync-conflict" in text  # which file
        await pilot.press("enter")  # the first choice: keep both
        await until_idle(pilot, "app-sync")
        assert not copy.exists()
        await pilot.press("3")
        await files_loaded(pilot)
        names = [stored.name for stored in app.screen.routines]  # type: ignore[attr-defined]
        assert names == ["Desk break", "Desk break (other version)"]


async def test_escape_leaves_the_copy_alone_and_it_is_never_loaded(tmp_path: Path) -> None:
    copy = with_conflict_copy(tmp_path)
    before = copy.read_bytes()
    app = UnknotApp(CATALOG, DataPaths(tmp_path), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, ChoiceScreen):
                break
        await pilot.press("escape")
        await until_idle(pilot, "app-sync")
        await pilot.press("3")
        await files_loaded(pilot)
        await until_idle(pilot, "conflicts")
        assert isinstance(app.screen, RoutinesScreen)  # not asked again in this run
        assert [stored.name for stored in app.screen.routines] == ["Desk break"]
    assert copy.read_bytes() == before


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
async def test_sync_at_start_brings_the_other_machines_routine(tmp_path: Path) -> None:
    from tui.core.sync import init

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    desktop, laptop = DataPaths(tmp_path / "desktop"), DataPaths(tmp_path / "laptop")
    RoutineStore(desktop).create(DESK)
    init(desktop, str(remote), interactive=False)
    init(laptop, str(remote), interactive=False)
    RoutineStore(desktop).create(Routine(name="Evening", exercise=DESK.exercise))
    init(desktop, str(remote), interactive=False)
    save_settings(laptop, Settings(sync="on"))
    app = UnknotApp(CATALOG, laptop, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await until_idle(pilot, "app-start", "app-sync")
        assert sorted(RoutineStore(laptop).names()) == ["Desk break", "Evening"]


async def test_a_session_waits_for_a_sync_under_way(tmp_path: Path) -> None:
    RoutineStore(DataPaths(tmp_path)).create(DESK)
    clear_safety_check(DataPaths(tmp_path))
    app = UnknotApp(CATALOG, DataPaths(tmp_path), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await until_idle(pilot, "app-start", "app-sync")
        await app.sync_lock.acquire()  # as a sync at start would
        await app.start_session(DESK)  # in a worker: past the safety check, then the lock
        waiting = "Finishing the sync first…"
        for _ in range(250):  # until it says it is waiting
            await pilot.pause(0.02)
            if any(note.message == waiting for note in app._notifications):
                break
        assert any(note.message == waiting for note in app._notifications)
        assert not isinstance(app.screen, (SessionScreen, PainScreen))
        app.sync_lock.release()
        await until_idle(pilot, "session-start")
        assert isinstance(app.screen, (SessionScreen, PainScreen))


async def test_a_handout_and_the_history_are_saved_as_new_files(tmp_path: Path) -> None:
    from platformdirs import user_downloads_path

    paths = DataPaths(tmp_path)
    RoutineStore(paths).create(DESK)
    device_log(paths).append(
        {
            "started_at": "2025-03-01T08:00:00+01:00",
            "routine_name": "=HYPERLINK(1)",
            "active_seconds": 300.0,
            "planned_seconds": 300.0,
            "finished": True,
            "exercises": [],
        }
    )
    downloads = user_downloads_path()
    assert str(downloads).startswith(str(tmp_path.parent))  # never the real home
    app = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await until_idle(pilot, "app-start", "app-sync")
        await pilot.press("3")
        await files_loaded(pilot)
        await pilot.press("p", "p")  # twice: the second never replaces the first
        await until_idle(pilot, "download")
        await pilot.press("4")
        await until_idle(pilot, "history-read")
        await pilot.press("e")
        await until_idle(pilot, "download")
    handouts = sorted(path.name for path in downloads.glob("desk-break*.md"))
    assert handouts == ["desk-break-2.md", "desk-break.md"]
    assert (downloads / "desk-break.md").read_text().startswith("# Desk break")
    import csv

    with (downloads / "unknot-history.csv").open(newline="") as handle:
        header, row = list(csv.reader(handle))
    assert header[:2] == ["started", "routine"]
    assert row[1] == "'=HYPERLINK(1)"  # text, not a formula a spreadsheet would run
