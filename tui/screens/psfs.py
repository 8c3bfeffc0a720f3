"""Rating the activities a person named (the Patient-Specific Functional Scale)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from tui.core.paths import DataPaths
from tui.core.psfs import MAX_ACTIVITIES, SCALE_WORDING
from tui.core.store.history import History
from tui.core.text import clean_text
from tui.screens.dialog import Dialog
from tui.widgets.key_names import key_hints

HINT_STYLE = "$text-muted"


class PsfsScreen(Dialog[list[tuple[str, int]] | None]):
    """Up to three activities, each with a score from 0 to 10.

    Shown with the current activities filled in (their last scores as a reminder);
    dismisses with the (activity, score) pairs given, or None if cancelled.
    """

    DEFAULT_CSS = """
    #psfs-grid { grid-size: 3; grid-columns: 1fr 8 18; grid-rows: 1; grid-gutter: 1 1;
                 height: auto; margin: 1 0; }
    #psfs-grid Input.-invalid { border-left: outer $error; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="psfs.cancel"),
        Binding("ctrl+s", "save", "Save", id="psfs.save"),
    ]

    def __init__(self, activities: list[str], last_scores: dict[str, int] | None = None) -> None:
        super().__init__()
        self._activities = activities[:MAX_ACTIVITIES]
        self._last = last_scores or {}

    def compose(self) -> ComposeResult:
        first = not self._activities
        title = "Activities your back makes hard" if first else "Rate your activities"
        intro = (
            "Name up to 3 everyday activities that your back makes hard, and rate each. "
            if first
            else "How well can you do each activity now? You can also change them. "
        )
        with Vertical(classes="dialog wide psfs"):
            yield Label(Content.styled(title, "bold"), classes="dialog-title")
            yield Static(Content.assemble(intro, (SCALE_WORDING + ".", "bold")), id="psfs-intro")
            with Grid(id="psfs-grid"):
                for row in range(MAX_ACTIVITIES):
                    name = self._activities[row] if row < len(self._activities) else ""
                    yield Input(
                        name,
                        placeholder="e.g. putting on socks" if row == 0 else "(optional)",
                        max_length=80,
                        compact=True,
                        id=f"activity-{row}",
                    )
                    yield Input("", type="integer", max_length=2, compact=True, id=f"score-{row}")
                    last = self._last.get(name)
                    yield Label(
                        Content.styled(
                            f"0-10 (last: {last})" if last is not None else "0-10", HINT_STYLE
                        ),
                        id=f"hint-{row}",
                    )
            yield Label("", id="psfs-problem", classes="problem")
            yield Label(
                key_hints(self, ("tab", "next field"), ("enter", "save"), ("psfs.cancel", "cancel"))
            )

    def on_mount(self) -> None:
        target = "#score-0" if self._activities else "#activity-0"
        self.query_one(target, Input).focus()

    def ratings(self) -> list[tuple[str, int]] | None:
        """The ratings as typed, or None after marking what is missing."""
        found: list[tuple[str, int]] = []
        problem = ""
        for row in range(MAX_ACTIVITIES):
            name = clean_text(self.query_one(f"#activity-{row}", Input).value).strip()
            score_input = self.query_one(f"#score-{row}", Input)
            text = score_input.value.strip()
            bad = False
            if name and not text:
                bad, problem = True, problem or f"Give '{name}' a score from 0 to 10."
            elif text and not name:
                bad, problem = True, problem or "Name the activity you scored."
            elif name:
                score = int(text) if text.isdigit() else -1
                if not 0 <= score <= 10:
                    bad, problem = True, problem or "Scores go from 0 to 10."
                else:
                    found.append((name, score))
            score_input.set_class(bad, "-invalid")
        if not problem and not found:
            problem = "Name at least one activity and score it."
        self.query_one("#psfs-problem", Label).update(problem)
        return None if problem else found

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        ratings = self.ratings()
        if ratings is not None:
            self.dismiss(ratings)

    def action_cancel(self) -> None:
        self.dismiss(None)


async def rate_activities(
    app: App[object],
    paths: DataPaths,
    wall_clock: Callable[[], float],
    history: History | None,
) -> bool:
    """Ask for the ratings (the current activities filled in) and record them; True if
    recorded. Must run in a worker."""
    from tui.core.dates import now_stamp
    from tui.core.psfs import current_activities, psfs_entries, psfs_entry
    from tui.screens.reading import append_off_loop

    entries = psfs_entries(history.entries) if history is not None else []
    last = {r.activity: r.score for r in entries[-1].ratings} if entries else {}
    ratings = await app.push_screen_wait(PsfsScreen(current_activities(entries), last))
    if ratings is None:
        return False
    entry = psfs_entry(ratings, now_stamp(wall_clock))
    if not await append_off_loop(app, paths, entry):
        return False
    app.notify("Saved. Progress charts them.", title="Activities rated")
    return True


__all__ = ["PsfsScreen", "rate_activities"]
