"""Timer accuracy: when do a live session's steps end, with the event loop stalled and a CPU busy?

The real `SessionScreen` runs headless (`run_test(size=(80, 24))`) with the real
`time.monotonic` clock on a short routine built from the shipped catalogue (two held
exercises, 57 s of timeline with a 3 s get-ready), bell off, both pain questions answered
with escape. While it runs:

- the event loop is stalled: an app `set_interval` callback does `time.sleep(0.6)` every 5 s;
- another core is kept busy by a busy-loop process (`--busy thread` contends for the GIL
  instead, `--busy none` turns it off).

Measured, from the moment the session really starts (its clock origin plus the time it
was paused for the first pain question):

- detection: when the screen's `session.update()` reports each `StepEnded`, against the
  step's planned end (start + the timeline's cumulative lengths). This is redraw delay:
  up to one tick (0.25 s) plus a stall.
- schedule: the boundary the session itself sets for each step (`Session._leave(at=...)`,
  on its active timeline) against the plan. Time from the clock means this stays ~0
  and does not grow; counting ticks would make it grow.
- total: the session's own length (`record().active_seconds`) and the wall time to the
  `SessionFinished` report, against the planned total.
- contrast: naive countdowns in the same app under the same stalls, which start from the
  planned total and take off one interval per `set_interval` tick (1 s, and 0.25 s like the
  screen's tick). Textual skips ticks more than one interval late, so they reach zero late
  by the time they lost.

Always exits 0: it is a report, not a test.

    .venv/bin/python bench/drift.py [--stall 0.6] [--every 5] [--busy process|thread|none]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App

from bench.common import Summary, ms
from tui.core.catalog import Dosage, default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.session import SessionFinished, StepEnded, StepResult
from tui.core.store import Settings
from tui.screens.session import TICK_SECONDS, PainScreen, SessionScreen

NAIVE_INTERVALS = (1.0, TICK_SECONDS)

ROUTINE = Routine(
    name="Drift bench",
    exercise=(
        RoutineEntry(
            id="cobra",
            dosage=Dosage(hold_seconds=6, reps=3, rest_between_reps=3, rest_after=3),
        ),
        RoutineEntry(
            id="childs-pose",
            dosage=Dosage(hold_seconds=6, reps=3, rest_between_reps=3, rest_after=3),
        ),
    ),
)
SETTINGS = Settings(bell="off", prepare_seconds=3)


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


# --------------------------------------------------------------------------- the app


@dataclass
class Naive:
    """A countdown that takes `interval` off per tick: what not to do."""

    interval: float
    remaining: float
    started: float
    ticks: int = 0
    zero_at: float | None = None

    def tick(self) -> None:
        if self.zero_at is not None:
            return
        self.ticks += 1
        self.remaining -= self.interval
        if self.remaining <= 1e-9:
            self.zero_at = time.monotonic()


@dataclass
class Probe:
    """What the session reported, and when."""

    updates: list[float] = field(default_factory=list)
    ended: list[tuple[int, float]] = field(default_factory=list)  # (step index, observed at)
    boundaries: list[tuple[int, float]] = field(default_factory=list)  # (index, active time)
    finished_at: float | None = None
    active_lag: list[float] = field(default_factory=list)  # (now - start) - session.elapsed


class DriftApp(App[None]):
    """The session screen, plus stalls and naive countdowns."""

    def __init__(self, screen: SessionScreen, stall: float, every: float) -> None:
        super().__init__()
        self.session_screen = screen
        self.stall = stall
        self.every = every
        self.stalls: list[float] = []
        self.naive: list[Naive] = []

    def on_mount(self) -> None:
        self.push_screen(self.session_screen)
        if self.stall > 0:
            self.set_interval(self.every, self._stall)

    def _stall(self) -> None:
        began = time.monotonic()
        time.sleep(self.stall)  # blocks the event loop on purpose
        self.stalls.append(time.monotonic() - began)

    def start_naive(self, seconds: float) -> None:
        for interval in NAIVE_INTERVALS:
            countdown = Naive(interval, seconds, time.monotonic())
            self.naive.append(countdown)
            self.set_interval(interval, countdown.tick)


def instrument(screen: SessionScreen, probe: Probe, start: list[float]) -> None:
    """Wrap this session's update and step changes (instance attributes shadow the methods)."""
    session = screen.session
    update = session.update
    leave = session._leave

    def observed_update() -> list[Any]:
        events = update()
        now = time.monotonic()
        probe.updates.append(now)
        if start and not session.finished:
            probe.active_lag.append((now - start[0]) - session.elapsed)
        for event in events:
            if isinstance(event, StepEnded):
                probe.ended.append((event.index, now))
            elif isinstance(event, SessionFinished):
                probe.finished_at = now
        return events

    def observed_leave(result: StepResult, *, at: float) -> None:
        if result is StepResult.COMPLETED:
            probe.boundaries.append((session.index, at))
        leave(result, at=at)

    session.update = observed_update  # type: ignore[method-assign]
    session._leave = observed_leave  # type: ignore[method-assign]


async def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def run_session(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    catalog = load_catalog(default_catalog_path())
    screen = SessionScreen(
        catalog,
        ROUTINE,
        DataPaths(data_dir),
        clock=time.monotonic,
        settings=SETTINGS,
    )
    timeline = screen.timeline
    planned = timeline.total_seconds
    probe = Probe()
    start: list[float] = []
    instrument(screen, probe, start)
    app = DriftApp(screen, args.stall, args.every)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, PainScreen), 10, "the first pain question")
        await pilot.press("escape")
        await wait_for(lambda: screen.started, 10, "the session to start")
        session = screen.session
        # Where active time 0 is on the monotonic clock: no pauses after this one.
        start.append(session._origin + session._paused_total)
        # The history's start time is taken when the screen is built, before the question.
        wall_lead = time.time() - (time.monotonic() - start[0]) - session.started_at
        app.start_naive(planned)
        await wait_for(lambda: probe.finished_at is not None, planned + 30, "the session's end")
        record_finished = session.finished and not session.ended_early
        active = session.elapsed
        naive_at_end = [(n.interval, n.remaining, n.ticks) for n in app.naive]
        await wait_for(lambda: isinstance(app.screen, PainScreen), 10, "the last pain question")
        await pilot.press("escape")
        await wait_for(lambda: screen.record is not None, 10, "the record")
        await wait_for(
            lambda: all(n.zero_at is not None for n in app.naive),
            planned + 30,
            "the naive countdowns",
        )
        active_seconds = screen.record.active_seconds if screen.record else active
    return {
        "timeline": timeline,
        "planned": planned,
        "start": start[0],
        "probe": probe,
        "finished_ok": record_finished,
        "active_seconds": active_seconds,
        "wall_lead": wall_lead,
        "stalls": list(app.stalls),
        "naive": list(app.naive),
        "naive_at_end": naive_at_end,
    }


# --------------------------------------------------------------------------- report


def report(result: dict[str, Any], args: argparse.Namespace) -> None:
    timeline = result["timeline"]
    planned: float = result["planned"]
    start: float = result["start"]
    probe: Probe = result["probe"]
    stalls: list[float] = result["stalls"]

    print(
        f"routine: {len(timeline)} steps, {planned:g} s planned; tick {TICK_SECONDS} s; "
        f"stall {args.stall} s every {args.every} s ({len(stalls)} stalls, "
        f"median {ms(Summary.of(stalls).median) if stalls else '-'} ms); busy: {args.busy}"
    )
    if not result["finished_ok"]:
        print("!! the session did not finish normally")

    late = [seen - (start + timeline.seconds_before(index + 1)) for index, seen in probe.ended]
    print()
    print("step  kind           planned end   detected late   session boundary error")
    boundary = dict(probe.boundaries)
    errors: list[float] = []
    for (index, _seen), lateness in zip(probe.ended, late, strict=True):
        ideal = timeline.seconds_before(index + 1)
        at = boundary.get(index)
        error = None if at is None else at - ideal
        if error is not None:
            errors.append(error)
        kind = timeline.steps[index].kind.value
        shown = "-" if error is None else f"{error * 1000:+.3f} ms"
        print(f"{index:>4}  {kind:<13} {ideal:>9.1f} s   {lateness * 1000:>9.0f} ms   {shown:>14}")
    missing = len(timeline) - len(probe.ended)
    if missing:
        print(f"!! {missing} step(s) ended without a StepEnded event")

    print()
    if late:
        detect = Summary.of(late)
        print(
            f"detection lateness: median {ms(detect.median)} ms, p90 {ms(detect.p90)} ms, "
            f"max {ms(detect.maximum)} ms, min {ms(min(late))} ms "
            f"(expected 0 to {TICK_SECONDS * 1000:.0f} ms + a stall)"
        )
    if errors:
        worst = max(errors, key=abs)
        print(
            f"schedule drift (session boundary - plan): worst {worst * 1000:+.3f} ms, "
            f"first {errors[0] * 1000:+.3f} ms, last {errors[-1] * 1000:+.3f} ms"
        )
    if probe.active_lag:
        lag = max(probe.active_lag, key=abs)
        print(f"session clock vs monotonic since start: worst {lag * 1000:+.3f} ms")
    gaps = [b - a for a, b in zip(probe.updates, probe.updates[1:], strict=False)]
    if gaps:
        skipped = sum(int(gap / TICK_SECONDS + 0.5) - 1 for gap in gaps if gap > TICK_SECONDS * 1.5)
        print(
            f"screen updates: {len(probe.updates)}, longest gap {ms(max(gaps))} ms, "
            f"about {skipped} ticks skipped by Textual"
        )
    active: float = result["active_seconds"]
    print(
        f"total: session length {active:.3f} s vs {planned:g} s planned "
        f"({(active - planned) * 1000:+.1f} ms); "
        f"SessionFinished seen {((probe.finished_at or start) - start - planned) * 1000:+.0f} ms "
        f"after the planned end"
    )
    print(
        f"record started_at: {result['wall_lead'] * 1000:.0f} ms before the session's clock "
        "started (screen built -> pain question answered)"
    )

    print()
    print("naive decrement-per-tick countdowns of the same length, same app, same stalls:")
    for naive, (_, remaining, ticks) in zip(result["naive"], result["naive_at_end"], strict=True):
        expected = int(((probe.finished_at or start) - naive.started) / naive.interval)
        lost = (naive.zero_at - naive.started - planned) if naive.zero_at is not None else None
        lost_text = "never reached 0" if lost is None else f"reached 0 {lost:+.2f} s late"
        print(
            f"  every {naive.interval:g} s: at the session's end it showed {remaining:.2f} s "
            f"left ({expected - ticks} of {expected} ticks lost); {lost_text}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stall", type=float, default=0.6, help="seconds per stall (0.6)")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between stalls (5)")
    parser.add_argument("--busy", choices=("process", "thread", "none"), default="process")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp, Busy(args.busy):
            result = asyncio.run(run_session(args, Path(tmp)))
        report(result, args)
    except Exception as error:  # a report: say what went wrong, never fail a build
        print(f"drift bench could not finish: {type(error).__name__}: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
