"""The routine builder's two lists and what their rows say.

The keys that act on a routine (new, add, rename, ...) belong to the screen, so they work
from either list; these lists only add what acts on the highlighted exercise.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from tui.core.catalog import Catalog, Exercise
from tui.core.export import format_duration
from tui.core.plan import PlanSettings, estimate_seconds
from tui.core.routine import Routine, RoutineEntry
from tui.core.text import plural
from tui.widgets.exercise_detail import category_style
from tui.widgets.exercise_list import CATEGORY_TAGS
from tui.widgets.hanging_text import Hanging
from tui.widgets.key_list import KeyList
from tui.widgets.text_items import Item

NUMBER_WIDTH = 4
"""Cells of " 1. ": the dosage and note lines start under the name."""
UNDER_NAME = Content(" " * NUMBER_WIDTH)


class RoutineList(KeyList):
    """The person's routines, then the starters."""

    HELP_PLACE = "the routine list"


class EntryList(KeyList):
    """The exercises of one routine; its keys act on the highlighted exercise."""

    HELP_PLACE = "a routine's exercises (tab or enter)"

    BINDINGS = [
        Binding(
            "e",
            "screen.edit",
            "Dosage",
            tooltip="Edit the dosage and note of this exercise",
            id="routines.edit",
        ),
        Binding(
            "shift+up,K",
            "screen.move(-1)",
            "Earlier",
            key_display="⇧↑",
            tooltip="Move this exercise earlier",
            id="routines.move_up",
        ),
        Binding(
            "shift+down,J",
            "screen.move(1)",
            "Later",
            key_display="⇧↓",
            tooltip="Move this exercise later",
            id="routines.move_down",
        ),
        Binding(
            "x,delete",
            "screen.remove",
            "Remove",
            tooltip="Remove this exercise from the routine",
            id="routines.remove",
        ),
        Binding("escape", "screen.focus_routines", "Routines", show=False),
    ]


def routine_label(name: str, starter: bool) -> Content:
    """A row of the routine list: the name, and a star for a starter."""
    if starter:
        return Content.assemble(name, (" ★", "$accent"))
    return Content(name)


def entry_row(
    number: int, entry: RoutineEntry, exercise: Exercise | None, catalog: Catalog
) -> Hanging:
    """Name and category on the first line, dosage and note below, each wrapping under
    its own text."""
    prefix = Content.styled(f"{number:>{NUMBER_WIDTH - 2}}. ", "$text-muted")
    if exercise is None:
        return Hanging(
            [
                (prefix, Content.styled(entry.id, "bold $error")),
                (
                    UNDER_NAME,
                    Content.styled("missing from this catalogue; kept in the file", "$error"),
                ),
            ]
        )
    dosage = entry.dosage_for(catalog)
    items: list[Item] = [
        (
            prefix,
            Content.assemble(
                (exercise.name, "bold"),
                "  ",
                (CATEGORY_TAGS[exercise.category], category_style(exercise.category)),
            ),
        ),
        (UNDER_NAME, Content.styled(dosage.describe() if dosage else "", "$text-muted")),
    ]
    if exercise.dosage_is_default and dosage == exercise.dosage:
        general = Content.styled(" (the catalogue's general dosage)", "italic $text-muted")
        items[-1] = (UNDER_NAME, items[-1][1] + general)
    if entry.note:
        items.append((UNDER_NAME, Content.styled(entry.note, "italic")))
    return Hanging(items)


def routine_summary(routine: Routine, catalog: Catalog, plan: PlanSettings) -> Hanging:
    """How many exercises, about how long, what is missing, and order warnings."""
    count = len(routine.entries)
    if not count:
        return Hanging(
            [(Content(""), Content.styled("Empty: press a to add exercises.", "$text-muted"))]
        )
    missing = sum(1 for _, exercise in routine.resolve(catalog) if exercise is None)
    facts = plural(count, "exercise")
    facts += f" · about {format_duration(estimate_seconds(routine, catalog, plan))}"
    if missing:
        facts += f" · {missing} missing"
    items: list[Item] = [(Content(""), Content.styled(facts, "bold"))]
    items += [
        (Content.styled("⚠ ", "bold $warning"), Content.styled(warning, "$warning"))
        for warning in routine.order_warnings(catalog)
    ]
    return Hanging(items)


def routine_heading(name: str, starter: bool, description: str) -> Hanging:
    """The routine's name, the starter notice, and its description."""
    items: list[Item] = [(Content(""), Content.styled(name, "bold $accent"))]
    if starter:
        notice = f"A starter: changing it makes your own copy, '{name} (mine)'."
        items.append((Content(""), Content.styled(notice, "$text-muted")))
    if description:
        items.append((Content(""), Content.styled(description, "$text-muted")))
    return Hanging(items)
