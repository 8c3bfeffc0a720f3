"""The Unknot app: top-level areas (modes), global keys and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.catalog import Catalog
from tui.core.store import DataPaths, RoutineStore


class UnknotApp(App[None]):
    """A keyboard-first coach for back-pain stretching routines."""

    CSS_PATH = ["app.tcss", "screens/catalogue.tcss", "screens/routines.tcss"]
    TITLE = "Unknot"

    BINDINGS = [
        # Shown in the mode bar at the top rather than the footer, which is full.
        Binding(
            "1",
            "switch_mode('catalogue')",
            "Exercises",
            tooltip="Browse the exercises",
            show=False,
            id="app.exercises",
        ),
        Binding(
            "2",
            "switch_mode('routines')",
            "Routines",
            tooltip="Build and edit routines",
            show=False,
            id="app.routines",
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            tooltip="List every key on this screen",
            id="app.help",
        ),
        Binding("q", "quit", "Quit", tooltip="Leave Unknot", id="app.quit"),
    ]

    def __init__(self, catalog: Catalog, paths: DataPaths | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.paths = paths or DataPaths.resolve()
        self.store = RoutineStore(paths)
        self.reported_problems: set[object] = set()
        """Files already reported as unreadable this run, so each is reported once."""
        self.add_mode("catalogue", self._catalogue_screen)
        self.add_mode("routines", self._routines_screen)

    def _catalogue_screen(self) -> Screen[None]:
        from tui.screens.catalogue import CatalogueScreen

        return CatalogueScreen(self.catalog)

    def _routines_screen(self) -> Screen[None]:
        from tui.screens.routines import RoutinesScreen

        return RoutinesScreen(self.catalog, self.store)

    def on_mount(self) -> None:
        self.switch_mode("catalogue")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return None  # shown dimmed: already there
        return True

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
