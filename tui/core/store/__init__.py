"""Where a person's data lives, and writing it so that nothing is ever half-written.

Layout of the data folder (see docs/routines.md for the person-facing description), and
the module that reads and writes each file::

    <data dir>/
      routines/<slug>.toml      one routine per file, hand-editable          store.routines
      history/<device>.jsonl    one JSON object per line, append-only, one   store.history
                                log per device, merged on read
      sessions/<device>.json    checkpoint of an unfinished session          store.checkpoint
      settings.toml             small preferences                            store.settings
      reminder.json             the reminder plan                            core.remind

`store.files` holds what they share: atomic writes, new files under free names, the lock,
bounded reads, safe file names and file versions. `store.device` names this machine once
per data folder; `store.copies` recognises what sync tools leave, and `store.conflicts`
finds and resolves it.

Import from those modules. This package imports none of them itself: the store stays out
of the app's start-up. (Names asked of the package itself, as `from tui.core.store import
RoutineStore` did before the split, are looked up in their module on first use.)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.errors import DataFileError as DataFileError
    from tui.core.paths import ENV_DATA_DIR as ENV_DATA_DIR
    from tui.core.paths import DataPaths as DataPaths
    from tui.core.paths import resolve_data_dir as resolve_data_dir
    from tui.core.store.checkpoint import clear_checkpoint as clear_checkpoint
    from tui.core.store.checkpoint import load_checkpoint as load_checkpoint
    from tui.core.store.checkpoint import save_checkpoint as save_checkpoint
    from tui.core.store.files import FileVersion as FileVersion
    from tui.core.store.files import StoreError as StoreError
    from tui.core.store.files import atomic_write as atomic_write
    from tui.core.store.files import slugify as slugify
    from tui.core.store.history import HistoryLog as HistoryLog
    from tui.core.store.routines import ConflictError as ConflictError
    from tui.core.store.routines import LoadResult as LoadResult
    from tui.core.store.routines import ReadOnlyError as ReadOnlyError
    from tui.core.store.routines import RoutineStore as RoutineStore
    from tui.core.store.routines import StoredRoutine as StoredRoutine
    from tui.core.store.routines import default_starters_path as default_starters_path
    from tui.core.store.routines import load_starters as load_starters
    from tui.core.store.routines import routine_file_text as routine_file_text
    from tui.core.store.settings import Settings as Settings
    from tui.core.store.settings import load_settings as load_settings
    from tui.core.store.settings import save_settings as save_settings

_HOMES = {
    "tui.core.errors": ("DataFileError",),
    "tui.core.paths": ("ENV_DATA_DIR", "DataPaths", "resolve_data_dir"),
    "tui.core.store.checkpoint": ("clear_checkpoint", "load_checkpoint", "save_checkpoint"),
    "tui.core.store.files": ("FileVersion", "StoreError", "atomic_write", "slugify"),
    "tui.core.store.history": ("HistoryLog",),
    "tui.core.store.routines": (
        "ConflictError",
        "LoadResult",
        "ReadOnlyError",
        "RoutineStore",
        "StoredRoutine",
        "default_starters_path",
        "load_starters",
        "routine_file_text",
    ),
    "tui.core.store.settings": ("Settings", "load_settings", "save_settings"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = sorted(_MODULE_OF)
