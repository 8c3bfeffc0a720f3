"""The shipped catalogue says what the source article says, in its own words, safely."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import article_fingerprint
import pytest
from support import ADDED_IDS, ARTICLE_IDS, STANDARD_IDS

from tui.core.catalog import (
    DEFAULT_GET_CHECKED_SOON,
    DEFAULT_GET_HELP_NOW,
    Catalog,
    Exercise,
    default_catalog_path,
    load_catalog,
)
from tui.core.routine import Routine
from tui.core.store.routines import load_starters

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "catalog.md"
ARTICLE_SOURCE = "From the source article."
STANDARD_SOURCE = "Standard exercise, only named in the source article."
ADDED_SOURCE = "Standard exercise, not described in the source article."
#: Every file we write wording in: the catalogue, every data file shipped with the app,
#: the code that words pain advice, guidance and handouts, and the documentation.
WORDING_FILES = sorted(
    {
        path.resolve()
        for path in (
            ROOT / "catalog.toml",
            *(ROOT / "tui" / "data").glob("*.toml"),
            ROOT / "tui" / "core" / "coaching.py",
            ROOT / "tui" / "core" / "catalog.py",
            ROOT / "tui" / "core" / "export.py",
            ROOT / "tui" / "screens" / "help.py",
            ROOT / "tui" / "screens" / "catalogue.py",
            ROOT / "tui" / "screens" / "session_dialogs.py",
            *(ROOT / "docs").glob("*.md"),
            ROOT / "README.md",
        )
    }
)
FLOOR = ("on-back", "on-front", "on-side", "kneeling")

#: Exercises the article describes: their facts and figures come from it.
#: The article's strength and stability group, plus partial crunches.
STRENGTH_IDS = {
    "pelvic-tilt",
    "bridge",
    "plank-progression",
    "reach-outs",
    "sit-to-stand",
    "partial-crunch",
    # Their harder versions, added as exercises of their own.
    "reach-outs-arm-and-leg",
    "forearm-plank",
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
        yield from catalog.guidance.get_help_now
        yield from catalog.guidance.get_checked_soon
    for exercise in catalog.exercises:
        yield from exercise_texts(exercise)


def test_shipped_catalogue_has_exactly_the_expected_exercises(catalog: Catalog) -> None:
    assert sorted(catalog.by_id) == sorted(ARTICLE_IDS + STANDARD_IDS + ADDED_IDS)


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


@pytest.mark.parametrize("exercise_id", ADDED_IDS)
def test_added_exercises_say_they_are_standard_and_conservative(
    catalog: Catalog, exercise_id: str
) -> None:
    exercise = catalog.by_id[exercise_id]
    assert exercise.source == ADDED_SOURCE
    note = exercise.source_note
    assert note.startswith("Not in the article")
    assert "standard practice" in note and "conservative" in note
    dosage = exercise.dosage
    assert (dosage.hold_seconds or 0) <= 20 and dosage.reps <= 10 and dosage.sets == 1
    assert exercise.figure is not None


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
        if exercise.position in FLOOR:
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


def test_knee_to_chest_steps_follow_the_order_on_the_floor(catalog: Catalog) -> None:
    # Lie down, choose what the resting leg does, bring one knee up, hold behind the knee;
    # nothing names "the other" leg before a knee has come up (issues #9 and #15).
    steps = catalog.by_id["knee-to-chest"].steps
    lie = next(i for i, step in enumerate(steps) if step.startswith("Lie on your back"))
    resting = next(i for i, step in enumerate(steps) if "resting leg" in step)
    knee_up = next(i for i, step in enumerate(steps) if step.startswith("Bring one knee up"))
    hold = next(i for i, step in enumerate(steps) if "behind the knee" in step)
    assert lie < resting < knee_up < hold
    assert not any("other" in step for step in steps[:knee_up])


def test_hamstring_strap_goes_on_with_the_knee_bent_before_the_leg_straightens(
    catalog: Catalog,
) -> None:
    steps = catalog.by_id["hamstring-stretch-strap"].steps
    assert "knees bent" in steps[0]
    loop = next(i for i, step in enumerate(steps) if "loop a strap" in step)
    assert "knee toward your chest" in steps[loop]
    straighten = next(i for i, step in enumerate(steps) if "straighten the looped leg" in step)
    assert loop < straighten


@pytest.mark.parametrize("exercise_id", ["lower-trunk-rotation", "lower-trunk-rotation-wide"])
def test_trunk_rotations_go_side_to_side_starting_small(catalog: Catalog, exercise_id: str) -> None:
    exercise = catalog.by_id[exercise_id]
    steps = " ".join(exercise.steps)
    # Side to side, so not all to the left then all to the right.
    assert not exercise.dosage.per_side
    assert "side to side" in steps and "one repetition is" in steps
    moving = next(i for i, step in enumerate(exercise.steps) if "drift slowly" in step)
    assert "start with small movements" in exercise.steps[moving]
    assert "arms out to the sides" in steps
    assert exercise.figure is not None and len(exercise.figure.frame) == 3  # side, middle, side


def test_no_step_asks_for_the_harder_version(catalog: Catalog) -> None:
    # Someone reading during the get-ready may do a step at once: progressions are linked
    # exercises, never steps.
    progression = re.compile(r"once (this|it) is easy|over the weeks|build up|harder", re.I)
    found = [
        (e.id, step) for e in catalog.exercises for step in e.steps if progression.search(step)
    ]
    assert found == []
    assert "reach-outs-arm-and-leg" in catalog.by_id["reach-outs"].harder
    assert "forearm-plank" in catalog.by_id["plank-progression"].harder


def test_bridge_lifts_only_to_a_straight_line(catalog: Catalog) -> None:
    bridge = catalog.by_id["bridge"]
    assert "straight line" in " ".join(bridge.steps)
    assert "lift less and squeeze your buttocks more" in " ".join(bridge.cautions)


def test_kneeling_hip_flexor_keeps_the_lower_back_from_arching(catalog: Catalog) -> None:
    steps = " ".join(catalog.by_id["kneeling-hip-flexor-stretch"].steps)
    assert "tuck your tailbone" in steps and "arched" in steps
    assert "front knee is over your ankle" in steps


@pytest.mark.parametrize("exercise_id", ["prone-press-up", "cobra", "standing-backward-bend"])
def test_backward_bends_say_which_leg_symptoms_mean_stop(
    catalog: Catalog, exercise_id: str
) -> None:
    exercise = catalog.by_id[exercise_id]
    cautions = " ".join(exercise.cautions)
    stop_if = " ".join(exercise.stop_if).lower()
    assert "bending backward usually brings on your pain" in cautions
    assert "numbness or tingling" in stop_if and "further down a leg" in stop_if
    assert "physical therapist" in cautions
    if exercise_id != "standing-backward-bend":
        assert "back toward your spine" in cautions and "further down the leg" in cautions


@pytest.mark.parametrize(
    "exercise_id", ["knee-to-chest", "double-knee-to-chest", "childs-pose", "partial-crunch"]
)
def test_forward_bends_caution_those_whom_bending_forward_hurts(
    catalog: Catalog, exercise_id: str
) -> None:
    assert any(
        "bending forward usually brings your pain on" in caution
        for caution in catalog.by_id[exercise_id].cautions
    )


@pytest.mark.parametrize(
    "exercise_id",
    ["knee-to-chest", "double-knee-to-chest", "childs-pose", "lower-trunk-rotation"],
)
def test_deep_hip_bends_and_twists_name_hip_surgery(catalog: Catalog, exercise_id: str) -> None:
    assert any("hip replacement" in c for c in catalog.by_id[exercise_id].cautions)


@pytest.mark.parametrize(
    "exercise_id",
    ["prone-press-up", "cobra", "plank-progression", "forearm-plank", "partial-crunch"],
)
def test_face_down_exercises_and_crunches_name_pregnancy(
    catalog: Catalog, exercise_id: str
) -> None:
    assert any("pregnant" in c for c in catalog.by_id[exercise_id].cautions)


def test_smaller_wording_fixes(catalog: Catalog) -> None:
    by_id = catalog.by_id
    figure_four = " ".join(by_id["figure-four-stretch"].steps)
    assert "lower foot" not in figure_four and "foot that is still on the floor" in figure_four
    assert "no pulling" not in by_id["outer-hip-stretch"].cue
    calf = " ".join(by_id["calf-stretch-wall"].steps)
    assert "Bend your front knee" in calf and "pointing straight ahead" in calf and "desk" in calf
    order = [exercise.id for exercise in catalog.exercises]
    assert order.index("cobra") < order.index("prone-press-up")  # the gentler one first


@pytest.mark.parametrize(
    "exercise_id", ["hamstring-stretch-strap", "kneeling-hip-flexor-stretch", "open-books"]
)
def test_changing_sides_has_time_to_move_a_strap_a_knee_or_to_roll_over(
    catalog: Catalog, exercise_id: str
) -> None:
    dosage = catalog.by_id[exercise_id].dosage
    assert dosage.per_side and dosage.rest_between_sides >= 15


#: What a first step says, and the position it puts the person in (first match wins).
STARTING_POSITIONS = (
    (re.compile(r"\blie on your side\b", re.I), "on-side"),
    (re.compile(r"\blie on your back\b", re.I), "on-back"),
    (re.compile(r"\blie face down\b", re.I), "on-front"),
    (re.compile(r"\bkneel\b|\bhands and knees\b", re.I), "kneeling"),
    (re.compile(r"\bsit\b", re.I), "seated"),
    (re.compile(r"\bstand\b", re.I), "standing"),
)


def starting_position(first_step: str) -> str | None:
    """The position a first step puts the person in, or None if it does not say."""
    return next((where for words, where in STARTING_POSITIONS if words.search(first_step)), None)


def test_each_position_is_the_one_its_steps_start_in(catalog: Catalog) -> None:
    found = {e.id: (starting_position(e.steps[0]), e.position) for e in catalog.exercises}
    assert {ident: pair for ident, pair in found.items() if pair[0] != pair[1]} == {}
    # Side-lying and kneeling are said anywhere only by exercises in those positions.
    for exercise in catalog.exercises:
        steps = " ".join(exercise.steps).lower()
        if "lie on your side" in steps or "lying on your side" in steps:
            assert exercise.position == "on-side", exercise.id
        if "hands and knees" in steps or "kneel on" in steps:
            assert exercise.position == "kneeling", exercise.id


def test_the_starting_position_check_can_fail() -> None:
    # Open books said side-lying in its steps while its position said on the back.
    assert starting_position("Lie on your side on the mat, hips and knees bent.") == "on-side"
    assert starting_position("Lie on your side on the mat.") != "on-back"
    assert starting_position("Sit near the front of a sturdy chair.") == "seated"
    assert starting_position("Stand facing a wall.") == "standing"
    assert starting_position("Get on your hands and knees on the mat.") == "kneeling"
    assert starting_position("Breathe slowly.") is None


def test_every_variant_link_resolves_both_ways(catalog: Catalog) -> None:
    by_id = catalog.by_id
    for exercise in catalog.exercises:
        for harder in exercise.harder:
            assert exercise.id in by_id[harder].easier, (exercise.id, harder)
        for easier in exercise.easier:
            assert exercise.id in by_id[easier].harder, (exercise.id, easier)
    # As written in the file, too (the loader adds the other direction).
    raw = tomllib.loads((ROOT / "catalog.toml").read_text(encoding="utf-8"))
    for entry in raw["exercise"]:
        for link in (*entry.get("easier", ()), *entry.get("harder", ())):
            assert link in by_id and link != entry["id"], (entry["id"], link)


def test_standard_progressions_are_linked_both_ways(catalog: Catalog) -> None:
    by_id = catalog.by_id
    for easy, hard in [
        ("knee-to-chest", "double-knee-to-chest"),
        ("pelvic-tilt", "bridge"),
        ("reach-outs", "plank-progression"),
        ("reach-outs", "reach-outs-arm-and-leg"),
        ("plank-progression", "forearm-plank"),
        ("cobra", "prone-press-up"),
    ]:
        assert hard in by_id[easy].harder
        assert easy in by_id[hard].easier


def test_the_copy_check_covers_every_data_file() -> None:
    assert (ROOT / "catalog.toml").resolve() in WORDING_FILES
    assert {path.resolve() for path in (ROOT / "tui" / "data").glob("*.toml")} <= set(WORDING_FILES)
    assert (ROOT / "tui" / "data" / "starters.toml").resolve() in WORDING_FILES


@pytest.mark.parametrize("path", WORDING_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_run_of_more_than_8_words_is_copied_from_the_article(path: Path) -> None:
    # The whole file, comments and code included, as one stream of words.
    text = path.read_text(encoding="utf-8")
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
    assert "when to get help" in notice
    points = " ".join(guidance.points).lower()
    for phrase in ("pain-free", "bounce", "breath", "one side", "2 to 5", "morning"):
        assert phrase in points, phrase


def test_the_warning_signs_are_always_readable(catalog: Catalog) -> None:
    # The seven signs of the safety check: the first three for the same day.
    guidance = catalog.guidance
    assert guidance is not None
    now = " ".join(guidance.get_help_now).lower()
    soon = " ".join(guidance.get_checked_soon).lower()
    for sign in ("bladder or bowels", "genitals, buttocks or inner thighs", "leg that is getting"):
        assert sign in now, sign
    for sign in ("fever", "generally unwell", "fall or accident", "cancer", "weight", "at night"):
        assert sign in soon, sign
    # A catalogue that gives none shows the same signs.
    assert (guidance.get_help_now, guidance.get_checked_soon) == (
        DEFAULT_GET_HELP_NOW,
        DEFAULT_GET_CHECKED_SOON,
    )


def test_if_it_hurts_eases_out_and_says_when_to_stop_for_the_day(catalog: Catalog) -> None:
    guidance = catalog.guidance
    assert guidance is not None
    text = guidance.if_it_hurts.lower()
    assert text.startswith("ease out of the position slowly")
    for words in ("sharp", "spreads down a leg", "numbness or tingling", "stop for today"):
        assert words in text, words
    assert "smaller range" in text and "settles at once" in text
    points = " ".join(guidance.points).lower()
    assert "during or after" in points and "keeps coming back" in points


def test_guidance_states_the_rules_and_their_exceptions(catalog: Catalog) -> None:
    guidance = catalog.guidance
    assert guidance is not None
    points = " ".join(guidance.points)
    # Item 8: a simple dosing rule.
    assert "fades soon after you stop is fine" in points
    assert "worse the next morning" in points and "do less" in points
    # Items 3 and 17: the exceptions to how often, how many times and which side.
    assert "seated nerve glide is the exception" in points and "once a day" in points
    assert "figure-four stretch on your back" in points and "once on each side" in points
    assert "both sides together" in points
    # Items 4 and 5, and 18.
    assert "surgery on your spine or hip" in points and "surgeon" in points
    assert "pregnant" in points and "face down" in points
    assert "first half hour after getting up" in points


def test_the_nerve_glide_is_once_a_day_for_leg_symptoms(catalog: Catalog) -> None:
    glide = catalog.by_id["seated-nerve-glide"]
    assert glide.max_per_day == 1 and glide.daily_limit == "At most once a day"
    assert any("runs down a leg" in caution for caution in glide.cautions)
    assert [e.id for e in catalog.exercises if e.max_per_day is not None] == [glide.id]


# ---------------------------------------------------------------- starter routines

#: What a starter's description may say, and what each exercise must then be.
STARTER_RULES: tuple[tuple[str, Callable[[Exercise, str], bool]], ...] = (
    ("no floor needed", lambda e, _: e.position in ("seated", "standing")),
    ("floor stretches", lambda e, _: e.position in FLOOR),
    ("times a day", lambda e, text: e.max_per_day is None or e.max_per_day >= times_a_day(text)),
)
NUMBERS = {"once": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "several": 3}


def times_a_day(text: str) -> int:
    """The most times a day a description asks for ("two or three times a day": 3)."""
    found = re.findall(r"(\w+) times a day", text)
    return max((NUMBERS.get(word, int(word) if word.isdigit() else 2) for word in found), default=1)


@pytest.fixture(scope="module")
def starters() -> list[Routine]:
    return load_starters()


def test_starters_hold_nothing_their_description_rules_out(
    catalog: Catalog, starters: list[Routine]
) -> None:
    broken = []
    for routine in starters:
        text = routine.description.lower()
        for phrase, allowed in STARTER_RULES:
            if phrase in text:
                for entry in routine.exercise:
                    if not allowed(catalog.by_id[entry.id], text):
                        broken.append((routine.name, phrase, entry.id))
    assert broken == []


def test_every_starter_rule_applies_somewhere(starters: list[Routine]) -> None:
    descriptions = " ".join(routine.description.lower() for routine in starters)
    assert all(phrase in descriptions for phrase, _ in STARTER_RULES)
    assert times_a_day("Do it two or three times a day.") == 3


def test_the_starter_rules_can_fail(catalog: Catalog) -> None:
    glide = catalog.by_id["seated-nerve-glide"]
    times = dict(STARTER_RULES)["times a day"]
    assert not times(glide, "two or three times a day")
    assert not dict(STARTER_RULES)["no floor needed"](catalog.by_id["knee-to-chest"], "")
    assert not dict(STARTER_RULES)["floor stretches"](catalog.by_id["sit-to-stand"], "")


def test_morning_mobility_starts_moving_before_any_long_hold(
    catalog: Catalog, starters: list[Routine]
) -> None:
    morning = next(routine for routine in starters if "morning" in routine.name.lower())
    first = catalog.by_id[morning.exercise[0].id]
    assert not first.dosage.is_hold
    assert "half an hour" in morning.description


def test_desk_break_moves_the_lower_back_sitting_or_standing(
    catalog: Catalog, starters: list[Routine]
) -> None:
    desk = next(routine for routine in starters if routine.name == "Desk break")
    exercises = [catalog.by_id[entry.id] for entry in desk.exercise]
    assert sum("lower back" in exercise.areas for exercise in exercises) >= 3
    calf = next(entry for entry in desk.exercise if entry.id == "calf-stretch-wall")
    assert "desk" in calf.note


def test_docs_example_loads(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"^```toml\n(.*?)^```", text, re.S | re.M)
    assert match is not None, "docs/catalog.md has no ```toml block"
    path = tmp_path / "example.toml"
    path.write_text(match[1], encoding="utf-8")
    example = load_catalog(path)
    assert len(example) >= 2
    assert example.guidance is not None
