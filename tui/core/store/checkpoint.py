"""The checkpoint of an unfinished session, `sessions/<device>.json`: Unknot's own scratch
state, written atomically while a session runs and removed when it ends. Each device keeps
its own, so a sync tool never mixes up two machines' sessions. One that cannot be used is
set aside (`sessions/<device>.unreadable.json`), never deleted: it may hold a session.

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
from tui.core.store.files import atomic_write, fsync_dir, locked, naming, set_aside
from tui.core.text import TooDeep, clean_tree


def checkpoint_path(paths: DataPaths) -> Path:
    """This device's checkpoint file."""
    from tui.core.store.device import device_id

    return paths.sessions / f"{device_id(paths)}.json"


def migrate_legacy_checkpoint(paths: DataPaths) -> None:
    """Take over the `session.json` an older version left, unless this device has its own."""
    legacy = paths.legacy_checkpoint
    if not os.path.lexists(legacy):
        return
    with locked(paths.sessions):
        target = checkpoint_path(paths)
        if os.path.lexists(legacy) and not os.path.lexists(target):
            os.rename(legacy, target)
            fsync_dir(paths.sessions)
            fsync_dir(paths.root)


def save_checkpoint(paths: DataPaths, state: dict[str, Any]) -> None:
    """Record an unfinished session, replacing any earlier checkpoint atomically."""
    data = json.dumps(state, ensure_ascii=False, allow_nan=False).encode("utf-8")
    atomic_write(checkpoint_path(paths), data)


def load_checkpoint(
    paths: DataPaths, *, problems: list[DataFileError] | None = None
) -> dict[str, Any] | None:
    """The saved unfinished session, or None.

    An unreadable checkpoint also gives None, with the reason added to `problems`, and
    is left as it is (`set_aside_checkpoint` moves it out of the way). Its text is
    cleaned like any file's.
    """
    migrate_legacy_checkpoint(paths)
    path = checkpoint_path(paths)
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
    path = checkpoint_path(paths)
    with contextlib.suppress(FileNotFoundError):
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError as error:
            raise naming(error, path) from None


def set_aside_checkpoint(paths: DataPaths) -> Path:
    """Move a checkpoint that cannot be used to `<device>.unreadable.json` (or `-2`...),
    whatever it is, so the next session can save its own; returns where it went."""
    path = checkpoint_path(paths)
    return set_aside(path, f"{path.stem}.unreadable", ".json")


__all__ = [
    "checkpoint_path",
    "clear_checkpoint",
    "load_checkpoint",
    "save_checkpoint",
    "set_aside_checkpoint",
]
