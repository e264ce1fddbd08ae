"""SMAA drawn once and re-scored many times (issue 21, item 6): the method kernels agree with the methods, the
weight draws follow the weights and stay uniform on exactly the region, moving a slider back gives back the
same figures, the cache's bound changes no figure, and a new method record with a kernel works in SMAA."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import numpy as np
import pytest

from decision_app.core import methods
from decision_app.core import smaa as smaa_mod
from decision_app.core.compiled import compile_model, from_arrays
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES, METHODS, MethodInputs, SmaaKernel, prepare, weighted_terms
from decision_app.core.region import WeightRegion
from decision_app.core.smaa import SmaaEngine, engine_for, smaa


@pytest.fixture(scope="module")
def default():
    from conftest import REALISTIC_MODEL

    return compile_model(load_model(REALISTIC_MODEL))


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_kernel_orders_every_drawn_matrix_as_the_method_scores_it(default, method):
    """Per draw (own matrix, own weights), the kernel's keys rank the options exactly as the method's scores."""
    c = default
    rng = np.random.default_rng(3)
    k = 200
    X = c.low + rng.random((k, c.m, c.n)) * (c.high - c.low)  # (k, m, n), float64
    W = WeightRegion.simplex(c.n).sample(rng, k)
    spec = METHODS[method]
    inputs = MethodInputs(c.lo, c.hi, c.value_fns, c.pref_q, c.pref_p, 0.4)
    assert spec.smaa is not None
    keys = spec.smaa.combine(spec.smaa.terms(np.ascontiguousarray(X.transpose(2, 1, 0)), c.is_cost, inputs),
                             np.ascontiguousarray(W.T), inputs)  # (m, k)
    scores = np.stack([prepare(method, X[s], c.is_cost, lo=c.lo, hi=c.hi, value_fns=c.value_fns, q=c.pref_q,
                               p=c.pref_p, v=0.4).scores(W[s]) for s in range(k)])  # (k, m)
    sign = 1.0 if spec.higher_is_better else -1.0
    want = np.argsort(-sign * scores, axis=1, kind="stable")
    got = np.argsort(-sign * keys.T, axis=1, kind="stable")
    assert np.mean(np.all(want == got, axis=1)) == 1.0


def test_weighted_terms_per_draw_and_for_every_draw_agree():
    rng = np.random.default_rng(0)
    A = rng.random((4, 3, 50))
    W = rng.random((4, 50))
    np.testing.assert_allclose(weighted_terms(A, W), np.einsum("nmk,nk->mk", A, W))
    Wc = rng.random((4, 2))
    many = weighted_terms(A, Wc[:, :, None, None])  # (2, 3, 50)
    np.testing.assert_allclose(many[1], np.einsum("nmk,n->mk", A, Wc[:, 1]))
    np.testing.assert_allclose(weighted_terms(A, Wc[:, :1]), many[0])


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_moving_a_slider_back_returns_exactly_the_earlier_figures(default, method):
    c = default
    w0 = np.full(c.n, 1 / c.n)
    w1 = w0.copy()
    w1[0] += 0.03
    w1[1:] -= 0.03 / (c.n - 1)
    kw = dict(samples=3000, seed=7, weights_mode="around", spread=0.05, scores_mode="triangular")
    a = smaa(c, method, center=w0, **kw)
    b = smaa(c, method, center=w1, **kw)
    back = smaa(c, method, center=w0.copy(), **kw)
    assert not np.array_equal(a.acceptability, b.acceptability)
    for field in ("acceptability", "confidence", "pairwise"):
        np.testing.assert_array_equal(getattr(back, field), getattr(a, field), err_msg=field)
    np.testing.assert_array_equal(back.central_weights, a.central_weights)
    smaa_mod.clear_cache()  # and from a cold cache: the same figures again
    cold = smaa(c, method, center=w0, **kw)
    np.testing.assert_array_equal(cold.acceptability, a.acceptability)
    np.testing.assert_array_equal(cold.pairwise, a.pairwise)


def test_a_weight_move_reuses_the_drawn_scores(default):
    c = default
    e = engine_for(c, "topsis", samples=2000, seed=3, scores_mode="triangular")
    w = np.full(c.n, 1 / c.n)
    e.run(WeightRegion.around(w, 0.05))
    terms = list(e._terms)
    e.run(WeightRegion.around(np.roll(w + np.linspace(-0.02, 0.02, c.n), 1), 0.05))
    assert all(t is u for t, u in zip(e._terms, terms, strict=True))  # not drawn or prepared again
    assert engine_for(c, "topsis", samples=2000, seed=3, scores_mode="triangular") is e
    assert engine_for(c, "topsis", samples=2000, seed=4, scores_mode="triangular") is not e


@pytest.mark.parametrize("center", [
    np.array([0.3, 0.3, 0.2, 0.2]),  # the box inside the simplex: every offset kept, the draws just move
    np.array([0.02, 0.48, 0.3, 0.2]),  # at the edge: offsets that leave the simplex are rejected
    np.array([0.0, 0.0, 0.0, 1.0]),  # a corner: a sliver of the box, drawn from the region directly
])
def test_weight_draws_are_uniform_on_exactly_the_region(center):
    region = WeightRegion.around(center, 0.1)
    draws = smaa_mod._WeightDraws(seed=4, samples=20_000, n=4)
    W = draws.draw(region).T  # drawn (n, k): one vector a column
    assert W.shape == (20_000, 4)
    assert np.all(region.contains(W, tol=1e-9))
    direct = region.sample(np.random.default_rng(9), 20_000)  # core.region's own uniform sampler
    np.testing.assert_allclose(W.mean(axis=0), direct.mean(axis=0), atol=0.004)
    np.testing.assert_allclose(W.std(axis=0), direct.std(axis=0), atol=0.004)
    for j in range(4):  # each marginal's quartiles
        np.testing.assert_allclose(np.quantile(W[:, j], [0.25, 0.5, 0.75]),
                                   np.quantile(direct[:, j], [0.25, 0.5, 0.75]), atol=0.006)
    np.testing.assert_array_equal(draws.draw(WeightRegion.around(center.copy(), 0.1)).T, W)


def test_weight_draws_at_the_simplex_edge_come_from_the_shifted_simplex():
    """A drag to w1 = 0.75 of eleven criteria: most offsets would leave the simplex (the pool grew to 16 blocks,
    then the region was sampled directly on every move); the simplex shifted to the region's lower bounds keeps
    most of its proposals, and its draws are uniform on exactly the region, the same ones on every call."""
    n = 11
    center = np.full(n, 0.025)
    center[0] = 0.75
    region = WeightRegion.around(center, 0.05)
    draws = smaa_mod._WeightDraws(seed=4, samples=20_000, n=n)
    W = draws.draw(region).T
    assert set(draws._pools) == {("simplex", 0.0)} and len(draws._pools[("simplex", 0.0)][1]) <= 3
    assert np.all(region.contains(W, tol=1e-9))
    direct = region.sample(np.random.default_rng(9), 20_000)
    np.testing.assert_allclose(W.mean(axis=0), direct.mean(axis=0), atol=0.002)
    np.testing.assert_allclose(W.std(axis=0), direct.std(axis=0), atol=0.002)
    for j in (0, 1, n - 1):
        np.testing.assert_allclose(np.quantile(W[:, j], [0.25, 0.5, 0.75]),
                                   np.quantile(direct[:, j], [0.25, 0.5, 0.75]), atol=0.003)
    np.testing.assert_array_equal(draws.draw(WeightRegion.around(center.copy(), 0.05)).T, W)
    inside = center.copy()
    inside[0], inside[1:] = 0.3, 0.07
    assert draws.draw_split(WeightRegion.around(inside, 0.05))[1] is not None  # inside: centre plus offsets


def test_draws_inside_the_simplex_move_with_the_weights():
    draws = smaa_mod._WeightDraws(seed=1, samples=500, n=3)
    a = draws.draw(WeightRegion.around(np.array([0.3, 0.3, 0.4]), 0.05)).T
    b = draws.draw(WeightRegion.around(np.array([0.35, 0.25, 0.4]), 0.05)).T
    np.testing.assert_allclose(b - a, np.broadcast_to([0.05, -0.05, 0.0], a.shape), atol=1e-12)


def test_regions_that_do_not_move_are_drawn_once(default):
    c = default
    region = WeightRegion.ordered(c.n, [[0, 1, 2]])
    draws = smaa_mod._WeightDraws(seed=2, samples=400, n=c.n)
    Wt = draws.draw(region)
    assert draws.draw(WeightRegion.ordered(c.n, [[0, 1, 2]])) is Wt
    assert np.all(Wt[0] >= Wt[1]) and np.all(Wt[1] >= Wt[2])


@pytest.mark.parametrize("method", ["wsm", "promethee2"])
def test_the_cache_bound_changes_no_figure(default, method):
    """Beyond the bound, blocks are drawn again on each run, in chunks: the same figures, less memory."""
    c = default
    region = WeightRegion.around(np.full(c.n, 1 / c.n), 0.05)
    kw = dict(samples=9000, seed=5, scores_mode="triangular", chunk=4000)
    roomy = SmaaEngine(c, method, **kw)
    tight = SmaaEngine(c, method, budget=300_000, **kw)
    a, b = roomy.run(region), tight.run(region)
    assert tight.nbytes <= 300_000 < roomy.nbytes
    assert any(t is None for t in tight._terms)
    np.testing.assert_array_equal(a.acceptability, b.acceptability)
    np.testing.assert_array_equal(a.pairwise, b.pairwise)
    np.testing.assert_array_equal(a.confidence, b.confidence)
    np.testing.assert_allclose(a.central_weights, b.central_weights, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(tight.run(region).acceptability, b.acceptability)  # and again


def test_quick_gives_the_full_runs_shares_and_pairwise(default):
    c = default
    e = engine_for(c, "vikor", samples=3000, seed=2, scores_mode="uniform")
    region = WeightRegion.around(np.full(c.n, 1 / c.n), 0.05)
    first, pairwise = e.quick(region)
    full = e.run(region)
    np.testing.assert_array_equal(first, full.acceptability[:, 0])
    np.testing.assert_array_equal(pairwise, full.pairwise)


def test_ties_rank_by_option_order():
    """Two identical options with fixed scores: the earlier one takes first place in every draw."""
    X = np.array([[5.0, 5.0], [5.0, 5.0], [1.0, 2.0]])
    r = smaa(from_arrays(X, [False, False]), "wsm", samples=400, seed=0, scores_mode="fixed")
    np.testing.assert_array_equal(r.acceptability[:, 0], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(r.acceptability[:, 1], [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(r.pairwise[0], [0.0, 0.0, 1.0])  # strictly better only


def _toy_terms(X, is_cost, inputs):
    """Each criterion's rank among the options (0 = worst), a 'Borda' method for the test."""
    Y = np.where(np.asarray(is_cost).reshape(-1, 1, 1), -X, X)
    return {"ranks": np.argsort(np.argsort(Y, axis=1), axis=1).astype(X.dtype)}


def test_a_new_method_record_with_its_kernel_works_in_smaa(monkeypatch):
    X = np.array([[3.0, 40.0, 2.0], [5.0, 10.0, 7.0], [4.0, 30.0, 9.0], [1.0, 20.0, 4.0]])
    is_cost = np.array([False, True, False])
    c = from_arrays(X, is_cost)
    toy = dataclasses.replace(
        METHODS["wsm"], name="borda", label="Borda",
        smaa=SmaaKernel(_toy_terms, lambda terms, Wt, _inputs: weighted_terms(terms["ranks"], Wt)))
    monkeypatch.setattr(methods, "METHODS", MappingProxyType({**METHODS, "borda": toy}))
    r = smaa(c, "borda", samples=2000, seed=1, scores_mode="fixed")
    # By hand: ranks per criterion (0 = worst): c1 (3, 5, 4, 1) -> 1 3 2 0; c2 cost (40, 10, 30, 20) -> 0 3 1 2;
    # c3 (2, 7, 9, 4) -> 0 2 3 1. Option 1 scores 3 w1 + 3 w2 + 2 w3, at least option 2's 2 w1 + w2 + 3 w3
    # unless w3 > w1 + 2 w2, and always more than options 0 and 3.
    W = WeightRegion.simplex(3).sample(np.random.default_rng(0), 200_000)
    share1 = np.mean(3 * W[:, 0] + 3 * W[:, 1] + 2 * W[:, 2] >= 2 * W[:, 0] + W[:, 1] + 3 * W[:, 2])
    assert r.acceptability[0, 0] == 0.0 and r.acceptability[3, 0] == 0.0
    assert r.acceptability[1, 0] == pytest.approx(share1, abs=0.03)
    np.testing.assert_allclose(r.acceptability.sum(axis=0), 1.0)
    monkeypatch.undo()


def test_a_method_without_a_kernel_is_refused_in_words(monkeypatch):
    from decision_app.core.errors import EngineError

    bare = dataclasses.replace(METHODS["wsm"], name="bare", smaa=None)
    monkeypatch.setattr(methods, "METHODS", MappingProxyType({**METHODS, "bare": bare}))
    with pytest.raises(EngineError, match='no kernel for the method "bare"'):
        smaa(from_arrays(np.eye(3), [False] * 3), "bare", samples=10)
    monkeypatch.undo()


def test_the_cached_engines_stay_within_the_bound_together(default, monkeypatch):
    c = default
    monkeypatch.setattr(smaa_mod, "CACHE_BYTES", 3_000_000)
    smaa_mod.clear_cache()
    region = WeightRegion.around(np.full(c.n, 1 / c.n), 0.05)
    first = engine_for(c, "wsm", samples=6000, seed=1)
    first.run(region)
    second = engine_for(c, "topsis", samples=6000, seed=1)
    second.run(region)
    third = engine_for(c, "vikor", samples=6000, seed=1)
    third.run(region)
    assert smaa_mod.cache_nbytes() <= 3_000_000
    assert len(smaa_mod._CACHE) <= smaa_mod.CACHE_ENGINES
    assert engine_for(c, "vikor", samples=6000, seed=1) is third
    smaa_mod.clear_cache()


@pytest.mark.parametrize("method", ["wsm", "wpm", "promethee2"])
def test_linear_kernels_score_the_offsets_once_with_the_same_figures(default, method):
    """Inside the simplex a linear kernel's keys are the centre's part plus the offsets' part, scored once:
    the same figures as re-combining every draw's weights (to a draw or two, float32 rounding at near-ties)."""
    c = default
    region = WeightRegion.around(np.full(c.n, 1 / c.n), 0.05)
    kw = dict(samples=6000, seed=4, scores_mode="triangular")
    split = SmaaEngine(c, method, **kw)
    whole = SmaaEngine(c, method, **kw)
    whole.kernel = dataclasses.replace(whole.kernel, linear=False)
    a, b = split.run(region), whole.run(region)
    assert split._bases and not whole._bases  # the split path was taken, and only by the linear kernel
    np.testing.assert_allclose(a.acceptability, b.acceptability, rtol=0, atol=3 / 6000)
    np.testing.assert_allclose(a.pairwise, b.pairwise, rtol=0, atol=3 / 6000)
    moved = WeightRegion.around(np.r_[0.12, np.full(c.n - 1, 0.88 / (c.n - 1))], 0.05)
    np.testing.assert_allclose(split.run(moved).acceptability, whole.run(moved).acceptability, rtol=0, atol=3 / 6000)
