"""Routine model: edits and the article's order warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.core.catalog import parse_catalog
from tui.core.errors import DataFileError
from tui.core.routine import (
    Routine,
    RoutineEntry,
    add_entry,
    move_entry,
    new_entry,
    parse_routine,
    remove_entry,
    replace_entry,
    routine_to_dict,
)


def exercise(ident: str, category: str) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident.title(),
        "category": category,
        "areas": ["hips"],
        "position": "on-back",
        "steps": ["Do it."],
        "cue": "Breathe.",
        "source": "article",
        "dosage": {"hold_seconds": 20, "reps": 2},
    }


CATALOG = parse_catalog(
    {"exercise": [exercise("stretch", "mobility"), exercise("bridge", "strength")]},
    Path("c.toml"),
)


def routine(*ids: str) -> Routine:
    return Routine(name="Mine", exercise=tuple(RoutineEntry(id=i) for i in ids))


def ids(r: Routine) -> list[str]:
    return [entry.id for entry in r.entries]


def test_edits_return_new_routines() -> None:
    r = routine("a", "b", "c")
    assert ids(add_entry(r, RoutineEntry(id="d"))) == ["a", "b", "c", "d"]
    assert ids(add_entry(r, RoutineEntry(id="d"), at=0)) == ["d", "a", "b", "c"]
    assert ids(remove_entry(r, 1)) == ["a", "c"]
    moved, at = move_entry(r, 0, 1)
    assert (ids(moved), at) == (["b", "a", "c"], 1)
    moved, at = move_entry(r, 0, -1)
    assert (ids(moved), at) == (["a", "b", "c"], 0)
    moved, at = move_entry(r, 2, 5)
    assert (ids(moved), at) == (["a", "b", "c"], 2)
    assert ids(replace_entry(r, 1, RoutineEntry(id="z"))) == ["a", "z", "c"]
    assert ids(r) == ["a", "b", "c"]


def test_new_entry_starts_from_the_catalogue_dosage() -> None:
    entry = new_entry(CATALOG.exercises[0])
    assert entry.dosage == CATALOG.exercises[0].dosage


@pytest.mark.parametrize(
    ("order", "warning"),
    [
        (("stretch", "bridge"), None),
        (("bridge", "stretch"), "before a mobility"),
        (("bridge",), "No mobility"),
        (("stretch", "missing"), None),
        ((), None),
    ],
)
def test_order_warnings_follow_the_article(order: tuple[str, ...], warning: str | None) -> None:
    warnings = routine(*order).order_warnings(CATALOG)
    if warning is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warning in warnings[0]


def test_missing_exercise_is_resolved_as_none_and_kept() -> None:
    r = routine("stretch", "gone")
    assert [ex is None for _, ex in r.resolve(CATALOG)] == [False, True]
    assert [item["id"] for item in routine_to_dict(r)["exercise"]] == ["stretch", "gone"]


def test_bad_routine_names_the_entry_and_field() -> None:
    raw = {"name": "Mine", "exercise": [{"id": "stretch", "dosage": {"reps": 0}}]}
    with pytest.raises(DataFileError) as caught:
        parse_routine(raw, Path("mine.toml"))
    assert str(caught.value) == (
        "mine.toml: exercise 'stretch' (#1): field 'dosage.reps': "
        "expected a whole number at least 1"
    )
