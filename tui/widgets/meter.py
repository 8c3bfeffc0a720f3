"""A one-line progress meter that repaints only when a whole cell fills.

Textual's `ProgressBar` redraws its line every second (an ETA timer runs even when the
ETA is hidden) and draws with three-byte box characters. Over SSH during a long hold
that is most of what the app writes. This meter draws with spaces on two background
colours (one byte a cell) and asks for a repaint only when the number of filled cells
changes, so a 2-minute hold on a 76-cell bar repaints it about every 1.6 seconds, and
then only the cells that changed.
"""

from __future__ import annotations

import math

from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget


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
        self._shown_cells: int | None = None

    @property
    def fraction(self) -> float:
        """How far through, from 0 to 1."""
        return self._fraction

    @fraction.setter
    def fraction(self, value: float) -> None:
        self._fraction = min(1.0, max(0.0, value)) if math.isfinite(value) else 0.0
        cells, shown = self._cells(self.size.width), self._shown_cells
        if cells == shown:
            return
        if shown is None:
            self.refresh()
        else:
            # Only the cells that filled or emptied: a wide bar costs no more than a narrow one.
            self.refresh(Region(min(cells, shown), 0, abs(cells - shown), 1))

    def _cells(self, width: int) -> int:
        return int(self._fraction * width + 1e-9)

    def render(self) -> Content:
        width = self.size.width
        cells = self._cells(width)
        self._shown_cells = cells
        return Content.assemble((" " * cells, "reverse"), " " * (width - cells))
