"""The Unknot app: top-level areas (modes), global keys and the command palette."""

from __future__ import annotations

import asyncio
import gc
import os
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

from tui import textual_fixes
from tui.core.catalog import Catalog
from tui.core.paths import DataPaths
from tui.widgets.navigation import NAVIGATION_BINDINGS, navigate

if TYPE_CHECKING:
    from tui.core.resume import ResumePoint
    from tui.core.routine import Routine
    from tui.core.store.history import HistoryReader
    from tui.core.store.routines import RoutineStore
    from tui.core.store.settings import Settings
    from tui.crash import Crashed
    from tui.notifier import Notifier
    from tui.screens.reading import HistoryWritten
    from tui.speaker import Speaker
    from tui.style_cache import StyleCache
    from tui.today_ahead import FirstView, ViewKeeper

textual_fixes.apply()


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
            tooltip="The end-of-hold signal, get-ready time, voice, notifications and theme",
            show=False,
            id="app.settings",
        ),
        Binding("q", "quit", "Quit", tooltip="Leave Unknot", id="app.quit"),
        *NAVIGATION_BINDINGS,
    ]

    def __init__(
        self,
        catalog: Catalog,
        paths: DataPaths | None = None,
        start: Routine | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        cache_dir: Path | None = None,
        speaker: Speaker | None = None,
        notifier: Notifier | None = None,
        today_ahead: FirstView | None = None,
        keeper: ViewKeeper | None = None,
        style_cache: StyleCache | None = None,
    ) -> None:
        super().__init__()
        self.speaker = speaker
        """What speaks cues; None: the engine the settings name or find (tests pass a fake)."""
        self.notifier = notifier
        """What sends desktop notifications; None: the terminal's own sequences."""
        self._theme_applied = self.theme
        """The theme last applied or saved, so only a new choice is saved."""
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
        self.cache_dir = cache_dir
        """Where a crash log goes (None: the platform's cache folder)."""
        self.crashed: Crashed | None = None
        """The unexpected error that stopped the app, once it has happened."""
        self.deferred_conflicts: set[Path] = set()
        """Files in conflict the person chose to leave for now: not asked again this run."""
        self._offering_conflicts = False
        self.today_ahead = today_ahead
        """Today's first view, kept by an earlier launch or being worked out in a child
        process (`unknot` launching)."""
        if keeper is None and cache_dir is not None:
            from tui.today_ahead import ViewKeeper

            keeper = ViewKeeper(cache_dir, self.paths, catalog, wall_clock)
        self.keeper = keeper
        """Keeps Today's views for later launches (None: no cache folder given)."""
        self.style_cache = style_cache
        """Textual's parsed stylesheets, kept for later launches (installed by `unknot`)."""
        self.keymap: dict[str, str] = {}
        """The person's keys in use (binding id to keys), once checked (see _apply_keymap)."""
        self.add_mode("catalogue", partial(self._new_mode_screen, self._catalogue_screen))
        self.add_mode("routines", partial(self._new_mode_screen, self._routines_screen))
        self.add_mode("history", partial(self._new_mode_screen, self._history_screen))
        self.add_mode("progress", partial(self._new_mode_screen, self._progress_screen))
        # Most people never change a setting: without the file this costs one stat.
        self._has_settings = os.path.lexists(self.paths.settings)
        if self._has_settings:
            self._start_with_saved_theme()

    def _start_with_saved_theme(self) -> None:
        """The theme named in settings.toml, before the styles are first worked out, so the
        first frame has it: no flash, no second styling pass (as setting it later costs).

        Read without the store, whose import would cost the first frame ~5%; the settings
        are checked in full after that frame (`_apply_preferences`).
        """
        from tui.core.errors import SETTINGS_MAX_BYTES, DataFileError, read_toml

        try:
            theme = read_toml(self.paths.settings, SETTINGS_MAX_BYTES, "the settings file").get(
                "theme", ""
            )
        except DataFileError:
            return  # reported when the settings are read in full
        if not isinstance(theme, str) or theme not in self.available_themes:
            return  # said when the settings are read in full
        if self.available_themes[theme].name == "textual-ansi":
            self.call_later(self._apply_theme, theme)  # needs Textual's colour filter too
            return
        # What App._watch_theme does, but before the styles are parsed: no second pass.
        self.set_reactive(UnknotApp.theme, theme)
        self._theme_applied = theme
        dark = self.current_theme.dark
        self.update_classes(
            {f"-theme-{theme}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False
        )
        self.stylesheet.set_variables(self.get_css_variables())

    # The store and settings are first needed after the first screen is up; importing
    # and reading them lazily keeps them out of the measured start-up.
    @cached_property
    def store(self) -> RoutineStore:
        """The person's routines."""
        from tui.core.store.routines import RoutineStore

        return RoutineStore(self.paths)

    @cached_property
    def history_reader(self) -> HistoryReader:
        """Reads the history for Today and Progress, again only once it has changed."""
        from tui.core.store.history import HistoryReader

        return HistoryReader(self.paths)

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

    @work(group="keep-views", exit_on_error=False)
    async def on_history_written(self, message: HistoryWritten) -> None:
        """Keep Today's views of the history with the new line, for the next launch (a
        person often quits from a session's summary, never back on Today)."""
        if self.keeper is not None:
            await asyncio.to_thread(self.keeper.read_and_keep, self.history_reader)

    def get_default_screen(self) -> Screen[None]:
        """Today: the first screen, and the "today" mode's (see DEFAULT_MODE)."""
        from tui.screens.today import TodayScreen

        ahead, self.today_ahead = self.today_ahead, None  # for the first Today only
        return self._new_mode_screen(
            partial(
                TodayScreen,
                self.paths,
                self.catalog,
                self.wall_clock,
                self.history_reader,
                ahead=ahead,
                keeper=self.keeper,
            )
        )

    def _new_mode_screen(self, make: Callable[[], Screen[None]]) -> Screen[None]:
        """The screen of a mode shown for the first time, marked as styled by the current
        stylesheet: it is (its styles are worked out as it mounts).

        Otherwise Textual takes a new screen for one that missed a change of theme: it
        parses every stylesheet of the app again, twice, and restyles every screen
        (`refresh_css` in both `_init_mode` and `switch_mode`), about 40 ms of the first
        visit for nothing; and once more on the first return to Today.
        """
        screen = make()
        # Private Textual API (8.2): without it (renamed in a later 8.x), only slower.
        count = getattr(self, "_css_update_count", None)
        if count is not None and hasattr(screen, "_css_update_count"):
            screen._css_update_count = count
        return screen

    def _catalogue_screen(self) -> Screen[None]:
        from tui.screens.catalogue import CatalogueScreen

        return CatalogueScreen(self.catalog, lambda: self.store)

    def _progress_screen(self) -> Screen[None]:
        from tui.screens.progress import ProgressScreen

        return ProgressScreen(self.paths, self.catalog, self.wall_clock, self.history_reader)

    def _routines_screen(self) -> Screen[None]:
        from tui.screens.routines import RoutinesScreen

        return RoutinesScreen(
            self.catalog, self.store, lambda: self.settings.plan, self.reported_problems
        )

    @work(group="settings")
    async def action_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        changed = await self.push_screen_wait(SettingsScreen(self.settings))
        if changed.theme != self.settings.theme:
            self._apply_theme(changed.theme)
        await self._save_settings(changed)

    async def _save_settings(self, changed: Settings) -> None:
        """Keep `changed` as the settings, in memory and in settings.toml."""
        import asyncio

        from tui.core.errors import DataFileError, describe_error
        from tui.core.store.settings import save_settings

        if changed == self.settings:
            return
        self.settings = changed
        try:
            kept = await asyncio.to_thread(save_settings, self.paths, changed)
        except (OSError, DataFileError) as error:
            self.notify(
                describe_error(error, self.paths.settings),
                title="Settings not saved",
                severity="error",
            )
            return
        if kept is not None:
            self.notify(f"Your old settings file could not be read; it is kept as {kept}.")

    def _apply_theme(self, name: str) -> None:
        """Use theme `name` ("" for the default), saying so if there is no such theme."""
        if not name or name == self.theme:
            return
        if name in self.available_themes:
            self._theme_applied = name
            self.theme = name
        else:
            self.notify(
                f"There is no colour theme called '{name}'; using the default.",
                title="Settings",
                severity="warning",
            )

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the palette (or in settings) for the next launch."""
        if theme == getattr(self, "_theme_applied", None):
            return  # the saved one, applied at start
        self._theme_applied = theme
        self._remember_theme(theme)

    @work(group="theme", exclusive=True)
    async def _remember_theme(self, theme: str) -> None:
        import asyncio

        from msgspec.structs import replace

        # The palette's theme list previews each theme it passes: save where it stops.
        await asyncio.sleep(0.5)
        await self._save_settings(replace(self.settings, theme=theme))

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
                f"There is no routine called '{name}' any more: choose one in Routines.",
                severity="warning",
            )
            return
        await self._safe_session(routine)

    async def _open_session(self, routine: Routine, checkpoint: dict[str, Any] | None) -> None:
        from tui.screens.session import SessionScreen

        if self.sync_lock.locked():
            self.notify("Finishing the sync first…", timeout=3)
        async with self.sync_lock:  # never a session during a sync
            pass

        try:
            screen = SessionScreen(
                self.catalog,
                routine,
                self.paths,
                clock=self.clock,
                wall_clock=self.wall_clock,
                settings=self.settings,
                checkpoint=checkpoint,
                speaker=self.speaker,
                notifier=self.notifier,
            )
        except ValueError as error:  # no exercise in the catalogue; checkpoint no longer fits
            self.notify(str(error), title="Cannot start the session", severity="warning")
            return
        await self.push_screen(screen)

    def on_mount(self) -> None:
        self.add_mode("today", self.get_default_screen)  # see DEFAULT_MODE
        self.call_after_refresh(_collect_garbage_again)
        if self.style_cache is not None:
            self.call_after_refresh(self._keep_styles)
        self.call_after_refresh(self._first_session)
        self.call_after_refresh(self._sync_and_conflicts)
        if self._has_settings:
            self.call_after_refresh(self._apply_preferences)

    @work(thread=True, group="keep-styles", exit_on_error=False)
    def _keep_styles(self) -> None:
        """Keep the stylesheets parsed for the first frame, for the next launch."""
        if self.style_cache is not None:
            self.style_cache.save()

    @work(group="app-start")
    async def _apply_preferences(self) -> None:
        """The settings in full (reporting a bad file), then the person's `[keys]`, checked
        against every screen's bindings (importing them all, off the event loop); what
        cannot be used is said, and keeps the defaults."""
        import asyncio

        from textual.constants import DEFAULT_THEME

        from tui.core.keymap import check_keymap
        from tui.keys import chain_bindings, is_key

        saved = self.settings.theme  # "" when the file was found bad in full
        if saved and saved not in self.available_themes:
            self.notify(
                f"There is no colour theme called '{saved}'; using the default.",
                title="Settings",
                severity="warning",
            )
        theme = saved if saved in self.available_themes else DEFAULT_THEME
        if theme != self.theme:
            self._theme_applied = theme
            self.theme = theme
        wanted = self.settings.keys
        if not wanted:
            return
        chains = await asyncio.to_thread(chain_bindings, type(self))
        # Textual's own normalisation ("?" is "question_mark"), as set_keymap applies it.
        check = check_keymap(self._normalize_keymap(wanted), chains, is_key)
        self.keymap = check.keymap
        self.set_keymap(check.keymap)
        if check.problems:
            self.notify(
                "\n".join(check.problems),
                title="Some of your keys are not used",
                severity="warning",
                timeout=20,
            )

    @work(group="app-start")
    async def _first_session(self) -> None:
        """`unknot start NAME`, else offer to carry on a session that was cut off."""
        import asyncio

        from tui.core.errors import DataFileError, describe_error
        from tui.core.resume import resume_offer
        from tui.core.store.checkpoint import set_aside_checkpoint
        from tui.core.store.files import remove_stale_temps
        from tui.screens.dialogs import ConfirmScreen

        # Temporary files of saves that were killed (routines/ has its own, see load_all).
        await asyncio.to_thread(remove_stale_temps, self.paths.root)
        problems: list[str] = []
        try:
            point = await asyncio.to_thread(
                resume_offer, self.paths, self.catalog, problems=problems
            )
        except (OSError, DataFileError) as error:  # a finished session's record, kept for later
            reason = describe_error(error)
            self.notify(
                f"{reason}\nIt is kept in the checkpoint and added next time.",
                title="Your last session could not be added to the history",
                severity="warning",
            )
            point = None
        if problems:  # kept, out of the way of the next session's checkpoint
            try:
                kept = await asyncio.to_thread(set_aside_checkpoint, self.paths)
            except (OSError, DataFileError) as error:
                reason = describe_error(error)
                outcome = f"It could not be moved aside: {reason}"
            else:
                outcome = f"It is kept as {kept}."
            self.notify(
                f"{problems[0]}\n{outcome}",
                title="The unfinished session cannot be resumed",
                severity="warning",
            )
        if self._start is not None:
            if point is not None:  # asked for another session: the cut-off one still counts
                await self._record_abandoned(point)
            await self.start_session(self._start)
            return
        if point is not None:
            resume = await self.push_screen_wait(
                ConfirmScreen(point.question, "It carries on, paused, at the start of that step.")
            )
            if resume:
                await self.start_session(point.routine, point.data)
                return
            await self._record_abandoned(point)
        from tui.screens.session_dialogs import ask_pain_check

        await ask_pain_check(self, self.paths)  # after a session that hurt: asked once

    @work(group="app-sync")
    async def _sync_and_conflicts(self) -> None:
        """Once the unfinished-session question is settled, and unless a session runs:
        move an older single history log into place, sync if the person turned it on,
        then offer to resolve files a sync tool left in conflict."""
        import asyncio

        from tui.core.errors import describe_error
        from tui.core.store.history import migrate_legacy_history
        from tui.core.sync import is_set_up

        # (Not wait_for_complete: given no worker, it waits for every one, this one too.)
        starting = [w for w in self.workers if w.group == "app-start" and not w.is_finished]
        await asyncio.gather(*(worker.wait() for worker in starting), return_exceptions=True)
        if self._session_in_progress():
            return
        try:
            await asyncio.to_thread(migrate_legacy_history, self.paths)
        except OSError as error:
            self.notify(describe_error(error, self.paths.history), severity="warning")
        if self.settings.sync == "on" and await asyncio.to_thread(is_set_up, self.paths):
            async with self.sync_lock:
                await self._sync_now()
        await self.offer_conflicts()

    @cached_property
    def sync_lock(self) -> asyncio.Lock:
        """Held while syncing: a session waits for it, so sync never runs during one."""
        import asyncio

        return asyncio.Lock()

    async def _sync_now(self) -> None:
        import asyncio

        from tui.core.sync import SyncError, sync

        try:
            report = await asyncio.to_thread(sync, self.paths, interactive=False)
        except SyncError as error:
            self.notify(str(error), title="Not synced", severity="warning", timeout=10)
            return
        if report.sent or report.received or report.kept:
            self.notify("\n".join([report.summary(), *report.kept]), title="Sync", timeout=8)
        if report.received:
            self._reload_screen()

    async def offer_conflicts(self) -> None:
        """Ask what to do with each file a sync tool left in conflict (never during a
        session); escape leaves a file as it is until the next start."""
        import asyncio

        from tui.core.errors import DataFileError
        from tui.core.store.conflicts import choices, describe, find_conflicts, read_versions, where
        from tui.core.store.conflicts import resolve as resolve_conflict
        from tui.screens.choice import ChoiceScreen

        if self._offering_conflicts or self._session_in_progress():
            return
        self._offering_conflicts = True
        resolved = False
        try:
            for conflict in await asyncio.to_thread(find_conflicts, self.paths):
                if conflict.shown in self.deferred_conflicts:
                    continue
                versions = await asyncio.to_thread(read_versions, conflict)
                options = choices(conflict, versions)
                if not options:
                    self.deferred_conflicts.add(conflict.shown)
                    self.notify(
                        f"{conflict.shown} was left by a sync tool and cannot be read; it was "
                        "left untouched.",
                        title="A file in conflict",
                        severity="warning",
                    )
                    continue
                answer = await self.push_screen_wait(
                    ChoiceScreen(
                        describe(conflict, versions),
                        options,
                        options[0][0],
                        detail=f"{where(conflict)} Esc leaves both as they are; Unknot "
                        "asks again next time.",
                    )
                )
                if answer is None:
                    self.deferred_conflicts.add(conflict.shown)
                    continue
                try:
                    message = await asyncio.to_thread(
                        resolve_conflict, self.paths, conflict, answer
                    )
                except (DataFileError, OSError, ValueError) as error:
                    self.notify(str(error), title="Nothing was changed", severity="error")
                    self.deferred_conflicts.add(conflict.shown)
                else:
                    self.notify(message)
                    resolved = True
        finally:
            self._offering_conflicts = False
        if resolved:
            self._reload_screen()

    def _reload_screen(self) -> None:
        """Files changed under the screen (a sync, a resolved conflict): read them again."""
        for name in ("reload", "action_reload"):
            reload = getattr(self.screen, name, None)
            if callable(reload):
                reload()
                return

    def deliver_file(self, name: str, text: str, mime_type: str = "text/plain") -> None:
        """Hand a file to the person: a download in a browser (`unknot serve`), else a new
        file in the downloads folder (never over an existing one)."""
        if self.is_web:
            from io import StringIO

            self.deliver_text(StringIO(text), save_filename=name, mime_type=mime_type)
            self.notify(f"Downloading {name}")
            return
        self._save_download(name, text)

    @work(group="download", thread=True)
    def _save_download(self, name: str, text: str) -> None:
        from platformdirs import user_downloads_path

        from tui.core.store.files import create_new, file_names

        stem, dot, suffix = name.rpartition(".")
        folder = user_downloads_path()
        try:
            saved = create_new(folder, file_names(stem, dot + suffix), text.encode("utf-8"))
        except OSError as error:
            self.call_from_thread(
                self.notify, f"Not saved: {error.strerror or error}", severity="error"
            )
            return
        self.call_from_thread(self.notify, str(saved), title="Saved", timeout=10)

    async def _record_abandoned(self, point: ResumePoint) -> None:
        """A cut-off session not carried on still counts, as ended early."""
        import asyncio

        from tui.core.errors import DataFileError, describe_error
        from tui.core.resume import record_abandoned
        from tui.core.store.checkpoint import clear_checkpoint

        try:
            record = await asyncio.to_thread(record_abandoned, point, self.paths, self.clock)
            await asyncio.to_thread(clear_checkpoint, self.paths)
        except (OSError, DataFileError) as error:
            reason = describe_error(error)
            self.notify(
                f"{reason}\nIt is kept in the checkpoint for next time.",
                title=f"'{point.routine.name}' could not be added to your history",
                severity="warning",
            )
            return
        if record is not None:
            self.notify(f"'{point.routine.name}' is in your history as ended early.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"switch_mode", "settings"} and self._session_in_progress():
            return False  # keys and palette alike: a running session must stay in sight
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return None  # shown dimmed: already there
        return True

    def _session_in_progress(self) -> bool:
        return any(getattr(screen, "in_progress", False) for screen in self.screen_stack)

    def action_navigate(self, how: str) -> None:
        navigate(self.focused, how)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.catalog.guidance))

    def action_help_quit(self) -> None:
        """Ctrl-C, pressed by a person who wants to leave: it does not quit (it copies in a
        text field), so say which keys do, here. Textual's own message names one key, in
        markup our notifications show as text ("[b]ctrl+q[/b]"). Where the app's quit key
        does something else (q ends a session) or in a dialog (esc), say what it does."""
        active = self.active_bindings  # the screen's: in a dialog, without the app's
        leave: list[Binding] = []
        here: list[tuple[str, Binding]] = []
        bindings = self._bindings.copy()
        bindings.apply_keymap(self._keymap)  # the person's keys
        for key, binding in bindings:
            if binding.action not in ("quit", "app.quit"):
                continue
            now = active.get(key)
            if binding.priority or (now is not None and now.binding.action == binding.action):
                leave.append(binding)
            elif now is not None:
                here.append((key, now.binding))
        if self.screen.is_modal and "escape" in active:
            here.append(("escape", active["escape"].binding))
        leave.sort(key=lambda binding: not binding.show)  # the key bar's first, then ^q
        keys = " or ".join(self.get_key_display(binding) for binding in leave)
        message = f"Press {keys} to leave Unknot."
        for key, binding in here:
            what = binding.tooltip or ""
            what = f": {what[:1].lower()}{what[1:]}" if what else ""
            shown = self.get_key_display(binding.with_key(key))
            message += f" Here, {shown} is {binding.description}{what}."
        self.notify(message, title="Leaving?")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key action that applies on this screen, by name, then Textual's own."""
        from tui.commands import TEXTUAL_TITLES, screen_commands

        for command in screen_commands(screen):
            if command.enabled:
                yield SystemCommand(
                    command.title,
                    f"{command.help} ({command.keys})",
                    partial(self.call_later, self.run_action, command.action, command.node),
                )
        for command in super().get_system_commands(screen):
            if command.title in TEXTUAL_TITLES:  # "Quit" is ours, "Unknot: quit"
                title, help_text = TEXTUAL_TITLES[command.title]
                yield SystemCommand(title, help_text or command.help, command.callback)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notify without markup and through the sanitiser, always: messages carry names
        from files and people, and every notification comes through here.

        (Screens' and widgets' `notify` pass markup=True explicitly, hence no default.)
        """
        from tui.core.text import clean_text

        super().notify(
            clean_text(message),
            title=clean_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        """Any exception the app does not handle (in a handler, a worker, a compose...).

        Textual would print it on exit as a traceback with every frame's locals: a screen
        or more of it, and minutes of work when a frame holds a large value. Instead the
        traceback goes to a crash log, and Textual shows one line naming it (`Crashed`
        renders as that line); the command line then exits with `EXIT_CRASH`.
        """
        from tui.crash import Crashed, write_crash_log

        if self.crashed is not None:
            return  # already closing after the first one, which is the one to report
        self.crashed = Crashed(error, write_crash_log(error, self.cache_dir))
        self.crashed.__cause__ = error  # a test running the app re-raises it with the cause
        super()._handle_exception(self.crashed)
