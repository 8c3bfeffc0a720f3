"""Bytes per second Unknot writes to an 80x24 terminal during a steady hold.

Over SSH what matters is what the app writes to its terminal, so each app runs in a real
pseudo-terminal (80x24, TERM=xterm-256color) and every byte it writes is counted over a
steady stretch, after the first full paint. Measured the same way in the same run: a bare
Textual countdown (Digits + ProgressBar updated once a second), the floor to compare with.

    .venv/bin/python bench/bytes.py [--runs 3] [--seconds 20]

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
#: Seconds after launch when the key that dismisses the pain question is sent.
KEY_AT = 2.0
#: Seconds after launch when counting starts: start-up, first paint and the key are over.
SKIP = 5.0


# --------------------------------------------------------------------------- the apps


def run_unknot(data_dir: str) -> None:
    """Unknot's session screen on a one-exercise routine with a 120 s hold, no get-ready."""
    sys.path.insert(0, str(ROOT))
    from textual.app import App

    from tui.core.catalog import Dosage, default_catalog_path, load_catalog
    from tui.core.paths import DataPaths
    from tui.core.routine import Routine, RoutineEntry
    from tui.core.store import Settings
    from tui.screens.session import SessionScreen

    catalog = load_catalog(default_catalog_path())
    routine = Routine(
        name="Long hold",
        exercise=(
            RoutineEntry(id="knee-to-chest", dosage=Dosage(hold_seconds=120, reps=1, rest_after=0)),
        ),
    )
    screen = SessionScreen(
        catalog,
        routine,
        DataPaths(Path(data_dir)),
        settings=Settings(bell="off", prepare_seconds=0),
    )

    class BenchApp(App[None]):
        CSS_PATH = ROOT / "tui" / "screens" / "session.tcss"

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


def measure(which: str, seconds: float) -> float:
    """Launch `which` in an 80x24 pty and return bytes/s written over the steady stretch."""
    data_dir = tempfile.mkdtemp(prefix="unknot-bench-")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
        "UNKNOT_DATA_DIR": data_dir,
    }
    env.pop("TEXTUAL", None)
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", which, "--data-dir", data_dir],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each app (default 3)")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds counted per run")
    parser.add_argument("--child", choices=["unknot", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "unknot":
        run_unknot(args.data_dir)
        return
    if args.child == "bare":
        run_bare()
        return

    results: dict[str, list[float]] = {"unknot": [], "bare": []}
    for run in range(1, args.runs + 1):
        for which in ("unknot", "bare"):  # side by side, so both see the same machine
            rate = measure(which, args.seconds)
            results[which].append(rate)
            print(f"run {run}: {which:<6} {rate:8.0f} B/s", flush=True)
    unknot = statistics.median(results["unknot"])
    bare = statistics.median(results["bare"])
    print()
    print(f"Unknot session, steady 120 s hold: {unknot:6.0f} B/s (median of {args.runs})")
    print(f"bare Textual countdown:            {bare:6.0f} B/s (median of {args.runs})")
    print(f"ratio Unknot / bare:               {unknot / bare:6.2f}")
    print("target: at most 700 B/s")


if __name__ == "__main__":
    main()
