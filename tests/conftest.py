"""Shared fixtures: every test runs with its own data folder, never the real home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from textual.css.stylesheet import Stylesheet

# `make mutation` runs the core tests once per mutant, slowed down by mutmut's trampolines:
# the same examples every run (so mutants are judged alike), no deadline or speed checks.
settings.register_profile(
    "mutation", derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("UNKNOT_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point Unknot's data, cache and state folders, HOME and the XDG folders into `tmp_path`."""
    data_dir = tmp_path / "unknot-data"
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("UNKNOT_CACHE_DIR", str(tmp_path / "unknot-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("UNKNOT_STATE_DIR", str(tmp_path / "unknot-state"))
    return data_dir


TEXTUAL_PARSE_RULES = Stylesheet.__dict__["_parse_rules"]


@pytest.fixture(autouse=True)
def textual_parses_styles_as_it_ships(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that launches `unknot` installs the style cache (`tui.style_cache`) for the
    whole process: Textual's own parsing comes back after each test."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", TEXTUAL_PARSE_RULES)


@pytest.fixture(autouse=True)
def no_real_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test speaks through the machine's speech engine unless it names a command itself."""
    monkeypatch.delenv("UNKNOT_SPEAK_COMMAND", raising=False)
    monkeypatch.setattr("tui.speaker.ENGINES", {})


@pytest.fixture(autouse=True)
def plain_local_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as in a plain local terminal, whatever runs them (SSH, tmux, kitty...):
    "auto" voice and notifications decide from these."""
    for name in (
        "SSH_CONNECTION",
        "SSH_CLIENT",
        "SSH_TTY",
        "TMUX",
        "TERM_PROGRAM",
        "LC_TERMINAL",
        "KITTY_WINDOW_ID",
        "WEZTERM_PANE",
        "VTE_VERSION",
        "UNKNOT_NOTIFY_SEQUENCE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
