"""Today's first view, kept between launches for the days ahead.

With years of history, working out what Today shows means reading every session first:
15-25 ms of a launch. So once the history has been read (by Today after its first frame,
or after a session is logged), Today's view for each of the next `DAYS_AHEAD` days
(`today.today_views`) is kept in the cache folder; the next launch on one of those days,
while no log has changed, shows that day's view in its first frame and reads the history
after it. Most launches are such: a person opens Unknot again the next day, and their
last session was logged, or its logs synced, by Unknot itself, which then kept the views.
A log changed otherwise (by another sync tool, say) means the next launch reads the
history (or a child process does it beside the start-up: `tui.today_ahead`).

Like the catalogue's cached copy (`tui.core.catalog_cache`), this is only a cache:

- one file per data folder, in the user's cache folder, private (mode 0600, written by
  `atomic_write`): the views hold the last session and the advice;
- used only when it was made from the same logs (`history_version`) by a process set up
  like this one (`setup_key`: the catalogue file, Unknot's code and data files, msgspec
  and the time zone, as they were when the process started);
- a view is kept for a day only when it is the same all day long (`today_views`), and
  used only within that day's first and last moments as they were when it was made;
- read through the bounded reader, and used only when its text is clean
  (`bytes_are_clean`); anything wrong with it (missing, stale, torn, edited) means the
  history is read, and failing to read or write it is never an error.
"""

from __future__ import annotations

import os
import time
import zlib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from tui.core.catalog import bytes_are_clean
from tui.core.errors import DataFileError, read_file

if TYPE_CHECKING:
    from tui.core.catalog import Catalog
    from tui.core.paths import DataPaths
    from tui.core.store.history import History, LogVersion
    from tui.core.today_view import TodayView

#: How many days, from the day the history was read, to keep Today's view for.
DAYS_AHEAD = 7

#: The most a file of views may hold: each is a few kilobytes.
MAX_BYTES = 1024 * 1024

#: Bump when the file's layout changes.
FORMAT = 2

#: Where the code and data that decide a view are: every file in these folders counts.
_CODE = Path(__file__).resolve().parent
_CODE_FOLDERS = (_CODE, _CODE / "store", _CODE.parent / "data")


class KeptDay(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A day's view, and the day's first and last moments (seconds since the epoch)."""

    first: float
    last: float
    view: msgspec.Raw
    """The view's JSON, decoded only for the day it is wanted."""


class KeptViews(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What a file of views holds: the key they were made for, and the days (ISO date ->
    `KeptDay`)."""

    key: str
    days: dict[str, KeptDay]


def views_file(cache_dir: Path, paths: DataPaths) -> Path:
    """Where the views of the history in `paths` are kept."""
    name = str(paths.root.absolute()).encode("utf-8", "surrogateescape")
    return cache_dir / f"today-{zlib.crc32(name):08x}.json"


def setup_key(catalog: Catalog) -> str | None:
    """What, besides the logs, decides Today's views: the catalogue's file (exercises'
    categories and easier variants), Unknot's code and data files (the rules, the safety
    wording), msgspec and the time zone. Taken once, when a process starts, so that views
    are kept under the setup they were made with. None when something cannot be looked at
    (then nothing is kept or used)."""
    try:
        info = os.stat(catalog.path)
        code = sorted(
            f"{entry.name}-{stat.st_size}-{stat.st_mtime_ns}"
            for folder in _CODE_FOLDERS
            for entry in os.scandir(folder)
            if entry.is_file() and not entry.name.startswith(".")
            for stat in (entry.stat(),)
        )
    except (OSError, ValueError):
        return None
    catalogue = (str(catalog.path), info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
    parts = [
        str(FORMAT),
        repr(catalogue),
        f"{zlib.crc32(':'.join(code).encode('utf-8', 'surrogateescape')):08x}",
        msgspec.__version__,
        f"{time.tzname}{time.timezone}{time.altzone}",
    ]
    return "|".join(parts)


def kept_view(
    cache_dir: Path,
    paths: DataPaths,
    setup: str,
    version: tuple[LogVersion, ...],
    now: datetime,
) -> TodayView | None:
    """The view kept for `now`'s day of the logs at `version` by a process set up as
    `setup` says (`setup_key`), if any."""
    from tui.core.today_view import TodayView

    try:
        data, info = read_file(views_file(cache_dir, paths), MAX_BYTES, follow_links=False)
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return None  # not written by this user
        kept = msgspec.json.decode(data, type=KeptViews)
        if kept.key != f"{setup}|{version!r}":
            return None
        if not bytes_are_clean(data, b'\\"n', raw_controls=False):
            return None
        day = kept.days.get(now.date().isoformat())
        if day is None or not day.first <= now.timestamp() <= day.last:
            return None
        view = msgspec.json.decode(day.view, type=TodayView)
    except (OSError, DataFileError, msgspec.DecodeError):  # ValidationError: a DecodeError
        return None
    return view if view.today == now.date() else None


def keep_views(
    cache_dir: Path,
    paths: DataPaths,
    catalog: Catalog,
    setup: str,
    version: tuple[LogVersion, ...],
    history: History,
    today: date,
) -> None:
    """Work out Today's view of `history` (read from the logs at `version`) for `today`
    and the days after it, and keep them; skipped if that cannot be done."""
    from tui.core.store.files import atomic_write
    from tui.core.today import day_moments, today_views

    if history.problems:
        return
    days = [today + timedelta(days=ahead) for ahead in range(DAYS_AHEAD)]
    kept = {}
    for day, view in today_views(history, catalog, days).items():
        first, last = day_moments(day)
        kept[day.isoformat()] = {"first": first.timestamp(), "last": last.timestamp(), "view": view}
    data = msgspec.json.encode({"key": f"{setup}|{version!r}", "days": kept})
    try:
        atomic_write(views_file(cache_dir, paths), data)
    except OSError:  # the folder cannot be written, or named (a relative one, cwd gone)
        return  # only a cache: the next launch reads the history


__all__ = [
    "DAYS_AHEAD",
    "FORMAT",
    "MAX_BYTES",
    "KeptDay",
    "KeptViews",
    "keep_views",
    "kept_view",
    "setup_key",
    "views_file",
]
