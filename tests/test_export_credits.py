"""Credits travel with exercises: handouts and shared routine files name their sources."""

from __future__ import annotations

import tomllib
from pathlib import Path

from support import exercise_data

from tui.core.catalog import default_catalog_path, load_catalog, parse_catalog
from tui.core.export import SHARE_ALIKE, routine_markdown, routine_toml
from tui.core.routine import Routine, RoutineEntry, parse_routine

SHARED = parse_catalog(
    {
        "title": "wger exercises (English)",
        "licence": "CC-BY-SA 4.0",
        "attribution": "From the wger project, by the wger contributors.",
        "exercise": [
            exercise_data(
                id="squat",
                name="Squat",
                author="alice",
                licence="CC-BY-SA 4.0",
                url="https://wger.de/en/exercise/1/view-base",
                source="wger exercise database",
            )
        ],
    },
    Path("wger.toml"),
)
ROUTINE = Routine(name="Legs", exercise=(RoutineEntry(id="squat"),))


def test_a_handout_credits_each_exercise_and_the_catalogue() -> None:
    text = routine_markdown(ROUTINE, SHARED, None)
    assert "Source: wger exercise database" in text
    assert "Credit: by alice · CC-BY-SA 4.0 · https://wger.de/en/exercise/1/view-base" in text
    assert "## Credits" in text and "From the wger project, by the wger contributors." in text
    assert "Licence: CC-BY-SA 4.0." in text
    assert SHARE_ALIKE in text


def test_the_shipped_catalogue_says_where_each_exercise_comes_from() -> None:
    shipped = load_catalog(default_catalog_path())
    routine = Routine(name="Mine", exercise=(RoutineEntry(id="knee-to-chest"),))
    text = routine_markdown(routine, shipped, shipped.guidance)
    assert "Source: From the source article." in text
    assert "Licence: MIT, like Unknot." in text
    assert SHARE_ALIKE not in text  # nothing share-alike here


def test_a_shared_routine_file_starts_with_credits_and_still_loads() -> None:
    text = routine_toml(ROUTINE, SHARED)
    header = text.split("\nname = ")[0]
    assert all(line.startswith("#") or not line for line in header.splitlines())
    assert "Squat (squat): source wger exercise database; credit by alice" in " ".join(
        line.lstrip("# ") for line in header.splitlines()
    )
    assert "share-alike" in header
    assert parse_routine(tomllib.loads(text), Path("x.toml")) == ROUTINE


def test_a_line_break_in_an_attribution_cannot_end_a_comment() -> None:
    tricky = parse_catalog(
        {
            "title": "t",
            "attribution": 'One.\nname = "Injected"',
            "exercise": [exercise_data(id="squat", name="Squat")],
        },
        Path("t.toml"),
    )
    text = routine_toml(ROUTINE, tricky)
    assert tomllib.loads(text)["name"] == "Legs"
