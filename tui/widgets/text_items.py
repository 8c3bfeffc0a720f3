"""Text in items, each a prefix ("  1. ", "  • ") and its text, wrapped with a hanging indent.

Kept apart from the HangingText widget: the catalogue's detail pane wraps items itself,
and start-up need not define a widget class it does not show.

Textual wraps a line back to the left margin, so a long numbered step carries on under
its number. Here a wrapped line carries on under its text, so steps, cautions and
bullets still read as a list in a narrow pane.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

Item = tuple[Content, Content]
"""A prefix, and the text that follows it (and wraps under itself)."""

NO_PREFIX = Content("")
INDENT = Content("  ")
NARROWEST = 12
"""Below this many cells left for the text, lines wrap to the margin instead."""


def join_items(items: Iterable[Item]) -> Content:
    """The items as one text, unwrapped."""
    return Content("\n").join(prefix + text for prefix, text in items)


def wrap_items(items: Iterable[Item], width: int) -> Content:
    """The items wrapped to `width` cells, continuation lines indented under their text."""
    lines: list[Content] = []
    for prefix, text in items:
        indent = prefix.cell_length
        if not indent or width - indent < NARROWEST or text.cell_length <= width - indent:
            lines.append(prefix + text)  # Textual wraps it, if at all, as it should
            continue
        first, *rest = text.wrap(width - indent) or [Content("")]
        lines.append(prefix + first)
        lines += [Content(" " * indent) + line for line in rest]
    return Content("\n").join(lines)
