"""Today's first view, kept between launches for the days ahead.

With years of history, working out what Today shows means reading every session first:
15-25 ms of a launch. So once Today has read the history (after its first frame), it
works out its view for each of the next `DAYS_AHEAD` days (`today_views`) and keeps them
in the cache folder; the next launch on one of those days, while no log has changed,
shows that day's view in its first frame and reads the history after it. Most launches
are such: a person opens Unknot again the next day, and their last session was logged
by Unknot itself, which then kept the views. A session logged, an answer given or a log
synced from another machine changes a log, and the next launch reads the history (or a
child process does it beside the start-up: `tui.today_ahead`).

Like the catalogue's cached copy (`tui.core.catalog_cache`), this is only a cache:

- one file per data folder, in the user's cache folder, private (mode 0600): the views
  hold the last session and the advice;
- used only when it was made from the same logs (`history_version`), catalogue file,
  Unknot code and data files, msgspec and time zone (`views_key`);
- a view is kept for a day only when it is the same all day long (`today_views`);
- read through the bounded reader, and used only when its text is clean
  (`bytes_are_clean`); anything wrong with it (missing, stale, torn, edited) means the
  history is read, and failing to read or write it is never an error.
"""

from __future__ import annotations

import os
import time
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from tui.core.catalog import bytes_are_clean
from tui.core.errors import DataFileError, read_file

if TYPE_CHECKING:
    from tui.core.catalog import Catalog
    from tui.core.paths import DataPaths
    from tui.core.store.history import History, LogVersion
    from tui.core.today import TodayView

#: How many days, from the day the history was read, to keep Today's view for.
DAYS_AHEAD = 7

#: The most a file of views may hold: each is a few kilobytes.
MAX_BYTES = 1024 * 1024

FORMAT = 1
"""Bump when the file's layout changes."""

#: Where the code and data that decide a view are: every file in these folders counts.
_CODE = Path(__file__).resolve().parent
_CODE_FOLDERS = (_CODE, _CODE / "store", _CODE.parent / "data")


class KeptViews(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What a file of views holds: the key they were made for, and a view for each day
    (ISO date -> the view's JSON, decoded only for the day it is wanted)."""

    key: str
    views: dict[str, msgspec.Raw]


def views_file(cache_dir: Path, paths: DataPaths) -> Path:
    """Where the views of the history in `paths` are kept."""
    name = str(paths.root.absolute()).encode("utf-8", "surrogateescape")
    return cache_dir / f"today-{zlib.crc32(name):08x}.json"


def views_key(version: tuple[LogVersion, ...], catalog: Catalog) -> str | None:
    """Changes whenever a log, the catalogue's file, Unknot's code or data files, msgspec
    or the time zone change; None when one cannot be looked at (then nothing is kept)."""
    try:
        info = os.stat(catalog.path)
        code = sorted(
            f"{entry.name}-{stat.st_size}-{stat.st_mtime_ns}"
            for folder in _CODE_FOLDERS
            for entry in os.scandir(folder)
            if entry.is_file() and not entry.name.startswith(".")
            for stat in (entry.stat(),)
        )
    except OSError:
        return None
    parts = [
        str(FORMAT),
        repr(version),
        f"{info.st_size}-{info.st_mtime_ns}",
        f"{zlib.crc32(':'.join(code).encode('utf-8', 'surrogateescape')):08x}",
        msgspec.__version__,
        f"{time.tzname}{time.timezone}{time.altzone}",
    ]
    return "|".join(parts)


def kept_view(
    cache_dir: Path,
    paths: DataPaths,
    catalog: Catalog,
    version: tuple[LogVersion, ...],
    today: date,
) -> TodayView | None:
    """The view kept for `today` of the logs at `version`, if any and current."""
    from tui.core.today import TodayView

    key = views_key(version, catalog)
    if key is None:
        return None
    try:
        data, _ = read_file(views_file(cache_dir, paths), MAX_BYTES, follow_links=False)
        kept = msgspec.json.decode(data, type=KeptViews)
        if kept.key != key or not bytes_are_clean(data, b'\\"n', raw_controls=False):
            return None
        raw = kept.views.get(today.isoformat())
        view = msgspec.json.decode(raw, type=TodayView) if raw is not None else None
    except (DataFileError, msgspec.DecodeError):  # ValidationError is a DecodeError
        return None
    return view if view is not None and view.today == today else None


def keep_views(
    cache_dir: Path,
    paths: DataPaths,
    catalog: Catalog,
    version: tuple[LogVersion, ...],
    history: History,
    today: date,
) -> None:
    """Work out Today's view of `history` (read from the logs at `version`) for `today`
    and the days after it, and keep them; skipped if that cannot be done."""
    from tui.core.catalog_cache import write_cache_file
    from tui.core.today import today_views

    key = views_key(version, catalog)
    if key is None or history.problems:
        return
    days = [today + timedelta(days=ahead) for ahead in range(DAYS_AHEAD)]
    views = {day.isoformat(): view for day, view in today_views(history, catalog, days).items()}
    write_cache_file(
        views_file(cache_dir, paths), msgspec.json.encode({"key": key, "views": views})
    )


__all__ = [
    "DAYS_AHEAD",
    "FORMAT",
    "MAX_BYTES",
    "KeptViews",
    "keep_views",
    "kept_view",
    "views_file",
    "views_key",
]
