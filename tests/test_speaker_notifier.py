"""The real speaker (a speech command) and notifier (terminal sequences), really run.

The speaker runs a small shell command that records what it was given; the notifier is
checked in a real pseudo-terminal: Unknot is launched, a session started, and the
notification sequence must be among the bytes it writes when the hold begins.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from history_support import clear_safety_check

from tui.core.catalog import Dosage
from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store import RoutineStore
from tui.notifier import sequence, terminal_style
from tui.speaker import (
    DEFAULT_ENGINES,
    CommandSpeaker,
    SilentSpeaker,
    find_speaker,
    speech_command,
)

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


# --------------------------------------------------------------------------- speaker


def test_the_environment_beats_settings_which_beat_the_engines_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tui.speaker.ENGINES", DEFAULT_ENGINES)

    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in {"espeak-ng", "say", "piper", "logger"} else None

    assert speech_command("", {}, which=which, platform="linux") == (("espeak-ng",), "espeak-ng")
    assert speech_command("", {}, which=which, platform="darwin") == (("say",), "say")
    assert speech_command("", {}, which=which, platform="win32") == (None, "no speech engine found")
    settings = "piper --model 'en_GB voice.onnx'"
    assert speech_command(settings, {}, which=which)[0] == ("piper", "--model", "en_GB voice.onnx")
    env = {"UNKNOT_SPEAK_COMMAND": "logger -t unknot"}
    assert speech_command(settings, env, which=which) == (("logger", "-t", "unknot"), "logger")
    assert speech_command("nope --x", {}, which=which) == (None, "speech command not found: nope")
    assert speech_command("'unclosed", {}, which=which)[0] is None


def test_no_engine_is_a_silent_speaker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    speaker = find_speaker("", {})
    assert isinstance(speaker, SilentSpeaker) and not speaker.available
    speaker.say("nothing happens")
    speaker.close()


def test_the_text_goes_to_the_command_on_its_standard_input(tmp_path: Path) -> None:
    log = tmp_path / "said.log"
    spoken: list[tuple[str, float, float]] = []
    speaker = CommandSpeaker(
        ["sh", "-c", f"cat >> '{log}'"], on_spoken=lambda *args: spoken.append(args)
    )
    asked = time.monotonic()
    speaker.say("Knee to chest, left side, hold 30 seconds.")
    assert time.monotonic() - asked < 0.05  # say only queues it
    assert wait_for(lambda: log.exists() and log.read_text().endswith("\n"))
    assert log.read_text() == "Knee to chest, left side, hold 30 seconds.\n"
    assert wait_for(lambda: spoken)
    text, asked_at, started_at = spoken[0]
    assert text == "Knee to chest, left side, hold 30 seconds."
    assert 0 <= started_at - asked_at < 1.0
    speaker.close()


def test_a_new_cue_cuts_off_the_one_being_said(tmp_path: Path) -> None:
    log = tmp_path / "said.log"
    # Says (logs) the line, then keeps "speaking" for 10 s unless cut off.
    speaker = CommandSpeaker(["sh", "-c", f"read line; echo \"$line\" >> '{log}'; sleep 10"])
    speaker.say("Rest 15 seconds.")
    assert wait_for(lambda: log.exists() and log.read_text() == "Rest 15 seconds.\n")
    first = speaker._current
    assert first is not None and first.poll() is None
    speaker.say("3")
    assert wait_for(lambda: log.read_text() == "Rest 15 seconds.\n3\n")
    assert first.poll() is not None  # the long one was stopped
    began = time.monotonic()
    speaker.close()
    assert time.monotonic() - began < 2
    assert speaker._current is None


def test_a_failing_command_never_raises(tmp_path: Path) -> None:
    speaker = CommandSpeaker([str(tmp_path / "no-such-engine")])
    speaker.say("hello")  # the worker finds out, the caller never does
    assert wait_for(lambda: speaker.problem != "")
    speaker.say("again")
    speaker.close()


def test_control_characters_never_reach_the_engine(tmp_path: Path) -> None:
    log = tmp_path / "said.log"
    speaker = CommandSpeaker(["sh", "-c", f"cat >> '{log}'"])
    speaker.say("Cobra\x1b]0;title\x07 hold\n10 seconds")
    assert wait_for(lambda: log.exists() and log.read_text().endswith("\n"))
    assert log.read_text() == "Cobra hold 10 seconds\n"
    speaker.close()


# --------------------------------------------------------------------------- notifier


def test_the_three_sequences() -> None:
    assert sequence("osc9", "Hold", "Cobra: hold 10 s") == "\x1b]9;Hold: Cobra: hold 10 s\x07"
    assert sequence("osc777", "Hold", "Cobra") == "\x1b]777;notify;Hold;Cobra\x07"
    assert sequence("osc99", "Hold", "Cobra") == (
        "\x1b]99;i=unknot:d=0;Hold\x1b\\\x1b]99;i=unknot:d=1:p=body;Cobra\x1b\\"
    )
    # Inside tmux: passed through, every ESC doubled.
    assert sequence("osc9", "Hold", "x", tmux=True) == "\x1bPtmux;\x1b\x1b]9;Hold: x\x07\x1b\\"


def test_text_from_files_cannot_break_out_of_the_sequence() -> None:
    text = sequence("osc777", "Ho;ld", "Co\x1b]0;pwned\x07bra\x9c; end\nnow")
    assert text == "\x1b]777;notify;Ho,ld;Cobra, end now\x07"


@pytest.mark.parametrize(
    ("environ", "style", "known"),
    [
        ({"TERM": "xterm-kitty"}, "osc99", True),
        ({"TERM": "foot"}, "osc777", True),
        ({"TERM": "xterm-ghostty"}, "osc777", True),
        ({"TERM_PROGRAM": "WezTerm"}, "osc777", True),
        ({"TERM_PROGRAM": "iTerm.app"}, "osc9", True),
        ({"LC_TERMINAL": "iTerm2", "TERM": "xterm-256color"}, "osc9", True),  # over SSH
        ({"VTE_VERSION": "7600"}, "osc777", False),
        ({"TERM": "xterm-256color"}, "osc9", False),
        ({"TERM": "xterm-256color", "UNKNOT_NOTIFY_SEQUENCE": "osc777"}, "osc777", True),
    ],
)
def test_the_terminal_decides_the_sequence(
    environ: dict[str, str], style: str, known: bool
) -> None:
    assert terminal_style(environ) == (style, known)


def test_a_notification_is_written_to_the_terminal_at_a_step_change(tmp_path: Path) -> None:
    """Unknot in a real 80x24 pty, notify = "on": the hold's notification reaches the terminal."""
    import fcntl
    import termios

    data = tmp_path / "data"
    RoutineStore(DataPaths(data)).create(
        Routine(
            name="Pty",
            exercise=(RoutineEntry(id="cobra", dosage=Dosage(hold_seconds=3, rest_after=0)),),
        )
    )
    (data / "settings.toml").write_text('notify = "on"\nvoice = "off"\nprepare_seconds = 1\n')
    clear_safety_check(DataPaths(data))  # so the session starts without asking it
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "SSH_", "TMUX", "KITTY", "WEZTERM", "LC_TERMINAL"))
    }
    env.update(TERM="xterm-256color", UNKNOT_DATA_DIR=str(data), TERM_PROGRAM="")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "tui", "start", "Pty"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    written = bytearray()
    expected = b"\x1b]9;Hold: Cobra: hold 3 s\x07"
    try:
        deadline = time.monotonic() + 30
        asked = False
        while expected not in written and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                written += chunk
            if not asked and b"how is your pain now?" in written:
                os.write(master, b"s")  # skip the question: the session starts
                asked = True
        assert asked, bytes(written[-400:])
        assert expected in written, bytes(written[-400:])
        # Written when the hold began, after the get-ready (no notification of its own).
        assert written.count(b"\x1b]9;") == 1
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        os.close(master)
