"""Stick figures: the catalogue format, its checks, the braille rasteriser, and where figures
are printed (`unknot figure`, the Markdown handout)."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import CATALOGUE_IDS, exercise_data

from tui.cli import FIGURE_SIZE, main
from tui.core.catalog import default_catalog_path, load_catalog, parse_catalog
from tui.core.errors import DataFileError
from tui.core.export import routine_markdown
from tui.core.figure import (
    BOX,
    JOINTS,
    MAX_FRAMES,
    PAIR_GAP,
    VIEWS,
    Drawing,
    Figure,
    Pose,
    frame_at,
    pair_width,
    render,
    render_start_end,
    rep_phase,
    rows_to_fill,
)
from tui.core.routine import Routine, RoutineEntry

CATALOG = load_catalog(default_catalog_path())
LYING = {"head": [7, 9], "shoulder": [17, 7], "hip": [45, 7], "near_hand": [44, 3]}


def figure(**fields: Any) -> Figure:
    """A figure decoded as the catalogue decodes it (so its checks run)."""
    import msgspec

    fields.setdefault("frame", [LYING])
    return msgspec.convert(fields, Figure, strict=True)


def problem(figure_fields: dict[str, Any]) -> str:
    raw = {"exercise": [exercise_data(id="knee-hug", figure=figure_fields)]}
    with pytest.raises(DataFileError) as caught:
        parse_catalog(raw, Path("my-catalogue.toml"))
    return str(caught.value)


def lying(**fields: Any) -> dict[str, Any]:
    """A figure's fields with one valid frame."""
    return {"frame": [LYING], **fields}


def dots(drawing: Drawing) -> list[list[bool]]:
    """The drawing's braille cells back as rows of dots (2 across, 4 down a cell)."""
    bits = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
    grid: list[list[bool]] = []
    for row in drawing.rows:
        block: list[list[bool]] = [[] for _ in range(4)]
        for char in row:
            value = ord(char) - 0x2800 if char != " " else 0
            for dy in range(4):
                block[dy] += [bool(value & bits[dy][0]), bool(value & bits[dy][1])]
        grid += block
    return grid


# --------------------------------------------------------------------------- the format


PREFIX = "my-catalogue.toml: exercise 'knee-hug' (#1): "
NO_HAND = {key: value for key, value in LYING.items() if key != "near_hand"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"frame": [LYING, {**NO_HAND, "near_kne": [1, 2]}]},
            "field 'figure': frame 2: unknown joint 'near_kne'; did you mean 'near_knee'?",
        ),
        (
            {"frame": [{**LYING, "elbow_left": [1, 2]}]},
            "field 'figure': frame 1: unknown joint 'elbow_left'; joints are: head, ",
        ),
        (
            {"frame": [{**LYING, "near_foot": [104, 2]}]},
            "field 'figure': frame 1: near_foot [104, 2] is outside the box "
            "(0 to 100 across and up)",
        ),
        (
            {"frame": [{**LYING, "near_foot": [-0.5, 2]}]},
            "frame 1: near_foot [-0.5, 2] is outside the box",
        ),
        (
            {"frame": [{**LYING, "hip": [45]}]},
            "field 'figure': frame 1: hip must be two numbers, [across, up], got [45]",
        ),
        ({"frame": [{**LYING, "hip": [True, 3]}]}, "got [true, 3]"),
        ({"frame": [{**LYING, "hip": ["45", 3]}]}, 'got ["45", 3]'),
        ({"frame": [{**LYING, "hip": 45}]}, "got 45"),
        (
            {"frame": [LYING, NO_HAND]},
            "field 'figure': frame 2 leaves out near_hand; every frame must give the same joints",
        ),
        (
            {"frame": [NO_HAND, LYING]},
            "frame 2 gives near_hand, which frame 1 does not; every frame must give the same",
        ),
        (
            {"frame": [LYING] * (MAX_FRAMES + 1)},
            "field 'figure': a figure has 1 to 8 frames (start position first), got 9",
        ),
        ({"frame": []}, "a figure has 1 to 8 frames (start position first), got 0"),
        ({}, "field 'figure.frame': is required but missing"),
        (
            {"frame": [{k: v for k, v in LYING.items() if k != "hip"}]},
            "field 'figure': frame 1: every frame needs head, shoulder, hip; missing hip",
        ),
        (lying(**{"strap": ["near_hand"]}), "field 'figure': a strap joins two joints, got 1"),
        (
            lying(**{"strap": ["near_hand", "near_foot"]}),
            "field 'figure': strap: the frames do not give near_foot",
        ),
        (lying(**{"strap": ["near_hand", "nose"]}), "strap: unknown joint 'nose'"),
        (
            lying(**{"chair": {"back": 1, "front": 20, "seat": 120}}),
            "field 'figure.chair': chair seat 120 is outside the box",
        ),
        (lying(**{"chair": {"back": 1, "front": 20}}), "field 'figure.chair.seat': is required"),
        (lying(**{"wall": -1}), "field 'figure': wall -1 is outside the box"),
        (
            lying(**{"view": "top"}),
            "field 'figure': view \"top\" is not allowed; expected one of: side, front, above",
        ),
        (lying(**{"colour": "red"}), "field 'figure.colour': unknown field 'colour'"),
    ],
)
def test_a_bad_figure_is_one_sentence_naming_the_exercise(
    fields: dict[str, Any], message: str
) -> None:
    text = problem(fields)
    assert text.startswith(PREFIX)
    assert message in text
    assert "\n" not in text and "msgspec" not in text and "Traceback" not in text


def test_the_documented_example_is_the_shipped_knee_to_chest() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "catalog.md").read_text()
    example = docs.split("### Example", 1)[1]
    block = re.search(r"```toml\n(.*?)```", example, re.DOTALL)
    assert block is not None
    documented = tomllib.loads("[[exercise]]\n" + block.group(1))["exercise"][0]["figure"]
    shipped = CATALOG.by_id["knee-to-chest"].figure
    assert shipped is not None
    assert [dict(frame) for frame in shipped.frame] == documented["frame"]


def test_the_documented_messages_are_real() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "catalog.md").read_text()
    rows = [line for line in docs.splitlines() if "field 'figure" in line]
    assert len(rows) >= 6
    real = [
        problem({"frame": [LYING, {**NO_HAND, "near_kne": [1, 2]}]}),
        problem({"frame": [{**NO_HAND, "near_foot": [104, 2]}]}),
        problem({"frame": [{**LYING, "hip": [45]}]}),
        problem({"frame": [LYING, NO_HAND]}),
        problem({"frame": [LYING] * 9}),
        problem({}),
        problem({"frame": [{k: v for k, v in LYING.items() if k != "hip"}]}),
    ]
    for message in real:
        assert any(f"`{message}`" in row for row in rows), message


junk_value = st.one_of(
    st.integers(min_value=-5, max_value=105),
    st.floats(min_value=-5, max_value=105),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=2),
)
raw_point = st.one_of(
    st.lists(junk_value, max_size=3), junk_value, st.tuples(junk_value, junk_value)
)
raw_frame = st.dictionaries(st.sampled_from([*JOINTS, "nose", "near_kne"]), raw_point, max_size=8)
some_frames = st.one_of(
    st.lists(raw_frame, max_size=MAX_FRAMES + 1),
    # Mostly valid frames with the same joints, so the later checks are reached too.
    st.integers(min_value=1, max_value=3).flatmap(
        lambda n: st.lists(
            st.fixed_dictionaries({**{k: point for k in LYING}}), min_size=n, max_size=n
        )
    ),
)


@settings(max_examples=300, deadline=None)
@given(some_frames)
def test_the_fast_check_run_on_every_load_agrees_with_the_one_that_explains(
    frames: list[dict[str, Any]],
) -> None:
    from tui.core.figure import _frames_look_valid, _frames_problem

    assert _frames_look_valid(frames) == (_frames_problem(frames) == "")


def test_floor_is_drawn_except_from_above_unless_said() -> None:
    assert figure().has_floor
    assert not figure(view="above").has_floor
    assert figure(view="above", floor=True).has_floor
    assert not figure(floor=False).has_floor


# --------------------------------------------------------------------------- poses

TWO = figure(
    frame=[
        {"head": [0, 0], "shoulder": [10, 10], "hip": [20, 20]},
        {"head": [100, 50], "shoulder": [30, 10], "hip": [20, 60]},
    ]
)
THREE = figure(frame=[{"head": [x, x], "shoulder": [x, 0], "hip": [0, x]} for x in (0, 40, 100)])


def test_frame_at_runs_from_the_start_to_the_end_keyframe() -> None:
    assert frame_at(TWO, 0.0) == TWO.poses[0]
    assert frame_at(TWO, 1.0) == TWO.poses[-1]
    middle = frame_at(TWO, 0.5).points
    assert middle == {"head": (50.0, 25.0), "shoulder": (20.0, 10.0), "hip": (20.0, 40.0)}
    assert frame_at(THREE, 0.5) == THREE.poses[1]
    assert frame_at(THREE, 0.75).points["head"] == (70.0, 70.0)


def test_frame_at_clamps_and_rounds() -> None:
    assert frame_at(TWO, -3) == frame_at(TWO, math.nan) == TWO.poses[0]
    assert frame_at(TWO, 7) == frame_at(TWO, math.inf) == TWO.poses[-1]
    assert frame_at(TWO, 0.4, steps=1) == TWO.poses[0]
    assert frame_at(TWO, 0.6, steps=1) == TWO.poses[-1]
    assert frame_at(THREE, 0.3, steps=2) == THREE.poses[1]


def test_rep_phase_goes_there_and_back() -> None:
    assert [rep_phase(f) for f in (0, 0.25, 0.5, 0.75, 1.0, 1.25)] == [0, 0.5, 1, 0.5, 0, 0.5]
    assert rep_phase(math.nan) == 0.0
    assert rep_phase(math.inf) == 0.0


# --------------------------------------------------------------------------- drawing

coordinate = st.one_of(
    st.integers(min_value=0, max_value=BOX), st.floats(min_value=0, max_value=BOX)
)
point = st.lists(coordinate, min_size=2, max_size=2)


@st.composite
def figures(draw: st.DrawFn) -> Figure:
    extra = draw(st.sets(st.sampled_from(JOINTS[3:]), max_size=len(JOINTS) - 3))
    names = ["head", "shoulder", "hip", *sorted(extra)]
    count = draw(st.integers(min_value=1, max_value=MAX_FRAMES))
    frames = [{name: draw(point) for name in names} for _ in range(count)]
    fields: dict[str, Any] = {"frame": frames, "view": draw(st.sampled_from(VIEWS))}
    if draw(st.booleans()):
        fields["floor"] = draw(st.booleans())
    if draw(st.booleans()):
        fields["wall"] = draw(coordinate)
    if draw(st.booleans()):
        back, front, seat = draw(st.tuples(coordinate, coordinate, coordinate))
        fields["chair"] = {"back": back, "front": front, "seat": seat}
    if draw(st.booleans()):
        fields["strap"] = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2))
    return figure(**fields)


sizes = st.tuples(st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=16))
phases = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, 1.0]))


def only_braille_or_spaces(drawing: Drawing) -> bool:
    return all(char == " " or 0x2800 <= ord(char) <= 0x28FF for row in drawing.rows for char in row)


@settings(max_examples=150, deadline=None)
@given(figures(), sizes, phases, st.booleans())
def test_a_drawing_is_exactly_the_size_asked_whatever_the_figure(
    shape: Figure, size: tuple[int, int], phase: float, mirrored: bool
) -> None:
    width, height = size
    drawing = render(frame_at(shape, phase), width, height, mirrored)
    assert len(drawing.rows) == height
    assert all(len(row) == width for row in drawing.rows)
    assert only_braille_or_spaces(drawing)


@settings(max_examples=100, deadline=None)
@given(figures(), sizes, phases)
def test_the_mirror_is_the_same_dots_flipped_so_mirroring_twice_is_the_identity(
    shape: Figure, size: tuple[int, int], phase: float
) -> None:
    pose = frame_at(shape, phase)
    plain, mirrored = (dots(render(pose, *size, flip)) for flip in (False, True))
    assert [row[::-1] for row in mirrored] == plain
    assert [row[::-1] for row in [row[::-1] for row in plain]] == plain


@settings(max_examples=60, deadline=None)
@given(figures(), st.integers(min_value=4, max_value=60))
def test_a_pair_puts_start_and_end_side_by_side(shape: Figure, width: int) -> None:
    drawing = render_start_end(shape, width, 7)
    assert len(drawing.rows) == 7
    if len(shape.frame) == 1:
        assert drawing == render(shape.poses[0], width, 7)
        return
    each = pair_width(width)
    assert all(len(row) == 2 * each + PAIR_GAP for row in drawing.rows)
    assert [row[:each] for row in drawing.rows] == render(shape.poses[0], each, 7).rows
    assert [row[each + PAIR_GAP :] for row in drawing.rows] == render(shape.poses[-1], each, 7).rows
    arrows = [row for row, text in enumerate(drawing.rows) if "→" in text]
    assert len(arrows) == 1
    assert drawing.rows[arrows[0]][each : each + PAIR_GAP] == " → "


@settings(max_examples=60, deadline=None)
@given(figures(), st.integers(min_value=1, max_value=50))
def test_rows_to_fill_is_enough_for_the_width_to_decide_the_size(shape: Figure, width: int) -> None:
    # On a floor the figure stands on the bottom row: more rows only add blank ones on top.
    if not shape.has_floor:
        return
    rows = rows_to_fill(shape, width)
    fitted = render(shape.poses[0], width, rows).rows
    taller = render(shape.poses[0], width, rows + 5).rows
    assert taller[-rows:] == fitted
    assert all(not row.strip() for row in taller[:5])


def test_drawings_keep_their_proportions() -> None:
    # An arm and a trunk of the same length come out the same number of dots long.
    square = figure(
        floor=False,
        frame=[{"head": [50, 50], "shoulder": [10, 10], "hip": [10, 90], "near_hand": [90, 10]}],
    )
    for width, height in ((40, 10), (20, 20), (60, 6)):
        grid = dots(render(square.poses[0], width, height))
        columns = [any(row[x] for row in grid) for x in range(width * 2)]
        rows = [any(row) for row in grid]
        assert abs(sum(columns) - sum(rows)) <= 2, (width, height)


def test_the_person_and_the_props_are_told_apart() -> None:
    shape = figure(frame=[{"head": [50, 80], "shoulder": [50, 70], "hip": [50, 40]}], wall=90)
    drawing = render(shape.poses[0], 30, 8)
    person = "".join(run.text for line in drawing.lines for run in line if run.person)
    props = "".join(run.text for line in drawing.lines for run in line if not run.person)
    assert person.strip() and props.strip()
    assert drawing.rows[-1].strip()  # the floor, along the bottom


def test_nothing_to_draw_in_no_room() -> None:
    pose = CATALOG.by_id["bridge"].figure.poses[0]  # type: ignore[union-attr]
    assert render(pose, 0, 5).rows == [""] * 5
    assert render(pose, 5, 0).rows == []


def test_a_pose_keeps_its_figure() -> None:
    pose = frame_at(TWO, 0.3)
    assert isinstance(pose, Pose) and pose.figure is TWO


# --------------------------------------------------------------------------- the shipped ones


@pytest.mark.parametrize("ident", sorted(CATALOGUE_IDS))
def test_every_shipped_exercise_has_a_start_and_an_end_that_look_different(ident: str) -> None:
    shape = CATALOG.by_id[ident].figure
    assert shape is not None
    assert len(shape.frame) >= 2
    start, end = (render(pose, *FIGURE_SIZE) for pose in (shape.poses[0], shape.poses[-1]))
    for drawing in (start, end):
        # The person, not only the props, takes up a good part of the box.
        person = sum(run.text.count(" ") < len(run.text) for line in drawing.lines for run in line)
        assert person >= 3
    assert start.rows != end.rows


# --------------------------------------------------------------------------- where they are shown


def test_unknot_figure_prints_every_frame_with_its_role(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figure", "bridge"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Bridge: frame 1 of 2 (start)"
    assert out[FIGURE_SIZE[1] + 1] == "Bridge: frame 2 of 2 (end)"
    assert len(out) == 2 * (FIGURE_SIZE[1] + 1)
    assert any("\u2800" < char <= "\u28ff" for char in out[-1])


def test_unknot_figure_one_frame_sized_and_mirrored(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["figure", "calf-stretch-wall", "--frame", "2", "--width", "30", "--height", "9"]
    assert main(args) == 0
    plain = capsys.readouterr().out.splitlines()
    assert main([*args, "--mirror"]) == 0
    mirrored = capsys.readouterr().out.splitlines()
    assert plain[0] == "Calf stretch at a wall: frame 2 of 2 (end)"
    assert mirrored[0] == "Calf stretch at a wall: frame 2 of 2 (end), mirrored"
    assert len(plain) == len(mirrored) == 10
    pose = CATALOG.by_id["calf-stretch-wall"].figure.poses[1]  # type: ignore[union-attr]
    assert plain[1:] == [row.rstrip() for row in render(pose, 30, 9).rows]
    assert mirrored[1:] == [row.rstrip() for row in render(pose, 30, 9, mirrored=True).rows]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["figure", "no-such"], "no exercise with the id 'no-such'"),
        (["figure", "bridge", "--frame", "3"], "exercise 'bridge' has 2 frames, not 3"),
    ],
)
def test_unknot_figure_says_what_is_wrong(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 1
    assert message in capsys.readouterr().err


def test_unknot_figure_of_an_exercise_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tomli_w

    path = tmp_path / "mine.toml"
    path.write_text(tomli_w.dumps({"exercise": [exercise_data(id="plain")]}))
    assert main(["--catalog", str(path), "figure", "plain"]) == 1
    assert "exercise 'plain' has no figure" in capsys.readouterr().err


@pytest.mark.parametrize("bad", [["--width", "0"], ["--height", "-2"], ["--frame", "x"]])
def test_unknot_figure_sizes_are_checked_by_the_parser(bad: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["figure", "bridge", *bad])
    assert exit_.value.code == 2


def test_the_handout_shows_each_exercise_start_and_end_in_a_text_block() -> None:
    routine = Routine(
        name="Two",
        exercise=(RoutineEntry(id="bridge"), RoutineEntry(id="no-such-exercise")),
    )
    handout = routine_markdown(routine, CATALOG, None)
    blocks = re.findall(r"```text\n(.*?)```", handout, re.DOTALL)
    assert len(blocks) == 1  # the missing exercise has none
    rows = blocks[0].splitlines()
    assert len(rows) == 8
    assert sum(" → " in row for row in rows) == 1
    assert all(set(row) <= {" ", "→", *map(chr, range(0x2800, 0x2900))} for row in rows)
    assert handout.index("## 1. Bridge") < handout.index("```text") < handout.index("Steps:")
