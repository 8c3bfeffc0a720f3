"""Handouts, shareable routine files, summaries and importing routines."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

import pytest
from support import exercise_data

from tui.core.catalog import Catalog, Dosage, parse_catalog
from tui.core.errors import DataFileError
from tui.core.export import (
    DEFAULT_NOTICE,
    format_duration,
    import_routine,
    routine_markdown,
    routine_summary,
    routine_toml,
)
from tui.core.paths import DataPaths
from tui.core.plan import estimate_seconds
from tui.core.routine import Routine, RoutineEntry, parse_routine
from tui.core.store.routines import RoutineStore


def exercise(ident: str, name: str, **overrides: Any) -> dict[str, Any]:
    return exercise_data(id=ident, name=name, **{"areas": ["lower back"], **overrides})


@pytest.fixture
def catalog() -> Catalog:
    return parse_catalog(
        {
            "title": "Test exercises",
            "guidance": {
                "notice": "Unknot guides exercises; it does not replace a clinician.",
                "points": ["Stretching should be pain-free.", "Do not hold your breath."],
                "if_it_hurts": "Stop, and see a physical therapist if it persists.",
            },
            "exercise": [
                exercise("knee-to-chest", "Knee to chest"),
                exercise(
                    "bridge",
                    "Bridge",
                    category="strength",
                    equipment=[],
                    steps=["Bend your knees.", "Lift your hips.", "Lower slowly."],
                    cautions=[],
                    stop_if=["Sharp pain in the lower back."],
                    dosage={"reps": 10, "sets": 2},
                ),
            ],
        },
        Path("test-catalog.toml"),
    )


@pytest.fixture
def store(isolated_data_dir: Path) -> RoutineStore:
    return RoutineStore(DataPaths(isolated_data_dir))


ROUTINE = Routine(
    name="Evening",
    description="Before bed.",
    exercise=(
        RoutineEntry(id="knee-to-chest", note="Left knee first."),
        RoutineEntry(id="bridge", dosage=Dosage(reps=5)),
        RoutineEntry(id="not-in-catalogue", note="From a friend."),
    ),
)


# --------------------------------------------------------------------------- markdown


def test_markdown_handout_has_everything_to_print(catalog: Catalog) -> None:
    text = routine_markdown(ROUTINE, catalog, catalog.guidance)
    assert text.startswith("# Evening\n")
    assert "Before bed." in text
    duration = format_duration(estimate_seconds(ROUTINE, catalog))
    assert f"Estimated time: about {duration} · 3 exercises" in text
    assert "## 1. Knee to chest" in text
    assert "- Position: Lying on back" in text
    assert "- Equipment: Mat" in text
    assert "- Dosage: Hold 30 s · 3 reps · each side" in text
    assert "1. Lie on your back.\n2. Hug one knee to your chest." in text
    assert "Cue: Breathe slowly." in text
    assert "Take care:\n\n- Take care if you have osteoporosis." in text
    assert "Stop at once if:\n\n- Pain at the front of the hip." in text
    assert "Your note: Left knee first." in text
    # The entry's own dosage wins over the catalogue's.
    assert "## 2. Bridge" in text
    assert "- Equipment: None" in text
    assert "- Dosage: 5 reps · own pace" in text
    assert "3. Lower slowly." in text
    # A missing exercise is listed, with the person's note.
    assert "## 3. Missing exercise: not-in-catalogue" in text
    assert "Your note: From a friend." in text
    # General guidance, then the notices.
    assert "## General guidance" in text
    assert "- Stretching should be pain-free." in text
    assert "- If it hurts: Stop, and see a physical therapist if it persists." in text
    assert "> Unknot guides exercises; it does not replace a clinician." in text
    assert text.rstrip().endswith(DEFAULT_NOTICE)


def test_markdown_without_guidance_still_has_the_notice(catalog: Catalog) -> None:
    text = routine_markdown(ROUTINE, catalog, None)
    assert "General guidance" not in text
    assert DEFAULT_NOTICE in text
    assert "## When to get help" in text  # Unknot's own warning signs


def test_markdown_says_when_to_get_help_before_the_exercises(catalog: Catalog) -> None:
    text = routine_markdown(ROUTINE, catalog, catalog.guidance)
    help_at = text.index("## When to get help")
    assert help_at < text.index("## 1. Knee to chest")
    signs = text[help_at : text.index("## 1.")]
    assert "Stop and get medical help the same day" in signs
    assert "- New trouble controlling your bladder or bowels." in signs
    assert "See a doctor soon, before you start these exercises" in signs
    assert "- It started after a recent fall or accident." in signs


def test_markdown_gives_a_daily_limit_with_the_dosage() -> None:
    limited = parse_catalog(
        {"exercise": [exercise("glide", "Nerve glide", max_per_day=1)]}, Path("t.toml")
    )
    text = routine_markdown(Routine(name="R", exercise=(RoutineEntry(id="glide"),)), limited, None)
    assert "- Dosage: Hold 30 s · 3 reps · each side\n- At most once a day\n" in text


def test_markdown_treats_file_text_as_text(catalog: Catalog) -> None:
    routine = Routine(
        name="*Mine* [link](http://x)",
        exercise=(RoutineEntry(id="bridge", note="a\n# Heading\n<script>"),),
    )
    text = routine_markdown(routine, catalog, None)
    assert text.startswith("# \\*Mine\\* \\[link\\](http://x)\n")
    assert "Your note: a \\# Heading \\<script\\>" in text
    assert not any(line.startswith("# Heading") for line in text.splitlines())


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.4, "59 s"),
        (59.6, "1 min"),
        (89, "1 min"),
        (90, "2 min"),
        (720, "12 min"),
        (3599, "1 h 00 min"),
        (3900, "1 h 05 min"),
        (7260, "2 h 01 min"),
        (-3, "0 s"),
        (math.nan, "0 s"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


# --------------------------------------------------------------------------- TOML


def test_toml_round_trips_through_parse_routine() -> None:
    routine = Routine(
        name='Évening "slow" — 名前',
        description="Line one\nline two",
        exercise=(
            *ROUTINE.exercise,
            RoutineEntry(
                id="knee-to-chest",
                dosage=Dosage(hold_breaths=5, reps=2, per_side=True, rest_after=0),
            ),
        ),
    )
    text = routine_toml(routine)
    assert text.startswith("# ")
    assert parse_routine(tomllib.loads(text), Path("shared.toml")) == routine


# --------------------------------------------------------------------------- summary


def test_summary_for_the_command_line(store: RoutineStore, catalog: Catalog) -> None:
    stored = store.create(ROUTINE)
    assert routine_summary(stored, catalog) == {
        "name": "Evening",
        "exercises": 3,
        "estimated_seconds": round(estimate_seconds(ROUTINE, catalog)),
        "path": str(stored.path),
        "read_only": False,
        "missing_exercises": ["not-in-catalogue"],
    }


# --------------------------------------------------------------------------- import


def test_import_saves_a_new_file_and_leaves_the_original(
    store: RoutineStore, tmp_path: Path
) -> None:
    shared = tmp_path / "from-a-friend.toml"
    shared.write_text(routine_toml(ROUTINE))
    original = shared.read_bytes()

    first = import_routine(shared, store)
    second = import_routine(shared, store)

    assert first.routine == ROUTINE
    assert first.path.parent == store.folder
    assert first.path.name == "evening.toml"
    assert second.name == "Evening (imported)"
    assert second.path.name == "evening-imported.toml"
    assert shared.read_bytes() == original
    assert [stored.name for stored in store.load_all().routines] == [
        "Evening",
        "Evening (imported)",
    ]


def test_import_with_a_hostile_name_stays_in_the_routines_folder(
    store: RoutineStore, tmp_path: Path
) -> None:
    shared = tmp_path / "x.toml"
    shared.write_text('name = "../../../etc/passwd"\n[[exercise]]\nid = "bridge"\n')
    stored = import_routine(shared, store)
    assert stored.path == store.folder / "etcpasswd.toml"
    assert stored.name == "../../../etc/passwd"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('name = "Broken\n', "is not valid TOML"),
        ('name = "X"\n[[exercise]]\nid = "Not An Id"\n', "field 'id'"),
        ('name = "X"\nsteps = 3\n', "unknown field 'steps'"),
        ("description = 'no name'\n", "field 'name': is required"),
    ],
)
def test_import_of_an_invalid_file_names_it(
    store: RoutineStore, tmp_path: Path, content: str, problem: str
) -> None:
    bad = tmp_path / "bad-routine.toml"
    bad.write_text(content)
    with pytest.raises(DataFileError) as error:
        import_routine(bad, store)
    assert error.value.path == bad
    assert str(error.value).startswith(str(bad))
    assert problem in str(error.value)
    assert not store.folder.exists()


def test_import_of_a_missing_file(store: RoutineStore, tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        import_routine(tmp_path / "nope.toml", store)
