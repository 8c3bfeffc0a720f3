"""A report for a physiotherapist: what the person recorded, as Markdown or HTML.

`build_report` gathers the facts from the history (sessions, PSFS ratings, safety checks)
and the routines; `report_markdown` and `report_html` write them out. Text that came from
files (routine, exercise and activity names, notes) is escaped for each format: inert
Markdown, HTML entities. The HTML has print styles that fit A4 and Letter alike.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tui.core.catalog import Catalog
from tui.core.charts import pain_svg, span_words, text_pain_chart
from tui.core.dates import long_date, stamp_day, week_start
from tui.core.errors import DataFileError
from tui.core.paths import DataPaths
from tui.core.progress import (
    MEANINGFUL_WORDING,
    HurtingExercise,
    PainBucket,
    RoutineStats,
    average,
    bucket_pain,
    dated,
    hurting_exercises,
    pain_change_words,
    pain_points,
    routine_stats,
)
from tui.core.psfs import SCALE_WORDING, ActivitySeries, activity_series, psfs_entries
from tui.core.record import Outcome, SessionRecord
from tui.core.routine import Routine
from tui.core.safety import SafetyCheck, SafetyWording, safety_checks, session_notes
from tui.core.store.history import History
from tui.core.text import plural

#: Weeks listed one by one; longer reports list months.
WEEKLY_LIMIT = 26
CHART_COLUMNS = 60
NOTICE = (
    "What the person recorded in Unknot, an exercise app for back pain: their own "
    "ratings and notes, not a clinical assessment. Unknot never diagnoses."
)


@dataclass(frozen=True)
class Period:
    """A span of whole weeks or months with its sessions."""

    first: date
    label: str
    sessions: int
    before: float | None
    after: float | None


@dataclass(frozen=True)
class HurtDetail:
    """An exercise that hurt, and what the person did about it each time."""

    exercise: HurtingExercise
    carried_on: int
    """Times the session went on to its end after it."""
    ended: int
    """Times the session ended early after it."""


@dataclass(frozen=True)
class RoutineUsed:
    stats: RoutineStats
    routine: Routine | None
    """The routine as it is now; None if it no longer exists."""


@dataclass
class Report:
    """Everything a report says."""

    today: date
    first: date
    """The first day covered."""
    since_words: str
    """How the period was chosen, e.g. "the last 4 weeks"."""
    sessions: list[SessionRecord]
    """Sessions in the period, oldest first."""
    periods: list[Period]
    period_unit: str
    """ "week" or "month"."""
    span: int
    buckets: list[PainBucket]
    psfs: list[ActivitySeries]
    hurting: list[HurtDetail]
    routines: list[RoutineUsed]
    notes: list[tuple[date, str]]
    checks: list[SafetyCheck]
    wording: SafetyWording | None
    catalog: Catalog
    finished: int = field(default=0)


def parse_since(text: str, today: date) -> tuple[date | None, str]:
    """ "4w", "30d", "6m", "1y", "all" or a date (2026-01-31) -> (first day, in words)."""
    text = text.strip().lower()
    if text == "all":
        return None, "everything recorded"
    match = re.fullmatch(r"(\d{1,4})\s*([dwmy])", text)
    if match:
        count, unit = int(match[1]), match[2]
        if count < 1:
            raise ValueError("the period must be at least 1")
        days = {"d": 1, "w": 7, "m": 30, "y": 365}[unit] * count
        noun = {"d": "day", "w": "week", "m": "month", "y": "year"}[unit]
        try:
            first = today - timedelta(days=days - 1)
        except OverflowError:  # further back than the calendar goes: all of it
            return None, "everything recorded"
        return first, f"the last {plural(count, noun)}"
    try:
        first = date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a period: use e.g. 4w, 30d, 6m, 1y, all or 2026-01-31"
        ) from None
    if first > today:
        raise ValueError(f"'{text}' is after today: the report covers days gone by")
    return first, f"since {long_date(first)}"


def build_report(
    history: History,
    routines: Mapping[str, Routine],
    catalog: Catalog,
    today: date,
    since: str = "4w",
    wording: SafetyWording | None = None,
) -> Report:
    """The facts for a report of the period `since` (see `parse_since`) up to `today`."""
    first, since_words = parse_since(since, today)
    by_day = [(day, r) for day, r in dated(history.records) if day <= today]
    if first is None:
        first = by_day[0][0] if by_day else today
    in_range = [(day, r) for day, r in by_day if day >= first]
    sessions = [r for _, r in in_range]
    periods, unit = _periods(in_range, first, today)
    span, buckets = bucket_pain(pain_points(in_range), first, today, CHART_COLUMNS)
    entries = [
        entry
        for entry in history.entries
        if (day := stamp_day(entry.get("at"))) is not None and first <= day <= today
    ]
    all_checks = safety_checks(history.entries)
    before = [c for c in all_checks if (d := stamp_day(c.at)) is not None and d < first]
    during = [c for c in all_checks if (d := stamp_day(c.at)) is not None and first <= d <= today]
    checks = before[-1:] + during
    notes = sorted(
        (day, text)
        for stamp, text in session_notes(sessions, entries)
        if (day := stamp_day(stamp)) is not None
    )
    return Report(
        today=today,
        first=first,
        since_words=since_words,
        sessions=sessions,
        periods=periods,
        period_unit=unit,
        span=span,
        buckets=buckets,
        psfs=activity_series(psfs_entries(entries)),
        hurting=_hurt_details(in_range),
        routines=[RoutineUsed(s, routines.get(s.name)) for s in routine_stats(in_range)],
        notes=notes,
        checks=checks,
        wording=wording,
        catalog=catalog,
        finished=sum(1 for r in sessions if r.finished),
    )


def _periods(
    sessions: Sequence[tuple[date, SessionRecord]], first: date, today: date
) -> tuple[list[Period], str]:
    weekly = (today - week_start(first)).days // 7 + 1 <= WEEKLY_LIMIT
    groups: dict[date, list[SessionRecord]] = {}
    start = week_start(first) if weekly else first.replace(day=1)
    while start <= today:
        groups[start] = []
        start = start + timedelta(days=7) if weekly else _next_month(start)
    for day, record in sessions:
        key = week_start(day) if weekly else day.replace(day=1)
        groups.setdefault(key, []).append(record)
    periods = []
    for start, records in groups.items():
        label = long_date(start) if weekly else start.strftime("%b %Y")
        periods.append(
            Period(
                start,
                label,
                len(records),
                average(r.pain_before for r in records if r.pain_before is not None),
                average(r.pain_after for r in records if r.pain_after is not None),
            )
        )
    return periods, "week" if weekly else "month"


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _hurt_details(sessions: Sequence[tuple[date, SessionRecord]]) -> list[HurtDetail]:
    details = []
    for exercise in hurting_exercises(sessions, limit=10):
        carried_on = ended = 0
        for _, record in sessions:
            if any(r.id == exercise.id and r.outcome is Outcome.PAINFUL for r in record.exercises):
                if record.finished:
                    carried_on += 1
                else:
                    ended += 1
        details.append(HurtDetail(exercise, carried_on, ended))
    return details


# --------------------------------------------------------------------------- shared words


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def summary_lines(report: Report) -> list[str]:
    """The summary in plain sentences (escaped by the caller)."""
    count = len(report.sessions)
    weeks = max(1, ((report.today - report.first).days + 1) / 7)
    ended = count - report.finished
    before = average(r.pain_before for r in report.sessions if r.pain_before is not None)
    after = average(r.pain_after for r in report.sessions if r.pain_after is not None)
    changes = [
        r.pain_after - r.pain_before
        for r in report.sessions
        if r.pain_after is not None and r.pain_before is not None
    ]
    lines = [
        f"Sessions: {count} ({report.finished} finished, {ended} ended early), "
        f"{count / weeks:.1f} a week on average.",
        f"Pain before sessions: {_number(before)} on average; after: {_number(after)} "
        "(0 = no pain, 10 = worst imaginable).",
        f"Within a session: {pain_change_words(average(changes))}.",
    ]
    if report.checks:
        latest = report.checks[-1]
        when = long_date(stamp_day(latest.at) or report.today)
        words = _check_words(report, latest)
        lines.append(f"Last safety check: {when}, {words}{'' if words.endswith('?') else '.'}")
    else:
        lines.append("No safety check on record.")
    return lines


def _check_words(report: Report, check: SafetyCheck) -> str:
    if not check.yes:
        return f"no to all {len(check.answers)} questions" if check.answers else "no answers"
    wording = report.wording
    texts = [wording.question_text(q) if wording else q for q in check.yes]
    return "yes to: " + "; ".join(texts)


def _dosage(report: Report, routine: Routine) -> list[tuple[str, str]]:
    rows = []
    for entry, exercise in routine.resolve(report.catalog):
        if exercise is None:
            rows.append((entry.id, "not in the catalogue"))
            continue
        dosage = entry.dosage if entry.dosage is not None else exercise.dosage
        rows.append((exercise.name, dosage.describe()))
    return rows


def _dates(days: Iterable[date]) -> str:
    unique = sorted(set(days))
    shown = [long_date(day) for day in unique[-6:]]
    earlier = len(unique) - len(shown)
    return ", ".join(shown) + (f" and {earlier} earlier" if earlier else "")


# --------------------------------------------------------------------------- Markdown

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    """Text from a file as inert Markdown on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def report_markdown(report: Report) -> str:
    """The report as Markdown, with a text chart."""
    out = [
        "# Back exercise progress report",
        "",
        f"Covering {long_date(report.first)} to {long_date(report.today)} "
        f"({report.since_words}). Generated by Unknot on {long_date(report.today)}.",
        "",
        f"> {NOTICE}",
        "",
        "## Summary",
        "",
        *(f"- {_md(line)}" for line in summary_lines(report)),
        "",
        f"## Sessions per {report.period_unit}",
        "",
        f"| {report.period_unit.capitalize()} of | Sessions | Pain before | Pain after |",
        "|---|---:|---:|---:|",
        *(
            f"| {p.label} | {p.sessions} | {_number(p.before)} | {_number(p.after)} |"
            for p in report.periods
        ),
        "",
        "## Pain before and after sessions",
        "",
    ]
    if any(b.before is not None or b.after is not None for b in report.buckets):
        out += ["```text", *text_pain_chart(report.span, report.buckets), "```", ""]
        out += [
            f"Each column is the average over {span_words(report.span)}. "
            f"{MEANINGFUL_WORDING.capitalize()}.",
            "",
        ]
    else:
        out += ["No pain ratings in this period.", ""]
    out += ["## Activities (Patient-Specific Functional Scale)", ""]
    if report.psfs:
        out += [
            f"Rated every two weeks: {SCALE_WORDING}. {MEANINGFUL_WORDING.capitalize()}.",
            "",
            "| Activity | First | Latest | Change | Scores |",
            "|---|---:|---:|---:|---|",
        ]
        for series in report.psfs:
            first_day, first_score = series.points[0]
            last_day, last_score = series.points[-1]
            change = "–" if series.change is None else f"{series.change:+d}"
            scores = ", ".join(f"{day.day} {day:%b}: {score}" for day, score in series.points[-8:])
            out.append(
                f"| {_md(series.activity)} | {first_score} ({long_date(first_day)}) | "
                f"{last_score} ({long_date(last_day)}) | {change} | {scores} |"
            )
        out.append("")
    else:
        out += ["No activities rated in this period.", ""]
    out += ["## Exercises that hurt", ""]
    if report.hurting:
        out += ["| Exercise | Times (of tries) | Then | Dates |", "|---|---:|---|---|"]
        for detail in report.hurting:
            ex = detail.exercise
            out.append(
                f"| {_md(ex.name)} | {ex.times} (of {ex.tried}) | {_then(detail)} | "
                f"{_dates(ex.days)} |"
            )
        out.append("")
    else:
        out += ["No exercise was marked as hurting in this period.", ""]
    out += ["## Routines used", ""]
    if not report.routines:
        out += ["No sessions in this period.", ""]
    for used in report.routines:
        stats = used.stats
        out += [
            f"### {_md(stats.name)}",
            "",
            f"{plural(stats.sessions, 'session')}, the last on {long_date(stats.last)}; "
            f"{_md(pain_change_words(stats.change))}.",
            "",
        ]
        if used.routine is None:
            out += ["(This routine is no longer among the person's routines.)", ""]
            continue
        out += [f"- {_md(name)}: {_md(dosage)}" for name, dosage in _dosage(report, used.routine)]
        out.append("")
    out += ["## Notes", ""]
    out += [f"- {long_date(day)}: {_md(text)}" for day, text in report.notes] or [
        "No notes in this period."
    ]
    out += ["", "## Safety check answers", ""]
    if report.checks:
        out += ["| Date | Answers | Advice acknowledged |", "|---|---|---|"]
        for check in report.checks:
            when = long_date(stamp_day(check.at) or report.today)
            acknowledged = "yes" if check.acknowledged else ("–" if not check.yes else "not yet")
            out.append(f"| {when} | {_md(_check_words(report, check))} | {acknowledged} |")
    else:
        out.append("No safety check on record.")
    return "\n".join(out).rstrip("\n") + "\n"


def _then(detail: HurtDetail) -> str:
    parts = []
    if detail.carried_on:
        parts.append(f"carried on {detail.carried_on}x")
    if detail.ended:
        parts.append(f"ended the session {detail.ended}x")
    return ", ".join(parts)


# --------------------------------------------------------------------------- HTML

PRINT_CSS = """
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #999; }
h3 { font-size: 1rem; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #ccc;
         vertical-align: top; }
td.n, th.n { text-align: right; }
.notice { border-left: 3px solid #999; padding-left: .7rem; color: #333; }
.muted { color: #555; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg .before { stroke: #111; stroke-width: 1.5; stroke-dasharray: 5 3; fill: none; }
svg .after { stroke: #111; stroke-width: 2.2; fill: none; }
svg circle.before, svg circle.after { fill: #111; }
@page { margin: 15mm 14mm; }  /* no size: the printer's A4 or Letter both fit */
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  tr, svg, .keep { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> str:
    """A table of already escaped cells."""

    def cells(tag: str, values: Sequence[str]) -> str:
        return "".join(
            f"<{tag}{' class=n' if i in numeric else ''}>{v}</{tag}>" for i, v in enumerate(values)
        )

    body = "\n".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return (
        f"<table>\n<thead><tr>{cells('th', head)}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )


def report_html(report: Report) -> str:
    """The report as one self-contained HTML page with an SVG chart and print styles."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Back exercise progress report</title>",
        f"<style>{PRINT_CSS}</style></head>",
        "<body>",
        "<h1>Back exercise progress report</h1>",
        f'<p class="muted">Covering {long_date(report.first)} to {long_date(report.today)} '
        f"({_h(report.since_words)}). Generated by Unknot on {long_date(report.today)}.</p>",
        f'<p class="notice">{_h(NOTICE)}</p>',
        "<h2>Summary</h2>",
        "<ul>",
        *(f"<li>{_h(line)}</li>" for line in summary_lines(report)),
        "</ul>",
        f"<h2>Sessions per {report.period_unit}</h2>",
        _table(
            [f"{report.period_unit.capitalize()} of", "Sessions", "Pain before", "Pain after"],
            (
                [p.label, str(p.sessions), _number(p.before), _number(p.after)]
                for p in report.periods
            ),
            {1, 2, 3},
        ),
        "<h2>Pain before and after sessions</h2>",
    ]
    if any(b.before is not None or b.after is not None for b in report.buckets):
        parts += [
            f'<div class="keep">{pain_svg(report.span, report.buckets)}</div>',
            f"<p>0 = no pain, 10 = worst imaginable. {_h(MEANINGFUL_WORDING.capitalize())}.</p>",
        ]
    else:
        parts.append("<p>No pain ratings in this period.</p>")
    parts.append("<h2>Activities (Patient-Specific Functional Scale)</h2>")
    if report.psfs:
        parts.append(
            f"<p>Rated every two weeks: {_h(SCALE_WORDING)}. "
            f"{_h(MEANINGFUL_WORDING.capitalize())}.</p>"
        )
        rows = []
        for series in report.psfs:
            first_day, first_score = series.points[0]
            last_day, last_score = series.points[-1]
            rows.append(
                [
                    _h(series.activity),
                    f"{first_score} ({long_date(first_day)})",
                    f"{last_score} ({long_date(last_day)})",
                    "–" if series.change is None else f"{series.change:+d}",
                    ", ".join(f"{d.day} {d:%b}: {s}" for d, s in series.points[-8:]),
                ]
            )
        parts.append(_table(["Activity", "First", "Latest", "Change", "Scores"], rows, {3}))
    else:
        parts.append("<p>No activities rated in this period.</p>")
    parts.append("<h2>Exercises that hurt</h2>")
    if report.hurting:
        parts.append(
            _table(
                ["Exercise", "Times (of tries)", "Then", "Dates"],
                (
                    [
                        _h(d.exercise.name),
                        f"{d.exercise.times} (of {d.exercise.tried})",
                        _then(d),
                        _dates(d.exercise.days),
                    ]
                    for d in report.hurting
                ),
                {1},
            )
        )
    else:
        parts.append("<p>No exercise was marked as hurting in this period.</p>")
    parts.append("<h2>Routines used</h2>")
    if not report.routines:
        parts.append("<p>No sessions in this period.</p>")
    for used in report.routines:
        stats = used.stats
        parts += [
            f'<div class="keep"><h3>{_h(stats.name)}</h3>',
            f"<p>{plural(stats.sessions, 'session')}, the last on {long_date(stats.last)}; "
            f"{_h(pain_change_words(stats.change))}.</p>",
        ]
        if used.routine is None:
            parts.append("<p>(This routine is no longer among the person's routines.)</p></div>")
            continue
        parts.append("<ul>")
        parts += [
            f"<li>{_h(name)}: {_h(dosage)}</li>" for name, dosage in _dosage(report, used.routine)
        ]
        parts.append("</ul></div>")
    parts.append("<h2>Notes</h2>")
    if report.notes:
        parts.append("<ul>")
        parts += [f"<li>{long_date(day)}: {_h(text)}</li>" for day, text in report.notes]
        parts.append("</ul>")
    else:
        parts.append("<p>No notes in this period.</p>")
    parts.append("<h2>Safety check answers</h2>")
    if report.checks:
        parts.append(
            _table(
                ["Date", "Answers", "Advice acknowledged"],
                (
                    [
                        long_date(stamp_day(c.at) or report.today),
                        _h(_check_words(report, c)),
                        "yes" if c.acknowledged else ("–" if not c.yes else "not yet"),
                    ]
                    for c in report.checks
                ),
                set(),
            )
        )
    else:
        parts.append("<p>No safety check on record.</p>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def report_text(report: Report, fmt: str) -> str:
    """The report in `fmt`: "md" or "html"."""
    if fmt == "html":
        return report_html(report)
    if fmt == "md":
        return report_markdown(report)
    raise ValueError(f"unknown report format {fmt!r}")


def routines_by_name(paths: DataPaths) -> dict[str, Routine]:
    """The person's routines and the starters by name (the person's own win); files
    that cannot be read are left out."""
    from tui.core.store.routines import RoutineStore

    store = RoutineStore(paths)
    found: dict[str, Routine] = {}
    try:
        starters = store.starters()
    except DataFileError:
        starters = []
    for stored in [*starters, *store.load_all().routines]:
        found[stored.name] = stored.routine
    return found


def report_for(
    paths: DataPaths, catalog: Catalog, today: date, *, since: str = "4w", fmt: str = "html"
) -> str:
    """The report, in `fmt`, from the files in `paths` (every device's history)."""
    from tui.core.safety import load_safety
    from tui.core.store.history import load_history

    try:
        wording: SafetyWording | None = load_safety()
    except DataFileError:
        wording = None
    report = build_report(
        load_history(paths), routines_by_name(paths), catalog, today, since, wording
    )
    return report_text(report, fmt)


__all__ = [
    "NOTICE",
    "Report",
    "build_report",
    "parse_since",
    "report_for",
    "report_html",
    "report_markdown",
    "report_text",
    "routines_by_name",
]
