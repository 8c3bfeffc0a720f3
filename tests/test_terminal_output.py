"""The real app, in a real pseudo-terminal, fed hostile files: every escape sequence it
writes is Textual's own, none is made of text from a file (issue #8, items 1 and 2).

Textual itself writes only CSI sequences and OSC 22 (the pointer's shape); an OSC 0/2
(window title), OSC 52 (clipboard), a DCS or any 8-bit C1 control in the output can only
have come from a file.
"""

from __future__ import annotations

import json
import os
import re
import select
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w
from support import exercise_data

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

OSC_ID = "Bad_Id\x1b]2;PWNED\x1b\\\x1b]52;c;cHduZWQ=\x1b\\"
TITLE = "\x1b]0;PWNED\x07"
C1_TITLE = "\x9d2;PWNED\x9c"
#: What Textual 8 writes of its own besides CSI: the pointer's shape.
TEXTUALS_OWN_OSC = re.compile(rb"\x1b\]22;[a-z-]*\x07")


def hostile_data(root: Path) -> Path:
    """A data folder where every file holds escape sequences; returns it."""
    routines = root / "routines"
    routines.mkdir(parents=True)
    # Invalid: the raw id used to reach the notification saying so.
    (routines / "shared.toml").write_text(
        tomli_w.dumps({"name": "x", "exercise": [{"id": OSC_ID}]})
    )
    # Valid once cleaned, with a name that is itself an escape sequence.
    (routines / f"{TITLE}.toml").write_text(
        tomli_w.dumps(
            {
                "name": f"Mine {TITLE}{C1_TITLE}",
                "description": f"{OSC_ID}\u202e",
                "exercise": [{"id": "bridge", "note": f"note {TITLE}"}],
            }
        )
    )
    record = {
        "started_at": TITLE,
        "routine_name": f"Evening {OSC_ID}\nsecond line",
        "active_seconds": 60.0,
        "planned_seconds": 60.0,
        "finished": True,
        "exercises": [{"entry_index": 0, "id": OSC_ID, "name": C1_TITLE, "outcome": "done"}],
    }
    (root / "history.jsonl").write_text(json.dumps(record) + "\n" + TITLE + "\n")
    (root / "settings.toml").write_text(tomli_w.dumps({OSC_ID: TITLE, "bell": OSC_ID}))
    (root / "session.json").write_text(json.dumps({"version": 1, "routine": {"name": OSC_ID}}))
    return root


def hostile_catalogue(path: Path) -> Path:
    """A valid catalogue (once cleaned) with escape sequences in every text."""
    exercise = exercise_data(
        id="bridge",
        name=f"Bridge {TITLE}",
        areas=[f"hips{C1_TITLE}", "lower back"],
        steps=[f"Lie down {OSC_ID}", "Lift\u202e"],
        cue=f"Breathe {TITLE}",
        cautions=[OSC_ID],
        stop_if=[C1_TITLE + "pain"],
        source_note=TITLE,
    )
    guidance = {"notice": f"Not a clinician {OSC_ID}", "points": [TITLE + "slowly"]}
    path.write_text(
        tomli_w.dumps({"title": f"Hostile {TITLE}", "guidance": guidance, "exercise": [exercise]})
    )
    return path


def run_in_pty(argv: list[str], keys: list[bytes], *, env: dict[str, str]) -> bytes:
    """Everything `argv` writes to an 80x24 terminal while it is sent `keys`, one a second."""
    import fcntl
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    output = bytearray()

    def read_for(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program has gone
                return
            if not chunk:
                return
            output.extend(chunk)

    try:
        read_for(4.0)
        for key in keys:
            os.write(master, key)
            read_for(0.7)
        process.wait(timeout=10)
        read_for(0.2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return bytes(output)


def test_the_app_fed_hostile_files_writes_no_sequence_of_their_making(tmp_path: Path) -> None:
    data = hostile_data(tmp_path / "data")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "UNKNOT_", "NO_COLOR"))
    }
    env.update(TERM="xterm-256color", HOME=str(tmp_path / "home"))
    argv = [sys.executable, "-m", "tui", "--data-dir", str(data)]
    argv += ["--cache-dir", str(tmp_path / "cache")]
    argv += ["--catalog", str(hostile_catalogue(tmp_path / "catalog.toml"))]
    # Routines (the unreadable file is reported), the history, the settings dialog, the
    # general guidance, quit.
    keys = [b"2", b"j", b"3", b"j", b"o", b"\x1b", b"1", b"g", b"\x1b", b"q"]
    output = run_in_pty(argv, keys, env=env)
    assert b"Evening" in output, output[-2000:]  # the history was really shown
    assert b"Bridge" in output and b"Not a clinician" in output  # and the catalogue
    text = output.decode("utf-8", "replace")
    osc = [seq for seq in re.findall(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?", output)]
    assert all(TEXTUALS_OWN_OSC.fullmatch(seq) for seq in osc), set(osc)
    assert not re.search(rb"\x1b[P^_X]", output)  # DCS, PM, APC, SOS
    assert not re.search("[\x80-\x9f]", text)  # 8-bit controls (UTF-8 encoded)
    assert "PWNED" not in text and "\u202e" not in text
    assert "Traceback" not in text
