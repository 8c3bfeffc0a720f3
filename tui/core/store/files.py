"""Files that are never half-written: atomic writes, new files under free names, locks,
bounded reads, safe file names, and the version of a file's content.

Rules kept by every module of the store:

- Every write of a whole file goes through `atomic_write` (temporary file in the same
  folder, fsync, `os.replace`), so a crash leaves either the old or the new file.
- A new file goes through `create_new`, which can never take a name another process took.
- Folders are created on the first write, never on read.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import DataFileError

try:  # POSIX only; on other systems the conflict check runs without the lock.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

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
LOCK_NAME = ".unknot.lock"


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
    """Create `directory` and its parents if missing, private to the user."""
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
    make_dirs(directory)
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
    fsync_dir(directory)


def create_new(directory: Path, names: Iterator[str], data: bytes) -> Path:
    """Write `data` under the first of `names` that does not exist yet, atomically.

    Two processes can never pick the same name: the complete file is hard-linked into
    place, which fails if the name exists. Where hard links are not supported, the name
    is reserved with O_EXCL and the content then replaces the (empty) reservation.
    """
    make_dirs(directory)
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


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's advisory lock, so another Unknot cannot write between a check
    and a replace."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    make_dirs(folder)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


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


def read_limited(path: Path) -> tuple[bytes, FileVersion]:
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


def current_version(path: Path) -> tuple[FileVersion | None, bytes | None]:
    """The version on disk now; (None, None) if the file is gone."""
    try:
        data, version = read_limited(path)
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
