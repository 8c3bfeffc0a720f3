"""The exercise's figure beside the session clock, by keys and a fake clock: the start
position while getting ready, the held position in a hold, mirrored on the right side,
moving through its keyframes at the tempo of counted reps (and repainted only then), the
next exercise in the rest before it, and left out where it has no room or no drawing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import FakeClock, exercise_data
from test_session_screen import CATALOG, advance, make
from textual.geometry import Region, Size

from tui.core.catalog import Dosage, parse_catalog
from tui.core.figure import HELD_PHASE, Figure, frame_at, render, rep_phase
from tui.core.routine import Routine, RoutineEntry
from tui.screens.session import SessionScreen
from tui.screens.session_live import (
    FIGURE_FRAMES_A_SECOND,
    FIGURE_PANEL_SIZES,
    GUIDE_ROWS,
    SessionFigure,
    figure_panel_size,
    frames_per_rep,
)
from tui.widgets.big_clock import BigClock
from tui.widgets.figure import changed_cells

#: Knee to chest held 4 s on each side, then 3 bridges at 4 s each (5 s get-ready).
FIGURES = Routine(
    name="Figures",
    exercise=(
        RoutineEntry(
            id="knee-to-chest", dosage=Dosage(hold_seconds=4, per_side=True, rest_after=3)
        ),
        RoutineEntry(id="bridge", dosage=Dosage(reps=3, rep_seconds=4, rest_after=0)),
    ),
)
# When each step of FIGURES starts, in seconds from the start.
HOLD_LEFT, SWITCH, HOLD_RIGHT, REST_NEXT, GET_READY_BRIDGE, REPS = 5, 9, 14, 18, 21, 26
KNEE = CATALOG.get("knee-to-chest").figure  # type: ignore[union-attr]
BRIDGE = CATALOG.get("bridge").figure  # type: ignore[union-attr]


def figure_view(screen: SessionScreen) -> SessionFigure:
    return screen.query_one(SessionFigure)


def drawn(screen: SessionScreen) -> list[str]:
    """The figure's rows as the widget paints them."""
    view = figure_view(screen)
    return [view.render_line(y).text for y in range(view.size.height)]


def drawing(
    figure: Figure | None, phase: float, mirrored: bool, screen: SessionScreen
) -> list[str]:
    """The rows of `figure` at `phase` drawn at the widget's size."""
    assert figure is not None
    width, height = figure_view(screen).size
    return render(frame_at(figure, phase), width, height, mirrored).rows


def shown(screen: SessionScreen) -> tuple[Figure | None, float, bool]:
    view = figure_view(screen)
    assert screen.query_one("#figure-panel").display
    return view.figure, view.phase, view.mirrored


async def start(pilot: Any, clock: FakeClock, screen: SessionScreen, at: float) -> None:
    """Past the first pain question, then `at` seconds into the session."""
    await pilot.press("escape")
    if at:
        await advance(pilot, clock, screen, at)


async def test_getting_ready_shows_the_start_position(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, 0)
        assert shown(screen) == (KNEE, 0.0, False)
        assert drawn(screen) == drawing(KNEE, 0.0, False, screen)
        assert any(line.strip() for line in drawn(screen))


async def test_a_hold_shows_the_held_position(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, HOLD_LEFT + 1)
        assert shown(screen) == (KNEE, HELD_PHASE, False)
        assert drawn(screen) == drawing(KNEE, HELD_PHASE, False, screen)
        assert drawn(screen) != drawing(KNEE, 0.0, False, screen)
        # Held still: the clock ticks, the figure is not painted again.
        view = figure_view(screen)
        repaints: list[object] = []
        original = view.refresh
        view.refresh = lambda *a, **k: repaints.append(a) or original(*a, **k)  # type: ignore[method-assign]
        for _ in range(8):
            await advance(pilot, clock, screen, 0.25)
        assert screen.session.step_elapsed == pytest.approx(3) and repaints == []


async def test_the_other_side_is_mirrored(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, SWITCH + 1)
        assert shown(screen) == (KNEE, 0.0, True)  # getting into the start, other side
        await advance(pilot, clock, screen, HOLD_RIGHT - SWITCH)
        assert shown(screen) == (KNEE, HELD_PHASE, True)
        mirrored = drawn(screen)
        assert mirrored == drawing(KNEE, HELD_PHASE, True, screen)
        assert mirrored != drawing(KNEE, HELD_PHASE, False, screen)
        # The same rows, flipped left to right (braille cells flip too).
        assert [line.strip() == "" for line in mirrored] == [
            line.strip() == "" for line in drawing(KNEE, HELD_PHASE, False, screen)
        ]


async def test_the_rest_after_an_exercise_shows_the_next_one(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, REST_NEXT + 1)
        assert screen.session.step.exercise_id == "knee-to-chest"  # still its rest
        assert shown(screen) == (BRIDGE, 0.0, False)  # where the bridge starts
        assert drawn(screen) == drawing(BRIDGE, 0.0, False, screen)
        await advance(pilot, clock, screen, GET_READY_BRIDGE - REST_NEXT)
        assert shown(screen) == (BRIDGE, 0.0, False)


async def test_reps_move_the_figure_at_their_tempo_and_repaint_only_then(
    isolated_data_dir: Path,
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, REPS)
        frames = frames_per_rep(BRIDGE, 4, FIGURE_FRAMES_A_SECOND[1])  # type: ignore[arg-type]
        assert frames == 8 and screen.live.figure_frames_per_rep == frames
        view = figure_view(screen)
        repaints: list[float] = []
        original = view.refresh

        def refresh(*regions: Region, **kwargs: Any) -> Any:
            repaints.append(round(screen.session.step_elapsed, 2))
            return original(*regions, **kwargs)

        view.refresh = refresh  # type: ignore[method-assign]
        seen: list[tuple[float, float]] = []
        frame = 4 / frames
        for _ in range(2 * frames):  # two repetitions, four ticks a frame
            seen.append((round(screen.session.step_elapsed, 2), view.phase))
            for _ in range(4):
                await advance(pilot, clock, screen, frame / 4)
        # Each frame at its moment: there (start -> end) in half a repetition, and back.
        assert seen == [(round(k * frame, 2), rep_phase(k / frames)) for k in range(2 * frames)]
        assert [phase for _, phase in seen[:5]] == [0.0, 0.25, 0.5, 0.75, 1.0]
        assert drawn(screen) == drawing(BRIDGE, view.phase, False, screen)
        # Repainted when the pose changed (a frame), never on the ticks between.
        assert repaints and all(round(at / frame, 6).is_integer() for at in repaints)
        assert len(set(repaints)) <= 2 * frames


async def test_the_screen_wakes_for_each_frame(isolated_data_dir: Path) -> None:
    """A frame is drawn on time even when nothing else is due then."""
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, REPS + 1.3)
        # The next frame at 1.5 s, before the next whole second (2 s) and the next tick.
        assert screen._seconds_to_next_change() == pytest.approx(1.5 - 1.3)


async def test_a_larger_figure_moves_less_often(isolated_data_dir: Path) -> None:
    """Each pose rewrites more cells in a larger figure: fewer poses a repetition."""
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, REPS + 1)
        assert screen.live.figure_frames_per_rep == 8
        await pilot.resize_terminal(200, 50)
        await advance(pilot, clock, screen, 0.5)
        assert FIGURE_FRAMES_A_SECOND[3] < FIGURE_FRAMES_A_SECOND[1]
        assert screen.live.figure_frames_per_rep == 4
        # 1.5 s into a 4 s repetition: its second pose of four.
        assert figure_view(screen).phase == rep_phase(1 / 4)
        assert drawn(screen) == drawing(BRIDGE, rep_phase(1 / 4), False, screen)


async def test_an_exercise_without_a_figure_shows_no_box(isolated_data_dir: Path) -> None:
    figure = {"frame": [{"head": [10, 80], "shoulder": [10, 70], "hip": [10, 40]}]}
    catalog = parse_catalog(
        {
            "exercise": [
                exercise_data(id="plain", name="Plain"),
                exercise_data(id="drawn", name="Drawn", figure=figure),
            ]
        },
        Path("mixed.toml"),
    )
    routine = Routine(
        name="Mixed",
        exercise=(
            RoutineEntry(id="plain", dosage=Dosage(hold_seconds=4, rest_after=3)),
            RoutineEntry(id="drawn", dosage=Dosage(hold_seconds=4, rest_after=0)),
        ),
    )
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=routine, catalog=catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, screen, 6)
        panel = screen.query_one("#figure-panel")
        assert not panel.display and not screen.live.has_class("-figure")
        assert screen.query_one(BigClock).region.height == 3  # the clock row as before
        await advance(pilot, clock, screen, 4)  # the rest before "drawn" shows it
        assert panel.display and figure_view(screen).figure is not None


@pytest.mark.parametrize(
    ("size", "figure_size"),
    [
        ((80, 24), FIGURE_PANEL_SIZES[1]),
        ((100, 30), None),  # (measured below: the digits leave it less than 36 across)
        ((120, 40), FIGURE_PANEL_SIZES[2]),
        ((160, 45), FIGURE_PANEL_SIZES[3]),
        ((200, 50), FIGURE_PANEL_SIZES[3]),
        ((70, 24), "none"),  # too narrow beside the clock and its note
        ((80, 18), "none"),  # the steps keep their rows
        ((50, 16), "none"),  # the smallest session
    ],
)
async def test_the_figure_fits_beside_the_clock_or_is_left_out(
    isolated_data_dir: Path, size: tuple[int, int], figure_size: Any
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=FIGURES)
    async with app.run_test(size=size) as pilot:
        await start(pilot, clock, screen, HOLD_LEFT + 1)
        panel = screen.query_one("#figure-panel")
        countdown = screen.query_one(BigClock)
        note = screen.query_one("#clock-note")
        assert countdown.region.height >= 3 and countdown.region.right <= size[0]
        assert note.size.width >= len("+ or - for 10 s more or less")  # never clipped
        if figure_size == "none":
            assert not panel.display
            return
        view = figure_view(screen)
        assert panel.display and view.region.height >= SessionFigure.MIN_ROWS
        if figure_size is not None:
            columns, rows = figure_size
            assert view.size.width == columns and view.size.height <= rows
        assert view.region.x >= note.region.right  # beside the clock and its note
        assert view.region.right <= size[0] - 2
        assert screen.query_one("#guide").size.height >= GUIDE_ROWS - 1  # (its margin)


def test_the_panel_shrinks_before_it_is_left_out() -> None:
    assert figure_panel_size(1, Size(80, 24)) == FIGURE_PANEL_SIZES[1]
    assert figure_panel_size(1, Size(78, 24)) == (23, 7)
    assert figure_panel_size(1, Size(80, 20)) == (24, 5)
    assert figure_panel_size(1, Size(80, 18)) is None
    assert figure_panel_size(1, Size(70, 24)) is None
    assert figure_panel_size(3, Size(200, 50)) == FIGURE_PANEL_SIZES[3]


def test_frames_a_repetition_reach_every_keyframe_within_the_rate() -> None:
    three = Figure(frame=(KNEE.frame[0], KNEE.frame[1], KNEE.frame[0]))  # type: ignore[union-attr]
    assert frames_per_rep(BRIDGE, 4, 2.0) == 8  # type: ignore[arg-type]
    assert frames_per_rep(BRIDGE, 5, 2.0) == 10  # type: ignore[arg-type]
    assert frames_per_rep(BRIDGE, 1, 2.0) == 2  # type: ignore[arg-type]  # start, end
    assert frames_per_rep(three, 5, 2.0) == 8  # a multiple of 4: each keyframe drawn
    assert frames_per_rep(three, 1, 2.0) == 4


def test_a_new_pose_repaints_only_the_cells_that_move() -> None:
    assert BRIDGE is not None
    before = render(frame_at(BRIDGE, 0.0), 24, 5)
    after = render(frame_at(BRIDGE, 0.25), 24, 5)
    spans = changed_cells(before, after)
    assert spans  # something moved...
    assert sum(span.width for span in spans) < 24 * 5 / 2  # ...but not everything
    assert changed_cells(before, before) == []
    assert changed_cells(before, render(frame_at(BRIDGE, 0.0), 20, 5)) is None
