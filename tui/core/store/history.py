"""The history of sessions, `history.jsonl`: writing it, reading it back, and saying what
a record means in words.

The log is append-only, one JSON record a line: each session is one write of one complete
line, flushed to disk, and the file is never rewritten. A line torn by a crash or garbled by
a hand edit is skipped when reading, never changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from tui.core.session import SessionRecord
from tui.core.store.files import make_dirs, write_all
from tui.core.text import clean_tree


class HistoryLog:
    """Append-only log of sessions: one JSON object per line, never rewritten."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, record: dict[str, Any]) -> None:
        """Add one record as one line, with a single write, flushed to disk."""
        import json  # not at start-up, which only reads (json's import is ~0.6 ms)

        line = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        data = (line + "\n").encode("utf-8")
        make_dirs(self.path.parent)
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
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> list[dict[str, Any]]:
        """Every readable record, oldest first; torn or garbled lines are skipped."""
        import json

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


#: The key that says what a line records. Lines without it are sessions (the first
#: kind, written before there were others); others are safety checks, PSFS ratings,
#: deletions... each read by the module that writes it.
KIND = "kind"
#: The kind of a line that hides a session from then on (see `hide_session`).
DELETED = "deleted"


@dataclass
class History:
    """What the history file holds."""

    records: list[SessionRecord] = field(default_factory=list)
    """Readable sessions, newest first, without the ones the person deleted."""
    unreadable: int = 0
    """Lines that are not a session (a line torn by a crash, a hand edit)."""
    entries: list[dict[str, Any]] = field(default_factory=list)
    """Lines of other kinds (their `kind` key says which), oldest first, text cleaned."""
    deleted: int = 0
    """Sessions hidden because the person deleted them."""


def session_key(record: SessionRecord) -> tuple[str, str]:
    """What identifies a session in the log: when it started and the routine's name."""
    return record.started_at, record.routine_name


def read_history(path: Path) -> History:
    """Every readable session in the log at `path`, newest first; missing file: none.

    Lines that are not valid JSON or not a valid record are counted and skipped, never
    changed: the log is append-only and the person's. Lines of other kinds are kept in
    `entries`; a deletion hides its session.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return History()
    history = History()
    # Not line.strip(), which copies every line: a line of blanks fails the fast path.
    lines = [line for line in data.split(b"\n") if line]
    if not _read_fast(lines, history, clean=not (data.isascii() and b"\\" not in data)):
        _read_each(lines, history)
    hidden = {
        (str(session.get("started_at")), str(session.get("routine_name")))
        for entry in history.entries
        if entry[KIND] == DELETED and isinstance(session := entry.get("session"), dict)
    }
    if hidden:
        kept = [record for record in history.records if session_key(record) not in hidden]
        history.deleted = len(history.records) - len(kept)
        history.records = kept
    history.records.reverse()
    return history


def _read_fast(lines: list[bytes], history: History, *, clean: bool) -> bool:
    """Every session line decoded at once, as one JSON array straight into records: for
    2,000 sessions a few ms (the Today screen reads them before its first frame). False,
    with `history` untouched, if any line needs a closer look (a torn line, say)."""
    sessions: list[bytes] = []
    entries: list[dict[str, Any]] = []
    for line in lines:
        if b'"kind"' in line:
            entry = _entry(line)
            if entry is None:
                return False  # a session whose text says "kind", or garbage
            entries.append(entry)
        else:
            sessions.append(line)
    try:
        records = _sessions_decoder().decode(b"[" + b",".join(sessions) + b"]")
    except (msgspec.DecodeError, RecursionError):
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
        # Printable ASCII with no escapes cannot hold a control character: skip the check.
        history.records.append(record if line.isascii() and b"\\" not in line else _cleaned(record))


def hide_session(path: Path, record: SessionRecord, at: str) -> None:
    """Delete `record` from the person's history: one appended line that hides it.

    The log is never rewritten, so a crash or a sync cannot lose other sessions (a
    rewrite racing another device's append could), and another device's copy of the
    session stays hidden once both logs meet. `at` is when, ISO 8601.
    """
    started_at, routine_name = session_key(record)
    HistoryLog(path).append(
        {
            KIND: DELETED,
            "at": at,
            "session": {"started_at": started_at, "routine_name": routine_name},
        }
    )


_DECODER: msgspec.json.Decoder[SessionRecord] | None = None
_MANY: msgspec.json.Decoder[list[SessionRecord]] | None = None


def _session_decoder() -> msgspec.json.Decoder[SessionRecord]:
    global _DECODER
    if _DECODER is None:
        _DECODER = msgspec.json.Decoder(SessionRecord)
    return _DECODER


def _sessions_decoder() -> msgspec.json.Decoder[list[SessionRecord]]:
    global _MANY
    if _MANY is None:
        _MANY = msgspec.json.Decoder(list[SessionRecord])
    return _MANY


def _entry(line: bytes) -> dict[str, Any] | None:
    """A line of another kind, text cleaned; None if it is not one (a session)."""
    try:
        value = msgspec.json.decode(line)
    except (msgspec.DecodeError, RecursionError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get(KIND), str):
        return None
    if line.isascii() and b"\\" not in line:
        return value  # printable ASCII with no escapes: nothing to clean
    cleaned: dict[str, Any] = clean_tree(value)
    return cleaned


def _cleaned(record: SessionRecord) -> SessionRecord:
    """`record` with its text cleaned of escape sequences, as `SessionRecord.from_dict`."""
    texts = [record.started_at, record.routine_name]
    for result in record.exercises:
        texts += (result.id, result.name)
    if all(text.isprintable() for text in texts):
        return record
    return SessionRecord.from_dict(record.to_dict())


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
