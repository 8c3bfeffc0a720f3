"""When Unknot itself fails or is interrupted: never a traceback on screen, always a
non-zero exit and a message naming what to look at (issue #8, item 9, ctrl+c, and the
smaller messages)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import FakeClock
from test_terminal_output import run_in_pty

from tui.app import UnknotApp
from tui.cli import main
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.routines import RoutineStore
from tui.crash import EXIT_CRASH, Crashed

CATALOG = load_catalog(default_catalog_path())


def python(code: str, *, cache: Path, **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "UNKNOT_CACHE_DIR": str(cache)},
        **options,  # type: ignore[arg-type]
    )


def crash_log_named_in(message: str, cache: Path) -> Path:
    [log] = list(cache.glob("crash-*.log"))
    assert str(log) in message
    return log


def test_an_unexpected_error_in_a_command_is_one_line_and_a_crash_log(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    process = python(
        """
        import sys
        from tui import cli
        def broken(*args):
            raise KeyError("a bug")
        cli.cmd_routines = broken
        sys.exit(cli.main(["routines"]))
        """,
        cache=cache,
    )
    _, err = process.communicate(timeout=60)
    assert process.returncode == EXIT_CRASH
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("unknot: stopped by an unexpected error (KeyError)")
    log = crash_log_named_in(err, cache)
    assert "Traceback" in log.read_text() and "a bug" in log.read_text()


def test_ctrl_c_in_any_command_exits_130_without_a_traceback(tmp_path: Path) -> None:
    process = python(
        """
        import sys, time
        from tui import cli
        def slow(files):
            print("ready", flush=True)
            time.sleep(30)
        cli.cmd_check = slow
        sys.exit(cli.main(["check", "x"]))
        """,
        cache=tmp_path / "cache",
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_ctrl_c_while_reading_a_routine_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(RoutineStore, "load_all", interrupted)
    assert main(["--data-dir", str(tmp_path), "routines"]) == 130
    assert "Traceback" not in capsys.readouterr().err


async def test_an_error_inside_the_app_is_logged_and_told_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: UnknotApp) -> None:
        raise RuntimeError("a bug in a key's action")

    monkeypatch.setattr(UnknotApp, "action_help", broken)
    cache = tmp_path / "cache"
    app = UnknotApp(CATALOG, DataPaths(tmp_path / "data"), clock=FakeClock(), cache_dir=cache)
    with pytest.raises(Crashed) as crashed:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
    assert app.crashed is crashed.value
    assert isinstance(crashed.value.__cause__, RuntimeError)
    log = crash_log_named_in(str(crashed.value), cache)
    assert "a bug in a key's action" in log.read_text()
    assert len(str(crashed.value).splitlines()) == 1


def test_a_crash_in_the_real_app_exits_70_with_one_line(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = textwrap.dedent(
        """
        import sys
        from tui import app, cli
        def broken(self):
            raise RuntimeError("a bug " + "x" * 5000)
        app.UnknotApp.action_help = broken
        status = cli.main(sys.argv[1:])
        print(f"exit status {status}")
        sys.exit(status)
        """
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", HOME=str(tmp_path), UNKNOT_CACHE_DIR=str(cache))
    argv = [sys.executable, "-c", code, "--data-dir", str(tmp_path / "data")]
    output = run_in_pty(argv, [b"?"], env=env).decode("utf-8", "replace")
    assert f"exit status {EXIT_CRASH}" in output
    assert "Traceback" not in output and "x" * 200 not in output
    log = crash_log_named_in(output.replace("\r\n", "").replace("\n", ""), cache)
    assert "RuntimeError" in log.read_text()


# --------------------------------------------------------------------------- messages


def test_an_os_error_always_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared.toml"
    shared.write_text('name = "Shared"\n')

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")  # as os.fsync says it: no file name

    monkeypatch.setattr(os, "fsync", disk_full)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", str(shared)]) == 1
    err = capsys.readouterr().err
    assert err == f"unknot: {data / 'routines'}: No space left on device\n"


def test_counts_say_one_exercise_not_one_exercises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    RoutineStore(DataPaths(tmp_path)).create(
        Routine(name="One", exercise=(RoutineEntry(id="bridge"),))
    )
    assert main(["--data-dir", str(tmp_path), "routines"]) == 0
    listing = capsys.readouterr().out
    assert " 1 exercise " in listing and "1 exercises" not in listing
    (tmp_path / "history.jsonl").write_text("torn\n")
    assert main(["--data-dir", str(tmp_path), "history"]) == 0
    assert "note: 1 unreadable line skipped" in capsys.readouterr().err


def test_no_message_in_the_code_counts_by_hand() -> None:
    # "(s)", "N steps" or "x if n == 1 else y" written out: use text.plural.
    import re

    root = Path(__file__).resolve().parent.parent / "tui"
    nouns = "exercise|session|routine|rep|set|step|line|breath|file|second|minute|byte"
    by_hand = re.compile(rf"\(s\)|== 1 else|\{{[^}}]*\}} (?:{nouns})s\b")
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in root.rglob("*.py")
        if path.name != "text.py"  # where plural itself is
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if by_hand.search(line) and "plural" not in line
    ]
    assert offenders == []
