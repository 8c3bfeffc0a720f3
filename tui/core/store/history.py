"""The history of sessions: writing it, reading it back, and saying what a record means
in words.

Each device appends to its own log, `history/<device>.jsonl`, and reading merges every
log (`load_history`), so machines sharing the data folder through a sync tool never write
the same file. A log is append-only, one JSON record a line: each session is one write of
one complete line, flushed to disk, and the file is never rewritten. A line torn by a
crash or garbled by a hand edit is skipped when reading, never changed. The single
`history.jsonl` of older versions is read as one more log until the first write moves it
into the folder (`migrate_legacy_history`).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from tui.core.dates import moment
from tui.core.errors import HISTORY_MAX_BYTES, DataFileError, describe_error, read_file, type_name
from tui.core.paths import DataPaths
from tui.core.record import PAIN_CHECK_KIND, SessionRecord
from tui.core.store.copies import is_conflict_copy
from tui.core.text import clean_tree

if TYPE_CHECKING:
    from tui.core.next_day import PainCheck

LOG_SUFFIX = ".jsonl"

_O_APPEND = (
    os.O_RDWR
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)  # a link here would make appends land elsewhere
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO here must not hang the app
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _data(path: Path) -> bytes:
    """The log's bytes; none when there is no log yet. Raises `DataFileError` when it
    cannot be read (a folder, a link, too large...)."""
    try:
        data, _ = read_file(path, HISTORY_MAX_BYTES, kind="the history", follow_links=False)
    except DataFileError:
        if not os.path.lexists(path):
            return b""
        raise
    return data


def _lines(path: Path) -> list[bytes]:
    """The log's lines (see `_data`)."""
    return _data(path).split(b"\n")


class HistoryLog:
    """Append-only log of sessions: one JSON object per line, never rewritten."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, record: dict[str, Any]) -> None:
        """Add one record as one line, with a single write, flushed to disk.

        Only to a regular file, never through a link; OSErrors name the log.
        """
        import json  # not at start-up, which only reads

        from tui.core.store.files import make_dirs, naming, write_all

        line = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        data = (line + "\n").encode("utf-8")
        make_dirs(self.path.parent)
        try:
            fd = os.open(self.path, _O_APPEND, 0o600)
        except OSError as error:
            if os.path.islink(self.path):
                raise OSError(
                    error.errno,
                    "is a symbolic link; Unknot does not write through links",
                    str(self.path),
                ) from None
            raise
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise OSError(errno.EINVAL, f"is {type_name(mode)}, not a file", str(self.path))
            size = os.lseek(fd, 0, os.SEEK_END)
            if size:
                os.lseek(fd, size - 1, os.SEEK_SET)
                # A crash mid-append can leave a line without its newline; start afresh so
                # this record does not glue onto that fragment and become unreadable too.
                if os.read(fd, 1) != b"\n":
                    data = b"\n" + data
            write_all(fd, data)
            os.fsync(fd)
        except OSError as error:
            raise naming(error, self.path) from None
        finally:
            os.close(fd)

    def read(self) -> list[dict[str, Any]]:
        """Every readable record, oldest first; torn or garbled lines are skipped.

        Raises `DataFileError` when the log cannot be read at all.
        """
        import json

        records: list[dict[str, Any]] = []
        for line in _lines(self.path):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(value, dict):
                records.append(value)
        return records


#: The key that says what a line records. Lines without it are sessions (the first
#: kind, written before there were others); others are safety checks, PSFS ratings,
#: next-day pain checks, deletions... each read by the module that writes it.
KIND = "kind"
#: The kind of a line that hides a session from then on (see `hide_session`).
DELETED = "deleted"


@dataclass
class History:
    """What the history logs hold."""

    records: list[SessionRecord] = field(default_factory=list)
    """Readable sessions, newest first, without the ones the person deleted."""
    unreadable: int = 0
    """Lines that are not a session (a line torn by a crash, a hand edit)."""
    checks: list[PainCheck] = field(default_factory=list)
    """Answers to "how is your back compared with before that session?", oldest first."""
    entries: list[dict[str, Any]] = field(default_factory=list)
    """Lines of other kinds (their `kind` key says which), oldest first, text cleaned."""
    deleted: int = 0
    """Sessions hidden because the person deleted them."""
    problems: list[str] = field(default_factory=list)
    """Logs that could not be read at all, each in one clean sentence (the others are)."""


def session_key(record: SessionRecord) -> tuple[str, str]:
    """What identifies a session in the log: when it started and the routine's name."""
    return record.started_at, record.routine_name


def read_history(path: Path) -> History:
    """Every readable session in the log at `path`, newest first; missing file: none.

    Lines that are not valid JSON or not a valid record are counted and skipped, never
    changed: the log is append-only and the person's. Lines of other kinds are kept in
    `entries` (and next-day checks in `checks`); a deletion hides its session. Raises
    `DataFileError` when the log cannot be read at all.
    """
    history = _read_log(path)
    _hide_deleted(history)
    history.records.reverse()
    return history


def _read_log(path: Path) -> History:
    """One log as written, oldest first, nothing hidden yet."""
    history = History()
    data = _data(path)
    if not _read_fast(data, history, clean=not _plain(data)):
        _read_each(data.split(b"\n"), history)
    for entry in history.entries:
        if entry[KIND] == PAIN_CHECK_KIND:
            from tui.core.next_day import PainCheck  # only for a log that has one

            try:
                history.checks.append(PainCheck.from_dict(entry))
            except ValueError:
                history.unreadable += 1
    return history


def _hide_deleted(history: History) -> None:
    """Take the sessions the person deleted out of `history.records`."""
    hidden = {
        (str(session.get("started_at")), str(session.get("routine_name")))
        for entry in history.entries
        if entry[KIND] == DELETED and isinstance(session := entry.get("session"), dict)
    }
    if hidden:
        kept = [record for record in history.records if session_key(record) not in hidden]
        history.deleted = len(history.records) - len(kept)
        history.records = kept


#: A line that does not start as every line of ours does, with "{" (a blank line, one
#: that starts with a blank, a record over several lines).
_ODD_LINE = re.compile(rb"\n[^{]")


def _read_fast(data: bytes, history: History, *, clean: bool) -> bool:
    """Every session line decoded straight into records, in runs between the lines of
    other kinds: for 2,000 sessions a few ms (the Today screen reads them before its
    first frame). False, with `history` untouched, if any line needs a closer look (a
    torn line, say).

    The log is neither split into lines nor copied: the lines of other kinds (a few in a
    hundred) are found and decoded on their own, and each run of session lines between
    them is decoded where it lies. A megabyte copied costs more than decoding it, for
    the fresh memory it takes."""
    # One value a line, as the line-by-line read has it: decode_lines also takes two
    # records on one line, one over several lines, and skips blank ones. So every line
    # must start with "{" (and holds a value or fails), and values must be as many as lines.
    if data[:1] not in (b"{", b"") or _ODD_LINE.search(data):
        return False
    entries: list[dict[str, Any]] = []
    records: list[SessionRecord] = []
    decoder = _session_decoder()
    start = 0  # where the run of session lines being looked at starts
    with memoryview(data) as view:
        try:
            while (found := data.find(b'"kind"', start)) != -1:
                line_start = data.rfind(b"\n", start, found) + 1 or start
                line_end = data.find(b"\n", found)
                if line_end == -1:
                    line_end = len(data)
                entry = _entry(data[line_start:line_end])
                if entry is None:
                    return False  # a session whose text says "kind", or garbage
                entries.append(entry)
                records += decoder.decode_lines(view[start:line_start])
                start = line_end + 1
            records += decoder.decode_lines(view[start:])
        except (msgspec.DecodeError, RecursionError):
            return False
    lines = data.count(b"\n") + (bool(data) and not data.endswith(b"\n"))
    if len(records) + len(entries) != lines:  # two values on a line
        return False
    history.records = [_cleaned(record) for record in records] if clean else records
    history.entries = entries
    return True


def _read_each(lines: list[bytes], history: History) -> None:
    """Line by line: lines that are not sessions are counted, never fatal."""
    decoder = _session_decoder()
    for line in lines:
        if not line.strip():
            continue
        if b'"kind"' in line:
            entry = _entry(line)
            if entry is not None:
                history.entries.append(entry)
                continue
        try:
            record = decoder.decode(line)
        except (msgspec.DecodeError, ValueError, RecursionError):
            history.unreadable += 1
            continue
        history.records.append(record if _plain(line) else _cleaned(record))


def hide_session(paths: DataPaths, record: SessionRecord, at: str) -> None:
    """Delete `record` from the person's history: one line, appended to this device's
    log, that hides it.

    No log is ever rewritten, so a crash or a sync cannot lose other sessions (a rewrite
    racing another device's append could), and the session stays hidden in every log it
    is in once the logs meet. `at` is when, ISO 8601.
    """
    started_at, routine_name = session_key(record)
    device_log(paths).append(
        {
            KIND: DELETED,
            "at": at,
            "session": {"started_at": started_at, "routine_name": routine_name},
        }
    )


_DECODER: msgspec.json.Decoder[SessionRecord] | None = None


def _session_decoder() -> msgspec.json.Decoder[SessionRecord]:
    global _DECODER
    if _DECODER is None:
        _DECODER = msgspec.json.Decoder(SessionRecord)
    return _DECODER


def _entry(line: bytes) -> dict[str, Any] | None:
    """A line of another kind, text cleaned; None if it is not one (a session)."""
    try:
        value = msgspec.json.decode(line)
    except (msgspec.DecodeError, RecursionError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get(KIND), str):
        return None
    if _plain(line):
        return value  # printable ASCII with no escapes: nothing to clean
    try:
        cleaned: dict[str, Any] = clean_tree(value)
    except ValueError:  # nested too deep to be one of ours
        return None
    return cleaned


def _plain(data: bytes) -> bool:
    """Printable ASCII with no escapes (and no DEL), so no control character inside."""
    return data.isascii() and b"\\" not in data and b"\x7f" not in data


def _texts(record: SessionRecord) -> list[str]:
    """Every string a record holds."""
    texts = [record.started_at, record.routine_name]
    for result in record.exercises:
        texts += (result.id, result.name, result.instead_of or "", result.instead_of_name or "")
    texts += (report.id for report in record.pain_reports)
    return texts


def _cleaned(record: SessionRecord) -> SessionRecord:
    """`record` with its text cleaned of escape sequences, as `SessionRecord.from_dict`."""
    if all(text.isprintable() for text in _texts(record)):
        return record
    return SessionRecord.from_dict(record.to_dict())


# --------------------------------------------------------------------------- every device


def history_files(paths: DataPaths) -> list[Path]:
    """Every session log in the data folder: each device's, and an older single log."""
    files = [paths.legacy_history] if os.path.lexists(paths.legacy_history) else []
    try:
        names = sorted(os.listdir(paths.history))
    except (FileNotFoundError, NotADirectoryError):
        return files
    except OSError as error:  # unreadable: said, as a file that cannot be read is
        raise DataFileError(paths.history, f"cannot be read ({error.strerror or error})") from None
    # Hidden names are our lock and temporary files; conflict copies wait for the person.
    return files + [
        paths.history / name
        for name in names
        if name.endswith(LOG_SUFFIX) and not name.startswith(".") and not is_conflict_copy(name)
    ]


#: A log's name, size, inode, and times of change of its content and of its inode.
LogVersion = tuple[str, int, int, int, int]


def history_version(paths: DataPaths) -> tuple[LogVersion, ...]:
    """Every log's name, size, inode and times of change: cheap to take, and different
    once any log changed, came or went (a session, an answer, another device's sync).
    The inode and the ctime catch a sync tool that replaces a log with another of the
    same size and keeps its modification time (rsync -a, Syncthing)."""
    version = []
    try:
        files = history_files(paths)
    except DataFileError:  # said when the logs are read
        return (("", -1, -1, -1, -1),)
    for path in files:
        try:
            info = os.stat(path, follow_symlinks=False)
        except OSError:
            continue
        version.append((path.name, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(version)


def logs_size(version: tuple[LogVersion, ...]) -> int:
    """The size of the logs at `version` together, in bytes."""
    return sum(log[1] for log in version)


def device_log(paths: DataPaths) -> HistoryLog:
    """This device's own log, the one to append to (an older single log is moved first)."""
    from tui.core.store.device import device_id

    migrate_legacy_history(paths)
    return HistoryLog(paths.history / f"{device_id(paths)}{LOG_SUFFIX}")


def record_key(record: dict[str, Any]) -> bytes:
    """Identity of a record: the same session read from two logs (a log copied by a sync
    tool, a migration cut short) is one session. Its JSON with sorted keys (by msgspec:
    importing `json` would cost Today's first frame ~2 ms)."""
    return msgspec.json.encode(record, order="sorted")


def read_records(paths: DataPaths) -> list[dict[str, Any]]:
    """Every readable record of every log, each once, in no particular order."""
    seen: set[bytes] = set()
    records: list[dict[str, Any]] = []
    for path in history_files(paths):
        for record in HistoryLog(path).read():
            key = record_key(record)
            if key not in seen:
                seen.add(key)
                records.append(record)
    return records


def load_history(paths: DataPaths) -> History:
    """Every readable line of every device's log, each once: sessions newest first (those
    deleted on any device hidden), other kinds oldest first."""
    merged = History()
    # Sessions by when they started and their routine, then compared whole: hashing every
    # string of every record (as a set of records does) cost 2 ms of Today's first frame.
    seen: dict[tuple[str, str], list[SessionRecord]] = {}
    seen_checks: set[PainCheck] = set()
    seen_entries: set[bytes] = set()
    try:
        files = history_files(paths)
    except DataFileError as error:
        merged.problems.append(str(error))
        files = [paths.legacy_history] if os.path.lexists(paths.legacy_history) else []
    for path in files:
        try:
            part = _read_log(path)
        except (OSError, DataFileError) as error:  # the others still count
            merged.problems.append(describe_error(error, path))
            continue
        merged.unreadable += part.unreadable
        for record in part.records:
            same_key = seen.setdefault(session_key(record), [])
            if record not in same_key:
                same_key.append(record)
                merged.records.append(record)
        for check in part.checks:
            if check not in seen_checks:
                seen_checks.add(check)
                merged.checks.append(check)
        for entry in part.entries:
            key = record_key(entry)
            if key not in seen_entries:
                seen_entries.add(key)
                merged.entries.append(entry)
    _hide_deleted(merged)
    _sort_newest_first(merged.records)
    merged.checks.sort(key=lambda check: moment(check.asked_at))
    # By the moment (stamps may carry different UTC offsets); stable, so lines of one log
    # written in the same second keep their order.
    merged.entries.sort(key=lambda entry: moment(entry.get("at") or entry.get("asked_at")))
    return merged


class HistoryReader:
    """`load_history` that reads the logs again only when one has changed, come or gone
    since its last read (`history_version`). The screens that show the history share
    one, so going from Today to Progress costs a few stats rather than a read.

    What `read` returns may be returned again: it is read-only to its callers.
    """

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self._last: tuple[tuple[LogVersion, ...], History] | None = None

    def current(self) -> History | None:
        """What was read last, if no log has changed since; else None. A few stats, quick
        enough for the event loop (a screen can show the history in its first frame)."""
        return self._kept(history_version(self.paths))

    def read(self, version: tuple[LogVersion, ...] | None = None) -> History:
        """What the logs hold now; `version`: theirs, if just taken (`history_version`).
        Raises what `load_history` raises."""
        # Taken before reading: a line appended meanwhile makes the next read a real one.
        if version is None:
            version = history_version(self.paths)
        kept = self._kept(version)
        if kept is not None:
            return kept
        history = load_history(self.paths)
        # A log that could not be read may become readable without changing (chmod), and
        # an unlistable folder has no version: those are read every time.
        if not history.problems:
            self._last = (version, history)
        return history

    def _kept(self, version: tuple[LogVersion, ...]) -> History | None:
        """What was read last, if the logs were then at `version`."""
        last = self._last
        return last[1] if last is not None and last[0] == version else None


def _sort_newest_first(records: list[SessionRecord]) -> None:
    """By when each started, newest first. Stamps with one UTC offset sort as text (the
    usual case: a few ms less for 2,000 sessions, before Today's first frame)."""
    offsets = {record.started_at[19:] for record in records}
    if len(offsets) == 1 and all(len(record.started_at) == 25 for record in records):
        records.sort(key=lambda record: record.started_at, reverse=True)
        return
    records.sort(key=_newest_first)


def _newest_first(record: SessionRecord) -> tuple[float, str]:
    when = started_local(record)
    return (-when.timestamp() if when is not None else 0.0, record.started_at)


def migrate_legacy_history(paths: DataPaths) -> Path | None:
    """Move an older version's single `history.jsonl` into the folder of logs, whole and
    byte for byte; the path it now has, or None when there was nothing to move.

    The file is hard-linked under a free name before the old name is removed, so a crash
    leaves it at one name or both (read once either way: `load_history` drops duplicates).
    """
    legacy = paths.legacy_history
    if not os.path.lexists(legacy):
        return None
    from tui.core.store.device import device_id
    from tui.core.store.files import fsync_dir, locked

    with locked(paths.history):
        if not os.path.lexists(legacy):
            return None  # another Unknot moved it meanwhile
        device = device_id(paths)
        for number in range(1, 1000):
            suffix = f"-{number}" if number > 1 else ""  # <device>.jsonl, <device>-2.jsonl...
            target = paths.history / f"{device}{suffix}{LOG_SUFFIX}"
            if os.path.lexists(target):
                if os.path.samefile(target, legacy):
                    break  # linked before a crash: only the old name is left to remove
                continue
            try:
                os.link(legacy, target, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError:  # no hard links here: a rename cannot replace a file we checked
                os.rename(legacy, target)
            break
        else:  # pragma: no cover - a thousand logs of one device
            return None
        if os.path.lexists(legacy):
            os.unlink(legacy)
        fsync_dir(paths.history)
        fsync_dir(paths.root)
        return target


def started_local(record: SessionRecord) -> datetime | None:
    """When the session started, in the local time zone; None if the stamp is unreadable."""
    try:
        return datetime.fromisoformat(record.started_at).astimezone()
    except ValueError:
        return None


def format_when(record: SessionRecord, *, long: bool = False) -> str:
    """ "Tue 04 Mar 09:12" (or with the year when `long`), local time."""
    when = started_local(record)
    if when is None:
        return record.started_at[:16]
    return when.strftime("%a %d %b %Y, %H:%M" if long else "%a %d %b %H:%M")


def pain_text(record: SessionRecord) -> str:
    """ "4 → 2", "4 → ?", "? → 2", or "" when neither was given."""
    if record.pain_before is None and record.pain_after is None:
        return ""

    def show(value: int | None) -> str:
        return "?" if value is None else str(value)

    return f"{show(record.pain_before)} → {show(record.pain_after)}"


def status_text(record: SessionRecord) -> str:
    """ "Finished" or "Ended early"."""
    return "Finished" if record.finished else "Ended early"


__all__ = [
    "History",
    "HistoryLog",
    "HistoryReader",
    "device_log",
    "format_when",
    "history_files",
    "history_version",
    "load_history",
    "logs_size",
    "pain_text",
    "read_history",
    "read_records",
    "started_local",
    "status_text",
]
