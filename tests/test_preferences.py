"""Preferences that stick (the theme, the person's keys) and keys that do what they say:
the key bar, help, the palette and the mode bar, by keyboard and by mouse."""

from __future__ import annotations

import asyncio
from pathlib import Path

from support import files_loaded, screen_text
from test_routines_screen import make_app
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import UnknotApp
from tui.commands import screen_commands
from tui.core.paths import DataPaths
from tui.core.store import Settings, load_settings, save_settings
from tui.keys import binding_chains, chain_bindings, is_key
from tui.screens.choice import ChoiceScreen
from tui.screens.help import HelpScreen, keys_table
from tui.screens.settings import SettingsScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.mode_bar import ModeBar


async def keymap_checked(pilot: Pilot[None]) -> None:
    """Wait for the start-up work: the keymap is checked off the event loop."""
    await pilot.pause()
    for worker in list(pilot.app.workers):
        if worker.group == "app-start":
            await worker.wait()
    await pilot.pause()


def bar_text(app: UnknotApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def wait_for_theme_save(pilot: Pilot[None]) -> None:
    await asyncio.sleep(0.6)  # the save waits for the palette's previews to stop
    for worker in list(pilot.app.workers):
        if worker.group in ("theme", "settings"):
            await worker.wait()


# --------------------------------------------------------------------------- the theme


async def test_a_theme_chosen_is_remembered_for_the_next_launch(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not (tmp_path / "settings.toml").exists()  # a launch alone writes nothing
        app.theme = "nord"  # as the palette's "Display: colour theme" does
        await wait_for_theme_save(pilot)
    assert load_settings(DataPaths(tmp_path)).theme == "nord"
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        await wait_for_theme_save(pilot)
    assert load_settings(DataPaths(tmp_path)).theme == "nord"


async def test_settings_offer_the_theme(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("G", "enter")  # the last setting: the theme
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("g", "enter")  # the first theme, by name
        await pilot.pause()
        first = sorted(app.available_themes)[0]
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == first
        await wait_for_theme_save(pilot)
    assert load_settings(DataPaths(tmp_path)).theme == first


async def test_an_unknown_theme_in_the_file_is_said_and_the_default_kept(tmp_path: Path) -> None:
    save_settings(DataPaths(tmp_path), Settings(theme="no-such-theme"))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n.message for n in app._notifications)


# --------------------------------------------------------------------------- the keymap


async def test_the_persons_keys_are_used_and_shown_everywhere(tmp_path: Path) -> None:
    keys = {"catalogue.search": "s", "app.routines": "R", "routines.new": "N"}
    save_settings(DataPaths(tmp_path), Settings(keys=keys))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keymap_checked(pilot)
        await pilot.press("2")  # the catalogue
        assert " s Search" in bar_text(app) and " / Search" not in bar_text(app)
        assert " R Routines" in app.screen.query_one(ModeBar).render().plain
        search = next(c for c in screen_commands(app.screen) if c.title == "Exercises: search")
        assert search.keys == "s"
        await pilot.press("s")
        assert isinstance(app.focused, Input)
        await pilot.press("escape", "R")
        await files_loaded(pilot)
        assert app.current_mode == "routines"
        assert " N New" in bar_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = " ".join(prefix.plain + text.plain for prefix, text in app.screen._keys)
        assert "N  Create a new routine" in table


async def test_unknown_and_clashing_keys_are_said_and_keep_the_defaults(tmp_path: Path) -> None:
    keys = {"routines.frobnicate": "z", "routines.new": "s", "catalogue.clear": "banana"}
    save_settings(DataPaths(tmp_path), Settings(keys=keys))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await keymap_checked(pilot)
        assert app.keymap == {}
        message = "\n".join(n.message for n in app._notifications)
        assert "'routines.frobnicate' is not an Unknot key binding id" in message
        assert "'routines.new' = 's' clashes with 'routines.start'" in message
        assert "'catalogue.clear': 'banana' is not a key" in message
        await pilot.press("3")  # the routines
        await files_loaded(pilot)
        assert " n New" in bar_text(app)  # the default


async def test_ctrl_c_says_plainly_which_keys_leave(tmp_path: Path) -> None:
    for keys, said in (
        ({}, "Press q or ^q to leave Unknot."),
        ({"app.quit": "Q"}, "Press Q or ^q"),
    ):
        save_settings(DataPaths(tmp_path), Settings(keys=keys))
        app = make_app(tmp_path)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await keymap_checked(pilot)
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert app.is_running  # it does not quit
            [note] = [n for n in app._notifications if n.title == "Leaving?"]
            assert note.message.startswith(said) and "[" not in note.message


async def test_ctrl_c_in_a_dialog_names_the_keys_that_work_there(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await keymap_checked(pilot)
        await pilot.press("enter")  # a new person's safety check
        await pilot.pause()
        assert "Question 1 of 7" in screen_text(app)
        await pilot.press("ctrl+c")
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title == "Leaving?"]
        assert note.message == "Press ^q to leave Unknot. Here, esc is Stop: stop the check."
        assert "Question 1 of 7" in screen_text(app)


def test_every_binding_is_in_a_chain_the_keymap_is_checked_against() -> None:
    """A new screen, dialog or widget with keys must say where they work (tui/keys.py)."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import tui.screens
    import tui.widgets

    for package in (tui.screens, tui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    chained = {cls for classes in binding_chains(UnknotApp).values() for cls in classes}

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found.union(*(subclasses(sub) for sub in found))

    with_ids = {
        cls
        for cls in subclasses(DOMNode)
        if cls.__module__.startswith("tui.")
        and any(getattr(b, "id", None) for b in cls.__dict__.get("BINDINGS", []))
    }
    assert with_ids - chained == set()
    assert all(bounds for bounds in chain_bindings(UnknotApp).values())


def test_keys_are_recognised() -> None:
    for key in ("a", "N", "question_mark", "ctrl+s", "shift+up", "f5", "escape", "plus"):
        assert is_key(key), key
    for key in ("banana", "ctrl+", "hyperdrive+x", "f"):
        assert is_key(key) == (key == "f"), key


def test_the_keys_doc_lists_every_binding_id() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "keys.md").read_text(encoding="utf-8")
    ids = {
        bound.id
        for bounds in chain_bindings(UnknotApp).values()
        for bound in bounds
        if bound.id and "." in bound.id
    }
    missing = sorted(binding_id for binding_id in ids if f"`{binding_id}`" not in doc)
    assert missing == []


# --------------------------------------------------------------------------- help and mouse


async def test_help_says_where_the_other_panes_keys_work(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")  # the routines
        await files_loaded(pilot)
        lines = [prefix.plain + text.plain for prefix, text in keys_table(app.screen)]
        heading = lines.index("In a routine's exercises (tab or enter):")
        assert any("Create a new routine" in line for line in lines[:heading])
        assert any("Remove this exercise" in line for line in lines[heading:])


async def test_the_mode_bar_and_key_bar_are_clickable(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(ModeBar)
        text = bar.render().plain
        await pilot.click(ModeBar, offset=(text.index("History") + 1, 0))
        await pilot.pause()
        assert app.current_mode == "history"
        await pilot.click(ModeBar, offset=(bar.render().plain.index("Exercises") + 1, 0))
        await pilot.pause()
        assert app.current_mode == "catalogue"
        keys = bar_text(app)
        await pilot.click(KeyBar, offset=(keys.index("Search"), 0))
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.click(KeyBar, offset=(keys.index("palette"), 0))
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
