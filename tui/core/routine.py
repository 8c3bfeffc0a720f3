"""Routines: what a person prescribes themselves, as an ordered list of exercises and dosages.

The file format is documented in docs/routines.md; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from tui.core.catalog import (
    AFTER_MOBILITY,
    CHOICES,
    Catalog,
    Dosage,
    Exercise,
    ExerciseId,
    ShortText,
)
from tui.core.errors import DataFileError, decode


class RoutineEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One exercise in a routine."""

    id: ExerciseId
    """The catalogue id of the exercise; kept even when the catalogue lacks it."""
    dosage: Dosage | None = None
    """How much to do; leave out to use the catalogue's default."""
    note: Annotated[str, Meta(max_length=400)] = ""
    """The person's own note, e.g. "gently, left knee"."""

    def dosage_for(self, catalog: Catalog) -> Dosage | None:
        """The dosage to use: the entry's own, else the catalogue's, else None (missing)."""
        if self.dosage is not None:
            return self.dosage
        exercise = catalog.get(self.id)
        return exercise.dosage if exercise is not None else None


class Routine(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A named, ordered list of exercises (TOML `[[exercise]]` tables)."""

    name: ShortText
    """The routine's name, as the person wrote it."""
    description: Annotated[str, Meta(max_length=400)] = ""
    """What it is for, shown under the name."""
    exercise: tuple[RoutineEntry, ...] = ()
    """The exercises, in order."""

    @property
    def entries(self) -> tuple[RoutineEntry, ...]:
        return self.exercise

    def resolve(self, catalog: Catalog) -> list[tuple[RoutineEntry, Exercise | None]]:
        """Each entry with its catalogue exercise, or None when the catalogue lacks it."""
        return [(entry, catalog.get(entry.id)) for entry in self.exercise]

    def order_warnings(self, catalog: Catalog) -> list[str]:
        """Warnings about the article's order: mobility first, strength (and balance,
        which builds on it too) after. Aerobic work may go anywhere."""
        categories = [ex.category for _, ex in self.resolve(catalog) if ex is not None]
        later = [index for index, cat in enumerate(categories) if cat in AFTER_MOBILITY]
        if not later:
            return []
        if "mobility" not in categories:
            return [
                "No mobility exercise: the guidance is to master mobility and flexibility "
                "before strength and stability work."
            ]
        if "mobility" in categories[later[0] :]:
            kind = categories[later[0]]
            return [
                f"A {kind} exercise comes before a mobility one: do mobility and flexibility first."
            ]
        return []


def add_entry(routine: Routine, entry: RoutineEntry, at: int | None = None) -> Routine:
    """`routine` with `entry` inserted before position `at` (at the end when None)."""
    entries = list(routine.exercise)
    entries.insert(len(entries) if at is None else max(0, min(at, len(entries))), entry)
    return msgspec.structs.replace(routine, exercise=tuple(entries))


def remove_entry(routine: Routine, index: int) -> Routine:
    """`routine` without the entry at `index`."""
    entries = list(routine.exercise)
    del entries[index]
    return msgspec.structs.replace(routine, exercise=tuple(entries))


def move_entry(routine: Routine, index: int, offset: int) -> tuple[Routine, int]:
    """`routine` with the entry at `index` moved by `offset`, and where it ended up."""
    entries = list(routine.exercise)
    target = max(0, min(index + offset, len(entries) - 1))
    entries.insert(target, entries.pop(index))
    return msgspec.structs.replace(routine, exercise=tuple(entries)), target


def replace_entry(routine: Routine, index: int, entry: RoutineEntry) -> Routine:
    """`routine` with the entry at `index` replaced."""
    entries = list(routine.exercise)
    entries[index] = entry
    return msgspec.structs.replace(routine, exercise=tuple(entries))


def new_entry(exercise: Exercise) -> RoutineEntry:
    """An entry for `exercise` starting from the catalogue's default dosage."""
    return RoutineEntry(id=exercise.id, dosage=exercise.dosage)


def matching_names(names: Sequence[str], wanted: str) -> list[int]:
    """Positions of the names `wanted` can mean, ignoring case and outer spaces: those equal
    to it if any, else those starting with it, else those containing it. More than one
    means the name is ambiguous: a caller says which match, never picks one."""
    folded = wanted.strip().casefold()
    if not folded:
        return []
    names = [name.casefold() for name in names]
    for test in (str.__eq__, str.startswith, str.__contains__):
        found = [index for index, name in enumerate(names) if test(name, folded)]
        if found:
            return found
    return []


def parse_routine(raw: dict[str, Any], path: Path) -> Routine:
    """Validate an already parsed TOML document as a routine; raises `DataFileError`."""
    return decode(raw, Routine, path, choices=CHOICES)


def routine_to_dict(routine: Routine) -> dict[str, Any]:
    """The routine as plain data for `tomli_w`, leaving out empty and default values."""
    data: dict[str, Any] = {"name": routine.name}
    if routine.description:
        data["description"] = routine.description
    entries: list[dict[str, Any]] = []
    for entry in routine.exercise:
        item: dict[str, Any] = {"id": entry.id}
        if entry.note:
            item["note"] = entry.note
        if entry.dosage is not None:
            item["dosage"] = {
                key: value
                for key, value in msgspec.structs.asdict(entry.dosage).items()
                if value is not None
            }
        entries.append(item)
    data["exercise"] = entries
    return data


__all__ = ["DataFileError", "Routine", "RoutineEntry", "parse_routine", "routine_to_dict"]
