"""Fitting a screen to its terminal: layout classes by size, and a notice below the minimum.

A screen (or dialog) mixes in `Fitted` and says what it needs::

    class SessionScreen(Fitted, Screen[None]):
        MIN_SIZE = (40, 12)     # below this: the notice
        NARROW_BELOW = 60       # "-narrow" below 60 columns (also: WIDE_FROM, SHORT_BELOW,
                                # TALL_FROM give "-wide", "-short", "-tall")

Below `MIN_SIZE` the notice "Terminal too small: needs at least 40x12" covers the screen.
Its widgets are hidden (`display: none`), not removed: timers, workers and state carry on,
so a running session keeps time behind the notice and shows the right moment when the
terminal grows again; focus goes back where it was. Keys still reach the screen's own
bindings meanwhile. `too_small_text` can say more ("The session keeps time.").

The size classes are set on mount, on every resize and when the screen comes back from
under a dialog (Textual's own breakpoints change only the screen on top). At the sizes
between the limits no class is set, so 80x24 costs no extra styling pass at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[object]
else:
    _Base = object

TOO_SMALL_CLASS = "-too-small"


class TooSmall(Static):
    """The notice shown instead of a screen that does not fit its terminal."""

    SCOPED_CSS = False  # it styles the screen's other children too
    DEFAULT_CSS = """
    TooSmall {
        display: none;
        dock: top;  /* over whatever layout the screen has (a grid, say) */
        width: 100%;
        height: 100%;
        padding: 0 1;
        content-align: center middle;
        text-align: center;
        background: $background;
        color: $text;
    }
    .-too-small > * { display: none; }
    .-too-small > TooSmall { display: block; }
    """


class Fitted(_Base):
    """A Screen mixin: size classes kept up to date, and the too-small notice."""

    MIN_SIZE: ClassVar[tuple[int, int] | None] = None
    """The smallest terminal (columns, rows) the screen works in; None: any."""
    NARROW_BELOW: ClassVar[int | None] = None
    """Columns below which the screen has the class "-narrow"."""
    WIDE_FROM: ClassVar[int | None] = None
    """Columns from which it has "-wide"."""
    SHORT_BELOW: ClassVar[int | None] = None
    """Rows below which it has "-short"."""
    TALL_FROM: ClassVar[int | None] = None
    """Rows from which it has "-tall"."""

    def too_small_text(self, size: Size) -> Content:
        """What the notice says at `size`."""
        width, height = self.MIN_SIZE or (0, 0)
        return Content.assemble(
            ("Terminal too small", "bold"),
            f"\nneeds at least {width}x{height}",
            (f"\n(now {size.width}x{size.height})", "$text-muted"),
        )

    @property
    def too_small(self) -> bool:
        """Whether the notice is covering the screen."""
        return self.has_class(TOO_SMALL_CLASS)

    def size_classes(self, size: Size) -> dict[str, bool]:
        """The layout classes the screen has at `size`."""

        def below(limit: int | None, value: int) -> bool:
            return limit is not None and value < limit

        def from_(limit: int | None, value: int) -> bool:
            return limit is not None and value >= limit

        return {
            "-narrow": below(self.NARROW_BELOW, size.width),
            "-wide": from_(self.WIDE_FROM, size.width),
            "-short": below(self.SHORT_BELOW, size.height),
            "-tall": from_(self.TALL_FROM, size.height),
        }

    def _fit(self, size: Size) -> None:
        minimum = self.MIN_SIZE
        small = minimum is not None and (size.width < minimum[0] or size.height < minimum[1])
        if small:
            notices = self.query_children(TooSmall)
            if notices:
                notices.first().update(self.too_small_text(size))
            else:
                self.mount(TooSmall(self.too_small_text(size)))
            if not self.too_small:
                # A hidden widget loses focus: give it back when the screen shows again.
                self._focus_before_notice = self.focused
        elif self.too_small:
            focused = getattr(self, "_focus_before_notice", None)
            if focused is not None and focused.is_attached:
                self.call_after_refresh(self.set_focus, focused)
        # One change of classes, so one styling pass (none when nothing changes).
        self.update_classes({**self.size_classes(size), TOO_SMALL_CLASS: small}, animate=False)

    def on_mount(self) -> None:
        self._fit(self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def on_screen_resume(self) -> None:
        self._fit(self.app.size)
