"""Speaking cues aloud through a speech command, off the event loop.

Why a command and not a library such as pyttsx3: a command is what people already have
(espeak-ng on Linux, `say` on macOS) and what they can name themselves (`piper`, a script
that logs what was said), all the same way: the text goes to its standard input. A child
process can be cut off mid-sentence by a signal and cannot hang or crash the app; pyttsx3's
blocking `runAndWait` is known to hang on its second call and from threads
(nateshmbhat/pyttsx3#126, #327; austin-bowen/voicebox#8), and it brings native quirks per
platform. No new dependency either.

`CommandSpeaker.say` only puts the text on a queue; a worker thread starts the command. A
newer cue cuts off one still being spoken (a count said late is worse than a sentence cut
short), and a cue that waited too long in the queue is dropped. Nothing here raises into
the caller: a command that fails is remembered in `problem` and the session goes on.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from tui.core.text import clean_text

#: Environment variable naming a speech command; it beats `speak_command` in settings.toml.
ENV_SPEAK_COMMAND = "UNKNOT_SPEAK_COMMAND"
#: Speech engines looked for, in order, when no command is named (each reads standard input).
DEFAULT_ENGINES: dict[str, tuple[tuple[str, ...], ...]] = {
    "linux": (("espeak-ng",), ("espeak",)),
    "darwin": (("say",),),
}
#: The engines looked for (tests empty it, so no test speaks through the machine's).
ENGINES = DEFAULT_ENGINES
#: A cue that waited longer than this to be spoken is dropped: it would come out of time.
STALE_SECONDS = 1.5
#: How long a cut-off command gets to stop before it is killed.
STOP_SECONDS = 0.5


class Speaker(Protocol):
    """Says short texts aloud. Tests pass a fake that records what was said and when."""

    @property
    def available(self) -> bool:
        """Whether there is something to speak with."""
        ...

    @property
    def name(self) -> str:
        """What speaks, for the settings dialog, e.g. "espeak-ng"."""
        ...

    def say(self, text: str) -> None:
        """Say `text` soon, cutting off what is being said; never blocks, never raises."""
        ...

    def close(self) -> None:
        """Stop speaking and let go of the engine."""
        ...


class SilentSpeaker:
    """No engine: says nothing."""

    def __init__(self, name: str = "no speech engine found") -> None:
        self._name = name

    @property
    def available(self) -> bool:
        return False

    @property
    def name(self) -> str:
        return self._name

    def say(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class CommandSpeaker:
    """Runs `argv` once per cue, with the text on its standard input, from a worker thread.

    `on_spoken(text, asked_at, started_at)` is called from the worker after the command has
    been given the text (a benchmark hook: `asked_at` is when `say` was called, both on
    `time.monotonic`).
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        name: str | None = None,
        on_spoken: Callable[[str, float, float], None] | None = None,
    ) -> None:
        self.argv = tuple(argv)
        """The command and its arguments."""
        self.problem = ""
        """Why the last cue could not be spoken, if it could not."""
        self._name = name or os.path.basename(self.argv[0])
        self._on_spoken = on_spoken
        self._queue: queue.SimpleQueue[tuple[str, float] | None] = queue.SimpleQueue()
        self._current: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def available(self) -> bool:
        return True

    @property
    def name(self) -> str:
        return self._name

    def say(self, text: str) -> None:
        if self._closed:
            return
        self._queue.put((text, time.monotonic()))
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="unknot-speaker", daemon=True
                )
                self._thread.start()

    def close(self) -> None:
        self._closed = True
        self._queue.put(None)
        thread = self._thread
        if thread is not None:
            thread.join(timeout=STOP_SECONDS * 2)
        self._stop_current()

    # --- the worker thread

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            # Only the newest cue matters: one waiting behind it is already out of date.
            with contextlib.suppress(queue.Empty):
                while item is not None:
                    item = self._queue.get_nowait()
            if item is None:
                return
            text, asked_at = item
            if time.monotonic() - asked_at > STALE_SECONDS:
                continue
            try:
                self._speak(text, asked_at)
            except Exception as error:  # a worker must outlive any engine's failure
                self.problem = f"{self._name}: {error}"

    def _speak(self, text: str, asked_at: float) -> None:
        self._stop_current()
        words = clean_text(text).replace("\n", " ").strip()
        if not words:
            return
        process = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped whole, never by ctrl+c
            close_fds=True,
        )
        self._current = process
        try:
            assert process.stdin is not None
            process.stdin.write((words + "\n").encode("utf-8"))
            process.stdin.close()
        except (BrokenPipeError, OSError) as error:
            self.problem = f"{self._name}: {error}"
        if self._on_spoken is not None:
            self._on_spoken(words, asked_at, time.monotonic())

    def _stop_current(self) -> None:
        process, self._current = self._current, None
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=STOP_SECONDS)


def speech_command(
    speak_command: str,
    environ: Mapping[str, str],
    *,
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
) -> tuple[tuple[str, ...] | None, str]:
    """The command to speak with and its name, or (None, why there is none).

    `UNKNOT_SPEAK_COMMAND` beats `speak_command` (settings.toml), which beats the engines
    looked for on this system.
    """
    named = environ.get(ENV_SPEAK_COMMAND, "").strip() or speak_command.strip()
    if named:
        try:
            argv = tuple(shlex.split(named))
        except ValueError as error:
            return None, f"cannot read the speech command: {error}"
        if not argv:
            return None, "the speech command is empty"
        if which(argv[0]) is None:
            return None, f"speech command not found: {argv[0]}"
        return argv, os.path.basename(argv[0])
    for argv in ENGINES.get("linux" if platform.startswith("linux") else platform, ()):
        if which(argv[0]) is not None:
            return argv, argv[0]
    return None, "no speech engine found"


def find_speaker(speak_command: str, environ: Mapping[str, str]) -> CommandSpeaker | SilentSpeaker:
    """The speaker for these settings and this environment (silent when there is none)."""
    argv, name = speech_command(speak_command, environ)
    return CommandSpeaker(argv, name=name) if argv is not None else SilentSpeaker(name)


__all__ = [
    "ENV_SPEAK_COMMAND",
    "CommandSpeaker",
    "SilentSpeaker",
    "Speaker",
    "find_speaker",
    "speech_command",
]
