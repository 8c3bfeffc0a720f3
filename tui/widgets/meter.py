"""A one-line progress meter that repaints only the cells that fill.

Textual's `ProgressBar` redraws its line every second (an ETA timer runs even when the
ETA is hidden) and draws with three-byte box characters. Over SSH during a long hold
that is most of what the app writes. This meter draws with spaces on two background
colours (one byte a cell) and repaints only the cells whose fill changed, so a 2-minute
hold on a 76-cell bar repaints one cell about every 1.6 seconds.
"""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

REVERSE = Style(reverse=True)


class Meter(Widget):
    """How far through something, as a bar of filled cells."""

    # The filled part is drawn in `color`, the rest in `background`.
    DEFAULT_CSS = """
    Meter {
        width: 1fr;
        height: 1;
        color: $primary;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0
        self._filled = 0

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
        """Cells filled."""
        return self._filled

    def on_resize(self) -> None:
        self._fill()
        self.refresh()

    def _fill(self) -> None:
        """Fill as many cells as the fraction says, repainting only those that change."""
        width = self.size.width
        cells = max(0, min(int(self._fraction * width + 1e-9), width))
        if cells != self._filled:
            low, high = sorted((cells, self._filled))
            self._filled = cells
            self.refresh(Region(low, 0, high - low, 1))

    def render_line(self, y: int) -> Strip:
        # Segments, not Content: a step change empties both meters, and going through
        # Content (a visual, wrapping, styling) cost more than all the clock's cells.
        width = self.size.width
        cells = max(0, min(self._filled, width))
        style = self.rich_style
        segments = [Segment(" " * cells, style + REVERSE)] if cells else []
        if width > cells:
            segments.append(Segment(" " * (width - cells), style))
        return Strip(segments, width)


__all__ = ["Meter"]
