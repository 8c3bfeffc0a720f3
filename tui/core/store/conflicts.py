"""Files a sync tool left in conflict, found and resolved only as the person chooses.

`find_conflicts` lists conflict copies (`store.copies` knows their names) and files holding
git conflict markers, in the routines folder, the history folder and the data folder
itself. `choices` says what can be done with one, in the person's words, and `resolve`
does it. Nothing here runs on its own: a copy is never loaded as if nothing happened, and
never deleted unless the person picked an answer that keeps its content elsewhere or
explicitly drops it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.core.errors import HISTORY_MAX_BYTES, DataFileError, parse_toml, read_file
from tui.core.paths import DataPaths
from tui.core.routine import Routine, parse_routine
from tui.core.store.copies import (
    has_conflict_markers,
    is_conflict_copy,
    is_marker_line,
    original_name,
    split_conflict,
)
from tui.core.store.files import atomic_write, fsync_dir, locked
from tui.core.text import plural

Kind = Literal["routine", "settings", "history", "other"]

#: Label of a routine kept as a second version ("Desk break (other version)").
OTHER_VERSION = "other version"


@dataclass(frozen=True)
class Conflict:
    """One file a sync tool left in conflict."""

    kind: Kind
    """What the file holds: a routine, the settings, a session log, or something else."""
    path: Path
    """The file as it should be named (it may be gone, e.g. deleted on one machine)."""
    copy: Path | None
    """The conflict copy next to it; None when git's markers are inside `path` itself."""

    @property
    def shown(self) -> Path:
        """The file the person should look at."""
        return self.copy if self.copy is not None else self.path


def find_conflicts(paths: DataPaths) -> list[Conflict]:
    """Every conflict copy and every file with git conflict markers, sorted by file."""
    found: list[Conflict] = []
    folders: tuple[tuple[Path, str, Kind], ...] = (
        (paths.routines, ".toml", "routine"),
        (paths.history, ".jsonl", "history"),
    )
    for folder, suffix, kind in folders:
        for path in _entries(folder):
            if not path.name.endswith(suffix):
                continue
            if is_conflict_copy(path.name):
                found.append(Conflict(kind, path.with_name(original_name(path.name)), path))
            elif _has_markers(path):
                found.append(Conflict(kind, path, None))
    for path in _entries(paths.root):
        if is_conflict_copy(path.name) and not os.path.isdir(path):
            original = path.with_name(original_name(path.name))
            found.append(Conflict(_kind_of(paths, original), original, path))
    for path in (paths.settings, paths.legacy_history):
        if _has_markers(path):
            found.append(Conflict(_kind_of(paths, path), path, None))
    return sorted(found, key=lambda conflict: str(conflict.shown))


def _entries(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / name for name in names if not name.startswith(".")]


def _kind_of(paths: DataPaths, original: Path) -> Kind:
    if original == paths.settings:
        return "settings"
    if original == paths.legacy_history:
        return "history"
    return "other"


def _read_whole(path: Path) -> bytes:
    """A file in conflict, whatever its kind: the largest any data file may be (a log)."""
    return read_file(path, HISTORY_MAX_BYTES, kind="a data file", follow_links=False)[0]


def _has_markers(path: Path) -> bool:
    try:
        data = _read_whole(path)
    except DataFileError:
        return False
    return has_conflict_markers(data)


# --------------------------------------------------------------------------- what can be done


@dataclass(frozen=True)
class Versions:
    """The two versions of a conflict, as the choices describe them."""

    this: bytes | None
    """What the file itself holds (ours, for git markers); None if it is gone."""
    other: bytes | None
    """What the copy holds (theirs, for git markers); None if it cannot be read."""
    this_routine: Routine | None = None
    """`this` as a routine, when it is one that loads."""
    other_routine: Routine | None = None
    """`other` as a routine, when it is one that loads."""


def read_versions(conflict: Conflict) -> Versions:
    """Both versions of `conflict`, read now."""
    if conflict.copy is None:
        data = _read(conflict.path)
        split = split_conflict(data.decode("utf-8", "replace")) if data is not None else None
        if split is None:
            return Versions(data, None)
        this: bytes | None = split[0].encode("utf-8")
        other: bytes | None = split[1].encode("utf-8")
    else:
        this, other = _read(conflict.path), _read(conflict.copy)
    if conflict.kind != "routine":
        return Versions(this, other)
    return Versions(this, other, _routine(this, conflict.path), _routine(other, conflict.path))


def _read(path: Path) -> bytes | None:
    try:
        return _read_whole(path)
    except DataFileError:
        return None


def _routine(data: bytes | None, path: Path) -> Routine | None:
    if data is None:
        return None
    try:
        return parse_routine(parse_toml(data, path), path)
    except DataFileError:
        return None


def describe(conflict: Conflict, versions: Versions) -> str:
    """A title for the choice, e.g. "'Desk break' was changed on two machines"."""
    if conflict.kind == "routine":
        routine = versions.this_routine or versions.other_routine
        name = f"'{routine.name}'" if routine is not None else conflict.path.name
        return f"{name} was changed on two machines"
    if conflict.kind == "settings":
        return "Your settings were changed on two machines"
    if conflict.kind == "history":
        return "A sync tool left a second copy of a session log"
    return f"{conflict.path.name} was changed on two machines"


def where(conflict: Conflict) -> str:
    """Which files, e.g. "The other version is in desk-break.sync-conflict-…toml."."""
    if conflict.copy is None:
        return f"Git left both versions inside {conflict.path.name}."
    return f"The other version is in {conflict.copy.name}."


def choices(conflict: Conflict, versions: Versions) -> list[tuple[str, str]]:
    """What can be done, as (answer, label) for a choice dialog, the safest first.

    Escape (no answer) always leaves everything as it is, to be asked again next time.
    """
    if conflict.kind == "history":
        if conflict.copy is None:
            return [("clean", "Remove the marker lines, keep every session")]
        return [("merge", "Add its sessions to your history")]
    if versions.other is None:
        return []  # nothing readable to choose from: left alone, reported as unreadable
    if versions.this is not None and versions.this == versions.other:
        return [("this", "Keep one: both versions are the same")]
    options: list[tuple[str, str]] = []
    if conflict.kind == "routine":
        if versions.other_routine is None:
            return []
        if versions.this_routine is not None:
            options.append(("both", "Keep both: the other as a new routine"))
        options.append(("other", "Use the other version"))
        if versions.this_routine is not None:
            options.append(("this", "Keep this version, drop the other"))
        return options
    options.append(("other", "Use the other version"))
    if versions.this is not None:
        options.append(("this", "Keep this version, drop the other"))
    return options


# --------------------------------------------------------------------------- doing it


def resolve(paths: DataPaths, conflict: Conflict, answer: str) -> str:
    """Do what the person chose; says what was done. Raises `DataFileError` or `OSError`
    if a file could not be written (what was already there is left as it was)."""
    versions = read_versions(conflict)
    if answer not in {value for value, _ in choices(conflict, versions)}:
        raise ValueError(f"not a choice for {conflict.shown.name}: {answer!r}")
    if conflict.kind == "history":
        return _resolve_history(paths, conflict)
    if answer == "both":
        return _keep_both(paths, conflict, versions)
    if answer == "other":
        assert versions.other is not None
        with locked(conflict.path.parent):
            atomic_write(conflict.path, versions.other)
        _drop_copy(conflict)
        return f"{conflict.path.name} now holds the other version."
    if conflict.copy is None:  # "this", for git markers: keep our side, drop the markers
        assert versions.this is not None
        with locked(conflict.path.parent):
            atomic_write(conflict.path, versions.this)
    _drop_copy(conflict)
    return f"Kept {conflict.path.name} as it was on this machine."


def _keep_both(paths: DataPaths, conflict: Conflict, versions: Versions) -> str:
    from tui.core.store.routines import RoutineStore

    assert versions.other_routine is not None and versions.this is not None
    store = RoutineStore(paths)
    if conflict.copy is None:
        with locked(conflict.path.parent):
            atomic_write(conflict.path, versions.this)
    kept = store.create_unique(versions.other_routine, OTHER_VERSION)
    _drop_copy(conflict)
    return f"Kept both: the other version is now '{kept.name}'."


def _resolve_history(paths: DataPaths, conflict: Conflict) -> str:
    from tui.core.store.history import HistoryLog, device_log, read_records, record_key

    if conflict.copy is None:  # markers in a log: drop those lines, keep every record
        data = _read_whole(conflict.path) if conflict.path.stat().st_size else b""
        lines = data.decode("utf-8", "replace").splitlines(keepends=True)
        kept = "".join(line for line in lines if not is_marker_line(line))
        with locked(conflict.path.parent):
            atomic_write(conflict.path, kept.encode("utf-8"))
        return f"Removed the conflict markers from {conflict.path.name}."
    known = {record_key(record) for record in read_records(paths)}
    log = device_log(paths)
    copied = HistoryLog(conflict.copy).read()
    added = 0
    for record in copied:
        key = record_key(record)
        if key not in known:
            known.add(key)
            log.append(record)
            added += 1
    sessions = plural(added, "session")
    unreadable = _line_count(conflict.copy) - len(copied)
    if unreadable > 0:  # those bytes exist nowhere else: keep the copy
        return (
            f"Added {sessions} from {conflict.copy.name}; it is kept because "
            f"{unreadable} of its lines cannot be read."
        )
    _drop_copy(conflict)
    return f"Added {sessions} from {conflict.copy.name}; the copy is removed."


def _line_count(path: Path) -> int:
    return sum(1 for line in _read_whole(path).split(b"\n") if line.strip())


def _drop_copy(conflict: Conflict) -> None:
    if conflict.copy is None:
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(conflict.copy)
    fsync_dir(conflict.copy.parent)


__all__ = [
    "OTHER_VERSION",
    "Conflict",
    "Versions",
    "choices",
    "describe",
    "find_conflicts",
    "read_versions",
    "resolve",
    "where",
]
