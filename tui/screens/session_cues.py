"""The session screen's voice and notifications: `tui.core.cues` decides, this sends.

The screen calls `SessionCues.update` each time it catches up with the clock; speaking and
notifying only hand the words to the speaker and notifier, which never block (see
`tui.speaker`, `tui.notifier`), so no cue can move a deadline.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from textual.app import App

from tui.core.cues import (
    Prompter,
    finished_notice,
    finished_words,
    notify_wanted,
    over_ssh,
    step_notice,
    voice_wanted,
)
from tui.core.session import Event, Session, SessionFinished
from tui.core.store.settings import Settings
from tui.notifier import Notifier, TerminalNotifier
from tui.speaker import Speaker, find_speaker


class SessionCues:
    """Says each step's cues and notifies the step changes that matter."""

    def __init__(self, speaker: Speaker, notifier: Notifier, *, voice: bool, notify: bool) -> None:
        self.speaker = speaker
        """What speaks."""
        self.notifier = notifier
        """What sends desktop notifications."""
        self.voice = voice
        """Whether to speak (the setting resolved: "auto" decided)."""
        self.notify = notify
        """Whether to notify (the setting resolved)."""
        self._prompter = Prompter()
        self._run: tuple[int, float] | None = None

    @classmethod
    def for_settings(
        cls,
        settings: Settings,
        environ: Mapping[str, str],
        app: App[object],
        *,
        speaker: Speaker | None = None,
        notifier: Notifier | None = None,
    ) -> SessionCues:
        """Cues as `settings` ask here (`environ`: SSH or not, which terminal); `speaker` and
        `notifier` default to the real ones: the speech command found, the terminal.
        """
        speaker = speaker or find_speaker(settings.speak_command, environ)
        notifier = notifier or TerminalNotifier(app, environ)
        remote = over_ssh(environ)
        return cls(
            speaker,
            notifier,
            voice=voice_wanted(settings.voice, over_ssh=remote, engine_found=speaker.available),
            notify=notify_wanted(
                settings.notify, over_ssh=remote, terminal_shows=notifier.known_terminal
            ),
        )

    def close(self, *, speaker: bool) -> None:
        """Let go of the speaker when it is ours (`speaker`), off the event loop."""
        if speaker:
            threading.Thread(target=self.speaker.close, daemon=True).start()

    def update(self, session: Session, events: Sequence[Event]) -> None:
        """Say and send what is due now; `events` are those of the latest `session.update()`."""
        if session.finished:
            finished = next((e for e in events if isinstance(e, SessionFinished)), None)
            if finished is not None:
                self._say(finished_words(ended_early=finished.ended_early))
                if self.notify:
                    notice = finished_notice(ended_early=finished.ended_early)
                    self.notifier.notify(notice.title, notice.body)
            return
        run = (session.index, session.step_started)
        if run != self._run:
            self._run = run
            notice = step_notice(session.timeline, session.index, session.step_seconds)
            if self.notify and notice is not None:
                self.notifier.notify(notice.title, notice.body)
        if self.voice:
            cue = self._prompter.due(session)
            if cue is not None:
                self._say(cue.text)

    def seconds_to_next(self, session: Session) -> float | None:
        """Active seconds to the next cue to say in this step, or None."""
        return self._prompter.seconds_to_next(session) if self.voice else None

    def _say(self, text: str) -> None:
        if self.voice:
            self.speaker.say(text)


__all__ = ["SessionCues"]
