"""Text items with a hanging indent (see text_items): as a Visual, and as a widget.

The Visual goes wherever Textual takes one (an OptionList's option, a Static), so a list
of routine exercises wraps each note and dosage line under its own text too.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from tui.widgets.text_items import Item, join_items, wrap_items


class Hanging(Visual):
    """Items, one per line, wrapped to the width they are given with a hanging indent."""

    def __init__(self, items: Iterable[Item]) -> None:
        self.items: list[Item] = list(items)
        """A prefix and its text per line, before wrapping."""
        self._wrapped: tuple[int, Content] | None = None

    def wrapped(self, width: int) -> Content:
        """The items wrapped to `width` cells (the last width is remembered)."""
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap_items(self.items, width))
        return self._wrapped[1]

    @property
    def plain(self) -> str:
        """The text without styles or wrapping."""
        return join_items(self.items).plain

    def __str__(self) -> str:
        return self.plain

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:  # a pane squeezed to nothing (Rich cannot wrap to 0 cells)
            return []
        return self.wrapped(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            (prefix.cell_length + text.cell_length for prefix, text in self.items), default=0
        )

    def get_minimal_width(self, rules: RulesMap) -> int:
        return join_items(self.items).get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        # Lines without a prefix are left for Textual to wrap: measure as it will render.
        return self.wrapped(width).get_height(rules, width) if width > 0 else 0


class HangingText(Widget):
    """Items shown one per line, wrapped to the widget's width with a hanging indent."""

    DEFAULT_CSS = """
    HangingText { height: auto; }
    """

    def __init__(
        self, items: Iterable[Item] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._visual = Hanging(items)

    @property
    def items(self) -> list[Item]:
        """What is shown: a prefix and its text per line, before wrapping."""
        return self._visual.items

    def update(self, items: Iterable[Item]) -> None:
        """Show `items` instead, resizing to fit them."""
        self._visual = Hanging(items)
        self.refresh(layout=True)

    def render(self) -> Hanging:
        return self._visual

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._visual.get_height(self.styles, width)
