"""A large whole-second countdown that repaints only when the number shown changes."""

from __future__ import annotations

import math

from textual.reactive import reactive
from textual.widgets import Digits


def whole_seconds(remaining: float) -> int:
    """Seconds to show for `remaining`: rounded up, so a 30 s hold starts at 0:30, ends at 0:01."""
    if not math.isfinite(remaining) or remaining <= 0:
        return 0
    # A hair's tolerance keeps float noise (29.0000000001) from showing an extra second.
    return math.ceil(remaining - 1e-6)


def clock_text(seconds: int) -> str:
    """`seconds` as a clock: "0:27", "12:05", "1:02:03"."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


class Countdown(Digits):
    """Whole seconds left, in large digits. Setting the same value again costs nothing."""

    DEFAULT_CSS = """
    Countdown { width: auto; }
    """

    seconds: reactive[int] = reactive(0)
    """Whole seconds shown; the digits are redrawn only when this changes."""

    def __init__(self, seconds: int = 0, *, id: str | None = None) -> None:
        super().__init__(clock_text(seconds), id=id)
        self.set_reactive(Countdown.seconds, seconds)

    def watch_seconds(self, seconds: int) -> None:
        self.update(clock_text(seconds))
