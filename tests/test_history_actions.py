"""History's keys: filter by routine, delete a session (asks first), start it again."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from history_support import WallClock, clear_safety_check, sessions_in, utc
from support import FakeClock
from textual.pilot import Pilot
from textual.widgets import OptionList

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.store.history import device_log, load_history
from tui.core.synthetic import session_record
from tui.screens.choice import ChoiceScreen
from tui.screens.dialogs import ConfirmScreen
from tui.screens.history import HistoryScreen
from tui.screens.session import PainScreen

__all__ = ["utc"]

CATALOG = load_catalog(default_catalog_path())
pytestmark = pytest.mark.usefixtures("utc")


def make_app(data: Path) -> UnknotApp:
    return UnknotApp(CATALOG, DataPaths(data), clock=FakeClock(), wall_clock=WallClock())


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(2):
        await pilot.pause()
        for worker in list(pilot.app.workers):
            if worker.group == "history-read":
                await worker.wait()
        await pilot.pause()


def seeded_three(paths: DataPaths) -> None:
    log = device_log(paths)
    for day, routine in ((20, "Desk break"), (21, "Morning mobility"), (22, "Desk break")):
        log.append(session_record(datetime(2026, 3, day, 8, tzinfo=UTC), routine))


async def test_history_filters_by_routine(tmp_path: Path) -> None:
    seeded_three(DataPaths(tmp_path))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and len(screen.records) == 3
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # Desk break, the most used
        await settle(pilot)
        assert [r.routine_name for r in screen.records] == ["Desk break", "Desk break"]
        assert "only Desk break" in str(screen.query_one("#history-title").render())
        assert screen.query_one("#sessions", OptionList).option_count == 2
        await pilot.press("f", "up", "enter")  # all again (the list opens on the filter)
        await settle(pilot)
        assert len(screen.records) == 3


async def test_history_deletes_a_session_after_asking(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    seeded_three(paths)
    before = device_log(paths).path.read_bytes()
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # changed my mind
        await pilot.pause()
        assert device_log(paths).path.read_bytes() == before
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        for worker in list(app.workers):
            if worker.group in ("history-change", "history-read"):
                await worker.wait()
        await settle(pilot)
        assert [r.routine_name for r in screen.records] == ["Desk break", "Desk break"]
    assert device_log(paths).path.read_bytes().startswith(before)  # appended, never rewritten
    assert len(sessions_in(paths)) == 3
    assert len(load_history(paths).records) == 2


async def test_history_starts_the_same_routine_again(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    seeded_three(paths)
    clear_safety_check(paths)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("down", "s")  # Morning mobility
        deadline = time.monotonic() + 10
        while not isinstance(app.screen, PainScreen) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert isinstance(app.screen, PainScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.routine.name == "Morning mobility"  # type: ignore[attr-defined]
