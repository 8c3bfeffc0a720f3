"""The live session v2 by keys: voice and notifications, the clock's sizes, pain coaching,
honest records. A fake speaker and notifier record what was said and sent, with the fake
clock's times.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from support import FakeClock, FakeNotifier, FakeSpeaker, exercise_data, screen_text
from test_session_screen import (
    CATALOG,
    HOLD_1,
    ROUTINE,
    SessionApp,
    advance,
    hurt_dialog_text,
    it_hurts,
    make,
    notified,
    records,
    said,
    settle,
    text_of,
)
from textual.pilot import Pilot

from tui.core.catalog import Catalog, Dosage, Exercise
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store import load_checkpoint
from tui.screens.session import PainScreen, SessionScreen
from tui.widgets.big_clock import BigClock, ClockGlyph, clock_lines

#: Knee to chest for 4 s on each side, then 3 bridges at 2 s each.
SIDES_AND_REPS = Routine(
    name="Sides and reps",
    exercise=(
        RoutineEntry(
            id="knee-to-chest", dosage=Dosage(hold_seconds=4, per_side=True, rest_after=3)
        ),
        RoutineEntry(id="bridge", dosage=Dosage(reps=3, rep_seconds=2, rest_after=0)),
    ),
)


async def run_through(
    pilot: Pilot[None], clock: FakeClock, screen: SessionScreen, seconds: float
) -> None:
    """Let `seconds` pass on the fake clock, half a second at a time."""
    for _ in range(round(seconds / 0.5)):
        await advance(pilot, clock, screen, 0.5)


def since(start: float, events: list[tuple[float, str]]) -> list[tuple[float, str]]:
    return [(round(at - start, 2), text) for at, text in events]


async def test_a_session_with_sides_and_reps_says_its_cues_in_order_and_on_time(
    isolated_data_dir: Path,
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=SIDES_AND_REPS)
    async with app.run_test(size=(80, 24)) as pilot:
        assert said(screen) == []  # nothing while the first question is asked
        await pilot.press("3")
        start = clock.now
        await run_through(pilot, clock, screen, 5 + 4 + 5 + 4 + 3 + 5 + 6)
        await pilot.press("escape")  # the closing question
        await settle(pilot)
        assert screen.cues is not None
        speaker = screen.cues.speaker
        assert isinstance(speaker, FakeSpeaker)
        assert since(start, speaker.said) == [
            (0.0, "Get ready: Knee to chest, left side."),
            (5.0, "Knee to chest, left side, hold 4 seconds."),
            (8.0, "1"),
            (9.0, "Switch sides. Now the right side."),
            (14.0, "Knee to chest, right side, hold 4 seconds."),
            (17.0, "1"),
            (18.0, "Rest 3 seconds. Next: Bridge."),
            (21.0, "Get ready: Bridge."),
            (26.0, "Bridge, 3 reps."),
            (28.0, "2"),
            (30.0, "3"),
            (32.0, "All done. Well done."),
        ]
        titles = [(round(at - start, 2), title) for at, title, _ in notified(screen)]
        assert titles == [
            (5.0, "Hold"),
            (9.0, "Switch sides"),
            (14.0, "Hold"),
            (18.0, "Exercise done"),
            (26.0, "Reps"),
            (32.0, "Session complete"),
        ]
        assert notified(screen)[1][2] == "Now the right side: Knee to chest"


async def test_voice_and_notifications_follow_the_settings_and_ssh(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    ssh = {"SSH_CONNECTION": "192.0.2.7 50000 192.0.2.1 22"}
    app, screen = make(isolated_data_dir, clock, voice="auto", notify="auto", environ=ssh)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 6)
        assert screen.cues is not None
        assert not screen.cues.voice  # over SSH the sound would play on the server
        assert screen.cues.notify  # but notifications reach the person's own desktop
        assert said(screen) == []
        assert [title for _, title, _ in notified(screen)] == ["Hold"]

    app, screen = make(isolated_data_dir, clock, voice="auto", notify="auto", environ={})
    async with app.run_test(size=(80, 24)) as pilot:
        assert screen.cues is not None
        assert screen.cues.voice  # local, with an engine (the fake one)
        notifier = screen.cues.notifier
        assert isinstance(notifier, FakeNotifier)
        assert screen.cues.notify is notifier.known_terminal

    app, screen = make(isolated_data_dir, clock, voice="off", notify="off")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 6)
        assert said(screen) == [] and notified(screen) == []


async def test_speaking_never_moves_a_deadline(isolated_data_dir: Path) -> None:
    """A speaker that takes its time (as a blocked engine would) delays nothing."""
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    assert screen.cues is None
    async with app.run_test(size=(80, 24)) as pilot:
        assert screen.cues is not None
        speaker = screen.cues.speaker
        assert isinstance(speaker, FakeSpeaker)
        original = speaker.say

        def slow_say(text: str) -> None:
            clock.advance(0.4)  # the fake clock moves while "speaking"
            original(text)

        speaker.say = slow_say  # type: ignore[method-assign]
        await pilot.press("escape")
        await advance(pilot, clock, screen, 5)
        await advance(pilot, clock, screen, 10)
        # The session's steps still end at their planned moments (5 s, then 15 s).
        assert screen.session.index == 2
        assert screen.session.step_started == pytest.approx(15)


async def test_the_clock_grows_with_the_terminal(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        clock_widget = screen.query_one(BigClock)

        def digit_rows() -> int:  # (the clock itself is as tall as the figure beside it)
            return max(glyph.size.height for glyph in clock_widget.query(ClockGlyph))

        assert clock_widget.scale == 1 and digit_rows() == 3
        for size, scale, rows in (((100, 30), 2, 8), ((160, 45), 3, 13), ((99, 60), 1, 3)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert clock_widget.scale == scale
            assert digit_rows() == rows
            assert screen.live.has_class("-large") is (scale > 1)


def test_block_digits_are_drawn_from_a_font() -> None:
    rows = clock_lines("0:30", 2)
    assert len(rows) == 8 and len({len(row) for row in rows}) == 1
    assert len(clock_lines("12:05", 3)) == 13
    assert clock_lines("0:30", 1) == clock_lines("0:30", 1, True)  # Textual's digits


async def test_a_too_small_terminal_says_so_while_the_session_keeps_time(
    isolated_data_dir: Path,
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 6)
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert screen.has_class("-too-small")
        assert "Terminal too small: needs at least 50x16." in " ".join(screen_text(app).split())
        assert "HOLD 0:09" in screen_text(app)
        await advance(pilot, clock, screen, 9 + 2)  # time goes on
        assert screen.session.index == 2
        assert "REST 0:03" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.has_class("-too-small")
        assert "REST" in text_of(screen, "#step-line")


async def test_pain_reaches_10_by_a_key(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PainScreen)
        assert "t for 10" in screen_text(app)
        await pilot.press("t")
        assert screen.session.pain_before == 10


async def test_a_session_ended_before_anything_was_done_is_not_recorded(
    isolated_data_dir: Path,
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert load_checkpoint(DataPaths(isolated_data_dir)) is not None
        await advance(pilot, clock, screen, 3)  # still getting ready
        await pilot.press("e", "y")
        await settle(pilot)
        assert not isinstance(app.screen, PainScreen)  # no closing question
        assert screen.discarded and not screen.in_progress
        assert "not added to your history" in text_of(screen, "#summary-text")
        assert load_checkpoint(DataPaths(isolated_data_dir)) is None
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen
    assert records(isolated_data_dir) == []


async def test_ending_during_a_hold_is_partly_done_and_asked_as_ended_early(
    isolated_data_dir: Path,
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 7)
        assert screen.session.index == HOLD_1
        await pilot.press("e", "y")
        await settle(pilot)
        assert isinstance(app.screen, PainScreen)
        assert "Session ended early. How is your pain now?" in screen_text(app)
        assert text_of(screen, "#up-next") == ""  # nothing is up next any more
        await pilot.press("escape")
        await settle(pilot)
    [record] = records(isolated_data_dir)
    assert [(r.id, r.outcome.value) for r in record.exercises] == [
        ("cobra", "partial"),
        ("sit-to-stand", "not_reached"),
    ]


async def test_the_rest_after_an_exercise_shows_the_next_one(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 31)  # the rest after the cobra
        assert text_of(screen, "#exercise-name").startswith("Next: Sit to stand")
        assert "Cobra done" in text_of(screen, "#step-line")
        guide = " ".join(text_of(screen, "#guide-text").split())
        assert CATALOG.by_id["sit-to-stand"].steps[0] in guide
        assert "Use the kitchen chair." in guide  # the next entry's own note


async def test_get_ready_shows_the_cautions(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        guide = " ".join(text_of(screen, "#guide-text").split())
        cobra = CATALOG.by_id["cobra"]
        assert cobra.cautions and all(caution in guide for caution in cobra.cautions)
        assert guide.index(cobra.cautions[0]) < guide.index(cobra.steps[0])


# --------------------------------------------------------------------------- easier variant

VARIANTS = Catalog(
    Path("variants.toml"),
    "Variants",
    (
        msgspec.convert(
            exercise_data(
                id="cobra",
                name="Cobra",
                easier=["sphinx"],
                dosage={"hold_seconds": 10, "reps": 2, "rest_between_reps": 5, "rest_after": 5},
            ),
            Exercise,
        ),
        msgspec.convert(
            exercise_data(id="sphinx", name="Sphinx", dosage={"hold_seconds": 8, "rest_after": 5}),
            Exercise,
        ),
        msgspec.convert(
            exercise_data(id="sit-to-stand", name="Sit to stand", dosage={"reps": 3}),
            Exercise,
        ),
    ),
    CATALOG.guidance,
)


async def test_moderate_pain_swaps_in_the_easier_variant_for_the_rest_of_the_session(
    isolated_data_dir: Path,
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, routine=ROUTINE, catalog=VARIANTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 7)
        await it_hurts(pilot, "6")
        _, options = hurt_dialog_text(app)
        assert options == [
            "v  Switch to an easier variant: Sphinx",
            "s  Skip this exercise",
            "e  End the session",
        ]
        await pilot.press("v")
        await settle(pilot)
        assert app.screen is screen and not screen.session.paused
        assert "Sphinx" in text_of(screen, "#exercise-name")
        assert "GET READY" in text_of(screen, "#step-line")
        assert said(screen)[-1] == "Get ready: Sphinx."
        saved = load_checkpoint(DataPaths(isolated_data_dir))
        assert saved is not None and saved["routine"]["exercise"][0]["id"] == "sphinx"
        assert saved["session"]["swaps"][0]["from_id"] == "cobra"
        await advance(pilot, clock, screen, 5 + 8 + 5)  # the sphinx, its rest
        await advance(pilot, clock, screen, 5)
        await pilot.press("enter")  # sit to stand, at its own pace
        await pilot.press("2")
        await settle(pilot)
    [record] = records(isolated_data_dir)
    assert [(r.id, r.outcome.value, r.instead_of) for r in record.exercises] == [
        ("sphinx", "done", "cobra"),
        ("sit-to-stand", "done", None),
    ]
    assert [(r.id, r.pain, r.choice.value) for r in record.pain_reports] == [("cobra", 6, "easier")]


def test_the_session_app_hosts_a_session_screen() -> None:
    app, screen = make(Path("unused"), FakeClock())
    assert isinstance(app, SessionApp) and app.session_screen is screen
