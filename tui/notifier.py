"""Desktop notifications through the terminal's own escape sequences.

Over SSH a sound made on the server reaches nobody, but a notification sequence travels
with the screen to the person's own terminal, which shows it on their desktop. Terminals
understand different ones:

- OSC 99 (kitty): title and body, `ESC ] 99 ; i=..:d=0 ; title ST` then the body;
- OSC 777 `notify` (foot, rxvt-unicode, WezTerm, Ghostty, VTE with Fedora's patch):
  `ESC ] 777 ; notify ; title ; body BEL`;
- OSC 9 (iTerm2, WezTerm, Ghostty, kitty and others): `ESC ] 9 ; message BEL`, one text.

The terminal is recognised from the environment (`TERM`, `TERM_PROGRAM`, `LC_TERMINAL`,
...); an unknown one gets OSC 9, the most widely understood, and
`UNKNOT_NOTIFY_SEQUENCE=osc9|osc777|osc99` chooses by hand. Inside tmux the sequence is
wrapped for tmux to pass through (it needs `set -g allow-passthrough on`).

The sequence is written through Textual's driver, as `App.bell` writes its BEL: the driver
queues it for its writer thread, so notifying never blocks the event loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Protocol

from textual.app import App

from tui.core.text import clean_text

Style = Literal["osc9", "osc777", "osc99"]
#: Environment variable choosing the sequence by hand.
ENV_NOTIFY_SEQUENCE = "UNKNOT_NOTIFY_SEQUENCE"
STYLES: tuple[Style, ...] = ("osc9", "osc777", "osc99")
#: Longest text sent: a notification is a line, not a page.
MAX_TEXT = 200
ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"


class Notifier(Protocol):
    """Sends desktop notifications. Tests pass a fake that records them and when."""

    @property
    def known_terminal(self) -> bool:
        """Whether the terminal is one known to show notifications."""
        ...

    @property
    def name(self) -> str:
        """How notifications are sent, for the settings dialog."""
        ...

    def notify(self, title: str, body: str) -> None:
        """Show `title` and `body` on the person's desktop; never blocks, never raises."""
        ...


def terminal_style(environ: Mapping[str, str]) -> tuple[Style, bool]:
    """The sequence to send in this environment, and whether the terminal is known to show it."""
    chosen = environ.get(ENV_NOTIFY_SEQUENCE, "").strip().lower()
    if chosen in STYLES:
        return chosen, True  # type: ignore[return-value]
    term = environ.get("TERM", "")
    program = environ.get("TERM_PROGRAM", "")
    if term == "xterm-kitty" or environ.get("KITTY_WINDOW_ID"):
        return "osc99", True
    if term.startswith(("foot", "rxvt-unicode")) or term == "xterm-ghostty":
        return "osc777", True
    if program in ("WezTerm", "ghostty") or environ.get("WEZTERM_PANE"):
        return "osc777", True
    if program == "iTerm.app" or environ.get("LC_TERMINAL") == "iTerm2":
        return "osc9", True
    if environ.get("VTE_VERSION"):
        return "osc777", False  # only distributions that patch VTE show them
    return "osc9", False


def _field(text: str) -> str:
    """`text` safe inside an OSC string: no controls, one line, no field separator."""
    cleaned = clean_text(text).replace("\n", " ").replace("\r", " ").strip()
    return cleaned.replace(";", ",")[:MAX_TEXT]


def sequence(style: Style, title: str, body: str, *, tmux: bool = False) -> str:
    """The escape sequence showing `title` and `body` (wrapped for tmux when `tmux`)."""
    title, body = _field(title), _field(body)
    if style == "osc99":
        text = f"{ESC}]99;i=unknot:d=0;{title}{ST}{ESC}]99;i=unknot:d=1:p=body;{body}{ST}"
    elif style == "osc777":
        text = f"{ESC}]777;notify;{title};{body}{BEL}"
    else:
        text = f"{ESC}]9;{title}: {body}{BEL}"
    if tmux:
        # tmux passes a DCS "tmux;" string through to the outer terminal, ESCs doubled.
        text = f"{ESC}Ptmux;{text.replace(ESC, ESC + ESC)}{ST}"
    return text


class TerminalNotifier:
    """Writes notification sequences to the app's terminal."""

    def __init__(self, app: App[object], environ: Mapping[str, str]) -> None:
        self.app = app
        self.style, self._known = terminal_style(environ)
        self.tmux = bool(environ.get("TMUX"))
        self.problem = ""
        """Why the last notification could not be written, if it could not."""

    @property
    def known_terminal(self) -> bool:
        return self._known

    @property
    def name(self) -> str:
        return self.style.upper().replace("OSC", "OSC ") + (" through tmux" if self.tmux else "")

    def notify(self, title: str, body: str) -> None:
        app = self.app
        # As App.bell does: only a real terminal has a driver to write to.
        driver = app._driver
        if app.is_headless or driver is None:
            return
        try:
            driver.write(sequence(self.style, title, body, tmux=self.tmux))
        except Exception as error:  # a closed terminal must not stop a session
            self.problem = str(error)


__all__ = [
    "ENV_NOTIFY_SEQUENCE",
    "Notifier",
    "TerminalNotifier",
    "sequence",
    "terminal_style",
]
