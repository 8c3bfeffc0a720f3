"""What the store tells a person: the choices offered for a file in conflict, in words;
why settings or a checkpoint could not be used, and where an unusable checkpoint went;
and the names older code imports from `tui.core.store` itself."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import pytest

from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import (
    checkpoint_path,
    load_checkpoint,
    save_checkpoint,
    set_aside_checkpoint,
)
from tui.core.store.conflicts import Conflict, Versions, choices, describe, read_versions, where
from tui.core.store.settings import Settings, load_settings

DESK = Routine(name="Desk break", exercise=(RoutineEntry(id="cobra"),))


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


# --------------------------------------------------------------------------- conflicts

LOG = Path("/data/history/laptop.jsonl")
LOG_COPY = Path("/data/history/laptop.sync-conflict-20250301-091500-ABCDEFG.jsonl")
ROUTINE = Path("/data/routines/desk-break.toml")
ROUTINE_COPY = Path("/data/routines/desk-break.sync-conflict-20250301-091500-ABCDEFG.toml")
SETTINGS = Path("/data/settings.toml")
SETTINGS_COPY = Path("/data/settings.sync-conflict-20250301-091500-ABCDEFG.toml")


def test_a_copied_session_log_offers_to_merge_it() -> None:
    conflict = Conflict("history", LOG, LOG_COPY)
    versions = Versions(b"{}\n", b"{}\n")
    assert choices(conflict, versions) == [("merge", "Add its sessions to your history")]
    assert describe(conflict, versions) == "A sync tool left a second copy of a session log"
    assert where(conflict) == f"The other version is in {LOG_COPY.name}."


def test_a_session_log_with_git_markers_offers_to_clean_it() -> None:
    conflict = Conflict("history", LOG, None)
    versions = Versions(b"{}\n", None)
    assert choices(conflict, versions) == [("clean", "Remove the marker lines, keep every session")]
    assert where(conflict) == "Git left both versions inside laptop.jsonl."


def test_a_routine_changed_on_two_machines_is_named() -> None:
    conflict = Conflict("routine", ROUTINE, ROUTINE_COPY)
    versions = Versions(b"this", b"other", DESK, DESK)
    assert describe(conflict, versions) == "'Desk break' was changed on two machines"
    assert choices(conflict, versions) == [
        ("both", "Keep both: the other as a new routine"),
        ("other", "Use the other version"),
        ("this", "Keep this version, drop the other"),
    ]
    # Deleted here, changed there: only the other version can be taken.
    gone_here = Versions(None, b"other", None, DESK)
    assert describe(conflict, gone_here) == "'Desk break' was changed on two machines"
    assert choices(conflict, gone_here) == [("other", "Use the other version")]
    # Neither loads as a routine: the file's name says which, nothing can be chosen.
    broken = Versions(b"this", b"other")
    assert describe(conflict, broken) == "desk-break.toml was changed on two machines"
    assert choices(conflict, broken) == []


def test_two_identical_versions_offer_to_keep_one() -> None:
    conflict = Conflict("routine", ROUTINE, ROUTINE_COPY)
    versions = Versions(b"same", b"same", DESK, DESK)
    assert choices(conflict, versions) == [("this", "Keep one: both versions are the same")]


def test_settings_and_other_files_changed_on_two_machines() -> None:
    conflict = Conflict("settings", SETTINGS, SETTINGS_COPY)
    assert describe(conflict, Versions(b"a", b"b")) == "Your settings were changed on two machines"
    assert choices(conflict, Versions(b"a", b"b")) == [
        ("other", "Use the other version"),
        ("this", "Keep this version, drop the other"),
    ]
    assert choices(conflict, Versions(None, b"b")) == [("other", "Use the other version")]
    assert choices(conflict, Versions(b"a", None)) == []
    other = Conflict("other", Path("/data/reminder.json"), Path("/data/reminder (copy).json"))
    assert describe(other, Versions(b"a", b"b")) == "reminder.json was changed on two machines"


def test_a_file_with_git_markers_splits_into_its_two_versions(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.settings.write_text('<<<<<<< HEAD\nbell = "off"\n=======\nbell = "flash"\n>>>>>>> x\n')
    versions = read_versions(Conflict("settings", paths.settings, None))
    assert versions == Versions(b'bell = "off"\n', b'bell = "flash"\n')


def test_a_file_whose_markers_are_gone_has_no_other_version(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.settings.write_text('bell = "off"\n')
    versions = read_versions(Conflict("settings", paths.settings, None))
    assert versions == Versions(b'bell = "off"\n', None)
    assert choices(Conflict("settings", paths.settings, None), versions) == []


def test_git_markers_in_a_routine_with_text_that_is_not_utf8(paths: DataPaths) -> None:
    paths.routines.mkdir(parents=True)
    marked = paths.routines / "desk-break.toml"
    marked.write_bytes(
        b'name = "Desk break"\n<<<<<<< HEAD\ndescription = "mine \xff"\n=======\n'
        b'description = "theirs"\n>>>>>>> x\n[[exercise]]\nid = "cobra"\n'
    )
    versions = read_versions(Conflict("routine", marked, None))
    assert versions.this is not None and "mine \ufffd".encode() in versions.this
    assert versions.other_routine is not None
    assert versions.other_routine.description == "theirs"


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'voice = "loud"\n',
            "field 'voice': 'loud' is not allowed; expected one of: auto, on, off",
        ),
        (
            'notify = "yes"\n',
            "field 'notify': 'yes' is not allowed; expected one of: auto, on, off",
        ),
        ('sync = "both"\n', "field 'sync': 'both' is not allowed; expected one of: off, on"),
        ("bell = \n", "is not valid TOML"),
    ],
)
def test_a_bad_setting_says_what_is_allowed(paths: DataPaths, text: str, message: str) -> None:
    paths.root.mkdir(parents=True)
    paths.settings.write_text(text)
    problems: list[DataFileError] = []
    assert load_settings(paths, problems=problems) == Settings()
    (problem,) = problems
    assert str(problem).startswith(f"{paths.settings}: {message}")


@pytest.mark.parametrize("value", ["auto", "on", "off"])
def test_every_allowed_voice_and_notify_value_loads(paths: DataPaths, value: str) -> None:
    paths.root.mkdir(parents=True)
    paths.settings.write_text(f'voice = "{value}"\nnotify = "{value}"\n')
    problems: list[DataFileError] = []
    expected = msgspec.convert({"voice": value, "notify": value}, Settings)
    assert load_settings(paths, problems=problems) == expected
    assert problems == []


def test_a_settings_file_too_large_says_what_it_is(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.settings.write_text("#" * 100_000)
    problems: list[DataFileError] = []
    assert load_settings(paths, problems=problems) == Settings()
    assert "the settings file can be at most" in str(problems[0])


# --------------------------------------------------------------------------- checkpoint


def test_a_checkpoint_too_large_says_what_it_is(paths: DataPaths) -> None:
    path = checkpoint_path(paths)
    path.parent.mkdir(parents=True)
    path.write_text('{"pad": "' + "x" * 5_000_000 + '"}')
    problems: list[DataFileError] = []
    assert load_checkpoint(paths, problems=problems) is None
    assert "a session checkpoint can be at most" in str(problems[0])


def test_a_checkpoint_that_is_a_link_is_not_followed(paths: DataPaths, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"routine": "Evening"}')
    path = checkpoint_path(paths)
    path.parent.mkdir(parents=True)
    path.symlink_to(elsewhere)
    problems: list[DataFileError] = []
    assert load_checkpoint(paths, problems=problems) is None
    assert problems[0].path == path


def test_a_checkpoint_nested_too_deep_names_its_file(paths: DataPaths) -> None:
    path = checkpoint_path(paths)
    path.parent.mkdir(parents=True)
    path.write_text("[" * 5_000 + "]" * 5_000)
    problems: list[DataFileError] = []
    assert load_checkpoint(paths, problems=problems) is None
    (problem,) = problems
    assert problem.path == path
    assert str(problem).startswith(f"{path}: ")
    assert len(str(problem)) > len(f"{path}: ") + 10


def test_an_unusable_checkpoint_is_set_aside_under_a_free_name(paths: DataPaths) -> None:
    path = checkpoint_path(paths)
    path.parent.mkdir(parents=True)
    path.write_text("first")
    first = set_aside_checkpoint(paths)
    assert first == paths.sessions / f"{path.stem}.unreadable.json"
    path.mkdir()  # something else again, even a folder
    second = set_aside_checkpoint(paths)
    assert second == paths.sessions / f"{path.stem}.unreadable-2.json"
    assert first.read_text() == "first" and second.is_dir()
    assert not os.path.lexists(path)
    save_checkpoint(paths, {"routine": "Evening"})
    assert load_checkpoint(paths) == {"routine": "Evening"}


# --------------------------------------------------------------------------- old imports


def test_names_of_the_store_before_it_was_split_still_import() -> None:
    import tui.core.store as store
    from tui.core.errors import DataFileError as Error
    from tui.core.paths import DataPaths as Paths
    from tui.core.store.files import slugify
    from tui.core.store.history import HistoryLog
    from tui.core.store.routines import RoutineStore
    from tui.core.store.settings import load_settings as load

    assert store.RoutineStore is RoutineStore
    assert store.HistoryLog is HistoryLog
    assert store.load_settings is load
    assert store.slugify is slugify
    assert store.DataFileError is Error
    assert store.DataPaths is Paths
    for missing in ("NoSuchThing", "_write_temp", "_MODULES_"):
        with pytest.raises(AttributeError, match=missing):
            getattr(store, missing)
