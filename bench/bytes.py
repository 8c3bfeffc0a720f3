"""Bytes per second Unknot writes to an 80x24 terminal during a steady hold.

Over SSH what matters is what the app writes to its terminal, so each app runs in a real
pseudo-terminal (80x24, TERM=xterm-256color) and every byte it writes is counted over a
steady stretch, after the first full paint. Measured the same way in the same run: a bare
Textual countdown (Digits + ProgressBar updated once a second), the floor to compare with.

    .venv/bin/python bench/bytes.py [--runs 3] [--seconds 20]
        [--size 80x24 --size 200x50] [--case hold --case reps] [--compare DIR]

`--case reps` measures counted repetitions instead (the figure moving at their tempo),
`--size` other terminal sizes, and `--compare DIR` another checkout of Unknot (e.g. main's,
for before and after) in the same run, alternating with this one.

Not a timed test: it prints figures (medians of the runs) and the ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 80, 24
#: What the session does while bytes are counted: a 120 s hold, or 30 bridges at 4 s each.
CASES = {"hold": "steady 120 s hold", "reps": "30 reps at 4 s each"}
#: Seconds after launch when the key that dismisses the pain question is sent.
KEY_AT = 2.0
#: Seconds after launch when counting starts: start-up, first paint and the key are over.
SKIP = 5.0


# --------------------------------------------------------------------------- the apps


def run_unknot(data_dir: str, case: str = "hold", root: Path = ROOT) -> None:
    """Unknot's session screen (from the checkout at `root`) on a one-exercise routine,
    no get-ready: a 120 s hold of knee to chest, or 30 bridges at 4 s each."""
    sys.path.insert(0, str(root))
    from textual.app import App

    from tui.core.catalog import Dosage, default_catalog_path, load_catalog
    from tui.core.paths import DataPaths
    from tui.core.routine import Routine, RoutineEntry
    from tui.core.store import Settings
    from tui.screens.session import SessionScreen

    catalog = load_catalog(default_catalog_path())
    if case == "reps":
        dosage = Dosage(reps=30, rep_seconds=4, rest_after=0)
        routine = Routine(name="Long set", exercise=(RoutineEntry(id="bridge", dosage=dosage),))
    else:
        dosage = Dosage(hold_seconds=120, reps=1, rest_after=0)
        routine = Routine(
            name="Long hold", exercise=(RoutineEntry(id="knee-to-chest", dosage=dosage),)
        )
    screen = SessionScreen(
        catalog,
        routine,
        DataPaths(Path(data_dir)),
        settings=Settings(bell="off", prepare_seconds=0),
    )

    class BenchApp(App[None]):
        CSS_PATH = root / "tui" / "screens" / "session.tcss"

        def on_mount(self) -> None:
            self.push_screen(screen)

    BenchApp().run()


def run_bare() -> None:
    """A bare Textual countdown: Digits and a ProgressBar, updated once a second."""
    from textual.app import App, ComposeResult
    from textual.widgets import Digits, ProgressBar

    class Countdown(App[None]):
        def compose(self) -> ComposeResult:
            yield Digits("2:00")
            yield ProgressBar(total=120)

        def on_mount(self) -> None:
            self.start = time.monotonic()
            self.set_interval(1, self.tick)

        def tick(self) -> None:
            elapsed = time.monotonic() - self.start
            left = max(0, 120 - int(elapsed))
            self.query_one(Digits).update(f"{left // 60}:{left % 60:02d}")
            self.query_one(ProgressBar).progress = elapsed

    Countdown().run()


# --------------------------------------------------------------------------- measuring


def measure(
    which: str,
    seconds: float,
    size: tuple[int, int] = (COLUMNS, LINES),
    case: str = "hold",
    root: Path = ROOT,
) -> float:
    """Launch `which` in a pty of `size` and return bytes/s written over the steady stretch."""
    columns, lines = size
    data_dir = tempfile.mkdtemp(prefix="unknot-bench-")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(columns),
        "LINES": str(lines),
        "UNKNOT_DATA_DIR": data_dir,
        "UNKNOT_CACHE_DIR": os.path.join(data_dir, "cache"),  # never the real home's
    }
    env.pop("TEXTUAL", None)
    child_args = ["--child", which, "--data-dir", data_dir, "--case", case, "--root", str(root)]
    child = subprocess.Popen(
        [sys.executable, __file__, *child_args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    started = time.monotonic()
    counted = 0
    key_sent = which != "unknot"
    try:
        while True:
            now = time.monotonic() - started
            if now >= SKIP + seconds:
                break
            if not key_sent and now >= KEY_AT:
                os.write(master, b"s")  # skip the pain question: the session starts
                key_sent = True
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break  # the child closed the terminal: reported below
            if not chunk:
                break
            if time.monotonic() - started >= SKIP:
                counted += len(chunk)
        if child.poll() is not None:
            raise RuntimeError(f"the {which} app exited early (status {child.returncode})")
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have exited already
            os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        os.close(master)
        shutil.rmtree(data_dir, ignore_errors=True)
    return counted / seconds


def terminal_size(text: str) -> tuple[int, int]:
    """ "80x24" -> (80, 24)."""
    try:
        columns, lines = (int(part) for part in text.lower().split("x"))
    except ValueError:
        message = f"expected COLUMNSxLINES, e.g. 80x24, got {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    return columns, lines


#: Targets (B/s) by case: a hold with the figure and the large clock, and reps at 80x24.
TARGETS = {"hold": "at most 700 B/s", "reps": "at most 1,500 B/s at 80x24"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each app (default 3)")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds counted per run")
    parser.add_argument(
        "--size",
        type=terminal_size,
        action="append",
        help="terminal size, e.g. 200x50; repeat for several (default 80x24)",
    )
    parser.add_argument(
        "--case",
        choices=list(CASES),
        action="append",
        help="hold (default) or reps; repeat for both",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="another checkout of Unknot to measure in the same run (e.g. main's)",
    )
    parser.add_argument("--child", choices=["unknot", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    cases: list[str] = args.case or ["hold"]
    if args.child == "unknot":
        run_unknot(args.data_dir, cases[0], args.root)
        return
    if args.child == "bare":
        run_bare()
        return

    sizes: list[tuple[int, int]] = args.size or [(COLUMNS, LINES)]
    roots = {"unknot": ROOT}
    if args.compare is not None:
        roots["compared"] = args.compare.resolve()
    for size in sizes:
        for case in cases:
            measure_side_by_side(args, size, case, roots)


def measure_side_by_side(
    args: argparse.Namespace, size: tuple[int, int], case: str, roots: dict[str, Path]
) -> None:
    """Runs of Unknot (and the compared checkout) and the bare countdown, in turn."""
    where = f"{size[0]}x{size[1]}"
    if (size, case) != ((COLUMNS, LINES), "hold") or len(roots) > 1:
        compared = f"; compared: {roots['compared']}" if "compared" in roots else ""
        print(f"--- {CASES[case]}, {where}{compared}")
    results: dict[str, list[float]] = {name: [] for name in (*roots, "bare")}
    for run in range(1, args.runs + 1):
        for which in results:  # side by side, so all see the same machine
            app = "bare" if which == "bare" else "unknot"
            rate = measure(app, args.seconds, size, case, roots.get(which, ROOT))
            results[which].append(rate)
            print(f"run {run}: {which:<8} {rate:8.0f} B/s", flush=True)
    medians = {which: statistics.median(rates) for which, rates in results.items()}
    bare = medians["bare"]
    print()
    label = f"Unknot session, {CASES[case]}:"
    if size != (COLUMNS, LINES):
        label = f"Unknot session, {CASES[case]}, {where}:"
    width = max(len(label), 35)
    print(f"{label:<{width}} {medians['unknot']:6.0f} B/s (median of {args.runs})")
    if "compared" in medians:
        compared = "compared checkout, same:"
        print(f"{compared:<{width}} {medians['compared']:6.0f} B/s (median of {args.runs})")
    print(f"{'bare Textual countdown:':<{width}} {bare:6.0f} B/s (median of {args.runs})")
    print(f"{'ratio Unknot / bare:':<{width}} {medians['unknot'] / bare:6.2f}")
    print(f"target: {TARGETS[case]}")
    print()


if __name__ == "__main__":
    main()
