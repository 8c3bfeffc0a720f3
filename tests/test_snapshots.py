"""Snapshots of the key screens. Review the HTML report before `--snapshot-update`."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import files_loaded
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths

CATALOG = load_catalog(default_catalog_path())


def make_app(data_dir: Path) -> UnknotApp:
    return UnknotApp(CATALOG, DataPaths(data_dir))


async def steady(pilot: Pilot[None]) -> None:
    """Loaded, with no blinking cursors and no toasts: the same picture every run."""
    await files_loaded(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


async def catalogue(pilot: Pilot[None]) -> None:
    await pilot.press("2")
    await steady(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (40, 12)])
def test_catalogue(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=catalogue)


def test_catalogue_searching_with_a_filter(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot[None]) -> None:
        await pilot.press("2", "c", "down", "enter", "slash", *"hip")
        await steady(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=search)


def test_routine_builder(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_builder(pilot: Pilot[None]) -> None:
        await pilot.press("3")
        await files_loaded(pilot)
        await pilot.press("tab")
        await steady(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=open_builder)


def test_dosage_editor(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def edit(pilot: Pilot[None]) -> None:
        await pilot.press("3")
        await files_loaded(pilot)
        await pilot.press("tab", "e")
        await pilot.pause()
        pilot.app.screen.query_one("#field-hold_seconds", Input).value = "0"
        await steady(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=edit)


@pytest.mark.parametrize("size", [(40, 12), (120, 40)])
def test_routine_builder_compact_and_wide(
    snap_compare, tmp_path: Path, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """Compact: one pane at a time (here the routine's); wide: the exercise in full too."""

    async def open_builder(pilot: Pilot[None]) -> None:
        await pilot.press("3")
        await files_loaded(pilot)
        await pilot.press("enter", "j")
        await steady(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=open_builder)


def test_exercise_picker_with_marks(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def pick(pilot: Pilot[None]) -> None:
        await pilot.press("3")
        await files_loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("down", "j", "space", "j", "j", "space")
        await steady(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=pick)


def test_terminal_too_small(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(tmp_path), terminal_size=(20, 6), run_before=steady)
