"""Turn wger's open exercise database (its JSON fixtures) into an Unknot catalogue.

wger (wger.de) publishes its exercises as Django fixtures: `exercise-base-data.json`
(one record per exercise: category, muscles, equipment, licence and author),
`translations.json` (names and HTML descriptions per language, with aliases and comments)
and small tables of categories, equipment, muscles, languages and licences.

Every exercise keeps wger's uuid as its id, its own licence and authors (most are
CC-BY-SA: attribution and share-alike travel with the text), its aliases and its real
equipment. What wger does not say (a starting position, a dosage, a cue) comes from the
catalogue's `[defaults]`, and `ImportReport` counts what was mapped and what defaulted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import msgspec

from tui.core.catalog import MAX_STEPS, MAX_TEXT, means_no_equipment
from tui.core.errors import DataFileError, read_bytes
from tui.core.search import words
from tui.core.text import clean_tree, plural

FILES = (
    "exercise-base-data.json",
    "translations.json",
    "categories.json",
    "equipment.json",
    "muscles.json",
    "languages.json",
    "licenses.json",
)
ONLY = ("stretching",)
"""What `--only` can keep."""

ENGLISH = "en"
WGER_CONTRIBUTORS = "the wger contributors"
EXERCISE_URL = "https://wger.de/en/exercise/{pk}/view-base"
#: wger's licence short names, as people write them.
LICENCE_NAMES = {
    "CC-BY-SA 3": "CC-BY-SA 3.0",
    "CC-BY-SA 4": "CC-BY-SA 4.0",
    "CC-BY 4": "CC-BY 4.0",
    "CC0": "CC0 1.0",
}
#: Words of an English name that say the starting position; wger has no such field.
POSITION_WORDS = {
    "seated": "seated",
    "sitting": "seated",
    "standing": "standing",
    "kneeling": "kneeling",
    "prone": "on-front",
    "supine": "on-back",
    "sidelying": "on-side",
}
NO_STEPS = "The source gives no written steps for this exercise; see the link under Source."
MERGE_BELOW = 30
"""A sentence shorter than this joins the step before it."""

DEFAULTS: dict[str, Any] = {
    "position": "varies",
    "cue": "Move with control; stop if anything hurts.",
    "dosage": {"reps": 10, "sets": 2, "rest_between_sets": 60, "rest_after": 30},
    "mobility": {
        "cue": "Ease into it and breathe; never bounce.",
        "dosage": {"hold_seconds": 30, "reps": 2, "rest_between_reps": 10, "rest_after": 15},
    },
    "balance": {
        "cue": "Stand near a wall or chair you can hold.",
        "dosage": {"hold_seconds": 20, "reps": 3, "rest_between_reps": 10, "rest_after": 15},
    },
    "aerobic": {
        "cue": "Keep a pace you could still talk at.",
        "dosage": {"reps": 1, "rep_seconds": 60, "rest_after": 60},
    },
}
GUIDANCE: dict[str, Any] = {
    "notice": (
        "These exercises come from a general fitness database, not a back-care programme. "
        "Unknot guides you through them; it does not replace a clinician. See a physical "
        "therapist or doctor if pain persists, is severe, or comes with numbness, tingling "
        "or weakness."
    ),
    "points": [
        "Exercise should not hurt. Go only as far as is comfortable.",
        "Move slowly and with control, and keep breathing.",
        "The dosage shown is a general starting point from this catalogue, not advice for "
        "you: adjust it, or ask a clinician.",
    ],
    "if_it_hurts": "Stop the exercise. If the pain persists, see a physical therapist.",
}


class _Record(msgspec.Struct):
    model: str
    pk: int
    fields: msgspec.Raw


class _Credit(msgspec.Struct, kw_only=True):
    license: int
    license_author: str | None = ""


class _Exercise(_Credit, kw_only=True):
    uuid: str
    category: int
    muscles: list[int] = []
    muscles_secondary: list[int] = []
    equipment: list[int] = []


class _Translation(_Credit, kw_only=True):
    name: str
    description: str | None = ""
    language: int
    exercise: int


class _Alias(msgspec.Struct):
    translation: int
    alias: str


class _Comment(msgspec.Struct):
    translation: int
    comment: str


class _Named(msgspec.Struct):
    name: str


class _Muscle(msgspec.Struct):
    name: str
    name_en: str | None = ""


class _Language(msgspec.Struct):
    short_name: str
    full_name_en: str | None = ""


class _Licence(msgspec.Struct):
    short_name: str
    full_name: str | None = ""
    url: str | None = ""


@dataclass
class ImportReport:
    """What an import did, with counts: printed by `unknot import-wger`."""

    read: Counter[str] = field(default_factory=Counter)
    """Records read, by kind."""
    mapped: Counter[str] = field(default_factory=Counter)
    """What came from wger's data, by what it became."""
    defaulted: Counter[str] = field(default_factory=Counter)
    """What came from the catalogue's defaults or a fallback, by field."""
    written: int = 0
    """Exercises in the catalogue."""
    skipped: int = 0
    """Exercises left out (by `--only`, or without any text to use)."""

    def lines(self) -> list[str]:
        out = [
            "read: " + ", ".join(f"{count} {kind}" for kind, count in self.read.items()),
            f"wrote {plural(self.written, 'exercise')}"
            + (f" ({self.skipped} left out)" if self.skipped else ""),
            "mapped:",
        ]
        out += [f"  {count:>5}  {what}" for what, count in sorted(self.mapped.items())]
        out.append("defaulted:")
        out += [f"  {count:>5}  {what}" for what, count in sorted(self.defaulted.items())]
        return out


class WgerData:
    """wger's fixtures, read and indexed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.exercises: dict[int, _Exercise] = {}
        self.translations: dict[int, list[tuple[int, _Translation]]] = {}
        self.aliases: dict[int, list[str]] = {}
        self.comments: dict[int, list[str]] = {}
        for record in self._records("exercise-base-data.json"):
            if record.model == "exercises.exercise":
                self.exercises[record.pk] = self._fields(record, _Exercise)
        for record in self._records("translations.json"):
            if record.model == "exercises.translation":
                text = self._fields(record, _Translation)
                self.translations.setdefault(text.exercise, []).append((record.pk, text))
            elif record.model == "exercises.alias":
                alias = self._fields(record, _Alias)
                self.aliases.setdefault(alias.translation, []).append(alias.alias)
            elif record.model == "exercises.exercisecomment":
                comment = self._fields(record, _Comment)
                self.comments.setdefault(comment.translation, []).append(comment.comment)
        self.categories = self._table("categories.json", _Named)
        self.equipment = self._table("equipment.json", _Named)
        self.muscles = self._table("muscles.json", _Muscle)
        self.languages = self._table("languages.json", _Language)
        self.licences = self._table("licenses.json", _Licence)

    def _records(self, name: str) -> list[_Record]:
        path = self.folder / name
        try:
            return msgspec.json.decode(read_bytes(path), type=list[_Record])
        except msgspec.DecodeError as error:
            raise DataFileError(path, f"is not a wger fixture: {error}") from None

    def _fields(self, record: _Record, kind: type[Any]) -> Any:
        try:
            return msgspec.json.decode(record.fields, type=kind)
        except msgspec.DecodeError as error:
            where = f"{record.model} #{record.pk}"
            raise DataFileError(self.folder, f"{error}", entry=where) from None

    def _table(self, name: str, kind: type[Any]) -> dict[int, Any]:
        return {record.pk: self._fields(record, kind) for record in self._records(name)}

    def language_id(self, code: str) -> int | None:
        return next((pk for pk, lang in self.languages.items() if lang.short_name == code), None)


def convert(
    data: WgerData, language: str = ENGLISH, only: str | None = None
) -> tuple[dict[str, Any], ImportReport]:
    """The catalogue document (for tomli-w) made from `data`, and what was done."""
    report = ImportReport()
    report.read.update(
        {
            "exercises": len(data.exercises),
            "translations": sum(map(len, data.translations.values())),
            "aliases": sum(map(len, data.aliases.values())),
            "comments": sum(map(len, data.comments.values())),
        }
    )
    wanted = data.language_id(language)
    if wanted is None:
        codes = ", ".join(sorted(lang.short_name for lang in data.languages.values()))
        raise ValueError(f"wger has no language '{language}'; it has: {codes}")
    english = data.language_id(ENGLISH)
    entries: list[dict[str, Any]] = []
    licences: Counter[str] = Counter()
    for pk, exercise in sorted(data.exercises.items()):
        texts = dict((text.language, (tpk, text)) for tpk, text in data.translations.get(pk, []))
        chosen = texts.get(wanted) or (texts.get(english) if english is not None else None)
        if chosen is None:
            report.skipped += 1  # wger gives every exercise an English text; just in case
            continue
        english_text = texts.get(english) if english is not None else None
        counted = ImportReport()  # added to the report only if the entry is kept
        entry = _entry(data, pk, exercise, chosen, english_text, language, counted)
        if only == "stretching" and entry["category"] != "mobility":
            report.skipped += 1
            continue
        report.mapped.update(counted.mapped)
        report.defaulted.update(counted.defaulted)
        entries.append(entry)
        licences[entry["licence"]] += 1
    # The article's order: mobility first, then the rest, each in wger's order.
    rank = {"mobility": 0, "balance": 1, "strength": 2, "aerobic": 3}
    entries.sort(key=lambda entry: rank[entry["category"]])
    report.written = len(entries)
    language_name = data.languages[wanted].full_name_en or language
    document: dict[str, Any] = {
        "title": f"wger exercises ({language_name})"
        + (", stretching only" if only == "stretching" else ""),
        "licence": "CC-BY-SA 4.0 (each exercise gives its own licence)",
        "attribution": _attribution(data, licences),
        "guidance": GUIDANCE,
        "defaults": DEFAULTS,
        "exercise": entries,
    }
    return clean_tree(document), report  # wger's text is data: no escape sequences in it


def _attribution(data: WgerData, licences: Counter[str]) -> str:
    urls = {
        LICENCE_NAMES.get(lic.short_name, lic.short_name): lic.url
        for lic in data.licences.values()
        if lic.url
    }
    used = "; ".join(
        f"{name} ({urls[name]})" if name in urls else name for name, _ in licences.most_common()
    )
    return (
        "Exercises from the wger project's open exercise database (wger.de), by "
        f"{WGER_CONTRIBUTORS}; each exercise names its authors and licence. Licences used: "
        f"{used}. Converted for Unknot by `unknot import-wger`: HTML removed, descriptions "
        "split into steps, positions, dosages and cues added from defaults. Share this "
        "catalogue, and anything made from it, under the same licences, keeping these credits."
    )


def _entry(
    data: WgerData,
    pk: int,
    exercise: _Exercise,
    chosen: tuple[int, _Translation],
    english: tuple[int, _Translation] | None,
    language: str,
    report: ImportReport,
) -> dict[str, Any]:
    translation_pk, text = chosen
    text_language = data.languages[text.language].short_name
    entry: dict[str, Any] = {"id": exercise.uuid, "name": " ".join(text.name.split())}
    if text_language != language:
        report.defaulted[f"text: fell back to English (no '{language}' text)"] += 1
    aliases = _unique(data.aliases.get(translation_pk, []), exclude=entry["name"])
    if aliases:
        entry["aliases"] = aliases
        report.mapped["aliases (exercises with any)"] += 1
    english_words = set()
    if english is not None:
        english_pk, english_text = english
        names = [english_text.name, *data.aliases.get(english_pk, [])]
        english_words = {word for name in names for word in words(name)}
    entry["category"] = _category(data, exercise, english_words, report)
    entry["areas"] = _areas(data, exercise, report)
    equipment = _equipment(data, exercise, report)
    if equipment:
        entry["equipment"] = equipment
    position = next((POSITION_WORDS[w] for w in sorted(english_words) if w in POSITION_WORDS), None)
    if position is not None:
        entry["position"] = position
        report.mapped[f"position {position} (from the English name)"] += 1
    else:
        report.defaulted["position (no position word in the name)"] += 1
    steps, split = description_steps(text.description or "")
    if not steps and english is not None and english[1] is not text:
        steps, split = description_steps(english[1].description or "")
        if steps:
            report.defaulted["steps: English description (none in the language)"] += 1
    comments = _unique(data.comments.get(translation_pk, []), exclude="")
    cue = next((c for c in comments if len(c) <= 80 and "\n" not in c), None)
    if cue is not None:
        entry["cue"] = cue
        comments.remove(cue)
        report.mapped["cue from a wger comment"] += 1
    else:
        report.defaulted["cue"] += 1
    steps += [comment for comment in comments if comment.strip()]
    if comments:
        report.mapped["comments added as steps"] += len(comments)
    if split:
        report.mapped["steps: paragraphs split into sentences (exercises)"] += 1
    if not steps:
        steps = [NO_STEPS]
        report.defaulted["steps (no description: a pointer to the source)"] += 1
    entry["steps"] = _bounded_steps(steps)
    report.defaulted["dosage"] += 1
    authors = _unique(
        [a for a in (text.license_author, exercise.license_author) if a and a.strip()], exclude=""
    )
    if not authors:
        report.defaulted[f"author ('{WGER_CONTRIBUTORS}')"] += 1
    entry["author"] = ", ".join(authors) or WGER_CONTRIBUTORS
    entry["licence"] = _licence(data, text.license, exercise.license)
    entry["url"] = EXERCISE_URL.format(pk=pk)
    entry["language"] = text_language
    entry["source"] = "wger exercise database"
    entry["source_note"] = (
        "Adapted from wger: HTML removed, the description split into steps; position, "
        "dosage and cue come from this catalogue's defaults where wger gives none."
    )
    return entry


def _category(
    data: WgerData, exercise: _Exercise, english_words: set[str], report: ImportReport
) -> str:
    wger_category = data.categories.get(exercise.category)
    if english_words & {"stretch", "stretches", "stretching"}:
        report.mapped["category mobility: 'stretch' in the English name"] += 1
        return "mobility"
    if "balance" in english_words:
        report.mapped["category balance: 'balance' in the English name"] += 1
        return "balance"
    if wger_category is not None and wger_category.name == "Cardio":
        report.mapped["category aerobic: wger's Cardio"] += 1
        return "aerobic"
    report.mapped["category strength: any other"] += 1
    return "strength"


def _areas(data: WgerData, exercise: _Exercise, report: ImportReport) -> list[str]:
    def names(ids: Iterable[int]) -> list[str]:
        found = (data.muscles.get(pk) for pk in ids)
        return [m.name_en or m.name for m in found if m is not None]

    areas = names(exercise.muscles)
    if areas:
        report.mapped["areas from primary muscles"] += 1
    else:
        areas = names(exercise.muscles_secondary)
        if areas:
            report.mapped["areas from secondary muscles (no primary)"] += 1
    category = data.categories.get(exercise.category)
    if category is not None and category.name != "Cardio":
        areas.append(category.name)
    if not areas:
        areas = ["whole body"]
        report.defaulted["areas ('whole body': no muscle or body part)"] += 1
    return _unique(areas, exclude="")[:20]


def _equipment(data: WgerData, exercise: _Exercise, report: ImportReport) -> list[str]:
    names: list[str] = []
    for pk in exercise.equipment:
        item = data.equipment.get(pk)
        if item is None:
            continue
        if means_no_equipment(item.name):
            report.mapped["equipment 'none (bodyweight exercise)': left empty"] += 1
            continue
        names.append(item.name)
        report.mapped[f"equipment {item.name}"] += 1
    return _unique(names, exclude="")


def _licence(data: WgerData, *ids: int) -> str:
    names = []
    for pk in ids:
        licence = data.licences.get(pk)
        name = LICENCE_NAMES.get(licence.short_name, licence.short_name) if licence else ""
        if name and name not in names:
            names.append(name)
    return " and ".join(names) or "see wger.de"


def _unique(items: Iterable[str], exclude: str) -> list[str]:
    """`items` cleaned of extra spaces, each once (ignoring case), without `exclude`."""
    seen = {exclude.casefold()}
    kept: list[str] = []
    for item in items:
        item = " ".join(item.split())
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return kept


# ----------------------------------------------------------------------------- text


class _Blocks(HTMLParser):
    """Plain-text blocks of an HTML description: one per paragraph or list item."""

    BREAKS = frozenset({"p", "div", "br", "ol", "ul", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, str]] = []
        """(whether it is a list item, its text)."""
        self._text: list[str] = []
        self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li" or tag in self.BREAKS:
            self._flush()
            self._in_item = tag == "li" or self._in_item

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" or tag in self.BREAKS:
            self._flush()
            if tag == "li":
                self._in_item = False

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if text:
            self.blocks.append((self._in_item, text))

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[tuple[bool, str]]:
    """The paragraphs and list items of `html` as plain text (tags dropped, entities
    resolved), each with whether it is a list item."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


_AFTER_STOP = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


def sentences(text: str) -> list[str]:
    """`text` (plain, not HTML) cut into sentences: at . ! ? and a space, unless the next
    word starts in lower case ("e.g. the" stays whole)."""
    found: list[str] = []
    for part in _AFTER_STOP.split(text):
        if found and part[:1].islower():
            found[-1] += " " + part
        else:
            found.append(part)
    return [part.strip() for part in found if part.strip()]


def _is_heading(text: str) -> bool:
    """ "Steps:" or "Starting position:" on its own says nothing a step needs."""
    return text.endswith(":") and len(text) <= 40


LONG_ITEM = 300
"""A list item longer than this is split into sentences like a paragraph."""


def description_steps(html: str) -> tuple[list[str], bool]:
    """Steps from an HTML description, and whether prose was split into sentences.

    A list item is a step as it stands (split if longer than LONG_ITEM); a paragraph
    becomes a step per sentence, short sentences joining the one before. Headings on
    their own ("Steps:") are dropped.
    """
    steps: list[str] = []
    split = False
    for is_item, block in html_blocks(html):
        parts = [block] if is_item and len(block) <= LONG_ITEM else sentences(block)
        split = split or len(parts) > 1
        for part in parts:
            if _is_heading(part):
                continue
            if steps and len(part) < MERGE_BELOW and len(steps[-1]) + len(part) < 400:
                steps[-1] += " " + part
            else:
                steps.append(part)
    return steps, split


def _bounded_steps(steps: list[str]) -> list[str]:
    """At most MAX_STEPS steps of at most MAX_TEXT characters (extra text joins the last)."""
    if len(steps) > MAX_STEPS:
        steps = [*steps[: MAX_STEPS - 1], " ".join(steps[MAX_STEPS - 1 :])]
    return [step if len(step) <= MAX_TEXT else step[: MAX_TEXT - 1] + "…" for step in steps]
