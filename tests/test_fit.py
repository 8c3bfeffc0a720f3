"""The "terminal too small" notice any screen can declare a minimum size for (Fitted)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Label

from tui.widgets.too_small import Fitted, TooSmall


class Ticking(Fitted, Screen[None]):
    """A screen that keeps counting, like a session keeps time."""

    MIN_SIZE = (50, 15)
    NARROW_BELOW = 100
    WIDE_FROM = 100

    def __init__(self) -> None:
        super().__init__()
        self.ticks = 0

    def compose(self) -> ComposeResult:
        yield Label("counting")
        yield Input(id="answer")

    def on_mount(self) -> None:
        self.set_interval(0.01, self.tick)

    def tick(self) -> None:
        self.ticks += 1

    def too_small_text(self, size):  # type: ignore[no-untyped-def]
        return super().too_small_text(size) + "\nThe count goes on."


class TickingApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Ticking())


async def test_below_its_minimum_a_screen_says_so_and_carries_on_behind() -> None:
    app = TickingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, Ticking)
        screen.query_one(Input).focus()
        await pilot.pause()
        assert not screen.too_small and not screen.query(TooSmall)
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        assert screen.too_small
        notice = screen.query_one(TooSmall)
        text = str(notice.render())
        assert "Terminal too small" in text and "needs at least 50x15" in text
        assert "(now 40x24)" in text and "The count goes on." in text
        assert not screen.query_one(Label).display or not screen.query_one(Label).region
        before = screen.ticks
        await pilot.pause(0.1)
        assert screen.ticks > before  # the screen keeps working behind the notice
        await pilot.resize_terminal(60, 12)  # wide enough, too short
        await pilot.pause()
        assert "(now 60x12)" in str(notice.render())
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await pilot.pause()
        assert not screen.too_small and not notice.region
        assert screen.has_class("-wide") and not screen.has_class("-narrow")
        assert screen.focused is screen.query_one(Input)  # focus comes back where it was


async def test_layout_classes_follow_a_resize_made_under_a_dialog() -> None:
    """A resize under a dialog reaches the screen's classes when it is back on top."""
    from tui.screens.dialogs import ConfirmScreen

    app = TickingApp()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert screen.has_class("-wide")
        app.push_screen(ConfirmScreen("Sure?"))
        await pilot.pause()
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert screen.has_class("-narrow") and not screen.has_class("-wide")
