"""A widget showing text items with a hanging indent (see text_items)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.widgets.text_items import Item, wrap_items


class HangingText(Widget):
    """Items shown one per line, wrapped to the widget's width with a hanging indent."""

    DEFAULT_CSS = """
    HangingText { height: auto; }
    """

    def __init__(
        self, items: Iterable[Item] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Item] = list(items)
        """What is shown: a prefix and its text per line, before wrapping."""

    def update(self, items: Iterable[Item]) -> None:
        """Show `items` instead, resizing to fit them."""
        self.items = list(items)
        self.refresh(layout=True)

    def render(self) -> Content:
        return wrap_items(self.items, self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Lines without a prefix are left for Textual to wrap: measure as it will render.
        return wrap_items(self.items, width).get_height(self.styles, width)
