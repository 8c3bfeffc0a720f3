"""The progress meter: as many cells filled as the fraction says, at any width."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.widgets.meter import Meter


class MeterApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Meter()


async def test_the_meter_fills_its_share_of_cells_and_follows_a_resize() -> None:
    app = MeterApp()
    async with app.run_test(size=(40, 3)) as pilot:
        meter = app.query_one(Meter)
        meter.fraction = 0.5
        await pilot.pause()
        assert meter.filled == 20
        line = meter.render_line(0)
        assert line.cell_length == 40 and line.text == " " * 40
        await pilot.resize_terminal(80, 3)
        await pilot.pause()
        assert meter.filled == 40
        for wrong, cells in ((float("nan"), 0), (-1.0, 0), (2.0, 80)):
            meter.fraction = wrong
            assert meter.filled == cells
