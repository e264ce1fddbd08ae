"""One-way weight sensitivity: sweeps, exact tipping points and stability intervals.

Sweeping criterion k means setting its weight to t in [0, 1] and rescaling the other weights in proportion
so they sum to 1 - t (equal shares if they were all zero). Under the additive model every option's value
is then a straight line in t, so the points where the leading option changes are found exactly from the
upper envelope of those lines (any method whose record names `linear_values`). For the other methods they
are bracketed on a grid and bisected to 1e-7.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.engine import Analysis
from decision_app.core.methods import get_method

GRID = 401
SWEEP_POINTS = 101  # a drawn sweep of a method whose scores are curves in the weight
BISECT_TOL = 1e-7
# The sweep's ends are where exact ties happen (at t = 1 only criterion k counts); like the analytic
# solver, the numeric search looks at the leader just inside them.
EDGE = 1e-9


@dataclass(frozen=True)
class TippingPoint:
    weight: float
    before: int  # option index leading just below `weight`
    after: int  # option index leading just above

    def change_from(self, weight: float) -> tuple[int, int]:
        """(the option that would lead, the option it would replace) when the criterion's weight moves from
        `weight` across this point: up through it when it lies above, down through it when below."""
        return (self.after, self.before) if self.weight > weight else (self.before, self.after)


@dataclass(frozen=True)
class CriterionSensitivity:
    criterion: int
    weight: float
    stability: tuple[float, float]
    tipping_points: tuple[TippingPoint, ...]


def rest_weights(w: np.ndarray, k: int) -> np.ndarray:
    rest = np.array(w, dtype=float)
    rest[k] = 0.0
    s = rest.sum()
    if s > 0:
        scaled: np.ndarray = rest / s
        return scaled
    if rest.shape[0] == 1:
        return rest
    rest[:] = 1.0 / (rest.shape[0] - 1)
    rest[k] = 0.0
    return rest


def sweep_weights(w: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """(len(t), n) weight vectors: criterion k at t, the others rescaled in proportion."""
    t = np.asarray(t, dtype=float)
    W: np.ndarray = (1.0 - t)[:, None] * rest_weights(w, k)[None, :]
    W[:, k] += t
    return W


def sweep_grid(method: str, points: int = SWEEP_POINTS) -> np.ndarray:
    """Weights at which to draw a sweep: both ends suffice when the scores are straight lines in the weight."""
    if get_method(method).linear_values is not None:
        return np.array([0.0, 1.0])
    return np.linspace(0.0, 1.0, points)


def sweep(analysis: Analysis, method: str, w: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """Every option's score along the sweep: (len(t), m)."""
    return analysis.prepared(method).scores(sweep_weights(w, k, t))


def _leaders(scores: np.ndarray, higher_is_better: bool) -> np.ndarray:
    s = np.round(scores if higher_is_better else -scores, 12)
    lead: np.ndarray = np.argmax(s, axis=-1)
    return lead


def linear_values(analysis: Analysis, method: str) -> np.ndarray | None:
    """The (m, n) matrix A with scores == A @ w when the method's score is linear in the weights, else None."""
    key = get_method(method).linear_values
    return None if key is None else analysis.prepared(method).arrays[key]


def _tipping_linear(V: np.ndarray, w: np.ndarray, k: int) -> list[TippingPoint]:
    a = V @ rest_weights(w, k)  # value at t = 0
    return _tipping_lines(a, V[:, k] - a)


def _tipping_lines(a: np.ndarray, b: np.ndarray) -> list[TippingPoint]:
    """Where the leader changes among the lines a + b t, t in [0, 1]."""
    eps = 1e-12
    top = a.max()
    tied = np.flatnonzero(a >= top - eps)
    lead = int(tied[np.argmax(b[tied])])
    t = 0.0
    out: list[TippingPoint] = []
    while True:
        steeper = np.flatnonzero(b > b[lead] + eps)
        if steeper.size == 0:
            break
        tj = (a[lead] - a[steeper]) / (b[steeper] - b[lead])
        ok = tj > t + eps
        if not np.any(ok):
            break
        tmin = tj[ok].min()
        if tmin >= 1.0 - EDGE:
            break
        cands = steeper[ok][tj[ok] <= tmin + eps]
        new = int(cands[np.argmax(b[cands])])
        out.append(TippingPoint(float(tmin), lead, new))
        lead, t = new, float(tmin)
    return out


def _weights_at(rest: np.ndarray, ks: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Row r: criterion ks[r] at weight t[r], the others at (1 - t[r]) times their rescaled rest weights."""
    W: np.ndarray = (1.0 - t)[:, None] * rest[ks]
    W[np.arange(ks.size), ks] += t
    return W


def _tipping_numeric_many(analysis: Analysis, method: str, w: np.ndarray, ks: list[int]) -> dict[int, list[TippingPoint]]:
    """Tipping points of several criteria at once: one batched evaluation for the whole grid and one per
    bisection step, whatever the number of criteria."""
    prep = analysis.prepared(method)
    hib = prep.higher_is_better
    ks_arr = np.asarray(ks, dtype=int)
    rest = np.vstack([rest_weights(w, k) for k in range(w.shape[0])])
    grid = np.linspace(EDGE, 1.0 - EDGE, GRID)
    rows_k = np.repeat(ks_arr, GRID)
    rows_t = np.tile(grid, ks_arr.size)
    leaders = _leaders(prep.scores(_weights_at(rest, rows_k, rows_t)), hib).reshape(ks_arr.size, GRID)
    ci, gi = np.nonzero(leaders[:, 1:] != leaders[:, :-1])
    out: dict[int, list[TippingPoint]] = {int(k): [] for k in ks_arr}
    if ci.size == 0:
        return out
    kk = ks_arr[ci]
    lo, hi = grid[gi].copy(), grid[gi + 1].copy()
    lead_lo = leaders[ci, gi]
    while np.max(hi - lo) > BISECT_TOL:
        mid = 0.5 * (lo + hi)
        same = _leaders(prep.scores(_weights_at(rest, kk, mid)), hib) == lead_lo
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    after = _leaders(prep.scores(_weights_at(rest, kk, hi)), hib)
    for k, l, h, b, a in zip(kk, lo, hi, lead_lo, after, strict=True):
        out[int(k)].append(TippingPoint(float(0.5 * (l + h)), int(b), int(a)))
    return out


def tipping_points_along(analysis: Analysis, method: str, inside: np.ndarray, rest: np.ndarray) -> list[TippingPoint]:
    """Tipping points of the sweep t * inside + (1 - t) * rest (a branch of the value tree: `tree.sweep_weights`);
    for one criterion k, inside is its unit vector and rest `rest_weights(w, k)`, and this is `tipping_points`."""
    V = linear_values(analysis, method)
    if V is not None:
        a = V @ rest
        return _tipping_lines(a, V @ inside - a)
    prep = analysis.prepared(method)
    hib = prep.higher_is_better
    grid = np.linspace(EDGE, 1.0 - EDGE, GRID)

    def at(t: np.ndarray) -> np.ndarray:
        return _leaders(prep.scores(t[:, None] * inside[None, :] + (1.0 - t)[:, None] * rest[None, :]), hib)

    leaders = at(grid)
    (gi,) = np.nonzero(leaders[1:] != leaders[:-1])
    if gi.size == 0:
        return []
    lo, hi, lead_lo = grid[gi].copy(), grid[gi + 1].copy(), leaders[gi]
    while np.max(hi - lo) > BISECT_TOL:
        mid = 0.5 * (lo + hi)
        same = at(mid) == lead_lo
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    after = at(hi)
    return [TippingPoint(float(0.5 * (l + h)), int(b), int(a))
            for l, h, b, a in zip(lo, hi, lead_lo, after, strict=True)]


def _tipping_numeric(analysis: Analysis, method: str, w: np.ndarray, k: int) -> list[TippingPoint]:
    return _tipping_numeric_many(analysis, method, w, [k])[k]


def tipping_points(analysis: Analysis, method: str, w: np.ndarray, k: int) -> list[TippingPoint]:
    if analysis.model.n == 1:
        return []
    V = linear_values(analysis, method)
    if V is not None:
        return _tipping_linear(V, w, k)
    return _tipping_numeric(analysis, method, w, k)


def stability_interval(weight: float, points: list[TippingPoint]) -> tuple[float, float]:
    below = [p.weight for p in points if p.weight <= weight]
    above = [p.weight for p in points if p.weight > weight]
    return (max(below) if below else 0.0, min(above) if above else 1.0)


def sensitivity(analysis: Analysis, method: str, w: np.ndarray) -> list[CriterionSensitivity]:
    """Tipping points and the stability interval of every criterion's weight (w normalised)."""
    n = analysis.model.n
    V = linear_values(analysis, method)
    found: dict[int, list[TippingPoint]]
    if n == 1:
        found = {0: []}
    elif V is not None:
        found = {k: _tipping_linear(V, w, k) for k in range(n)}
    else:
        found = _tipping_numeric_many(analysis, method, w, list(range(n)))
    return [CriterionSensitivity(k, float(w[k]), stability_interval(float(w[k]), found[k]), tuple(found[k]))
            for k in range(n)]


def nearest_tipping(results: list[CriterionSensitivity]) -> tuple[CriterionSensitivity, TippingPoint] | None:
    """The tipping point closest to its criterion's current weight, over all criteria."""
    best = None
    for cs in results:
        for tp in cs.tipping_points:
            d = abs(tp.weight - cs.weight)
            if best is None or d < best[0]:
                best = (d, cs, tp)
    return None if best is None else (best[1], best[2])
