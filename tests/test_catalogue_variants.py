"""The catalogue screen with schema v2: variants by keys, credits, defaults, ranked search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import exercise_data, screen_text
from textual.widgets import Input, OptionList

from tui.app import UnknotApp
from tui.core.catalog import Catalog, parse_catalog
from tui.screens.choice import ChoiceScreen
from tui.widgets.exercise_detail import ExerciseDetail
from tui.widgets.exercise_list import ExerciseList


def catalog() -> Catalog:
    pelvic = exercise_data(id="pelvic-tilt", name="Pelvic tilt", harder=["bridge"])
    bridge = exercise_data(id="bridge", name="Bridge", category="strength", areas=["glutes"])
    del bridge["dosage"]
    walk = exercise_data(
        id="walk",
        name="Brisk walk",
        category="aerobic",
        aliases=["Şınav yürüyüşü"],
        author="A. Author",
        licence="CC-BY-SA 4.0",
        url="https://example.org/walk",
        language="en",
        source="An example database",
    )
    raw: dict[str, Any] = {
        "title": "Test",
        "licence": "CC-BY-SA 4.0",
        "attribution": "Made by the test team from an example database.",
        "guidance": {"notice": "Not a clinician.", "points": ["Go slowly."]},
        "defaults": {"dosage": {"reps": 8, "sets": 2}},
        "exercise": [pelvic, walk, bridge],
    }
    return parse_catalog(raw, Path("test.toml"))


def detail(app: UnknotApp) -> ExerciseDetail:
    return app.screen.query_one(ExerciseDetail)


def highlighted(app: UnknotApp) -> str:
    exercise = app.screen.query_one(ExerciseList).highlighted
    return exercise.id if exercise else ""


async def test_tab_and_enter_in_the_detail_open_a_variant() -> None:
    app = UnknotApp(catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        assert "↑ Harder: Bridge" in detail(app).content.plain
        await pilot.press("enter")  # into the detail
        assert isinstance(app.focused, ExerciseDetail)
        assert detail(app).check_action("open_link", ()) is None  # shown, not yet usable
        await pilot.press("tab")
        assert detail(app).link == 0
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted(app) == "bridge"
        assert "↓ Easier: Pelvic tilt" in detail(app).content.plain
        assert isinstance(app.focused, ExerciseDetail)  # follow the chain back by keys
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert highlighted(app) == "pelvic-tilt"


async def test_tab_past_the_last_link_moves_on_and_no_links_means_plain_tab() -> None:
    app = UnknotApp(catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("enter", "tab", "tab")
        assert not isinstance(app.focused, ExerciseDetail)
        assert detail(app).link == -1


async def test_a_variant_hidden_by_the_search_is_shown_by_clearing_it() -> None:
    app = UnknotApp(catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("slash", *"pelvic", "enter")
        assert app.screen.query_one(ExerciseList).shown == [0]
        await pilot.press("v")
        assert isinstance(app.screen, ChoiceScreen)
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == "Harder: Bridge"
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted(app) == "bridge"
        assert app.screen.query_one("#search", Input).value == ""
        assert len(app.screen.query_one(ExerciseList).shown) == 3


async def test_the_detail_says_a_dosage_is_the_general_one_and_gives_credit() -> None:
    app = UnknotApp(catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("end")  # the bridge: no dosage of its own
        text = detail(app).content.plain
        assert "8 reps · 2 sets" in text
        assert "The catalogue's general dosage: this exercise gives none of its own." in text
        await pilot.press("up")  # the walk
        text = detail(app).content.plain
        assert "general dosage" not in text
        assert "Also called: Şınav yürüyüşü" in text
        assert "An example database" in text
        assert "By A. Author · licence CC-BY-SA 4.0 · language en" in text
        assert "https://example.org/walk" in text
        assert "Aerobic" in screen_text(app) and "AER" in screen_text(app)


async def test_the_guidance_tells_who_made_the_catalogue() -> None:
    app = UnknotApp(catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("i")  # guidance (g is the first row of a list)
        await pilot.pause()
        # When to get help comes first, so the credits are at the end: one key away.
        assert "When to get help" in screen_text(app)
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        text = screen_text(app)
        assert "About this catalogue" in text
        assert "Licence: CC-BY-SA 4.0" in text
        assert "Made by the test team" in text


async def test_typing_highlights_the_best_match_and_alias_search_folds() -> None:
    app = UnknotApp(catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("slash", *"SINAV")
        await pilot.pause()
        assert highlighted(app) == "walk"
        await pilot.press("ctrl+u", *"b")
        await pilot.pause()
        # "Bridge" starts with b, "Brisk walk" too: name prefixes in catalogue order.
        assert [app.catalog.exercises[i].id for i in app.screen.query_one(ExerciseList).shown][
            :2
        ] == ["walk", "bridge"]
        assert highlighted(app) == "walk"


async def test_filter_dialog_counts_are_faceted() -> None:
    app = UnknotApp(catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("a")  # area
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["Any (3)", "glutes (1)", "hips (2)", "lower back (2)"]
        await pilot.press("down", "enter")  # glutes
        await pilot.press("c")
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == [
            "Any (1)",
            "Mobility & flexibility (0)",
            "Strength & stability (1)",
            "Aerobic (0)",
        ]


async def test_the_builder_says_when_a_dosage_is_the_catalogues_general_one(
    tmp_path: Path,
) -> None:
    from support import files_loaded

    from tui.core.paths import DataPaths

    app = UnknotApp(catalog(), DataPaths(tmp_path / "data"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("end", "r")  # add the bridge (general dosage) to a new routine
        await pilot.pause()
        await pilot.press("enter")  # "A new routine…"
        await pilot.pause()
        await pilot.press(*"Legs", "enter")
        await files_loaded(pilot)
        await pilot.press("3")  # the routines
        await files_loaded(pilot)
        from tui.screens.routines_lists import EntryList

        entry = str(app.screen.query_one(EntryList).get_option_at_index(0).prompt)
        text = " ".join(entry.split())  # as wrapped to the pane's width: lines joined
        assert "8 reps · 2 sets · own pace (the catalogue's general dosage)" in text, text
