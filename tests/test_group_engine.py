"""The group engine (core.group, core.concordance): combining rules by hand, Kendall's W against published
worked examples (with and without ties), AIJ against Saaty's own example and closed forms, invariants,
leave-one-out, rounds, the hull SMAA's seeding, and the JSON summary the CLI prints."""

from __future__ import annotations

import json

import numpy as np
import pytest

from decision_app.core.compiled import compile_model, from_arrays
from decision_app.core.concordance import (
    agreement_reading,
    kendall_chi2,
    kendall_w,
    mid_ranks,
    tie_sum,
)
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.group import (
    AIJ,
    COMBINE_RULES,
    ParticipantWeights,
    aggregate_judgements,
    analyse_group,
    combine,
    combine_stack,
    hull_smaa,
    hull_weights,
    participants_from_rows,
    principal_eigenvectors,
    spread,
)
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES
from decision_app.core.weights import RANDOM_INDEX, ahp

# Three participants, three criteria, raw points: normalised they are
# p1 (1/2, 1/4, 1/4), p2 (1/4, 1/4, 1/2), p3 (1/4, 3/4, 0).
HAND = np.array([[2.0, 1.0, 1.0], [1.0, 1.0, 2.0], [1.0, 3.0, 0.0]])


@pytest.fixture(scope="module")
def default():
    from conftest import REALISTIC_MODEL

    c = compile_model(load_model(REALISTIC_MODEL))
    return c, Analysis(c)


@pytest.fixture(scope="module")
def crowd(default):
    c, _a = default
    return np.random.default_rng(7).dirichlet(np.ones(c.n), size=12)


def two_option_model() -> Analysis:
    """Option o0 is best on c0, o1 on c1, over observed 0..1 scales: WSM scores are (w0, w1)."""
    return Analysis(from_arrays(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([False, False])))


# --- combining rules, by hand ------------------------------------------------------------------------------


def test_arithmetic_mean_by_hand():
    np.testing.assert_allclose(combine(HAND, "mean"), [1 / 3, 5 / 12, 1 / 4])


def test_geometric_mean_by_hand_renormalised():
    # (1/2 * 1/4 * 1/4)^(1/3) = 1 / 32^(1/3); (1/4 * 1/4 * 3/4)^(1/3) = 3^(1/3) / 4; p3's 0 zeroes c3.
    g = np.array([1 / 32 ** (1 / 3), 3 ** (1 / 3) / 4, 0.0])
    np.testing.assert_allclose(combine(HAND, "geometric"), g / g.sum())
    with pytest.raises(EngineError, match="geometric mean is zero"):
        combine(np.array([[1, 0], [0, 1]]), "geometric")


def test_median_by_hand_renormalised():
    # medians (1/4, 1/4, 1/4) -> 1/3 each; with an even count the middle two are averaged.
    np.testing.assert_allclose(combine(HAND, "median"), [1 / 3, 1 / 3, 1 / 3])
    np.testing.assert_allclose(combine(HAND[:2], "median"), combine(HAND[:2], "mean"))
    # every median 0 -> the arithmetic mean instead of a division by zero
    np.testing.assert_allclose(combine(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), "median"), [1 / 3] * 3)


def test_combine_stack_batches_groups():
    W = HAND / HAND.sum(axis=1, keepdims=True)
    for rule in COMBINE_RULES:  # two groups at once (the same people in another order): one result each
        np.testing.assert_allclose(combine_stack(np.stack([W, W[::-1]]), rule), [combine(HAND, rule)] * 2)
    with pytest.raises(EngineError, match="unknown rule"):
        combine(HAND, "mode")


def test_spread_by_hand():
    s = spread(HAND / HAND.sum(axis=1, keepdims=True))
    np.testing.assert_allclose(s.min, [0.25, 0.25, 0.0])
    np.testing.assert_allclose(s.max, [0.5, 0.75, 0.5])
    # c1: 1/2, 1/4, 1/4 -> mean 1/3, population variance ((1/6)^2 + 2 (1/12)^2) / 3 = 1/72
    assert s.sd[0] == pytest.approx(np.sqrt(1 / 72))
    # c1 sorted 1/4, 1/4, 1/2: Q1 at position 0.5 -> 1/4, Q3 at 1.5 -> 3/8 (linear, R type 7)
    assert s.iqr[0] == pytest.approx(0.125)
    assert s.iqr[2] == pytest.approx(0.25)  # c3 sorted 0, 1/4, 1/2: Q1 1/8, Q3 3/8


# --- Kendall's W ---------------------------------------------------------------------------------------------

# The `anxiety` ratings of the R package irr (Gamer, Lemon, Fellows & Singh): 20 subjects rated 1..6 by 3
# raters, with many ties within each rater. Published results: irr::kendall(anxiety, correct = TRUE) and
# DescTools::KendallW(anxiety, correct = TRUE, test = TRUE) give Wt = 0.5396569, chi-squared = 30.76 on
# 19 df, p = 0.04288 (DescTools reference manual, KendallW examples).
ANXIETY = np.array([
    [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
    [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
    [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
], dtype=float)

# Siegel & Castellan (1988) "Nonparametric statistics for the behavioral sciences", 2nd ed., sec. 9.4: three
# raters rank eight attributes (no ties), W = 0.656, chi-squared 13.78 on 7 df (as reproduced in the
# DescTools KendallW examples, W = 0.6560847, same as friedman.test).
SIEGEL_CASTELLAN = np.array([
    [5, 6, 7, 1, 2, 4, 3, 8],
    [1, 7, 6, 2, 3, 5, 4, 8],
    [4, 5, 1, 3, 2, 7, 6, 8],
], dtype=float)


def test_kendall_w_with_ties_published():
    R = mid_ranks(ANXIETY)
    assert tie_sum(R) == 1674  # sum over raters and tie groups of t^3 - t
    w = kendall_w(R)
    assert w == pytest.approx(0.5396569, abs=5e-8)
    chi2, df = kendall_chi2(w, 3, 20)
    assert (round(chi2, 2), df) == (30.76, 19)
    # by hand: S = 3004; uncorrected 12 S / (m^2 (n^3 - n)) = 0.502 < corrected 12 S / (9 * 7980 - 3 * 1674)
    Rj = R.sum(axis=0)
    assert ((Rj - 3 * 21 / 2) ** 2).sum() == 3004
    assert w == pytest.approx(12 * 3004 / (9 * 7980 - 3 * 1674)) and w > 12 * 3004 / (9 * 7980)


def test_kendall_w_without_ties_published():
    w = kendall_w(SIEGEL_CASTELLAN)
    assert w == pytest.approx(0.6560847, abs=5e-8)
    assert kendall_chi2(w, 3, 8)[0] == pytest.approx(13.778, abs=5e-4)


def test_kendall_chi2_matches_scipy_friedman():
    stats = pytest.importorskip("scipy.stats")
    for data in (ANXIETY, SIEGEL_CASTELLAN):
        m, n = data.shape
        w = kendall_w(mid_ranks(data))
        assert kendall_chi2(w, m, n)[0] == pytest.approx(stats.friedmanchisquare(*data.T).statistic, rel=1e-12)


def test_mid_ranks_share_positions():
    np.testing.assert_array_equal(mid_ranks(np.array([0.9, 0.5, 0.5, 0.1])), [1, 2.5, 2.5, 4])
    np.testing.assert_array_equal(mid_ranks(np.array([0.9, 0.5, 0.5, 0.1]), higher_is_better=False), [4, 2.5, 2.5, 1])


def test_kendall_w_invariants():
    assert kendall_w(np.tile([1, 2, 3, 4], (5, 1))) == pytest.approx(1.0)
    assert kendall_w(np.tile([1, 2.5, 2.5, 4], (3, 1))) == pytest.approx(1.0)  # identical, tied: still 1
    assert kendall_w(np.array([[1, 2, 3, 4], [4, 3, 2, 1]])) == pytest.approx(0.0)  # exactly opposed
    latin = np.array([[1, 2, 3], [2, 3, 1], [3, 1, 2]])  # every object gets every rank once: equal rank sums
    assert kendall_w(latin) == pytest.approx(0.0)
    assert kendall_w(np.array([[1, 2, 3]])) is None  # one rater
    assert kendall_w(np.full((3, 4), 2.5)) is None  # nobody ranks anything


def test_agreement_reading_bands():
    assert agreement_reading(0.05) == "almost no agreement"
    assert agreement_reading(0.1) == "very weak agreement"
    assert agreement_reading(0.54) == "moderate agreement"
    assert agreement_reading(0.95) == "very strong agreement"
    assert agreement_reading(None).startswith("not defined")


# --- AIJ -------------------------------------------------------------------------------------------------------


def test_aij_saaty_apple_orange():
    # Saaty's illustration of combining judgements (Aczél & Saaty 1983): three people say an apple is 2, 3
    # and 4 times larger than an orange; the group judgement is (2 * 3 * 4)^(1/3) = 24^(1/3), reciprocal-safe.
    mats = np.array([[[1, k], [1 / k, 1]] for k in (2.0, 3.0, 4.0)])
    g = 24 ** (1 / 3)
    res = aggregate_judgements(mats)
    np.testing.assert_allclose(res.weights, [g / (1 + g), 1 / (1 + g)])
    assert res.consistency_ratio == pytest.approx(0.0)


def test_aij_three_by_three_closed_form():
    # For n = 3 the principal eigenvector equals the normalised row geometric means and
    # lambda_max = 1 + d + 1/d with d = (a13 / (a12 a23))^(1/3) (Crawford & Williams 1985); CR = CI / 0.58.
    A = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    B = np.array([[1, 1 / 2, 4], [2, 1, 6], [1 / 4, 1 / 6, 1]])
    G = np.sqrt(A * B)  # element-wise geometric mean of two judges
    res = aggregate_judgements(np.stack([A, B]))
    rgm = np.prod(G, axis=1) ** (1 / 3)
    np.testing.assert_allclose(res.weights, rgm / rgm.sum(), rtol=1e-10)
    d = (G[0, 2] / (G[0, 1] * G[1, 2])) ** (1 / 3)
    lam = 1 + d + 1 / d
    assert res.lambda_max == pytest.approx(lam, rel=1e-10)
    assert res.consistency_ratio == pytest.approx((lam - 3) / 2 / RANDOM_INDEX[2], rel=1e-9)


def test_aij_consistent_judges_equal_geometric_mean_of_weights():
    # Consistent matrices a_ij = w_i / w_j: their geometric mean is consistent with the geometric mean of the
    # weights (Forman & Peniwati 1998: AIJ and AIP by geometric mean then agree), CR = 0.
    W = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.4, 0.4, 0.2], [0.1, 0.6, 0.3]])
    mats = W[:, :, None] / W[:, None, :]
    res = aggregate_judgements(mats)
    np.testing.assert_allclose(res.weights, combine(W, "geometric"), rtol=1e-10)
    assert res.consistency_ratio == pytest.approx(0.0, abs=1e-10)


def test_batched_eigenvectors_match_weights_ahp():
    rng = np.random.default_rng(0)
    W = rng.dirichlet(np.ones(6), size=40)
    noise = np.exp(np.triu(rng.normal(0, 1.0, size=(40, 6, 6)), 1))  # far from consistent
    M = W[:, :, None] / W[:, None, :] * noise / np.swapaxes(noise, 1, 2)
    one_by_one = np.array([ahp(A).weights for A in M])
    np.testing.assert_allclose(principal_eigenvectors(M), one_by_one, atol=1e-12)
    np.testing.assert_allclose(principal_eigenvectors(M, max_iter=1), one_by_one, atol=1e-12)  # eig fallback


def test_aij_rule_in_the_group_engine():
    a = Analysis(from_arrays(np.array([[9.0, 1, 5], [1, 9, 5], [5, 5, 9]]), np.zeros(3, dtype=bool)))
    A = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    B = np.array([[1, 1 / 2, 4], [2, 1, 6], [1 / 4, 1 / 6, 1]])
    C = np.array([[1, 2, 1 / 2], [1 / 2, 1, 1 / 3], [2, 3, 1]])
    people = [ParticipantWeights.from_ahp(f"j{i}", f"Judge {i}", M) for i, M in enumerate((A, B, C))]
    g = analyse_group(a, "wsm", people, rule=AIJ)
    ref = aggregate_judgements(np.stack([A, B, C]))
    np.testing.assert_allclose(g.combined.weights, ref.weights)
    assert g.aij is not None and g.aij.consistency_ratio == pytest.approx(ref.consistency_ratio)
    np.testing.assert_allclose(g.leave_one_out.weights[0], aggregate_judgements(np.stack([B, C])).weights)
    with pytest.raises(EngineError, match="none from: x"):
        analyse_group(a, "wsm", [*people, ParticipantWeights("x", "X", np.ones(3))], rule=AIJ)


# --- the engine on a model -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_each_participant_ranked_as_alone(default, crowd, method):
    c, a = default
    g = analyse_group(a, method, participants_from_rows(crowd), rule="median")
    for i, w in enumerate(crowd):
        alone = a.score(method, w)
        np.testing.assert_array_equal(g.ranks[i], alone.ranks)
        np.testing.assert_array_equal(g.orders[i], alone.order)
        assert g.top[i] == alone.leader()
    assert g.first_choice.sum() == len(crowd)
    np.testing.assert_array_equal(g.first_choice, np.bincount(g.top, minlength=c.m))
    np.testing.assert_array_equal(g.combined.ranks, a.score(method, combine(crowd, "median")).ranks)
    assert g.kendall_w == pytest.approx(kendall_w(mid_ranks(g.scores, a.prepared(method).higher_is_better)))
    assert 0.0 <= g.kendall_w <= 1.0


def test_all_agree(default):
    c, a = default
    w = c.profile_weights("corcoran_outlook")
    g = analyse_group(a, "wsm", participants_from_rows(np.tile(w * 10, (5, 1))), hull_samples=2000)
    assert g.leader_holds_for_all and g.dissenters() == ()
    assert g.kendall_w == pytest.approx(1.0) and g.kendall_w_criteria == pytest.approx(1.0)
    np.testing.assert_allclose(g.spread.sd, 0.0, atol=1e-15)
    assert not g.leave_one_out.leader_changes.any()
    assert g.hull is not None and g.hull.leader_share == 1.0
    assert g.first_choice[g.leader] == 5


def test_dissent_and_leave_one_out():
    a = two_option_model()
    people = participants_from_rows(np.array([[0.9, 0.1], [0.6, 0.4], [0.1, 0.9]]))
    g = analyse_group(a, "wsm", people)  # mean (0.533, 0.467): o0 leads
    assert g.leader == 0 and not g.leader_holds_for_all
    assert g.dissenters() == (("p3", "o1"),)
    np.testing.assert_array_equal(g.leader_holds, [True, True, False])
    # without p1 the mean is (0.35, 0.65): o1 leads; without p2 (0.5, 0.5): a tie, the leader still first
    np.testing.assert_allclose(g.leave_one_out.weights, [[0.35, 0.65], [0.5, 0.5], [0.75, 0.25]])
    np.testing.assert_array_equal(g.leave_one_out.leader_changes, [True, False, False])
    assert g.leave_one_out.orders[0, 0] == 1
    assert g.kendall_w == pytest.approx(1 / 9)  # rank sums 4, 5 of m = 3 raters: 12 * 0.5 / (9 * 6)


def test_hull_smaa_seeded_and_inside(default, crowd):
    _c, a = default
    prep = a.prepared("topsis")
    r1 = hull_smaa(prep, crowd, 0, samples=3000, seed=5)
    r2 = hull_smaa(prep, crowd, 0, samples=3000, seed=5)
    r3 = hull_smaa(prep, crowd, 0, samples=3000, seed=6)
    np.testing.assert_array_equal(r1.first_share, r2.first_share)
    assert r1.leader_share == r2.leader_share
    assert not np.array_equal(r1.first_share, r3.first_share)
    assert r1.first_share.sum() == pytest.approx(1.0)
    Wh = hull_weights(np.random.default_rng(0), crowd, 500)
    np.testing.assert_allclose(Wh.sum(axis=1), 1.0)
    assert np.all(Wh >= crowd.min(axis=0) - 1e-12) and np.all(Wh <= crowd.max(axis=0) + 1e-12)


@pytest.mark.parametrize("method", ["wsm", "wpm", "promethee2"])
def test_linear_methods_leader_holds_over_hull(default, method):
    # rankings linear in the weights (WPM through its log): first at every vertex, first everywhere in the hull
    c, a = default
    rng = np.random.default_rng(11)
    base = c.profile_weights("kogan_outlook")
    W = np.clip(base + rng.uniform(-0.01, 0.01, size=(6, c.n)), 0, None)
    g = analyse_group(a, method, participants_from_rows(W), hull_samples=4000, seed=3)
    assert g.leader_holds_for_all
    assert g.hull is not None and g.hull.leader_share == 1.0


def test_two_rounds_movement():
    a = two_option_model()
    r1 = participants_from_rows(np.array([[0.5, 0.5], [1.0, 0.0]]), ids=["p1", "p2"], round=1)
    r2 = participants_from_rows(np.array([[0.7, 0.3], [0.8, 0.2], [0.6, 0.4]]), ids=["p1", "p2", "p3"], round=2)
    g2 = analyse_group(a, "wsm", r1 + r2)  # latest round by default
    assert g2.round == 2 and g2.movement is not None
    mv = g2.movement
    assert (mv.from_round, mv.to_round, mv.participant_ids) == (1, 2, ("p1", "p2"))
    # round 1 combined (0.75, 0.25): L1 0.5 and 0.5; round 2 combined (0.7, 0.3): L1 0 and 0.2
    np.testing.assert_allclose(mv.before, [0.5, 0.5])
    np.testing.assert_allclose(mv.after, [0.0, 0.2], atol=1e-15)
    np.testing.assert_allclose(mv.change, [-0.5, -0.3])
    g1 = analyse_group(a, "wsm", r1 + r2, round=1)
    assert g1.movement is None and g1.participant_ids == ("p1", "p2")


def test_validation_names_the_participant(default):
    c, a = default
    with pytest.raises(EngineError, match=r'"bad".*criteria'):
        analyse_group(a, "wsm", [ParticipantWeights("bad", "Bad", np.ones(c.n - 1))])
    with pytest.raises(EngineError, match='"neg"'):
        analyse_group(a, "wsm", [ParticipantWeights("neg", "Neg", -np.ones(c.n))])
    with pytest.raises(EngineError, match="repeat"):
        analyse_group(a, "wsm", participants_from_rows(np.ones((2, c.n)), ids=["x", "x"]))
    with pytest.raises(EngineError, match="unknown rule"):
        analyse_group(a, "wsm", participants_from_rows(np.ones((2, c.n))), rule="mode")
    with pytest.raises(EngineError, match="no participant in round 3"):
        analyse_group(a, "wsm", participants_from_rows(np.ones((2, c.n))), round=3)
    with pytest.raises(EngineError, match="at least one"):
        analyse_group(a, "wsm", [])


def test_single_participant(default):
    c, a = default
    g = analyse_group(a, "vikor", participants_from_rows(np.ones((1, c.n))))
    assert g.kendall_w is None and g.leave_one_out is None and g.leader_holds_for_all
    assert json.loads(json.dumps(g.summary()))["kendall_w"] is None


def test_summary_is_what_the_cli_prints(default, crowd):
    c, a = default
    people = participants_from_rows(crowd)
    g = analyse_group(a, "promethee2", people, rule="geometric", hull_samples=1000)
    s = json.loads(json.dumps(g.summary()))
    for key in ("participants", "combined", "spread", "kendall_w", "first_choice", "ranking", "leader_holds_for_all"):
        assert key in s
    assert [p["id"] for p in s["participants"]] == list(g.participant_ids)
    p0 = s["participants"][0]
    assert p0["ranking"][0] == p0["top"] == c.option_ids[g.top[0]]
    assert list(p0["weights"]) == list(c.criterion_ids) and sum(p0["weights"].values()) == pytest.approx(1.0)
    assert sum(s["first_choice"].values()) == len(people)
    assert s["ranking"] == [c.option_ids[i] for i in g.combined.order]
    assert set(s["spread"][c.criterion_ids[0]]) == {"min", "max", "sd", "iqr"}
    assert s["leader_holds_for_all"] == g.leader_holds_for_all
    assert s["hull"]["samples"] == 1000 and "code" not in p0
