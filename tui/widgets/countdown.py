"""How a countdown's time is shown: whole seconds rounded up, as a clock ("0:27").

The widget that draws it is `tui.widgets.big_clock.BigClock`.
"""

from __future__ import annotations

import math


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
