"""A footer drawn as one line of text, each key clickable.

Textual's Footer mounts a widget per key and rebuilds them all whenever bindings change;
that cost a measured 35 ms at start-up and work after every keystroke. Here one line,
repainted only when the screen's bindings change, does the job; a click runs the action
of the key under the pointer, as pressing it would.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """The keys that apply now, with their names, and the command palette key."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._targets: list[tuple[int, int, DOMNode, Binding]] = []
        """(first cell, cell after, node, binding) of each key shown, as last drawn."""
        self._drawn: tuple[tuple[Binding, bool, int], ...] | None = None
        """What the bindings were when the bar was last asked to repaint (see _shown)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # Repainted only when what it shows changes: a session refreshes its bindings at
        # every step, when the keys shown mostly stay the same.
        shown = self._shown()
        if shown != self._drawn:
            self._drawn = shown
            self.refresh()

    def _shown(self) -> tuple[tuple[Binding, bool, int], ...]:
        """What the bar is drawn from: (binding, enabled, node) per binding it may show,
        the palette's among them (a Binding compares every field: key, display, action)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (binding, enabled, id(node))
            for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items()
            if (binding.show and binding.description) or key == palette
        )

    def render(self) -> Content:
        app = self.app
        active = self.screen.active_bindings
        parts: list[Content | str | tuple[str, str]] = []
        targets: list[tuple[int, int, DOMNode, Binding]] = []
        at = 0
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in active.values():
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key_display or app.get_key_display(binding)
            style = "bold $footer-key-foreground" if enabled else "$text-disabled"
            piece = Content.assemble(
                (f" {key} ", style), (binding.description, "" if enabled else "$text-disabled"), " "
            )
            if enabled:
                targets.append((at, at + piece.cell_length, node, binding))
            at += piece.cell_length
            parts.append(piece)
        keys = Content.assemble(*parts)
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if not app.ENABLE_COMMAND_PALETTE or palette is None:
            self._targets = targets
            return keys
        # The palette key stays at the right edge; the others give way if space is short.
        hint = Content.assemble(
            ("▏", "$text-disabled"),
            (app.get_key_display(palette.binding), "bold $footer-key-foreground"),
            " palette ",
        )
        room = max(0, self.size.width - hint.cell_length)
        # A key cut off at the edge (the ellipsis takes the last cell) is not clickable.
        edge = room if keys.cell_length <= room else room - 1
        targets = [target for target in targets if target[1] <= edge]
        targets.append((room, room + hint.cell_length, palette.node, palette.binding))
        self._targets = targets
        return keys.truncate(room, ellipsis=True, pad=True) + hint

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, binding in self._targets:
            if start <= event.x < end:
                # The binding's own action where it is bound, as the key would run it.
                await self.app.run_action(binding.action, node)
                return
