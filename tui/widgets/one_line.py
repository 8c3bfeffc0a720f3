"""Text laid out for the width it is given, as Visuals: Textual asks a Visual for its
height at a width and then renders it at that width, so the layout and what is drawn
always agree (a widget reading its own size in `render` sees the size before a resize).

`OneLine`: a table-like row that chooses what to show at its width (shorter dates, fewer
columns) and stays on one line, where an OptionList would wrap it.
`Packed`: short fields ("Area: hips") in as few lines as fit, never broken inside one.
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


def pack(fields: list[Content], width: int, gap: str = "  ") -> list[Content]:
    """`fields` in lines of at most `width` cells, never breaking inside one."""
    lines: list[Content] = []
    for field in fields:
        if lines and lines[-1].cell_length + len(gap) + field.cell_length <= width:
            lines[-1] = lines[-1] + gap + field
        else:
            lines.append(field)
    return lines


class Packed(Visual):
    """Fields packed into lines at the width given; `fallback` (fewer fields) is used
    when all of them would take more than `most_lines`."""

    def __init__(self, fields: list[Content], fallback: list[Content], most_lines: int) -> None:
        self.fields = fields
        self.fallback = fallback
        self.most_lines = most_lines

    def lines(self, width: int) -> list[Content]:
        """The lines shown at `width` cells."""
        lines = pack(self.fields, width)
        return lines if len(lines) <= self.most_lines else pack(self.fallback, width)

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self.lines(ROOMY))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:
            return []
        text = Content("\n").join(self.lines(width))
        return text.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.lines(ROOMY)[0].cell_length if self.fields else 0

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width)) if width > 0 else 0
