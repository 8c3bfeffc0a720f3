"""The same moves in every list and scrolling pane: ↑↓ or j k, Home End or g G.

Lists built on OptionList use `KeyList` (key_list.py). For every other focusable pane (the
catalogue's list, a detail that scrolls), the app and every dialog bind j k g G to
`navigate`, which moves whatever has focus, so the keys mean the same wherever one is.
Imported at start-up (the app's bindings), so it imports no widget.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

NAVIGATION_HELP = "↑↓ or j k move · g G first/last · PgUp PgDn page · enter open · tab next pane"

#: For the app and dialogs: j k g G move whatever pane has focus.
NAVIGATION_BINDINGS = [
    Binding("j", "navigate('down')", "Down", show=False),
    Binding("k", "navigate('up')", "Up", show=False),
    Binding("g", "navigate('first')", "First", show=False),
    Binding("G", "navigate('last')", "Last", show=False),
]


def navigate(widget: Widget | None, how: str) -> None:
    """Move `widget`'s cursor, or scroll it, one row down or up, or to the first or last."""
    if widget is None:
        return
    jump = getattr(widget, "action_jump", None)  # the catalogue's exercise list
    cursor = getattr(widget, "action_cursor", None)
    first = getattr(widget, "action_first", None)  # OptionList and its kind
    if jump is not None and cursor is not None:
        if how in {"first", "last"}:
            jump(0 if how == "first" else -1)
        else:
            cursor(1 if how == "down" else -1)
    elif first is not None:
        moves = {
            "down": widget.action_cursor_down,  # type: ignore[attr-defined]
            "up": widget.action_cursor_up,  # type: ignore[attr-defined]
            "first": first,
            "last": widget.action_last,  # type: ignore[attr-defined]
        }
        moves[how]()
    elif widget.allow_vertical_scroll:
        if how == "first":
            widget.scroll_home(animate=False)
        elif how == "last":
            widget.scroll_end(animate=False)
        else:
            widget.scroll_relative(y=1 if how == "down" else -1, animate=False)
