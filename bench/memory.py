"""Memory: peak resident set size of Unknot driven through a whole flow by keys.

Unknot runs in an 80x24 pseudo-terminal under `/usr/bin/time -v` (its "Maximum resident
set size"), with a fresh data folder, and is driven by a fixed script of keys, each
group sent once the screen has been still for 0.3 s and checked by a text it must show:

- catalogue: move down the list, search "hip", clear it, back to the list;
- builder (2): a new routine "Bench routine", add Bridge and Knee to chest;
- session (s): skip the pain question, let it run 3 s, skip two steps, end it (e, y),
  skip the last question, close the summary;
- history (3), then back to the catalogue (1) and quit.

For comparison, in the same run: a bare Textual app (one Static) held open as long, and
`--baseline DIR` (an older checkout) through the same script. Runs alternate; medians.
Each program first runs once unscored, which fills the bytecode cache (see main).
Budget (DEVELOPERS.md): at most 50 MB.

    .venv/bin/python bench/memory.py [--runs 3] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    REPO,
    LiveScreen,
    MarkerTimeout,
    PtyProgram,
    bench_env,
    unknot_command,
)
from bench.startup import BARE_APP

TIME = Path("/usr/bin/time")
BUDGET_MB = 50.0
# (keys, a text the screen must then show); "\\r" is enter, "\\x15" ctrl+u. One key
# per write where it matters: a key that moves the focus must land before the next.
FLOW: list[tuple[bytes, str]] = [
    (b"", "Get started"),  # Today, for a new person
    (b"2", "Search"),
    (b"jjjjj", "MOB"),
    (b"/", "Search"),
    (b"hip", "hip"),
    (b"\x15", "28/28"),
    (b"\r", ""),
    (b"3", "Routines"),
    (b"n", "Name the new routine"),
    (b"Bench routine\r", "Bench routine"),
    (b"a", "Add exercises to"),
    (b"bridge", "Bridge"),
    (b"\r", "In the routine"),
    (b"\x15", "type to search"),
    (b"knee to chest", "Knee to chest"),
    (b"\r", "2 exercises"),
    (b"\x1b", "Bench routine"),
    (b"s", "Question 1 of 7"),  # the safety check, before a first session
    (b"nnnnnnn", "how is your pain"),
    (b"\x1b", "Session"),  # no rating
    (b"", ""),  # the session runs for a while (see run_flow)
    (b"n", "Session"),
    (b"n", "Session"),
    (b"e", "End"),
    (b"y", "pain"),  # after the session: how is it now
    (b"\x1b", "enter close"),  # no rating; the summary
    (b"\r", "Bench routine"),
    (b"4", "History"),
    (b"5", "Progress"),
    (b"1", "This week"),
]


def peak_mb(report: Path) -> float:
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read_text())
    if not match:
        raise RuntimeError(f"no peak RSS in {report}: {report.read_text()[-300:]!r}")
    return int(match.group(1)) / 1024


def run_flow(
    command: list[str], cwd: Path, root: Path, label: str, *, first_launch: bool = False
) -> float:
    report = root / f"time-{label}.txt"
    home = root / f"home-{label}"
    home.mkdir(exist_ok=True)
    # The data folder is new each run (the flow creates a routine); the cache folder is
    # kept, as on a person's machine, where only the very first launch has no catalogue
    # cache (it parses catalog.toml, loading the TOML parser too): that is --first-launch.
    cache = home / "unknot-cache" if first_launch else root / f"cache-{label.split('-')[0]}"
    env = bench_env(home, pycache=root / "pycache", extra={"UNKNOT_CACHE_DIR": str(cache)})
    argv = [str(TIME), "-v", "-o", str(report), *command]
    with PtyProgram(argv, env=env, cwd=cwd) as program:
        screen = LiveScreen(program)
        for keys, shows in FLOW:
            if keys:
                program.write(keys)
            else:
                program.read_for(3.0)  # an empty step: let the app run
            if shows:
                screen.wait_for(shows, timeout=20)
            program.read_until_quiet(0.3, limit=5)
    return peak_mb(report)


def run_bare(script: Path, root: Path) -> float:
    report = root / "time-bare.txt"
    env = bench_env(root / "home-bare", pycache=root / "pycache")
    argv = [str(TIME), "-v", "-o", str(report), sys.executable, str(script)]
    with PtyProgram(argv, env=env) as program:
        program.read_until((b"bare ready",), timeout=20)
        program.read_for(1.0)
    return peak_mb(report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="an older checkout")
    parser.add_argument(
        "--first-launch",
        action="store_true",
        help="also run the very first launch (no catalogue cache) each run",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not TIME.exists():
        print(f"error: {TIME} is missing (Debian: apt-get install time)", file=sys.stderr)
        return 2
    peaks: dict[str, list[float]] = {"unknot": [], "unknot-first": [], "baseline": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="unknot-memory-") as tmp:
        root = Path(tmp)
        (root / "home-bare").mkdir()
        bare = root / "bare_app.py"
        bare.write_text(BARE_APP)
        try:
            # The cache of compiled modules starts empty: the first launch compiles every
            # module, Textual's too, and peaks ~6 MB higher than any later one. People run
            # an installed, compiled copy, so that launch fills the cache and is not scored.
            run_flow(unknot_command(), REPO, root, "unknot-warm-up")
            if args.baseline:
                run_flow([sys.executable, "-m", "tui"], args.baseline, root, "baseline-warm-up")
            run_bare(bare, root)
        except MarkerTimeout as error:
            print(f"error: the flow did not go as scripted: {error}", file=sys.stderr)
            return 2
        for run in range(args.runs):  # a new home each run: the flow creates a routine
            try:
                peaks["unknot"].append(run_flow(unknot_command(), REPO, root, f"unknot-{run}"))
                if args.first_launch:
                    label = f"unknot-first-{run}"
                    peaks["unknot-first"].append(
                        run_flow(unknot_command(), REPO, root, label, first_launch=True)
                    )
                if args.baseline:
                    old = [sys.executable, "-m", "tui"]
                    label = f"baseline-{run}"
                    peaks["baseline"].append(run_flow(old, args.baseline, root, label))
                peaks["bare"].append(run_bare(bare, root))
            except MarkerTimeout as error:
                print(f"error: the flow did not go as scripted: {error}", file=sys.stderr)
                return 2
            print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    print(
        "peak RSS over a scripted flow (Today, catalogue, search, builder, safety check, "
        "session, history, progress), MB"
    )
    for name, values in peaks.items():
        if values:
            runs = ", ".join(f"{value:.1f}" for value in values)
            print(f"  {name:<12} median {statistics.median(values):5.1f}  ({runs})")
    median = statistics.median(peaks["unknot"])
    verdict = "met" if median <= BUDGET_MB else "NOT met"
    print(f"budget: at most {BUDGET_MB:g} MB: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
