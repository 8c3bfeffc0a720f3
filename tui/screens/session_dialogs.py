"""The session's questions: pain from 0 to 10, what to do when it hurts, and how the back
is at the launch after a session that hurt.

The rules (which advice, which choices) come from `tui.core.coaching`; these dialogs only
ask and show.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalog import Exercise
from tui.core.coaching import PainAdvice, PainLevel, check_advice, check_question
from tui.core.next_day import CheckAnswer, pain_check, pending_check
from tui.core.record import PainChoice, SessionRecord
from tui.screens.dialog import Dialog

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.paths import DataPaths

HINT_STYLE = "$text-muted"
LEVEL_STYLES: dict[PainLevel | None, str] = {
    None: "bold",
    PainLevel.MILD: "bold $success",
    PainLevel.MODERATE: "bold $warning",
    PainLevel.SEVERE: "bold $error",
}
#: Each choice's key, and its words when none are given.
CHOICE_KEYS: dict[PainChoice, tuple[str, str]] = {
    PainChoice.CARRY_ON: ("c", "The pain has settled: carry on in a smaller range"),
    PainChoice.EASIER: ("v", "Switch to the easier variant"),
    PainChoice.SKIP: ("s", "Skip this exercise"),
    PainChoice.STOP: ("e", "End the session"),
}
STYLES = [Path(__file__).with_name("dialog.tcss"), Path(__file__).with_name("session_dialogs.tcss")]


class PainScreen(Dialog[int | None]):
    """Ask for pain from 0 to 10, optional: dismisses with the number, or None to skip."""

    CSS_PATH = STYLES
    BINDINGS = [
        Binding("escape,s", "skip", "Skip", tooltip="Do not rate the pain", id="pain.skip"),
        *(
            Binding(str(digit), f"rate({digit})", str(digit), show=False, id=f"pain.rate_{digit}")
            for digit in range(10)
        ),
        Binding("t", "rate(10)", "10", show=False, id="pain.rate_10"),
    ]

    LABELS = {0: "no pain", 5: "moderate", 10: "worst imaginable"}

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Content.assemble(
                    f"{value:>2}  ",
                    (self.LABELS.get(value, ""), HINT_STYLE),
                    ("  (t)" if value == 10 else "", HINT_STYLE),
                ),
                id=str(value),
            )
            for value in range(11)
        ]
        options.append(Option(Content("Skip"), id="skip"))
        with Vertical(classes="dialog pain"):
            yield Label(Content.styled(self._question, "bold"), classes="dialog-title")
            yield Label(Content.styled("0 is no pain, 10 the worst imaginable.", HINT_STYLE))
            yield OptionList(*options, id="pain-options")
            yield Label(Content.styled("0-9, t for 10, or enter · esc skip", HINT_STYLE))

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


class HurtScreen(Dialog[PainChoice | None]):
    """After "this hurts" and how bad: the advice, the signs to stop, and what to do now.

    Dismisses with the choice, or None (escape) to stay paused.
    """

    CSS_PATH = STYLES
    BINDINGS = [
        Binding("escape", "choose(None)", "Stay paused", id="hurt.cancel"),
        *(
            Binding(key, f"choose({choice.value!r})", label, show=False, id=f"hurt.{choice.value}")
            for choice, (key, label) in CHOICE_KEYS.items()
        ),
    ]

    def __init__(
        self,
        exercise_name: str,
        exercise: Exercise | None,
        advice: PainAdvice,
        labels: dict[PainChoice, str] | None = None,
    ) -> None:
        """`labels` words choices for this moment, e.g. which exercise "skip" leaves out."""
        super().__init__()
        self._exercise_name = exercise_name
        self._exercise = exercise
        self.advice = advice
        """What is advised, and the choices offered."""
        words = labels or {}
        self._choices = [
            (choice, CHOICE_KEYS[choice][0], words.get(choice, CHOICE_KEYS[choice][1]))
            for choice in advice.choices
        ]

    def compose(self) -> ComposeResult:
        advice = self.advice
        lines = [
            Content.styled(advice.headline, LEVEL_STYLES[advice.level]),
            Content(advice.advice),
        ]
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
                    Option(Content.assemble((f"{key}  ", "bold $accent"), label), id=choice.value)
                    for choice, key, label in self._choices
                ),
                id="hurt-options",
            )
            yield Label(Content.styled("enter choose · esc stay paused", HINT_STYLE))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(PainChoice(event.option.id) if event.option.id else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters and parameters[0] is not None:
            return any(choice.value == parameters[0] for choice, _, _ in self._choices)
        return True

    def action_choose(self, value: str | None) -> None:
        self.dismiss(PainChoice(value) if value is not None else None)


class PainCheckScreen(Dialog[CheckAnswer | None]):
    """How is the back compared with before the last session? Better, same or worse."""

    CSS_PATH = STYLES
    BINDINGS = [
        Binding("b", "answer('better')", "Better", show=False, id="check.better"),
        Binding("a", "answer('same')", "About the same", show=False, id="check.same"),
        Binding("w", "answer('worse')", "Worse", show=False, id="check.worse"),
        Binding("escape", "answer(None)", "Not now", id="check.skip"),
    ]
    ANSWERS = (
        (CheckAnswer.BETTER, "b", "Better"),
        (CheckAnswer.SAME, "a", "About the same"),
        (CheckAnswer.WORSE, "w", "Worse"),
    )

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide check"):
            yield Label(Content.styled("How is your back?", "bold"), classes="dialog-title")
            yield Static(Content(self._question))
            yield OptionList(
                *(
                    Option(Content.assemble((f"{key}  ", "bold $accent"), label), id=answer)
                    for answer, key, label in self.ANSWERS
                ),
                id="check-options",
            )
            yield Label(Content.styled("enter choose · esc not now (asked once)", HINT_STYLE))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_answer(event.option.id)

    def action_answer(self, value: str | None) -> None:
        self.dismiss(CheckAnswer(value) if value else None)


def _now(app: App[object]) -> datetime:
    """Now, from the app's injected wall clock (the tests' fixed day), with its offset."""
    import time

    from tui.core.dates import local_now

    return local_now(getattr(app, "wall_clock", time.time))


async def ask_pain_check(app: App[object], paths: DataPaths) -> CheckAnswer | None:
    """At launch: ask once about the last session if it hurt, and record the answer.

    Reading and writing the history happen off the event loop; a history that cannot be
    read or written only means the question waits (it is never worth an error at launch).
    """
    from tui.core.errors import DataFileError
    from tui.core.store.history import load_history

    try:
        history = await asyncio.to_thread(load_history, paths)
    except (OSError, DataFileError):  # the History screen says why
        return None
    now = _now(app)
    record: SessionRecord | None = pending_check(history.records, history.checks, now)
    if record is None:
        return None
    return await answer_pain_check(app, paths, record)


async def answer_pain_check(
    app: App[object], paths: DataPaths, record: SessionRecord
) -> CheckAnswer | None:
    """Ask how the person's back is since `record`, record the answer (or that they chose
    not to say: it is asked once), and give the advice that goes with it."""
    from tui.core.errors import DataFileError, describe_error
    from tui.core.store.history import device_log

    answer = await app.push_screen_wait(PainCheckScreen(check_question(record)))
    check = pain_check(record, answer, _now(app))
    try:
        await asyncio.to_thread(lambda: device_log(paths).append(check.to_dict()))
    except (OSError, DataFileError) as error:
        app.notify(f"Could not save your answer: {describe_error(error)}", severity="warning")
        return answer
    from tui.screens.reading import HistoryWritten

    app.post_message(HistoryWritten())
    advice = check_advice(answer)
    if advice:
        app.notify(advice, title="Thank you", timeout=12)
    return answer


__all__ = ["HurtScreen", "PainCheckScreen", "PainScreen", "answer_pain_check", "ask_pain_check"]
