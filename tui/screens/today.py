"""Today: the first screen. What to do today, this week at a glance, questions that are
due, and anything to take care about; for a new person, a welcome and getting started.

The first frame shows the facts, never "reading…" (see `on_mount`): drawn from the view
an earlier launch kept for this day (`tui.core.kept_views`) or a child process worked
out while the app started (`tui.today_ahead`), or else from a read of the history made
just before it (with 2,000 sessions, 10-20 ms). Everything it shows comes from
`tui.core.today.today_view`, imported only when a view is worked out here (not for a
kept one: it brings the rules' modules).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalog import Catalog
from tui.core.dates import local_now, parse_stamp, short_date
from tui.core.errors import DataFileError, describe_error
from tui.core.paths import DataPaths
from tui.core.store.history import (
    History,
    HistoryReader,
    LogVersion,
    format_when,
    history_version,
    pain_text,
)
from tui.core.text import plural
from tui.core.today_view import DueQuestion, TodayView
from tui.screens import StyledWhenMounted
from tui.screens.reading import append_off_loop, read_history_off_loop, tell_problems
from tui.today_ahead import FirstView, ViewKeeper
from tui.widgets.hanging_text import HangingText
from tui.widgets.key_bar import KeyBar
from tui.widgets.mode_bar import ModeBar
from tui.widgets.text_items import NO_PREFIX, Item
from tui.widgets.too_small import Fitted

HINT_STYLE = "$text-muted"
ANOTHER = "another"

#: How often Today, left open, looks whether the day has changed.
DAY_CHECK_SECONDS = 60

#: When the first frame was drawn from a view worked out ahead, the history itself is
#: read this long after (for Today's questions, and for Progress, which shares the
#: reader): read at once, in a thread, it held up the thread writing that frame.
READ_AFTER_FIRST_FRAME_SECONDS = 0.25

WELCOME = (
    "Unknot guides you through gentle stretches and strengthening exercises for back "
    "pain, from the keyboard. It does not replace a doctor or physiotherapist: it never "
    "says what causes your pain, and it tells you when to see someone."
)
STEPS = (
    "a short safety check: 7 yes-or-no questions",
    "three plain questions: where it hurts, how you spend your day, how much time you have",
    "a starter routine to try, which you can change whenever you like",
)


def _label(text: str) -> Content:
    return Content.styled(f"{text:<11}", "bold")


def week_items(view: TodayView) -> list[Item]:
    """ "Mo Tu We Th Fr Sa Su" over a mark per day: ✓ done, · not, blank still to come."""
    heads: list[Content | str | tuple[str, str]] = []
    marks: list[Content | str | tuple[str, str]] = []
    for day, count in view.week:
        style = "bold underline" if day == view.today else HINT_STYLE
        heads += [(day.strftime("%a")[:2], style), " "]
        if day > view.today:
            marks.append("   ")
        elif count:
            marks.append(("✓" + ("+" if count > 1 else " ") + " ", "bold $success"))
        else:
            marks.append(("·  ", HINT_STYLE))
    done = sum(count for _, count in view.week)
    marks.append((f" {plural(done, 'session')}", HINT_STYLE))
    return [(_label("This week"), Content.assemble(*heads)), (_label(""), Content.assemble(*marks))]


def glance(view: TodayView) -> list[Item]:
    """This week, the streak and last time."""
    items = week_items(view)
    if view.streak:
        weeks = plural(view.streak, "week") + (" in a row" if view.streak > 1 else "")
        items.append(
            (
                _label("Streak"),
                Content.assemble(
                    (weeks, "bold $accent"),
                    (" with at least one session", HINT_STYLE),
                ),
            )
        )
    last = view.last
    if last is not None:
        pain = pain_text(last)
        change = ""
        if last.pain_before is not None and last.pain_after is not None:
            delta = last.pain_after - last.pain_before
            change = (
                " (the same)"
                if not delta
                else f" ({abs(delta)} {'lower' if delta < 0 else 'higher'})"
            )
        items.append(
            (
                _label("Last time"),
                Content.assemble(
                    (format_when(last), HINT_STYLE),
                    "  ",
                    (last.routine_name, "bold"),
                    (f"  pain {pain}{change}" if pain else "  no pain rating", HINT_STYLE),
                ),
            )
        )
    return items


def questions(view: TodayView, *, urgent: bool = False, safety_key: str = "s") -> list[Item]:
    """Due questions (the first answered by `a`) and the latest safety advice: `urgent`
    when its answers need medical help today; `safety_key` takes the check again."""
    items: list[Item] = []
    for number, question in enumerate(view.due):
        items.append(
            (
                _label("Due" if number == 0 else ""),
                Content.assemble(
                    ("a " if number == 0 else "  ", "bold $accent"),
                    (question.title, "bold"),
                    (f": {question.detail}" if question.detail else "", HINT_STYLE),
                ),
            )
        )
    check = view.safety
    when = parse_stamp(check.at) if check is not None else None
    if check is not None and check.yes and when is not None:
        answered = plural(len(check.yes), "question")
        doctor = "please get medical help today" if urgent else "please see a doctor soon"
        items.append(
            (
                _label("Safety"),
                Content.assemble(
                    (
                        f"On {short_date(when.date())} you answered yes to "
                        f"{answered} of the safety check: {doctor}.",
                        "$error",
                    ),
                    (f" {safety_key} takes the check again.", HINT_STYLE),
                ),
            )
        )
    return items


def advice(view: TodayView) -> list[Item]:
    """Cautions and a progression, each a headline and its why."""
    items: list[Item] = []
    for item in view.advice:
        label, style = ("Take care", "$warning") if item.caution else ("Next step", "$success")
        items.append(
            (
                Content.styled(f"{label:<11}", f"bold {style}"),
                Content.assemble((item.title, f"bold {style}"), " ", item.text),
            )
        )
    return items


class TodayScreen(StyledWhenMounted, Fitted, Screen[None]):
    """What to do today; for a new person, a welcome and getting started."""

    MIN_SIZE = (40, 10)
    WIDE_FROM = 120  # the sections side by side

    # The routines to start; for a new person (no list), the welcome.
    AUTO_FOCUS = "#choices, #today-body"
    CSS_PATH = "today.tcss"

    BINDINGS = [
        # Priority: over the list's own (hidden) enter, so the key bar shows what it does.
        Binding(
            "enter",
            "start",
            "Start",
            tooltip="Start the highlighted routine",
            id="today.start",
            priority=True,
        ),
        Binding(
            "enter",
            "get_started",
            "Get started",
            tooltip="Safety check, a few questions, a starter routine",
            id="today.get_started",
            priority=True,
        ),
        Binding(
            "a", "answer", "Answer", tooltip="Answer the question that is due", id="today.answer"
        ),
        Binding(
            "s",
            "safety",
            "Safety check",
            tooltip="Take the safety check (again)",
            id="today.safety",
        ),
        Binding("i", "guidance", "Guidance", tooltip="How to stretch safely", id="today.guidance"),
        Binding(
            "t",
            "questions",
            "Starter questions",
            tooltip="Answer the getting-started questions again for another starter",
            show=False,
            id="today.questions",
        ),
    ]

    def __init__(
        self,
        paths: DataPaths,
        catalog: Catalog,
        wall_clock: Callable[[], float] = time.time,
        reader: HistoryReader | None = None,
        *,
        ahead: FirstView | None = None,
        keeper: ViewKeeper | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.catalog = catalog
        self.wall_clock = wall_clock
        self.reader = reader or HistoryReader(paths)
        """Reads the history (shared with Progress: a log read once serves both)."""
        self.view: TodayView | None = None
        """What is shown; None until the history is read."""
        self.history: History | None = None
        self._read_version: tuple[LogVersion, ...] | None = None
        self.ahead = ahead
        """The first view, kept by an earlier launch or being worked out in a child process
        as the app started."""
        self._first: tuple[History | None, TodayView] | None = None
        """What the first frame shows, until it is: the history and its view, or a view
        worked out ahead (the history is read after that frame)."""
        self.keeper = keeper
        """Keeps Today's views for the next days for later launches (None: not kept)."""

    def compose(self) -> ComposeResult:
        # The history is read first: it says which parts to compose.
        self._first = self._read_at_once()
        new = self._first is not None and self._first[1].new_person
        self.set_class(new, "-new")
        # Only the parts this person sees (each widget is styled and laid out before the
        # first frame): a new person's welcome, or the routines and sections.
        yield ModeBar("today")
        yield Static(id="today-title")
        if not new:
            yield self._choices()
        with VerticalScroll(id="today-body"):
            yield self._welcome() if new else self._sections()
        yield KeyBar()

    async def _mount_parts(self, *, new: bool) -> None:
        """Make the parts on screen those that `new` needs (a new person who got started,
        or a returning person whose history was deleted): only a read after the first
        frame can change which. Each part on its own, so that a read cancelled halfway
        (by the next) leaves what the next one finishes."""
        body = self.query_one("#today-body", VerticalScroll)
        unneeded = ("#choices", "#today-sections") if new else ("#welcome",)
        for selector in unneeded:
            await self.query(selector).remove()
        if new and not body.query_children("#welcome"):
            await body.mount(self._welcome(), before=0)
        if not new and not self.query_children("#choices"):
            await self.mount(self._choices(), before=body)
        if not new and not body.query_children("#today-sections"):
            await body.mount(self._sections())

    @staticmethod
    def _welcome() -> HangingText:
        return HangingText(id="welcome")

    @staticmethod
    def _choices() -> OptionList:
        return OptionList(id="choices")

    @staticmethod
    def _sections() -> Vertical:
        # Side by side on a wide terminal, one above the other otherwise (today.tcss). Both
        # boxes are Verticals: a second container class costs the first frame its styles.
        return Vertical(
            Vertical(
                HangingText(id="glance", classes="section"),
                HangingText(id="questions", classes="section"),
                id="today-top",
            ),
            HangingText(id="advice", classes="section"),
            id="today-sections",
        )

    def _read_at_once(self) -> tuple[History | None, TodayView] | None:
        """The history and what Today makes of it, read now, or only the view if it was
        worked out ahead from the logs as they are; None for logs to read in a worker.

        Read now, before the first frame, when not worked out ahead: it is fast (see the
        module docstring), and a frame with the facts is better than a "reading…" frame
        followed by a jump. Not so for logs far larger than years of daily sessions (or
        on a slow disk): those are read in a worker, behind a "reading…" line.
        """
        self._read_version = self._history_version()
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            view = ahead.take(self._read_version, self.today())
            if view is not None:
                return None, view
        from tui.core.today import read_at_once  # not for a kept view: the rules' modules

        if not read_at_once(self._read_version):
            return None
        try:
            history = self.reader.read(self._read_version)  # the logs listed once
        except (OSError, DataFileError) as error:
            self.notify(describe_error(error, self.paths.history), severity="error")
            history = History()
        return history, self._view_of(history)

    def on_mount(self) -> None:
        self.set_interval(DAY_CHECK_SECONDS, self.check_the_day)
        if self._first is None:
            self.query_one("#today-title", Static).update(
                Content.styled("Reading your history…", HINT_STYLE)
            )
            self.reload()
            return
        history, view = self._first
        self._first = None
        self._show_view(history, view)
        if history is None:  # the view was worked out ahead: the history after this frame
            self.set_timer(READ_AFTER_FIRST_FRAME_SECONDS, self.reload)
        else:
            tell_problems(self, history)
            version = self._read_version
            if version is not None:
                keep = partial(self._keep_views, version, history)
                self.set_timer(READ_AFTER_FIRST_FRAME_SECONDS, keep)

    def _history_version(self) -> tuple[LogVersion, ...]:
        """Every log's name, size and time of change, to read them again only when one
        changed (or came or went)."""
        return history_version(self.paths)

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, just after on_mount's read: read again
        # only if a session, an answer or a sync has changed the log since.
        if self.view is not None and self._history_version() != self._read_version:
            self.reload()
        else:
            self.check_the_day()

    def check_the_day(self) -> None:
        """Left open overnight (or shown again on another day): the new day's week,
        streak and questions, from what was read (a day passing changes no log), or
        read now if the history has not been read yet (only a view worked out ahead)."""
        if self.view is None or self.today() == self.view.today:
            return
        if self.history is None:  # only the view worked out ahead so far
            self.reload()
        else:
            self._show_view(self.history, self._view_of(self.history))

    @work(exclusive=True, group="today-read")
    async def reload(self) -> None:
        """Read the history again (after a session, an answer, another device's sync)."""
        version = self._read_version = self._history_version()
        history = await read_history_off_loop(self, self.reader)
        if history is None:
            return
        view = self._view_of(history)
        if self.history is None and view == self.view:  # the view was worked out ahead
            self.history = history
        else:
            await self._mount_parts(new=view.new_person)
            self._show_view(history, view)
        self._keep_views(version, history)

    @work(exclusive=True, group="today-keep", exit_on_error=False)
    async def _keep_views(self, version: tuple[LogVersion, ...], history: History) -> None:
        """Keep Today's views for the next days of `history`, read from the logs at
        `version`, for the next launches (`ViewKeeper.keep`): in a thread. Once in each
        run for each version, a view kept by an earlier launch too: a wrong one is
        replaced, and the days kept start from today."""
        if self.keeper is not None:
            await asyncio.to_thread(self.keeper.keep, version, history)

    def today(self) -> date:
        return local_now(self.wall_clock).date()

    def _key(self, binding_id: str) -> str:
        """The person's key for `binding_id` (their keymap applied)."""
        from tui.widgets.key_names import app_key, bound_key

        return bound_key(self, binding_id) or app_key(self, binding_id)

    def _view_of(self, history: History) -> TodayView:
        from tui.core.today import today_view_of

        return today_view_of(history, self.catalog, local_now(self.wall_clock))

    def _show_view(self, history: History | None, view: TodayView) -> None:
        today = view.today
        self.history = history
        self.view = view
        was_new = self.has_class("-new")
        self.set_class(view.new_person, "-new")
        title = f"Today · {today.strftime('%A')} {today.day} {today.strftime('%B')}"
        self.query_one("#today-title", Static).update(Content.styled(title, "bold"))
        if view.new_person:
            self._show_welcome()
            # No list of routines: the welcome takes the keys, to scroll it.
            if self.focused is None or not self.focused.is_attached:
                self.query_one("#today-body").focus()
        else:
            self._show_choices(view)
            if was_new:  # just got started: the routines to choose from take the keys
                self.query_one("#choices").focus()
            self.query_one("#glance", HangingText).update(glance(view))
            self.query_one("#questions", HangingText).update(
                questions(view, urgent=view.safety_urgent, safety_key=self._key("today.safety"))
            )
            self.query_one("#advice", HangingText).update(advice(view))
            self.query_one("#questions").display = bool(
                view.due or (view.safety and view.safety.yes)
            )
            self.query_one("#advice").display = bool(view.advice)
        self.refresh_bindings()

    def _show_welcome(self) -> None:
        blank: Item = (NO_PREFIX, Content(""))
        steps: list[Item] = [
            (Content.styled(f"  {number}. ", "bold $accent"), Content(step))
            for number, step in enumerate(STEPS, start=1)
        ]
        self.query_one("#welcome", HangingText).update(
            [
                (NO_PREFIX, Content.styled("Welcome to Unknot", "bold $accent")),
                blank,
                (NO_PREFIX, Content(WELCOME)),
                blank,
                (NO_PREFIX, Content.styled("Getting started takes about a minute:", "bold")),
                *steps,
                blank,
                (
                    NO_PREFIX,
                    Content.assemble(
                        ("Press ", HINT_STYLE),
                        (self._key("today.get_started"), "bold $accent"),
                        (" to begin. Or look around first: ", HINT_STYLE),
                        (self._key("app.exercises"), "bold $accent"),
                        (" Exercises, ", HINT_STYLE),
                        (self._key("app.routines"), "bold $accent"),
                        (" Routines.", HINT_STYLE),
                    ),
                ),
            ]
        )

    def _show_choices(self, view: TodayView) -> None:
        listing = self.query_one("#choices", OptionList)
        kept = listing.highlighted
        options = [
            Option(
                Content.assemble(
                    ("▶ " if index == 0 else "  ", "bold $accent"),
                    (choice.routine, "bold"),
                    (f"  {choice.why}", HINT_STYLE),
                ),
                id=str(index),
            )
            for index, choice in enumerate(view.choices)
        ]
        options.append(
            Option(
                Content.assemble(
                    "  ", ("Another routine…", "bold"), ("  choose in Routines", HINT_STYLE)
                ),
                id=ANOTHER,
            )
        )
        listing.set_options(options)
        listing.highlighted = kept if kept is not None and kept < len(options) else 0

    # ---- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if view is None:
            return True
        if action == "start":
            return not view.new_person
        if action == "get_started":
            return view.new_person
        if action == "answer":
            return bool(view.due)
        return True

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        view = self.view
        listing = self.query_one("#choices", OptionList)
        if view is None or listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id == ANOTHER:
            self.app.switch_mode("routines")
            return
        choice = view.choices[int(option.id or 0)]
        self.app.start_routine_named(choice.routine)  # type: ignore[attr-defined]

    @work(exclusive=True, group="today-flow")
    async def action_get_started(self) -> None:
        """The new person's flow: safety check, questions, a starter routine."""
        from tui.screens.safety import safe_to_start

        if not await safe_to_start(self.app, self.paths, self.wall_clock):
            self.reload()
            return
        await self._starter_questions()

    def action_guidance(self) -> None:
        from tui.screens.help import GuidanceScreen

        self.app.push_screen(GuidanceScreen(self.catalog.guidance))

    @work(exclusive=True, group="today-flow")
    async def action_questions(self) -> None:
        await self._starter_questions()

    async def _starter_questions(self) -> None:
        from tui.core.dates import now_stamp
        from tui.core.rules import intake_entry, intake_suggestion
        from tui.screens.welcome import IntakeScreen, SuggestionScreen

        intake = await self.app.push_screen_wait(IntakeScreen())
        if intake is None:
            self.reload()
            return
        starters = await asyncio.to_thread(self._starters)
        choice = intake_suggestion(intake, [name for name, _, _ in starters])
        entry = intake_entry(intake, choice.routine, now_stamp(self.wall_clock))
        await append_off_loop(self, self.paths, entry)
        exercises, minutes = next(
            ((names, minutes) for name, names, minutes in starters if name == choice.routine),
            ([], None),
        )
        start = await self.app.push_screen_wait(SuggestionScreen(choice, exercises, minutes))
        self.reload()
        if start:
            self.app.start_routine_named(choice.routine)  # type: ignore[attr-defined]

    def _starters(self) -> list[tuple[str, list[str], int | None]]:
        """(name, exercise names, estimated minutes) of each starter routine."""
        from tui.core.plan import estimate_seconds
        from tui.core.store.routines import load_starters

        found = []
        for routine in load_starters():
            names = [exercise.name for _, exercise in routine.resolve(self.catalog) if exercise]
            try:
                minutes: int | None = round(estimate_seconds(routine, self.catalog) / 60)
            except (ValueError, TypeError):
                minutes = None
            found.append((routine.name, names, minutes))
        return found

    @work(exclusive=True, group="today-flow")
    async def action_answer(self) -> None:
        if self.view is None or not self.view.due:
            return
        await self.answer(self.view.due[0])
        self.reload()

    async def answer(self, question: DueQuestion) -> None:
        """Ask `question`; a kind added later gets its own branch here."""
        if question.kind == "safety":
            from tui.screens.safety import take_safety_check

            await take_safety_check(self.app, self.paths, self.wall_clock, explain=question.detail)
        elif question.kind == "pain_check":
            from tui.screens.session_dialogs import answer_pain_check

            record = self.view.last if self.view is not None else None
            if record is not None:
                await answer_pain_check(self.app, self.paths, record)
        elif question.kind == "psfs":
            from tui.screens.psfs import rate_activities

            history = self.history or await read_history_off_loop(self, self.reader)
            await rate_activities(self.app, self.paths, self.wall_clock, history)
        else:
            self.notify(f"Unknot cannot ask '{question.title}' here yet.", severity="warning")

    @work(exclusive=True, group="today-flow")
    async def action_safety(self) -> None:
        from tui.screens.safety import take_safety_check

        await take_safety_check(self.app, self.paths, self.wall_clock)
        self.reload()
