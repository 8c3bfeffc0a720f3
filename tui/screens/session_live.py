"""The live part of the session screen: what to do now, how long is left, what comes next.

`LiveView.paint(session, routine)` brings it up to date with the session; each part is
repainted only when what it shows has changed (the digits when the whole second changes,
the texts when the step changes), since over SSH every byte counts.

The exercise's figure stands in `#figure-panel`, beside the clock (see `show_figure`):
the held position in a hold, the start position while getting ready and resting, moving
through its keyframes at the tempo of counted repetitions, mirrored on the right side. It
is redrawn only when its pose changes, at most `FIGURE_FRAMES_A_SECOND` times a second.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

from tui.core.catalog import Catalog, Exercise
from tui.core.coaching import GENTLE_REMINDER
from tui.core.cues import breath_phase
from tui.core.figure import HELD_PHASE, Figure, rep_phase, rows_to_fill
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
from tui.widgets.big_clock import BigClock, clock_lines
from tui.widgets.breath_pacer import BreathPacer
from tui.widgets.countdown import whole_seconds
from tui.widgets.figure import FigureView
from tui.widgets.meter import Meter
from tui.widgets.session_guide import SessionGuide

#: The figure panel's size (columns, rows) beside the clock at each clock scale: the
#: most it takes; less where the terminal has less room (see `figure_panel_size`).
FIGURE_PANEL_SIZES = {1: (24, 7), 2: (36, 12), 3: (56, 18)}
#: How often a second a moving figure may change pose, at most, at each clock scale: each
#: change rewrites the cells that move, and a larger figure has more (bytes over SSH).
FIGURE_FRAMES_A_SECOND = {1: 2.0, 2: 1.5, 3: 1.0}
#: Columns of the live view that are not the clock or the figure: its padding (2 + 2),
#: the note's (2 + 2) and the note's longest line, the breathing pacer's
#: ("↑ Breathe in  ■■■■■  breath 2 of 6"). A longer one only makes the figure narrower.
OTHER_COLUMNS = 4 + 4 + 35
#: Rows of the session screen that are not the clock row or the guide (session.tcss):
#: the top line, the exercise and step lines, the margins, the step bar, the session
#: line, "up next" and the key bar.
OTHER_ROWS = 11
#: Rows the guide keeps beside a figure: the figure is made shorter, or left out, first.
GUIDE_ROWS = 4


def figure_panel_size(scale: int, terminal: Size) -> tuple[int, int] | None:
    """The figure panel's (columns, rows) in a `terminal` with the clock at `scale`: as
    in FIGURE_PANEL_SIZES where there is room, smaller where there is less, and None
    where a figure would not be recognisable (the clock and the note come first)."""
    columns, rows = FIGURE_PANEL_SIZES[scale]
    clock = clock_lines("0:00", scale)
    clock_columns = max(12, len(clock[0]) + (1 if scale > 1 else 0))  # session.tcss, big_clock
    columns = min(columns, terminal.width - OTHER_COLUMNS - clock_columns)
    rows = min(rows, terminal.height - OTHER_ROWS - GUIDE_ROWS)
    if columns < SessionFigure.MIN_WIDTH or rows < SessionFigure.MIN_ROWS:
        return None
    return columns, rows


def frames_per_rep(figure: Figure, rep_seconds: float, frames_a_second: float) -> int:
    """How many poses a repetition of `rep_seconds` shows, from the start to the end
    position and back: as many as `frames_a_second` allows, but at least each keyframe, and
    the same number between each two keyframes (so every keyframe is drawn, the end
    position at half the repetition)."""
    gaps = 2 * max(1, len(figure.frame) - 1)
    most = int(rep_seconds * frames_a_second + 1e-9)
    return max(gaps, most // gaps * gaps)


class SessionFigure(FigureView):
    """The exercise's figure beside the clock, sized by `LiveView` (the clock row's height
    follows it, so it cannot follow the row's)."""

    MIN_ROWS = 4
    """Below this many rows, the figure is left out: too few dots to recognise."""


class LiveView(Vertical):
    """The step under way: exercise, step, clock, guide, progress and "up next"."""

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog
        self.figure_frames_per_rep = 1
        """How many poses of the figure a counted repetition shows (`frames_per_rep`); the
        screen wakes on time for each."""
        self._figure_scale = 1
        self._figure_room: tuple[int, int] | None = None  # the panel's most (columns, rows)
        self._figure_size: tuple[int, int] | None = None  # the figure's (columns, rows)
        self._moving: tuple[Figure, float] | None = None  # in counted reps: figure, tempo
        # Kept, not queried: a step change paints most of them, on time.
        self._exercise_name = Static(id="exercise-name")
        self._step_line = Static(id="step-line")
        self._clock = BigClock(id="countdown")
        self._clock_note = Static(id="clock-note")
        self._pacer = BreathPacer(id="pacer")
        self._figure_panel = Vertical(id="figure-panel")
        self._figure = SessionFigure(id="figure")
        self._step_bar = Meter(id="step-bar")
        self._guide = SessionGuide(id="guide")
        self._session_bar = Meter(id="session-bar")
        self._session_time = Static(id="session-time")
        self._up_next = Static(id="up-next")
        self.forget()

    def compose(self) -> ComposeResult:
        yield self._exercise_name
        yield self._step_line
        with Horizontal(id="clock-row"):
            yield self._clock
            with Vertical(id="clock-side"):
                yield self._clock_note
                yield self._pacer
            # Shown only with a figure to draw, where there is room (see show_figure).
            with self._figure_panel:
                yield self._figure
        yield self._step_bar
        yield Static(
            Content.assemble(("⚠ ", "bold $warning"), (GENTLE_REMINDER, "$warning")), id="gentle"
        )
        yield self._guide
        with Horizontal(id="session-row"):
            yield Static(Content.styled("Session ", HINT_STYLE), id="session-label")
            yield self._session_bar
            yield self._session_time
        yield self._up_next

    def forget(self) -> None:
        """Forget what is shown, so the next `paint` paints everything (the same step may
        have restarted, or changed exercise)."""
        self._index: int | None = None
        self._second: int | None = None
        self._elapsed: int | None = None
        self._rep: int | None = None
        self._frame: tuple[int, int] | None = None
        self._gentle: bool | None = None

    def fit(self, scale: int, terminal: Size) -> None:
        """Size the clock (1 to 3) and the figure panel to the terminal."""
        self._clock.scale = scale
        self._figure_scale = scale
        self._figure_room = figure_panel_size(scale, terminal)
        self._show_panel()
        self.set_class(scale > 1, "-large")
        if self._moving is not None:  # a larger figure moves less often
            self._move(*self._moving)

    # ---- the figure

    @property
    def figure(self) -> SessionFigure:
        return self._figure

    def show_figure(self, exercise: Exercise | None, phase: float, mirrored: bool) -> None:
        """Show `exercise`'s figure beside the clock at `phase` (0.0 the start position,
        HELD_PHASE the end), flipped for the right side when `mirrored`.

        Called at each step with the exercise to show (in the rest after an exercise, the
        next one), and during counted reps `figure_frames_per_rep` times a repetition, on
        time. An exercise without a figure leaves the panel out: no empty box.
        """
        figure = exercise.figure if exercise is not None else None
        self.figure.show(figure, phase, mirrored)
        self._show_panel()

    def _show_panel(self) -> None:
        """Show the panel when there is a figure and room for it, as tall as the figure
        needs at the panel's width (a figure lying down takes fewer rows)."""
        figure, room = self.figure.figure, self._figure_room
        size = None
        if figure is not None and room is not None:
            columns, rows = room
            size = (columns, min(rows, rows_to_fill(figure, columns)))
        if size != self._figure_size:
            self._figure_size = size
            if size is not None:
                self.figure.styles.max_width, self.figure.styles.height = size
            self._figure_panel.display = size is not None
            self.set_class(size is not None, "-figure")

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
                self._clock.seconds = second
                self._step_bar.fraction = session.step_progress
        if step.kind is StepKind.REPS:
            self._paint_reps(session, step)
        if step.kind is StepKind.HOLD and step.breaths and step.seconds:
            pace = step.seconds / step.breaths
            phase = breath_phase(min(session.step_elapsed, step.seconds - 1e-6), pace)
            self._pacer.show(phase, step.breaths)
        self._paint_session_time(session)
        return new_step

    def paint_end(self, session: Session) -> None:
        """What stays in sight behind the last question: the time spent, nothing to come."""
        self._up_next.update("")
        self._clock.seconds = 0
        self._step_bar.fraction = session.step_progress
        self._paint_session_time(session)

    def _paint_session_time(self, session: Session) -> None:
        elapsed = int(session.elapsed)
        if elapsed != self._elapsed:
            self._elapsed = elapsed
            self._session_bar.fraction = session.session_progress
            self._session_time.update(session_time(session))

    def _paint_reps(self, session: Session, step: Step) -> None:
        """The rep under way beside the clock, and the figure's frame within it."""
        rep = session.current_rep
        if rep is not None and rep != self._rep:
            self._rep = rep
            self._clock_note.update(clock_note(step, rep))
        if step.rep_seconds:
            frames = max(1, self.figure_frames_per_rep)
            into = session.step_elapsed % step.rep_seconds
            frame = (rep or 1, min(frames - 1, int(into / step.rep_seconds * frames + 1e-9)))
            if frame != self._frame:
                self._frame = frame
                exercise = self.catalog.get(step.exercise_id)
                self.show_figure(exercise, rep_phase(frame[1] / frames), step.side == "right")

    def _move(self, figure: Figure, rep_seconds: float) -> None:
        """Move `figure` through its poses, repetitions of `rep_seconds` (see _paint_reps)."""
        self._moving = (figure, rep_seconds)
        rate = FIGURE_FRAMES_A_SECOND[self._figure_scale]
        self.figure_frames_per_rep = frames_per_rep(figure, rep_seconds, rate)
        self._frame = None

    def _show_step(self, session: Session, routine: Routine) -> None:
        timeline, index, step = session.timeline, session.index, session.step
        shown = shown_step(timeline, index)
        self._exercise_name.update(exercise_line(timeline, index))
        self._step_line.update(step_line(timeline, index))
        self.set_class(step.self_paced, "-self-paced")
        breathing = step.kind is StepKind.HOLD and bool(step.breaths)
        self.set_class(breathing, "-breathing")
        if not breathing:
            self._pacer.show(None, 0)
        entries = routine.exercise
        note = entries[shown.entry_index].note if shown.entry_index < len(entries) else ""
        exercise = self.catalog.get(shown.exercise_id)
        self._guide.show(exercise, working=step.is_work, note=note)
        self._clock_note.update(clock_note(step, session.current_rep))
        self._up_next.update(up_next(timeline, index))
        figure = exercise.figure if exercise is not None else None
        if step.kind is StepKind.REPS and step.rep_seconds and figure is not None:
            self._move(figure, step.rep_seconds)
            return  # drawn frame by frame (_paint_reps)
        self._moving = None
        self.figure_frames_per_rep = 1
        # Holding (or doing reps at one's own pace): the end position; otherwise getting
        # into, or back to, the start: the next exercise's in the rest after one.
        working = shown is step and step.is_work
        self.show_figure(exercise, HELD_PHASE if working else 0.0, shown.side == "right")


__all__ = ["FIGURE_PANEL_SIZES", "LiveView"]
