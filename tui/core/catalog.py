"""The exercise catalogue: what each exercise is, and loading it safely from TOML.

The file format is documented for authors in docs/catalog.md; keep the two in step.

A file is decoded into `CatalogFile` (entries as written, some fields left to
`[defaults]`), then resolved into `Exercise`s, which always have a position, a cue and a
dosage, and list their easier and harder variants in both directions.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import msgspec
from msgspec import Meta

from tui.core.errors import DataFileError, decode, parse_toml, read_bytes
from tui.core.figure import Figure
from tui.core.search import SearchIndex, fold, slug
from tui.core.text import plural

Category = Literal["mobility", "strength", "balance", "aerobic"]
Position = Literal["on-back", "on-front", "on-side", "kneeling", "seated", "standing", "varies"]

CATEGORY_LABELS: dict[str, str] = {
    "mobility": "Mobility & flexibility",
    "strength": "Strength & stability",
    "balance": "Balance",
    "aerobic": "Aerobic",
}
#: Categories to take up once the mobility work is comfortable (the article's order);
#: aerobic work may come before or after, as a warm-up or to finish.
AFTER_MOBILITY = frozenset({"strength", "balance"})
POSITION_LABELS: dict[str, str] = {
    "on-back": "Lying on back",
    "on-front": "Lying on front",
    "on-side": "Lying on side",
    "kneeling": "Kneeling",
    "seated": "Seated",
    "standing": "Standing",
    "varies": "Position varies",
}
#: Equipment with a label of its own, by slug; anything else is shown as written.
EQUIPMENT_LABELS: dict[str, str] = {
    "mat": "Mat",
    "strap": "Strap or towel",
    "wall": "Wall",
    "chair": "Chair",
}
#: Other spellings of the known equipment.
EQUIPMENT_SYNONYMS: dict[str, str] = {
    "gym-mat": "mat",
    "yoga-mat": "mat",
    "exercise-mat": "mat",
    "towel": "strap",
    "strap-or-towel": "strap",
}
CATEGORIES: tuple[str, ...] = get_args(Category)
POSITIONS: tuple[str, ...] = get_args(Position)
#: Allowed values of the fields that have a fixed set, for error messages.
CHOICES: dict[str, tuple[str, ...]] = {"category": CATEGORIES, "position": POSITIONS}

#: Limits: each fits the largest real catalogue we know (wger's: 872 exercises, names up to
#: 44 characters, a paragraph of 1,382) with room to spare, and keeps a file bounded.
MAX_EXERCISES = 20_000
MAX_TEXT = 2_000
MAX_STEPS = 40
MAX_LIST = 20

Text = Annotated[str, Meta(min_length=1, max_length=MAX_TEXT, pattern=r"\S")]
# One line: a name, area or cue with a line break would break the list's rows. Patterns
# end in \Z, not $: msgspec matches with re.search, where $ also matches before a final
# newline, so "Bridge\n" would pass.
ShortText = Annotated[str, Meta(min_length=1, max_length=80, pattern=r"^[^\n\r]*\S[^\n\r]*\Z")]
Line = Annotated[str, Meta(max_length=400, pattern=r"^[^\n\r]*\Z")]
Note = Annotated[str, Meta(max_length=MAX_TEXT)]
ExerciseId = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*\Z")]
Seconds = Annotated[int, Meta(ge=0, le=600)]
# Lists, each bounded.
Names = Annotated[tuple[ShortText, ...], Meta(max_length=MAX_LIST)]
Areas = Annotated[tuple[ShortText, ...], Meta(min_length=1, max_length=MAX_LIST)]
Steps = Annotated[tuple[Text, ...], Meta(min_length=1, max_length=MAX_STEPS)]
Texts = Annotated[tuple[Text, ...], Meta(max_length=MAX_LIST)]
Links = Annotated[tuple[ExerciseId, ...], Meta(max_length=10)]

#: Limits shared by the catalogue, the routine builder and hand-written routine files.
MAX_HOLD_SECONDS = 600
MAX_HOLD_BREATHS = 60
MAX_REPS = 100
MAX_SETS = 10
MAX_REST_SECONDS = 600
MAX_PER_DAY = 24


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
    """One exercise, with everything a person needs to do it safely.

    Made from a checked `ExerciseEntry` (or the cache of one), so its fields carry no
    limits of their own: decoding the cache then costs half as much.
    """

    id: str
    """Stable identifier used by routines: lowercase letters, digits and dashes."""
    name: str
    """Name shown in lists."""
    aliases: tuple[str, ...] = ()
    """Other names people know it by; search finds them."""
    category: Category
    """One of CATEGORIES: what kind of work it is, and so where it goes in a routine."""
    areas: tuple[str, ...]
    """Body areas it targets, as written (any words; compared by slug)."""
    position: Position
    """Starting position."""
    equipment: tuple[str, ...] = ()
    """What is needed besides the person, as written (any words); empty means nothing."""
    steps: tuple[str, ...]
    """How to do it, in order."""
    cue: str
    """One line to show while holding or moving."""
    dosage: Dosage
    """Default amount, used when the exercise is added to a routine."""
    dosage_is_default: bool = False
    """The dosage is the catalogue's general one from `[defaults]`, not this exercise's own."""
    cautions: tuple[str, ...] = ()
    """Who should take care, and how."""
    stop_if: tuple[str, ...] = ()
    """Signs to stop at once."""
    easier: tuple[str, ...] = ()
    """Ids of easier versions of this exercise (regressions), both those it names and
    those that name it as harder."""
    harder: tuple[str, ...] = ()
    """Ids of harder versions of this exercise (progressions), likewise."""
    source: str = ""
    """Where the description comes from, in a few words."""
    source_note: str = ""
    """What was taken from the source, or changed, or why not."""
    author: str = ""
    """Who wrote the description, for attribution."""
    licence: str = ""
    """The licence the description is under, e.g. "CC-BY-SA 4.0"."""
    url: str = ""
    """Where the original can be found (http or https)."""
    language: str = ""
    """Language of the text, as a code such as "en" or "pt-BR"."""
    figure: Figure | None = None
    """A stick figure of the start and end positions (tui/core/figure.py)."""
    max_per_day: int | None = None
    """Do it at most this many times a day (a nerve glide: once), or None for no limit."""

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def position_label(self) -> str:
        return POSITION_LABELS[self.position]

    @property
    def equipment_label(self) -> str:
        return ", ".join(map(equipment_label, self.equipment)) or "None"

    @property
    def daily_limit(self) -> str:
        """How often a day at most, in words ("At most once a day"), or "" for no limit."""
        times = {1: "once", 2: "twice"}
        if self.max_per_day is None:
            return ""
        return f"At most {times.get(self.max_per_day, f'{self.max_per_day} times')} a day"


class ExerciseEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One `[[exercise]]` as written: each field as in `Exercise`, with the limits of
    docs/catalog.md; position, cue and dosage may be left to `[defaults]`."""

    id: ExerciseId
    name: ShortText
    aliases: Names = ()
    category: Category
    areas: Areas
    position: Position | None = None
    equipment: Names = ()
    steps: Steps
    cue: ShortText | None = None
    dosage: Dosage | None = None
    cautions: Texts = ()
    stop_if: Texts = ()
    easier: Links = ()
    harder: Links = ()
    source: Line = ""
    source_note: Note = ""
    author: Line = ""
    licence: Line = ""
    url: Line = ""
    language: Line = ""
    figure: Figure | None = None
    max_per_day: Annotated[int, Meta(ge=1, le=MAX_PER_DAY)] | None = None


def equipment_slug(written: str) -> str:
    """The value a piece of equipment is filtered by: known spellings share one."""
    value = slug(written)
    return EQUIPMENT_SYNONYMS.get(value, value)


def equipment_label(written: str) -> str:
    """How a piece of equipment is shown: the known label, else as written."""
    return EQUIPMENT_LABELS.get(equipment_slug(written), written)


#: Headings of the warning signs, each followed by its list (`Guidance.get_help_now`, ...).
GET_HELP_NOW_HEADING = (
    "Stop and get medical help the same day (your doctor, an urgent care service or an "
    "emergency department) if you have:"
)
GET_CHECKED_SOON_HEADING = (
    "See a doctor soon, before you start these exercises, if you have back pain and:"
)
#: The warning signs every guidance lists unless its catalogue gives its own.
DEFAULT_GET_HELP_NOW = (
    "New trouble controlling your bladder or bowels.",
    "Numbness around your genitals, buttocks or inner thighs.",
    "Weakness or numbness in a leg that is getting worse.",
)
DEFAULT_GET_CHECKED_SOON = (
    "You have a fever, or feel generally unwell.",
    "It started after a recent fall or accident.",
    "You have had cancer, or you are losing weight without knowing why.",
    "It is severe at night and does not ease when you rest or change position.",
)


class Guidance(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Advice that applies to every exercise."""

    notice: Text
    """The plain statement that the app does not replace a clinician."""
    get_help_now: Texts = DEFAULT_GET_HELP_NOW
    """Warning signs that need medical help the same day (after GET_HELP_NOW_HEADING)."""
    get_checked_soon: Texts = DEFAULT_GET_CHECKED_SOON
    """Warning signs to be checked for soon, before exercising (GET_CHECKED_SOON_HEADING)."""
    points: Texts = ()
    """General advice: pain-free, slow, breathe, how often."""
    if_it_hurts: Text = "Stop. If the pain persists, see a physical therapist."
    """Shown when a person reports pain during a session."""


def warning_signs(guidance: Guidance | None) -> list[tuple[str, tuple[str, ...]]]:
    """When to get medical help, as (heading, signs) pairs: the same day, then soon. A
    catalogue without guidance gets Unknot's own signs; a heading without signs is left out."""
    now = guidance.get_help_now if guidance is not None else DEFAULT_GET_HELP_NOW
    soon = guidance.get_checked_soon if guidance is not None else DEFAULT_GET_CHECKED_SOON
    pairs = [(GET_HELP_NOW_HEADING, now), (GET_CHECKED_SOON_HEADING, soon)]
    return [(heading, signs) for heading, signs in pairs if signs]


class CategoryDefaults(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What exercises of one category inherit, before the general `[defaults]`."""

    position: Position | None = None
    """Starting position of an exercise that gives none."""
    cue: ShortText | None = None
    """Cue of an exercise that gives none."""
    dosage: Dosage | None = None
    """Dosage of an exercise that gives none."""


class Defaults(CategoryDefaults, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`[defaults]`: what an entry that leaves out position, cue or dosage inherits."""

    mobility: CategoryDefaults | None = None
    """Overrides for mobility exercises (`[defaults.mobility]`)."""
    strength: CategoryDefaults | None = None
    """Overrides for strength exercises."""
    balance: CategoryDefaults | None = None
    """Overrides for balance exercises."""
    aerobic: CategoryDefaults | None = None
    """Overrides for aerobic exercises."""

    def lookup(self, category: str, field: str) -> Any:
        """The default of `field` for an exercise of `category`, or None."""
        specific: CategoryDefaults | None = getattr(self, category)
        value = getattr(specific, field) if specific is not None else None
        return value if value is not None else getattr(self, field)


NO_DEFAULTS = Defaults()


class CatalogFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The whole of a catalogue file."""

    title: ShortText = "Exercises"
    """Name of the catalogue."""
    licence: Line = ""
    """The licence of the catalogue as a whole, e.g. "CC-BY-SA 4.0"."""
    attribution: Note = ""
    """Who made it and from what: shown with the guidance and on every handout."""
    guidance: Guidance | None = None
    """General advice shown alongside the exercises."""
    defaults: Defaults = NO_DEFAULTS
    """What entries inherit when they leave out position, cue or dosage."""
    exercise: Annotated[tuple[ExerciseEntry, ...], Meta(min_length=1, max_length=MAX_EXERCISES)]
    """The exercises, in the order to show them (TOML `[[exercise]]` tables)."""


class CatalogData(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A catalogue once resolved: what `Catalog` holds and the cache stores."""

    title: str
    """Name of the catalogue."""
    licence: str = ""
    """The catalogue's own licence."""
    attribution: str = ""
    """Who made it and from what."""
    guidance: Guidance | None = None
    """General advice shown alongside the exercises."""
    exercises: tuple[Exercise, ...]
    """The exercises, completed from `[defaults]`, in file order."""


#: The filters the catalogue screen offers, by field.
FACETS = ("category", "area", "position", "equipment")


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    """Narrowing choices on the catalogue screen, each a value's slug; `None` means any.

    For equipment, "none" means exercises that need nothing.
    """

    category: str | None = None
    area: str | None = None
    position: str | None = None
    equipment: str | None = None

    @property
    def active(self) -> bool:
        return any((self.category, self.area, self.position, self.equipment))

    def without(self, field: str) -> Filters:
        """These filters with `field` set to any."""
        return msgspec.structs.replace(self, **{field: None})


class Catalog:
    """A loaded, validated catalogue, with a search index. Treat it as read-only.

    A plain class rather than a dataclass: generating dataclass methods costs start-up
    time, and nothing compares or copies catalogues. The search index and the filter
    values are built on first use, not at start-up.
    """

    __slots__ = (
        "_facets",
        "_index",
        "attribution",
        "by_id",
        "exercises",
        "guidance",
        "licence",
        "path",
        "title",
    )

    def __init__(
        self,
        path: Path,
        title: str,
        exercises: tuple[Exercise, ...],
        guidance: Guidance | None = None,
        *,
        licence: str = "",
        attribution: str = "",
    ) -> None:
        self.path = path
        self.title = title
        self.exercises = exercises
        self.guidance = guidance
        self.licence = licence
        """The catalogue's own licence; each exercise may give its own."""
        self.attribution = attribution
        """Who made the catalogue and from what."""
        self.by_id = {exercise.id: exercise for exercise in exercises}
        self._index: SearchIndex | None = None
        self._facets: _Facets | None = None

    @classmethod
    def of(cls, path: Path, data: CatalogData) -> Catalog:
        return cls(
            path,
            data.title,
            data.exercises,
            data.guidance,
            licence=data.licence,
            attribution=data.attribution,
        )

    def data(self) -> CatalogData:
        return CatalogData(
            title=self.title,
            licence=self.licence,
            attribution=self.attribution,
            guidance=self.guidance,
            exercises=self.exercises,
        )

    def __repr__(self) -> str:
        return f"Catalog({str(self.path)!r}, {plural(len(self.exercises), 'exercise')})"

    def __len__(self) -> int:
        return len(self.exercises)

    def get(self, exercise_id: str) -> Exercise | None:
        return self.by_id.get(exercise_id)

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(
                [(e.name, *e.aliases) for e in self.exercises],
                [
                    (*e.areas, *e.equipment, *map(equipment_label, e.equipment), e.position_label)
                    for e in self.exercises
                ],
            )
        return self._index

    @property
    def facets(self) -> _Facets:
        if self._facets is None:
            self._facets = _Facets(self.exercises)
        return self._facets

    def search(self, query: str = "", filters: Filters | None = None) -> list[int]:
        """Indices of the exercises matching every word of `query` and every filter.

        Words match the name, aliases, areas, equipment and position, folding case and
        accents; results are ranked (see `SearchIndex`), each tier in catalogue order.
        """
        matched = self._matching(query, filters)
        return self.index.rank(query, matched) if query.strip() else matched

    def _matching(self, query: str, filters: Filters | None) -> list[int]:
        """What matches, in catalogue order."""
        found = self.index.candidates(query) if query.strip() else None
        if filters is None or not filters.active:
            return list(range(len(self.exercises))) if found is None else found
        return self.facets.narrow(filters, found)

    def facet(
        self, field: str, filters: Filters | None = None, query: str = ""
    ) -> list[tuple[str, str, int]]:
        """The values a filter on `field` can take: (slug, label, how many exercises).

        Counts are faceted: each counts the exercises that match `query` and every other
        active filter, so it says how many the list would show once chosen. Values no
        exercise has are left out; for equipment, "none" means none needed.
        """
        others = (filters or Filters()).without(field)
        found = self.index.candidates(query) if query.strip() else None
        rows = self.facets.narrow(others, found) if others.active or found is not None else None
        return self.facets.count(field, rows)

    def facet_label(self, field: str, value: str | None) -> str:
        """How a filter's value is shown: "any" when unset, else its label."""
        if value is None:
            return "any"
        return self.facets.labels[field].get(value, value)


class _Facets:
    """Each exercise's filter values as slugs, and how each slug is shown."""

    __slots__ = ("_rows", "labels", "order", "values")

    def __init__(self, exercises: Sequence[Exercise]) -> None:
        self._rows: dict[tuple[str, str], tuple[list[int], frozenset[int]]] = {}
        self.values: dict[str, list[tuple[str, ...]]] = {
            "category": [(e.category,) for e in exercises],
            "position": [(e.position,) for e in exercises],
            # Each value once per exercise: "Hips" and "hips" are one area.
            "area": [tuple(dict.fromkeys(map(slug, e.areas))) for e in exercises],
            "equipment": [
                tuple(dict.fromkeys(map(equipment_slug, e.equipment))) or ("none",)
                for e in exercises
            ],
        }
        areas = _first_spelling((area, slug(area)) for e in exercises for area in e.areas)
        equipment = _first_spelling(
            (equipment_label(item), equipment_slug(item)) for e in exercises for item in e.equipment
        )
        self.labels: dict[str, dict[str, str]] = {
            "category": CATEGORY_LABELS,
            "position": POSITION_LABELS,
            "area": areas,
            "equipment": {"none": "None needed", **equipment},
        }
        # Fixed vocabularies in their own order, then open ones alphabetically by label.
        known = ["none", *EQUIPMENT_LABELS]
        self.order: dict[str, list[str]] = {
            "category": list(CATEGORIES),
            "position": list(POSITIONS),
            "area": _by_label(areas),
            "equipment": known + [v for v in _by_label(equipment) if v not in known],
        }

    def narrow(self, filters: Filters, rows: Iterable[int] | None) -> list[int]:
        """The rows (all when None) whose values pass every active filter, in order."""
        chosen = [self._rows_with(f, getattr(filters, f)) for f in FACETS if getattr(filters, f)]
        if not chosen:
            return list(range(len(self.values["category"]))) if rows is None else list(rows)
        chosen.sort(key=lambda found: len(found[0]))
        if rows is None:
            result, chosen = list(chosen[0][0]), chosen[1:]
        else:
            result = list(rows)
        for _, found in chosen:
            result = [row for row in result if row in found]
        return result

    def _rows_with(self, field: str, value: str) -> tuple[list[int], frozenset[int]]:
        """The rows that have `value` for `field`, in order and as a set (kept)."""
        key = (field, value)
        if key not in self._rows:
            found = [row for row, values in enumerate(self.values[field]) if value in values]
            self._rows[key] = (found, frozenset(found))
        return self._rows[key]

    def count(self, field: str, rows: Iterable[int] | None) -> list[tuple[str, str, int]]:
        """(slug, label, count) for every value of `field` the catalogue uses, counted
        over `rows` (all when None): 0 when none of them has it."""
        values = self.values[field]
        counts = {value: 0 for per_row in values for value in per_row}
        for row in range(len(values)) if rows is None else rows:
            for value in values[row]:
                counts[value] += 1
        labels = self.labels[field]
        return [
            (value, labels[value], counts[value]) for value in self.order[field] if value in counts
        ]


def _first_spelling(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each slug with the first way it is written, from (written, slug) pairs."""
    labels: dict[str, str] = {}
    for written, value in pairs:
        labels.setdefault(value, written)
    return labels


def _by_label(labels: dict[str, str]) -> list[str]:
    return sorted(labels, key=lambda value: (fold(labels[value]), value))


# ---------------------------------------------------------------------------- loading


def entry_name(position: int, ident: object) -> str:
    """How messages name the `position`-th (from 0) exercise."""
    if isinstance(ident, str) and ident.strip():
        return f"exercise '{ident}' (#{position + 1})"
    return f"exercise #{position + 1}"


# A letter or digit: what a slug is made of.
_WORD = re.compile(r"[^\W_]")
_URL = re.compile(r"https?://\S+\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")


#: Equipment that says none is needed ("none", "none (bodyweight exercise)", ...).
NO_EQUIPMENT = frozenset({"none", "no-equipment", "bodyweight", "body-weight"})


def means_no_equipment(item: str) -> bool:
    """Whether a piece of equipment as written says that none is needed."""
    value = slug(item)
    return value in NO_EQUIPMENT or value.startswith("none-")


def field_rule_problems(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, problem) for what an entry's fields break beyond their types: equipment
    that names nothing, an area without a letter, a web address or language code that is
    not one. Fields missing or of the wrong type are left to the type checks."""
    found: list[tuple[str, str]] = []
    for field in ("equipment", "areas"):
        items = fields.get(field)
        for number, item in enumerate(items if isinstance(items, (list, tuple)) else ()):
            if not isinstance(item, str):
                continue
            if not _WORD.search(item):
                found.append((f"{field}[{number + 1}]", f"'{item}' needs a letter or digit"))
            elif field == "equipment" and means_no_equipment(item):
                text = f"'{item}' names no equipment; leave equipment out when none is needed"
                found.append((f"{field}[{number + 1}]", text))
    url, language = fields.get("url"), fields.get("language")
    if isinstance(url, str) and url and not _URL.match(url):
        found.append(("url", "expected a web address starting http:// or https://"))
    if isinstance(language, str) and language and not _LANGUAGE.match(language):
        found.append(("language", "expected a language code such as 'en' or 'pt-BR'"))
    return found


def resolve(
    document: CatalogFile, path: Path, positions: Sequence[int] | None = None
) -> tuple[CatalogData, list[DataFileError]]:
    """The catalogue with every entry completed from `[defaults]` and its variant links
    made two-way, and every problem the types cannot see: a duplicate id, a field left
    to a default that is not there, equipment that says nothing, a variant that does
    not exist or links back to itself. `positions` gives each entry's place in the file
    when some entries were left out (`catalog_check`)."""
    problems: list[DataFileError] = []
    defaults = document.defaults
    seen: dict[str, int] = {}
    exercises: list[Exercise] = []
    places = positions if positions is not None else range(len(document.exercise))

    def problem(position: int, field: str, text: str) -> None:
        where = entry_name(position, entry.id)
        problems.append(DataFileError(path, text, entry=where, field=field))

    for index, entry in enumerate(document.exercise):
        position = places[index]
        if entry.id in seen:
            problem(position, "id", f"duplicate id, already used by exercise #{seen[entry.id] + 1}")
            continue
        seen[entry.id] = position
        fields = msgspec.structs.asdict(entry)
        complete = True
        for name in ("position", "cue", "dosage"):
            if fields[name] is None:
                fields[name] = defaults.lookup(entry.category, name)
                if fields[name] is None:
                    complete = False
                    problem(position, name, "is required but missing (here or in [defaults])")
        for field, text in field_rule_problems(fields):
            problem(position, field, text)
        if complete:
            exercises.append(Exercise(**fields, dosage_is_default=entry.dosage is None))
    linked, link_problems = _link_variants(exercises, path, seen)
    problems += link_problems
    data = CatalogData(
        title=document.title,
        licence=document.licence,
        attribution=document.attribution,
        guidance=document.guidance,
        exercises=tuple(linked),
    )
    return data, problems


def _link_variants(
    exercises: list[Exercise], path: Path, positions: dict[str, int]
) -> tuple[list[Exercise], list[DataFileError]]:
    """Check the easier/harder links, and add each link's other direction."""
    problems: list[DataFileError] = []
    if not any(e.easier or e.harder for e in exercises):
        return exercises, problems
    known = {e.id for e in exercises}
    harder: dict[str, list[str]] = {e.id: [] for e in exercises}  # id -> harder ids
    easier: dict[str, list[str]] = {e.id: [] for e in exercises}
    for exercise in exercises:
        where = entry_name(positions[exercise.id], exercise.id)
        for field, links in (("easier", exercise.easier), ("harder", exercise.harder)):
            for number, other in enumerate(links, start=1):
                problem = ""
                if other == exercise.id:
                    problem = "an exercise cannot be its own variant"
                elif other not in known:
                    problem = f"no exercise '{other}' in this catalogue"
                if problem:
                    problems.append(
                        DataFileError(path, problem, entry=where, field=f"{field}[{number}]")
                    )
                    continue
                low, high = (other, exercise.id) if field == "easier" else (exercise.id, other)
                _append_new(harder[low], high)
                _append_new(easier[high], low)
    for loop in _loops(harder):
        first = loop[0]
        problems.append(
            DataFileError(
                path,
                "easier/harder links go round in a loop: " + " -> ".join([*loop, first]),
                entry=entry_name(positions[first], first),
                field="harder",
            )
        )
    linked = [
        msgspec.structs.replace(e, easier=tuple(easier[e.id]), harder=tuple(harder[e.id]))
        if (easier[e.id], harder[e.id]) != (list(e.easier), list(e.harder))
        else e
        for e in exercises
    ]
    return linked, problems


def _append_new(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _loops(graph: dict[str, list[str]]) -> list[list[str]]:
    """One loop through each group of nodes that reach each other (iterative DFS)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    loops: list[list[str]] = []
    for root in graph:
        if root in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        state[root] = 1
        path.append(root)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                loops.append(path[path.index(child) :])
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))
    return loops


def parse_catalog(raw: dict[str, Any], path: Path, *, clean: bool = False) -> Catalog:
    """Validate an already parsed TOML document as a catalogue; raises the first problem
    as a `DataFileError` (`catalog_check` finds them all). `clean` says the document's
    text is known to need no cleaning (see `parse_catalog_bytes`)."""
    document = None
    if clean:
        with contextlib.suppress(msgspec.ValidationError):  # decode() below says why
            document = msgspec.convert(raw, CatalogFile, strict=True)
    if document is None:
        document = decode(raw, CatalogFile, path, choices=CHOICES)
    data, problems = resolve(document, path)
    if problems:
        raise problems[0]
    return Catalog.of(path, data)


# Bytes of characters `text.clean_text` removes: C0 controls but the newline (tabs too:
# it makes them spaces) and DEL; then the UTF-8 forms of the C1 controls (U+0080-U+009F)
# and of the bidi overrides (U+202A-U+202E, U+2066-U+2069), as a lead and a range.
_CONTROL_BYTES = bytes(range(0x20)).replace(b"\n", b"") + b"\x7f"
_MULTIBYTE = rb"\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"


def bytes_are_clean(data: bytes, kept_escapes: bytes, *, raw_controls: bool = True) -> bool:
    """Whether UTF-8 text `data` (TOML or JSON) holds no character that cleaning removes,
    and no escape that could write one: a backslash before a byte not in `kept_escapes`.
    `raw_controls=False` skips looking for C0 controls as themselves (JSON, as msgspec
    reads it, has none: it refuses them).

    Errs only towards False (a literal backslash-t in a TOML '...' string, say), which
    just means the text is cleaned. A few `bytes.find` calls, where checking each string
    of wger's catalogue costs ~9 ms.
    """
    if raw_controls and len(data.translate(None, _CONTROL_BYTES)) != len(data):
        return False
    if b"\x7f" in data:
        return False
    multibyte = re.compile(_MULTIBYTE)
    for lead in (b"\xc2", b"\xe2"):  # one byte: found at memchr speed, then looked at
        at = data.find(lead)
        while at != -1:
            if multibyte.match(data, at):
                return False
            at = data.find(lead, at + 1)
    at = data.find(b"\\")
    while at != -1:  # escapes in order: an escaped backslash is skipped whole
        if data[at + 1 : at + 2] not in kept_escapes or at + 1 == len(data):
            return False
        at = data.find(b"\\", at + 2)
    return True


def parse_toml_fast(data: bytes, path: Path) -> tuple[dict[str, Any], bool]:
    """Parse a catalogue's TOML: the document, and whether its text needs no cleaning.

    Catalogues can be large (wger's is 700 KB): rtoml, a compiled parser, reads one about
    nine times faster than tomllib. tomllib still reads a file rtoml refuses, and writes
    the error message, so messages stay the same; without rtoml, tomllib does it all.
    """
    # TOML escapes that write no control character: \\, \", \n, a line-ending backslash.
    clean = bytes_are_clean(data, b'\\"n \n')
    try:
        text = data.decode("utf-8")
        import rtoml
    except (UnicodeDecodeError, ImportError):
        return parse_toml(data, path), False
    try:
        return rtoml.loads(text), clean
    except (rtoml.TomlParsingError, ValueError, RecursionError):
        return parse_toml(data, path), clean


def parse_catalog_bytes(data: bytes, path: Path) -> Catalog:
    """A catalogue from the bytes of its file (`path` names it in messages)."""
    raw, clean = parse_toml_fast(data, path)
    return parse_catalog(raw, path, clean=clean)


def load_catalog(path: Path) -> Catalog:
    """Read and validate a catalogue file; raises `DataFileError` with a clear message."""
    return parse_catalog_bytes(read_bytes(path), path)


def default_catalog_path() -> Path:
    """The catalogue shipped with Unknot."""
    return Path(__file__).resolve().parent.parent / "data" / "catalog.toml"
