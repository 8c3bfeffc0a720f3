"""Every keyed action of a screen, for the command palette and the help screen.

Only bindings with an id are ours; Textual's own (scrolling, cursor movement) stay out.
Collected from the app, the screen and every widget on it, not only the focused one, so
the palette and help offer what the screen can do whatever has focus.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.actions import parse
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class KeyCommand:
    """One action with all the keys bound to it."""

    title: str
    """Name in the palette, e.g. "routines: add"."""
    help: str
    """What it does, in a sentence."""
    keys: str
    """The keys as shown to the person, e.g. "x delete"."""
    action: str
    """The action string to run."""
    node: DOMNode
    """Where the binding lives (the action's default namespace)."""
    enabled: bool
    """Whether it applies now (check_action said yes)."""


def _enabled(app: App[object], screen: Screen[object], node: DOMNode, action: str) -> bool:
    namespace, name, parameters = parse(action)
    target = {"app": app, "screen": screen}.get(namespace, node) if namespace else node
    return target.check_action(name, parameters) is True


def screen_commands(screen: Screen[object]) -> list[KeyCommand]:
    """The id'd key actions of the app, `screen` and its widgets, one per binding id."""
    app = screen.app
    nodes: list[DOMNode] = [screen, *screen.query("*"), app]
    keys: dict[str, list[str]] = {}
    first: dict[str, tuple[Binding, DOMNode]] = {}
    for node in nodes:
        for binding in Binding.make_bindings(getattr(node, "BINDINGS", [])):
            if binding.id is None or not binding.description:
                continue
            shown = binding.key_display or app.get_key_display(binding)
            if shown not in keys.setdefault(binding.id, []):
                keys[binding.id].append(shown)
            first.setdefault(binding.id, (binding, node))
    commands = []
    for binding_id, (binding, node) in first.items():
        group = binding_id.split(".", 1)[0]
        commands.append(
            KeyCommand(
                title=f"{group}: {binding.description.lower()}",
                help=binding.tooltip or binding.description,
                keys=" ".join(keys[binding_id]),
                action=binding.action,
                node=node,
                enabled=_enabled(app, screen, node, binding.action),
            )
        )
    return commands
