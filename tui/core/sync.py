"""Sync the data folder through git, the tool people already trust for their dotfiles.

`init` makes the data folder a git repository with one remote (any URL git takes: ssh,
https, a path); `sync` commits what changed here, merges what the remote has, and pushes.

Nothing can be lost in a merge, by construction:

- History cannot conflict: each device appends only to its own log (`store.history`),
  and logs merge as a union of lines should two ever meet (`.gitattributes`).
- A routine changed on both sides keeps both: the remote's version stays in the file,
  this machine's becomes a new routine, "<name> (from <host>)". Changed on one side and
  deleted on the other, the changed one is kept.
- Anything else changed on both sides (the settings) keeps the remote's version in place
  and this machine's as a conflict copy next to it, which the app offers to resolve.
- Each machine's unfinished session, locks and temporary files never leave it
  (`.gitignore`).

It runs the `git` command (no library), never prompts inside the app (no terminal is
given to git there), and reports every failure as a `SyncError` in one sentence.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.errors import DataFileError, read_file
from tui.core.paths import DataPaths
from tui.core.store.copies import conflict_copy_name, is_conflict_copy
from tui.core.store.files import atomic_write, locked

REMOTE = "origin"
BRANCH = "main"
GIT_TIMEOUT = 120.0
GITIGNORE = """\
# Written by Unknot: what stays on this machine and is never synced.
sessions/
.unknot.lock
*.tmp
*.sync-conflict-*
*conflicted copy*
"""
GITATTRIBUTES = """\
# Written by Unknot. Session logs merge as a union of lines (each device writes its own);
# routines and settings are never merged line by line: both versions are kept whole.
*.jsonl merge=union
*.toml -merge
*.json -merge
"""
GIT_MISSING = (
    "sync needs git, and no `git` command was found: install git (e.g. `apt install git`, "
    "`brew install git`) and try again"
)


class SyncError(Exception):
    """Sync could not be done; the message is meant for the person."""


@dataclass
class SyncReport:
    """What one sync did."""

    committed: bool = False
    """Whether this machine's changes were recorded in a new commit."""
    received: int = 0
    """Commits that came from the remote."""
    sent: int = 0
    """Commits sent to the remote."""
    kept: list[str] = field(default_factory=list)
    """One sentence per file changed on both sides, saying where each version is."""

    def summary(self) -> str:
        """One line for the person, e.g. "Synced: sent 1 change, received 2"."""
        if not (self.sent or self.received):
            return "Already in sync." if not self.kept else "Synced."
        parts = []
        if self.sent:
            parts.append(f"sent {self.sent} change{'s' if self.sent != 1 else ''}")
        if self.received:
            parts.append(f"received {self.received}")
        return "Synced: " + ", ".join(parts) + "."


def find_git() -> str:
    """The git command's path; `SyncError` saying how to get it when missing."""
    git = shutil.which("git")
    if git is None:
        raise SyncError(GIT_MISSING)
    return git


def is_set_up(paths: DataPaths) -> bool:
    """Whether `unknot sync --init` was run on this data folder."""
    return (paths.root / ".git").is_dir()


class Git:
    """Runs git in the data folder. Not interactive: no terminal, no password prompt."""

    def __init__(
        self, root: Path, *, interactive: bool = False, timeout: float = GIT_TIMEOUT
    ) -> None:
        self.root = root
        self.git = find_git()
        self.interactive = interactive
        """Whether git may ask for a password (the command line, never the app)."""
        self.timeout = timeout
        env = dict(os.environ)
        env["LC_ALL"] = "C"  # messages we parse ("rejected") are English
        env.pop("GIT_DIR", None)
        env.pop("GIT_WORK_TREE", None)
        if not interactive:
            env["GIT_TERMINAL_PROMPT"] = "0"
        self.env = env

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        command = [self.git, "-c", "core.quotepath=false", "-c", "commit.gpgsign=false", *args]
        try:
            result = subprocess.run(
                command,
                cwd=self.root,
                env=self.env,
                stdin=None if self.interactive else subprocess.DEVNULL,
                capture_output=True,  # passwords are asked on the terminal, not stdin
                timeout=self.timeout,
                # No controlling terminal in the app: ssh cannot ask on /dev/tty.
                start_new_session=not self.interactive,
            )
        except subprocess.TimeoutExpired:
            raise SyncError(f"git {args[0]} did not finish within {self.timeout:.0f} s") from None
        except OSError as error:
            raise SyncError(f"git could not run: {error.strerror or error}") from None
        if check and result.returncode != 0:
            raise SyncError(f"git {args[0]} failed: {_last_line(result)}")
        return result

    def ok(self, *args: str) -> bool:
        """Whether the command succeeds (for questions like "is there a remote branch?")."""
        return self(*args, check=False).returncode == 0

    def text(self, *args: str) -> str:
        return self(*args).stdout.decode("utf-8", "replace").strip()


def _last_line(result: subprocess.CompletedProcess[bytes]) -> str:
    text = (result.stderr or b"").decode("utf-8", "replace").strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {result.returncode}"


# --------------------------------------------------------------------------- set up


def init(paths: DataPaths, remote: str, *, interactive: bool = True) -> SyncReport:
    """Make the data folder a git repository syncing with `remote`, then sync once."""
    if not remote.strip():
        raise SyncError("give the remote to sync with, e.g. a path or git@host:unknot.git")
    find_git()
    paths.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    git = Git(paths.root, interactive=interactive)
    if not is_set_up(paths):
        git("init", "-q", f"--initial-branch={BRANCH}")
    if not git.ok("config", "user.email"):
        from tui.core.store.device import host_label

        git("config", "user.name", "Unknot")
        git("config", "user.email", f"unknot@{host_label()}")
    if git.ok("remote", "get-url", REMOTE):
        git("remote", "set-url", REMOTE, remote)
    else:
        git("remote", "add", REMOTE, remote)
    return sync(paths, interactive=interactive)


def write_repo_files(root: Path) -> None:
    """`.gitignore` and `.gitattributes` as this version of Unknot wants them."""
    for name, text in ((".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)):
        path = root / name
        with contextlib.suppress(DataFileError):
            if read_file(path, 64 * 1024, kind="a git settings file")[0] == text.encode():
                continue
        atomic_write(path, text.encode("utf-8"))


# --------------------------------------------------------------------------- sync


def sync(
    paths: DataPaths, *, interactive: bool = True, clock: Callable[[], float] = time.time
) -> SyncReport:
    """Commit this machine's changes, merge the remote's, push; see the module docstring."""
    from tui.core.store.history import migrate_legacy_history

    if not is_set_up(paths):
        raise SyncError(
            f"{paths.root} is not set up for sync yet: run `unknot sync --init REMOTE` first"
        )
    git = Git(paths.root, interactive=interactive)
    report = SyncReport()
    with _one_sync_at_a_time(paths.root / ".git" / "unknot-sync.lock"):
        migrate_legacy_history(paths)
        write_repo_files(paths.root)
        branch = (
            git.text("symbolic-ref", "--short", "HEAD")
            if git.ok("symbolic-ref", "HEAD")
            else BRANCH
        )
        with locked(paths.routines):  # the app saves nothing while we commit and merge
            report.committed = _commit_local(git, paths)
        for _attempt in range(4):
            git("fetch", "--quiet", REMOTE)
            upstream = f"refs/remotes/{REMOTE}/{branch}"
            has_head = git.ok("rev-parse", "--verify", "-q", "HEAD")
            if git.ok("rev-parse", "--verify", "-q", upstream):
                incoming = _count(git, f"HEAD..{upstream}" if has_head else upstream)
                if incoming:
                    with locked(paths.routines):
                        _merge(git, paths, upstream, report, clock)
                    report.received += incoming
                    has_head = True
                outgoing = _count(git, f"{upstream}..HEAD") if has_head else 0
            else:
                outgoing = _count(git, "HEAD") if has_head else 0
            if not outgoing:
                return report
            pushed = git("push", "--quiet", REMOTE, f"HEAD:refs/heads/{branch}", check=False)
            if pushed.returncode == 0:
                report.sent += outgoing
                git("branch", "--quiet", f"--set-upstream-to={REMOTE}/{branch}", check=False)
                return report
            if not _rejected(pushed):
                raise SyncError(f"git push failed: {_last_line(pushed)}")
        raise SyncError("the remote kept changing while syncing; try again in a moment")


@contextlib.contextmanager
def _one_sync_at_a_time(lock: Path) -> Iterator[None]:
    import fcntl

    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncError("another sync of this data folder is running") from None
        yield
    finally:
        os.close(fd)


def _count(git: Git, revisions: str) -> int:
    return int(git.text("rev-list", "--count", revisions) or 0)


def _rejected(result: subprocess.CompletedProcess[bytes]) -> bool:
    text = (result.stderr or b"").decode("utf-8", "replace")
    return any(word in text for word in ("rejected", "fetch first", "non-fast-forward"))


def _commit_local(git: Git, paths: DataPaths) -> bool:
    from tui.core.store.device import device_id

    git("add", "--all")
    if git.ok("diff", "--cached", "--quiet"):
        return False
    git("commit", "--quiet", "--no-verify", "-m", f"Unknot on {device_id(paths)}")
    return True


def _merge(
    git: Git, paths: DataPaths, upstream: str, report: SyncReport, clock: Callable[[], float]
) -> None:
    """Merge `upstream` into HEAD, deciding every path ourselves.

    Git's own merge guesses renames (a deleted routine and an unrelated new one with
    similar text become "one file renamed", and an edit lands in the wrong routine), and
    not every git version lets that be turned off. So git only records the merge
    (`-s ours`), and each path's outcome is decided here from its three versions.
    """
    if not git.ok("rev-parse", "--verify", "-q", "HEAD") or git.ok(
        "merge-base", "--is-ancestor", "HEAD", upstream
    ):
        git("merge", "--quiet", "--ff-only", upstream)  # nothing here the remote lacks
        return
    bases = git("merge-base", "--all", "HEAD", upstream, check=False).stdout.split()
    base = _tree(git, bases[0].decode()) if bases else {}
    ours, theirs = _tree(git, "HEAD"), _tree(git, upstream)
    git(
        "merge",
        "--quiet",
        "--no-commit",
        "--no-ff",
        "--strategy=ours",
        "--allow-unrelated-histories",
        upstream,
    )
    both: list[tuple[str, str, str]] = []
    for name in sorted(base.keys() | ours.keys() | theirs.keys()):
        was, mine, other = base.get(name), ours.get(name), theirs.get(name)
        if mine == other or other == was:
            continue  # the same on both sides, or changed only here: as it is
        if mine == was or mine is None or other is None:
            # Changed only there; or changed on one side and deleted on the other, where
            # the change is kept.
            kept = other if mine == was or mine is None else mine
            _write(paths.root / name, None if kept is None else _blob(git, kept))
        else:
            both.append((name, mine, other))
    # Last, once every other file is in place: a copy kept now takes a name nobody uses.
    for name, mine, other in both:
        _both_changed(paths, name, _blob(git, mine), _blob(git, other), report, clock)
    git("add", "--all")
    git("commit", "--quiet", "--no-edit", "--no-verify")


def _tree(git: Git, revision: str) -> dict[str, str]:
    """Every file of a commit: path -> blob id."""
    files: dict[str, str] = {}
    for entry in git("ls-tree", "-r", "-z", "--full-tree", revision).stdout.split(b"\0"):
        if entry:
            info, _, name = entry.partition(b"\t")
            files[os.fsdecode(name)] = info.split()[2].decode()
    return files


def _blob(git: Git, sha: str) -> bytes:
    return git("cat-file", "blob", sha).stdout


def _write(path: Path, data: bytes | None) -> None:
    if data is None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        return
    atomic_write(path, data)


def _both_changed(
    paths: DataPaths,
    name: str,
    ours: bytes,
    theirs: bytes,
    report: SyncReport,
    clock: Callable[[], float],
) -> None:
    """Settle a file both sides changed, keeping every version somewhere."""
    path = paths.root / name
    if name.endswith(".jsonl"):
        atomic_write(path, _union(ours, theirs))
        return
    atomic_write(path, theirs)
    if _is_routine_file(paths, path):
        copy = _keep_routine_copy(paths, path, ours)
        if copy is not None:
            report.kept.append(copy_message(path, copy, paths))
            return
    # Not a routine (or not one that loads): ours waits next to it, for the app to offer.
    from tui.core.store.device import device_id

    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(clock()))
    aside = path.with_name(conflict_copy_name(path.name, stamp, device_id(paths)))
    atomic_write(aside, ours)
    report.kept.append(
        f"{name} was changed on both machines: the other machine's version is in place, "
        f"this one's is kept as {aside.name} (Unknot offers the choice when it starts)."
    )


def _union(ours: bytes, theirs: bytes) -> bytes:
    """Every line of both logs, each once, ours first (a log is a set of records)."""
    lines = ours.splitlines()
    seen = set(lines)
    lines += [line for line in theirs.splitlines() if line not in seen]
    return b"".join(line + b"\n" for line in lines if line.strip())


def _is_routine_file(paths: DataPaths, path: Path) -> bool:
    return (
        path.parent == paths.routines
        and path.suffix == ".toml"
        and not path.name.startswith(".")
        and not is_conflict_copy(path.name)
    )


def _keep_routine_copy(paths: DataPaths, path: Path, ours: bytes) -> Path | None:
    """This machine's version of a routine as a new routine; None if it does not load."""
    from tui.core.errors import DataFileError, parse_toml
    from tui.core.routine import parse_routine
    from tui.core.store.device import host_label
    from tui.core.store.routines import RoutineStore

    try:
        routine = parse_routine(parse_toml(ours, path), path)
    except DataFileError:
        return None
    return RoutineStore(paths).create_unique(routine, f"from {host_label()}").path


def copy_message(path: Path, copy: Path, paths: DataPaths) -> str:
    """Where both versions of a routine changed on two machines are now."""
    from tui.core.store.routines import RoutineStore

    store = RoutineStore(paths)
    with contextlib.suppress(Exception):
        return (
            f"'{store.load(path).name}' was changed on both machines: kept both; this "
            f"machine's version is now '{store.load(copy).name}'."
        )
    return f"{path.name} was changed on both machines: kept both ({copy.name})."


__all__ = [
    "GIT_MISSING",
    "Git",
    "SyncError",
    "SyncReport",
    "find_git",
    "init",
    "is_set_up",
    "sync",
    "write_repo_files",
]
