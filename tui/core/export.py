"""Routines leaving and entering Unknot: a printable handout, a shareable file, a summary.

`routine_markdown` writes a handout a person can print or send to their clinician;
`routine_toml` and `import_routine` exchange routine files (docs/routines.md);
`routine_summary` is the JSON row for `unknot routines --json`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.core.catalog import Catalog, Exercise, Guidance, warning_signs
from tui.core.errors import ROUTINE_MAX_BYTES, read_toml
from tui.core.figure import Figure, render_start_end
from tui.core.plan import PlanSettings, estimate_seconds
from tui.core.record import SessionRecord
from tui.core.routine import Routine, parse_routine
from tui.core.store.routines import ROUTINE_KIND, RoutineStore, StoredRoutine, routine_file_text
from tui.core.text import plural

DEFAULT_PLAN = PlanSettings()

#: The size of a handout's figure (start and end side by side), in characters.
HANDOUT_FIGURE_SIZE = (63, 8)

#: Said on every handout, whatever the catalogue's own guidance says.
DEFAULT_NOTICE = (
    "These exercises do not replace advice from a doctor or physical therapist. "
    "If you feel pain during or after an exercise, stop and ask a clinician."
)

# Characters that would change how Markdown renders text taken from a file.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    """Text from a catalogue or routine as inert Markdown on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def format_duration(seconds: float) -> str:
    """A duration for people: "45 s", "12 min", "1 h 05 min" (rounded to the minute)."""
    if not math.isfinite(seconds) or seconds < 0:
        seconds = 0
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes = math.floor(whole / 60 + 0.5)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def routine_markdown(
    routine: Routine,
    catalog: Catalog,
    guidance: Guidance | None,
    plan: PlanSettings = DEFAULT_PLAN,
) -> str:
    """A printable handout: every exercise with its steps, dosage and cautions, then the
    general guidance and the notice that it does not replace a clinician."""
    lines: list[str] = [f"# {_md(routine.name)}", ""]
    if routine.description:
        lines += [_md(routine.description), ""]
    resolved = routine.resolve(catalog)
    count = len(resolved)
    duration = format_duration(estimate_seconds(routine, catalog, plan))
    lines += [
        f"Estimated time: about {duration} · {plural(count, 'exercise')}",
        "",
    ]
    lines += warning_sign_lines(guidance)
    for number, (entry, exercise) in enumerate(resolved, start=1):
        if exercise is None:
            lines += [
                f"## {number}. Missing exercise: {_md(entry.id)}",
                "",
                "This exercise is not in the catalogue, so there are no instructions for it. "
                "It is kept in the routine and skipped in sessions.",
                "",
            ]
            if entry.dosage is not None:
                lines += [f"- Dosage: {_md(entry.dosage.describe())}", ""]
            if entry.note:
                lines += [f"Your note: {_md(entry.note)}", ""]
            continue
        dosage = entry.dosage if entry.dosage is not None else exercise.dosage
        lines += [
            f"## {number}. {_md(exercise.name)}",
            "",
            f"- Position: {_md(exercise.position_label)}",
            f"- Equipment: {_md(exercise.equipment_label)}",
            f"- Dosage: {_md(dosage.describe())}",
            *([f"- {exercise.daily_limit}"] if exercise.daily_limit else []),
            "",
        ]
        if exercise.figure is not None:
            lines += figure_block(exercise.figure)
        lines += [
            "Steps:",
            "",
        ]
        lines += [
            f"{step_number}. {_md(step)}" for step_number, step in enumerate(exercise.steps, 1)
        ]
        lines += ["", f"Cue: {_md(exercise.cue)}", ""]
        if exercise.cautions:
            lines += ["Take care:", ""]
            lines += [f"- {_md(caution)}" for caution in exercise.cautions]
            lines.append("")
        if exercise.stop_if:
            lines += ["Stop at once if:", ""]
            lines += [f"- {_md(sign)}" for sign in exercise.stop_if]
            lines.append("")
        if entry.note:
            lines += [f"Your note: {_md(entry.note)}", ""]
        lines += [f"{label}: {_md(text)}" for label, text in exercise_credit(exercise)]
        lines.append("")
    lines += credits_section(routine, catalog)
    if guidance is not None:
        lines += ["## General guidance", ""]
        lines += [f"- {_md(point)}" for point in guidance.points]
        lines += [f"- If it hurts: {_md(guidance.if_it_hurts)}", ""]
    notices = [guidance.notice] if guidance is not None else []
    notices.append(DEFAULT_NOTICE)
    for notice in notices:
        lines += [f"> {_md(notice)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def warning_sign_lines(guidance: Guidance | None) -> list[str]:
    """When to get medical help, read before the exercises."""
    signs = warning_signs(guidance)
    lines = ["## When to get help", ""] if signs else []
    for heading, group in signs:
        lines += [_md(heading), "", *(f"- {_md(sign)}" for sign in group), ""]
    return lines


def figure_block(figure: Figure) -> list[str]:
    """The start and end position as a fenced text block (braille, so it needs no image)."""
    rows = render_start_end(figure, *HANDOUT_FIGURE_SIZE).rows
    return ["```text", *(row.rstrip() for row in rows), "```", ""]


def exercise_credit(exercise: Exercise) -> list[tuple[str, str]]:
    """Where an exercise comes from and whom to credit: (label, text) pairs."""
    credit = [("Source", text) for text in (exercise.source,) if text]
    parts = [f"by {exercise.author}" if exercise.author else "", exercise.licence, exercise.url]
    if any(parts):
        credit.append(("Credit", " · ".join(part for part in parts if part)))
    return credit


def _share_alike(routine: Routine, catalog: Catalog) -> bool:
    licences = [catalog.licence] + [ex.licence for _, ex in routine.resolve(catalog) if ex]
    return any("SA" in licence.upper().replace("-", " ").split() for licence in licences)


SHARE_ALIKE = (
    "Parts of this are under a share-alike licence (CC-BY-SA): if you share or adapt it, "
    "keep the credits above and use the same licence."
)


def credits_section(routine: Routine, catalog: Catalog) -> list[str]:
    """The catalogue's credits for a handout, and the share-alike terms where they apply."""
    lines: list[str] = []
    if catalog.attribution or catalog.licence:
        lines += ["## Credits", "", f"Exercises from: {_md(catalog.title)}."]
        if catalog.licence:
            lines.append(f"Licence: {_md(catalog.licence)}.")
        if catalog.attribution:
            lines += ["", _md(catalog.attribution)]
        lines.append("")
    if _share_alike(routine, catalog):
        lines += [_md(SHARE_ALIKE), ""]
    return lines


def routine_toml(routine: Routine, catalog: Catalog | None = None) -> str:
    """The routine as a shareable routine file (the same text the store writes), after
    comment lines crediting its exercises when `catalog` is given."""
    text = routine_file_text(routine)
    if catalog is None:
        return text
    credits = [
        f"{exercise.name} ({exercise.id}): "
        + "; ".join(f"{label.lower()} {value}" for label, value in exercise_credit(exercise))
        for _, exercise in routine.resolve(catalog)
        if exercise is not None and exercise_credit(exercise)
    ]
    about = [f"Exercises from the catalogue '{catalog.title}'."]
    about += [f"Licence: {catalog.licence}."] if catalog.licence else []
    about += [catalog.attribution] if catalog.attribution else []
    about += credits
    about += [SHARE_ALIKE] if _share_alike(routine, catalog) else []
    return _comment(about) + text


def _comment(paragraphs: list[str]) -> str:
    """Paragraphs as TOML comment lines (wrapped, one line each: a line break in the text
    cannot end the comment)."""
    import textwrap

    lines: list[str] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(" ".join(paragraph.split()), 86) or [""]
    return "".join(f"# {line}\n" for line in lines) + "\n"


def routine_summary(
    stored: StoredRoutine, catalog: Catalog, plan: PlanSettings = DEFAULT_PLAN
) -> dict[str, Any]:
    """One row of `unknot routines --json`."""
    routine = stored.routine
    return {
        "name": routine.name,
        "exercises": len(routine.exercise),
        "estimated_seconds": round(estimate_seconds(routine, catalog, plan)),
        "path": str(stored.path),
        "read_only": stored.read_only,
        "missing_exercises": [
            entry.id for entry in routine.exercise if catalog.get(entry.id) is None
        ],
    }


def import_routine(path: Path, store: RoutineStore) -> StoredRoutine:
    """Add a routine file to the person's routines, as a new file with a safe name.

    The file is validated first (`DataFileError` naming it when invalid) and left as it
    is. It is read with the limit every later load of a routine checks, and the store
    checks the file it writes against it too: what is imported can always be loaded.
    The routine keeps its name unless one of the person's routines has it already, then
    it becomes "<name> (imported)" (chosen under the lock: see `create_unique`).
    """
    routine = parse_routine(read_toml(path, ROUTINE_MAX_BYTES, ROUTINE_KIND), path)
    return store.create_unique(routine, "imported")


__all__ = [
    "DEFAULT_NOTICE",
    "credits_section",
    "exercise_credit",
    "figure_block",
    "format_duration",
    "import_routine",
    "routine_markdown",
    "routine_summary",
    "routine_toml",
]


# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def history_csv(records: Sequence[SessionRecord]) -> str:
    """The history as a spreadsheet, one session a row, oldest first.

    Names come from files: a cell a spreadsheet would run as a formula gets a leading `'`.
    """
    import csv
    import io

    from tui.core.store.history import started_local, status_text

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["started", "routine", "minutes", "status", "pain before", "pain after", "exercises"]
    )
    for record in sorted(records, key=lambda record: record.started_at):
        done = sum(1 for result in record.exercises if result.outcome == "done")
        when = started_local(record)
        writer.writerow(
            [
                when.strftime("%Y-%m-%d %H:%M") if when else _cell(record.started_at),
                _cell(record.routine_name),
                round(record.active_seconds / 60, 1),
                status_text(record),
                "" if record.pain_before is None else record.pain_before,
                "" if record.pain_after is None else record.pain_after,
                f"{done} of {len(record.exercises)} done",
            ]
        )
    return out.getvalue()
