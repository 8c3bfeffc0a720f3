"""Progress: key `5` to the first complete Progress frame, with N synthetic sessions.

The app runs under Pilot (`run_test`, 80x24 and 160x45) with a history of N sessions from
`tui.core.synthetic` (the generator the tests use; about one session a day, with PSFS
ratings and a safety check). `ProgressScreen.show` is wrapped so that each call schedules
`app.call_after_refresh(...)`; the clock starts just before `pilot.press("5")` and stops in
the callback after the first `show` that follows, i.e. once the history has been read (in a
worker), every section computed and the screen laid out and painted. Headless runs do not
encode output for a terminal, so the final write is left out.

Cases: the first visit (the screen is created; Today read the log at start and it has
not changed since, so Progress draws what Today read, in its first frame), and coming back
from Today after a line was appended (`1` then `5`: the log is read again, in a thread).
Also timed: the report for a physiotherapist over all of 5 years of daily sessions
(`build_report` + both formats).

Targets: Progress at most 100 ms with 2,000 sessions; the 5-year report at most 1 s.

    .venv/bin/python bench/progress.py [--sessions 0,100,2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Summary, ms

PROGRESS_TARGET = 0.100
REPORT_TARGET = 1.0


async def time_progress(
    sessions: int, size: tuple[int, int], rounds: int
) -> dict[str, list[float]]:
    from tui.app import UnknotApp
    from tui.core.catalog import default_catalog_path, load_catalog
    from tui.core.paths import DataPaths
    from tui.core.store.history import device_log
    from tui.core.synthetic import synthetic_history, write_history
    from tui.screens.progress import ProgressScreen

    catalog = load_catalog(default_catalog_path())
    shown = asyncio.Event()
    stamps: list[float] = []
    original = ProgressScreen.show

    def timed_show(self: Any, history: Any) -> None:
        original(self, history)
        self.app.call_after_refresh(lambda: (stamps.append(time.perf_counter()), shown.set()))

    ProgressScreen.show = timed_show  # type: ignore[method-assign]
    times: dict[str, list[float]] = {"first visit": [], "coming back": []}
    try:
        for _ in range(rounds):
            with tempfile.TemporaryDirectory(prefix="unknot-progress-") as tmp:
                paths = DataPaths(Path(tmp))
                if sessions:
                    write_history(
                        device_log(paths).path, synthetic_history(sessions, end=date.today())
                    )
                app = UnknotApp(catalog, paths)
                async with app.run_test(size=size) as pilot:
                    await pilot.pause()
                    for case in ("first visit", "coming back"):
                        if case == "coming back":
                            await pilot.press("1")
                            await pilot.pause()
                            # Something new in the log, as after a session.
                            changed = device_log(paths).path
                            changed.parent.mkdir(parents=True, exist_ok=True)
                            with changed.open("a") as log:
                                log.write("\n")
                        shown.clear()
                        start = time.perf_counter()
                        await pilot.press("5")
                        await asyncio.wait_for(shown.wait(), 10)
                        times[case].append(stamps[-1] - start)
    finally:
        ProgressScreen.show = original  # type: ignore[method-assign]
    return times


def time_report(rounds: int) -> list[float]:
    from tui.core.catalog import default_catalog_path, load_catalog
    from tui.core.paths import DataPaths
    from tui.core.report import build_report, report_html, report_markdown, routines_by_name
    from tui.core.safety import load_safety
    from tui.core.store.history import device_log, load_history
    from tui.core.synthetic import synthetic_history, write_history

    catalog = load_catalog(default_catalog_path())
    samples = []
    with tempfile.TemporaryDirectory(prefix="unknot-report-") as tmp:
        paths = DataPaths(Path(tmp))
        write_history(device_log(paths).path, synthetic_history(5 * 365, end=date.today()))
        for _ in range(rounds):
            start = time.perf_counter()
            report = build_report(
                load_history(paths),
                routines_by_name(paths),
                catalog,
                date.today(),
                "all",
                load_safety(),
            )
            report_html(report)
            report_markdown(report)
            samples.append(time.perf_counter() - start)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sessions", default="0,100,2000", help="history sizes (default 0,100,2000)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="app runs per size (default 5)")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.sessions.split(",")]
    print(f"Progress: key 5 to the first complete frame, Pilot, {args.rounds} runs (ms)")
    print(f"{'sessions':>8} {'terminal':>9} {'case':<12} {'median':>8} {'p90':>8} {'max':>8}")
    worst = 0.0
    for sessions in sizes:
        for size in ((80, 24), (160, 45)):
            times = asyncio.run(time_progress(sessions, size, args.rounds))
            for case, samples in times.items():
                summary = Summary.of(samples)
                worst = max(worst, summary.median)
                print(
                    f"{sessions:>8} {size[0]:>4}x{size[1]:<4} {case:<12} {ms(summary.median):>8} "
                    f"{ms(summary.p90):>8} {ms(summary.maximum):>8}"
                )
    report = Summary.of(time_report(max(3, args.rounds // 2)))
    print(f"report of 5 years of daily sessions (all, both formats): median {ms(report.median)} ms")
    met = worst <= PROGRESS_TARGET and report.median <= REPORT_TARGET
    verdict = "met" if met else "NOT met"
    print(f"targets: Progress <= {ms(PROGRESS_TARGET)} ms, report <= 1 s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
