"""The history screen reads the log off the UI thread, newest first, skipping torn lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.paths import DataPaths
from tui.core.record import SessionRecord
from tui.core.store.history import device_log, format_when, load_history
from tui.screens.history import HistoryScreen, session_row
from tui.widgets.key_bar import KeyBar

CATALOG = load_catalog(default_catalog_path())


class HistoryApp(App[None]):
    def __init__(self, paths: DataPaths) -> None:
        super().__init__()
        self.paths = paths

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(self.paths, CATALOG))


def record(started_at: str, routine: str, *, finished: bool = True, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "started_at": started_at,
        "routine_name": routine,
        "active_seconds": 612.4,
        "planned_seconds": 700.0,
        "finished": finished,
        "exercises": [
            {"entry_index": 0, "id": "cobra", "name": "Cobra", "outcome": "done"},
            {"entry_index": 1, "id": "bridge", "name": "Bridge", "outcome": "painful"},
            {"entry_index": 2, "id": "plank", "name": "Plank", "outcome": "not_reached"},
        ],
    }
    data.update(extra)
    return data


FIRST = record("2025-03-03T08:30:00+01:00", "Morning mobility", pain_before=4, pain_after=2)
SECOND = record("2025-03-04T18:05:00+01:00", "Desk break [b]x[/b]", finished=False)


def write_log(paths: DataPaths, *, torn: bool = True) -> None:
    lines = [json.dumps(FIRST), json.dumps(SECOND)]
    data = "\n".join(lines) + "\n"
    if torn:
        data += json.dumps(record("2025-03-05T07:00:00+01:00", "Torn"))[:40]  # crash mid-write
    log = device_log(paths).path
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(data, encoding="utf-8")


async def loaded(pilot: Pilot[None]) -> HistoryScreen:
    await pilot.pause()
    for worker in list(pilot.app.workers):
        await worker.wait()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def shown(screen: HistoryScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def test_read_history_is_newest_first_and_counts_torn_lines(isolated_data_dir: Path) -> None:
    paths = DataPaths(isolated_data_dir)
    assert load_history(paths).records == []
    write_log(paths)
    history = load_history(paths)
    assert [r.routine_name for r in history.records] == ["Desk break [b]x[/b]", "Morning mobility"]
    assert history.unreadable == 1


async def test_lists_sessions_newest_first_with_details(isolated_data_dir: Path) -> None:
    paths = DataPaths(isolated_data_dir)
    write_log(paths)
    app = HistoryApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        title = shown(screen, "#history-title")
        assert "2 sessions" in title
        assert "1 unreadable line skipped" in title
        listing = screen.query_one("#sessions", OptionList)
        assert listing.option_count == 2
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(2)]
        newest = SessionRecord.from_dict(SECOND)
        longest = max(len(FIRST["routine_name"]), len(SECOND["routine_name"]))
        assert rows[0] == str(session_row(newest, longest))  # names padded to the longest
        assert format_when(newest) in rows[0]
        assert "Desk break [b]x[/b]" in rows[0]  # literal text, not markup
        assert "Ended early" in rows[0]
        assert "10 min" in rows[0]
        assert "4 → 2" in rows[1]
        assert "Finished" in rows[1]

        detail = shown(screen, "#history-detail-text")
        assert "Desk break [b]x[/b]" in detail
        assert "Painful" in detail and "Not reached" in detail

        await pilot.press("down")
        detail = shown(screen, "#history-detail-text")
        assert "Morning mobility" in detail
        assert "pain 4 → 2" in detail

        # A session recorded meanwhile appears on reload, the highlight stays put.
        device_log(paths).append(record("2025-03-06T07:00:00+01:00", "Evening"))
        await pilot.press("r")
        screen = await loaded(pilot)
        assert listing.option_count == 3
        assert "Evening" in str(listing.get_option_at_index(0).prompt)
        assert "1 unreadable line" in shown(screen, "#history-title")
        assert listing.highlighted == 2  # still Morning mobility, now one row lower
        assert "Morning mobility" in shown(screen, "#history-detail-text")


async def test_empty_history_says_how_to_start(isolated_data_dir: Path) -> None:
    app = HistoryApp(DataPaths(isolated_data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert screen.has_class("-empty")
        assert "No sessions yet." in shown(screen, "#history-detail-text")
        assert "0 sessions" in shown(screen, "#history-title")


async def test_a_long_session_detail_scrolls_by_keys(isolated_data_dir: Path) -> None:
    paths = DataPaths(isolated_data_dir)
    many = [
        {"entry_index": i, "id": f"ex-{i}", "name": f"Exercise {i}", "outcome": "done"}
        for i in range(15)
    ]
    device_log(paths).append(record("2025-03-03T08:30:00+01:00", "Long", exercises=many))
    app = HistoryApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        detail = screen.query_one("#history-detail")
        assert "Details" in str(screen.query_one(KeyBar).render())
        await pilot.press("enter")
        assert app.focused is detail
        await pilot.press("end")
        assert detail.scroll_offset.y > 0
        await pilot.press("escape")
        assert app.focused is screen.query_one("#sessions")


def test_rows_give_names_room_first_then_keep_their_columns() -> None:
    long_name = "Evening back stretches for after a long day (imported 2)"
    row = session_row(SessionRecord.from_dict(record(FIRST["started_at"], long_name)), 56)
    wide, at_80, at_60 = (row.line(width).plain for width in (116, 76, 56))
    assert long_name in wide and "Finished" in wide and "10 min" in wide
    # 80 columns: the date and status shorten, the name keeps 36 cells, duration stays.
    assert "Evening back stretches for after a …" in at_80 and "10 min" in at_80
    assert "Mon" not in at_80 and "done" in at_80
    # 60 columns: the duration and pain give way before the name goes below 30 cells.
    assert "10 min" not in at_60 and len(at_60.rstrip()) <= 56
    short = session_row(SessionRecord.from_dict(FIRST), len("Morning mobility"))
    assert short.line(116).plain.startswith(
        f"{format_when(SessionRecord.from_dict(FIRST))}  Morning mobility  "
    )
