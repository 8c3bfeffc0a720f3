"""Shared fixtures: every test runs with its own data folder, never the real home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# `make mutation` runs the core tests once per mutant, slowed down by mutmut's trampolines:
# the same examples every run (so mutants are judged alike), no deadline or speed checks.
settings.register_profile(
    "mutation", derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("UNKNOT_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point Unknot's data and cache folders, HOME and the XDG folders into `tmp_path`."""
    data_dir = tmp_path / "unknot-data"
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("UNKNOT_CACHE_DIR", str(tmp_path / "unknot-cache"))
    return data_dir
