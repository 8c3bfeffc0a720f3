"""The checkpoint of an unfinished session, `session.json`: Unknot's own scratch state,
written atomically while a session runs and removed when it ends. One that cannot be
used is set aside (`session.unreadable.json`), never deleted: it may hold a session.

What it holds, and resuming from it, is `tui.core.resume`'s business.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from tui.core.errors import CHECKPOINT_MAX_BYTES, DataFileError, read_file
from tui.core.paths import DataPaths
from tui.core.store.files import atomic_write, naming, set_aside
from tui.core.text import TooDeep, clean_tree


def save_checkpoint(paths: DataPaths, state: dict[str, Any]) -> None:
    """Record an unfinished session, replacing any earlier checkpoint atomically."""
    data = json.dumps(state, ensure_ascii=False, allow_nan=False).encode("utf-8")
    atomic_write(paths.checkpoint, data)


def load_checkpoint(
    paths: DataPaths, *, problems: list[DataFileError] | None = None
) -> dict[str, Any] | None:
    """The saved unfinished session, or None.

    An unreadable checkpoint also gives None, with the reason added to `problems`, and
    is left as it is (`set_aside_checkpoint` moves it out of the way). Its text is
    cleaned like any file's.
    """
    path = paths.checkpoint
    if not os.path.lexists(path):
        return None
    try:
        data, _ = read_file(
            path, CHECKPOINT_MAX_BYTES, kind="a session checkpoint", follow_links=False
        )
        try:
            value = clean_tree(json.loads(data))
        except TooDeep as error:
            raise DataFileError(path, str(error)) from None
        except (ValueError, RecursionError):
            raise DataFileError(path, "is not valid JSON (cut short?)") from None
        if not isinstance(value, dict):
            raise DataFileError(path, "expected a JSON object")
    except DataFileError as error:
        if problems is not None:
            problems.append(error)
        return None
    return value


def clear_checkpoint(paths: DataPaths) -> None:
    """Forget the unfinished session (after it ends, or the person declines to resume).

    Only a file is removed: anything else there (a folder, a link) is not a checkpoint
    Unknot wrote, and the next start reports it and sets it aside.
    """
    path = paths.checkpoint
    with contextlib.suppress(FileNotFoundError):
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError as error:
            raise naming(error, path) from None


def set_aside_checkpoint(paths: DataPaths) -> Path:
    """Move a checkpoint that cannot be used to `session.unreadable.json` (or `-2`...),
    whatever it is, so the next session can save its own; returns where it went."""
    return set_aside(paths.checkpoint, "session.unreadable", ".json")


__all__ = ["clear_checkpoint", "load_checkpoint", "save_checkpoint", "set_aside_checkpoint"]
