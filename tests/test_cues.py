"""What a session says and notifies, and when: tui.core.cues with a fake clock."""

from __future__ import annotations

import pytest
from support import HOLD, PREPARE, REPS, REST, SWITCH, FakeClock

from tui.core.cues import (
    Cue,
    CueKind,
    Prompter,
    announcement,
    breath_phase,
    notify_wanted,
    over_ssh,
    seconds_to_next_change,
    step_cues,
    step_notice,
    voice_wanted,
)
from tui.core.plan import Step, StepKind, Timeline
from tui.core.session import Session


def step(kind: StepKind, entry: int, seconds: float | None, **fields: object) -> Step:
    names = {0: "Knee to chest", 1: "Bridge", 2: "Child's pose"}
    return Step(kind, entry, f"ex-{entry}", names[entry], seconds, **fields)  # type: ignore[arg-type]


def sides_reps_breaths() -> Timeline:
    """Knee to chest on each side (2 holds of 8 s, a 3 s rest between), 4 bridges at 2 s,
    then child's pose for 3 breaths of 4 s."""
    return Timeline(
        (
            step(PREPARE, 0, 5, side="left", rep=1, reps=2),
            step(HOLD, 0, 8, side="left", rep=1, reps=2),
            step(REST, 0, 3, side="left", rep=2, reps=2),
            step(HOLD, 0, 8, side="left", rep=2, reps=2),
            step(SWITCH, 0, 5, side="right", rep=1, reps=2),
            step(HOLD, 0, 8, side="right", rep=1, reps=2),
            step(REST, 0, 3, side="right", rep=2, reps=2),
            step(HOLD, 0, 8, side="right", rep=2, reps=2),
            step(REST, 0, 5),
            step(REPS, 1, 8, reps=4, rep_seconds=2),
            step(HOLD, 2, 12, rep=1, reps=1, breaths=3),
        )
    )


def test_announcements_say_what_to_do_in_a_few_words() -> None:
    timeline = sides_reps_breaths()
    said = [announcement(timeline, i, s.seconds) for i, s in enumerate(timeline.steps)]
    assert said == [
        "Get ready: Knee to chest, left side.",
        "Knee to chest, left side, hold 8 seconds.",
        "Rest 3 seconds.",
        "Rep 2 of 2, hold 8 seconds.",
        "Switch sides. Now the right side.",
        "Knee to chest, right side, hold 8 seconds.",
        "Rest 3 seconds.",
        "Rep 2 of 2, hold 8 seconds.",
        "Rest 5 seconds. Next: Bridge.",
        "Bridge, 4 reps.",
        "Child's pose, hold for 3 slow breaths.",
    ]
    self_paced = Timeline((step(REPS, 1, None, reps=8),))
    assert announcement(self_paced, 0, None) == (
        "Bridge, 8 reps at your own pace. Press enter when done."
    )


def test_a_hold_counts_down_3_2_1_and_reps_are_counted_at_their_tempo() -> None:
    timeline = sides_reps_breaths()
    assert step_cues(timeline, 1, 8) == (
        Cue(0, "Knee to chest, left side, hold 8 seconds."),
        Cue(5, "3", CueKind.COUNT),
        Cue(6, "2", CueKind.COUNT),
        Cue(7, "1", CueKind.COUNT),
    )
    # Lengthened by 10 s, the countdown moves with the end.
    assert [cue.at for cue in step_cues(timeline, 1, 18)[1:]] == [15, 16, 17]
    # The first repetition is the announcement's; the others are counted as they start.
    assert step_cues(timeline, 9, 8)[1:] == (
        Cue(2, "2", CueKind.COUNT),
        Cue(4, "3", CueKind.COUNT),
        Cue(6, "4", CueKind.COUNT),
    )


def test_a_short_hold_leaves_the_announcement_time_to_be_said() -> None:
    timeline = Timeline((step(HOLD, 0, 4),))
    assert [cue.text for cue in step_cues(timeline, 0, 4)][1:] == ["1"]
    assert len(step_cues(timeline, 0, 2.5)) == 1


def run(
    session: Session, clock: FakeClock, seconds: float, every: float = 0.25
) -> list[tuple[float, str]]:
    """Drive `session` like the screen does for `seconds`; what is said, with when."""
    prompter = Prompter()
    said: list[tuple[float, str]] = []
    start = clock.now
    for _ in range(int(seconds / every) + 1):
        session.update()
        cue = prompter.due(session)
        if cue is not None:
            said.append((round(clock.now - start, 2), cue.text))
        clock.advance(every)
    return said


def test_a_session_with_sides_reps_and_breaths_says_everything_in_order_and_on_time() -> None:
    clock = FakeClock()
    session = Session(sides_reps_breaths(), clock)
    said = run(session, clock, 82)
    assert said == [
        (0.0, "Get ready: Knee to chest, left side."),
        (5.0, "Knee to chest, left side, hold 8 seconds."),
        (10.0, "3"),
        (11.0, "2"),
        (12.0, "1"),
        (13.0, "Rest 3 seconds."),
        (16.0, "Rep 2 of 2, hold 8 seconds."),
        (21.0, "3"),
        (22.0, "2"),
        (23.0, "1"),
        (24.0, "Switch sides. Now the right side."),
        (29.0, "Knee to chest, right side, hold 8 seconds."),
        (34.0, "3"),
        (35.0, "2"),
        (36.0, "1"),
        (37.0, "Rest 3 seconds."),
        (40.0, "Rep 2 of 2, hold 8 seconds."),
        (45.0, "3"),
        (46.0, "2"),
        (47.0, "1"),
        (48.0, "Rest 5 seconds. Next: Bridge."),
        (53.0, "Bridge, 4 reps."),
        (55.0, "2"),
        (57.0, "3"),
        (59.0, "4"),
        (61.0, "Child's pose, hold for 3 slow breaths."),
        (70.0, "3"),
        (71.0, "2"),
        (72.0, "1"),
    ]


def test_after_a_stall_only_the_latest_cue_is_said_and_late_counts_are_dropped() -> None:
    clock = FakeClock()
    session = Session(Timeline((step(HOLD, 0, 10),)), clock)
    prompter = Prompter()
    assert prompter.due(session) == Cue(0, "Knee to chest, hold 10 seconds.")
    clock.advance(7.5)  # "3" was due at 7: half a second late is still worth saying
    assert prompter.due(session) == Cue(7, "3", CueKind.COUNT)
    clock.advance(1.9)  # "2" is 1.4 s late, "1" 0.4 s: only "1"
    assert prompter.due(session) == Cue(9, "1", CueKind.COUNT)
    assert prompter.due(session) is None  # each cue once


def test_going_back_says_the_step_again_and_pausing_says_nothing_new() -> None:
    clock = FakeClock()
    session = Session(Timeline((step(HOLD, 0, 10), step(REST, 0, 5))), clock)
    prompter = Prompter()
    assert prompter.due(session) is not None
    clock.advance(3)
    session.back()  # restarts the hold
    assert prompter.due(session) == Cue(0, "Knee to chest, hold 10 seconds.")
    session.pause()
    clock.advance(60)
    assert prompter.due(session) is None
    assert prompter.seconds_to_next(session) == pytest.approx(7)


def test_seconds_to_next_cue_follows_the_step_and_its_length() -> None:
    clock = FakeClock()
    session = Session(Timeline((step(HOLD, 0, 10),)), clock)
    prompter = Prompter()
    prompter.due(session)
    clock.advance(2.5)
    assert prompter.seconds_to_next(session) == pytest.approx(4.5)  # "3" at 7
    session.adjust(10)
    assert prompter.seconds_to_next(session) == pytest.approx(14.5)


def test_notifications_mark_holds_switching_rests_and_exercises_done() -> None:
    timeline = sides_reps_breaths()
    notices = [step_notice(timeline, i, s.seconds) for i, s in enumerate(timeline.steps)]
    assert [(n.title, n.body) if n else None for n in notices] == [
        None,  # getting ready: the rest before it said what comes
        ("Hold", "Knee to chest, left side: hold 8 s · rep 1 of 2"),
        ("Rest", "Rest 3 s · Knee to chest"),
        ("Hold", "Knee to chest, left side: hold 8 s · rep 2 of 2"),
        ("Switch sides", "Now the right side: Knee to chest"),
        ("Hold", "Knee to chest, right side: hold 8 s · rep 1 of 2"),
        ("Rest", "Rest 3 s · Knee to chest"),
        ("Hold", "Knee to chest, right side: hold 8 s · rep 2 of 2"),
        ("Exercise done", "Knee to chest done. Rest 5 s, then Bridge"),
        ("Reps", "Bridge: 4 reps"),
        ("Hold", "Child's pose: hold 3 slow breaths"),
    ]


def test_without_a_rest_between_exercises_getting_ready_says_the_last_one_is_done() -> None:
    timeline = Timeline((step(HOLD, 0, 8), step(PREPARE, 1, 5), step(REPS, 1, 8, reps=4)))
    notice = step_notice(timeline, 1, 5)
    assert notice is not None
    assert (notice.title, notice.body) == ("Exercise done", "Knee to chest done. Get ready: Bridge")


@pytest.mark.parametrize(
    ("setting", "remote", "engine", "expected"),
    [
        ("auto", False, True, True),  # local, with an engine: speak
        ("auto", True, True, False),  # over SSH the sound would play on the server
        ("auto", False, False, False),
        ("on", True, True, True),
        ("on", False, False, False),  # nothing to speak with
        ("off", False, True, False),
    ],
)
def test_voice_auto_speaks_locally_when_an_engine_is_found(
    setting: str, remote: bool, engine: bool, expected: bool
) -> None:
    assert voice_wanted(setting, over_ssh=remote, engine_found=engine) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("setting", "remote", "known", "expected"),
    [
        ("auto", True, False, True),  # over SSH they reach the person's own desktop
        ("auto", False, True, True),  # a terminal known to show them
        ("auto", False, False, False),
        ("on", False, False, True),
        ("off", True, True, False),
    ],
)
def test_notifications_auto_over_ssh_and_in_known_terminals(
    setting: str, remote: bool, known: bool, expected: bool
) -> None:
    assert notify_wanted(setting, over_ssh=remote, terminal_shows=known) is expected  # type: ignore[arg-type]


def test_over_ssh_reads_the_ssh_variables() -> None:
    assert over_ssh({"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"})
    assert over_ssh({"SSH_TTY": "/dev/pts/3"})
    assert not over_ssh({"TERM": "xterm-256color", "SSH_CONNECTION": ""})


def test_breathing_in_then_out_at_the_plans_pace() -> None:
    assert breath_phase(0, 5) == breath_phase(0.0, 5.0)
    first = breath_phase(1.0, 5)
    assert (first.breath, first.breathing_in) == (1, True)
    assert first.phase_left == pytest.approx(1.5)
    assert first.fraction == pytest.approx(0.4)
    out = breath_phase(3.0, 5)
    assert (out.breath, out.breathing_in) == (1, False)
    second = breath_phase(5.5, 5)
    assert (second.breath, second.breathing_in) == (2, True)


def test_the_next_change_is_the_next_second_rep_or_breath() -> None:
    clock = FakeClock()
    session = Session(sides_reps_breaths(), clock)
    clock.advance(0.3)
    assert seconds_to_next_change(session) == pytest.approx(0.7)
    clock.advance(53.0 - 0.3 + 1.5)  # 1.5 s into the bridges: the next rep at 2 s
    session.update()
    assert seconds_to_next_change(session) == pytest.approx(0.5)
    assert seconds_to_next_change(session, frames_per_rep=4) == pytest.approx(0.5)
    clock.advance(0.1)
    assert seconds_to_next_change(session, frames_per_rep=4) == pytest.approx(0.4)
    clock.advance(61.0 - 54.6 + 1.4)  # child's pose, 1.4 s in: breathing out at 2 s
    session.update()
    assert session.step.breaths == 3
    assert seconds_to_next_change(session) == pytest.approx(0.6)
    session.pause()
    assert seconds_to_next_change(session) is None
