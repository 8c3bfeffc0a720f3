"""Helpers shared by the benchmarks: summaries, a pseudo-terminal launcher, a big catalogue.

Nothing here is imported by the app; the benchmarks are run by hand (`make bench`).
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
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


#: How many times `ratio_interval` draws the runs again.
RESAMPLES = 2000


def ratio_interval(numerator: Sequence[float], denominator: Sequence[float]) -> tuple[float, float]:
    """The middle 90% of median(numerator) / median(denominator) over the runs drawn
    again `RESAMPLES` times (a bootstrap): how far the noise of these runs alone could move
    that ratio. Not the drift from one run of a bench to the next, which can be larger.

    Rounds are drawn whole (numerator[i] with denominator[i], the programs' runs of one
    round), so a round slow for both programs stays one draw: the two medians keep the
    noise they share, and it moves them together rather than apart. Seeded: the same runs
    give the same interval.
    """
    rounds = list(zip(numerator, denominator, strict=True))
    if not rounds:
        raise ValueError("no samples")
    rng = random.Random(0)
    ratios = []
    for _ in range(RESAMPLES):
        picked = rng.choices(rounds, k=len(rounds))
        ratios.append(
            statistics.median(n for n, _ in picked) / statistics.median(d for _, d in picked)
        )
    cuts = statistics.quantiles(ratios, n=20, method="inclusive")
    return cuts[0], cuts[-1]


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
        UNKNOT_CACHE_DIR=str(home / "unknot-cache"),
        PYTHONPYCACHEPREFIX=str(pycache),
    )
    env.update(extra or {})
    return env


def unknot_command() -> list[str]:
    """The `unknot` command, as `make run` starts it; `python -m tui` where not installed."""
    script = Path(sys.executable).with_name("unknot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


class PtyProgram:
    """A program in a pseudo-terminal of a fixed size, with every byte it writes timed.

    `chunks` holds (seconds since launch, bytes) for every read; `sent` the keys written,
    with their times. The clock starts just before the process is spawned. Leaving the
    `with` block asks the program to quit (`quit_keys`) and kills it after 3 seconds.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path = REPO,
        columns: int = 80,
        rows: int = 24,
        quit_keys: bytes = b"\x11",
    ) -> None:
        self.argv = list(argv)
        self.env = dict(env)
        self.cwd = cwd
        self.columns = columns
        self.rows = rows
        self.quit_keys = quit_keys
        self.chunks: list[tuple[float, bytes]] = []
        self.sent: list[tuple[float, bytes]] = []
        self.start = 0.0
        self.exited = False
        self._master = -1
        self._process: subprocess.Popen[bytes] | None = None
        self._searched = 0  # bytes of output already searched for markers

    def __enter__(self) -> PtyProgram:
        import fcntl
        import termios

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))
        self._master = master
        try:
            self.start = time.perf_counter()
            self._process = subprocess.Popen(
                self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                cwd=self.cwd,
                env=self.env,
                start_new_session=True,  # the pty becomes its controlling terminal
                close_fds=True,
            )
        finally:
            os.close(slave)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            _stop(self._process, self._master, self.quit_keys)
        os.close(self._master)

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def now(self) -> float:
        """Seconds since launch."""
        return time.perf_counter() - self.start

    @property
    def output(self) -> bytes:
        return b"".join(chunk for _, chunk in self.chunks)

    def write(self, data: bytes) -> float:
        """Write keys to the program; returns when (seconds since launch)."""
        at = self.now()
        os.write(self._master, data)
        self.sent.append((at, data))
        return at

    def _read(self, timeout: float) -> bool:
        """Read what is ready within `timeout` seconds; False once the program has gone."""
        ready, _, _ = select.select([self._master], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self._master, 65536)
        except OSError:  # EIO: every process holding the terminal has gone
            chunk = b""
        if not chunk:
            self.exited = True
            return False
        self.chunks.append((self.now(), chunk))
        return True

    def read_for(self, seconds: float) -> None:
        """Read everything written during the next `seconds`."""
        deadline = self.now() + seconds
        while not self.exited and (left := deadline - self.now()) > 0:
            self._read(left)

    def read_until_quiet(self, quiet: float, limit: float) -> bool:
        """Read until nothing was written for `quiet` seconds (True) or `limit` passed.

        The quiet stretch starts no earlier than the call: a key just written may not
        have been answered yet."""
        called = self.now()
        deadline = called + limit
        while not self.exited:
            last = max(called, self.chunks[-1][0] if self.chunks else 0.0)
            left = min(deadline, last + quiet) - self.now()
            if left <= 0:
                return self.now() >= last + quiet
            self._read(left)
        return False

    def read_until(self, markers: Sequence[bytes], timeout: float, since: int = 0) -> float:
        """Read until the output (from byte `since` on) holds every marker; returns the
        time of the chunk that completed them (seconds since launch). Raises
        MarkerTimeout otherwise."""
        deadline = self.now() + timeout
        while True:
            output = self.output[since:]
            if all(marker in output for marker in markers):
                # The first chunk at whose end every marker had been written.
                total = -since
                for at, chunk in self.chunks:
                    total += len(chunk)
                    if all(marker in output[:total] for marker in markers):
                        return at
            left = deadline - self.now()
            if left <= 0 or self.exited:
                missing = [m.decode() for m in markers if m not in output]
                status = self._process.poll() if self._process else None
                raise MarkerTimeout(
                    f"{' '.join(self.argv)}: never wrote {missing} (exit code {status}); "
                    f"last output: {output[-600:]!r}"
                )
            self._read(left)


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


# --------------------------------------------------------------------------- the screen


@dataclass(frozen=True)
class Frame:
    """One update of the emulated screen: when it completed and what it changed."""

    at: float
    """Seconds since launch of the last byte of the update."""
    text: bool
    """Some character on screen changed."""
    style: bool
    """Some colour or attribute changed (with or without text)."""
    lines: tuple[str, ...]
    """The screen's text after the update."""


class LiveScreen:
    """The program's screen as a terminal emulator (pyte) shows it, fed as it is read."""

    def __init__(self, program: PtyProgram) -> None:
        import pyte

        self.program = program
        self._screen = pyte.Screen(program.columns, program.rows)
        self._stream = pyte.ByteStream(self._screen)
        self._fed = 0

    def text(self) -> str:
        for _, chunk in self.program.chunks[self._fed :]:
            self._stream.feed(chunk)
        self._fed = len(self.program.chunks)
        return "\n".join(self._screen.display)

    def wait_for(self, text: str, timeout: float) -> None:
        """Read until `text` is on screen; MarkerTimeout after `timeout` seconds."""
        deadline = self.program.now() + timeout
        while text not in self.text():
            left = deadline - self.program.now()
            if left <= 0 or self.program.exited:
                raise MarkerTimeout(f"{text!r} never on screen; it shows:\n{self.text()}")
            self.program.read_for(min(left, 0.05))


def replay(
    chunks: Sequence[tuple[float, bytes]], columns: int = 80, rows: int = 24, gap: float = 0.004
) -> list[Frame]:
    """Feed the bytes to a terminal emulator (pyte) and list the updates that changed it.

    Bytes read less than `gap` seconds apart are one update: a frame larger than the
    pty's buffer arrives in several reads microseconds apart. Updates that change nothing
    on screen (cursor moves, mode switches, a repaint of the same cells) are left out.
    """
    import pyte

    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    frames: list[Frame] = []

    def cells() -> tuple[tuple[Any, ...], ...]:
        return tuple(tuple(screen.buffer[y][x][1:] for x in range(columns)) for y in range(rows))

    previous_text, previous_cells = tuple(screen.display), cells()

    def snapshot(at: float) -> None:
        nonlocal previous_text, previous_cells
        text, styles = tuple(screen.display), cells()
        changed_text, changed_style = text != previous_text, styles != previous_cells
        if changed_text or changed_style:
            frames.append(Frame(at, changed_text, changed_style, text))
        previous_text, previous_cells = text, styles

    pending_at: float | None = None
    for at, chunk in chunks:
        if pending_at is not None and at - pending_at >= gap:
            snapshot(pending_at)
        stream.feed(chunk)
        pending_at = at
    if pending_at is not None:
        snapshot(pending_at)
    return frames


def settled(frames: Sequence[Frame], end: float, quiet: float = 0.3, after: float = 0.0) -> float:
    """When the screen settled: the first update (at or after `after`) that no other
    follows within `quiet` seconds. `end` is when the recording stopped; an update closer
    to it than `quiet` cannot be proven settled, and gives NaN."""
    changes = [frame.at for frame in frames if frame.at >= after]
    for index, at in enumerate(changes):
        following = changes[index + 1] if index + 1 < len(changes) else end
        if following - at >= quiet:
            return at
    return math.nan


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
