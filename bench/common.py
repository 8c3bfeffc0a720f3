"""Helpers shared by the benchmarks: summaries, a pseudo-terminal launcher, a big catalogue.

Nothing here is imported by the app; the benchmarks are run by hand (`make bench`).
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import statistics
import struct
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Summary:
    """Order statistics of a list of samples, in the samples' unit."""

    count: int
    median: float
    p25: float
    p75: float
    p90: float
    maximum: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        if not samples:
            raise ValueError("no samples")
        ordered = sorted(samples)
        if len(ordered) == 1:
            value = ordered[0]
            return cls(1, value, value, value, value, value)
        # "inclusive" interpolates between samples, so small runs give stable quartiles.
        cuts = statistics.quantiles(ordered, n=20, method="inclusive")
        return cls(
            count=len(ordered),
            median=statistics.median(ordered),
            p25=cuts[4],
            p75=cuts[14],
            p90=cuts[17],
            maximum=ordered[-1],
        )


def ms(seconds: float) -> str:
    """Seconds as milliseconds, e.g. "12.3"."""
    return f"{seconds * 1000:.1f}"


# --------------------------------------------------------------------------- pseudo-terminal


class MarkerTimeout(Exception):
    """The program did not write every marker in time (or exited first)."""


def bench_env(home: Path, pycache: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a launched program: a fresh home and no inherited terminal tweaks.

    Bytecode is cached under `pycache` (shared by every run, filled by the warm-up), as an
    installed package would have it: where PYTHONDONTWRITEBYTECODE is set, the project's own
    modules would otherwise be compiled from source at every launch while Textual's are not.
    """
    dropped = {"COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM"}
    dropped |= {"PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPROFILEIMPORTTIME"}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "XDG_", "UNKNOT_")) and key not in dropped
    }
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        UNKNOT_DATA_DIR=str(home / "unknot-data"),
        PYTHONPYCACHEPREFIX=str(pycache),
    )
    env.update(extra or {})
    return env


def time_to_markers(
    argv: Sequence[str],
    markers: Sequence[bytes],
    *,
    env: Mapping[str, str],
    cwd: Path = REPO,
    columns: int = 80,
    rows: int = 24,
    timeout: float = 15.0,
    quit_keys: bytes = b"\x11",
) -> float:
    """Seconds from launching `argv` in a pseudo-terminal until it has written every marker.

    The clock starts just before the process is spawned and stops when the last marker is
    seen in the bytes the program wrote to its terminal. The program is then asked to quit
    (`quit_keys`, ctrl+q by default) and killed if it has not gone within 3 seconds.
    """
    import fcntl
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    output = bytearray()
    missing = list(markers)
    process: subprocess.Popen[bytes] | None = None
    try:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=dict(env),
            start_new_session=True,  # the pty becomes its controlling terminal
            close_fds=True,
        )
        os.close(slave)
        slave = -1
        deadline = start + timeout
        while missing:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every process holding the terminal has gone
                chunk = b""
            if not chunk:
                break
            now = time.perf_counter()
            # Only the tail can complete a marker split across two reads.
            window = max((len(marker) for marker in missing), default=0)
            searched = bytes(output[-window:]) + chunk
            output += chunk
            missing = [marker for marker in missing if marker not in searched]
            if not missing:
                return now - start
        tail = bytes(output[-600:])
        raise MarkerTimeout(
            f"{' '.join(argv)}: never wrote {[m.decode() for m in missing]} "
            f"(exit code {process.poll()}); last output: {tail!r}"
        )
    finally:
        if slave >= 0:
            os.close(slave)
        if process is not None:
            _stop(process, master, quit_keys)
        os.close(master)


def _stop(process: subprocess.Popen[bytes], master: int, quit_keys: bytes) -> None:
    """Ask the program to quit, draining its output so it never blocks on a full terminal."""
    if process.poll() is None:
        with contextlib.suppress(OSError):
            os.write(master, quit_keys)
        deadline = time.perf_counter() + 3.0
        while process.poll() is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    if not os.read(master, 65536):
                        break
                except OSError:
                    break
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


# --------------------------------------------------------------------------- a big catalogue

_PREFIXES = (
    "Seated", "Standing", "Supine", "Prone", "Kneeling", "Side-lying", "Wall", "Chair",
    "Assisted", "Banded", "Half-kneeling", "Tall", "Quadruped", "Slow", "Gentle", "Active",
)  # fmt: skip
_PARTS = (
    "hip", "hamstring", "glute", "thoracic", "lumbar", "calf", "neck", "shoulder", "quad",
    "piriformis", "adductor", "core", "spine", "chest", "ankle", "oblique",
)  # fmt: skip
_MOVES = (
    "stretch", "rotation", "bridge", "press-up", "tilt", "march", "hold", "twist", "reach",
    "glide", "raise", "plank", "curl", "circle", "opener", "slide", "rock", "hinge",
)  # fmt: skip
_AREAS = (
    "lower back", "upper back", "hips", "glutes", "hamstrings", "calves", "neck",
    "shoulders", "core", "thighs", "chest", "ankles", "sciatic nerve", "obliques",
)  # fmt: skip
_POSITIONS = ("on-back", "on-front", "kneeling", "seated", "standing")
_EQUIPMENT = ("mat", "strap", "wall", "chair")


def generate_catalog(count: int, seed: int = 7) -> dict[str, Any]:
    """A valid catalogue document of `count` exercises with varied names, areas and filters."""
    rng = random.Random(seed)
    exercises: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        name = f"{rng.choice(_PREFIXES)} {rng.choice(_PARTS)} {rng.choice(_MOVES)}"
        if rng.random() < 0.5:
            name += f" {rng.randint(2, 9)}"
        category = rng.choice(("mobility", "strength"))
        exercise: dict[str, Any] = {
            "id": f"{name.lower().replace(' ', '-')}-{number}",
            "name": name,
            "category": category,
            "areas": rng.sample(_AREAS, rng.randint(1, 3)),
            "position": rng.choice(_POSITIONS),
            "equipment": rng.sample(_EQUIPMENT, rng.choice((0, 0, 1, 1, 2))),
            "steps": [
                "Get into the starting position slowly.",
                f"Move until you feel an easy stretch in your {rng.choice(_AREAS)}.",
                "Breathe slowly, then return to the start.",
            ],
            "cue": "Breathe slowly and stay comfortable.",
            "source": "standard",
            "dosage": (
                {"hold_seconds": rng.choice((10, 20, 30)), "reps": 3, "per_side": True}
                if category == "mobility"
                else {"reps": 10, "sets": 2, "rep_seconds": 3}
            ),
        }
        if rng.random() < 0.2:
            exercise["cautions"] = ["Keep the movement small if your back is sore."]
        exercises.append(exercise)
    return {
        "title": f"Generated catalogue of {count} exercises",
        "guidance": {
            "notice": "A generated catalogue for benchmarks. It does not replace a clinician.",
            "points": ["Go slowly."],
        },
        "exercise": exercises,
    }


def write_catalog(path: Path, count: int, seed: int = 7) -> Path:
    """Write `generate_catalog(count, seed)` as TOML to `path`."""
    import tomli_w

    path.write_bytes(tomli_w.dumps(generate_catalog(count, seed)).encode())
    return path
