"""Today, driven by keys: a new person's first steps and a returning person's day."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from history_support import TODAY, WallClock, clear_safety_check, seed_history, sessions_in, utc
from support import FakeClock, screen_text
from textual import events
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import AwaitMount, Widget

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.store.history import device_log, load_history
from tui.screens.safety import SafetyAdviceScreen, SafetyCheckScreen
from tui.screens.session import PainScreen, SessionScreen
from tui.screens.today import TodayScreen
from tui.screens.welcome import IntakeScreen, SuggestionScreen
from tui.widgets.key_bar import KeyBar

__all__ = ["utc"]  # the fixture, used by name

CATALOG = load_catalog(default_catalog_path())
pytestmark = pytest.mark.usefixtures("utc")


def make_app(data: Path) -> UnknotApp:
    return UnknotApp(CATALOG, DataPaths(data), clock=FakeClock(), wall_clock=WallClock())


async def settle(pilot: Pilot[None]) -> None:
    """Until the workers that read and write (and not those waiting on a dialog) are done."""
    for _ in range(3):
        await pilot.pause()
        busy = [
            w
            for w in pilot.app.workers
            if w.group in ("today-read", "session-start") and not w.is_finished
        ]
        for worker in busy:
            if worker.group == "today-read":
                await worker.wait()
        await pilot.pause()


def kinds(data: Path) -> list[str]:
    return [line.get("kind", "session") for line in device_log(DataPaths(data)).read()]


def new_persons_today(app: UnknotApp) -> TodayScreen:
    """The screen shown, checked to be Today welcoming a new person."""
    today = app.screen
    assert isinstance(today, TodayScreen) and today.has_class("-new")
    return today


def key_bar(app: UnknotApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_a_new_person_is_welcomed_checked_and_given_a_starter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.has_class("-new")
        assert "Welcome to Unknot" in screen_text(app)
        assert "Get started" in key_bar(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SafetyCheckScreen)
        assert "Question 1 of 7" in screen_text(app)
        await pilot.press("n", "n", "b")  # back to question 2
        assert app.screen.question_number == 2
        await pilot.press(*"nnnnnn")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert kinds(tmp_path) == ["safety"]
        await pilot.press("enter")  # lower back
        await pilot.press("enter")  # mostly sitting
        await pilot.press("enter")  # about 5 minutes
        await settle(pilot)
        assert isinstance(app.screen, SuggestionScreen)
        text = screen_text(app)
        assert "Try" in text and "Desk break" in text and "Seated pelvic tilt" in text
        await pilot.press("escape")  # later
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen) and not today.has_class("-new")
        assert today.view is not None and today.view.choices[0].routine == "Desk break"
        assert "Desk break" in screen_text(app)
        assert "Start" in key_bar(app)
    assert kinds(tmp_path) == ["safety", "intake"]


async def test_today_composes_only_the_part_a_person_sees(tmp_path: Path) -> None:
    """A new person's Today has no routine list or sections (fewer widgets to style
    before the first frame); they are mounted when a history appears, and the welcome
    when it goes again."""
    paths = DataPaths(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = new_persons_today(app)
        assert not today.query("#choices") and not today.query("#today-sections")
        assert today.focused is today.query_one("#today-body")
        log = seed_history(paths, 30)  # another device's sync, say
        await pilot.press("2", "1")
        await settle(pilot)
        assert not today.has_class("-new")
        assert today.focused is today.query_one("#choices")
        text = screen_text(app)
        assert "This week" in text and "Welcome to Unknot" not in text
        assert "Start" in key_bar(app)
        log.unlink()
        await pilot.press("2", "1")
        await settle(pilot)
        assert today.has_class("-new") and "Welcome to Unknot" in screen_text(app)
        assert "This week" not in screen_text(app) and "Get started" in key_bar(app)
        assert not today.query("#choices") and not today.query("#today-sections")
        assert today.focused is today.query_one("#today-body")


async def test_a_read_cancelled_between_two_mounts_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two reads in a row (a sync, then the screen shown again): the first, cancelled
    after mounting the list and before the sections, leaves what the second finishes."""
    paths = DataPaths(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = new_persons_today(app)
        seed_history(paths, 30)
        mount = Screen.mount
        reloaded: list[bool] = []

        def mount_then_reload(self: Screen[None], *widgets: Widget, **where: Any) -> AwaitMount:
            mounting = mount(self, *widgets, **where)
            if self is today and not reloaded:
                reloaded.append(True)
                today.reload()  # cancels the read under way (exclusive)
            return mounting

        monkeypatch.setattr(Screen, "mount", mount_then_reload)
        today.reload()
        await settle(pilot)
        monkeypatch.undo()
        await settle(pilot)
        assert reloaded and not [w.error for w in app.workers if w.error]
        assert today.query("#choices") and today.query("#today-sections")
        assert "This week" in screen_text(app)


async def test_today_is_styled_once_at_start_and_again_after_a_change_while_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first showing does not style every widget a second time (StyledWhenMounted);
    a later one does, so a theme chosen on another screen reaches Today."""
    styled: list[list[DOMNode]] = []
    update_nodes = Stylesheet.update_nodes

    def recording(self: Stylesheet, nodes: Iterable[DOMNode], animate: bool = False) -> None:
        styled.append(list(nodes))
        update_nodes(self, styled[-1], animate=animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", recording)
    refreshes: list[bool] = []
    resume = Screen._on_screen_resume

    def resuming(self: Screen[None], event: events.ScreenResume) -> None:
        if isinstance(self, TodayScreen):
            refreshes.append(event.refresh_styles)
        resume(self, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", resuming)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = app.screen
        bar = today.query_one(KeyBar)
        assert not [nodes for nodes in styled if bar in nodes]
        title = today.query_one("#today-title")
        before = title.styles.background
        await pilot.press("2")
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.press("1")
        await settle(pilot)
        assert any(bar in nodes for nodes in styled)
        assert title.styles.background != before
    assert refreshes == [False, True]  # restyled when shown again, not when first shown


async def test_today_left_open_overnight_shows_the_new_day(tmp_path: Path) -> None:
    """No log changes overnight, but the day does: Today's title, week and questions
    follow it, whether it stays open or is shown again."""
    seed_history(DataPaths(tmp_path), 30)
    clock = WallClock()
    app = UnknotApp(CATALOG, DataPaths(tmp_path), clock=FakeClock(), wall_clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert "Today · Wednesday 25 March" in screen_text(app)
        clock.now += 24 * 3600
        today.check_the_day()  # what its timer does every minute
        await pilot.pause()
        assert "Today · Thursday 26 March" in screen_text(app)
        clock.now += 24 * 3600
        await pilot.press("2", "1")
        await settle(pilot)
        assert "Today · Friday 27 March" in screen_text(app)
        assert today.view is not None and today.view.today.day == 27


async def test_a_yes_needs_a_doctor_and_an_acknowledgement_before_anything(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y", *"nnnnnn")  # new bladder or bowel problems
        await settle(pilot)
        assert isinstance(app.screen, SafetyAdviceScreen)
        text = screen_text(app)
        assert "See a doctor today" in text and "not a substitute for a doctor" in text
        assert "bladder or bowels" in text
        await pilot.press("escape")  # not now: nothing goes ahead
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.has_class("-new")
        await pilot.press("enter")  # the advice comes back first
        await settle(pilot)
        assert isinstance(app.screen, SafetyAdviceScreen)
        await pilot.press("enter")  # acknowledged: read, but urgent, so no session yet
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.has_class("-new")
        told = [n.message for n in app._notifications]
        assert any("will not start a session while this answer stands" in m for m in told)
        await pilot.press("enter")  # still no: the answer stands
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("s", *"nnnnnnn")  # seen by a doctor: the check again, all no
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert "please see a doctor" not in screen_text(app)  # the welcome, still new
    history = load_history(DataPaths(tmp_path))
    assert [e["kind"] for e in history.entries] == ["safety", "safety_ack", "safety"]
    assert history.entries[0]["answers"]["bladder-bowel"] is True
    assert history.entries[0]["at"].startswith(TODAY.isoformat())


async def test_a_yes_that_needs_a_doctor_soon_lets_a_session_start_once_read(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"nnnnnn", "y")  # severe pain at night
        await settle(pilot)
        assert isinstance(app.screen, SafetyAdviceScreen)
        assert "see a doctor soon" in screen_text(app)
        await pilot.press("enter")  # acknowledged
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)


async def test_a_returning_person_sees_their_day(tmp_path: Path) -> None:
    seed_history(DataPaths(tmp_path), 365)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen) and not today.has_class("-new")
        text = screen_text(app)
        assert "Today · Wednesday 25 March" in text
        assert "This week" in text and "Streak" in text and "weeks in a row" in text
        assert "Last time" in text and "pain" in text
        # The synthetic year marks exercises as hurting: the safety check is due again.
        assert "Safety check" in text and "an exercise was marked as hurting" in text
        assert "Answer" in key_bar(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, SafetyCheckScreen)
        await pilot.press(*"nnnnnnn")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await settle(pilot)
        assert "Safety check" not in " ".join(q.title for q in today.view.due)  # type: ignore[union-attr]
        routine = today.view.choices[0].routine  # type: ignore[union-attr]
        await pilot.press("enter")  # start the suggested routine
        await settle(pilot)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "session-start"])
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and app.screen.routine.name == routine


async def test_this_hurts_brings_the_safety_check_back_before_the_next_session(
    tmp_path: Path,
) -> None:
    paths = DataPaths(tmp_path)
    clear_safety_check(paths)
    from datetime import UTC, datetime

    from tui.core.synthetic import session_record

    hurt = session_record(
        datetime(2026, 3, 25, 8, tzinfo=UTC), "Desk break", painful=["sit-to-stand"]
    )
    device_log(paths).append(hurt)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "marked as hurting" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SafetyCheckScreen)
        assert "You marked an exercise as hurting" in screen_text(app)
        await pilot.press("escape")  # stopped: no session
        await settle(pilot)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "session-start"])
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert len(sessions_in(paths)) == 1


async def test_an_exercise_that_keeps_hurting_gets_its_easier_variant_named(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from tui.core.synthetic import session_record

    paths = DataPaths(tmp_path)
    clear_safety_check(paths)
    for day in (23, 24, 25):
        device_log(paths).append(
            session_record(
                datetime(2026, 3, day, 8, tzinfo=UTC),
                "Bedtime wind-down",
                painful=["double-knee-to-chest"],
            )
        )
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        # The catalogue's easier variant of double knee to chest, by name.
        assert "'Double knee to chest' keeps hurting" in text
        assert "Try 'Knee to chest' instead" in text


async def test_today_fits_80x24_and_uses_a_wide_terminal(tmp_path: Path) -> None:
    seed_history(DataPaths(tmp_path), 60)
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-wide")
        # Side by side, and nothing of either cut off: the week's last line, the question.
        text = screen_text(app)
        assert "Last time" in text and "Due" in text
        glance, questions = (app.screen.query_one(f"#{name}") for name in ("glance", "questions"))
        assert glance.region.y == questions.region.y and glance.region.x < questions.region.x
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.has_class("-wide")
        assert "Streak" in screen_text(app)


async def test_a_history_that_cannot_be_read_at_start_is_said_and_the_app_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.store.history import HistoryReader

    def refused(self: HistoryReader, version: object = None) -> None:
        raise PermissionError(13, "Permission denied", str(self.paths.history))

    monkeypatch.setattr(HistoryReader, "read", refused)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert any("Permission denied" in note.message for note in app._notifications)
        assert "Today" in screen_text(app)
