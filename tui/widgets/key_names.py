"""The keys as the person sees them: after their keymap, in Textual's short form ("^s").

The key bar, help and the palette read the keys from the bindings Textual resolves; the
mode bar and the dialogs' key lines name keys in text, and ask here, so they show the key
the person has bound, never one that does something else.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode

HINT_STYLE = "$text-muted"


def bound_key(node: DOMNode, binding_id: str) -> str | None:
    """The first key (as shown) of binding `binding_id` of `node`'s class, after the
    person's keymap (`app.keymap`); None if the class has no such binding."""
    for cls in type(node).__mro__:
        for binding in getattr(cls, "BINDINGS", None) or []:
            if not isinstance(binding, Binding) or binding.id != binding_id:
                continue
            keymap: dict[str, str] = getattr(node.app, "keymap", {})
            key = keymap.get(binding_id, "").split(",")[0].strip()
            shown = binding.with_key(key, key_display=None) if key else binding
            first = next(iter(Binding.make_bindings([shown])))
            return node.app.get_key_display(first)
    return None


def app_key(node: DOMNode, binding_id: str) -> str:
    """The person's key for one of the app's own bindings ("app.history"), to name it in a
    sentence; "?" if there is none."""
    return bound_key(node.app, binding_id) or "?"


def key_hints(node: DOMNode, *hints: tuple[str, str]) -> Content:
    """A line of keys, such as a dialog's foot: "tab next field · ^s save · esc cancel".

    Each hint is (binding id or plain key, what it does); a binding id (it has a dot)
    shows the key the person has bound to it.
    """
    parts = []
    for key_or_id, label in hints:
        key = bound_key(node, key_or_id) if "." in key_or_id else None
        parts.append(f"{key or key_or_id} {label}")
    return Content.styled(" · ".join(parts), HINT_STYLE)
