"""The figure above the catalogue's detail: shown where there is room, left out where
not, and repainted only when what it shows changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import exercise_data, screen_text
from textual.pilot import Pilot

from tui.app import UnknotApp
from tui.core.catalog import Catalog, default_catalog_path, load_catalog, parse_catalog
from tui.widgets.exercise_detail import ExerciseDetail
from tui.widgets.figure import FigureView

CATALOG = load_catalog(default_catalog_path())
STANDING = {"head": [50, 84], "shoulder": [50, 74], "hip": [50, 46], "near_foot": [52, 0]}
WALL = {**STANDING, "near_hand": [80, 60]}


def mixed_catalog() -> Catalog:
    """One exercise with a figure, one without."""
    figure = {"wall": 90, "frame": [{**STANDING, "near_hand": [50, 40]}, WALL]}
    raw = {
        "exercise": [
            exercise_data(id="with-figure", name="With a figure", figure=figure),
            exercise_data(id="without", name="Without a figure"),
        ]
    }
    return parse_catalog(raw, Path("mixed.toml"))


async def open_catalogue(pilot: Pilot[None]) -> None:
    """Switch to the catalogue: the app opens on Today."""
    await pilot.press("2")
    await pilot.pause()


def figure_text(app: UnknotApp[Any]) -> list[str]:
    view = app.screen.query_one(FigureView)
    return [view.render_line(y).text for y in range(view.size.height)]


def has_braille(lines: list[str]) -> bool:
    return any("\u2800" < char <= "\u28ff" for line in lines for char in line)


async def test_at_80x24_the_figure_sits_above_the_detail_and_leaves_it_room() -> None:
    app = UnknotApp(CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        view = app.screen.query_one(FigureView)
        detail = app.screen.query_one(ExerciseDetail)
        assert view.figure == CATALOG.exercises[0].figure
        assert view.region.height == 7
        assert view.region.bottom == detail.region.y
        assert detail.region.height >= 13
        assert has_braille(figure_text(app))
        # Only the start position fits: no arrow to an end position.
        assert not any("→" in line for line in figure_text(app))


async def test_the_figure_follows_the_highlight() -> None:
    app = UnknotApp(CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        before = figure_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.query_one(FigureView).figure == CATALOG.exercises[1].figure
        assert figure_text(app) != before


@pytest.mark.parametrize("size", [(80, 20), (80, 12), (30, 24)])
async def test_where_there_is_no_room_the_figure_is_left_out(size: tuple[int, int]) -> None:
    app = UnknotApp(CATALOG)
    async with app.run_test(size=size) as pilot:
        await open_catalogue(pilot)
        view = app.screen.query_one(FigureView)
        detail = app.screen.query_one(ExerciseDetail)
        assert view.region.height == 0
        assert detail.region.y == view.parent.region.y  # type: ignore[union-attr]


async def test_a_wide_pane_shows_the_start_and_the_end() -> None:
    app = UnknotApp(CATALOG)
    async with app.run_test(size=(200, 50)) as pilot:
        await open_catalogue(pilot)
        lines = figure_text(app)
        assert 8 <= len(lines) <= FigureView.MAX_ROWS
        assert sum("→" in line for line in lines) == 1
        # Growing and shrinking the terminal scales the figure with the pane.
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        smaller = figure_text(app)
        assert has_braille(smaller) and len(max(smaller, key=len).rstrip()) < 100


async def test_an_exercise_without_a_figure_has_no_empty_box() -> None:
    app = UnknotApp(mixed_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        assert app.screen.query_one(FigureView).region.height > 0
        await pilot.press("down")
        await pilot.pause()
        view = app.screen.query_one(FigureView)
        assert view.figure is None
        assert view.region.height == 0


async def test_it_repaints_only_when_the_cells_change(monkeypatch: pytest.MonkeyPatch) -> None:
    app = UnknotApp(mixed_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        view = app.screen.query_one(FigureView)
        repaints: list[object] = []
        original = view.refresh

        def counting_refresh(*args: Any, **kwargs: Any) -> Any:
            repaints.append(args)
            return original(*args, **kwargs)

        monkeypatch.setattr(view, "refresh", counting_refresh)
        figure = view.figure
        assert figure is not None
        view.figure = figure  # the same figure again
        view.phase = 0.0  # the same phase
        view.phase = 0.001  # a phase that draws the same cells
        await pilot.pause()
        assert repaints == []
        view.phase = 1.0  # the end position: new cells
        await pilot.pause()
        assert len(repaints) == 1
        view.mirrored = True
        await pilot.pause()
        assert len(repaints) == 2
        assert figure_text(app)[-1] != ""


async def test_the_figure_reads_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = UnknotApp(CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        assert app.no_color
        # The picture is in the characters themselves, as the terminal shows them.
        assert has_braille([screen_text(app)])


async def test_a_new_theme_redraws_the_figure_in_its_colours() -> None:
    app = UnknotApp(CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        view = app.screen.query_one(FigureView)
        before = [segment.style for segment in view.render_line(view.size.height - 1)]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = [segment.style for segment in view.render_line(view.size.height - 1)]
        assert has_braille(figure_text(app))
        assert before != after


async def test_a_pose_shown_again_is_not_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A session shows the same poses at every repetition: each is drawn once, and the
    same cells come back; another theme draws afresh (the lines carry its colours)."""
    import tui.widgets.figure as figure_module

    drawn: list[float] = []
    real = figure_module.render

    def counted(pose: Any, width: int, height: int, mirrored: bool = False) -> Any:
        drawn.append(width)
        return real(pose, width, height, mirrored=mirrored)

    monkeypatch.setattr(figure_module, "render", counted)
    figure = CATALOG.exercises[0].figure
    app = UnknotApp(CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        view = app.screen.query_one(FigureView)
        start = figure_text(app)
        drawn.clear()
        for phase in (1.0, 0.0, 1.0, 0.0):
            view.show(figure, phase)
            await pilot.pause()
        assert len(drawn) == 1  # the end position; the start was drawn before
        assert figure_text(app) == start
        app.theme = "textual-light"
        await pilot.pause()
        view.show(figure, 1.0)
        assert len(drawn) > 1
