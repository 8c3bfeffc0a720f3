"""Search: keystroke to repainted list, with a generated catalogue of 10,000 exercises.

The app runs under Pilot (`run_test(size=(80, 24))`). For each measured key the clock
starts just before `pilot.press(key)`; the list's `show()` is wrapped so that every update
schedules `app.call_after_refresh(...)`, and the clock stops when the callback following the
last update of that key runs, i.e. once the screen has been laid out and painted with the
new rows. (`pilot.press` itself then waits for idle, which is not counted.) Headless runs
do not encode output for a terminal, so these figures leave out the final write.

Cases:
- type: one character of a narrowing query ("hip", "str", ...), search box focused;
- delete: backspace that still leaves a query;
- full list: the keystroke that empties the search (last backspace, or ctrl+u), which
  shows all 10,000 rows again;
- filter: enter in the category dialog (list narrowed, dialog closed), and `x` (clear).

Targets: typing median at most 16 ms; full list under 50 ms.

    .venv/bin/python bench/search.py [--size 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Summary, ms, write_catalog

QUERIES = ("hip", "str", "glute bridge", "wall", "neck", "seated calf")
TYPING_TARGET = 0.016
FULL_LIST_TARGET = 0.050


class RefreshProbe:
    """Times from a key press to the repaint that follows the list's last update."""

    def __init__(self, app: Any, exercise_list: Any) -> None:
        self.app = app
        self.list = exercise_list
        self.generation = 0
        self.painted = asyncio.Event()
        self.painted_at = 0.0
        show: Callable[..., None] = exercise_list.show

        def timed_show(*args: Any, **kwargs: Any) -> None:
            show(*args, **kwargs)
            self.generation += 1
            self.painted.clear()
            app.call_after_refresh(self._painted, self.generation)

        # An instance attribute shadows the method for this one widget only.
        exercise_list.show = timed_show

    def _painted(self, generation: int) -> None:
        if generation == self.generation:
            self.painted_at = time.perf_counter()
            self.painted.set()

    async def press(self, pilot: Any, key: str) -> float:
        """Seconds from pressing `key` to the repaint after the list's update."""
        self.painted.clear()
        before = self.generation
        start = time.perf_counter()
        await pilot.press(key)
        if self.generation == before:
            raise RuntimeError(f"pressing {key!r} did not update the list")
        await asyncio.wait_for(self.painted.wait(), timeout=5)
        return self.painted_at - start


def key_of(char: str) -> str:
    return "space" if char == " " else char


async def measure(catalog: Any, rounds: int) -> dict[str, list[float]]:
    from textual.widgets import Input

    from tui.app import UnknotApp
    from tui.core.catalog import Filters
    from tui.widgets.exercise_list import ExerciseList

    cases: dict[str, list[float]] = {
        "type": [],
        "delete": [],
        "full list (last backspace)": [],
        "full list (ctrl+u)": [],
        "filter (enter in dialog)": [],
        "full list (x clears filter)": [],
    }
    app = UnknotApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exercise_list = app.screen.query_one(ExerciseList)
        search = app.screen.query_one("#search", Input)
        probe = RefreshProbe(app, exercise_list)

        def check(query: str, filters: Filters | None = None) -> None:
            expected = catalog.search(query, filters)
            if exercise_list.shown != expected:
                raise RuntimeError(f"list shows {len(exercise_list.shown)} rows for {query!r}")

        for _ in range(rounds):
            await pilot.press("slash")
            for number, query in enumerate(QUERIES):
                for char in query:
                    cases["type"].append(await probe.press(pilot, key_of(char)))
                check(query)
                if number % 2:  # every other query is cleared in one go
                    cases["full list (ctrl+u)"].append(await probe.press(pilot, "ctrl+u"))
                else:
                    for left in range(len(query) - 1, -1, -1):
                        seconds = await probe.press(pilot, "backspace")
                        cases["delete" if left else "full list (last backspace)"].append(seconds)
                assert search.value == ""
                check("")
            await pilot.press("escape")  # back to the list
            for presses in (("down",), ("down", "down")):  # Mobility, then Strength
                await pilot.press("c", *presses)
                cases["filter (enter in dialog)"].append(await probe.press(pilot, "enter"))
                check("", app.screen.filters)
                cases["full list (x clears filter)"].append(await probe.press(pilot, "x"))
                check("")
    return cases


def core_search(catalog: Any) -> list[tuple[str, float, int]]:
    """Median seconds of Catalog.search alone, with the number of matches."""
    from tui.core.catalog import Filters

    rows = []
    for label, query, filters in (
        ("'h' (broad)", "h", None),
        ("'hip'", "hip", None),
        ("'glute bridge'", "glute bridge", None),
        ("'' (full list)", "", None),
        ("category filter", "", Filters(category="strength")),
    ):
        samples = []
        for _ in range(15):
            start = time.perf_counter()
            found = catalog.search(query, filters)
            samples.append(time.perf_counter() - start)
        rows.append((label, Summary.of(samples).median, len(found)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="exercises (default 10000)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the queries")
    args = parser.parse_args(argv)
    if args.size < 1 or args.rounds < 1:
        parser.error("--size and --rounds must be at least 1")

    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        root = Path(tmp)
        # The app resolves its data folder from these; keep the real one untouched.
        os.environ["HOME"] = str(root)
        os.environ["UNKNOT_DATA_DIR"] = str(root / "unknot-data")
        from tui.core.catalog import load_catalog

        path = write_catalog(root / "catalog.toml", args.size)
        loads = []
        for _ in range(3):
            start = time.perf_counter()
            catalog = load_catalog(path)
            loads.append(time.perf_counter() - start)
        size_kib = path.stat().st_size / 1024
        print(f"catalogue: {len(catalog):,} exercises, {size_kib:,.0f} KiB of TOML")
        print(f"load_catalog: median {ms(Summary.of(loads).median)} ms of 3")
        print()
        print("Catalog.search alone (median of 15)")
        for label, seconds, found in core_search(catalog):
            print(f"  {label:<18} {ms(seconds):>7} ms  {found:>6,} rows")
        print()

        cases = asyncio.run(measure(catalog, args.rounds))

    print("keystroke to repainted list, Pilot 80x24 (ms)")
    print(f"  {'case':<29} {'n':>4} {'median':>8} {'p90':>8} {'max':>8}")
    for name, samples in cases.items():
        summary = Summary.of(samples)
        print(
            f"  {name:<29} {summary.count:>4} {ms(summary.median):>8} "
            f"{ms(summary.p90):>8} {ms(summary.maximum):>8}"
        )
    typing = Summary.of(cases["type"]).median
    full = max(Summary.of(samples).median for name, samples in cases.items() if "full list" in name)
    print()
    print(
        f"typing median {ms(typing)} ms (target <= {ms(TYPING_TARGET)}): "
        f"{'met' if typing <= TYPING_TARGET else 'NOT met'}"
    )
    print(
        f"full list, slowest median {ms(full)} ms (target < {ms(FULL_LIST_TARGET)}): "
        f"{'met' if full < FULL_LIST_TARGET else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
