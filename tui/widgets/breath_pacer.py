"""A breathing pacer for holds counted in slow breaths: in, out, and which breath.

It shows one line, "↑ Breathe in  ■■■□□  breath 2 of 6", and repaints only when what it
shows changes (a fifth of a half-breath at most), never on every clock tick.
"""

from __future__ import annotations

import math

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.core.cues import BreathPhase

#: Cells of the bar that fills while breathing in and empties while breathing out.
BAR_CELLS = 5


class BreathPacer(Widget):
    """In and out at the plan's pace; hidden outside breath-counted holds."""

    DEFAULT_CSS = """
    BreathPacer {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[int, bool, int, int] | None = None
        self._breaths = 0
        self._phase: BreathPhase | None = None

    def show(self, phase: BreathPhase | None, breaths: int) -> None:
        """Show `phase` of a hold of `breaths` breaths (None: nothing to pace)."""
        widened = breaths != self._breaths
        self._phase, self._breaths = phase, breaths
        state = self._state()
        if state != self._shown:
            self._shown = state
            self.refresh(layout=widened)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        # As wide as its longest line for this many breaths, so breathing in and out
        # (and each breath) leaves the width, and what is beside it, where it is.
        return len(f"↓ Breathe out  {'■' * BAR_CELLS}  breath {self._breaths} of {self._breaths}")

    def _state(self) -> tuple[int, bool, int, int]:
        phase = self._phase
        if phase is None:
            return (0, False, 0, self._breaths)
        filled = math.ceil(phase.fraction * BAR_CELLS - 1e-9)
        cells = filled if phase.breathing_in else BAR_CELLS - filled
        return (min(phase.breath, self._breaths), phase.breathing_in, cells, self._breaths)

    def render(self) -> Content:
        phase = self._phase
        if phase is None:
            return Content("")
        breath, breathing_in, cells, breaths = self._state()
        arrow, words = ("↑", "Breathe in ") if breathing_in else ("↓", "Breathe out")
        return Content.assemble(
            (f"{arrow} {words}  ", "bold $accent"),
            ("■" * cells, "$accent"),
            ("□" * (BAR_CELLS - cells), "$text-muted"),
            (f"  breath {breath} of {breaths}", "$text-muted"),
        )


__all__ = ["BAR_CELLS", "BreathPacer"]
