"""Invariants, degenerate data and agreement with an independent implementation (pymcdm)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from decision_app.core.compiled import compile_model, from_arrays, normalize_weights
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES, prepare, rank

SEED = 20261122


def random_cases(count: int):
    rng = np.random.default_rng(SEED)
    for _ in range(count):
        m, n = int(rng.integers(3, 40)), int(rng.integers(2, 12))
        X = rng.uniform(1.0, 100.0, size=(m, n))
        cost = rng.random(n) < 0.4
        w = rng.random(n) + 0.01
        yield X, cost, w / w.sum(), rng


def test_agreement_with_pymcdm_on_random_matrices():
    pytest.importorskip("pymcdm")
    from pymcdm import methods as M
    from pymcdm import normalizations as N

    peers = {
        "wsm": M.WSM(N.minmax_normalization),
        "wpm": M.WPM(N.linear_normalization),
        "topsis": M.TOPSIS(N.vector_normalization),
        "vikor": M.VIKOR(),
        "promethee2": M.PROMETHEE_II("usual"),
    }
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for X, cost, w, rng in random_cases(300):
            types = np.where(cost, -1, 1)
            for name, peer in peers.items():
                ours = prepare(name, X, cost).scores(w)
                np.testing.assert_allclose(ours, peer(X, w, types), rtol=0, atol=1e-9, err_msg=name)
                checked += 1
            q = rng.uniform(0, 10, X.shape[1])
            p = q + rng.uniform(0.1, 30, X.shape[1])
            ours = prepare("promethee2", X, cost, q=q, p=p).scores(w)
            np.testing.assert_allclose(ours, M.PROMETHEE_II("vshape_2", p=p, q=q)(X, w, types), atol=1e-9)
    assert checked == 1500


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_rescaling_a_column_keeps_ranks(method):
    for X, cost, w, rng in random_cases(50):
        j = int(rng.integers(0, X.shape[1]))
        Y = X.copy()
        Y[:, j] *= float(rng.uniform(0.01, 1000))
        r1 = prepare(method, X, cost).scores(w)
        r2 = prepare(method, Y, cost).scores(w)
        hib = method != "vikor"
        assert list(rank(r1, hib)) == list(rank(r2, hib))


def test_dominated_option_never_first_under_wsm():
    for X, cost, w, rng in random_cases(100):
        best = int(rng.integers(0, X.shape[0]))
        # make option 0 dominated by option `best` (worse or equal everywhere, strictly worse somewhere)
        if best == 0:
            best = 1
        X[0] = np.where(cost, X[best] + rng.uniform(0, 5, X.shape[1]), X[best] - rng.uniform(0, 5, X.shape[1]))
        X[0, 0] = X[best, 0] + (1 if cost[0] else -1)
        s = prepare("wsm", X, cost).scores(w)
        assert rank(s)[0] > 1


def test_batched_scores_match_single():
    for X, cost, w, rng in random_cases(20):
        W = rng.dirichlet(np.ones(X.shape[1]), size=7)
        for name in METHOD_NAMES:
            p = prepare(name, X, cost)
            batch = p.scores(W)
            single = np.vstack([p.scores(row) for row in W])
            np.testing.assert_allclose(batch, single, atol=1e-12)
            # and batched matrices (SMAA path) agree with one-at-a-time preparation
            Xs = np.stack([X, X * 1.01])
            pb = prepare(name, Xs, cost)
            np.testing.assert_allclose(pb.scores(np.stack([w, w])),
                                       [p.scores(w), prepare(name, X * 1.01, cost).scores(w)], atol=1e-12)


def test_ties_share_the_better_rank():
    assert list(rank(np.array([0.5, 0.9, 0.5, 0.1]))) == [2, 1, 2, 4]
    assert list(rank(np.array([3.0, 1.0, 1.0]), higher_is_better=False)) == [3, 1, 1]


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_degenerate_constant_column_and_one_option(method):
    X = np.array([[2.0, 5.0], [3.0, 5.0], [4.0, 5.0]])
    s = prepare(method, X, np.array([False, True])).scores(np.array([0.5, 0.5]))
    assert np.all(np.isfinite(s))
    one = prepare(method, X[:1], np.array([False, True])).scores(np.array([0.5, 0.5]))
    assert np.all(np.isfinite(one)) and one.shape == (1,)
    same = prepare(method, np.ones((3, 2)), np.array([False, False])).scores(np.array([0.5, 0.5]))
    assert np.all(np.isfinite(same)) and len(set(np.round(same, 12))) == 1


def test_zero_weights_are_an_error_not_nan():
    with pytest.raises(EngineError, match="all weights are zero"):
        normalize_weights(np.zeros(3))
    with pytest.raises(EngineError, match="not negative"):
        normalize_weights(np.array([1.0, -1.0]))


def test_wpm_refuses_non_positive():
    with pytest.raises(EngineError, match="above 0"):
        prepare("wpm", np.array([[0.0, 1.0], [1.0, 2.0]]), np.array([False, False]))


def test_analysis_on_default_model_every_method(realistic_path):
    c = compile_model(load_model(realistic_path))
    a = Analysis(c)
    w = c.profile_weights("equal")
    for name in METHOD_NAMES:
        r = a.score(name, w, normalized=True)
        assert sorted(r.ranks)[0] == 1 and len(r.order) == c.m
        assert r.ranks[r.order[0]] == 1
    with pytest.raises(EngineError, match="unknown method"):
        a.score("electre", w)


def test_from_arrays_observed_range():
    c = from_arrays(np.array([[1.0, 10.0], [3.0, 30.0]]), [False, True])
    assert list(c.lo) == [1.0, 10.0] and list(c.hi) == [3.0, 30.0]
    a = Analysis(c)
    np.testing.assert_allclose(a.score("wsm", np.array([1.0, 1.0])).scores, [0.5, 0.5])
