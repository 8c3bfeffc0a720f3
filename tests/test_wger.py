"""Importing wger's exercise fixtures, from a few records in their shape (tests/data/wger)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.cli import main
from tui.core.catalog import load_catalog
from tui.core.catalog_check import check_catalog
from tui.core.wger import NO_STEPS, WgerData, convert, description_steps, html_blocks, sentences

FIXTURE = Path(__file__).resolve().parent / "data" / "wger"
KNEE = "5a0f6b0c-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
PUSH_UP = "6b1a7c1d-2d3e-4f5a-9b0c-1d2e3f4a5b6c"
JACKS = "7c2b8d2e-3e4f-4a5b-8c1d-2e3f4a5b6c7d"
BALANCE = "8d3c9e3f-4f5a-4b6c-9d2e-3f4a5b6c7d8e"


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in document["exercise"]}


def test_the_import_is_a_valid_catalogue_keeping_ids_credits_and_equipment() -> None:
    document, report = convert(WgerData(FIXTURE))
    catalog, problems = check_catalog(document, Path("wger.toml"))
    assert problems == [] and catalog is not None
    assert [e.category for e in catalog.exercises] == ["mobility", "balance", "strength", "aerobic"]
    entries = by_id(document)
    assert set(entries) == {KNEE, PUSH_UP, JACKS, BALANCE}  # wger's uuids
    knee = entries[KNEE]
    assert (knee["author"], knee["licence"], knee["language"]) == ("alice", "CC-BY-SA 4.0", "en")
    assert knee["url"] == "https://wger.de/en/exercise/10/view-base"
    assert knee["aliases"] == ["Single knee hug"]
    assert knee["equipment"] == ["Gym mat"]
    assert knee["areas"] == ["Lower back", "Back"]
    push_up = entries[PUSH_UP]
    assert push_up["author"] == "the wger contributors"  # wger names nobody
    assert push_up["licence"] == "CC-BY-SA 3.0"
    assert "equipment" not in push_up  # "none (bodyweight exercise)"
    assert push_up["aliases"] == ["Press-up"]  # "push-up" is the name again
    assert entries[BALANCE]["licence"] == "CC0 1.0"
    assert entries[JACKS]["areas"] == ["whole body"]
    assert "CC-BY-SA 4.0" in document["attribution"] and "same licences" in document["attribution"]
    assert document["licence"].startswith("CC-BY-SA")
    assert report.written == 4


def test_html_is_read_as_html_and_prose_becomes_steps() -> None:
    document, _ = convert(WgerData(FIXTURE))
    steps = by_id(document)[KNEE]["steps"]
    assert steps == [
        "Lie on your back & relax your shoulders.",  # &nbsp; too
        "Keep both knees bent, e.g. with feet flat. Hold.",
        "Bring one knee toward your chest.",
        "Hold it gently behind the knee.",
    ]
    assert not any("<" in step or "&amp;" in step for step in steps)


def test_what_wger_does_not_say_comes_from_defaults_and_comments() -> None:
    document, report = convert(WgerData(FIXTURE))
    entries = by_id(document)
    balance = entries[BALANCE]
    assert balance["position"] == "seated"  # from the name
    assert balance["cue"] == "Keep your hips level"  # the comment that fits a cue
    assert balance["steps"][-1].startswith("Hold a chair")  # the longer one is a step
    assert "dosage" not in balance and "cue" not in entries[KNEE]
    catalog = load_catalog_from(document)
    knee = catalog.by_id[KNEE]
    assert knee.dosage_is_default and knee.dosage.hold_seconds == 30  # mobility: a hold
    assert catalog.by_id[PUSH_UP].dosage.sets == 2 and catalog.by_id[PUSH_UP].position == "varies"
    assert report.defaulted["dosage"] == 4
    assert report.defaulted["cue"] == 3
    assert report.mapped["cue from a wger comment"] == 1
    lines = report.lines()
    assert lines[0] == "read: 4 exercises, 6 translations, 4 aliases, 2 comments"
    assert "mapped:" in lines and "defaulted:" in lines


def load_catalog_from(document: dict[str, Any]) -> Any:
    catalog, problems = check_catalog(document, Path("wger.toml"))
    assert catalog is not None, problems
    return catalog


def test_a_language_falls_back_to_english_where_it_has_no_text() -> None:
    document, report = convert(WgerData(FIXTURE), language="tr")
    entries = by_id(document)
    assert entries[PUSH_UP]["name"] == "Şınav"
    assert entries[PUSH_UP]["language"] == "tr"
    assert entries[PUSH_UP]["author"] == "deniz"
    assert entries[PUSH_UP]["aliases"] == ["Sinav çekme"]
    assert entries[KNEE]["name"] == "Knee to Chest Stretch" and entries[KNEE]["language"] == "en"
    assert report.defaulted["text: fell back to English (no 'tr' text)"] == 3
    catalog = load_catalog_from(document)
    assert [catalog.exercises[i].id for i in catalog.search("sinav")] == [PUSH_UP]


def test_only_stretching_keeps_the_mobility_exercises() -> None:
    document, report = convert(WgerData(FIXTURE), only="stretching")
    assert [entry["id"] for entry in document["exercise"]] == [KNEE]
    assert report.skipped == 3
    assert sum(count for what, count in report.mapped.items() if what.startswith("category")) == 1


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="no language 'xx'; it has: de, en, tr"):
        convert(WgerData(FIXTURE), language="xx")


def test_sentences_split_at_full_stops_before_a_capital_only() -> None:
    assert sentences("Stand tall. Bend, e.g. the knees. Then rise!") == [
        "Stand tall.",
        "Bend, e.g. the knees.",
        "Then rise!",
    ]
    assert sentences("Lie down.Keep still") == ["Lie down.Keep still"]
    assert sentences("坐下。站起来。") == ["坐下。", "站起来。"]


def test_html_blocks_keep_text_and_drop_markup() -> None:
    html = "<p>A &lt;b&gt; <script>x</script>c</p><ul><li>One</li><li>Two <br>lines</li></ul>"
    assert html_blocks(html) == [
        (False, "A <b> xc"),
        (True, "One"),
        (True, "Two"),
        (True, "lines"),
    ]
    steps, split = description_steps("<p>Steps:</p><ol><li>Lie down.</li></ol>")
    assert steps == ["Lie down."] and not split


def test_the_command_writes_a_catalogue_check_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "wger.toml"
    assert main(["import-wger", str(FIXTURE), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "wrote 4 exercises" in printed and "defaulted:" in printed
    assert printed.rstrip().endswith(f"{out}: ok, 4 exercises")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Made by `unknot import-wger`")
    assert tomllib.loads(text)["exercise"][0]["id"] == KNEE
    assert len(load_catalog(out)) == 4
    assert main(["check", str(out)]) == 0


def test_the_command_reports_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "wger.toml"
    assert main(["import-wger", str(tmp_path), "--out", str(out)]) == 1
    assert "exercise-base-data.json: file not found" in capsys.readouterr().err
    assert main(["import-wger", str(FIXTURE), "--out", str(out), "--language", "xx"]) == 1
    assert "no language 'xx'" in capsys.readouterr().err
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in FIXTURE.iterdir():
        (broken / name.name).write_bytes(name.read_bytes())
    (broken / "translations.json").write_text('[{"model": "exercises.translation"}]')
    assert main(["import-wger", str(broken), "--out", str(out)]) == 1
    assert "translations.json: is not a wger fixture" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit):
        main(["import-wger", str(FIXTURE)])  # --out is required
    with pytest.raises(SystemExit):
        main(["import-wger", str(FIXTURE), "--out", str(out), "--only", "cardio"])


def test_an_exercise_without_any_text_gets_a_step_pointing_to_wger() -> None:
    data = WgerData(FIXTURE)
    data.comments.pop(105)  # the balance exercise has no description, only comments
    document, report = convert(data)
    balance = by_id(document)[BALANCE]
    assert balance["steps"] == [NO_STEPS]
    assert "cue" not in balance
    assert report.defaulted["steps (no description: a pointer to the source)"] == 1


plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda text: text.strip())


@given(st.lists(st.tuples(st.sampled_from(["p", "li", "div"]), plain_text), min_size=1, max_size=5))
def test_html_blocks_give_back_the_text_of_each_block(blocks: list[tuple[str, str]]) -> None:
    from html import escape

    html = "".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in blocks)
    found = html_blocks(html)
    assert [text for _, text in found] == [
        " ".join(text.split()) for _, text in blocks if text.split()
    ]
    assert [item for item, _ in found] == [tag == "li" for tag, text in blocks if text.split()]
