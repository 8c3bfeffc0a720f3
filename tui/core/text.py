"""Make text read from user files safe to show in a terminal.

Catalogues and routines can be shared, so their text is data: it must not be able to
send escape sequences (retitle, clear or reprogram a terminal). Rich markup is handled
separately by the screens, which render such text as `rich.text.Text`, never as markup.
"""

from __future__ import annotations

import re
from typing import Any

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
# Every remaining C0/C1 control and DEL, except newline and tab which are layout.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
# Bidi overrides and isolates can make text display differently from what it is.
_BIDI = r"[\u202a-\u202e\u2066-\u2069]"


def clean_text(text: str) -> str:
    """Return `text` without escape sequences, control characters or bidi overrides."""
    if text.isprintable():
        return text
    text = re.sub(_ESCAPE_SEQUENCE, "", text, flags=re.VERBOSE)
    text = re.sub(_CONTROL, "", text.replace("\t", " "))
    return re.sub(_BIDI, "", text)


def clean_tree(value: Any) -> Any:
    """Apply `clean_text` to every string (and key) in a parsed TOML document."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(key): clean_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_tree(item) for item in value]
    return value


def plural(count: int, noun: str) -> str:
    """ "1 exercise", "3 exercises"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
