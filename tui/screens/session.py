"""The live guided session: what to do now, how long is left, and what comes next.

Everything a session means lives in `tui.core` (the session, its cues, the pain rules);
this screen asks it where things stand, shows it, says it and turns keys into calls. Its
parts live in modules of their own: what to do now (`session_live.LiveView`, with the clock
`widgets.big_clock`, the guide `widgets.session_guide` and the breathing pacer
`widgets.breath_pacer`), its texts (`session_view`), voice and notifications
(`session_cues`) and the questions (`session_dialogs`).

Timing: the screen wakes when something it shows or says is due (the next whole second,
a count, a repetition, a breath, a step's end), at most `TICK_SECONDS` apart, and catches
up with the clock; what it shows comes from the clock, not from counting wake-ups. Over SSH
every byte counts, so each part repaints only when what it shows changes.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Mapping
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from tui.core.catalog import Catalog
from tui.core.coaching import follow_choice, pain_offer
from tui.core.cues import seconds_to_next_change
from tui.core.errors import DataFileError, describe_error
from tui.core.paths import DataPaths
from tui.core.plan import StepKind, Timeline, compile_routine
from tui.core.record import SessionRecord
from tui.core.resume import (
    CheckpointKeeper,
    checkpoint_data,
    finished_checkpoint,
    parse_resume,
    record_once,
)
from tui.core.routine import Routine
from tui.core.session import Clock, Session, SessionState, StepEnded
from tui.core.store.settings import Settings
from tui.notifier import Notifier
from tui.screens import screen_css
from tui.screens.dialogs import ConfirmScreen
from tui.screens.reading import HistoryWritten
from tui.screens.session_cues import SessionCues
from tui.screens.session_dialogs import HurtScreen, PainScreen
from tui.screens.session_live import FIGURE_PANEL_SIZES, LiveView
from tui.screens.session_view import HINT_STYLE, summary, too_small_notice
from tui.speaker import Speaker
from tui.widgets.countdown import whole_seconds
from tui.widgets.key_bar import KeyBar
from tui.widgets.key_names import app_key

#: Longest wait between catch-ups with the clock; shorter when something is due sooner.
TICK_SECONDS = 0.25
#: Wake this long after a moment, so the clock has surely passed it.
WAKE_AFTER = 0.002
#: How long the screen flashes when a hold or rest ends (settings: bell = "flash").
FLASH_SECONDS = 0.3
#: Steps whose end is marked with the bell or flash.
RINGING_KINDS = frozenset({StepKind.HOLD, StepKind.REST})
#: (columns, rows) from which the clock grows, largest first, and its scale there.
CLOCK_SCALES = ((160, 45, 3), (100, 30, 2))
#: Smallest terminal the session can be shown in; below, it says so and keeps time.
MIN_COLUMNS, MIN_ROWS = 50, 16
DEFAULT_SETTINGS = Settings()
DEFAULT_IF_IT_HURTS = "Stop the exercise. If the pain persists, see a physical therapist."

__all__ = ["FIGURE_PANEL_SIZES", "HurtScreen", "PainScreen", "SessionScreen"]


def clock_scale(size: Size) -> int:
    """How large the clock is in a terminal of `size`: 1 (3 rows), 2 or 3."""
    return next((s for w, h, s in CLOCK_SCALES if size.width >= w and size.height >= h), 1)


class SessionScreen(Screen[None]):
    """Guides a person through a routine, step by step, and records what they did."""

    AUTO_FOCUS = "#guide"
    DEFAULT_CSS = screen_css("session.tcss")

    BINDINGS = [
        Binding("space", "pause", "Pause", tooltip="Pause the session", id="session.pause"),
        Binding("space", "resume", "Resume", tooltip="Carry on after a pause", id="session.resume"),
        Binding(
            "h",
            "hurts",
            "This hurts",
            tooltip="Pain: pause, say how bad, and carry on gently, change or stop",
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
        speaker: Speaker | None = None,
        notifier: Notifier | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        """Start `routine` now, or carry on from `checkpoint` (as saved, see `resume_offer`).

        `speaker` and `notifier` default to the real ones for `settings` and `environ`
        (the process environment by default). Raises ValueError when `checkpoint` does not
        fit the routine and catalogue, or when no exercise of the routine is in the catalogue.
        """
        super().__init__()
        self.catalog = catalog
        self.routine = routine
        """The routine being followed (with any exercise swapped for its easier variant)."""
        self.paths = paths
        self.settings = settings
        self.environ = os.environ if environ is None else environ
        if checkpoint is not None:
            point = parse_resume(checkpoint, catalog)
            self.routine = point.routine
            self.plan = point.plan
            self.session = Session.restore(point.timeline, point.session, clock)
        else:
            self.plan = settings.plan
            timeline = compile_routine(routine, catalog, self.plan)
            self.session = Session(
                timeline, clock, wall_clock=wall_clock, routine_name=routine.name
            )
            # The clock waits while the person rates their pain before starting.
            self.session.pause()
        self.restored = checkpoint is not None
        """Whether this session carries on from a checkpoint."""
        self.started = self.restored
        """Whether the session has begun (after the pain question); nothing to resume before."""
        self.record: SessionRecord | None = None
        """What was saved to the history once the session is over."""
        self.discarded = False
        """The session ended before anything was done, so it is not recorded."""
        self._own_speaker = speaker is None
        self._speaker = speaker
        self._notifier = notifier
        self.cues: SessionCues | None = None
        """Voice and notifications, once mounted."""
        self._keeper = CheckpointKeeper(paths)
        self._wake: Timer | None = None
        self._finishing = False
        self._too_small = False
        self._shown_paused: bool | None = None  # None forces the first paint
        self._shown_small: tuple[int, int] | None = None  # step and second in the notice

    @property
    def timeline(self) -> Timeline:
        """The steps being followed (changed when an exercise is swapped)."""
        return self.session.timeline

    @property
    def in_progress(self) -> bool:
        """Whether the session is under way or not yet recorded (the app stays on it)."""
        return self.record is None and not self.discarded

    # ---- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-top"):
            yield Static(id="top-title")
            yield Static(id="top-state")
        yield LiveView(catalog=self.catalog, id="live")
        yield Static(id="too-small")
        with VerticalScroll(id="summary"):
            yield Static(id="summary-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#top-title", Static).update(
            Content.assemble(("Session: ", HINT_STYLE), (self.routine.name, "bold"))
        )
        self.cues = SessionCues.for_settings(
            self.settings, self.environ, self.app, speaker=self._speaker, notifier=self._notifier
        )
        self._fit(self.app.size)
        self.sync()
        if not self.restored:
            self.app.push_screen(PainScreen("Before you start: how is your pain now?"), self._begin)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        """Scale the clock and the figure panel to the terminal; say when it is too small."""
        self.live.fit(clock_scale(size), size)
        self._too_small = size.width < MIN_COLUMNS or size.height < MIN_ROWS
        self.set_class(self._too_small, "-too-small")
        if self._too_small:
            self._show_too_small()

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
        """Catch up with the clock and repaint what changed (called when something is due)."""
        if not self._finishing:
            self.sync()

    def sync(self) -> None:
        """Bring the session up to the clock, ring and speak, repaint what changed."""
        session = self.session
        events = session.update()
        if any(isinstance(e, StepEnded) and e.step.kind in RINGING_KINDS for e in events):
            self._ring()
        if self.cues is not None and self.started:
            self.cues.update(session, events)
        self._repaint()
        if session.finished:
            self._finish()
        else:
            self._wake_when_due()

    def _wake_when_due(self) -> None:
        """Wake at the next moment something shown or said changes, within TICK_SECONDS."""
        if self._wake is not None:
            self._wake.stop()
        self._wake = self.set_timer(self._seconds_to_next_change() + WAKE_AFTER, self.tick)

    def _seconds_to_next_change(self) -> float:
        session = self.session
        moments = [TICK_SECONDS]
        for moment in (
            seconds_to_next_change(session, frames_per_rep=self.live.figure_frames_per_rep),
            self.cues.seconds_to_next(session) if self.cues is not None else None,
        ):
            if moment is not None:
                moments.append(moment)
        return min(moments)

    def _ring(self) -> None:
        if self.settings.bell == "bell":
            self.app.bell()
        elif self.settings.bell == "flash":
            self.add_class("-flash")
            self.set_timer(FLASH_SECONDS, lambda: self.remove_class("-flash"))

    # ---- painting: each part only when what it shows has changed

    @property
    def live(self) -> LiveView:
        """What to do now, how long is left, what comes next (and the figure: see
        `LiveView.show_figure`)."""
        return self.query_one(LiveView)

    def _repaint(self) -> None:
        session = self.session
        if session.finished:
            return
        if self.live.paint(session, self.routine):
            self.refresh_bindings()
            # Once the new step is on screen: the thread that writes it would otherwise
            # contend with the repaint for the interpreter, just when the step is due.
            self.call_after_refresh(self._save_checkpoint)
        paused = session.paused
        if paused != self._shown_paused:
            self._shown_paused = paused
            self._show_paused(paused)
        if self._too_small:
            shown = (session.index, whole_seconds(session.remaining or 0.0))
            if shown != self._shown_small:
                self._shown_small = shown
                self._show_too_small()

    def _show_paused(self, paused: bool) -> None:
        self.set_class(paused, "-paused")
        self.live.set_class(paused, "-paused")
        # Not before the start: the first pain question is up, and space would not carry on.
        self.query_one("#top-state", Static).update(
            Content.styled(" PAUSED · space to carry on ", "bold $background on $warning")
            if paused and self.started
            else Content("")
        )
        self.refresh_bindings()

    def _show_too_small(self) -> None:
        notice = too_small_notice(self.session, MIN_COLUMNS, MIN_ROWS)
        self.query_one("#too-small", Static).update(notice)

    # ---- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        if action == "close":
            return not self.in_progress
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
        self.live.forget()  # the same step may restart: repaint it whole
        self.sync()

    def action_skip_exercise(self) -> None:
        self.session.skip_exercise()
        self.sync()

    def action_done(self) -> None:
        self.session.done()
        self.sync()

    def action_adjust(self, seconds: float) -> None:
        self.session.adjust(seconds)
        self.live.forget()
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
        """Pause, ask how bad, and offer what the traffic light allows (tui.core.coaching)."""
        session = self.session
        painful = session.report_pain()
        self.sync()
        self._save_checkpoint()
        pain = await self.app.push_screen_wait(PainScreen("It hurts: how bad is it now?"))
        if session.finished:
            return
        guidance = self.catalog.guidance
        offer = pain_offer(
            session,
            self.catalog,
            pain,
            if_it_hurts=guidance.if_it_hurts if guidance is not None else DEFAULT_IF_IT_HURTS,
        )
        choice = await self.app.push_screen_wait(
            HurtScreen(painful.name, self.catalog.get(painful.id), offer.advice, offer.labels)
        )
        if session.finished:
            return
        timeline = session.timeline
        self.routine = follow_choice(
            session,
            painful.entry_index,
            pain,
            choice,
            routine=self.routine,
            catalog=self.catalog,
            plan=self.plan,
        )
        if session.timeline is not timeline:
            self.live.forget()  # swapped: the step shown may keep its index
        self.sync()
        self._save_checkpoint()

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
        except (OSError, DataFileError) as error:
            self.notify(
                f"Could not save the session to resume later: {describe_error(error)}",
                severity="warning",
            )

    @work(group="checkpoint")
    async def _clear_checkpoint(self, ticket: int) -> None:
        try:
            await asyncio.to_thread(self._keeper.clear, ticket)
        except (OSError, DataFileError) as error:
            self.notify(
                f"Could not clear the unfinished session: {describe_error(error)}",
                severity="warning",
            )

    def _finish(self) -> None:
        """The session is over: ask about pain, then record it and show the summary."""
        if self._finishing:
            return
        self._finishing = True
        if self._wake is not None:
            self._wake.stop()
        session = self.session
        self.remove_class("-paused")
        ended = "ENDED EARLY" if session.ended_early else "FINISHED"
        self.query_one("#top-state", Static).update(
            Content.styled(f" {ended} ", "bold $background on $success")
        )
        self.live.paint_end(session)
        self.refresh_bindings()
        if session.ended_early and not session.anything_done:
            self.discarded = True
            self._clear_checkpoint(self._keeper.ticket())
            self._show_summary(None, saved="")
            return
        # Until the last question is answered the record lives in the checkpoint, so a
        # dropped connection now still lands the session in the history (resume.py).
        self._write_checkpoint(self._keeper.ticket(), finished_checkpoint(session.record()))
        question = (
            "Session ended early. How is your pain now?"
            if session.ended_early
            else "All done. How is your pain now?"
        )
        self.app.push_screen(PainScreen(question), self._record)

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
        except (OSError, DataFileError) as error:
            self._show_summary(record, saved=describe_error(error, self.paths.history))
        else:
            self._show_summary(record, saved="")
            self.post_message(HistoryWritten())

    def _show_summary(self, record: SessionRecord | None, *, saved: str | None) -> None:
        """`saved`: None while writing, "" once written, else why it could not be."""
        history_key = app_key(self, "app.history")
        self.query_one("#summary-text", Static).update(summary(record, saved, history_key))
        self.add_class("-finished")
        self.refresh_bindings()
        self.query_one("#summary").focus()

    def on_unmount(self) -> None:
        if self._wake is not None:
            self._wake.stop()
        if self.cues is not None:
            self.cues.close(speaker=self._own_speaker)
