"""Unknot's screens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.events import ScreenResume


def screen_css(name: str) -> str:
    """The styles in `name`, a .tcss file beside the screens, for a screen's DEFAULT_CSS.

    Not CSS_PATH: Textual parses every stylesheet of the app again (a fresh parser, so
    nothing cached) when a screen with a CSS_PATH of its own is first shown: 20-35 ms of
    a first visit. DEFAULT_CSS is added like a widget's, and only the new text is
    parsed.

    What this changes: the rules are scoped to the screen (Textual scopes only the last
    selector of a comma list: the others in these files start with the screen's name),
    and they rank below any app-level CSS (the app's CSS_PATH, the dialogs'),
    whatever their specificity: a screen's file must not style what app-level CSS
    styles. `textual run --dev` does not reload them live.
    """
    return Path(__file__).with_name(name).read_text(encoding="utf-8")


class StyledWhenMounted:
    """A Screen mixin: the first time the screen is shown, its widgets are not styled again.

    Textual styles a screen's widgets again each time the screen is shown, in case the
    styles changed while it was hidden. The first time, every widget was styled moments
    before, as it was mounted (with its siblings, so `:last-child` and the like are
    known): the second pass cost Today's first frame ~4 ms (20 widgets). Later showings
    restyle as usual.

    First in the bases: Textual calls one `_on_screen_resume` (else `on_screen_resume`)
    per class, so this one must not share a class with a screen's own.
    """

    _shown_before = False

    def _on_screen_resume(self, event: ScreenResume) -> None:
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False
