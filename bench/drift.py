"""Cue lateness: when does a person notice that a step has ended, against the plan?

The real `SessionScreen` runs in an 80x24 pseudo-terminal (TERM=xterm-256color) with the
real monotonic clock, on a 57 s routine from the shipped catalogue (cobra and child's
pose, hold 6 s x 3 with 3 s rests, 3 s get-ready), the bell on, both pain questions
skipped with `s`. For every step boundary the bench takes the planned time (the session's
start plus the timeline's cumulative lengths) and measures, on the same monotonic clock:

- screen: when the bytes the app wrote show the new step (replayed through a terminal
  emulator, pyte: the step line of the new step is on screen; for the last step, its line
  has gone);
- bell: when the BEL byte is written (the end of every hold and rest);
- voice, notification: when the session screen asks its speaker or notifier to act. The
  screen has neither yet; once `SessionScreen` takes `speaker=` / `notifier=` arguments,
  the child passes recording stand-ins (any method call is timed), so these rows fill in
  with no change here. Until then they read "not measured".

Each mode runs a whole session with another core busy (`--busy`): first with no stalls,
then with the event loop stalled (`time.sleep`) for `--stall` seconds around every
`--every`-th step end (the end falls in the middle of the stall), so stalls land on step
ends by construction. Reported per channel: median, p95 and max lateness; the session's
own length against the plan (`record().active_seconds`).

Targets (DEVELOPERS.md): without stalls median <= 30 ms and p95 <= 100 ms; with stalls no
boundary later than the stall plus 50 ms, and the session's length unchanged.

    .venv/bin/python bench/drift.py [--stall 0.6] [--every 2] [--busy process|thread|none]
                                    [--only none|stalled]
"""

from __future__ import annotations

import argparse
import bisect
import inspect
import itertools
import json
import multiprocessing
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, PtyProgram, bench_env, ms, replay

#: Seconds of the routine: the planned total (checked against the timeline at run time).
PLANNED = 57.0
BELL = b"\x07"
#: How much later than the stall a boundary may be, with stalls (DEVELOPERS.md).
STALL_MARGIN = 0.050


# --------------------------------------------------------------------------- the child


def child(stall: float, every: int, log_path: Path) -> None:
    """The session screen in an app, with stalls around step ends; writes a JSON log."""
    from textual.app import App

    from tui.core.catalog import Dosage, default_catalog_path, load_catalog
    from tui.core.paths import DataPaths
    from tui.core.routine import Routine, RoutineEntry
    from tui.core.store import Settings
    from tui.screens.session import SessionScreen

    routine = Routine(
        name="Drift bench",
        exercise=tuple(
            RoutineEntry(
                id=ident,
                dosage=Dosage(hold_seconds=6, reps=3, rest_between_reps=3, rest_after=3),
            )
            for ident in ("cobra", "childs-pose")
        ),
    )
    calls: list[tuple[float, str, str]] = []

    class Recorder:
        """Stands in for a speaker or notifier: times every call made to it."""

        def __init__(self, role: str) -> None:
            self._role = role

        def __getattr__(self, method: str) -> Any:
            def record(*args: Any, **kwargs: Any) -> None:
                calls.append((time.monotonic(), self._role, method))

            return record

    accepted = inspect.signature(SessionScreen).parameters
    hooks = {role: Recorder(role) for role in ("speaker", "notifier") if role in accepted}
    catalog = load_catalog(default_catalog_path())
    screen = SessionScreen(
        catalog,
        routine,
        DataPaths(log_path.parent / "data"),
        settings=Settings(bell="bell", prepare_seconds=3),
        **hooks,
    )
    timeline = screen.timeline
    ends = [timeline.seconds_before(index + 1) for index in range(len(timeline))]
    stalls: list[tuple[float, float]] = []
    start: list[float] = []

    def stall_now() -> None:
        began = time.monotonic()
        time.sleep(stall)  # blocks the event loop on purpose
        stalls.append((began, time.monotonic()))

    class DriftApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)
            self.set_interval(0.05, self.watch_session)

        def watch_session(self) -> None:
            if not start and screen.started:
                session = screen.session
                start.append(session._origin + session._paused_total)
                if stall > 0:  # centred on every `every`-th step end
                    for end in ends[every - 1 :: every]:
                        delay = start[0] + end - stall / 2 - time.monotonic()
                        self.set_timer(max(0.0, delay), stall_now)
            if screen.record is not None and not log_path.exists():
                log = {
                    "start": start[0],
                    "planned_total": timeline.total_seconds,
                    "active_seconds": screen.record.active_seconds,
                    "steps": [
                        {
                            "kind": step.kind.value,
                            "line": f"{step.title.upper()}   {step.detail}".strip(),
                            "end": end,
                        }
                        for step, end in zip(timeline.steps, ends, strict=True)
                    ],
                    "stalls": stalls,
                    "hooks": sorted(hooks),
                    "calls": calls,
                }
                temporary = log_path.with_suffix(".tmp")
                temporary.write_text(json.dumps(log))
                temporary.replace(log_path)

    DriftApp().run()


# --------------------------------------------------------------------------- load


def _spin(stop: Any) -> None:
    while not stop.is_set():
        pass


class Busy:
    """Keeps a CPU busy: a spinning process (another core) or thread (the GIL)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._stop: Any = None
        self._worker: Any = None

    def __enter__(self) -> Busy:
        if self.kind == "process":
            self._stop = multiprocessing.Event()
            self._worker = multiprocessing.Process(target=_spin, args=(self._stop,), daemon=True)
        elif self.kind == "thread":
            self._stop = threading.Event()
            self._worker = threading.Thread(target=_spin, args=(self._stop,), daemon=True)
        if self._worker is not None:
            self._worker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._worker is not None:
            self._stop.set()
            self._worker.join(timeout=5)
            if isinstance(self._worker, multiprocessing.Process) and self._worker.is_alive():
                self._worker.terminate()


# --------------------------------------------------------------------------- a run


@dataclass
class Run:
    """One session's log and the times each channel showed each boundary."""

    label: str
    log: dict[str, Any]
    late: dict[str, list[float]]
    """Lateness (s) per channel, one entry per boundary the channel marks."""
    missing: dict[str, int]
    """Boundaries a channel should have marked but did not."""


def run_session(label: str, stall: float, every: int, root: Path) -> Run:
    log_path = root / f"drift-{label}.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--stall",
        str(stall),
        "--every",
        str(every),
        "--log",
        str(log_path),
    ]
    env = bench_env(root / "home", pycache=root / "pycache")
    with PtyProgram(command, env=env, cwd=REPO) as program:
        program.read_until((b"how is your pain",), timeout=30)
        program.write(b"s")  # skip the first pain question: the session starts
        program.read_until((b"All done",), timeout=PLANNED + 60)
        program.write(b"s")
        deadline = program.now() + 10
        while not log_path.exists() and program.now() < deadline:
            program.read_for(0.1)
        program.read_for(0.3)
        origin = program.start
        chunks = list(program.chunks)
    if not log_path.exists():
        raise RuntimeError("the session wrote no log (did it finish?)")
    log = json.loads(log_path.read_text())
    start = log["start"]
    steps = log["steps"]
    planned = [start + step["end"] for step in steps]
    late: dict[str, list[float]] = {"screen": [], "bell": []}
    missing = {"screen": 0, "bell": 0}

    # Screen: the first update showing the next step's line (the last: its line gone).
    frames = replay(chunks)
    position = 0
    for index, planned_end in enumerate(planned):
        last = index + 1 == len(steps)
        wanted = steps[index]["line"] if last else steps[index + 1]["line"]
        seen = None
        for number in range(position, len(frames)):
            frame = frames[number]
            shows = any(wanted in line for line in frame.lines) != last
            # Not an earlier step with the same line (rest, rep 2 of 3, in each exercise).
            if shows and origin + frame.at >= planned_end - 1.0:
                seen, position = origin + frame.at, number
                break
        if seen is None:
            missing["screen"] += 1
        else:
            late["screen"].append(seen - planned_end)

    # Bell: one BEL at the end of each hold and rest, in order. A BEL that ends an OSC
    # sequence (ESC ] ... BEL: a title, a query) is not a bell.
    bells = [origin + at for at in bell_times(chunks)]
    ringing = [end for end, step in zip(planned, steps, strict=True) if step["kind"] in RINGS]
    for planned_end, rung in zip(ringing, bells, strict=False):
        late["bell"].append(rung - planned_end)
    missing["bell"] = max(0, len(ringing) - len(bells))

    # Voice: the first call at or after each boundary (less 0.5 s); the voice speaks at
    # every one. Notifications go only at the boundaries that matter (a hold starts, switch
    # sides, a rest, an exercise done): each is timed against the boundary it follows.
    for role in log["hooks"]:
        times = sorted(at for at, who, _ in log["calls"] if who == role)
        late[role], missing[role] = [], 0
        if role == "notifier":
            used: set[float] = set()
            for at in times:
                before = [end for end in planned if end - 0.5 <= at and end not in used]
                if before:
                    used.add(before[-1])
                    late[role].append(at - before[-1])
            continue
        for planned_end in planned:
            after = [at for at in times if at >= planned_end - 0.5]
            if after:
                late[role].append(after[0] - planned_end)
                times.remove(after[0])
            else:
                missing[role] += 1
    return Run(label, log, late, missing)


RINGS = {"hold", "rest"}
OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def bell_times(chunks: list[tuple[float, bytes]]) -> list[float]:
    """When each bell (a BEL byte outside any OSC sequence) was written."""
    stream = b"".join(chunk for _, chunk in chunks)
    ends = list(itertools.accumulate(len(chunk) for _, chunk in chunks))
    in_osc = {match.end() - 1 for match in OSC.finditer(stream)}
    return [
        chunks[bisect.bisect_right(ends, offset)][0]
        for offset in (m.start() for m in re.finditer(re.escape(BELL), stream))
        if offset not in in_osc
    ]


# --------------------------------------------------------------------------- report


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(run: Run, stall: float) -> None:
    log = run.log
    stalls = log["stalls"]
    print(f"{run.label}: {len(log['steps'])} steps, {log['planned_total']:g} s planned", end="")
    if stalls:
        lengths = [end - begun for begun, end in stalls]
        print(f"; {len(stalls)} stalls of {ms(statistics.median(lengths))} ms", end="")
    print()
    print(f"  {'channel':<13} {'n':>3} {'median':>8} {'p95':>8} {'max':>8}  (ms late vs plan)")
    for channel in ("screen", "bell", "speaker", "notifier"):
        samples = run.late.get(channel)
        if samples is None:
            print(f"  {channel:<13}   -  not measured: SessionScreen takes no {channel} yet")
            continue
        missed = run.missing.get(channel, 0)
        if not samples:
            print(f"  {channel:<13}   0  never seen ({missed} missing)")
            continue
        note = f"  ({missed} missing)" if missed else ""
        print(
            f"  {channel:<13} {len(samples):>3} {ms(statistics.median(samples)):>8} "
            f"{ms(p95(samples)):>8} {ms(max(samples)):>8}{note}"
        )
    drift = (log["active_seconds"] - log["planned_total"]) * 1000
    print(f"  session length vs plan: {drift:+.1f} ms")
    every = [sample for samples in run.late.values() for sample in samples]
    if stalls:
        worst = max(every, default=0.0)
        verdict = "met" if worst <= stall + STALL_MARGIN and abs(drift) < 1 else "NOT met"
        print(
            f"  target: no boundary later than the stall + {STALL_MARGIN * 1000:.0f} ms "
            f"({ms(stall + STALL_MARGIN)} ms), length unchanged: {verdict} "
            f"(worst {ms(worst)} ms)"
        )
    else:
        median = statistics.median(every) if every else float("nan")
        tail = p95(every) if every else float("nan")
        verdict = "met" if median <= 0.030 and tail <= 0.100 else "NOT met"
        print(
            f"  target: median <= 30 ms, p95 <= 100 ms over all channels: {verdict} "
            f"(median {ms(median)}, p95 {ms(tail)})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stall", type=float, default=0.6, help="seconds per stall (0.6)")
    parser.add_argument("--every", type=int, default=2, help="stall around every Nth step end (2)")
    parser.add_argument("--busy", choices=("process", "thread", "none"), default="process")
    parser.add_argument("--only", choices=("none", "stalled"), help="run one mode only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 0 <= args.stall <= 10:
        parser.error("--stall must be between 0 and 10 seconds")
    if args.every < 1:
        parser.error("--every must be at least 1 (a stall around every Nth step end)")
    if args.child:
        child(args.stall, args.every, args.log)
        return 0
    modes = [("no stalls", 0.0), (f"{args.stall:g} s stalls every {args.every} step ends", 1.0)]
    if args.only == "none" or args.stall == 0:
        modes = modes[:1]
    elif args.only == "stalled":
        modes = modes[1:]
    print(f"cue lateness, 80x24 pty, other core busy: {args.busy}", flush=True)
    with tempfile.TemporaryDirectory(prefix="unknot-drift-") as tmp, Busy(args.busy):
        for label, stalled in modes:
            stall = args.stall * stalled
            try:
                run = run_session("stalled" if stall else "none", stall, args.every, Path(tmp))
            except Exception as error:  # a report: say what went wrong
                print(f"{label}: could not finish: {type(error).__name__}: {error}")
                continue
            run.label = label
            report(run, stall)
    return 0


if __name__ == "__main__":
    sys.exit(main())
