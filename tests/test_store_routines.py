"""Routine files: names, loading, conflicts between two Unknots, and the starters."""

from __future__ import annotations

import os
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import msgspec
import pytest
from support import CATALOGUE_IDS
from test_store_files import ODD_NAMES

from tui.core.catalog import Dosage
from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry, routine_to_dict
from tui.core.store.files import FileVersion
from tui.core.store.routines import (
    ConflictError,
    ReadOnlyError,
    RoutineStore,
    StoredRoutine,
    load_starters,
)

SEATED_OR_STANDING = {
    "seated-pelvic-tilt",
    "seated-trunk-rotation",
    "seated-figure-four-stretch",
    "seated-nerve-glide",
    "upper-trapezius-stretch",
    "standing-backward-bend",
    "standing-hip-flexor-stretch",
    "calf-stretch-wall",
    "sit-to-stand",
}


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


@pytest.fixture
def store(paths: DataPaths) -> RoutineStore:
    return RoutineStore(paths)


def make_routine(name: str = "Back care", *ids: str, description: str = "") -> Routine:
    ids = ids or ("knee-to-chest", "bridge")
    return Routine(
        name=name,
        description=description,
        exercise=tuple(RoutineEntry(id=ident) for ident in ids),
    )


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def test_failed_save_keeps_routine_file(
    store: RoutineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = store.create(make_routine("Evening"))
    before = stored.path.read_bytes()

    def boom(*args: object) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.save(stored, make_routine("Evening", "cobra"))
    monkeypatch.undo()
    assert stored.path.read_bytes() == before
    assert sorted(os.listdir(stored.path.parent)) == [".unknot.lock", "evening.toml"]


@pytest.mark.parametrize(
    "name", [name[:80] for name in ODD_NAMES if name.strip() and "\n" not in name]
)
def test_odd_names_are_saved_inside_the_routines_folder(
    store: RoutineStore, paths: DataPaths, name: str
) -> None:
    stored = store.create(make_routine(name))
    assert stored.path.parent == paths.routines
    assert stored.path.suffix == ".toml"
    assert not stored.path.name.startswith(".")
    assert files_under(paths.root) == {stored.path, paths.routines / ".unknot.lock"}
    assert store.load(stored.path).routine == stored.routine


def test_a_name_on_several_lines_is_refused_and_nothing_is_written(
    store: RoutineStore, paths: DataPaths
) -> None:
    with pytest.raises(DataFileError, match="one line"):
        store.create(make_routine("tab\tand\nnewline"))
    assert files_under(paths.root) == set()


def test_same_slug_gets_numbered_file_names(store: RoutineStore) -> None:
    names = [store.create(make_routine(name)).path.name for name in ("Back", "back", "Back!")]
    assert names == ["back.toml", "back-2.toml", "back-3.toml"]
    assert len(store.load_all().routines) == 3


def test_long_names_collide_within_the_length_limit(store: RoutineStore) -> None:
    name = "y" * 80
    first = store.create(make_routine(name)).path.name
    second = store.create(make_routine(name)).path.name
    assert first == "y" * 60 + ".toml"
    assert second == "y" * 58 + "-2.toml"


def test_new_file_never_takes_a_name_that_appears_meanwhile(
    store: RoutineStore, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another instance creates "back.toml" between our check and our link.
    paths.routines.mkdir(parents=True)
    (paths.routines / "back.toml").write_text("theirs")
    monkeypatch.setattr(os.path, "lexists", lambda path: False)
    stored = store.create(make_routine("Back"))
    assert stored.path.name == "back-2.toml"
    assert (paths.routines / "back.toml").read_text() == "theirs"


def test_new_file_without_hard_links_still_exclusive(
    store: RoutineStore, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    paths.routines.mkdir(parents=True)
    (paths.routines / "back.toml").write_text("theirs")
    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os.path, "lexists", lambda path: False)
    stored = store.create(make_routine("Back"))
    assert stored.path.name == "back-2.toml"
    assert (paths.routines / "back.toml").read_text() == "theirs"
    assert store.load(stored.path).routine == make_routine("Back")
    assert [name for name in os.listdir(paths.routines) if name.endswith(".tmp")] == []


def test_simultaneous_creates_never_share_a_file(store: RoutineStore) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(lambda n: store.create(make_routine("Same")), range(40)))
    assert len({stored.path for stored in created}) == 40
    result = store.load_all()
    assert len(result.routines) == 40 and result.problems == []


def test_unreadable_files_are_kept_and_reported_while_others_load(
    store: RoutineStore, paths: DataPaths
) -> None:
    good = store.create(make_routine("Evening"))
    broken = {
        "morning.toml": b'name = "Morning\n[[exercise]',
        "latin1.toml": b'name = "Caf\xe9"\n',
        "strict.toml": b'name = "Strict"\nrepeat = 3\n',
    }
    for file_name, data in broken.items():
        (paths.routines / file_name).write_bytes(data)
    (paths.routines / ".morning.toml.abc.tmp").write_bytes(b"half-written")
    (paths.routines / "notes.txt").write_text("not a routine")

    result = store.load_all()

    assert [stored.name for stored in result.routines] == ["Evening"]
    assert result.routines[0].path == good.path
    assert sorted(error.path.name for error in result.problems) == sorted(broken)
    messages = {error.path.name: str(error) for error in result.problems}
    assert "is not valid TOML" in messages["morning.toml"]
    assert "is not UTF-8" in messages["latin1.toml"]
    assert "unknown field 'repeat'" in messages["strict.toml"]

    # Saving a routine whose name matches a broken file picks another name.
    new = store.create(make_routine("Morning"))
    assert new.path.name == "morning-2.toml"
    store.save(good, make_routine("Evening", "cobra"))
    for file_name, data in broken.items():
        assert (paths.routines / file_name).read_bytes() == data


def test_routines_load_sorted_by_name(store: RoutineStore) -> None:
    for name in ("zebra", "Apple", "mango"):
        store.create(make_routine(name))
    assert [stored.name for stored in store.load_all().routines] == ["Apple", "mango", "zebra"]


def test_missing_exercises_survive_save_and_load(store: RoutineStore) -> None:
    routine = Routine(
        name="Mixed",
        exercise=(
            RoutineEntry(id="knee-to-chest"),
            RoutineEntry(
                id="no-such-exercise",
                note="from a friend's file",
                dosage=Dosage(hold_seconds=20, reps=2, per_side=True),
            ),
        ),
    )
    stored = store.create(routine)
    loaded = store.load_all().routines[0]
    assert loaded.routine == routine
    store.save(loaded, loaded.routine)
    assert store.load(stored.path).routine == routine
    assert "no-such-exercise" in stored.path.read_text()


def test_routine_file_is_readable_toml_with_a_header(store: RoutineStore) -> None:
    routine = Routine(
        name='Evening "wind-down"',
        description="Before bed\nslowly",
        exercise=(
            RoutineEntry(id="knee-to-chest", note="left knee first"),
            RoutineEntry(id="bridge", dosage=Dosage(reps=5)),
            RoutineEntry(id="cobra"),
        ),
    )
    stored = store.create(routine)
    text = stored.path.read_text()
    assert text.startswith("# ")
    assert text.count("[[exercise]]") == 3
    assert text.count("[exercise.dosage]") == 1
    assert tomllib.loads(text) == routine_to_dict(routine)
    assert store.load(stored.path).routine == routine


def test_invalid_routine_is_never_written(store: RoutineStore) -> None:
    stored = store.create(make_routine("Evening"))
    before = stored.path.read_bytes()
    with pytest.raises(DataFileError, match="name"):
        store.rename(stored, "   ")
    assert stored.path.read_bytes() == before


def test_concurrent_edit_raises_conflict_then_force_overwrites(paths: DataPaths) -> None:
    RoutineStore(paths).create(make_routine("Shared"))
    a, b = RoutineStore(paths), RoutineStore(paths)
    a_loaded = a.load_all().routines[0]
    b_loaded = b.load_all().routines[0]

    b.save(b_loaded, make_routine("Shared", "cobra"))
    b_bytes = b_loaded.path.read_bytes()

    with pytest.raises(ConflictError) as conflict:
        a.save(a_loaded, make_routine("Shared", "bridge", "pelvic-tilt"))
    assert a_loaded.path.read_bytes() == b_bytes
    error = conflict.value
    assert error.path == a_loaded.path
    assert error.loaded == a_loaded.version
    assert error.on_disk is not None and error.on_disk != a_loaded.version
    assert error.theirs == make_routine("Shared", "cobra")
    assert error.ours == make_routine("Shared", "bridge", "pelvic-tilt")

    saved = a.save(a_loaded, make_routine("Shared", "bridge", "pelvic-tilt"), force=True)
    assert a.load(saved.path).routine == make_routine("Shared", "bridge", "pelvic-tilt")
    # The returned version is current: saving again is not a conflict.
    a.save(saved, make_routine("Shared", "bridge"))


def test_saving_twice_from_one_load_chain_is_not_a_conflict(store: RoutineStore) -> None:
    stored = store.create(make_routine("Mine"))
    stored = store.save(stored, make_routine("Mine", "cobra"))
    stored = store.save(stored, make_routine("Mine", "bridge"))
    assert store.load(stored.path).routine == make_routine("Mine", "bridge")


def test_touch_without_change_is_not_a_conflict(store: RoutineStore) -> None:
    stored = store.create(make_routine("Mine"))
    os.utime(stored.path, ns=(1, 1))
    saved = store.save(stored, make_routine("Mine", "cobra"))
    assert store.load(stored.path).routine == make_routine("Mine", "cobra")
    assert saved.version == store.load(stored.path).version


def test_an_edit_of_the_same_length_elsewhere_is_a_conflict(paths: DataPaths) -> None:
    """Sizes alone cannot tell two versions apart: the content must."""
    RoutineStore(paths).create(make_routine("Shared", "cobra"))
    a, b = RoutineStore(paths), RoutineStore(paths)
    a_loaded = a.load_all().routines[0]
    b_loaded = b.load_all().routines[0]
    before = a_loaded.path.read_bytes()
    b.save(b_loaded, make_routine("Shared", "plank"))  # "cobra" and "plank": five letters
    theirs = a_loaded.path.read_bytes()
    assert len(theirs) == len(before) and theirs != before
    with pytest.raises(ConflictError) as conflict:
        a.save(a_loaded, make_routine("Shared", "bridge"))
    assert a_loaded.path.read_bytes() == theirs  # their edit survives
    assert conflict.value.theirs == make_routine("Shared", "plank")


def test_file_versions_are_the_same_only_with_the_same_bytes() -> None:
    from hashlib import sha256

    def version(data: bytes, mtime_ns: int = 1) -> FileVersion:
        return FileVersion(mtime_ns, len(data), sha256(data).hexdigest())

    assert version(b"abc").same_content(version(b"abc", mtime_ns=2))  # a touch
    assert not version(b"abc").same_content(version(b"abd"))  # same size, other bytes
    assert not version(b"abc").same_content(version(b"abcd"))
    assert not version(b"abc").same_content(None)  # deleted


def test_file_deleted_elsewhere_is_a_conflict(store: RoutineStore) -> None:
    stored = store.create(make_routine("Mine"))
    stored.path.unlink()
    with pytest.raises(ConflictError, match="was deleted") as conflict:
        store.save(stored, make_routine("Mine", "cobra"))
    assert conflict.value.on_disk is None
    assert not stored.path.exists()
    store.save(stored, make_routine("Mine", "cobra"), force=True)
    assert store.load(stored.path).routine == make_routine("Mine", "cobra")


def test_rename_keeps_the_file(store: RoutineStore) -> None:
    stored = store.create(make_routine("Old name"))
    renamed = store.rename(stored, "New name")
    assert renamed.path == stored.path
    assert [routine.name for routine in store.load_all().routines] == ["New name"]


def test_rename_after_change_elsewhere_is_a_conflict(paths: DataPaths) -> None:
    stored = RoutineStore(paths).create(make_routine("Old"))
    RoutineStore(paths).save(stored, make_routine("Changed"))
    with pytest.raises(ConflictError):
        RoutineStore(paths).rename(stored, "New")


def test_append_exercise_applies_on_top_of_changes_elsewhere(paths: DataPaths) -> None:
    stale = RoutineStore(paths).create(make_routine("Mine", "knee-to-chest"))
    RoutineStore(paths).save(stale, make_routine("Mine", "knee-to-chest", "cobra"))
    store = RoutineStore(paths)
    saved = store.append_exercise(stale, RoutineEntry(id="bridge", note="slowly"))
    assert [entry.id for entry in saved.routine.exercise] == ["knee-to-chest", "cobra", "bridge"]
    assert store.load(stale.path).routine == saved.routine
    with pytest.raises(ReadOnlyError):
        store.append_exercise(store.starters()[0], RoutineEntry(id="bridge"))
    stale.path.unlink()
    with pytest.raises(DataFileError, match="file not found"):
        store.append_exercise(saved, RoutineEntry(id="bridge"))


def another_window_saves_after_each_read(
    store: RoutineStore, monkeypatch: pytest.MonkeyPatch, times: int
) -> list[str]:
    """Another Unknot adds an exercise between this one's read and its write, `times`
    times; the ids it added, in order."""
    real_load = store.load
    added: list[str] = []

    def load_then_race(path: Path) -> StoredRoutine:
        current = real_load(path)
        if len(added) < times:
            added.append(["cobra", "bird-dog", "dead-bug", "side-plank"][len(added)])
            RoutineStore(store.paths).save(
                current,
                msgspec.structs.replace(
                    current.routine,
                    exercise=(*current.routine.exercise, RoutineEntry(id=added[-1])),
                ),
            )
        return current

    monkeypatch.setattr(store, "load", load_then_race)
    return added


def test_an_exercise_added_while_another_window_saves_is_added_on_top(
    store: RoutineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = store.create(make_routine("Mine", "knee-to-chest"))
    added = another_window_saves_after_each_read(store, monkeypatch, times=2)
    saved = store.append_exercise(stored, RoutineEntry(id="bridge"))
    assert added == ["cobra", "bird-dog"]
    assert [entry.id for entry in saved.routine.exercise] == [
        "knee-to-chest",
        "cobra",
        "bird-dog",
        "bridge",
    ]


def test_an_exercise_is_not_added_to_a_routine_that_never_stops_changing(
    store: RoutineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = store.create(make_routine("Mine", "knee-to-chest"))
    added = another_window_saves_after_each_read(store, monkeypatch, times=4)
    with pytest.raises(ConflictError):
        store.append_exercise(stored, RoutineEntry(id="bridge"))
    assert added == ["cobra", "bird-dog", "dead-bug"]  # three tries, then it says so
    ids = [entry.id for entry in RoutineStore(store.paths).load(stored.path).routine.exercise]
    assert ids == ["knee-to-chest", "cobra", "bird-dog", "dead-bug"]


def test_duplicate_makes_copy_of(store: RoutineStore) -> None:
    stored = store.create(make_routine("Evening"))
    copy = store.duplicate(stored)
    again = store.duplicate(stored)
    assert copy.name == "Copy of Evening"
    assert again.name == "Copy of Evening (2)"
    assert copy.routine.exercise == stored.routine.exercise
    assert len({stored.path, copy.path, again.path}) == 3


def test_duplicate_of_a_long_name_stays_valid(store: RoutineStore) -> None:
    stored = store.create(make_routine("z" * 80))
    copy = store.duplicate(stored)
    assert copy.name.startswith("Copy of ")
    assert len(copy.name) <= 80


def test_delete(store: RoutineStore) -> None:
    stored = store.create(make_routine("Gone"))
    store.delete(stored)
    assert not stored.path.exists()
    store.delete(stored)  # already gone: nothing to do


def test_delete_after_change_elsewhere_is_a_conflict(paths: DataPaths) -> None:
    stored = RoutineStore(paths).create(make_routine("Mine"))
    RoutineStore(paths).save(stored, make_routine("Mine", "cobra"))
    with pytest.raises(ConflictError):
        RoutineStore(paths).delete(stored)
    assert stored.path.exists()
    RoutineStore(paths).delete(stored, force=True)
    assert not stored.path.exists()


def test_starters_use_known_catalogue_ids() -> None:
    starters = load_starters()
    assert [routine.name for routine in starters] == [
        "Morning mobility",
        "Desk break",
        "Bedtime wind-down",
        "Core and stability",
    ]
    for routine in starters:
        assert routine.description
        ids = [entry.id for entry in routine.exercise]
        assert ids and set(ids) <= CATALOGUE_IDS, routine.name


def test_starter_shapes() -> None:
    starters = load_starters()
    by_name = {routine.name: [entry.id for entry in routine.exercise] for routine in starters}
    desk = by_name["Desk break"]
    assert "seated-nerve-glide" not in desk  # once a day at most; a desk break is repeated
    assert set(desk) <= SEATED_OR_STANDING
    assert {"seated-pelvic-tilt", "seated-trunk-rotation", "standing-backward-bend"} <= set(desk)
    assert by_name["Morning mobility"][0] == "lower-trunk-rotation"  # movement before holds
    assert by_name["Bedtime wind-down"] == [
        "knee-to-chest",
        "double-knee-to-chest",
        "lower-trunk-rotation",
        "figure-four-stretch",
        "childs-pose",
    ]
    core = by_name["Core and stability"]
    assert core[0] == "lower-trunk-rotation"
    assert core[1:] == ["pelvic-tilt", "bridge", "partial-crunch", "reach-outs"]
    core_text = next(r.description for r in starters if r.name == "Core and stability")
    assert "pain-free" in core_text and "mobility" in core_text


def test_starters_are_read_only_and_copied(store: RoutineStore) -> None:
    starters_bytes = store.starters_path.read_bytes()
    starter = store.starters()[0]
    assert starter.read_only
    with pytest.raises(ReadOnlyError):
        store.save(starter, make_routine("Changed"))
    with pytest.raises(ReadOnlyError):
        store.delete(starter)

    first = store.copy_starter(starter)
    second = store.copy_starter(starter.routine)
    third = store.copy_starter(starter)
    assert first.name == "Morning mobility (mine)"
    assert second.name == "Morning mobility (mine 2)"
    assert third.name == "Morning mobility (mine 3)"
    assert not first.read_only
    assert first.routine.exercise == starter.routine.exercise
    assert store.starters_path.read_bytes() == starters_bytes


def test_broken_starters_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "starters.toml"
    bad.write_text('[[routine]]\nname = "X"\nexercise = [{id = "Bad Id"}]\n')
    with pytest.raises(DataFileError, match=r"routine 'X' \(#1\).*field 'exercise\[1\]\.id'"):
        load_starters(bad)


# ---------------------------------------------------------------- what the person is told


def test_a_starter_refuses_changes_by_its_name_and_says_what_to_do(store: RoutineStore) -> None:
    starter = store.starters()[0]
    with pytest.raises(ReadOnlyError) as changed:
        store.save(starter, make_routine("Changed"))
    assert str(changed.value) == (
        f"'{starter.name}' is a starter routine; make a copy to change it"
    )
    with pytest.raises(ReadOnlyError) as deleted:
        store.delete(starter)
    assert str(deleted.value) == f"'{starter.name}' is a starter routine and cannot be deleted"


def test_a_routines_folder_that_cannot_be_listed_is_named(
    paths: DataPaths, store: RoutineStore
) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.routines.symlink_to(paths.routines)  # listing it fails: too many levels of links
    result = store.load_all()
    assert result.routines == []
    (problem,) = result.problems
    assert str(problem) == f"{paths.routines}: cannot be read (Too many levels of symbolic links)"


def test_starters_come_from_the_file_given(tmp_path: Path, paths: DataPaths) -> None:
    mine = tmp_path / "my-starters.toml"
    mine.write_text('[[routine]]\nname = "Mine"\n\n[[routine.exercise]]\nid = "bridge"\n')
    store = RoutineStore(paths, starters_path=mine)
    assert [starter.name for starter in store.starters()] == ["Mine"]
    assert store.starters()[0].path == mine


def test_a_broken_starters_file_is_named_as_the_starters_file(tmp_path: Path) -> None:
    broken = tmp_path / "starters.toml"
    broken.write_text("#" * 1_100_000 + "\n")  # a comment a megabyte long
    with pytest.raises(DataFileError) as caught:
        load_starters(broken)
    assert str(caught.value) == (
        f"{broken}: is too large (1.05 MB; the starters file can be at most 1 MB)"
    )


FIRST_STARTER = '[[routine]]\nname = "A"\n[[routine.exercise]]\nid = "bridge"\n'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            FIRST_STARTER + '[[routine]]\nname = "Second"\ncolour = 1\n',
            "routine 'Second' (#2): field 'colour': unknown field 'colour' (check the spelling)",
        ),
        (
            FIRST_STARTER + '[[routine]]\n[[routine.exercise]]\nid = "bridge"\n',
            "routine #2: field 'name': is required but missing",
        ),
        (
            'routine = [{name = "A", exercise = [{id = "bridge"}]}, 3]\n',
            "routine #2: expected a table, got a whole number",
        ),
        (
            "colour = 1\n" + FIRST_STARTER,
            "field 'colour': unknown field 'colour' (check the spelling)",
        ),
        (
            "routine = []\n",
            "field 'routine': expected at least one item, got an empty list",
        ),
    ],
)
def test_a_mistake_in_the_starters_file_names_the_routine_it_is_in(
    tmp_path: Path, text: str, problem: str
) -> None:
    starters = tmp_path / "starters.toml"
    starters.write_text(text)
    with pytest.raises(DataFileError) as caught:
        load_starters(starters)
    assert str(caught.value) == f"{starters}: {problem}"


def test_renaming_a_routine_changed_elsewhere_says_so_or_overwrites_when_told(
    store: RoutineStore,
) -> None:
    stored = store.create(make_routine("Back care"))
    store.save(store.load(stored.path), make_routine("Their name"))  # another window
    with pytest.raises(ConflictError) as caught:
        store.rename(stored, "My name")
    assert str(caught.value) == (
        f"{stored.path}: was changed (now 'Their name') by someone else (another Unknot "
        "window?) since it was opened; nothing was written"
    )
    assert store.load(stored.path).name == "Their name"
    store.rename(stored, "My name", force=True)  # the person chose to overwrite it
    assert store.load(stored.path).name == "My name"


def test_a_change_that_would_not_load_names_the_file_it_was_meant_for(
    store: RoutineStore, paths: DataPaths
) -> None:
    # A file the person named themselves, not after the routine.
    mine = paths.routines / "my-evening-stretches.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text('name = "Evening"\n\n[[exercise]]\nid = "bridge"\n')
    stored = store.load(mine)
    with pytest.raises(DataFileError) as caught:
        store.save(stored, make_routine("Evening", "Not An Id"))
    assert caught.value.path == mine
    assert mine.read_text() == 'name = "Evening"\n\n[[exercise]]\nid = "bridge"\n'


def routine_of_size(extra_note: int) -> Routine:
    """A routine whose file is 1 MB (the most a routine file may be) with `extra_note`
    222 letters, one byte more with 223."""
    notes = [RoutineEntry(id="bridge", note="x" * 400)] * 2393
    return Routine(name="Long", exercise=(*notes, RoutineEntry(id="bridge", note="x" * extra_note)))


def test_a_routine_of_the_largest_size_a_file_may_be_is_saved_and_one_byte_more_refused(
    store: RoutineStore,
) -> None:
    largest = store.create(routine_of_size(222))
    assert largest.path.stat().st_size == 1024 * 1024
    assert store.load(largest.path).routine == routine_of_size(222)
    with pytest.raises(DataFileError) as caught:
        store.save(largest, routine_of_size(223))
    assert str(caught.value) == (
        f"{largest.path}: would be too large (over 1 MB; a routine file can be at most 1 MB, "
        "about 5,000 exercises)"
    )
    assert store.load(largest.path).routine == routine_of_size(222)


def test_a_copy_of_a_long_name_cut_at_a_space_does_not_end_in_one(store: RoutineStore) -> None:
    name = "Gentle morning stretches for the lower back after a long night at desks then"
    stored = store.create(make_routine(name))
    copy = store.duplicate(stored)  # "Copy of " leaves room for 72 letters: a space is 72nd
    assert copy.name == (
        "Copy of Gentle morning stretches for the lower back after a long night at desks"
    )
    assert len(copy.name) <= 80
