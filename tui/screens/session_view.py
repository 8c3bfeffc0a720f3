"""What the session screen's texts say: the exercise and step lines, the note beside the
clock, "up next", the too-small notice and the summary. Pure functions of the session's
state, so the screen only places them.
"""

from __future__ import annotations

from textual.content import Content

from tui.core.cues import is_rest_after
from tui.core.plan import Step, StepKind, Timeline
from tui.core.record import SessionRecord
from tui.core.session import Session
from tui.core.text import plural
from tui.widgets.countdown import clock_text, whole_seconds
from tui.widgets.session_record import render_record

HINT_STYLE = "$text-muted"

KIND_STYLES: dict[StepKind, str] = {
    StepKind.PREPARE: "bold $background on $accent",
    StepKind.HOLD: "bold $background on $success",
    StepKind.REPS: "bold $background on $success",
    StepKind.SWITCH_SIDES: "bold $background on $warning",
    StepKind.REST: "bold $background on $secondary",
}


def shown_step(timeline: Timeline, index: int) -> Step:
    """The step whose exercise step `index` shows: in the rest after an exercise, the
    first step of the next one (its name, steps and figure); otherwise the step itself.
    """
    if is_rest_after(timeline, index):
        start = timeline.next_exercise_start(index)
        if start is not None:
            return timeline.steps[start]
    return timeline.steps[index]


def exercise_line(timeline: Timeline, index: int) -> Content:
    """ "Knee to chest   exercise 1 of 3", or "Next: Cobra   exercise 2 of 3" in a rest."""
    shown = shown_step(timeline, index)
    number = timeline.exercise_number(timeline.entry_starts[shown.entry_index])
    where = (f"   exercise {number} of {len(timeline.entries)}", HINT_STYLE)
    if shown is not timeline.steps[index]:
        name = (shown.exercise_name, "bold $accent")
        return Content.assemble(("Next: ", HINT_STYLE), name, where)
    return Content.assemble((shown.exercise_name, "bold $accent"), where)


def step_line(timeline: Timeline, index: int) -> Content:
    """ " HOLD   Rep 1 of 3 · left side", the side said once when switching."""
    step = timeline.steps[index]
    detail = f"{step.exercise_name} done" if is_rest_after(timeline, index) else step.heading
    return Content.assemble((f" {step.title.upper()} ", KIND_STYLES[step.kind]), f"  {detail}")


def clock_note(step: Step, current_rep: int | None) -> Content:
    """Beside the digits: what the time is for, and how to change it."""
    if step.self_paced:
        headline, subline = "Your pace", plural(step.reps, "rep")
        last = "press enter when the set is done"
    else:
        if step.kind is StepKind.REPS:
            headline = f"Rep {current_rep or 1} of {step.reps}"
            subline = f"{step.rep_seconds:g} s each"
        elif step.kind is StepKind.HOLD:
            headline = f"{step.breaths} slow breaths" if step.breaths else "Hold"
            subline = "breathe slowly"
        elif step.kind is StepKind.PREPARE:
            headline, subline = "Get into position", "read the steps below"
        elif step.kind is StepKind.SWITCH_SIDES:
            headline, subline = f"Switch to the {step.side or 'other'} side", ""
        else:
            headline, subline = "Rest", "relax and breathe"
        last = "+ or - for 10 s more or less"
    return Content.assemble(
        (headline, "bold $accent" if step.self_paced else "bold"),
        "\n",
        (subline, "bold" if step.self_paced else HINT_STYLE),
        "\n",
        (last, HINT_STYLE),
    )


def up_next(timeline: Timeline, index: int) -> Content:
    """ "Up next: Cobra · Hold 10 s · Rep 2 of 2", or the end."""
    upcoming = timeline.next_work_step(index)
    if upcoming is None:
        return Content.styled("Up next: the end. Well done.", HINT_STYLE)
    what = upcoming.title
    if upcoming.kind is StepKind.HOLD and upcoming.seconds is not None:
        what += f" {upcoming.seconds:g} s"
    if upcoming.detail:
        what += f" · {upcoming.detail}"
    return Content.assemble(
        ("Up next: ", HINT_STYLE), (upcoming.exercise_name, "bold"), (f" · {what}", HINT_STYLE)
    )


def session_time(session: Session) -> Content:
    """ " 0:08 / 0:52": time spent and the session's planned length."""
    total = clock_text(round(session.timeline.total_seconds))
    return Content.styled(f" {clock_text(int(session.elapsed))} / {total}", HINT_STYLE)


def too_small_notice(session: Session, columns: int, rows: int) -> Content:
    """Shown instead of the session in a terminal smaller than `columns` x `rows`."""
    now = session.step.title.upper()
    remaining = session.remaining
    if remaining is not None:
        now += f" {clock_text(whole_seconds(remaining))}"
    return Content.assemble(
        (f"{now}\n", "bold"),
        ("Terminal too small: ", "bold $warning"),
        f"needs at least {columns}x{rows}. ",
        ("The session keeps time.", HINT_STYLE),
    )


def summary(record: SessionRecord | None, saved: str | None, history_key: str = "4") -> Content:
    """The end of a session. `record` None: nothing was done, so nothing is kept.

    `saved`: None while writing, "" once written, else why it could not be.
    """
    if record is None:
        lines = [
            Content.styled("Session ended", "bold $accent"),
            Content(""),
            Content("Nothing was done yet, so this session is not added to your history."),
        ]
    else:
        lines = [render_record(record), Content("")]
        if saved is None:
            lines.append(Content.styled("Saving to your history…", HINT_STYLE))
        elif saved:
            lines.append(Content.styled(f"Could not save to your history: {saved}", "$error"))
        else:
            lines.append(
                Content.styled(f"Saved in your history ({history_key} History).", HINT_STYLE)
            )
    lines.append(Content.styled("enter close", HINT_STYLE))
    return Content("\n").join(lines)


__all__ = [
    "KIND_STYLES",
    "clock_note",
    "exercise_line",
    "session_time",
    "shown_step",
    "step_line",
    "summary",
    "too_small_notice",
    "up_next",
]
