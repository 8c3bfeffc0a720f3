"""Property tests of the code that guards against hostile or odd input.

Example tests cannot cover every string a shared file or a person can hold, so these let
Hypothesis search: the text sanitisers, routine file names, the store's round trip and
dosage validation. Hypothesis keeps failing examples in `.hypothesis/` and replays them.
"""

from __future__ import annotations

import copy
import itertools
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import CATALOGUE_IDS

from tui.core.catalog import (
    MAX_HOLD_BREATHS,
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_REST_SECONDS,
    MAX_SETS,
    Dosage,
    validate_dosage,
)
from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry, parse_routine, routine_to_dict
from tui.core.store.files import MAX_SLUG_LENGTH, StoreError, _inside, file_names, slugify
from tui.core.store.routines import ROUTINE_SUFFIX, RoutineStore
from tui.core.text import clean_text, clean_tree

#: Writing files (fsync and all) costs milliseconds, so the store gets fewer examples;
#: no deadline anywhere, as a slow CI machine must not turn into a failure.
STORE_SETTINGS = settings(max_examples=50, deadline=None)
PURE_SETTINGS = settings(max_examples=200, deadline=None)

BIDI = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
#: Longest file name (in UTF-8 bytes) ext4, btrfs, XFS and APFS accept.
NAME_MAX_BYTES = 255
#: What Windows refuses as a file name, with any extension.
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
)


def is_unsafe(char: str) -> bool:
    """A character clean text must not hold: C0/C1 controls and DEL (newline aside), bidi."""
    return (unicodedata.category(char) == "Cc" and char != "\n") or char in BIDI


# --------------------------------------------------------------------------- strategies

#: Favour what attackers and odd files use, on top of Hypothesis' own text.
HOSTILE_PIECES = [
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x1bP1$r",
    "\x9b31m",
    "\x9d0;t\x9c",
    "\x1bc",
    "\x1b",
    "\x9b",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x7f",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u00a0",
    "e\u0301",
    "名前",
    "😀",
    "👩‍👩‍👧",
    '"',
    "'",
    "[",
    "]]",
    "=",
    "#",
    "\\",
    "/",
    "..",
    "con",
    "LPT1",
    "com¹",
    "ＮＵＬ",
    " ",
    "-",
    "_",
    "ok",
]
any_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=3))).map("".join),
)
#: Letters outside the BMP are 4 bytes in UTF-8: long names of them reach the file
#: system's 255-byte limit on a file name before the slug's 60-character one.
wide_letters = st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF)


def clean_chars(*, newline: bool) -> st.SearchStrategy[str]:
    """Characters a routine's text can hold unchanged (printable, emoji, marks...)."""
    return st.characters(
        exclude_categories=("Cc", "Cs"),
        exclude_characters=BIDI,
        include_characters="\n" if newline else None,
    )


def one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text and re.search(r"\S", text) is not None


routine_names = st.one_of(
    st.text(clean_chars(newline=False), min_size=1, max_size=80),
    st.text(wide_letters, min_size=55, max_size=80),
).filter(one_line)
long_text = st.text(clean_chars(newline=True), max_size=400)
exercise_ids = st.one_of(
    st.sampled_from(sorted(CATALOGUE_IDS)),
    # An id the catalogue lacks is kept, so the routine survives a smaller catalogue.
    st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,6}\Z"),
)
rest_seconds = st.integers(0, MAX_REST_SECONDS)


@st.composite
def dosages(draw: Callable[..., Any]) -> Dosage:
    """A dosage within every range and rule of `Dosage` (held by seconds or breaths, or moving)."""
    kind = draw(st.sampled_from(["seconds", "breaths", "moving"]))
    return Dosage(
        hold_seconds=draw(st.integers(1, MAX_HOLD_SECONDS)) if kind == "seconds" else None,
        hold_breaths=draw(st.integers(1, MAX_HOLD_BREATHS)) if kind == "breaths" else None,
        rep_seconds=draw(st.none() | st.integers(1, 60)) if kind == "moving" else None,
        reps=draw(st.integers(1, MAX_REPS)),
        sets=draw(st.integers(1, MAX_SETS)),
        per_side=draw(st.booleans()),
        rest_between_reps=draw(rest_seconds),
        rest_between_sides=draw(rest_seconds),
        rest_between_sets=draw(rest_seconds),
        rest_after=draw(rest_seconds),
    )


entries = st.builds(RoutineEntry, id=exercise_ids, dosage=st.none() | dosages(), note=long_text)
routines = st.builds(
    Routine,
    name=routine_names,
    description=long_text,
    exercise=st.lists(entries, max_size=5).map(tuple),
)


# --------------------------------------------------------------------------- clean_text


@PURE_SETTINGS
@given(any_text)
def test_cleaned_text_holds_no_control_escape_or_bidi_character(text: str) -> None:
    cleaned = clean_text(text)
    assert not [char for char in cleaned if is_unsafe(char)], repr(cleaned)
    assert "\t" not in cleaned
    assert "\x1b" not in cleaned
    assert "\x9b" not in cleaned


@PURE_SETTINGS
@given(any_text)
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@PURE_SETTINGS
@given(any_text)
def test_cleaning_only_removes_characters_and_turns_tabs_into_spaces(text: str) -> None:
    remaining = iter(text.replace("\t", " "))
    # A subsequence: every character of the result comes from the input, in order.
    assert all(char in remaining for char in clean_text(text))


@PURE_SETTINGS
@given(any_text.filter(lambda text: "\x1b" not in text and not re.search("[\x90-\x9f]", text)))
def test_without_escape_introducers_only_the_unsafe_characters_go(text: str) -> None:
    expected = "".join(char for char in text.replace("\t", " ") if not is_unsafe(char))
    assert clean_text(text) == expected


@PURE_SETTINGS
@given(st.text(clean_chars(newline=True)))
@example("Knee to chest: 30 s, twice\nthen rest")
def test_text_that_is_already_clean_is_returned_unchanged(text: str) -> None:
    assert clean_text(text) == text


# --------------------------------------------------------------------------- clean_tree

toml_scalars = st.one_of(
    any_text, st.integers(), st.booleans(), st.floats(allow_nan=False), st.dates()
)
toml_trees = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(any_text, inner, max_size=4)
    ),
    max_leaves=20,
)


def assert_cleaned(original: Any, cleaned: Any) -> None:
    """`cleaned` has `original`'s shape with every string and key cleaned."""
    if isinstance(original, str):
        assert cleaned == clean_text(original)
    elif isinstance(original, list):
        assert isinstance(cleaned, list)
        assert len(cleaned) == len(original)
        for before, after in zip(original, cleaned, strict=True):
            assert_cleaned(before, after)
    elif isinstance(original, dict):
        assert isinstance(cleaned, dict)
        # Keys equal once cleaned become one; the last one's value is kept.
        by_clean_key = {clean_text(key): value for key, value in original.items()}
        assert cleaned.keys() == by_clean_key.keys()
        for key, value in by_clean_key.items():
            assert_cleaned(value, cleaned[key])
    else:
        assert cleaned == original
        assert type(cleaned) is type(original)


def strings_in(tree: Any) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, list):
        return [text for item in tree for text in strings_in(item)]
    if isinstance(tree, dict):
        return [text for key, item in tree.items() for text in [key, *strings_in(item)]]
    return []


@PURE_SETTINGS
@given(toml_trees)
def test_clean_tree_cleans_every_string_and_key_at_any_depth(tree: Any) -> None:
    before = copy.deepcopy(tree)
    cleaned = clean_tree(tree)
    assert tree == before  # the parsed document itself is left alone
    assert_cleaned(tree, cleaned)
    for text in strings_in(cleaned):
        assert not [char for char in text if is_unsafe(char)], repr(text)


# --------------------------------------------------------------------------- file names


@PURE_SETTINGS
@given(any_text)
@example("")
@example("..")
@example("CON")
@example("ｃｏｍ¹")
@example("\U00020000" * 80)
@example("y" * 59 + " x")  # cut after a dash
def test_slug_is_one_safe_file_name_component(name: str) -> None:
    slug = slugify(name)
    assert slug == slugify(name)
    assert slug
    assert slug not in {".", ".."}
    assert not slug.startswith((".", "-"))  # a hidden file is skipped by load_all
    assert not slug.endswith("-")
    assert not set(slug) & set("/\\\0:*?\"<>|'")
    assert all(
        char == "-" or char.isalnum() or unicodedata.category(char).startswith("M") for char in slug
    ), repr(slug)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert unicodedata.normalize("NFKD", slug).casefold() not in WINDOWS_DEVICES


@PURE_SETTINGS
@given(any_text)
@example("y" * 80)
@example("\U00020000" * 80)
def test_every_file_name_for_a_slug_stays_inside_the_folder(name: str) -> None:
    folder = Path("/data/routines")
    names = list(itertools.islice(file_names(slugify(name), ROUTINE_SUFFIX), 12))
    assert len(set(names)) == len(names)
    for file_name in names:
        assert _inside(folder, file_name).parent == folder
        stem = file_name.removesuffix(ROUTINE_SUFFIX)
        assert file_name.endswith(ROUTINE_SUFFIX)
        assert stem and not stem.startswith(".")
        assert len(stem) <= MAX_SLUG_LENGTH
        assert len(file_name.encode("utf-8")) <= NAME_MAX_BYTES


@PURE_SETTINGS
@given(any_text)
def test_inside_refuses_any_name_that_could_leave_the_folder(name: str) -> None:
    folder = Path("/data/routines")
    try:
        target = _inside(folder, name)
    except StoreError:
        return
    assert target.parent == folder
    assert name not in {"", ".", ".."}
    assert not set(name) & {"/", "\\", "\0"}


# --------------------------------------------------------------------------- store


def file_document(path: Path) -> dict[str, Any]:
    """The routine file as `tomllib` reads it (a routine without exercises has no tables)."""
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document.setdefault("exercise", [])
    return document


def new_store(folder: str) -> RoutineStore:
    """A store in a fresh folder: pytest's tmp_path is shared by all of a test's examples."""
    return RoutineStore(DataPaths(Path(folder)))


@STORE_SETTINGS
@given(routines, routines)
def test_a_routine_saved_then_changed_reads_back_exactly(first: Routine, second: Routine) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = new_store(folder)
        stored = store.create(first)
        assert stored.routine == first
        assert stored.path.parent == store.folder
        assert file_document(stored.path) == routine_to_dict(first)
        assert store.load(stored.path).routine == first

        # Saving over the file goes through atomic_write and its temporary file.
        changed = store.save(stored, second)
        assert changed.path == stored.path
        assert file_document(stored.path) == routine_to_dict(second)
        loaded = store.load_all()
        assert loaded.problems == []
        assert [item.routine for item in loaded.routines] == [second]


@STORE_SETTINGS
@given(name=any_text, description=any_text, note=any_text)
def test_hostile_text_is_either_saved_clean_or_refused_without_a_file(
    name: str, description: str, note: str
) -> None:
    routine = Routine(
        name=name,
        description=description,
        exercise=(RoutineEntry(id="bridge", note=note, dosage=Dosage(reps=3)),),
    )
    with tempfile.TemporaryDirectory() as folder:
        store = new_store(folder)
        try:
            stored = store.create(routine)
        except DataFileError:
            assert not store.folder.exists()
            return
        saved = stored.routine
        for text in (saved.name, saved.description, saved.exercise[0].note):
            assert not [char for char in text if is_unsafe(char)], repr(text)
        assert file_document(stored.path) == routine_to_dict(saved)
        assert store.load(stored.path).routine == saved


@PURE_SETTINGS
@given(any_text)
@example("Back care\n")
def test_a_name_that_validates_is_one_line(name: str) -> None:
    try:
        routine = parse_routine({"name": name}, Path("routine.toml"))
    except DataFileError:
        return
    assert "\n" not in routine.name


# --------------------------------------------------------------------------- dosage

DOSAGE_FIELDS = [field.name for field in msgspec.structs.fields(Dosage)]
DOSAGE_RANGES = {
    "hold_seconds": (1, 600),
    "hold_breaths": (1, 60),
    "reps": (1, 100),
    "sets": (1, 10),
    "rep_seconds": (1, 60),
    "rest_between_reps": (0, 600),
    "rest_between_sides": (0, 600),
    "rest_between_sets": (0, 600),
    "rest_after": (0, 600),
}


@PURE_SETTINGS
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(DOSAGE_FIELDS), st.text(max_size=12)),
        st.one_of(st.none(), st.integers(), st.text(max_size=8), st.booleans()),
        max_size=8,
    )
)
@example({"hold_seconds": 30, "hold_breaths": 5})
@example({"reps": 2**70})
@example({"hold_seconds": 601})
@example({"rest_after": -1, "sets": 11})
def test_validate_dosage_gives_a_dosage_or_reasons_never_an_exception(
    values: dict[str, Any],
) -> None:
    dosage, problems = validate_dosage(values)
    if dosage is None:
        assert problems
        assert all(isinstance(message, str) and message for message in problems.values())
        # A bad field is named as typed or, from the joint check, as cleaned like any text.
        assert set(problems) <= {*values, *map(clean_text, values), "dosage"}
    else:
        assert problems == {}
        for field_name, value in values.items():
            assert getattr(dosage, field_name) == value
    # Out of range is always refused, whatever else is wrong.
    for field_name, value in values.items():
        limits = DOSAGE_RANGES.get(field_name)
        if limits and type(value) is int and not limits[0] <= value <= limits[1]:
            assert dosage is None
            assert field_name in problems
