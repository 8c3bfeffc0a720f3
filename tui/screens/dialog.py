"""The base of Unknot's dialogs: a modal screen that brings its own styles.

The styles load when the first dialog opens, not at start-up, and apply only to
Unknot's dialogs (a `ModalScreen` rule would also restyle Textual's command palette).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input

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

    TYPES_AHEAD: ClassVar[bool] = False
    """Whether keys typed ahead go into the dialog's text box (its one `Input`).

    Keys typed in one burst with the key that opens the dialog ("nLegs" then enter, typed
    fast or sent in one packet over SSH) arrive before the box has the focus: the dialog
    holds them (`take_key` takes those its opener held) and hands them to the app again,
    in order, once the box has it, so they are typed as the person typed them."""

    def take_key(self, key: events.Key) -> None:
        """A key typed before the box had the focus: typed into it once it has (now, if it
        has and those held before it are typed)."""
        if getattr(self, "_box_up", False):
            send_again(self.app, key)
        else:
            self._held_keys().append(key)

    def _held_keys(self) -> list[events.Key]:
        held: list[events.Key] | None = getattr(self, "_typed_ahead", None)
        if held is None:
            held = self._typed_ahead = []
        return held

    def on_key(self, event: events.Key) -> None:
        if self.TYPES_AHEAD and self.focused is None:  # the box has not the focus yet
            event.stop()
            event.prevent_default()
            self.take_key(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.TYPES_AHEAD or not isinstance(event.widget, Input):
            return
        held, self._typed_ahead = self._held_keys(), []
        self._box_up = True
        for key in held:  # as from the terminal: to the box, which has the focus now
            self.take_key(key)

    def action_navigate(self, how: str) -> None:
        navigate(self.focused, how)


def send_again(app: App[Any], key: events.Key) -> None:
    """`key` to `app` once more, as from the terminal. Sent by the app itself: a key made
    while a screen handles a message would be that screen's, and stop at it on its way
    back up, before the app's bindings (enter would not submit)."""
    app.post_message(events.Key(key.key, key.character).set_sender(app))
