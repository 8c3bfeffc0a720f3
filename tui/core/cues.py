"""What to say and what to notify at each step of a session: words and moments only.

The engines (a speech command, the terminal's notification sequences) live outside core,
in `tui.speaker` and `tui.notifier`. Here is what they are given, and when: a step's cues
are moments *into the step*, so they follow the session's own clock (pauses, a step
lengthened with +) and never move its deadlines.

Spoken cues, by step:

- a hold: what to do, once ("Knee to chest, left side, hold 30 seconds"), then "3", "2",
  "1" in its last seconds;
- counted reps: what to do, then each repetition's number at the tempo ("2", "3", ...);
- switch sides, rest, get ready: what comes, in a few words.

A new cue cuts off one still being spoken (the speaker's job): a count said late is worse
than a sentence cut short.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from tui.core.plan import Step, StepKind, Timeline
from tui.core.session import Session
from tui.core.text import plural

OnOffAuto = Literal["auto", "on", "off"]
"""A setting that is on, off, or decided from where Unknot runs."""

#: Numbers counted down at the end of a hold.
COUNTDOWN = (3, 2, 1)
#: A count is left out unless it comes this long after the step starts: the words that
#: open the step have the time to be said.
ANNOUNCE_SECONDS = 3.0
#: A count found this late (a stalled loop) is dropped rather than said out of time.
LATE_SECONDS = 0.75
#: Environment variables set by an SSH server for the session it runs.
SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


class CueKind(StrEnum):
    """An announcement of a step, or a number counted within it."""

    ANNOUNCE = "announce"
    COUNT = "count"


@dataclass(frozen=True)
class Cue:
    """Something to say at a moment of a step."""

    at: float
    """Seconds into the step."""
    text: str
    """What to say."""
    kind: CueKind = CueKind.ANNOUNCE
    """An announcement, or a count."""


@dataclass(frozen=True)
class Notice:
    """A desktop notification."""

    title: str
    """Short title, e.g. "Hold"."""
    body: str
    """One line: what to do now."""


# --------------------------------------------------------------------------- settings


def over_ssh(environ: Mapping[str, str]) -> bool:
    """Whether Unknot runs in an SSH session (its sound would play on the server)."""
    return any(environ.get(name) for name in SSH_VARIABLES)


def voice_wanted(setting: OnOffAuto, *, over_ssh: bool, engine_found: bool) -> bool:
    """Whether to speak: "auto" speaks when an engine is found and the session is local."""
    if setting == "off" or not engine_found:
        return False
    return setting == "on" or not over_ssh


def notify_wanted(setting: OnOffAuto, *, over_ssh: bool, terminal_shows: bool) -> bool:
    """Whether to send notifications: "auto" sends them over SSH (they reach the person's
    own desktop) and in terminals known to show them.
    """
    if setting != "auto":
        return setting == "on"
    return over_ssh or terminal_shows


# --------------------------------------------------------------------------- words


def _seconds(value: float) -> str:
    return plural(round(value), "second")


def _name_and_side(step: Step) -> str:
    return f"{step.exercise_name}, {step.side} side" if step.side else step.exercise_name


def _next_exercise(timeline: Timeline, index: int) -> Step | None:
    start = timeline.next_exercise_start(index)
    return timeline.steps[start] if start is not None else None


def is_rest_after(timeline: Timeline, index: int) -> bool:
    """Whether step `index` is the rest after its exercise (the next one follows it)."""
    step = timeline.steps[index]
    bounds = timeline.exercise_bounds(index)
    return step.kind is StepKind.REST and index == bounds.stop - 1 and bounds.stop < len(timeline)


def announcement(timeline: Timeline, index: int, seconds: float | None) -> str:
    """What to say as step `index` starts; `seconds` is its length (adjusted), if timed."""
    step = timeline.steps[index]
    kind = step.kind
    if kind is StepKind.PREPARE:
        return f"Get ready: {_name_and_side(step)}."
    if kind is StepKind.SWITCH_SIDES:
        return f"Switch sides. Now the {step.side or 'other'} side."
    if kind is StepKind.REST:
        rest = f"Rest {_seconds(seconds)}." if seconds is not None else "Rest."
        upcoming = _next_exercise(timeline, index) if is_rest_after(timeline, index) else None
        return f"{rest} Next: {upcoming.exercise_name}." if upcoming is not None else rest
    if kind is StepKind.HOLD:
        if step.breaths is not None:
            how_long = f"hold for {plural(step.breaths, 'slow breath')}"
        else:
            how_long = f"hold {_seconds(seconds or 0)}"
        if step.rep is not None and step.rep > 1:
            return f"Rep {step.rep} of {step.reps}, {how_long}."
        return f"{_name_and_side(step)}, {how_long}."
    # Reps: counted at their tempo, or at the person's own pace.
    reps = plural(step.reps, "rep")
    if step.self_paced:
        return f"{_name_and_side(step)}, {reps} at your own pace. Press enter when done."
    return f"{_name_and_side(step)}, {reps}."


def step_cues(timeline: Timeline, index: int, seconds: float | None) -> tuple[Cue, ...]:
    """Everything to say during step `index`, in order; `seconds` is its current length."""
    step = timeline.steps[index]
    cues = [Cue(0.0, announcement(timeline, index, seconds))]
    if step.kind is StepKind.HOLD and seconds is not None:
        cues += [
            Cue(seconds - number, str(number), CueKind.COUNT)
            for number in COUNTDOWN
            if seconds - number >= ANNOUNCE_SECONDS
        ]
    elif step.kind is StepKind.REPS and step.rep_seconds:
        # The announcement marks the first repetition; the others are counted as they start.
        cues += [
            Cue((rep - 1) * step.rep_seconds, str(rep), CueKind.COUNT)
            for rep in range(2, step.reps + 1)
        ]
    return tuple(cues)


def finished_words(*, ended_early: bool) -> str:
    """What to say when the session is over."""
    return "Session ended." if ended_early else "All done. Well done."


def step_notice(timeline: Timeline, index: int, seconds: float | None) -> Notice | None:
    """The notification for the start of step `index`, or None when it is not worth one.

    Holds, reps, switching sides and rests get one; a rest after an exercise says that
    exercise is done and what comes next. Getting ready gets one only when no such rest
    came before it (and not at the start, when the person has just looked at the screen).
    """
    step = timeline.steps[index]
    if step.kind is StepKind.PREPARE:
        if index == 0 or is_rest_after(timeline, index - 1):
            return None
        done = timeline.steps[index - 1].exercise_name
        return Notice("Exercise done", f"{done} done. Get ready: {_name_and_side(step)}")
    name = _name_and_side(step)
    length = f" {round(seconds)} s" if seconds is not None else ""
    if step.kind is StepKind.HOLD:
        what = f"{plural(step.breaths, 'slow breath')}" if step.breaths else f"{length.strip()}"
        rep = f" · rep {step.rep} of {step.reps}" if step.rep and step.reps > 1 else ""
        return Notice("Hold", f"{name}: hold {what}{rep}")
    if step.kind is StepKind.REPS:
        return Notice("Reps", f"{name}: {plural(step.reps, 'rep')}")
    if step.kind is StepKind.SWITCH_SIDES:
        return Notice("Switch sides", f"Now the {step.side or 'other'} side: {step.exercise_name}")
    if step.kind is StepKind.REST:
        if is_rest_after(timeline, index):
            upcoming = _next_exercise(timeline, index)
            following = f", then {upcoming.exercise_name}" if upcoming is not None else ""
            return Notice("Exercise done", f"{step.exercise_name} done. Rest{length}{following}")
        return Notice("Rest", f"Rest{length} · {step.exercise_name}")
    return None


def finished_notice(*, ended_early: bool) -> Notice:
    """The notification when the session is over."""
    if ended_early:
        return Notice("Session ended", "Your session was ended early.")
    return Notice("Session complete", "All done. Well done.")


# --------------------------------------------------------------------------- breathing


@dataclass(frozen=True)
class BreathPhase:
    """Where a breath-counted hold is in its slow breaths."""

    breath: int
    """1-based breath under way."""
    breathing_in: bool
    """True for the first half of the breath (in), False for the second (out)."""
    phase_left: float
    """Seconds until the next change between in and out."""
    fraction: float
    """How far through this half-breath, 0 to 1."""


def breath_phase(elapsed: float, breath_seconds: float) -> BreathPhase:
    """The breath at `elapsed` seconds into a hold paced at `breath_seconds` a breath."""
    half = breath_seconds / 2
    halves = max(0, int(elapsed // half))
    into = max(0.0, elapsed - halves * half)
    return BreathPhase(
        breath=halves // 2 + 1,
        breathing_in=halves % 2 == 0,
        phase_left=half - into,
        fraction=min(1.0, into / half),
    )


def seconds_to_next_change(session: Session, *, frames_per_rep: int = 1) -> float | None:
    """Active seconds until something a session screen shows changes, or None when
    nothing moves (paused or finished): the next whole second of the step or of the
    session, the next repetition (or one of `frames_per_rep` frames of a figure within
    it), the next change between breathing in and out.
    """
    if session.finished or session.paused:
        return None
    moments = [1.0 - session.elapsed % 1.0]
    remaining = session.remaining
    if remaining is not None:
        # Whole seconds are shown rounded up (0.2 s left shows 0:01): the next change is
        # when the time left reaches the number below the one shown.
        moments.append(remaining - (math.ceil(remaining - 1e-6) - 1))
    step = session.step
    elapsed = session.step_elapsed
    if step.kind is StepKind.REPS and step.rep_seconds:
        frame = step.rep_seconds / max(1, frames_per_rep)
        moments.append(frame - elapsed % frame)
    if step.kind is StepKind.HOLD and step.breaths and step.seconds:
        moments.append(breath_phase(elapsed, step.seconds / step.breaths).phase_left)
    return max(0.0, min(moments))


# --------------------------------------------------------------------------- prompting


class Prompter:
    """Decides, as the session goes, which cue to say now and when the next one is due.

    Each run of a step (its index and start: going back restarts it) has its cues said
    once each. A count depends on the step's current length, so lengthening a hold moves
    its countdown, which is then said again at its new moment.
    """

    def __init__(self) -> None:
        self._run: tuple[int, float] | None = None
        self._said: set[tuple[float, str]] = set()

    @staticmethod
    def _key(cue: Cue) -> tuple[float, str]:
        # The announcement is said once a run even if its words change (a lengthened hold);
        # a count is said again when it moves.
        return (0.0, CueKind.ANNOUNCE) if cue.kind is CueKind.ANNOUNCE else (cue.at, cue.text)

    def due(self, session: Session) -> Cue | None:
        """The cue to say now, if any; every cue that was due is then counted as said.

        When several are due at once (after a stall), only the latest is said, and a count
        more than `LATE_SECONDS` late is dropped: only an announcement is worth saying late.
        """
        cues = self._unsaid(session)
        elapsed = session.step_elapsed
        ready = [cue for cue in cues if cue.at <= elapsed + 1e-6]
        if not ready:
            return None
        self._said.update(map(self._key, ready))
        fresh = [cue for cue in ready if elapsed - cue.at <= LATE_SECONDS]
        if fresh:
            return fresh[-1]
        return next((cue for cue in ready if cue.kind is CueKind.ANNOUNCE), None)

    def seconds_to_next(self, session: Session) -> float | None:
        """Active seconds until the next cue of the current step, or None if none is left."""
        elapsed = session.step_elapsed
        upcoming = [cue.at - elapsed for cue in self._unsaid(session)]
        return max(0.0, min(upcoming)) if upcoming else None

    def _unsaid(self, session: Session) -> list[Cue]:
        if session.finished:
            return []
        run = (session.index, session.step_started)
        if run != self._run:
            self._run, self._said = run, set()
        cues = step_cues(session.timeline, session.index, session.step_seconds)
        return [cue for cue in cues if self._key(cue) not in self._said]


__all__ = [
    "ANNOUNCE_SECONDS",
    "COUNTDOWN",
    "BreathPhase",
    "Cue",
    "CueKind",
    "Notice",
    "OnOffAuto",
    "Prompter",
    "announcement",
    "breath_phase",
    "finished_notice",
    "finished_words",
    "is_rest_after",
    "notify_wanted",
    "over_ssh",
    "seconds_to_next_change",
    "step_cues",
    "step_notice",
    "voice_wanted",
]
