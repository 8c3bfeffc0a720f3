"""Files that are never half-written: atomic writes, new files under free names, the lock,
safe names, file versions; and the temporary files of killed writes removed.

Rules kept by every module of Unknot (the store's and the catalogue's alike):

- Every file is read through `errors.read_file`: regular files only, checked before and
  after opening without blocking, at most a fixed size for each kind of file (the limits
  are there too), and any problem is one sentence naming the file (`DataFileError`). It
  lives in `errors` rather than here because the catalogue is read at start-up, which
  must not import the store.
- Every write of a whole file goes through `atomic_write` (temporary file in the same
  folder, fsync, `os.replace`), so a crash leaves either the old or the new file.
- A new file goes through `create_new`, which can never take a name another process took.
- A writer holds its folder's lock (shared) while its temporary file exists, so the
  temporary files of killed writes can be told apart and removed (`remove_stale_temps`).
- An OSError from a write names the file the person knows, never a temporary one.
- Folders are created on the first write, never on read.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import stat
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import DataFileError, not_a_file, read_file

try:  # POSIX only; on other systems the conflict check runs without the lock.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MAX_SLUG_LENGTH = 60
MAX_NAME_LENGTH = 80  # a routine name's limit (catalog.ShortText)

#: Names Windows refuses for a file whatever its extension.
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{digit}" for digit in range(10)}
    | {f"lpt{digit}" for digit in range(10)}
)
LOCK_NAME = ".unknot.lock"
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class StoreError(Exception):
    """Something the store refuses to do; the message is meant for the person."""


# --------------------------------------------------------------------------- atomic files


def fsync_dir(directory: Path) -> None:
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


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to `fd` (os.write may write only part)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def make_dirs(directory: Path) -> None:
    """Create `directory` and its parents if missing, private to the user.

    Something else where a folder should be (a file, a link to nowhere) is an OSError
    naming it, never "File exists".
    """
    try:
        # 0o700: health notes are nobody else's business; only affects folders created now,
        # parents too (mkdir's parents=True would make those with the default mode).
        missing: list[Path] = []
        for part in (directory, *directory.parents):
            if part.is_dir():
                break
            missing.append(part)
        for part in reversed(missing):
            part.mkdir(mode=0o700, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(
            (part for part in (directory, *directory.parents) if _exists_but_not_a_folder(part)),
            directory,
        )
        raise NotADirectoryError(
            errno.ENOTDIR, "is not a folder; move it away so Unknot can make one", str(blocker)
        ) from None


def _exists_but_not_a_folder(path: Path) -> bool:
    return os.path.lexists(path) and not path.is_dir()


def naming(error: OSError, path: Path) -> OSError:
    """`error` as about `path`, the file the person knows (not a temporary one, or none)."""
    if error.filename == str(path):
        return error
    named = OSError(error.errno, error.strerror or str(error) or type(error).__name__, str(path))
    named.__cause__ = error
    return named


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
    fails. An existing file keeps its permissions; a new one is private to the user. A
    link at `path` is replaced, never written through. OSErrors name `path`.
    """
    directory = path.parent
    try:
        make_dirs(directory)
        with locked(directory, shared=True):
            try:
                info = os.lstat(path)
                mode: int | None = info.st_mode & 0o7777 if stat.S_ISREG(info.st_mode) else None
            except OSError:
                mode = None
            temp = _write_temp(directory, path.name, data, mode)
            try:
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    temp.unlink()
                raise
        fsync_dir(directory)
    except OSError as error:
        raise naming(error, path) from None


def create_new(directory: Path, names: Iterator[str], data: bytes) -> Path:
    """Write `data` under the first of `names` that does not exist yet, atomically.

    Two processes can never pick the same name: the complete file is hard-linked into
    place, which fails if the name exists. Where hard links are not supported, the name
    is reserved with O_EXCL and the content then replaces the (empty) reservation.
    """
    make_dirs(directory)
    with locked(directory, shared=True):
        return _create_new(directory, names, data)


def _create_new(directory: Path, names: Iterator[str], data: bytes) -> Path:
    try:
        temp = _write_temp(directory, "new", data)
    except OSError as error:
        raise naming(error, directory) from None
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
            fsync_dir(directory)
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


# --------------------------------------------------------------------------- the lock

_held = threading.local()


def _held_locks() -> dict[Path, bool]:
    """The folders whose lock this thread holds, each with whether it holds it shared."""
    held: dict[Path, bool] | None = getattr(_held, "folders", None)
    if held is None:
        held = _held.folders = {}
    return held


def _open_lock(folder: Path) -> int:
    """Open (creating it if need be) the folder's lock file, refusing anything but a file."""
    path = folder / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | _O_NOFOLLOW | _O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as error:
        with contextlib.suppress(OSError):
            mode = os.lstat(path).st_mode
            if not stat.S_ISREG(mode):
                raise not_a_file(path, mode, "a lock file") from None
        raise naming(error, path) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise not_a_file(path, mode, "a lock file")
    return fd


@contextlib.contextmanager
def locked(folder: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the folder's advisory lock (its `.unknot.lock`) while the block runs.

    Exclusive for a check and a write, or a choice of name, that must not interleave
    with another Unknot's; shared for a write, so that its temporary file is never taken
    for a stale one. A thread that holds the lock already goes on under it. A lock file
    that cannot be used is a `DataFileError` for an exclusive lock; a shared one goes on
    without (nobody can then take the lock to remove temporary files either).
    """
    held = _held_locks()
    if fcntl is None or folder in held:
        if folder in held and held[folder] and not shared:  # pragma: no cover - a bug
            raise RuntimeError(f"{folder}: cannot make a shared lock exclusive")
        yield
        return
    try:
        make_dirs(folder)
        fd = _open_lock(folder)
    except (OSError, DataFileError):
        if not shared:
            raise
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        except OSError:  # e.g. ENOLCK on some network file systems
            if not shared:
                raise
            yield
            return
        held[folder] = shared
        try:
            yield
        finally:
            del held[folder]
    finally:
        os.close(fd)


# mkstemp's names as `_write_temp` asks for them: ".NAME.XXXXXXXX.tmp".
_TEMP_NAME = r"\..*\.[a-z0-9_]{8}\.tmp"


def remove_stale_temps(folder: Path, listing: Iterable[str] | None = None) -> list[str]:
    """Remove the temporary files that killed writes left in `folder`; their names.

    A writer holds the folder's lock while its temporary file exists, so while this
    holds the lock exclusively, every temporary file there is stale. When another Unknot
    holds the lock, nothing is removed (there is always a next time). Costs one listing
    of the folder (none when given its `listing`) when there is nothing to remove.
    """
    try:
        listing = os.listdir(folder) if listing is None else listing
    except OSError:
        return []
    names = sorted(name for name in listing if re.fullmatch(_TEMP_NAME, name))
    if not names or fcntl is None:
        return []
    held = _held_locks()
    if folder in held:
        return [] if held[folder] else _remove_files(folder, names)
    try:
        fd = _open_lock(folder)
    except (OSError, DataFileError):
        return []
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return []  # a writer is at work
        return _remove_files(folder, names)
    finally:
        os.close(fd)


def _remove_files(folder: Path, names: list[str]) -> list[str]:
    removed: list[str] = []
    for name in names:
        path = folder / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
                removed.append(name)
    return removed


def set_aside(path: Path, stem: str, suffix: str) -> Path:
    """Move whatever is at `path` (a file, a folder, a link...) to the first free name of
    `stem`, `stem-2`... with `suffix`, next to it, and return the new path.

    For a file Unknot cannot use but must not lose. The name is chosen under the
    folder's lock, so two Unknots never pick the same one.
    """
    folder = path.parent
    try:
        with locked(folder):
            for name in file_names(stem, suffix):
                target = _inside(folder, name)
                if not os.path.lexists(target):
                    os.rename(path, target)
                    fsync_dir(folder)
                    return target
    except OSError as error:
        raise naming(error, path) from None
    raise StoreError(f"{folder}: no free file name left")  # pragma: no cover


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


def current_version(path: Path, max_bytes: int) -> tuple[FileVersion | None, bytes | None]:
    """The version on disk now; (None, None) if the file is gone."""
    try:
        data, info = read_file(path, max_bytes)
    except DataFileError:
        if not os.path.lexists(path):
            return None, None
        # Exists but unreadable (too large, a folder...): changed, with no content to show.
        return FileVersion(0, -1, ""), None
    return FileVersion.of(data, info), data


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


def file_names(stem: str, suffix: str) -> Iterator[str]:
    """`stem.toml`, `stem-2.toml`, `stem-3.toml`... each stem at most MAX_SLUG_LENGTH."""
    yield f"{stem}{suffix}"
    for number in range(2, 100_000):
        tail = f"-{number}"
        yield f"{stem[: MAX_SLUG_LENGTH - len(tail)].rstrip('-')}{tail}{suffix}"


def unique_name(base: str, taken: set[str], variants: Iterable[str]) -> str:
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


def numbered(*first: str, then: str) -> Iterator[str]:
    """`first` templates, then `then` with {n} = 2, 3, ..."""
    yield from first
    for number in itertools.count(2):
        yield then.replace("{n}", str(number))


__all__ = [
    "LOCK_NAME",
    "MAX_NAME_LENGTH",
    "MAX_SLUG_LENGTH",
    "FileVersion",
    "StoreError",
    "atomic_write",
    "create_new",
    "current_version",
    "file_names",
    "fsync_dir",
    "locked",
    "make_dirs",
    "naming",
    "numbered",
    "remove_stale_temps",
    "set_aside",
    "slugify",
    "unique_name",
    "write_all",
]
