"""A validated copy of a catalogue, so that later starts skip parsing its TOML.

Parsing TOML is most of what loading a catalogue costs: ~3 ms of start-up for the
shipped one, most of a second for 10,000 exercises, against ~0.1 ms and ~30 ms to
decode this copy. Like Python's .pyc files, the copy is only a cache:

- it lives in the user's cache folder, one file per catalogue path;
- it is used only when it was made from the same bytes (length and CRC-32) by the
  same loading code (the size and modification time of catalog.py, errors.py,
  figure.py and text.py: the models, validation and cleaning) with the same msgspec;
- it is decoded into the same strict types as the TOML, and checked again for what
  the types cannot say (unique ids, text without control characters), so a copy
  edited by hand cannot get past the checks the TOML gets;
- anything wrong with it (missing, stale, torn, unreadable, edited) means the TOML is
  parsed and the copy written again; failing to read or write it is never an error.
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
from tui.core import text as text_module
from tui.core.catalog import Catalog, CatalogFile, parse_catalog
from tui.core.errors import CATALOGUE_MAX_BYTES, DataFileError, parse_toml, read_bytes, read_file
from tui.core.text import clean_text

#: The modules whose code decides what a loaded catalogue is.
LOADING_CODE = (catalog_module, errors_module, figure_module, text_module)

FORMAT = 1
"""Bump when the cache file's layout changes."""


class CachedCatalog(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What a cache file holds: the key it was made for, and the validated catalogue."""

    key: str
    catalog: CatalogFile


def cache_file(cache_dir: Path, path: Path) -> Path:
    """Where the copy of the catalogue at `path` is kept."""
    name = str(path.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir / f"catalog-{zlib.crc32(name):08x}.msgpack"


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
        return parse_catalog(parse_toml(data, path), path)
    where = cache_file(cache_dir, path)
    cached = _read(where, key)
    if cached is not None and _still_valid(cached):
        return Catalog(path, cached.title, cached.exercise, cached.guidance)
    catalog = parse_catalog(parse_toml(data, path), path)
    document = CatalogFile(
        title=catalog.title, guidance=catalog.guidance, exercise=catalog.exercises
    )
    _write(where, CachedCatalog(key, document))
    return catalog


def _read(where: Path, key: str) -> CatalogFile | None:
    try:
        data, _ = read_file(where, CATALOGUE_MAX_BYTES, follow_links=False)
        cached = msgspec.msgpack.decode(data, type=CachedCatalog)
    except (DataFileError, msgspec.DecodeError):  # ValidationError is a DecodeError
        return None
    return cached.catalog if cached.key == key else None


def _still_valid(document: CatalogFile) -> bool:
    """What the types do not check: unique ids, and every text already clean."""
    ids = {exercise.id for exercise in document.exercise}
    return len(ids) == len(document.exercise) and all(
        clean_text(text) == text for text in _texts(document)
    )


def _texts(value: object) -> list[str]:
    """Every string in a decoded catalogue (structs, tuples, strings)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, msgspec.Struct):
        return [text for name in value.__struct_fields__ for text in _texts(getattr(value, name))]
    return []


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
            handle.write(msgspec.msgpack.encode(cached))
        os.replace(temp, where)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
