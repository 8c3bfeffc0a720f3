"""Turn any problem with a data file into one clear sentence.

A person editing a catalogue or a routine by hand must learn which file, which entry,
which field and what was expected, and never see a traceback. `load_document` reads
TOML with `tomllib`, cleans every string (see `text.clean_tree`) and decodes it into a
strict `msgspec.Struct`; every failure becomes a `DataFileError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from tui.core.text import clean_text, clean_tree

T = TypeVar("T")


class DataFileError(Exception):
    """A data file that cannot be used, described for the person who wrote it."""

    def __init__(self, path: Path | str, problem: str, *, entry: str = "", field: str = "") -> None:
        self.path = Path(path)
        """The file at fault."""
        self.entry = entry
        """Which entry, e.g. "exercise 'bridge' (#6)"; empty for the file as a whole."""
        self.field = field
        """Dotted field name within the entry, e.g. "dosage.hold_seconds"."""
        self.problem = problem
        """What is wrong and what was expected."""
        super().__init__(str(self))

    def __str__(self) -> str:
        # A file's own name may hold escape sequences too.
        where = [clean_text(str(self.path))]
        if self.entry:
            where.append(self.entry)
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{': '.join(where)}: {self.problem}"


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is a `DataFileError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a file") from None
    except OSError as error:
        raise DataFileError(path, f"cannot be read ({error.strerror or error})") from None


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, reporting syntax errors with their line and column."""
    return parse_toml(read_bytes(path), path)


def parse_toml(data: bytes, path: Path) -> dict[str, Any]:
    """Parse TOML bytes already read; `path` is only used to name the file in errors."""
    import tomllib  # not at start-up when the catalogue comes from its cache

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataFileError(path, f"is not UTF-8 text (bad byte at line {line})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(path, f"is not valid TOML: {error}") from None
    except RecursionError:
        raise DataFileError(path, "is not valid TOML: nested too deeply") from None


# The path msgspec reports, e.g. "$.exercise[3].dosage.hold_seconds". Patterns are
# compiled (and cached by re) only when a file is invalid.
_PATH = r" - at `\$(?P<path>[^`]*)`$"
_STEP = r"\.(?P<key>[A-Za-z_][\w-]*)|\[(?P<index>\d+)\]|\[(?P<quoted>'[^']*'|\"[^\"]*\")\]"

_TYPE_NAMES = {
    "int": "a whole number",
    "str": "text",
    "bool": "true or false",
    "float": "a number",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
}


def _plain(message: str, field_name: str, choices: Mapping[str, Sequence[str]]) -> str:
    """Reword msgspec's message for someone who has not read its source."""
    if match := re.fullmatch(r"Expected `([\w |]+)`, got `(\w+)`", message):
        wanted = [_TYPE_NAMES.get(name, name) for name in match[1].split(" | ") if name != "null"]
        return f"expected {' or '.join(wanted)}, got {_TYPE_NAMES.get(match[2], match[2])}"
    if match := re.fullmatch(r"Expected `(int|float)` ([<>]=?) ([\d.]+)", message):
        _, op, bound = match.groups()
        words = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}
        return f"expected a whole number {words[op]} {bound}"
    if match := re.fullmatch(r"Expected `(str|array)` of length ([<>]=?) (\d+)", message):
        kind, op, bound = match.groups()
        if kind == "str" and op == ">=" and bound == "1":
            return "expected text, got an empty string"
        if kind == "array" and op == ">=" and bound == "1":
            return "expected at least one item, got an empty list"
        unit = "characters" if kind == "str" else "items"
        limit = "at least" if op.startswith(">") else "at most"
        return f"expected {limit} {bound} {unit}"
    # msgspec quotes the pattern; these are the three patterns the models use.
    if "matching regex '^[^" in message:
        return "expected one line of text, not only spaces"
    if "matching regex" in message and message.endswith("S'"):
        return "expected text, got only spaces"
    if "matching regex '^[a-z0-9]+" in message:
        return "expected lowercase letters and digits joined by single dashes, like 'knee-to-chest'"
    if match := re.fullmatch(r"Invalid enum value (.+)", message):
        allowed = choices.get(field_name)
        if allowed:
            return f"{match[1]} is not allowed; expected one of: {', '.join(allowed)}"
        return f"{match[1]} is not one of the allowed values"
    if match := re.fullmatch(r"Object contains unknown field `([^`]+)`", message):
        return f"unknown field '{match.group(1)}' (check the spelling)"
    if match := re.fullmatch(r"Object missing required field `([^`]+)`", message):
        return "is required but missing"
    return message[:1].lower() + message[1:]


def _walk_path(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for match in re.finditer(_STEP, path):
        if match["key"] is not None:
            steps.append(match["key"])
        elif match["index"] is not None:
            steps.append(int(match["index"]))
        else:
            steps.append(match["quoted"][1:-1])
    return steps


def describe_exercise_entry(steps: list[str | int], raw: dict[str, Any]) -> tuple[str, int]:
    """Name the `[[exercise]]` table a failing path points into, by id and position."""
    if len(steps) >= 2 and steps[0] == "exercise" and isinstance(steps[1], int):
        position = steps[1]
        entries = raw.get("exercise")
        item = entries[position] if isinstance(entries, list) and position < len(entries) else {}
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str) and ident.strip():
            return f"exercise '{ident}' (#{position + 1})", 2
        return f"exercise #{position + 1}", 2
    if steps and isinstance(steps[0], str) and isinstance(raw.get(steps[0]), dict):
        return steps[0], 1
    return "", 0


def decode(
    raw: dict[str, Any],
    type_: type[T],
    path: Path,
    describe_entry: Callable[
        [list[str | int], dict[str, Any]], tuple[str, int]
    ] = describe_exercise_entry,
    choices: Mapping[str, Sequence[str]] | None = None,
) -> T:
    """Decode `raw` strictly into `type_`, raising `DataFileError` on any mismatch.

    `describe_entry(steps, raw)` names the entry a failing path points into and says how
    many of the leading steps that name covers, so the rest becomes the field name.
    `choices` lists the allowed values of fields with a fixed set, by field name.
    """
    try:
        return msgspec.convert(clean_tree(raw), type_, strict=True)
    except msgspec.ValidationError as error:
        message = str(error)
        match = re.search(_PATH, message)
        steps = _walk_path(match["path"]) if match else []
        problem = message[: match.start()] if match else message
        # Unknown/missing field errors point at the table; name the field itself.
        named = re.fullmatch(
            r"Object (?:contains unknown|missing required) field `([^`]+)`", problem
        )
        entry, used = describe_entry(steps, raw)
        field_steps = steps[used:]
        if named:
            field_steps = [*field_steps, named.group(1)]
        field = ""
        for step in field_steps:
            field += f"[{step + 1}]" if isinstance(step, int) else f"{'.' if field else ''}{step}"
        field_name = next((s for s in reversed(field_steps) if isinstance(s, str)), "")
        plain = _plain(problem, field_name, choices or {})
        raise DataFileError(path, plain, entry=entry, field=field) from None
