"""Start-up: launch to Unknot's settled first screen (Today), against a bare Textual app.

Each program runs in an 80x24 pseudo-terminal (TERM=xterm-256color) with its own HOME and
data folder, kept from run to run as on a person's machine: the warm-up run fills the
bytecode cache and Unknot's catalogue cache, as any earlier launch would have. With
--first-launch, "unknot-first" also runs with a new, empty HOME every time (no catalogue
cache), the cost of the very first start. The clock starts just before the process is
spawned and stops when the bytes it writes to the terminal contain every marker of its
finished first screen:

- Unknot, on Today: for a new person "Welcome to Unknot" and "Get started" and "Guidance"
  (the key bar, painted last); with a history (--history N: N synthetic sessions, as the
  tests generate them) "This week", "Last time" and "Guidance";
- the bare app (one Static, written to a temporary file): its text "bare ready".

With --history, "unknot" finds Today's view kept by its previous launch (as a person
does the day after a session, or after a sync through Unknot), and "unknot-unkept" runs
too, with the kept views deleted before each launch: the launch after another sync tool
changed a log, when Today's first view is worked out by a child process
(`tui/today_ahead.py`).

Unknot is started by its `unknot` command, as `make run` does. Runs alternate (bare,
Unknot, bare, Unknot, ...) so all see the same machine load; the first run of each is a
discarded warm-up. The target (DEVELOPERS.md) is a ratio of settled medians of at most 1.15.

    .venv/bin/python bench/startup.py [--runs 15] [--first-launch] [--catalog FILE]
                                      [--max-ratio 1.15] [--history 2000]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    REPO,
    MarkerTimeout,
    PtyProgram,
    Summary,
    bench_env,
    ms,
    ratio_interval,
    replay,
    settled,
    unknot_command,
)

BARE_APP = """\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare ready")


Bare().run()
"""

# The catalogue screen's widgets with fixed text and no Unknot code: what Textual alone costs
# for this layout. An approximation to keep roughly in step with the catalogue screen.
SHAPE_APP = """\
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

ROWS = "\\n".join(f" Exercise {i:<12}  MOB  lower back" for i in range(21))
DETAIL = "Knee to chest\\nMobility\\nTargets: lower back\\n\\nSteps\\n" + "\\n".join(
    f"  {i}. Move slowly and breathe." for i in range(1, 7)
)


class Shape(Screen[None]):
    BINDINGS = [
        Binding(key, "bell", label)
        for key, label in [("slash", "Search"), ("f", "Filter"), ("r", "Add"), ("i", "Guidance")]
    ]
    CSS = \"\"\"
    Shape { layout: grid; grid-size: 2 2; grid-columns: 1fr 1fr; grid-rows: 1fr 1; }
    #mode { dock: top; height: 1; }
    #left, #detail { height: 1fr; }
    #notice { column-span: 2; height: 1; }
    \"\"\"

    def compose(self) -> ComposeResult:
        yield Static("Unknot  1 Exercises  2 Routines", id="mode")
        with Vertical(id="left"):
            yield Input(placeholder="/ search")
            yield Static("Category: any  Area: any  Position: any  21/21")
            with VerticalScroll():
                yield Static(ROWS)
        with VerticalScroll(id="detail"):
            yield Static(DETAIL)
        with Horizontal(id="notice"):
            yield Static("Unknot does not replace a clinician.")
        yield Footer()


class ShapeApp(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def get_default_screen(self) -> Screen[None]:
        return Shape()


ShapeApp().run()
"""

BARE_MARKERS = (b"bare ready",)
UNKNOT_MARKERS = (b"Welcome to Unknot", b"Get started", b"Guidance")
#: With a history, Today shows the week and the last session instead of the welcome.
HISTORY_MARKERS = (b"This week", b"Last time", b"Guidance")
#: The catalogue, the first screen before Today (a --baseline of an older commit).
CATALOGUE_MARKERS = SHAPE_MARKERS = (b"Targets:", b"MOB", b"Search")


def seed_history(data_dir: Path, sessions: int) -> None:
    """A synthetic history ending today, the generator the tests use."""
    from datetime import date

    from tui.core.paths import DataPaths
    from tui.core.store.history import device_log
    from tui.core.synthetic import synthetic_history, write_history

    log = device_log(DataPaths(data_dir)).path
    write_history(log, synthetic_history(sessions, end=date.today()))


#: Seconds without a change of the screen after which it counts as settled.
QUIET = 0.3

#: The fewest rounds a ratio's bootstrap interval is worked out from.
MIN_ROUNDS = 5


@dataclass(frozen=True)
class Launch:
    """One launch: when its markers were all written and when its screen settled."""

    markers: float
    settled: float
    frames: int
    """Updates of the screen up to the settled one."""
    after_markers: int
    """Updates after the one that completed the markers: the first frame was provisional."""


def launch(
    command: Sequence[str], markers: Sequence[bytes], env: dict[str, str], cwd: Path
) -> Launch:
    """Launch in an 80x24 pty; time the markers, then read until 0.5 s of silence."""
    with PtyProgram(command, env=env, cwd=cwd) as program:
        marked = program.read_until(markers, timeout=15)
        program.read_until_quiet(QUIET + 0.2, limit=3.0)
        end = program.now()
    frames = replay(program.chunks)
    at = settled(frames, end, QUIET)
    shown = [frame.at for frame in frames if frame.at <= at]
    # The update holding the markers ends at or just after the chunk that completed them.
    first = next((i for i, frame_at in enumerate(shown) if frame_at >= marked), len(shown))
    return Launch(
        markers=marked,
        settled=at,
        frames=len(shown),
        after_markers=max(0, len(shown) - first - 1),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each (default 15)")
    parser.add_argument("--catalog", type=Path, help="start Unknot with this catalogue")
    parser.add_argument(
        "--max-ratio", type=float, help="exit 1 when Unknot/bare (settled medians) is above this"
    )
    parser.add_argument(
        "--first-launch",
        action="store_true",
        help="also time Unknot with an empty HOME at every run (no catalogue cache)",
    )
    parser.add_argument(
        "--shape",
        action="store_true",
        help="also time a plain Textual app with the catalogue screen's widgets",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="also time `python -m tui` in DIR, a checkout of an older commit "
        "(e.g. `git worktree add /tmp/unknot-old main`), side by side",
    )
    parser.add_argument(
        "--history",
        type=int,
        default=0,
        metavar="N",
        help="give Unknot a history of N synthetic sessions (about one a day) first",
    )
    parser.add_argument(
        "--marker",
        action="append",
        help="text that proves Unknot's first screen is complete (repeatable; "
        f"default {', '.join(m.decode() for m in UNKNOT_MARKERS)})",
    )
    parser.add_argument(
        "--baseline-marker",
        action="append",
        help="the same for --baseline (default: the catalogue's, "
        f"{', '.join(m.decode() for m in CATALOGUE_MARKERS)})",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    default_markers = HISTORY_MARKERS if args.history else UNKNOT_MARKERS
    markers = tuple(m.encode() for m in args.marker) if args.marker else default_markers
    old_markers = (
        tuple(m.encode() for m in args.baseline_marker)
        if args.baseline_marker
        else CATALOGUE_MARKERS
    )

    unknot_argv = unknot_command()
    if args.catalog:
        unknot_argv += ["--catalog", str(args.catalog.resolve())]

    launches: dict[str, list[Launch]] = {
        "bare": [],
        "unknot": [],
        "baseline": [],
        "unknot-first": [],
        "unknot-unkept": [],
        "shape": [],
    }
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        root = Path(tmp)
        bare_script = root / "bare_app.py"
        bare_script.write_text(BARE_APP)
        programs = {
            "bare": ([sys.executable, str(bare_script)], BARE_MARKERS),
            "unknot": (unknot_argv, markers),
        }
        if args.baseline:
            old = [sys.executable, "-m", "tui"]
            if args.catalog:
                old += ["--catalog", str(args.catalog.resolve())]
            programs["baseline"] = (old, old_markers)
        if args.first_launch:
            programs["unknot-first"] = (unknot_argv, markers)
        if args.history:  # a launch after the logs changed elsewhere: no view kept for it
            programs["unknot-unkept"] = (unknot_argv, markers)
        if args.shape:
            shape_script = root / "shape_app.py"
            shape_script.write_text(SHAPE_APP)
            programs["shape"] = ([sys.executable, str(shape_script)], SHAPE_MARKERS)
        for run in range(args.runs + 1):  # run 0 is the warm-up (disk cache, .pyc files)
            for name, (command, wanted) in programs.items():
                fresh = name == "unknot-first"
                home = root / (f"home-{name}-{run}" if fresh else f"home-{name}")
                if not home.exists() and name.startswith("unknot") and args.history:
                    seed_history(home / "unknot-data", args.history)
                home.mkdir(exist_ok=True)
                if name == "unknot-unkept":
                    for kept in (home / "unknot-cache").glob("today-*.json"):
                        kept.unlink()
                try:
                    env = bench_env(home, pycache=root / "pycache")
                    cwd = args.baseline.resolve() if name == "baseline" else REPO
                    result = launch(command, wanted, env, cwd)
                except MarkerTimeout as error:
                    print(f"error: {error}", file=sys.stderr)
                    return 2
                if run:
                    launches[name].append(result)
            print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)

    rows = {name: results for name, results in launches.items() if results}
    unsettled = {name: sum(math.isnan(r.settled) for r in rs) for name, rs in rows.items()}
    marked = {name: Summary.of([r.markers for r in rs]) for name, rs in rows.items()}
    calm = {
        name: Summary.of([r.settled for r in rs if not math.isnan(r.settled)])
        for name, rs in rows.items()
        if unsettled[name] < len(rs)
    }
    history = f", {args.history} sessions in the history" if args.history else ""
    print(
        f"start-up in an 80x24 pty{history}, {args.runs} alternating runs each (ms): "
        "markers = every marker written; settled = last update followed by "
        f"{QUIET * 1000:.0f} ms of no change"
    )
    print(
        f"{'program':<13} {'markers':>8} {'settled':>8} {'p25':>8} {'p75':>8} {'max':>8} "
        f"{'updates':>8} {'late':>5} {'x bare':>7}"
    )
    for name, results in rows.items():
        settled_summary = calm.get(name)
        frames = statistics.median(r.frames for r in results)
        late = statistics.median(r.after_markers for r in results)
        if settled_summary is None:
            print(f"{name:<13} {ms(marked[name].median):>8}  never settled")
            continue
        print(
            f"{name:<13} {ms(marked[name].median):>8} {ms(settled_summary.median):>8} "
            f"{ms(settled_summary.p25):>8} {ms(settled_summary.p75):>8} "
            f"{ms(settled_summary.maximum):>8} {frames:>8g} {late:>5g} "
            f"{settled_summary.median / calm['bare'].median:>7.2f}"
        )
        if unsettled[name]:
            print(f"  ({unsettled[name]} run(s) never settled within 3 s)")
    ratio_markers = marked["unknot"].median / marked["bare"].median
    ratio = calm["unknot"].median / calm["bare"].median
    verdict = "" if args.max_ratio is None else f" (limit {args.max_ratio:.2f})"
    print(f"ratio unknot/bare (medians): {ratio:.2f} settled{verdict}, {ratio_markers:.2f} markers")
    for name, results in rows.items():
        if name == "bare":
            continue
        rounds = [
            (own.settled, bare.settled)
            for own, bare in zip(results, rows["bare"], strict=True)
            if not math.isnan(own.settled) and not math.isnan(bare.settled)
        ]
        if len(rounds) < MIN_ROUNDS:
            print(f"  {name}/bare: too few settled runs for an interval")
            continue
        owns, bares = [own for own, _ in rounds], [bare for _, bare in rounds]
        low, high = ratio_interval(owns, bares)
        point = statistics.median(owns) / statistics.median(bares)
        print(
            f"  {name}/bare settled {point:.2f}, 90% bootstrap interval {low:.2f}-{high:.2f}"
            f" ({len(rounds)} rounds where both settled)"
        )
    print("late = updates after the markers were written (0: the first full frame was final)")
    print(
        "interval: the middle 90% of the ratio over these runs drawn again, a round at a "
        "time (this run's noise only)"
    )
    if args.max_ratio is not None and ratio > args.max_ratio:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
