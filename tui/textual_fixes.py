"""Fixes for bugs in Textual that Unknot's users would feel, applied once when the app
module is imported. Each checks that the bug is still there and otherwise does nothing,
so a Textual release that fixes it makes the fix a no-op (then delete it)."""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any


def free_styles_caches() -> None:
    """Let the lines a widget drew go when the widget goes.

    Textual 8.2.8 caches `StylesCache.get_inner_outer` with `lru_cache` on the instance
    method (Textual issue #6665), so its 1,024 keys hold the `StylesCache` of every widget
    drawn since, and every line that cache keeps, long after the widget was removed: closed
    dialogs, the safety check, a finished session. Over a short flow that is ~2 MB of
    ~50. The result depends only on the two colours, so the same cache keyed by them alone
    gives the same styles and holds no widget.
    """
    from textual._styles_cache import StylesCache

    method: Any = StylesCache.__dict__.get("get_inner_outer")
    if not hasattr(method, "cache_clear") or not hasattr(method, "__wrapped__"):
        return  # no longer an lru_cache on the method: fixed in Textual
    by_colours = lru_cache(maxsize=1024)(partial(method.__wrapped__, None))  # ignores `self`
    setattr(StylesCache, "get_inner_outer", staticmethod(by_colours))  # noqa: B010 (mypy: no method assignment)


def apply() -> None:
    """Every fix above."""
    free_styles_caches()
