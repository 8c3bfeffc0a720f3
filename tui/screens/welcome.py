"""Getting started: three plain questions, then a starter routine to try."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.rules import MINUTES, Area, Choice, Intake
from tui.core.text import plural
from tui.screens.dialog import Dialog
from tui.widgets.key_names import key_hints

HINT_STYLE = "$text-muted"

QUESTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Where does your back hurt most?",
        (
            (Area.LOWER_BACK.value, "Lower back"),
            (Area.HIPS_LEGS.value, "Lower back, and down into a leg"),
            (Area.UPPER_BACK.value, "Upper back or neck"),
            (Area.NOT_SURE.value, "All over, or not sure"),
        ),
    ),
    (
        "How do you spend most of your day?",
        (("desk", "Mostly sitting: at a desk, or driving"), ("moving", "On my feet, or a mix")),
    ),
    (
        "How much time do you have for a routine?",
        tuple((str(minutes), f"About {plural(minutes, 'minute')}") for minutes in MINUTES),
    ),
)


class IntakeScreen(Dialog[Intake | None]):
    """Asks the three questions in turn; dismisses with the answers, or None."""

    DEFAULT_CSS = """
    #intake-question { height: auto; }
    """

    BINDINGS = [
        Binding("b,left", "back", "Back", tooltip="The question before", id="intake.back"),
        Binding("escape", "stop", "Stop", tooltip="Stop for now", id="intake.stop"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._answers: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide intake"):
            yield Label(Content.styled("A few questions", "bold"), classes="dialog-title")
            yield Static(id="intake-question")
            yield OptionList(id="intake-options")
            yield Label(
                key_hints(
                    self,
                    ("↑↓", "choose"),
                    ("enter", "next"),
                    ("intake.back", "back"),
                    ("intake.stop", "stop"),
                )
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        number = len(self._answers)
        question, options = QUESTIONS[number]
        self.query_one("#intake-question", Static).update(
            Content.assemble(
                (f"Question {number + 1} of {len(QUESTIONS)}\n", HINT_STYLE), (question, "bold")
            )
        )
        listing = self.query_one("#intake-options", OptionList)
        listing.set_options(Option(Content(label), id=value) for value, label in options)
        listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected, "#intake-options")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self._answers.append(event.option.id or "")
        if len(self._answers) < len(QUESTIONS):
            self._show()
            return
        area, day, minutes = self._answers
        self.dismiss(Intake(area=Area(area), desk=day == "desk", minutes=int(minutes)))

    def action_back(self) -> None:
        if self._answers:
            self._answers.pop()
            self._show()

    def action_stop(self) -> None:
        self.dismiss(None)


class SuggestionScreen(Dialog[bool]):
    """The starter routine suggested: enter starts it now, escape leaves it for later."""

    BINDINGS = [
        Binding("enter", "start", "Start now", id="suggestion.start"),
        Binding("escape", "later", "Later", id="suggestion.later"),
    ]

    def __init__(self, choice: Choice, exercises: list[str], minutes: int | None) -> None:
        super().__init__()
        self._choice = choice
        self._exercises = exercises
        self._minutes = minutes

    def compose(self) -> ComposeResult:
        choice = self._choice
        length = f"about {self._minutes} min · " if self._minutes else ""
        lines = [
            Content.assemble(("Try ", "bold"), (choice.routine, "bold $accent")),
            Content.styled(f"{length}{choice.why}.", HINT_STYLE),
            Content(""),
            *(Content.assemble(("  • ", "$accent"), name) for name in self._exercises),
            Content(""),
            Content.styled(
                "Go gently and stay within what is comfortable. It is on Today whenever "
                "you come back.",
                HINT_STYLE,
            ),
        ]
        with Vertical(classes="dialog wide suggestion"):
            yield Label(Content.styled("Your starter routine", "bold"), classes="dialog-title")
            yield Static(Content("\n").join(lines), id="suggestion-text")
            yield Label(
                key_hints(self, ("suggestion.start", "start now"), ("suggestion.later", "later"))
            )

    def action_start(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)


__all__ = ["QUESTIONS", "IntakeScreen", "SuggestionScreen"]
