"""The command line: exit codes and messages a catalogue author sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import NO_ARGUMENTS, build_parser, main
from tui.core.catalog import default_catalog_path


def test_the_no_argument_shortcut_matches_the_parser() -> None:
    # Plain `unknot` skips argparse; it must mean exactly what the parser would make of it.
    assert vars(build_parser().parse_args([])) == NO_ARGUMENTS


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


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_routines_lists_starters_and_own_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert run(tmp_path, "routines", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"Morning mobility", "Desk break", "Bedtime wind-down", "Core and stability"} <= {
        row["name"] for row in rows
    }
    assert all(row["estimated_seconds"] > 60 and row["exercises"] > 0 for row in rows)


def test_export_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "export", "desk break", "--format", "md") == 0
    handout = capsys.readouterr().out
    assert handout.startswith("# Desk break") and "Seated pelvic tilt" in handout
    assert "does not replace" in handout
    assert "## When to get help" in handout and "bladder or bowels" in handout
    assert run(tmp_path, "export", "Desk break", "--format", "toml") == 0
    shared = tmp_path / "shared.toml"
    shared.write_text(capsys.readouterr().out)
    assert run(tmp_path, "import", str(shared)) == 0
    assert "imported 'Desk break'" in capsys.readouterr().out
    assert [p.name for p in (tmp_path / "routines").iterdir() if p.suffix == ".toml"] == [
        "desk-break.toml"
    ]
    assert run(tmp_path, "routines") == 0
    assert str(tmp_path / "routines" / "desk-break.toml") in capsys.readouterr().out


def test_export_unknown_and_import_invalid_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "export", "no such routine") == 1
    assert "no routine called 'no such routine'" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[exercise]]\nid = "bridge"\nreps = 3\n')
    assert run(tmp_path, "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert f"{bad}: exercise 'bridge' (#1): field 'reps': unknown field" in err
    assert not (tmp_path / "routines").exists() or not list((tmp_path / "routines").iterdir())


def test_a_launch_that_fails_leaves_garbage_collection_on(tmp_path: Path) -> None:
    # main() turns collection off while the app starts; an early error must turn it back on.
    import gc

    bad = tmp_path / "bad.toml"
    bad.write_text("title = [")
    assert gc.isenabled()
    switch_interval = sys.getswitchinterval()
    assert main(["--catalog", str(bad)]) == 1
    assert gc.isenabled()
    assert sys.getswitchinterval() == switch_interval


def test_the_app_runs_with_a_short_switch_interval_for_its_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Textual's writer thread gets each frame out within FRAME_HANDOFF_SECONDS, not 5 ms;
    # other commands (and whatever runs after the app) keep Python's interval.
    import tui.cli

    seen: list[float] = []

    def run_command(args: object) -> int:
        seen.append(sys.getswitchinterval())
        return 0

    monkeypatch.setattr(tui.cli, "_run_command", run_command)
    before = sys.getswitchinterval()
    assert main([]) == 0
    assert main(["routines"]) == 0
    assert seen == [pytest.approx(tui.cli.FRAME_HANDOFF_SECONDS), pytest.approx(before)]
    assert sys.getswitchinterval() == before


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("unknot ")


def test_an_ambiguous_name_lists_the_routines_it_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.core.paths import DataPaths
    from tui.core.routine import Routine, RoutineEntry
    from tui.core.store import RoutineStore

    store = RoutineStore(DataPaths(tmp_path))
    starter = next(s for s in store.starters() if s.name == "Desk break")
    mine = store.copy_starter(starter)
    assert mine.name == "Desk break (mine)"
    # A hand-made file with exactly a starter's name: the name alone cannot choose.
    twin = store.create(Routine(name="Core and stability", exercise=(RoutineEntry(id="bridge"),)))

    assert run(tmp_path, "export", "desk") == 1
    err = capsys.readouterr().err
    assert "'desk' matches 2 routines" in err
    assert "Desk break  (starter)" in err and f"Desk break (mine)  ({mine.path})" in err

    # The whole name, any case, chooses: the starter stays reachable by its own name.
    assert run(tmp_path, "export", "DESK BREAK", "--format", "toml") == 0
    assert 'name = "Desk break"' in capsys.readouterr().out
    assert run(tmp_path, "export", "desk break (mine)", "--format", "toml") == 0
    assert 'name = "Desk break (mine)"' in capsys.readouterr().out

    assert run(tmp_path, "start", "core and stability") == 1
    err = capsys.readouterr().err
    assert "matches 2 routines" in err and str(twin.path) in err
    # ...and a file name picks the person's own one.
    assert run(tmp_path, "export", twin.path.name, "--format", "toml") == 0
    assert 'id = "bridge"' in capsys.readouterr().out


def test_a_unique_beginning_of_a_name_will_do() -> None:
    from tui.core.routine import matching_names

    names = ["Morning mobility", "Desk break", "Desk break (mine)", "Bedtime wind-down"]
    assert matching_names(names, "morn") == [0]
    assert matching_names(names, "desk") == [1, 2]
    assert matching_names(names, " Desk Break ") == [1]  # the exact name wins
    assert matching_names(names, "wind") == [3]  # else a part of one
    assert matching_names(names, "yoga") == [] and matching_names(names, "  ") == []
