"""The exercise list's layout: a final first frame, names first, never two rows alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from support import exercise_data
from textual.pilot import Pilot
from textual.strip import Strip

from tui.app import UnknotApp
from tui.core.catalog import Catalog, default_catalog_path, load_catalog, parse_catalog
from tui.widgets.exercise_list import ExerciseList, distinct_fits, numbered_duplicates

NAMES = (
    "Lower trunk rotation",
    "Lower trunk rotation, wide",
    "Hamstring stretch with strap",
    "Hamstring stretch with towel",
    "A very long exercise name that no eighty column list can show whole",
    "Bridge",
)


def exercise(number: int, name: str, **extra: Any) -> dict[str, Any]:
    category = "mobility" if number % 2 else "strength"
    dosage = {"hold_seconds": 20, "reps": 2}
    data = exercise_data(id=f"exercise-{number}", name=name, category=category, dosage=dosage)
    return {**data, "areas": ["lower back", "hips"], **extra}


def catalog_of(names: list[str]) -> Catalog:
    raw = {"title": "t", "exercise": [exercise(n, name) for n, name in enumerate(names)]}
    return parse_catalog(raw, Path("t.toml"))


def many(count: int) -> Catalog:
    """`count` exercises; the ones named "Twist N" (every 50th) are easy to find."""
    names = [f"Twist {n}" if n % 50 == 0 else f"Stretch number {n}" for n in range(count)]
    return catalog_of(names)


def rows(listing: ExerciseList) -> list[str]:
    """The text of every row on screen."""
    return [listing.render_line(y).text for y in range(listing.scrollable_content_region.height)]


async def open_catalogue(pilot: Pilot[None]) -> ExerciseList:
    """Switch to the catalogue (the app opens on Today) and give its list."""
    await pilot.press("2")
    await pilot.pause()
    return pilot.app.screen.query_one(ExerciseList)


def name_cell(listing: ExerciseList, row: str) -> str:
    width = listing.name_width(listing.scrollable_content_region.width)
    return row[1 : 1 + width].rstrip()


# --------------------------------------------------------------------------- first frame


async def test_the_first_frame_is_final(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row is drawn at one width, with the scrollbar there from the first paint of the
    catalogue (the first time it is shown)."""
    drawn: list[tuple[int, bool]] = []
    render_line = ExerciseList.render_line

    def recording(self: ExerciseList, y: int) -> Strip:
        drawn.append((self.scrollable_content_region.width, self.show_vertical_scrollbar))
        return render_line(self, y)

    monkeypatch.setattr(ExerciseList, "render_line", recording)
    app = UnknotApp(load_catalog(default_catalog_path()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert drawn == []  # Today comes first: the catalogue's list is drawn when shown
        listing = await open_catalogue(pilot)
        final = (listing.scrollable_content_region.width, True)
    assert drawn
    assert set(drawn) == {final}


# --------------------------------------------------------------------------- columns


async def test_names_win_over_areas_and_grow_with_the_terminal() -> None:
    app = UnknotApp(catalog_of(list(NAMES)))
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_catalogue(pilot)
        narrow = rows(listing)
        # At 80 columns the names take what the row has; areas are left out.
        assert "Hamstring stretch with strap" in narrow[2]
        assert all("lower back" not in row for row in narrow)
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        wide = rows(listing)
        longest = NAMES[4]
        assert listing.name_width(listing.scrollable_content_region.width) == len(longest)
        assert wide[4].startswith(f" {longest} ")
        # The areas have what is left over, after the whole name.
        assert wide[0].startswith(f" {NAMES[0]:<{len(longest)}} STR  lower back, hips")


async def test_the_shipped_catalogue_shows_every_name_whole_at_80x24() -> None:
    catalog = load_catalog(default_catalog_path())
    app = UnknotApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_catalogue(pilot)
        seen: list[str] = []
        for _ in range(len(catalog)):
            seen.append(
                name_cell(
                    listing, listing.render_line(listing.cursor - int(listing.scroll_offset.y)).text
                )
            )
            await pilot.press("down")
        assert seen == [exercise.name for exercise in catalog.exercises]


@pytest.mark.parametrize("columns", [50, 60, 70, 80, 120])
async def test_two_different_exercises_never_read_the_same(columns: int) -> None:
    catalog = catalog_of([*NAMES, "Bridge"])  # the same name twice, too
    app = UnknotApp(catalog)
    async with app.run_test(size=(columns, 24)) as pilot:
        listing = await open_catalogue(pilot)
        names = [name_cell(listing, row) for row in rows(listing)[: len(catalog)]]
        assert len(set(names)) == len(names), names
        assert names[-1] == "Bridge (2)" or names[-1].endswith("(2)")


def test_names_cut_alike_keep_their_distinguishing_end() -> None:
    fitted = distinct_fits(list(NAMES), 19)
    assert fitted[:4] == [
        "Lower trun…rotation",
        "Lower trunk ro…wide",
        "Hamstring str…strap",
        "Hamstring str…towel",
    ]
    assert fitted[5] == "Bridge"  # fits: left alone
    assert fitted[4] == "A very long exerci…"  # cut, but like no other: the usual cut


def test_identical_names_are_numbered_from_the_second() -> None:
    assert numbered_duplicates(["Plank", "Bridge", "Plank", "Plank"]) == [
        "Plank",
        "Bridge",
        "Plank (2)",
        "Plank (3)",
    ]


@given(
    names=st.lists(
        st.text(alphabet="ab c-膝", min_size=1, max_size=30).map(str.strip).filter(bool),
        min_size=1,
        max_size=20,
        unique=True,
    ),
    width=st.integers(min_value=6, max_value=40),
)
def test_different_names_always_read_differently(names: list[str], width: int) -> None:
    fitted = distinct_fits(names, width)
    assert len(set(fitted)) == len(names)
    assert all(cell_len(text) <= width for text in fitted)
    for name, text in zip(names, fitted, strict=True):
        if cell_len(name) <= width:
            assert text == name  # names that fit are never touched


# --------------------------------------------------------------------------- scrolling


@pytest.mark.parametrize(
    ("narrow", "clear"),
    [
        (("slash", *"twist 1250"), ("ctrl+u",)),  # the search box emptied
        (("slash", *"twist 1250", "enter"), ("x",)),  # "clear" from the list
        (("slash", *"twist 1", "enter", "end"), ("x",)),
    ],
)
async def test_clearing_brings_the_highlighted_row_into_view(
    narrow: tuple[str, ...], clear: tuple[str, ...]
) -> None:
    app = UnknotApp(many(2000))
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_catalogue(pilot)
        await pilot.press(*narrow)
        await pilot.pause()
        chosen = listing.highlighted
        assert chosen is not None and chosen.name.startswith("Twist 1")
        await pilot.press(*clear)
        await pilot.pause()
        assert len(listing.shown) == 2000
        assert listing.highlighted == chosen
        top = int(listing.scroll_offset.y)
        assert top <= listing.cursor < top + listing.scrollable_content_region.height
        assert any(row.startswith(f" {chosen.name} ") for row in rows(listing))


async def test_clearing_a_filter_brings_the_highlighted_row_into_view() -> None:
    raw_names = [f"Stretch number {n}" for n in range(2000)]
    raw = {
        "title": "t",
        "exercise": [
            exercise(n, name, position="standing" if n == 1500 else "on-back")
            for n, name in enumerate(raw_names)
        ],
    }
    app = UnknotApp(parse_catalog(raw, Path("t.toml")))
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_catalogue(pilot)
        await pilot.press("p")
        await pilot.pause()
        choice = app.screen
        options = [
            str(choice.query_one("OptionList").get_option_at_index(i).prompt) for i in range(3)
        ]  # type: ignore[attr-defined]
        await pilot.press(
            *["down"] * next(i for i, o in enumerate(options) if "Standing" in o), "enter"
        )
        await pilot.pause()
        assert [listing.highlighted.name if listing.highlighted else None] == [
            "Stretch number 1500"
        ]
        await pilot.press("x")
        await pilot.pause()
        top = int(listing.scroll_offset.y)
        assert listing.cursor == 1500
        assert top <= 1500 < top + listing.scrollable_content_region.height
