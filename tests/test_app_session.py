"""The session and history reached from the app itself: builder key, CLI start, resume."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from history_support import clear_safety_check, sessions_in
from support import FakeClock, files_loaded, screen_text
from textual.pilot import Pilot

from tui.app import UnknotApp
from tui.cli import main
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.export import format_duration
from tui.core.paths import DataPaths
from tui.core.plan import estimate_seconds
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import checkpoint_path, save_checkpoint
from tui.core.store.history import device_log, read_records
from tui.core.store.routines import RoutineStore
from tui.screens.dialogs import ConfirmScreen
from tui.screens.history import HistoryScreen
from tui.screens.session import PainScreen, SessionScreen

CATALOG = load_catalog(default_catalog_path())
SHORT = Routine(name="Short", exercise=(RoutineEntry(id="bridge"),))


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


async def session_started(pilot: Pilot[None]) -> None:
    """Wait until a new session has passed the safety check and its screen is up.

    The launch's own worker first (`start=`), then the one that starts the session; not
    `wait_for_complete([])`, which would wait for every worker.
    """
    await settle(pilot)
    for group in ("app-start", "session-start"):
        busy = [w for w in pilot.app.workers if w.group == group and not w.is_finished]
        await asyncio.gather(*(worker.wait() for worker in busy), return_exceptions=True)
    await settle(pilot)


def only_the_safety_check(paths: DataPaths) -> bool:
    """The history holds nothing but the safety check `clear_safety_check` recorded."""
    return [record.get("kind") for record in read_records(paths)] == ["safety"]


async def cut_off_session(paths: DataPaths) -> None:
    """Start SHORT (pain 3), move one step on, then let the app die mid-session.

    The checkpoint is written back after the app has closed, as a crash would leave it.
    """
    clear_safety_check(paths)
    first = UnknotApp(CATALOG, paths, start=SHORT, clock=FakeClock())
    async with first.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
        await pilot.press("3", "n")
        await settle(pilot)
        await first.workers.wait_for_complete([w for w in first.workers if w.group == "checkpoint"])
        saved = json.loads(checkpoint_path(paths).read_text())
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
        await session_started(pilot)
        await pilot.press("escape")  # skip the pain question
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.routine_name == "Short"
        clock.advance(6)  # into the first set: something done to record
        app.screen.tick()
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
    (record,) = sessions_in(DataPaths(data))
    assert record["routine_name"] == "Short" and record["finished"] is False


async def test_start_given_on_the_command_line_opens_the_session(tmp_path: Path) -> None:
    clear_safety_check(DataPaths(tmp_path))
    app = UnknotApp(CATALOG, DataPaths(tmp_path), start=SHORT, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        # The routine asked for, not some other one (a starter, the last used).
        assert app.screen.routine == SHORT
        assert app.screen.session.routine_name == SHORT.name
        assert app.screen.started and not app.screen.session.paused


async def test_ctrl_c_in_a_session_says_q_ends_it_and_what_leaves(tmp_path: Path) -> None:
    clear_safety_check(DataPaths(tmp_path))
    app = UnknotApp(CATALOG, DataPaths(tmp_path), start=SHORT, clock=FakeClock())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await session_started(pilot)
        await pilot.press("escape")  # the pain question skipped
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.started
        [note] = [n for n in app._notifications if n.title == "Leaving?"]
        assert note.message == (
            "Press ^q to leave Unknot. Here, q is End: end the session early (asks first; "
            "what you did is kept)."
        )


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
    device_log(DataPaths(tmp_path)).append(record)
    with device_log(DataPaths(tmp_path)).path.open("a") as log:
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
        assert app.screen.selected is not None
        routine = app.screen.selected.routine
        before = estimate_seconds(routine, CATALOG, app.screen.plan())
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
        # The estimate follows the get-ready time: 5 s less before each exercise.
        after = estimate_seconds(routine, CATALOG, app.screen.plan())
        assert after == before - 5 * len(routine.entries)
        assert f"about {format_duration(after)}" in str(summary.render())
    saved = load_settings(paths)
    assert (saved.bell, saved.prepare_seconds) == ("flash", 0)


async def test_a_session_cut_off_at_the_last_question_still_reaches_the_history(
    tmp_path: Path,
) -> None:
    paths = DataPaths(tmp_path)
    clock = FakeClock()
    app = UnknotApp(CATALOG, paths, start=SHORT, clock=clock)
    clear_safety_check(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
        await pilot.press("escape")  # no pain rating before
        await settle(pilot)
        clock.advance(6)  # into the first set
        assert isinstance(app.screen, SessionScreen)
        app.screen.tick()
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("y")  # ended: now "how is your pain?" is asked...
        await settle(pilot)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "checkpoint"])
    # ...and the connection drops before it is answered.
    assert only_the_safety_check(paths)
    again = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await again.workers.wait_for_complete()
        assert not isinstance(again.screen, ConfirmScreen)  # nothing to resume
    (record,) = sessions_in(paths)
    assert record["routine_name"] == "Short" and record["finished"] is False
    assert not checkpoint_path(paths).exists()
    third = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with third.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert len(sessions_in(paths)) == 1  # recorded once


async def test_declining_to_resume_records_the_session_as_ended_early(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    await cut_off_session(paths)
    again = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await again.workers.wait_for_complete()
    (record,) = sessions_in(paths)
    assert record["finished"] is False and record["pain_before"] == 3
    assert not checkpoint_path(paths).exists()


async def test_the_palette_cannot_leave_a_running_session(tmp_path: Path) -> None:
    clear_safety_check(DataPaths(tmp_path))
    app = UnknotApp(CATALOG, DataPaths(tmp_path), start=SHORT, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
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
    device_log(DataPaths(tmp_path)).append(record)
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
    (record,) = sessions_in(paths)
    assert record["routine_name"] == "Short" and record["finished"] is False


async def test_settings_change_voice_and_notifications_and_say_what_auto_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.store import load_settings
    from tui.screens.settings import SettingsScreen

    monkeypatch.setenv("SSH_CONNECTION", "192.0.2.7 50000 192.0.2.1 22")
    monkeypatch.setenv("UNKNOT_SPEAK_COMMAND", "true")  # an engine is found...
    paths = DataPaths(tmp_path)
    app = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        text = " ".join(screen_text(app).split())
        # ...but over SSH its sound would play on the server; notifications travel.
        assert "Voice cues: auto: silent over SSH" in text
        assert "Desktop notifications: auto: on over SSH (OSC 9)" in text
        await pilot.press("down", "down", "enter")  # voice auto -> on
        await pilot.press("down", "enter", "enter")  # notifications auto -> on -> off
        text = " ".join(screen_text(app).split())
        assert "Voice cues: on: speaking with true" in text
        assert "Desktop notifications: off" in text
        await pilot.press("escape")
        await settle(pilot)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "settings"])
    saved = load_settings(paths)
    assert (saved.voice, saved.notify) == ("on", "off")
    assert 'voice = "on"' in paths.settings.read_text()


def pain_record(started_at: str, before: int, after: int) -> dict[str, object]:
    return {
        "started_at": started_at,
        "routine_name": "Evening",
        "active_seconds": 300.0,
        "planned_seconds": 300.0,
        "finished": True,
        "exercises": [],
        "pain_before": before,
        "pain_after": after,
    }


async def test_after_a_session_that_hurt_the_next_launch_asks_once(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from tui.core.store.history import load_history
    from tui.screens.session_dialogs import PainCheckScreen

    paths = DataPaths(tmp_path)
    yesterday = (datetime.now().astimezone() - timedelta(days=1)).isoformat(timespec="seconds")
    device_log(paths).append(pain_record(yesterday, 2, 5))  # rose by 3
    app = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PainCheckScreen)
        assert "your pain went from 2 to 5" in " ".join(screen_text(app).split())
        await pilot.press("w")  # worse
        await settle(pilot)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "app-start"])
        assert not isinstance(app.screen, PainCheckScreen)
    history = load_history(paths)
    assert [check.answer for check in history.checks] == ["worse"]
    assert history.unreadable == 0 and len(history.records) == 1

    again = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await again.workers.wait_for_complete([w for w in again.workers if w.group == "app-start"])
        assert not isinstance(again.screen, PainCheckScreen)  # asked once
    assert len(read_records(paths)) == 2


async def test_declining_a_session_cut_off_before_anything_was_done_records_nothing(
    tmp_path: Path,
) -> None:
    paths = DataPaths(tmp_path)
    clear_safety_check(paths)
    first = UnknotApp(CATALOG, paths, start=SHORT, clock=FakeClock())
    async with first.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
        await pilot.press("3")  # begun, still getting ready when the app dies
        await settle(pilot)
        await first.workers.wait_for_complete([w for w in first.workers if w.group == "checkpoint"])
        saved = json.loads(checkpoint_path(paths).read_text())
    save_checkpoint(paths, saved)
    again = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        await again.workers.wait_for_complete()
    assert only_the_safety_check(paths)
    assert not checkpoint_path(paths).exists()


async def test_the_app_hands_its_speaker_and_notifier_to_the_session(tmp_path: Path) -> None:
    from support import FakeNotifier, FakeSpeaker

    clock = FakeClock()
    speaker, notifier = FakeSpeaker(clock), FakeNotifier(clock)
    clear_safety_check(DataPaths(tmp_path))
    app = UnknotApp(
        CATALOG, DataPaths(tmp_path), start=SHORT, clock=clock, speaker=speaker, notifier=notifier
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
        await pilot.press("escape")  # no pain rating
        await settle(pilot)
        clock.advance(5)
        assert isinstance(app.screen, SessionScreen)
        app.screen.tick()
        await settle(pilot)
    assert speaker.texts == ["Get ready: Bridge.", "Bridge, 10 reps."]
    assert notifier.titles == ["Reps"]
    assert not speaker.closed  # the app's to close, not the session's


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
    (check,) = read_records(DataPaths(tmp_path))
    assert check["kind"] == "safety" and not any(check["answers"].values())


async def test_a_session_saved_keeps_todays_views_for_the_next_launch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ended and quit from its summary, never back on Today: the next launch still finds
    Today's view of the history with the session kept (`tui.core.kept_views`)."""
    from history_support import TODAY, WallClock, seed_history

    from tui import today_ahead
    from tui.core.store.history import history_version
    from tui.today_ahead import ViewKeeper

    monkeypatch.setattr(today_ahead, "AHEAD_MIN_BYTES", 0)
    paths = DataPaths(tmp_path / "data")
    seed_history(paths, 20)
    clear_safety_check(paths)
    clock, wall_clock = FakeClock(), WallClock(TODAY, hour=22)
    keeper = ViewKeeper(tmp_path / "cache", paths, CATALOG, wall_clock)
    app = UnknotApp(CATALOG, paths, start=SHORT, clock=clock, wall_clock=wall_clock, keeper=keeper)
    async with app.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
        await pilot.press("escape")  # skip the pain question
        await settle(pilot)
        clock.advance(6)  # into the first set: something done to record
        assert isinstance(app.screen, SessionScreen)
        app.screen.tick()
        await pilot.press("e", "y")
        await settle(pilot)
        await pilot.press("escape")  # no pain rating after
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert len(sessions_in(paths)) == 21
        for _ in range(100):  # kept in a thread once the session is written
            if keeper.kept == history_version(paths):
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
    kept = ViewKeeper(tmp_path / "cache", paths, CATALOG, wall_clock).find(history_version(paths))
    assert kept is not None
    view = kept.take(history_version(paths), TODAY)
    assert view is not None and view.session_count == 21 and view.last is not None
    assert view.last.routine_name == "Short"
