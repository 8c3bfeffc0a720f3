"""The exercise catalogue: what each exercise is, and loading it safely from TOML.

The file format is documented for authors in docs/catalog.md; keep the two in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import msgspec
from msgspec import Meta

from tui.core.errors import DataFileError, decode, read_toml
from tui.core.figure import Figure
from tui.core.text import plural

Category = Literal["mobility", "strength"]
Position = Literal["on-back", "on-front", "kneeling", "seated", "standing"]
Equipment = Literal["mat", "strap", "wall", "chair"]
Source = Literal["article", "standard"]

CATEGORY_LABELS: dict[str, str] = {
    "mobility": "Mobility & flexibility",
    "strength": "Strength & stability",
}
POSITION_LABELS: dict[str, str] = {
    "on-back": "Lying on back",
    "on-front": "Lying on front",
    "kneeling": "Kneeling",
    "seated": "Seated",
    "standing": "Standing",
}
EQUIPMENT_LABELS: dict[str, str] = {
    "mat": "Mat",
    "strap": "Strap or towel",
    "wall": "Wall",
    "chair": "Chair",
}
CATEGORIES: tuple[str, ...] = get_args(Category)
POSITIONS: tuple[str, ...] = get_args(Position)
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
SOURCES: tuple[str, ...] = get_args(Source)
#: Allowed values of the fields that have a fixed set, for error messages.
CHOICES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "position": POSITIONS,
    "equipment": EQUIPMENT,
    "source": SOURCES,
}

Text = Annotated[str, Meta(min_length=1, max_length=400, pattern=r"\S")]
# One line: a name, area or cue with a line break would break the list's rows. Patterns
# end in \Z, not $: msgspec matches with re.search, where $ also matches before a final
# newline, so "Bridge\n" would pass.
ShortText = Annotated[str, Meta(min_length=1, max_length=80, pattern=r"^[^\n\r]*\S[^\n\r]*\Z")]
ExerciseId = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*\Z")]
Seconds = Annotated[int, Meta(ge=0, le=600)]

#: Limits shared by the catalogue, the routine builder and hand-written routine files.
MAX_HOLD_SECONDS = 600
MAX_HOLD_BREATHS = 60
MAX_REPS = 100
MAX_SETS = 10
MAX_REST_SECONDS = 600


class Dosage(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How much of an exercise to do. All times are in seconds."""

    hold_seconds: Annotated[int, Meta(ge=1, le=MAX_HOLD_SECONDS)] | None = None
    """Hold each repetition this long; leave out for a moving exercise."""
    hold_breaths: Annotated[int, Meta(ge=1, le=MAX_HOLD_BREATHS)] | None = None
    """Hold each repetition for this many slow breaths instead of seconds."""
    reps: Annotated[int, Meta(ge=1, le=MAX_REPS)] = 1
    """Repetitions in each set (on each side when `per_side`)."""
    sets: Annotated[int, Meta(ge=1, le=MAX_SETS)] = 1
    """How many sets."""
    per_side: bool = False
    """Done on the left and then the right side."""
    rep_seconds: Annotated[int, Meta(ge=1, le=60)] | None = None
    """Tempo of a moving exercise, seconds per repetition; leave out for self-paced."""
    rest_between_reps: Seconds = 0
    """Rest after each held repetition (not after the last of a set)."""
    rest_between_sides: Seconds = 0
    """Rest before switching to the other side."""
    rest_between_sets: Seconds = 30
    """Rest between sets."""
    rest_after: Seconds = 15
    """Rest after the exercise, before the next one."""

    def __post_init__(self) -> None:
        if self.hold_seconds is not None and self.hold_breaths is not None:
            raise ValueError("give hold_seconds or hold_breaths, not both")
        if self.rep_seconds is not None and self.is_hold:
            raise ValueError("rep_seconds is for moving exercises; a held one uses hold_*")

    @property
    def is_hold(self) -> bool:
        """Whether each repetition is a timed hold."""
        return self.hold_seconds is not None or self.hold_breaths is not None

    def describe(self) -> str:
        """A short human summary, e.g. "Hold 30 s · 3 reps · each side"."""
        parts: list[str] = []
        if self.hold_seconds is not None:
            parts.append(f"hold {self.hold_seconds} s")
        elif self.hold_breaths is not None:
            parts.append(f"hold {plural(self.hold_breaths, 'breath')}")
        parts.append(plural(self.reps, "rep"))
        if self.sets > 1:
            parts.append(plural(self.sets, "set"))
        if self.per_side:
            parts.append("each side")
        if not self.is_hold:
            parts.append(f"{self.rep_seconds} s per rep" if self.rep_seconds else "own pace")
        text = " · ".join(parts)
        return text[:1].upper() + text[1:]


def validate_dosage(values: dict[str, Any]) -> tuple[Dosage | None, dict[str, str]]:
    """Check dosage values as typed: the dosage if valid, and a message per bad field.

    Each field is checked on its own (so every bad field gets its own message), then
    the rules that join fields; those are reported under the key "dosage".
    """
    problems: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        try:
            decode({name: value}, Dosage, Path("dosage"), _no_entry)
        except DataFileError as error:
            problems[name] = error.problem
    if problems:
        return None, problems
    try:
        return decode(values, Dosage, Path("dosage"), _no_entry), {}
    except DataFileError as error:
        return None, {error.field or "dosage": error.problem}


def _no_entry(steps: list[str | int], raw: dict[str, Any]) -> tuple[str, int]:
    return "", 0


class Exercise(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One exercise, with everything a person needs to do it safely."""

    id: ExerciseId
    """Stable identifier used by routines: lowercase letters, digits and dashes."""
    name: ShortText
    """Name shown in lists."""
    category: Category
    """"mobility" (mobility and flexibility, done first) or "strength" (stability, later)."""
    areas: Annotated[tuple[ShortText, ...], Meta(min_length=1)]
    """Body areas it targets, e.g. "lower back"."""
    position: Position
    """Starting position."""
    equipment: tuple[Equipment, ...] = ()
    """What is needed besides the person; empty means nothing."""
    steps: Annotated[tuple[Text, ...], Meta(min_length=1)]
    """How to do it, in order."""
    cue: ShortText
    """One line to show while holding or moving."""
    dosage: Dosage
    """Default amount, used when the exercise is added to a routine."""
    cautions: tuple[Text, ...] = ()
    """Who should take care, and how."""
    stop_if: tuple[Text, ...] = ()
    """Signs to stop at once."""
    source: Source
    """"article" when described by the source article, "standard" when only named there."""
    source_note: Annotated[str, Meta(max_length=400)] = ""
    """What was taken from the source, or why not."""
    figure: Figure | None = None
    """A stick figure of the start and end positions (tui/core/figure.py)."""

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def position_label(self) -> str:
        return POSITION_LABELS[self.position]

    @property
    def equipment_label(self) -> str:
        return ", ".join(EQUIPMENT_LABELS[item] for item in self.equipment) or "None"


class Guidance(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Advice that applies to every exercise."""

    notice: Text
    """The plain statement that the app does not replace a clinician."""
    points: tuple[Text, ...] = ()
    """General advice: pain-free, slow, breathe, how often."""
    if_it_hurts: Text = "Stop. If the pain persists, see a physical therapist."
    """Shown when a person reports pain during a session."""


class CatalogFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The whole of a catalogue file."""

    title: ShortText = "Exercises"
    """Name of the catalogue."""
    guidance: Guidance | None = None
    """General advice shown alongside the exercises."""
    exercise: Annotated[tuple[Exercise, ...], Meta(min_length=1)]
    """The exercises, in the order to show them (TOML `[[exercise]]` tables)."""


class Catalog:
    """A loaded, validated catalogue, with a search index. Treat it as read-only.

    A plain class rather than a dataclass: generating dataclass methods costs start-up
    time, and nothing compares or copies catalogues.
    """

    __slots__ = ("_haystacks", "by_id", "exercises", "guidance", "path", "title")

    def __init__(
        self,
        path: Path,
        title: str,
        exercises: tuple[Exercise, ...],
        guidance: Guidance | None = None,
    ) -> None:
        self.path = path
        self.title = title
        self.exercises = exercises
        self.guidance = guidance
        self.by_id = {exercise.id: exercise for exercise in exercises}
        self._haystacks = tuple(map(_haystack, exercises))

    def __repr__(self) -> str:
        return f"Catalog({str(self.path)!r}, {plural(len(self.exercises), 'exercise')})"

    def __len__(self) -> int:
        return len(self.exercises)

    def get(self, exercise_id: str) -> Exercise | None:
        return self.by_id.get(exercise_id)

    def facet(self, field: str) -> list[tuple[str, str, int]]:
        """The values a filter on `field` can take: (value, label, how many exercises).

        Values no exercise has are left out; for equipment, "none" means none needed.
        """
        counts: dict[str, int] = {}
        for exercise in self.exercises:
            for value in _facet_values(exercise, field):
                counts[value] = counts.get(value, 0) + 1
        if field == "area":
            return [(area, area, counts[area]) for area in sorted(counts)]
        order, labels = FACET_VOCABULARY[field]
        return [(value, labels[value], counts[value]) for value in order if value in counts]

    def search(self, query: str = "", filters: Filters | None = None) -> list[int]:
        """Indices of the exercises matching every word of `query` and every filter.

        Words match anywhere in the name, areas, equipment and position, in any case.
        """
        words = query.casefold().split()
        active = filters if filters is not None and filters.active else None
        if not words and active is None:
            return list(range(len(self.exercises)))
        exercises = self.exercises
        result: list[int] = []
        for index, haystack in enumerate(self._haystacks):
            if words and not all(word in haystack for word in words):
                continue
            if active is not None and not active.matches(exercises[index]):
                continue
            result.append(index)
        return result


#: For each fixed-vocabulary filter: its values in display order, and their labels.
FACET_VOCABULARY: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "category": (CATEGORIES, CATEGORY_LABELS),
    "position": (POSITIONS, POSITION_LABELS),
    "equipment": (("none", *EQUIPMENT), {"none": "None needed", **EQUIPMENT_LABELS}),
}


def _facet_values(exercise: Exercise, field: str) -> tuple[str, ...]:
    if field == "area":
        return exercise.areas
    if field == "equipment":
        return exercise.equipment or ("none",)
    return (getattr(exercise, field),)


def facet_label(field: str, value: str | None) -> str:
    """How a filter's value is shown: "any" when unset, else its label."""
    if value is None:
        return "any"
    return FACET_VOCABULARY[field][1].get(value, value) if field in FACET_VOCABULARY else value


def _haystack(exercise: Exercise) -> str:
    return " ".join(
        (
            exercise.name,
            *exercise.areas,
            *(EQUIPMENT_LABELS[item] for item in exercise.equipment),
            POSITION_LABELS[exercise.position],
            exercise.id,
        )
    ).casefold()


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    """Narrowing choices on the catalogue screen; `None` means any."""

    category: str | None = None
    area: str | None = None
    position: str | None = None
    equipment: str | None = None

    @property
    def active(self) -> bool:
        return any((self.category, self.area, self.position, self.equipment))

    def matches(self, exercise: Exercise) -> bool:
        if self.category is not None and exercise.category != self.category:
            return False
        if self.area is not None and self.area not in exercise.areas:
            return False
        if self.position is not None and exercise.position != self.position:
            return False
        if self.equipment is not None:
            if self.equipment == "none":
                return not exercise.equipment
            return self.equipment in exercise.equipment
        return True


def parse_catalog(raw: dict[str, Any], path: Path) -> Catalog:
    """Validate an already parsed TOML document as a catalogue."""
    document = decode(raw, CatalogFile, path, choices=CHOICES)
    seen: dict[str, int] = {}
    for position, exercise in enumerate(document.exercise, start=1):
        if exercise.id in seen:
            raise DataFileError(
                path,
                f"duplicate id, already used by exercise #{seen[exercise.id]}",
                entry=f"exercise '{exercise.id}' (#{position})",
                field="id",
            )
        seen[exercise.id] = position
    return Catalog(path, document.title, document.exercise, document.guidance)


def load_catalog(path: Path) -> Catalog:
    """Read and validate a catalogue file; raises `DataFileError` with a clear message."""
    return parse_catalog(read_toml(path), path)


def default_catalog_path() -> Path:
    """The catalogue shipped with Unknot."""
    return Path(__file__).resolve().parent.parent / "data" / "catalog.toml"
