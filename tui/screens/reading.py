"""Reading the history log off the event loop, for the screens that show it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.dom import DOMNode

from tui.core.store.history import History, read_history


async def read_history_off_loop(node: DOMNode, path: Path) -> History | None:
    """The log at `path`, read in a thread; None, after telling the person, if it cannot be."""
    try:
        return await asyncio.to_thread(read_history, path)
    except OSError as error:
        node.notify(f"{path}: cannot be read ({error})", severity="error")
        return None


__all__ = ["read_history_off_loop"]
