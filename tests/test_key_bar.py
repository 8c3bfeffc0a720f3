"""The key bar repaints when the keys it shows change, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from tui.widgets.key_bar import KeyBar


class Keys(Screen[None]):
    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("p", "pause", "Pause"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.can_pause = False

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pause":
            return self.can_pause or None  # shown greyed out until it applies
        return True


class KeysApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Keys())


def bar_text(app: App[None]) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_refreshing_unchanged_bindings_leaves_the_bar_alone() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 3)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        renders: list[object] = []
        real = bar.render
        bar.render = lambda: renders.append(1) or real()  # type: ignore[method-assign]
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        assert renders == []


async def test_a_key_that_starts_to_apply_is_repainted() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 3)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Keys)
        bar = screen.query_one(KeyBar)
        assert "Pause" in bar_text(app)
        renders: list[object] = []
        real = bar.render
        bar.render = lambda: renders.append(1) or real()  # type: ignore[method-assign]
        screen.can_pause = True
        screen.refresh_bindings()
        await pilot.pause()
        assert renders  # enabled now: drawn in the key colour, and clickable
