"""Every screen and dialog survives the terminal being resized while it is open.

Each test opens a screen, resizes it through tiny, huge and back to 80x24 (the size
Unknot must fit), checks that a dialog on top shows all of itself, then does one thing
by keys and checks that it still happens. (The catalogue's own test is in
test_catalogue_screen.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import FakeClock, files_loaded, screen_text
from test_history_screen import write_log
from test_routines_screen import CATALOG, entry_ids, make_app, screen
from test_session_screen import HOLD_1, advance, make
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList, Static

from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.routines import RoutineStore
from tui.core.store.settings import load_settings
from tui.screens.dialog import Dialog
from tui.screens.dialogs import ConfirmScreen, DosageScreen, ExercisePickerScreen, PromptScreen
from tui.screens.help import GuidanceScreen, HelpScreen
from tui.screens.history import HistoryScreen
from tui.screens.routines import RoutinesScreen
from tui.screens.session import HurtScreen, PainScreen, SessionScreen
from tui.screens.settings import SettingsScreen
from tui.widgets.countdown import Countdown

#: Tiny, small, huge, and last the size Unknot is made for.
SIZES = ((20, 6), (40, 12), (200, 60), (80, 24))


async def resize_through(pilot: Pilot[None], expected: type[Screen[object]]) -> None:
    """Resize through SIZES with `expected` on top; at 80x24 a dialog shows all of itself."""
    for size in SIZES:
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert isinstance(pilot.app.screen, expected)
    top = pilot.app.screen
    if isinstance(top, Dialog):
        box = top.query_one(".dialog")
        assert top.region.contains_region(box.region)
        cut_off = [
            child for child in box.children if not box.content_region.contains_region(child.region)
        ]
        assert cut_off == []


async def open_builder(pilot: Pilot[None], data: Path) -> RoutinesScreen:
    """The builder with a routine of two exercises selected and its exercises focused."""
    entries = (RoutineEntry(id="knee-to-chest"), RoutineEntry(id="bridge"))
    RoutineStore(DataPaths(data)).create(Routine(name="Evening", exercise=entries))
    await pilot.press("3")
    await files_loaded(pilot)
    await pilot.press("enter")
    builder = screen(pilot.app)  # type: ignore[arg-type]
    assert builder.focused is builder.query_one("#entries")
    return builder


async def open_builder_dialog(
    pilot: Pilot[None], data: Path, keys: tuple[str, ...], dialog: type[Screen[object]]
) -> None:
    """Open `dialog` from the builder by `keys`, and resize it through SIZES."""
    await open_builder(pilot, data)
    await pilot.press(*keys)
    await resize_through(pilot, dialog)


async def saved(pilot: Pilot[None]) -> None:
    """Wait for the edit (and its file write) started by the last key."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_builder_survives_resizing_with_exercises_focused(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        builder = await open_builder(pilot, tmp_path)
        await resize_through(pilot, RoutinesScreen)
        assert builder.focused is builder.query_one("#entries")
        await pilot.press("shift+down")
        await saved(pilot)
        assert entry_ids(app) == ["bridge", "knee-to-chest"]


async def test_exercise_picker_survives_resizing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_builder_dialog(pilot, tmp_path, ("a",), ExercisePickerScreen)
        await pilot.press(*"calf", "enter")
        await saved(pilot)
        assert entry_ids(app) == ["knee-to-chest", "bridge", "calf-stretch-wall"]


async def test_dosage_editor_survives_resizing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_builder_dialog(pilot, tmp_path, ("e",), DosageScreen)
        await pilot.press("ctrl+u", *"20", "ctrl+s")  # the focused field: the hold
        await saved(pilot)
        stored = screen(app).selected
        assert stored is not None and stored.routine.entries[0].dosage is not None
        assert stored.routine.entries[0].dosage.hold_seconds == 20


async def test_rename_prompt_survives_resizing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # Back from the exercises to the routines, then rename.
        await open_builder_dialog(pilot, tmp_path, ("escape", "r"), PromptScreen)
        await pilot.press("ctrl+u", *"Night", "enter")
        await saved(pilot)
        assert screen(app).selected is not None and screen(app).selected.name == "Night"


async def test_delete_confirmation_survives_resizing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_builder_dialog(pilot, tmp_path, ("escape", "D"), ConfirmScreen)
        await pilot.press("y")
        await saved(pilot)
        assert screen(app).routines == []
    assert list((tmp_path / "routines").glob("*.toml")) == []


async def test_history_survives_resizing(tmp_path: Path) -> None:
    write_log(DataPaths(tmp_path))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await saved(pilot)
        await resize_through(pilot, HistoryScreen)
        listing = app.screen.query_one("#sessions", OptionList)
        assert (listing.option_count, listing.highlighted) == (2, 0)
        await pilot.press("down")
        detail = app.screen.query_one("#history-detail-text", Static)
        assert "Morning mobility" in str(detail.render())


async def test_settings_survive_resizing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await resize_through(pilot, SettingsScreen)
        await pilot.press("enter", "escape")  # the bell becomes a flash
        await saved(pilot)
    assert load_settings(DataPaths(tmp_path)).bell == "flash"


@pytest.mark.parametrize(("key", "dialog"), [("question_mark", HelpScreen), ("g", GuidanceScreen)])
async def test_help_survives_resizing_and_scrolls_to_its_end(
    tmp_path: Path, key: str, dialog: type[Screen[object]]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await resize_through(pilot, dialog)
        text = app.screen.query_one(VerticalScroll)
        await pilot.press("end")
        await pilot.pause()
        # Longer than the dialog, and all of it reachable: the scroll is not cut off (above).
        assert text.max_scroll_y > 0 and text.scroll_y == text.max_scroll_y
        assert CATALOG.guidance is not None
        last_point = " ".join(CATALOG.guidance.points[-1].split()[-3:])
        assert last_point in " ".join(screen_text(app).split())
        await pilot.press("escape")
        assert not isinstance(app.screen, Dialog)


async def test_session_and_this_hurts_survive_resizing(tmp_path: Path) -> None:
    clock = FakeClock()
    app, session_screen = make(tmp_path, clock)
    session = session_screen.session
    async with app.run_test(size=(80, 24)) as pilot:
        await resize_through(pilot, PainScreen)
        await pilot.press("4")
        assert session.pain_before == 4
        await advance(pilot, clock, session_screen, 7)  # 2 s into the first hold
        await resize_through(pilot, SessionScreen)
        await advance(pilot, clock, session_screen, 1)
        assert session_screen.query_one(Countdown).seconds == 7
        await pilot.press("h")
        await pilot.pause()
        await resize_through(pilot, HurtScreen)
        await pilot.press("c")  # continue gently: the clock runs on from where it was
        await pilot.pause()
        assert not session.paused and session.index == HOLD_1
        await advance(pilot, clock, session_screen, 2)
        assert session_screen.query_one(Countdown).seconds == 5
