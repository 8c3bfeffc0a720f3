"""Helpers shared by the Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.worker import Worker

from tui.core.plan import StepKind

#: Exercises the source article describes, by catalogue id.
ARTICLE_IDS = (
    "knee-to-chest",
    "double-knee-to-chest",
    "lower-trunk-rotation",
    "lower-trunk-rotation-wide",
    "hamstring-stretch-strap",
    "kneeling-hip-flexor-stretch",
    "pelvic-tilt",
    "bridge",
    "calf-stretch-wall",
    "figure-four-stretch",
    "partial-crunch",
    "seated-nerve-glide",
)
#: Exercises the article only names: standard practice, and the note must say so.
STANDARD_IDS = (
    "outer-hip-stretch",
    "prone-press-up",
    "plank-progression",
    "reach-outs",
    "sit-to-stand",
    "open-books",
    "childs-pose",
    "cobra",
    "upper-trapezius-stretch",
)
#: Standard exercises the article does not mention: seated and standing options for a
#: desk break, and the harder versions that progressions link to.
ADDED_IDS = (
    "seated-pelvic-tilt",
    "seated-trunk-rotation",
    "seated-figure-four-stretch",
    "standing-backward-bend",
    "standing-hip-flexor-stretch",
    "reach-outs-arm-and-leg",
    "forearm-plank",
)
#: Every id the shipped catalogue has.
CATALOGUE_IDS = frozenset(ARTICLE_IDS + STANDARD_IDS + ADDED_IDS)


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


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def exercise_data(**overrides: Any) -> dict[str, Any]:
    """A valid catalogue exercise as parsed TOML, with `overrides` applied."""
    data: dict[str, Any] = {
        "id": "knee-to-chest",
        "name": "Knee to chest",
        "category": "mobility",
        "areas": ["lower back", "hips"],
        "position": "on-back",
        "equipment": ["mat"],
        "steps": ["Lie on your back.", "Hug one knee to your chest."],
        "cue": "Breathe slowly.",
        "cautions": ["Take care if you have osteoporosis."],
        "stop_if": ["Pain at the front of the hip."],
        "source": "article",
        "dosage": {"hold_seconds": 30, "reps": 3, "per_side": True},
    }
    data.update(overrides)
    return data


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text (from an SVG screenshot), lines joined
    by spaces: for checking that text is really on screen, not just in a widget."""
    import html
    import re

    svg = app.export_screenshot()
    rows = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    return html.unescape(" ".join(rows)).replace("\xa0", " ")


# Short names for the step kinds, as the plan and session tests write timelines.
PREPARE, HOLD, REPS, SWITCH, REST = (
    StepKind.PREPARE,
    StepKind.HOLD,
    StepKind.REPS,
    StepKind.SWITCH_SIDES,
    StepKind.REST,
)


class FakeSpeaker:
    """Records what would be said, with the fake clock's time."""

    def __init__(self, clock: FakeClock, *, available: bool = True) -> None:
        self.clock = clock
        self.said: list[tuple[float, str]] = []
        self.closed = False
        self._available = available

    @property
    def available(self) -> bool:
        return self._available

    @property
    def name(self) -> str:
        return "fake speaker"

    def say(self, text: str) -> None:
        self.said.append((self.clock(), text))

    def close(self) -> None:
        self.closed = True

    @property
    def texts(self) -> list[str]:
        """What was said, in order."""
        return [text for _, text in self.said]


class FakeNotifier:
    """Records the notifications that would be sent, with the fake clock's time."""

    def __init__(self, clock: FakeClock, *, known_terminal: bool = True) -> None:
        self.clock = clock
        self.sent: list[tuple[float, str, str]] = []
        self._known = known_terminal

    @property
    def known_terminal(self) -> bool:
        return self._known

    @property
    def name(self) -> str:
        return "fake notifier"

    def notify(self, title: str, body: str) -> None:
        self.sent.append((self.clock(), title, body))

    @property
    def titles(self) -> list[str]:
        """The titles sent, in order."""
        return [title for _, title, _ in self.sent]


async def launch_done(pilot: Pilot[None]) -> None:
    """Until the launch's checks are done. Its worker starts after the first refresh, so
    it may not exist yet when the test begins (wait_for_complete() would not wait)."""
    started: list[Worker[object]] = []
    for _ in range(200):
        started = [w for w in pilot.app.workers if w.group == "app-start"]
        if started:
            break
        await pilot.pause(0.01)
    await asyncio.gather(*(worker.wait() for worker in started), return_exceptions=True)
    await pilot.pause()


#: The key names of the characters `arrive_together` sends that are not their own name.
KEY_NAMES = {"/": "slash", "\r": "enter"}


def arrive_together(app: App[Any], typed: str) -> None:
    """Keys that reach the app in one read, as a terminal sends them when typed fast or in
    one packet over SSH ("\r" is enter): all queued before the first is handled."""
    for character in typed:
        app.post_message(events.Key(KEY_NAMES.get(character, character), character))
