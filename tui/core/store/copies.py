"""Recognising what sync tools leave when two machines changed one file: conflict copies
next to it, or git's conflict markers inside it. Pure functions on names and text.

- Syncthing: `desk-break.sync-conflict-20250301-091500-ABCDEFG.toml`
- Dropbox, Nextcloud, ownCloud: `desk-break (Ann's conflicted copy 2025-03-01).toml`
- git: a file holding `<<<<<<< ours`, `=======`, `>>>>>>> theirs` lines.

Such files are never loaded as if nothing happened, and never deleted without asking:
`store.conflicts` finds them and offers the choice.
"""

from __future__ import annotations

import re

# The part of a name that marks a copy, to be cut to find the original's name.
_COPY_MARK = re.compile(
    r"\.sync-conflict-[^.]*"  # Syncthing (and Unknot's own sync)
    r"|\s*\([^()]*conflicted copy[^()]*\)",  # Dropbox, Nextcloud, ownCloud
    re.IGNORECASE,
)
_OURS = "<<<<<<<"
_BASE = "|||||||"
_SPLIT = "======="
_THEIRS = ">>>>>>>"


def is_conflict_copy(name: str) -> bool:
    """Whether a file name is a sync tool's conflict copy of another file."""
    return _COPY_MARK.search(name) is not None


def original_name(name: str) -> str:
    """The name of the file a conflict copy was made from; for a copy of a copy, the file
    they all came from (the first copy's name is itself no file to keep)."""
    return _COPY_MARK.sub("", name)


def conflict_copy_name(name: str, stamp: str, device: str) -> str:
    """A name for a copy Unknot keeps aside, in Syncthing's style so it is recognised:
    `settings.toml` -> `settings.sync-conflict-20250301-091500-laptop-3f9a2c.toml`."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    return f"{stem}.sync-conflict-{stamp}-{device}" + (f".{suffix}" if suffix else "")


def _marker(line: str, marker: str) -> bool:
    rest = line[len(marker) :]
    return line.startswith(marker) and (not rest.strip("\r\n") or rest[0] == " ")


def split_conflict(text: str) -> tuple[str, str] | None:
    """The two versions in a file with git conflict markers: (ours, theirs), each with the
    lines both share; None when the text holds no complete set of markers."""
    ours: list[str] = []
    theirs: list[str] = []
    state = "both"
    found = False
    for line in text.splitlines(keepends=True):
        if state == "both" and _marker(line, _OURS):
            state, found = "ours", True
        elif state == "ours" and _marker(line, _BASE):
            state = "base"
        elif state in ("ours", "base") and line.rstrip("\r\n") == _SPLIT:
            state = "theirs"
        elif state == "theirs" and _marker(line, _THEIRS):
            state = "both"
        else:
            if state in ("both", "ours"):
                ours.append(line)
            if state in ("both", "theirs"):
                theirs.append(line)
    if not found or state != "both":
        return None
    return "".join(ours), "".join(theirs)


def has_conflict_markers(data: bytes) -> bool:
    """Whether bytes read from a file hold a complete set of git conflict markers."""
    if _OURS.encode() not in data:
        return False
    return split_conflict(data.decode("utf-8", "replace")) is not None


def is_marker_line(line: str) -> bool:
    """A line git writes around a conflict (none is ever a JSON record)."""
    stripped = line.rstrip("\r\n")
    return stripped == _SPLIT or any(_marker(line, m) for m in (_OURS, _BASE, _THEIRS))


__all__ = [
    "conflict_copy_name",
    "has_conflict_markers",
    "is_conflict_copy",
    "is_marker_line",
    "original_name",
    "split_conflict",
]
