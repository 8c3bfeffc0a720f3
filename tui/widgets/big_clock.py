"""The session's countdown, in digits that grow with the terminal.

Three sizes: Textual's 3-row digits (scale 1), and block digits of 8 rows (scale 2, from
100x30) and 13 rows (scale 3, from 160x45), readable from a mat two metres away. The
block digits are a 3x5 pixel font drawn with half blocks (two pixels a cell, top and
bottom), so a pixel can be as tall as it is wide.

Over SSH every byte counts: each character is a widget of its own, and when the time shown
changes only the rows of the characters that differ are refreshed, so 0:28 -> 0:27
rewrites a few short runs of one digit, never the whole clock.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.countdown import clock_text

#: Each character of the block font: 5 rows of pixels, "#" on.
BLOCK_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    " ": ("...",),
}
#: Scale -> (columns per pixel, half rows per pixel, blank columns between characters).
BLOCK_SCALES: dict[int, tuple[int, int, int]] = {2: (3, 3, 2), 3: (5, 5, 3)}
HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _digits_lines(text: str, bold: bool) -> list[str]:
    """`text` in Textual's 3-row digits."""
    glyphs = DIGITS3X3_BOLD if bold else DIGITS3X3
    rows = ["", "", ""]
    for character in text:
        position = DIGITS.find(character) * 3
        for row in range(3):
            rows[row] += glyphs[position + row].ljust(3) if position >= 0 else " "
    return rows


def _block_lines(text: str, scale: int) -> list[str]:
    """`text` in the block font at `scale`."""
    pixel_width, pixel_height, gap = BLOCK_SCALES[scale]
    pixel_rows: list[list[bool]] = [[] for _ in range(5)]
    for position, character in enumerate(text):
        glyph = BLOCK_FONT.get(character, BLOCK_FONT[" "])
        for row in range(5):
            pattern = glyph[row] if row < len(glyph) else "." * len(glyph[0])
            if position:
                pixel_rows[row] += [False] * gap
            for pixel in pattern:
                pixel_rows[row] += [pixel == "#"] * pixel_width
    # Each pixel row repeated `pixel_height` times, then paired into half-block cells.
    halves = [row for row in pixel_rows for _ in range(pixel_height)]
    if len(halves) % 2:
        halves.append([False] * len(halves[0]))
    return [
        "".join(HALF_BLOCKS[pair] for pair in zip(top, bottom, strict=True))
        for top, bottom in zip(halves[::2], halves[1::2], strict=True)
    ]


@lru_cache(maxsize=64)
def clock_lines(text: str, scale: int, bold: bool = True) -> tuple[str, ...]:
    """The rows of cells that show `text` at `scale` (1: 3 rows; 2: 8 rows; 3: 13 rows)."""
    if scale in BLOCK_SCALES:
        return tuple(_block_lines(text, scale))
    return tuple(_digits_lines(text, bold))


def changed_spans(old: tuple[str, ...], new: tuple[str, ...]) -> list[Region] | None:
    """The regions where `new` differs from `old`, one span a row; None if the sizes differ."""
    if len(old) != len(new) or any(len(a) != len(b) for a, b in zip(old, new, strict=True)):
        return None
    spans: list[Region] = []
    for y, (before, after) in enumerate(zip(old, new, strict=True)):
        if before == after:
            continue
        differ = [x for x, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        spans.append(Region(differ[0], y, differ[-1] - differ[0] + 1, 1))
    return spans


class ClockGlyph(Widget):
    """One character of the clock; refreshes only the rows (and columns) that change.

    A character a widget, because Textual writes a changed line from the start of the
    widget it is in: in one wide widget, a changed seconds digit rewrites the whole row.
    """

    DEFAULT_CSS = """
    ClockGlyph {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, lines: tuple[str, ...], *, pad: int = 0) -> None:
        super().__init__()
        self.lines = lines
        """The rows of cells shown."""
        self.pad = pad
        """Blank columns after the glyph (part of the gap to the next)."""

    def show(self, lines: tuple[str, ...]) -> None:
        """Show `lines` instead, repainting only the cells that differ."""
        spans = changed_spans(self.lines, lines)
        self.lines = lines
        if spans is None:
            self.refresh(layout=True)
        elif spans:
            self.refresh(*spans)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        # With a blank column after the glyph, a change in its last column never reaches
        # the next widget, where Textual would write a stray cursor move.
        return max((len(line) for line in self.lines), default=0) + self.pad

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def render_line(self, y: int) -> Strip:
        if y >= len(self.lines):
            return Strip.blank(self.size.width, self.rich_style)
        return Strip([Segment(self.lines[y].ljust(self.size.width), self.rich_style)])


class BigClock(Horizontal):
    """Whole seconds left, as a clock; larger as `scale` goes from 1 to 3."""

    DEFAULT_CSS = """
    BigClock {
        width: auto;
        height: auto;
    }
    """

    seconds: reactive[int] = reactive(0, repaint=False)
    """Whole seconds shown; only the cells that change are repainted."""
    scale: reactive[int] = reactive(1, repaint=False)
    """1: 3-row digits; 2: 8-row block digits; 3: 13-row block digits."""

    def __init__(self, seconds: int = 0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(BigClock.seconds, seconds)

    @property
    def text(self) -> str:
        """The time as shown, e.g. "0:27"."""
        return clock_text(self.seconds)

    def _glyphs(self) -> list[tuple[str, ...]]:
        bold = self.styles.text_style.bold
        return [clock_lines(character, self.scale, bold) for character in self.text]

    def compose(self) -> ComposeResult:
        gap = BLOCK_SCALES.get(self.scale, (0, 0, 0))[2]
        for position, lines in enumerate(self._glyphs()):
            glyph = ClockGlyph(lines, pad=1 if gap else 0)
            if position and gap:
                glyph.styles.margin = (0, 0, 0, gap - 1)
            yield glyph

    def watch_seconds(self) -> None:
        glyphs = list(self.query_children(ClockGlyph))
        wanted = self._glyphs()
        if len(glyphs) != len(wanted):
            self.refresh(recompose=True)  # 9:59 -> 10:00: another character
            return
        for glyph, lines in zip(glyphs, wanted, strict=True):
            if glyph.lines != lines:
                glyph.show(lines)

    def watch_scale(self) -> None:
        self.refresh(recompose=True)


__all__ = ["BLOCK_FONT", "BigClock", "ClockGlyph", "changed_spans", "clock_lines"]
