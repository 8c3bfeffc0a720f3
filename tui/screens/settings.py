"""Settings: the end-of-hold signal and the get-ready countdown, changed by keys."""

from __future__ import annotations

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.core.store.settings import Settings
from tui.screens.dialog import Dialog

BELLS = ("bell", "flash", "off")
BELL_LABELS = {"bell": "terminal bell", "flash": "a flash of the screen", "off": "nothing"}
PREPARE_CHOICES = (3, 5, 10, 15, 0)


def _next(values: tuple[object, ...], current: object) -> object:
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


class SettingsScreen(Dialog[Settings]):
    """Enter (or space) changes the highlighted setting; dismisses with the result."""

    BINDINGS = [
        Binding("escape,o,q", "close", "Close", id="settings.close"),
        Binding("space", "change", "Change", show=False, id="settings.change"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        """The settings as changed so far."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("Settings", "bold"), classes="dialog-title")
            yield OptionList(*self._options(), id="settings")
            yield Label(
                Content.styled(
                    "enter change · esc done · applies to the next session", "$text-muted"
                )
            )

    def _options(self) -> list[Option]:
        prepare = self.settings.prepare_seconds
        return [
            Option(
                Content.assemble(
                    "At the end of each hold and rest: ",
                    (BELL_LABELS[self.settings.bell], "bold"),
                ),
                id="bell",
            ),
            Option(
                Content.assemble(
                    "Get ready before each exercise: ",
                    (f"{prepare} s" if prepare else "off", "bold"),
                ),
                id="prepare",
            ),
        ]

    @on(OptionList.OptionSelected)
    def action_change(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        if index == 0:
            self.settings = replace(self.settings, bell=_next(BELLS, self.settings.bell))
        else:
            prepare = _next(PREPARE_CHOICES, self.settings.prepare_seconds)
            self.settings = replace(self.settings, prepare_seconds=prepare)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = index

    def action_close(self) -> None:
        self.dismiss(self.settings)
