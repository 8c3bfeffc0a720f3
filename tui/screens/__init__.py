"""Unknot's screens."""

from pathlib import Path


def screen_css(name: str) -> str:
    """The styles in `name`, a .tcss file beside the screens, for a screen's DEFAULT_CSS.

    Not CSS_PATH: Textual parses every stylesheet of the app again (a fresh parser, so
    nothing cached) when a screen with a CSS_PATH of its own is first shown: 20-35 ms of
    a first visit. DEFAULT_CSS is added like a widget's, and only the new text is
    parsed. The rules are also scoped to the screen, as they are meant to be.
    """
    return Path(__file__).with_name(name).read_text(encoding="utf-8")
