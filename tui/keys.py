"""Where each key binding works, so the person's keymap can be checked (tui.core.keymap).

A "chain" is what Textual looks a key up in: the focused widget, its screen and, outside
dialogs, the app. Every screen, dialog and widget with bindings belongs to one here (a test
checks that none is missing). This module imports every screen, so the app loads it off
the event loop, after the first screen is up.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys

from tui.core.keymap import Bound

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_KEY_NAMES = frozenset(key.value for key in Keys)


def is_key(key: str) -> bool:
    """Whether `key` (normalised: "question_mark", "ctrl+s") names a key Textual knows."""
    *modifiers, name = key.split("+")
    if any(modifier not in MODIFIERS for modifier in modifiers) or not name:
        return False
    if len(name) == 1 or name in _KEY_NAMES or name.removeprefix("f").isdigit():
        return True
    from textual.keys import _character_to_key  # the names Textual gives punctuation

    return any(_character_to_key(chr(code)) == name for code in range(33, 127))


def bindings_of(cls: type[DOMNode], *, priority_only: bool = False) -> list[Bound]:
    """The bindings a class has (its own and inherited, Textual merges them), one per
    declared binding with all its keys."""
    bounds = []
    for klass in cls.__mro__:
        for binding in getattr(klass, "BINDINGS", None) or []:
            if not isinstance(binding, Binding):
                binding = Binding(*binding)
            if priority_only and not binding.priority:
                continue
            keys = tuple(key.strip() for key in binding.key.split(",") if key.strip())
            bounds.append(Bound(binding.id, keys, binding.description or binding.action))
    return bounds


def binding_chains(app_class: type[App[object]]) -> dict[str, list[type[DOMNode]]]:
    """Each place a key can be pressed: the classes of its chain, the focused widget first."""
    from textual.containers import VerticalScroll
    from textual.widgets import OptionList

    from tui.screens.catalogue import CatalogueScreen
    from tui.screens.choice import ChoiceScreen
    from tui.screens.dialogs import ConfirmScreen, PromptScreen
    from tui.screens.dosage import DosageScreen
    from tui.screens.help import GuidanceScreen, HelpScreen
    from tui.screens.history import HistoryScreen
    from tui.screens.picker import ExercisePickerScreen, PickerList
    from tui.screens.progress import ProgressScreen
    from tui.screens.psfs import PsfsScreen
    from tui.screens.routines import RoutinesScreen
    from tui.screens.routines_lists import EntryList, RoutineList
    from tui.screens.safety import SafetyAdviceScreen, SafetyCheckScreen
    from tui.screens.session import HurtScreen, PainScreen, SessionScreen
    from tui.screens.session_dialogs import PainCheckScreen
    from tui.screens.settings import SettingsScreen
    from tui.screens.today import TodayScreen
    from tui.screens.welcome import IntakeScreen, SuggestionScreen
    from tui.widgets.exercise_detail import ExerciseDetail
    from tui.widgets.exercise_list import ExerciseList
    from tui.widgets.key_list import KeyList

    return {
        "today": [OptionList, TodayScreen, app_class],
        "the exercise list": [ExerciseList, CatalogueScreen, app_class],
        "an exercise's detail": [ExerciseDetail, CatalogueScreen, app_class],
        "the routine list": [RoutineList, RoutinesScreen, app_class],
        "a routine's exercises": [EntryList, RoutinesScreen, app_class],
        "history": [KeyList, HistoryScreen, app_class],
        "progress": [VerticalScroll, ProgressScreen, app_class],
        "a session": [OptionList, SessionScreen, app_class],
        "the exercise picker": [PickerList, ExercisePickerScreen],
        "the dosage editor": [DosageScreen],
        "a name prompt": [PromptScreen],
        "a question": [ConfirmScreen],
        "a choice": [KeyList, ChoiceScreen],
        "settings": [KeyList, SettingsScreen],
        "help": [HelpScreen],
        "the guidance": [GuidanceScreen],
        "the pain question": [OptionList, PainScreen],
        "this hurts": [HurtScreen],
        "the next-day question": [PainCheckScreen],
        "the safety check": [SafetyCheckScreen],
        "the safety advice": [SafetyAdviceScreen],
        "the getting-started questions": [OptionList, IntakeScreen],
        "a suggested starter": [SuggestionScreen],
        "activity ratings": [PsfsScreen],
    }


def chain_bindings(app_class: type[App[object]]) -> dict[str, Sequence[Bound]]:
    """The bindings of every chain; a dialog's chain has only the app's priority keys."""
    chains: dict[str, Sequence[Bound]] = {}
    for name, classes in binding_chains(app_class).items():
        modal = app_class not in classes
        bounds = [bound for cls in classes for bound in bindings_of(cls)]
        if modal:
            bounds += bindings_of(app_class, priority_only=True)
        chains[name] = bounds
    return chains
