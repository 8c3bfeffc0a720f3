"""The live guided session: what to do now, how long is left, and what comes next.

Everything a session means lives in `tui.core.session.Session`; this screen only asks it
where things stand and turns keys into calls. Over SSH every byte counts, so the screen
ticks at most four times a second and repaints a part only when what it shows changes:
the digits when the whole second changes, the texts when the step changes.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalog import Catalog, Exercise
from tui.core.paths import DataPaths
from tui.core.plan import Step, StepKind, compile_routine
from tui.core.resume import (
    CheckpointKeeper,
    checkpoint_data,
    finished_checkpoint,
    parse_resume,
    record_once,
)
from tui.core.routine import Routine
from tui.core.session import (
    Clock,
    Session,
    SessionFinished,
    SessionRecord,
    SessionState,
    StepEnded,
)
from tui.core.store.settings import Settings
from tui.core.text import plural
from tui.screens.dialog import Dialog
from tui.screens.dialogs import ConfirmScreen
from tui.widgets.countdown import Countdown, clock_text, whole_seconds
from tui.widgets.hanging_text import HangingText
from tui.widgets.key_bar import KeyBar
from tui.widgets.meter import Meter
from tui.widgets.session_record import render_record
from tui.widgets.text_items import NO_PREFIX, Item

#: Seconds between ticks: often enough that a second never shows late by much, rarely
#: enough to cost nothing; what is shown comes from the clock, not from counting ticks.
TICK_SECONDS = 0.25
#: How long the screen flashes when a hold or rest ends (settings: bell = "flash").
FLASH_SECONDS = 0.3
#: Steps whose end is marked with the bell or flash.
RINGING_KINDS = frozenset({StepKind.HOLD, StepKind.REST})
HINT_STYLE = "$text-muted"
DEFAULT_SETTINGS = Settings()
DEFAULT_IF_IT_HURTS = "Stop the exercise. If the pain persists, see a physical therapist."
SKIP_THIS_EXERCISE = "Skip this exercise"

KIND_STYLES: dict[StepKind, str] = {
    StepKind.PREPARE: "bold $background on $accent",
    StepKind.HOLD: "bold $background on $success",
    StepKind.REPS: "bold $background on $success",
    StepKind.SWITCH_SIDES: "bold $background on $warning",
    StepKind.REST: "bold $background on $secondary",
}

__all__ = ["HurtScreen", "PainScreen", "SessionScreen"]


# --------------------------------------------------------------------------- dialogs


class PainScreen(Dialog[int | None]):
    """Ask for pain from 0 to 10, optional: dismisses with the number, or None to skip."""

    BINDINGS = [
        Binding("escape,s", "skip", "Skip", tooltip="Do not rate the pain", id="pain.skip"),
        *(
            Binding(str(digit), f"rate({digit})", str(digit), show=False, id=f"pain.rate_{digit}")
            for digit in range(10)
        ),
    ]

    LABELS = {0: "no pain", 5: "moderate", 10: "worst imaginable"}

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Content.assemble(f"{value:>2}  ", (self.LABELS.get(value, ""), HINT_STYLE)),
                id=str(value),
            )
            for value in range(11)
        ]
        options.append(Option(Content("Skip"), id="skip"))
        with Vertical(classes="dialog pain"):
            yield Label(Content.styled(self._question, "bold"), classes="dialog-title")
            yield Label(Content.styled("0 is no pain, 10 the worst imaginable.", HINT_STYLE))
            yield OptionList(*options, id="pain-options")
            yield Label(Content.styled("0-9 or enter choose · esc skip", HINT_STYLE))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        value = event.option.id
        self.dismiss(None if value in (None, "skip") else int(value))

    def action_rate(self, value: int) -> None:
        self.dismiss(value)

    def action_skip(self) -> None:
        self.dismiss(None)


class HurtScreen(Dialog[str | None]):
    """After "this hurts": the signs to stop, the advice, and what to do now.

    Dismisses with "skip" (skip the exercise `skip_label` names), "gently" (carry on,
    gently) or "end" (end the session); None (escape) leaves the session paused.
    """

    BINDINGS = [
        Binding("escape", "choose(None)", "Stay paused", id="hurt.cancel"),
        Binding("s", "choose('skip')", "Skip exercise", show=False, id="hurt.skip"),
        Binding("c", "choose('gently')", "Continue gently", show=False, id="hurt.gently"),
        Binding("e", "choose('end')", "End session", show=False, id="hurt.end"),
    ]

    def __init__(
        self,
        exercise_name: str,
        exercise: Exercise | None,
        if_it_hurts: str,
        skip_label: str | None = SKIP_THIS_EXERCISE,
    ) -> None:
        """`skip_label` says what "skip" leaves out; None when nothing is left to skip."""
        super().__init__()
        self._exercise_name = exercise_name
        self._exercise = exercise
        self._if_it_hurts = if_it_hurts
        self._skip_label = skip_label
        self._choices = [
            *([("skip", "s", skip_label)] if skip_label is not None else []),
            ("gently", "c", "Continue gently, in a smaller range"),
            ("end", "e", "End the session"),
        ]

    def compose(self) -> ComposeResult:
        lines = [Content.styled(self._if_it_hurts, "bold $warning")]
        if self._exercise is not None and self._exercise.stop_if:
            lines += [Content(""), Content.styled("Stop at once if", "bold $error")]
            lines += [
                Content.assemble(("  ✕ ", "bold $error"), sign) for sign in self._exercise.stop_if
            ]
        with Vertical(classes="dialog wide hurt"):
            yield Label(
                Content.assemble(("Paused: ", "bold"), (self._exercise_name, "bold $accent")),
                classes="dialog-title",
            )
            with VerticalScroll(id="hurt-advice", can_focus=False):
                yield Static(Content("\n").join(lines))
            yield OptionList(
                *(
                    Option(Content.assemble((f"{key}  ", "bold $accent"), label), id=value)
                    for value, key, label in self._choices
                ),
                id="hurt-options",
            )
            yield Label(Content.styled("enter choose · esc stay paused", HINT_STYLE))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("skip",):
            return self._skip_label is not None
        return True

    def action_choose(self, value: str | None) -> None:
        self.dismiss(value)


# --------------------------------------------------------------------------- the screen


class SessionScreen(Screen[None]):
    """Guides a person through a routine, step by step, and records what they did."""

    AUTO_FOCUS = "#guide"
    CSS_PATH = "session.tcss"

    BINDINGS = [
        Binding("space", "pause", "Pause", tooltip="Pause the session", id="session.pause"),
        Binding("space", "resume", "Resume", tooltip="Carry on after a pause", id="session.resume"),
        Binding(
            "h",
            "hurts",
            "This hurts",
            tooltip="Pain: pause, and choose to skip, go gently or end",
            id="session.hurts",
        ),
        Binding(
            "enter",
            "done",
            "Done",
            tooltip="The set is done (exercises at your own pace)",
            id="session.done",
        ),
        Binding(
            "e,escape,q",
            "end",
            "End",
            tooltip="End the session early (asks first; what you did is kept)",
            id="session.end",
        ),
        Binding("n,right", "skip", "Skip", tooltip="Skip to the next step", id="session.skip"),
        Binding(
            "b,left",
            "back",
            "Back",
            tooltip="Restart this step, or go back a step if it has just begun",
            show=False,  # in help and the palette: the key bar must keep "? Help" at 80 columns
            id="session.back",
        ),
        Binding(
            "s",
            "skip_exercise",
            "Next exercise",
            tooltip="Skip the rest of this exercise",
            id="session.skip_exercise",
        ),
        # Not in the footer (no room at 80 columns); the clock says "+ or -" instead.
        Binding(
            "plus,equals_sign",
            "adjust(10)",
            "10 s more",
            tooltip="Add 10 seconds to this step",
            show=False,
            id="session.more_time",
        ),
        Binding(
            "minus",
            "adjust(-10)",
            "10 s less",
            tooltip="Take 10 seconds off this step",
            show=False,
            id="session.less_time",
        ),
        # Switching area mid-session would leave the clock running out of sight.
        Binding("1,2,3,4,5,o", "stay", show=False, id="session.stay"),
        Binding(
            "enter,escape,c",
            "close",
            "Close",
            tooltip="Back to where you started the session",
            id="session.close",
        ),
    ]

    def __init__(
        self,
        catalog: Catalog,
        routine: Routine,
        paths: DataPaths,
        *,
        clock: Clock = time.monotonic,
        wall_clock: Clock = time.time,
        settings: Settings = DEFAULT_SETTINGS,
        checkpoint: dict[str, Any] | None = None,
    ) -> None:
        """Start `routine` now, or carry on from `checkpoint` (as saved, see `resume_offer`).

        Raises ValueError when `checkpoint` does not fit the routine and catalogue, or when
        no exercise of the routine is in the catalogue.
        """
        super().__init__()
        self.catalog = catalog
        self.routine = routine
        self.paths = paths
        self.settings = settings
        if checkpoint is not None:
            point = parse_resume(checkpoint, catalog)
            self.plan = point.plan
            self.timeline = point.timeline
            self.session = Session.restore(self.timeline, point.session, clock)
        else:
            self.plan = settings.plan
            self.timeline = compile_routine(routine, catalog, self.plan)
            self.session = Session(
                self.timeline, clock, wall_clock=wall_clock, routine_name=routine.name
            )
            # The clock waits while the person rates their pain before starting.
            self.session.pause()
        self.restored = checkpoint is not None
        """Whether this session carries on from a checkpoint."""
        self.started = self.restored
        """Whether the session has begun (after the pain question); nothing to resume before."""
        self.record: SessionRecord | None = None
        """What was saved to the history once the session is over."""
        self._keeper = CheckpointKeeper(paths)
        self._timer: Timer | None = None
        self._finishing = False
        # What is on screen now; None forces the first paint.
        self._shown_index: int | None = None
        self._shown_paused: bool | None = None
        self._shown_step_second: int | None = None
        self._shown_elapsed: int | None = None
        self._shown_rep: int | None = None

    @property
    def in_progress(self) -> bool:
        """Whether the session is under way or not yet recorded (the app stays on it)."""
        return self.record is None

    # ---- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-top"):
            yield Static(id="top-title")
            yield Static(id="top-state")
        with Vertical(id="live"):
            yield Static(id="exercise-name")
            yield Static(id="step-line")
            with Horizontal(id="clock-row"):
                yield Countdown(id="countdown")
                yield Static(id="clock-note")
            yield Meter(id="step-bar")
            with VerticalScroll(id="guide"):
                yield HangingText(id="guide-text")
            with Horizontal(id="session-row"):
                yield Static(Content.styled("Session ", HINT_STYLE), id="session-label")
                yield Meter(id="session-bar")
                yield Static(id="session-time")
            yield Static(id="up-next")
        with VerticalScroll(id="summary"):
            yield Static(id="summary-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#top-title", Static).update(
            Content.assemble(("Session: ", HINT_STYLE), (self.routine.name, "bold"))
        )
        self.sync()
        self._timer = self.set_interval(TICK_SECONDS, self.tick)
        if not self.restored:
            self.app.push_screen(PainScreen("Before you start: how is your pain now?"), self._begin)

    def on_screen_suspend(self) -> None:
        """Covered (help, the palette, a dialog): a running clock would count down unseen.

        The pause outlasts the cover: the person carries on with space once back in
        position. Dialogs that pause on their own have already paused, so this does nothing.
        """
        if self.session.state is SessionState.RUNNING:
            self.action_pause()

    def _begin(self, pain: int | None) -> None:
        self.session.begin(pain)
        self.started = True
        self.sync()
        self._save_checkpoint()

    # ---- the clock

    def tick(self) -> None:
        """Catch up with the clock and repaint what changed (called by the interval)."""
        if not self._finishing:
            self.sync()

    def sync(self) -> None:
        """Bring the session up to the clock, ring for ended steps, repaint what changed."""
        events = self.session.update()
        if any(isinstance(e, StepEnded) and e.step.kind in RINGING_KINDS for e in events):
            self._ring()
        self._repaint()
        if any(isinstance(e, SessionFinished) for e in events):
            self._finish()

    def _ring(self) -> None:
        if self.settings.bell == "bell":
            self.app.bell()
        elif self.settings.bell == "flash":
            self.add_class("-flash")
            self.set_timer(FLASH_SECONDS, lambda: self.remove_class("-flash"))

    # ---- painting: each part only when what it shows has changed

    def _repaint(self) -> None:
        session = self.session
        if session.finished:
            return
        index = session.index
        if index != self._shown_index:
            self._shown_index = index
            self._show_step(session.step, index)
            self._shown_step_second = self._shown_rep = None
            self.refresh_bindings()
            self._save_checkpoint()
        paused = session.paused
        if paused != self._shown_paused:
            self._shown_paused = paused
            self._show_paused(paused)
        remaining = session.remaining
        if remaining is not None:
            second = whole_seconds(remaining)
            if second != self._shown_step_second:
                self._shown_step_second = second
                self.query_one(Countdown).seconds = second
                self.query_one("#step-bar", Meter).fraction = session.step_progress
            rep = session.current_rep if session.step.kind is StepKind.REPS else None
            if rep is not None and rep != self._shown_rep:
                self._shown_rep = rep
                self._show_clock_note(session.step)
        elapsed = int(session.elapsed)
        if elapsed != self._shown_elapsed:
            self._shown_elapsed = elapsed
            total = self.timeline.total_seconds
            self.query_one("#session-bar", Meter).fraction = session.session_progress
            self.query_one("#session-time", Static).update(
                Content.styled(f" {clock_text(elapsed)} / {clock_text(round(total))}", HINT_STYLE)
            )

    def _show_step(self, step: Step, index: int) -> None:
        timeline = self.timeline
        number, count = timeline.exercise_number(index), len(timeline.entries)
        self.query_one("#exercise-name", Static).update(
            Content.assemble(
                (step.exercise_name, "bold $accent"),
                (f"   exercise {number} of {count}", HINT_STYLE),
            )
        )
        detail = step.detail
        if step.kind is StepKind.SWITCH_SIDES and step.side:
            detail = f"Now the {step.side} side" + (f" · {detail}" if detail else "")
        self.query_one("#step-line", Static).update(
            Content.assemble((f" {step.title.upper()} ", KIND_STYLES[step.kind]), f"  {detail}")
        )
        self.set_class(step.self_paced, "-self-paced")
        self.query_one("#guide-text", HangingText).update(self._guide(step))
        self.query_one("#guide", VerticalScroll).scroll_home(animate=False)
        self._show_clock_note(step)
        self.query_one("#up-next", Static).update(self._up_next(index))

    def _show_clock_note(self, step: Step) -> None:
        """Beside the digits: what the time is for, and how to change it."""
        if step.self_paced:
            reps = plural(step.reps, "rep")
            headline, subline = "Your pace", reps
            last = "press enter when the set is done"
        else:
            if step.kind is StepKind.REPS:
                rep = self.session.current_rep or 1
                headline, subline = f"Rep {rep} of {step.reps}", f"{step.rep_seconds:g} s each"
            elif step.kind is StepKind.HOLD:
                headline = f"{step.breaths} slow breaths" if step.breaths else "Hold"
                subline = "breathe slowly"
            elif step.kind is StepKind.PREPARE:
                headline, subline = "Get into position", "read the steps below"
            elif step.kind is StepKind.SWITCH_SIDES:
                headline, subline = f"Switch to the {step.side or 'other'} side", ""
            else:
                headline, subline = "Rest", "relax and breathe"
            last = "+ or - for 10 s more or less"
        self.query_one("#clock-note", Static).update(
            Content.assemble(
                (headline, "bold $accent" if step.self_paced else "bold"),
                "\n",
                (subline, "bold" if step.self_paced else HINT_STYLE),
                "\n",
                (last, HINT_STYLE),
            )
        )

    def _guide(self, step: Step) -> list[Item]:
        """The cue while working; the full steps (and the person's note) otherwise."""
        exercise = self.catalog.get(step.exercise_id)
        if exercise is None:  # pragma: no cover - the timeline only has catalogue exercises
            return []
        if step.is_work:
            return [(NO_PREFIX, Content.styled(exercise.cue, "italic"))]
        items = [
            (Content.styled(f"{number:>2}. ", HINT_STYLE), Content(text))
            for number, text in enumerate(exercise.steps, start=1)
        ]
        entries = self.routine.exercise
        note = entries[step.entry_index].note if step.entry_index < len(entries) else ""
        if note:
            items.append((Content.styled("Your note: ", HINT_STYLE), Content(note)))
        return items

    def _up_next(self, index: int) -> Content:
        upcoming = self.timeline.next_work_step(index)
        if upcoming is None:
            return Content.styled("Up next: the end. Well done.", HINT_STYLE)
        what = upcoming.title
        if upcoming.kind is StepKind.HOLD and upcoming.seconds is not None:
            what += f" {upcoming.seconds:g} s"
        if upcoming.detail:
            what += f" · {upcoming.detail}"
        return Content.assemble(
            ("Up next: ", HINT_STYLE), (upcoming.exercise_name, "bold"), (f" · {what}", HINT_STYLE)
        )

    def _show_paused(self, paused: bool) -> None:
        self.set_class(paused, "-paused")
        # Not before the start: the first pain question is up, and space would not carry on.
        self.query_one("#top-state", Static).update(
            Content.styled(" PAUSED · space to carry on ", "bold $background on $warning")
            if paused and self.started
            else Content("")
        )
        self.refresh_bindings()

    # ---- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        if action == "close":
            return self.record is not None
        if session.finished:
            return False
        if action == "pause":
            return not session.paused
        if action == "resume":
            return session.paused
        if action == "done":
            return session.step.self_paced
        if action == "adjust":
            return session.step_seconds is not None
        return True

    def action_pause(self) -> None:
        self.session.pause()
        self.sync()
        self._save_checkpoint()

    def action_resume(self) -> None:
        self.session.resume()
        self.sync()

    def action_skip(self) -> None:
        self.session.skip()
        self.sync()

    def action_back(self) -> None:
        self.session.back()
        self._shown_index = None  # the same step may restart: repaint it whole
        self.sync()

    def action_skip_exercise(self) -> None:
        self.session.skip_exercise()
        self.sync()

    def action_done(self) -> None:
        self.session.done()
        self.sync()

    def action_adjust(self, seconds: float) -> None:
        self.session.adjust(seconds)
        self._shown_step_second = None
        self.sync()

    @work(exclusive=True, group="session-dialog")
    async def action_end(self) -> None:
        was_paused = self.session.paused
        self.session.pause()
        self.sync()
        confirmed = await self.app.push_screen_wait(
            ConfirmScreen(
                "End the session now?", "What you have done so far is kept in your history."
            )
        )
        if self.session.finished:
            return
        if confirmed:
            self.session.end()
        elif not was_paused:
            self.session.resume()
        self.sync()

    @work(exclusive=True, group="session-dialog")
    async def action_hurts(self) -> None:
        session = self.session
        painful = session.report_pain()
        self.sync()
        self._save_checkpoint()
        guidance = self.catalog.guidance
        choice = await self.app.push_screen_wait(
            HurtScreen(
                painful.name,
                self.catalog.get(painful.id),
                guidance.if_it_hurts if guidance is not None else DEFAULT_IF_IT_HURTS,
                self._skip_label(painful.entry_index),
            )
        )
        if session.finished:
            return
        if choice == "end":
            session.end()
        elif choice == "skip":
            session.skip_exercise_ahead()
            session.resume()
        elif choice == "gently":
            session.resume()
        self.sync()

    def _skip_label(self, painful_entry: int) -> str | None:
        """What "skip" in the this-hurts dialog leaves out, in words."""
        ahead = self.session.exercise_ahead
        if ahead is None:
            return None
        if ahead.entry_index == painful_entry:
            return SKIP_THIS_EXERCISE
        # The rest after an exercise: that one is done, the next is what can be skipped.
        return f"Skip the next exercise: {ahead.name}"

    def action_stay(self) -> None:
        self.notify("Finish the session first, or press e to end it.", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)

    # ---- checkpoint and history

    def _save_checkpoint(self) -> None:
        """Save where the session is, off the UI thread (on step changes and pauses)."""
        if self.session.finished or not self.started:
            return  # (a finished session's checkpoint is written by _finish)
        data = checkpoint_data(self.routine, self.plan, self.session)
        self._write_checkpoint(self._keeper.ticket(), data)

    @work(group="checkpoint")
    async def _write_checkpoint(self, ticket: int, data: dict[str, Any]) -> None:
        try:
            await asyncio.to_thread(self._keeper.save, ticket, data)
        except OSError as error:
            self.notify(f"Could not save the session to resume later: {error}", severity="warning")

    def _finish(self) -> None:
        """The session is over: ask about pain, then record it and show the summary."""
        if self._finishing:
            return
        self._finishing = True
        if self._timer is not None:
            self._timer.stop()
        self.remove_class("-paused")
        ended = "ENDED EARLY" if self.session.ended_early else "FINISHED"
        self.query_one("#top-state", Static).update(
            Content.styled(f" {ended} ", "bold $background on $success")
        )
        self.refresh_bindings()
        # Until the last question is answered the record lives in the checkpoint, so a
        # dropped connection now still lands the session in the history (resume.py).
        self._write_checkpoint(self._keeper.ticket(), finished_checkpoint(self.session.record()))
        self.app.push_screen(PainScreen("All done. How is your pain now?"), self._record)

    def _record(self, pain: int | None) -> None:
        self.session.pain_after = pain
        self.record = self.session.record()
        self._save_record(self.record, self._keeper.ticket())
        self._show_summary(self.record, saved=None)

    @work(group="history")
    async def _save_record(self, record: SessionRecord, ticket: int) -> None:
        def write() -> None:
            record_once(self.paths, record.to_dict())
            self._keeper.clear(ticket)

        try:
            await asyncio.to_thread(write)
        except OSError as error:
            self._show_summary(record, saved=str(error))
        else:
            self._show_summary(record, saved="")

    def _show_summary(self, record: SessionRecord, *, saved: str | None) -> None:
        """`saved`: None while writing, "" once written, else why it could not be."""
        lines = [render_record(record), Content("")]
        if saved is None:
            lines.append(Content.styled("Saving to your history…", HINT_STYLE))
        elif saved:
            lines.append(Content.styled(f"Could not save to your history: {saved}", "$error"))
        else:
            lines.append(Content.styled("Saved in your history (4 History).", HINT_STYLE))
        lines.append(Content.styled("enter close", HINT_STYLE))
        self.query_one("#summary-text", Static).update(Content("\n").join(lines))
        self.add_class("-finished")
        self.refresh_bindings()
        self.query_one("#summary").focus()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
