"""The Unknot app: screens, global keys and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.catalog import Catalog
from tui.screens.catalogue import CatalogueScreen


class UnknotApp(App[None]):
    """A keyboard-first coach for back-pain stretching routines."""

    CSS_PATH = ["app.tcss", "screens/catalogue.tcss"]
    TITLE = "Unknot"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            tooltip="List every key on this screen",
            id="app.help",
        ),
        Binding("q", "quit", "Quit", tooltip="Leave Unknot", id="app.quit"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def get_default_screen(self) -> Screen[None]:
        return CatalogueScreen(self.catalog)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.catalog.guidance))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key action of the current screen, findable by name, then Textual's own."""
        group = type(screen).__name__.removesuffix("Screen").lower() or "app"
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            namespace = "app" if active.node is self else group
            yield SystemCommand(
                f"{namespace}: {binding.description.lower()}",
                binding.tooltip or binding.description,
                partial(self.call_later, self.run_action, binding.action, active.node),
            )
        yield from super().get_system_commands(screen)
