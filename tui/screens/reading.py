"""The history logs read and written off the event loop, for the screens that use them."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.dom import DOMNode
from textual.message import Message

from tui.core.errors import DataFileError, describe_error
from tui.core.paths import DataPaths
from tui.core.store.history import History, HistoryReader, device_log


async def read_history_off_loop(node: DOMNode, reader: HistoryReader) -> History | None:
    """Every device's log, read in a thread (unless unchanged since `reader` last read
    them); None, after telling the person, if they cannot be."""
    try:
        history = await asyncio.to_thread(reader.read)
    except (OSError, DataFileError) as error:
        node.notify(describe_error(error, reader.paths.history), severity="error")
        return None
    tell_problems(node, history)
    return history


def tell_problems(node: DOMNode, history: History) -> None:
    """Say which logs could not be read (what the others hold is still shown)."""
    for problem in history.problems:
        node.notify(problem, title="Part of your history cannot be read", severity="error")


async def append_off_loop(node: DOMNode, paths: DataPaths, entry: dict[str, Any]) -> bool:
    """Append `entry` to this device's log in a thread; False, after telling the person
    that it was not saved, if it cannot be."""
    try:
        await asyncio.to_thread(lambda: device_log(paths).append(entry))
    except (OSError, DataFileError) as error:
        node.notify(describe_error(error), title="Not saved", severity="error")
        return False
    node.post_message(HistoryWritten())
    return True


class HistoryWritten(Message):
    """Unknot just added a line to this device's log (a session, an answer): the app then
    keeps Today's views of the new history for the next launch."""


__all__ = ["HistoryWritten", "append_off_loop", "read_history_off_loop"]
