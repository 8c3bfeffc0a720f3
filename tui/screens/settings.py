"""Settings: the end-of-hold signal, the get-ready countdown and the colour theme, by keys."""

from __future__ import annotations

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.core.store import Settings
from tui.screens.dialog import Dialog
from tui.widgets.key_list import KeyList
from tui.widgets.key_names import key_hints

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
            yield KeyList(*self._options(), id="settings")
            yield Label(
                Content.styled(
                    "The signal and get-ready time apply from the next session.", "$text-muted"
                )
            )
            yield Label(
                key_hints(self, ("enter", "change"), ("settings.close", "done")),
                classes="dialog-keys",
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
            Option(
                Content.assemble("Colour theme: ", (self.settings.theme or self.app.theme, "bold")),
                id="theme",
            ),
        ]

    @on(OptionList.OptionSelected)
    def action_change(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        option = options.get_option_at_index(index).id
        if option == "bell":
            self.settings = replace(self.settings, bell=_next(BELLS, self.settings.bell))
        elif option == "prepare":
            prepare = _next(PREPARE_CHOICES, self.settings.prepare_seconds)
            self.settings = replace(self.settings, prepare_seconds=prepare)
        else:
            self._choose_theme()
            return
        self._show(index)

    def _show(self, index: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = index

    def _choose_theme(self) -> None:
        from tui.screens.choice import ChoiceScreen

        themes = sorted(self.app.available_themes)
        current = self.settings.theme or self.app.theme

        def chosen(theme: str | None) -> None:
            if theme:
                self.settings = replace(self.settings, theme=theme)
                self._show(2)

        self.app.push_screen(
            ChoiceScreen("Colour theme", [(name, name) for name in themes], current), chosen
        )

    def action_close(self) -> None:
        self.dismiss(self.settings)
