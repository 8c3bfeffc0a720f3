"""The `unknot` command. `unknot status` is answered here without importing the rest of
Unknot (a status bar runs it every few seconds); everything else goes to `tui.cli`."""

from __future__ import annotations

import sys


def status_request(argv: list[str]) -> tuple[str | None, bool] | None:
    """(--data-dir value, --notify) for `[--data-dir DIR] status [--notify]`; None for any
    other command line, which `tui.cli` then parses (its `status` does the same)."""
    data: str | None = None
    args = list(argv)
    if args and args[0].startswith("--data-dir="):
        data = args.pop(0).partition("=")[2]
    elif len(args) >= 2 and args[0] == "--data-dir":
        data = args[1]
        args = args[2:]
    if args in (["status"], ["status", "--notify"]):
        return data, args[-1] == "--notify"
    return None


def main() -> int:
    argv = sys.argv[1:]
    request = status_request(argv)
    if request is not None:
        from tui.core.status import run_status

        return run_status(request[0], notify_too=request[1])
    from tui.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
