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
ENV_STATE_DIR = "UNKNOT_STATE_DIR"


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


def resolve_state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """What this machine keeps for itself and never syncs (the device id of each data
    folder): `UNKNOT_STATE_DIR`, else the platform's user state folder."""
    chosen = _chosen(None, ENV_STATE_DIR, environ)
    if chosen is not None:
        return chosen
    import platformdirs

    return Path(platformdirs.user_state_dir("unknot", appauthor=False))


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
        """Folder of session logs: each device appends to its own `<device>.jsonl`, and
        reading merges them (`store.history`), so a file-sync tool never sees two
        machines write one file."""
        return self.root / "history"

    @property
    def legacy_history(self) -> Path:
        """The single log older versions kept; moved into `history` on first start."""
        return self.root / "history.jsonl"

    @property
    def sessions(self) -> Path:
        """Folder of unfinished sessions, one `<device>.json` per device (`store.checkpoint`)."""
        return self.root / "sessions"

    @property
    def legacy_checkpoint(self) -> Path:
        """The unfinished session as older versions kept it; taken over when first read."""
        return self.root / "session.json"

    @property
    def settings(self) -> Path:
        """Small preferences (bell, preparation time)."""
        return self.root / "settings.toml"
