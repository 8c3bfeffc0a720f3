"""The bench's figures: the interval it gives around a ratio of medians."""

from __future__ import annotations

import random
import statistics

import pytest

from bench.common import ratio_interval


def test_interval_of_a_ratio_without_noise_is_the_ratio() -> None:
    bare = [0.2, 0.25, 0.3, 0.22, 0.27]
    assert ratio_interval([2 * b for b in bare], bare) == pytest.approx((2.0, 2.0))


def test_interval_holds_the_ratio_of_medians_and_is_repeatable() -> None:
    rng = random.Random(3)
    bare = [rng.uniform(0.2, 0.35) for _ in range(30)]
    app = [b * 1.1 + rng.uniform(-0.03, 0.03) for b in bare]
    low, high = ratio_interval(app, bare)
    point = statistics.median(app) / statistics.median(bare)
    assert low <= point <= high
    assert 1.0 < low < high < 1.2
    assert ratio_interval(app, bare) == (low, high)  # seeded


def test_noise_shared_by_a_round_cancels() -> None:
    """A round slow for both programs moves the ratio less than the samples alone."""
    slow = [1.0, 1.0, 1.6, 1.0, 1.7, 1.0, 1.5, 1.0, 1.8, 1.0]
    bare = [0.2 * s for s in slow]
    app = [0.22 * s for s in slow]
    assert ratio_interval(app, bare) == pytest.approx((1.1, 1.1))


def test_needs_samples_in_pairs() -> None:
    with pytest.raises(ValueError):
        ratio_interval([], [])
    with pytest.raises(ValueError):
        ratio_interval([1.0, 2.0], [1.0])
