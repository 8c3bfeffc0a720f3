"""A one-line progress meter that repaints only the cells that fill.

Textual's `ProgressBar` redraws its line every second (an ETA timer runs even when the
ETA is hidden) and draws with three-byte box characters. Over SSH during a long hold
that is most of what the app writes. This meter draws with spaces on two background
colours (one byte a cell) and repaints only when the number of filled cells changes, so a
2-minute hold on a 76-cell bar repaints it about every 1.6 seconds.

It is made of a few parts side by side, because Textual writes a changed line from the
start of the widget it is in: in one widget, the cell filling at the end of a 200-cell bar
would rewrite all 200 cells; in parts, only those of the part it is in, up to that cell.
"""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

#: Parts a meter is made of.
PARTS = 8
REVERSE = Style(reverse=True)


class MeterPart(Widget):
    """A stretch of a meter: `filled` of its cells are filled."""

    DEFAULT_CSS = """
    MeterPart {
        width: 1fr;
        height: 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filled = 0
        """Cells filled, from the left."""

    def fill(self, cells: int) -> None:
        """Fill `cells` cells (clamped to the part), repainting only those that change."""
        cells = max(0, min(cells, self.size.width))
        if cells != self.filled:
            low, high = sorted((cells, self.filled))
            self.filled = cells
            self.refresh(Region(low, 0, high - low, 1))

    def render_line(self, y: int) -> Strip:
        # Segments, not Content: a step change empties both meters, and going through
        # Content (a visual, wrapping, styling) cost more than all the clock's cells.
        width = self.size.width
        cells = max(0, min(self.filled, width))
        style = self.rich_style
        segments = [Segment(" " * cells, style + REVERSE)] if cells else []
        if width > cells:
            segments.append(Segment(" " * (width - cells), style))
        return Strip(segments, width)


class Meter(Widget):
    """How far through something, as a bar of filled cells."""

    # The filled part is drawn in `color`, the rest in `background`.
    DEFAULT_CSS = """
    Meter {
        layout: horizontal;
        width: 1fr;
        height: 1;
        color: $primary;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0
        self._parts = [MeterPart() for _ in range(PARTS)]

    def compose(self) -> ComposeResult:
        yield from self._parts

    @property
    def fraction(self) -> float:
        """How far through, from 0 to 1."""
        return self._fraction

    @fraction.setter
    def fraction(self, value: float) -> None:
        self._fraction = min(1.0, max(0.0, value)) if math.isfinite(value) else 0.0
        self._fill()

    @property
    def filled(self) -> int:
        """Cells filled in all."""
        return sum(part.filled for part in self._parts)

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        cells = int(self._fraction * self.size.width + 1e-9)
        start = self.content_region.x
        for part in self._parts:  # not a DOM query each second
            part.fill(cells - (part.region.x - start))


__all__ = ["Meter", "MeterPart"]
