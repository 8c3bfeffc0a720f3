"""A footer drawn as one line of text.

Textual's Footer mounts a widget per key and rebuilds them all whenever bindings change;
that cost a measured 35 ms at start-up and work after every keystroke. Unknot is used
from the keyboard, so the keys need not be clickable: one line, repainted only when the
screen's bindings change, does the job.
"""

from __future__ import annotations

from textual.content import Content
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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Content:
        app = self.app
        active = self.screen.active_bindings
        parts: list[Content | str | tuple[str, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key_display or app.get_key_display(binding)
            style = "bold $footer-key-foreground" if enabled else "$text-disabled"
            parts += [
                (f" {key} ", style),
                (binding.description, "" if enabled else "$text-disabled"),
                " ",
            ]
        keys = Content.assemble(*parts)
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if not app.ENABLE_COMMAND_PALETTE or palette is None:
            return keys
        # The palette key stays at the right edge; the others give way if space is short.
        hint = Content.assemble(
            ("▏", "$text-disabled"),
            (app.get_key_display(palette.binding), "bold $footer-key-foreground"),
            " palette ",
        )
        room = max(0, self.size.width - hint.cell_length)
        return keys.truncate(room, ellipsis=True, pad=True) + hint
