"""Help: the keys of the screen underneath, and the general guidance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from tui.commands import screen_commands
from tui.core.catalog import Guidance
from tui.screens.dialog import Dialog

NAVIGATION = "↑ ↓ move · PgUp PgDn page · Home End first/last · Enter open · Tab next pane"


def keys_table(screen: Screen[object]) -> Content:
    """Every key action of `screen`, those that do not apply right now dimmed."""
    lines = [
        Content.assemble(
            (f"{command.keys:>12}  ", "bold $accent" if command.enabled else "$text-muted"),
            (command.help, "" if command.enabled else "$text-muted"),
        )
        for command in screen_commands(screen)
    ]
    lines += [Content(""), Content.styled(NAVIGATION, "$text-muted")]
    return Content("\n").join(lines)


def guidance_content(guidance: Guidance | None) -> Content:
    if guidance is None:
        return Content("")
    lines = [Content.styled(guidance.notice, "bold $warning"), Content("")]
    lines += [Content.assemble(("  • ", "$accent"), point) for point in guidance.points]
    return Content("\n").join(lines)


class HelpScreen(Dialog[None]):
    """Lists the keys of the screen it was opened from, then the general guidance."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen[object], guidance: Guidance | None) -> None:
        super().__init__()
        self._keys = keys_table(under)
        self._guidance = guidance

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("Keys", "bold"), classes="dialog-title")
            with VerticalScroll():
                yield Static(self._keys)
                if self._guidance is not None:
                    yield Static(Content.styled("\nStretch safely", "bold"))
                    yield Static(guidance_content(self._guidance))
            yield Label(Content.styled("esc close · ctrl+p every command by name", "$text-muted"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class GuidanceScreen(Dialog[None]):
    """The general advice and the notice that the app does not replace a clinician."""

    BINDINGS = [Binding("escape,q,g", "close", "Close", id="guidance.close")]

    def __init__(self, guidance: Guidance | None) -> None:
        super().__init__()
        self._guidance = guidance

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("Stretch safely", "bold"), classes="dialog-title")
            with VerticalScroll():
                if self._guidance is None:
                    yield Static("This catalogue has no general guidance.")
                else:
                    yield Static(guidance_content(self._guidance))
            yield Label(Content.styled("esc close", "$text-muted"))

    def action_close(self) -> None:
        self.dismiss(None)
