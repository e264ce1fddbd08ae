"""One-way weight sensitivity: sweeps, exact tipping points and stability intervals.

Sweeping criterion k means setting its weight to t in [0, 1] and rescaling the other weights in proportion
so they sum to 1 - t (equal shares if they were all zero). Under the additive model every option's value
is then a straight line in t, so the points where the leading option changes are found exactly from the
upper envelope of those lines. For the other methods they are bracketed on a grid and bisected to 1e-7.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.engine import Analysis

GRID = 401
BISECT_TOL = 1e-7
# The sweep's ends are where exact ties happen (at t = 1 only criterion k counts); like the analytic
# solver, the numeric search looks at the leader just inside them.
EDGE = 1e-9


@dataclass(frozen=True)
class TippingPoint:
    weight: float
    before: int  # option index leading just below `weight`
    after: int  # option index leading just above


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
        return rest / s
    if rest.shape[0] == 1:
        return rest
    rest[:] = 1.0 / (rest.shape[0] - 1)
    rest[k] = 0.0
    return rest


def sweep_weights(w: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """(len(t), n) weight vectors: criterion k at t, the others rescaled in proportion."""
    t = np.asarray(t, dtype=float)
    W = (1.0 - t)[:, None] * rest_weights(w, k)[None, :]
    W[:, k] += t
    return W


def sweep(analysis: Analysis, method: str, w: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """Every option's score along the sweep: (len(t), m)."""
    return analysis.prepared(method).scores(sweep_weights(w, k, t))


def _leaders(scores: np.ndarray, higher_is_better: bool) -> np.ndarray:
    s = np.round(scores if higher_is_better else -scores, 12)
    return np.argmax(s, axis=-1)


def _tipping_wsm(analysis: Analysis, w: np.ndarray, k: int) -> list[TippingPoint]:
    V = analysis.prepared("wsm").arrays["values"]
    a = V @ rest_weights(w, k)  # value at t = 0
    b = V[:, k] - a  # slope in t
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


def _tipping_numeric(analysis: Analysis, method: str, w: np.ndarray, k: int) -> list[TippingPoint]:
    prep = analysis.prepared(method)
    grid = np.linspace(EDGE, 1.0 - EDGE, GRID)
    leaders = _leaders(prep.scores(sweep_weights(w, k, grid)), prep.higher_is_better)
    change = np.flatnonzero(leaders[1:] != leaders[:-1])
    if change.size == 0:
        return []
    lo = grid[change].copy()
    hi = grid[change + 1].copy()
    lead_lo = leaders[change].copy()
    while np.max(hi - lo) > BISECT_TOL:
        mid = 0.5 * (lo + hi)
        lm = _leaders(prep.scores(sweep_weights(w, k, mid)), prep.higher_is_better)
        same = lm == lead_lo
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    after = _leaders(prep.scores(sweep_weights(w, k, hi)), prep.higher_is_better)
    return [TippingPoint(float(0.5 * (l + h)), int(b), int(a)) for l, h, b, a in zip(lo, hi, lead_lo, after)]


def tipping_points(analysis: Analysis, method: str, w: np.ndarray, k: int) -> list[TippingPoint]:
    if analysis.model.n == 1:
        return []
    if method == "wsm":
        return _tipping_wsm(analysis, w, k)
    return _tipping_numeric(analysis, method, w, k)


def stability_interval(weight: float, points: list[TippingPoint]) -> tuple[float, float]:
    below = [p.weight for p in points if p.weight <= weight]
    above = [p.weight for p in points if p.weight > weight]
    return (max(below) if below else 0.0, min(above) if above else 1.0)


def sensitivity(analysis: Analysis, method: str, w: np.ndarray) -> list[CriterionSensitivity]:
    """Tipping points and the stability interval of every criterion's weight (w normalised)."""
    out = []
    for k in range(analysis.model.n):
        pts = tipping_points(analysis, method, w, k)
        out.append(CriterionSensitivity(k, float(w[k]), stability_interval(float(w[k]), pts), tuple(pts)))
    return out


def nearest_tipping(results: list[CriterionSensitivity]) -> tuple[CriterionSensitivity, TippingPoint] | None:
    """The tipping point closest to its criterion's current weight, over all criteria."""
    best = None
    for cs in results:
        for tp in cs.tipping_points:
            d = abs(tp.weight - cs.weight)
            if best is None or d < best[0]:
                best = (d, cs, tp)
    return None if best is None else (best[1], best[2])
