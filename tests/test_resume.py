"""Resuming always works (issue #8, items 10 and 11): every checkpoint taken can be
resumed, whatever the clock does between two readings, and a checkpoint that cannot be
used is kept aside, never deleted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from history_support import clear_safety_check
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FakeClock, launch_done
from test_app_session import session_started

from tui.app import UnknotApp
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.plan import PlanSettings, compile_routine
from tui.core.resume import checkpoint_data, parse_resume, resume_offer
from tui.core.routine import Routine, RoutineEntry
from tui.core.session import Session
from tui.core.store.checkpoint import (
    checkpoint_path,
    load_checkpoint,
    save_checkpoint,
    set_aside_checkpoint,
)
from tui.core.store.routines import load_starters
from tui.screens.session import SessionScreen

CATALOG = load_catalog(default_catalog_path())
ROOT = Path(__file__).resolve().parent.parent


class AdvancingClock:
    """A clock that moves on by the next of `steps` every time it is read."""

    def __init__(self, steps: list[float], now: float = 1000.0) -> None:
        self.now = now
        self.steps = steps
        self.reads = 0

    def __call__(self) -> float:
        reading = self.now
        self.now += self.steps[self.reads % len(self.steps)]
        self.reads += 1
        return reading


ACTIONS = ["pause", "resume", "skip", "back", "adjust", "update", "wait"]


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(st.floats(0.001, 40.0), min_size=1, max_size=20),
    actions=st.lists(st.sampled_from(ACTIONS), max_size=12),
    prepare=st.sampled_from([0, 5]),
    routine=st.sampled_from(load_starters()),
)
def test_every_checkpoint_taken_resumes(
    steps: list[float], actions: list[str], prepare: int, routine: Routine
) -> None:
    plan = PlanSettings(prepare_seconds=prepare)
    clock = AdvancingClock(steps)
    session = Session(compile_routine(routine, CATALOG, plan), clock, routine_name=routine.name)
    for action in ["checkpoint", *actions]:
        if action in ("pause", "resume", "skip", "back", "adjust", "update"):
            getattr(session, action)()
        if session.finished:
            return  # a finished session's record is kept, not a checkpoint (resume.py)
        saved = json.loads(json.dumps(checkpoint_data(routine, plan, session)))
        point = parse_resume(saved, CATALOG)  # raises ValueError if it would not resume
        assert 0 <= point.session["step_elapsed"] <= point.session["elapsed"]


def test_the_first_step_of_a_session_without_get_ready_resumes() -> None:
    # The repro, as a unit: prepare_seconds = 0, a checkpoint in the first hold.
    routine = load_starters()[0]
    plan = PlanSettings(prepare_seconds=0)
    clock = AdvancingClock([0.25])
    session = Session(compile_routine(routine, CATALOG, plan), clock, routine_name=routine.name)
    parse_resume(checkpoint_data(routine, plan, session), CATALOG)


async def test_a_session_cut_off_in_its_first_hold_is_offered_again(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    paths.settings.write_text("prepare_seconds = 0\n")
    clear_safety_check(paths)
    routine = Routine(name="Short", exercise=(RoutineEntry(id="bridge"),))
    app = UnknotApp(CATALOG, paths, start=routine, clock=AdvancingClock([0.5]))
    async with app.run_test(size=(80, 24)) as pilot:
        await session_started(pilot)
        await pilot.press("3")  # the pain question; the session begins
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.started
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "checkpoint"])
        saved = load_checkpoint(paths)
    assert saved is not None
    save_checkpoint(paths, saved)  # as a kill -9 would have left it
    problems: list[str] = []
    point = resume_offer(paths, CATALOG, problems=problems)
    assert problems == [] and point is not None
    assert point.exercise_name == CATALOG.by_id["bridge"].name


# --------------------------------------------------------------------------- kept aside


@pytest.mark.parametrize("kind", ["garbage", "folder", "link", "stale"])
async def test_a_checkpoint_that_cannot_be_resumed_is_kept_aside(tmp_path: Path, kind: str) -> None:
    paths = DataPaths(tmp_path / "data")
    checkpoint = checkpoint_path(paths)
    checkpoint.parent.mkdir(parents=True)
    if kind == "garbage":
        checkpoint.write_bytes(b'{"version": 1, "rout')
    elif kind == "folder":
        checkpoint.mkdir()
        (checkpoint / "inside").write_text("someone's")
    elif kind == "link":
        (tmp_path / "elsewhere.json").write_text("{}")
        checkpoint.symlink_to(tmp_path / "elsewhere.json")
    else:  # readable, but of a routine the catalogue no longer has
        checkpoint.write_text(json.dumps({"version": 1, "routine": {"name": "x"}}))
    before = sorted(os.listdir(paths.sessions))
    app = UnknotApp(CATALOG, paths, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await launch_done(pilot)
        messages = [note.message for note in app._notifications]
        assert app.is_running  # the rest of the app keeps working
    kept = paths.sessions / f"{checkpoint.stem}.unreadable.json"
    assert any(f"kept as {kept}" in message for message in messages), messages
    assert not os.path.lexists(checkpoint)
    assert sorted(os.listdir(paths.sessions)) == sorted(
        [*(set(before) - {checkpoint.name}), kept.name, ".unknot.lock"]
    )
    if kind == "folder":
        assert (kept / "inside").read_text() == "someone's"
    if kind == "link":
        assert kept.is_symlink() and (tmp_path / "elsewhere.json").read_text() == "{}"


def test_setting_aside_never_replaces_an_earlier_one(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    checkpoint = checkpoint_path(paths)
    checkpoint.parent.mkdir(parents=True)
    for number in range(3):
        checkpoint.write_text(f"bad {number}")
        set_aside_checkpoint(paths)
    assert (paths.sessions / f"{checkpoint.stem}.unreadable.json").read_text() == "bad 0"
    assert (paths.sessions / f"{checkpoint.stem}.unreadable-2.json").read_text() == "bad 1"
    assert (paths.sessions / f"{checkpoint.stem}.unreadable-3.json").read_text() == "bad 2"


def test_the_documentation_says_what_the_app_does() -> None:
    text = " ".join((ROOT / "docs" / "routines.md").read_text().split())
    assert "<device>.unreadable.json" in text
    assert "left until the next session replaces it" not in text
