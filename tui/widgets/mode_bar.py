"""One line at the top naming the app's areas and the key for each."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

MODES: tuple[tuple[str, str, str], ...] = (
    ("1", "today", "Today"),
    ("2", "catalogue", "Exercises"),
    ("3", "routines", "Routines"),
    ("4", "history", "History"),
    ("5", "progress", "Progress"),
)


class ModeBar(Static):
    """Shows the areas with their keys, the current one highlighted."""

    DEFAULT_CSS = """
    ModeBar { dock: top; height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Content:
        parts: list[Content | str | tuple[str, str]] = [("Unknot", "bold $accent"), "  "]
        for key, mode, label in MODES:
            if mode == self.current:
                parts.append((f" {key} {label} ", "bold reverse"))
            else:
                parts += [(f" {key}", "bold $accent"), (f" {label} ", "$text-muted")]
        parts += ["  ", (" o", "bold $accent"), (" Settings", "$text-muted")]
        return Content.assemble(*parts)
