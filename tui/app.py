"""The Unknot app: top-level areas (modes), global keys and the command palette."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.core.catalog import Catalog
from tui.core.paths import DataPaths

if TYPE_CHECKING:
    from tui.core.store import RoutineStore, Settings


def _collect_garbage_again() -> None:
    """Undo `cli.main`'s gc.disable() once the first screen is up.

    Freezing what start-up allocated (the catalogue, the widgets) keeps later
    collections short: with 10,000 exercises they otherwise pause typing for 20-70 ms.
    """
    if not gc.isenabled():  # only when started by cli.main, not under tests
        gc.freeze()
        gc.enable()


class UnknotApp(App[None]):
    """A keyboard-first coach for back-pain stretching routines."""

    # The first screen's styles load with the app; other screens bring their own
    # (CSS_PATH on the screen class), so start-up parses only what it shows.
    CSS_PATH = ["app.tcss", "screens/catalogue.tcss"]
    TITLE = "Unknot"
    # Starting in a mode directly (not switch_mode in on_mount) saves a screen swap
    # and two CSS passes at start-up.
    DEFAULT_MODE = "catalogue"

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
        self.reported_problems: set[Path] = set()
        """Files already reported as unreadable this run, so each is reported once."""
        self.add_mode("catalogue", self._catalogue_screen)
        self.add_mode("routines", self._routines_screen)

    # The store and settings are first needed after the first screen is up; importing
    # and reading them lazily keeps them out of the measured start-up.
    @cached_property
    def store(self) -> RoutineStore:
        """The person's routines."""
        from tui.core.store import RoutineStore

        return RoutineStore(self.paths)

    @cached_property
    def settings(self) -> Settings:
        """Preferences; a file that cannot be read gives the defaults, reported once."""
        from tui.core.errors import DataFileError
        from tui.core.store import load_settings

        problems: list[DataFileError] = []
        settings = load_settings(self.paths, problems=problems)
        for problem in problems:
            self.notify(
                f"{problem}\nUsing the defaults; the file was left untouched.",
                title="Settings could not be read",
                severity="warning",
            )
        return settings

    def _catalogue_screen(self) -> Screen[None]:
        from tui.screens.catalogue import CatalogueScreen

        return CatalogueScreen(self.catalog, lambda: self.store)

    def _routines_screen(self) -> Screen[None]:
        from tui.screens.routines import RoutinesScreen

        return RoutinesScreen(self.catalog, self.store, self.settings.plan, self.reported_problems)

    def on_mount(self) -> None:
        self.call_after_refresh(_collect_garbage_again)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return None  # shown dimmed: already there
        return True

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.catalog.guidance))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key action that applies on this screen, by name, then Textual's own."""
        from tui.commands import screen_commands

        for command in screen_commands(screen):
            if command.enabled:
                yield SystemCommand(
                    command.title,
                    f"{command.help} ({command.keys})",
                    partial(self.call_later, self.run_action, command.action, command.node),
                )
        for command in super().get_system_commands(screen):
            if command.title != "Quit":  # ours is "app: quit"
                yield command

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notify without markup, always: messages carry names from files and people.

        (Screens' and widgets' `notify` pass markup=True explicitly, hence no default.)
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
