"""Small modal dialogs: ask for a name, confirm, pick an exercise, edit a dosage."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Static

from tui.core.catalog import Catalog, Dosage, Exercise
from tui.core.routine import RoutineEntry
from tui.core.text import clean_text
from tui.screens.dialog import Dialog
from tui.widgets.exercise_list import ExerciseList

HINT_STYLE = "$text-muted"


class PromptScreen(Dialog[str | None]):
    """Ask for one line of text; dismisses with it (stripped), or None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self, title: str, value: str = "", *, max_length: int = 80, taken: Iterable[str] = ()
    ) -> None:
        super().__init__()
        # Dialogs show names from files: through the sanitiser, as notifications do.
        self._title = clean_text(title)
        self._value = clean_text(value)
        self._max_length = max_length
        self._taken = {name.casefold() for name in taken}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(self._title, "bold"), classes="dialog-title")
            yield Input(self._value, max_length=self._max_length, id="prompt-input")
            yield Label("", id="prompt-problem", classes="problem")
            yield Label(Content.styled("enter save · esc cancel", HINT_STYLE))

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        value = clean_text(event.value).strip()
        if not value:
            self.query_one("#prompt-problem", Label).update("A name cannot be empty.")
            return
        if value.casefold() in self._taken:
            self.query_one("#prompt-problem", Label).update(
                Content(f"You already have a routine called '{value}'.")
            )
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Dialog[bool]):
    """A yes/no question; `y` or enter confirms, `n` or escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._question = clean_text(question)
        self._detail = clean_text(detail)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(self._question, "bold"), classes="dialog-title")
            if self._detail:
                yield Static(Content(self._detail))
            yield Label(Content.styled("y yes · n no", HINT_STYLE))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ExercisePickerScreen(Dialog[Exercise | None]):
    """Search the catalogue and pick one exercise to add."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "to_list", "Results", show=False),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._catalog = catalog

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide picker"):
            yield Label(Content.styled("Add which exercise?", "bold"), classes="dialog-title")
            yield Input(placeholder="type to search", id="picker-search")
            yield ExerciseList(self._catalog.exercises, id="picker-list")
            yield Label(
                Content.styled("type to search · ↑↓ choose · enter add · esc cancel", HINT_STYLE)
            )

    @on(Input.Changed)
    def search(self, event: Input.Changed) -> None:
        self.query_one(ExerciseList).show(
            self._catalog.search(event.value), first=bool(event.value.strip())
        )

    @on(Input.Submitted)
    def submitted(self) -> None:
        listing = self.query_one(ExerciseList)
        if listing.highlighted is not None:
            self.dismiss(listing.highlighted)

    @on(ExerciseList.Selected)
    def selected(self, event: ExerciseList.Selected) -> None:
        self.dismiss(event.exercise)

    def action_to_list(self) -> None:
        self.query_one(ExerciseList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


# (field, label, unit hint, optional): the order the dosage form shows them.
DOSAGE_FORM: tuple[tuple[str, str, str, bool], ...] = (
    ("hold_seconds", "Hold", "seconds; blank if not held", True),
    ("hold_breaths", "or hold for", "breaths; blank if not", True),
    ("reps", "Repetitions", "per set (per side)", False),
    ("sets", "Sets", "", False),
    ("rep_seconds", "Tempo", "s per rep; blank: own pace", True),
    ("rest_between_reps", "Rest between reps", "seconds", False),
    ("rest_between_sides", "Rest between sides", "seconds", False),
    ("rest_between_sets", "Rest between sets", "seconds", False),
    ("rest_after", "Rest after exercise", "seconds", False),
)


class DosageScreen(Dialog[RoutineEntry | None]):
    """Edit one routine entry's dosage and note, checked as it is typed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dosage.cancel"),
        Binding("ctrl+s", "save", "Save", id="dosage.save"),
    ]

    def __init__(self, exercise_name: str, entry: RoutineEntry, dosage: Dosage) -> None:
        super().__init__()
        self._name = clean_text(exercise_name)
        self._entry = entry
        self._dosage = dosage

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide dosage"):
            yield Label(Content.styled(f"Dosage: {self._name}", "bold"), classes="dialog-title")
            with Grid(id="dosage-grid"):
                for field, label, unit, _optional in DOSAGE_FORM:
                    value = getattr(self._dosage, field)
                    yield Label(label)
                    yield Input(
                        "" if value is None else str(value),
                        type="integer",
                        compact=True,
                        id=f"field-{field}",
                        max_length=6,
                    )
                    yield Label(Content.styled(unit, HINT_STYLE), id=f"problem-{field}")
                yield Label("Each side")
                # Labelled (and two columns wide): Textual cuts an unlabelled compact
                # checkbox to "▐X…".
                yield Checkbox(
                    "left, then right", self._dosage.per_side, compact=True, id="field-per_side"
                )
                yield Label("Note")
                yield Input(self._entry.note, compact=True, max_length=400, id="field-note")
                yield Label("")
            yield Label("", id="dosage-problem", classes="problem")
            yield Label(Content.styled("tab next field · ctrl+s save · esc cancel", HINT_STYLE))

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field, _label, _unit, optional in DOSAGE_FORM:
            text = self.query_one(f"#field-{field}", Input).value.strip()
            if not text:
                values[field] = None if optional else ""
            else:
                try:
                    values[field] = int(text)
                except ValueError:
                    values[field] = text
        values["per_side"] = self.query_one("#field-per_side", Checkbox).value
        return values

    def _check(self) -> Dosage | None:
        from tui.core.catalog import validate_dosage

        values = self._values()
        dosage, problems = validate_dosage(values)
        for field, _label, unit, _optional in DOSAGE_FORM:
            label = self.query_one(f"#problem-{field}", Label)
            problem = problems.get(field)
            if problem and values[field] == "":
                problem = "needs a number"
            label.update(
                Content.styled(problem, "$error") if problem else Content.styled(unit, HINT_STYLE)
            )
            self.query_one(f"#field-{field}", Input).set_class(bool(problem), "-invalid")
        self.query_one("#dosage-problem", Label).update(
            Content.styled(problems.get("dosage", ""), "$error")
        )
        return dosage

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def changed(self) -> None:
        self._check()

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
