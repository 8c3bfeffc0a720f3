"""`unknot status`: one short line for a tmux status bar or a shell prompt, or nothing.

"stretch due: Desk break · last 2 days ago" when a session is due by the reminder plan
(`unknot remind`), nothing when none is. A status bar runs this every few seconds, so it
must cost about what starting Python costs: it imports only what it uses (no Textual, no
msgspec, no TOML parser, not even `typing`), reads the plan (a small JSON
file) and only the end of each session log, and finds the data folder without
platformdirs on Linux. `bench/status.py` measures it against `python -c pass`.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import datetime, timedelta

PLAN_FILE = "reminder.json"
#: How much of the end of each session log is read to find its latest session.
TAIL_BYTES = 16384
MAX_PLAN_BYTES = 4096


class Plan:
    """When a session is due: every `every_days` days, from `at` ("HH:MM") on."""

    __slots__ = ("at", "every_days", "routine")

    def __init__(self, every_days: int = 1, at: str = "00:00", routine: str | None = None) -> None:
        self.every_days = every_days
        """Days between sessions, 1 to 365."""
        self.at = at
        """Local time of day from which the session is due, "HH:MM"."""
        self.routine = routine
        """The routine to do, or None for any."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plan) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"Plan(every_days={self.every_days}, at={self.at!r}, routine={self.routine!r})"

    @property
    def hour_minute(self) -> tuple[int, int]:
        """`at` as numbers."""
        hour, minute = self.at.split(":")
        return int(hour), int(minute)

    def to_dict(self) -> dict[str, object]:
        """The plan as saved in `reminder.json`."""
        return {"every_days": self.every_days, "at": self.at, "routine": self.routine}

    @classmethod
    def from_dict(cls, data: object) -> Plan:
        """Check saved data; raises ValueError saying what is wrong."""
        if not isinstance(data, dict) or set(data) - {"every_days", "at", "routine"}:
            raise ValueError("expected every_days, at and routine")
        every = data.get("every_days", 1)
        if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 365:
            raise ValueError("every_days: expected a whole number of days from 1 to 365")
        at = data.get("at", "00:00")
        if not isinstance(at, str) or parse_time(at) is None:
            raise ValueError("at: expected a time of day like 18:30")
        routine = data.get("routine")
        if routine is not None and (not isinstance(routine, str) or not 0 < len(routine) <= 80):
            raise ValueError("routine: expected a routine's name")
        return cls(every, at, routine)


def parse_time(text: str) -> str | None:
    """ "7:05" -> "07:05"; None unless it is a time of day."""
    hour, colon, minute = text.strip().partition(":")
    if not colon or not hour.isdigit() or not minute.isdigit() or len(minute) != 2:
        return None
    if not (0 <= int(hour) <= 23 and 0 <= int(minute) <= 59):
        return None
    return f"{int(hour):02d}:{minute}"


# --------------------------------------------------------------------------- reading


def data_dir(cli_value: str | None = None) -> str:
    """The data folder, chosen as `tui.core.paths.resolve_data_dir` does (a test keeps
    them equal), without importing platformdirs on Linux."""
    for value in (cli_value, os.environ.get("UNKNOT_DATA_DIR")):
        if value and value.strip():
            return os.path.abspath(os.path.expanduser(value))
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.local/share")
        return os.path.join(base, "unknot")
    from tui.core.paths import resolve_data_dir

    return str(resolve_data_dir(None))


def read_plan(root: str) -> Plan | None:
    """The saved plan, or None when there is none; raises ValueError if it is unreadable."""
    path = os.path.join(root, PLAN_FILE)
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ValueError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(f"{path}: is not a regular file")
        data = os.read(fd, MAX_PLAN_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_PLAN_BYTES:
        raise ValueError(f"{path}: is too large")
    try:
        return Plan.from_dict(json.loads(data))
    except (ValueError, RecursionError) as error:
        raise ValueError(f"{path}: {error}") from None


def log_files(root: str) -> list[str]:
    """The session logs `store.history.history_files` reads (conflict copies left out)."""
    files = []
    legacy = os.path.join(root, "history.jsonl")
    if os.path.lexists(legacy):
        files.append(legacy)
    folder = os.path.join(root, "history")
    try:
        names = os.listdir(folder)
    except OSError:
        return files
    for name in names:
        lowered = name.lower()
        if (
            name.endswith(".jsonl")
            and not name.startswith(".")
            and ".sync-conflict-" not in lowered
            and "conflicted copy" not in lowered
        ):
            files.append(os.path.join(folder, name))
    return files


def last_session(root: str) -> datetime | None:
    """When the latest session of any device started (an aware datetime), or None.

    Only each log's tail is read: lines of other kinds (safety checks, ratings) are
    skipped, and a session deleted in any log does not count.
    """
    latest: datetime | None = None
    hidden: set[str] = set()
    found: list[tuple[datetime, str]] = []
    for path in log_files(root):
        for line in _last_lines(path):
            try:
                record = json.loads(line)
                kind = record.get("kind")
                if kind == "deleted":
                    hidden.add(str(record["session"]["started_at"]))
                    continue
                if kind is not None:
                    continue
                started = record.get("started_at")
                when = datetime.fromisoformat(started)
            except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
                continue
            found.append((when if when.tzinfo is not None else when.astimezone(), started))
    for when, started in found:
        if started not in hidden and (latest is None or when > latest):
            latest = when
    return latest


def _last_lines(path: str) -> list[bytes]:
    """The complete lines in the last `TAIL_BYTES` of a log (its newest records), newest
    first."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
    except OSError:
        return []
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return []
        start = max(0, info.st_size - TAIL_BYTES)
        os.lseek(fd, start, os.SEEK_SET)
        data = os.read(fd, TAIL_BYTES)
    except OSError:
        return []
    finally:
        os.close(fd)
    lines = data.split(b"\n")
    if start:
        lines = lines[1:]  # the first is probably cut
    return [line for line in reversed(lines) if line.strip()]


# --------------------------------------------------------------------------- the line


def status_line(plan: Plan, last: datetime | None, now: datetime) -> str:
    """The line to show at local time `now` (a naive datetime), or "" when nothing is due.

    Due once `every_days` calendar days have passed since the day of the last session,
    from `at` on (with no session yet: from `at` today).
    """
    hour, minute = plan.hour_minute
    if last is None:
        due_day = now.date()
        ago = "no session yet"
    else:
        last_day = last.astimezone().date() if last.tzinfo else last.date()
        due_day = last_day + timedelta(days=plan.every_days)
        days = (now.date() - last_day).days
        ago = (
            "last today"
            if days <= 0
            else "last yesterday"
            if days == 1
            else f"last {days} days ago"
        )
    if now < datetime.combine(due_day, datetime.min.time()).replace(hour=hour, minute=minute):
        return ""
    what = "stretch due"
    if plan.routine:
        what += f": {_one_line(plan.routine)}"
    return f"{what} · {ago}"


def _one_line(text: str) -> str:
    if not text.isprintable():
        from tui.core.text import clean_text  # the one sanitiser, only when needed

        text = " ".join(clean_text(text).split())
    return text


def current_status(root: str, now: datetime | None = None) -> str:
    """The status line for the data folder `root` now; "" when nothing is due."""
    try:
        plan = read_plan(root) or Plan()
    except ValueError:
        return ""  # a broken plan says nothing in a status bar; `unknot remind` says why
    return status_line(plan, last_session(root), now or datetime.now())


# --------------------------------------------------------------------------- command


def notify(line: str) -> None:
    """Show `line` as a desktop notification (notify-send), else print it (cron mails
    what a job prints; systemd keeps it in the journal)."""
    import shutil
    import subprocess

    sender = shutil.which("notify-send")
    if sender is not None:
        title, _, body = line.partition(" · ")
        try:
            result = subprocess.run(
                [sender, "--app-name=Unknot", title[:1].upper() + title[1:], body],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            pass  # no desktop to show it on: say it the other way
        else:
            if result.returncode == 0:
                return
    print(line, flush=True)


def run_status(data: str | None, *, notify_too: bool = False) -> int:
    """`unknot status`: print the line (and notify when asked and due)."""
    line = current_status(data_dir(data))
    if not line:
        return 0
    if notify_too:
        notify(line)
    else:
        print(line)
    return 0
