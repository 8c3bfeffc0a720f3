"""Today's views kept between launches: a kept view is the one the app would work out on
that day from those logs, or there is none."""

from __future__ import annotations

import os
import stat
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from history_support import TODAY, WallClock, clear_safety_check, record, seed_history, utc
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import today_views
from tui.core.catalog import Catalog, default_catalog_path, load_catalog
from tui.core.dates import local_now
from tui.core.paths import DataPaths
from tui.core.store.history import device_log, history_version, load_history
from tui.core.synthetic import synthetic_history, write_history
from tui.core.today import today_view_of
from tui.core.today_views import DAYS_AHEAD, keep_views, kept_view, views_file

__all__ = ["utc"]  # the fixture, used by name

CATALOG = load_catalog(default_catalog_path())
pytestmark = pytest.mark.usefixtures("utc")


def kept(paths: DataPaths, cache: Path, today: date = TODAY) -> None:
    """Keep the views of the history in `paths` from `today` on."""
    version = history_version(paths)
    keep_views(cache, paths, CATALOG, version, load_history(paths), today)


def view_on(paths: DataPaths, cache: Path, day: date, catalog: Catalog = CATALOG) -> object:
    return kept_view(cache, paths, catalog, history_version(paths), day)


def returning_person(root: Path, sessions: int = 60) -> DataPaths:
    paths = DataPaths(root)
    seed_history(paths, sessions)
    clear_safety_check(paths)
    return paths


@settings(max_examples=25, deadline=None)
@given(
    sessions=st.integers(0, 80),
    seed=st.integers(0, 1000),
    ahead=st.integers(0, DAYS_AHEAD - 1),
    minute=st.integers(0, 24 * 60 - 1),
)
def test_a_kept_view_is_the_one_worked_out_then(
    sessions: int, seed: int, ahead: int, minute: int
) -> None:
    """On each day ahead, at any time of it, the kept view is today_view_of then; the
    only day without one is a day on which the questions due change."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        write_history(device_log(paths).path, synthetic_history(sessions, end=TODAY, seed=seed))
        cache = Path(tmp) / "cache"
        kept(paths, cache)
        day = TODAY + timedelta(days=ahead)
        now = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minute)
        expected = today_view_of(load_history(paths), CATALOG, now)
        view = view_on(paths, cache, day)
        if view is None:
            last = now.replace(hour=23, minute=59, second=59, microsecond=999999)
            first = now.replace(hour=0, minute=0)
            history = load_history(paths)
            due_first = today_view_of(history, CATALOG, first).due
            assert due_first != today_view_of(history, CATALOG, last).due
        else:
            assert view == expected


def test_views_are_kept_for_the_days_ahead_only(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    kept(paths, cache)
    for ahead in range(DAYS_AHEAD):
        view = view_on(paths, cache, TODAY + timedelta(days=ahead))
        assert view is not None and view.session_count == 60
    assert view_on(paths, cache, TODAY + timedelta(days=DAYS_AHEAD)) is None
    assert view_on(paths, cache, TODAY - timedelta(days=1)) is None


def test_the_file_is_the_owners_only(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    kept(paths, tmp_path / "cache")
    mode = stat.S_IMODE(os.stat(views_file(tmp_path / "cache", paths)).st_mode)
    assert mode == 0o600  # the views hold the last session and the advice


def test_a_day_on_which_the_next_day_check_stops_being_due_is_not_kept(tmp_path: Path) -> None:
    """The check is asked within a week of a session in which pain rose: at 15:00 on the
    7th day after, it stops being due, so that day's view depends on the time."""
    paths = DataPaths(tmp_path / "data")
    seed_history(paths, 20, end=TODAY - timedelta(days=6))
    clear_safety_check(paths)
    session = record("2026-03-20T15:00:00+00:00", pain_before=2, pain_after=5)  # the last
    device_log(paths).append(session)
    cache = tmp_path / "cache"
    kept(paths, cache)
    for day in (TODAY, TODAY + timedelta(days=1)):
        view = view_on(paths, cache, day)
        assert view is not None and "pain_check" in [q.kind for q in view.due]
    assert view_on(paths, cache, date(2026, 3, 27)) is None  # due until 15:00 only
    view = view_on(paths, cache, date(2026, 3, 28))
    assert view is not None and "pain_check" not in [q.kind for q in view.due]


def test_a_changed_log_means_no_view(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    kept(paths, cache)
    device_log(paths).append(record("2026-03-25T07:00:00+00:00"))  # a session, a sync
    assert view_on(paths, cache, TODAY) is None
    (paths.history / "laptop.jsonl").write_text("")  # another machine's log arrives
    kept(paths, cache)
    assert view_on(paths, cache, TODAY) is not None
    (paths.history / "laptop.jsonl").unlink()
    assert view_on(paths, cache, TODAY) is None


def test_a_changed_catalogue_or_code_means_no_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    catalogue = tmp_path / "catalog.toml"
    catalogue.write_bytes(default_catalog_path().read_bytes())
    catalog = load_catalog(catalogue)
    version = history_version(paths)
    keep_views(cache, paths, catalog, version, load_history(paths), TODAY)
    assert view_on(paths, cache, TODAY, catalog) is not None
    os.utime(catalogue, ns=(0, 0))  # edited: an exercise's category may have changed
    assert view_on(paths, cache, TODAY, catalog) is None
    keep_views(cache, paths, catalog, version, load_history(paths), TODAY)
    assert view_on(paths, cache, TODAY, catalog) is not None
    code = tmp_path / "code"
    code.mkdir()
    (code / "today.py").write_text("# a new version of Unknot\n")
    monkeypatch.setattr(today_views, "_CODE_FOLDERS", (code,))
    assert view_on(paths, cache, TODAY, catalog) is None
    monkeypatch.setattr(today_views, "_CODE_FOLDERS", (tmp_path / "no such folder",))
    assert view_on(paths, cache, TODAY, catalog) is None  # cannot tell: none
    keep_views(cache, paths, catalog, version, load_history(paths), TODAY)  # nor kept


def test_an_edited_torn_or_odd_file_means_no_view(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    kept(paths, cache)
    where = views_file(cache, paths)
    good = where.read_bytes()
    name = load_history(paths).records[0].routine_name.encode()  # the last session's
    assert name in good
    edits = [
        good[: len(good) // 2],  # torn
        good.replace(name, name + b"\\u001b[2J"),  # an escape sequence
        good.replace(name, name + b"\xc2\x9b2J"),  # a C1 control
        good.replace(b'"key"', b'"key2"'),  # not ours
        b"[]",
        b"\xff\xfe",
    ]
    for data in edits:
        where.write_bytes(data)
        assert view_on(paths, cache, TODAY) is None, data
    where.unlink()
    os.mkfifo(where)  # read through the bounded reader: never a hang
    assert view_on(paths, cache, TODAY) is None
    where.unlink()
    where.symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_bytes(good)
    assert view_on(paths, cache, TODAY) is None  # not through a link
    where.unlink()
    where.write_bytes(good + b" " * today_views.MAX_BYTES)
    assert view_on(paths, cache, TODAY) is None


def test_a_view_for_the_wrong_day_in_the_file_is_not_used(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    kept(paths, cache)
    where = views_file(cache, paths)
    data = msgspec.json.decode(where.read_bytes())
    data["views"][(TODAY + timedelta(days=1)).isoformat()] = data["views"][TODAY.isoformat()]
    where.write_bytes(msgspec.json.encode(data))
    assert view_on(paths, cache, TODAY + timedelta(days=1)) is None


def test_nothing_is_kept_of_logs_that_could_not_all_be_read(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    (paths.history / "laptop.jsonl").mkdir()
    kept(paths, tmp_path / "cache")
    assert not views_file(tmp_path / "cache", paths).exists()


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    (tmp_path / "cache").write_text("a file, not a folder")
    kept(paths, tmp_path / "cache")
    assert view_on(paths, tmp_path / "cache", TODAY) is None


def test_each_data_folder_has_its_own_views(tmp_path: Path) -> None:
    work, home = returning_person(tmp_path / "work", 30), returning_person(tmp_path / "home", 40)
    cache = tmp_path / "cache"
    kept(work, cache)
    kept(home, cache)
    work_view, home_view = view_on(work, cache, TODAY), view_on(home, cache, TODAY)
    assert work_view is not None and work_view.session_count == 30
    assert home_view is not None and home_view.session_count == 40


def test_the_view_kept_is_the_one_at_any_hour(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    kept(paths, cache)
    history = load_history(paths)
    for hour in (0, 6, 12, 23):
        now = local_now(WallClock(TODAY, hour))
        assert view_on(paths, cache, TODAY) == today_view_of(history, CATALOG, now)
