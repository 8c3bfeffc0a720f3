"""Snapshots of Today (new and returning) and Progress (with data and empty), compact and
wide. Review the HTML report before `--snapshot-update`."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_support import WallClock, seed_history, utc
from support import FakeClock
from textual.pilot import Pilot

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths

__all__ = ["utc"]

CATALOG = load_catalog(default_catalog_path())
SIZES = [(80, 24), (160, 45)]
pytestmark = pytest.mark.usefixtures("utc")


def make_app(data: Path, sessions: int = 0) -> UnknotApp:
    if sessions:
        seed_history(DataPaths(data), sessions)
    return UnknotApp(CATALOG, DataPaths(data), clock=FakeClock(), wall_clock=WallClock())


async def steady(pilot: Pilot[None]) -> None:
    """Every read done, no toasts: the same picture every run."""
    for _ in range(2):
        await pilot.pause()
        for worker in list(pilot.app.workers):
            if worker.group.endswith("-read"):
                await worker.wait()
    pilot.app.clear_notifications()
    await pilot.pause()


async def to_progress(pilot: Pilot[None]) -> None:
    await pilot.press("5")
    await steady(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_today_new_person(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_today_returning_person(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(tmp_path, 365), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_progress_with_a_year(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(tmp_path, 365), terminal_size=size, run_before=to_progress)


@pytest.mark.parametrize("size", SIZES)
def test_progress_empty(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=to_progress)
