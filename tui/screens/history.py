"""History: every session done, newest first, with what became of each exercise."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalog import Catalog
from tui.core.errors import DataFileError, describe_error
from tui.core.export import format_duration
from tui.core.paths import DataPaths
from tui.core.record import SessionRecord
from tui.core.store.history import History, format_when, load_history, pain_text, status_text
from tui.core.text import one_line, plural
from tui.screens import screen_css
from tui.screens.reading import tell_problems
from tui.widgets.key_bar import KeyBar
from tui.widgets.key_list import KeyList
from tui.widgets.key_names import app_key
from tui.widgets.mode_bar import ModeBar
from tui.widgets.one_line import OneLine
from tui.widgets.session_record import render_record
from tui.widgets.too_small import Fitted

HINT_STYLE = "$text-muted"
#: Names are given up to this much room before a column is given up for them.
MOST_NAME_ROOM = 30
#: The row's layouts, fullest first: (when, status, with duration and pain); the first
#: that leaves the names the room they need is used. Gaps are two cells.
LAYOUTS = ((16, 11, True), (12, 5, True), (12, 5, False))


def session_row(record: SessionRecord, name_room: int = 24) -> OneLine:
    """One line of the list: when, routine, duration, finished or not, pain before → after.

    The routine's name gets the room first: `name_room` is the longest name in the list,
    and the fullest layout that leaves that much (up to MOST_NAME_ROOM) is used; on a
    narrower list the date loses its weekday, the status a word, then the duration and
    pain go. The name column is never wider than the longest name.
    """
    # A record is data: its name may hold line breaks, which must not split the row.
    finished_style = "$success" if record.finished else "$warning"
    wanted = min(name_room, MOST_NAME_ROOM)

    def build(width: int) -> Content:
        for when_width, status_width, everything in LAYOUTS:
            others = when_width + status_width + (8 + 7 + 2 * 4 if everything else 2 * 3)
            if width - others >= wanted:
                break
        name_width = max(1, min(width - others, name_room))
        long_form = when_width == 16
        when = format_when(record) if long_form else format_when(record)[4:]  # no weekday
        status = status_text(record) if long_form else ("done" if record.finished else "early")
        return Content.assemble(
            (f"{when:<{when_width}}  ", HINT_STYLE),
            (f"{fit(one_line(record.routine_name), name_width):<{name_width}}  ", "bold"),
            f"{format_duration(record.active_seconds):>8}  " if everything else "",
            (f"{status:<{status_width}}  ", finished_style),
            (pain_text(record) if everything else "", HINT_STYLE),
        )

    return OneLine(build)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class HistoryScreen(Fitted, Screen[None]):
    """The sessions a person has done, read from the history log."""

    AUTO_FOCUS = "#sessions"
    DEFAULT_CSS = screen_css("history.tcss")
    MIN_SIZE = (40, 10)
    SHORT_BELOW = 20
    TALL_FROM = 36

    BINDINGS = [
        Binding(
            "enter",
            "details",
            "Details",
            tooltip="Move into the session's details, to scroll them",
            id="history.details",
            priority=True,  # over the list's own (hidden) enter, so the key bar shows it
        ),
        Binding(
            "s",
            "start",
            "Repeat",
            tooltip="Start a session of the same routine again",
            id="history.start",
        ),
        Binding(
            "f", "filter", "Filter", tooltip="Show one routine's sessions", id="history.filter"
        ),
        Binding(
            "x,delete",
            "delete",
            "Delete",
            tooltip="Delete the session from your history (asks first)",
            id="history.delete",
        ),
        # In help and the palette: the key bar must keep "? Help" at 80 columns, and the
        # list is read again whenever the screen comes back anyway.
        Binding(
            "r",
            "reload",
            "Reload",
            tooltip="Read the history again",
            show=False,
            id="history.reload",
        ),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Save the history as a spreadsheet (CSV; a download in a browser)",
            id="history.export",
        ),
        Binding("escape", "to_list", "Sessions", show=False, id="history.sessions"),
    ]

    def __init__(
        self, paths: DataPaths, catalog: Catalog, wall_clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__()
        self.paths = paths
        self.catalog = catalog
        self.wall_clock = wall_clock
        self.history: History | None = None
        """What was read last; None until the first read is done."""
        self.routine_filter: str | None = None
        """Show only this routine's sessions; None for all."""
        self.records: list[SessionRecord] = []
        """The sessions listed (the filter applied), newest first."""

    def compose(self) -> ComposeResult:
        yield ModeBar("history")
        yield Static(Content.styled("Reading your history…", HINT_STYLE), id="history-title")
        yield KeyList(id="sessions")
        with VerticalScroll(id="history-detail"):
            yield Static(id="history-detail-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        # A session may have been recorded since the screen was last shown.
        if self.history is not None:
            self.action_reload()

    @work(exclusive=True, group="history-read")
    async def action_reload(self) -> None:
        try:
            history = await asyncio.to_thread(load_history, self.paths)
        except (OSError, DataFileError) as error:
            self.show_problem(describe_error(error, self.paths.history))
            return
        if history.problems and not history.records:
            self.show_problem("\n".join(history.problems))
            return
        self.show(history)
        tell_problems(self, history)  # the sessions of the other logs are listed

    def show_problem(self, problem: str) -> None:
        """Say why the history cannot be shown (instead of "Reading…" for ever)."""
        self.history = History()
        self.query_one("#sessions", OptionList).clear_options()
        self.add_class("-empty")
        self.query_one("#history-title", Static).update(
            Content.assemble(("History", "bold"), ("  could not be read", "$error"))
        )
        self.query_one("#history-detail-text", Static).update(
            Content.assemble(
                (problem, "$error"),
                "\n\n",
                ("The file was left as it is. Press r to read it again.", HINT_STYLE),
            )
        )

    def action_export(self) -> None:
        from tui.core.export import history_csv

        if self.history is None or not self.history.records:
            self.notify("No sessions to export yet.", timeout=3)
            return
        self.app.deliver_file("unknot-history.csv", history_csv(self.history.records), "text/csv")  # type: ignore[attr-defined]

    def show(self, history: History) -> None:
        """Fill the list with `history`, keeping the highlighted session where possible."""
        listing = self.query_one("#sessions", OptionList)
        # Keep the same session highlighted (by when it started), not the same row:
        # a session recorded since is added at the top and shifts every row down.
        before = self.records
        at = listing.highlighted
        kept = before[at].started_at if at is not None and at < len(before) else None
        self.history = history
        wanted = self.routine_filter
        self.records = [r for r in history.records if wanted is None or r.routine_name == wanted]
        count = len(self.records)
        title: list[Content | str | tuple[str, str]] = [
            ("History", "bold"),
            (f"  {plural(count, 'session')}", HINT_STYLE),
        ]
        if wanted is not None:
            title += [
                ("  only ", HINT_STYLE),
                (wanted, "bold $accent"),
                ("  f to change", HINT_STYLE),
            ]
        if history.unreadable:
            lines = plural(history.unreadable, "unreadable line")
            title.append((f" · {lines} skipped", "$warning"))
        self.query_one("#history-title", Static).update(Content.assemble(*title))
        room = max((len(record.routine_name) for record in self.records), default=0)
        listing.set_options(Option(session_row(record, room)) for record in self.records)
        self.set_class(not self.records, "-empty")
        if self.records:
            starts = [record.started_at for record in self.records]
            listing.highlighted = starts.index(kept) if kept in starts else 0
            self._show_detail(listing.highlighted)
        else:
            self.query_one("#history-detail-text", Static).update(
                Content.assemble(
                    ("No sessions yet.", "bold"),
                    "\n",
                    (
                        f"Start one from Today ({app_key(self, 'app.today')}), or from your "
                        f"routines ({app_key(self, 'app.routines')}). Each session you "
                        "finish or end early is kept here.",
                        HINT_STYLE,
                    ),
                )
            )
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#sessions")
    def session_chosen(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        self.query_one("#history-detail", VerticalScroll).focus()

    def action_to_list(self) -> None:
        self.query_one("#sessions", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#sessions")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)

    def _show_detail(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.records):
            return
        self.query_one("#history-detail-text", Static).update(render_record(self.records[index]))
        self.query_one("#history-detail", VerticalScroll).scroll_home(animate=False)

    # ---- delete, start again, filter

    @property
    def highlighted_record(self) -> SessionRecord | None:
        """The session highlighted in the list."""
        at = self.query_one("#sessions", OptionList).highlighted
        return self.records[at] if at is not None and 0 <= at < len(self.records) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"delete", "start"}:
            return self.highlighted_record is not None
        if action == "filter":
            return self.history is not None and bool(self.history.records)
        return True

    @work(exclusive=True, group="history-change")
    async def action_delete(self) -> None:
        from tui.core.dates import now_stamp
        from tui.core.store.history import hide_session
        from tui.screens.dialogs import ConfirmScreen

        record = self.highlighted_record
        if record is None:
            return
        confirmed = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete '{record.routine_name}' of {format_when(record, long=True)}?",
                "It disappears from History, Progress and reports, on every machine. The "
                "history logs only ever grow: a line marking the session deleted is added, "
                "so a crash or a sync never loses anything else.",
            )
        )
        if not confirmed:
            return
        try:
            await asyncio.to_thread(hide_session, self.paths, record, now_stamp(self.wall_clock))
        except (OSError, DataFileError) as error:
            self.notify(f"Not deleted: {describe_error(error)}", severity="error")
            return
        self.notify("Session deleted.")
        self.action_reload()

    def action_start(self) -> None:
        record = self.highlighted_record
        if record is not None:
            self.app.start_routine_named(record.routine_name)  # type: ignore[attr-defined]

    @work(exclusive=True, group="history-change")
    async def action_filter(self) -> None:
        from tui.screens.choice import ChoiceScreen

        if self.history is None:
            return
        counts = Counter(record.routine_name for record in self.history.records)
        choices = [("", f"All routines ({plural(len(self.history.records), 'session')})")]
        choices += [(name, f"{name} ({plural(n, 'session')})") for name, n in counts.most_common()]
        chosen = await self.app.push_screen_wait(
            ChoiceScreen("Show the sessions of", choices, self.routine_filter or "")
        )
        if chosen is None:
            return
        self.routine_filter = chosen or None
        self.query_one("#sessions", OptionList).highlighted = None
        self.show(self.history)
