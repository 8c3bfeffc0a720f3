"""A nudge when a session is due: the plan, a systemd user timer (or a crontab line), and
the plan as an iCalendar file for any calendar app.

The plan (`reminder.json` in the data folder, so it follows the person to every machine)
says every how many days a session is due, from what time of day, and which routine.
The timer fires every day at that time and runs `unknot status --notify`, which shows a
desktop notification only when a session is actually due: a session done early pushes
the next nudge back. `Persistent=true` makes a nudge missed while the computer slept
come when it wakes.

Everything that touches the system (the unit folder, `systemctl`) is passed in, so tests
use a temporary folder and a fake `systemctl`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tui.core.paths import DataPaths
from tui.core.status import PLAN_FILE, Plan, read_plan
from tui.core.store.files import atomic_write, fsync_dir
from tui.core.text import plural

UNIT = "unknot-remind"
Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def plan_path(paths: DataPaths) -> Path:
    """Where the plan is kept."""
    return paths.root / PLAN_FILE


def load_plan(paths: DataPaths) -> Plan | None:
    """The saved plan or None; raises ValueError saying why a saved one cannot be used."""
    return read_plan(str(paths.root))


def save_plan(paths: DataPaths, plan: Plan) -> None:
    """Keep the plan (atomically)."""
    import json

    text = json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
    atomic_write(plan_path(paths), text.encode("utf-8"))


def remove_plan(paths: DataPaths) -> bool:
    """Forget the plan; True if there was one."""
    try:
        os.unlink(plan_path(paths))
    except FileNotFoundError:
        return False
    fsync_dir(paths.root)
    return True


def describe_plan(plan: Plan) -> str:
    """ "every 2 days from 18:00: Desk break"."""
    return f"{_every(plan)} from {plan.at}" + (f": {plan.routine}" if plan.routine else "")


# --------------------------------------------------------------------------- the timer


def status_command(paths: DataPaths, python: str | None = None) -> list[str]:
    """What the timer runs: this Python, this data folder, `status --notify`."""
    executable = python or sys.executable
    return [executable, "-m", "tui", "--data-dir", str(paths.root), "status", "--notify"]


def systemd_quote(argument: str) -> str:
    """One argument for a unit file's ExecStart (quotes, `%` specifiers, `$` variables)."""
    if any(ord(char) < 32 for char in argument):
        raise ValueError(f"cannot put a control character in a unit file: {argument!r}")
    escaped = argument.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def service_text(plan: Plan, command: Sequence[str]) -> str:
    """The oneshot service the timer starts."""
    return (
        "[Unit]\n"
        "Description=Unknot: a nudge when a stretching session is due "
        f"({describe_plan_ascii(plan)})\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(systemd_quote(part) for part in command)}\n"
    )


def describe_plan_ascii(plan: Plan) -> str:
    """The plan without the routine's name (a unit's description stays plain)."""
    return f"{_every(plan)} from {plan.at}"


def _every(plan: Plan) -> str:
    """ "every day", "every 2 days"."""
    return "every day" if plan.every_days == 1 else f"every {plural(plan.every_days, 'day')}"


def timer_text(plan: Plan) -> str:
    """A daily timer at the plan's time; Persistent=true catches up after sleep."""
    return (
        "[Unit]\n"
        f"Description=Unknot: check at {plan.at} whether a stretching session is due\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {plan.at}:00\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def crontab_line(plan: Plan, command: Sequence[str], uid: int | None = None) -> str:
    """The line to add with `crontab -e` where there is no systemd."""
    user = os.getuid() if uid is None else uid
    hour, minute = plan.hour_minute
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{user}/bus"
    # `%` ends a command in a crontab line unless escaped.
    quoted = " ".join(shlex.quote(part).replace("%", "\\%") for part in command)
    return f"{minute} {hour} * * * {bus} {quoted}"


@dataclass
class System:
    """Where timers live and how systemd is asked, on this machine (tests pass fakes)."""

    unit_dir: Path
    """The systemd user unit folder, usually ~/.config/systemd/user."""
    has_systemd: bool
    """Whether a systemd user manager runs here."""
    run: Runner
    """Runs a command (systemctl) and returns its result."""

    @classmethod
    def here(cls) -> System:
        config = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        booted = os.path.isdir("/run/systemd/system") and shutil.which("systemctl") is not None
        return cls(Path(config) / "systemd" / "user", booted, _run)

    @property
    def service(self) -> Path:
        return self.unit_dir / f"{UNIT}.service"

    @property
    def timer(self) -> Path:
        return self.unit_dir / f"{UNIT}.timer"


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60
    )


class RemindError(Exception):
    """The reminder could not be set up; the message is meant for the person."""


def install(plan: Plan, paths: DataPaths, system: System) -> list[str]:
    """Keep the plan and make it nudge: a systemd user timer, else the crontab line to add.

    Returns what to tell the person, a line each.
    """
    save_plan(paths, plan)
    command = status_command(paths)
    if not system.has_systemd:
        return [
            f"Reminder plan saved: {describe_plan(plan)}.",
            "No systemd here: add this line with `crontab -e` to be nudged "
            "(cron does not catch up a nudge missed while the computer was off):",
            crontab_line(plan, command),
        ]
    atomic_write(system.service, service_text(plan, command).encode("utf-8"))
    atomic_write(system.timer, timer_text(plan).encode("utf-8"))
    for step in (["daemon-reload"], ["enable", "--now", f"{UNIT}.timer"]):
        result = system.run(["systemctl", "--user", *step])
        if result.returncode != 0:
            detail = (result.stderr or result.stdout or "").strip().splitlines()
            raise RemindError(
                f"systemctl --user {' '.join(step)} failed: "
                + (detail[-1] if detail else f"exit status {result.returncode}")
            )
    return [
        f"Reminder set: {describe_plan(plan)}.",
        f"A systemd user timer ({system.timer}) checks daily at {plan.at}, and after a "
        "missed time once the computer wakes; it notifies only when a session is due.",
    ]


def uninstall(paths: DataPaths, system: System) -> list[str]:
    """Remove the timer (or say which crontab line to remove) and forget the plan."""
    had_plan = remove_plan(paths)
    lines: list[str] = []
    if system.has_systemd and (system.timer.exists() or system.service.exists()):
        system.run(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
        for unit in (system.timer, system.service):
            if unit.exists():
                unit.unlink()
        system.run(["systemctl", "--user", "daemon-reload"])
        lines.append(f"Reminder removed ({system.timer}).")
    elif not system.has_systemd:
        lines.append(
            "Reminder plan removed. If you added Unknot's line to your crontab, remove it "
            "with `crontab -e` (the line ends in `status --notify`)."
        )
    elif had_plan:
        lines.append("Reminder plan removed (no timer was installed).")
    else:
        lines.append("No reminder was set.")
    return lines


# --------------------------------------------------------------------------- iCalendar


def first_time(plan: Plan, now: datetime, last: datetime | None) -> datetime:
    """When the first reminder of a calendar series should be: the next due time."""
    hour, minute = plan.hour_minute
    if last is not None:
        day = (last.astimezone() if last.tzinfo else last).date()
        due = datetime.combine(day + timedelta(days=plan.every_days), now.time().min)
        due = due.replace(hour=hour, minute=minute)
        if due >= now:
            return due
    today = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if today >= now else today + timedelta(days=1)


def calendar_bytes(
    plan: Plan,
    *,
    start: datetime,
    minutes: int,
    exercises: Sequence[str] = (),
    stamp: datetime | None = None,
) -> bytes:
    """The plan as an iCalendar file: one repeating event with a reminder at its start.

    Times are "floating" (no time zone): 18:00 stays 18:00 wherever the person is. Text
    from routine files is cleaned of control characters here, and the icalendar library
    escapes it (commas, semicolons, backslashes, line breaks) and folds long lines.
    """
    from hashlib import sha256

    from icalendar import Alarm, Calendar, Event

    from tui.core.text import clean_text

    routine = " ".join(clean_text(plan.routine).split()) if plan.routine else None
    summary = f"Stretch: {routine}" if routine else "Stretching session"
    lines = []
    if exercises:
        names = ", ".join(" ".join(clean_text(name).split()) for name in exercises)
        lines.append(f"Exercises: {names}.")
    if routine:
        lines.append(f"Start it with: unknot start {shlex.quote(routine)}")
    lines.append("Move gently and stop if something hurts; see a clinician if pain persists.")
    calendar = Calendar()
    calendar.add("prodid", "-//Unknot//Stretching plan//EN")
    calendar.add("version", "2.0")
    event = Event()
    seed = f"{plan.every_days}|{plan.at}|{routine}".encode()
    event.add("uid", f"unknot-{sha256(seed).hexdigest()[:16]}@unknot")
    event.add("dtstamp", stamp or datetime.now().astimezone())
    event.add("dtstart", start.replace(tzinfo=None, second=0, microsecond=0))
    event.add("duration", timedelta(minutes=max(1, minutes)))
    event.add("rrule", {"freq": "daily", "interval": plan.every_days})
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


__all__ = [
    "UNIT",
    "RemindError",
    "System",
    "calendar_bytes",
    "crontab_line",
    "describe_plan",
    "first_time",
    "install",
    "load_plan",
    "plan_path",
    "save_plan",
    "service_text",
    "status_command",
    "systemd_quote",
    "timer_text",
    "uninstall",
]
