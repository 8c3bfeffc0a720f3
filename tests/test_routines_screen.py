"""Build, edit and keep routines entirely by keys, and find them again in a new app."""

from __future__ import annotations

import asyncio
from pathlib import Path

from support import files_loaded
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.store.routines import RoutineStore
from tui.screens.choice import ChoiceScreen
from tui.screens.dialogs import ConfirmScreen, PromptScreen
from tui.screens.dosage import DosageScreen
from tui.screens.picker import ExercisePickerScreen
from tui.screens.routines import RoutinesScreen

CATALOG = load_catalog(default_catalog_path())


def make_app(data_dir: Path) -> UnknotApp:
    return UnknotApp(CATALOG, DataPaths(data_dir))


def screen(app: UnknotApp) -> RoutinesScreen:
    assert isinstance(app.screen, RoutinesScreen)
    return app.screen


def entry_ids(app: UnknotApp) -> list[str]:
    stored = screen(app).selected
    assert stored is not None
    return [entry.id for entry in stored.routine.entries]


async def add_exercise(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Add the first exercise `query` finds, and close the picker."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExercisePickerScreen)
    await pilot.press(*query, "enter")
    await pilot.pause()
    if isinstance(pilot.app.screen, ExercisePickerScreen):  # not a conflict's question
        await pilot.press("escape")
        await pilot.pause()


async def edits_saved(pilot: Pilot[None]) -> None:
    """Until the edits under way are saved (their workers ask nothing: none waits on a
    dialog). A pause alone was too short once, under a loaded CI machine."""
    editing = [w for w in pilot.app.workers if w.group == "routine-edit" and not w.is_finished]
    await asyncio.gather(*(worker.wait() for worker in editing), return_exceptions=True)
    await pilot.pause()


async def test_build_a_routine_by_keys_and_find_it_in_a_new_app(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"My back", "enter")
        await pilot.pause()
        assert screen(app).selected is not None and screen(app).selected.name == "My back"
        await add_exercise(pilot, "bridge")
        await add_exercise(pilot, "knee to chest")
        assert entry_ids(app) == ["bridge", "knee-to-chest"]
        summary = str(app.screen.query_one("#routine-summary", Static).render())
        assert "2 exercises" in summary and "before a mobility" in summary
        # Reorder: move the stretch first, which clears the order warning.
        await pilot.press("shift+up")
        await edits_saved(pilot)
        assert entry_ids(app) == ["knee-to-chest", "bridge"]
        summary = str(app.screen.query_one("#routine-summary", Static).render())
        assert "before a mobility" not in summary
        # Edit the dosage of the highlighted stretch.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DosageScreen)
        app.screen.query_one("#field-hold_seconds", Input).value = "20"
        app.screen.query_one("#field-note", Input).value = "gently on the left"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)

    files = list((data / "routines").glob("*.toml"))
    assert [f.name for f in files] == ["my-back.toml"]
    text = files[0].read_text()
    assert 'name = "My back"' in text and "hold_seconds = 20" in text

    again = make_app(data)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert screen(again).selected is not None
        assert screen(again).selected.name == "My back"
        assert entry_ids(again) == ["knee-to-chest", "bridge"]
        first = screen(again).selected.routine.entries[0]
        assert first.dosage is not None and first.dosage.hold_seconds == 20
        assert first.note == "gently on the left"


async def test_dosage_is_checked_as_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n")
        await pilot.press(*"Check", "enter")
        await add_exercise(pilot, "knee to chest")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DosageScreen)
        dialog.query_one("#field-hold_seconds", Input).value = "0"
        dialog.query_one("#field-reps", Input).value = "10000"
        await pilot.pause()
        problem = str(dialog.query_one("#problem-hold_seconds", Label).render())
        assert "at least 1" in problem
        assert "at most 100" in str(dialog.query_one("#problem-reps", Label).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # not saved, not clamped
        await pilot.press("escape")
        await pilot.pause()
        stored = screen(app).selected
        assert stored is not None and stored.routine.entries[0].dosage is not None
        assert stored.routine.entries[0].dosage.hold_seconds == 30


async def test_editing_a_starter_makes_the_persons_own_copy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        stored = screen(app).selected
        assert stored is not None and stored.read_only
        name = stored.name
        before = len(stored.routine.entries)
        await add_exercise(pilot, "calf")
        copy = screen(app).selected
        # Its own name, so the starter stays reachable by its name (`unknot start`).
        assert copy is not None and not copy.read_only and copy.name == f"{name} (mine)"
        assert len(copy.routine.entries) == before + 1
        starter = next(s for s in screen(app).starters if s.name == name)
        assert len(starter.routine.entries) == before
    assert len(list((data / "routines").glob("*.toml"))) == 1


async def test_delete_asks_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n")
        await pilot.press(*"Doomed", "enter")
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert (data / "routines" / "doomed.toml").exists()
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not (data / "routines" / "doomed.toml").exists()
        assert all(s.name != "Doomed" for s in screen(app).routines)


async def test_unreadable_routine_is_reported_and_left_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = data / "routines"
    folder.mkdir(parents=True)
    broken = folder / "broken.toml"
    broken.write_bytes(b'name = "Broken\n[[exercise]\n')
    RoutineStore(DataPaths(data))  # the store itself needs nothing else
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("broken.toml" in m and "left untouched" in m for m in messages)
        await pilot.press("2", "3")  # coming back does not report it again
        await pilot.pause()
        assert sum("broken.toml" in n.message for n in app._notifications) == 1
    assert broken.read_bytes() == b'name = "Broken\n[[exercise]\n'


async def test_add_to_routine_from_the_catalogue(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "plus")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == "A new routine…"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Quick", "enter")
        await pilot.pause()
        await pilot.press("down", "plus")
        await pilot.pause()
        await pilot.press("enter")  # the routine used last is offered first
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert entry_ids(app) == [CATALOG.exercises[0].id, CATALOG.exercises[1].id]


async def test_change_made_by_another_unknot_is_noticed_and_asked_about(tmp_path: Path) -> None:
    from msgspec.structs import replace

    data = tmp_path / "data"
    other = RoutineStore(DataPaths(data))
    from tui.core.routine import Routine, RoutineEntry

    other.create(Routine(name="Shared", exercise=(RoutineEntry(id="bridge"),)))
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert screen(app).selected is not None and screen(app).selected.name == "Shared"
        # Another window (another SSH session) saves a change meanwhile.
        theirs = other.load_all().routines[0]
        other.save(theirs, replace(theirs.routine, description="edited elsewhere"))
        await add_exercise(pilot, "calf")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # the offered default: save mine as a new routine
        await pilot.pause()
        assert isinstance(app.screen, ExercisePickerScreen)  # still open, to add more
        await pilot.press("escape")
        await pilot.pause()
        names = sorted(stored.name for stored in screen(app).routines)
        assert names == ["Shared", "Shared (my version)"]
    routines = {s.name: s.routine for s in other.load_all().routines}
    assert routines["Shared"].description == "edited elsewhere"
    assert [e.id for e in routines["Shared"].entries] == ["bridge"]
    assert [e.id for e in routines["Shared (my version)"].entries] == [
        "bridge",
        "calf-stretch-wall",
    ]


async def test_rename_and_duplicate(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n")
        await pilot.press(*"Old", "enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+u", *"New name", "enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        names = sorted(stored.name for stored in screen(app).routines)
        assert names == ["Copy of New name", "New name"]
        assert screen(app).selected is not None
        assert screen(app).selected.name == "Copy of New name"


async def test_markup_in_a_routine_name_is_shown_literally_not_run(tmp_path: Path) -> None:
    from tui.core.routine import Routine, RoutineEntry

    data = tmp_path / "data"
    hostile = "[/bold] [@click=app.quit]Mine[/]"
    RoutineStore(DataPaths(data)).create(
        Routine(name=hostile, exercise=(RoutineEntry(id="bridge"),))
    )
    app = make_app(data)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "plus")  # add to routine, from the catalogue
        await pilot.pause()
        await pilot.press("enter")  # the hostile routine is offered first
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert app.is_running
        assert any(hostile in n.message for n in app._notifications)
        await pilot.press("3")
        await files_loaded(pilot)
        title = str(app.screen.query_one("#routine-title", Static).render())
        assert hostile in title


async def test_missing_exercise_is_shown_and_kept_through_edits(tmp_path: Path) -> None:
    from tui.core.routine import Routine, RoutineEntry

    data = tmp_path / "data"
    store = RoutineStore(DataPaths(data))
    store.create(
        Routine(
            name="Old", exercise=(RoutineEntry(id="retired-stretch"), RoutineEntry(id="bridge"))
        )
    )
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await files_loaded(pilot)
        entries = app.screen.query_one("#entries", OptionList)
        assert "missing from this catalogue" in str(entries.get_option_at_index(0).prompt)
        assert "missing" in str(app.screen.query_one("#routine-summary", Static).render())
        await pilot.press("tab", "down", "shift+up")  # move bridge first
        await files_loaded(pilot)
        await pilot.app.workers.wait_for_complete()
    routine = store.load_all().routines[0].routine
    assert [entry.id for entry in routine.entries] == ["bridge", "retired-stretch"]


async def test_palette_offers_every_keyed_action_of_the_screen(tmp_path: Path) -> None:
    from tui.commands import screen_commands

    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in ("1", "2", "3", "4", "5"):
            await pilot.press(mode)
            await files_loaded(pilot)
            titles = {command.title for command in app.get_system_commands(app.screen)}
            expected = {c.title for c in screen_commands(app.screen) if c.enabled}
            assert expected <= titles
        await pilot.press("3")
        await files_loaded(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        # Focus does not hide actions: both panes' keys are offered on the builder.
        assert {
            "Routines: new routine",
            "Routines: edit dosage and note",
            "Routines: remove exercise",
        } <= titles
