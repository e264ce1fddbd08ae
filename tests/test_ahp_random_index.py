"""AHP's random index beyond ten criteria: Alonso & Lamata (2006), Int. J. Uncertainty, Fuzziness and
Knowledge-Based Systems 14(4): 445-459, Table 2 (n = 11..15); Saaty's (1980) values up to ten unchanged."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from decision_app.core.weights import RANDOM_INDEX, ahp

PUBLISHED = {10: 1.49, 11: 1.5141, 12: 1.5365, 13: 1.5551, 14: 1.5713, 15: 1.5838}


def judged(n: int) -> np.ndarray:
    """A reciprocal matrix from the weights 1..n with one judgement off by a factor 3 (so CI > 0)."""
    w = np.arange(1.0, n + 1)
    A = w[:, None] / w[None, :]
    A[0, n - 1] *= 3
    A[n - 1, 0] = 1 / A[0, n - 1]
    return A


@pytest.mark.parametrize("n", [10, 11, 12, 13, 14, 15])
def test_consistency_ratio_uses_the_published_random_index(n):
    r = ahp(judged(n))
    assert r.consistency_index > 0
    assert r.consistency_ratio == pytest.approx(r.consistency_index / PUBLISHED[n], rel=1e-12)


def test_random_index_grows_with_n_and_holds_beyond_fifteen():
    assert all(a <= b for a, b in pairwise(RANDOM_INDEX))
    r = ahp(judged(17))
    assert r.consistency_ratio == pytest.approx(r.consistency_index / PUBLISHED[15], rel=1e-12)
