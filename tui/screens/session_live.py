"""The live part of the session screen: what to do now, how long is left, what comes next.

`LiveView.paint(session, routine)` brings it up to date with the session; each part is
repainted only when what it shows has changed (the digits when the whole second changes,
the texts when the step changes), since over SSH every byte counts.

The exercise's figure goes in `#figure-panel`, beside the clock: see `show_figure`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from tui.core.catalog import Catalog, Exercise
from tui.core.coaching import GENTLE_REMINDER
from tui.core.cues import breath_phase
from tui.core.plan import Step, StepKind
from tui.core.routine import Routine
from tui.core.session import Session
from tui.screens.session_view import (
    HINT_STYLE,
    clock_note,
    exercise_line,
    session_time,
    shown_step,
    step_line,
    up_next,
)
from tui.widgets.big_clock import BigClock
from tui.widgets.breath_pacer import BreathPacer
from tui.widgets.countdown import whole_seconds
from tui.widgets.meter import Meter
from tui.widgets.session_guide import SessionGuide

#: The figure panel's size (columns, rows) beside the clock at each clock scale.
FIGURE_PANEL_SIZES = {1: (24, 7), 2: (36, 12), 3: (56, 18)}


class LiveView(Vertical):
    """The step under way: exercise, step, clock, guide, progress and "up next"."""

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog
        self.figure_frames_per_rep = 1
        """How often a repetition calls `show_figure` (at phases 0, 1/n, ...): the figure's
        keyframes a rep. The screen wakes on time for each."""
        self.forget()

    def compose(self) -> ComposeResult:
        yield Static(id="exercise-name")
        yield Static(id="step-line")
        with Horizontal(id="clock-row"):
            yield BigClock(id="countdown")
            with Vertical(id="clock-side"):
                yield Static(id="clock-note")
                yield BreathPacer(id="pacer")
            # The exercise's figure goes here (see show_figure); hidden until it draws.
            yield Vertical(id="figure-panel")
        yield Meter(id="step-bar")
        yield Static(
            Content.assemble(("⚠ ", "bold $warning"), (GENTLE_REMINDER, "$warning")), id="gentle"
        )
        yield SessionGuide(id="guide")
        with Horizontal(id="session-row"):
            yield Static(Content.styled("Session ", HINT_STYLE), id="session-label")
            yield Meter(id="session-bar")
            yield Static(id="session-time")
        yield Static(id="up-next")

    def forget(self) -> None:
        """Forget what is shown, so the next `paint` paints everything (the same step may
        have restarted, or changed exercise)."""
        self._index: int | None = None
        self._second: int | None = None
        self._elapsed: int | None = None
        self._rep: int | None = None
        self._frame: tuple[int, int] | None = None
        self._gentle: bool | None = None

    def fit(self, scale: int) -> None:
        """Size the clock (1 to 3) and the figure panel to the terminal."""
        self.query_one(BigClock).scale = scale
        width, height = FIGURE_PANEL_SIZES[scale]
        panel = self.query_one("#figure-panel")
        panel.styles.width, panel.styles.height = width, height
        self.set_class(scale > 1, "-large")

    # ---- the figure (a seam: the figure widget is plugged in here)

    def show_figure(self, exercise: Exercise | None, phase: float | None, mirrored: bool) -> None:
        """Hook: show `exercise`'s figure beside the clock. Does nothing yet.

        Called whenever the figure should change: at each step with the exercise to show
        (in the rest after an exercise, the next one; None when there is none), `phase`
        None for a held position (get ready, hold, rest, switch sides); during counted
        reps `figure_frames_per_rep` times a repetition, on time, with `phase` the fraction
        of the repetition (0, 1/n, ...); `mirrored` on the right side.

        To plug the figure in: mount its widget in `#figure-panel` (sized from
        `FIGURE_PANEL_SIZES` by `fit`), show the panel (`display = True`), draw here, and
        set `figure_frames_per_rep` to its keyframes a rep.
        """

    # ---- painting

    def paint(self, session: Session, routine: Routine) -> bool:
        """Bring what is shown up to `session`; True when a new step is shown."""
        index = session.index
        new_step = index != self._index
        if new_step:
            self._index = index
            self._show_step(session, routine)
            self._second = self._rep = self._frame = None
        gentle = session.keep_gentle
        if gentle != self._gentle:
            self._gentle = gentle
            self.set_class(gentle, "-gentle")
        step = session.step
        remaining = session.remaining
        if remaining is not None:
            second = whole_seconds(remaining)
            if second != self._second:
                self._second = second
                self.query_one(BigClock).seconds = second
                self.query_one("#step-bar", Meter).fraction = session.step_progress
        if step.kind is StepKind.REPS:
            self._paint_reps(session, step)
        if step.kind is StepKind.HOLD and step.breaths and step.seconds:
            pace = step.seconds / step.breaths
            phase = breath_phase(min(session.step_elapsed, step.seconds - 1e-6), pace)
            self.query_one(BreathPacer).show(phase, step.breaths)
        self._paint_session_time(session)
        return new_step

    def paint_end(self, session: Session) -> None:
        """What stays in sight behind the last question: the time spent, nothing to come."""
        self.query_one("#up-next", Static).update("")
        self.query_one(BigClock).seconds = 0
        self.query_one("#step-bar", Meter).fraction = session.step_progress
        self._paint_session_time(session)

    def _paint_session_time(self, session: Session) -> None:
        elapsed = int(session.elapsed)
        if elapsed != self._elapsed:
            self._elapsed = elapsed
            self.query_one("#session-bar", Meter).fraction = session.session_progress
            self.query_one("#session-time", Static).update(session_time(session))

    def _paint_reps(self, session: Session, step: Step) -> None:
        """The rep under way beside the clock, and the figure's frame within it."""
        rep = session.current_rep
        if rep is not None and rep != self._rep:
            self._rep = rep
            self.query_one("#clock-note", Static).update(clock_note(step, rep))
        if step.rep_seconds:
            frames = max(1, self.figure_frames_per_rep)
            into = session.step_elapsed % step.rep_seconds
            frame = (rep or 1, min(frames - 1, int(into / step.rep_seconds * frames + 1e-9)))
            if frame != self._frame:
                self._frame = frame
                exercise = self.catalog.get(step.exercise_id)
                self.show_figure(exercise, frame[1] / frames, step.side == "right")

    def _show_step(self, session: Session, routine: Routine) -> None:
        timeline, index, step = session.timeline, session.index, session.step
        shown = shown_step(timeline, index)
        self.query_one("#exercise-name", Static).update(exercise_line(timeline, index))
        self.query_one("#step-line", Static).update(step_line(timeline, index))
        self.set_class(step.self_paced, "-self-paced")
        breathing = step.kind is StepKind.HOLD and bool(step.breaths)
        self.set_class(breathing, "-breathing")
        if not breathing:
            self.query_one(BreathPacer).show(None, 0)
        entries = routine.exercise
        note = entries[shown.entry_index].note if shown.entry_index < len(entries) else ""
        exercise = self.catalog.get(shown.exercise_id)
        self.query_one(SessionGuide).show(exercise, working=step.is_work, note=note)
        self.query_one("#clock-note", Static).update(clock_note(step, session.current_rep))
        self.query_one("#up-next", Static).update(up_next(timeline, index))
        if not (step.kind is StepKind.REPS and step.rep_seconds):  # (those: frame by frame)
            phase = 0.0 if step.kind is StepKind.REPS else None
            self.show_figure(exercise, phase, step.side == "right")


__all__ = ["FIGURE_PANEL_SIZES", "LiveView"]
