"""The person's routines, one TOML file each, and the starter routines shipped with Unknot.

Rules kept here (on top of those of `files`):

- A file that cannot be read is reported and left byte-for-byte as it is; nothing here
  overwrites it (new routines get fresh names).
- A routine changed on disk since it was loaded (another Unknot on the same folder, e.g.
  two SSH sessions) is not overwritten without `force=True`: `ConflictError` instead.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from tui.core.errors import (
    ROUTINE_MAX_BYTES,
    DataFileError,
    decode,
    parse_toml,
    read_file,
    read_toml,
    size_text,
    too_large_size,
)
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry, parse_routine, routine_to_dict
from tui.core.store.copies import has_conflict_markers, is_conflict_copy
from tui.core.store.files import (
    FileVersion,
    StoreError,
    atomic_write,
    create_new,
    current_version,
    file_names,
    fsync_dir,
    locked,
    numbered,
    remove_stale_temps,
    slugify,
    unique_name,
)
from tui.core.text import shown

ROUTINE_SUFFIX = ".toml"
#: What `read_file` says a routine file is, when one is too large.
ROUTINE_KIND = "a routine file"

ROUTINE_HEADER = (
    "# An Unknot stretching routine: one file per routine, safe to edit by hand and to share.\n"
    "# Leave out `dosage` to use the catalogue's default. Format: docs/routines.md\n\n"
)


class ReadOnlyError(StoreError):
    """A starter routine cannot be changed; copy it first (`RoutineStore.copy_starter`)."""


class ConflictError(StoreError):
    """The routine's file changed on disk since it was loaded; nothing was written."""

    def __init__(
        self,
        path: Path,
        *,
        loaded: FileVersion | None,
        on_disk: FileVersion | None,
        theirs: Routine | None,
        ours: Routine | None,
    ) -> None:
        self.path = path
        """The file in question."""
        self.loaded = loaded
        """Version read when the routine was loaded (ours was based on it)."""
        self.on_disk = on_disk
        """Version on disk now; None when deleted; size -1 when it can no longer be read."""
        self.theirs = theirs
        """The routine now on disk, or None if deleted or unreadable."""
        self.ours = ours
        """The routine we were asked to write (None for a delete)."""
        if on_disk is None:
            what = "was deleted"
        elif theirs is None:
            what = "was changed and can no longer be read"
        else:
            what = f"was changed (now '{theirs.name}')"
        super().__init__(
            f"{path}: {what} by someone else (another Unknot window?) since it was opened; "
            "nothing was written"
        )


@dataclass(frozen=True)
class StoredRoutine:
    """A routine together with where it lives and what its file held when read."""

    routine: Routine
    """The routine itself."""
    path: Path
    """Its file (for a starter: the shipped starters file)."""
    version: FileVersion | None
    """The file's version when loaded or saved; None for a starter."""
    read_only: bool = False
    """True for a starter: copy it with `RoutineStore.copy_starter` to change it."""

    @property
    def name(self) -> str:
        return self.routine.name


@dataclass
class LoadResult:
    """Everything `RoutineStore.load_all` found."""

    routines: list[StoredRoutine] = field(default_factory=list)
    """The routines that loaded, sorted by name."""
    problems: list[DataFileError] = field(default_factory=list)
    """One error per file that could not be used; those files are left untouched."""
    conflicts: list[Path] = field(default_factory=list)
    """Files a sync tool left in conflict (copies, git markers): not loaded, not touched;
    `store.conflicts` offers the choice."""


def routine_file_text(routine: Routine) -> str:
    """The text of a routine file: a short header comment, then the TOML.

    Every exercise is written as an `[[exercise]]` table (with `[exercise.dosage]`),
    the layout docs/routines.md shows, rather than tomli_w's inline tables for short ones.
    """
    data = routine_to_dict(routine)
    exercises: list[dict[str, Any]] = data.pop("exercise")
    import tomli_w

    parts = [ROUTINE_HEADER, tomli_w.dumps(data)]
    for item in exercises:
        dosage = item.pop("dosage", None)
        parts.append("\n[[exercise]]\n" + tomli_w.dumps(item))
        if dosage is not None:
            parts.append("\n[exercise.dosage]\n" + tomli_w.dumps(dosage))
    return "".join(parts)


class _StartersFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    routine: Annotated[tuple[Routine, ...], Meta(min_length=1)]


def _describe_starter(steps: list[str | int], raw: dict[str, Any]) -> tuple[str, int]:
    if len(steps) >= 2 and steps[0] == "routine" and isinstance(steps[1], int):
        entries = raw.get("routine")
        index = steps[1]
        item = entries[index] if isinstance(entries, list) and index < len(entries) else {}
        name = item.get("name") if isinstance(item, dict) else None
        label = (
            f"routine '{shown(name)}' (#{index + 1})"
            if isinstance(name, str)
            else f"routine #{index + 1}"
        )
        return label, 2
    return "", 0


def _has_conflict_markers(path: Path) -> bool:
    try:
        data, _ = read_file(path, ROUTINE_MAX_BYTES, kind=ROUTINE_KIND)
    except DataFileError:
        return False
    return has_conflict_markers(data)


def default_starters_path() -> Path:
    """The starter routines shipped with Unknot."""
    return Path(__file__).resolve().parent.parent.parent / "data" / "starters.toml"


def load_starters(path: Path | None = None) -> list[Routine]:
    """The shipped starter routines (`[[routine]]` tables); raises `DataFileError`."""
    path = default_starters_path() if path is None else path
    raw = read_toml(path, ROUTINE_MAX_BYTES, "the starters file")
    document = decode(raw, _StartersFile, path, describe_entry=_describe_starter)
    return list(document.routine)


class RoutineStore:
    """The person's routines: one TOML file each under `paths.routines`."""

    def __init__(self, paths: DataPaths, starters_path: Path | None = None) -> None:
        self.paths = paths
        self.starters_path = default_starters_path() if starters_path is None else starters_path

    @property
    def folder(self) -> Path:
        return self.paths.routines

    # ---- reading

    def load_all(self) -> LoadResult:
        """Every routine file; files that cannot be used are reported, never touched."""
        result = LoadResult()
        try:
            entries = sorted(self.folder.iterdir())
        except FileNotFoundError:
            return result
        except NotADirectoryError:
            result.problems.append(
                DataFileError(self.folder, "is not a folder; Unknot keeps your routines in it")
            )
            return result
        except OSError as error:
            result.problems.append(
                DataFileError(self.folder, f"cannot be read ({error.strerror or error})")
            )
            return result
        # Killed saves leave temporary files, and this listing sees them anyway.
        remove_stale_temps(self.folder, [path.name for path in entries])
        for path in entries:
            # Hidden files are our own temporaries (and the lock); others are not routines.
            if path.name.startswith(".") or path.suffix.lower() != ROUTINE_SUFFIX:
                continue
            if is_conflict_copy(path.name):
                result.conflicts.append(path)
                continue
            try:
                result.routines.append(self.load(path))
            except DataFileError as error:
                if _has_conflict_markers(path):
                    result.conflicts.append(path)
                else:
                    result.problems.append(error)
        result.routines.sort(key=lambda stored: (stored.name.casefold(), stored.path.name))
        return result

    def load(self, path: Path) -> StoredRoutine:
        """One routine file, e.g. to reload after a `ConflictError`; raises `DataFileError`."""
        data, info = read_file(path, ROUTINE_MAX_BYTES, kind=ROUTINE_KIND)
        routine = parse_routine(parse_toml(data, path), path)
        return StoredRoutine(routine, path, FileVersion.of(data, info))

    def names(self) -> set[str]:
        """Names of the routines on disk now (for picking a name nobody uses)."""
        return {stored.name for stored in self.load_all().routines}

    def starters(self) -> list[StoredRoutine]:
        """The shipped starters, marked read-only; raises `DataFileError` if broken."""
        return [
            StoredRoutine(routine, self.starters_path, None, read_only=True)
            for routine in load_starters(self.starters_path)
        ]

    # ---- writing

    def save(
        self, stored: StoredRoutine | None, routine: Routine, *, force: bool = False
    ) -> StoredRoutine:
        """Write `routine` over `stored`'s file, or to a new file when `stored` is None.

        Raises `ConflictError` (writing nothing) if the file changed on disk since
        `stored` was loaded, unless `force`; `ReadOnlyError` for a starter; and
        `DataFileError` if the routine would not read back (e.g. an empty name).
        The file name stays the same when the routine is renamed.
        """
        if stored is not None and stored.read_only:
            raise ReadOnlyError(f"'{stored.name}' is a starter routine; make a copy to change it")
        routine, data = self._prepare(routine, stored.path if stored else None)
        if stored is None:
            path = create_new(self.folder, file_names(slugify(routine.name), ROUTINE_SUFFIX), data)
            return StoredRoutine(routine, path, FileVersion.of(data, os.stat(path)))
        with locked(self.folder):
            if not force:
                self._check_unchanged(stored, routine)
            atomic_write(stored.path, data)
            return StoredRoutine(routine, stored.path, FileVersion.of(data, os.stat(stored.path)))

    def create(self, routine: Routine) -> StoredRoutine:
        """Save `routine` as a new file, named after it."""
        return self.save(None, routine)

    def rename(self, stored: StoredRoutine, new_name: str, *, force: bool = False) -> StoredRoutine:
        """Change the routine's name. The file keeps its name: one atomic replace, no
        window where the routine exists twice or not at all. Raises like `save`."""
        renamed = msgspec.structs.replace(stored.routine, name=new_name.strip())
        return self.save(stored, renamed, force=force)

    def append_exercise(self, stored: StoredRoutine, entry: RoutineEntry) -> StoredRoutine:
        """Add `entry` at the end of the routine as it is on disk *now*.

        Appending is safe on top of someone else's change, so this re-reads the file
        instead of using `stored.routine` (which may be stale), and retries if the file
        changes in between. Raises `DataFileError` if the file is gone or unreadable,
        `ReadOnlyError` for a starter.
        """
        if stored.read_only:
            raise ReadOnlyError(f"'{stored.name}' is a starter routine; make a copy to change it")
        for attempt in range(3):
            current = self.load(stored.path)
            routine = current.routine
            updated = msgspec.structs.replace(routine, exercise=(*routine.exercise, entry))
            try:
                return self.save(current, updated)
            except ConflictError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def duplicate(self, stored: StoredRoutine) -> StoredRoutine:
        """A new routine "Copy of <name>" with the same exercises, in a new file."""
        variants = numbered("Copy of {name}", then="Copy of {name} ({n})")
        return self._create_named(stored.routine, variants)

    def delete(self, stored: StoredRoutine, *, force: bool = False) -> None:
        """Remove the routine's file; `ConflictError` if it changed since it was loaded.

        Deleting a file that someone else already deleted is not an error.
        """
        if stored.read_only:
            raise ReadOnlyError(f"'{stored.name}' is a starter routine and cannot be deleted")
        with locked(self.folder):
            if not force:
                self._check_unchanged(stored, None, missing_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(stored.path)
        fsync_dir(stored.path.parent)

    def copy_starter(self, starter: Routine | StoredRoutine) -> StoredRoutine:
        """The person's own editable copy of a starter; the starter itself never changes.

        The copy is called "<name> (mine)" ("(mine 2)", ... if that is taken), so the
        starter stays reachable by its own name.
        """
        routine = starter.routine if isinstance(starter, StoredRoutine) else starter
        return self._create_named(routine, numbered("{name} (mine)", then="{name} (mine {n})"))

    def create_unique(self, routine: Routine, label: str) -> StoredRoutine:
        """Save `routine` as a new file, keeping its name unless a routine on disk has it;
        then "<name> (<label>)", "<name> (<label> 2)"... (e.g. label "imported")."""
        variants = numbered("{name}", f"{{name}} ({label})", then=f"{{name}} ({label} {{n}})")
        return self._create_named(routine, variants)

    def _create_named(self, routine: Routine, variants: Iterator[str]) -> StoredRoutine:
        """Save `routine` as a new file under the first of `variants` no routine has.

        The name is chosen and the file made under the lock, so two Unknots importing or
        copying at once never both take the same free name.
        """
        with locked(self.folder):
            name = unique_name(routine.name, self.names(), variants)
            return self.create(msgspec.structs.replace(routine, name=name))

    # ---- helpers

    def _prepare(self, routine: Routine, path: Path | None) -> tuple[Routine, bytes]:
        """The routine exactly as it will read back, and the file's bytes.

        msgspec constructors skip the field checks, so validate here: never write a file
        that would not load. Cleaning (control characters) happens now, not on next load.
        """
        where = path if path is not None else self.folder / f"{slugify(routine.name)}.toml"
        checked = parse_routine(routine_to_dict(routine), where)
        data = routine_file_text(checked).encode("utf-8")
        if len(data) > ROUTINE_MAX_BYTES:  # the limit every read of a routine file checks
            raise DataFileError(
                where,
                f"would be too large ({too_large_size(len(data), ROUTINE_MAX_BYTES)}; "
                f"{ROUTINE_KIND} can be at most "
                f"{size_text(ROUTINE_MAX_BYTES)}, about 5,000 exercises)",
            )
        return checked, data

    def _check_unchanged(
        self, stored: StoredRoutine, ours: Routine | None, *, missing_ok: bool = False
    ) -> None:
        on_disk, data = current_version(stored.path, ROUTINE_MAX_BYTES)
        if on_disk is None and missing_ok:
            return
        if stored.version is not None and stored.version.same_content(on_disk):
            return
        theirs: Routine | None = None
        if data is not None:
            with contextlib.suppress(DataFileError):
                theirs = parse_routine(parse_toml(data, stored.path), stored.path)
        raise ConflictError(
            stored.path, loaded=stored.version, on_disk=on_disk, theirs=theirs, ours=ours
        )


__all__ = [
    "ROUTINE_SUFFIX",
    "ConflictError",
    "LoadResult",
    "ReadOnlyError",
    "RoutineStore",
    "StoredRoutine",
    "default_starters_path",
    "load_starters",
    "routine_file_text",
]
