"""A validated copy of a catalogue, so that later starts skip parsing its TOML.

Parsing and checking TOML is most of what loading a catalogue costs: ~3 ms of start-up
for the shipped one, ~30 ms for wger's 872 exercises (with rtoml; ~100 ms with tomllib),
against ~0.1 ms and ~4 ms to read this copy. Like Python's .pyc files, the copy is only
a cache:

- it lives in the user's cache folder, one file per catalogue path;
- it is used only when it was made from the same bytes (length and CRC-32) by the
  same loading code (the size and modification time of catalog.py, errors.py, figure.py,
  search.py and text.py: the models, validation and cleaning) with the same msgspec;
- it holds the catalogue as loaded (every entry completed from `[defaults]`), as JSON,
  decoded into the same types, and checked again for what the types do not say: ids
  are unique, and no text holds a character the cleaning removes. The limits on lengths
  and formats were checked when the copy was made and are not checked again;
- anything wrong with it (missing, stale, torn, unreadable, edited) means the TOML is
  parsed and the copy written again; failing to read or write it is never an error.

The text check works on the JSON bytes, not on each string: JSON writes every control
character as an escape (a backslash), and the other characters the cleaning removes
have UTF-8 forms that a search of the bytes finds (`catalog.bytes_are_clean`). That
takes ~1 ms for wger's catalogue, where visiting every string took ~15 ms, half of a
cached load.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path

import msgspec

from tui.core import catalog as catalog_module
from tui.core import errors as errors_module
from tui.core import figure as figure_module
from tui.core import search as search_module
from tui.core import text as text_module
from tui.core.catalog import Catalog, CatalogData, bytes_are_clean, parse_catalog_bytes
from tui.core.errors import CATALOGUE_MAX_BYTES, DataFileError, read_bytes, read_file

#: The modules whose code decides what a loaded catalogue is.
LOADING_CODE = (catalog_module, errors_module, figure_module, search_module, text_module)

FORMAT = 2
"""Bump when the cache file's layout changes."""


class CachedCatalog(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What a cache file holds: the key it was made for, and the loaded catalogue."""

    key: str
    catalog: CatalogData


def cache_file(cache_dir: Path, path: Path) -> Path:
    """Where the copy of the catalogue at `path` is kept."""
    name = str(path.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir / f"catalog-{zlib.crc32(name):08x}.json"


def cache_key(data: bytes) -> str | None:
    """Changes whenever the file's bytes, the loading code or msgspec change.

    None when the code's files cannot be found (e.g. a zipped app): then no cache.
    """
    try:
        code = [os.stat(str(module.__file__)) for module in LOADING_CODE]
    except (OSError, TypeError):
        return None
    stamps = ":".join(f"{stat.st_size}-{stat.st_mtime_ns}" for stat in code)
    return f"{FORMAT}:{len(data)}:{zlib.crc32(data):08x}:{stamps}:{msgspec.__version__}"


def load_catalog_cached(path: Path, cache_dir: Path) -> Catalog:
    """`load_catalog(path)`, from the copy in `cache_dir` when it is current."""
    data = read_bytes(path)
    key = cache_key(data)
    if key is None:
        return parse_catalog_bytes(data, path)
    where = cache_file(cache_dir, path)
    cached = _read(where, key)
    if cached is not None:
        return Catalog.of(path, cached)
    catalog = parse_catalog_bytes(data, path)
    _write(where, CachedCatalog(key, catalog.data()))
    return catalog


def _read(where: Path, key: str) -> CatalogData | None:
    """The cached catalogue, if the file is current, whole and clean."""
    try:
        data, _ = read_file(where, CATALOGUE_MAX_BYTES, follow_links=False)
        cached = msgspec.json.decode(data, type=CachedCatalog)
    except (DataFileError, msgspec.DecodeError):  # ValidationError is a DecodeError
        return None
    if cached.key != key or not bytes_are_clean(data, b'\\"n', raw_controls=False):
        return None
    ids = {exercise.id for exercise in cached.catalog.exercises}
    return cached.catalog if len(ids) == len(cached.catalog.exercises) else None


def _write(where: Path, cached: CachedCatalog) -> None:
    """Replace the cache file in one step; a cache that cannot be written is skipped."""
    temp = where.with_name(f".{where.name}.{os.getpid()}.tmp")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        # A new file only: never through a link someone left under this predictable name.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with contextlib.suppress(FileNotFoundError):
            if not os.path.isdir(temp):
                os.unlink(temp)  # a temporary file of a run killed with this same pid
        with os.fdopen(os.open(temp, flags, 0o600), "wb") as handle:
            handle.write(msgspec.json.encode(cached))
        os.replace(temp, where)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
