"""Charts as text and as SVG, from numbers: no terminal, no Textual, no plotting library.

- `bar_rows`: a column chart in eighth blocks (▁▂▃▄▅▆▇█), `height` rows tall, one
  column per value; a missing value is a blank column. Reads without colour.
- `HEAT_GLYPHS`: the calendar heatmap's cells by sessions that day (·░▒▓).
- `pain_svg`: pain before and after as two lines for the HTML report (dashed and solid,
  so it prints and reads in black and white too).

The Progress screen, the Markdown report and the HTML report all draw from these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tui.core.dates import short_date
from tui.core.progress import PainBucket

EIGHTHS = " ▁▂▃▄▅▆▇█"
#: Cell of the heatmap for 0, 1, 2 and 3 or more sessions in a day.
HEAT_GLYPHS = ("·", "░", "▒", "▓")
PAIN_TOP = 10


def heat_glyph(count: int | None) -> str:
    """The heatmap cell for a day with `count` sessions (None: a day still to come)."""
    if count is None:
        return " "
    return HEAT_GLYPHS[min(count, len(HEAT_GLYPHS) - 1)]


def bar_rows(values: Sequence[float | None], height: int, top: float = PAIN_TOP) -> list[str]:
    """Rows of a column chart, top row first; each value is one column.

    A value is drawn to the nearest eighth of a row; any value that is present, even 0,
    shows at least the lowest eighth so that "rated 0" differs from "no rating".
    """
    height = max(height, 1)
    levels = []
    for value in values:
        if value is None:
            levels.append(0)
            continue
        eighths = round(max(0.0, min(value, top)) / top * height * 8)
        levels.append(max(eighths, 1))
    rows = []
    for row in reversed(range(height)):
        floor = row * 8
        rows.append("".join(EIGHTHS[max(0, min(8, level - floor))] for level in levels))
    return rows


def axis_labels(height: int, top: int = PAIN_TOP) -> list[str]:
    """Left-hand labels for `bar_rows` of `height`: the top value, the middle, 0."""
    labels = [""] * height
    labels[0] = str(top)
    labels[-1] = "0" if height > 1 else labels[-1]
    if height >= 5:
        labels[height // 2] = str(top // 2)
    return labels


def span_words(span: int) -> str:
    """What one column of a pain chart stands for: "a day", "3 days", "a week", "3 weeks"."""
    if span == 1:
        return "a day"
    if span < 7 or span % 7:
        return f"{span} days"
    if span == 7:
        return "a week"
    return f"{span // 7} weeks"


def text_pain_chart(span: int, buckets: Sequence[PainBucket], height: int = 4) -> list[str]:
    """Pain before and after as two labelled column charts, for plain text (Markdown)."""
    lines: list[str] = []
    for title, values in (
        ("Pain before (0-10)", [bucket.before for bucket in buckets]),
        ("Pain after (0-10)", [bucket.after for bucket in buckets]),
    ):
        lines.append(title)
        for label, row in zip(axis_labels(height), bar_rows(values, height), strict=True):
            lines.append(f"{label:>3} │{row}".rstrip())
        lines.append("    └" + "─" * len(buckets))
    if buckets:
        first, last = short_date(buckets[0].first), short_date(buckets[-1].last)
        gap = max(1, len(buckets) - len(first) - len(last))
        lines.append("     " + first + " " * gap + last)
        lines.append(f"     each column: {span_words(span)}; blank: no rating")
    return lines


def pain_svg(
    span: int,
    buckets: Sequence[PainBucket],
    *,
    width: int = 640,
    height: int = 220,
) -> str:
    """An SVG line chart of average pain before (dashed) and after (solid) each session.

    Only numbers and dates go into it, so nothing needs escaping.
    """
    left, right, top, bottom = 34, 10, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(buckets), 1)

    def x(index: int) -> float:
        return left + (index + 0.5) * plot_w / count

    def y(value: float) -> float:
        return top + plot_h * (1 - value / PAIN_TOP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="pain-title" class="chart">',
        '<title id="pain-title">Pain before (dashed) and after (solid) sessions, 0 to 10</title>',
    ]
    for level in range(0, PAIN_TOP + 1, 2):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
            'class="grid"/>'
            f'<text x="{left - 6}" y="{y(level) + 4:.1f}" text-anchor="end">{level}</text>'
        )
    for attribute, css in (("before", "before"), ("after", "after")):
        runs: list[list[str]] = [[]]
        for index, bucket in enumerate(buckets):
            value = getattr(bucket, attribute)
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append(f"{x(index):.1f},{y(value):.1f}")
        for run in runs:
            if len(run) == 1:
                cx, cy = run[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" class="{css}"/>')
            elif run:
                parts.append(f'<polyline points="{" ".join(run)}" class="{css}"/>')
    if buckets:
        parts.append(
            f'<text x="{left}" y="{height - 22}">{short_date(buckets[0].first)}</text>'
            f'<text x="{width - right}" y="{height - 22}" text-anchor="end">'
            f"{_long(buckets[-1].last)}</text>"
        )
    legend_y = height - 5
    parts.append(
        f'<line x1="{left}" x2="{left + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        'class="before"/>'
        f'<text x="{left + 30}" y="{legend_y}">before</text>'
        f'<line x1="{left + 90}" x2="{left + 114}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        'class="after"/>'
        f'<text x="{left + 120}" y="{legend_y}">after</text>'
        f'<text x="{width - right}" y="{legend_y}" text-anchor="end">'
        f"each point: the average over {span_words(span)}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _long(day: date) -> str:
    return f"{short_date(day)} {day.year}"


__all__ = [
    "EIGHTHS",
    "HEAT_GLYPHS",
    "axis_labels",
    "bar_rows",
    "heat_glyph",
    "pain_svg",
    "span_words",
    "text_pain_chart",
]
