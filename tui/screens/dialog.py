"""The base of Unknot's dialogs: a modal screen that brings its own styles.

The styles load when the first dialog opens, not at start-up, and apply only to
Unknot's dialogs (a `ModalScreen` rule would also restyle Textual's command palette).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen styled by dialog.tcss; subclasses compose a `.dialog` container."""

    # Absolute: a relative path would resolve next to each subclass's module.
    CSS_PATH = Path(__file__).with_name("dialog.tcss")
