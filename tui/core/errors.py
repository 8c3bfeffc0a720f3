"""Reading data files, and turning any problem with one into one clear sentence.

A person editing a catalogue or a routine by hand must learn which file, which entry,
which field and what was expected, and never see a traceback. `read_file` is the one way
Unknot reads any file (bounded, regular files only, never blocking); `read_toml` reads
through it and `parse_toml` parses with `tomllib`; `decode` cleans every string (see
`text.clean_tree`) and decodes into a strict `msgspec.Struct`. Every failure becomes a
`DataFileError`, every part of whose message is cleaned, so a message can never carry an
escape sequence from a file.

The reader lives here, with the error it raises, because the catalogue is read at every
start-up: the store's modules stay out of that.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from tui.core.text import TooDeep, clean_text, clean_tree, plural, shown

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
        # Every part may come from a file, its name included: clean them all.
        where = [str(self.path)]
        if self.entry:
            where.append(self.entry)
        if self.field:
            where.append(f"field '{self.field}'")
        return clean_text(f"{': '.join(where)}: {self.problem}")


def describe_error(error: Exception, path: Path | str | None = None, doing: str = "") -> str:
    """A problem with a file in one clean sentence that names the file.

    For an OSError: "/data/settings.toml: cannot be saved (No space left on device)",
    with `path` naming the file when the error does not and `doing` saying what failed;
    anything else (a `DataFileError`, a store's refusal) says it already.
    """
    if not isinstance(error, OSError):
        return clean_text(str(error))
    where = error.filename if error.filename is not None else path
    reason = error.strerror or str(error) or type(error).__name__
    what = f"{doing} ({reason})" if doing else reason
    return clean_text(f"{where}: {what}" if where is not None else what)


MB = 1024 * 1024
# The most Unknot reads of each kind of file: one limit a kind, checked on every read.
# What Unknot writes is checked against the same limit first, so it always reads back.
#: wger's 872 exercises converted come to a few MB; the 10,000-exercise bench catalogue, 5 MB.
CATALOGUE_MAX_BYTES = 32 * MB
#: About 5,000 exercises with their dosage written out (docs/routines.md says so).
ROUTINE_MAX_BYTES = MB
#: About 60,000 sessions of ~1 KB: five years of 8 sessions a day over several devices.
HISTORY_MAX_BYTES = 64 * MB
#: A routine (at most ROUTINE_MAX_BYTES as TOML, a little more as JSON) and where it stopped.
CHECKPOINT_MAX_BYTES = 4 * MB
SETTINGS_MAX_BYTES = 64 * 1024

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_READ = os.O_RDONLY | _O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_O_READ |= getattr(os, "O_CLOEXEC", 0)
_FILE_TYPES = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


def type_name(mode: int) -> str:
    """What a file of this `st_mode` is, in words: "a folder", "a named pipe (FIFO)"..."""
    default = "a file" if stat.S_ISREG(mode) else "something other than a file"
    return _FILE_TYPES.get(stat.S_IFMT(mode), default)


def not_a_file(path: Path, mode: int, wanted: str = "a file") -> DataFileError:
    """The error for a `path` that is not the regular file wanted (mode: what it is)."""
    what = type_name(mode)
    if stat.S_ISLNK(mode):
        return DataFileError(path, f"is a symbolic link; Unknot does not follow links to {wanted}")
    return DataFileError(path, f"is {what}, not {wanted}")


def size_text(count: int) -> str:
    """A size for people: "640 bytes", "64 KB", "1.9 MB"."""
    if count >= MB:
        return f"{count / MB:.3g} MB"
    return f"{count // 1024} KB" if count >= 1024 else plural(count, "byte")


def too_large_size(count: int, max_bytes: int) -> str:
    """`count` bytes as said when refusing them for being over `max_bytes`: "over 1 MB"
    where both round alike ("1 MB; ... at most 1 MB" would read as no reason)."""
    size = size_text(count)
    return f"over {size}" if size == size_text(max_bytes) else size


def read_file(
    path: Path, max_bytes: int, *, kind: str = "this kind of file", follow_links: bool = True
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at `path` and its status: the one way Unknot reads.

    A folder, a FIFO, a device, a file larger than `max_bytes` (`kind` names what it
    should have been, e.g. "a routine file"), a file that keeps growing, or a link when
    `follow_links` is False: each is a `DataFileError` in one sentence naming the file,
    never a hang. The type is checked before opening (opening a device can do things)
    and again after opening without blocking (the file may have been swapped meanwhile).
    """
    try:
        info = os.stat(path) if follow_links else os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise not_a_file(path, info.st_mode)
        fd = os.open(path, _O_READ | (0 if follow_links else _O_NOFOLLOW))
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise not_a_file(path, stat.S_IFLNK) from None
        raise DataFileError(path, f"cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise not_a_file(path, info.st_mode)
        too_large = f"{kind} can be at most {size_text(max_bytes)}"
        if info.st_size > max_bytes:
            size = too_large_size(info.st_size, max_bytes)
            raise DataFileError(path, f"is too large ({size}; {too_large})")
        chunks: list[bytes] = []
        left = max_bytes + 1
        # The whole file in one read as a rule (one byte more, to see it did not grow),
        # so that joining copies nothing: a history of years is megabytes.
        step = max(info.st_size + 1, 64 * 1024)
        while left > 0 and (chunk := os.read(fd, min(left, step))):
            chunks.append(chunk)
            left -= len(chunk)
            step = 1024 * 1024
        if left <= 0:
            raise DataFileError(path, f"is too large (it grew while read; {too_large})")
        return b"".join(chunks), info
    except OSError as error:
        raise DataFileError(path, f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)


def read_bytes(
    path: Path, max_bytes: int = CATALOGUE_MAX_BYTES, kind: str = "a catalogue"
) -> bytes:
    """The bytes of the regular file at `path` (see `read_file`), by default at most
    what a catalogue may hold."""
    return read_file(path, max_bytes, kind=kind)[0]


def read_toml(
    path: Path, max_bytes: int = CATALOGUE_MAX_BYTES, kind: str = "a catalogue"
) -> dict[str, Any]:
    """Read (as `read_bytes`) and parse a TOML file, reporting syntax errors with their
    line and column."""
    return parse_toml(read_bytes(path, max_bytes, kind), path)


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
        if isinstance(ident, str) and shown(ident).strip():
            return f"exercise '{shown(ident)}' (#{position + 1})", 2
        return f"exercise #{position + 1}", 2
    if steps and isinstance(steps[0], str) and isinstance(raw.get(steps[0]), dict):
        return steps[0], 1
    return "", 0


def clean_document(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """`raw` with every string cleaned (`text.clean_tree`); nesting too deep to walk is a
    `DataFileError` naming the file."""
    try:
        cleaned: dict[str, Any] = clean_tree(raw)
    except TooDeep as error:
        raise DataFileError(path, str(error)) from None
    return cleaned


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
        return msgspec.convert(clean_document(raw, path), type_, strict=True)
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
