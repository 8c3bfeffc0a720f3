"""The session and history reached from the app itself: builder key, CLI start, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_support import clear_safety_check, sessions_in
from support import FakeClock, files_loaded
from textual.pilot import Pilot

from tui.app import UnknotApp
from tui.cli import main
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import save_checkpoint
from tui.core.store.history import HistoryLog
from tui.core.store.routines import RoutineStore
from tui.screens.dialogs import ConfirmScreen
from tui.screens.history import HistoryScreen
from tui.screens.session import PainScreen, SessionScreen

CATALOG = load_catalog(default_catalog_path())
SHORT = Routine(name="Short", exercise=(RoutineEntry(id="bridge"),))


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


async def cut_off_session(paths: DataPaths) -> None:
    """Start SHORT (pain 3), move one step on, then let the app die mid-session.

    The checkpoint is written back after the app has closed, as a crash would leave it.
    """
    clear_safety_check(paths)
    first = UnknotApp(CATALOG, paths, start=SHORT, clock=FakeClock())
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", "n")
        await settle(pilot)
        await first.workers.wait_for_complete([w for w in first.workers if w.group == "checkpoint"])
        saved = json.loads(paths.checkpoint.read_text())
    save_checkpoint(paths, saved)


async def test_start_from_the_builder_runs_a_session_and_lands_in_history(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    RoutineStore(DataPaths(data)).create(SHORT)
    clear_safety_check(DataPaths(data))
    clock = FakeClock()
    app = UnknotApp(CATALOG, DataPaths(data), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await files_loaded(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")  # skip the pain question
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.routine_name == "Short"
        await pilot.press("e")  # end, asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("escape")  # no pain rating after
        await settle(pilot)
        await app.workers.wait_for_complete(
            [w for w in app.workers if w.group in ("history", "checkpoint")]
        )
        await pilot.press("enter")  # close the summary
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    (record,) = sessions_in(DataPaths(data).history)
    assert record["routine_name"] == "Short" and record["finished"] is False


async def test_start_given_on_the_command_line_opens_the_session(tmp_path: Path) -> None:
    clear_safety_check(DataPaths(tmp_path))
    app = UnknotApp(CATALOG, DataPaths(tmp_path), start=SHORT, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_a_session_cut_off_is_offered_for_resuming(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    await cut_off_session(paths)  # pain 3, get-ready skipped: resumes at step 1
    again = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(again.screen, SessionScreen)
        assert again.screen.session.paused
        assert again.screen.session.index == 1


def test_history_command_prints_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "history"]) == 0
    assert "No sessions yet." in capsys.readouterr().out
    record = {
        "started_at": "2026-11-24T07:28:20+00:00",
        "routine_name": "Desk break",
        "active_seconds": 300.0,
        "planned_seconds": 450.0,
        "finished": True,
        "exercises": [
            {"entry_index": 0, "id": "cobra", "name": "Cobra", "outcome": "done"},
        ],
        "pain_before": 4,
        "pain_after": 2,
    }
    HistoryLog(DataPaths(tmp_path).history).append(record)
    with DataPaths(tmp_path).history.open("a") as log:
        log.write('{"started_at": "torn')  # a crash mid-write
    assert main(["--data-dir", str(tmp_path), "history"]) == 0
    line = capsys.readouterr().out.strip()
    assert "Desk break" in line and "5 min" in line and "Finished" in line
    assert "pain 4 → 2" in line
    assert main(["--data-dir", str(tmp_path), "history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["pain_after"] == 2


def test_start_unknown_routine_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "start", "nope"]) == 1
    assert "no routine called 'nope'" in capsys.readouterr().err


async def test_settings_change_the_signal_and_get_ready_and_are_saved(tmp_path: Path) -> None:
    from textual.widgets import Static

    from tui.core.store.settings import load_settings
    from tui.screens.settings import SettingsScreen

    paths = DataPaths(tmp_path)
    app = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await files_loaded(pilot)
        summary = app.screen.query_one("#routine-summary", Static)
        before = str(summary.render())
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("enter")  # bell -> flash
        await pilot.press("down", "enter", "enter", "enter")  # get ready 5 -> 10 -> 15 -> off
        await pilot.press("escape")
        await settle(pilot)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "settings"])
        await files_loaded(pilot)
        assert app.settings.bell == "flash" and app.settings.prepare_seconds == 0
        assert str(summary.render()) != before  # the estimate follows the get-ready time
    saved = load_settings(paths)
    assert (saved.bell, saved.prepare_seconds) == ("flash", 0)


async def test_a_session_cut_off_at_the_last_question_still_reaches_the_history(
    tmp_path: Path,
) -> None:
    paths = DataPaths(tmp_path)
    clear_safety_check(paths)
    app = UnknotApp(CATALOG, paths, start=SHORT, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # no pain rating before
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("y")  # ended: now "how is your pain?" is asked...
        await settle(pilot)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "checkpoint"])
    # ...and the connection drops before it is answered.
    assert sessions_in(paths.history) == []
    again = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await again.workers.wait_for_complete()
        assert not isinstance(again.screen, ConfirmScreen)  # nothing to resume
    (record,) = sessions_in(paths.history)
    assert record["routine_name"] == "Short" and record["finished"] is False
    assert not paths.checkpoint.exists()
    third = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with third.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert len(sessions_in(paths.history)) == 1  # recorded once


async def test_declining_to_resume_records_the_session_as_ended_early(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    await cut_off_session(paths)
    again = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await again.workers.wait_for_complete()
    (record,) = sessions_in(paths.history)
    assert record["finished"] is False and record["pain_before"] == 3
    assert not paths.checkpoint.exists()


async def test_the_palette_cannot_leave_a_running_session(tmp_path: Path) -> None:
    clear_safety_check(DataPaths(tmp_path))
    app = UnknotApp(CATALOG, DataPaths(tmp_path), start=SHORT, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not {"app: exercises", "app: history", "app: settings"} & titles
        await app.run_action("switch_mode('catalogue')")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


def test_history_text_is_cleaned_of_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = {
        "started_at": "2026-11-24T07:28:20+00:00",
        "routine_name": "Desk\x1b]0;pwned\x07 break\x1b[2J",
        "active_seconds": 60.0,
        "planned_seconds": 60.0,
        "finished": True,
        "exercises": [],
        "pain_before": None,
        "pain_after": None,
    }
    HistoryLog(DataPaths(tmp_path).history).append(record)
    assert main(["--data-dir", str(tmp_path), "history"]) == 0
    out = capsys.readouterr().out
    assert "Desk break" in out and "\x1b" not in out and "\x07" not in out


async def test_starting_another_session_records_the_cut_off_one(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    await cut_off_session(paths)
    other = Routine(name="Other", exercise=(RoutineEntry(id="cobra"),))
    again = UnknotApp(CATALOG, paths, start=other, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.app.workers.wait_for_complete(
            [w for w in again.workers if w.group == "app-start"]
        )
        assert isinstance(again.screen, (SessionScreen, PainScreen))
    (record,) = sessions_in(paths.history)
    assert record["routine_name"] == "Short" and record["finished"] is False


async def test_a_first_session_waits_for_the_safety_check(tmp_path: Path) -> None:
    from tui.screens.safety import SafetyCheckScreen

    app = UnknotApp(CATALOG, DataPaths(tmp_path), start=SHORT, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, SafetyCheckScreen)
        await pilot.press(*"nnnnnnn")
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "session-start"])
        await settle(pilot)
        assert isinstance(app.screen, PainScreen)
    (check,) = HistoryLog(DataPaths(tmp_path).history).read()
    assert check["kind"] == "safety" and not any(check["answers"].values())
