"""`unknot serve`: Unknot in a web browser, through textual-serve.

Each browser tab gets its own Unknot process, started with this server's data and cache
folders: whoever opens the page uses *this machine's* data, and there is no login. So the
server listens on the loopback address unless told otherwise, and says so loudly when it
is told otherwise. Handouts and reports are downloaded through the page (the app uses
`App.deliver_text` when it runs in a browser).
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def warning(host: str, port: int, data_dir: Path) -> str:
    """What to say before serving anywhere but this machine."""
    from tui.core.text import clean_text

    return (
        f"warning: serving on {clean_text(host) or 'every address'}, port {port}: anyone who "
        "can reach it gets Unknot with NO LOGIN, reading and changing the data folder of "
        f"this server ({clean_text(str(data_dir))}). To use it from elsewhere, keep the "
        "default --host 127.0.0.1 and forward the port over SSH (ssh -L 8000:127.0.0.1:8000 "
        "HOST), or put a proxy with a login in front."
    )


def app_command(data_dir: Path, cache_dir: Path, catalog: Path | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    command = [sys.executable, "-m", "tui", "--data-dir", str(data_dir)]
    command += ["--cache-dir", str(cache_dir)]
    if catalog is not None:
        command += ["--catalog", str(catalog.absolute())]
    return shlex.join(command)


def public_url(host: str, port: int) -> str:
    """The address the page uses to reach the server (its websocket and downloads)."""
    name = host.strip()
    if name in WILDCARDS:
        name = socket.getfqdn()
    elif ":" in name and not name.startswith("["):
        name = f"[{name}]"
    return f"http://{name}:{port}"


def serve(command: str, host: str, port: int) -> None:
    """Serve the app until Ctrl+C."""
    from textual_serve.server import Server

    Server(command, host=host, port=port, title="Unknot", public_url=public_url(host, port)).serve()


__all__ = ["app_command", "is_loopback", "public_url", "serve", "warning"]
