"""An OptionList that moves like every other list in Unknot (see navigation.py)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyList(OptionList):
    """An OptionList that also moves with j k and jumps with g G."""

    HELP_PLACE: str | None = None
    """Where its keys work, for help ("a routine's exercises"); None: the list on its own."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]
