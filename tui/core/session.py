"""The live guided session: a state machine over a timeline, advanced by an injected clock.

Time is always derived from the clock, never counted in ticks. Each step starts at a
moment on the *active* timeline (clock time with paused time taken out) and ends at a
deadline: its start plus its length plus any adjustment. `update()` moves past every
step whose deadline has passed and starts the next one *at that deadline*, not at "now",
so a stalled event loop delays a redraw but never lengthens a hold or the session.

Properties (`step`, `remaining`, ...) describe the session as of the last `update()` or
action; the screen calls `update()` on its timer and then reads them. Every action first
catches up with the clock, so it applies to the step that is really under way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from tui.core.plan import Step, StepKind, Timeline
from tui.core.record import (
    ExerciseResult,
    Outcome,
    Pain,
    PainChoice,
    PainReport,
    SessionRecord,
    Swap,
)
from tui.core.text import plural

Clock = Callable[[], float]
"""Monotonic seconds, e.g. `time.monotonic`; tests pass a fake they advance."""

#: Pressing back later than this into a step restarts it; sooner goes to the step before.
BACK_RESTART_SECONDS = 2.0
#: Shortening a step never leaves less than this (unless less was already left).
MIN_REMAINING_SECONDS = 1.0
#: Seconds `adjust` adds or takes away by default.
ADJUST_SECONDS = 10.0
CHECKPOINT_VERSION = 1


class SessionState(StrEnum):
    """Whether the clock is running for the session."""

    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class StepResult(StrEnum):
    """How a step was left."""

    COMPLETED = "completed"
    SKIPPED = "skipped"
    STOPPED = "stopped"
    """Under way when the session was ended: partly done."""


@dataclass(frozen=True)
class StepEnded:
    """A step's time ran out (not skipped): the moment to ring a bell."""

    step: Step
    """The step that ended."""
    index: int
    """Its index in the timeline."""


@dataclass(frozen=True)
class SessionFinished:
    """The session is over; reported once, however it finished."""

    ended_early: bool = False
    """True when the person ended it before the last step."""


Event = StepEnded | SessionFinished


class _Checkpoint(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    version: int
    routine_name: str
    started_at: float
    step_count: Annotated[int, Meta(ge=1)]
    index: Annotated[int, Meta(ge=0)]
    step_kind: StepKind
    exercise_id: str
    elapsed: Annotated[float, Meta(ge=0)]
    step_elapsed: Annotated[float, Meta(ge=0)]
    adjustments: tuple[tuple[int, float], ...] = ()
    completed: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    skipped_exercises: tuple[int, ...] = ()
    painful_exercises: tuple[int, ...] = ()
    paused: bool = False
    pain_before: Pain | None = None
    pain_reports: tuple[PainReport, ...] = ()
    gentle_exercises: tuple[int, ...] = ()
    swaps: tuple[Swap, ...] = ()


class Session:
    """A guided session in progress: which step, how long is left, and what was done."""

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock,
        *,
        wall_clock: Clock = time.time,
        routine_name: str = "",
        pain_before: int | None = None,
    ) -> None:
        if not timeline.steps:
            raise ValueError("the routine has no exercises to do")
        self.timeline = timeline
        """The steps being followed."""
        self.routine_name = routine_name
        """Name of the routine, for the record."""
        self.pain_before = _check_pain(pain_before)
        """Pain before the session, 0 to 10, or None."""
        self.pain_after: int | None = None
        """Pain after the session, 0 to 10, or None; set by the summary screen."""
        self.started_at: float = wall_clock()
        """Wall-clock start, seconds since the epoch."""
        self._wall_clock = wall_clock
        self._begun = False
        self._clock = clock
        self._origin = clock()
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._finished_at: float | None = None
        self._ended_early = False
        self._index = 0
        self._step_start = 0.0
        self._adjustments: dict[int, float] = {}
        self._results: dict[int, StepResult] = {}
        self._skipped_entries: set[int] = set()
        self._painful_entries: set[int] = set()
        self._gentle_entries: set[int] = set()
        self._pain_reports: list[PainReport] = []
        self._swaps: list[Swap] = []
        self._pending: list[Event] = []

    # --- state -----------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        """Running, paused or finished."""
        if self._finished_at is not None:
            return SessionState.FINISHED
        if self._paused_at is not None:
            return SessionState.PAUSED
        return SessionState.RUNNING

    @property
    def paused(self) -> bool:
        """Whether the session is paused."""
        return self.state is SessionState.PAUSED

    @property
    def finished(self) -> bool:
        """Whether the session is over, reaching the end or ended early."""
        return self._finished_at is not None

    @property
    def ended_early(self) -> bool:
        """Whether the person ended the session before its end."""
        return self._ended_early

    @property
    def index(self) -> int:
        """Index of the current step (the last one under way when finished)."""
        return self._index

    @property
    def step(self) -> Step:
        """The current step."""
        return self.timeline.steps[self._index]

    @property
    def elapsed(self) -> float:
        """Active seconds since the start, excluding paused time."""
        return self._active()

    @property
    def step_started(self) -> float:
        """When the current step started, in active seconds: with `index`, tells one run of
        a step from another (going back restarts a step under the same index).
        """
        return self._step_start

    @property
    def step_elapsed(self) -> float:
        """Active seconds since the current step started."""
        return max(0.0, self._active() - self._step_start)

    @property
    def step_seconds(self) -> float | None:
        """Length of the current step with its adjustment; None when self-paced."""
        seconds = self.step.seconds
        if seconds is None:
            return None
        return seconds + self._adjustments.get(self._index, 0.0)

    @property
    def remaining(self) -> float | None:
        """Seconds left in the current step; None when self-paced; 0 when finished."""
        if self.finished:
            return 0.0
        length = self.step_seconds
        if length is None:
            return None
        return max(0.0, length - self.step_elapsed)

    @property
    def step_progress(self) -> float:
        """How far through the current step, 0 to 1 (self-paced steps by their estimate)."""
        if self.finished and not self._ended_early:
            return 1.0
        length = self.step_seconds
        if length is None:
            length = self.step.estimate_seconds
        return min(1.0, self.step_elapsed / length) if length > 0 else 1.0

    @property
    def session_progress(self) -> float:
        """How far through the session, 0 to 1, by estimated seconds."""
        total = self.timeline.total_seconds
        if (self.finished and not self._ended_early) or total <= 0:
            return 1.0
        done = self.timeline.seconds_before(self._index)
        done += self.step.estimate_seconds * self.step_progress
        return min(1.0, done / total)

    @property
    def current_rep(self) -> int | None:
        """The repetition under way: a hold's rep, or a counted reps step's rep by tempo."""
        step = self.step
        if step.kind is StepKind.HOLD:
            return step.rep
        if step.kind is StepKind.REPS and step.rep_seconds:
            return min(int(self.step_elapsed // step.rep_seconds) + 1, step.reps)
        return None

    @property
    def exercise_ahead(self) -> ExerciseResult | None:
        """The exercise `skip_exercise_ahead` would leave out: this one while any of its
        holds or reps is left, else (in the rest after it) the next one; None if none.
        """
        if self.finished:
            return None
        if self._work_left():
            return self._result_for(self.step.entry_index)
        next_start = self.timeline.next_exercise_start(self._index)
        if next_start is None:
            return None
        return self._result_for(self.timeline.steps[next_start].entry_index)

    @property
    def keep_gentle(self) -> bool:
        """Whether the person chose to carry on gently with the current step's exercise."""
        return not self.finished and self.step.entry_index in self._gentle_entries

    @property
    def anything_done(self) -> bool:
        """Whether any hold or reps was done, even in part, or any pain reported: a session
        ended before that is not worth a place in the history.
        """
        steps = self.timeline.steps
        done = (StepResult.COMPLETED, StepResult.STOPPED)
        worked = any(steps[i].is_work and r in done for i, r in self._results.items())
        return worked or bool(self._painful_entries) or bool(self._pain_reports)

    @property
    def pain_reports(self) -> tuple[PainReport, ...]:
        """Each "this hurts" so far, in order."""
        return tuple(self._pain_reports)

    @property
    def swaps(self) -> tuple[Swap, ...]:
        """Exercises replaced so far, in order."""
        return tuple(self._swaps)

    def step_result(self, index: int) -> StepResult | None:
        """How step `index` was last left, or None if it has not been left."""
        return self._results.get(index)

    # --- the clock ---------------------------------------------------------------------

    def update(self) -> list[Event]:
        """Catch up with the clock; returns what happened since the last call, in order."""
        self._catch_up()
        events, self._pending = self._pending, []
        return events

    # --- actions -----------------------------------------------------------------------

    def pause(self) -> None:
        """Stop the clock for the session; paused time is not counted."""
        self._catch_up()
        if self.state is SessionState.RUNNING:
            self._paused_at = self._clock()

    def resume(self) -> None:
        """Start the clock again after a pause."""
        if self._paused_at is not None and self._finished_at is None:
            self._paused_total += self._clock() - self._paused_at
            self._paused_at = None

    def begin(self, pain_before: int | None = None) -> None:
        """Start now a session that was made ahead and kept paused (e.g. while the person
        rated their pain): the wait counts neither as the start time nor as a pause.
        """
        if self._begun or self._index != 0 or self._results or self._finished_at is not None:
            raise ValueError("the session has already begun")
        self._begun = True
        self.pain_before = _check_pain(pain_before)
        self.started_at = self._wall_clock()
        self._origin = self._clock()
        self._paused_total = 0.0
        self._paused_at = None

    def toggle_pause(self) -> None:
        """Pause when running, resume when paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        """Leave the current step as skipped; the next one starts now."""
        self._catch_up()
        if not self.finished:
            self._leave(StepResult.SKIPPED, at=self._active())

    def done(self) -> None:
        """The person has finished a reps step (the way to end a self-paced one)."""
        self._catch_up()
        if not self.finished and self.step.kind is StepKind.REPS:
            self._leave(StepResult.COMPLETED, at=self._active())

    def back(self) -> None:
        """Restart the current step, or go to the step before when only just into it."""
        self._catch_up()
        if self.finished:
            return
        if self._index > 0 and self.step_elapsed <= BACK_RESTART_SECONDS:
            self._index -= 1
            # Going back into an exercise means doing it after all.
            self._skipped_entries.discard(self.step.entry_index)
        self._step_start = self._active()

    def skip_exercise(self) -> None:
        """Jump to the next exercise, marking this one skipped if any of its work remained."""
        self._catch_up()
        if self.finished:
            return
        left_undone = self._work_left()
        if left_undone:
            self._skipped_entries.add(self.step.entry_index)
            for index in left_undone:
                self._results[index] = StepResult.SKIPPED
        next_start = self.timeline.next_exercise_start(self._index)
        now = self._active()
        if next_start is None:
            self._finish(now)
        else:
            self._index, self._step_start = next_start, now

    def adjust(self, seconds: float = ADJUST_SECONDS) -> None:
        """Lengthen (or with a negative number shorten) the current step's time left."""
        self._catch_up()
        length = self.step_seconds
        if self.finished or length is None:
            return
        elapsed = self.step_elapsed
        remaining = length - elapsed
        wanted = remaining + seconds
        if seconds < 0:
            wanted = max(wanted, min(remaining, MIN_REMAINING_SECONDS))
        self._adjustments[self._index] = elapsed + wanted - (self.step.seconds or 0.0)

    def end(self) -> None:
        """End the session early; a hold or reps under way counts as partly done."""
        self._catch_up()
        if not self.finished:
            self._ended_early = True
            if self.step.is_work:
                self._results[self._index] = StepResult.STOPPED
            self._finish(self._active())

    def report_pain(self) -> ExerciseResult:
        """Pause and mark the current step's exercise painful; returns that exercise.

        A get-ready belongs to the exercise it readies for, and the rest after an exercise
        to the exercise just done: pain then is about getting into the one, or the other.
        """
        self._catch_up()
        entry_index = self.step.entry_index
        self._painful_entries.add(entry_index)
        self.pause()
        return self._result_for(entry_index)

    def note_pain(self, entry_index: int, pain: int | None, choice: PainChoice) -> None:
        """Record how bad the pain reported for entry `entry_index` was, and what the person
        chose; carrying on means carrying on gently for the rest of that exercise.
        """
        start = self.timeline.entry_starts.get(entry_index)
        if start is None:
            raise ValueError(f"entry {entry_index} is not in the session")
        report = PainReport(
            entry_index=entry_index,
            id=self.timeline.steps[start].exercise_id,
            pain=_check_pain(pain),
            choice=choice,
        )
        self._pain_reports.append(report)
        if choice is PainChoice.CARRY_ON:
            self._gentle_entries.add(entry_index)

    def swap_exercise(self, timeline: Timeline, swaps: list[Swap]) -> None:
        """Carry on with `timeline`, in which the exercises `swaps` name were replaced; the
        session goes now to the start of the first replaced entry (its get-ready).

        Steps before that entry must be the same in both timelines, and the session must not
        be past it: raises ValueError otherwise. What was done of a replaced exercise stays
        known through the swap and its pain report, not as an outcome.
        """
        self._catch_up()
        if self.finished or not swaps:
            return
        entry_index = swaps[0].entry_index
        start = self.timeline.entry_starts.get(entry_index)
        if start is None or timeline.entry_starts.get(entry_index) != start:
            raise ValueError(f"entry {entry_index} does not start at the same step in both")
        if timeline.steps[:start] != self.timeline.steps[:start]:
            raise ValueError("the new timeline changes steps before the swapped exercise")
        if self._index >= self.timeline.exercise_bounds(start).stop:
            raise ValueError("the session is already past the swapped exercise")
        replaced = {swap.entry_index for swap in swaps}
        self.timeline = timeline
        self._results = {i: r for i, r in self._results.items() if i < start}
        self._adjustments = {i: a for i, a in self._adjustments.items() if i < start}
        self._skipped_entries -= replaced
        self._painful_entries -= replaced
        self._gentle_entries -= replaced
        self._swaps.extend(swaps)
        self._index, self._step_start = start, self._active()

    def skip_exercise_ahead(self) -> None:
        """Skip the exercise `exercise_ahead` names (after "this hurts").

        In the rest after an exercise, that one is done: what the person can still leave
        out is the next one, so the rest ends and the next exercise is skipped whole.
        """
        self._catch_up()
        if self.finished:
            return
        if not self._work_left():
            next_start = self.timeline.next_exercise_start(self._index)
            if next_start is None:
                return
            self._index, self._step_start = next_start, self._active()
        self.skip_exercise()

    # --- what was done -----------------------------------------------------------------

    def outcome(self, entry_index: int) -> Outcome:
        """What has become of routine entry `entry_index` so far."""
        if entry_index in self._painful_entries:
            return Outcome.PAINFUL
        steps = self.timeline.steps
        start = self.timeline.entry_starts[entry_index]
        work = [i for i in self.timeline.exercise_bounds(start) if steps[i].is_work]
        results = [self._results.get(i) for i in work]
        some_done = StepResult.COMPLETED in results or StepResult.STOPPED in results
        # Some work done and some not is "partly done", however the rest was skipped.
        if entry_index in self._skipped_entries:
            return Outcome.PARTIAL if some_done else Outcome.SKIPPED
        if all(result is None for result in results):
            return Outcome.NOT_REACHED
        if all(result is StepResult.COMPLETED for result in results):
            return Outcome.DONE
        return Outcome.PARTIAL if some_done else Outcome.SKIPPED

    def results(self) -> list[ExerciseResult]:
        """Every exercise of the session with its outcome so far, in order."""
        return [self._result_for(entry_index) for entry_index in self.timeline.entries]

    def record(self) -> SessionRecord:
        """What was done, for the history."""
        started = datetime.fromtimestamp(self.started_at, tz=UTC).astimezone()
        return SessionRecord(
            started_at=started.isoformat(timespec="seconds"),
            routine_name=self.routine_name,
            active_seconds=self.elapsed,
            planned_seconds=self.timeline.total_seconds,
            finished=self.finished and not self._ended_early,
            exercises=tuple(self.results()),
            pain_before=_check_pain(self.pain_before),
            pain_after=_check_pain(self.pain_after),
            pain_reports=tuple(self._pain_reports),
        )

    # --- checkpoint --------------------------------------------------------------------

    def checkpoint(self) -> dict[str, Any]:
        """JSON-safe data from which `restore` can carry on after the app is closed.

        The clock is read once: `elapsed` and `step_elapsed` come from the same reading,
        so the step can never seem to have begun before the session did.
        """
        now = self._active()
        self._catch_up(now)
        if self._finished_at is not None:
            now = self._finished_at
        step = self.step
        data: dict[str, Any] = msgspec.to_builtins(
            _Checkpoint(
                version=CHECKPOINT_VERSION,
                routine_name=self.routine_name,
                started_at=self.started_at,
                step_count=len(self.timeline),
                index=self._index,
                step_kind=step.kind,
                exercise_id=step.exercise_id,
                elapsed=now,
                step_elapsed=max(0.0, now - self._step_start),
                adjustments=tuple(sorted(self._adjustments.items())),
                completed=_indices(self._results, StepResult.COMPLETED),
                skipped=_indices(self._results, StepResult.SKIPPED),
                skipped_exercises=tuple(sorted(self._skipped_entries)),
                painful_exercises=tuple(sorted(self._painful_entries)),
                paused=self.paused,
                pain_before=self.pain_before,
                pain_reports=tuple(self._pain_reports),
                gentle_exercises=tuple(sorted(self._gentle_entries)),
                swaps=tuple(self._swaps),
            )
        )
        return data

    @classmethod
    def restore(
        cls, timeline: Timeline, checkpoint: Any, clock: Clock, *, paused: bool = True
    ) -> Session:
        """Carry on from `checkpoint` at the start of the step that was under way.

        The interrupted step starts again from the beginning: the person has stood up or
        moved since, and a hold resumed half-way would be a hold without its set-up. The
        session is paused by default so they can get back into position first. Raises
        ValueError when the checkpoint is invalid or does not match `timeline`.
        """
        try:
            data = msgspec.convert(checkpoint, _Checkpoint)
        except msgspec.ValidationError as error:
            raise ValueError(f"not a session checkpoint: {error}") from None
        _check_checkpoint(data, timeline)
        session = cls(
            timeline,
            clock,
            wall_clock=lambda: data.started_at,
            routine_name=data.routine_name,
            pain_before=data.pain_before,
        )
        # Time spent in the interrupted step counts: the person did it, even if it restarts.
        session._origin -= data.elapsed
        session._index = data.index
        session._step_start = data.elapsed
        session._adjustments = dict(data.adjustments)
        session._results = {i: StepResult.COMPLETED for i in data.completed}
        session._results.update({i: StepResult.SKIPPED for i in data.skipped})
        session._skipped_entries = set(data.skipped_exercises)
        session._painful_entries = set(data.painful_exercises)
        session._gentle_entries = set(data.gentle_exercises)
        session._pain_reports = list(data.pain_reports)
        session._swaps = list(data.swaps)
        if paused:
            session.pause()
        return session

    # --- inside ------------------------------------------------------------------------

    def _active(self) -> float:
        if self._finished_at is not None:
            return self._finished_at
        reading = self._paused_at if self._paused_at is not None else self._clock()
        return reading - self._origin - self._paused_total

    def _work_left(self) -> list[int]:
        """Indices of the holds and reps of the current exercise from the current step on."""
        rest_of_exercise = range(self._index, self.timeline.exercise_bounds(self._index).stop)
        return [i for i in rest_of_exercise if self.timeline.steps[i].is_work]

    def _deadline(self) -> float | None:
        length = self.step_seconds
        return None if length is None else self._step_start + length

    def _catch_up(self, now: float | None = None) -> None:
        """Leave every step whose time is up at `now` (by default, a reading of the clock)."""
        if now is None:
            now = self._active()
        while not self.finished:
            deadline = self._deadline()
            if deadline is None or now < deadline:
                break
            self._pending.append(StepEnded(self.step, self._index))
            self._leave(StepResult.COMPLETED, at=deadline)

    def _leave(self, result: StepResult, *, at: float) -> None:
        """Leave the current step with `result`; the next one starts at `at`."""
        self._results[self._index] = result
        if self._index + 1 < len(self.timeline):
            self._index += 1
            self._step_start = at
        else:
            self._finish(at)

    def _finish(self, at: float) -> None:
        self._finished_at = at
        self._paused_at = None
        self._pending.append(SessionFinished(ended_early=self._ended_early))

    def _result_for(self, entry_index: int) -> ExerciseResult:
        step = self.timeline.steps[self.timeline.entry_starts[entry_index]]
        # Swapped twice (X for Y, then Y for Z), it was still X that the routine asked for.
        original = next((swap for swap in self._swaps if swap.entry_index == entry_index), None)
        return ExerciseResult(
            entry_index=entry_index,
            id=step.exercise_id,
            name=step.exercise_name,
            outcome=self.outcome(entry_index),
            instead_of=original.from_id if original is not None else None,
            instead_of_name=original.from_name if original is not None else None,
        )


def _indices(results: dict[int, StepResult], wanted: StepResult) -> tuple[int, ...]:
    return tuple(sorted(index for index, result in results.items() if result is wanted))


def _check_pain(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise ValueError(f"pain is rated from 0 to 10, not {value}")
    return value


def _check_checkpoint(data: _Checkpoint, timeline: Timeline) -> None:
    """Raise ValueError unless `data` describes a point in `timeline`."""
    if data.version != CHECKPOINT_VERSION:
        raise ValueError(f"unknown checkpoint version {data.version}")
    count = len(timeline)
    if data.step_count != count:
        raise ValueError(
            "the routine has changed since the checkpoint "
            f"({plural(data.step_count, 'step')}, now {count})"
        )
    if data.index >= count:
        raise ValueError(
            f"step {data.index} is out of range (the session has {plural(count, 'step')})"
        )
    step = timeline.steps[data.index]
    if (step.kind, step.exercise_id) != (data.step_kind, data.exercise_id):
        raise ValueError("the routine has changed since the checkpoint (a different step)")
    indices = [index for index, _ in data.adjustments]
    indices += [*data.completed, *data.skipped]
    if any(not 0 <= index < count for index in indices):
        raise ValueError(f"a step index in the checkpoint is out of range (0 to {count - 1})")
    entries = set(timeline.entries)
    mentioned = (*data.skipped_exercises, *data.painful_exercises, *data.gentle_exercises)
    mentioned += tuple(swap.entry_index for swap in data.swaps)
    mentioned += tuple(report.entry_index for report in data.pain_reports)
    if not entries.issuperset(mentioned):
        raise ValueError("an exercise in the checkpoint is not in the routine")
    if data.step_elapsed > data.elapsed:
        raise ValueError("the checkpoint's step began before the session did")


__all__ = [
    "Clock",
    "Event",
    "Session",
    "SessionFinished",
    "SessionState",
    "StepEnded",
    "StepResult",
]
