"""Settings: the end-of-hold signal, the get-ready time, voice, notifications and the colour
theme, by keys."""

from __future__ import annotations

import os
from collections.abc import Mapping

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.core.cues import notify_wanted, over_ssh, voice_wanted
from tui.core.store.settings import Settings
from tui.screens.dialog import Dialog
from tui.widgets.key_list import KeyList
from tui.widgets.key_names import key_hints

BELLS = ("bell", "flash", "off")
BELL_LABELS = {"bell": "terminal bell", "flash": "a flash of the screen", "off": "nothing"}
PREPARE_CHOICES = (3, 5, 10, 15, 0)
ON_OFF_AUTO = ("auto", "on", "off")


def _next(values: tuple[object, ...], current: object) -> object:
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


def voice_status(settings: Settings, environ: Mapping[str, str]) -> str:
    """What the voice setting does here and now, e.g. "auto: off over SSH"."""
    from tui.speaker import speech_command

    argv, name = speech_command(settings.speak_command, environ)
    remote = over_ssh(environ)
    speaking = voice_wanted(settings.voice, over_ssh=remote, engine_found=argv is not None)
    if speaking:
        return f"{settings.voice}: speaking with {name}"
    if settings.voice == "off":
        return "off"
    if argv is None:
        return f"{settings.voice}: silent, {name}"
    return "auto: silent over SSH (sound would play on the server)"


def notify_status(settings: Settings, environ: Mapping[str, str]) -> str:
    """What the notification setting does here and now, e.g. "auto: on over SSH (OSC 9)"."""
    from tui.notifier import terminal_style

    style, known = terminal_style(environ)
    remote = over_ssh(environ)
    sending = notify_wanted(settings.notify, over_ssh=remote, terminal_shows=known)
    how = style.upper().replace("OSC", "OSC ")
    if environ.get("TMUX"):
        how += ", through tmux: set allow-passthrough on"
    if not sending:
        if settings.notify == "off":
            return "off"
        return "auto: off (a terminal not known to show them)"
    if settings.notify == "on":
        return f"on ({how})"
    return f"auto: on {'over SSH' if remote else 'in this terminal'} ({how})"


class SettingsScreen(Dialog[Settings]):
    """Enter (or space) changes the highlighted setting; dismisses with the result."""

    BINDINGS = [
        Binding("escape,o,q", "close", "Close", id="settings.close"),
        Binding("space", "change", "Change", show=False, id="settings.change"),
    ]

    def __init__(self, settings: Settings, environ: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.settings = settings
        """The settings as changed so far."""
        self._environ = os.environ if environ is None else environ

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("Settings", "bold"), classes="dialog-title")
            yield KeyList(*self._options(), id="settings")
            yield Label(Content.styled("Changes apply from the next session.", "$text-muted"))
            yield Label(
                key_hints(self, ("enter", "change"), ("settings.close", "done")),
                classes="dialog-keys",
            )

    def _options(self) -> list[Option]:
        settings = self.settings
        prepare = settings.prepare_seconds
        return [
            Option(
                Content.assemble(
                    "At the end of each hold and rest: ", (BELL_LABELS[settings.bell], "bold")
                ),
                id="bell",
            ),
            Option(
                Content.assemble(
                    "Get ready before each exercise: ",
                    (f"{prepare} s" if prepare else "off", "bold"),
                ),
                id="prepare_seconds",
            ),
            Option(
                Content.assemble("Voice cues: ", (voice_status(settings, self._environ), "bold")),
                id="voice",
            ),
            Option(
                Content.assemble(
                    "Desktop notifications: ", (notify_status(settings, self._environ), "bold")
                ),
                id="notify",
            ),
            Option(
                Content.assemble("Colour theme: ", (settings.theme or self.app.theme, "bold")),
                id="theme",
            ),
        ]

    @on(OptionList.OptionSelected)
    def action_change(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        name = options.get_option_at_index(index).id
        if name == "bell":
            self.settings = replace(self.settings, bell=_next(BELLS, self.settings.bell))
        elif name == "prepare_seconds":
            prepare = _next(PREPARE_CHOICES, self.settings.prepare_seconds)
            self.settings = replace(self.settings, prepare_seconds=prepare)
        elif name in ("voice", "notify"):
            value = _next(ON_OFF_AUTO, getattr(self.settings, name))
            self.settings = replace(self.settings, **{name: value})
        else:
            self._choose_theme(index)
            return
        self._show(index)

    def _show(self, index: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = index

    def _choose_theme(self, index: int) -> None:
        from tui.screens.choice import ChoiceScreen

        themes = sorted(self.app.available_themes)
        current = self.settings.theme or self.app.theme

        def chosen(theme: str | None) -> None:
            if theme:
                self.settings = replace(self.settings, theme=theme)
                self._show(index)

        self.app.push_screen(
            ChoiceScreen("Colour theme", [(name, name) for name in themes], current), chosen
        )

    def action_close(self) -> None:
        self.dismiss(self.settings)
