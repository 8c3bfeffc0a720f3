"""Stick figures of exercises: keyframes of joints, drawn as a grid of braille cells.

A catalogue exercise may carry a `Figure`: a few keyframes (poses), each giving named
joints as points in a box 0-100 across and 0-100 up, the floor at 0 (docs/catalog.md,
"Figures"). The first keyframe is the start position, the last the end position (the
one held during a hold, the turning point of a repetition).

Drawing is pure and small: `frame_at(figure, phase)` gives a pose between keyframes and
`render(pose, width, height, mirrored)` turns it into `height` rows of `width` cells,
each a braille character (2 x 4 dots) or a space. Braille needs no colour, so the figure
reads the same with NO_COLOR, over SSH and in a Markdown handout. The other side of a
one-sided exercise is the same drawing mirrored, never a second drawing.

No Textual here: the widget in tui/widgets/figure.py only places the cells.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import msgspec

BOX = 100
"""Coordinates run from 0 to BOX across (left to right) and up (floor to ceiling)."""
MAX_FRAMES = 8
"""A figure has 1 to MAX_FRAMES keyframes."""
HEAD_RADIUS = 5.0
"""The head is a circle of this radius around the `head` point, in box units."""
STRAP_GAP = 2
"""A strap is drawn as a dotted line: one dot in every STRAP_GAP."""
CHAIR_BACK = 26.0
"""How far a chair's backrest rises above its seat, in box units."""
PAIR_GAP = 3
"""Cells between the start and the end position drawn side by side (an arrow in the middle)."""

VIEWS: tuple[str, ...] = ("side", "front", "above")
"""Where a figure may be seen from."""

SIDES = ("near", "far")
LIMB = ("shoulder", "elbow", "hand", "hip", "knee", "ankle", "foot")
TRUNK = ("head", "shoulder", "back", "hip")
JOINTS: tuple[str, ...] = TRUNK + tuple(f"{side}_{part}" for side in SIDES for part in LIMB)
"""Every joint a keyframe may give."""
REQUIRED: tuple[str, ...] = ("head", "shoulder", "hip")
"""Joints every keyframe must give."""

Point = tuple[float, float]


class Chair(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A chair seen from the side: its seat, legs to the floor, a backrest at the back."""

    back: float
    """Where the seat's back edge is, across; the backrest rises from here."""
    front: float
    """Where the seat's front edge is, across."""
    seat: float
    """The seat's height above the floor."""

    def __post_init__(self) -> None:
        for name in ("back", "front", "seat"):
            value = getattr(self, name)
            if not 0 <= value <= BOX:
                raise ValueError(f"chair {name} {_number(value)} is outside the box {_RANGE}")


class Figure(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A stick figure of an exercise: keyframes of joints, and the props around them."""

    view: str = "side"
    """Where it is seen from: "side" (most), "front" or "above" (for twists); see VIEWS."""
    floor: bool | None = None
    """Draw the floor along the bottom (y = 0); by default yes, but not seen from above."""
    wall: float | None = None
    """Draw a wall, from the floor up, at this point across."""
    chair: Chair | None = None
    """Draw a chair (its seat from `back` to `front` at height `seat`)."""
    strap: tuple[str, ...] = ()
    """Draw a strap or towel as a dotted line between these two joints in every frame."""
    frame: tuple[dict[str, Any], ...]
    """The keyframes: joint name -> [across, up]. First = start, last = end position."""

    def __post_init__(self) -> None:
        problem = _figure_problem(self)
        if problem:
            raise ValueError(problem)

    @property
    def has_floor(self) -> bool:
        """Whether the floor is drawn."""
        return self.floor if self.floor is not None else self.view != "above"

    @property
    def poses(self) -> tuple[Pose, ...]:
        """The keyframes as poses, ready to draw."""
        return tuple(Pose(self, _points(frame)) for frame in self.frame)


_RANGE = f"(0 to {BOX} across and up)"


def _number(value: float) -> str:
    return f"{value:g}"


def _points(frame: Mapping[str, Any]) -> dict[str, Point]:
    return {name: (float(point[0]), float(point[1])) for name, point in frame.items()}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _joint_problem(name: str) -> str:
    from difflib import get_close_matches  # only when a figure is wrong

    close = get_close_matches(name, JOINTS, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"joints are: {', '.join(JOINTS)}"
    return f"unknown joint '{name}'; {hint}"


def _shown(value: object) -> str:
    """A value as it would be written in TOML, for messages."""
    import json  # only when a figure is wrong

    return json.dumps(value, ensure_ascii=False, default=str)


_JOINT_SET = frozenset(JOINTS)
_REQUIRED_SET = frozenset(REQUIRED)
_NUMBERS = (int, float)
_PAIRS = (list, tuple)


def _frames_look_valid(frames: Sequence[Mapping[str, Any]]) -> bool:
    """A fast check of the frames, run on every load (the cache's too): True when
    every frame gives the same known joints, each two numbers inside the box. It
    agrees with `_frames_problem`, which says what is wrong when this is False."""
    if not 1 <= len(frames) <= MAX_FRAMES:
        return False
    names = frames[0].keys()
    if not (_REQUIRED_SET.issubset(names) and _JOINT_SET.issuperset(names)):
        return False
    for frame in frames:
        if frame.keys() != names:
            return False
        for point in frame.values():
            # type() rather than isinstance(): True and False are ints, but not numbers here.
            if type(point) not in _PAIRS or len(point) != 2:
                return False
            x, y = point
            if type(x) not in _NUMBERS or type(y) not in _NUMBERS:
                return False
            if not (0 <= x <= BOX and 0 <= y <= BOX):  # also false for NaN
                return False
    return True


def _frames_problem(frames: Sequence[Mapping[str, Any]]) -> str:
    """What is wrong with the frames, as one sentence, or "" when they are valid."""
    count = len(frames)
    if not 1 <= count <= MAX_FRAMES:
        return f"a figure has 1 to {MAX_FRAMES} frames (start position first), got {count}"
    first: list[str] = []
    for number, frame in enumerate(frames, start=1):
        where = f"frame {number}"
        for name, point in frame.items():
            if name not in JOINTS:
                return f"{where}: {_joint_problem(name)}"
            if not (isinstance(point, list | tuple) and len(point) == 2) or not all(
                map(_is_number, point)
            ):
                return f"{where}: {name} must be two numbers, [across, up], got {_shown(point)}"
            if not all(0 <= value <= BOX for value in point):
                shown = ", ".join(map(_number, point))
                return f"{where}: {name} [{shown}] is outside the box {_RANGE}"
        missing = [name for name in REQUIRED if name not in frame]
        if missing:
            return f"{where}: every frame needs {', '.join(REQUIRED)}; missing {missing[0]}"
        names = sorted(frame, key=JOINTS.index)
        if number == 1:
            first = names
        elif names != first:
            extra = [name for name in names if name not in first]
            gone = [name for name in first if name not in names]
            what = f"gives {extra[0]}, which frame 1 does not" if extra else f"leaves out {gone[0]}"
            return f"{where} {what}; every frame must give the same joints"
    return ""


def _figure_problem(figure: Figure) -> str:
    """The first thing wrong with a figure, as one sentence, or "" when it is valid."""
    if figure.view not in VIEWS:
        return f"view {_shown(figure.view)} is not allowed; expected one of: {', '.join(VIEWS)}"
    problem = "" if _frames_look_valid(figure.frame) else _frames_problem(figure.frame)
    if problem:
        return problem
    if figure.wall is not None and not 0 <= figure.wall <= BOX:
        return f"wall {_number(figure.wall)} is outside the box {_RANGE}"
    if figure.strap:
        if len(figure.strap) != 2:
            return f"a strap joins two joints, got {len(figure.strap)}"
        for name in figure.strap:
            if name not in JOINTS:
                return f"strap: {_joint_problem(name)}"
            if name not in figure.frame[0]:
                return f"strap: the frames do not give {name}"
    return ""


class Pose(msgspec.Struct, frozen=True):
    """One position of a figure, ready to draw."""

    figure: Figure
    """The figure it belongs to: its props and, across all its frames, its extent."""
    points: Mapping[str, Point]
    """Where each joint given is, in box units."""


class Run(msgspec.Struct, frozen=True):
    """Consecutive cells of a drawing's row that are all person or all props."""

    text: str
    person: bool
    """True for cells with a dot of the person; False for props only (or blank)."""


class Drawing(msgspec.Struct, frozen=True):
    """A figure drawn into cells: `height` rows of `width` cells each."""

    lines: tuple[tuple[Run, ...], ...]

    @property
    def rows(self) -> list[str]:
        """The rows as plain text (every row exactly `width` characters)."""
        return ["".join(run.text for run in line) for line in self.lines]

    @property
    def text(self) -> str:
        return "\n".join(self.rows)


# --------------------------------------------------------------------------- poses


def frame_at(figure: Figure, phase: float, steps: int | None = None) -> Pose:
    """The pose at `phase` from the start (0.0, the first keyframe) to the end (1.0, the
    last), evenly through the keyframes between, with joints moving in straight lines.

    `steps` rounds the phase to that many even steps (steps=1: only start or end), so a
    caller can choose how many different drawings a movement makes. A phase outside
    0-1 is clamped; NaN means the start.
    """
    if not phase >= 0.0:  # also catches NaN
        phase = 0.0
    phase = min(phase, 1.0)
    if steps is not None and steps >= 1:
        phase = round(phase * steps) / steps
    poses = figure.poses
    position = phase * (len(poses) - 1)
    index = min(int(position), len(poses) - 1)
    fraction = position - index
    if fraction == 0.0 or index + 1 >= len(poses):
        return poses[index]
    start, end = poses[index].points, poses[index + 1].points
    return Pose(
        figure,
        {
            name: (x + (end[name][0] - x) * fraction, y + (end[name][1] - y) * fraction)
            for name, (x, y) in start.items()
        },
    )


def rep_phase(fraction: float) -> float:
    """Where in a repetition the figure is: 0 -> 1 (start to end) in the first half of
    the repetition and back to 0 in the second. `fraction` is the share of the
    repetition done (it wraps, so elapsed / rep_seconds works directly)."""
    if not math.isfinite(fraction):
        return 0.0
    fraction %= 1.0
    return 1.0 - abs(2.0 * fraction - 1.0)


HELD_PHASE = 1.0
"""The phase of the held position (the last keyframe)."""


# --------------------------------------------------------------------------- extent


class Box(msgspec.Struct, frozen=True):
    left: float
    bottom: float
    right: float
    top: float


def extent(figure: Figure) -> Box:
    """What a figure covers in all its frames, props included: drawn at one scale,
    every frame of a figure stays in place and the same size."""
    xs: list[float] = []
    ys: list[float] = []
    for frame in figure.poses:
        for name, (x, y) in frame.points.items():
            reach = HEAD_RADIUS if name == "head" else 0.0
            xs += (x - reach, x + reach)
            ys += (y - reach, y + reach)
    if figure.wall is not None:
        xs.append(figure.wall)
    if figure.chair is not None:
        chair = figure.chair
        xs += (chair.back, chair.front)
        ys.append(chair.seat + (CHAIR_BACK if figure.view == "side" else 0.0))
    if figure.has_floor:
        ys.append(0.0)
    return Box(min(xs), min(ys), max(xs), max(ys))


def rows_to_fill(figure: Figure, width: int) -> int:
    """The fewest rows in which the figure, `width` cells across, is as large as that
    width allows: more rows would only add blank ones."""
    box = extent(figure)
    span_x = max(box.right - box.left, 1.0)
    span_y = max(box.top - box.bottom, 1.0)
    scale = (width * 2 - 1) / span_x
    # Drawn this small, the head keeps a radius of one dot (see `render`): room for it.
    head = max(0.0, 1.0 - HEAD_RADIUS * scale)
    dots_down = scale * span_y + 1 + 2 * head
    return max(1, math.ceil(dots_down / 4))


def pair_width(width: int) -> int:
    """How wide each of the start and end drawings is in `render_start_end`."""
    return max(0, (width - PAIR_GAP) // 2)


# --------------------------------------------------------------------------- drawing

_PERSON, _PROP = 2, 1
# The bit of each dot in a braille cell, by row (0-3, top down) then column (0-1).
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
_BRAILLE = 0x2800


class _Canvas:
    """A grid of dots (2 per cell across, 4 down) that never draws outside itself."""

    def __init__(self, width: int, height: int) -> None:
        self.columns = width * 2
        self.dot_rows = height * 4
        self.dots = [bytearray(self.columns) for _ in range(self.dot_rows)]

    def plot(self, x: int, y: int, kind: int) -> None:
        """Set the dot `x` across and `y` up from the bottom left corner."""
        if 0 <= x < self.columns and 0 <= y < self.dot_rows:
            row = self.dots[self.dot_rows - 1 - y]
            row[x] = max(row[x], kind)

    def line(self, start: Point, end: Point, kind: int, every: int = 1) -> None:
        for index, (x, y) in enumerate(_line_dots(start, end)):
            if index % every == 0:
                self.plot(x, y, kind)

    def polyline(self, points: Sequence[Point], kind: int) -> None:
        for start, end in itertools.pairwise(points):
            self.line(start, end, kind)

    def circle(self, centre: Point, radius: float, kind: int) -> None:
        steps = max(12, math.ceil(2 * math.pi * radius * 2))
        cx, cy = centre
        ring = [
            (
                cx + radius * math.cos(2 * math.pi * i / steps),
                cy + radius * math.sin(2 * math.pi * i / steps),
            )
            for i in range(steps + 1)
        ]
        self.polyline(ring, kind)

    def cells(self, mirrored: bool) -> tuple[tuple[Run, ...], ...]:
        """The dots as braille cells, row by row, in runs of person or props."""
        lines: list[tuple[Run, ...]] = []
        for top in range(0, self.dot_rows, 4):
            block = self.dots[top : top + 4]
            if mirrored:
                block = [row[::-1] for row in block]
            runs: list[Run] = []
            text: list[str] = []
            person = False
            for column in range(0, self.columns, 2):
                bits, kind = 0, 0
                for dy, row in enumerate(block):
                    for dx in (0, 1):
                        if row[column + dx]:
                            bits |= _DOT_BITS[dy][dx]
                            kind = max(kind, row[column + dx])
                # A blank cell joins the run it is in; a drawn one may start a new run.
                if bits and (kind == _PERSON) != person:
                    if text:
                        runs.append(Run("".join(text), person))
                        text = []
                    person = kind == _PERSON
                text.append(chr(_BRAILLE + bits) if bits else " ")
            runs.append(Run("".join(text), person))
            lines.append(tuple(runs))
        return tuple(lines)


def _line_dots(start: Point, end: Point) -> Iterator[tuple[int, int]]:
    """The dots of a straight line (Bresenham), both ends included."""
    x0, y0 = round(start[0]), round(start[1])
    x1, y1 = round(end[0]), round(end[1])
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    step_x = 1 if x0 < x1 else -1
    step_y = 1 if y0 < y1 else -1
    error = dx + dy
    while True:
        yield x0, y0
        if x0 == x1 and y0 == y1:
            return
        twice = 2 * error
        if twice >= dy:
            error += dy
            x0 += step_x
        if twice <= dx:
            error += dx
            y0 += step_y


def _curve(start: Point, middle: Point, end: Point, segments: int = 8) -> list[Point]:
    """A smooth curve from `start` to `end` that passes through `middle` halfway."""
    control = (
        2 * middle[0] - (start[0] + end[0]) / 2,
        2 * middle[1] - (start[1] + end[1]) / 2,
    )
    points: list[Point] = []
    for step in range(segments + 1):
        t = step / segments
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
        points.append(
            (
                a * start[0] + b * control[0] + c * end[0],
                a * start[1] + b * control[1] + c * end[1],
            )
        )
    return points


def render(pose: Pose, width: int, height: int, mirrored: bool = False) -> Drawing:
    """Draw `pose` into `height` rows of `width` cells, as large as fits without
    stretching (a braille dot is about as wide as it is tall), standing on the bottom
    row when the figure has a floor and centred across. `mirrored` flips it left to
    right: the same exercise on the other side."""
    width, height = max(width, 0), max(height, 0)
    canvas = _Canvas(width, height)
    if width and height:
        _draw(canvas, pose)
    return Drawing(canvas.cells(mirrored))


def _draw(canvas: _Canvas, pose: Pose) -> None:
    figure = pose.figure
    box = extent(figure)
    span_x = max(box.right - box.left, 1.0)
    span_y = max(box.top - box.bottom, 1.0)
    room_x, room_y = canvas.columns - 1, canvas.dot_rows - 1
    scale = min(room_x / span_x, room_y / span_y)
    offset_x = (room_x - span_x * scale) / 2
    offset_y = 0.0 if figure.has_floor else (room_y - span_y * scale) / 2

    def at(point: Point) -> Point:
        # Measured up from the bottom row, so a taller canvas only adds rows on top.
        return (
            offset_x + (point[0] - box.left) * scale,
            offset_y + (point[1] - box.bottom) * scale,
        )

    if figure.has_floor:
        canvas.line((0, 0), (room_x, 0), _PROP)
    if figure.wall is not None:
        canvas.line(at((figure.wall, 0.0)), at((figure.wall, box.top)), _PROP)
    if figure.chair is not None:
        chair = figure.chair
        back, front = at((chair.back, chair.seat)), at((chair.front, chair.seat))
        canvas.line(back, front, _PROP)
        for x in (chair.back, chair.front):
            canvas.line(at((x, chair.seat)), at((x, 0.0)), _PROP)
        if figure.view == "side":
            canvas.line(back, at((chair.back, chair.seat + CHAIR_BACK)), _PROP)

    points = {name: at(point) for name, point in pose.points.items()}
    if len(figure.strap) == 2:
        canvas.line(points[figure.strap[0]], points[figure.strap[1]], _PROP, every=STRAP_GAP)

    head, shoulder, hip = points["head"], points["shoulder"], points["hip"]
    radius = max(HEAD_RADIUS * scale, 1.0)
    canvas.circle(head, radius, _PERSON)
    # The neck stops at the head's outline.
    distance = math.dist(head, shoulder)
    if distance > radius:
        ratio = radius / distance
        edge = (
            head[0] + (shoulder[0] - head[0]) * ratio,
            head[1] + (shoulder[1] - head[1]) * ratio,
        )
        canvas.line(shoulder, edge, _PERSON)
    if "back" in points:
        canvas.polyline(_curve(shoulder, points["back"], hip), _PERSON)
    else:
        canvas.line(shoulder, hip, _PERSON)
    for side in SIDES:
        for root, parts in (("shoulder", ("elbow", "hand")), ("hip", ("knee", "ankle", "foot"))):
            # A limb hangs from its own side's shoulder or hip when given, else the trunk's.
            names = (root, f"{side}_{root}", *(f"{side}_{part}" for part in parts))
            canvas.polyline([points[name] for name in names if name in points], _PERSON)


def render_start_end(figure: Figure, width: int, height: int, mirrored: bool = False) -> Drawing:
    """The start and the end position side by side in `width` cells, an arrow between
    them; a figure of one keyframe is drawn once."""
    poses = figure.poses
    if len(poses) == 1:
        return render(poses[0], width, height, mirrored)
    each = pair_width(width)
    first, last = (render(pose, each, height, mirrored) for pose in (poses[0], poses[-1]))
    middle = _middle_row(first, last)
    gap = [Run(" → " if row == middle else " " * PAIR_GAP, False) for row in range(height)]
    lines = zip(first.lines, gap, last.lines, strict=True)
    return Drawing(tuple((*left, arrow, *right) for left, arrow, right in lines))


def _middle_row(*drawings: Drawing) -> int:
    """The row halfway down what the drawings have in common, for the arrow between them."""
    drawn = [{row for row, text in enumerate(drawing.rows) if text.strip()} for drawing in drawings]
    rows = sorted(set.intersection(*drawn) or set.union(*drawn)) or [len(drawings[0].rows) // 2]
    return (rows[0] + rows[-1] + 1) // 2


__all__ = [
    "BOX",
    "HELD_PHASE",
    "JOINTS",
    "MAX_FRAMES",
    "PAIR_GAP",
    "VIEWS",
    "Box",
    "Chair",
    "Drawing",
    "Figure",
    "Pose",
    "Run",
    "extent",
    "frame_at",
    "pair_width",
    "render",
    "render_start_end",
    "rep_phase",
    "rows_to_fill",
]
