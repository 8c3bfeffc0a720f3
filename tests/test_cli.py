"""The command line: exit codes and messages a catalogue author sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.catalog import default_catalog_path


def test_check_valid_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(default_catalog_path())]) == 0
    assert "ok" in capsys.readouterr().out


def test_check_invalid_file_exits_1_with_message_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[exercise]]\nid = "x"\nname = ""\n')
    good = default_catalog_path()
    assert main(["check", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{bad}: exercise 'x' (#1)" in captured.err
    assert "Traceback" not in captured.err


def test_check_without_files_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check"])
    assert exit_.value.code == 2


def test_bad_catalogue_for_the_app_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("title = [")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--catalog", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"unknot: {bad}: is not valid TOML")
    assert "Traceback" not in result.stderr
