"""The checkpoint of an unfinished session: round trip, and an unreadable one is kept."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.store.checkpoint import (
    checkpoint_path,
    clear_checkpoint,
    load_checkpoint,
    save_checkpoint,
)


@pytest.fixture
def paths(isolated_data_dir: Path) -> DataPaths:
    return DataPaths(isolated_data_dir)


def test_checkpoint_round_trip_and_clear(paths: DataPaths) -> None:
    save_checkpoint(paths, {"routine": "Evening", "step": 4})
    assert load_checkpoint(paths) == {"routine": "Evening", "step": 4}
    save_checkpoint(paths, {"routine": "Evening", "step": 5})
    assert load_checkpoint(paths) == {"routine": "Evening", "step": 5}
    clear_checkpoint(paths)
    assert load_checkpoint(paths) is None
    clear_checkpoint(paths)


@pytest.mark.parametrize("data", [b'{"routine": "Eve', b"[1, 2]", b"\xff"])
def test_unreadable_checkpoint_is_none_and_kept(paths: DataPaths, data: bytes) -> None:
    path = checkpoint_path(paths)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    problems: list[DataFileError] = []
    assert load_checkpoint(paths, problems=problems) is None
    assert len(problems) == 1 and problems[0].path == path
    assert path.read_bytes() == data


def test_a_checkpoint_that_cannot_be_removed_is_named(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_checkpoint(paths, {"routine": "Evening", "step": 4})
    path = checkpoint_path(paths)

    def refuse(target: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(target))

    monkeypatch.setattr(os, "unlink", refuse)
    with pytest.raises(OSError) as caught:
        clear_checkpoint(paths)
    assert (caught.value.errno, caught.value.filename) == (errno.EROFS, str(path))


def test_a_checkpoint_nested_too_deep_is_named_and_kept(paths: DataPaths) -> None:
    path = checkpoint_path(paths)
    path.parent.mkdir(parents=True)
    data = b'{"step": ' + b"[" * 40 + b"]" * 40 + b"}"
    path.write_bytes(data)
    problems: list[DataFileError] = []
    assert load_checkpoint(paths, problems=problems) is None
    (problem,) = problems
    assert str(problem) == f"{path}: tables and lists are nested more than 32 levels deep"
    assert path.read_bytes() == data


def test_an_older_versions_checkpoint_never_replaces_this_devices_own(paths: DataPaths) -> None:
    save_checkpoint(paths, {"routine": "Evening", "step": 4})
    paths.legacy_checkpoint.write_text('{"routine": "Morning", "step": 1}')
    assert load_checkpoint(paths) == {"routine": "Evening", "step": 4}
    assert paths.legacy_checkpoint.read_text() == '{"routine": "Morning", "step": 1}'
