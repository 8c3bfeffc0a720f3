"""Loading and validating catalogue files: every bad input gets one clear message."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from support import exercise_data

from tui.core.catalog import Filters, default_catalog_path, load_catalog, parse_catalog
from tui.core.errors import DataFileError
from tui.core.text import clean_text

exercise = exercise_data


def catalogue(*exercises: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Test", "exercise": list(exercises) or [exercise()]}


def error_for(raw: dict[str, Any]) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        parse_catalog(raw, Path("mine.toml"))
    return caught.value


def write(tmp_path: Path, raw: dict[str, Any]) -> Path:
    path = tmp_path / "catalog.toml"
    path.write_text(tomli_w.dumps(raw))
    return path


def test_valid_catalogue_loads_with_defaults(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, catalogue()))
    only = catalog.exercises[0]
    assert only.dosage.hold_seconds == 30
    assert only.dosage.sets == 1
    assert only.dosage.rest_after == 15
    assert catalog.get("knee-to-chest") is only


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"dosage": {"hold_seconds": -5}}, "dosage.hold_seconds", "at least 1"),
        ({"dosage": {"hold_seconds": 100_000}}, "dosage.hold_seconds", "at most 600"),
        ({"dosage": {"reps": 10_000}}, "dosage.reps", "at most 100"),
        ({"dosage": {"hold_seconds": "30"}}, "dosage.hold_seconds", "expected a whole number"),
        ({"dosage": {"reps": True}}, "dosage.reps", "got true or false"),
        ({"dosage": {"reps": 2.5}}, "dosage.reps", "got a number"),
        ({"dosage": {"repz": 2}}, "dosage.repz", "unknown field 'repz'"),
        ({"dosage": {"hold_seconds": 30, "hold_breaths": 5}}, "dosage", "not both"),
        ({"dosage": {"hold_seconds": 30, "rep_seconds": 3}}, "dosage", "rep_seconds"),
        ({"name": ""}, "name", "empty"),
        ({"name": "   "}, "name", "only spaces"),
        ({"name": "Knee\nto chest"}, "name", "one line"),
        ({"areas": ["lower\nback"]}, "areas[1]", "one line"),
        ({"steps": ["ok", "  "]}, "steps[2]", "only spaces"),
        ({"category": "cardio"}, "category", "mobility, strength, balance, aerobic"),
        ({"position": "upside-down"}, "position", "on-back"),
        ({"equipment": ["none"]}, "equipment[1]", "names no equipment"),
        ({"equipment": ["mat", "None (bodyweight)"]}, "equipment[2]", "names no equipment"),
        ({"equipment": ["--"]}, "equipment[1]", "letter or digit"),
        ({"areas": ["?"]}, "areas[1]", "letter or digit"),
        ({"steps": ["x" * 2001]}, "steps[1]", "at most 2000 characters"),
        ({"steps": ["ok"] * 41}, "steps", "at most 40 items"),
        ({"aliases": ["Hug\nme"]}, "aliases[1]", "one line"),
        ({"harder": ["nowhere"]}, "harder[1]", "no exercise 'nowhere'"),
        ({"easier": ["knee-to-chest"]}, "easier[1]", "its own variant"),
        ({"url": "javascript:alert(1)"}, "url", "http:// or https://"),
        ({"url": "https://example.org/a b"}, "url", "http:// or https://"),
        ({"language": "English"}, "language", "language code"),
        ({"author": "A\nB"}, "author", "one line"),
        ({"areas": []}, "areas", "at least one"),
        ({"steps": ["ok", 3]}, "steps[2]", "expected text"),
        ({"colour": "red"}, "colour", "unknown field"),
    ],
)
def test_bad_field_names_file_entry_and_field(
    change: dict[str, Any], field: str, expected: str
) -> None:
    error = error_for(catalogue(exercise(**change)))
    message = str(error)
    assert message.startswith("mine.toml: exercise 'knee-to-chest' (#1): ")
    assert error.field == field
    # Whole words: "at most 6000" must not pass for "at most 600".
    assert re.search(rf"(?<!\w){re.escape(expected)}(?!\w)", error.problem), error.problem
    assert "Traceback" not in message and "msgspec" not in message


def test_missing_field_is_named() -> None:
    bad = exercise()
    del bad["name"]
    error = error_for(catalogue(bad))
    assert (error.field, error.problem) == ("name", "is required but missing")
    bad = exercise()
    del bad["cue"]  # a cue may come from [defaults], and here none does
    error = error_for(catalogue(bad))
    assert (error.field, error.problem) == (
        "cue",
        "is required but missing (here or in [defaults])",
    )


def test_entry_without_usable_id_is_named_by_position() -> None:
    error = error_for(catalogue(exercise(id="a-ok"), exercise(id="Not An Id")))
    assert error.entry == "exercise 'Not An Id' (#2)"
    assert "lowercase" in error.problem
    error = error_for(catalogue(exercise(id="a-ok"), {"name": "x"}))
    assert error.entry == "exercise #2"


def test_duplicate_ids_are_rejected() -> None:
    error = error_for(catalogue(exercise(), exercise(name="Again")))
    assert error.entry == "exercise 'knee-to-chest' (#2)"
    assert "duplicate id" in error.problem and "#1" in error.problem


def test_no_exercises_is_rejected() -> None:
    assert error_for({"title": "Empty"}).field == "exercise"
    assert "at least one" in error_for({"exercise": []}).problem


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('title = "ok"\n\n[[exercise]\nid = 1\n')
    with pytest.raises(DataFileError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: is not valid TOML")
    assert "line 3" in message and "column" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "file not found"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"a = [" * 2000, "not valid TOML"),
    ],
)
def test_unreadable_files_never_raise_anything_else(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "cat.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataFileError, match=expected):
        load_catalog(path)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="folder"):
        load_catalog(tmp_path)


def test_control_and_escape_sequences_are_stripped(tmp_path: Path) -> None:
    hostile = exercise(
        name="Knee\x1b]0;pwned\x07 to\x1b[2J chest\x9b31m",
        steps=["Lie down.\x07\x00", "Clear \x1bc the \u202eterminal"],
        cue="[bold red]not markup[/]",
    )
    catalog = load_catalog(write(tmp_path, catalogue(hostile)))
    loaded = catalog.exercises[0]
    assert loaded.name == "Knee to chest"
    assert loaded.steps == ("Lie down.", "Clear  the terminal")
    # Markup is data: it stays literal in the model and is rendered as plain text.
    assert loaded.cue == "[bold red]not markup[/]"


def test_file_name_with_escape_sequences_is_cleaned_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "\x1b]0;retitled\x07cat.toml"
    path.write_text("title = [")
    with pytest.raises(DataFileError) as caught:
        load_catalog(path)
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)
    assert "cat.toml: is not valid TOML" in str(caught.value)


def test_clean_text_keeps_ordinary_unicode() -> None:
    assert clean_text("Child’s pose — 30 s ✓ 名前") == "Child’s pose — 30 s ✓ 名前"
    assert clean_text("tab\tinside") == "tab inside"


def test_search_matches_every_word_across_fields_but_not_ids() -> None:
    raw = catalogue(
        exercise(),
        exercise(
            id="calf",
            name="Calf stretch",
            areas=["calves"],
            position="standing",
            equipment=["wall"],
        ),
        exercise(
            id="glide",
            name="Nerve glide",
            areas=["legs"],
            position="seated",
            equipment=["chair"],
            category="strength",
        ),
    )
    catalog = parse_catalog(raw, Path("t.toml"))
    ids = lambda found: [catalog.exercises[i].id for i in found]  # noqa: E731
    assert ids(catalog.search("")) == ["knee-to-chest", "calf", "glide"]
    assert ids(catalog.search("WALL")) == ["calf"]
    assert ids(catalog.search("stand calv")) == ["calf"]
    assert ids(catalog.search("seated")) == ["glide"]
    assert ids(catalog.search("lying back")) == ["knee-to-chest"]
    assert ids(catalog.search("zzz")) == []
    assert ids(catalog.search("", Filters(category="strength"))) == ["glide"]
    assert ids(catalog.search("", Filters(equipment="none"))) == []
    assert ids(catalog.search("", Filters(area="hips", position="on-back"))) == ["knee-to-chest"]
    assert ids(catalog.search("", Filters(area="lower-back"))) == ["knee-to-chest"]
    assert ids(catalog.search("chest", Filters(equipment="chair"))) == []
    assert ids(catalog.search("glide")) == ["glide"]  # the name, not the id
    assert ids(catalog.search("calf")) == ["calf"]
    assert ids(catalog.search("to-chest")) == ["knee-to-chest"]  # words of the name


def test_sanitised_round_trip_of_shipped_catalogue_is_stable() -> None:
    from tui.core.catalog import default_catalog_path

    path = default_catalog_path()
    catalog = load_catalog(path)
    assert len(catalog) >= 1
    assert tomllib.loads(path.read_text())["exercise"][0]["id"] == catalog.exercises[0].id


def test_facets_count_each_value_in_display_order() -> None:
    raw = catalogue(
        exercise(),
        exercise(id="calf", name="Calf", areas=["calves"], position="standing", equipment=[]),
        exercise(id="bridge", name="Bridge", category="strength", areas=["hips", "glutes"]),
    )
    catalog = parse_catalog(raw, Path("t.toml"))
    assert catalog.facet("category") == [
        ("mobility", "Mobility & flexibility", 2),
        ("strength", "Strength & stability", 1),
    ]
    assert catalog.facet("position") == [
        ("on-back", "Lying on back", 2),
        ("standing", "Standing", 1),
    ]
    assert catalog.facet("equipment") == [("none", "None needed", 1), ("mat", "Mat", 2)]
    assert catalog.facet("area") == [
        ("calves", "calves", 1),
        ("glutes", "glutes", 1),
        ("hips", "hips", 2),
        ("lower-back", "lower back", 1),
    ]


# --------------------------------------------------------------------------- what mutants showed


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("category", None, "any"),
        ("category", "mobility", "Mobility & flexibility"),
        ("position", "on-back", "Lying on back"),
        ("equipment", "mat", "Mat"),
        ("equipment", "none", "None needed"),
        ("position", "not-a-known-one", "not-a-known-one"),  # shown as written
        ("area", "hips", "hips"),  # areas have no labels
    ],
)
def test_facet_labels(field: str, value: str | None, label: str) -> None:
    shipped = load_catalog(default_catalog_path())
    assert shipped.facet_label(field, value) == label


@pytest.mark.parametrize(
    ("dosage", "text"),
    [
        ({"hold_breaths": 5, "reps": 2, "sets": 2}, "Hold 5 breaths · 2 reps · 2 sets"),
        ({"hold_seconds": 30, "reps": 3, "sets": 1}, "Hold 30 s · 3 reps"),
        ({"reps": 10, "rep_seconds": 3}, "10 reps · 3 s per rep"),
        ({"reps": 10}, "10 reps · own pace"),
    ],
)
def test_dosage_is_described_in_words(dosage: dict[str, Any], text: str) -> None:
    from tui.core.catalog import Dosage

    assert Dosage(**dosage).describe() == text


def test_the_no_equipment_filter_finds_only_exercises_without_any() -> None:
    raw = catalogue(
        exercise(id="floor", equipment=[]),
        exercise(id="mat", equipment=["mat"]),
    )
    catalog = parse_catalog(raw, Path("t.toml"))
    ids = [catalog.exercises[i].id for i in catalog.search("", Filters(equipment="none"))]
    assert ids == ["floor"]
    ids = [catalog.exercises[i].id for i in catalog.search("", Filters(equipment="mat"))]
    assert ids == ["mat"]


def test_a_duplicate_id_is_named_with_its_field_and_the_first_use() -> None:
    error = error_for(catalogue(exercise(), exercise()))
    assert (error.field, error.problem) == ("id", "duplicate id, already used by exercise #1")
    assert str(error) == (
        "mine.toml: exercise 'knee-to-chest' (#2): field 'id': "
        "duplicate id, already used by exercise #1"
    )


def test_a_catalogue_knows_its_file(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue())
    catalog = load_catalog(path)
    assert catalog.path == path
    assert repr(catalog) == f"Catalog({str(path)!r}, 1 exercise)"


def test_dosage_problems_name_the_field_alone() -> None:
    from tui.core.catalog import validate_dosage

    # As typed in the dosage form: no file, no exercise, just the field and the problem.
    assert validate_dosage({"reps": 0}) == (None, {"reps": "expected a whole number at least 1"})
    dosage, problems = validate_dosage({"hold_seconds": 30, "hold_breaths": 5})
    assert dosage is None
    assert problems == {"dosage": "give hold_seconds or hold_breaths, not both"}
