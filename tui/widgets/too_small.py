"""Fitting a screen to its terminal: layout classes by size, and a notice below the minimum.

A screen (or dialog) mixes in `Fitted` and says what it needs::

    class SessionScreen(Fitted, Screen[None]):
        MIN_SIZE = (40, 12)                       # below this: the notice
        HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]   # Textual's own

Below `MIN_SIZE` the notice "Terminal too small: needs at least 40x12" covers the screen.
Its widgets are hidden (`display: none`), not removed: timers, workers and state carry on,
so a running session keeps time behind the notice and shows the right moment when the
terminal grows again. `too_small_text` can say more ("The session keeps time.").

The breakpoint classes (`-narrow`, `-wide`, ...) are Textual's, but Textual sets them only
on the screen being resized; `Fitted` also sets them when a screen comes back from under a
dialog, so a layout is never the one of the size before.
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
    """A Screen mixin: breakpoint classes kept up to date, and the too-small notice."""

    MIN_SIZE: ClassVar[tuple[int, int] | None] = None
    """The smallest terminal (columns, rows) the screen works in; None: any."""

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
        self.set_class(small, TOO_SMALL_CLASS)

    def _set_breakpoints(self, size: Size) -> None:
        app = self.app
        horizontal = (
            app.HORIZONTAL_BREAKPOINTS
            if self.HORIZONTAL_BREAKPOINTS is None
            else self.HORIZONTAL_BREAKPOINTS
        ) or []
        vertical = (
            app.VERTICAL_BREAKPOINTS
            if self.VERTICAL_BREAKPOINTS is None
            else self.VERTICAL_BREAKPOINTS
        ) or []
        classes = {name: False for _, name in [*horizontal, *vertical]}
        for value, breakpoints in ((size.width, horizontal), (size.height, vertical)):
            chosen = [name for at, name in breakpoints if value >= at]
            if chosen:
                classes[chosen[-1]] = True
        self.update_classes(classes, animate=False)

    def on_mount(self) -> None:
        self._set_breakpoints(self.app.size)
        self._fit(self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def on_screen_resume(self) -> None:
        self._set_breakpoints(self.app.size)
        self._fit(self.app.size)
