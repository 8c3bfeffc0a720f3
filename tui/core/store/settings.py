"""Small preferences, `settings.toml`: read with defaults for anything missing or bad,
written atomically; a file that cannot be read is moved aside before new ones are saved.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from tui.core.errors import SETTINGS_MAX_BYTES, DataFileError, decode, parse_toml, read_file
from tui.core.paths import DataPaths
from tui.core.plan import PlanSettings
from tui.core.store.files import atomic_write, set_aside

SETTINGS_HEADER = (
    '# Unknot settings. bell = "off", "bell" or "flash"; '
    "prepare_seconds = seconds to get into position.\n"
    '# voice, notify = "auto", "on" or "off"; speak_command = a command that speaks the\n'
    '# text on its standard input (empty: espeak-ng or say); sync = "off" or "on";\n'
    "# theme = a colour theme's name; [keys] = your own keys (docs/keys.md).\n\n"
)

Bell = Literal["off", "bell", "flash"]
OnOffAuto = Literal["auto", "on", "off"]


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Preferences kept in settings.toml."""

    bell: Bell = "bell"
    """How to mark the end of a hold: "off", "bell" (terminal bell) or "flash" (screen)."""
    prepare_seconds: Annotated[int, Meta(ge=0, le=60)] = 5
    """Seconds to get into position before each exercise."""
    voice: OnOffAuto = "auto"
    """Spoken cues: "auto" speaks when a speech engine is found and the session is local."""
    notify: OnOffAuto = "auto"
    """Desktop notifications through the terminal: "auto" sends them over SSH and in
    terminals known to show them."""
    speak_command: Annotated[str, Meta(max_length=400)] = ""
    """A command that speaks the text on its standard input (e.g. "piper ..."); empty
    uses espeak-ng or say. The UNKNOT_SPEAK_COMMAND environment variable beats it."""
    theme: Annotated[str, Meta(max_length=80)] = ""
    """The colour theme chosen in the palette or settings; "" is Unknot's default."""
    keys: dict[str, Annotated[str, Meta(max_length=80)]] = {}
    """The person's keymap: binding id to keys (see docs/keys.md), checked by the app."""
    sync: Literal["off", "on"] = "off"
    """Whether the app syncs the data folder through git when it starts and when it ends
    (after `unknot sync --init REMOTE`)."""

    @property
    def plan(self) -> PlanSettings:
        """How routines become timelines with these settings (session and estimates alike)."""
        return PlanSettings(prepare_seconds=self.prepare_seconds)


def load_settings(paths: DataPaths, *, problems: list[DataFileError] | None = None) -> Settings:
    """The saved settings; defaults when there are none or the file is bad.

    A bad file is reported through `problems` and left as it is.
    """
    path = paths.settings
    if not os.path.lexists(path):
        return Settings()
    try:
        data, _ = read_file(path, SETTINGS_MAX_BYTES, kind="the settings file")
        return decode(
            parse_toml(data, path),
            Settings,
            path,
            choices={
                "bell": ("off", "bell", "flash"),
                "voice": ("auto", "on", "off"),
                "notify": ("auto", "on", "off"),
                "sync": ("off", "on"),
            },
        )
    except DataFileError as error:
        if problems is not None:
            problems.append(error)
        return Settings()


def save_settings(paths: DataPaths, settings: Settings) -> Path | None:
    """Write the settings atomically.

    If what is there cannot be read (a hand-edited file, a folder...), it is first moved
    to `settings.unreadable.toml` (or `-2`, ...) so nothing the person wrote is lost;
    where it went is returned, otherwise None.
    """
    path = paths.settings
    kept: Path | None = None
    if os.path.lexists(path):
        problems: list[DataFileError] = []
        load_settings(paths, problems=problems)
        if problems:
            kept = set_aside(path, "settings.unreadable", ".toml")
    values = msgspec.structs.asdict(settings)
    import tomli_w

    atomic_write(path, (SETTINGS_HEADER + tomli_w.dumps(values)).encode("utf-8"))
    return kept


__all__ = ["Bell", "Settings", "load_settings", "save_settings"]
