"""Every keyed action of a screen, for the command palette and the help screen.

Only bindings with an id are ours; Textual's own (scrolling, cursor movement) stay out.
Collected from the app, the screen and every widget on it, not only the focused one, so
the palette offers what the screen can do whatever has focus; help says where a key works
when that is not where the person is now. Keys are shown as the person has bound them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.actions import parse
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

#: The palette's names, "Area: what it does" in the person's words, by binding id.
#: A binding not named here is called "<Area>: <its key bar label>".
TITLES = {
    "app.exercises": "Go to: Exercises",
    "app.routines": "Go to: Routines",
    "app.history": "Go to: History",
    "app.help": "Help: keys on this screen",
    "app.settings": "Settings: signal, get-ready time, theme",
    "app.quit": "Unknot: quit",
    "catalogue.search": "Exercises: search",
    "catalogue.filter": "Exercises: choose a filter",
    "catalogue.category": "Exercises: filter by category",
    "catalogue.area": "Exercises: filter by body area",
    "catalogue.position": "Exercises: filter by position",
    "catalogue.equipment": "Exercises: filter by equipment",
    "catalogue.add_to_routine": "Exercises: add to a routine",
    "catalogue.clear": "Exercises: clear search and filters",
    "catalogue.guidance": "Exercises: how to stretch safely",
    "routines.new": "Routines: new routine",
    "routines.add": "Routines: add exercises",
    "routines.start": "Routines: start a session",
    "routines.undo": "Routines: undo the last change",
    "routines.rename": "Routines: rename routine",
    "routines.duplicate": "Routines: duplicate routine",
    "routines.delete": "Routines: delete routine",
    "routines.edit": "Routines: edit dosage and note",
    "routines.move_up": "Routines: move exercise earlier",
    "routines.move_down": "Routines: move exercise later",
    "routines.remove": "Routines: remove exercise",
    "history.details": "History: read the session's details",
    "history.reload": "History: read it again",
}

AREAS = {
    "app": "Unknot",
    "catalogue": "Exercises",
    "routines": "Routines",
    "history": "History",
    "session": "Session",
}

#: Textual's own commands, renamed into the same words and listed after ours.
TEXTUAL_TITLES: dict[str, tuple[str, str]] = {
    "Theme": ("Display: colour theme", "Choose a colour theme; it is remembered"),
    "Keys": ("Display: key panel", ""),
    "Maximize": ("Display: maximize the focused pane", ""),
    "Minimize": ("Display: restore the pane", ""),
    "Screenshot": ("Display: save a screenshot", "Save the screen as an SVG picture"),
}


@dataclass(frozen=True)
class KeyCommand:
    """One action with all the keys bound to it."""

    title: str
    """Name in the palette, e.g. "Routines: new routine"."""
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
    where: str | None = None
    """Where on the screen its keys work, when not from where the focus is now."""


def _enabled(app: App[object], screen: Screen[object], node: DOMNode, action: str) -> bool:
    namespace, name, parameters = parse(action)
    target = {"app": app, "screen": screen}.get(namespace, node) if namespace else node
    return target.check_action(name, parameters) is True


def title_of(binding: Binding) -> str:
    """The palette's name for `binding` (which has an id)."""
    assert binding.id is not None
    if binding.id in TITLES:
        return TITLES[binding.id]
    group = binding.id.split(".", 1)[0]
    return f"{AREAS.get(group, group.capitalize())}: {binding.description.lower()}"


def shown_keys(app: App[object], binding: Binding) -> list[str]:
    """The keys of `binding` as shown, after the person's keymap (`app.keymap`)."""
    keymap: dict[str, str] = getattr(app, "keymap", {})
    if binding.id in keymap:
        binding = binding.with_key(keymap[binding.id], key_display=None)
    if binding.key_display:
        return [binding.key_display]
    return [app.get_key_display(key) for key in Binding.make_bindings([binding])]


def screen_commands(screen: Screen[object]) -> list[KeyCommand]:
    """The id'd key actions of the app, `screen` and its widgets, one per binding id."""
    app = screen.app
    nodes: list[DOMNode] = [screen, *screen.query("*"), app]
    focused = screen.focused
    here = {screen, app, *(focused.ancestors_with_self if focused else ())}
    keys: dict[str, list[str]] = {}
    first: dict[str, tuple[Binding, DOMNode]] = {}
    for node in nodes:
        for binding in getattr(node, "BINDINGS", None) or []:
            if not isinstance(binding, Binding) or binding.id is None or not binding.description:
                continue
            for shown in shown_keys(app, binding):
                if shown not in keys.setdefault(binding.id, []):
                    keys[binding.id].append(shown)
            first.setdefault(binding.id, (binding, node))
    commands = []
    for binding_id, (binding, node) in first.items():
        where = None if node in here else getattr(node, "HELP_PLACE", None) or "elsewhere"
        commands.append(
            KeyCommand(
                title=title_of(binding),
                help=binding.tooltip or binding.description,
                keys=" ".join(keys[binding_id]),
                action=binding.action,
                node=node,
                enabled=_enabled(app, screen, node, binding.action),
                where=where,
            )
        )
    return commands
