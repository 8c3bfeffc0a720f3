"""The bench's figures: the interval it gives around a ratio of medians."""

from __future__ import annotations

import random
import statistics

import pytest

from bench.common import ratio_interval


def noisy_rounds(seed: int = 3, rounds: int = 30) -> tuple[list[float], list[float]]:
    """Runs of an app 1.1x as slow as the bare one, on a machine whose speed varies from
    round to round (shared by both programs) more than within one."""
    rng = random.Random(seed)
    bare, app = [], []
    for _ in range(rounds):
        machine = rng.uniform(0.8, 1.6)  # this round's slowness, for both
        bare.append(0.2 * machine * rng.uniform(0.97, 1.03))
        app.append(0.22 * machine * rng.uniform(0.97, 1.03))
    return app, bare


def test_interval_of_a_ratio_without_noise_is_the_ratio() -> None:
    bare = [0.2, 0.25, 0.3, 0.22, 0.27]
    assert ratio_interval([2 * b for b in bare], bare) == pytest.approx((2.0, 2.0))


def test_interval_holds_the_ratio_of_medians_and_is_repeatable() -> None:
    app, bare = noisy_rounds()
    low, high = ratio_interval(app, bare)
    assert low <= statistics.median(app) / statistics.median(bare) <= high
    assert 1.0 < low < 1.1 < high < 1.2
    assert ratio_interval(app, bare) == (low, high)  # seeded


def test_noise_shared_by_a_round_moves_both_medians_together() -> None:
    """Drawn a round at a time, the interval is narrower than with the pairs broken up."""
    app, bare = noisy_rounds()
    paired_low, paired_high = ratio_interval(app, bare)
    unpaired = bare[:]
    random.Random(5).shuffle(unpaired)
    low, high = ratio_interval(app, unpaired)
    assert paired_high - paired_low < (high - low) / 2


def test_needs_samples_in_pairs() -> None:
    with pytest.raises(ValueError):
        ratio_interval([], [])
    with pytest.raises(ValueError):
        ratio_interval([1.0, 2.0], [1.0])
