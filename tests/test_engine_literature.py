"""Methods pinned to published worked examples (figures as printed in the cited sources)."""

from __future__ import annotations

import numpy as np
import pytest

from decision_app.core.methods import prepare, rank, vikor_compromise
from decision_app.core.weights import ahp

B, C = False, True  # benefit, cost


def test_topsis_tzeng_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011) Multiple Attribute Decision Making: Methods and Applications,
    CRC Press: four alternatives, three benefit criteria, w = (0.3, 0.4, 0.3); closeness 0.5037, 0.6581,
    0.7482, 0.3340."""
    X = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], float)
    p = prepare("topsis", X, np.array([B, B, B]))
    c = p.scores(np.array([0.3, 0.4, 0.3]))
    np.testing.assert_allclose(c, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    assert list(rank(c)) == [3, 2, 1, 4]


def test_topsis_hwang_yoon_fighter_aircraft():
    """Hwang, C.-L. & Yoon, K. (1981) Multiple Attribute Decision Making, Springer: the fighter aircraft
    example (speed, range, payload, cost [cost], reliability, manoeuvrability; w = .2 .1 .1 .1 .2 .3).
    A1 is preferred, then A3, A4, A2; C*(A1) = 0.643, C*(A2) = 0.268."""
    X = np.array([[2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5],
                  [1.8, 2000, 21000, 4.5, 7, 7], [2.2, 1800, 20000, 5.0, 5, 5]])
    c = prepare("topsis", X, np.array([B, B, B, C, B, B])).scores(np.array([.2, .1, .1, .1, .2, .3]))
    assert list(np.argsort(-c)) == [0, 2, 3, 1]
    np.testing.assert_allclose(c[[0, 1]], [0.643, 0.268], atol=5e-4)


def _vikor(X, cost, w, v=0.5):
    p = prepare("vikor", np.asarray(X, float), np.asarray(cost))
    d = p.details(np.asarray(w, float) / np.sum(w))
    return d["S"], d["R"], d["Q"], d["compromise"]


def test_vikor_opricovic_tzeng_2004():
    """Opricovic, S. & Tzeng, G.-H. (2004) Compromise solution by MCDM methods: a comparative analysis of
    VIKOR and TOPSIS, EJOR 156(2) 445-455: risk (min) and altitude (max), equal weights."""
    S, R, Q, comp = _vikor([[1, 3000], [2, 3750], [5, 4500]], [C, B], [0.5, 0.5])
    np.testing.assert_allclose(S, [0.5, 0.375, 0.5])
    np.testing.assert_allclose(R, [0.5, 0.25, 0.5])
    np.testing.assert_allclose(Q, [1.0, 0.0, 1.0])
    assert list(comp) == [1]
    assert list(rank(Q, higher_is_better=False)) == [2, 1, 2]


HYDRO = np.array([
    [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
    [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
    [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
    [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
    [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
    [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
])
HYDRO_COST = np.array([B, C, B, B, C, C, C, B])


@pytest.mark.parametrize("w,S,R,Q,comp", [
    ([1] * 8, [0.692, 0.7, 0.29, 0.423, 0.28, 0.346], [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
     [0.991, 1.0, 0.473, 0.670, 0.0, 0.578], [4]),
    ([2, 2, 2, 2, 1, 1, 1, 1], [0.701, 0.6, 0.386, 0.365, 0.317, 0.459], [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
     [1.0, 0.533, 0.552, 0.563, 0.0, 0.686], [4]),
    ([1, 1, 1, 1, 2, 2, 2, 2], [0.683, 0.8, 0.193, 0.48, 0.243, 0.232], [0.113, 0.167, 0.08, 0.122, 0.044, 0.083],
     [0.684, 1.0, 0.147, 0.554, 0.041, 0.191], [4, 2, 5]),
])
def test_vikor_opricovic_tzeng_2007_hydro(w, S, R, Q, comp):
    """Opricovic, S. & Tzeng, G.-H. (2007) Extended VIKOR method in comparison with outranking methods,
    EJOR 178(2) 514-529: six hydropower alternatives, eight criteria, three of the published weight sets."""
    s, r, q, c = _vikor(HYDRO, HYDRO_COST, w)
    np.testing.assert_allclose(s, S, atol=1.5e-3)
    np.testing.assert_allclose(r, R, atol=1.5e-3)
    np.testing.assert_allclose(q, Q, atol=1.5e-3)
    assert sorted(c) == sorted(comp)


def test_ahp_saaty_drinks():
    """Saaty, T. L. (1980) The Analytic Hierarchy Process / Saaty (2008) Int. J. Services Sciences 1(1):
    relative consumption of drinks in the US. Derived priorities .177 .019 .042 .116 .190 .129 .327,
    CR = 0.022."""
    A = np.array([[1, 9, 5, 2, 1, 1, 1 / 2], [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
                  [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9], [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
                  [1, 9, 4, 2, 1, 2, 1 / 2], [1, 9, 3, 1, 1 / 2, 1, 1 / 3], [2, 9, 9, 3, 2, 3, 1]])
    res = ahp(A)
    np.testing.assert_allclose(res.weights, [.177, .019, .042, .116, .190, .129, .327], atol=6e-4)
    assert res.consistency_ratio == pytest.approx(0.022, abs=5e-4)
    assert res.consistent


def test_promethee_pymcdm_docstring_example():
    """A three-option usual-criterion case worked by hand: pairwise P summed with weights .5 .3 .2."""
    X = np.array([[4, 3, 2], [3, 2, 4], [5, 1, 3]], float)
    w = np.array([0.5, 0.3, 0.2])
    # pi(a1,a2)=.5+.3=.8, pi(a2,a1)=.2, pi(a1,a3)=.3, pi(a3,a1)=.5+.2=.7, pi(a2,a3)=.3+.2=.5, pi(a3,a2)=.5
    phi_plus = np.array([(0.8 + 0.3) / 2, (0.2 + 0.5) / 2, (0.7 + 0.5) / 2])
    phi_minus = np.array([(0.2 + 0.7) / 2, (0.8 + 0.5) / 2, (0.3 + 0.5) / 2])
    p = prepare("promethee2", X, np.array([B, B, B]))
    np.testing.assert_allclose(p.scores(w), phi_plus - phi_minus)
    d = p.details(w)
    np.testing.assert_allclose(d["phi_plus"], phi_plus)
    np.testing.assert_allclose(d["phi_minus"], phi_minus)


def test_wsm_hand_worked_with_contributions():
    # Scales 0..10 (benefit) and 0..100 (cost); weights .6/.4.
    X = np.array([[5.0, 20.0], [10.0, 80.0]])
    p = prepare("wsm", X, np.array([B, C]), lo=np.array([0.0, 0.0]), hi=np.array([10.0, 100.0]))
    w = np.array([0.6, 0.4])
    np.testing.assert_allclose(p.scores(w), [0.6 * 0.5 + 0.4 * 0.8, 0.6 * 1.0 + 0.4 * 0.2])
    np.testing.assert_allclose(p.details(w)["contributions"], [[0.3, 0.32], [0.6, 0.08]])


def test_wsm_piecewise_value_function():
    X = np.array([[0.0], [2.0], [3.5], [20.0]])
    vf = ((np.array([0, 2, 5, 20.0]), np.array([1, 0.8, 0.5, 0.0])),)
    p = prepare("wsm", X, np.array([C]), lo=np.array([0.0]), hi=np.array([20.0]), value_fns=vf)
    np.testing.assert_allclose(p.scores(np.array([1.0])), [1.0, 0.8, 0.65, 0.0])


def test_wpm_hand_worked():
    X = np.array([[2.0, 4.0], [4.0, 2.0]])
    p = prepare("wpm", X, np.array([B, C]))
    w = np.array([0.5, 0.5])
    # ratios: a1 (0.5, 0.5), a2 (1, 1)
    np.testing.assert_allclose(p.scores(w), [0.5, 1.0])


def test_vikor_compromise_when_only_stability_fails():
    S = np.array([0.3, 0.2, 0.9])
    R = np.array([0.1, 0.2, 0.9])
    Q = np.array([0.0, 0.6, 1.0])  # a1 best by Q with advantage .6 >= .5, best by R but not S -> C2 holds
    assert list(vikor_compromise(S, R, Q)) == [0]
    R2 = np.array([0.3, 0.2, 0.9])  # now a1 is best neither by S nor R: {a1, a2}
    assert list(vikor_compromise(S, R2, Q)) == [0, 1]
