"""The safety check's dialogs, and the flow that runs them before a session.

Every word comes from `tui/data/safety.toml` (see `tui.core.safety`); this module only
asks one question at a time, shows the advice, and records both in the history log.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from tui.core.dates import now_stamp
from tui.core.errors import DataFileError, describe_error
from tui.core.paths import DataPaths
from tui.core.safety import (
    Level,
    SafetyCheck,
    SafetyWording,
    ack_entry,
    advice_text,
    assess,
    awaiting_acknowledgement,
    blocking_check,
    check_due,
    check_entry,
    due_reason,
    load_safety,
    safety_checks,
    session_notes,
)
from tui.core.store.history import History, load_history
from tui.screens.dialog import Dialog
from tui.screens.reading import append_off_loop
from tui.widgets.hanging_text import HangingText
from tui.widgets.key_names import key_hints
from tui.widgets.text_items import NO_PREFIX, Item

HINT_STYLE = "$text-muted"


class SafetyCheckScreen(Dialog[dict[str, bool] | None]):
    """Asks each question in turn; dismisses with the answers, or None if stopped."""

    DEFAULT_CSS = """
    #safety-intro, #safety-question { height: auto; margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="safety.yes"),
        Binding("n", "answer(False)", "No", id="safety.no"),
        Binding("b,left", "back", "Back", tooltip="The question before", id="safety.back"),
        Binding("escape", "stop", "Stop", tooltip="Stop the check", id="safety.stop"),
    ]

    def __init__(self, wording: SafetyWording, reason: str = "") -> None:
        super().__init__()
        self._wording = wording
        self._reason = reason
        self._answers: dict[str, bool] = {}
        self._index = 0

    def compose(self) -> ComposeResult:
        wording = self._wording
        intro = [Content.styled(wording.intro, HINT_STYLE)]
        if self._reason:
            intro.insert(0, Content.styled(self._reason, "bold $warning"))
        with Vertical(classes="dialog wide safety"):
            yield Label(Content.styled(wording.title, "bold"), classes="dialog-title")
            yield Static(Content("\n").join(intro), id="safety-intro")
            yield Static(id="safety-question")
            yield Label(
                key_hints(
                    self,
                    ("safety.yes", "yes"),
                    ("safety.no", "no"),
                    ("safety.back", "back"),
                    ("safety.stop", "stop"),
                )
            )

    def on_mount(self) -> None:
        self._show()

    @property
    def question_number(self) -> int:
        """Which question is showing, from 1."""
        return self._index + 1

    def _show(self) -> None:
        questions = self._wording.question
        question = questions[self._index]
        self.query_one("#safety-question", Static).update(
            Content.assemble(
                (f"Question {self._index + 1} of {len(questions)}\n", HINT_STYLE),
                (question.text, "bold"),
            )
        )

    def action_answer(self, yes: bool) -> None:
        questions = self._wording.question
        self._answers[questions[self._index].id] = yes
        if self._index + 1 == len(questions):
            self.dismiss(dict(self._answers))
            return
        self._index += 1
        self._show()

    def action_back(self) -> None:
        if self._index:
            self._index -= 1
            self._show()

    def action_stop(self) -> None:
        self.dismiss(None)


class SafetyAdviceScreen(Dialog[bool]):
    """What a "yes" means: see a doctor, how soon, and that Unknot is no substitute.

    Dismisses True once acknowledged, False for "not now" (no session starts then).
    """

    BINDINGS = [
        Binding("enter", "acknowledge", "I have read this", id="advice.acknowledge"),
        Binding("escape", "not_now", "Not now", id="advice.not_now"),
    ]

    def __init__(self, wording: SafetyWording, check: SafetyCheck) -> None:
        super().__init__()
        self._wording = wording
        self._check = check

    def compose(self) -> ComposeResult:
        wording = self._wording
        level = assess(wording, self._check.answers)
        urgent = level is Level.URGENT
        title = "See a doctor today" if urgent else "See a doctor soon"
        items: list[Item] = [
            (
                NO_PREFIX,
                Content.styled(advice_text(wording, level), "bold $error" if urgent else "bold"),
            ),
            (NO_PREFIX, Content("")),
            (NO_PREFIX, Content.styled("You answered yes to:", HINT_STYLE)),
            *(
                (Content.styled("  • ", "$warning"), Content(wording.question_text(question_id)))
                for question_id in self._check.yes
            ),
        ]
        with Vertical(classes="dialog wide safety"):
            yield Label(Content.styled(title, "bold $error"), classes="dialog-title")
            with VerticalScroll(can_focus=False):
                yield HangingText(items, id="advice-text")
            yield Label(
                key_hints(
                    self,
                    ("advice.acknowledge", wording.advice.acknowledge),
                    ("advice.not_now", "not now"),
                )
            )

    def action_acknowledge(self) -> None:
        self.dismiss(True)

    def action_not_now(self) -> None:
        self.dismiss(False)


# --------------------------------------------------------------------------- the flow


async def _wording(app: App[object]) -> SafetyWording | None:
    try:
        return await asyncio.to_thread(load_safety)
    except DataFileError as error:  # shipped with the app: only a broken install
        app.notify(str(error), title="The safety check cannot be shown", severity="error")
        return None


async def take_safety_check(
    app: App[object],
    paths: DataPaths,
    wall_clock: Callable[[], float],
    *,
    reason: str = "asked",
    explain: str = "",
) -> bool:
    """Ask the check, record it, and have any advice acknowledged; True when a session
    may start. Must run in a worker (it waits for dialogs)."""
    wording = await _wording(app)
    if wording is None:
        return False
    answers = await app.push_screen_wait(SafetyCheckScreen(wording, explain))
    if answers is None:
        return False
    check = SafetyCheck(at=now_stamp(wall_clock), answers=answers, reason=reason)
    await append_off_loop(app, paths, check_entry(answers, check.at, reason))
    level = assess(wording, answers)
    if level is Level.CLEAR:
        app.notify(wording.advice.clear, title=wording.title, timeout=8)
        return True
    acknowledged = await acknowledge_advice(app, paths, wall_clock, wording, check)
    if level is Level.URGENT:
        app.notify(wording.advice.no_session, title=wording.title, severity="warning", timeout=12)
        return False
    return acknowledged


async def acknowledge_advice(
    app: App[object],
    paths: DataPaths,
    wall_clock: Callable[[], float],
    wording: SafetyWording,
    check: SafetyCheck,
) -> bool:
    """Show `check`'s advice; record and return True once acknowledged."""
    if not await app.push_screen_wait(SafetyAdviceScreen(wording, check)):
        return False
    await append_off_loop(app, paths, ack_entry(check, now_stamp(wall_clock)))
    return True


async def safe_to_start(
    app: App[object], paths: DataPaths, wall_clock: Callable[[], float]
) -> bool:
    """Before a session: the check if it is due, any advice not yet acknowledged.

    True when the session may start. Must run in a worker.
    """
    try:
        history = await asyncio.to_thread(load_history, paths)
    except (OSError, DataFileError) as error:  # then ask: it cannot be known to be done
        app.notify(describe_error(error, paths.history), severity="warning")
        history = History()
    checks = safety_checks(history.entries)
    notes = session_notes(history.records, history.entries)
    wording = await _wording(app)
    if wording is None:
        return False
    due = check_due(checks, history.records, notes, wording.triggers.note_words)
    if due is not None:
        return await take_safety_check(
            app, paths, wall_clock, reason=due.value, explain=due_reason(wording, due)
        )
    pending = awaiting_acknowledgement(wording, checks)
    if pending is not None and not await acknowledge_advice(
        app, paths, wall_clock, wording, pending
    ):
        return False
    if blocking_check(wording, checks) is not None:
        app.notify(wording.advice.no_session, title=wording.title, severity="warning", timeout=12)
        return False
    return True


async def show_latest_advice(
    app: App[object], paths: DataPaths, wall_clock: Callable[[], float], check: SafetyCheck
) -> None:
    """The advice of an earlier check again (acknowledging it if it was not)."""
    wording = await _wording(app)
    if wording is None:
        return
    if assess(wording, check.answers) is Level.CLEAR:
        app.notify(wording.advice.clear, title=wording.title)
        return
    if not check.acknowledged:
        await acknowledge_advice(app, paths, wall_clock, wording, check)
    else:
        await app.push_screen_wait(SafetyAdviceScreen(wording, check))


__all__ = [
    "SafetyAdviceScreen",
    "SafetyCheckScreen",
    "acknowledge_advice",
    "safe_to_start",
    "show_latest_advice",
    "take_safety_check",
]
