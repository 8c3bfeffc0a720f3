"""Bad files never hang, freeze or crash Unknot (issue #8, items 3 to 7).

Every file is read through one reader (`store.files.read_file`): regular files only,
opened without blocking, a size limit for each kind, one sentence naming the file.
"""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from support import FakeClock, files_loaded

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.catalog_cache import cache_file, load_catalog_cached
from tui.core.errors import (
    CATALOGUE_MAX_BYTES,
    HISTORY_MAX_BYTES,
    ROUTINE_MAX_BYTES,
    DataFileError,
    describe_error,
    read_bytes,
    read_file,
)
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import (
    checkpoint_path,
    clear_checkpoint,
    load_checkpoint,
    save_checkpoint,
    set_aside_checkpoint,
)
from tui.core.store.files import LOCK_NAME, StoreError, remove_stale_temps
from tui.core.store.history import device_log, load_history, read_history
from tui.core.store.routines import RoutineStore
from tui.core.store.settings import Settings, load_settings, save_settings
from tui.screens.history import HistoryScreen

CATALOG = load_catalog(default_catalog_path())
MORNING = Routine(name="Morning", exercise=(RoutineEntry(id="bridge"),))
#: A routine that nests its tables 500 deep in 1 KB (the issue's repro).
DEEP = 'name = "deep"\n[' + ".".join(["a"] * 500) + "]\nx = 1\n"


def unknot(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the real `unknot` command; a hang fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def one_line_error(result: subprocess.CompletedProcess[str], path: Path | str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe; anything that opens it to read is let go after 20 s, so that a
    reader that blocks fails its test instead of hanging the run."""
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    done = threading.Event()

    def release() -> None:
        if not done.wait(20):
            os.close(os.open(path, os.O_RDWR))  # a writer comes and goes: readers see EOF

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    yield path
    done.set()


# --------------------------------------------------------------------------- 3. nesting


def test_deep_nesting_is_one_line_in_check_and_import(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP)
    assert len(DEEP) < 1100
    for args in (["check", str(deep)], ["--data-dir", str(tmp_path / "d"), "import", str(deep)]):
        result = unknot(*args)
        one_line_error(result, deep)
        assert "nested more than 32 levels" in result.stderr


def test_a_deep_routine_among_the_routines_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    store = RoutineStore(DataPaths(tmp_path))
    store.create(MORNING)
    (store.folder / "deep.toml").write_text(DEEP)
    result = store.load_all()
    assert [stored.name for stored in result.routines] == ["Morning"]
    [problem] = result.problems
    assert "nested more than 32 levels" in str(problem)
    listing = unknot("--data-dir", str(tmp_path), "routines")
    assert listing.returncode == 0 and "Morning" in listing.stdout
    assert "deep.toml" in listing.stderr and "Traceback" not in listing.stderr


async def test_the_app_reports_a_deep_routine_and_stays_responsive(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    RoutineStore(paths).create(MORNING)
    (paths.routines / "deep.toml").write_text(DEEP)
    app = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await asyncio.wait_for(files_loaded(pilot), timeout=10)
        messages = [note.message for note in app._notifications]
        assert any("deep.toml" in message and "nested" in message for message in messages)
        await pilot.press("q")
    assert app.return_code == 0 and app.crashed is None


def test_deep_json_in_the_history_and_the_checkpoint_is_unreadable_not_a_crash(
    tmp_path: Path,
) -> None:
    paths = DataPaths(tmp_path)
    paths.history.mkdir(parents=True)
    paths.sessions.mkdir(parents=True)
    deep = "[" * 600 + "]" * 600
    log = device_log(paths).path
    log.write_text(deep + "\n" + '{"a":' * 300 + "1" + "}" * 300 + "\n")
    assert read_history(log).unreadable == 2
    checkpoint_path(paths).write_text(
        '{"version": 1, "routine": ' + '{"a":' * 300 + "1" + "}" * 301
    )
    problems: list[DataFileError] = []
    assert load_checkpoint(paths, problems=problems) is None
    assert "nested" in str(problems[0])


# --------------------------------------------------------------------------- 4. FIFOs


def test_fifos_and_devices_are_refused_by_every_command(tmp_path: Path, fifo: Path) -> None:
    data = ["--data-dir", str(tmp_path / "d"), "--cache-dir", str(tmp_path / "c")]
    for source in (fifo, Path("/dev/zero"), tmp_path):
        for args in (
            ["check", str(source)],
            [*data, "--catalog", str(source), "routines"],
            [*data, "import", str(source)],
        ):
            one_line_error(unknot(*args, timeout=15), source)


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder", "huge"])
def test_a_history_that_is_not_a_file_is_one_line(tmp_path: Path, kind: str) -> None:
    paths = DataPaths(tmp_path)
    paths.history.mkdir(parents=True)
    log = device_log(paths).path
    if kind == "fifo":
        os.mkfifo(log)
    elif kind == "zero":
        log.symlink_to("/dev/zero")
    elif kind == "folder":
        log.mkdir()
    else:
        with log.open("wb") as handle:
            handle.truncate(HISTORY_MAX_BYTES + 1)
    result = unknot("--data-dir", str(tmp_path), "history", timeout=15)
    one_line_error(result, log)


async def test_the_history_screen_says_why_it_cannot_read_a_fifo(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.history.mkdir(parents=True)
    log = device_log(paths).path
    os.mkfifo(log)
    release = threading.Timer(20, lambda: os.close(os.open(log, os.O_RDWR)))
    release.start()  # a reader that blocks is let go, failing instead of hanging
    try:
        app = UnknotApp(CATALOG, paths, clock=FakeClock())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("4")
            screen = app.screen
            assert isinstance(screen, HistoryScreen)
            await asyncio.wait_for(
                app.workers.wait_for_complete(
                    [w for w in app.workers if w.group == "history-read"]
                ),
                timeout=5,
            )
            await pilot.pause()
            title = str(screen.query_one("#history-title").render())
            detail = str(screen.query_one("#history-detail-text").render())
            assert "could not be read" in title
            assert "named pipe" in detail and str(log) in detail
            await pilot.press("q")
    finally:
        release.cancel()


def test_the_reader_refuses_what_is_not_a_regular_file(tmp_path: Path, fifo: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "target")
    (tmp_path / "target").write_text("x")
    cases: list[tuple[Path, dict[str, Any], str]] = [
        (fifo, {}, "is a named pipe (FIFO), not a file"),
        (Path("/dev/zero"), {}, "is a device, not a file"),
        (tmp_path, {}, "is a folder, not a file"),
        (tmp_path / "missing", {}, "file not found"),
        (link, {"follow_links": False}, "is a symbolic link; Unknot does not follow links"),
    ]
    for path, options, message in cases:
        with pytest.raises(DataFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
            read_file(path, 1000, **options)
    assert read_file(link, 1000)[0] == b"x"  # links are followed where that is safe


def test_a_file_over_its_kind_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(CATALOGUE_MAX_BYTES + 1)
    with pytest.raises(
        DataFileError, match=r"is too large \(over 32 MB; a catalogue can be at most"
    ):
        read_bytes(big)


def test_a_file_is_read_whole_up_to_its_limit_and_refused_if_it_grows_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read in one piece as a rule, then in pieces as long as it keeps coming; refused,
    never read past the limit, once it grows beyond it while being read."""
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"x" * 1000)
    assert read_file(path, 1000)[0] == b"x" * 1000
    fstat = os.fstat

    def growing(fd: int) -> os.stat_result:  # the size taken before it grew by 500 bytes
        info = list(fstat(fd))
        info[stat.ST_SIZE] = 500
        return os.stat_result(info)

    monkeypatch.setattr(os, "fstat", growing)
    assert read_file(path, 1000)[0] == b"x" * 1000  # grew, but within the limit
    with pytest.raises(DataFileError, match=r"is too large \(it grew while read; "):
        read_file(path, 999)


def test_the_catalogue_limit_fits_a_big_real_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # wger's 872 exercises, converted faithfully, are a few MB; 10,000 made-up ones, 5 MB.
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from bench.common import write_catalog

    big = write_catalog(tmp_path / "big.toml", 10_000)
    assert 4 * 1024 * 1024 < big.stat().st_size < CATALOGUE_MAX_BYTES / 4
    assert read_bytes(big) == big.read_bytes()


def test_the_history_limit_fits_five_years_on_several_devices() -> None:
    record = {
        "started_at": "2026-03-04T09:12:00+01:00",
        "routine_name": "Morning mobility and a longer name",
        "active_seconds": 612.4,
        "planned_seconds": 700.0,
        "finished": True,
        "exercises": [
            {
                "entry_index": n,
                "id": "double-knee-to-chest",
                "name": "Double knee to chest",
                "outcome": "done",
            }
            for n in range(10)
        ],
        "pain_before": 3,
        "pain_after": 2,
    }
    import json

    line = len(json.dumps(record, separators=(",", ":"))) + 1
    sessions = 5 * 366 * 3 * 4  # five years, three devices, four sessions a day
    assert line * sessions < HISTORY_MAX_BYTES


# --------------------------------------------------------------------------- 5, 6. types


def make_kind(path: Path, kind: str, outside: Path) -> None:
    """Put something of `kind` where Unknot expects something else."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "file":
        path.write_text("not what Unknot expects")
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:  # a link out of the data folder
        path.symlink_to(outside)


def operations(paths: DataPaths, cache: Path) -> dict[str, Callable[[], object]]:
    """What Unknot does with its files, each on its own."""
    store = RoutineStore(paths)

    def save_and_delete() -> None:
        stored = store.create(MORNING)
        stored = store.save(stored, MORNING)
        store.delete(stored)

    return {
        "load routines": store.load_all,
        "save routines": save_and_delete,
        "import": lambda: store.create_unique(MORNING, "imported"),
        "append history": lambda: device_log(paths).append({"n": 1}),
        "read history": lambda: load_history(paths),
        "save checkpoint": lambda: save_checkpoint(paths, {"n": 1}),
        "load checkpoint": lambda: load_checkpoint(paths, problems=[]),
        "clear checkpoint": lambda: clear_checkpoint(paths),
        "set aside checkpoint": lambda: set_aside_checkpoint(paths),
        "load settings": lambda: load_settings(paths, problems=[]),
        "save settings": lambda: save_settings(paths, Settings(bell="off")),
        "catalogue": lambda: load_catalog_cached(default_catalog_path(), cache),
        "clean temporaries": lambda: remove_stale_temps(paths.routines),
    }


OWNED = [
    "routines",
    "history folder",
    "history",
    "sessions folder",
    "checkpoint",
    "settings",
    "routines lock",
    "lock",
    "cache",
]
#: What Unknot expects at each path: every other kind there is a case.
EXPECTED = {
    ("routines", "folder"),
    ("history folder", "folder"),
    ("sessions folder", "folder"),
    ("routines lock", "file"),
    ("lock", "file"),
}
WRONG_TYPES = [
    (owned, kind)
    for owned in OWNED
    for kind in ("file", "folder", "fifo", "link")
    if (owned, kind) not in EXPECTED
]


@pytest.mark.parametrize(("owned", "kind"), WRONG_TYPES)
def test_every_path_unknot_owns_of_the_wrong_type_is_one_clear_message(
    tmp_path: Path, owned: str, kind: str
) -> None:
    paths = DataPaths(tmp_path / "data")
    cache = tmp_path / "cache"
    outside = tmp_path / "outside"
    outside.mkdir()
    where = {
        "routines": paths.routines,
        "history folder": paths.history,
        "history": device_log(paths).path,
        "sessions folder": paths.sessions,
        "checkpoint": checkpoint_path(paths),
        "settings": paths.settings,
        "routines lock": paths.routines / LOCK_NAME,
        "lock": paths.root / LOCK_NAME,
        "cache": cache_file(cache, default_catalog_path()),
    }[owned]
    make_kind(where, kind, outside / "target")
    for name, operation in operations(paths, cache).items():
        try:
            operation()
        except (DataFileError, StoreError, OSError) as error:
            message = describe_error(error)
            assert str(paths.root) in message, (name, message)
            assert "File exists" not in message, (name, message)
            assert "\n" not in message
        # Nothing is ever written through a link out of the data folder.
        assert list(outside.iterdir()) == [], (name, list(outside.iterdir()))
        if os.path.isdir(checkpoint_path(paths)) and kind != "folder":
            checkpoint_path(paths).rmdir()  # a set-aside folder moved; keep the case going


def test_appends_never_go_through_a_linked_history(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.history.mkdir(parents=True)
    target = tmp_path / "elsewhere.jsonl"
    target.write_text("theirs\n")
    log = device_log(paths)
    log.path.symlink_to(target)
    with pytest.raises(OSError, match="symbolic link") as error:
        log.append({"n": 1})
    assert error.value.filename == str(log.path)
    assert target.read_text() == "theirs\n"
    # Read: the link is not followed, and said (any other device's log still counts).
    (problem,) = load_history(paths).problems
    assert "symbolic link" in problem and str(log.path) in problem


def test_a_linked_lock_creates_nothing_outside(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.routines.mkdir(parents=True)
    (paths.routines / LOCK_NAME).symlink_to(tmp_path / "created-outside")
    paths.root.joinpath(LOCK_NAME).symlink_to(tmp_path / "created-outside-too")
    store = RoutineStore(paths)
    with pytest.raises(DataFileError, match="symbolic link"):
        store.create_unique(MORNING, "imported")  # needs the lock to choose a name
    save_checkpoint(paths, {"n": 1})  # a shared lock goes on without
    # (unknot-state is this machine's state folder, which the tests' fixture puts there)
    assert sorted(set(os.listdir(tmp_path)) - {"unknot-state"}) == ["data"]


async def test_the_app_keeps_working_with_routines_as_a_file(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.root.mkdir(exist_ok=True)
    paths.routines.write_text("not a folder")
    device_log(paths).append(
        {
            "started_at": "2026-03-04T09:12:00+00:00",
            "routine_name": "Morning",
            "active_seconds": 60.0,
            "planned_seconds": 60.0,
            "finished": True,
        }
    )
    app = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await files_loaded(pilot)
        await pilot.press("n")  # a new routine: cannot be saved, says why
        await pilot.pause()
        await pilot.press(*"Evening", "enter")
        await files_loaded(pilot)
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = "\n".join(note.message for note in app._notifications)
        assert f"{paths.routines}: is not a folder" in messages
        assert "File exists" not in messages
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.history is not None
        assert len(screen.history.records) == 1  # the rest works
    assert app.crashed is None


# --------------------------------------------------------------------------- 7. one limit


def routine_of(count: int, *, dosage: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": "knee-to-chest"}
    if dosage:
        entry["dosage"] = {"hold_seconds": 30, "reps": 3, "per_side": True, "rest_after": 15}
    return {"name": f"{count} entries", "exercise": [entry] * count}


def test_a_routine_too_large_to_load_is_refused_at_import(tmp_path: Path) -> None:
    shared = tmp_path / "shared.toml"
    shared.write_text(tomli_w.dumps(routine_of(10_000, dosage=True)))
    assert shared.stat().st_size > ROUTINE_MAX_BYTES
    result = unknot("--data-dir", str(tmp_path / "d"), "import", str(shared))
    one_line_error(result, shared)
    assert "too large" in result.stderr and "a routine file can be at most 1 MB" in result.stderr
    assert not (tmp_path / "d" / "routines").exists() or not [
        name for name in os.listdir(tmp_path / "d" / "routines") if name.endswith(".toml")
    ]


def test_a_compact_file_that_would_be_saved_too_large_is_refused(tmp_path: Path) -> None:
    # Inline tables are shorter than the [[exercise]] tables the store writes.
    entry = '{id="knee-to-chest",dosage={hold_seconds=30,reps=3,per_side=true,rest_after=15}}'
    count = ROUTINE_MAX_BYTES // (len(entry) + 1) - 10
    shared = tmp_path / "shared.toml"
    shared.write_text(f'name = "Compact"\nexercise = [{",".join([entry] * count)}]\n')
    assert shared.stat().st_size <= ROUTINE_MAX_BYTES
    result = unknot("--data-dir", str(tmp_path / "d"), "import", str(shared))
    assert result.returncode == 1 and "would be too large" in result.stderr, result.stderr


@pytest.mark.parametrize("count", [4_000, 5_000, 5_300, 5_600, 6_000])
def test_what_import_accepts_always_loads(tmp_path: Path, count: int) -> None:
    shared = tmp_path / "shared.toml"
    shared.write_text(tomli_w.dumps(routine_of(count, dosage=True)))
    data = tmp_path / "d"
    imported = unknot("--data-dir", str(data), "import", str(shared)).returncode == 0
    result = RoutineStore(DataPaths(data)).load_all()
    assert result.problems == []
    assert [stored.name for stored in result.routines] == ([f"{count} entries"] if imported else [])


@pytest.mark.parametrize("kind", ["folder", "fifo", "garbage"])
def test_settings_that_cannot_be_read_are_moved_aside_when_saving(
    tmp_path: Path, kind: str
) -> None:
    paths = DataPaths(tmp_path)
    if kind == "garbage":
        paths.settings.write_bytes(b"bell = \xff\n")
    else:
        make_kind(paths.settings, kind, tmp_path / "unused")
    problems: list[DataFileError] = []
    assert load_settings(paths, problems=problems) == Settings()
    assert str(paths.settings) in str(problems[0])
    kept = save_settings(paths, Settings(bell="off"))
    assert kept == tmp_path / "settings.unreadable.toml"
    assert {"folder": kept.is_dir(), "fifo": kept.is_fifo(), "garbage": kept.is_file()}[kind]
    assert load_settings(paths) == Settings(bell="off")
