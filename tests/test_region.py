"""The weight region (core.region): SMAA draws uniformly from exactly the region the verdict reasons about.

Before issue 21 "around ± spread" clipped and renormalised: at equal weights on 11 criteria and spread 0.05
it drew weights from 0.028 to 0.256, not the 0.041-0.141 a user reads. The tests below fail on that sampler.
"""

from __future__ import annotations

from math import comb, factorial

import numpy as np
import pytest
from scipy import stats

from decision_app.core import polytope as polytope_mod
from decision_app.core.errors import EngineError
from decision_app.core.region import WeightRegion
from decision_app.core.smaa import sample_weights


def _irwin_hall_pdf(y: np.ndarray, m: int) -> np.ndarray:
    """Density of the sum of m independent U(0, 1)."""
    out = np.zeros_like(y)
    for k in range(m + 1):
        out += (-1) ** k * comb(m, k) * np.clip(y - k, 0, None) ** (m - 1)
    return out / factorial(m - 1)


def _exact_marginal_cdf(n: int, s: float):
    """CDF of one weight's offset u in [-s, s] when w is uniform on {|w - c| <= s, sum w = 1} at equal weights
    (every box inside the simplex): its density is proportional to that of the sum of the other n - 1
    offsets at -u, an Irwin-Hall density."""
    m = n - 1
    x = np.linspace(-s, s, 20_001)
    dens = _irwin_hall_pdf((-x + m * s) / (2 * s), m)
    cdf = np.concatenate([[0.0], np.cumsum((dens[1:] + dens[:-1]) / 2 * np.diff(x))])
    cdf /= cdf[-1]
    return lambda u: np.interp(u, x, cdf)


def test_around_draws_stay_in_the_box_and_follow_the_exact_marginal():
    n, s = 11, 0.05
    center = np.full(n, 1 / n)
    W = sample_weights(np.random.default_rng(3), 20_000, n, "around", center, s)
    assert np.all(center - s - 1e-12 <= W) and np.all(center + s + 1e-12 >= W)
    np.testing.assert_allclose(W.sum(axis=1), 1.0)
    # The draws reach the exact bounds 0.041-0.141 (not 0.028-0.256)
    assert W.min() == pytest.approx(1 / n - s, abs=0.004) and W.max() == pytest.approx(1 / n + s, abs=0.004)
    cdf = _exact_marginal_cdf(n, s)
    for j in (0, 5, 10):
        assert stats.kstest(W[:, j] - center[j], cdf).pvalue > 0.001


def test_around_near_the_simplex_edge_clips_the_box_not_the_draws():
    center = np.array([0.6, 0.3, 0.08, 0.02])
    r = WeightRegion.around(center, 0.05)
    np.testing.assert_allclose(r.lower, [0.55, 0.25, 0.03, 0.0])
    W = r.sample(np.random.default_rng(0), 20_000)
    assert r.contains(W).all()
    assert W[:, 3].min() < 0.002 and W[:, 3].max() > 0.068  # reaches both ends of [0, 0.07]
    # Uniform on a region symmetric about the centre in the first three offsets' box (the fourth is cut at 0):
    # a brute-force reference from uniform points of the simplex kept when inside
    ref = _brute_force(r, 40_000)
    np.testing.assert_allclose(W.mean(axis=0), ref.mean(axis=0), atol=0.002)


def _brute_force(r: WeightRegion, k: int, seed: int = 99) -> np.ndarray:
    """Uniform draws of the region by plain rejection from its box (the last weight takes the rest)."""
    rng = np.random.default_rng(seed)
    out, got = [], 0
    while got < k:
        Z = r.lower + rng.random((400_000, r.n)) * (r.upper - r.lower)
        Z[:, -1] = 1 - Z[:, :-1].sum(axis=1)
        Z = Z[r.contains(Z, tol=0.0)]
        out.append(Z)
        got += len(Z)
    return np.concatenate(out)[:k]


def test_hit_and_run_draws_the_same_distribution_as_rejection(monkeypatch):
    """A region rejection would handle, drawn by hit-and-run instead: the same marginals."""
    center = np.array([0.3, 0.25, 0.2, 0.15, 0.1])
    r = WeightRegion.around(center, 0.08).with_order([[1, 0], [3, 2]])
    monkeypatch.setattr(polytope_mod, "MIN_ACCEPTANCE", 1.01)
    assert r.polytope.plan[0] == "hit_and_run"
    W = r.sample(np.random.default_rng(1), 20_000)
    assert r.contains(W).all()
    ref = _brute_force(r, 20_000)
    for q in (0.05, 0.25, 0.5, 0.75, 0.95):
        np.testing.assert_allclose(np.quantile(W, q, axis=0), np.quantile(ref, q, axis=0), atol=0.004)


def test_rejection_is_chosen_where_it_accepts_and_draws_are_seeded():
    r = WeightRegion.around(np.full(8, 1 / 8), 0.05)
    assert r.polytope.plan[0] == "reject"
    a = r.sample(np.random.default_rng(5), 1000)
    b = r.sample(np.random.default_rng(5), 1000)
    np.testing.assert_array_equal(a, b)


def test_order_and_bounds_cut_the_region():
    r = WeightRegion.simplex(4).with_order([[2, 0, 1]]).bounded(np.zeros(4), [1, 1, 1, 0.2])
    W = r.sample(np.random.default_rng(0), 5000)
    assert np.all(W[:, 2] >= W[:, 0]) and np.all(W[:, 0] >= W[:, 1]) and np.all(W[:, 3] <= 0.2 + 1e-12)
    assert r.contains(W).all()
    assert not r.contains(np.array([[0.1, 0.2, 0.5, 0.2]]))[0]  # breaks the order


def test_an_order_alone_draws_the_stream_smaa_always_used():
    """Chains on the whole simplex keep the exact sort-within-chains draws (pinned SMAA figures depend on it)."""
    r = WeightRegion.ordered(4, [[2, 0, 1]])
    assert r.polytope.plan[0] == "sorted"
    e = np.random.default_rng(0).exponential(size=(10, 4))
    want = e / e.sum(axis=1, keepdims=True)
    want[:, [2, 0, 1]] = -np.sort(-want[:, [2, 0, 1]], axis=1)
    np.testing.assert_array_equal(r.sample(np.random.default_rng(0), 10), want)


def test_participants_hull_draws_dirichlet_mixes():
    P = np.array([[0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.3, 0.3, 0.4], [0.4, 0.4, 0.2]])
    r = WeightRegion.hull(P)
    W = r.sample(np.random.default_rng(0), 20_000)
    np.testing.assert_allclose(W.mean(axis=0), P.mean(axis=0), atol=0.005)  # E[lambda] = 1/p each
    assert r.contains(W[:200]).all()
    assert not r.contains(np.array([[0.2, 0.2, 0.6]]))[0]  # outside the hull, inside the simplex


def test_spread_zero_is_the_point_itself_and_contradictions_are_reported():
    c = np.array([0.5, 0.3, 0.2])
    np.testing.assert_array_equal(WeightRegion.around(c, 0.0).sample(np.random.default_rng(0), 3), np.tile(c, (3, 1)))
    with pytest.raises(EngineError, match="empty"):
        WeightRegion.simplex(3).bounded([0.5, 0.5, 0.1], [1, 1, 1]).sample(np.random.default_rng(0), 3)


@pytest.mark.parametrize("make", [
    lambda: WeightRegion.around(np.array([0.3, 0.25, 0.2, 0.15, 0.1]), 0.1),
    lambda: WeightRegion.around(np.array([0.3, 0.25, 0.2, 0.15, 0.1]), 0.1).with_order([[3, 0]]),
    lambda: WeightRegion.ordered(5, [[0, 1, 2, 3, 4]]),
    lambda: WeightRegion.hull(np.array([[0.6, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.6, 0.1, 0.1],
                                        [0.2, 0.2, 0.2, 0.2, 0.2]])),
], ids=["box", "box+order", "order", "hull"])
def test_linear_programs_agree_with_dense_sampling(make):
    """The exact minimum (and max-min) over the region is never beaten by a draw, and dense draws come close."""
    r = make()
    rng = np.random.default_rng(7)
    C = rng.normal(size=(6, 5))
    W = r.sample(np.random.default_rng(8), 200_000)
    exact = r.minimise(C)
    sampled = (W @ C.T).min(axis=0)
    span = (W @ C.T).max(axis=0) - sampled
    assert np.all(exact <= sampled + 1e-9)
    assert np.all(sampled - exact <= 0.08 * span)  # the best draw comes within 8 % of the values' range (corners are rare)
    t, w = r.maximin(C[:3])
    assert r.contains(w[None, :], tol=1e-7)[0]
    best = (W @ C[:3].T).min(axis=1)
    assert best.max() <= t + 1e-9
    assert t - best.max() <= 0.08 * (best.max() - best.min())


def test_linear_program_over_an_order_equals_its_best_vertex():
    """The ordered simplex w0 >= ... >= w4 has the vertices (1/k, ..., 1/k, 0, ...): the minimum is the best."""
    r = WeightRegion.ordered(5, [[0, 1, 2, 3, 4]])
    V = np.array([[1 / k if j < k else 0.0 for j in range(5)] for k in range(1, 6)])
    C = np.random.default_rng(7).normal(size=(6, 5))
    np.testing.assert_allclose(r.minimise(C), (V @ C.T).min(axis=0), atol=1e-9)
