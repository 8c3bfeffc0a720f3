"""Progress: is it working? Pain before and after, weeks with sessions, routines, the
exercises that hurt, and the activities the person rates (PSFS).

Charts are text drawn by `tui.core.charts` (eighth blocks and shaded cells), so they read
without colour, cost nothing to import, and repaint only when the history or the size
changes: nothing here moves on a timer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.catalog import Catalog
from tui.core.charts import axis_labels, bar_rows, heat_glyph, span_words
from tui.core.dates import local_now, long_date, short_date
from tui.core.paths import DataPaths
from tui.core.progress import (
    MEANINGFUL_WORDING,
    Dated,
    Heatmap,
    bucket_pain,
    dated,
    dates_text,
    heatmap,
    hurting_exercises,
    pain_change_short,
    pain_points,
    per_day_of,
    routine_stats,
)
from tui.core.psfs import SCALE_WORDING, activity_series, change_words, psfs_entries
from tui.core.store.history import History, HistoryReader
from tui.core.text import plural
from tui.screens import screen_css
from tui.screens.reading import read_history_off_loop
from tui.widgets.hanging_text import HangingText
from tui.widgets.key_bar import KeyBar
from tui.widgets.key_names import app_key
from tui.widgets.mode_bar import ModeBar
from tui.widgets.text_items import NO_PREFIX, Item
from tui.widgets.too_small import Fitted

HINT_STYLE = "$text-muted"
#: (label, days back; None for everything), in the order `r` cycles through them.
RANGES: tuple[tuple[str, int | None], ...] = (
    ("all time", None),
    ("the last 4 weeks", 28),
    ("the last 12 weeks", 84),
    ("the last year", 365),
)
#: The shade of the glyph says how many; colour only helps (and costs no blended colours).
HEAT_STYLES = (HINT_STYLE, "$success", "$success", "bold $success")
LABEL_WIDTH = 5
NAME_WIDTH = 24


def _name(text: str, width: int = NAME_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def pain_chart(
    sessions: Sequence[Dated], first: date, last: date, width: int, height: int
) -> Content:
    """Pain before and after, each a labelled column chart sharing the time axis."""
    columns = max(10, width - LABEL_WIDTH - 1)
    span, buckets = bucket_pain(pain_points(sessions), first, last, columns)
    if all(b.before is None and b.after is None for b in buckets):
        return Content.styled("No pain ratings in this period yet.", HINT_STYLE)
    lines: list[Content] = []
    for title, values, style in (
        ("Pain before sessions", [b.before for b in buckets], "$warning"),
        ("Pain after sessions", [b.after for b in buckets], "$success"),
    ):
        lines.append(Content.assemble((title, "bold"), ("  0 none · 10 worst", HINT_STYLE)))
        for label, row in zip(axis_labels(height), bar_rows(values, height), strict=True):
            lines.append(Content.assemble((f"{label:>3} │", HINT_STYLE), (row, style)))
    axis = "    └" + "─" * len(buckets)
    start, end = short_date(buckets[0].first), short_date(buckets[-1].last)
    gap = max(1, len(buckets) - len(start) - len(end) + 1)
    lines += [
        Content.styled(axis, HINT_STYLE),
        Content.styled(f"     {start}{' ' * gap}{end}", HINT_STYLE),
        Content.styled(f"     each column: {span_words(span)}; blank: no rating", HINT_STYLE),
        Content.styled(f"     {MEANINGFUL_WORDING.capitalize()}.", HINT_STYLE),
    ]
    return Content("\n").join(lines)


#: Rows from which the pain charts are taller.
TALL_FROM = 40

#: Cells per week column of the heatmap: a doubled glyph and a space reads as a square.
HEAT_CELL = 3


def heatmap_chart(grid: Heatmap) -> Content:
    """Days as shaded cells, a column per week, with each week's total below."""
    width = len(grid.weeks) * HEAT_CELL
    cells = [" "] * (width + 4)
    previous = None
    for index, monday in enumerate(grid.weeks):
        if monday.month == previous:
            continue
        previous = monday.month
        label = monday.strftime("%b")
        at = index * HEAT_CELL
        if all(c == " " for c in cells[max(0, at - 1) : at + len(label) + 1]):
            cells[at : at + len(label)] = list(label)
    lines = [Content.styled("    " + "".join(cells).rstrip(), HINT_STYLE)]
    for weekday, name in enumerate(("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")):
        # Runs of cells with the same style become one span: a few instead of 52.
        runs: list[tuple[str, str]] = []
        for week in grid.counts:
            count = week[weekday]
            style = HEAT_STYLES[min(count or 0, 3)] if count is not None else ""
            cell = heat_glyph(count) * 2 + " "
            if runs and runs[-1][1] == style:
                runs[-1] = (runs[-1][0] + cell, style)
            else:
                runs.append((cell, style))
        lines.append(Content.assemble((f"{name}  ", HINT_STYLE), *runs))
    totals = "".join(f"{min(grid.week_total(i), 99):<3}" for i in range(len(grid.weeks)))
    lines.append(Content.styled(f"Σ   {totals}", HINT_STYLE))
    lines.append(
        Content.styled(
            "    · none  ░ 1 session  ▒ 2  ▓ 3 or more  Σ sessions that week", HINT_STYLE
        )
    )
    return Content("\n").join(lines)


class ProgressScreen(Fitted, Screen[None]):
    """Trends and outcomes from the history."""

    MIN_SIZE = (40, 10)

    DEFAULT_CSS = screen_css("progress.tcss")
    AUTO_FOCUS = "#progress-body"

    BINDINGS = [
        Binding("r", "range", "Period", tooltip="Show another period of time", id="progress.range"),
        Binding(
            "a",
            "rate",
            "Rate activities",
            tooltip="Rate the activities your back makes hard (PSFS)",
            id="progress.rate",
        ),
        Binding(
            "w",
            "report",
            "Write report",
            tooltip="Write a report for your physiotherapist (HTML or Markdown)",
            id="progress.report",
        ),
    ]

    def __init__(
        self,
        paths: DataPaths,
        catalog: Catalog,
        wall_clock: Callable[[], float] = time.time,
        reader: HistoryReader | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.reader = reader or HistoryReader(paths)
        """Reads the history (shared with Today: a log read once serves both)."""
        self.catalog = catalog
        self.wall_clock = wall_clock
        self.history: History | None = None
        """What was read last; None until the first read is done."""
        self.range_index = 0
        """Which of `RANGES` is shown."""
        self._shown_for: tuple[int, bool] | None = None
        """(width, tall) the charts were last drawn for."""
        self._shown_on: date | None = None
        """The day the charts were last drawn on (their periods end today)."""

    def compose(self) -> ComposeResult:
        yield ModeBar("progress")
        yield Static(Content.styled("Reading your history…", HINT_STYLE), id="progress-title")
        with VerticalScroll(id="progress-body"):
            yield Static(id="pain", classes="section")
            yield Static(id="weeks", classes="section")
            yield HangingText(id="routines", classes="section")
            yield HangingText(id="hurting", classes="section")
            yield HangingText(id="psfs", classes="section")
        yield KeyBar()

    def on_mount(self) -> None:
        # Today has usually just read the history: then it is drawn in the first frame.
        history = self.reader.current()
        if history is not None:
            self.show(history)
        else:
            self.reload()

    def on_screen_resume(self) -> None:
        if self.history is not None:
            history = self.reader.current()
            if history is None:
                self.reload()
            elif history is not self.history or self.today() != self._shown_on:
                self.show(history)  # a new day moves every period on, without a read

    def on_resize(self) -> None:
        # Only what the charts are sized by: a resize drag sends many events.
        shape = (self.size.width, self.size.height >= TALL_FROM)
        if self.history is not None and shape != self._shown_for:
            self.show(self.history)

    @work(exclusive=True, group="progress-read")
    async def reload(self) -> None:
        history = await read_history_off_loop(self, self.reader)
        if history is not None:
            self.show(history)

    def today(self) -> date:
        return local_now(self.wall_clock).date()

    def show(self, history: History) -> None:
        """Draw every section from `history`."""
        self.history = history
        today = self._shown_on = self.today()
        label, days = RANGES[self.range_index]
        all_sessions = history.records
        every = dated(all_sessions)  # once: every section below works from it
        if days is None:
            first = every[0][0] if every else today
            records = every
        else:
            first = today - timedelta(days=days - 1)
            records = [pair for pair in every if pair[0] >= first]
        # The scroll area's content: the screen less its padding and its scrollbar.
        width = self.size.width - 4
        tall = self.size.height >= TALL_FROM
        self._shown_for = (self.size.width, tall)
        count = len(records)
        title = Content.assemble(
            ("Progress", "bold"),
            (
                f"  {plural(count, 'session')} in {label} (since {long_date(first)})"
                "  r another period"
                if all_sessions
                else "  no sessions yet",
                HINT_STYLE,
            ),
        )
        self.query_one("#progress-title", Static).update(title)
        self.set_class(not all_sessions, "-empty")
        self.refresh_bindings()
        if not all_sessions:
            self.query_one("#pain", Static).update(
                Content("\n").join(
                    [
                        Content.styled("No sessions yet.", "bold"),
                        Content.styled(
                            "Once you have done a few, this shows your pain before and after "
                            "sessions, the weeks you exercised, how each routine goes, and any "
                            "exercise that hurts. Start one from Today "
                            f"({app_key(self, 'app.today')}).",
                            HINT_STYLE,
                        ),
                    ]
                )
            )
        else:
            self.query_one("#pain", Static).update(
                pain_chart(records, first, today, width, 5 if tall else 3)
            )
        # 24 weeks at 80 columns, 12 from 44, fewer only on a terminal narrower still.
        weeks = max(1, min(52, (width - 4) // HEAT_CELL))
        self.query_one("#weeks", Static).update(
            Content.assemble(
                (f"Sessions per week, the last {weeks} weeks\n", "bold"),
                heatmap_chart(heatmap(per_day_of(every), today, weeks)),
            )
        )
        self.query_one("#routines", HangingText).update(self._routines(records))
        self.query_one("#hurting", HangingText).update(self._hurting(records))
        self.query_one("#psfs", HangingText).update(self._psfs(history))
        for section in ("#weeks", "#routines", "#hurting"):
            self.query_one(section).display = bool(all_sessions)

    def _routines(self, records: Sequence[Dated]) -> list[Item]:
        items: list[Item] = [
            (
                NO_PREFIX,
                Content.assemble(
                    ("Routines", "bold"), ("  pain: after minus before, on average", HINT_STYLE)
                ),
            )
        ]
        for stats in routine_stats(records)[:8]:
            items.append(
                (
                    Content.styled(f"  {_name(stats.name):<{NAME_WIDTH}} ", "bold"),
                    Content.assemble(
                        f"{plural(stats.sessions, 'session'):>12}",
                        (f"  last {short_date(stats.last):<6}", HINT_STYLE),
                        (f"  {pain_change_short(stats.change)}", HINT_STYLE),
                    ),
                )
            )
        if len(items) == 1:
            items.append((NO_PREFIX, Content.styled("  No sessions in this period.", HINT_STYLE)))
        return items

    def _hurting(self, records: Sequence[Dated]) -> list[Item]:
        items: list[Item] = [(NO_PREFIX, Content.styled("Exercises that hurt most often", "bold"))]
        for exercise in hurting_exercises(records):
            items.append(
                (
                    Content.styled(f"  {_name(exercise.name):<{NAME_WIDTH}} ", "bold $warning"),
                    Content.assemble(
                        f"{exercise.times}x of {exercise.tried}",
                        (f"  {dates_text(exercise.days)}", HINT_STYLE),
                    ),
                )
            )
        if len(items) == 1:
            items.append(
                (
                    NO_PREFIX,
                    Content.styled("  Nothing marked as hurting in this period.", HINT_STYLE),
                )
            )
        return items

    def _psfs(self, history: History) -> list[Item]:
        series = activity_series(psfs_entries(history.entries))
        items: list[Item] = [
            (
                Content.styled("Activities you rated  ", "bold"),
                Content.styled(f"PSFS: {SCALE_WORDING}", HINT_STYLE),
            )
        ]
        if not series:
            items.append(
                (
                    Content("  "),
                    Content.styled(
                        "None yet. Press a to name up to 3 everyday activities your back makes "
                        "hard and rate them; Today asks again every two weeks.",
                        HINT_STYLE,
                    ),
                )
            )
            return items
        for activity in series[:6]:
            scores = [score for _, score in activity.points][-30:]
            first_day = activity.points[0][0]
            items.append(
                (
                    Content.assemble(
                        (f"  {_name(activity.activity):<{NAME_WIDTH}} ", "bold"),
                        f"{activity.points[-1][1]:>2}/10 ",
                    ),
                    Content.assemble(
                        (bar_rows(scores, 1)[0], "$accent"),
                        (
                            "  " + change_words(activity.change, first_day, higher_is_better=True),
                            HINT_STYLE,
                        ),
                    ),
                )
            )
        return items

    # ---- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "range":
            return self.history is not None and bool(self.history.records)
        return True

    def action_range(self) -> None:
        self.range_index = (self.range_index + 1) % len(RANGES)
        if self.history is not None:
            self.show(self.history)

    @work(exclusive=True, group="progress-flow")
    async def action_rate(self) -> None:
        from tui.screens.psfs import rate_activities

        if await rate_activities(self.app, self.paths, self.wall_clock, self.history):
            self.reload()

    @work(exclusive=True, group="progress-flow")
    async def action_report(self) -> None:
        from tui.core.errors import DataFileError, describe_error
        from tui.core.report import report_for
        from tui.screens.choice import ChoiceScreen

        fmt = await self.app.push_screen_wait(
            ChoiceScreen(
                "Write a report for your physiotherapist",
                [
                    ("html", "A web page with a chart, to print on A4 or Letter"),
                    ("md", "Markdown: plain text, to paste or email"),
                ],
            )
        )
        if fmt is None:
            return
        label, days = RANGES[self.range_index]
        since = "all" if days is None else f"{days}d"
        today = self.today()
        try:
            text = await asyncio.to_thread(
                report_for, self.paths, self.catalog, today, since=since, fmt=fmt
            )
        except (OSError, DataFileError) as error:
            self.notify(f"Not written: {describe_error(error)}", severity="error")
            return
        mime = "text/html" if fmt == "html" else "text/markdown"
        # A download in a browser, else a new file in the downloads folder (it says where).
        self.app.deliver_file(f"unknot-report-{today.isoformat()}.{fmt}", text, mime)  # type: ignore[attr-defined]
        self.notify(f"Covering {label}.", title="Report", timeout=6)
