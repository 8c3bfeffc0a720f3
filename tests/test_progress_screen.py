"""Progress, driven as a person would: charts, periods, rating activities, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_support import WallClock, seed_history, utc
from support import FakeClock, screen_text
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.psfs import psfs_entries
from tui.core.store.history import load_history
from tui.screens.choice import ChoiceScreen
from tui.screens.progress import ProgressScreen
from tui.screens.psfs import PsfsScreen

__all__ = ["utc"]

CATALOG = load_catalog(default_catalog_path())
pytestmark = pytest.mark.usefixtures("utc")


def make_app(data: Path) -> UnknotApp:
    return UnknotApp(CATALOG, DataPaths(data), clock=FakeClock(), wall_clock=WallClock())


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(2):
        await pilot.pause()
        for worker in list(pilot.app.workers):
            if worker.group.endswith("-read") or worker.group == "history-change":
                if worker.group == "history-change" and not worker.is_finished:
                    continue  # may be waiting on a dialog
                await worker.wait()
        await pilot.pause()


def title(app: UnknotApp) -> str:
    return str(app.screen.query_one("#progress-title", Static).render())


async def test_progress_with_a_year_of_sessions(tmp_path: Path) -> None:
    seed_history(DataPaths(tmp_path), 365)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        text = screen_text(app)
        assert "365 sessions in all time" in text
        assert "Pain before sessions" in text and "Pain after sessions" in text
        assert "each column: 4 days" in text  # a year in 91 columns
        assert "Sessions per week" in text
        body = screen.query_one("#progress-body")
        body.scroll_end(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "Exercises that hurt most often" in text and "Bridge" in text
        assert "Putting on socks" in text and "usually meaningful" in text
        await pilot.press("r")
        await pilot.pause()
        assert "in the last 4 weeks" in screen_text(app)
        body.scroll_home(animate=False)
        await pilot.pause()
        assert "each column: a day" in screen_text(app)


async def test_progress_for_nobody_yet(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        text = screen_text(app)
        assert "No sessions yet." in text and "None yet. Press a" in text
        assert app.screen.has_class("-empty")


async def test_rating_activities_from_progress(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PsfsScreen)
        await pilot.press(*"Putting on socks", "tab", "1", "2", "enter")
        await pilot.pause()
        assert "0 to 10" in str(app.screen.query_one("#psfs-problem").render())
        score = app.screen.query_one("#score-0", Input)
        score.value = "3"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        await settle(pilot)
        assert "Putting on socks" in screen_text(app)
    (entry,) = psfs_entries(load_history(DataPaths(tmp_path)).entries)
    assert [(r.activity, r.score) for r in entry.ratings] == [("Putting on socks", 3)]


async def test_the_report_key_writes_a_report(tmp_path: Path) -> None:
    from platformdirs import user_downloads_path

    seed_history(DataPaths(tmp_path), 40)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # HTML
        for group in ("progress-flow", "download"):
            for worker in list(app.workers):
                if worker.group == group:
                    await worker.wait()
        await pilot.pause()
    downloads = user_downloads_path()
    assert str(downloads).startswith(str(tmp_path.parent))  # never the real home
    written = downloads / "unknot-report-2026-03-25.html"
    assert written.exists()
    assert "<svg" in written.read_text("utf-8")


async def test_progress_shows_what_today_read_at_once_and_a_new_session_on_return(
    tmp_path: Path,
) -> None:
    from tests.history_support import record
    from tui.core.store.history import device_log

    paths = DataPaths(tmp_path)
    seed_history(paths, 30)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads: list[object] = []
        real = app.history_reader.read
        app.history_reader.read = lambda: reads.append(1) or real()  # type: ignore[method-assign]
        await pilot.press("5")
        # The first frame has the sessions: Today had just read the same logs.
        assert "30 sessions in all time" in screen_text(app)
        assert reads == []
        await pilot.press("1")
        device_log(paths).append(record("2026-03-25T07:00:00+00:00", "Desk break"))
        await pilot.press("5")
        await settle(pilot)
        assert "31 sessions in all time" in screen_text(app)
        assert len(reads) == 1


async def test_first_visits_do_not_parse_every_stylesheet_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each area's styles are added to the app's, not parsed again with all the others
    (a full reparse cost 20-35 ms of every first visit, three times over)."""
    from textual.css.stylesheet import Stylesheet

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reparses: list[object] = []
        real = Stylesheet.reparse
        monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparses.append(1) or real(self))
        for key in "23451":
            await pilot.press(key)
            await settle(pilot)
        assert reparses == []


async def test_coming_back_on_another_day_moves_the_periods_on(tmp_path: Path) -> None:
    """Left open overnight, Progress draws again for the new day, though no log changed."""
    seed_history(DataPaths(tmp_path), 30)
    clock = WallClock()
    app = UnknotApp(CATALOG, DataPaths(tmp_path), clock=FakeClock(), wall_clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("r")  # the last 4 weeks: since 26 February
        await pilot.pause()
        assert "(since 26 Feb 2026)" in title(app)
        await pilot.press("1")
        clock.now += 24 * 3600
        await pilot.press("5")
        await settle(pilot)
        assert "(since 27 Feb 2026)" in title(app)
