"""Helpers shared by the Pilot and snapshot tests."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.pilot import Pilot


async def files_loaded(pilot: Pilot[None]) -> None:
    """Wait until screens have finished reading files in their workers.

    Only the loading workers: an action waiting for a dialog's answer never completes
    while the dialog is open. (`wait_for_complete([])` would wait for every worker.)
    """
    app: App[None] = pilot.app
    loading = [w for w in app.workers if w.group == "routines-load" and not w.is_finished]
    if loading:
        await asyncio.gather(*(worker.wait() for worker in loading), return_exceptions=True)
    await pilot.pause()
