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

    def update(self, items: Iterable[Item]) -> None:
        self.items = list(items)
        self.refresh(layout=True)

    def render(self) -> Content:
        return wrap_items(self.items, self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return wrap_items(self.items, width).plain.count("\n") + 1
