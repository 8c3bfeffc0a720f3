"""The session's guide: the one-line cue while working, the whole exercise otherwise.

While getting ready (and in a rest that leads to the next exercise) it shows the cautions
first, so who should take care reads them before starting, then the steps and the
person's own note.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content

from tui.core.catalog import Exercise
from tui.widgets.hanging_text import HangingText
from tui.widgets.text_items import NO_PREFIX, Item

HINT_STYLE = "$text-muted"
CAUTION_STYLE = "$warning"


def guide_items(exercise: Exercise, *, working: bool, note: str = "") -> list[Item]:
    """What the guide shows for `exercise`: its cue while `working`, else everything."""
    if working:
        return [(NO_PREFIX, Content.styled(exercise.cue, "italic"))]
    items: list[Item] = [
        (Content.styled("⚠ ", f"bold {CAUTION_STYLE}"), Content.styled(text, CAUTION_STYLE))
        for text in exercise.cautions
    ]
    items += [
        (Content.styled(f"{number:>2}. ", HINT_STYLE), Content(text))
        for number, text in enumerate(exercise.steps, start=1)
    ]
    if note:
        items.append((Content.styled("Your note: ", HINT_STYLE), Content(note)))
    return items


class SessionGuide(VerticalScroll, can_focus=True):
    """Scrolls by keys when the exercise's text is longer than the room for it."""

    def compose(self) -> ComposeResult:
        yield HangingText(id="guide-text")

    def show(self, exercise: Exercise | None, *, working: bool, note: str = "") -> None:
        """Show `exercise` (None: nothing), from the top."""
        items = guide_items(exercise, working=working, note=note) if exercise else []
        self.query_one(HangingText).update(items)
        self.scroll_home(animate=False)


__all__ = ["SessionGuide", "guide_items"]
