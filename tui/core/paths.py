"""Where Unknot keeps a person's data, and its cache: each one folder, chosen by flag,
variable or platform.

Kept apart from `store` so that starting the app does not import what writing needs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

ENV_DATA_DIR = "UNKNOT_DATA_DIR"
ENV_CACHE_DIR = "UNKNOT_CACHE_DIR"


def _chosen(cli_value: str | None, variable: str, environ: Mapping[str, str] | None) -> Path | None:
    env = os.environ if environ is None else environ
    for value in (cli_value, env.get(variable)):
        if value and value.strip():
            return Path(value).expanduser().absolute()
    return None


def resolve_data_dir(cli_value: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The data folder: `--data-dir` beats `UNKNOT_DATA_DIR` beats the platform's default."""
    chosen = _chosen(cli_value, ENV_DATA_DIR, environ)
    if chosen is not None:
        return chosen
    import platformdirs  # only when neither the flag nor the variable says where

    return Path(platformdirs.user_data_dir("unknot", appauthor=False))


def resolve_cache_dir(cli_value: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The cache folder (what is there can always be rebuilt): `--cache-dir` beats
    `UNKNOT_CACHE_DIR` beats the platform's user cache folder."""
    chosen = _chosen(cli_value, ENV_CACHE_DIR, environ)
    if chosen is not None:
        return chosen
    import platformdirs

    return Path(platformdirs.user_cache_dir("unknot", appauthor=False))


class DataPaths(msgspec.Struct, frozen=True):
    """Every file Unknot keeps for a person, under one root folder."""

    root: Path
    """The data folder itself."""

    @classmethod
    def resolve(
        cls, cli_value: str | None = None, environ: Mapping[str, str] | None = None
    ) -> DataPaths:
        """Paths under the folder chosen by `resolve_data_dir`."""
        return cls(resolve_data_dir(cli_value, environ))

    @property
    def routines(self) -> Path:
        """Folder of routine files, one TOML file per routine."""
        return self.root / "routines"

    @property
    def history(self) -> Path:
        """Append-only log of finished (and abandoned) sessions, one JSON object per line."""
        return self.root / "history.jsonl"

    @property
    def checkpoint(self) -> Path:
        """State of an unfinished session, to offer resuming it."""
        return self.root / "session.json"

    @property
    def settings(self) -> Path:
        """Small preferences (bell, preparation time)."""
        return self.root / "settings.toml"
