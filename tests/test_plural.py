"""Counts in words (a survivor of `make mutation` in tui/core/text.py)."""

from __future__ import annotations

import pytest

from tui.core.text import plural


@pytest.mark.parametrize(
    ("count", "text"), [(0, "0 reps"), (1, "1 rep"), (2, "2 reps"), (21, "21 reps")]
)
def test_one_is_singular_and_every_other_count_plural(count: int, text: str) -> None:
    assert plural(count, "rep") == text
