"""Turn a routine into a timeline: the exact steps of a guided session, in order.

The builder's time estimate and the session's total both come from `compile_routine`,
so what a person is promised and what the session runs are one computation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from tui.core.catalog import Catalog, Dosage, Exercise
from tui.core.routine import Routine
from tui.core.text import plural

Side = Literal["left", "right"]

#: Seconds a self-paced repetition is assumed to take, for estimates only.
SELF_PACED_REP_SECONDS = 4


class StepKind(StrEnum):
    """What the person does during a step."""

    PREPARE = "prepare"
    HOLD = "hold"
    REPS = "reps"
    SWITCH_SIDES = "switch_sides"
    REST = "rest"


STEP_TITLES: dict[StepKind, str] = {
    StepKind.PREPARE: "Get ready",
    StepKind.HOLD: "Hold",
    StepKind.REPS: "Reps",
    StepKind.SWITCH_SIDES: "Switch sides",
    StepKind.REST: "Rest",
}


@dataclass(frozen=True)
class Step:
    """One step of a session.

    Transition steps (get ready, switch sides, rest within an exercise) carry the side,
    set and rep of the work step that follows them, which is what the person prepares for.
    """

    kind: StepKind
    """What the person does."""
    entry_index: int
    """Index of the routine entry this step belongs to (a rest after an exercise belongs to it)."""
    exercise_id: str
    """Catalogue id of the exercise."""
    exercise_name: str
    """Name of the exercise, as shown."""
    seconds: float | None
    """How long the step lasts; None for self-paced reps, which end when the person says so."""
    side: Side | None = None
    """"left" or "right" for an exercise done on each side, else None."""
    rep: int | None = None
    """1-based repetition of a hold; None for a reps step, which covers every repetition."""
    reps: int = 1
    """Repetitions in each set (on each side)."""
    set_number: int = 1
    """1-based set."""
    sets: int = 1
    """How many sets."""
    breaths: int | None = None
    """For a hold counted in slow breaths, how many; else None."""
    rep_seconds: float | None = None
    """Tempo of a counted reps step, seconds per repetition; None when self-paced."""

    @property
    def estimate_seconds(self) -> float:
        """Seconds the step counts for in totals; self-paced reps are assumed to take a few."""
        if self.seconds is not None:
            return self.seconds
        return self.reps * SELF_PACED_REP_SECONDS

    @property
    def is_work(self) -> bool:
        """Whether this is a hold or reps step, as opposed to a transition."""
        return self.kind in (StepKind.HOLD, StepKind.REPS)

    @property
    def self_paced(self) -> bool:
        """Whether the step waits for the person to say they are done."""
        return self.seconds is None

    @property
    def title(self) -> str:
        """Short heading, e.g. "Hold", "Get ready", "Switch sides", "Rest"."""
        return STEP_TITLES[self.kind]

    @property
    def detail(self) -> str:
        """Where the step is in the exercise, e.g. "Rep 2 of 3 · left side · set 1 of 2"."""
        return self._detail(with_side=True)

    @property
    def heading(self) -> str:
        """The line under the step's title: its detail, the side said once and first when
        switching ("Now the right side · Rep 1 of 3").
        """
        if self.kind is StepKind.SWITCH_SIDES and self.side is not None:
            rest = self._detail(with_side=False)
            return f"Now the {self.side} side" + (f" · {rest}" if rest else "")
        return self.detail

    def _detail(self, *, with_side: bool) -> str:
        parts: list[str] = []
        if self.kind is StepKind.REPS:
            parts.append(plural(self.reps, "rep"))
        elif self.rep is not None and self.reps > 1:
            parts.append(f"Rep {self.rep} of {self.reps}")
        if self.breaths is not None:
            parts.append(plural(self.breaths, "breath"))
        if self.side is not None and with_side:
            parts.append(f"{self.side} side")
        if self.sets > 1:
            parts.append(f"set {self.set_number} of {self.sets}")
        text = " · ".join(parts)
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class PlanSettings:
    """The person's preferences for how a routine is paced."""

    prepare_seconds: float = 5
    """Get-ready time before each exercise; 0 turns it off."""
    breath_seconds: float = 5
    """One slow breath; a hold of N breaths lasts N times this."""
    switch_seconds: float = 5
    """Shortest switch-sides step; the exercise's rest_between_sides is used when longer."""

    def __post_init__(self) -> None:
        if self.prepare_seconds < 0 or self.switch_seconds < 0:
            raise ValueError("prepare_seconds and switch_seconds must be 0 or more")
        if self.breath_seconds <= 0:
            raise ValueError("breath_seconds must be more than 0")


@dataclass(frozen=True)
class Timeline:
    """Every step of a session in order, with indexes to move between exercises."""

    steps: tuple[Step, ...]
    """The steps, in order."""
    total_seconds: float = field(init=False)
    """Sum of every step's estimate: the session's length if nothing is skipped or adjusted."""
    entries: tuple[int, ...] = field(init=False)
    """Routine entry indices present in the timeline, in order (missing exercises are absent)."""
    entry_starts: Mapping[int, int] = field(init=False, repr=False, compare=False)
    """Routine entry index -> index of its first step."""
    _offsets: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _bounds: tuple[range, ...] = field(init=False, repr=False, compare=False)
    _exercise_of_step: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        offsets = [0.0]
        for step in self.steps:
            offsets.append(offsets[-1] + step.estimate_seconds)
        starts: dict[int, int] = {}
        bounds: list[range] = []
        exercise_of_step: list[int] = []
        for index, step in enumerate(self.steps):
            if index == 0 or step.entry_index != self.steps[index - 1].entry_index:
                starts[step.entry_index] = index
                bounds.append(range(index, index + 1))
            else:
                bounds[-1] = range(bounds[-1].start, index + 1)
            exercise_of_step.append(len(bounds) - 1)
        object.__setattr__(self, "total_seconds", offsets[-1])
        object.__setattr__(self, "entries", tuple(starts))
        object.__setattr__(self, "entry_starts", starts)
        object.__setattr__(self, "_offsets", tuple(offsets))
        object.__setattr__(self, "_bounds", tuple(bounds))
        object.__setattr__(self, "_exercise_of_step", tuple(exercise_of_step))

    def __len__(self) -> int:
        return len(self.steps)

    def seconds_before(self, index: int) -> float:
        """Estimated seconds of the steps before step `index` (`len(self)` gives the total)."""
        return self._offsets[index]

    def exercise_bounds(self, index: int) -> range:
        """The step indices of the exercise that step `index` belongs to, its rest included."""
        return self._bounds[self._exercise_of_step[index]]

    def exercise_number(self, index: int) -> int:
        """1-based position among the timeline's exercises of the one step `index` is in."""
        return self._exercise_of_step[index] + 1

    def next_exercise_start(self, index: int) -> int | None:
        """Index of the first step of the exercise after step `index`'s, or None if last."""
        stop = self.exercise_bounds(index).stop
        return stop if stop < len(self.steps) else None

    def next_work_step(self, index: int) -> Step | None:
        """The first hold or reps step after step `index` ("up next"), or None."""
        return next((step for step in self.steps[index + 1 :] if step.is_work), None)


def compile_routine(
    routine: Routine, catalog: Catalog, settings: PlanSettings = PlanSettings()
) -> Timeline:
    """The steps of a session for `routine`; entries missing from `catalog` are left out."""
    present = [
        (entry_index, entry.dosage if entry.dosage is not None else exercise.dosage, exercise)
        for entry_index, (entry, exercise) in enumerate(routine.resolve(catalog))
        if exercise is not None
    ]
    steps: list[Step] = []
    for position, (entry_index, dosage, exercise) in enumerate(present):
        last = position == len(present) - 1
        steps.extend(_exercise_steps(entry_index, exercise, dosage, settings, last=last))
    return Timeline(tuple(steps))


def estimate_seconds(
    routine: Routine, catalog: Catalog, settings: PlanSettings = PlanSettings()
) -> float:
    """Estimated length of a session of `routine`, the same total the session runs to."""
    return compile_routine(routine, catalog, settings).total_seconds


def _exercise_steps(
    entry_index: int, exercise: Exercise, dosage: Dosage, settings: PlanSettings, *, last: bool
) -> list[Step]:
    sides: tuple[Side | None, ...] = ("left", "right") if dosage.per_side else (None,)
    if dosage.hold_breaths is not None:
        hold_seconds: float | None = dosage.hold_breaths * settings.breath_seconds
    else:
        hold_seconds = dosage.hold_seconds
    first_rep = 1 if dosage.is_hold else None
    steps: list[Step] = []

    def add(
        kind: StepKind,
        seconds: float | None,
        *,
        side: Side | None = None,
        rep: int | None = None,
        set_number: int = 1,
        breaths: int | None = None,
        rep_seconds: float | None = None,
    ) -> None:
        if seconds is not None and seconds <= 0:
            return  # a zero-length rest or transition is no step at all
        steps.append(
            Step(
                kind,
                entry_index,
                exercise.id,
                exercise.name,
                seconds,
                side=side,
                rep=rep,
                reps=dosage.reps,
                set_number=set_number,
                sets=dosage.sets,
                breaths=breaths,
                rep_seconds=rep_seconds,
            )
        )

    add(StepKind.PREPARE, settings.prepare_seconds, side=sides[0], rep=first_rep)
    for set_number in range(1, dosage.sets + 1):
        if set_number > 1:
            if dosage.rest_between_sets > 0:
                rest = dosage.rest_between_sets
                add(StepKind.REST, rest, side=sides[0], rep=first_rep, set_number=set_number)
            elif dosage.per_side:
                # Going from the right side back to the left still needs a moment.
                switch = settings.switch_seconds
                add(
                    StepKind.SWITCH_SIDES, switch, side="left", rep=first_rep, set_number=set_number
                )
        for side_number, side in enumerate(sides):
            if side_number > 0:
                switch = max(settings.switch_seconds, dosage.rest_between_sides)
                add(StepKind.SWITCH_SIDES, switch, side=side, rep=first_rep, set_number=set_number)
            if hold_seconds is not None:
                for rep in range(1, dosage.reps + 1):
                    if rep > 1:
                        rest = dosage.rest_between_reps
                        add(StepKind.REST, rest, side=side, rep=rep, set_number=set_number)
                    add(
                        StepKind.HOLD,
                        hold_seconds,
                        side=side,
                        rep=rep,
                        set_number=set_number,
                        breaths=dosage.hold_breaths,
                    )
            else:
                tempo = dosage.rep_seconds
                add(
                    StepKind.REPS,
                    None if tempo is None else dosage.reps * tempo,
                    side=side,
                    set_number=set_number,
                    rep_seconds=tempo,
                )
    if not last:
        add(StepKind.REST, dosage.rest_after, set_number=dosage.sets)
    return steps


__all__ = [
    "SELF_PACED_REP_SECONDS",
    "PlanSettings",
    "Side",
    "Step",
    "StepKind",
    "Timeline",
    "compile_routine",
    "estimate_seconds",
]
