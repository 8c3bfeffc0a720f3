"""The store's shared file handling: atomic writes, safe file names, and the store as a
whole (reading creates nothing, no Textual)."""

from __future__ import annotations

import errno
import fcntl
import itertools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.core import store as store_package
from tui.core.errors import DataFileError, describe_error
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import load_checkpoint
from tui.core.store.files import (
    LOCK_NAME,
    StoreError,
    atomic_write,
    create_new,
    file_names,
    locked,
    make_dirs,
    naming,
    remove_stale_temps,
    set_aside,
    slugify,
)
from tui.core.store.history import read_records
from tui.core.store.routines import RoutineStore
from tui.core.store.settings import Settings, load_settings


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def test_reading_creates_nothing(paths: DataPaths) -> None:
    assert RoutineStore(paths).load_all().routines == []
    assert read_records(paths) == []
    assert load_checkpoint(paths) is None
    assert load_settings(paths) == Settings()
    assert not paths.root.exists()


def test_atomic_write_creates_folders_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    # No temporary file left; the lock that writers hold while one exists stays.
    assert sorted(os.listdir(target.parent)) == [".unknot.lock", "file.txt"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_leaves_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "routine.toml"
    target.write_bytes(b"old content")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, b"new content")
    monkeypatch.undo()
    assert target.read_bytes() == b"old content"
    assert sorted(os.listdir(tmp_path)) == [".unknot.lock", "routine.toml"]


def test_atomic_write_keeps_permissions_of_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    target.write_bytes(b"x")
    target.chmod(0o644)
    atomic_write(target, b"y")
    assert target.stat().st_mode & 0o777 == 0o644


ODD_NAMES = [
    "../../etc/passwd",
    "/abs",
    "..",
    ".",
    "a/b",
    "a\\b",
    "名前",
    "😀🙌",
    "x" * 300,
    "  ",
    ".hidden",
    "con",
    "NUL",
    "Com1",
    "lpt¹",
    "tab\tand\nnewline",
    "\x1b[31mred",
    "Étirement du dos",
    "-- dashes --",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_slug_is_a_plain_file_stem(name: str) -> None:
    slug = slugify(name)
    assert slug
    assert len(slug) <= 60
    assert re.fullmatch(r"[^\W_]+(-[^\W_]+)*", slug), slug
    assert slug not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Morning mobility", "morning-mobility"),
        ("../../etc/passwd", "etcpasswd"),
        ("..", "routine"),
        ("名前", "名前"),
        ("😀🙌", "routine"),
        ("Étirement du dos", "etirement-du-dos"),
        ("con", "con-routine"),
        ("lpt¹", "lpt1-routine"),
        ("Ａｂｃ ½", "abc-12"),
        ("a__b--c  d", "a-b-c-d"),
        ("y" * 59 + " x", "y" * 59),  # cut at 60 after the dash: no dash left at the end
        ("y" * 70, "y" * 60),
    ],
)
def test_slug_examples(name: str, slug: str) -> None:
    assert slugify(name) == slug


def in_a_fresh_python(code: str) -> None:
    """Run `code` in a new interpreter, where nothing is imported yet; it must succeed."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_modules_do_not_import_textual_or_rich() -> None:
    code = (
        "import sys, tui.core.store.routines, tui.core.store.history, tui.core.store.checkpoint, "
        "tui.core.store.settings, tui.core.export; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    in_a_fresh_python(code)


def test_today_and_what_its_first_frame_reads_do_not_import_the_live_session() -> None:
    # The plan and the session state machine cost a returning person's first frame ~8 ms.
    code = (
        "import sys, tui.screens.today, tui.core.store.history, tui.core.next_day, "
        "tui.core.coaching; "
        "bad = [m for m in sys.modules if m in ('tui.core.plan', 'tui.core.session')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    in_a_fresh_python(code)


def test_the_package_imports_its_modules_only_when_a_name_is_asked_for() -> None:
    # Start-up imports none of the store; older code asking the package for a name still works.
    code = (
        "import sys, tui.core.store as store; "
        "assert not [m for m in sys.modules if m.startswith('tui.core.store.')]; "
        "from tui.core.store import RoutineStore, Settings; "
        "from tui.core.store.routines import RoutineStore as home; "
        "assert RoutineStore is home and Settings.__module__ == 'tui.core.store.settings'"
    )
    in_a_fresh_python(code)


# --------------------------------------------------------------------------- errors name the file


def test_an_error_about_a_temporary_file_names_the_persons_file(tmp_path: Path) -> None:
    mine = tmp_path / "desk-break.toml"
    about_temp = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".new.x.tmp"))
    named = naming(about_temp, mine)
    assert (named.errno, named.strerror, named.filename) == (
        errno.ENOSPC,
        "No space left on device",
        str(mine),
    )
    assert named.__cause__ is about_temp  # the temporary file is still there to debug


def test_an_error_already_about_the_persons_file_is_passed_on_as_it_is(tmp_path: Path) -> None:
    mine = tmp_path / "desk-break.toml"
    error = OSError(errno.EACCES, "Permission denied", str(mine))
    assert naming(error, mine) is error


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError("the disk went away"), "the disk went away"),  # no strerror, a message
        (PermissionError(), "PermissionError"),  # nothing at all: at least what it was
    ],
)
def test_an_error_without_a_system_message_still_says_something(
    tmp_path: Path, error: OSError, said: str
) -> None:
    named = naming(error, tmp_path / "settings.toml")
    assert named.strerror == said
    assert named.filename == str(tmp_path / "settings.toml")


def test_a_file_where_a_parent_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(b"a file, not a folder")
    with pytest.raises(NotADirectoryError) as caught:
        make_dirs(tmp_path / "data" / "routines" / "old")
    assert caught.value.filename == str(tmp_path / "data")
    assert "move it away" in str(caught.value)


def test_a_file_that_cannot_be_set_aside_is_named_not_its_new_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "settings.toml"
    broken.write_bytes(b"bell = [")

    def refuse(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(target))

    monkeypatch.setattr(os, "rename", refuse)
    with pytest.raises(OSError) as caught:
        set_aside(broken, "settings.unreadable", ".toml")
    assert (caught.value.errno, caught.value.filename) == (errno.EXDEV, str(broken))
    monkeypatch.undo()
    assert broken.read_bytes() == b"bell = ["


def test_a_private_name_asked_of_the_store_package_imports_none_of_it() -> None:
    # Tools probe modules for names like `__wrapped__`; that must not load the store.
    assert not hasattr(store_package, "__wrapped__")
    code = (
        "import sys, tui.core.store as store; "
        "assert not hasattr(store, '_routines_store') and not hasattr(store, '__wrapped__'); "
        "assert not [m for m in sys.modules if m.startswith('tui.core.store.')]"
    )
    in_a_fresh_python(code)


def test_a_link_replaced_by_a_write_leaves_a_private_file(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_bytes(b"not yours")
    target = tmp_path / "settings.toml"
    target.symlink_to(elsewhere)
    atomic_write(target, b'bell = "off"\n')
    assert not target.is_symlink() and target.read_bytes() == b'bell = "off"\n'
    assert target.stat().st_mode & 0o777 == 0o600  # not the link's rwxrwxrwx
    assert elsewhere.read_bytes() == b"not yours"


def test_a_failed_write_names_the_file_not_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "routine.toml"

    def refuse(source: object, destination: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(source))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError) as caught:
        atomic_write(target, b"new")
    assert (caught.value.errno, caught.value.filename) == (errno.EIO, str(target))


def test_a_write_does_not_wait_for_another_unknot_writing_in_the_same_folder(
    tmp_path: Path,
) -> None:
    import fcntl
    import threading

    target = tmp_path / "settings.toml"
    atomic_write(target, b"one")
    # Another Unknot is writing: it holds the folder's lock shared, as every write does.
    other = os.open(tmp_path / ".unknot.lock", os.O_RDWR)
    fcntl.flock(other, fcntl.LOCK_SH)
    try:
        writer = threading.Thread(target=atomic_write, args=(target, b"two"))
        writer.start()
        writer.join(timeout=10)
        finished = not writer.is_alive()
    finally:
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)
        writer.join()
    assert finished and target.read_bytes() == b"two"


MORNING = Routine(name="Morning", exercise=(RoutineEntry(id="bridge"),))


# --------------------------------------------------------------------------- folders


def test_a_file_where_a_folder_should_be_is_said_in_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(b"a file, not a folder")
    with pytest.raises(NotADirectoryError) as caught:
        make_dirs(tmp_path / "data" / "routines")
    assert caught.value.errno == errno.ENOTDIR
    assert describe_error(caught.value) == (
        f"{tmp_path / 'data'}: is not a folder; move it away so Unknot can make one"
    )


def test_folders_and_the_lock_file_unknot_makes_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "routines"
    atomic_write(folder / "morning.toml", b'name = "Morning"\n')
    assert (folder.stat().st_mode & 0o777, folder.parent.stat().st_mode & 0o777) == (
        0o700,
        0o700,
    )
    assert (folder / LOCK_NAME).stat().st_mode & 0o777 == 0o600


# --------------------------------------------------------------------------- new files


@pytest.mark.parametrize("name", ["", ".", "..", "../escape", "a/b", "a\\b", "a\0b"])
def test_a_new_file_is_never_given_a_name_that_could_land_elsewhere(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(StoreError) as caught:
        create_new(tmp_path, iter([name]), b"data")
    assert str(caught.value) == f"unsafe file name {name!r}"
    assert sorted(os.listdir(tmp_path)) == [LOCK_NAME]  # and no temporary file left


@pytest.fixture
def no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system without hard links (FAT, some network shares)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)


@pytest.mark.usefixtures("no_hard_links")
def test_without_hard_links_new_files_still_take_free_names_whole(tmp_path: Path) -> None:
    first = create_new(tmp_path, iter(["morning.toml", "morning-2.toml"]), b"one")
    second = create_new(tmp_path, iter(["morning.toml", "morning-2.toml"]), b"two")
    assert (first.name, first.read_bytes()) == ("morning.toml", b"one")
    assert (second.name, second.read_bytes()) == ("morning-2.toml", b"two")
    assert sorted(os.listdir(tmp_path)) == [LOCK_NAME, "morning-2.toml", "morning.toml"]


@pytest.mark.usefixtures("no_hard_links")
def test_without_hard_links_a_failed_write_leaves_no_empty_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError, match="No space"):
        create_new(tmp_path, iter(["morning.toml"]), b"one")
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == [LOCK_NAME]


def test_a_new_file_that_cannot_be_written_names_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        create_new(tmp_path, iter(["morning.toml"]), b"one")
    assert (caught.value.errno, caught.value.filename) == (errno.ENOSPC, str(tmp_path))


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_write_whose_temporary_cannot_be_removed_still_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "routine.toml"

    def refuse(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, failing, refuse)
    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(OSError) as caught:
        atomic_write(target, b"new")
    assert (caught.value.errno, caught.value.filename) == (errno.EIO, str(target))


def finishes_while_another_unknot_writes(folder: Path, work: Callable[[], object]) -> bool:
    """Whether `work` finishes while another process holds `folder`'s lock shared, as
    every Unknot does while it writes."""
    make_dirs(folder)
    other = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(other, fcntl.LOCK_SH)
    worker = threading.Thread(target=work)
    try:
        worker.start()
        worker.join(timeout=10)
        return not worker.is_alive()
    finally:
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)
        worker.join()


def test_a_new_routine_does_not_wait_for_another_unknot_writing(tmp_path: Path) -> None:
    store = RoutineStore(DataPaths(tmp_path))
    assert finishes_while_another_unknot_writes(store.folder, lambda: store.create(MORNING))
    assert [stored.name for stored in store.load_all().routines] == ["Morning"]


# --------------------------------------------------------------------------- the lock


def test_a_link_where_the_lock_file_should_be_is_refused_and_not_followed(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / LOCK_NAME).symlink_to(elsewhere)
    with pytest.raises(DataFileError) as caught, locked(tmp_path / "data"):
        pass
    assert str(caught.value) == (
        f"{tmp_path / 'data' / LOCK_NAME}: is a symbolic link; "
        "Unknot does not follow links to a lock file"
    )
    assert not elsewhere.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_where_the_lock_file_should_be_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / LOCK_NAME)
    with pytest.raises(DataFileError) as caught, locked(tmp_path):
        pass
    assert str(caught.value) == f"{tmp_path / LOCK_NAME}: is a named pipe (FIFO), not a lock file"


def test_a_lock_file_that_cannot_be_made_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def read_only(path: str | os.PathLike[str], *args: int) -> int:
        if Path(path).name == LOCK_NAME:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(OSError) as caught, locked(tmp_path):
        pass
    assert (caught.value.errno, caught.value.filename) == (
        errno.EROFS,
        str(tmp_path / LOCK_NAME),
    )


# --------------------------------------------------------------------------- stale temporaries


def test_reading_routines_with_nothing_stale_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "morning.toml").write_text('name = "Morning"\n\n[[exercise]]\nid = "bridge"\n')
    assert [stored.name for stored in RoutineStore(DataPaths(tmp_path)).load_all().routines] == [
        "Morning"
    ]
    assert os.listdir(folder) == ["morning.toml"]  # not even a lock file


def test_a_stale_temporary_another_unknot_removed_first_is_no_error(tmp_path: Path) -> None:
    (tmp_path / ".morning.toml.k2j4h5g6.tmp").write_text("half a routine")
    listing = [".evening.toml.a1b2c3d4.tmp", ".morning.toml.k2j4h5g6.tmp"]  # one gone since
    assert remove_stale_temps(tmp_path, listing) == [".morning.toml.k2j4h5g6.tmp"]
    assert sorted(os.listdir(tmp_path)) == [LOCK_NAME]


def test_stale_temporaries_are_removed_under_a_lock_this_unknot_holds(tmp_path: Path) -> None:
    (tmp_path / ".morning.toml.k2j4h5g6.tmp").write_text("half a routine")
    with locked(tmp_path):
        assert remove_stale_temps(tmp_path) == [".morning.toml.k2j4h5g6.tmp"]
    with locked(tmp_path, shared=True):  # a write of ours may be under way: kept
        (tmp_path / ".evening.toml.a1b2c3d4.tmp").write_text("being written")
        assert remove_stale_temps(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == [".evening.toml.a1b2c3d4.tmp", LOCK_NAME]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Xtreme stretch", "xtreme-stretch"),
        ("Hold… then relax", "hold-then-relax"),  # "…" is "..." in ASCII: dropped
        ("Calm😀", "calm"),
        ("Straße", "straße"),
        ("Διάταση πλάτης", "διάταση-πλάτης"),
        ("नमस्ते योग", "नमस्ते-योग"),  # vowel signs stay with their letters
        ("न-मि", "न-मि"),
        ("न ि", "न"),  # a vowel sign with no letter before it is dropped
    ],
)
def test_slugs_keep_letters_in_every_script(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_numbered_file_names_stay_within_the_length_and_never_hold_two_dashes() -> None:
    stem = "a" * 57 + "-b" * 5  # cut at 58 letters, the cut ends in a dash
    names = list(itertools.islice(file_names(stem, ".toml"), 3))
    assert names == [f"{stem}.toml", f"{'a' * 57}-2.toml", f"{'a' * 57}-3.toml"]


def test_a_new_file_is_written_in_its_own_folder_never_the_systems_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    # Often another file system, where the finished file could not be linked into place.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-system-temporary-folder"))
    made = create_new(tmp_path / "routines", iter(["morning.toml"]), b"one")
    assert made.read_bytes() == b"one"
