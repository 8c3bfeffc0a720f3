"""Fixes for Textual's bugs (tui/textual_fixes.py): what each frees, and that what it
draws is unchanged (the snapshot tests draw every screen through them too)."""

from __future__ import annotations

import gc
import weakref

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style

from tui import textual_fixes

BASE, TINT = Color(10, 20, 30), Color(200, 100, 0, 0.5)


def test_a_widget_s_drawn_lines_are_not_held_by_the_background_cache() -> None:
    textual_fixes.apply()
    lines = StylesCache()  # each widget's, with every line it drew
    lines.get_inner_outer(BASE, TINT)  # as drawing a line does
    gone = weakref.ref(lines)
    del lines
    gc.collect()
    assert gone() is None, "Textual's get_inner_outer cache still holds a widget's lines"


def test_the_backgrounds_are_textual_s_own_and_applying_twice_changes_nothing() -> None:
    textual_fixes.apply()
    textual_fixes.apply()
    inner, outer = StylesCache().get_inner_outer(BASE, TINT)
    assert inner == Style(background=BASE + TINT)
    assert outer == Style(background=BASE)
    assert StylesCache().get_inner_outer(BASE, TINT) == (inner, outer)
