"""Catalogue schema v2: defaults, variants, provenance, every problem reported."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import msgspec
import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from support import CATALOGUE_IDS, exercise_data

from tui.core.catalog import bytes_are_clean, load_catalog, parse_catalog
from tui.core.catalog_check import SHOWN_IN_FULL, check_catalog, check_file, kind_of, report
from tui.core.errors import DataFileError
from tui.core.text import clean_text


def catalogue(*exercises: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"title": "Test", **top, "exercise": list(exercises)}


def without(data: dict[str, Any], *fields: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in fields}


def problems_of(raw: dict[str, Any]) -> list[DataFileError]:
    catalog, problems = check_catalog(raw, Path("mine.toml"))
    assert catalog is None
    return problems


def test_entries_inherit_position_cue_and_dosage_from_defaults() -> None:
    raw = catalogue(
        without(exercise_data(id="plain"), "position", "cue", "dosage"),
        without(exercise_data(id="stretch", category="mobility"), "dosage"),
        without(exercise_data(id="walk", category="aerobic"), "cue", "dosage"),
        exercise_data(id="own"),
        defaults={
            "position": "varies",
            "cue": "Go gently.",
            "dosage": {"reps": 10, "sets": 2},
            "mobility": {"dosage": {"hold_seconds": 20}},
            "aerobic": {"cue": "Keep a pace you can talk at."},
        },
    )
    raw["exercise"][0]["category"] = "strength"
    catalog = parse_catalog(raw, Path("t.toml"))
    plain, stretch, walk, own = catalog.exercises
    assert (plain.position, plain.cue, plain.dosage.reps, plain.dosage.sets) == (
        "varies",
        "Go gently.",
        10,
        2,
    )
    assert plain.dosage_is_default and plain.position_label == "Position varies"
    assert stretch.dosage.hold_seconds == 20 and stretch.dosage_is_default
    assert stretch.cue == "Breathe slowly."  # its own cue wins
    assert walk.cue == "Keep a pace you can talk at." and walk.dosage.reps == 10
    assert not own.dosage_is_default and own.dosage.hold_seconds == 30


def test_a_field_left_to_defaults_that_are_not_there_is_named() -> None:
    raw = catalogue(without(exercise_data(), "position", "dosage"))
    problems = problems_of(raw)
    assert [(p.field, p.problem) for p in problems] == [
        ("position", "is required but missing (here or in [defaults])"),
        ("dosage", "is required but missing (here or in [defaults])"),
    ]


def test_variants_are_linked_both_ways() -> None:
    raw = catalogue(
        exercise_data(id="a", harder=["b"]),
        exercise_data(id="b", name="B"),
        exercise_data(id="c", name="C", easier=["b"]),
    )
    by_id = parse_catalog(raw, Path("t.toml")).by_id
    assert by_id["a"].harder == ("b",) and by_id["a"].easier == ()
    assert by_id["b"].easier == ("a",) and by_id["b"].harder == ("c",)
    assert by_id["c"].easier == ("b",)


def test_variant_loops_are_found_however_long() -> None:
    raw = catalogue(
        exercise_data(id="a", harder=["b"]),
        exercise_data(id="b", name="B", harder=["c"]),
        exercise_data(id="c", name="C", easier=["d"]),
        exercise_data(id="d", name="D", easier=["a"]),  # a < b < c, d < c, a < d: fine
        exercise_data(id="e", name="E", harder=["f"]),
        exercise_data(id="f", name="F", harder=["g"]),
        exercise_data(id="g", name="G", harder=["e"]),  # e < f < g < e: a loop
    )
    problems = problems_of(raw)
    assert len(problems) == 1
    assert problems[0].problem.startswith("easier/harder links go round in a loop: ")
    assert set(problems[0].problem.split(": ")[1].split(" -> ")) == {"e", "f", "g"}


def test_check_reports_every_problem_not_only_the_first() -> None:
    bad_dosage = exercise_data(id="a", dosage={"reps": 0, "hold_secs": 3, "sets": 99})
    raw = catalogue(
        bad_dosage,
        exercise_data(id="b", category="cardio", url="ftp://x", cue="x" * 81),
        exercise_data(id="c", harder=["nowhere"]),
        exercise_data(id="a", name="Again"),
        without(exercise_data(id="d"), "name"),
        title="",
    )
    fields = [(p.entry, p.field) for p in problems_of(raw)]
    assert fields == [
        ("", "title"),
        ("exercise 'a' (#1)", "dosage.reps"),
        ("exercise 'a' (#1)", "dosage.hold_secs"),
        ("exercise 'a' (#1)", "dosage.sets"),
        ("exercise 'b' (#2)", "category"),
        ("exercise 'b' (#2)", "cue"),
        ("exercise 'b' (#2)", "url"),
        ("exercise 'd' (#5)", "name"),
        ("exercise 'a' (#4)", "id"),
        ("exercise 'c' (#3)", "harder[1]"),
    ]


def test_a_rule_joining_fields_is_reported_once_each_field_is_fine() -> None:
    raw = catalogue(exercise_data(dosage={"hold_seconds": 30, "hold_breaths": 5}))
    [problem] = problems_of(raw)
    assert (problem.field, problem.problem) == (
        "dosage",
        "give hold_seconds or hold_breaths, not both",
    )


def test_the_report_groups_by_kind_and_shows_the_first_fifty(tmp_path: Path) -> None:
    exercises = [exercise_data(id=f"e{i}", name=f"E{i}", equipment=["none"]) for i in range(60)] + [
        exercise_data(id=f"c{i}", name=f"C{i}", category="cardio") for i in range(3)
    ]
    path = tmp_path / "many.toml"
    path.write_text(tomli_w.dumps(catalogue(*exercises)))
    catalog, problems = check_file(path)
    assert catalog is None and len(problems) == 63
    assert len({kind_of(problem) for problem in problems}) == 2
    lines = report(path, problems)
    assert len([line for line in lines if "exercise '" in line]) == SHOWN_IN_FULL
    summary = lines[SHOWN_IN_FULL:]
    assert summary[0] == f"error: {path}: 63 problems of 2 kinds; the first 50 are above"
    assert summary[1].strip().startswith("60 x equipment[]: '…' names no equipment")
    assert summary[2].strip().startswith("3 x category: '…' is not allowed")


def test_check_exit_codes_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    good = tmp_path / "good.toml"
    good.write_text(tomli_w.dumps(catalogue(exercise_data())))
    bad = tmp_path / "bad.toml"
    bad.write_text(
        tomli_w.dumps(catalogue(exercise_data(category="x"), exercise_data(id="b", areas=[])))
    )
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok, 1 exercise\n"
    assert main(["check", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{good}: ok" in captured.out
    err = captured.err.splitlines()
    assert all(line.startswith(("error: ", "  ")) for line in err)
    assert err[-3] == f"error: {bad}: 2 problems of 2 kinds"


def test_a_version_1_catalogue_still_loads(tmp_path: Path) -> None:
    old = """
title = "Old"
[[exercise]]
id = "bridge"
name = "Bridge"
category = "strength"
areas = ["glutes"]
position = "on-back"
equipment = ["mat", "strap"]
steps = ["Lift your hips."]
cue = "Squeeze."
source = "standard"
source_note = "Standard practice."
[exercise.dosage]
reps = 10
"""
    path = tmp_path / "old.toml"
    path.write_text(old)
    catalog = load_catalog(path)
    bridge = catalog.exercises[0]
    assert bridge.source == "standard" and bridge.equipment_label == "Mat, Strap or towel"
    assert not bridge.dosage_is_default


def test_the_longest_wger_paragraph_fits_in_one_step() -> None:
    raw = catalogue(exercise_data(steps=["word " * 276]))  # 1,380 characters
    assert parse_catalog(raw, Path("t.toml")).exercises[0].steps[0].startswith("word")


def test_provenance_is_kept() -> None:
    raw = catalogue(
        exercise_data(
            author="A. Author",
            licence="CC-BY-SA 4.0",
            url="https://wger.de/en/exercise/9/view-base",
            language="pt-BR",
            source="wger",
        ),
        licence="CC-BY-SA 4.0",
        attribution="From wger.",
    )
    catalog = parse_catalog(raw, Path("t.toml"))
    (only,) = catalog.exercises
    assert (catalog.licence, catalog.attribution) == ("CC-BY-SA 4.0", "From wger.")
    assert (only.author, only.licence, only.url, only.language, only.source) == (
        "A. Author",
        "CC-BY-SA 4.0",
        "https://wger.de/en/exercise/9/view-base",
        "pt-BR",
        "wger",
    )


def test_the_shipped_catalogue_round_trips_through_the_checker() -> None:
    from tui.core.catalog import default_catalog_path

    path = default_catalog_path()
    catalog, problems = check_catalog(tomllib.loads(path.read_text()), path)
    assert problems == [] and catalog is not None and len(catalog) == len(CATALOGUE_IDS)


@given(st.text(max_size=20))
def test_clean_bytes_of_json_mean_clean_text(text: str) -> None:
    data = msgspec.json.encode({"name": text})
    assert bytes_are_clean(data, b'\\"n', raw_controls=False) == (clean_text(text) == text) or (
        # It may only err towards "not clean" (then the cache is rebuilt): a literal
        # backslash before t, b, f, r or u in the text itself.
        "\\" in text and not bytes_are_clean(data, b'\\"n', raw_controls=False)
    )


@given(st.text(max_size=20))
def test_clean_bytes_of_toml_mean_the_text_needs_no_cleaning(text: str) -> None:
    data = tomli_w.dumps({"name": text}).encode()
    if bytes_are_clean(data, b'\\"n \n'):
        assert clean_text(text) == text


def test_problems_quote_values_without_their_escape_sequences() -> None:
    raw = catalogue(exercise_data(equipment=["\x1b]0;x\x07\x1b[2J"], category="\x1b[31mred"))
    messages = " ".join(str(problem) for problem in problems_of(raw))
    assert "\x1b" not in messages and "\x07" not in messages
    assert "'red' is not allowed" in messages


def test_catalogues_load_the_same_without_rtoml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.catalog import default_catalog_path

    shipped = load_catalog(default_catalog_path())
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "ok"\n\n[[exercise]\nid = 1\n')
    with pytest.raises(DataFileError) as with_rtoml:
        load_catalog(broken)
    monkeypatch.setitem(__import__("sys").modules, "rtoml", None)  # import rtoml fails
    assert load_catalog(default_catalog_path()).exercises == shipped.exercises
    with pytest.raises(DataFileError) as without:
        load_catalog(broken)
    assert str(without.value) == str(with_rtoml.value)  # tomllib writes the message either way
    assert "line 3" in str(without.value)


def test_side_lying_is_a_position_and_a_filter() -> None:
    catalog = parse_catalog(
        catalogue(exercise_data(id="open-books", position="on-side")), Path("t.toml")
    )
    (books,) = catalog.exercises
    assert books.position_label == "Lying on side"
    assert catalog.facet("position") == [("on-side", "Lying on side", 1)]
    assert catalog.search("side") == [0]


@pytest.mark.parametrize("times", [0, 25])
def test_max_per_day_is_bounded(times: int) -> None:
    problems = problems_of(catalogue(exercise_data(max_per_day=times)))
    assert [p.field for p in problems] == ["max_per_day"]


def test_a_daily_limit_is_said_in_words() -> None:
    catalog = parse_catalog(
        catalogue(
            exercise_data(id="once", max_per_day=1),
            exercise_data(id="thrice", max_per_day=3),
            exercise_data(id="any"),
        ),
        Path("t.toml"),
    )
    assert [e.daily_limit for e in catalog.exercises] == [
        "At most once a day",
        "At most 3 times a day",
        "",
    ]


def test_guidance_lists_the_warning_signs_unless_it_gives_its_own() -> None:
    from tui.core.catalog import DEFAULT_GET_CHECKED_SOON, DEFAULT_GET_HELP_NOW

    plain = parse_catalog(
        catalogue(exercise_data(), guidance={"notice": "Not a clinician."}), Path("t.toml")
    )
    assert plain.guidance is not None
    assert plain.guidance.get_help_now == DEFAULT_GET_HELP_NOW
    assert plain.guidance.get_checked_soon == DEFAULT_GET_CHECKED_SOON
    own = parse_catalog(
        catalogue(
            exercise_data(),
            guidance={"notice": "Kein Ersatz.", "get_help_now": ["Blasenprobleme."]},
        ),
        Path("t.toml"),
    )
    assert own.guidance is not None and own.guidance.get_help_now == ("Blasenprobleme.",)


def test_warning_signs_leave_out_an_empty_group_and_default_without_guidance() -> None:
    from tui.core.catalog import (
        GET_CHECKED_SOON_HEADING,
        GET_HELP_NOW_HEADING,
        Guidance,
        warning_signs,
    )

    assert [heading for heading, _ in warning_signs(None)] == [
        GET_HELP_NOW_HEADING,
        GET_CHECKED_SOON_HEADING,
    ]
    only_soon = Guidance(notice="Not a clinician.", get_help_now=())
    assert [heading for heading, _ in warning_signs(only_soon)] == [GET_CHECKED_SOON_HEADING]
