"""A row that is laid out for the width it is given, as a Visual (for an OptionList).

An OptionList wraps a prompt that is too wide; a table-like row should instead choose
what to show at that width (shorter dates, fewer columns) and stay on one line.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

#: The width `str()` and the optimal width are worked out at: every column shown.
ROOMY = 200


class OneLine(Visual):
    """One line of text built by `build(width)` each time the width changes."""

    def __init__(self, build: Callable[[int], Content]) -> None:
        self.build = build
        """Makes the line for a width; it should fit, and is cut with … if it does not."""
        self._built: tuple[int, Content] | None = None

    def line(self, width: int) -> Content:
        """The line as shown at `width` cells."""
        if self._built is None or self._built[0] != width:
            line = self.build(width)
            if line.cell_length > width:
                line = line.truncate(width, ellipsis=True)
            self._built = (width, line)
        return self._built[1]

    def __str__(self) -> str:
        return self.line(ROOMY).plain.rstrip()

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:  # a list squeezed to nothing
            return []
        return self.line(width).render_strips(width, 1, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.build(ROOMY).cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1
