"""Temporary files of killed saves are removed, never a live writer's (issue #8, item 8);
two imports at once never choose the same name (issue #8, smaller messages)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support import FakeClock, launch_done

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.files import atomic_write, remove_stale_temps
from tui.core.store.routines import RoutineStore

MORNING = Routine(name="Morning", exercise=(RoutineEntry(id="bridge"),))
STALE = [".morning.toml.k2j4h5g6.tmp", ".new.a_b0c9d8.tmp"]
NOT_OURS = [".notes", ".morning.toml.tmp", ".x.toml.TOOLONGNAME.tmp", "keep.tmp"]


def temps(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_loading_routines_removes_what_killed_saves_left(tmp_path: Path) -> None:
    store = RoutineStore(DataPaths(tmp_path))
    store.create(MORNING)
    for name in [*STALE, *NOT_OURS]:
        (store.folder / name).write_text("half a routine")
    assert [stored.name for stored in store.load_all().routines] == ["Morning"]
    assert sorted(os.listdir(store.folder)) == sorted([".unknot.lock", "morning.toml", *NOT_OURS])


def test_a_live_writers_temporary_file_is_never_removed(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from tui.core.store.files import locked
                folder = Path({str(folder)!r})
                with locked(folder, shared=True):
                    (folder / ".morning.toml.abcd1234.tmp").write_text("being written")
                    print("ready", flush=True)
                    sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        assert remove_stale_temps(folder) == []
        assert temps(folder) == [".morning.toml.abcd1234.tmp"]
    finally:
        writer.kill()
        writer.wait()
    # The writer died without finishing: now the file is stale.
    assert remove_stale_temps(folder) == [".morning.toml.abcd1234.tmp"]
    assert temps(folder) == []


def test_a_write_in_progress_in_this_process_keeps_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RoutineStore(DataPaths(tmp_path))
    stored = store.create(MORNING)
    replacing, go_on = threading.Event(), threading.Event()
    real_replace = os.replace

    def slow_replace(source: str, target: str) -> None:
        replacing.set()
        go_on.wait(10)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", slow_replace)
    with ThreadPoolExecutor(1) as pool:
        saving = pool.submit(store.save, stored, MORNING)
        assert replacing.wait(10)
        assert len(temps(store.folder)) == 1
        loader = pool.submit(RoutineStore(DataPaths(tmp_path)).load_all)
        time.sleep(0.2)
        assert len(temps(store.folder)) == 1  # the loader waits or leaves it; never removes it
        go_on.set()
        saving.result(10)
        assert loader.result(10).problems == []
    assert temps(store.folder) == []


def test_saves_killed_at_random_leave_nothing_behind_once_loaded(tmp_path: Path) -> None:
    store = RoutineStore(DataPaths(tmp_path))
    store.create(MORNING)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from tui.core.paths import DataPaths
        from tui.core.routine import Routine, RoutineEntry
        from tui.core.store.routines import RoutineStore
        store = RoutineStore(DataPaths(Path({str(tmp_path)!r})))
        n = 0
        print("ready", flush=True)
        while True:
            n += 1
            stored = store.load_all().routines[0]
            entries = tuple(RoutineEntry(id="bridge", note=str(n)) for _ in range(n % 50 + 1))
            store.save(stored, Routine(name="Morning", exercise=entries), force=True)
        """
    )
    for kill in range(12):
        saver = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert saver.stdout is not None and saver.stdout.readline() == b"ready\n"
        time.sleep(0.05 + 0.02 * (kill % 5))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        [stored] = store.load_all().routines  # never half a routine
        assert stored.name == "Morning"
        assert temps(store.folder) == []  # ...and what the kill left is gone


async def test_the_app_removes_stale_temporaries_of_its_data_folder(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    for name in (".session.json.a1b2c3d4.tmp", ".settings.toml.zz_99yyx.tmp"):
        (paths.root / name).write_text("{")
    (paths.root / ".mine.tmp").write_text("not Unknot's")
    atomic_write(paths.settings, b"bell = 'off'\n")
    app = UnknotApp(load_catalog(default_catalog_path()), paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await launch_done(pilot)
    assert sorted(os.listdir(paths.root)) == [".mine.tmp", ".unknot.lock", "settings.toml"]


# --------------------------------------------------------------------------- names


def test_imports_at_once_never_take_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = DataPaths(tmp_path)
    RoutineStore(paths).create(MORNING)
    real_names = RoutineStore.names

    def slow_names(self: RoutineStore) -> set[str]:
        names = real_names(self)
        time.sleep(0.05)  # widen the window between choosing a name and taking it
        return names

    monkeypatch.setattr(RoutineStore, "names", slow_names)
    with ThreadPoolExecutor(6) as pool:
        imported = list(
            pool.map(lambda _: RoutineStore(paths).create_unique(MORNING, "imported"), range(6))
        )
    names = sorted(stored.name for stored in imported)
    assert set(names) == {"Morning (imported)"} | {f"Morning (imported {n})" for n in range(2, 7)}
