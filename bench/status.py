"""`unknot status` against a bare `python -c pass`: whole-process time, alternating.

A status bar runs `unknot status` every few seconds, so it must cost about what starting
Python costs (target: at most 1.3x). Both commands use the same interpreter and
environment (the project's .venv, a fresh HOME, a bytecode cache filled by a warm-up), and
run in turn, pass, status, pass, status..., so both see the same load. The data folder
holds a reminder plan and 2,000 sessions in three logs (two devices and an older single
log), the last one three days old, so the line is printed.

    .venv/bin/python bench/status.py [--runs 200]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import REPO, Summary, bench_env, ms

SESSIONS = 2000


def fill(data: Path) -> None:
    """A plan, and 2,000 sessions spread over three logs, the newest three days old."""
    (data / "history").mkdir(parents=True)
    (data / "reminder.json").write_text(
        json.dumps({"every_days": 2, "at": "00:00", "routine": "Desk break"})
    )
    newest = datetime.now().astimezone() - timedelta(days=3)
    logs = [data / "history" / "laptop-1a2b3c.jsonl", data / "history" / "desktop-4d5e6f.jsonl"]
    logs.append(data / "history.jsonl")
    handles = [log.open("w") for log in logs]
    for number in range(SESSIONS):
        started = newest - timedelta(hours=12 * (SESSIONS - 1 - number))
        record = {
            "started_at": started.isoformat(timespec="seconds"),
            "routine_name": "Desk break",
            "active_seconds": 600.0,
            "planned_seconds": 620.0,
            "finished": True,
            "exercises": [
                {"entry_index": i, "id": "cobra", "name": "Cobra", "outcome": "done"}
                for i in range(6)
            ],
            "pain_before": 4,
            "pain_after": 2,
        }
        handles[number % 3].write(json.dumps(record) + "\n")
    for handle in handles:
        handle.close()


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, check=True)
    return time.perf_counter() - started, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs of each (default 200)")
    args = parser.parse_args()
    python = REPO / ".venv" / "bin" / "python"
    unknot = REPO / ".venv" / "bin" / "unknot"
    if not unknot.exists():
        sys.exit("run `make test` (or make run) first: it installs .venv/bin/unknot")
    with tempfile.TemporaryDirectory(prefix="unknot-status-") as temp:
        home = Path(temp)
        env = bench_env(home, home / "pycache")
        fill(Path(env["UNKNOT_DATA_DIR"]))
        commands = {
            "python -c pass": [str(python), "-c", "pass"],
            "unknot status": [str(unknot), "status"],
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for name, argv in commands.items():  # warm-up: bytecode cache, page cache
            _, out = timed(argv, env)
            if name == "unknot status":
                print(f"unknot status prints: {out.decode().strip()!r}")
        for _ in range(args.runs):
            for name, argv in commands.items():
                seconds, _ = timed(argv, env)
                samples[name].append(seconds)
    bare = Summary.of(samples["python -c pass"])
    status = Summary.of(samples["unknot status"])
    print(f"{'':16} {'median':>8} {'p25':>8} {'p75':>8} {'p90':>8}  (ms, {args.runs} runs each)")
    for name, summary in (("python -c pass", bare), ("unknot status", status)):
        print(
            f"{name:16} {ms(summary.median):>8} {ms(summary.p25):>8} "
            f"{ms(summary.p75):>8} {ms(summary.p90):>8}"
        )
    print(f"ratio of medians: {status.median / bare.median:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
