"""Make text read from user files safe to show in a terminal.

Catalogues and routines can be shared, so their text is data: it must not be able to
send escape sequences (retitle, clear or reprogram a terminal, write the clipboard).
`clean_text` is the one sanitiser. It runs where text enters (`clean_tree` on every
parsed file, `DataFileError` on every part of a message) and again where text leaves:
the command line's stdout and stderr pass through `CleanStream`, the app's notifications
and dialogs through `clean_text`. Rich markup is handled separately by the screens, which
render such text as `Content`, never as markup.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

#: Deeper than any Unknot file nests (a catalogue: 4 levels); a hostile file must not
#: be able to exhaust the stack of whatever walks it next.
MAX_DEPTH = 32

# The patterns are compiled on first use (re caches them): nearly all text is printable,
# so start-up need not pay for them.
# Whole escape sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte ESC forms), so
# their printable tails ("[2J", "]0;title") do not leak through as visible junk.
_ESCAPE_SEQUENCE = r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI ... final byte
    | \x9b[0-?]*[ -/]*[@-~]            # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])  # OSC, DCS, SOS, PM, APC ...
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?    # ... up to BEL or ST (or end of text)
    | \x1b[ -/]*[0-~]                 # other ESC sequences (RIS, charset, keypad...)
    """
# Every remaining C0/C1 control and DEL, except newline and tab which are layout; and lone
# surrogates (from a file name or a JSON escape), which no terminal can be sent.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
# Bidi overrides and isolates can make text display differently from what it is.
_BIDI = r"[\u202a-\u202e\u2066-\u2069]"


def clean_text(text: str) -> str:
    """Return `text` without escape sequences, control characters or bidi overrides."""
    if text.isprintable():
        return text
    text = re.sub(_ESCAPE_SEQUENCE, "", text, flags=re.VERBOSE)
    text = re.sub(_CONTROL, "", text.replace("\t", " "))
    return re.sub(_BIDI, "", text)


class TooDeep(ValueError):
    """A document nested deeper than `MAX_DEPTH` tables and lists."""


def clean_tree(value: Any) -> Any:
    """Apply `clean_text` to every string (and key) in a parsed TOML or JSON document.

    Raises `TooDeep` (a ValueError) past `MAX_DEPTH` levels, so that nothing after this
    (validation, error messages, a traceback's locals) meets a deeper document.
    """
    return _clean_tree(value, MAX_DEPTH)


def _clean_tree(value: Any, depth: int) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict | list) and depth == 0:
        raise TooDeep(f"tables and lists are nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        return {clean_text(key): _clean_tree(item, depth - 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_tree(item, depth - 1) for item in value]
    return value


def one_line(text: str) -> str:
    """`text` on one line: line breaks of any kind become spaces (for a list's rows)."""
    return " ".join(text.splitlines()) if text and not text.isprintable() else text


def shown(text: str, limit: int = 60) -> str:
    """Text from a file quoted in a message: clean, on one line, at most `limit` characters."""
    text = one_line(clean_text(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CleanStream:
    """A text stream whose every write passes `clean_text`: installed over stdout and
    stderr by the command line, so no message, listing or handout can forget it.

    Cleaning each write on its own is enough: every escape sequence starts with ESC or a
    C1 control, and those never get through, whatever the previous write held.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        """The stream written to."""

    def write(self, text: str) -> int:
        self.stream.write(clean_text(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding...
        return getattr(self.stream, name)


def plural(count: int, noun: str) -> str:
    """ "1 exercise", "3 exercises"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
