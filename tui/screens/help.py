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
from tui.widgets.key_names import key_hints
from tui.widgets.navigation import NAVIGATION_HELP
from tui.widgets.text_items import NO_PREFIX, Item

HINT = "$text-muted"


def keys_table(screen: Screen[object]) -> list[Item]:
    """Every key action of `screen`, those that do not apply right now dimmed; the keys
    of another pane under a heading that says where they work."""
    commands = screen_commands(screen)
    places = sorted({c.where for c in commands if c.where}, key=lambda place: place or "")
    key_width = max((len(command.keys) for command in commands), default=0)
    items: list[Item] = []
    for place in [None, *places]:
        if place is not None:
            heading = Content.styled(f"In {place}:", "bold")
            items += [(NO_PREFIX, Content("")), (NO_PREFIX, heading)]
        items += [
            (
                Content.styled(
                    f"  {command.keys:>{key_width}}  ", "bold $accent" if command.enabled else HINT
                ),
                Content.styled(command.help, "" if command.enabled else HINT),
            )
            for command in commands
            if command.where == place
        ]
    return [*items, (NO_PREFIX, Content("")), (NO_PREFIX, Content.styled(NAVIGATION_HELP, HINT))]


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
            yield Label(
                key_hints(self, ("help.close", "close"), ("ctrl+p", "every command by name")),
                classes="dialog-keys",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class GuidanceScreen(Dialog[None]):
    """The general advice and the notice that the app does not replace a clinician."""

    BINDINGS = [Binding("escape,q,i", "close", "Close", id="guidance.close")]

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
            yield Label(key_hints(self, ("guidance.close", "close")), classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
