"""`unknot remind`: a systemd user timer (with a fake systemctl), the crontab line where
there is no systemd, removal, and the plan as an iCalendar file. Never the real home or
the real systemd."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tui.cli import main
from tui.core import remind
from tui.core.paths import DataPaths
from tui.core.remind import (
    System,
    calendar_bytes,
    crontab_line,
    install,
    service_text,
    status_command,
    systemd_quote,
    timer_text,
)
from tui.core.routine import Routine, RoutineEntry
from tui.core.status import Plan
from tui.core.store.history import device_log
from tui.core.store.routines import RoutineStore

PLAN = Plan(every_days=2, at="18:30", routine="Desk break")


class FakeRunner:
    def __init__(self, returncode: int = 0) -> None:
        self.calls: list[list[str]] = []
        self.returncode = returncode

    def __call__(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(command))
        return subprocess.CompletedProcess(command, self.returncode, "", "Failed to connect to bus")


def test_the_timer_fires_daily_at_the_plans_time_and_catches_up_after_sleep() -> None:
    text = timer_text(PLAN)
    assert "OnCalendar=*-*-* 18:30:00\n" in text
    assert "Persistent=true\n" in text
    assert "WantedBy=timers.target\n" in text


def test_the_service_runs_status_notify_for_this_data_folder(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "my data 100% $HOME")
    text = service_text(PLAN, status_command(paths, python="/usr/bin/python3"))
    exec_line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert exec_line == (
        'ExecStart="/usr/bin/python3" "-m" "tui" "--data-dir" '
        f'"{tmp_path}/my data 100%% $$HOME" "status" "--notify"'
    )
    assert "Type=oneshot" in text
    with pytest.raises(ValueError):
        systemd_quote("line\nbreak")


def test_install_writes_both_units_and_enables_the_timer(tmp_path: Path) -> None:
    runner = FakeRunner()
    system = System(tmp_path / "units", has_systemd=True, run=runner)
    paths = DataPaths(tmp_path / "data")
    lines = install(PLAN, paths, system)
    assert system.timer.read_text() == timer_text(PLAN)
    assert "status" in system.service.read_text()
    assert runner.calls == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "unknot-remind.timer"],
    ]
    assert "every 2 days from 18:30: Desk break" in lines[0]
    assert remind.load_plan(paths) == PLAN


def test_a_failing_systemctl_is_one_sentence(tmp_path: Path) -> None:
    system = System(tmp_path / "units", has_systemd=True, run=FakeRunner(returncode=1))
    with pytest.raises(remind.RemindError, match="daemon-reload failed: Failed to connect"):
        install(PLAN, DataPaths(tmp_path / "data"), system)


def test_without_systemd_the_crontab_line_is_printed(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data 50%")
    line = crontab_line(PLAN, status_command(paths, python="/usr/bin/python3"), uid=1000)
    minute, hour, *_rest = line.split()
    assert (minute, hour) == ("30", "18")
    assert "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus" in line
    assert "'/usr/bin/python3' -m tui --data-dir" not in line  # only quoted where needed
    assert "data 50\\%'" in line  # cron would end the command at a bare %
    lines = install(PLAN, paths, System(tmp_path / "units", has_systemd=False, run=FakeRunner()))
    assert lines[-1].startswith("30 18 * * * ")
    assert not (tmp_path / "units").exists()


@pytest.fixture
def fake_systemd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[System, Path]:
    """A systemd 'here' whose systemctl is a script on PATH that logs its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "systemctl.log"
    script = bin_dir / "systemctl"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    system = System(tmp_path / "xdg-config" / "systemd" / "user", True, remind._run)
    monkeypatch.setattr(System, "here", classmethod(lambda cls: system))
    return system, log


def test_remind_command_installs_shows_and_removes(
    tmp_path: Path,
    isolated_data_dir: Path,
    fake_systemd: tuple[System, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    system, log = fake_systemd
    RoutineStore(DataPaths(isolated_data_dir)).create(
        Routine(name="Office stretch", exercise=(RoutineEntry(id="cobra"),))
    )  # (not a starter's name: that would be ambiguous, and listed instead)
    assert main(["remind", "--every", "2", "--at", "7:05", "--routine", "OFFICE STRETCH"]) == 0
    assert "every 2 days from 07:05: Office stretch" in capsys.readouterr().out
    assert "OnCalendar=*-*-* 07:05:00" in system.timer.read_text()
    assert log.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now unknot-remind.timer",
    ]
    assert main(["remind"]) == 0
    assert capsys.readouterr().out == "Reminder: every 2 days from 07:05: Office stretch.\n"
    assert main(["remind", "--off"]) == 0
    assert "Reminder removed" in capsys.readouterr().out
    assert not system.timer.exists() and not system.service.exists()
    assert "--user disable --now unknot-remind.timer" in log.read_text()
    assert main(["remind"]) == 0
    assert capsys.readouterr().out == "No reminder is set.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "25:00"], "--at: expected a time of day"),
        (["--every", "0"], "--every: expected a number of days"),
        (["--routine", "nope"], "no routine called 'nope'"),
        (["--off", "--every", "2"], "--off takes no other option"),
    ],
)
def test_remind_says_what_is_wrong(
    args: list[str], message: str, fake_systemd: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remind", *args]) == 1
    assert message in capsys.readouterr().err


def test_the_command_the_timer_runs_notifies_when_due(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    """What a firing timer does: run the service's command, which notifies."""
    paths = DataPaths(isolated_data_dir)
    remind.save_plan(paths, Plan(every_days=1, at="00:00", routine="Desk break"))
    device_log(paths).append(
        {
            "started_at": (datetime.now().astimezone() - timedelta(days=2)).isoformat(),
            "routine_name": "Desk break",
            "active_seconds": 60.0,
            "planned_seconds": 60.0,
            "finished": True,
        }
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "notified"
    (bin_dir / "notify-send").write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')
    (bin_dir / "notify-send").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    command = status_command(paths)
    exec_start = service_text(PLAN, command).split("ExecStart=")[1].strip()
    assert shlex.split(exec_start) == command  # the unit runs exactly this
    subprocess.run(command, env=env, check=True, cwd="/")
    assert calls.read_text() == "--app-name=Unknot Stretch due: Desk break last 2 days ago\n"


# --------------------------------------------------------------------------- iCalendar


def test_the_plan_as_a_calendar_repeats_with_an_alarm() -> None:
    start = datetime(2025, 3, 12, 18, 30)
    data = calendar_bytes(
        PLAN, start=start, minutes=14, exercises=["Cobra", "Bridge"], stamp=datetime(2025, 3, 1)
    )
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart") == start  # floating: 18:30 wherever the person is
    assert event.decoded("duration") == timedelta(minutes=14)
    assert event["rrule"]["FREQ"] == ["DAILY"] and event["rrule"]["INTERVAL"] == [2]
    assert str(event["summary"]) == "Stretch: Desk break"
    assert "Exercises: Cobra, Bridge." in str(event["description"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(0)


def test_text_from_files_is_escaped_for_icalendar() -> None:
    hostile = Plan(every_days=1, at="08:00", routine='Desk; break, \\ "x"\x1b]0;t\x07\nEND:VEVENT')
    data = calendar_bytes(
        hostile,
        start=datetime(2025, 3, 12, 8, 0),
        minutes=10,
        exercises=["Cobra\r\nBEGIN:VALARM", "a,b;c"],
    )
    text = data.decode()
    assert "\x1b" not in text and "\x07" not in text
    # One event, one alarm: no line of text from a file becomes a property or component.
    lines = text.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert lines.count("BEGIN:VALARM") == 1
    assert 'SUMMARY:Stretch: Desk\\; break\\, \\\\ "x" END:VEVENT' in text
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == 'Stretch: Desk; break, \\ "x" END:VEVENT'
    assert "Cobra BEGIN:VALARM, a,b;c" in str(event["description"])


def test_remind_ics_writes_the_file(
    tmp_path: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    RoutineStore(DataPaths(isolated_data_dir)).create(
        Routine(
            name="Office stretch", exercise=(RoutineEntry(id="cobra"), RoutineEntry(id="bridge"))
        )
    )
    target = tmp_path / "plan.ics"
    assert (
        main(
            [
                "remind",
                "--every",
                "3",
                "--at",
                "07:30",
                "--routine",
                "office stretch",
                "--ics",
                str(target),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith(f"wrote {target}: every 3 days from 07:30")
    (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart").time().isoformat() == "07:30:00"
    assert "Cobra" in str(event["description"]) and "Bridge" in str(event["description"])
    assert not (isolated_data_dir / "reminder.json").exists()  # writing a file sets no timer
    assert main(["remind", "--ics", "-"]) == 0  # no plan saved: the default, to stdout
    assert "RRULE:FREQ=DAILY;INTERVAL=1" in capsys.readouterr().out


def test_python_m_tui_is_what_the_timer_can_run() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, check=True
    )
    assert "remind" in result.stdout and "status" in result.stdout
