"""Unknot's screens."""

from pathlib import Path


def screen_css(name: str) -> str:
    """The styles in `name`, a .tcss file beside the screens, for a screen's DEFAULT_CSS.

    Not CSS_PATH: Textual parses every stylesheet of the app again (a fresh parser, so
    nothing cached) when a screen with a CSS_PATH of its own is first shown: 20-35 ms of
    a first visit. DEFAULT_CSS is added like a widget's, and only the new text is
    parsed.

    What this changes: the rules are scoped to the screen (Textual scopes only the last
    selector of a comma list: the others in these files start with the screen's name),
    and they rank below any app-level CSS (the app's CSS_PATH, the dialogs'),
    whatever their specificity: a screen's file must not style what app-level CSS
    styles. `textual run --dev` does not reload them live.
    """
    return Path(__file__).with_name(name).read_text(encoding="utf-8")
