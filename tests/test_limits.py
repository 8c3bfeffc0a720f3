"""Every limit of the catalogue and the dosage, checked exactly on both sides.

A message is matched whole, never as a substring: "at most 6000" contains "at most 600".
A limit that changes on purpose changes here, in one row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import exercise_data

from tui.core.catalog import parse_catalog, validate_dosage
from tui.core.errors import DataFileError

# (field, lowest allowed, highest allowed), as the dosage form and routine files take them.
DOSAGE_LIMITS = [
    ("hold_seconds", 1, 600),
    ("hold_breaths", 1, 60),
    ("reps", 1, 100),
    ("sets", 1, 10),
    ("rep_seconds", 1, 60),
    ("rest_between_reps", 0, 600),
    ("rest_between_sides", 0, 600),
    ("rest_between_sets", 0, 600),
    ("rest_after", 0, 600),
]
# (field, longest allowed in characters) for the catalogue's texts.
TEXT_LIMITS = [
    ("id", 64),
    ("name", 80),
    ("cue", 80),
    ("areas", 80),
    ("steps", 2000),  # catalogue v2: wger's longest paragraph (1,382) fits
    ("cautions", 2000),
    ("source_note", 2000),
    ("source", 400),
    ("author", 400),
]
LISTS = {"areas", "steps", "cautions"}


def valid_alone(field: str, value: int) -> dict[str, Any]:
    """A dosage that is valid apart from `field` (moving exercises take rep_seconds)."""
    return {field: value} if field != "rep_seconds" else {field: value, "reps": 2}


@pytest.mark.parametrize(("field", "lowest", "highest"), DOSAGE_LIMITS)
def test_dosage_limits_are_exact_on_both_sides(field: str, lowest: int, highest: int) -> None:
    for value in (lowest, highest):
        dosage, problems = validate_dosage(valid_alone(field, value))
        assert problems == {}
        assert dosage is not None and getattr(dosage, field) == value
    assert validate_dosage(valid_alone(field, lowest - 1)) == (
        None,
        {field: f"expected a whole number at least {lowest}"},
    )
    assert validate_dosage(valid_alone(field, highest + 1)) == (
        None,
        {field: f"expected a whole number at most {highest}"},
    )


@pytest.mark.parametrize(("field", "lowest", "highest"), DOSAGE_LIMITS)
def test_catalogue_dosage_limits_are_exact_on_both_sides(
    field: str, lowest: int, highest: int
) -> None:
    def parse(value: int) -> Any:
        dosage = valid_alone(field, value)
        raw = {"title": "t", "exercise": [exercise_data(dosage=dosage)]}
        return parse_catalog(raw, Path("mine.toml")).exercises[0].dosage

    assert getattr(parse(lowest), field) == lowest
    assert getattr(parse(highest), field) == highest
    for value, words in ((lowest - 1, f"at least {lowest}"), (highest + 1, f"at most {highest}")):
        with pytest.raises(DataFileError) as caught:
            parse(value)
        assert str(caught.value) == (
            f"mine.toml: exercise 'knee-to-chest' (#1): field 'dosage.{field}': "
            f"expected a whole number {words}"
        )


@pytest.mark.parametrize(("field", "longest"), TEXT_LIMITS)
def test_catalogue_text_limits_are_exact(field: str, longest: int) -> None:
    def parse(length: int) -> Any:
        value = ["a" * length] if field in LISTS else "a" * length
        raw = {"title": "t", "exercise": [exercise_data(**{field: value})]}
        return getattr(parse_catalog(raw, Path("mine.toml")).exercises[0], field)

    assert parse(longest) in ("a" * longest, ("a" * longest,))
    with pytest.raises(DataFileError) as caught:
        parse(longest + 1)
    where = f"{field}[1]" if field in LISTS else field
    assert str(caught.value).endswith(f"field '{where}': expected at most {longest} characters")


# Values for every dosage field: in range, just out of it, far out of it, wrong types.
DOSAGE_VALUES = st.one_of(
    st.integers(min_value=-2, max_value=700), st.integers(), st.booleans(), st.text(max_size=4)
)


@given(st.dictionaries(st.sampled_from([f for f, _, _ in DOSAGE_LIMITS]), DOSAGE_VALUES))
def test_out_of_range_dosage_values_are_always_refused(values: dict[str, Any]) -> None:
    dosage, problems = validate_dosage(values)
    limits = {field: (lowest, highest) for field, lowest, highest in DOSAGE_LIMITS}
    for field, value in values.items():
        if isinstance(value, int) and not isinstance(value, bool):
            lowest, highest = limits[field]
            if not lowest <= value <= highest:
                assert dosage is None
                assert problems[field] in {
                    f"expected a whole number at least {lowest}",
                    f"expected a whole number at most {highest}",
                }
