"""The person's keymap: which entries are used, and what is said about the others."""

from __future__ import annotations

from tui.core.keymap import Bound, check_keymap

CHAINS = {
    "routine list": [
        Bound("routines.new", ("n",), "New"),
        Bound("routines.start", ("s",), "Start"),
        Bound(None, ("down",), "Down"),
        Bound("app.quit", ("q",), "Quit"),
    ],
    "routine's exercises": [
        Bound("routines.remove", ("x", "delete"), "Remove"),
        Bound("routines.new", ("n",), "New"),
        Bound("app.quit", ("q",), "Quit"),
    ],
    "session": [
        Bound("session.pause", ("space",), "Pause"),
        Bound("session.resume", ("space",), "Resume"),  # one key, two states: not a clash
        Bound("app.quit", ("q",), "Quit"),
    ],
}


def test_a_free_key_is_used() -> None:
    result = check_keymap({"routines.new": "N", "app.quit": "ctrl+q,q"}, CHAINS)
    assert result.keymap == {"routines.new": "N", "app.quit": "ctrl+q,q"}
    assert result.problems == []


def test_an_unknown_id_is_named_and_ignored() -> None:
    result = check_keymap({"routines.frobnicate": "f", "routines.new": "N"}, CHAINS)
    assert result.keymap == {"routines.new": "N"}
    assert result.problems == [
        "'routines.frobnicate' is not an Unknot key binding id (docs/keys.md lists them); ignored."
    ]


def test_a_key_another_action_has_where_it_works_keeps_the_defaults() -> None:
    result = check_keymap({"routines.new": "s"}, CHAINS)
    assert result.keymap == {}
    (problem,) = result.problems
    assert "'routines.new' = 's' clashes with 'routines.start'" in problem
    assert "keeps its default keys (n)" in problem


def test_a_key_used_only_in_another_chain_is_free() -> None:
    # x removes an exercise, but only in the exercises pane; the session never sees it.
    result = check_keymap({"session.pause": "x"}, CHAINS)
    assert result.keymap == {"session.pause": "x"}


def test_fixed_keys_clash_too() -> None:
    result = check_keymap({"routines.start": "down"}, CHAINS)
    assert result.keymap == {}
    assert "clashes with 'Down'" in result.problems[0]


def test_swapping_two_keys_is_no_clash() -> None:
    result = check_keymap({"routines.new": "s", "routines.start": "n"}, CHAINS)
    assert result.keymap == {"routines.new": "s", "routines.start": "n"}


def test_keys_that_are_not_keys_or_empty_keep_the_defaults() -> None:
    result = check_keymap(
        {"routines.new": " , ", "routines.start": "banana"},
        CHAINS,
        is_key=lambda key: len(key) == 1,
    )
    assert result.keymap == {}
    assert result.problems == [
        "'routines.new' names no key; it keeps its default keys.",
        "'routines.start': 'banana' is not a key Unknot knows; it keeps its default keys (s).",
    ]


def test_dropping_one_remap_can_settle_another() -> None:
    # Both want 'z'; once the first is dropped, the second is free to keep it.
    result = check_keymap({"routines.new": "z", "routines.start": "z"}, CHAINS)
    assert len(result.keymap) == 1 and len(result.problems) == 1
