"""One line at the top naming the app's areas and the key for each; a click goes there."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static

from tui.widgets.key_names import bound_key

#: (binding id, mode, label) of each area, in order; the key is the binding's.
MODES: tuple[tuple[str, str, str], ...] = (
    ("app.today", "today", "Today"),
    ("app.exercises", "catalogue", "Exercises"),
    ("app.routines", "routines", "Routines"),
    ("app.history", "history", "History"),
    ("app.progress", "progress", "Progress"),
)


class ModeBar(Static):
    """Shows the areas with their keys, the current one highlighted; areas are clickable."""

    DEFAULT_CSS = """
    ModeBar { dock: top; height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current
        self._targets: list[tuple[int, int, str]] = []
        """(first cell, cell after, action) of each clickable area, as last drawn."""

    def on_mount(self) -> None:
        # A keymap applied after start-up changes the keys shown.
        self.screen.bindings_updated_signal.subscribe(self, lambda _: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def render(self) -> Content:
        # Everything if it fits; else without the app's name, then without "Settings".
        width = self.content_size.width
        for brand, settings_label in ((True, True), (False, True), (False, False)):
            line, targets = self._line(brand, settings_label)
            if line.cell_length <= width:
                break
        self._targets = targets
        return line

    def _line(
        self, brand: bool, settings_label: bool
    ) -> tuple[Content, list[tuple[int, int, str]]]:
        app = self.app
        parts: list[Content] = [Content.styled("Unknot", "bold $accent") + "  "] if brand else []
        targets: list[tuple[int, int, str]] = []
        at = sum(part.cell_length for part in parts)
        items = [(i, f"switch_mode('{mode}')", label, mode) for i, mode, label in MODES]
        items.append(("app.settings", "settings", "Settings" if settings_label else "", ""))
        for binding_id, action, label, mode in items:
            key = bound_key(app, binding_id) or "?"
            if mode and mode == self.current:
                piece = Content.styled(f" {key} {label} ", "bold reverse")
            else:
                piece = Content.assemble((f" {key}", "bold $accent"), (f" {label} ", "$text-muted"))
            if not mode:
                piece = Content(" ") + piece
            targets.append((at, at + piece.cell_length, action))
            at += piece.cell_length
            parts.append(piece)
        return Content("").join(parts), targets

    async def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for start, end, action in self._targets:
            if start <= x < end:
                # As the key would: run_action asks check_action (no leaving a session).
                await self.app.run_action(action, self.app)
                return
