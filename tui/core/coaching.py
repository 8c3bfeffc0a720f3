"""Pain-aware coaching: what to do when something hurts, and asking after a bad session.

The rules follow a traffic light on the 0-10 scale a person gives after "this hurts":

- 0-3, mild: ease out of the position; carry on in a smaller range only if the pain
  settles at once (with a reminder on screen for the rest of that exercise);
- 4-7, moderate: change something: the catalogue's easier variant for the rest of the
  session, or skip the exercise;
- 8-10, severe: stop for today, with the catalogue's own advice (`if_it_hurts`).

Whatever the level, the words say to stop for the day if the pain is sharp, spreads down a
leg or brings numbness or tingling, and to get advice if pain comes during or after
exercising or keeps coming back.

After a session in which pain rose by 2 or more, or "this hurts" was rated 4 or more, the
next launch asks once how the back is compared with before that session (`next_day`
decides when; the words are here).

Everything here is decided without a screen; the screens only ask and show. Unknot guides,
it never diagnoses: the words say when to see a clinician.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

import msgspec

from tui.core.catalog import Catalog, Exercise
from tui.core.next_day import RISE_WORTH_ASKING, CheckAnswer
from tui.core.record import MILD_UP_TO, MODERATE_UP_TO, PainChoice, SessionRecord, Swap
from tui.core.routine import Routine

if TYPE_CHECKING:  # Today names an easier variant in its first frame: no plan, no session
    from tui.core.plan import PlanSettings
    from tui.core.session import Session

GENTLE_REMINDER = "Keep it small and slow. Stop for today if the pain grows or spreads."
EASE_OUT = "Ease out of the position slowly."
STOP_FOR_TODAY = (
    "Stop for today if it is sharp, spreads down a leg, or brings numbness or tingling."
)
GET_ADVICE = (
    "If pain comes during or after exercise, or keeps coming back, get advice from a "
    "physical therapist or doctor."
)
GET_HELP_TODAY = (
    "Get medical help the same day for new bladder or bowel trouble, numbness around "
    "the genitals or buttocks, or a leg that is getting weaker."
)
SEE_A_CLINICIAN = f"{GET_ADVICE} {GET_HELP_TODAY}"


class PainLevel(StrEnum):
    """The traffic light for a pain rating."""

    MILD = "mild"
    """0-3: carry on gently."""
    MODERATE = "moderate"
    """4-7: change the exercise, or skip it."""
    SEVERE = "severe"
    """8-10: stop."""


def pain_level(pain: int) -> PainLevel:
    """The traffic light for `pain`, 0 to 10; raises ValueError outside that scale."""
    if not 0 <= pain <= 10:
        raise ValueError(f"pain is rated from 0 to 10, not {pain}")
    if pain <= MILD_UP_TO:
        return PainLevel.MILD
    if pain <= MODERATE_UP_TO:
        return PainLevel.MODERATE
    return PainLevel.SEVERE


@dataclass(frozen=True)
class PainAdvice:
    """What to tell a person who rated their pain, and what they may choose."""

    level: PainLevel | None
    """The traffic light, or None when the pain was not rated."""
    headline: str
    """One line, e.g. "Mild pain: carry on gently"."""
    advice: str
    """What to do, in a sentence or two."""
    choices: tuple[PainChoice, ...]
    """What the person may choose, the advised one first."""


def advise(
    pain: int | None, *, easier: bool = False, skip: bool = True, if_it_hurts: str = ""
) -> PainAdvice:
    """The advice for `pain` (None: not rated).

    `easier`: an easier variant can be swapped in; `skip`: something is left to skip;
    `if_it_hurts`: the catalogue's own advice, said when the pain is severe.
    """
    optional = ((PainChoice.EASIER,) if easier else ()) + ((PainChoice.SKIP,) if skip else ())
    if pain is None:
        return PainAdvice(
            None,
            "Ease out of the position slowly",
            f"Never push through pain. {STOP_FOR_TODAY} {GET_ADVICE}",
            (PainChoice.CARRY_ON, *optional, PainChoice.STOP),
        )
    level = pain_level(pain)
    if level is PainLevel.MILD:
        return PainAdvice(
            level,
            f"Mild pain ({pain}/10): ease out of the position slowly",
            f"Carry on gently, in a smaller range, only if it settles at once. {STOP_FOR_TODAY}",
            (PainChoice.CARRY_ON, *optional, PainChoice.STOP),
        )
    if level is PainLevel.MODERATE:
        change = "Try the easier variant or skip" if easier else "Skip"
        return PainAdvice(
            level,
            f"Moderate pain ({pain}/10): ease out slowly and change the exercise",
            f"Do not push through it: {change.lower()} this exercise, or end the session. "
            f"{STOP_FOR_TODAY} {GET_ADVICE}",
            (*optional, PainChoice.STOP),
        )
    stop = if_it_hurts.strip() or f"{EASE_OUT} Stop for today."
    return PainAdvice(
        level,
        f"Severe pain ({pain}/10): stop for today",
        f"{stop} {GET_HELP_TODAY}",
        (PainChoice.STOP,),
    )


# --------------------------------------------------------------------------- easier variant


class ExerciseLookup(Protocol):
    """What finding a variant needs of a catalogue (tests pass a small fake)."""

    def get(self, exercise_id: str) -> Exercise | None: ...


def easier_variant(exercise: Exercise, catalog: ExerciseLookup) -> Exercise | None:
    """The first of `exercise`'s easier variants that the catalogue has, or None."""
    for variant_id in exercise.easier:
        variant = catalog.get(variant_id)
        if variant is not None and variant.id != exercise.id:
            return variant
    return None


def easier_ahead(session: Session, catalog: ExerciseLookup) -> Exercise | None:
    """The easier variant of the exercise "this hurts" can change now (`exercise_ahead`)."""
    ahead = session.exercise_ahead
    exercise = catalog.get(ahead.id) if ahead is not None else None
    return easier_variant(exercise, catalog) if exercise is not None else None


def swap_routine(routine: Routine, entry_index: int, replacement_id: str) -> Routine:
    """`routine` with entry `entry_index`, and every later entry of the same exercise, done
    as `replacement_id` at the catalogue's dosage for it (the old dosage may not fit).
    """
    entries = list(routine.exercise)
    replaced_id = entries[entry_index].id
    for index in range(entry_index, len(entries)):
        if entries[index].id == replaced_id:
            entries[index] = msgspec.structs.replace(entries[index], id=replacement_id, dosage=None)
    return msgspec.structs.replace(routine, exercise=tuple(entries))


def swap_in_easier(
    session: Session, routine: Routine, catalog: Catalog, plan: PlanSettings
) -> Routine | None:
    """Swap the easier variant in for the exercise ahead, for the rest of the session.

    The session goes to the start of the swapped exercise, and its record names the one
    replaced. Returns the routine the session now follows (save it with the checkpoint so
    a resumed session has the same steps), or None when there is no variant to swap in.
    """
    ahead = session.exercise_ahead
    variant = easier_ahead(session, catalog)
    if ahead is None or variant is None:
        return None
    changed = swap_routine(routine, ahead.entry_index, variant.id)
    from tui.core.plan import compile_routine  # already imported by a session

    timeline = compile_routine(changed, catalog, plan)
    swaps = [
        Swap(entry_index=index, from_id=ahead.id, from_name=ahead.name, to_id=variant.id)
        for index, (old, new) in enumerate(zip(routine.exercise, changed.exercise, strict=True))
        if old.id != new.id and index in timeline.entry_starts
    ]
    session.swap_exercise(timeline, swaps)
    return changed


# --------------------------------------------------------------------------- the choice


@dataclass(frozen=True)
class PainOffer:
    """What to advise after "this hurts" and how bad, and each choice in words."""

    advice: PainAdvice
    """The traffic light's advice and the choices it allows, advised first."""
    labels: dict[PainChoice, str]
    """Each choice of `advice`, in words for this moment."""


def pain_offer(
    session: Session, catalog: ExerciseLookup, pain: int | None, *, if_it_hurts: str = ""
) -> PainOffer:
    """The advice and choices after "this hurts" (`Session.report_pain`) rated `pain`.

    What "skip" and "easier" act on is `session.exercise_ahead`: the exercise under way,
    or in the rest after one, the next.
    """
    ahead = session.exercise_ahead
    variant = easier_ahead(session, catalog)
    current = ahead is not None and ahead.entry_index == session.step.entry_index
    advice = advise(
        pain, easier=variant is not None, skip=ahead is not None, if_it_hurts=if_it_hurts
    )
    labels = {
        PainChoice.CARRY_ON: "The pain has settled: carry on in a smaller range",
        PainChoice.STOP: "End the session",
        PainChoice.STAY_PAUSED: "Stay paused",
    }
    if ahead is not None:
        labels[PainChoice.SKIP] = (
            "Skip this exercise" if current else f"Skip the next exercise: {ahead.name}"
        )
    if variant is not None:
        where = "" if current else " for the next exercise"
        labels[PainChoice.EASIER] = f"Switch to an easier variant{where}: {variant.name}"
    return PainOffer(advice, {choice: labels[choice] for choice in advice.choices})


def follow_choice(
    session: Session,
    entry_index: int,
    pain: int | None,
    choice: PainChoice | None,
    *,
    routine: Routine,
    catalog: Catalog,
    plan: PlanSettings,
) -> Routine:
    """Record the pain reported for `entry_index` and do what the person chose (None:
    closed the question, stays paused). Returns the routine the session now follows:
    `routine`, or with the easier variant swapped in.
    """
    chosen = choice or PainChoice.STAY_PAUSED
    session.note_pain(entry_index, pain, chosen)
    if chosen is PainChoice.STOP:
        session.end()
    elif chosen is PainChoice.SKIP:
        session.skip_exercise_ahead()
        session.resume()
    elif chosen is PainChoice.EASIER:
        routine = swap_in_easier(session, routine, catalog, plan) or routine
        session.resume()
    elif chosen is PainChoice.CARRY_ON:
        session.resume()
    return routine


# --------------------------------------------------------------------------- asking later


def check_question(record: SessionRecord) -> str:
    """What to ask about `record`, saying why."""
    before, after = record.pain_before, record.pain_after
    if before is not None and after is not None and after - before >= RISE_WORTH_ASKING:
        why = f"your pain went from {before} to {after}"
    else:
        why = f"you rated a pain {record.worst_reported_pain} out of 10"
    return (
        f"In your last session ({record.routine_name}) {why}. "
        "How is your back now, compared with before that session?"
    )


def check_advice(answer: CheckAnswer | None) -> str:
    """A word after the answer: cautious when worse."""
    if answer is CheckAnswer.WORSE:
        return (
            "Take it easier today: gentler exercises, fewer repetitions, or a day off. "
            + SEE_A_CLINICIAN
        )
    if answer is CheckAnswer.SAME:
        return "Thank you. Keep the exercises gentle, and stop any that hurt."
    if answer is CheckAnswer.BETTER:
        return "Good to hear. Keep going gently."
    return ""


__all__ = [
    "EASE_OUT",
    "GENTLE_REMINDER",
    "GET_ADVICE",
    "GET_HELP_TODAY",
    "SEE_A_CLINICIAN",
    "STOP_FOR_TODAY",
    "PainAdvice",
    "PainLevel",
    "PainOffer",
    "advise",
    "check_advice",
    "check_question",
    "easier_ahead",
    "easier_variant",
    "follow_choice",
    "pain_level",
    "pain_offer",
    "swap_in_easier",
    "swap_routine",
]
