"""When Unknot itself fails: the traceback goes to a crash log in the cache folder, and the
person sees one short message naming that file, never a screen of traceback.

Used by the command line (any exception a command does not handle) and by the app (any
exception Textual would otherwise print with the locals of every frame: long, and slow
enough to freeze the terminal for minutes when a frame holds a big value).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tui.core.text import shown

#: Exit status after a crash (sysexits' EX_SOFTWARE): not 1, which means bad data.
EXIT_CRASH = 70


class Crashed(Exception):
    """An unexpected error, reported in one line that names its crash log."""

    def __init__(self, error: BaseException, log: Path | None) -> None:
        super().__init__(crash_message(error, log))
        self.log = log
        """The crash log written, or None when none could be."""

    def __rich__(self) -> str:  # how Textual shows it when the app exits
        return str(self)


def crash_message(error: BaseException, log: Path | None) -> str:
    """The one line shown for `error`, e.g. "unknot: stopped by an unexpected error
    (KeyError); the details are in /home/a/.cache/unknot/crash-...log"."""
    what = type(error).__name__
    if log is None:
        return f"unknot: stopped by an unexpected error ({what}: {shown(str(error), 120)})"
    return (
        f"unknot: stopped by an unexpected error ({what}); the details are in {log}. "
        "Please include that file when you report it."
    )


def write_crash_log(error: BaseException, cache_dir: Path | None = None) -> Path | None:
    """Write `error`'s traceback (without locals: short, and fast to make) to a new file
    in `cache_dir` (by default the platform's cache folder); its path, or None if it
    could not be written. Never raises."""
    import time
    import traceback

    try:
        from tui.core.paths import resolve_cache_dir

        folder = cache_dir if cache_dir is not None else resolve_cache_dir(None)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        text = (
            f"Unknot crashed at {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
            f"Python {sys.version.split()[0]} on {sys.platform}; argv {sys.argv!r}\n\n"
            + "".join(traceback.format_exception(error))
        )
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
    except Exception:  # a crash report must not crash
        return None
    return path
