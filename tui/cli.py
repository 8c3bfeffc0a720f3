"""Command line: run the app, check catalogues, list, export and import routines.

Exit codes: 0 success, 1 invalid data or nothing found, 2 usage error (argparse's
convention), 70 Unknot itself failed (a crash log names the cause, see tui/crash.py),
130 interrupted by ctrl+c.

`main` is the one way in, for every command: it cleans everything written to stdout and
stderr (`text.CleanStream`), turns ctrl+c into exit 130, and any exception a command does
not handle into a crash log and one line, never a traceback. A new command gets all three
by being called from `run`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from tui.core.catalog import Catalog, default_catalog_path
from tui.core.catalog_cache import load_catalog_cached
from tui.core.errors import DataFileError, describe_error
from tui.core.paths import DataPaths, resolve_cache_dir
from tui.core.text import CleanStream, plural

if TYPE_CHECKING:
    import argparse

    from tui.core.routine import Routine
    from tui.core.status import Plan
    from tui.core.store.history import LogVersion
    from tui.core.store.routines import RoutineStore, StoredRoutine
    from tui.today_ahead import ViewKeeper


class UserError(Exception):
    """A problem to report in one line and exit 1."""


# What `build_parser().parse_args([])` gives: plain `unknot`, nearly every launch, skips
# importing argparse and building the parser (~2 ms of start-up). A test keeps them equal.
NO_ARGUMENTS = {"catalog": None, "data_dir": None, "cache_dir": None, "command": None}
#: How long the app's thread may keep the GIL while another waits for it (CPython's default
#: is 5 ms). Textual writes each frame from a thread of its own, and the event loop has
#: work left after the frame it hands over: at 5 ms, Today's first frame waited 5-6 ms to
#: reach the terminal (0.7 ms at this value), and so does any frame followed by work.
#: Thread workers switch as often; cue lateness was measured with it (bench/README.md).
FRAME_HANDOFF_SECONDS = 0.0005


def version() -> str:
    """The installed version of Unknot."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("unknot")
    except PackageNotFoundError:  # run from a checkout without installing
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="unknot",
        description="A keyboard-first coach for back-pain stretching and strengthening.",
    )
    parser.add_argument("--version", action="version", version=f"unknot {version()}")
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
        help="keep the checked copy of the catalogue and Today's views for the next days "
        "here (default: $UNKNOT_CACHE_DIR, else the platform's user cache folder); deleting "
        "it is always safe",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="validate catalogue files (exit 0 valid, 1 invalid)")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_import_wger_parser(commands)
    routines = commands.add_parser("routines", help="list routines")
    routines.add_argument("--json", action="store_true", help="print JSON for scripts")
    export = commands.add_parser("export", help="print a routine as a handout or a shareable file")
    export.add_argument(
        "name", metavar="NAME", help="the routine's name (any case), or its file name"
    )
    export.add_argument("--format", choices=("md", "toml"), default="md")
    import_ = commands.add_parser("import", help="validate a routine file and add it")
    import_.add_argument("file", type=Path, metavar="FILE")
    start = commands.add_parser("start", help="start a guided session of a routine")
    start.add_argument(
        "name", metavar="NAME", help="the routine's name (any case), or its file name"
    )
    history = commands.add_parser("history", help="list past sessions, newest first")
    history.add_argument("--json", action="store_true", help="print the records as JSON")
    figure = commands.add_parser(
        "figure", help="print an exercise's stick figure, to preview it while writing one"
    )
    figure.add_argument("id", metavar="ID", help="the exercise's id, e.g. knee-to-chest")
    figure.add_argument(
        "--frame", type=_positive, metavar="N", help="only keyframe N (1 is the start)"
    )
    figure.add_argument(
        "--width", type=_cells, default=FIGURE_SIZE[0], metavar="W", help="cells across"
    )
    figure.add_argument(
        "--height", type=_cells, default=FIGURE_SIZE[1], metavar="H", help="cells down"
    )
    figure.add_argument("--mirror", action="store_true", help="draw it for the other side")
    add_sync_parser(commands)
    add_serve_parser(commands)
    add_remind_parser(commands)
    add_status_parser(commands)
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


def add_sync_parser(commands: Any) -> None:
    sync = commands.add_parser(
        "sync", help="sync the data folder through git: commit, pull, push (docs/routines.md)"
    )
    sync.add_argument(
        "--init",
        metavar="REMOTE",
        help="first make the data folder a git repository syncing with REMOTE "
        "(any URL git takes: ssh, https, a path)",
    )


def add_serve_parser(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve Unknot to a web browser (textual-serve)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; there is no login)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")


def add_remind_parser(commands: Any) -> None:
    remind = commands.add_parser(
        "remind", help="a desktop nudge when a session is due (a systemd timer, or cron)"
    )
    remind.add_argument("--every", type=int, metavar="DAYS", help="a session every DAYS days")
    remind.add_argument("--at", metavar="HH:MM", help="from this time of day (default 18:00)")
    remind.add_argument("--routine", metavar="NAME", help="the routine to do")
    remind.add_argument("--off", action="store_true", help="remove the reminder")
    remind.add_argument(
        "--ics", type=Path, metavar="FILE", help="write the plan as an iCalendar file instead"
    )


def add_status_parser(commands: Any) -> None:
    status = commands.add_parser(
        "status", help="one line for a status bar when a session is due, else nothing"
    )
    status.add_argument(
        "--notify", action="store_true", help="also show a desktop notification when due"
    )


#: `unknot figure`'s default size: what the catalogue's detail pane gives it at 80x24.
FIGURE_SIZE = (37, 7)


def _positive(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _cells(text: str) -> int:
    import argparse

    value = _positive(text)
    if value > 500:
        raise argparse.ArgumentTypeError(f"expected at most 500 cells, got {value}")
    return value


def cmd_check(files: Sequence[Path]) -> int:
    """Every problem of each file on stderr (grouped, counted), or one `ok` line."""
    from tui.core.catalog_check import check_file, report

    status = 0
    for path in files:
        catalog, problems = check_file(path)
        if catalog is None:
            for line in report(path, problems):
                print(line, file=sys.stderr)
            status = 1
        else:
            print(f"{path}: ok, {plural(len(catalog), 'exercise')}")
    return status


def add_import_wger_parser(commands: Any) -> None:
    wger = commands.add_parser(
        "import-wger",
        help="make a catalogue from wger's exercise database (its JSON fixtures)",
        description="Read wger's JSON exports in DIR and write a catalogue TOML file.",
    )
    wger.add_argument("folder", type=Path, metavar="DIR", help="folder of wger's JSON files")
    wger.add_argument("--out", type=Path, required=True, metavar="FILE", help="catalogue to write")
    wger.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help="language of names and steps, e.g. de (default en; English where missing)",
    )
    wger.add_argument("--only", choices=("stretching",), help="keep only these exercises")


def cmd_import_wger(folder: Path, out: Path, language: str, only: str | None) -> int:
    """Convert, check the result as `check` would, then write it; say what was done."""
    import tomli_w

    from tui.core.catalog_check import check_catalog, report
    from tui.core.store.files import atomic_write
    from tui.core.wger import WgerData, convert

    try:
        document, summary = convert(WgerData(folder), language, only)
    except ValueError as error:
        raise UserError(str(error)) from None
    catalog, problems = check_catalog(document, out)
    if catalog is None:  # a bug in the importer: say so rather than write a bad file
        for line in report(out, problems):
            print(line, file=sys.stderr)
        return 1
    header = (
        "# Made by `unknot import-wger` from wger's exercise database (wger.de).\n"
        "# Each exercise keeps its authors and licence; share it under the same licences.\n"
    )
    atomic_write(out, (header + tomli_w.dumps(document)).encode("utf-8"))
    for line in summary.lines():
        print(line)
    print(f"{out}: ok, {plural(len(catalog), 'exercise')}")
    return 0


def all_routines(store: RoutineStore) -> list[StoredRoutine]:
    """The person's routines (reporting unreadable files on stderr), then the starters."""
    result = store.load_all()
    for problem in result.problems:
        print(f"warning: {problem} (file left untouched)", file=sys.stderr)
    return [*result.routines, *store.starters()]


def print_json(data: object) -> None:
    """`data` as JSON, exactly: characters a terminal would act on are \\u escapes."""
    import json
    import re

    text = json.dumps(data, indent=2, ensure_ascii=False)
    # json escapes only C0 controls; DEL, C1, bidi controls and lone surrogates (a file
    # name's undecodable bytes) can only be inside strings, where an escape means the same.
    unsafe = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
    print(re.sub(unsafe, lambda match: f"\\u{ord(match[0]):04x}", text))


def find_routine(store: RoutineStore, name: str) -> StoredRoutine:
    """The one routine `name` means (ignoring case; a unique beginning or part of a name
    will do, or the file name of one of the person's routines). An ambiguous name lists
    the routines it matches instead of picking one."""
    from tui.core.routine import matching_names

    routines = all_routines(store)
    matches = [routines[i] for i in matching_names([r.name for r in routines], name)]
    if not matches:
        wanted = name.strip()
        matches = [
            r
            for r in routines
            if not r.read_only and wanted in (r.path.name, r.path.stem, str(r.path))
        ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        names = ", ".join(f"'{stored.name}'" for stored in routines) or "none yet"
        raise UserError(f"no routine called '{name}'; routines: {names}")
    listing = "\n".join(
        f"  {stored.name}  ({'starter' if stored.read_only else stored.path})" for stored in matches
    )
    raise UserError(
        f"'{name}' matches {plural(len(matches), 'routine')}:\n{listing}\n"
        "Give the whole name, or the routine's file name."
    )


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
        exercises = plural(summary["exercises"], "exercise")
        print(f"{summary['name']:<{width}}  {exercises:>12}  {duration:>9}  {where}")
    return 0


def cmd_export(catalog: Catalog, store: RoutineStore, name: str, fmt: str) -> int:
    from tui.core.export import routine_markdown, routine_toml

    stored = find_routine(store, name)
    if fmt == "toml":
        sys.stdout.write(routine_toml(stored.routine, catalog))
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
    from tui.core.store.history import format_when, load_history, pain_text, status_text
    from tui.core.text import one_line

    history = load_history(paths)
    for problem in history.problems:  # the other logs are still listed
        print(f"unknot: {problem}", file=sys.stderr)
    if history.unreadable:
        lines = plural(history.unreadable, "unreadable line")
        print(f"note: {lines} skipped", file=sys.stderr)
    status = 1 if history.problems else 0
    if as_json:
        records = [record.to_dict() for record in history.records]
        print_json(records)
        return status
    if not history.records and not history.problems:
        print("No sessions yet.")
    for record in history.records:
        pain = pain_text(record)
        print(
            f"{format_when(record, long=True)}  {one_line(record.routine_name)}  "
            f"{format_duration(record.active_seconds)}  {status_text(record)}"
            + (f"  pain {pain}" if pain else "")
        )
    return status


def cmd_figure(
    catalog: Catalog, ident: str, frame: int | None, size: tuple[int, int], mirror: bool
) -> int:
    from tui.core.figure import render

    exercise = catalog.get(ident)
    if exercise is None:
        raise UserError(f"no exercise with the id '{ident}' in {catalog.path}")
    figure = exercise.figure
    if figure is None:
        raise UserError(f"exercise '{ident}' has no figure")
    poses = figure.poses
    if frame is not None and frame > len(poses):
        raise UserError(f"exercise '{ident}' has {len(poses)} frames, not {frame}")
    numbers = [frame] if frame is not None else range(1, len(poses) + 1)
    for number in numbers:
        role = {1: " (start)", len(poses): " (end)"}.get(number, "") if len(poses) > 1 else ""
        side = ", mirrored" if mirror else ""
        print(f"{exercise.name}: frame {number} of {len(poses)}{role}{side}")
        for row in render(poses[number - 1], *size, mirrored=mirror).rows:
            print(row.rstrip())
    return 0


@contextlib.contextmanager
def clean_output() -> Iterator[None]:
    """Pass everything written to stdout and stderr through the one sanitiser."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, CleanStream):
        sys.stdout = CleanStream(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, CleanStream):
        sys.stderr = CleanStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def cmd_sync(
    paths: DataPaths, remote: str | None, keeper_of: Callable[[], ViewKeeper] | None = None
) -> int:
    from tui.core.store.checkpoint import checkpoint_path
    from tui.core.store.conflicts import find_conflicts
    from tui.core.store.history import history_version
    from tui.core.sync import SyncError, init, sync

    if os.path.lexists(checkpoint_path(paths)):
        raise UserError(
            "a session is under way on this machine (or was cut off): sync once it has "
            "ended (start unknot to carry it on or end it)"
        )
    before = history_version(paths)
    try:
        report = init(paths, remote) if remote is not None else sync(paths)
    except SyncError as error:
        raise UserError(str(error)) from None
    finally:  # a push that fails may follow a pull that brought sessions in
        if keeper_of is not None:
            keep_views_after_sync(paths, before, keeper_of)
    for line in report.kept:
        print(f"note: {line}")
    print(report.summary())
    waiting = len(find_conflicts(paths))
    if waiting:
        left = plural(waiting, "file")
        print(f"note: {left} left in conflict by syncing; start unknot to choose")
    return 0


def cmd_serve(args: Any, paths: DataPaths) -> int:
    from tui.serve import app_command, is_loopback, serve, warning

    if not is_loopback(args.host):
        print(warning(args.host, args.port, paths.root), file=sys.stderr)
    command = app_command(paths.root, resolve_cache_dir(args.cache_dir), args.catalog)
    serve(command, args.host, args.port)
    return 0


def cmd_remind(args: Any, paths: DataPaths, catalog: Catalog, store: RoutineStore) -> int:
    from tui.core.remind import RemindError, System, describe_plan, install, load_plan, uninstall
    from tui.core.status import Plan, parse_time

    if args.off:
        if args.every or args.at or args.routine or args.ics:
            raise UserError("--off takes no other option")
        for line in uninstall(paths, System.here()):
            print(line)
        return 0
    try:
        saved = load_plan(paths)
    except ValueError as error:
        raise UserError(f"{error} (run unknot remind --off to start again)") from None
    if args.every is None and args.at is None and args.routine is None and args.ics is None:
        print(f"Reminder: {describe_plan(saved)}." if saved else "No reminder is set.")
        return 0
    base = saved or Plan(every_days=1, at="18:00")
    at = base.at if args.at is None else parse_time(args.at)
    if at is None:
        raise UserError(f"--at: expected a time of day like 18:30, not '{args.at}'")
    every = base.every_days if args.every is None else args.every
    if not 1 <= every <= 365:
        raise UserError("--every: expected a number of days from 1 to 365")
    routine = base.routine if args.routine is None else find_routine(store, args.routine).name
    plan = Plan(every_days=every, at=at, routine=routine)
    if args.ics is not None:
        return write_ics(args.ics, plan, paths, catalog, store)
    try:
        lines = install(plan, paths, System.here())
    except RemindError as error:
        raise UserError(str(error)) from None
    for line in lines:
        print(line)
    return 0


def write_ics(
    target: Path, plan: Plan, paths: DataPaths, catalog: Catalog, store: RoutineStore
) -> int:
    """`unknot remind --ics FILE`: the plan for a calendar app ("-" prints it)."""
    import math
    from datetime import datetime

    from tui.core.plan import PlanSettings, estimate_seconds
    from tui.core.remind import calendar_bytes, describe_plan, first_time
    from tui.core.status import last_session
    from tui.core.store.files import atomic_write

    minutes, exercises = 15, []
    if plan.routine:
        routine = find_routine(store, plan.routine).routine
        exercises = [e.name for _, e in routine.resolve(catalog) if e is not None]
        minutes = math.ceil(estimate_seconds(routine, catalog, PlanSettings()) / 60)
    start = first_time(plan, datetime.now(), last_session(str(paths.root)))
    data = calendar_bytes(plan, start=start, minutes=minutes, exercises=exercises)
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        return 0
    atomic_write(target.absolute(), data)
    print(f"wrote {target}: {describe_plan(plan)}, first on {start:%a %d %b %Y at %H:%M}")
    return 0


def cmd_status(args: Any) -> int:
    from tui.core.status import run_status

    return run_status(args.data_dir, notify_too=args.notify)


def cmd_report(catalog: Catalog, paths: DataPaths, since: str, fmt: str, out: Path | None) -> int:
    import time

    from tui.core.dates import local_now
    from tui.core.report import build_report, parse_since, report_text, routines_by_name
    from tui.core.safety import load_safety
    from tui.core.store.files import atomic_write
    from tui.core.store.history import load_history

    today = local_now(time.time).date()
    try:
        parse_since(since, today)
    except ValueError as error:
        raise UserError(str(error)) from None
    history = load_history(paths)
    report = build_report(
        history, routines_by_name(paths), catalog, today, since, wording=load_safety()
    )
    text = report_text(report, fmt)
    if out is None:
        sys.stdout.write(text)
        return 0
    atomic_write(out.expanduser().absolute(), text.encode("utf-8"))
    sessions = plural(len(report.sessions), "session")
    print(f"wrote {out} ({sessions}, {report.since_words})", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args: Any = None
    with clean_output():
        try:
            args = build_parser().parse_args(argv) if argv else SimpleNamespace(**NO_ARGUMENTS)
            return run(args)
        except KeyboardInterrupt:
            print(file=sys.stderr)  # the shell's next prompt on a line of its own after ^C
            return 130
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop quietly, as other CLI tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except Exception as error:
            from tui.crash import EXIT_CRASH, crash_message, write_crash_log

            cache_flag = getattr(args, "cache_dir", None)
            log = write_crash_log(error, resolve_cache_dir(cache_flag) if cache_flag else None)
            print(crash_message(error, log), file=sys.stderr)
            return EXIT_CRASH


def run(args: Any) -> int:
    """The command `args` asks for, else the app; data problems are one line and exit 1."""
    try:
        return _run(args)
    except (DataFileError, UserError) as error:
        print(f"unknot: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as error:
        print(f"unknot: {describe_error(error)}", file=sys.stderr)
        return 1


def _run(args: Any) -> int:
    if args.command == "check":
        return cmd_check(args.files)
    if args.command == "import-wger":  # needs no catalogue or data folder
        return cmd_import_wger(args.folder, args.out, args.language, args.only)
    if args.command not in (None, "start") or not gc.isenabled():
        return _run_command(args)
    # Starting the app: no garbage collections until its first frame (Textual's import
    # and the first screen allocate a lot and free little); the app freezes what start-up
    # made and collects again after that frame (see app.py), or this does if it never ran.
    gc.disable()
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(FRAME_HANDOFF_SECONDS)
    try:
        return _run_command(args)
    finally:
        sys.setswitchinterval(switch_interval)
        gc.enable()


def _run_command(args: Any) -> int:
    start: Routine | None = None
    if args.command == "status":
        return cmd_status(args)
    if args.command in ("sync", "serve"):
        paths = DataPaths.resolve(args.data_dir)
        if args.command == "serve":
            return cmd_serve(args, paths)
        return cmd_sync(paths, args.init, lambda: view_keeper(args, paths))
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
    if args.command == "figure":
        size = (args.width, args.height)
        return cmd_figure(catalog, args.id, args.frame, size, args.mirror)
    if args.command == "remind":
        return cmd_remind(args, paths, catalog, store)
    if args.command == "start":
        start = find_routine(store, args.name).routine
    today_ahead = None
    from tui.today_ahead import ViewKeeper, start_today_ahead

    keeper = ViewKeeper(cache, paths, catalog)
    if start is None:  # Today first: its view kept, or worked out on another core meanwhile
        today_ahead = start_today_ahead(paths, catalog, keeper=keeper)
    else:  # a session first: the views kept after it are of the setup it runs with
        keeper.take_setup()
    from tui.style_cache import install

    styles = install(cache)  # before the app parses any stylesheet
    try:
        from tui.app import UnknotApp

        app = UnknotApp(
            catalog,
            paths,
            start=start,
            cache_dir=cache,
            today_ahead=today_ahead,
            keeper=keeper,
            style_cache=styles,
        )
        app.run()
    finally:
        if today_ahead is not None:
            today_ahead.close()  # taken by Today's first frame, unless it never came
    if app.crashed is not None:  # logged, and told in one line by Textual on exit
        from tui.crash import EXIT_CRASH

        return EXIT_CRASH
    if styles is not None:
        with contextlib.suppress(Exception):  # only a cache: never fails a clean exit
            styles.save()  # the screens and dialogs first shown after Today's first frame
    sync_at_exit(paths, keeper)
    return app.return_code or 0


def view_keeper(args: Any, paths: DataPaths) -> ViewKeeper:
    """What keeps Today's views of the history in `paths`, with the catalogue and cache
    folder `args` name (as a launch of the app has them)."""
    from tui.today_ahead import ViewKeeper

    cache = resolve_cache_dir(args.cache_dir)
    return ViewKeeper(
        cache, paths, load_catalog_cached(args.catalog or default_catalog_path(), cache)
    )


def keep_views_after_sync(
    paths: DataPaths, before: tuple[LogVersion, ...], keeper_of: Callable[[], ViewKeeper]
) -> None:
    """Once a sync has changed the logs (lines came in, or git wrote a log anew), keep
    Today's views of them as they are now, as after a session logged here: the next launch
    then draws Today's first frame from them rather than reading every session. Only for
    logs worth it (`worth_having_ahead`: the catalogue is loaded only then).

    Only a cache, so it never fails the sync: whatever goes wrong (a catalogue that cannot
    be read, a full disk) leaves the views unkept, and the next launch reads the history
    (and says what is wrong with the catalogue)."""
    from tui.core.store.history import HistoryReader, history_version
    from tui.today_ahead import worth_having_ahead

    after = history_version(paths)
    if after == before or not worth_having_ahead(after):
        return
    with contextlib.suppress(Exception):  # only a cache: never fails a sync that worked
        keeper_of().read_and_keep(HistoryReader(paths))


def sync_at_exit(paths: DataPaths, keeper: ViewKeeper | None = None) -> None:
    """With `sync = "on"`, sync once the app has closed (never during a session: one cut
    off waits for the next start), then keep Today's views with `keeper` if the logs
    changed, provided it took its setup as the app started (`ViewKeeper.setup_taken`: one
    taken now could describe a catalogue or code changed while the app ran). Messages go
    to stderr: under `unknot serve`, stdout belongs to the browser."""
    from tui.core.store.checkpoint import checkpoint_path
    from tui.core.store.history import history_version
    from tui.core.store.settings import load_settings
    from tui.core.sync import SyncError, is_set_up, sync

    try:
        if load_settings(paths).sync != "on" or not is_set_up(paths):
            return
        if os.path.lexists(checkpoint_path(paths)):
            print("unknot: not synced: a session is unfinished", file=sys.stderr)
            return
        before = history_version(paths)
        try:
            report = sync(paths, interactive=False)
        finally:  # a push that fails may follow a pull that brought sessions in
            if keeper is not None and keeper.setup_taken:
                keep_views_after_sync(paths, before, lambda: keeper)
    except SyncError as error:
        print(f"unknot: not synced: {error}", file=sys.stderr)
        return
    except OSError as error:
        print(f"unknot: not synced: {error.strerror or error}", file=sys.stderr)
        return
    print(f"unknot: {report.summary()}", file=sys.stderr)
    for line in report.kept:
        print(f"unknot: {line}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
