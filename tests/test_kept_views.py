"""Today's views kept between launches: a kept view is the one the app would work out then
from those logs, or there is none."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from history_support import TODAY, WallClock, clear_safety_check, record, seed_history, utc
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import kept_views
from tui.core.catalog import Catalog, default_catalog_path, load_catalog
from tui.core.dates import local_now
from tui.core.kept_views import DAYS_AHEAD, keep_views, kept_view, setup_key, views_file
from tui.core.paths import DataPaths
from tui.core.store.history import device_log, history_version, load_history
from tui.core.synthetic import synthetic_history, write_history
from tui.core.today import TodayView, day_moments, today_view_of

__all__ = ["utc"]  # the fixture, used by name

CATALOG = load_catalog(default_catalog_path())
pytestmark = pytest.mark.usefixtures("utc")


def kept(paths: DataPaths, cache: Path, today: date = TODAY, catalog: Catalog = CATALOG) -> None:
    """Keep the views of the history in `paths` from `today` on."""
    setup = setup_key(catalog)
    assert setup is not None
    version = history_version(paths)
    keep_views(cache, paths, catalog, setup, version, load_history(paths), today)


def view_on(
    paths: DataPaths, cache: Path, day: date, hour: int = 12, catalog: Catalog = CATALOG
) -> TodayView | None:
    """The view kept for `hour` o'clock on `day`, as a launch then finds it."""
    setup = setup_key(catalog)
    if setup is None:
        return None
    return kept_view(cache, paths, setup, history_version(paths), local_now(WallClock(day, hour)))


def returning_person(root: Path, sessions: int = 60) -> DataPaths:
    paths = DataPaths(root)
    seed_history(paths, sessions)
    clear_safety_check(paths)
    return paths


@settings(max_examples=40, deadline=None)
@given(
    sessions=st.integers(0, 60),
    seed=st.integers(0, 1000),
    ended=st.integers(0, DAYS_AHEAD),
    painful_at=st.none() | st.integers(0, 24 * 60 - 1),
    ahead=st.none() | st.integers(0, DAYS_AHEAD - 1),
    minute=st.sampled_from([0, 1, 24 * 60 - 1]) | st.integers(0, 24 * 60 - 1),
)
def test_a_kept_view_is_the_one_worked_out_then(
    sessions: int, seed: int, ended: int, painful_at: int | None, ahead: int | None, minute: int
) -> None:
    """At any moment of the days ahead (their first and last too), the view kept for the
    day is today_view_of then; the only days without one are days on which the questions
    due change: the next-day check is due for a week after a session in which pain rose
    (here the last, at a random time up to a week before; `ahead` None: the day it ends)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        end = TODAY - timedelta(days=ended)
        history = synthetic_history(sessions, end=end - timedelta(days=1), seed=seed)
        write_history(device_log(paths).path, history)
        if painful_at is not None:
            at = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(minutes=painful_at)
            device_log(paths).append(record(at.isoformat(), pain_before=1, pain_after=6))
        cache = Path(tmp) / "cache"
        kept(paths, cache)
        if ahead is None:
            ahead = min(max(DAYS_AHEAD - ended, 0), DAYS_AHEAD - 1)
        day = TODAY + timedelta(days=ahead)
        first, last = day_moments(day)
        now = min(first + timedelta(minutes=minute, seconds=30), last)
        read = load_history(paths)
        setup = setup_key(CATALOG)
        assert setup is not None
        view = kept_view(cache, paths, setup, history_version(paths), now)
        if view is None:
            due_first = today_view_of(read, CATALOG, first).due
            assert due_first != today_view_of(read, CATALOG, last).due
        else:
            assert view == today_view_of(read, CATALOG, now)


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
    kept(paths, cache, catalog=catalog)
    assert view_on(paths, cache, TODAY, catalog=catalog) is not None
    info = catalogue.stat()
    catalogue.write_bytes(catalogue.read_bytes().replace(b"Knee to chest", b"Knee to chesT"))
    os.utime(catalogue, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same size and time
    assert view_on(paths, cache, TODAY, catalog=catalog) is None  # but changed (its ctime)
    kept(paths, cache, catalog=catalog)
    assert view_on(paths, cache, TODAY, catalog=catalog) is not None
    other = tmp_path / "other.toml"
    other.write_bytes(catalogue.read_bytes())  # --catalog another file
    assert view_on(paths, cache, TODAY, catalog=load_catalog(other)) is None
    code = tmp_path / "code"
    code.mkdir()
    (code / "today.py").write_text("# a new version of Unknot\n")
    monkeypatch.setattr(kept_views, "_CODE_FOLDERS", (code,))
    assert view_on(paths, cache, TODAY, catalog=catalog) is None
    monkeypatch.setattr(kept_views, "_CODE_FOLDERS", (tmp_path / "no such folder",))
    assert setup_key(catalog) is None  # cannot tell: nothing kept or used


def test_another_time_zone_means_no_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept in UTC; the person then travels (or sets TZ): days start at other moments."""
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    kept(paths, cache)
    assert view_on(paths, cache, TODAY) is not None
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert view_on(paths, cache, TODAY) is None
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


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
    where.write_bytes(good + b" " * kept_views.MAX_BYTES)
    assert view_on(paths, cache, TODAY) is None


def test_a_view_for_the_wrong_day_in_the_file_is_not_used(tmp_path: Path) -> None:
    paths = returning_person(tmp_path / "data")
    cache = tmp_path / "cache"
    kept(paths, cache)
    where = views_file(cache, paths)
    data = msgspec.json.decode(where.read_bytes())
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    data["days"][tomorrow]["view"] = data["days"][TODAY.isoformat()]["view"]
    where.write_bytes(msgspec.json.encode(data))
    assert view_on(paths, cache, TODAY + timedelta(days=1)) is None
    data["days"][tomorrow] = data["days"][TODAY.isoformat()]  # and its moments
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
