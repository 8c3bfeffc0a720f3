"""The person's own keys: `[keys]` in settings.toml, checked before the app uses them.

    [keys]
    "routines.new" = "N"            # a binding id (see docs/keys.md) = one or more keys
    "app.quit" = "ctrl+q,q"

An entry is used only if its id exists and its keys are keys; a key that another action
already has where the binding works (its "chain": the app, the screen, the focused widget)
is a conflict. Every entry that cannot be used is named in one sentence, and its binding
keeps the default keys. Keys arrive normalised ("?" is "question_mark"), as Textual names them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bound:
    """One binding as the app defines it."""

    id: str | None
    """Its id, which a keymap names; None: a fixed key (list movement, say)."""
    keys: tuple[str, ...]
    """Its default keys."""
    description: str = ""
    """What it does, to name it in a message."""


@dataclass
class KeymapCheck:
    """What of the person's keymap can be used."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id to keys ("a,b"), the entries that can be used."""
    problems: list[str] = field(default_factory=list)
    """One sentence per entry that cannot, saying why."""


def _split(keys: str) -> tuple[str, ...]:
    return tuple(key.strip() for key in keys.split(",") if key.strip())


def check_keymap(
    wanted: Mapping[str, str],
    chains: Mapping[str, Sequence[Bound]],
    is_key: Callable[[str], bool] = lambda key: bool(key),
) -> KeymapCheck:
    """Check `wanted` (id to normalised keys) against the bindings of every chain."""
    known: dict[str, Bound] = {}
    for bindings in chains.values():
        for bound in bindings:
            if bound.id is not None:
                known.setdefault(bound.id, bound)
    result = KeymapCheck()
    usable: dict[str, tuple[str, ...]] = {}
    for binding_id, value in wanted.items():
        keys = _split(value) if isinstance(value, str) else ()
        if binding_id not in known:
            result.problems.append(
                f"'{binding_id}' is not an Unknot key binding id (docs/keys.md lists them); "
                "ignored."
            )
        elif not keys:
            result.problems.append(f"'{binding_id}' names no key; it keeps its default keys.")
        elif bad := [key for key in keys if not is_key(key)]:
            result.problems.append(
                f"'{binding_id}': {', '.join(repr(k) for k in bad)} is not a key Unknot knows; "
                f"it keeps its default keys ({', '.join(known[binding_id].keys)})."
            )
        else:
            usable[binding_id] = keys
    # Dropping a remapped binding can free or take a key elsewhere: check until settled.
    while clash := _first_clash(usable, chains):
        binding_id, key, other = clash
        default = ", ".join(known[binding_id].keys)
        result.problems.append(
            f"'{binding_id}' = '{key}' clashes with {other}, which that key already does "
            f"there; '{binding_id}' keeps its default keys ({default})."
        )
        del usable[binding_id]
    result.keymap = {binding_id: ",".join(keys) for binding_id, keys in usable.items()}
    return result


def _first_clash(
    usable: Mapping[str, tuple[str, ...]], chains: Mapping[str, Sequence[Bound]]
) -> tuple[str, str, str] | None:
    """The first remapped binding whose key another binding in one of its chains has:
    (its id, the key, the other binding described)."""
    for bindings in chains.values():
        holders: dict[str, list[tuple[str | None, str]]] = {}
        for bound in _distinct(bindings):
            keys = usable.get(bound.id, bound.keys) if bound.id else bound.keys
            for key in keys:
                holders.setdefault(key, []).append((bound.id, bound.description))
        for key, holding in holders.items():
            ids = {binding_id for binding_id, _ in holding}
            if len(holding) < 2 or len(ids) < 2:
                continue
            for binding_id, _ in holding:
                if binding_id is not None and key in usable.get(binding_id, ()):
                    others = [
                        f"'{other_id or description}'"
                        for other_id, description in holding
                        if other_id != binding_id
                    ]
                    return binding_id, key, " and ".join(others)
    return None


def _distinct(bindings: Iterable[Bound]) -> list[Bound]:
    """One entry per id (a binding declared twice in a chain is one binding)."""
    seen: set[str] = set()
    distinct = []
    for bound in bindings:
        if bound.id is not None:
            if bound.id in seen:
                continue
            seen.add(bound.id)
        distinct.append(bound)
    return distinct
