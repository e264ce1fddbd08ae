"""The five aggregation methods, as pure vectorised numpy in two stages.

``prepare_*`` does the weight-independent work once (normalised matrices, distances to the ideals,
outranking flows per criterion) and returns a `Prepared`; ``Prepared.scores(W)`` evaluates one weight
vector ``(n,)`` or a batch ``(k, n)`` with one or two matrix products and no Python loop over options.
Matrices may carry leading batch axes ``(..., m, n)`` (sampled scores in SMAA).

Degenerate data gives defined values, never NaN (documented per method):
- a constant column (or zero range) contributes 0 to WSM values, 0 to VIKOR regrets, 0 to flows;
- TOPSIS closeness is 0.5 when an option is as far from the ideal as from the anti-ideal and both are 0;
- VIKOR terms whose spread (S- - S*, R- - R*) is 0 are 0; one option gets Q = 0;
- PROMETHEE flows of a single option are 0.
No validation here: the callers (`engine.score`, the CLI) validate once, outside the slider path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision_app.core.errors import EngineError

METHOD_NAMES = ("wsm", "wpm", "topsis", "vikor", "promethee2")

DESCRIPTIONS = {
    "wsm": "Additive value model: each criterion's score becomes a 0-1 value over its scale; the total is the "
    "weighted sum (Hiview-style). Shows each criterion's contribution.",
    "wpm": "Weighted product: scores as ratios to the best (x/max, min/x for costs), multiplied with weights as "
    "exponents. Penalises a very poor score on any criterion.",
    "topsis": "TOPSIS (Hwang & Yoon): closeness to the ideal option relative to the anti-ideal, after vector "
    "normalisation. 1 = the ideal.",
    "vikor": "VIKOR (Opricovic & Tzeng): compromise ranking balancing group utility S and worst regret R; "
    "lower Q is better.",
    "promethee2": "PROMETHEE II: net outranking flow, how much an option beats the others minus how much it is "
    "beaten, per criterion preference functions.",
}

LABELS = {
    "wsm": "Weighted sum (additive value)",
    "wpm": "Weighted product",
    "topsis": "TOPSIS",
    "vikor": "VIKOR",
    "promethee2": "PROMETHEE II",
}

SCORE_LABELS = {"wsm": "value", "wpm": "product", "topsis": "closeness", "vikor": "Q", "promethee2": "net flow"}


def _matvec(A: np.ndarray, W: np.ndarray) -> np.ndarray:
    """A (..., m, n) times weights W (n,) or (k, n) -> (m,) or (k, m); batched A pairs with batched W."""
    if W.ndim == 1:
        return A @ W
    if A.ndim == 2:
        return W @ A.T
    return np.einsum("...mn,...n->...m", A, W)


@dataclass(eq=False)
class Prepared:
    """Weight-independent arrays of one method on one matrix, ready for many weight vectors."""

    method: str
    higher_is_better: bool
    arrays: dict[str, np.ndarray]
    params: dict[str, float] = field(default_factory=dict)

    def scores(self, W: np.ndarray) -> np.ndarray:
        return _EVAL[self.method](self, W)

    def details(self, w: np.ndarray) -> dict[str, np.ndarray]:
        """Intermediate arrays at one weight vector, for explanations (contributions, distances, flows)."""
        return _DETAILS[self.method](self, w)


# --- WSM ---------------------------------------------------------------------------------------------


def linear_value_coefficients(lo, hi, is_cost) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) with value = a * x + b: linear over [lo, hi], reversed for costs, 0 where the range is empty."""
    lo = np.asarray(lo, dtype=float)
    span = np.asarray(hi, dtype=float) - lo
    ok = span > 0
    inv = np.divide(1.0, span, out=np.zeros_like(span), where=ok)
    sign = np.where(is_cost, -1.0, 1.0)
    a = sign * inv
    b = np.where(ok, np.where(is_cost, 1.0 + lo * inv, -lo * inv), 0.0)
    return a, b


def wsm_values(X, lo, hi, is_cost, value_fns=None) -> np.ndarray:
    """0..1 values: linear over [lo, hi] (reversed for costs), or the declared piecewise-linear function."""
    a, b = linear_value_coefficients(lo, hi, is_cost)
    V = X * a
    V += b
    if value_fns is not None:
        for j, vf in enumerate(value_fns):
            if vf is not None:
                V[..., j] = np.interp(X[..., j], vf[0], vf[1])
    return V


def prepare_wsm(X, is_cost, lo, hi, value_fns=None) -> Prepared:
    return Prepared("wsm", True, {"values": wsm_values(X, lo, hi, is_cost, value_fns)})


def _wsm_eval(p: Prepared, W):
    return _matvec(p.arrays["values"], W)


def _wsm_details(p: Prepared, w):
    V = p.arrays["values"]
    return {"values": V, "contributions": V * w}


# --- WPM ---------------------------------------------------------------------------------------------


def prepare_wpm(X, is_cost) -> Prepared:
    if np.any(X <= 0):
        raise EngineError("the weighted product needs every score above 0 (it divides and takes logarithms)")
    logX = np.log(X)
    sign = np.where(is_cost, -1.0, 1.0)
    ref = np.where(is_cost, logX.min(axis=-2, keepdims=True), logX.max(axis=-2, keepdims=True))
    log_r = (logX - ref) * sign  # log(x / max) for benefits, log(min / x) for costs
    return Prepared("wpm", True, {"log_ratios": log_r})


def _wpm_eval(p: Prepared, W):
    return np.exp(_matvec(p.arrays["log_ratios"], W))


def _wpm_details(p: Prepared, w):
    R = np.exp(p.arrays["log_ratios"])
    return {"ratios": R, "weighted": R ** w}


# --- TOPSIS ------------------------------------------------------------------------------------------


def prepare_topsis(X, is_cost) -> Prepared:
    norm = np.sqrt((X * X).sum(axis=-2, keepdims=True))
    R = X / np.where(norm > 0, norm, 1.0)
    # With non-negative weights the ideal of the weighted matrix is the weighted ideal of R.
    best = np.where(is_cost, R.min(axis=-2, keepdims=True), R.max(axis=-2, keepdims=True))
    worst = np.where(is_cost, R.max(axis=-2, keepdims=True), R.min(axis=-2, keepdims=True))
    return Prepared(
        "topsis", True, {"normalized": R, "sq_to_ideal": (R - best) ** 2, "sq_to_anti": (R - worst) ** 2,
                         "ideal": best, "anti_ideal": worst}
    )


def _topsis_dist(p: Prepared, W):
    W2 = W * W
    dp = np.sqrt(_matvec(p.arrays["sq_to_ideal"], W2))
    dn = np.sqrt(_matvec(p.arrays["sq_to_anti"], W2))
    return dp, dn


def _topsis_eval(p: Prepared, W):
    dp, dn = _topsis_dist(p, W)
    tot = dp + dn
    return np.where(tot > 0, dn / np.where(tot > 0, tot, 1.0), 0.5)


def _topsis_details(p: Prepared, w):
    dp, dn = _topsis_dist(p, w)
    return {"normalized": p.arrays["normalized"], "weighted": p.arrays["normalized"] * w,
            "d_ideal": dp, "d_anti_ideal": dn}


# --- VIKOR -------------------------------------------------------------------------------------------


def prepare_vikor(X, is_cost, v: float = 0.5) -> Prepared:
    fbest = np.where(is_cost, X.min(axis=-2, keepdims=True), X.max(axis=-2, keepdims=True))
    fworst = np.where(is_cost, X.max(axis=-2, keepdims=True), X.min(axis=-2, keepdims=True))
    span = fbest - fworst
    inv = np.divide(1.0, span, out=np.zeros_like(span), where=span != 0)
    T = (fbest - X) * inv
    return Prepared("vikor", False, {"regret": T}, {"v": float(v)})


def _vikor_srq(p: Prepared, W):
    T = p.arrays["regret"]
    v = p.params["v"]
    S = _matvec(T, W)
    if W.ndim == 1:
        R = (T * W).max(axis=-1)
    elif T.ndim == 2:
        # Many weight vectors, one matrix: reduce across criteria with elementwise maxima of (k, m) slices;
        # a max over a short last axis of a (k, m, n) array costs several times more.
        R = np.multiply.outer(W[:, 0], T[:, 0])
        for j in range(1, T.shape[1]):
            np.maximum(R, np.multiply.outer(W[:, j], T[:, j]), out=R)
    else:
        R = (T * W[..., None, :]).max(axis=-1)

    def scaled(a):
        lo = a.min(axis=-1, keepdims=True)
        spread = a.max(axis=-1, keepdims=True) - lo
        inv = np.divide(1.0, spread, out=np.zeros_like(spread), where=spread > 0)  # 0 where all are equal
        return (a - lo) * inv

    Q = v * scaled(S) + (1.0 - v) * scaled(R)
    return S, R, Q


def _vikor_eval(p: Prepared, W):
    return _vikor_srq(p, W)[2]


def _vikor_details(p: Prepared, w):
    S, R, Q = _vikor_srq(p, w)
    return {"regret": p.arrays["regret"], "S": S, "R": R, "Q": Q, "compromise": vikor_compromise(S, R, Q)}


def vikor_compromise(S: np.ndarray, R: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Indices of Opricovic & Tzeng's compromise set (in Q order).

    C1 acceptable advantage: Q(a2) - Q(a1) >= 1/(m-1). C2 stability: a1 is also best by S or by R.
    Both hold -> {a1}; only C2 fails -> {a1, a2}; C1 fails -> a1..aM with Q(aM) - Q(a1) < 1/(m-1).
    """
    m = Q.shape[0]
    order = np.argsort(Q, kind="stable")
    if m == 1:
        return order
    dq = 1.0 / (m - 1)
    a1 = order[0]
    c1 = Q[order[1]] - Q[a1] >= dq - 1e-12
    c2 = S[a1] <= S.min() + 1e-12 or R[a1] <= R.min() + 1e-12
    if c1 and c2:
        return order[:1]
    if c1:
        return order[:2]
    return order[Q[order] - Q[a1] < dq - 1e-12]


# --- PROMETHEE II ------------------------------------------------------------------------------------


def _flows_sorted(x: np.ndarray, q: float, p: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-option sum of P(x_a - x_b) over b (leaving) and of P(x_b - x_a) (entering) for one criterion,
    in O(m log m) with sorting and prefix sums instead of the m x m difference table."""
    xs = np.sort(x)
    cs = np.concatenate(([0.0], np.cumsum(xs)))
    m = x.shape[0]
    width = p - q
    # Leaving: b with x_b < x_a - p count fully; x_a - p <= x_b < x_a - q count (x_a - q - x_b) / width.
    full = np.searchsorted(xs, x - p, side="left")
    part = np.searchsorted(xs, x - q, side="left")
    leave = full.astype(float)
    if width > 0:
        cnt = part - full
        leave += ((x - q) * cnt - (cs[part] - cs[full])) / width
    # Entering: b with x_b > x_a + p count fully; x_a + q < x_b <= x_a + p count (x_b - x_a - q) / width.
    full_e = np.searchsorted(xs, x + p, side="right")
    part_e = np.searchsorted(xs, x + q, side="right")
    enter = (m - full_e).astype(float)
    if width > 0:
        cnt = full_e - part_e
        enter += ((cs[full_e] - cs[part_e]) - (x + q) * cnt) / width
    return leave, enter


def _usual_counts(Yt: np.ndarray, net_only: bool = False):
    """For usual criteria (P = 1 for any advantage), from the oriented matrix transposed to (n, m): per
    criterion and option, how many options it beats (#strictly less) and how many beat it (#strictly
    greater), each (n, m); with `net_only`, just their difference.

    One argsort for all criteria at once; tie groups come from the sorted values, so the sort need not be
    stable, and a criterion without ties needs no group bookkeeping at all."""
    n, m = Yt.shape
    order = np.argsort(Yt, axis=1)
    srt = np.take_along_axis(Yt, order, axis=1)
    step = srt[:, 1:] != srt[:, :-1]  # a new tie group starts at position i + 1
    rows = np.arange(n)[:, None]
    pos = np.arange(m)
    if step.all() and net_only:
        net = np.empty((n, m))
        net[rows, order] = 2 * pos - (m - 1)  # no ties: position i beats i options, is beaten by m-1-i
        return net
    if step.all():
        first = last = np.broadcast_to(pos, (n, m))
    else:
        first = np.zeros((n, m), dtype=np.int64)
        first[:, 1:] = pos[1:] * step
        np.maximum.accumulate(first, axis=1, out=first)  # index of the first member of each tie group
        last = np.full((n, m), m - 1, dtype=np.int64)
        last[:, :-1] = pos[:-1] * step + (m - 1) * ~step
        last = np.minimum.accumulate(last[:, ::-1], axis=1)[:, ::-1]  # index of the last member
    if net_only:
        net = np.empty((n, m))
        net[rows, order] = first + last - (m - 1)
        return net
    beats = np.empty((n, m))
    beaten = np.empty((n, m))
    beats[rows, order] = first
    beaten[rows, order] = m - 1 - last
    return beats, beaten


def _oriented_t(X: np.ndarray, is_cost) -> np.ndarray:
    """(n, m) C-ordered: each criterion's scores as a contiguous row, costs negated (one pass)."""
    sign = np.where(is_cost, -1.0, 1.0)
    return np.multiply(X.T, sign[:, None], out=np.empty(X.shape[::-1]))


def _flows(Yt: np.ndarray, q: np.ndarray, p: np.ndarray, net_only: bool):
    """Leaving and entering flow counts (or their difference), (n, m), from the transposed oriented matrix."""
    usual = (q == 0) & (p == 0)
    if np.all(usual):
        return _usual_counts(Yt, net_only)
    plus = np.empty(Yt.shape)
    minus = np.empty(Yt.shape)
    if np.any(usual):
        plus[usual], minus[usual] = _usual_counts(Yt[usual])
    for j in np.flatnonzero(~usual):  # thresholds: O(m log m) each with prefix sums
        plus[j], minus[j] = _flows_sorted(Yt[j], q[j], p[j])
    return plus - minus if net_only else (plus, minus)


def _pairwise_pref(d: np.ndarray, q: np.ndarray, p: np.ndarray) -> np.ndarray:
    width = p - q
    linear = width > 0
    inv = np.divide(1.0, width, out=np.zeros_like(width), where=linear)
    out = np.clip((d - q) * inv, 0.0, 1.0)
    if not np.all(linear):
        out += (d > q) * (~linear)
    return out


def prepare_promethee2(X, is_cost, q=None, p=None) -> Prepared:
    n = X.shape[-1]
    q = np.zeros(n) if q is None else np.asarray(q, dtype=float)
    p = np.zeros(n) if p is None else np.asarray(p, dtype=float)
    m = X.shape[-2]
    params = {"m": float(m)}
    if X.ndim == 2:
        Yt = _oriented_t(X, is_cost)
        if m < 2:
            return Prepared("promethee2", True, {"net": np.zeros(X.shape), "oriented_t": Yt, "q": q, "p": p},
                            params)
        net_t = _flows(Yt, q, p, net_only=True)
        net_t *= 1.0 / (m - 1)
        return Prepared("promethee2", True, {"net": net_t.T, "oriented_t": Yt, "q": q, "p": p}, params)
    if m < 2:
        return Prepared("promethee2", True, {"net": np.zeros(X.shape)}, params)
    # batched (sampled) matrices: pairwise tables; m is small there
    Y = X * np.where(is_cost, -1.0, 1.0)
    P = _pairwise_pref(Y[..., :, None, :] - Y[..., None, :, :], q, p)  # (..., a, b, n)
    return Prepared("promethee2", True, {"net": (P.sum(axis=-2) - P.sum(axis=-3)) / (m - 1)}, params)


def _promethee_eval(p: Prepared, W):
    return _matvec(p.arrays["net"], W)


def _promethee_details(p: Prepared, w):
    """Leaving and entering flows, recomputed on demand (the scoring path keeps only the net flow)."""
    m = int(p.params["m"])
    if m < 2:
        zeros = np.zeros(m)
        return {"phi_plus": zeros, "phi_minus": zeros, "net_by_criterion": p.arrays["net"] * w}
    plus, minus = _flows(p.arrays["oriented_t"], p.arrays["q"], p.arrays["p"], net_only=False)
    return {"phi_plus": w @ plus / (m - 1), "phi_minus": w @ minus / (m - 1),
            "net_by_criterion": p.arrays["net"] * w}


_EVAL = {"wsm": _wsm_eval, "wpm": _wpm_eval, "topsis": _topsis_eval, "vikor": _vikor_eval,
         "promethee2": _promethee_eval}
_DETAILS = {"wsm": _wsm_details, "wpm": _wpm_details, "topsis": _topsis_details, "vikor": _vikor_details,
            "promethee2": _promethee_details}


def prepare(method: str, X, is_cost, *, lo=None, hi=None, value_fns=None, q=None, p=None, v: float = 0.5):
    """Prepare `method` on matrix X (..., m, n). lo/hi default to the observed range (WSM only)."""
    if method == "wsm":
        lo = X.min(axis=-2, keepdims=True) if lo is None else lo
        hi = X.max(axis=-2, keepdims=True) if hi is None else hi
        return prepare_wsm(X, is_cost, lo, hi, value_fns)
    if method == "wpm":
        return prepare_wpm(X, is_cost)
    if method == "topsis":
        return prepare_topsis(X, is_cost)
    if method == "vikor":
        return prepare_vikor(X, is_cost, v)
    if method == "promethee2":
        return prepare_promethee2(X, is_cost, q, p)
    raise EngineError(f'unknown method "{method}"; choose one of {", ".join(METHOD_NAMES)}')


def rank(scores: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Competition ranks (1 = best); ties (to 12 significant decimals) share the better rank."""
    s = np.asarray(scores, dtype=float)
    s = np.round(s if higher_is_better else -s, 12)
    srt = np.sort(s, axis=-1)
    if s.ndim == 1:
        return s.shape[0] - np.searchsorted(srt, s, side="right") + 1
    return (s[..., None, :] > s[..., :, None]).sum(axis=-1) + 1
