"""Carrying on with a session after the app was closed: what is saved, and reading it back.

The checkpoint file (`store.checkpoint.checkpoint_path`) holds everything needed to rebuild the
session without the person's routine files: the routine itself (a routine edited or
deleted since must not change the session being resumed), the plan settings it was
compiled with, and `Session.checkpoint()`. Writes happen off the UI thread, so
`CheckpointKeeper` keeps them in order: a save that loses a race with a later save or
with the final clear is dropped rather than bringing back a stale or finished session.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.catalog import Catalog
from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.plan import PlanSettings, Timeline, compile_routine
from tui.core.record import SessionRecord
from tui.core.routine import Routine, parse_routine, routine_to_dict
from tui.core.session import Clock, Session
from tui.core.store.checkpoint import (
    checkpoint_path,
    clear_checkpoint,
    load_checkpoint,
    save_checkpoint,
)
from tui.core.store.history import device_log, read_records
from tui.core.text import clean_text

RESUME_VERSION = 1
#: Key of a checkpoint that holds a finished session's record not yet in the history.
FINISHED = "finished_record"


def finished_checkpoint(record: SessionRecord) -> dict[str, Any]:
    """What to save while the last question is asked, so the record survives a crash."""
    return {"version": RESUME_VERSION, FINISHED: record.to_dict()}


def record_once(paths: DataPaths, record: dict[str, Any]) -> bool:
    """Append `record` to the history unless it is there already (same start, routine).

    Used when a record may have been written just before the app stopped; True if written.
    """
    key = (record.get("started_at"), record.get("routine_name"))
    if any((old.get("started_at"), old.get("routine_name")) == key for old in read_records(paths)):
        return False
    device_log(paths).append(record)
    return True


def record_abandoned(point: ResumePoint, paths: DataPaths, clock: Clock) -> SessionRecord | None:
    """Record a session the person chose not to resume, as ended early, once; None when
    nothing was done in it, which is not recorded.
    """
    session = Session.restore(point.timeline, point.session, clock)
    session.end()
    if not session.anything_done:
        return None
    record = session.record()
    record_once(paths, record.to_dict())
    return record


def checkpoint_data(routine: Routine, plan: PlanSettings, session: Session) -> dict[str, Any]:
    """What to save so that `resume_point` can rebuild `session` later (JSON-safe)."""
    return {
        "version": RESUME_VERSION,
        "routine_name": routine.name,
        "exercise_name": session.step.exercise_name,
        "routine": routine_to_dict(routine),
        "plan": {
            "prepare_seconds": plan.prepare_seconds,
            "breath_seconds": plan.breath_seconds,
            "switch_seconds": plan.switch_seconds,
        },
        "session": session.checkpoint(),
    }


@dataclass(frozen=True)
class ResumePoint:
    """An unfinished session that can be carried on."""

    routine: Routine
    """The routine as it was when the session started."""
    plan: PlanSettings
    """The pacing the session was compiled with (a changed setting must not shift steps)."""
    session: dict[str, Any]
    """`Session.checkpoint()` data, for `Session.restore`."""
    timeline: Timeline
    """The session's steps, compiled again from the routine and plan."""
    data: dict[str, Any]
    """The checkpoint as saved: pass it to `SessionScreen(..., checkpoint=data)`."""

    @property
    def index(self) -> int:
        """Index of the step the session will carry on from."""
        return int(self.session["index"])

    @property
    def exercise_name(self) -> str:
        """The exercise the session will carry on with."""
        return self.timeline.steps[self.index].exercise_name

    @property
    def question(self) -> str:
        """What to ask the person, e.g. "Resume 'Morning mobility' at Knee to chest?"."""
        return f"Resume '{self.routine.name}' at {self.exercise_name}?"


def parse_resume(data: Any, catalog: Catalog, where: str = "checkpoint") -> ResumePoint:
    """Check saved checkpoint `data` against `catalog`; raises ValueError saying what is wrong."""
    if not isinstance(data, dict) or data.get("version") != RESUME_VERSION:
        raise ValueError(f"{where}: not an Unknot session checkpoint (or from another version)")
    raw_routine = data.get("routine")
    if not isinstance(raw_routine, dict):
        raise ValueError(f"{where}: the routine is missing")
    try:
        routine = parse_routine(raw_routine, Path(where))
    except DataFileError as error:
        raise ValueError(str(error)) from None
    raw_plan = data.get("plan")
    if not isinstance(raw_plan, dict):
        raise ValueError(f"{where}: the plan settings are missing")
    try:
        plan = PlanSettings(
            prepare_seconds=float(raw_plan["prepare_seconds"]),
            breath_seconds=float(raw_plan["breath_seconds"]),
            switch_seconds=float(raw_plan["switch_seconds"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{where}: bad plan settings ({error})") from None
    session = data.get("session")
    if not isinstance(session, dict):
        raise ValueError(f"{where}: the session state is missing")
    timeline = compile_routine(routine, catalog, plan)
    if not timeline.steps:
        raise ValueError(f"{where}: none of the routine's exercises is in the catalogue")
    # A trial restore checks the session against the timeline (the catalogue may have changed).
    Session.restore(timeline, session, lambda: 0.0)
    return ResumePoint(routine, plan, session, timeline, data)


def resume_offer(
    paths: DataPaths, catalog: Catalog, *, problems: list[str] | None = None
) -> ResumePoint | None:
    """The unfinished session to offer resuming at start-up, or None.

    A checkpoint that cannot be used (unreadable, or the catalogue changed under it) gives
    None with the reason added to `problems`; the caller sets it aside
    (`set_aside_checkpoint`), never deletes it. A finished session whose record had not
    reached the history yet is recorded now; when the history cannot take it, the
    OSError or `DataFileError` is raised and the checkpoint kept, to try again next time.
    """
    errors: list[DataFileError] = []
    data = load_checkpoint(paths, problems=errors)
    if problems is not None:
        problems.extend(str(error) for error in errors)
    if data is None:
        return None
    if isinstance(data.get(FINISHED), dict):
        # The app stopped while asking the last question: keep the record, offer nothing.
        record_once(paths, data[FINISHED])
        clear_checkpoint(paths)
        return None
    try:
        return parse_resume(data, catalog, str(checkpoint_path(paths)))
    except ValueError as error:
        if problems is not None:
            problems.append(clean_text(str(error)))
        return None


class CheckpointKeeper:
    """Saves and clears the checkpoint from worker threads, newest intention wins.

    Call `ticket()` on the UI thread when deciding to write, then `save`/`clear` with that
    ticket from any thread: a write whose ticket is older than one already written is
    dropped, so threads finishing out of order cannot resurrect an old state.
    """

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self._lock = threading.Lock()
        self._issued = 0
        self._written = 0

    def ticket(self) -> int:
        """A number ordering this write after every earlier one."""
        self._issued += 1
        return self._issued

    def save(self, ticket: int, data: dict[str, Any]) -> bool:
        """Write `data` unless a later ticket was written already; True if written."""
        with self._lock:
            if ticket < self._written:
                return False
            save_checkpoint(self.paths, data)
            self._written = ticket
            return True

    def clear(self, ticket: int) -> bool:
        """Remove the checkpoint unless a later ticket was written already; True if done."""
        with self._lock:
            if ticket < self._written:
                return False
            clear_checkpoint(self.paths)
            self._written = ticket
            return True


__all__ = [
    "CheckpointKeeper",
    "ResumePoint",
    "checkpoint_data",
    "parse_resume",
    "resume_offer",
]
