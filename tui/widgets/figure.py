"""A stick figure of an exercise: places the cells `tui.core.figure` draws, nothing more.

It repaints only when what it shows changes (another figure, phase, side or size), never
on a clock tick: setting the same values again, or a phase that draws the same cells,
sends nothing to the terminal, and a new phase of the same figure repaints only the cells
that differ, a span a row (an arm that moves rewrites the rows of the arm). Bytes over
SSH are a budget.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.segment import Segment
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.core.figure import (
    Drawing,
    Figure,
    frame_at,
    pair_width,
    render,
    render_start_end,
    rows_to_fill,
)

#: Drawings a figure view keeps (see FigureView._recent): the poses of a repetition.
RECENT_DRAWINGS = 12


def changed_cells(before: Drawing, after: Drawing) -> list[Region] | None:
    """Where `after` differs from `before` (a cell's character or whether it is the
    person's), one span a row; None when their sizes differ."""
    old, new = _cells(before), _cells(after)
    if len(old) != len(new) or any(len(a) != len(b) for a, b in zip(old, new, strict=True)):
        return None
    spans: list[Region] = []
    for y, (was, now) in enumerate(zip(old, new, strict=True)):
        if was != now:
            differ = [x for x, (a, b) in enumerate(zip(was, now, strict=True)) if a != b]
            spans.append(Region(differ[0], y, differ[-1] - differ[0] + 1, 1))
    return spans


def _cells(drawing: Drawing) -> list[list[tuple[str, bool]]]:
    return [
        [(character, run.person) for run in line for character in run.text]
        for line in drawing.lines
    ]


class FigureView(Widget):
    """One exercise's stick figure, as large as its box allows without stretching.

    Its height is at most a share of the container's (see `rows_for`), less where the
    figure is too wide to use it all, and nothing where there is no room.
    With `start_and_end`, it shows the start and the end position side by side where
    each gets at least MIN_PAIR_CELLS across, else the pose at `phase`.
    """

    DEFAULT_CSS = """
    FigureView { height: auto; }
    FigureView > .figure--prop { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"figure--prop"}

    MIN_CONTAINER_ROWS = 18
    """Below this many rows of container, the figure is left out (the text needs them)."""
    MIN_WIDTH = 16
    """Below this many cells across, the figure is left out."""
    SHARE = 0.34
    """The share of the container's rows the figure takes."""
    MAX_ROWS = 14
    """The most rows it takes, however tall the container."""
    MIN_PAIR_CELLS = 26
    """How wide each of the start and end drawings must be to be shown side by side."""

    figure: reactive[Figure | None] = reactive(None, layout=True)
    """The figure shown; None hides the widget."""
    phase: reactive[float] = reactive(0.0, layout=False, repaint=False)
    """Where between the start (0.0) and the end position (1.0): see `frame_at`."""
    mirrored: reactive[bool] = reactive(False, repaint=False)
    """Drawn for the other side (flipped left to right)."""

    def __init__(
        self, *, start_and_end: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.start_and_end = start_and_end
        """Show the start and the end position side by side where there is room."""
        self._drawing: Drawing | None = None
        self._drawn_for: tuple[object, ...] | None = None
        self._lines: list[Strip] = []
        self._recent: OrderedDict[tuple[object, ...], tuple[Figure, Drawing, list[Strip]]] = (
            OrderedDict()
        )
        """The last few drawings with their lines, by what they were drawn for: a session
        shows the same poses again at every repetition and step of an exercise."""

    @classmethod
    def rows_for(cls, container: Size) -> int:
        """How many rows the figure takes in a container this size (0: none)."""
        if container.height < cls.MIN_CONTAINER_ROWS or container.width < cls.MIN_WIDTH:
            return 0
        return min(cls.MAX_ROWS, round(container.height * cls.SHARE))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.figure is None or width < self.MIN_WIDTH:
            return 0
        rows = self.rows_for(container)
        return min(rows, rows_to_fill(self.figure, self._drawing_width(width))) if rows else 0

    def _paired(self, width: int) -> bool:
        return self.start_and_end and pair_width(width) >= self.MIN_PAIR_CELLS

    def _drawing_width(self, width: int) -> int:
        """How wide each drawing is: the whole width, or half of it for a pair."""
        return pair_width(width) if self._paired(width) else width

    def show(self, figure: Figure | None, phase: float = 0.0, mirrored: bool = False) -> None:
        """Show `figure` at `phase`, mirrored or not, drawing once (setting the three
        reactives one by one would draw up to three times)."""
        resized = figure != self.figure
        self.set_reactive(FigureView.figure, figure)
        self.set_reactive(FigureView.phase, phase)
        self.set_reactive(FigureView.mirrored, mirrored)
        if resized:
            self.refresh(layout=True)  # another figure may want another height
        self._update()

    def watch_figure(self) -> None:
        self._update()

    def watch_phase(self) -> None:
        self._update()

    def watch_mirrored(self) -> None:
        self._update()

    def on_resize(self) -> None:
        self._update()

    def notify_style_update(self) -> None:
        # The lines carry the theme's colours: build them again.
        self._drawn_for = self._drawing = None
        self._lines = []
        self._recent.clear()
        self._update()
        super().notify_style_update()

    def _update(self) -> None:
        """Draw again if the figure, phase, side or size changed; repaint only when the
        cells did."""
        width, height = self.size
        key = (self.figure, self.phase, self.mirrored, width, height)
        if key == self._drawn_for:
            return
        self._drawn_for = key
        if self.figure is None or not width or not height:
            drawing, lines = None, []
        else:
            # By the figure's identity (figures are not hashable), checked on the way out.
            recent_key = (id(self.figure), *key[1:])
            recent = self._recent.get(recent_key)
            if recent is not None and recent[0] is self.figure:
                self._recent.move_to_end(recent_key)
                _, drawing, lines = recent
            else:
                if self._paired(width):
                    drawing = render_start_end(self.figure, width, height, self.mirrored)
                else:
                    pose = frame_at(self.figure, self.phase)
                    drawing = render(pose, width, height, mirrored=self.mirrored)
                lines = self._strips(drawing)
                self._recent[recent_key] = (self.figure, drawing, lines)
                if len(self._recent) > RECENT_DRAWINGS:
                    self._recent.popitem(last=False)
        if drawing == self._drawing:
            return
        before, self._drawing = self._drawing, drawing
        self._lines = lines
        spans = None if before is None or drawing is None else changed_cells(before, drawing)
        if spans is None:
            self.refresh()
        elif spans:
            self.refresh(*spans)

    def _strips(self, drawing: Drawing) -> list[Strip]:
        person = self.visual_style.rich_style
        prop = self.get_component_rich_style("figure--prop")
        return [
            Strip([Segment(run.text, person if run.person else prop) for run in line])
            for line in drawing.lines
        ]

    def render_line(self, y: int) -> Strip:
        if self._drawn_for is None:
            self._update()
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)
