"""Sync through git, for real: two data folders, a bare remote, the `git` command."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import msgspec
import pytest

from tui import today_ahead
from tui.cli import main
from tui.core.catalog import Catalog, default_catalog_path, load_catalog
from tui.core.dates import local_now
from tui.core.kept_views import views_file
from tui.core.paths import DataPaths
from tui.core.resume import record_once
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import save_checkpoint
from tui.core.store.conflicts import find_conflicts
from tui.core.store.history import history_version, load_history, read_records
from tui.core.store.routines import RoutineStore, routine_file_text
from tui.core.store.settings import Settings, load_settings, save_settings
from tui.core.sync import GIT_MISSING, SyncError, init, sync
from tui.core.today import today_view_of
from tui.core.today_view import TodayView
from tui.today_ahead import ViewKeeper

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: Rounds of the random two-machine test, and its seed: `UNKNOT_SYNC_ROUNDS=2000` for a
#: long run, `UNKNOT_SYNC_SEED=N` for other random choices.
ROUNDS = int(os.environ.get("UNKNOT_SYNC_ROUNDS", "200"))
SEED = int(os.environ.get("UNKNOT_SYNC_SEED", "12"))
EXERCISES = ("cobra", "bridge", "knee-to-chest", "pelvic-tilt")


@pytest.fixture
def remote(tmp_path: Path) -> str:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return str(path)


def machine(tmp_path: Path, name: str) -> DataPaths:
    return DataPaths(tmp_path / name)


def session(minute: int, name: str = "Desk break") -> dict[str, object]:
    return {
        "started_at": f"2025-03-01T{minute // 60 % 24:02d}:{minute % 60:02d}:00+01:00",
        "routine_name": name,
        "active_seconds": 60.0,
        "planned_seconds": 60.0,
        "finished": True,
        "exercises": [],
        "n": minute,
    }


def names(paths: DataPaths) -> list[str]:
    return sorted(stored.name for stored in RoutineStore(paths).load_all().routines)


def tracked(paths: DataPaths) -> list[str]:
    result = subprocess.run(
        ["git", "ls-files"], cwd=paths.root, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_init_then_sync_brings_routines_and_history_to_the_other_machine(
    tmp_path: Path, remote: str
) -> None:
    laptop, desktop = machine(tmp_path, "laptop"), machine(tmp_path, "desktop")
    RoutineStore(laptop).create(Routine(name="Desk break", exercise=(RoutineEntry(id="cobra"),)))
    record_once(laptop, session(1))
    save_checkpoint(laptop, {"an": "unfinished session"})
    first = init(laptop, remote, interactive=False)
    assert first.committed and first.sent == 1
    report = init(desktop, remote, interactive=False)
    assert report.received >= 1
    assert names(desktop) == ["Desk break"]
    assert [r.routine_name for r in load_history(desktop).records] == ["Desk break"]
    # This machine's scratch state, locks and temporary files never travel.
    files = tracked(laptop)
    assert ".gitignore" in files and ".gitattributes" in files
    assert not [f for f in files if f.startswith("sessions/") or f.endswith(".lock")]
    record_once(desktop, session(2))
    sync(desktop, interactive=False)
    assert sync(laptop, interactive=False).received >= 1
    assert len(load_history(laptop).records) == 2
    assert sync(laptop, interactive=False).summary() == "Already in sync."


def test_a_routine_changed_on_both_machines_keeps_both(tmp_path: Path, remote: str) -> None:
    laptop, desktop = machine(tmp_path, "laptop"), machine(tmp_path, "desktop")
    RoutineStore(laptop).create(Routine(name="Desk break", exercise=(RoutineEntry(id="cobra"),)))
    init(laptop, remote, interactive=False)
    init(desktop, remote, interactive=False)
    for paths, note in ((laptop, "laptop"), (desktop, "desktop")):
        store = RoutineStore(paths)
        (stored,) = store.load_all().routines
        store.save(stored, msgspec.structs.replace(stored.routine, description=note))
    sync(laptop, interactive=False)
    report = sync(desktop, interactive=False)
    (kept,) = report.kept
    assert "kept both" in kept
    sync(laptop, interactive=False)
    for paths in (laptop, desktop):
        routines = {r.routine.description: r.name for r in RoutineStore(paths).load_all().routines}
        assert set(routines) == {"laptop", "desktop"}
        assert routines["laptop"] == "Desk break"  # the remote's version keeps the file
        assert routines["desktop"].startswith("Desk break (from ")


def test_changed_on_one_machine_and_deleted_on_the_other_keeps_the_change(
    tmp_path: Path, remote: str
) -> None:
    laptop, desktop = machine(tmp_path, "laptop"), machine(tmp_path, "desktop")
    RoutineStore(laptop).create(Routine(name="Desk break", exercise=(RoutineEntry(id="cobra"),)))
    init(laptop, remote, interactive=False)
    init(desktop, remote, interactive=False)
    (stored,) = RoutineStore(laptop).load_all().routines
    RoutineStore(laptop).delete(stored)
    (theirs,) = RoutineStore(desktop).load_all().routines
    RoutineStore(desktop).save(theirs, msgspec.structs.replace(theirs.routine, description="x"))
    sync(laptop, interactive=False)
    sync(desktop, interactive=False)
    sync(laptop, interactive=False)
    assert names(laptop) == names(desktop) == ["Desk break"]


def test_settings_changed_on_both_machines_wait_as_a_conflict_copy(
    tmp_path: Path, remote: str
) -> None:
    laptop, desktop = machine(tmp_path, "laptop"), machine(tmp_path, "desktop")
    save_settings(laptop, Settings(bell="off"))
    init(laptop, remote, interactive=False)
    init(desktop, remote, interactive=False)
    save_settings(laptop, Settings(bell="flash"))
    save_settings(desktop, Settings(prepare_seconds=10))
    sync(laptop, interactive=False)
    report = sync(desktop, interactive=False)
    assert "settings.toml" in report.kept[0]
    assert load_settings(desktop).bell == "flash"  # the remote's in place...
    (conflict,) = find_conflicts(desktop)  # ...this machine's offered for a choice
    assert conflict.kind == "settings" and conflict.copy is not None
    assert "prepare_seconds = 10" in conflict.copy.read_text()
    sync(desktop, interactive=False)
    assert conflict.copy.name not in tracked(desktop)  # the copy stays on this machine


def test_sync_says_what_is_wrong(
    tmp_path: Path, remote: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = machine(tmp_path, "laptop")
    assert main(["--data-dir", str(laptop.root), "sync"]) == 1
    assert "run `unknot sync --init REMOTE` first" in capsys.readouterr().err
    assert main(["--data-dir", str(laptop.root), "sync", "--init", remote]) == 0
    assert "Synced: sent 1 change." in capsys.readouterr().out  # the first commit
    save_checkpoint(laptop, {"a": "session"})
    assert main(["--data-dir", str(laptop.root), "sync"]) == 1
    assert "a session is under way" in capsys.readouterr().err
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert main(["--data-dir", str(tmp_path / "other"), "sync", "--init", remote]) == 1
    assert GIT_MISSING in capsys.readouterr().err
    with pytest.raises(SyncError, match="no `git` command"):
        sync(laptop)


def test_a_remote_that_cannot_be_reached_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(SyncError, match="git fetch failed"):
        init(machine(tmp_path, "laptop"), str(tmp_path / "nowhere.git"), interactive=False)


def test_sync_at_exit_runs_only_when_turned_on(
    tmp_path: Path, remote: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import sync_at_exit

    laptop, desktop = machine(tmp_path, "laptop"), machine(tmp_path, "desktop")
    init(laptop, remote, interactive=False)
    init(desktop, remote, interactive=False)
    record_once(laptop, session(5))
    sync_at_exit(laptop)  # sync = "off" (the default): nothing happens
    assert sync(desktop, interactive=False).received == 0
    save_settings(laptop, Settings(sync="on"))
    sync_at_exit(laptop)
    assert "Synced" in capsys.readouterr().err
    sync(desktop, interactive=False)
    assert len(read_records(desktop)) == 1


# ------------------------------------------------------------ Today's views after a sync


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_catalog_path())


def kept_view_of(paths: DataPaths, cache: Path, catalog: Catalog) -> TodayView | None:
    """The view of Today the next launch would find kept for the logs as they are."""
    found = ViewKeeper(cache, paths, catalog).find(history_version(paths))
    return found.take(history_version(paths), local_now(time.time).date()) if found else None


@pytest.fixture
def views_worth_keeping(monkeypatch: pytest.MonkeyPatch) -> None:
    """Logs of any size count as worth keeping Today's views for (not only ~200 sessions)."""
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)


def laptop_with_sessions(tmp_path: Path, remote: str, sessions: int) -> DataPaths:
    """A machine that has sent `sessions` sessions to `remote`."""
    laptop = machine(tmp_path, "laptop")
    init(laptop, remote, interactive=False)
    for minute in range(sessions):
        record_once(laptop, session(minute))
    sync(laptop, interactive=False)
    return laptop


def sync_command(paths: DataPaths, cache: Path, *more: str) -> list[str]:
    return ["--data-dir", str(paths.root), "--cache-dir", str(cache), "sync", *more]


@pytest.mark.usefixtures("views_worth_keeping")
def test_unknot_sync_that_brings_sessions_keeps_todays_view_for_the_next_launch(
    tmp_path: Path, remote: str, catalog: Catalog
) -> None:
    laptop_with_sessions(tmp_path, remote, 3)
    desktop, cache = machine(tmp_path, "desktop"), tmp_path / "desktop-cache"
    assert main(sync_command(desktop, cache, "--init", remote)) == 0
    view = kept_view_of(desktop, cache, catalog)
    now = local_now(time.time)
    assert view == today_view_of(load_history(desktop), catalog, now)
    assert view is not None and view.session_count == 3
    # A sync that changes no log keeps nothing anew.
    views_file(cache, desktop).unlink()
    assert main(sync_command(desktop, cache)) == 0
    assert kept_view_of(desktop, cache, catalog) is None


def test_logs_too_small_to_keep_views_for_never_load_the_catalogue(
    tmp_path: Path, remote: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import cli

    laptop_with_sessions(tmp_path, remote, 3)  # far under AHEAD_MIN_BYTES

    def not_wanted(*args: object) -> None:
        raise AssertionError("the catalogue was loaded")

    monkeypatch.setattr(cli, "load_catalog_cached", not_wanted)
    desktop = machine(tmp_path, "desktop")
    assert main(sync_command(desktop, tmp_path / "cache", "--init", remote)) == 0
    assert len(read_records(desktop)) == 3


@pytest.mark.usefixtures("views_worth_keeping")
def test_keeping_views_never_fails_a_sync(
    tmp_path: Path,
    remote: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unreadable catalogue, or anything going wrong while keeping, leaves the views
    unkept and the sync reported as done."""
    laptop = laptop_with_sessions(tmp_path, remote, 2)
    desktop, cache = machine(tmp_path, "desktop"), tmp_path / "cache"
    broken = tmp_path / "broken.toml"
    broken.write_text("this is [ not toml")
    command = ["--catalog", str(broken), *sync_command(desktop, cache, "--init", remote)]
    assert main(command) == 0
    assert "Synced" in capsys.readouterr().out
    assert not views_file(cache, desktop).exists()

    def failing(*args: object) -> None:
        raise RuntimeError("keeping went wrong")

    monkeypatch.setattr(ViewKeeper, "keep", failing)
    record_once(laptop, session(30))
    sync(laptop, interactive=False)
    assert main(sync_command(desktop, cache)) == 0
    assert "Synced: received" in capsys.readouterr().out
    assert not views_file(cache, desktop).exists()


@pytest.mark.usefixtures("views_worth_keeping")
def test_a_sync_at_exit_that_brings_sessions_keeps_todays_view(
    tmp_path: Path, remote: str, capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    from tui.cli import sync_at_exit

    laptop_with_sessions(tmp_path, remote, 1)
    desktop, cache = machine(tmp_path, "desktop"), tmp_path / "desktop-cache"
    init(desktop, remote, interactive=False)
    record_once(machine(tmp_path, "laptop"), session(5))
    sync(machine(tmp_path, "laptop"), interactive=False)
    save_settings(desktop, Settings(sync="on"))
    late = ViewKeeper(cache, desktop, catalog)  # its setup not taken as the app started
    sync_at_exit(desktop, late)
    assert "Synced" in capsys.readouterr().err
    assert not views_file(cache, desktop).exists()
    record_once(machine(tmp_path, "laptop"), session(6))
    sync(machine(tmp_path, "laptop"), interactive=False)
    keeper = ViewKeeper(cache, desktop, catalog)
    assert keeper.setup is not None  # taken as the app started (Today looked for a view)
    sync_at_exit(desktop, keeper)
    view = kept_view_of(desktop, cache, catalog)
    assert view is not None and view.session_count == 3


@pytest.mark.parametrize("first", [[], ["start", "core and stability"]], ids=["today", "session"])
def test_the_app_syncs_at_exit_with_the_keeper_it_started_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: list[str]
) -> None:
    """Whether Today or a session comes first, the keeper took its setup as the app
    started, so the exit's sync can keep views."""
    from tui import app, cli

    made: dict[str, object] = {}
    synced: list[tuple[DataPaths, object]] = []

    class Ran:
        crashed = None
        return_code = 0

        def __init__(self, *args: object, **kwargs: object) -> None:
            made.update(kwargs)

        def run(self) -> None:
            pass

    monkeypatch.setattr(app, "UnknotApp", Ran)
    monkeypatch.setattr(cli, "sync_at_exit", lambda paths, keeper: synced.append((paths, keeper)))
    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)  # an empty history is worth it
    desktop = machine(tmp_path, "desktop")
    command = ["--data-dir", str(desktop.root), "--cache-dir", str(tmp_path / "cache"), *first]
    assert main(command) == 0
    ((paths, keeper),) = synced
    assert paths.root == desktop.root
    assert isinstance(keeper, ViewKeeper) and keeper is made["keeper"]
    assert keeper.setup_taken


# --------------------------------------------------------------------------- many rounds


class Machine:
    """One side of the random test, and what it did."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self.store = RoutineStore(paths)


def test_random_edits_imports_deletions_and_sessions_on_two_machines_lose_nothing(
    tmp_path: Path, remote: str
) -> None:
    """Each routine version carries a unique token (its description). A version is
    superseded when a machine that holds it edits or deletes it; after the last syncs
    both machines hold exactly the versions never superseded, each once, and every
    session, each once."""
    rng = random.Random(SEED)
    sides = [Machine(machine(tmp_path, "laptop")), Machine(machine(tmp_path, "desktop"))]
    tokens = iter(range(1_000_000))
    made: set[str] = set()
    superseded: set[str] = set()
    sessions: set[int] = set()
    counts = {"edit": 0, "import": 0, "delete": 0, "session": 0, "sync": 0}

    def routine(token: str) -> Routine:
        entries = tuple(RoutineEntry(id=rng.choice(EXERCISES)) for _ in range(rng.randint(1, 3)))
        name = rng.choice(["Desk break", "Morning", "Evening"])
        return Routine(name=name, description=token, exercise=entries)

    def fresh() -> str:
        token = f"v{next(tokens)}"
        made.add(token)
        return token

    sides[0].store.create(routine(fresh()))
    for side in sides:
        init(side.paths, remote, interactive=False)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        side = rng.choice(sides)
        action = rng.choices(list(counts), weights=[4, 2, 1, 3, 3])[0]
        current = side.store.load_all().routines
        if action in ("edit", "delete") and not current:
            action = "import"
        counts[action] += 1
        if action == "edit":
            stored = rng.choice(current)
            superseded.add(stored.routine.description)
            side.store.save(stored, routine(fresh()))
        elif action == "delete":
            stored = rng.choice(current)
            superseded.add(stored.routine.description)
            side.store.delete(stored)
        elif action == "import":
            from tui.core.export import import_routine

            shared = tmp_path / "shared.toml"
            shared.write_text(routine_file_text(routine(fresh())), encoding="utf-8")
            import_routine(shared, side.store)
        elif action == "session":
            minute = len(sessions)
            sessions.add(minute)
            assert record_once(side.paths, session(minute))
        else:
            sync(side.paths, interactive=False)
    for side in (*sides, sides[0]):
        sync(side.paths, interactive=False)
    elapsed = time.perf_counter() - started

    expected = made - superseded
    for side in sides:
        held = [stored.routine.description for stored in side.store.load_all().routines]
        lost, extra = expected - set(held), set(held) - expected
        assert not lost and not extra, f"{side.paths.root.name}: lost {lost}, back {extra}"
        assert len(held) == len(set(held)), f"{side.paths.root.name}: a routine twice"
        kept = [int(record["n"]) for record in read_records(side.paths)]
        assert sorted(kept) == sorted(sessions), "a session was lost or duplicated"
        assert load_history(side.paths).unreadable == 0
        assert find_conflicts(side.paths) == []
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=side.paths.root, capture_output=True, text=True
        )
        assert status.stdout == ""
    print(f"seed {SEED}: {ROUNDS} rounds {counts}, {len(expected)} routines, {elapsed:.1f} s")
    assert counts["sync"] > ROUNDS // 10 and counts["edit"] and counts["delete"]


def test_history_logs_merge_as_a_union_even_when_one_is_shared(tmp_path: Path, remote: str) -> None:
    """Two machines that kept the same device log (a copied state folder) still lose no
    session: the .gitattributes union merge keeps both machines' lines."""
    laptop, desktop = machine(tmp_path, "laptop"), machine(tmp_path, "desktop")
    init(laptop, remote, interactive=False)
    init(desktop, remote, interactive=False)
    shared = "history/shared-000000.jsonl"
    for paths, minute in ((laptop, 1), (desktop, 2)):
        log = paths.root / shared
        log.parent.mkdir(exist_ok=True)
        with log.open("a") as handle:
            handle.write(json.dumps(session(minute)) + "\n")
    sync(laptop, interactive=False)
    sync(desktop, interactive=False)
    sync(laptop, interactive=False)
    for paths in (laptop, desktop):
        assert sorted(int(r["n"]) for r in read_records(paths)) == [1, 2]
