"""Help: the keys of the screen underneath, and the general guidance."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from tui.commands import screen_commands
from tui.core.catalog import GET_HELP_NOW_HEADING, Guidance, warning_signs
from tui.screens.dialog import Dialog
from tui.widgets.hanging_text import HangingText
from tui.widgets.text_items import NO_PREFIX, Item

HINT = "$text-muted"

NAVIGATION = "↑ ↓ move · PgUp PgDn page · Home End first/last · Enter open · Tab next pane"


def keys_table(screen: Screen[object]) -> list[Item]:
    """Every key action of `screen`, those that do not apply right now dimmed."""
    items: list[Item] = [
        (
            Content.styled(f"{command.keys:>12}  ", "bold $accent" if command.enabled else HINT),
            Content.styled(command.help, "" if command.enabled else HINT),
        )
        for command in screen_commands(screen)
    ]
    return [*items, (NO_PREFIX, Content("")), (NO_PREFIX, Content.styled(NAVIGATION, HINT))]


def warning_sign_items(guidance: Guidance | None) -> list[Item]:
    """When to get medical help: the signs for the same day, then those to see a doctor
    about soon (the app's own when the catalogue has no guidance)."""
    items: list[Item] = [(NO_PREFIX, Content.styled("When to get help", "bold"))]
    for heading, signs in warning_signs(guidance):
        style = "$error" if heading == GET_HELP_NOW_HEADING else "$warning"
        items.append((NO_PREFIX, Content.styled(heading, f"bold {style}")))
        items += [(Content.styled("  ! ", f"bold {style}"), Content(sign)) for sign in signs]
    return items


def guidance_items(guidance: Guidance) -> list[Item]:
    """The notice, when to get help, then each point of the general guidance as a bullet."""
    bullet = Content.styled("  • ", "$accent")
    blank: Item = (NO_PREFIX, Content(""))
    items = [
        (NO_PREFIX, Content.styled(guidance.notice, "bold $warning")),
        blank,
        *warning_sign_items(guidance),
    ]
    if guidance.points:
        items += [blank, (NO_PREFIX, Content.styled("How to exercise", "bold"))]
        items += [(bullet, Content(point)) for point in guidance.points]
    return items


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
                yield HangingText(self._keys)
                if self._guidance is not None:
                    yield Static(Content.styled("\nStretch safely", "bold"))
                    yield HangingText(guidance_items(self._guidance))
            yield Label(Content.styled("esc close · ctrl+p every command by name", "$text-muted"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class GuidanceScreen(Dialog[None]):
    """The general advice and the notice that the app does not replace a clinician."""

    BINDINGS = [Binding("escape,q,g", "close", "Close", id="guidance.close")]

    def __init__(self, guidance: Guidance | None, about: Sequence[str] = ()) -> None:
        super().__init__()
        self._guidance = guidance
        self._about = about
        """The catalogue's title, licence and attribution, shown after the guidance."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("Stretch safely", "bold"), classes="dialog-title")
            with VerticalScroll():
                if self._guidance is None:
                    yield Static("This catalogue has no general guidance.\n")
                    yield HangingText(warning_sign_items(None))
                else:
                    yield HangingText(guidance_items(self._guidance))
                if self._about:
                    yield Static(Content.styled("\nAbout this catalogue", "bold"))
                    yield HangingText([(NO_PREFIX, Content(line)) for line in self._about])
            yield Label(Content.styled("esc close", "$text-muted"))

    def action_close(self) -> None:
        self.dismiss(None)
