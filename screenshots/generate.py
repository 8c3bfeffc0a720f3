"""Regenerate screenshots/*.svg from the real app: `make screenshots`.

Runs the app headless at fixed sizes on the shipped catalogue with a throwaway data
folder, drives it by keys like a person, and saves what the terminal shows.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.store import DataPaths

HERE = Path(__file__).resolve().parent

Steps = Callable[[Pilot[None]], Awaitable[None]]


async def catalogue(pilot: Pilot[None]) -> None:
    await pilot.press("down", "down")


async def search(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"hip")


async def builder(pilot: Pilot[None]) -> None:
    await pilot.press("2", "tab")


async def dosage(pilot: Pilot[None]) -> None:
    await pilot.press("2", "tab", "down", "e")


SHOTS: dict[str, tuple[tuple[int, int], Steps]] = {
    "catalogue": ((100, 30), catalogue),
    "catalogue-search": ((80, 24), search),
    "builder": ((100, 30), builder),
    "dosage": ((80, 24), dosage),
}


async def shoot(name: str, size: tuple[int, int], steps: Steps, data_dir: Path) -> Path:
    app = UnknotApp(load_catalog(default_catalog_path()), DataPaths(data_dir))
    async with app.run_test(size=size) as pilot:
        await steps(pilot)
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        app.clear_notifications()
        await pilot.pause()
        target = HERE / f"{name}.svg"
        target.write_text(app.export_screenshot(title=f"Unknot: {name}"), encoding="utf-8")
    return target


async def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        for name, (size, steps) in SHOTS.items():
            if not names or name in names:
                print(await shoot(name, size, steps, Path(data_dir)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
