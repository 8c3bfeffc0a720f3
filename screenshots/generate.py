"""Regenerate screenshots/*.svg from the real app: `make screenshots`.

Runs the app headless at fixed sizes on the shipped catalogue with a throwaway data
folder, drives it by keys like a person, and saves what the terminal shows.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths

HERE = Path(__file__).resolve().parent

Steps = Callable[[Pilot[None]], Awaitable[None]]


#: The day the screenshots live on (the wall clock below), in UTC.
WALL_CLOCK = 1_795_500_000.0


async def catalogue(pilot: Pilot[None]) -> None:
    # Bridge: wide enough for its figure's start and end side by side.
    ids = [exercise.id for exercise in pilot.app.catalog.exercises]  # type: ignore[attr-defined]
    await pilot.press("2", *["down"] * ids.index("bridge"))


async def search(pilot: Pilot[None]) -> None:
    await pilot.press("2", "slash", *"hip")


async def builder(pilot: Pilot[None]) -> None:
    await pilot.press("3", "tab")


async def builder_in_routine(pilot: Pilot[None]) -> None:
    """The builder with a routine open and its second exercise highlighted."""
    await pilot.press("3")
    await pilot.pause(0.2)
    await pilot.press("enter", "j")


async def picker(pilot: Pilot[None]) -> None:
    """Adding several exercises at once: two marked, in the order they will be added."""
    await pilot.press("3")
    await pilot.pause(0.2)
    await pilot.press("a")
    await pilot.pause()
    await pilot.press("down", "j", "space", "j", "j", "space")


async def dosage(pilot: Pilot[None]) -> None:
    await pilot.press("3", "tab", "down", "e")


def a_year_of_history(pilot: Pilot[None]) -> None:
    """A generated year of sessions ending today, as the tests and benchmarks use."""
    from datetime import UTC, datetime

    from tui.core.store.history import device_log
    from tui.core.synthetic import synthetic_history, write_history

    today = datetime.fromtimestamp(WALL_CLOCK, UTC).date()
    write_history(device_log(pilot.app.paths).path, synthetic_history(365, end=today))  # type: ignore[attr-defined]


async def settled(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()
        for worker in list(pilot.app.workers):
            if worker.group.endswith("-read") or worker.group == "session-start":
                await worker.wait()


async def today_new(pilot: Pilot[None]) -> None:
    await settled(pilot)


async def today(pilot: Pilot[None]) -> None:
    a_year_of_history(pilot)
    pilot.app.screen.reload()  # type: ignore[attr-defined]
    await settled(pilot)


async def progress(pilot: Pilot[None]) -> None:
    a_year_of_history(pilot)
    await pilot.press("5")
    await settled(pilot)


async def safety_check(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await settled(pilot)
    await pilot.press("n", "n")


class StillClock:
    """A monotonic clock that moves only when the script says, so shots are repeatable."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


CLOCK = StillClock()


async def session(pilot: Pilot[None]) -> None:
    from tui.core.safety import check_entry
    from tui.core.store.history import device_log

    # A safety check answered before, so the session starts at once.
    answers = {"night-pain": False}
    device_log(pilot.app.paths).append(  # type: ignore[attr-defined]
        check_entry(answers, "2026-11-20T07:00:00+00:00", "first")
    )
    # Bedtime wind-down, which starts with a hold (Morning mobility starts moving).
    await pilot.press("3", "down", "down", "tab", "s")
    await pilot.pause()
    await pilot.press("3")  # pain before: 3
    await pilot.pause()
    CLOCK.now += 12  # past the get-ready step, into the first hold
    pilot.app.screen.tick()  # type: ignore[attr-defined]


async def history(pilot: Pilot[None]) -> None:
    from tui.core.store.history import device_log

    log = device_log(pilot.app.paths)  # type: ignore[attr-defined]
    for day, (name, minutes, finished, before, after) in enumerate(
        [
            ("Morning mobility", 14, True, 4, 2),
            ("Desk break", 8, True, 3, 3),
            ("Bedtime wind-down", 6, False, 5, 3),
        ]
    ):
        log.append(
            {
                "started_at": f"2026-11-{20 + day:02d}T07:30:00+00:00",
                "routine_name": name,
                "active_seconds": minutes * 60.0,
                "planned_seconds": minutes * 60.0,
                "finished": finished,
                "exercises": [
                    {
                        "entry_index": 0,
                        "id": "knee-to-chest",
                        "name": "Knee to chest",
                        "outcome": "done",
                    },
                    {
                        "entry_index": 1,
                        "id": "cobra",
                        "name": "Cobra",
                        "outcome": "done" if finished else "painful",
                    },
                ],
                "pain_before": before,
                "pain_after": after,
            }
        )
    await pilot.press("4")


SHOTS: dict[str, tuple[tuple[int, int], Steps]] = {
    "today-new": ((80, 24), today_new),
    "safety-check": ((80, 24), safety_check),
    "today": ((80, 24), today),
    "progress": ((100, 36), progress),
    "catalogue": ((120, 34), catalogue),
    "catalogue-compact": ((40, 14), catalogue),
    "catalogue-wide": ((150, 40), catalogue),
    "catalogue-search": ((80, 24), search),
    "builder": ((100, 30), builder),
    "builder-compact": ((40, 14), builder_in_routine),
    "builder-wide": ((150, 40), builder_in_routine),
    "picker": ((80, 24), picker),
    "dosage": ((80, 24), dosage),
    "session": ((80, 24), session),
    "history": ((80, 24), history),
}


async def shoot(name: str, size: tuple[int, int], steps: Steps, data_dir: Path) -> Path:
    app = UnknotApp(
        load_catalog(default_catalog_path()),
        DataPaths(data_dir),
        clock=CLOCK,
        wall_clock=lambda: WALL_CLOCK,
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await steps(pilot)
        await pilot.pause()
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        app.clear_notifications()
        await pilot.pause()
        target = HERE / f"{name}.svg"
        target.write_text(app.export_screenshot(title=f"Unknot: {name}"), encoding="utf-8")
    return target


async def main(names: list[str]) -> None:
    for name, (size, steps) in SHOTS.items():
        if not names or name in names:
            with tempfile.TemporaryDirectory() as data_dir:
                print(await shoot(name, size, steps, Path(data_dir)))


if __name__ == "__main__":
    os.environ["TZ"] = "UTC"  # the same days and times on every machine
    time.tzset()
    asyncio.run(main(sys.argv[1:]))
