"""Today's first view, worked out ahead in a child process while the app starts.

Launching the app spends most of its first quarter second importing Textual, on one
core. With years of history, reading the logs and working out what Today shows take
15-25 ms more. So `unknot`, once it has the catalogue and before it imports Textual,
forks (`start_today_ahead`); the child does that work on another core and sends the view
back through a pipe. Today's first frame takes it (`TodayAhead.take`) once it has checked
that no log changed meanwhile and that the day is the same, and reads the history itself
after that frame.

Not needed when an earlier launch kept Today's view for this day of the logs as they are
(`tui.core.kept_views`, the usual case): that view is the first frame's (`KeptView`);
`ViewKeeper` keeps the views whenever the history has been read.

Only for logs large enough to be worth it: a child costs the app a few ms too (each page
the app had when it forked is copied the first time it writes to it while the child
lives). The child only reads, ignores Ctrl-C (the app handles it), and its standard
streams go nowhere, so it never touches the terminal. Wherever there is no `fork`
(Windows) or one CPU, it is not safe (another thread is running), or anything goes wrong
(the child fails or is late, or a log changed), Today reads the history itself before
its first frame, as it does without this.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from tui.core.catalog import Catalog
    from tui.core.paths import DataPaths
    from tui.core.store.history import History, HistoryReader, LogVersion
    from tui.core.today_view import TodayView

#: How long Today waits for the child before reading the history itself: the child
#: started a quarter second earlier and needs a fifth of that for 2,000 sessions, so
#: one not done by then is stuck or slowed (a slow disk), and reading costs Today less.
WAIT_SECONDS = 0.05

#: The most the child may send: a view is a few kilobytes.
MAX_BYTES = 1024 * 1024

#: Logs smaller than this together (about 200 sessions) are read by Today itself: it
#: takes it a few ms, no more than a child costs.
AHEAD_MIN_BYTES = 128 * 1024


class FirstView:
    """Today's first view, had before Today is up; `take` it once, then it is gone."""

    def take(self, version: tuple[LogVersion, ...], today: date) -> TodayView | None:
        """The view, if it is of the logs at `version` (as they are now) and for `today`;
        else None, and Today reads the history itself."""
        raise NotImplementedError

    def close(self) -> None:
        """Let it go, taken or not."""


class KeptView(FirstView):
    """The view an earlier launch kept for this day of the logs at `version`."""

    def __init__(self, version: tuple[LogVersion, ...], view: TodayView) -> None:
        self.version = version
        """The logs' version it is a view of."""
        self.view: TodayView | None = view
        """The view, until taken."""

    def take(self, version: tuple[LogVersion, ...], today: date) -> TodayView | None:
        view, self.view = self.view, None
        if view is None or version != self.version or view.today != today:
            return None
        return view

    def close(self) -> None:
        self.view = None


class TodayAhead(FirstView):
    """A child process working out Today's first view; `take` it once, then it is gone."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        """The child's process id (0 once it has been waited for)."""
        self.pipe = pipe
        """The reading end of the pipe the view comes through (-1 once closed)."""

    @classmethod
    def start(cls, work: Callable[[], bytes]) -> TodayAhead | None:
        """Fork a child that sends what `work` returns (`view_bytes`; b"": nothing to
        send); None where there is no fork, it is not safe or worth it, or it fails."""
        if not _worth_forking():
            return None
        reading, writing = os.pipe()
        # Ctrl-C held back until each side has its own handling: in the child, before
        # it ignores it, it would print a traceback to the terminal.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            raise
        if pid == 0:  # pragma: no cover - the child, whose coverage is not gathered
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                _child(reading, writing, work)
            finally:
                os._exit(1)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(writing)
        if pid == -1:
            os.close(reading)
            return None
        return cls(pid, reading)

    def take(self, version: tuple[LogVersion, ...], today: date) -> TodayView | None:
        """The view the child worked out, if it read the logs at `version` (as they are
        now) and it is for `today`; else None, and Today reads the history itself."""
        import pickle

        from tui.core.today_view import TodayView

        try:
            data = self._receive()
        except (OSError, ValueError):  # the pipe failed: Today reads the history
            data = b""
        finally:
            self.close()
        try:
            # Pickled: unpickling takes 0.15 ms where msgspec's typed decoding took 2 ms
            # (it works out every type of the view first). The bytes come from this
            # process's own fork, through a pipe that no other process has.
            sent = pickle.loads(data) if data else None
        except Exception:  # whatever went wrong in the child: Today reads the history
            return None
        match sent:
            case (sent_version, TodayView() as view) if sent_version == version:
                return view if view.today == today else None
        return None

    def close(self) -> None:
        """Stop waiting: the child is ended if still at work, and waited for."""
        if self.pipe != -1:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            pid, self.pid = self.pid, 0
            try:
                if os.waitpid(pid, os.WNOHANG) == (0, 0):
                    os.kill(pid, signal.SIGKILL)  # it writes nothing but the pipe
                    os.waitpid(pid, 0)
            except ChildProcessError:  # already waited for (a SIGCHLD handler)
                pass

    def _receive(self) -> bytes:
        """Everything the child sent before closing the pipe; b"" if it took too long."""
        import select

        if self.pipe == -1:  # taken already
            return b""
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + WAIT_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.pipe], [], [], left)
            if not ready:
                break
            chunk = os.read(self.pipe, 65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_BYTES:
                break
            chunks.append(chunk)
        return b""


def _worth_forking() -> bool:
    """Whether a child can help: there is a second CPU for it (on one, it would only
    take turns with the app), and forking is safe (a child forked while another thread
    holds a lock could wait for it forever; no `threading` imported: no other thread)."""
    if not hasattr(os, "fork") or not hasattr(signal, "pthread_sigmask"):
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threading = sys.modules.get("threading")
    return (cpus or 1) > 1 and (threading is None or threading.active_count() == 1)


def _child(
    reading: int, writing: int, work: Callable[[], bytes]
) -> None:  # pragma: no cover - runs in the child, whose coverage is not gathered
    """Do `work` and send its bytes, its standard streams going nowhere; then end without
    running anything of the parent's (no atexit handler, no flush of its buffers)."""
    os.close(reading)
    nowhere = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(nowhere, stream)
    data = memoryview(work())
    while data:
        data = data[os.write(writing, data) :]
    os._exit(0)


def worth_having_ahead(version: tuple[LogVersion, ...]) -> bool:
    """Whether logs at `version` are large enough for Today's first view to be had ahead
    (`AHEAD_MIN_BYTES`), kept from an earlier launch or worked out by a child."""
    from tui.core.store.history import logs_size

    return logs_size(version) >= AHEAD_MIN_BYTES


class ViewKeeper:
    """Keeps Today's views of the history in `paths` for later launches, in `cache_dir`
    (`tui.core.kept_views`), once for each version of the logs, and finds them there."""

    def __init__(
        self,
        cache_dir: Path,
        paths: DataPaths,
        catalog: Catalog,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.cache_dir = cache_dir
        self.paths = paths
        self.catalog = catalog
        self.wall_clock = wall_clock
        self.kept: tuple[LogVersion, ...] | None = None
        """The logs' version whose views this process kept."""
        self._setup: str | bool | None = False  # not taken yet
        self._keeping = threading.Lock()  # one thread at a time writes the file

    @property
    def setup_taken(self) -> bool:
        """Whether `setup` has been taken already (in the app: as it started, when it looked
        for a kept view)."""
        return self._setup is not False

    @property
    def setup(self) -> str | None:
        """`setup_key`, taken the first time it is needed: as the process started, for a
        long history (the views are read before Textual is imported), or for a session
        first (`take_setup`)."""
        if self._setup is False:
            from tui.core.kept_views import setup_key

            self._setup = setup_key(self.catalog)
        return self._setup if isinstance(self._setup, str) else None

    def take_setup(self) -> str | None:
        """`setup`, taken now if not yet: as the app starts, so that views kept after a
        session describe the catalogue and code it ran with, not any changed meanwhile."""
        return self.setup

    def find(self, version: tuple[LogVersion, ...]) -> KeptView | None:
        """The view kept for today of the logs at `version`, if any."""
        from tui.core.dates import local_now
        from tui.core.kept_views import kept_view

        setup = self.setup
        if setup is None:
            return None
        view = kept_view(self.cache_dir, self.paths, setup, version, local_now(self.wall_clock))
        return KeptView(version, view) if view is not None else None

    def keep(self, version: tuple[LogVersion, ...], history: History) -> None:
        """Keep the views of `history`, read from the logs at `version`, unless kept
        already or not worth it. Slow (~25 ms for 2,000 sessions): in a thread."""
        from tui.core.dates import local_now
        from tui.core.kept_views import keep_views

        setup = self.setup
        if setup is None or not worth_having_ahead(version):
            return
        with self._keeping:
            if version == self.kept:
                return
            self.kept = version
            today = local_now(self.wall_clock).date()
            keep_views(self.cache_dir, self.paths, self.catalog, setup, version, history, today)

    def read_and_keep(self, reader: HistoryReader) -> None:
        """Read the history with `reader` (after this process changed a log or synced; the
        screens that share it need not read it again) and keep its views; a history that
        cannot be read is left to the screens to tell about. In a thread, or at exit."""
        from tui.core.errors import DataFileError
        from tui.core.store.history import history_version

        version = history_version(self.paths)
        if version == self.kept or not worth_having_ahead(version):
            return
        try:
            history = reader.read(version)
        except (OSError, DataFileError):
            return
        self.keep(version, history)


def start_today_ahead(
    paths: DataPaths,
    catalog: Catalog,
    wall_clock: Callable[[], float] = time.time,
    keeper: ViewKeeper | None = None,
) -> FirstView | None:
    """Today's view of the logs in `paths`, if they are large enough to be worth it
    (`AHEAD_MIN_BYTES`): the one `keeper` finds kept for this day of the logs as they
    are, or else a child working it out (if it can be forked); else None."""
    from tui.core.store.history import history_version

    version = history_version(paths)
    if not worth_having_ahead(version):
        return None
    # The rules (tui.core.today) are not imported here: a kept view needs only its data
    # (tui.core.today_view), and a child imports them on its own core.
    kept = keeper.find(version) if keeper is not None else None
    if kept is not None:
        return kept
    return TodayAhead.start(lambda: view_bytes(paths, catalog, wall_clock))


def view_bytes(paths: DataPaths, catalog: Catalog, wall_clock: Callable[[], float]) -> bytes:
    """What the child sends: the logs' version and Today's view of them, pickled; b""
    when Today is to read the history itself (logs larger than it reads before its
    first frame, or a log that cannot be read: Today then says so)."""
    import pickle

    from tui.core.dates import local_now
    from tui.core.store.history import history_version, load_history
    from tui.core.today import read_at_once, today_view_of

    version = history_version(paths)
    if not read_at_once(version):
        return b""
    history = load_history(paths)
    if history.problems:
        return b""
    view = today_view_of(history, catalog, local_now(wall_clock))
    return pickle.dumps((version, view), protocol=pickle.HIGHEST_PROTOCOL)


__all__ = [
    "AHEAD_MIN_BYTES",
    "MAX_BYTES",
    "WAIT_SECONDS",
    "FirstView",
    "KeptView",
    "TodayAhead",
    "ViewKeeper",
    "start_today_ahead",
    "view_bytes",
    "worth_having_ahead",
]
