"""Everything about one exercise, rendered from data as Textual `Content` (never markup).

`Content.assemble` treats plain strings as literal text, so "[b]" in a catalogue shows
as "[b]"; only the styles written here, with theme variables, are applied.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from tui.core.catalog import Dosage, Exercise
from tui.widgets.text_items import INDENT, NO_PREFIX, Item, join_items, wrap_items


def dosage_lines(dosage: Dosage) -> list[str]:
    """The dosage in full, one fact per line."""
    lines = [dosage.describe()]
    rests = [
        ("between reps", dosage.rest_between_reps if dosage.reps > 1 else 0),
        ("between sides", dosage.rest_between_sides if dosage.per_side else 0),
        ("between sets", dosage.rest_between_sets if dosage.sets > 1 else 0),
        ("after", dosage.rest_after),
    ]
    shown = [f"{seconds} s {label}" for label, seconds in rests if seconds]
    if shown:
        lines.append("Rest " + ", ".join(shown))
    return lines


CATEGORY_STYLES = {
    "mobility": "$success",
    "strength": "$warning",
    "balance": "$secondary",
    "aerobic": "$accent",
}


def category_style(category: str) -> str:
    """The colour of a category (as in the list's tags)."""
    return CATEGORY_STYLES.get(category, "$text")


Lookup = Callable[[str], "Exercise | None"]
"""Finds an exercise by id (the catalogue's `get`), to name variants."""

VARIANT_PREFIXES = {"easier": "  ↓ Easier: ", "harder": "  ↑ Harder: "}


def variant_links(exercise: Exercise, lookup: Lookup | None) -> list[tuple[str, Exercise]]:
    """The exercise's easier then harder variants that the catalogue has: (which, exercise)."""
    if lookup is None:
        return []
    links = []
    for which, ids in (("easier", exercise.easier), ("harder", exercise.harder)):
        for ident in ids:
            if (variant := lookup(ident)) is not None:
                links.append((which, variant))
    return links


def detail_items(
    exercise: Exercise,
    dosage: Dosage | None = None,
    note: str = "",
    *,
    lookup: Lookup | None = None,
    link: int = -1,
) -> list[Item]:
    """The detail of `exercise`; `dosage` overrides the catalogue default when given.

    With `lookup`, its variants are listed under the heading, the `link`-th highlighted.
    """
    blank: Item = (NO_PREFIX, Content(""))
    items: list[Item] = [
        (NO_PREFIX, Content.styled(exercise.name, "bold $accent")),
        (
            NO_PREFIX,
            Content.assemble(
                (exercise.category_label, category_style(exercise.category)),
                f" · {exercise.position_label} · equipment: {exercise.equipment_label}",
            ),
        ),
        (NO_PREFIX, Content.styled("Targets: " + ", ".join(exercise.areas), "$text-muted")),
    ]
    if exercise.aliases:
        also = "Also called: " + ", ".join(exercise.aliases)
        items.append((NO_PREFIX, Content.styled(also, "$text-muted")))
    for number, (which, variant) in enumerate(variant_links(exercise, lookup)):
        style = "reverse bold" if number == link else "underline"
        items.append(
            (
                Content.styled(VARIANT_PREFIXES[which], "$text-muted"),
                Content.styled(variant.name, style),
            )
        )
    items += [blank, (NO_PREFIX, Content.styled("Dosage", "bold"))]
    items += [(INDENT, Content(line)) for line in dosage_lines(dosage or exercise.dosage)]
    if exercise.daily_limit:
        items.append((INDENT, Content.styled(exercise.daily_limit, "bold $warning")))
    if dosage is None and exercise.dosage_is_default:
        general = "The catalogue's general dosage: this exercise gives none of its own."
        items.append((INDENT, Content.styled(general, "italic $text-muted")))
    if note:
        items.append((Content.styled("  Your note: ", "$text-muted"), Content(note)))
    items += [blank, (NO_PREFIX, Content.styled("Steps", "bold"))]
    items += [
        (Content.styled(f"{number:>3}. ", "$text-muted"), Content(step))
        for number, step in enumerate(exercise.steps, start=1)
    ]
    items += [
        blank,
        (NO_PREFIX, Content.styled("While you hold", "bold")),
        (INDENT, Content.styled(exercise.cue, "italic")),
    ]
    if exercise.cautions:
        items += [blank, (NO_PREFIX, Content.styled("Cautions", "bold $warning"))]
        items += [(Content.styled("  ! ", "bold $warning"), Content(i)) for i in exercise.cautions]
    if exercise.stop_if:
        items += [blank, (NO_PREFIX, Content.styled("Stop at once if", "bold $error"))]
        items += [(Content.styled("  ✕ ", "bold $error"), Content(i)) for i in exercise.stop_if]
    source = [text for text in (exercise.source, exercise.source_note) if text]
    credit = credit_lines(exercise)
    if source or credit:
        items += [blank, (NO_PREFIX, Content.styled("Source", "bold"))]
        items += [(INDENT, Content.styled(text, "dim")) for text in (*source, *credit)]
    return items


def credit_lines(exercise: Exercise) -> list[str]:
    """Who wrote the exercise, under what licence, where the original is."""
    parts = []
    if exercise.author:
        parts.append(f"By {exercise.author}")
    if exercise.licence:
        parts.append(f"licence {exercise.licence}")
    if exercise.language:
        parts.append(f"language {exercise.language}")
    lines = [" · ".join(parts)] if parts else []
    return [*lines, exercise.url] if exercise.url else lines


EMPTY: list[Item] = [(NO_PREFIX, Content.styled("No exercise matches.", "italic $text-muted"))]


class ExerciseDetail(ScrollView, can_focus=True):
    """A scrollable pane describing one exercise, with links to its variants.

    It draws its own lines (Textual's line API) rather than scrolling a Static: one
    widget instead of two, and each repaint renders only the rows on screen. The text
    is wrapped once per exercise and width.

    Variants are links, as on a web page: tab moves to the next (and on out of the pane
    after the last), shift+tab back, enter opens the highlighted one.
    """

    DEFAULT_CSS = """
    ExerciseDetail { overflow-x: hidden; overflow-y: scroll; }
    """

    BINDINGS = [
        Binding(
            "tab",
            "next_link(1)",
            "Next variant",
            tooltip="Highlight the next easier or harder variant",
            id="detail.next_variant",
        ),
        Binding("shift+tab", "next_link(-1)", "Previous variant", show=False),
        Binding(
            "enter",
            "open_link",
            "Open variant",
            tooltip="Show the highlighted variant",
            id="detail.open_variant",
        ),
    ]

    exercise: reactive[Exercise | None] = reactive(None)
    """The exercise shown, or None for the empty state."""
    link: reactive[int] = reactive(-1, init=False)
    """Which variant link is highlighted (-1: none)."""

    class VariantChosen(Message):
        """Enter was pressed on a variant link."""

        def __init__(self, exercise: Exercise) -> None:
            self.exercise = exercise
            """The variant to show."""
            super().__init__()

    def __init__(
        self, *, lookup: Lookup | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.lookup = lookup
        """Finds a variant by id; without it, variants are not listed."""
        self.items: list[Item] = EMPTY
        """What the pane shows, before wrapping."""
        self.links: list[tuple[str, Exercise]] = []
        """The variants listed, in order."""
        self._lines: list[Strip] = []
        self._wrapped_width = -1

    def on_mount(self) -> None:
        # Always a scrollbar (overflow-y: scroll), placed before the first layout so the
        # first frame has it: Textual would add it one layout later.
        self.show_vertical_scrollbar = True
        self.vertical_scrollbar.display = True

    @property
    def content(self) -> Content:
        """The text shown, unwrapped."""
        return join_items(self.items)

    def watch_exercise(self, exercise: Exercise | None) -> None:
        self.links = [] if exercise is None else variant_links(exercise, self.lookup)
        self.set_reactive(ExerciseDetail.link, -1)
        self._rebuild()
        self.scroll_home(animate=False, immediate=True)
        if self.has_focus:  # the variant keys show only while the pane has focus
            self.refresh_bindings()

    def watch_link(self) -> None:
        self._rebuild()
        if self.has_focus:
            self.refresh_bindings()

    def _rebuild(self) -> None:
        exercise = self.exercise
        self.items = (
            EMPTY
            if exercise is None
            else detail_items(exercise, lookup=self.lookup, link=self.link)
        )
        self._wrapped_width = -1
        self.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_link":
            return bool(self.links)
        if action == "open_link":
            return (self.link >= 0 or None) if self.links else False
        return True

    def action_next_link(self, step: int) -> None:
        """Highlight the next (or previous) link; past either end, move focus on."""
        target = self.link + step if self.link >= 0 else (0 if step > 0 else len(self.links) - 1)
        if 0 <= target < len(self.links):
            self.link = target
            self.scroll_home(animate=False)  # the links sit under the heading
        else:
            self.link = -1
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()

    def action_open_link(self) -> None:
        if 0 <= self.link < len(self.links):
            self.post_message(self.VariantChosen(self.links[self.link][1]))

    def on_blur(self) -> None:
        self.link = -1

    def notify_style_update(self) -> None:
        # The wrapped lines carry the theme's colours: draw them again (as OptionList does).
        self._wrapped_width = -1
        self.refresh()
        super().notify_style_update()

    def _wrap(self) -> None:
        """Wrap the content to the pane's width; the line count sets how far it scrolls.

        Done at render time, as Textual's OptionList does, because the width is only
        known after layout: the first frame then shows the text, not an empty pane.
        """
        width = self.scrollable_content_region.width
        if width == self._wrapped_width or width <= 0:
            return
        self._wrapped_width = width
        text = wrap_items(self.items, width)
        self._lines = Visual.to_strips(self, text, width, None, self.visual_style)
        virtual_size = Size(width, len(self._lines))
        if virtual_size != self.virtual_size:
            # Not `self.virtual_size = ...`, which asks for another layout of the whole
            # screen: done during a layout, it cost every search keystroke a second
            # layout and repaint, 40 ms later, of identical text. The pane's size does
            # not depend on its text (overflow-y: scroll); only the scrollbar does, which
            # `_scroll_update` (private Textual API, as ScrollView uses it) updates.
            self.set_reactive(ScrollView.virtual_size, virtual_size)
            self._scroll_update(virtual_size)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Wrap once the width is known, after layout and before the paint, so the
        # scrollbar's thumb is right in the first frame (not one frame later).
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._wrap()
        return resized

    def render_lines(self, crop: Region) -> list[Strip]:
        self._wrap()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        style = self.visual_style.rich_style
        if row < len(self._lines):
            return self._lines[row].extend_cell_length(width, style).crop(0, width)
        return Strip.blank(width, style)
