"""A validated copy of a catalogue, so that later starts skip parsing its TOML.

Parsing TOML is most of what loading a catalogue costs: ~3 ms of start-up for the
shipped one, most of a second for 10,000 exercises, against ~0.1 ms and ~30 ms to
decode this copy. Like Python's .pyc files, the copy is only a cache:

- it lives in the user's cache folder, one file per catalogue path;
- it is used only when it was made from the same bytes (length and CRC-32) by the
  same catalogue code (tui/core/catalog.py's size and modification time) with the
  same msgspec, and it is decoded into the same strict types as the TOML;
- anything wrong with it (missing, stale, torn, unreadable) means the TOML is parsed
  and the copy written again; failing to write it is not an error.

Only a catalogue that passed validation is ever written, with its text already cleaned.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path

import msgspec

from tui.core import catalog as catalog_module
from tui.core.catalog import Catalog, CatalogFile, parse_catalog
from tui.core.errors import parse_toml, read_bytes

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


def cache_key(data: bytes) -> str:
    """Changes whenever the file's bytes, the catalogue code or msgspec change."""
    code = os.stat(catalog_module.__file__)
    return (
        f"{FORMAT}:{len(data)}:{zlib.crc32(data):08x}:"
        f"{code.st_size}:{code.st_mtime_ns}:{msgspec.__version__}"
    )


def load_catalog_cached(path: Path, cache_dir: Path) -> Catalog:
    """`load_catalog(path)`, from the copy in `cache_dir` when it is current."""
    data = read_bytes(path)
    key = cache_key(data)
    where = cache_file(cache_dir, path)
    cached = _read(where, key)
    if cached is not None:
        return Catalog(path, cached.title, cached.exercise, cached.guidance)
    catalog = parse_catalog(parse_toml(data, path), path)
    document = CatalogFile(
        title=catalog.title, guidance=catalog.guidance, exercise=catalog.exercises
    )
    _write(where, CachedCatalog(key, document))
    return catalog


def _read(where: Path, key: str) -> CatalogFile | None:
    try:
        cached = msgspec.msgpack.decode(where.read_bytes(), type=CachedCatalog)
    except (OSError, msgspec.DecodeError):  # ValidationError is a DecodeError
        return None
    return cached.catalog if cached.key == key else None


def _write(where: Path, cached: CachedCatalog) -> None:
    """Replace the cache file in one step; a cache that cannot be written is skipped."""
    temp = where.with_name(f".{where.name}.{os.getpid()}.tmp")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(msgspec.msgpack.encode(cached))
        os.replace(temp, where)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
