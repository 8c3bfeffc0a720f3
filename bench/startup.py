"""Start-up: launch to the first complete Today frame, against a bare Textual app.

Each program runs in an 80x24 pseudo-terminal (TERM=xterm-256color) with its own HOME and
data folder, kept from run to run as on a person's machine: the warm-up run fills the
bytecode cache and Unknot's catalogue cache, as any earlier launch would have. With
--first-launch, "unknot-first" also runs with a new, empty HOME every time (no catalogue
cache), the cost of the very first start. The clock starts just before the process is
spawned and stops when the bytes it writes to the terminal contain every marker of its
finished first screen:

- Unknot, on Today: for a new person "Welcome to Unknot" and "Get started" (the key
  bar); with a history (--history N: N synthetic sessions, as the tests generate them)
  "This week", "Last time" and "Guidance" (the key bar, painted last);
- the bare app (one Static, written to a temporary file): its text "bare ready".

Unknot is started by its `unknot` command, as `make run` does. Runs alternate (bare,
Unknot, bare, Unknot, ...) so all see the same machine load; the first run of each is a
discarded warm-up. The target is a ratio of medians of at most 1.2.

    .venv/bin/python bench/startup.py [--runs 15] [--first-launch] [--catalog FILE]
                                      [--max-ratio 1.2] [--history 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, MarkerTimeout, Summary, bench_env, ms, time_to_markers

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
        for key, label in [("slash", "Search"), ("f", "Filter"), ("r", "Add"), ("g", "Guidance")]
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
SHAPE_MARKERS = (b"Targets:", b"MOB", b"Search")


def seed_history(data_dir: Path, sessions: int) -> None:
    """A synthetic history ending today, the generator the tests use."""
    from datetime import date

    from tui.core.paths import DataPaths
    from tui.core.synthetic import synthetic_history, write_history

    write_history(DataPaths(data_dir).history, synthetic_history(sessions, end=date.today()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each (default 15)")
    parser.add_argument("--catalog", type=Path, help="start Unknot with this catalogue")
    parser.add_argument(
        "--max-ratio", type=float, help="exit 1 when Unknot/bare (medians) is above this"
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
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    default_markers = HISTORY_MARKERS if args.history else UNKNOT_MARKERS
    markers = tuple(m.encode() for m in args.marker) if args.marker else default_markers

    # The `unknot` command, as `make run` and an installed copy start it; `python -m tui`
    # only where the package is not installed.
    script = Path(sys.executable).with_name("unknot")
    unknot_argv = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    if args.catalog:
        unknot_argv += ["--catalog", str(args.catalog.resolve())]

    times: dict[str, list[float]] = {"bare": [], "unknot": [], "unknot-first": [], "shape": []}
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        root = Path(tmp)
        bare_script = root / "bare_app.py"
        bare_script.write_text(BARE_APP)
        programs = {
            "bare": ([sys.executable, str(bare_script)], BARE_MARKERS),
            "unknot": (unknot_argv, markers),
        }
        if args.first_launch:
            programs["unknot-first"] = (unknot_argv, markers)
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
                try:
                    env = bench_env(home, pycache=root / "pycache")
                    seconds = time_to_markers(command, wanted, env=env, cwd=REPO)
                except MarkerTimeout as error:
                    print(f"error: {error}", file=sys.stderr)
                    return 2
                if run:
                    times[name].append(seconds)
            print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)

    summaries = {name: Summary.of(samples) for name, samples in times.items() if samples}
    bare = summaries["bare"]
    ratio = summaries["unknot"].median / bare.median
    history = f", {args.history} sessions in the history" if args.history else ""
    print(
        f"start-up, launch to first complete frame, 80x24 pty{history}, {args.runs} runs each (ms)"
    )
    print(f"{'program':<13} {'median':>8} {'p25':>8} {'p75':>8} {'max':>8} {'x bare':>7}")
    for name, summary in summaries.items():
        print(
            f"{name:<13} {ms(summary.median):>8} {ms(summary.p25):>8} "
            f"{ms(summary.p75):>8} {ms(summary.maximum):>8} {summary.median / bare.median:>7.2f}"
        )
    verdict = "" if args.max_ratio is None else f" (limit {args.max_ratio:.2f})"
    print(f"ratio unknot/bare (medians): {ratio:.2f}{verdict}")
    if args.max_ratio is not None and ratio > args.max_ratio:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
