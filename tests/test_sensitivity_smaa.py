"""Sensitivity (analytic and numeric tipping points), SMAA-2, group weights and weight elicitation."""

from __future__ import annotations

import numpy as np
import pytest

from decision_app.core.compiled import compile_model, from_arrays
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.group import analyse_group, combine, participants_from_rows
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES
from decision_app.core.sensitivity import (
    _tipping_numeric,
    nearest_tipping,
    sensitivity,
    sweep,
    sweep_weights,
    tipping_points,
)
from decision_app.core.smaa import parse_order, sample_weights, smaa
from decision_app.core.weights import ahp, direct, rank_order_centroid, swing


@pytest.fixture(scope="module")
def default():
    from conftest import REALISTIC_MODEL

    c = compile_model(load_model(REALISTIC_MODEL))
    return c, Analysis(c)


def test_sweep_weights_rescale_in_proportion():
    w = np.array([0.5, 0.3, 0.2])
    W = sweep_weights(w, 0, np.array([0.0, 0.5, 1.0]))
    np.testing.assert_allclose(W.sum(axis=1), 1.0)
    np.testing.assert_allclose(W[0], [0, 0.6, 0.4])
    np.testing.assert_allclose(W[1], [0.5, 0.3, 0.2])
    np.testing.assert_allclose(W[2], [1, 0, 0])
    # others all zero: equal shares
    np.testing.assert_allclose(sweep_weights(np.array([1.0, 0, 0]), 0, np.array([0.0]))[0], [0, 0.5, 0.5])


def test_analytic_tipping_points_hand_worked():
    # Two options, two criteria on 0..1 scales: A = (1, 0), B = (0, 1). Weight t on criterion 0:
    # A scores t, B scores 1 - t; B leads below 0.5, A above.
    c = from_arrays(np.array([[1.0, 0.0], [0.0, 1.0]]), [False, False])
    a = Analysis(c)
    (tp,) = tipping_points(a, "wsm", np.array([0.3, 0.7]), 0)
    assert tp.weight == pytest.approx(0.5, abs=1e-15)
    assert (tp.before, tp.after) == (1, 0)
    (cs, _) = sensitivity(a, "wsm", np.array([0.3, 0.7]))
    assert cs.stability == pytest.approx((0.0, 0.5))


def test_analytic_agrees_with_fine_sweep(default):
    c, a = default
    rng = np.random.default_rng(7)
    found = 0
    for _ in range(30):
        w = rng.dirichlet(np.ones(c.n))
        for k in range(c.n):
            exact = tipping_points(a, "wsm", w, k)
            numeric = _tipping_numeric(a, "wsm", w, k)
            assert len(exact) == len(numeric)
            for e, nmr in zip(exact, numeric, strict=True):
                assert abs(e.weight - nmr.weight) < 1e-6
                assert (e.before, e.after) == (nmr.before, nmr.after)
            found += len(exact)
            # the leader really changes at each tipping point
            for tp in exact:
                s = sweep(a, "wsm", w, k, np.array([tp.weight - 1e-6, tp.weight + 1e-6]))
                assert np.argmax(s[0]) == tp.before and np.argmax(s[1]) == tp.after
    assert found > 20


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_numeric_tipping_points_bracket_a_change(default, method):
    c, a = default
    w = c.profile_weights("kogan_outlook")
    hib = a.prepared(method).higher_is_better
    res = sensitivity(a, method, w)
    assert len(res) == c.n
    for cs in res:
        lo, hi = cs.stability
        assert lo <= cs.weight <= hi
        for tp in cs.tipping_points:
            s = sweep(a, method, w, cs.criterion, np.array([tp.weight - 2e-6, tp.weight + 2e-6]))
            s = s if hib else -s
            assert np.argmax(s[0]) == tp.before and np.argmax(s[1]) == tp.after


def test_nearest_tipping(default):
    c, a = default
    res = sensitivity(a, "wsm", c.profile_weights("equal"))
    near = nearest_tipping(res)
    assert near is not None
    cs, tp = near
    assert all(abs(tp.weight - cs.weight) <= abs(t.weight - r.weight) for r in res for t in r.tipping_points)


@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.parametrize("scores_mode", ["fixed", "triangular"])
def test_smaa_acceptability_sums_and_reproducible(default, method, scores_mode):
    c, _ = default
    r1 = smaa(c, method, samples=2000, seed=3, scores_mode=scores_mode)
    r2 = smaa(c, method, samples=2000, seed=3, scores_mode=scores_mode)
    np.testing.assert_allclose(r1.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(r1.acceptability.sum(axis=1), 1.0)
    np.testing.assert_array_equal(r1.acceptability, r2.acceptability)
    assert np.all((r1.confidence >= 0) & (r1.confidence <= 1))
    winners = r1.acceptability[:, 0] > 0
    np.testing.assert_allclose(np.nansum(r1.central_weights[winners], axis=1), 1.0)
    assert np.all(np.isnan(r1.central_weights[~winners]))
    r3 = smaa(c, method, samples=2000, seed=4, scores_mode=scores_mode)
    assert not np.array_equal(r1.acceptability, r3.acceptability)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_smaa_threads_do_not_change_the_answer(default, method):
    c, _ = default
    a = smaa(c, method, samples=5000, seed=1, chunk=700, threads=1)
    b = smaa(c, method, samples=5000, seed=1, chunk=700, threads=2)
    np.testing.assert_array_equal(a.acceptability, b.acceptability)
    np.testing.assert_array_equal(a.confidence, b.confidence)
    np.testing.assert_allclose(a.central_weights, b.central_weights, rtol=0, atol=1e-15)


@pytest.mark.parametrize("mode", ["uniform", "triangular"])
def test_score_draws_lie_within_each_range(default, mode):
    from decision_app.core.smaa import _ScoreSampler

    c, _ = default
    X = _ScoreSampler(c, mode).sample(np.random.default_rng(5), 3000)  # (n, m, k)
    low, high = c.low.T[..., None], c.high.T[..., None]
    assert np.all((low - 1e-4 <= X) & (high + 1e-4 >= X))
    spread = (high - low)[..., 0] > 0
    assert np.all(X.std(axis=2)[spread] > 0)  # every cell with a range is drawn within it, not pinned


def test_min_max_construction_is_triangular(default):
    from decision_app.core.smaa import _ScoreSampler

    c, _ = default
    sampler = _ScoreSampler(c, "triangular")
    rng = np.random.default_rng(0)
    u1, u2 = rng.random((2, c.n, c.m, 200_000), dtype=np.float32)
    j, i = np.argwhere((sampler.frac[..., 0] > 0.1) & (sampler.frac[..., 0] < 0.9))[0]
    t = sampler.unit(u1, u2)[j, i].astype(float)
    f = float(sampler.frac[j, i, 0])  # Triangular(0, f, 1): mean (1 + f) / 3, P(t < f) = f
    assert t.mean() == pytest.approx((1 + f) / 3, abs=0.003)
    assert np.mean(t < f) == pytest.approx(f, abs=0.004)


def test_smaa_dominant_option_always_first():
    X = np.array([[9.0, 9.0], [1.0, 2.0], [2.0, 1.0]])
    r = smaa(from_arrays(X, [False, False]), "wsm", samples=500, seed=0, scores_mode="fixed")
    assert r.acceptability[0, 0] == 1.0 and r.confidence[0] == 1.0


def test_weight_sampling_modes():
    rng = np.random.default_rng(0)
    W = sample_weights(rng, 5000, 3, "uniform")
    np.testing.assert_allclose(W.sum(axis=1), 1.0)
    np.testing.assert_allclose(W.mean(axis=0), 1 / 3, atol=0.02)
    center = np.array([0.6, 0.3, 0.1])
    W = sample_weights(rng, 5000, 3, "around", center, 0.05)
    assert np.all(np.abs(W - center) < 0.1)
    W = sample_weights(rng, 5000, 4, "ordered", chains=[[2, 0, 1]])
    assert np.all(W[:, 2] >= W[:, 0]) and np.all(W[:, 0] >= W[:, 1])
    np.testing.assert_allclose(W.sum(axis=1), 1.0)


def test_parse_order_messages():
    ids = ("a", "b", "c")
    assert parse_order("c>=a>=b", ids) == [[2, 0, 1]]
    assert parse_order("c>=a", ids) == [[2, 0]]
    with pytest.raises(EngineError, match="not a criterion id"):
        parse_order("a>=z", ids)
    with pytest.raises(EngineError, match="more than one order"):
        parse_order("a>=b,b>=c", ids)


def test_group_rules_and_participants(default):
    c, a = default
    W = np.vstack([c.profiles[p] for p in c.profiles])
    g = analyse_group(a, "wsm", participants_from_rows(W), rule="mean")
    np.testing.assert_allclose(g.combined.weights.sum(), 1.0)
    assert g.ranks.shape == (3, c.m)
    assert np.all(g.ranks[np.arange(3), g.top] == 1)
    assert np.all(g.spread.min <= g.combined.weights) and np.all(g.combined.weights <= g.spread.max)
    np.testing.assert_allclose(combine(np.array([[1, 3], [3, 1]]), "geometric"), [0.5, 0.5])
    np.testing.assert_allclose(combine(np.array([[1, 0], [1, 1], [0, 1]]), "median"), [0.5, 0.5])
    with pytest.raises(EngineError, match="geometric mean is zero"):
        combine(np.array([[1, 0], [0, 1]]), "geometric")


def test_weight_elicitation():
    np.testing.assert_allclose(direct([2, 1, 1]), [0.5, 0.25, 0.25])
    # ROC for n = 3: (1 + 1/2 + 1/3)/3, (1/2 + 1/3)/3, (1/3)/3
    np.testing.assert_allclose(rank_order_centroid([1, 2, 3]), [11 / 18, 5 / 18, 2 / 18])
    np.testing.assert_allclose(rank_order_centroid([2, 1, 2]), [7 / 36, 22 / 36, 7 / 36])
    np.testing.assert_allclose(swing([100, 50, 50]), [0.5, 0.25, 0.25])
    with pytest.raises(EngineError, match="100 points"):
        swing([80, 50])


def test_ahp_flags_inconsistency_and_names_the_worst_judgement():
    A = np.array([[1, 3, 1 / 5], [1 / 3, 1, 5], [5, 1 / 5, 1]])  # cyclic: inconsistent
    r = ahp(A)
    assert r.consistency_ratio > 0.10 and not r.consistent
    assert r.worst_pair is not None
    consistent = ahp(np.array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]))
    assert consistent.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(consistent.weights, [4 / 7, 2 / 7, 1 / 7])
    with pytest.raises(EngineError, match="reciprocal"):
        ahp(np.array([[1, 2], [2, 1]]))
