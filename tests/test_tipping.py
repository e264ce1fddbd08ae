"""Score tipping points (core.tipping) against hand-computed examples, one per method, and the "What would
change the answer" list on the shipped model."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from decision_app.core import tipping
from decision_app.core.audit import basis_matrix
from decision_app.core.compiled import compile_model, from_arrays
from decision_app.core.engine import Analysis
from decision_app.core.loading import load_model
from decision_app.core.region import WeightRegion
from decision_app.core.tipping import cell_sentences, score_tipping_points, what_would_change


def _tips(X, method, w, lo=0.0, hi=10.0):
    X = np.asarray(X, dtype=float)
    n = X.shape[1]
    c = from_arrays(X, [False] * n, lo=np.full(n, lo), hi=np.full(n, hi), option_ids=["A", "B", "C"][: X.shape[0]])
    tips = score_tipping_points(Analysis(c), method, np.asarray(w, dtype=float))
    return {(t.option, t.criterion): (t.to, t.new_leader) for t in tips}


def _check(found, want):
    for cell, (to, new) in want.items():
        got_to, got_new = found[cell]
        if to is None:
            assert got_to is None and got_new is None, cell
        else:
            assert got_to == pytest.approx(to, abs=1e-6), cell
            assert got_new == new, cell


def test_weighted_sum_exact():
    """Values x/10; A (0.8, 0.2) = 0.5 leads B (0.4, 0.5) = 0.45 and C (0.1, 0) = 0.05 at equal weights. A loses
    the lead when one of its values falls by 0.05 / 0.5 = 0.1; B takes it when one of its rises by 0.1; C needs
    +0.9 on one criterion: 9 on the second, impossible on the first (1 + 9 > 10)."""
    found = _tips([[8, 2], [4, 5], [1, 0]], "wsm", [0.5, 0.5])
    _check(found, {(0, 0): (7, 1), (0, 1): (1, 1), (1, 0): (5, 1), (1, 1): (6, 1), (2, 0): (None, None),
                   (2, 1): (9, 2)})


def test_weighted_product():
    """A (4, 2) leads B (2, 3) at equal weights: A/B = sqrt(4/2 * 2/3) > 1. A's first score at 3 and second at 1.5,
    B's first at 8/3 and second at 4 make the ratio 1."""
    found = _tips([[4, 2], [2, 3]], "wpm", [0.5, 0.5], lo=0.5)
    _check(found, {(0, 0): (3, 1), (0, 1): (1.5, 1), (1, 0): (8 / 3, 1), (1, 1): (4, 1)})


def test_topsis():
    """Two options, equal weights: A (3, 1) is closer to the ideal than B (1, 2) while A's normalised lead on the
    first criterion, (3 - 1)/sqrt(10), exceeds B's on the second, 1/sqrt(5). Equality: (x - 1)/sqrt(x^2 + 1) =
    1/sqrt(5) at x = 2 for A's first score; (y - 1)/sqrt(y^2 + 1) = 2/sqrt(10) at y = 3 for B's second."""
    found = _tips([[3, 1], [1, 2]], "topsis", [0.5, 0.5])
    _check(found, {(0, 0): (2, 1), (1, 1): (3, 1)})


def test_vikor():
    """Two options, weights (0.6, 0.4): A (3, 1) has the lower S and R. Only the order on the first criterion
    matters: A's score down to B's 1, or B's up to A's 3, and B leads; the second criterion never changes it."""
    found = _tips([[3, 1], [1, 2]], "vikor", [0.6, 0.4])
    _check(found, {(0, 0): (1, 1), (1, 0): (3, 1), (0, 1): (None, None), (1, 1): (None, None)})


def test_promethee_third_option():
    """Usual criteria, weights (0.6, 0.4): net flows A 0.2, B 0.4, C -0.6, B leads. C's second score (3.5) lies
    between A's (1) and B's (5), which widens B's advantage over A there; once it moves past 5 (C above both), A
    leads: a third option's score decides between the first two."""
    found = _tips([[5, 1], [3, 5], [1, 3.5]], "promethee2", [0.6, 0.4])
    _check(found, {(2, 1): (5, 0)})


def test_the_scan_agrees_with_the_exact_weighted_sum(realistic_path):
    c = compile_model(load_model(realistic_path))
    a, w = Analysis(c), c.profile_weights("equal")
    exact = tipping._exact(a, "wsm", w)
    scanned = tipping._scanned(a, "wsm", w)
    for e, s in zip(exact, scanned, strict=True):
        assert (e.option, e.criterion) == (s.option, s.criterion)
        assert (e.to is None) == (s.to is None)
        if e.to is not None:
            assert s.to == pytest.approx(e.to, abs=1e-6 * (c.hi[e.criterion] - c.lo[e.criterion]))
            assert s.new_leader == e.new_leader


def test_what_would_change_the_shipped_models_answer(realistic_path):
    model = load_model(realistic_path)
    c = compile_model(model)
    a, w = Analysis(c), c.profile_weights("equal")
    points = what_would_change(a, "wsm", w, bases=basis_matrix(model), units=[cr.unit for cr in model.criteria],
                               region=WeightRegion.around(w, 0.05))
    shares = [p.share_of_scale for p in points]
    assert shares == sorted(shares) and {p.kind for p in points} == {"score", "weight"}
    ids = c.option_ids
    cease, path, tte = ids.index("ceasefire_no_freeze"), ids.index("path_from_isolation"), c.criterion_index("time_to_effect")
    # The example: the ceasefire's value 0.5 at 5 years must fall by its 0.0127 lead x 11 to 0.36: 7.33 years
    p = next(p for p in points if p.kind == "score" and (p.option, p.criterion) == (cease, tte))
    assert p.to == pytest.approx(5 + (0.5 - (0.5 - 11 * (a.score("wsm", w).scores[cease] - a.score("wsm", w).scores[path]))) / 0.06)
    assert (p.new_leader, p.basis, p.within_range) == (path, "judgement", True)
    assert p.sentence == (f"{c.option_names[cease]} and {c.option_names[path]} swap places if the score of "
                          f"{c.option_names[cease]} on Time to effect moves from 5 past 7.33 years — a judgement-only "
                          "score whose own range (1–15 years) includes 7.33.")
    assert p.payload(ids, c.criterion_ids)["share_of_scale"] == pytest.approx((p.to - 5) / 20)
    weights = [p for p in points if p.kind == "weight"]
    assert weights[0].criterion == tte and weights[0].within_range is True
    assert "falls from 9.1 % past 5.6 %" in weights[0].sentence
    # every score change reported does change the leader
    for p in points[:20]:
        if p.kind == "score":
            X = c.X.copy()
            X[p.option, p.criterion] = p.to + np.sign(p.to - p.start) * 1e-6
            moved = Analysis(dataclasses.replace(c, X=X)).score("wsm", w).leader()
            assert moved == p.new_leader


def test_every_cell_has_its_sentence(realistic_path):
    model = load_model(realistic_path)
    c = compile_model(model)
    a, w = Analysis(c), c.profile_weights("equal")
    words = cell_sentences(a, "wsm", w, bases=basis_matrix(model), units=[cr.unit for cr in model.criteria])
    tips = {(t.option, t.criterion): t for t in score_tipping_points(a, "wsm", w)}
    for (i, j), t in tips.items():
        if t.to is None:
            assert words[i][j] == (f"No single change of the score of {c.option_names[i]} on {c.criterion_names[j]} "
                                   f"within its scale ({c.lo[j]:.3g}–{c.hi[j]:.3g} {model.criteria[j].unit}) changes "
                                   "who leads.")
        else:
            assert f"moves from {t.value:.3g} past {t.to:.3g}" in words[i][j]
    assert any(t.to is None for t in tips.values()) and any(t.to is not None for t in tips.values())
