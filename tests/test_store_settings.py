"""Settings: round trip, and a bad file gives defaults and is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.store.settings import Settings, load_settings, save_settings


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def test_settings_round_trip(paths: DataPaths) -> None:
    assert load_settings(paths) == Settings(bell="bell", prepare_seconds=5)
    assert save_settings(paths, Settings(bell="flash", prepare_seconds=10)) is None
    assert load_settings(paths) == Settings(bell="flash", prepare_seconds=10)
    assert 'bell = "flash"' in paths.settings.read_text()


def test_bad_settings_give_defaults_and_are_kept(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.settings.write_text('bell = "loud"\n')
    problems: list[DataFileError] = []
    assert load_settings(paths, problems=problems) == Settings()
    assert len(problems) == 1
    assert "expected one of: off, bell, flash" in str(problems[0])
    assert paths.settings.read_text() == 'bell = "loud"\n'

    kept = save_settings(paths, Settings(bell="off"))
    assert kept == paths.root / "settings.unreadable.toml"
    assert kept.read_text() == 'bell = "loud"\n'
    assert load_settings(paths) == Settings(bell="off")
