"""The Unknot app: top-level areas (modes), global keys and the command palette."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.core.catalog import Catalog
from tui.core.paths import DataPaths

if TYPE_CHECKING:
    from tui.core.resume import ResumePoint
    from tui.core.routine import Routine
    from tui.core.store.routines import RoutineStore
    from tui.core.store.settings import Settings


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

    # The first screen's styles load with the app; other screens and the dialogs bring
    # their own (CSS_PATH on the screen class), so start-up parses only what it shows.
    CSS_PATH = "screens/today.tcss"
    TITLE = "Unknot"
    # The first mode is "today", and its screen comes from get_default_screen. A screen
    # from add_mode is mounted inside the app's start-up batch, so its first layouts and
    # renders are thrown away and done again afterwards (with a CSS reparse): ~12 ms of
    # the first frame. The mode is added once its screen exists (on_mount), so "1" can
    # switch back to it.
    DEFAULT_MODE = "today"

    BINDINGS = [
        # Shown in the mode bar at the top rather than the footer, which is full.
        Binding(
            "1",
            "switch_mode('today')",
            "Today",
            tooltip="What to do today, and questions that are due",
            show=False,
            id="app.today",
        ),
        Binding(
            "2",
            "switch_mode('catalogue')",
            "Exercises",
            tooltip="Browse the exercises",
            show=False,
            id="app.exercises",
        ),
        Binding(
            "3",
            "switch_mode('routines')",
            "Routines",
            tooltip="Build and edit routines",
            show=False,
            id="app.routines",
        ),
        Binding(
            "4",
            "switch_mode('history')",
            "History",
            tooltip="The sessions you have done",
            show=False,
            id="app.history",
        ),
        Binding(
            "5",
            "switch_mode('progress')",
            "Progress",
            tooltip="Pain, weeks, routines and activities over time; a report",
            show=False,
            id="app.progress",
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            tooltip="List every key on this screen",
            id="app.help",
        ),
        Binding(
            "o",
            "settings",
            "Settings",
            tooltip="The end-of-hold signal and the get-ready countdown",
            show=False,
            id="app.settings",
        ),
        Binding("q", "quit", "Quit", tooltip="Leave Unknot", id="app.quit"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        paths: DataPaths | None = None,
        start: Routine | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.clock = clock
        """Monotonic seconds that sessions keep time by (tests pass a fake one)."""
        self.wall_clock = wall_clock
        """Seconds since the epoch, for when a session started."""
        self.paths = paths or DataPaths.resolve()
        self._start = start
        """A routine to start a session of at once (`unknot start NAME`)."""
        self.reported_problems: set[Path] = set()
        """Files already reported as unreadable this run, so each is reported once."""
        self.add_mode("catalogue", self._catalogue_screen)
        self.add_mode("routines", self._routines_screen)
        self.add_mode("history", self._history_screen)
        self.add_mode("progress", self._progress_screen)

    # The store and settings are first needed after the first screen is up; importing
    # and reading them lazily keeps them out of the measured start-up.
    @cached_property
    def store(self) -> RoutineStore:
        """The person's routines."""
        from tui.core.store.routines import RoutineStore

        return RoutineStore(self.paths)

    @cached_property
    def settings(self) -> Settings:
        """Preferences; a file that cannot be read gives the defaults, reported once."""
        from tui.core.errors import DataFileError
        from tui.core.store.settings import load_settings

        problems: list[DataFileError] = []
        settings = load_settings(self.paths, problems=problems)
        for problem in problems:
            self.notify(
                f"{problem}\nUsing the defaults; the file was left untouched.",
                title="Settings could not be read",
                severity="warning",
            )
        return settings

    def get_default_screen(self) -> Screen[None]:
        """Today: the first screen, and the "today" mode's (see DEFAULT_MODE)."""
        from tui.screens.today import TodayScreen

        return TodayScreen(self.paths, self.catalog, self.wall_clock)

    def _catalogue_screen(self) -> Screen[None]:
        from tui.screens.catalogue import CatalogueScreen

        return CatalogueScreen(self.catalog, lambda: self.store)

    def _progress_screen(self) -> Screen[None]:
        from tui.screens.progress import ProgressScreen

        return ProgressScreen(self.paths, self.catalog, self.wall_clock)

    def _routines_screen(self) -> Screen[None]:
        from tui.screens.routines import RoutinesScreen

        return RoutinesScreen(
            self.catalog, self.store, lambda: self.settings.plan, self.reported_problems
        )

    @work(group="settings")
    async def action_settings(self) -> None:
        import asyncio

        from tui.core.store.settings import save_settings
        from tui.screens.settings import SettingsScreen

        changed = await self.push_screen_wait(SettingsScreen(self.settings))
        if changed == self.settings:
            return
        self.settings = changed
        try:
            kept = await asyncio.to_thread(save_settings, self.paths, changed)
        except OSError as error:
            self.notify(f"Not saved: {error.strerror or error}", severity="error")
            return
        if kept is not None:
            self.notify(f"Your old settings file could not be read; it is kept as {kept}.")

    def _history_screen(self) -> Screen[None]:
        from tui.screens.history import HistoryScreen

        return HistoryScreen(self.paths, self.catalog, self.wall_clock)

    async def start_session(
        self, routine: Routine, checkpoint: dict[str, Any] | None = None
    ) -> None:
        """A guided session of `routine`, on top of the screen it was started from.

        A new session first passes the safety check when it is due (and any advice not
        yet acknowledged), in a worker since it may ask; one carried on from `checkpoint`
        had passed it already.
        """
        if checkpoint is not None:
            await self._open_session(routine, checkpoint)
            return
        self.run_worker(self._safe_session(routine), group="session-start", exclusive=True)

    async def _safe_session(self, routine: Routine) -> None:
        from tui.screens.safety import safe_to_start

        if await safe_to_start(self, self.paths, self.wall_clock):
            await self._open_session(routine, None)
        else:
            self.notify(
                "The session did not start: the safety check comes first.", severity="warning"
            )

    def start_routine_named(self, name: str) -> None:
        """Start a session of the routine called `name` (the person's own, else a starter)."""
        self.run_worker(self._start_named(name), group="session-start", exclusive=True)

    async def _start_named(self, name: str) -> None:
        import asyncio

        from tui.core.report import routines_by_name

        routines = await asyncio.to_thread(routines_by_name, self.paths)
        wanted = name.casefold()
        routine = routines.get(name) or next(
            (r for key, r in routines.items() if key.casefold() == wanted), None
        )
        if routine is None:
            self.notify(
                f"There is no routine called '{name}' any more. Choose one in Routines (3).",
                severity="warning",
            )
            return
        await self._safe_session(routine)

    async def _open_session(self, routine: Routine, checkpoint: dict[str, Any] | None) -> None:
        from tui.screens.session import SessionScreen

        try:
            screen = SessionScreen(
                self.catalog,
                routine,
                self.paths,
                clock=self.clock,
                wall_clock=self.wall_clock,
                settings=self.settings,
                checkpoint=checkpoint,
            )
        except ValueError as error:  # no exercise in the catalogue; checkpoint no longer fits
            self.notify(str(error), title="Cannot start the session", severity="warning")
            return
        await self.push_screen(screen)

    def on_mount(self) -> None:
        self.add_mode("today", self.get_default_screen)  # see DEFAULT_MODE
        self.call_after_refresh(_collect_garbage_again)
        self.call_after_refresh(self._first_session)

    @work(group="app-start")
    async def _first_session(self) -> None:
        """`unknot start NAME`, else offer to carry on a session that was cut off."""
        import asyncio

        from tui.core.resume import resume_offer
        from tui.core.store.checkpoint import clear_checkpoint
        from tui.screens.dialogs import ConfirmScreen

        problems: list[str] = []
        point = await asyncio.to_thread(resume_offer, self.paths, self.catalog, problems=problems)
        if self._start is not None:
            if point is not None:  # asked for another session: the cut-off one still counts
                await self._record_abandoned(point)
            await self.start_session(self._start)
            return
        if point is None:
            if problems:
                self.notify(
                    f"{problems[0]}\nIt was discarded.",
                    title="The unfinished session cannot be resumed",
                    severity="warning",
                )
                await asyncio.to_thread(clear_checkpoint, self.paths)
            return
        resume = await self.push_screen_wait(
            ConfirmScreen(point.question, "It carries on, paused, at the start of that step.")
        )
        if resume:
            await self.start_session(point.routine, point.data)
            return
        await self._record_abandoned(point)

    async def _record_abandoned(self, point: ResumePoint) -> None:
        """A cut-off session not carried on still counts, as ended early."""
        import asyncio

        from tui.core.resume import record_abandoned
        from tui.core.store.checkpoint import clear_checkpoint

        await asyncio.to_thread(record_abandoned, point, self.paths, self.clock)
        await asyncio.to_thread(clear_checkpoint, self.paths)
        self.notify(f"'{point.routine.name}' is in your history as ended early.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"switch_mode", "settings"} and self._session_in_progress():
            return False  # keys and palette alike: a running session must stay in sight
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return None  # shown dimmed: already there
        return True

    def _session_in_progress(self) -> bool:
        return any(getattr(screen, "in_progress", False) for screen in self.screen_stack)

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
