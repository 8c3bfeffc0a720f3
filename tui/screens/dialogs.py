"""Small modal dialogs: ask for a name, confirm.

(The exercise picker and the dosage editor have modules of their own.)
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from tui.core.text import clean_text
from tui.screens.dialog import Dialog
from tui.widgets.key_names import key_hints


class PromptScreen(Dialog[str | None]):
    """Ask for one line of text; dismisses with it (stripped), or None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self, title: str, value: str = "", *, max_length: int = 80, taken: Iterable[str] = ()
    ) -> None:
        super().__init__()
        # Dialogs show names from files: through the sanitiser, as notifications do.
        self._title = clean_text(title)
        self._value = clean_text(value)
        self._max_length = max_length
        self._taken = {name.casefold() for name in taken}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(self._title, "bold"), classes="dialog-title")
            yield Input(self._value, max_length=self._max_length, id="prompt-input")
            yield Label("", id="prompt-problem", classes="problem")
            yield Label(
                key_hints(self, ("enter", "save"), ("prompt.cancel", "cancel")),
                classes="dialog-keys",
            )

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        value = clean_text(event.value).strip()
        if not value:
            self.query_one("#prompt-problem", Label).update("A name cannot be empty.")
            return
        if value.casefold() in self._taken:
            self.query_one("#prompt-problem", Label).update(
                Content(f"You already have a routine called '{value}'.")
            )
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Dialog[bool]):
    """A yes/no question; `y` or enter confirms, `n` or escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._question = clean_text(question)
        self._detail = clean_text(detail)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(self._question, "bold"), classes="dialog-title")
            if self._detail:
                yield Static(Content(self._detail))
            yield Label(
                key_hints(self, ("confirm.yes", "yes"), ("confirm.no", "no")),
                classes="dialog-keys",
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
