"""Where a person's data lives, and writing it so that nothing is ever half-written.

Layout of the data folder (see docs/routines.md for the person-facing description)::

    <data dir>/
      routines/<slug>.toml   one routine per file, readable and hand-editable
      history.jsonl          one JSON object per line, append-only
      session.json           checkpoint of an unfinished session
      settings.toml          small preferences

Rules kept everywhere in this module:

- Every write of a whole file goes through `atomic_write` (temporary file in the same
  folder, fsync, `os.replace`), so a crash leaves either the old or the new file.
- A file that cannot be read is reported and left byte-for-byte as it is; nothing here
  overwrites it (new routines get fresh names, settings set a bad file aside first).
- A routine changed on disk since it was loaded (another Unknot on the same folder, e.g.
  two SSH sessions) is not overwritten without `force=True`: `ConflictError` instead.
- Folders are created on the first write, never on read.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from tui.core.errors import DataFileError, decode, parse_toml, read_toml
from tui.core.paths import ENV_DATA_DIR, DataPaths, resolve_data_dir
from tui.core.plan import PlanSettings
from tui.core.routine import Routine, RoutineEntry, parse_routine, routine_to_dict

try:  # POSIX only; on other systems the conflict check runs without the lock.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

"""Environment variable naming the data folder (a `--data-dir` flag beats it)."""

ROUTINE_SUFFIX = ".toml"
MAX_SLUG_LENGTH = 60
MAX_NAME_LENGTH = 80  # a routine name's limit (catalog.ShortText)
#: Larger files are not routines, settings or checkpoints; refuse rather than read them whole.
MAX_FILE_BYTES = 1024 * 1024
#: Names Windows refuses for a file whatever its extension.
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{digit}" for digit in range(10)}
    | {f"lpt{digit}" for digit in range(10)}
)
_LOCK_NAME = ".unknot.lock"

ROUTINE_HEADER = (
    "# An Unknot stretching routine: one file per routine, safe to edit by hand and to share.\n"
    "# Leave out `dosage` to use the catalogue's default. Format: docs/routines.md\n\n"
)
SETTINGS_HEADER = (
    '# Unknot settings. bell = "off", "bell" or "flash"; '
    "prepare_seconds = seconds to get into position;\n"
    "# theme = a colour theme's name; [keys] = your own keys (docs/keys.md).\n\n"
)


# --------------------------------------------------------------------------- paths


# --------------------------------------------------------------------------- atomic files


def _fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable; not possible everywhere, so best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _make_dirs(directory: Path) -> None:
    # 0o700: health notes are nobody else's business; only affects folders created now.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def _write_temp(directory: Path, name: str, data: bytes, mode: int | None = None) -> Path:
    """Write `data` to a new hidden temporary file in `directory`, flushed to disk."""
    import tempfile  # imports are deferred to the first write: start-up is measured

    # The temporary name is longer than `name`; cut it so a long routine file name (60
    # letters of 4 UTF-8 bytes) does not push it past the file system's 255-byte limit.
    fd, temp_name = tempfile.mkstemp(prefix=f".{name[:50]}.", suffix=".tmp", dir=directory)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    The bytes go to a hidden temporary file in the same folder, which is flushed and
    fsynced before `os.replace` puts it in place; the temporary file is removed if anything
    fails. An existing file keeps its permissions; a new one is private to the user.
    """
    directory = path.parent
    _make_dirs(directory)
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    temp = _write_temp(directory, path.name, data, mode)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(directory)


def _create_new(directory: Path, names: Iterator[str], data: bytes) -> Path:
    """Write `data` under the first of `names` that does not exist yet, atomically.

    Two processes can never pick the same name: the complete file is hard-linked into
    place, which fails if the name exists. Where hard links are not supported, the name
    is reserved with O_EXCL and the content then replaces the (empty) reservation.
    """
    _make_dirs(directory)
    temp = _write_temp(directory, "new", data)
    try:
        for name in names:
            target = _inside(directory, name)
            if os.path.lexists(target):
                continue
            try:
                os.link(temp, target)
            except FileExistsError:
                continue
            except OSError:
                try:
                    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    continue
                try:
                    os.replace(temp, target)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(target)  # our empty reservation, nobody else's file
                    raise
            _fsync_dir(directory)
            return target
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    raise StoreError(f"{directory}: no free file name left")  # pragma: no cover


def _inside(directory: Path, name: str) -> Path:
    """`directory / name`, refusing anything that could land elsewhere."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\0" in name:
        raise StoreError(f"unsafe file name {name!r}")
    target = directory / name
    if target.parent != directory:  # pragma: no cover - belt and braces
        raise StoreError(f"unsafe file name {name!r}")
    return target


# --------------------------------------------------------------------------- versions


@dataclass(frozen=True)
class FileVersion:
    """What a file held when it was read, to notice if someone else changed it since."""

    mtime_ns: int
    """Modification time in nanoseconds (for display; content decides)."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hex digest of the bytes read."""

    @classmethod
    def of(cls, data: bytes, info: os.stat_result) -> FileVersion:
        from hashlib import sha256

        return cls(info.st_mtime_ns, len(data), sha256(data).hexdigest())

    def same_content(self, other: FileVersion | None) -> bool:
        """Whether `other` holds the same bytes. Timestamps are ignored on purpose: a
        coarse clock can miss a change, and a `touch` is not a change."""
        return other is not None and (self.size, self.sha256) == (other.size, other.sha256)


def _read_limited(path: Path) -> tuple[bytes, FileVersion]:
    """Read a regular file whole, with the version of exactly those bytes."""
    # O_NONBLOCK so that a FIFO named like a routine cannot hang the app on open.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except OSError as error:
        raise DataFileError(path, f"cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(path, "is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise DataFileError(path, f"is too large ({info.st_size} bytes)")
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise DataFileError(path, "is too large")
        data = b"".join(chunks)
    except OSError as error:
        raise DataFileError(path, f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)
    return data, FileVersion.of(data, info)


def _current_version(path: Path) -> tuple[FileVersion | None, bytes | None]:
    """The version on disk now; (None, None) if the file is gone."""
    try:
        data, version = _read_limited(path)
    except DataFileError:
        if not os.path.lexists(path):
            return None, None
        # Exists but unreadable (too large, a folder...): changed, with no content to show.
        return FileVersion(0, -1, ""), None
    return version, data


# --------------------------------------------------------------------------- file names


def slugify(name: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """A safe, readable file stem for a routine name.

    Latin letters lose their accents ("Étirement" -> "etirement"); other letters and
    digits are kept ("名前" stays); spaces, dashes and underscores become single dashes;
    everything else (dots, slashes, emoji...) is dropped. Never empty, never a Windows
    reserved name, at most `max_length` characters.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", name):
        if char.isspace() or char in "-_":
            out.append("-")
            continue
        if char.isascii():
            if char.isalnum():
                out.append(char.lower())
            continue
        ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        if ascii_form and ascii_form.isalnum():
            out.append(ascii_form.lower())
        elif char.isalnum():
            out.append(char.lower())
        elif unicodedata.category(char).startswith("M") and out and out[-1] != "-":
            # Vowel signs and other marks belong to the letter before them (e.g. Hindi).
            out.append(char)
    slug = unicodedata.normalize("NFC", re.sub(r"-{2,}", "-", "".join(out)).strip("-"))
    slug = slug[:max_length].rstrip("-")
    if not slug:
        return "routine"
    if slug in _RESERVED_NAMES:
        slug = f"{slug}-routine"
    return slug


def _file_names(stem: str, suffix: str = ROUTINE_SUFFIX) -> Iterator[str]:
    """`stem.toml`, `stem-2.toml`, `stem-3.toml`... each stem at most MAX_SLUG_LENGTH."""
    yield f"{stem}{suffix}"
    for number in range(2, 100_000):
        tail = f"-{number}"
        yield f"{stem[: MAX_SLUG_LENGTH - len(tail)].rstrip('-')}{tail}{suffix}"


def _unique_name(base: str, taken: set[str], variants: Iterable[str]) -> str:
    """The first of `variants` (templates using `{name}`) not in `taken`, ignoring case.

    `base` is shortened so the result stays within a routine name's 80 characters.
    """
    folded = {name.casefold() for name in taken}
    for template in itertools.islice(variants, 10_000):
        room = MAX_NAME_LENGTH - len(template.format(name=""))
        candidate = template.format(name=base[:room].rstrip())
        if candidate.casefold() not in folded:
            return candidate
    raise StoreError(f"no free name left for '{base}'")  # pragma: no cover


def _numbered(*first: str, then: str) -> Iterator[str]:
    """`first` templates, then `then` with {n} = 2, 3, ..."""
    yield from first
    for number in itertools.count(2):
        yield then.replace("{n}", str(number))


# --------------------------------------------------------------------------- routines


class StoreError(Exception):
    """Something the store refuses to do; the message is meant for the person."""


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
            f"routine '{name}' (#{index + 1})" if isinstance(name, str) else f"routine #{index + 1}"
        )
        return label, 2
    return "", 0


def default_starters_path() -> Path:
    """The starter routines shipped with Unknot."""
    return Path(__file__).resolve().parent.parent / "data" / "starters.toml"


def load_starters(path: Path | None = None) -> list[Routine]:
    """The shipped starter routines (`[[routine]]` tables); raises `DataFileError`."""
    path = default_starters_path() if path is None else path
    document = decode(read_toml(path), _StartersFile, path, describe_entry=_describe_starter)
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
        except OSError as error:
            result.problems.append(
                DataFileError(self.folder, f"cannot be read ({error.strerror or error})")
            )
            return result
        for path in entries:
            # Hidden files are our own temporaries (and the lock); others are not routines.
            if path.name.startswith(".") or path.suffix.lower() != ROUTINE_SUFFIX:
                continue
            try:
                result.routines.append(self.load(path))
            except DataFileError as error:
                result.problems.append(error)
        result.routines.sort(key=lambda stored: (stored.name.casefold(), stored.path.name))
        return result

    def load(self, path: Path) -> StoredRoutine:
        """One routine file, e.g. to reload after a `ConflictError`; raises `DataFileError`."""
        data, version = _read_limited(path)
        routine = parse_routine(parse_toml(data, path), path)
        return StoredRoutine(routine, path, version)

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
            path = _create_new(self.folder, _file_names(slugify(routine.name)), data)
            return StoredRoutine(routine, path, FileVersion.of(data, os.stat(path)))
        with self._locked():
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
        variants = _numbered("Copy of {name}", then="Copy of {name} ({n})")
        name = _unique_name(stored.name, self.names(), variants)
        return self.create(msgspec.structs.replace(stored.routine, name=name))

    def delete(self, stored: StoredRoutine, *, force: bool = False) -> None:
        """Remove the routine's file; `ConflictError` if it changed since it was loaded.

        Deleting a file that someone else already deleted is not an error.
        """
        if stored.read_only:
            raise ReadOnlyError(f"'{stored.name}' is a starter routine and cannot be deleted")
        with self._locked():
            if not force:
                self._check_unchanged(stored, None, missing_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(stored.path)
        _fsync_dir(stored.path.parent)

    def copy_starter(self, starter: Routine | StoredRoutine) -> StoredRoutine:
        """The person's own editable copy of a starter; the starter itself never changes.

        The copy is called "<name> (mine)" ("(mine 2)", ... if that is taken), so the
        starter stays reachable by its own name.
        """
        routine = starter.routine if isinstance(starter, StoredRoutine) else starter
        variants = _numbered("{name} (mine)", then="{name} (mine {n})")
        name = _unique_name(routine.name, self.names(), variants)
        return self.create(msgspec.structs.replace(routine, name=name))

    def create_unique(self, routine: Routine, label: str) -> StoredRoutine:
        """Save `routine` as a new file, keeping its name unless a routine on disk has it;
        then "<name> (<label>)", "<name> (<label> 2)"... (e.g. label "imported")."""
        variants = _numbered("{name}", f"{{name}} ({label})", then=f"{{name}} ({label} {{n}})")
        name = _unique_name(routine.name, self.names(), variants)
        return self.create(msgspec.structs.replace(routine, name=name))

    # ---- helpers

    def _prepare(self, routine: Routine, path: Path | None) -> tuple[Routine, bytes]:
        """The routine exactly as it will read back, and the file's bytes.

        msgspec constructors skip the field checks, so validate here: never write a file
        that would not load. Cleaning (control characters) happens now, not on next load.
        """
        where = path if path is not None else self.folder / f"{slugify(routine.name)}.toml"
        checked = parse_routine(routine_to_dict(routine), where)
        return checked, routine_file_text(checked).encode("utf-8")

    def _check_unchanged(
        self, stored: StoredRoutine, ours: Routine | None, *, missing_ok: bool = False
    ) -> None:
        on_disk, data = _current_version(stored.path)
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

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold an advisory lock so another Unknot cannot write between check and replace."""
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        _make_dirs(self.folder)
        fd = os.open(self.folder / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- history


class HistoryLog:
    """Append-only log of sessions: one JSON object per line, never rewritten."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, record: dict[str, Any]) -> None:
        """Add one record as one line, with a single write, flushed to disk."""
        line = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        data = (line + "\n").encode("utf-8")
        _make_dirs(self.path.parent)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        fd = os.open(self.path, flags, 0o600)
        try:
            size = os.lseek(fd, 0, os.SEEK_END)
            if size:
                os.lseek(fd, size - 1, os.SEEK_SET)
                # A crash mid-append can leave a line without its newline; start afresh so
                # this record does not glue onto that fragment and become unreadable too.
                if os.read(fd, 1) != b"\n":
                    data = b"\n" + data
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> list[dict[str, Any]]:
        """Every readable record, oldest first; torn or garbled lines are skipped."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        records: list[dict[str, Any]] = []
        for line in data.split(b"\n"):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(value, dict):
                records.append(value)
        return records


# --------------------------------------------------------------------------- checkpoint


def save_checkpoint(paths: DataPaths, state: dict[str, Any]) -> None:
    """Record an unfinished session, replacing any earlier checkpoint atomically."""
    data = json.dumps(state, ensure_ascii=False, allow_nan=False).encode("utf-8")
    atomic_write(paths.checkpoint, data)


def load_checkpoint(
    paths: DataPaths, *, problems: list[DataFileError] | None = None
) -> dict[str, Any] | None:
    """The saved unfinished session, or None.

    An unreadable checkpoint also gives None (with the reason added to `problems`); the
    file stays until the next `save_checkpoint` or `clear_checkpoint` replaces it: it is
    Unknot's own scratch state, not something the person wrote.
    """
    path = paths.checkpoint
    if not os.path.lexists(path):
        return None
    try:
        data, _ = _read_limited(path)
        try:
            value = json.loads(data)
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
    """Forget the unfinished session (after it ends, or the person declines to resume)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(paths.checkpoint)


# --------------------------------------------------------------------------- settings

Bell = Literal["off", "bell", "flash"]


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Preferences kept in settings.toml."""

    bell: Bell = "bell"
    """How to mark the end of a hold: "off", "bell" (terminal bell) or "flash" (screen)."""
    prepare_seconds: Annotated[int, Meta(ge=0, le=60)] = 5
    """Seconds to get into position before each exercise."""
    theme: Annotated[str, Meta(max_length=80)] = ""
    """The colour theme chosen in the palette or settings; "" is Unknot's default."""
    keys: dict[str, Annotated[str, Meta(max_length=80)]] = {}
    """The person's keymap: binding id to keys (see docs/keys.md), checked by the app."""

    @property
    def plan(self) -> PlanSettings:
        """How routines become timelines with these settings (session and estimates alike)."""
        return PlanSettings(prepare_seconds=self.prepare_seconds)


def load_settings(paths: DataPaths, *, problems: list[DataFileError] | None = None) -> Settings:
    """The saved settings; defaults when there are none or the file is bad.

    A bad file is reported through `problems` and left as it is.
    """
    path = paths.settings
    if not os.path.lexists(path):
        return Settings()
    try:
        data, _ = _read_limited(path)
        return decode(
            parse_toml(data, path),
            Settings,
            path,
            choices={"bell": ("off", "bell", "flash")},
        )
    except DataFileError as error:
        if problems is not None:
            problems.append(error)
        return Settings()


def save_settings(paths: DataPaths, settings: Settings) -> Path | None:
    """Write the settings atomically.

    If the existing file cannot be read (hand-edited, say), it is first copied to
    `settings.unreadable.toml` (or `-2`, ...) so nothing the person wrote is lost; that
    copy's path is returned, otherwise None.
    """
    path = paths.settings
    kept: Path | None = None
    if os.path.lexists(path):
        problems: list[DataFileError] = []
        load_settings(paths, problems=problems)
        if problems:
            try:
                old, _ = _read_limited(path)
            except DataFileError:
                old = None
            if old is not None:
                kept = _create_new(path.parent, _file_names("settings.unreadable", ".toml"), old)
    values = msgspec.structs.asdict(settings)
    import tomli_w

    atomic_write(path, (SETTINGS_HEADER + tomli_w.dumps(values)).encode("utf-8"))
    return kept


__all__ = [
    "ENV_DATA_DIR",
    "ConflictError",
    "DataFileError",
    "DataPaths",
    "FileVersion",
    "HistoryLog",
    "LoadResult",
    "ReadOnlyError",
    "RoutineStore",
    "Settings",
    "StoreError",
    "StoredRoutine",
    "atomic_write",
    "clear_checkpoint",
    "default_starters_path",
    "load_checkpoint",
    "load_settings",
    "load_starters",
    "resolve_data_dir",
    "routine_file_text",
    "save_checkpoint",
    "save_settings",
    "slugify",
]
