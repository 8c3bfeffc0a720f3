"""Search: keystroke to the settled list, with a generated catalogue of 10,000 exercises.

In a real terminal (the default): Unknot runs in an 80x24 pseudo-terminal
(TERM=xterm-256color) on the generated catalogue, and keys are written to the terminal
one at a time, each once the screen has been still for 300 ms. Every byte the app writes
is timed and replayed through a terminal emulator (pyte); for each key:

- first byte: the first byte written after the key;
- list: the last update that changed text on screen (the rows, the count);
- settled: the last update of any kind after which the screen stays still for 300 ms;
- style-only: updates after the last text change that changed only colours or
  attributes (a highlight moving, a border's focus colour): a person sees the list
  flicker after it is complete. The target is none.

Cases: each character of six narrowing queries ("hip", "str", ...); backspaces that
leave a query; the keystroke that empties the search (last backspace, or ctrl+u), which
shows all 10,000 rows again; enter in the category dialog and `x` to clear the filter.
`--baseline DIR` runs an older checkout (`python -m tui` there) in the same run,
alternating rounds, so both see the same machine.

Headless (`--headless`, a profile aid): the app under Pilot; the clock runs from
`pilot.press(key)` to the `call_after_refresh` callback after the list's last update.
Headless runs lay out and render but never encode or write output, so they undercount.

Targets: settled median at most 20 ms (DEVELOPERS.md), no style-only updates after the list.

    .venv/bin/python bench/search.py [--size 10000] [--rounds 2] [--baseline DIR] [--headless]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    REPO,
    MarkerTimeout,
    PtyProgram,
    Summary,
    bench_env,
    ms,
    replay,
    settled,
    unknot_command,
    write_catalog,
)

QUERIES = ("hip", "str", "glute bridge", "wall", "neck", "seated calf")
TYPING_TARGET = 0.016
FULL_LIST_TARGET = 0.050
SETTLED_TARGET = 0.020
#: Seconds of a still screen that end a keystroke's measurement.
QUIET = 0.3
KEYS = {"space": b" ", "backspace": b"\x7f", "ctrl+u": b"\x15", "enter": b"\r"}
KEYS |= {"down": b"\x1b[B", "slash": b"/"}


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
        await pilot.press("2")  # Today first, then the catalogue
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


# --------------------------------------------------------------------------- in a terminal


@dataclass(frozen=True)
class Keystroke:
    """What one key written to the terminal led to, in seconds after it was written."""

    case: str
    first_byte: float
    list_done: float
    settled: float
    style_only: int
    """Updates after the last text change that changed only colours or attributes."""


def script() -> list[tuple[str | None, str]]:
    """(case, key) in order; case None for keys that set up the next measured one."""
    keys: list[tuple[str | None, str]] = [(None, "slash")]
    for number, query in enumerate(QUERIES):
        keys += [("type", key_of(char)) for char in query]
        if number % 2:  # every other query is cleared in one go
            keys.append(("full list (ctrl+u)", "ctrl+u"))
        else:
            keys += [("delete", "backspace")] * (len(query) - 1)
            keys.append(("full list (last backspace)", "backspace"))
    keys.append((None, "enter"))  # to the list
    for downs in (1, 2):  # Mobility, then Strength
        keys += [(None, "c")] + [(None, "down")] * downs
        keys += [("filter (enter in dialog)", "enter"), ("full list (x clears filter)", "x")]
    keys.append((None, "slash"))
    return keys


def keystrokes_in_pty(command: list[str], env: dict[str, str], cwd: Path) -> list[Keystroke]:
    """Start the app, then write the script's keys, each once the screen is still."""
    with PtyProgram(command, env=env, cwd=cwd) as program:
        # Today first (or, for a --baseline from before it, the catalogue), then 2.
        program.read_until((b"Guidance",), timeout=60)
        program.read_until_quiet(QUIET, limit=10)
        program.write(b"2")
        program.read_until((b"MOB", b"Search"), timeout=60)
        program.read_until_quiet(QUIET, limit=10)
        marks: list[tuple[str | None, str, float]] = []
        for case, key in script():
            marks.append((case, key, program.write(KEYS.get(key, key.encode()))))
            if not program.read_until_quiet(QUIET, limit=5):
                raise RuntimeError(f"the screen never settled after {key!r}")
        end = program.now()
    frames = replay(program.chunks)
    results = []
    for number, (case, key, sent) in enumerate(marks):
        until = marks[number + 1][2] if number + 1 < len(marks) else end
        window = [frame for frame in frames if sent < frame.at <= until]
        if case is None:
            continue
        # A space typed after a word changes no text (the rows stay, the blank is blank):
        # then the list is done when the cursor has moved.
        texts = [frame for frame in window if frame.text] or window
        if not texts:
            raise RuntimeError(f"{case}: key {number} ({key!r}) changed nothing on screen")
        first = next(at for at, _ in program.chunks if at > sent)
        calm = settled(window, until, QUIET)
        last_text = texts[-1].at
        style_only = sum(1 for frame in window if last_text < frame.at <= calm)
        results.append(Keystroke(case, first - sent, last_text - sent, calm - sent, style_only))
    return results


def measure_pty(catalog_path: Path, args: argparse.Namespace, root: Path) -> int:
    programs = {"unknot": (unknot_command(), REPO)}
    if args.baseline:
        programs["baseline"] = ([sys.executable, "-m", "tui"], args.baseline.resolve())
    results: dict[str, list[Keystroke]] = {name: [] for name in programs}
    for round_ in range(args.rounds):
        for name, (command, cwd) in programs.items():
            home = root / f"home-{name}"
            home.mkdir(exist_ok=True)
            env = bench_env(home, pycache=root / "pycache")
            try:
                found = keystrokes_in_pty([*command, "--catalog", str(catalog_path)], env, cwd)
            except (MarkerTimeout, RuntimeError) as error:
                print(f"error ({name}): {error}", file=sys.stderr)
                return 2
            results[name] += found
            print(f"round {round_ + 1}: {name} done", file=sys.stderr, flush=True)

    print(
        f"keystroke to the settled list, 80x24 pty, {args.size:,} exercises, "
        f"{args.rounds} round(s) (ms after the key was written)"
    )
    for name, keystrokes in results.items():
        print(f"{name}:")
        print(
            f"  {'case':<29} {'n':>4} {'1st byte':>8} {'list':>7} {'settled':>8} "
            f"{'p90':>7} {'max':>7} {'style-only':>10}"
        )
        cases = dict.fromkeys(k.case for k in keystrokes)
        for case in cases:
            rows = [k for k in keystrokes if k.case == case]
            calm = Summary.of([k.settled for k in rows])
            print(
                f"  {case:<29} {calm.count:>4} "
                f"{ms(Summary.of([k.first_byte for k in rows]).median):>8} "
                f"{ms(Summary.of([k.list_done for k in rows]).median):>7} "
                f"{ms(calm.median):>8} {ms(calm.p90):>7} {ms(calm.maximum):>7} "
                f"{sum(k.style_only for k in rows):>10}"
            )
        typing = Summary.of([k.settled for k in keystrokes if k.case == "type"]).median
        flicker = sum(k.style_only for k in keystrokes)
        verdict = "met" if typing <= SETTLED_TARGET and not flicker else "NOT met"
        print(
            f"  typing, settled median {ms(typing)} ms (target <= {ms(SETTLED_TARGET)}), "
            f"{flicker} style-only update(s) after the list (target 0): {verdict}"
        )
    return 0


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="exercises (default 10000)")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries")
    parser.add_argument(
        "--baseline", type=Path, metavar="DIR", help="also run an older checkout, alternating"
    )
    parser.add_argument(
        "--headless", action="store_true", help="time under Pilot instead (a profile aid)"
    )
    args = parser.parse_args(argv)
    if args.size < 1 or args.rounds < 1:
        parser.error("--size and --rounds must be at least 1")
    if args.headless and args.baseline:
        parser.error("--baseline runs in a terminal only")

    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        root = Path(tmp)
        # The app resolves its data folder from these; keep the real one untouched.
        os.environ["HOME"] = str(root)
        os.environ["UNKNOT_DATA_DIR"] = str(root / "unknot-data")
        os.environ["UNKNOT_CACHE_DIR"] = str(root / "unknot-cache")
        path = write_catalog(root / "catalog.toml", args.size)
        if not args.headless:
            return measure_pty(path, args, root)
        return headless(path, args)


def headless(path: Path, args: argparse.Namespace) -> int:
    from tui.core.catalog import load_catalog

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

    print("keystroke to repainted list, Pilot 80x24, headless: no output written (ms)")
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
