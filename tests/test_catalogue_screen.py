"""Drive the catalogue screen by keys, as a person would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import arrive_together, screen_text
from textual.widgets import Input, OptionList

from tui.app import UnknotApp
from tui.core.catalog import Catalog, default_catalog_path, load_catalog, parse_catalog
from tui.screens.catalogue import CatalogueScreen
from tui.screens.choice import ChoiceScreen
from tui.screens.help import HelpScreen
from tui.widgets.exercise_detail import ExerciseDetail
from tui.widgets.exercise_list import ExerciseList
from tui.widgets.too_small import TooSmall


def make_exercise(ident: str, name: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "name": name,
        "category": "mobility",
        "areas": ["lower back"],
        "position": "on-back",
        "equipment": ["mat"],
        "steps": ["Lie on your back.", "Move slowly."],
        "cue": "Breathe.",
        "source": "article",
        "dosage": {"hold_seconds": 30, "reps": 3},
    }
    data.update(extra)
    return data


def small_catalog() -> Catalog:
    raw = {
        "title": "Test catalogue",
        "guidance": {"notice": "Not a clinician.", "points": ["Go slowly."]},
        "exercise": [
            make_exercise("knee-to-chest", "Knee to chest", areas=["lower back", "hips"]),
            make_exercise(
                "calf", "Calf stretch", areas=["calves"], position="standing", equipment=["wall"]
            ),
            make_exercise(
                "bridge",
                "Bridge",
                category="strength",
                areas=["glutes"],
                cautions=["Keep hips level."],
            ),
            make_exercise(
                "glide",
                "Nerve glide [b]x[/b]",
                position="seated",
                equipment=["chair"],
                areas=["legs"],
            ),
        ],
    }
    return parse_catalog(raw, Path("test.toml"))


def shown_ids(app: UnknotApp) -> list[str]:
    listing = app.screen.query_one(ExerciseList)
    return [app.catalog.exercises[i].id for i in listing.shown]


def detail_text(app: UnknotApp) -> str:
    return app.screen.query_one(ExerciseDetail).content.plain


async def test_starts_on_the_list_with_the_first_exercise_detailed() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        assert isinstance(app.focused, ExerciseList)
        assert shown_ids(app) == ["knee-to-chest", "calf", "bridge", "glide"]
        assert "Knee to chest" in detail_text(app)


async def test_search_narrows_the_list_and_updates_the_detail() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("slash", *"wall")
        await pilot.pause()
        assert shown_ids(app) == ["calf"]
        assert "Calf stretch" in detail_text(app)
        await pilot.press("enter")
        assert isinstance(app.focused, ExerciseList)
        await pilot.press("slash", "ctrl+u", *"nothing-like-this")
        await pilot.pause()
        assert shown_ids(app) == []
        assert "No exercise matches" in detail_text(app)


async def test_keys_typed_right_after_slash_go_into_the_search() -> None:
    """ "i" among them used to reach the list first and open the guidance."""
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        arrive_together(app, "/wi/dth")
        await pilot.pause()  # the keys handled
        await pilot.pause()  # the list narrowed
        assert isinstance(app.screen, CatalogueScreen)  # no guidance opened
        search = app.screen.query_one("#search", Input)
        assert app.focused is search
        assert search.value == "wi/dth"  # in the box, "/" is typed
        assert "Search" not in screen_text(app).splitlines()[-1]  # its key is off there
        await pilot.press("enter")  # to the list
        assert isinstance(app.focused, ExerciseList)
        assert "Search" in screen_text(app).splitlines()[-1]


async def test_the_best_match_is_detailed_in_the_same_frame_as_its_row() -> None:
    """The detail follows the search as it is applied, not on a later message: it was
    drawn a frame (25-45 ms) after the rows, so a search looked settled and then moved."""
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash")
        app.screen.query_one("#search", Input).value = "bridge"
        # No pause: the frame painted next already has both.
        assert shown_ids(app) == ["bridge"]
        assert app.screen.query_one(ExerciseDetail).exercise is app.catalog.get("bridge")


async def test_a_narrowing_search_sizes_the_scrollbar_to_the_matches() -> None:
    """The list's rows change without a layout: its scrollbar still follows them."""
    catalog = parse_catalog(
        {
            "exercise": [
                make_exercise(f"ex-{n}", f"{'Hip' if n % 2 else 'Neck'} stretch {n}")
                for n in range(60)
            ]
        },
        Path("many.toml"),
    )
    app = UnknotApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        listing = app.screen.query_one(ExerciseList)
        listing.cursor = 59  # the bottom of the list
        await pilot.pause()
        assert listing.scroll_y > 0
        await pilot.press("slash", *"hip stretch 5")
        await pilot.pause()
        assert 0 < len(listing.shown) < listing.size.height
        assert listing.vertical_scrollbar.window_virtual_size == len(listing.shown)
        assert listing.scroll_y == 0  # the few rows left all in sight


async def test_coming_back_from_another_area_keeps_the_search() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        first = app.screen
        await pilot.press("slash", *"wall", "enter", "3")
        assert app.current_mode == "routines"
        await pilot.press("2")
        assert app.current_mode == "catalogue"
        assert app.screen is first
        assert shown_ids(app) == ["calf"]
        assert app.screen.query_one("#search", Input).value == "wall"


async def test_arrow_keys_move_the_highlight_and_enter_opens_the_detail() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("down", "down")
        assert "Bridge" in detail_text(app)
        assert "Keep hips level." in detail_text(app)
        await pilot.press("end")
        assert "Nerve glide" in detail_text(app)
        await pilot.press("enter")
        assert isinstance(app.focused, ExerciseDetail)


async def test_the_detail_scrolls_by_keys_and_rewraps_when_resized() -> None:
    app = UnknotApp(load_catalog(default_catalog_path()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        detail = app.screen.query_one(ExerciseDetail)
        lines_at_80 = detail.virtual_size.height
        assert lines_at_80 > detail.scrollable_content_region.height  # it has to scroll
        await pilot.press("enter", "pagedown")
        assert detail.scroll_offset.y > 0
        await pilot.press("home")
        assert detail.scroll_offset.y == 0
        await pilot.resize_terminal(72, 24)  # still two panes (one at a time below 70)
        await pilot.pause()
        assert detail.virtual_size.height > lines_at_80  # narrower: more lines
        rendered = "".join(segment.text for y in range(3) for segment in detail.render_line(y))
        assert "Knee to chest" in rendered


async def test_filters_are_picked_from_a_dialog_and_cleared() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("c")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "down", "enter")  # Any, Mobility, Strength
        assert shown_ids(app) == ["bridge"]
        await pilot.press("e")
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        # Faceted: counted among strength exercises, what each choice would show.
        assert labels == ["Any (1)", "Mat (1)", "Wall (0)", "Chair (0)"]
        await pilot.press("escape")
        assert shown_ids(app) == ["bridge"]
        await pilot.press("x")
        assert len(shown_ids(app)) == 4
        assert app.screen.query_one("#search", Input).value == ""


async def test_clear_is_offered_only_when_something_is_narrowed() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        assert app.screen.check_action("clear", ()) is False
        await pilot.press("slash", "b")
        assert app.screen.check_action("clear", ()) is True


async def test_markup_in_catalogue_text_is_shown_literally() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("end")
        assert "Nerve glide [b]x[/b]" in detail_text(app)


async def test_help_lists_the_keys_and_closes() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static, HangingText"))
        for words in ("Search by name", "Filter by category", "Leave Unknot", "Go slowly."):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_when_to_get_help_is_said_on_the_notice_line_and_one_key_away() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        notice = app.screen.query_one("#notice-bar")
        line = " ".join(str(child.render()) for child in notice.children)
        assert "Not a clinician." in line and "i when to get help" in line
        assert notice.region.y == 22  # above the key bar, on screen
        await pilot.press("i")
        await pilot.pause()
        # The catalogue gives no warning signs of its own: Unknot's are shown.
        text = screen_text(app)
        assert "When to get help" in text
        assert "Stop and get medical help the same day" in text
        assert "New trouble controlling your bladder or bowels." in text


async def test_a_long_notice_never_hides_the_key_beside_it() -> None:
    raw = {
        "guidance": {"notice": "This catalogue's notice runs on " + "and on " * 20 + "."},
        "exercise": [make_exercise("knee-to-chest", "Knee to chest")],
    }
    app = UnknotApp(parse_catalog(raw, Path("long.toml")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        text = " ".join(screen_text(app).split())
        assert "This catalogue's notice runs on and on" in text and "…" in text
        assert "i when to get help" in text


async def test_every_footer_action_is_in_the_command_palette() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        titles = [command.title for command in app.get_system_commands(app.screen)]
        # In the person's words, "Area: what it does".
        for title in (
            "Exercises: search",
            "Exercises: filter by category",
            "Exercises: filter by body area",
            "Exercises: filter by position",
            "Exercises: filter by equipment",
            "Exercises: how to stretch safely",
            "Help: keys on this screen",
            "Unknot: quit",
        ):
            assert title in titles
        # Textual's own commands stay, renamed alike and listed after ours.
        first_textual = titles.index("Display: colour theme")
        assert all(title.startswith("Display: ") for title in titles[first_textual:])
        assert "Unknot: quit" in titles[:first_textual]


async def test_palette_command_runs_the_action() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Exercises: search"
        )
        command.callback()
        await pilot.pause()
        assert isinstance(app.focused, Input)


async def test_survives_resizing_to_tiny_and_huge() -> None:
    app = UnknotApp(small_catalog())
    # One down per size; below the smallest size the screen supports, a notice covers the
    # list and the key moves nothing; the last stays.
    expected = [None, "calf", "bridge", "glide", "glide"]
    sizes = [(20, 6), (40, 12), (200, 60), (80, 24), (80, 24)]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        listing = app.screen.query_one(ExerciseList)
        first = listing.highlighted
        for size, ident in zip(sizes, expected, strict=True):
            await pilot.resize_terminal(*size)
            await pilot.press("down")
            await pilot.pause()
            highlighted = listing.highlighted
            if ident is None:
                assert app.screen.query_one(TooSmall).display
                assert highlighted == first
                continue
            assert highlighted is not None and highlighted.id == ident
            region = listing.scrollable_content_region
            # Every row is drawn exactly as wide as the list, whatever the size.
            for y in range(region.height):
                assert listing.render_line(y).cell_length == region.width
            if region.height:  # the highlighted row is on screen, and detailed
                top = int(listing.scroll_offset.y)
                assert top <= listing.cursor < top + region.height
            assert detail_text(app).startswith(highlighted.name)
        assert app.size == (80, 24)
        assert "Nerve glide [b]x[/b]" in listing.render_line(listing.cursor).text


def test_list_cells_are_cut_by_width_not_characters() -> None:
    from rich.cells import cell_len

    from tui.widgets.exercise_list import fit

    assert fit("Bridge", 10) == "Bridge"
    assert fit("Hamstring stretch", 8) == "Hamstri…"
    for width in range(0, 9):
        cut = fit("膝を胸に引き寄せる", width)  # two cells per character
        assert cell_len(cut) <= width
        assert cut.endswith("…") or not cut


def test_wrapped_steps_carry_on_under_their_text_not_their_number() -> None:
    from textual.content import Content

    from tui.widgets.text_items import wrap_items

    items = [(Content("  1. "), Content("Lie on your back with both knees bent and feet flat."))]
    lines = wrap_items(items, 24).plain.split("\n")
    assert lines[0].startswith("  1. Lie on your back")
    assert len(lines) > 1
    assert all(line.startswith("     ") and line[5] != " " for line in lines[1:])
    assert all(len(line) <= 24 for line in lines)


async def test_the_detail_repaints_in_the_new_colours_when_the_theme_changes() -> None:
    app = UnknotApp(small_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the catalogue
        detail = app.screen.query_one(ExerciseDetail)
        before = detail.render_line(0)
        app.theme = "textual-light"
        await pilot.pause()
        after = detail.render_line(0)
        assert after.text == before.text
        # The name itself, not just the padding after it, is drawn in the new colours.
        assert after.text.startswith("Knee to chest")
        assert next(iter(after)).style != next(iter(before)).style


def test_list_name_column_is_measured_in_cells() -> None:
    from tui.widgets.exercise_list import ExerciseList

    raw = {"title": "t", "exercise": [make_exercise("wide", "膝を胸に引き寄せる")]}
    listing = ExerciseList(parse_catalog(raw, Path("t.toml")).exercises)
    assert listing.name_width(100) == 18  # nine characters two cells wide
