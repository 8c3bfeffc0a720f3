"""Which device this is, for each data folder: a name made once and kept on this machine.

Each device appends to its own history log and keeps its own unfinished session
(`history/<device>.jsonl`, `sessions/<device>.json`), so two machines sharing a data
folder through Syncthing, Dropbox or git never write the same file.

The id is kept *outside* the data folder, in this machine's state folder (one small file
per data folder): a file-sync tool copies everything inside the data folder, so an id kept
there would travel to the other machine and both would write the same files again. If
the state folder cannot be written, the id is derived from the host name and the data
folder instead, which is stable too.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
from hashlib import sha256
from pathlib import Path

from tui.core.errors import DataFileError, read_file
from tui.core.paths import DataPaths, resolve_state_dir
from tui.core.store.files import StoreError, atomic_write, create_new, slugify

#: What a device id looks like: letters, digits and dashes (it names files).
_VALID_ID = re.compile(r"[^\W_](?:[\w-]{0,38}[^\W_])?")
_HOST_LENGTH = 20
_known: dict[tuple[Path, Path], str] = {}


def host_label() -> str:
    """This machine's name as a file-name-safe slug, e.g. "laptop"."""
    try:
        name = socket.gethostname()
    except OSError:  # pragma: no cover - no host name at all
        name = ""
    slug = slugify(name.split(".")[0], _HOST_LENGTH) if name else "device"
    return "device" if slug == "routine" else slug  # slugify's word for "nothing left"


def device_id(paths: DataPaths, *, state_dir: Path | None = None) -> str:
    """This device's id for `paths.root`, e.g. "laptop-3f9a2c"; made on first use."""
    root = paths.root.absolute()
    folder = (resolve_state_dir() if state_dir is None else state_dir) / "devices"
    known = _known.get((folder, root))
    if known is not None:
        return known
    name = sha256(os.fsencode(root)).hexdigest()[:16]
    try:
        device = _read_id(folder / name)
        if device is None:
            device = _make_id(folder, name, root)
    except OSError:
        # A read-only home: an id from the host and the folder is as stable, if less private.
        seed = os.fsencode(f"{socket.gethostname()}\0{root}")
        device = f"{host_label()}-{sha256(seed).hexdigest()[:6]}"
    _known[folder, root] = device
    return device


def _make_id(folder: Path, name: str, root: Path) -> str:
    data = f"{host_label()}-{secrets.token_hex(3)}\n{root}\n".encode()
    if os.path.lexists(folder / name):  # there, but not an id (a hand edit): replace it
        atomic_write(folder / name, data)
    else:
        with contextlib.suppress(StoreError):  # another process made one first: use theirs
            create_new(folder, iter([name]), data)
    device = _read_id(folder / name)
    if device is None:
        raise OSError(f"{folder / name}: cannot keep the device id")
    return device


def _read_id(path: Path) -> str | None:
    try:
        data, _ = read_file(path, 4096, kind="a device id file", follow_links=False)
        first = data.decode("utf-8").split("\n", 1)[0].strip()
    except (DataFileError, UnicodeDecodeError):  # missing, or not an id Unknot wrote
        return None
    return first if _VALID_ID.fullmatch(first) else None


__all__ = ["device_id", "host_label"]
