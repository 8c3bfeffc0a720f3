"""The report for a physiotherapist: golden files, escaping, periods, the command and speed.

Regenerate the golden files after checking a change is right:
`UNKNOT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_report.py`.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from support import exercise_data

from tui.cli import main
from tui.core.catalog import parse_catalog
from tui.core.paths import DataPaths
from tui.core.psfs import psfs_entry
from tui.core.report import build_report, parse_since, report_html, report_markdown
from tui.core.routine import Routine, RoutineEntry
from tui.core.safety import SafetyCheck, ack_entry, check_entry, load_safety
from tui.core.store.history import History, device_log, read_history
from tui.core.synthetic import session_record, synthetic_history, write_history

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 3, 25)
HOSTILE = "Evening <script>alert(1)</script> *stretch* | [x](y)"

CATALOG = parse_catalog(
    {
        "title": "Report test catalogue",
        "exercise": [
            exercise_data(),
            exercise_data(
                id="bridge",
                name="Bridge",
                category="strength",
                dosage={"reps": 10, "sets": 2, "rep_seconds": 4},
            ),
        ],
    },
    Path("report-test.toml"),
)
ROUTINES = {
    "Morning mobility": Routine(
        name="Morning mobility", exercise=(RoutineEntry(id="knee-to-chest"),)
    ),
    "Core and stability": Routine(
        name="Core and stability",
        exercise=(RoutineEntry(id="knee-to-chest"), RoutineEntry(id="bridge")),
    ),
    HOSTILE: Routine(name=HOSTILE, exercise=(RoutineEntry(id="missing-one"),)),
}


def at(day: int, hour: int = 8) -> str:
    return datetime(2026, 3, day, hour, tzinfo=UTC).isoformat()


def report_history() -> History:
    """Ten weeks of sessions with PSFS ratings, a hostile name, a note, and a safety
    check with a yes that was acknowledged."""
    lines: list[dict[str, Any]] = synthetic_history(70, end=TODAY, seed=3)
    lines.append(
        session_record(
            datetime(2026, 3, 24, 19, tzinfo=UTC),
            HOSTILE,
            pain_before=5,
            pain_after=6,
            painful=["knee-to-chest"],
            finished=False,
            reached=1,
        )
    )
    check = check_entry({"night-pain": True, "fall-accident": False}, at(20), "hurt")
    lines += [check, ack_entry(SafetyCheck(at=check["at"]), at(20, 9))]
    lines.append({"kind": "check", "at": at(21), "note": "Calf felt <b>tight</b> & sore"})
    lines.append(psfs_entry([("Tying shoes | laces", 4)], at(22)))
    history = History()
    for line in lines:
        if "kind" in line:
            history.entries.append(line)
    import json

    from tui.core.record import SessionRecord

    history.records = [
        SessionRecord.from_dict(json.loads(json.dumps(line)))
        for line in lines
        if "kind" not in line
    ]
    history.records.reverse()
    return history


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UNKNOT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} changed: review, then update the golden file"


@pytest.mark.parametrize("since", ["4w", "all"])
def test_markdown_report_matches_its_golden_file(since: str) -> None:
    report = build_report(report_history(), ROUTINES, CATALOG, TODAY, since, load_safety())
    check_golden(f"report-{since}.md", report_markdown(report))


@pytest.mark.parametrize("since", ["4w", "all"])
def test_html_report_matches_its_golden_file(since: str) -> None:
    report = build_report(report_history(), ROUTINES, CATALOG, TODAY, since, load_safety())
    check_golden(f"report-{since}.html", report_html(report))


def test_text_from_files_is_escaped_for_each_format() -> None:
    report = build_report(report_history(), ROUTINES, CATALOG, TODAY, "4w", load_safety())
    page = report_html(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>tight</b>" not in page and "&lt;b&gt;tight&lt;/b&gt; &amp; sore" in page
    markdown = report_markdown(report)
    assert "\\<script\\>" in markdown and "\\*stretch\\*" in markdown
    assert "Tying shoes \\| laces" in markdown  # cannot break the table


def test_the_report_says_what_a_physiotherapist_needs() -> None:
    report = build_report(report_history(), ROUTINES, CATALOG, TODAY, "4w", load_safety())
    markdown = report_markdown(report)
    for heading in (
        "## Summary",
        "## Sessions per week",
        "## Pain before and after sessions",
        "## Activities (Patient-Specific Functional Scale)",
        "## Exercises that hurt",
        "## Routines used",
        "## Notes",
        "## Safety check answers",
    ):
        assert heading in markdown
    assert "usually meaningful" in markdown
    assert "Is there severe pain at night" in markdown and "| yes |" in markdown
    assert "Knee to chest: Hold 30 s · 3 reps · each side" in markdown
    assert "ended the session 1x" in markdown
    assert "not a clinical assessment" in markdown and "never diagnoses" in markdown
    page = report_html(report)
    assert "@media print" in page and "<svg" in page


def test_periods() -> None:
    assert parse_since("4w", TODAY) == (date(2026, 2, 26), "the last 4 weeks")
    assert parse_since("1d", TODAY) == (TODAY, "the last 1 day")
    assert parse_since("all", TODAY) == (None, "everything recorded")
    assert parse_since("2026-01-31", TODAY) == (date(2026, 1, 31), "since 31 Jan 2026")
    assert parse_since("9999y", TODAY) == (None, "everything recorded")  # before year 1
    for bad in ("4", "w", "0w", "yesterday", "2026-02-30", "2026-04-01"):  # the last: ahead
        with pytest.raises(ValueError):
            parse_since(bad, TODAY)


def test_an_empty_history_still_makes_a_report() -> None:
    report = build_report(History(), {}, CATALOG, TODAY, "4w", load_safety())
    assert "No pain ratings in this period." in report_markdown(report)
    assert "No safety check on record." in report_html(report)


def test_five_years_of_daily_sessions_in_under_a_second(tmp_path: Path) -> None:
    path = write_history(device_log(DataPaths(tmp_path)).path, synthetic_history(1830, end=TODAY))
    start = time.process_time()  # CPU time: the machine's other load does not count
    report = build_report(read_history(path), ROUTINES, CATALOG, TODAY, "all", load_safety())
    report_html(report)
    report_markdown(report)
    assert time.process_time() - start < 1.0


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    paths = DataPaths(data)
    write_history(device_log(paths).path, synthetic_history(30, end=date.today()))
    device_log(paths).append(
        session_record(datetime.now(UTC), "Desk\x1b]0;x\x07 break", pain_before=3, pain_after=1)
    )
    assert main(["--data-dir", str(data), "report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Back exercise progress report") and "\x1b" not in out
    target = tmp_path / "out" / "report.html"
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "report",
                "--since",
                "all",
                "--format",
                "html",
                "--out",
                str(target),
            ]
        )
        == 0
    )
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert main(["--data-dir", str(data), "report", "--since", "soon"]) == 1
    assert "not a period" in capsys.readouterr().err
