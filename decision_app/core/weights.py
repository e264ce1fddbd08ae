"""Weight elicitation: direct points, rank-order centroid, swing weighting and AHP pairwise comparisons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from decision_app.core.compiled import normalize_weights
from decision_app.core.errors import EngineError

# Random consistency index RI(n), the mean consistency index of random reciprocal matrices of size n:
# - n = 1..10: Saaty's values (T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill 1980), unchanged
#   so that consistency ratios of up to 10 criteria stay what they were;
# - n = 11..15: J. A. Alonso and M. T. Lamata, "Consistency in the analytic hierarchy process: a new
#   approach", Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4): 445-459 (2006), Table 2,
#   100,000 random matrices per size. (Saaty's own extension is cited inconsistently for n = 12, as 1.48
#   and as 1.54, and is not monotone in the first form; Alonso & Lamata's values are.)
# Beyond 15 the n = 15 value is used (RI grows by about 0.01 per criterion there).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                1.5141, 1.5365, 1.5551, 1.5713, 1.5838)
CR_LIMIT = 0.10


def direct(points: ArrayLike) -> np.ndarray:
    """Any non-negative numbers, normalised to sum 1."""
    w: np.ndarray = normalize_weights(np.asarray(points, dtype=float))
    return w


def rank_order_centroid(ranks: ArrayLike) -> np.ndarray:
    """ROC weights from ranks (1 = most important). Tied criteria share the mean of their positions' weights."""
    r = np.asarray(ranks, dtype=float)
    n = r.shape[0]
    if n == 0 or np.any(r < 1):
        raise EngineError("ranks start at 1 (most important)")
    pos_w = np.array([np.sum(1.0 / np.arange(i, n + 1)) / n for i in range(1, n + 1)])
    order = np.argsort(r, kind="stable")
    w = np.empty(n)
    w[order] = pos_w
    for value in np.unique(r):  # average over ties
        idx = r == value
        w[idx] = w[idx].mean()
    return np.asarray(w / w.sum())


def swing(points: ArrayLike) -> np.ndarray:
    """Swing weights: 100 for the most important swing, the others 0..100 relative to it."""
    p = np.asarray(points, dtype=float)
    if np.any(p < 0) or np.any(p > 100):
        raise EngineError("swing points run from 0 to 100")
    if not np.isclose(p.max(), 100.0):
        raise EngineError("give the most important swing 100 points and the others points relative to it")
    return np.asarray(p / p.sum())


@dataclass(frozen=True)
class AhpResult:
    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    consistent: bool  # CR <= 0.10
    worst_pair: tuple[int, int] | None  # the judgement a[i, j] furthest from w_i / w_j


def judgement_mean(matrices: np.ndarray) -> np.ndarray:
    """Element-wise geometric mean of pairwise matrices (..., p, n, n) over p: again positive reciprocal
    (Aczél & Saaty 1983), the group matrix of AIJ (Forman & Peniwati 1998)."""
    out: np.ndarray = np.exp(np.log(matrices).mean(axis=-3))
    return out


def ahp(matrix: ArrayLike) -> AhpResult:
    """Principal-eigenvector weights of a positive reciprocal pairwise matrix and Saaty's consistency ratio."""
    A = np.asarray(matrix, dtype=float)
    n = A.shape[0]
    if A.ndim != 2 or A.shape != (n, n) or n < 1:
        raise EngineError("the pairwise comparison matrix must be square")
    if np.any(A <= 0) or not np.all(np.isfinite(A)):
        raise EngineError("pairwise judgements must be positive numbers (1/9 .. 9)")
    if not np.allclose(A * A.T, 1.0, rtol=1e-6):
        raise EngineError("the matrix must be reciprocal: a[j][i] = 1 / a[i][j]")
    vals, vecs = np.linalg.eig(A)
    i = int(np.argmax(vals.real))
    lam = float(vals[i].real)
    w = np.abs(vecs[:, i].real)
    w = w / w.sum()
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = ci / ri if ri > 0 else 0.0
    worst = None
    if n > 2:
        err = np.abs(np.log(A * w[None, :] / w[:, None]))
        iu = np.triu_indices(n, 1)
        k = int(np.argmax(err[iu]))
        worst = (int(iu[0][k]), int(iu[1][k]))
    return AhpResult(w, lam, ci, cr, cr <= CR_LIMIT, worst)


def weights_after_move(weights: np.ndarray, locks: np.ndarray, k: int, value: float) -> np.ndarray:
    """Weight `k` moved to `value`: the other unlocked weights give way in proportion, so all still sum to 1.

    `weights` sum to 1 and `locks` marks the weights that must not change (a lock on `k` itself is ignored:
    it is the one being moved). `value` is clamped to what the locked weights leave. When every other
    weight is locked nothing can give way and the weights come back unchanged; when the free others are all
    zero they share the rest equally. The inputs are not modified.
    """
    w = np.asarray(weights, dtype=float)
    locked = np.array(locks, dtype=bool)
    locked[k] = False
    free = ~locked
    free[k] = False
    budget = 1.0 - float(w[locked].sum())
    value = float(np.clip(value, 0.0, budget))
    if not free.any():
        return w.copy()
    out = w.copy()
    out[k] = value
    rest = w[free]
    remaining = budget - value
    out[free] = rest / rest.sum() * remaining if rest.sum() > 0 else remaining / free.sum()
    return out


def weight_room(weights: np.ndarray, locks: np.ndarray, k: int) -> float | None:
    """The most weight `k` can be given (what the locked others leave), or None when every other weight is
    locked and nothing can give way. A typed weight beyond it is refused, not clamped (`weights_after_move`
    clamps: right for a slider, wrong for a number the user typed)."""
    locked = np.array(locks, dtype=bool)
    locked[k] = False
    free = ~locked
    free[k] = False
    if not free.any():
        return None
    return 1.0 - float(np.asarray(weights, dtype=float)[locked].sum())
