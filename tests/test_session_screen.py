"""Drive the live session by keys with a fake clock, and check what reaches the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import FakeClock, FakeNotifier, FakeSpeaker, screen_text
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Label, OptionList, Static

from tui.core.catalog import Catalog, Dosage, default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.plan import StepKind
from tui.core.record import PainChoice, PainReport, SessionRecord
from tui.core.resume import CheckpointKeeper, parse_resume, resume_offer
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import load_checkpoint, save_checkpoint
from tui.core.store.history import read_records
from tui.core.store.settings import Settings
from tui.screens.help import HelpScreen
from tui.screens.session import HurtScreen, PainScreen, SessionScreen
from tui.widgets.big_clock import BigClock, ClockGlyph
from tui.widgets.countdown import clock_text, whole_seconds

CATALOG = load_catalog(default_catalog_path())

# Steps of ROUTINE with a 5 s get-ready (see test_timeline_is_what_the_tests_expect).
PREPARE_COBRA, HOLD_1, REST_1, HOLD_2, REST_AFTER, PREPARE_SIT, REPS = range(7)


ROUTINE = Routine(
    name="Test stretch",
    exercise=(
        RoutineEntry(
            id="cobra",
            dosage=Dosage(hold_seconds=10, reps=2, rest_between_reps=5, rest_after=5),
        ),
        RoutineEntry(id="sit-to-stand", dosage=Dosage(reps=3), note="Use the kitchen chair."),
    ),
)


class SessionApp(App[None]):
    """Just enough app to host the session screen, with the styles UnknotApp will load."""

    # Off the key bar, so the snapshots show what the session screen itself offers.
    BINDINGS = [Binding("question_mark", "help", "Help", show=False)]

    def __init__(self, screen: SessionScreen) -> None:
        super().__init__()
        self.session_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.session_screen)

    def action_help(self) -> None:
        """As UnknotApp's: the keys of the screen underneath."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, CATALOG.guidance))


def make(
    data_dir: Path,
    clock: FakeClock,
    *,
    bell: str = "off",
    checkpoint: dict[str, Any] | None = None,
    routine: Routine = ROUTINE,
    catalog: Catalog = CATALOG,
    voice: str = "on",
    notify: str = "on",
    environ: dict[str, str] | None = None,
) -> tuple[SessionApp, SessionScreen]:
    settings = Settings(bell=bell, prepare_seconds=5, voice=voice, notify=notify)  # type: ignore[arg-type]
    screen = SessionScreen(
        catalog,
        routine,
        DataPaths(data_dir),
        clock=clock,
        wall_clock=lambda: 1_700_000_000.0,
        settings=settings,
        checkpoint=checkpoint,
        speaker=FakeSpeaker(clock),
        notifier=FakeNotifier(clock),
        environ=environ or {},
    )
    return SessionApp(screen), screen


def said(screen: SessionScreen) -> list[str]:
    """What the session's (fake) speaker was asked to say, in order."""
    assert screen.cues is not None and isinstance(screen.cues.speaker, FakeSpeaker)
    return screen.cues.speaker.texts


def notified(screen: SessionScreen) -> list[tuple[float, str, str]]:
    """The notifications the session's (fake) notifier sent."""
    assert screen.cues is not None and isinstance(screen.cues.notifier, FakeNotifier)
    return screen.cues.notifier.sent


async def settle(pilot: Pilot[None]) -> None:
    """Let file writes finish (not the dialogs: their workers wait for a person)."""
    await pilot.pause()
    for worker in list(pilot.app.workers):
        if worker.group in ("checkpoint", "history"):
            await worker.wait()
    await pilot.pause()


async def advance(pilot: Pilot[None], clock: FakeClock, screen: SessionScreen, s: float) -> None:
    clock.advance(s)
    screen.tick()
    await settle(pilot)


async def it_hurts(pilot: Pilot[None], rating: str) -> None:
    """Press "this hurts" and answer how bad (a key of the pain scale, or escape)."""
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PainScreen)
    await pilot.press(rating)
    await pilot.pause()


def text_of(screen: SessionScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def records(data_dir: Path) -> list[SessionRecord]:
    return [SessionRecord.from_dict(item) for item in read_records(DataPaths(data_dir))]


def outcomes(record: SessionRecord) -> list[tuple[str, str]]:
    return [(result.id, result.outcome.value) for result in record.exercises]


def test_timeline_is_what_the_tests_expect(tmp_path: Path) -> None:
    _, screen = make(tmp_path, FakeClock())
    kinds = [step.kind for step in screen.timeline.steps]
    assert kinds == [
        StepKind.PREPARE,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.PREPARE,
        StepKind.REPS,
    ]


def test_countdown_shows_whole_seconds_rounded_up() -> None:
    assert [whole_seconds(x) for x in (30.0, 29.9, 29.0000000001, 0.2, 0.0, -1)] == [
        30,
        30,
        29,
        1,
        0,
        0,
    ]
    assert [clock_text(s) for s in (0, 27, 75, 3723)] == ["0:00", "0:27", "1:15", "1:02:03"]


async def test_finishes_naturally_and_records_it(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PainScreen)
        await pilot.press("4")
        assert screen.session.pain_before == 4
        assert not screen.session.paused
        assert "Cobra" in text_of(screen, "#exercise-name")
        assert "GET READY" in text_of(screen, "#step-line")
        assert screen.query_one(BigClock).seconds == 5
        # Steps (not the one-line cue) while getting ready.
        assert "1. " in text_of(screen, "#guide-text")

        await advance(pilot, clock, screen, 5)
        assert screen.session.index == HOLD_1
        assert "HOLD" in text_of(screen, "#step-line")
        assert "Rep 1 of 2" in text_of(screen, "#step-line")
        assert text_of(screen, "#guide-text") == CATALOG.by_id["cobra"].cue
        assert screen.query_one(BigClock).seconds == 10
        assert "Up next: Cobra" in text_of(screen, "#up-next")

        await advance(pilot, clock, screen, 3.5)
        assert screen.query_one(BigClock).seconds == 7  # 6.5 s left, shown rounded up
        assert "0:08 / 0:52" in text_of(screen, "#session-time")

        # Through the second hold, the rests and the get-ready, to the self-paced set.
        await advance(pilot, clock, screen, 6.5 + 5 + 10 + 5 + 5)
        assert screen.session.index == REPS
        assert "Your pace" in text_of(screen, "#clock-note")
        assert "press enter when the set is done" in text_of(screen, "#clock-note")
        assert "Use the kitchen chair." not in text_of(screen, "#guide-text")  # cue now

        await pilot.press("enter")  # done with the set: the session is over
        assert isinstance(app.screen, PainScreen)
        await pilot.press("2")
        await settle(pilot)

        [record] = records(isolated_data_dir)
        assert record.finished
        assert record.routine_name == "Test stretch"
        assert (record.pain_before, record.pain_after) == (4, 2)
        assert outcomes(record) == [("cobra", "done"), ("sit-to-stand", "done")]
        assert record.active_seconds == pytest.approx(40.0)
        assert load_checkpoint(DataPaths(isolated_data_dir)) is None
        assert screen.has_class("-finished")
        assert "Saved in your history" in text_of(screen, "#summary-text")

        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen


async def test_skip_back_pause_and_adjust(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    session = screen.session
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")  # no pain rating
        assert session.pain_before is None
        await pilot.press("n")
        assert session.index == HOLD_1
        await pilot.press("right")
        assert session.index == REST_1
        # Back within two seconds goes to the step before...
        await pilot.press("b")
        assert session.index == HOLD_1
        # ...later, it restarts the step.
        await advance(pilot, clock, screen, 4)
        assert screen.query_one(BigClock).seconds == 6
        await pilot.press("left")
        assert session.index == HOLD_1
        assert screen.query_one(BigClock).seconds == 10

        await pilot.press("space")
        assert session.paused
        assert screen.has_class("-paused")
        assert "PAUSED" in text_of(screen, "#top-state")
        await advance(pilot, clock, screen, 30)  # time stands still while paused
        assert session.index == HOLD_1
        assert screen.query_one(BigClock).seconds == 10
        await pilot.press("space")
        assert not session.paused
        assert "PAUSED" not in text_of(screen, "#top-state")

        await pilot.press("plus")
        assert screen.query_one(BigClock).seconds == 20
        await pilot.press("minus", "minus")
        assert screen.query_one(BigClock).seconds == 1  # never less than a second

        await pilot.press("s")  # the rest of the cobra is skipped
        assert session.index == PREPARE_SIT
        assert not screen.check_action("done", ())
        await pilot.press("n")
        assert session.index == REPS
        assert screen.check_action("done", ())
        assert not screen.check_action("adjust", (10,))
        await pilot.press("n")  # skipping the last step ends the session
        assert isinstance(app.screen, PainScreen)
        await pilot.press("escape")
        await settle(pilot)

    [record] = records(isolated_data_dir)
    assert record.finished
    assert record.pain_after is None
    assert outcomes(record) == [("cobra", "skipped"), ("sit-to-stand", "skipped")]


async def test_this_hurts_then_end_records_painful_and_ended_early(
    isolated_data_dir: Path,
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 7)
        assert screen.session.index == HOLD_1
        await it_hurts(pilot, "9")  # severe: stop
        assert isinstance(app.screen, HurtScreen)
        assert screen.session.paused
        advice = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert CATALOG.guidance is not None
        assert CATALOG.guidance.if_it_hurts in advice
        for sign in CATALOG.by_id["cobra"].stop_if:
            assert sign in advice
        assert hurt_dialog_text(app)[1] == ["e  End the session"]  # the only choice
        await pilot.press("e")  # end the session
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        assert "Session ended early. How is your pain now?" in screen_text(app)
        await pilot.press("6")
        await settle(pilot)
        assert "Ended early" in text_of(screen, "#summary-text")

    [record] = records(isolated_data_dir)
    assert not record.finished
    assert record.pain_after == 6
    assert outcomes(record) == [("cobra", "painful"), ("sit-to-stand", "not_reached")]
    assert record.pain_reports == (
        PainReport(entry_index=0, id="cobra", pain=9, choice=PainChoice.STOP),
    )
    assert load_checkpoint(DataPaths(isolated_data_dir)) is None


async def test_this_hurts_then_continue_gently_or_skip(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    session = screen.session
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 6)
        await it_hurts(pilot, "2")  # mild
        assert hurt_dialog_text(app)[1][0] == "c  The pain has settled: carry on in a smaller range"
        await pilot.press("c")  # carry on gently: carries on where it was
        await pilot.pause()
        assert not session.paused
        assert session.index == HOLD_1
        assert screen.live.has_class("-gentle")  # the reminder, for the rest of the exercise
        assert "Keep it small and slow" in screen_text(app)
        await it_hurts(pilot, "escape")  # not rated: every choice
        await pilot.press("escape")  # stay paused
        await pilot.pause()
        assert session.paused
        assert app.screen is screen
        await it_hurts(pilot, "5")  # moderate: no carrying on as before
        assert not any(option.startswith("c  ") for option in hurt_dialog_text(app)[1])
        await pilot.press("s")  # skip the exercise
        await pilot.pause()
        assert session.index == PREPARE_SIT
        assert not session.paused
        assert not screen.live.has_class("-gentle")  # another exercise
        assert session.outcome(0).value == "painful"
        assert [(r.pain, r.choice.value) for r in session.pain_reports] == [
            (2, "carry_on"),
            (None, "stay_paused"),
            (5, "skip"),
        ]


def hurt_dialog_text(app: SessionApp) -> tuple[str, list[str]]:
    """The this-hurts dialog's title and its options."""
    dialog = app.screen
    assert isinstance(dialog, HurtScreen)
    options = dialog.query_one(OptionList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return str(dialog.query_one(".dialog-title", Label).render()), prompts


@pytest.mark.parametrize(
    ("seconds", "painful", "skip", "expected"),
    [
        # A hold, and the rest between reps: the cobra, with work of it still to do.
        (8, "Cobra", "Skip this exercise", [("cobra", "painful"), ("sit-to-stand", "not_reached")]),
        (
            17,
            "Cobra",
            "Skip this exercise",
            [("cobra", "painful"), ("sit-to-stand", "not_reached")],
        ),
        # The rest after the cobra: the pain is the cobra's; what is left to skip is the next.
        (
            31,
            "Cobra",
            "Skip the next exercise: Sit to stand",
            [("cobra", "painful"), ("sit-to-stand", "skipped")],
        ),
        # Getting ready for sit-to-stand: the pain and the skip are about it.
        (
            37,
            "Sit to stand",
            "Skip this exercise",
            [("cobra", "done"), ("sit-to-stand", "painful")],
        ),
    ],
)
async def test_this_hurts_names_and_skips_the_right_exercise(
    isolated_data_dir: Path,
    seconds: float,
    painful: str,
    skip: str,
    expected: list[tuple[str, str]],
) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, seconds)
        await it_hurts(pilot, "5")
        title, options = hurt_dialog_text(app)
        assert title == f"Paused: {painful}"
        assert options[0] == f"s  {skip}"
        await pilot.press("s")
        await pilot.pause()
        if not screen.session.finished:
            assert screen.session.index == PREPARE_SIT
            await pilot.press("e", "y")  # end here, to see the record
            await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        await pilot.press("escape")
        await settle(pilot)

    [record] = records(isolated_data_dir)
    assert outcomes(record) == expected


async def test_a_screen_over_the_session_pauses_it_until_the_person_carries_on(
    isolated_data_dir: Path,
) -> None:
    paths = DataPaths(isolated_data_dir)
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    session = screen.session
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 7)
        assert (session.index, session.paused) == (HOLD_1, False)

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert session.paused
        saved = load_checkpoint(paths)  # saved as paused, as the pause key does
        assert saved is not None and saved["session"]["paused"] is True
        await advance(pilot, clock, screen, 60)  # reading the help takes no hold time
        assert (session.index, session.remaining) == (HOLD_1, 8)

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert session.paused  # they may not be back in position: no resuming by itself
        assert screen.has_class("-paused")
        assert "PAUSED · space to carry on" in text_of(screen, "#top-state")
        await advance(pilot, clock, screen, 60)
        assert session.remaining == 8

        await pilot.press("space")
        assert not session.paused
        await pilot.press("ctrl+p")  # the command palette covers it too
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert session.paused
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert session.paused

        await pilot.press("space")
        await advance(pilot, clock, screen, 8 + 5 + 10 + 5 + 5)
        assert session.index == REPS
        await pilot.press("enter")
        await pilot.press("escape")
        await settle(pilot)

    [record] = records(isolated_data_dir)
    assert record.finished
    assert record.active_seconds == pytest.approx(40.0)  # none of the 120 s under covers


async def test_a_screen_over_a_paused_session_leaves_it_paused(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 7)
        await pilot.press("space")
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen.session.paused
        await pilot.press("space")  # one press carries on, as before the help
        assert not screen.session.paused


async def test_end_asks_first(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.press("e")
        await pilot.pause()
        assert screen.session.paused  # the clock waits while the person decides
        await pilot.press("n")
        await pilot.pause()
        assert not screen.session.paused
        assert not screen.session.finished
        await pilot.press("1")  # no switching area mid-session
        assert app.screen is screen
        await pilot.press("q")  # q ends the session too, rather than quitting
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.session.finished
        assert screen.session.ended_early


async def test_checkpoint_mid_session_and_resume_at_the_right_step(
    isolated_data_dir: Path,
) -> None:
    paths = DataPaths(isolated_data_dir)
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert load_checkpoint(paths) is None  # nothing to resume before it has begun
        await pilot.press("3")
        await settle(pilot)
        assert load_checkpoint(paths) is not None
        await advance(pilot, clock, screen, 5 + 10 + 5 + 2)  # into the second hold
        assert screen.session.index == HOLD_2
        saved = load_checkpoint(paths)
        assert saved is not None
        assert saved["routine_name"] == "Test stretch"
        assert saved["session"]["index"] == HOLD_2
        await pilot.press("space")  # a pause saves too
        await settle(pilot)
        saved = load_checkpoint(paths)
        assert saved is not None
        assert saved["session"]["paused"] is True

    # The app was closed mid-session; next time it offers to carry on.
    problems: list[str] = []
    point = resume_offer(paths, CATALOG, problems=problems)
    assert problems == []
    assert point is not None
    assert point.question == "Resume 'Test stretch' at Cobra?"
    assert point.index == HOLD_2

    assert point.data == saved
    clock = FakeClock(5000.0)
    app, screen = make(isolated_data_dir, clock, checkpoint=point.data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen is screen  # no pain question when carrying on
        assert screen.session.index == HOLD_2
        assert screen.session.paused
        assert screen.session.pain_before == 3
        assert screen.query_one(BigClock).seconds == 10  # the step starts again
        await pilot.press("space")
        await advance(pilot, clock, screen, 10 + 5 + 5)
        assert screen.session.index == REPS
        await pilot.press("enter")
        await pilot.press("escape")
        await settle(pilot)

    [record] = records(isolated_data_dir)
    assert record.finished
    assert record.pain_before == 3
    assert outcomes(record) == [("cobra", "done"), ("sit-to-stand", "done")]
    assert load_checkpoint(paths) is None


def test_resume_offer_reports_a_checkpoint_that_no_longer_fits(isolated_data_dir: Path) -> None:
    paths = DataPaths(isolated_data_dir)
    assert resume_offer(paths, CATALOG) is None
    save_checkpoint(paths, {"version": 1, "routine": {"name": "x"}, "plan": {}, "session": {}})
    problems: list[str] = []
    assert resume_offer(paths, CATALOG, problems=problems) is None
    assert len(problems) == 1
    with pytest.raises(ValueError, match="not an Unknot session checkpoint"):
        parse_resume({"version": 99}, CATALOG)


def test_checkpoint_writes_finishing_out_of_order_keep_the_newest(
    isolated_data_dir: Path,
) -> None:
    paths = DataPaths(isolated_data_dir)
    keeper = CheckpointKeeper(paths)
    first, second, final_clear = keeper.ticket(), keeper.ticket(), keeper.ticket()
    assert keeper.save(second, {"step": 2})
    assert not keeper.save(first, {"step": 1})  # an older state lost the race: dropped
    assert load_checkpoint(paths) == {"step": 2}
    assert keeper.clear(final_clear)
    assert not keeper.save(second, {"step": 2})  # never brings back a finished session
    assert load_checkpoint(paths) is None


@pytest.mark.parametrize("bell", ["bell", "flash", "off"])
async def test_end_of_a_hold_rings(
    isolated_data_dir: Path, bell: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The flash goes after FLASH_SECONDS of real time, which a busy machine (the suite
    # runs on every core) can spend before the assertion: keep it up for the test.
    monkeypatch.setattr("tui.screens.session.FLASH_SECONDS", 60.0)
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock, bell=bell)
    rung: list[None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: rung.append(None)  # type: ignore[method-assign]
        await pilot.press("escape")
        await advance(pilot, clock, screen, 5)  # end of get-ready: no bell
        assert not rung and not screen.has_class("-flash")
        await advance(pilot, clock, screen, 10)  # end of a hold
        assert len(rung) == (1 if bell == "bell" else 0)
        assert screen.has_class("-flash") == (bell == "flash")


async def test_only_changes_are_repainted(isolated_data_dir: Path) -> None:
    clock = FakeClock()
    app, screen = make(isolated_data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await advance(pilot, clock, screen, 5.1)
        countdown = screen.query_one(BigClock)
        updates: list[tuple[str, int, int]] = []
        for position, glyph in enumerate(countdown.query(ClockGlyph)):
            original = glyph.refresh

            def refresh(*regions: Any, _at: int = position, _o: Any = original, **kw: Any) -> Any:
                updates.append((countdown.text, _at, len(regions)))
                return _o(*regions, **kw)

            glyph.refresh = refresh  # type: ignore[method-assign]
        for _ in range(8):  # two seconds at four ticks a second
            await advance(pilot, clock, screen, 0.25)
        # Once a second, only the digits that change (0:10 -> 0:09 -> 0:08), and only the
        # cells of them that change (a region a row).
        assert [(text, position) for text, position, _ in updates] == [
            ("0:09", 2),
            ("0:09", 3),
            ("0:08", 3),
        ]
        assert all(regions > 0 for *_, regions in updates)  # never the whole glyph


# ---- snapshots: plain `def` tests, the plugin runs its own event loop


def snapshot_app(data_dir: Path, clock: FakeClock, routine: Routine = ROUTINE) -> SessionApp:
    return make(data_dir, clock, routine=routine)[0]


def at(seconds: float, *keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("escape")
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        clock = screen.session._clock
        assert isinstance(clock, FakeClock)
        clock.advance(seconds)
        screen.tick()
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_snapshot_get_ready(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(tmp_path, FakeClock()), run_before=at(2))


def test_snapshot_hold(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(tmp_path, FakeClock()), run_before=at(8))


def test_snapshot_rest(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(tmp_path, FakeClock()), run_before=at(16))


def test_snapshot_paused(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(tmp_path, FakeClock()), run_before=at(8, "space"))


def test_snapshot_own_pace(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(tmp_path, FakeClock()), run_before=at(41))


def test_snapshot_this_hurts(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(tmp_path, FakeClock()), run_before=at(8, "h"))


# A routine with sides, counted reps and a hold in breaths, for the live screen's states.
LIVE_ROUTINE = Routine(
    name="Morning mobility",
    exercise=(
        RoutineEntry(
            id="knee-to-chest",
            dosage=Dosage(hold_seconds=20, reps=2, per_side=True, rest_after=10),
        ),
        RoutineEntry(id="bridge", dosage=Dosage(reps=8, rep_seconds=3, rest_after=10)),
        RoutineEntry(id="childs-pose", dosage=Dosage(hold_breaths=4)),
    ),
)
#: Seconds into LIVE_ROUTINE (5 s get-ready) of each state the snapshots show.
LIVE_MOMENTS = {
    "get_ready": 2,  # knee to chest: cautions before the steps
    "hold": 12,  # left side, rep 1 of 2
    "switch_sides": 47,
    "rest_next": 95,  # the rest after knee to chest shows the bridge
    "reps": 112,  # rep 3 of 8
    "breaths": 151,  # child's pose, breath 2 of 4, breathing in
}


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
@pytest.mark.parametrize("moment", list(LIVE_MOMENTS))
def test_snapshot_live(snap_compare, tmp_path: Path, moment: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = snapshot_app(tmp_path, FakeClock(), LIVE_ROUTINE)
    assert snap_compare(app, terminal_size=size, run_before=at(LIVE_MOMENTS[moment]))


def test_snapshot_too_small(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = snapshot_app(tmp_path, FakeClock(), LIVE_ROUTINE)
    assert snap_compare(app, terminal_size=(40, 12), run_before=at(LIVE_MOMENTS["hold"]))
