"""The base of Unknot's dialogs: a modal screen that brings its own styles.

The styles load when the first dialog opens, not at start-up, and apply only to
Unknot's dialogs (a `ModalScreen` rule would also restyle Textual's command palette).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import ModalScreen

from tui.widgets.navigation import NAVIGATION_BINDINGS, navigate
from tui.widgets.too_small import Fitted

ResultType = TypeVar("ResultType")


class Dialog(Fitted, ModalScreen[ResultType]):
    """A modal screen styled by dialog.tcss; subclasses compose a `.dialog` container.

    j k g G move in its lists as everywhere; on a small terminal its margins shrink
    (`-short`, `-narrow`), and below 30x8 a notice says the terminal is too small.
    """

    # Absolute: a relative path would resolve next to each subclass's module.
    CSS_PATH = Path(__file__).with_name("dialog.tcss")
    MIN_SIZE = (30, 8)
    NARROW_BELOW = 60
    SHORT_BELOW = 20

    # Ctrl-C says which keys leave, as on other screens (a dialog holds the app's keys).
    BINDINGS = [*NAVIGATION_BINDINGS, Binding("ctrl+c", "app.help_quit", show=False)]

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        """Close with `result`, once. A second enter or escape handled before the dialog
        has gone (keys typed fast, or in one packet over SSH) would close the screen under
        it too (Textual pops the top screen), and with none left the app stopped."""
        if self is not self.app.screen:
            return AwaitComplete.nothing()
        return super().dismiss(result)

    def action_navigate(self, how: str) -> None:
        navigate(self.focused, how)
