"""Where a person's data lives, and writing it so that nothing is ever half-written.

Layout of the data folder (see docs/routines.md for the person-facing description), and
the module that reads and writes each file::

    <data dir>/
      routines/<slug>.toml      one routine per file, hand-editable          store.routines
      history/<device>.jsonl    one JSON object per line, append-only, one   store.history
                                log per device, merged on read
      sessions/<device>.json    checkpoint of an unfinished session          store.checkpoint
      *.unreadable.*            a file that could not be used, set aside     store.checkpoint
      settings.toml             small preferences                            store.settings
      reminder.json             the reminder plan                            core.remind
      .unknot.lock              (and routines/.unknot.lock)                  store.files

`store.files` holds what they share: atomic writes, new files under free names, the lock,
stale temporary files, safe file names and file versions. Every read goes through
`errors.read_file`, the one bounded reader (there because the catalogue, read at start-up,
must not import the store). `store.device` names this machine once per data folder;
`store.copies` recognises what sync tools leave, and `store.conflicts` finds and resolves it.

Import from those modules. This package imports none of them itself: the store stays out
of the app's start-up. (Names asked of the package itself, as `from tui.core.store import
RoutineStore` did before the split, are looked up in their module on first use.)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_MODULES = ("routines", "history", "checkpoint", "settings", "files")
#: Names the old module re-exported from elsewhere.
_ELSEWHERE = {
    "DataFileError": "tui.core.errors",
    "DataPaths": "tui.core.paths",
    "ENV_DATA_DIR": "tui.core.paths",
    "resolve_data_dir": "tui.core.paths",
}


def __getattr__(name: str) -> Any:
    """`name` from the module that holds it (see each module's `__all__`)."""
    if name in _ELSEWHERE:
        return getattr(import_module(_ELSEWHERE[name]), name)
    if not name.startswith("_"):
        for module_name in _MODULES:
            module = import_module(f"{__name__}.{module_name}")
            if name in getattr(module, "__all__", ()):
                return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
