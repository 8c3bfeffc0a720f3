"""The dosage editor: one routine entry's dosage and note, checked as it is typed.

The fields scroll inside the dialog, so its title and keys stay in sight on a small
terminal; tab moves to the next field and scrolls it into view.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, Label

from tui.core.catalog import Dosage
from tui.core.routine import RoutineEntry
from tui.core.text import clean_text
from tui.screens.dialog import Dialog
from tui.widgets.key_names import key_hints

HINT_STYLE = "$text-muted"


class Field(NamedTuple):
    """One number of the dosage form."""

    name: str
    """The Dosage field."""
    label: str
    """What it is called..."""
    unit: str
    """...and the hint after it."""
    short_label: str
    """The same, for a narrow terminal."""
    short_unit: str
    optional: bool
    """Whether it may be left blank."""


#: The form, in the order it shows the fields.
DOSAGE_FORM: tuple[Field, ...] = (
    Field("hold_seconds", "Hold", "seconds; blank if not held", "Hold", "s", True),
    Field("hold_breaths", "or hold for", "breaths; blank if not", "or for", "breaths", True),
    Field("reps", "Repetitions", "per set (per side)", "Reps", "per set", False),
    Field("sets", "Sets", "", "Sets", "", False),
    Field("rep_seconds", "Tempo", "s per rep; blank: own pace", "Tempo", "s/rep", True),
    Field("rest_between_reps", "Rest between reps", "seconds", "Rest: reps", "s", False),
    Field("rest_between_sides", "Rest between sides", "seconds", "Rest: sides", "s", False),
    Field("rest_between_sets", "Rest between sets", "seconds", "Rest: sets", "s", False),
    Field("rest_after", "Rest after exercise", "seconds", "Rest after", "s", False),
)
#: Columns below which the form uses its short units, which otherwise wrap (its short
#: labels go with the dialog's "-narrow", below Dialog.NARROW_BELOW).
SHORT_UNITS_BELOW = 70


class DosageScreen(Dialog[RoutineEntry | None]):
    """Edit one routine entry's dosage and note; dismisses with the entry, or None."""

    CSS_PATH = [Dialog.CSS_PATH, "dosage.tcss"]

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dosage.cancel"),
        Binding("ctrl+s", "save", "Save", id="dosage.save"),
    ]

    def __init__(self, exercise_name: str, entry: RoutineEntry, dosage: Dosage) -> None:
        super().__init__()
        self._name = clean_text(exercise_name)  # a name from a file: through the sanitiser
        self._entry = entry
        self._dosage = dosage

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide dosage"):
            yield Label(Content.styled(f"Dosage: {self._name}", "bold"), classes="dialog-title")
            # Not focusable itself: tab goes from field to field, each scrolled into view.
            with VerticalScroll(id="dosage-fields", can_focus=False), Grid(id="dosage-grid"):
                for field in DOSAGE_FORM:
                    value = getattr(self._dosage, field.name)
                    yield Label(field.label, id=f"label-{field.name}")
                    yield Input(
                        "" if value is None else str(value),
                        type="integer",
                        compact=True,
                        id=f"field-{field.name}",
                        max_length=6,
                    )
                    yield Label(Content.styled(field.unit, HINT_STYLE), id=f"problem-{field.name}")
                yield Label("Each side")
                # Labelled (and two columns wide): Textual cuts an unlabelled compact
                # checkbox to "▐X…".
                yield Checkbox(
                    "left, then right", self._dosage.per_side, compact=True, id="field-per_side"
                )
                yield Label("Note", id="note-label")
                # The whole width of the editor: a note is a sentence, not a number.
                yield Input(
                    self._entry.note,
                    placeholder="for yourself, e.g. gently on the left",
                    compact=True,
                    max_length=400,
                    id="field-note",
                )
            yield Label("", id="dosage-problem", classes="problem")
            yield Label(
                key_hints(
                    self,
                    ("tab", "next field"),
                    ("dosage.save", "save"),
                    ("dosage.cancel", "cancel"),
                ),
                classes="dialog-keys",
            )

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field in DOSAGE_FORM:
            text = self.query_one(f"#field-{field.name}", Input).value.strip()
            if not text:
                values[field.name] = None if field.optional else ""
            else:
                try:
                    values[field.name] = int(text)
                except ValueError:
                    values[field.name] = text
        values["per_side"] = self.query_one("#field-per_side", Checkbox).value
        return values

    def _check(self) -> Dosage | None:
        from tui.core.catalog import validate_dosage

        values = self._values()
        dosage, problems = validate_dosage(values)
        width = self.app.size.width
        for field in DOSAGE_FORM:
            problem = problems.get(field.name)
            if problem and values[field.name] == "":
                problem = "needs a number"
            unit = field.short_unit if width < SHORT_UNITS_BELOW else field.unit
            self.query_one(f"#problem-{field.name}", Label).update(
                Content.styled(problem, "$error") if problem else Content.styled(unit, HINT_STYLE)
            )
            self.query_one(f"#label-{field.name}", Label).update(
                field.short_label if width < (self.NARROW_BELOW or 0) else field.label
            )
            self.query_one(f"#field-{field.name}", Input).set_class(bool(problem), "-invalid")
        self.query_one("#dosage-problem", Label).update(
            Content.styled(problems.get("dosage", ""), "$error")
        )
        return dosage

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def changed(self) -> None:
        self._check()

    def on_resize(self) -> None:
        self._check()  # the short labels on a narrow terminal, the long ones otherwise

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        dosage = self._check()
        if dosage is None:
            self.notify("Fix the fields marked in red first.", severity="warning")
            return
        note = clean_text(self.query_one("#field-note", Input).value).strip()
        self.dismiss(RoutineEntry(id=self._entry.id, dosage=dosage, note=note))

    def action_cancel(self) -> None:
        self.dismiss(None)
