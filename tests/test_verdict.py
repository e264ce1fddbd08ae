"""The verdict (core.verdict) on constructed models whose answers are known by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from decision_app.core.compiled import compile_model, from_arrays
from decision_app.core.engine import Analysis
from decision_app.core.loading import load_model
from decision_app.core.region import WeightRegion
from decision_app.core.smaa import smaa
from decision_app.core.snapshot import UncertaintySettings, run_uncertainty
from decision_app.core.verdict import (
    can_come_first,
    cell_extremes,
    necessary_margins,
    possible_winners,
    settings_region,
    verdict,
    verdict_for,
)


@pytest.fixture
def default(realistic_path):
    c = compile_model(load_model(realistic_path))
    return c, Analysis(c)


def _model(X, lo=None, hi=None, low=None, high=None, names=None, **kw):
    X = np.asarray(X, dtype=float)
    n = X.shape[1]
    c = from_arrays(X, [False] * n, lo=np.zeros(n) if lo is None else lo, hi=np.ones(n) if hi is None else hi,
                    option_ids=names)
    return dataclasses.replace(c, low=X.copy() if low is None else np.asarray(low, float),
                               high=X.copy() if high is None else np.asarray(high, float), **kw)


def _verdict(c, w, region, method="wsm", scores_mode="fixed", samples=4000, seed=0):
    a = Analysis(c)
    draws = smaa(c, method, samples=samples, seed=seed, scores_mode=scores_mode, region=region)
    return verdict(a, method, np.asarray(w, float), region, draws, scores_mode)


def test_a_dominating_option_is_robust_exactly_and_in_the_draws():
    c = _model([[0.9, 0.9, 0.8], [0.2, 0.5, 0.1], [0.5, 0.1, 0.3]], names=["best", "b", "c"])
    w = np.full(3, 1 / 3)
    for method, exact in (("wsm", True), ("wpm", True), ("topsis", False), ("vikor", False), ("promethee2", False)):
        v = _verdict(c, w, WeightRegion.simplex(3), method)
        assert (v.kind, v.leader, v.leaders, v.exact) == ("robust", 0, (0,), exact), method
        assert v.first_share[0] == 1.0 and np.all(v.pairwise[1:] == 1.0)
    v = _verdict(c, w, WeightRegion.simplex(3))
    assert v.sentence.startswith("Robust: best comes first for all weights")
    v = _verdict(c, w, WeightRegion.simplex(3), "topsis")
    assert "in every one of 4,000 draws" in v.sentence and "not a proof" in v.sentence


def test_an_exact_tie_is_never_robust():
    c = _model([[0.6, 0.4], [0.6, 0.4], [0.1, 0.2]], names=["a", "twin", "c"])
    for method in ("wsm", "promethee2"):
        v = _verdict(c, [0.5, 0.5], WeightRegion.simplex(2), method)
        assert v.tie and v.kind == "too_close", method
        assert set(v.leaders) >= {0, 1}
        assert "tied for first place" in v.sentence
    # ... and identical options always tie: the twin never loses to the leader, nor beats it
    v = _verdict(c, [0.5, 0.5], WeightRegion.simplex(2))
    assert v.pairwise[1] == 0.0


def test_a_necessary_winner_under_an_order_of_importance():
    """a beats b exactly when w0 > w1: robust once the room agrees criterion 0 matters at least as much."""
    c = _model([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]], names=["a", "b"])
    w = [0.5, 0.2, 0.3]
    free = _verdict(c, w, WeightRegion.simplex(3))
    assert free.kind != "robust" and free.worst_margin[1] == pytest.approx(-1.0)
    ordered = _verdict(c, w, WeightRegion.ordered(3, [[0, 1]]))
    assert ordered.kind == "robust" and ordered.exact
    assert ordered.worst_margin[1] == pytest.approx(0.0, abs=1e-9)  # a tie on the boundary w0 = w1 is allowed
    assert "keep the agreed order of importance" in ordered.sentence


def test_a_necessary_winner_under_an_order_with_score_ranges():
    """Each score ± 0.05: a's worst against b's best is 0.9 w0 - 0.9 w1 + 0.1 w2, never below 0 once w0 >= w1."""
    X = np.array([[1.0, 0.0, 0.6], [0.0, 0.8, 0.4]])
    c = _model(X, low=X - 0.05, high=X + 0.05, names=["a", "b"])
    w = [0.5, 0.2, 0.3]
    ordered = _verdict(c, w, WeightRegion.around(np.array(w), 0.3).with_order([[0, 1]]), scores_mode="uniform")
    assert ordered.kind == "robust" and ordered.worst_margin[1] >= -1e-9
    free = _verdict(c, w, WeightRegion.around(np.array(w), 0.3), scores_mode="uniform")
    assert free.kind != "robust" and free.worst_margin[1] < 0
    # with a cut that does not settle it, a drawn witness shows b ahead and the linear programs are spared
    loose = _verdict(c, w, WeightRegion.around(np.array(w), 0.3).with_order([[2, 1]]), scores_mode="uniform")
    assert loose.kind != "robust" and loose.worst_margin is None


def test_a_possible_winner_inside_the_region_but_at_none_of_its_vertices():
    """With w0 in [0.2, 0.8]: a (1, 0) wins near w0 = 0.8, b (0, 1) near 0.2, and c (0.51, 0.51) only for
    w0 in (0.49, 0.51), at neither vertex. c is a possible winner, not a necessary one."""
    c = _model([[1.0, 0.0], [0.0, 1.0], [0.51, 0.51]], names=["a", "b", "c"])
    region = WeightRegion.simplex(2).bounded([0.2, 0.2], [0.8, 0.8])
    ext = cell_extremes(Analysis(c), "wsm", fixed=True)
    t = possible_winners(region, *ext)
    assert t[2] == pytest.approx(0.01, abs=1e-9)  # at w0 = 0.5: 0.51 - 0.5
    vertices = np.array([[0.2, 0.8], [0.8, 0.2]])
    assert not np.any(np.argmax(vertices @ c.X.T, axis=1) == 2)
    v = _verdict(c, [0.75, 0.25], region)
    assert v.kind == "too_close" and v.leader == 0
    assert set(v.leaders) == {0, 1, 2}  # c named although first in only ~3 % of the draws
    assert v.first_share[2] < 0.1 and v.possible.tolist() == [True, True, True]
    assert necessary_margins(region, *ext, leader=0)[1] == pytest.approx(-0.6)  # at w0 = 0.2: 0.2 - 0.8
    # without exact reasoning (PROMETHEE II) the draws count every option first in one of them, and the sentence
    # names only those first in at least 10 % of them
    p2 = _verdict(c, [0.75, 0.25], region, "promethee2")
    assert set(p2.leaders) == set(np.flatnonzero(p2.first_share > 0).tolist())
    if 0 < p2.first_share[2] < 0.1:
        assert "c (" not in p2.sentence and "other option can too, first in under 10 % of draws." in p2.sentence


def test_a_group_hull_that_holds_a_second_winner():
    c = _model([[1.0, 0.0], [0.0, 1.0]], names=["a", "b"])
    P = np.array([[0.7, 0.3], [0.6, 0.4], [0.3, 0.7]])
    w = P.mean(axis=0)  # (0.533, 0.467): a leads the combined weights
    hull = _verdict(c, w, WeightRegion.hull(P))
    assert (hull.kind, hull.leader, hull.leaders) == ("too_close", 0, (0, 1))
    assert hull.first_share[1] == pytest.approx(1 / 3, abs=0.03)  # Dirichlet(1) mixes: P(w0 < 0.5) = 1/3
    assert hull.worst_margin[1] == pytest.approx(-0.4)  # at participant 3's own weights
    assert "mixes of the participants' weights" in hull.sentence
    # a milder dissenter: b is first only in a small corner of the hull, so a is likely, not robust
    mild = np.array([[0.8, 0.2], [0.7, 0.3], [0.45, 0.55]])
    v = _verdict(c, mild.mean(axis=0), WeightRegion.hull(mild))
    assert v.kind == "likely" and v.sentence.startswith("Likely: a comes first in 97 %")
    # without the dissenting participant, a holds everywhere
    assert _verdict(c, P[:2].mean(axis=0), WeightRegion.hull(P[:2])).kind == "robust"


def test_the_score_ranges_count_unless_scores_are_fixed():
    X = [[0.7, 0.7], [0.5, 0.5]]
    c = _model(X, low=[[0.4, 0.4], [0.4, 0.4]], high=[[0.8, 0.8], [0.8, 0.8]], names=["a", "b"])
    w = [0.5, 0.5]
    fixed = _verdict(c, w, WeightRegion.simplex(2), scores_mode="fixed")
    assert fixed.kind == "robust" and "ranges are set aside" in fixed.sentence
    ranged = _verdict(c, w, WeightRegion.simplex(2), scores_mode="uniform")
    assert ranged.kind != "robust" and ranged.worst_margin[1] == pytest.approx(-0.4)


def test_a_non_monotone_value_function_is_handled_exactly():
    """A value peaking at x = 5 in a's range 3-8: its worst value is at an end (3 -> 0.6), its best at the peak."""
    vf = (np.array([0.0, 5.0, 10.0]), np.array([0.0, 1.0, 0.0]))
    c = _model([[4.0, 0.5], [5.0, 0.5]], lo=np.array([0.0, 0.0]), hi=np.array([10.0, 1.0]),
               low=[[3.0, 0.5], [5.0, 0.5]], high=[[8.0, 0.5], [5.0, 0.5]], names=["a", "b"],
               value_fns=(vf, None))
    lo, hi = cell_extremes(Analysis(c), "wsm", fixed=False)
    assert lo[0, 0] == pytest.approx(0.4) and hi[0, 0] == pytest.approx(1.0)  # v(8) = 0.4, v(5) = 1
    grid = np.linspace(3, 8, 501)
    v = np.interp(grid, vf[0], vf[1])
    assert lo[0, 0] == pytest.approx(v.min()) and hi[0, 0] == pytest.approx(v.max())


def test_the_weighted_product_is_exact_only_without_a_zero_score():
    c = _model([[2.0, 3.0], [3.0, 2.0]], lo=np.array([1.0, 1.0]), hi=np.array([4.0, 4.0]),
               low=[[1.0, 1.0], [1.0, 1.0]], high=[[4.0, 4.0], [4.0, 4.0]])
    assert cell_extremes(Analysis(c), "wpm", fixed=False) is not None
    c0 = dataclasses.replace(c, low=np.array([[0.0, 1.0], [1.0, 1.0]]))
    assert cell_extremes(Analysis(c0), "wpm", fixed=False) is None
    assert cell_extremes(Analysis(c0), "wpm", fixed=True) is not None  # the best estimates are all above 0
    assert cell_extremes(Analysis(c), "topsis", fixed=True) is None


def test_vikor_reports_its_compromise_set():
    c = _model([[0.9, 0.1, 0.5], [0.1, 0.9, 0.5], [0.5, 0.5, 0.45]], names=["a", "b", "c"])
    v = _verdict(c, np.full(3, 1 / 3), WeightRegion.simplex(3), "vikor")
    assert v.compromise is not None and v.compromise_conditions is not None
    assert "VIKOR's compromise set at these weights" in v.sentence
    assert v.payload(c.option_ids)["compromise"] == [c.option_ids[i] for i in v.compromise]


@pytest.mark.parametrize("cut", [False, True], ids=["box", "box+order"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_linear_programs_agree_with_dense_sampling(seed, cut):
    """Possible winners (exact) against 200,000 weight draws of the same region: an option first in some draw
    has t >= 0; an option with t clearly above 0 is first in some draw. The leader's worst margins are never
    beaten by a draw and come close to the least one drawn."""
    rng = np.random.default_rng(seed)
    X = rng.random((6, 4))
    c = _model(X)
    region = WeightRegion.around(np.array([0.4, 0.3, 0.2, 0.1]), 0.1)
    if cut:
        region = region.with_order([[0, 2]])
    assert region.closed_form is not cut
    lo, hi = cell_extremes(Analysis(c), "wsm", fixed=True)
    t = possible_winners(region, lo, hi)
    W = region.sample(np.random.default_rng(seed + 10), 200_000)
    S = W @ X.T
    winners = set(np.unique(np.argmax(S, axis=1)).tolist())
    assert all(t[i] >= -1e-9 for i in winners)
    assert {i for i in range(6) if t[i] > 0.01} <= winners
    np.testing.assert_array_equal(can_come_first(region, lo, hi), t >= -1e-9)  # witnesses first, then the LPs
    leader = int(np.argmax(X @ np.array([0.4, 0.3, 0.2, 0.1])))
    worst = necessary_margins(region, lo, hi, leader)
    drawn = (S[:, [leader]] - S).min(axis=0)
    others = [r for r in range(6) if r != leader]
    assert np.all(worst[others] <= drawn[others] + 1e-9)
    assert np.all(drawn[others] - worst[others] <= 0.02)


def test_the_sampler_and_the_verdict_use_one_region(default):
    """verdict_for's region is the one SMAA draws from: every weight the sampler draws for these settings lies
    in it, and they span it (the extremes reach its bounds)."""
    c, a = default
    w = c.profile_weights("equal")
    s = UncertaintySettings(samples=2000)
    region = settings_region(s, w)
    np.testing.assert_allclose(region.lower, np.maximum(w - s.spread, 0))
    W = region.sample(np.random.default_rng(s.seed), 20_000)
    assert region.contains(W).all()
    assert W.min() == pytest.approx(region.lower.min(), abs=0.005)
    # the window's and the CLI's SMAA run (run_uncertainty) draws exactly what SMAA draws over this region
    by_settings = run_uncertainty(c, "wsm", w, s).result
    by_region = smaa(c, "wsm", samples=s.samples, seed=s.seed, scores_mode=s.scores_mode, region=region)
    np.testing.assert_array_equal(by_settings.acceptability, by_region.acceptability)
    np.testing.assert_array_equal(by_settings.pairwise, by_region.pairwise)
    v = verdict_for(a, "wsm", w, s)
    assert v.samples == 2000 and v.exact
    again = verdict_for(a, "wsm", w, s)
    np.testing.assert_array_equal(v.first_share, again.first_share)  # seeded


def test_the_shipped_model_at_equal_weights_is_too_close_to_call(default):
    c, a = default
    v = verdict_for(a, "wsm", c.profile_weights("equal"), UncertaintySettings())
    names = dict(zip(c.option_ids, c.option_names, strict=True))
    assert v.kind == "too_close" and v.exact
    assert c.option_ids[v.leader] == "ceasefire_no_freeze"
    p = v.payload(c.option_ids)
    assert set(p) == {"kind", "leader", "leaders", "first_share", "pairwise", "sentence", "exact"}
    assert {"path_from_isolation", "ceasefire_no_freeze"} <= set(p["leaders"])
    assert v.sentence.startswith(f"Too close to call: {names['path_from_isolation']} (")
    assert sum(p["first_share"].values()) == pytest.approx(1.0)
