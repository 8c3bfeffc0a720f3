"""Where the data folder is: flag, environment variable, platform default."""

from __future__ import annotations

from pathlib import Path

from tui.core.paths import DataPaths, resolve_data_dir


def test_data_dir_flag_beats_environment_beats_platform(tmp_path: Path) -> None:
    environ = {"UNKNOT_DATA_DIR": str(tmp_path / "env")}
    assert resolve_data_dir(str(tmp_path / "flag"), environ) == tmp_path / "flag"
    assert resolve_data_dir(None, environ) == tmp_path / "env"
    assert resolve_data_dir(None, {}) == tmp_path / "xdg-data" / "unknot"
    assert resolve_data_dir("", {"UNKNOT_DATA_DIR": ""}) == tmp_path / "xdg-data" / "unknot"


def test_default_data_dir_comes_from_the_environment_fixture(isolated_data_dir: Path) -> None:
    assert resolve_data_dir(None) == isolated_data_dir
    assert DataPaths.resolve().routines == isolated_data_dir / "routines"
