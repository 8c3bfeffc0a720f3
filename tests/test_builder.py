"""The quick builder: several exercises in one visit to the picker, and undo by keys."""

from __future__ import annotations

from pathlib import Path

from support import arrive_together, files_loaded, screen_text
from test_routines_screen import entry_ids, make_app, screen
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store import RoutineStore
from tui.screens.dialogs import ConfirmScreen, PromptScreen
from tui.screens.dosage import DosageScreen
from tui.screens.picker import ExercisePickerScreen
from tui.screens.routines import RoutinesScreen


async def settled(pilot: Pilot[None]) -> None:
    """Let saves finish (not the picker's own worker, which waits for the person)."""
    for _ in range(3):
        await pilot.pause()
        busy = [
            w
            for w in pilot.app.workers
            if w.group in ("routine-edit", "picker-add") and not w.is_finished
        ]
        if isinstance(pilot.app.screen, ExercisePickerScreen | DosageScreen | PromptScreen):
            busy = [w for w in busy if w.group == "picker-add"]
        for worker in busy:
            await worker.wait()
    await pilot.pause()


def holds(picker: ExercisePickerScreen) -> str:
    """What the picker says is marked and in the routine."""
    return str(picker.query_one("#picker-holds", Static).render())


def own(data: Path, *ids: str, name: str = "Evening") -> None:
    store = RoutineStore(DataPaths(data))
    store.create(Routine(name=name, exercise=tuple(RoutineEntry(id=i) for i in ids)))


async def open_routine(pilot: Pilot[None]) -> RoutinesScreen:
    await pilot.press("3")
    await files_loaded(pilot)
    return screen(pilot.app)  # type: ignore[arg-type]


async def open_picker(pilot: Pilot[None]) -> ExercisePickerScreen:
    """The picker, opened from the builder's first routine."""
    await open_routine(pilot)
    await pilot.press("a")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, ExercisePickerScreen)
    return picker


async def test_the_pickers_search_takes_keys_typed_right_after_slash(tmp_path: Path) -> None:
    """Keys that reach the app in one read (typed fast, or one packet over SSH)."""
    own(tmp_path, "knee-to-chest")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot)
        await pilot.press("down")  # to the results
        assert not isinstance(app.focused, Input)
        arrive_together(app, "/bri/dge")
        await pilot.pause()  # the keys handled
        await pilot.pause()  # the list narrowed
        assert app.screen is picker
        search = picker.query_one(Input)
        assert app.focused is search and search.value == "bri/dge"


def names_on_disk(data: Path) -> list[str]:
    return sorted(stored.name for stored in RoutineStore(DataPaths(data)).load_all().routines)


async def test_a_second_enter_or_yes_before_the_dialog_has_gone_is_ignored(tmp_path: Path) -> None:
    """Keys that reach the app in one read (typed fast, or one packet over SSH): the second
    enter closed the screen under the prompt too, and the app stopped with an error."""
    own(tmp_path, "knee-to-chest")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        routines = await open_routine(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        arrive_together(app, "L\r\r")
        await settled(pilot)
        assert app.screen is routines and app.is_running
        assert names_on_disk(tmp_path) == ["Evening", "L"]
        await pilot.press("D")  # delete the selected routine, "L"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        arrive_together(app, "yy")
        await settled(pilot)
        assert app.screen is routines and app.is_running
        assert names_on_disk(tmp_path) == ["Evening"]


async def test_the_picker_adds_several_marked_exercises_in_order_and_stays_open(
    tmp_path: Path,
) -> None:
    own(tmp_path, "knee-to-chest")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot)
        assert "In the routine, 1 exercise: 1. Knee to chest" in holds(picker)
        # Mark cobra, then bridge: they are added in the order marked.
        await pilot.press(*"cobra", "down", "space")
        await pilot.press("slash", *"bridge", "down", "space")
        await pilot.pause()
        assert "Marked 2: Cobra, Bridge" in holds(picker)
        await pilot.press("enter")
        await settled(pilot)
        assert app.screen is picker  # still open, to add more
        assert "Added Cobra, Bridge." in holds(picker)
        assert "3 exercises: 1. Knee to chest · 2. Cobra · 3. Bridge" in holds(picker)
        # Nothing marked: enter adds the highlighted one.
        await pilot.press("slash", *"calf", "enter")
        await settled(pilot)
        assert app.screen is picker
        await pilot.press("escape")
        await settled(pilot)
        assert entry_ids(app) == ["knee-to-chest", "cobra", "bridge", "calf-stretch-wall"]
        builder = screen(app)
        assert builder.focused is builder.query_one("#entries")


async def test_a_mark_shows_its_place_and_space_again_unmarks(tmp_path: Path) -> None:
    own(tmp_path, "bridge")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot)
        await pilot.press("down", "space", "space")  # marks the first two, in order
        await pilot.pause()
        listing = picker.picker_list
        rows = [listing.render_line(y).text for y in range(3)]
        assert rows[0].startswith("1") and rows[1].startswith("2")
        await pilot.press("up", "space")  # unmark the second: the first keeps its place
        await pilot.pause()
        assert [listing.render_line(y).text[0] for y in range(2)] == ["1", " "]
        # What the routine holds is marked with a dot in the list too.
        bridge = listing.shown.index(
            next(i for i, e in enumerate(app.catalog.exercises) if e.id == "bridge")
        )
        assert listing.render_line(bridge - listing.scroll_offset.y).text.startswith("•")


async def test_u_undoes_several_changes_back_in_order(tmp_path: Path) -> None:
    own(tmp_path, "knee-to-chest", "bridge", "cobra")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        builder = await open_routine(pilot)
        assert builder.check_action("undo", ()) is False  # nothing to undo: not offered
        await pilot.press("enter")  # into the exercises
        await pilot.press("x")  # remove knee to chest
        await settled(pilot)
        await pilot.press("shift+down")  # move bridge later
        await settled(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DosageScreen)
        app.screen.query_one("#field-reps", Input).value = "7"
        await pilot.press("ctrl+s")
        await settled(pilot)
        await pilot.press("r")  # rename works from the exercises pane too
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+u", *"Night", "enter")
        await settled(pilot)
        assert screen(app).selected is not None and screen(app).selected.name == "Night"
        assert entry_ids(app) == ["cobra", "bridge"]

        await pilot.press("u")
        await settled(pilot)
        assert screen(app).selected.name == "Evening"  # type: ignore[union-attr]
        assert (
            app._notifications
            and "Undone: renamed 'Evening' to 'Night'" in list(app._notifications)[-1].message
        )
        await pilot.press("u")  # the dosage
        await settled(pilot)
        stored = screen(app).selected
        assert stored is not None and entry_ids(app) == ["cobra", "bridge"]
        assert [entry.dosage for entry in stored.routine.entries] == [None, None]
        await pilot.press("u", "u")  # the move, then the removal
        await settled(pilot)
        assert entry_ids(app) == ["knee-to-chest", "bridge", "cobra"]
        assert screen(app).check_action("undo", ()) is False
    files = list((tmp_path / "routines").glob("*.toml"))
    assert len(files) == 1 and 'name = "Evening"' in files[0].read_text()


async def test_a_deleted_routine_comes_back_with_u_and_its_earlier_changes_still_undo(
    tmp_path: Path,
) -> None:
    own(tmp_path, "knee-to-chest", "bridge")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot)
        await pilot.press("enter", "x")  # remove knee to chest...
        await settled(pilot)
        await pilot.press("escape", "D")  # ...then delete the routine
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "u brings it back" in " ".join(str(w.render()) for w in app.screen.query(Static))
        await pilot.press("y")
        await settled(pilot)
        assert screen(app).routines == []
        await pilot.press("2", "3")  # elsewhere and back: still undoable this run
        await files_loaded(pilot)
        await pilot.press("u")
        await settled(pilot)
        assert [stored.name for stored in screen(app).routines] == ["Evening"]
        assert entry_ids(app) == ["bridge"]
        await pilot.press("u")
        await settled(pilot)
        assert entry_ids(app) == ["knee-to-chest", "bridge"]
    assert len(list((tmp_path / "routines").glob("*.toml"))) == 1


async def test_undoing_the_first_change_to_a_starter_removes_the_copy(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        builder = await open_routine(pilot)
        starter = builder.selected
        assert starter is not None and starter.read_only
        await pilot.press("enter", "x")
        await settled(pilot)
        assert [stored.name for stored in builder.routines] == [f"{starter.name} (mine)"]
        await pilot.press("u")
        await settled(pilot)
        assert builder.routines == []
    assert list((tmp_path / "routines").glob("*.toml")) == []


async def test_an_undo_of_a_file_changed_elsewhere_asks_first(tmp_path: Path) -> None:
    from msgspec.structs import replace

    own(tmp_path, "knee-to-chest", "bridge")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot)
        await pilot.press("enter", "x")
        await settled(pilot)
        other = RoutineStore(DataPaths(tmp_path))
        theirs = other.load_all().routines[0]
        other.save(theirs, replace(theirs.routine, description="edited elsewhere"))
        await pilot.press("u")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert "changed elsewhere" in screen_text(app) and options.option_count == 3
        await pilot.press("escape")  # keeps both: the undone version as a new routine
        await settled(pilot)
    names = sorted(stored.name for stored in RoutineStore(DataPaths(tmp_path)).load_all().routines)
    assert names == ["Evening", "Evening (my version)"]


async def test_keys_listed_for_the_exercises_pane_work_there(tmp_path: Path) -> None:
    """n and r used to be listed by help while doing nothing in the exercises pane."""
    own(tmp_path, "bridge")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        builder = await open_routine(pilot)
        await pilot.press("enter")
        assert builder.focused is builder.query_one("#entries")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("escape")
        await pilot.pause()
        summary = str(builder.query_one("#routine-summary", Static).render())
        assert "1 exercise" in summary


async def test_j_k_g_and_G_move_in_every_list(tmp_path: Path) -> None:
    own(tmp_path, "knee-to-chest", "bridge", "cobra")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        builder = await open_routine(pilot)
        routines = builder.query_one("#routine-list", OptionList)
        await pilot.press("G")
        assert routines.highlighted == routines.option_count - 1
        await pilot.press("g", "j")
        assert routines.highlighted == 1  # the first starter, below the person's own
        await pilot.press("k")
        assert routines.highlighted == 0
        await pilot.press("enter", "G")
        entries = builder.query_one("#entries", OptionList)
        assert entries.highlighted == 2
        await pilot.press("k")
        assert entries.highlighted == 1
        # The catalogue's list too (g used to open the guidance: that is i now).
        await pilot.press("2", "G")
        exercises = app.screen.query_one("#exercises")
        assert exercises.cursor == len(app.catalog) - 1  # type: ignore[attr-defined]
        await pilot.press("g")
        assert exercises.cursor == 0  # type: ignore[attr-defined]
