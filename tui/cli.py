"""Command line: run the app, check catalogues, list, export and import routines.

Exit codes: 0 success, 1 invalid data or nothing found, 2 usage error (argparse's convention).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from tui.core.catalog import Catalog, default_catalog_path, load_catalog
from tui.core.catalog_cache import load_catalog_cached
from tui.core.errors import DataFileError
from tui.core.paths import DataPaths, resolve_cache_dir

if TYPE_CHECKING:
    import argparse

    from tui.core.routine import Routine
    from tui.core.store.routines import RoutineStore, StoredRoutine


class UserError(Exception):
    """A problem to report in one line and exit 1."""


# What `build_parser().parse_args([])` gives: plain `unknot`, nearly every launch, skips
# importing argparse and building the parser (~2 ms of start-up). A test keeps them equal.
NO_ARGUMENTS = {"catalog": None, "data_dir": None, "cache_dir": None, "command": None}


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="unknot",
        description="A keyboard-first coach for back-pain stretching and strengthening.",
    )
    parser.add_argument(
        "--catalog", type=Path, metavar="FILE", help="use this exercise catalogue instead"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep routines and history here (default: $UNKNOT_DATA_DIR, else the "
        "platform's user data folder)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep the checked copy of the catalogue here (default: $UNKNOT_CACHE_DIR, else "
        "the platform's user cache folder); deleting it is always safe",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="validate catalogue files (exit 0 valid, 1 invalid)")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    routines = commands.add_parser("routines", help="list routines")
    routines.add_argument("--json", action="store_true", help="print JSON for scripts")
    export = commands.add_parser("export", help="print a routine as a handout or a shareable file")
    export.add_argument("name", metavar="NAME", help="the routine's name")
    export.add_argument("--format", choices=("md", "toml"), default="md")
    import_ = commands.add_parser("import", help="validate a routine file and add it")
    import_.add_argument("file", type=Path, metavar="FILE")
    start = commands.add_parser("start", help="start a guided session of a routine")
    start.add_argument("name", metavar="NAME", help="the routine's name (any case)")
    history = commands.add_parser("history", help="list past sessions, newest first")
    history.add_argument("--json", action="store_true", help="print the records as JSON")
    report = commands.add_parser(
        "report", help="a progress report for a physiotherapist (Markdown or HTML)"
    )
    report.add_argument(
        "--since",
        default="4w",
        metavar="PERIOD",
        help="how far back: 4w (default), 30d, 6m, 1y, all, or a date like 2026-01-31",
    )
    report.add_argument("--format", choices=("md", "html"), default="md")
    report.add_argument(
        "--out", type=Path, metavar="FILE", help="write it to FILE (default: print it)"
    )
    return parser


def cmd_check(files: Sequence[Path]) -> int:
    status = 0
    for path in files:
        try:
            catalog = load_catalog(path)
        except DataFileError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 1
        else:
            print(f"{path}: ok, {len(catalog)} exercises")
    return status


def all_routines(store: RoutineStore) -> list[StoredRoutine]:
    """The person's routines (reporting unreadable files on stderr), then the starters."""
    result = store.load_all()
    for problem in result.problems:
        print(f"warning: {problem} (file left untouched)", file=sys.stderr)
    return [*result.routines, *store.starters()]


def print_json(data: object) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))


def find_routine(store: RoutineStore, name: str) -> StoredRoutine:
    """The routine called `name` (ignoring case); the person's own win over starters."""
    routines = all_routines(store)
    for stored in routines:
        if stored.name.casefold() == name.casefold():
            return stored
    names = ", ".join(f"'{stored.name}'" for stored in routines) or "none yet"
    raise UserError(f"no routine called '{name}'; routines: {names}")


def cmd_routines(catalog: Catalog, store: RoutineStore, as_json: bool) -> int:
    from tui.core.export import format_duration, routine_summary

    summaries = [routine_summary(stored, catalog) for stored in all_routines(store)]
    if as_json:
        print_json(summaries)
        return 0
    width = max((len(s["name"]) for s in summaries), default=4)
    for summary in summaries:
        where = "(starter)" if summary["read_only"] else summary["path"]
        duration = format_duration(summary["estimated_seconds"])
        print(
            f"{summary['name']:<{width}}  {summary['exercises']:>2} exercises  "
            f"{duration:>9}  {where}"
        )
    return 0


def cmd_export(catalog: Catalog, store: RoutineStore, name: str, fmt: str) -> int:
    from tui.core.export import routine_markdown, routine_toml

    stored = find_routine(store, name)
    if fmt == "toml":
        sys.stdout.write(routine_toml(stored.routine))
    else:
        sys.stdout.write(routine_markdown(stored.routine, catalog, catalog.guidance))
    return 0


def cmd_import(catalog: Catalog, store: RoutineStore, path: Path) -> int:
    from tui.core.export import import_routine

    stored = import_routine(path, store)
    missing = [entry.id for entry, exercise in stored.routine.resolve(catalog) if exercise is None]
    print(f"imported '{stored.name}' as {stored.path}")
    if missing:
        print(f"note: not in the catalogue, kept as missing: {', '.join(missing)}")
    return 0


def cmd_history(paths: DataPaths, as_json: bool) -> int:
    from tui.core.export import format_duration
    from tui.core.store.history import format_when, pain_text, read_history, status_text

    history = read_history(paths.history)
    if history.unreadable:
        print(f"note: {history.unreadable} unreadable line(s) skipped", file=sys.stderr)
    if as_json:
        records = [record.to_dict() for record in history.records]
        print_json(records)
        return 0
    if not history.records:
        print("No sessions yet.")
    for record in history.records:
        pain = pain_text(record)
        print(
            f"{format_when(record, long=True)}  {record.routine_name}  "
            f"{format_duration(record.active_seconds)}  {status_text(record)}"
            + (f"  pain {pain}" if pain else "")
        )
    return 0


def cmd_report(catalog: Catalog, paths: DataPaths, since: str, fmt: str, out: Path | None) -> int:
    import time

    from tui.core.dates import local_now
    from tui.core.report import build_report, parse_since, report_text, routines_by_name
    from tui.core.safety import load_safety
    from tui.core.store.files import atomic_write
    from tui.core.store.history import read_history

    today = local_now(time.time).date()
    try:
        parse_since(since, today)
    except ValueError as error:
        raise UserError(str(error)) from None
    history = read_history(paths.history)
    report = build_report(
        history, routines_by_name(paths), catalog, today, since, wording=load_safety()
    )
    text = report_text(report, fmt)
    if out is None:
        sys.stdout.write(text)
        return 0
    atomic_write(out.expanduser().absolute(), text.encode("utf-8"))
    print(f"wrote {out} ({len(report.sessions)} sessions, {report.since_words})", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv) if argv else SimpleNamespace(**NO_ARGUMENTS)
    if args.command == "check":
        return cmd_check(args.files)
    if args.command not in (None, "start") or not gc.isenabled():
        return run(args)
    # Starting the app: no garbage collections until its first frame (Textual's import
    # and the first screen allocate a lot and free little); the app freezes what start-up
    # made and collects again after that frame (see app.py), or this does if it never ran.
    gc.disable()
    try:
        return run(args)
    finally:
        gc.enable()


def run(args: Any) -> int:
    """Everything but `check`: what `args` asks for, else the app."""
    start: Routine | None = None
    try:
        cache = resolve_cache_dir(args.cache_dir)
        catalog = load_catalog_cached(args.catalog or default_catalog_path(), cache)
        paths = DataPaths.resolve(args.data_dir)
        if args.command is not None:
            from tui.core.store.routines import RoutineStore

            store = RoutineStore(paths)
        if args.command == "routines":
            return cmd_routines(catalog, store, args.json)
        if args.command == "export":
            return cmd_export(catalog, store, args.name, args.format)
        if args.command == "import":
            return cmd_import(catalog, store, args.file)
        if args.command == "history":
            return cmd_history(paths, args.json)
        if args.command == "report":
            return cmd_report(catalog, paths, args.since, args.format, args.out)
        if args.command == "start":
            start = find_routine(store, args.name).routine
    except (DataFileError, UserError) as error:
        print(f"unknot: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other CLI tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"unknot: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1
    from tui.app import UnknotApp

    UnknotApp(catalog, paths, start=start).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
