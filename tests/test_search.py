"""Search: folding, ranking, aliases, faceted counts. Hypothesis where inputs vary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import exercise_data

from tui.core.catalog import Catalog, Filters, parse_catalog
from tui.core.search import SearchIndex, fold, slug, words


def catalog_of(*exercises: dict[str, Any]) -> Catalog:
    return parse_catalog({"title": "t", "exercise": list(exercises)}, Path("t.toml"))


def names(catalog: Catalog, found: list[int]) -> list[str]:
    return [catalog.exercises[index].name for index in found]


def test_folding_drops_case_and_accents_and_handles_the_turkish_i() -> None:
    assert words("Şınav") == words("ŞINAV") == words("sinav") == ["sinav"]
    assert words("İstanbul") == ["istanbul"]
    assert words("Crème Brûlée") == ["creme", "brulee"]
    assert words("Straße") == ["strasse"]
    assert words("Ærø Øst Łódź") == ["aero", "ost", "lodz"]
    assert words("Knee-to-chest (wide)") == ["knee", "to", "chest", "wide"]
    assert words("Наклон вперёд") == ["наклон", "вперед"]  # other scripts fold too
    assert words("膝を胸に") == ["膝を胸に"]


def test_slugs_make_spellings_of_one_value_equal() -> None:
    assert slug("Gym Mat") == slug("gym-mat") == slug("  GYM  mat ") == "gym-mat"
    assert slug("Lower back") == slug("lower back") == "lower-back"
    assert slug("Résistance band") == "resistance-band"
    assert slug("--") == ""


def test_turkish_search_finds_sinav_however_it_is_typed() -> None:
    catalog = catalog_of(
        exercise_data(id="a", name="Şınav", areas=["göğüs"]),
        exercise_data(id="b", name="Squat"),
    )
    for query in ("sinav", "SINAV", "Şınav", "ŞINAV", "şin", "gogus"):
        assert names(catalog, catalog.search(query)) == ["Şınav"], query


def test_aliases_are_searched_and_ids_are_not() -> None:
    catalog = catalog_of(
        exercise_data(id="bird-dog", name="Reach outs", aliases=["Bird dog"]),
        exercise_data(id="plank", name="Plank"),
    )
    assert names(catalog, catalog.search("bird")) == ["Reach outs"]
    assert names(catalog, catalog.search("bird-dog")) == ["Reach outs"]  # the alias's words
    assert catalog.search("plank") == [1]
    catalog = catalog_of(exercise_data(id="zzz-unique", name="Bridge"))
    assert catalog.search("zzz") == []


def test_results_rank_name_prefix_then_name_word_then_any_word_then_substring() -> None:
    catalog = catalog_of(
        exercise_data(id="a", name="Calf raise", areas=["calves"]),  # 'hip' inside 'ship'?
        exercise_data(id="b", name="Knee hug", areas=["hips"]),  # word of an area
        exercise_data(id="c", name="Outer hip stretch", areas=["glutes"]),  # word of the name
        exercise_data(id="d", name="Worship pose", areas=["back"]),  # inside a word
        exercise_data(id="e", name="Hip circles", areas=["back"]),  # the name starts with it
        exercise_data(id="f", name="Bridge", aliases=["Hip lift"], areas=["glutes"]),  # alias
    )
    assert names(catalog, catalog.search("hip")) == [
        "Hip circles",
        "Bridge",
        "Outer hip stretch",
        "Knee hug",
        "Worship pose",
    ]
    # Every word must match somewhere; the tiers look at all of them.
    assert names(catalog, catalog.search("hip str")) == ["Outer hip stretch"]


def test_filters_and_facets_use_slugs_of_open_values() -> None:
    catalog = catalog_of(
        exercise_data(id="a", name="A", areas=["Lower back"], equipment=["Gym mat"]),
        exercise_data(id="b", name="B", areas=["lower back"], equipment=["Foam roller"]),
        exercise_data(id="c", name="C", areas=["calves"], equipment=[]),
    )
    assert catalog.facet("area") == [("calves", "calves", 1), ("lower-back", "Lower back", 2)]
    assert catalog.facet("equipment") == [
        ("none", "None needed", 1),
        ("mat", "Mat", 1),
        ("foam-roller", "Foam roller", 1),
    ]
    assert catalog.search("", Filters(equipment="foam-roller")) == [1]
    assert catalog.search("mat") == [0]  # the known label is searchable
    assert catalog.facet_label("equipment", "foam-roller") == "Foam roller"
    assert catalog.facet_label("area", None) == "any"


def test_faceted_counts_respect_the_other_filters_as_in_the_issue() -> None:
    catalog = catalog_of(
        exercise_data(id="a", name="A", areas=["lower back"], position="on-back"),
        exercise_data(id="b", name="B", areas=["calves"], position="standing"),
    )
    positions = catalog.facet("position", Filters(area="lower-back"))
    assert ("standing", "Standing", 0) in positions  # today it says 1 and shows nothing
    assert ("on-back", "Lying on back", 1) in positions
    # A filter's own value does not narrow its own counts.
    assert ("standing", "Standing", 1) in catalog.facet("position", Filters(position="on-back"))


# ---------------------------------------------------------------------------- properties

WORDS = ["hip", "Hüft", "şınav", "back", "stretch", "glute", "bridge", "İnce", "calf", "ıslak"]
AREAS = ["lower back", "Hips", "hips", "calves", "Göğüs"]
EQUIPMENT = ["mat", "Gym mat", "chair", "Foam roller", "wall"]


@st.composite
def catalogues(draw: st.DrawFn) -> Catalog:
    count = draw(st.integers(1, 12))
    exercises = []
    for number in range(count):
        name = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
        exercises.append(
            exercise_data(
                id=f"e{number}",
                name=name,
                aliases=draw(st.lists(st.sampled_from(WORDS), max_size=2, unique=True)),
                areas=draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=3, unique=True)),
                equipment=draw(st.lists(st.sampled_from(EQUIPMENT), max_size=2, unique=True)),
                position=draw(st.sampled_from(["on-back", "seated", "standing"])),
                category=draw(st.sampled_from(["mobility", "strength", "aerobic"])),
            )
        )
    return catalog_of(*exercises)


queries = st.lists(
    st.sampled_from(["h", "hi", "hip", "HIP ", "s", "si", "sin", "ş", "b", "ba", "back", " g", ""]),
    max_size=6,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(catalog=catalogues(), typed=st.lists(queries, min_size=1, max_size=5))
def test_narrowing_as_you_type_finds_what_a_fresh_search_finds(
    catalog: Catalog, typed: list[str]
) -> None:
    fresh = lambda query: SearchIndex(  # noqa: E731
        [(e.name, *e.aliases) for e in catalog.exercises],
        [(*e.areas, *e.equipment, e.position_label) for e in catalog.exercises],
    ).candidates(query)
    # Type each query a character at a time, as a person would, then check.
    for query in typed:
        for end in range(len(query) + 1):
            catalog.search(query[:end])
        assert catalog.index.candidates(query) == fresh(query)


@settings(max_examples=150, deadline=None)
@given(catalog=catalogues(), query=queries)
def test_a_search_is_every_match_once_each_word_matching_somewhere(
    catalog: Catalog, query: str
) -> None:
    found = catalog.search(query)
    assert len(found) == len(set(found))
    expected = [
        index
        for index, e in enumerate(catalog.exercises)
        if all(
            any(
                word in " ".join(words(text))
                for text in (
                    e.name,
                    *e.aliases,
                    *e.areas,
                    *e.equipment,
                    e.equipment_label,
                    e.position_label,
                )
            )
            for word in words(query)
        )
    ]
    assert sorted(found) == expected


@settings(max_examples=150, deadline=None)
@given(
    catalog=catalogues(),
    query=queries,
    category=st.sampled_from([None, "mobility", "strength"]),
    area=st.sampled_from([None, "hips", "lower-back", "gogus"]),
    position=st.sampled_from([None, "seated", "standing"]),
    equipment=st.sampled_from([None, "none", "mat", "foam-roller"]),
)
def test_each_facet_count_is_what_choosing_it_would_show(
    catalog: Catalog,
    query: str,
    category: str | None,
    area: str | None,
    position: str | None,
    equipment: str | None,
) -> None:
    filters = Filters(category=category, area=area, position=position, equipment=equipment)
    for field in ("category", "area", "position", "equipment"):
        for value, _label, count in catalog.facet(field, filters, query):
            chosen = Filters(
                **{**{f: getattr(filters, f) for f in Filters.__struct_fields__}, field: value}
            )
            assert count == len(catalog.search(query, chosen)), (field, value)


@given(st.text(max_size=30))
@example("𝔸")  # a capital only once decomposed: it folded to "A", then to "a"
def test_folding_is_stable(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert words(" ".join(words(text))) == words(text)
    assert slug(slug(text)) == slug(text)
