"""The shipped catalogue says what the source article says, in its own words, safely."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import article_fingerprint
import pytest
from support import ARTICLE_IDS, STANDARD_IDS

from tui.core.catalog import Catalog, Exercise, default_catalog_path, load_catalog

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "catalog.md"
ARTICLE_SOURCE = "From the source article."
STANDARD_SOURCE = "Standard exercise, only named in the source article."

#: Exercises the article describes: their facts and figures come from it.
#: The article's strength and stability group, plus partial crunches.
STRENGTH_IDS = {
    "pelvic-tilt",
    "bridge",
    "plank-progression",
    "reach-outs",
    "sit-to-stand",
    "partial-crunch",
}

#: Brands, products, medication and the article's people and employers: none may appear.
FORBIDDEN_WORDS = (
    "ibuprofen",
    "acetaminophen",
    "paracetamol",
    "aleve",
    "advil",
    "tylenol",
    "motrin",
    "goodpath",
    "sutter",
    "y7",
    "cleveland clinic",
    "providence",
    "nyu",
    "pilates",
    "carina",
    "abrams",
    "siefferman",
    "jason",
    "fleck",
    "turetsky",
    "leon",
    "hilary",
    "wright",
    "fei",
    "jiang",
    "http",
    "www",
    "buy",
)
FORBIDDEN = re.compile(r"\b(?:" + "|".join(map(re.escape, FORBIDDEN_WORDS)) + r")\b", re.I)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_catalog_path())


def exercise_texts(exercise: Exercise) -> Iterator[str]:
    yield from (exercise.id, exercise.name, exercise.cue, exercise.source, exercise.source_note)
    yield from exercise.aliases
    yield from exercise.areas
    yield from exercise.steps
    yield from exercise.cautions
    yield from exercise.stop_if


def all_texts(catalog: Catalog) -> Iterator[str]:
    yield from (catalog.title, catalog.licence, catalog.attribution)
    if catalog.guidance is not None:
        yield catalog.guidance.notice
        yield catalog.guidance.if_it_hurts
        yield from catalog.guidance.points
    for exercise in catalog.exercises:
        yield from exercise_texts(exercise)


def test_shipped_catalogue_has_exactly_the_expected_exercises(catalog: Catalog) -> None:
    assert sorted(catalog.by_id) == sorted(ARTICLE_IDS + STANDARD_IDS)


@pytest.mark.parametrize("exercise_id", ARTICLE_IDS)
def test_described_exercises_come_from_the_article(catalog: Catalog, exercise_id: str) -> None:
    exercise = catalog.by_id[exercise_id]
    assert exercise.source == ARTICLE_SOURCE
    assert exercise.source_note.startswith("Article")


@pytest.mark.parametrize("exercise_id", STANDARD_IDS)
def test_named_only_exercises_say_they_are_standard(catalog: Catalog, exercise_id: str) -> None:
    exercise = catalog.by_id[exercise_id]
    assert exercise.source == STANDARD_SOURCE
    assert "not from the article" in exercise.source_note
    assert "standard practice" in exercise.source_note


def test_categories_follow_the_article(catalog: Catalog) -> None:
    strength = {exercise.id for exercise in catalog.exercises if exercise.category == "strength"}
    assert strength == STRENGTH_IDS


def test_mobility_precedes_strength_in_file_order(catalog: Catalog) -> None:
    categories = [exercise.category for exercise in catalog.exercises]
    assert set(categories) <= {"mobility", "strength"}
    assert categories == sorted(categories, key=("mobility", "strength").index)
    assert categories[0] == "mobility"
    assert categories[-1] == "strength"


def test_figure_four_is_held_for_breaths(catalog: Catalog) -> None:
    dosage = catalog.by_id["figure-four-stretch"].dosage
    assert dosage.hold_seconds is None
    assert dosage.hold_breaths is not None and 10 <= dosage.hold_breaths <= 15
    assert dosage.per_side


def test_article_figures_are_kept(catalog: Catalog) -> None:
    by_id = catalog.by_id
    assert by_id["knee-to-chest"].dosage.hold_seconds == 30
    assert 2 <= by_id["knee-to-chest"].dosage.reps <= 3
    assert (by_id["hamstring-stretch-strap"].dosage.hold_seconds or 0) >= 30
    assert by_id["kneeling-hip-flexor-stretch"].dosage.hold_seconds == 30
    assert 15 <= (by_id["calf-stretch-wall"].dosage.hold_seconds or 0) <= 30
    assert 10 <= by_id["pelvic-tilt"].dosage.reps <= 20
    assert 8 <= by_id["partial-crunch"].dosage.reps <= 12
    assert 10 <= by_id["bridge"].dosage.reps <= 15
    assert by_id["bridge"].dosage.sets == 2
    assert 10 <= by_id["lower-trunk-rotation"].dosage.reps <= 20
    glide = by_id["seated-nerve-glide"]
    assert glide.dosage.reps == 10 and glide.dosage.per_side and not glide.dosage.is_hold
    assert any("once a day" in text for text in exercise_texts(glide))


def test_knee_to_chest_cautions_osteoporosis(catalog: Catalog) -> None:
    for exercise_id in ("knee-to-chest", "double-knee-to-chest"):
        cautions = " ".join(catalog.by_id[exercise_id].cautions).lower()
        assert "osteoporosis" in cautions


@pytest.mark.parametrize("exercise_id", ["knee-to-chest", "double-knee-to-chest"])
def test_knee_to_chest_stops_at_front_of_hip_pain(catalog: Catalog, exercise_id: str) -> None:
    stop_if = " ".join(catalog.by_id[exercise_id].stop_if).lower()
    assert "front of the hip" in stop_if


def test_nerve_glide_stops_at_numbness_or_tingling(catalog: Catalog) -> None:
    stop_if = " ".join(catalog.by_id["seated-nerve-glide"].stop_if).lower()
    assert "numbness" in stop_if and "tingling" in stop_if


def test_every_exercise_is_complete_and_safe(catalog: Catalog) -> None:
    for exercise in catalog.exercises:
        assert 3 <= len(exercise.steps) <= 6, exercise.id
        assert exercise.cautions, exercise.id
        assert exercise.stop_if, exercise.id
        assert 1 <= len(exercise.areas) <= 4, exercise.id
        assert exercise.source_note, exercise.id
        if exercise.position in ("on-back", "on-front", "kneeling"):
            assert "mat" in exercise.equipment, exercise.id


def test_every_step_is_at_most_400_characters(catalog: Catalog) -> None:
    for exercise in catalog.exercises:
        for step in exercise.steps:
            assert len(step) <= 400, (exercise.id, step)
        assert len(exercise.cue) <= 80, exercise.id


def test_areas_use_one_small_vocabulary(catalog: Catalog) -> None:
    assert {area for exercise in catalog.exercises for area in exercise.areas} <= {
        "lower back",
        "upper back",
        "neck",
        "shoulders",
        "hips",
        "glutes",
        "hamstrings",
        "hip flexors",
        "thighs",
        "calves",
        "core",
        "nerves",
        "legs",
    }


def test_knee_to_chest_brings_the_knee_up_before_the_other_leg_step(catalog: Catalog) -> None:
    steps = catalog.by_id["knee-to-chest"].steps
    knee_up = next(i for i, step in enumerate(steps) if step.startswith("Bring one knee up"))
    other_leg = next(i for i, step in enumerate(steps) if "other leg" in step)
    hold = next(i for i, step in enumerate(steps) if step.startswith("Hold the leg"))
    assert knee_up < other_leg < hold


def test_standard_progressions_are_linked_both_ways(catalog: Catalog) -> None:
    by_id = catalog.by_id
    for easy, hard in [
        ("knee-to-chest", "double-knee-to-chest"),
        ("pelvic-tilt", "bridge"),
        ("reach-outs", "plank-progression"),
        ("cobra", "prone-press-up"),
    ]:
        assert hard in by_id[easy].harder
        assert easy in by_id[hard].easier


def test_no_run_of_more_than_8_words_is_copied_from_the_article() -> None:
    # The whole file, comments included, as one stream of words.
    text = (ROOT / "catalog.toml").read_text(encoding="utf-8")
    article = article_fingerprint.load()
    copied = [
        " ".join(run)
        for run in article_fingerprint.runs(text)
        if article_fingerprint.digest(run) in article
    ]
    assert copied == []


def test_the_copied_run_check_can_fail() -> None:
    # The note the issue found, quoting 15 words of the article.
    quoted = "feet and knees about shoulder width apart which moves the stretch lower into the hips"
    article = article_fingerprint.load()
    hits = [
        run
        for run in article_fingerprint.runs(quoted)
        if article_fingerprint.digest(run) in article
    ]
    assert len(hits) == 15 - 8
    assert not any(
        article_fingerprint.digest(run) in article
        for run in article_fingerprint.runs(
            "Lie on your back and breathe slowly while you hold it still"
        )
    )


def test_the_article_fingerprint_is_current() -> None:
    article = article_fingerprint.find_article()
    if article is None:
        pytest.skip("the source article is not beside this checkout (../shared/source)")
    assert article_fingerprint.load() == article_fingerprint.fingerprint(
        article.read_text(encoding="utf-8")
    ), "run tests/article_fingerprint.py to write tests/data/article-runs.txt again"


def test_no_brands_medication_names_or_links(catalog: Catalog) -> None:
    hits = [(text, match[0]) for text in all_texts(catalog) if (match := FORBIDDEN.search(text))]
    assert hits == []


def test_forbidden_word_check_can_fail() -> None:
    assert FORBIDDEN.search("Take Advil with water")
    assert FORBIDDEN.search("as Carina says")
    assert not FORBIDDEN.search("Sit upright and breathe")


def test_guidance_points_to_a_clinician(catalog: Catalog) -> None:
    guidance = catalog.guidance
    assert guidance is not None
    notice = guidance.notice.lower()
    assert "clinician" in notice
    assert "physical therapist" in notice or "doctor" in notice
    assert "physical therapist" in guidance.if_it_hurts.lower()
    points = " ".join(guidance.points).lower()
    for phrase in ("pain-free", "bounce", "breath", "one side", "2 to 5", "morning"):
        assert phrase in points, phrase


def test_docs_example_loads(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"^```toml\n(.*?)^```", text, re.S | re.M)
    assert match is not None, "docs/catalog.md has no ```toml block"
    path = tmp_path / "example.toml"
    path.write_text(match[1], encoding="utf-8")
    example = load_catalog(path)
    assert len(example) >= 2
    assert example.guidance is not None
