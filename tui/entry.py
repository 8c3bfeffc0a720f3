"""The `unknot` command. `unknot status` is answered here without importing the rest of
Unknot (a status bar runs it every few seconds); everything else goes to `tui.cli`, with a
child process working out Today's first view when it starts the app (`tui.today_ahead`)."""

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


#: The options `tui.cli` takes before a command, each with a value.
APP_OPTIONS = ("--catalog", "--data-dir", "--cache-dir")


def app_request(argv: list[str]) -> bool:
    """Whether `argv` starts the app: no command, only the options above (as `tui.cli`
    parses it, which a test checks). Only then is Today's first view worked out ahead."""
    args = list(argv)
    while args:
        option = args.pop(0)
        name, equals, _ = option.partition("=")
        if name not in APP_OPTIONS or not (equals or args):
            return False
        if not equals:
            args.pop(0)
    return True


def main() -> int:
    argv = sys.argv[1:]
    request = status_request(argv)
    if request is not None:
        from tui.core.status import run_status

        return run_status(request[0], notify_too=request[1])
    today_ahead = None
    if app_request(argv):
        # Before anything else is imported: Today's first view, worked out on another
        # core while this process imports the app (see the module).
        from tui.today_ahead import TodayAhead

        today_ahead = TodayAhead.start(lambda: _today_view_bytes(argv))
    from tui.cli import main as cli_main

    return cli_main(argv, today_ahead)


def _today_view_bytes(argv: list[str]) -> bytes:
    """In the child: what `tui.cli` works out for Today's first frame."""
    from tui.cli import today_view_bytes

    return today_view_bytes(argv)


if __name__ == "__main__":
    sys.exit(main())
