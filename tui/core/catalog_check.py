"""Every problem in a catalogue file, not only the first: what `unknot check` reports.

Loading stops at the first problem (the app needs a valid catalogue or none). An author
fixing a file, or converting someone else's, wants the whole list: here each entry is
decoded on its own, and a failing one field by field, so one bad field hides nothing
else. Problems are then grouped by kind (the field without list positions, and the
problem without the quoted values), so 400 copies of one mistake read as one line.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from tui.core.catalog import (
    CATEGORIES,
    CHOICES,
    MAX_EXERCISES,
    NO_DEFAULTS,
    Catalog,
    CatalogFile,
    ExerciseEntry,
    entry_name,
    field_rule_problems,
    parse_toml_fast,
    resolve,
)
from tui.core.errors import DataFileError, clean_document, decode, read_bytes
from tui.core.text import plural

#: How many problems `unknot check` prints in full.
SHOWN_IN_FULL = 50


def check_file(path: Path) -> tuple[Catalog | None, list[DataFileError]]:
    """The catalogue at `path` if valid, and every problem found in it."""
    try:
        raw, _clean = parse_toml_fast(read_bytes(path), path)
    except DataFileError as error:
        return None, [error]
    return check_catalog(raw, path)


def check_catalog(raw: dict[str, Any], path: Path) -> tuple[Catalog | None, list[DataFileError]]:
    """The catalogue if `raw` is valid, and every problem found in it."""
    try:  # messages quote values: none may carry an escape sequence
        raw = clean_document(raw, path)
    except DataFileError as error:
        return None, [error]
    problems: list[DataFileError] = []
    positions: list[int] | None = None
    try:
        document: CatalogFile | None = decode(raw, CatalogFile, path, choices=CHOICES)
    except DataFileError:
        positions = []
        document = _decode_what_can_be(raw, path, problems, positions)
    if document is not None:
        data, more = resolve(document, path, positions)
        problems += more
        if not problems:
            return Catalog.of(path, data), []
    return None, problems


def _named(entry: str) -> Callable[[list[str | int], dict[str, Any]], tuple[str, int]]:
    """For `decode`: every failing path is inside `entry`."""
    return lambda steps, raw: (entry, 0)


def _decode_what_can_be(
    raw: dict[str, Any], path: Path, problems: list[DataFileError], positions: list[int]
) -> CatalogFile | None:
    """Add every field problem to `problems`; the file with the entries that decode, for
    the checks across entries (None when nothing usable is left), their places in the
    file added to `positions`."""
    head = {key: value for key, value in raw.items() if key != "exercise"}
    problems += _field_problems(head, _partial(CatalogFile), path, "")
    try:
        head_fields = decode(head, _partial(CatalogFile), path, _named(""))
    except DataFileError:
        head_fields = None
    defaults = getattr(head_fields, "defaults", None) or NO_DEFAULTS
    entries = raw.get("exercise")
    good: list[ExerciseEntry] = []
    if not isinstance(entries, list) or not entries:
        problem = (
            "is required but missing"
            if entries is None
            else "expected at least one item, got an empty list"
            if entries == []
            else "expected a list of tables"
        )
        problems.append(DataFileError(path, problem, field="exercise"))
        entries = []
    for position, entry in enumerate(entries):
        where = entry_name(position, entry.get("id") if isinstance(entry, dict) else None)
        if not isinstance(entry, dict):
            problems.append(DataFileError(path, "expected a table", entry=where))
            continue
        try:
            good.append(decode(entry, ExerciseEntry, path, _named(where), CHOICES))
            positions.append(position)
        except DataFileError:
            problems += _field_problems(entry, ExerciseEntry, path, where)
            problems += [
                DataFileError(path, text, entry=where, field=field)
                for field, text in field_rule_problems(entry)
            ]
            category = entry.get("category")
            category = category if category in CATEGORIES else "mobility"
            for name in ("position", "cue", "dosage"):  # resolve() says this for good entries
                if name not in entry and defaults.lookup(category, name) is None:
                    text = "is required but missing (here or in [defaults])"
                    problems.append(DataFileError(path, text, entry=where, field=name))
    problems += _duplicates_of_failed(entries, set(positions), path)
    if len(entries) > MAX_EXERCISES:
        problems.append(
            DataFileError(path, f"expected at most {MAX_EXERCISES} items", field="exercise")
        )
    if not good:
        return None
    fields = {  # a head that failed still lets the entries be checked against each other
        key: value
        for key, value in (msgspec.structs.asdict(head_fields) if head_fields else {}).items()
        if value is not None
    }
    return CatalogFile(**{**fields, "exercise": tuple(good)})


def _duplicates_of_failed(entries: list[Any], good: set[int], path: Path) -> list[DataFileError]:
    """Ids used twice where one of the two entries did not decode (`resolve` reports
    those between entries that did)."""
    first: dict[str, int] = {}
    problems = []
    for position, entry in enumerate(entries):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in first and not (position in good and first[ident] in good):
            text = f"duplicate id, already used by exercise #{first[ident] + 1}"
            where = entry_name(position, ident)
            problems.append(DataFileError(path, text, entry=where, field="id"))
        first.setdefault(ident, position)
    return problems


def _field_problems(
    raw: dict[str, Any],
    struct: type[msgspec.Struct],
    path: Path,
    entry: str,
    prefix: str = "",
) -> list[DataFileError]:
    """One problem per bad field of the table `raw` decoded as `struct`, nested tables
    (a dosage) field by field too, then any rule that joins fields."""
    partial = _partial(struct)
    hints = _hints(struct)
    problems: list[DataFileError] = []
    for key, value in raw.items():
        field = f"{prefix}{key}"
        if key not in hints:
            problem = f"unknown field '{key}' (check the spelling)"
            problems.append(DataFileError(path, problem, entry=entry, field=field))
            continue
        try:
            decode({key: value}, partial, path, _named(entry), CHOICES)
        except DataFileError as error:
            nested = _struct_of(hints[key])
            if nested is not None and isinstance(value, dict):
                inner = _field_problems(value, nested, path, entry, f"{field}.")
                if inner:
                    problems += inner
                    continue
            error.field = f"{prefix}{error.field}" if error.field else field
            problems.append(error)
    for field in struct.__struct_fields__:
        if field not in raw and field in _required(struct):
            problem = "is required but missing"
            problems.append(DataFileError(path, problem, entry=entry, field=prefix + field))
    if not problems and struct is not partial:
        try:  # every field is fine alone: a rule that joins fields
            decode(raw, struct, path, _named(entry), CHOICES)
        except DataFileError as error:
            error.field = prefix + error.field if error.field else prefix.rstrip(".")
            problems.append(error)
    return problems


@cache
def _hints(struct: type[msgspec.Struct]) -> dict[str, Any]:
    return typing.get_type_hints(struct, include_extras=True)


@cache
def _required(struct: type[msgspec.Struct]) -> frozenset[str]:
    fields = struct.__struct_fields__
    defaults = struct.__struct_defaults__
    return frozenset(fields[: len(fields) - len(defaults)]) | frozenset(
        field
        for field, default in zip(fields[len(fields) - len(defaults) :], defaults, strict=True)
        if default is msgspec.NODEFAULT
    )


def _struct_of(hint: Any) -> type[msgspec.Struct] | None:
    """The Struct type inside a field's type (`Dosage | None` gives Dosage)."""
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        return hint
    for arg in typing.get_args(hint):
        found = _struct_of(arg)
        if found is not None:
            return found
    return None


@cache
def _partial(struct: type[msgspec.Struct]) -> type[msgspec.Struct]:
    """`struct` with every field optional, so one field can be checked on its own."""
    hints = _hints(struct)
    fields = [(field, hints[field] | None, None) for field in struct.__struct_fields__]
    return msgspec.defstruct(
        f"Partial{struct.__name__}", fields, kw_only=True, forbid_unknown_fields=True
    )


_QUOTED = re.compile(r"'[^']*'")
_POSITION = re.compile(r"\[\d+\]")


def kind_of(problem: DataFileError) -> str:
    """What sort of problem it is: the field without list positions, the problem
    without the quoted values ("equipment[]: '…' is not allowed; ...")."""
    field = _POSITION.sub("[]", problem.field)
    text = _QUOTED.sub("'…'", problem.problem)
    text = re.sub(r"#\d+", "#…", text)
    text = re.sub(r"loop: .*", "loop", text)
    return f"{field}: {text}" if field else text


def group_by_kind(problems: list[DataFileError]) -> list[tuple[str, list[DataFileError]]]:
    """The problems grouped by `kind_of`, the most common kind first (ties: first seen)."""
    groups: dict[str, list[DataFileError]] = {}
    for problem in problems:
        groups.setdefault(kind_of(problem), []).append(problem)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def report(path: Path, problems: list[DataFileError]) -> list[str]:
    """The lines `unknot check` prints for an invalid file (on standard error): the first
    SHOWN_IN_FULL problems in full, grouped by kind, then a count of each kind (for more
    than one)."""
    lines: list[str] = []
    groups = group_by_kind(problems)
    shown = 0
    for _kind, members in groups:
        for problem in members:
            if shown == SHOWN_IN_FULL:
                break
            lines.append(f"error: {problem}")
            shown += 1
    total = len(problems)
    if total == 1:  # the problem says it all
        return lines
    more = f"; the first {shown} are above" if total > shown else ""
    kinds = plural(len(groups), "kind")
    lines.append(f"error: {problems[0].path}: {plural(total, 'problem')} of {kinds}{more}")
    width = len(str(len(groups[0][1])))
    lines += [f"  {len(members):>{width}} x {kind}" for kind, members in groups]
    return lines
