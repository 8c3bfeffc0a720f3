"""The catalogue cache: used only when current, rebuilt from the TOML otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from support import exercise_data

from tui.core import catalog_cache
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.catalog_cache import cache_file, load_catalog_cached
from tui.core.errors import DataFileError


def write(path: Path, *names: str) -> Path:
    exercises = [exercise_data(id=f"ex-{i}", name=name) for i, name in enumerate(names)]
    raw = {"title": "Test", "exercise": exercises}
    path.write_text(tomli_w.dumps(raw))
    return path


def no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make parsing TOML fail loudly, to prove a load came from the cache."""

    def refuse(*args: Any) -> None:
        raise AssertionError("the TOML was parsed")

    monkeypatch.setattr(catalog_cache, "parse_catalog_bytes", refuse)


def test_second_load_comes_from_the_cache_and_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = default_catalog_path()
    first = load_catalog_cached(shipped, tmp_path / "cache")
    assert cache_file(tmp_path / "cache", shipped).exists()
    no_toml(monkeypatch)
    second = load_catalog_cached(shipped, tmp_path / "cache")
    assert second.exercises == first.exercises == load_catalog(shipped).exercises
    assert second.guidance == first.guidance
    assert second.title == first.title
    assert second.path == shipped


def test_an_edit_of_the_same_length_is_seen(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.toml", "Bridge")
    load_catalog_cached(path, tmp_path / "cache")
    write(path, "Bridgf")  # same size; the modification time may not even change
    assert load_catalog_cached(path, tmp_path / "cache").exercises[0].name == "Bridgf"


def test_a_file_made_invalid_is_reported_not_served_from_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.toml", "Bridge")
    load_catalog_cached(path, tmp_path / "cache")
    path.write_text(path.read_text().replace('name = "Bridge"', 'name = ""'))
    with pytest.raises(DataFileError, match="name"):
        load_catalog_cached(path, tmp_path / "cache")


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\x82\xa3key\xa1x"])
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    path = write(tmp_path / "mine.toml", "Bridge")
    cached = cache_file(tmp_path / "cache", path)
    load_catalog_cached(path, tmp_path / "cache")
    good = cached.read_bytes()
    cached.write_bytes(damage)
    assert load_catalog_cached(path, tmp_path / "cache").exercises[0].name == "Bridge"
    assert cached.read_bytes() == good


def test_each_catalogue_has_its_own_cache_file(tmp_path: Path) -> None:
    one = write(tmp_path / "one.toml", "Bridge")
    two = write(tmp_path / "two.toml", "Cobra")
    assert load_catalog_cached(one, tmp_path / "cache").exercises[0].name == "Bridge"
    assert load_catalog_cached(two, tmp_path / "cache").exercises[0].name == "Cobra"
    assert load_catalog_cached(one, tmp_path / "cache").exercises[0].name == "Bridge"
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.toml", "Bridge")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    assert load_catalog_cached(path, blocked).exercises[0].name == "Bridge"
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_cleaned_text_stays_clean_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "mine.toml", "Bridge\x1b]0;pwned\x07 [b]x[/b]")
    load_catalog_cached(path, tmp_path / "cache")
    no_toml(monkeypatch)
    name = load_catalog_cached(path, tmp_path / "cache").exercises[0].name
    assert name == "Bridge [b]x[/b]"


def test_a_missing_catalogue_is_still_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_catalog_cached(tmp_path / "nowhere.toml", tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_the_app_reads_its_catalogue_through_the_cache_folder(tmp_path: Path) -> None:
    # conftest sets UNKNOT_CACHE_DIR; --cache-dir beats it.
    from tui.cli import main

    assert main(["routines"]) == 0
    assert list(Path(os.environ["UNKNOT_CACHE_DIR"]).glob("catalog-*.json"))
    assert main(["--cache-dir", str(tmp_path / "flag"), "routines"]) == 0
    assert list((tmp_path / "flag").glob("catalog-*.json"))


def test_the_cache_folder_defaults_to_the_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.paths import resolve_cache_dir

    monkeypatch.delenv("UNKNOT_CACHE_DIR")
    assert resolve_cache_dir(None) == Path(os.environ["XDG_CACHE_HOME"]) / "unknot"


@pytest.mark.parametrize(
    "edit",
    [
        {"name": "Bridge\x1b]0;pwned\x07"},  # text the TOML path would have cleaned
        {"name": "Bridge\u202e"},  # a bidi override, as its UTF-8 bytes in the JSON
        {"steps": ("Lie down.\x85",)},  # a C1 control
        {"cue": "Breathe\x7f"},  # DEL, which JSON leaves as it is
        {"id": "ex-0"},  # a second exercise with the first one's id
    ],
)
def test_a_hand_edited_cache_is_not_trusted(tmp_path: Path, edit: dict[str, Any]) -> None:
    import msgspec

    from tui.core.catalog_cache import CachedCatalog

    path = write(tmp_path / "mine.toml", "Bridge", "Cobra")
    load_catalog_cached(path, tmp_path / "cache")
    where = cache_file(tmp_path / "cache", path)
    cached = msgspec.json.decode(where.read_bytes(), type=CachedCatalog)
    first, second = cached.catalog.exercises
    second = msgspec.structs.replace(second, **edit)
    tampered = msgspec.structs.replace(cached.catalog, exercises=(first, second))
    where.write_bytes(msgspec.json.encode(msgspec.structs.replace(cached, catalog=tampered)))
    loaded = load_catalog_cached(path, tmp_path / "cache")
    assert [exercise.name for exercise in loaded.exercises] == ["Bridge", "Cobra"]
    assert [exercise.id for exercise in loaded.exercises] == ["ex-0", "ex-1"]
    assert loaded.exercises[1].cue == "Breathe slowly."


def test_a_hand_edit_of_clean_text_is_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check is for what cleaning removes, not for any edit: this shows it can pass.
    import msgspec

    from tui.core.catalog_cache import CachedCatalog

    path = write(tmp_path / "mine.toml", "Bridge")
    load_catalog_cached(path, tmp_path / "cache")
    where = cache_file(tmp_path / "cache", path)
    cached = msgspec.json.decode(where.read_bytes(), type=CachedCatalog)
    (only,) = cached.catalog.exercises
    edited = msgspec.structs.replace(only, name='Bridge "high" \\ low\nnext')
    tampered = msgspec.structs.replace(cached.catalog, exercises=(edited,))
    where.write_bytes(msgspec.json.encode(msgspec.structs.replace(cached, catalog=tampered)))
    no_toml(monkeypatch)
    assert load_catalog_cached(path, tmp_path / "cache").exercises[0].name == edited.name


def test_the_cache_holds_what_defaults_and_variants_resolved_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hard = exercise_data(id="hard", name="Hard")
    del hard["dosage"]
    easy = exercise_data(id="easy", harder=["hard"])
    raw = {"title": "Test", "defaults": {"dosage": {"reps": 4}}, "exercise": [easy, hard]}
    path = tmp_path / "mine.toml"
    path.write_text(tomli_w.dumps(raw))
    first = load_catalog_cached(path, tmp_path / "cache")
    no_toml(monkeypatch)
    second = load_catalog_cached(path, tmp_path / "cache")
    assert second.exercises == first.exercises
    loaded = second.by_id["hard"]
    assert loaded.dosage.reps == 4 and loaded.dosage_is_default
    assert loaded.easier == ("easy",)
