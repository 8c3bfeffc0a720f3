"""A small modal that asks the person to pick one value from a list."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.text import clean_text
from tui.screens.dialog import Dialog
from tui.widgets.key_list import KeyList
from tui.widgets.key_names import key_hints


class ChoiceScreen(Dialog[str | None]):
    """Pick one of `choices` (value, label); dismisses with the value, or None if cancelled."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="choice.cancel")]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        current: str = "",
        *,
        detail: str = "",
    ) -> None:
        super().__init__()
        # Dialogs show names from files: through the sanitiser, as notifications do.
        self._title = clean_text(title)
        self._choices = [(value, clean_text(label)) for value, label in choices]
        self._current = current
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(self._title, "bold"), classes="dialog-title")
            yield KeyList(*(Option(Content(label), id=value) for value, label in self._choices))
            if self._detail:
                yield Static(Content(self._detail))
            yield Label(
                key_hints(self, ("enter", "choose"), ("choice.cancel", "cancel")),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _ in self._choices]
        options.highlighted = values.index(self._current) if self._current in values else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
