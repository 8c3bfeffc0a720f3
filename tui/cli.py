"""Command line: run the app, or check catalogue files.

Exit codes: 0 success, 1 invalid data, 2 usage error (argparse's convention).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.core.catalog import Catalog, default_catalog_path, load_catalog
from tui.core.errors import DataFileError
from tui.core.store import DataPaths


def build_parser() -> argparse.ArgumentParser:
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="validate catalogue files (exit 0 valid, 1 invalid)")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return parser


def _load(path: Path | None) -> Catalog:
    return load_catalog(path or default_catalog_path())


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args.files)
    try:
        catalog = _load(args.catalog)
    except DataFileError as error:
        print(f"unknot: {error}", file=sys.stderr)
        return 1
    from tui.app import UnknotApp

    UnknotApp(catalog, DataPaths.resolve(args.data_dir)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
