"""The five aggregation methods: one `Method` record each, in the registry `METHODS`.

A record holds everything the app knows about a method: its name and label, what its score means and
whether higher is better, a one-line description, how it normalises (a text with its parameters filled
in), and three pure functions. ``prepare`` does the weight-independent work once (normalised matrices,
distances to the ideals, outranking flows per criterion) and returns a `Prepared`; ``scores(prepared, W)``
evaluates one weight vector ``(n,)`` or a batch ``(k, n)`` with one or two matrix products and no Python
loop over options; ``details(prepared, w)`` returns the intermediate arrays at one weight vector, for
explanations (for the additive methods, ``"contributions"``: (m, n) per-criterion parts of the score).
Matrices may carry leading batch axes ``(..., m, n)`` (sampled scores in SMAA, perturbed matrices for the
score ranges). Adding a method is one record here plus its tests; nothing dispatches on a method's name.

Degenerate data gives defined values, never NaN (documented per method):
- a constant column (or zero range) contributes 0 to WSM values, 0 to VIKOR regrets, 0 to flows;
- TOPSIS closeness is 0.5 when an option is as far from the ideal as from the anti-ideal and both are 0;
- VIKOR terms whose spread (S- - S*, R- - R*) is 0 are 0; one option gets Q = 0;
- PROMETHEE flows of a single option are 0.
No validation here: the callers (`engine.Analysis`, the CLI) validate once, outside the slider path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from decision_app.core.errors import EngineError

Array = np.ndarray[Any, np.dtype[Any]]
ValueFunctions = tuple[tuple[Array, Array] | None, ...]


@dataclass(frozen=True, eq=False)
class MethodInputs:
    """What some methods need besides the matrix: scales and value functions (WSM), preference thresholds
    (PROMETHEE II) and VIKOR's v. Absent scales mean the observed range."""

    lo: Array | None = None
    hi: Array | None = None
    value_fns: ValueFunctions | None = None
    q: Array | None = None
    p: Array | None = None
    vikor_v: float = 0.5

    def params(self) -> dict[str, float]:
        """The parameters a normalisation text may name."""
        return {"v": float(self.vikor_v)}


@dataclass(eq=False)
class Prepared:
    """Weight-independent arrays of one method on one matrix, ready for many weight vectors."""

    method: str
    arrays: dict[str, Array]
    params: dict[str, float] = field(default_factory=dict)

    @property
    def spec(self) -> Method:
        return METHODS[self.method]

    @property
    def higher_is_better(self) -> bool:
        return self.spec.higher_is_better

    def scores(self, W: Array) -> Array:
        return self.spec.scores(self, W)

    def details(self, w: Array) -> dict[str, Array]:
        """Intermediate arrays at one weight vector, for explanations (contributions, distances, flows)."""
        return self.spec.details(self, w)


def _simple_cells(k: int, m: int, n: int) -> int:
    return k * m * n


@dataclass(frozen=True, eq=False)
class SmaaKernel:
    """How SMAA scores many drawn score matrices under many weight vectors (`core.smaa`): draw once, re-score
    many times.

    ``terms(X, is_cost, inputs)`` turns drawn score matrices laid out ``(n, m, k)`` (criterion, option, draw;
    ``k`` is 1 for the central scores) into weight-independent per-criterion arrays of the same layout, once
    per set of draws. ``combine(terms, Wt, inputs)`` evaluates them under weights ``Wt`` and returns *keys*
    with the options on the second-to-last axis: any strictly increasing function of the method's score
    (decreasing where lower scores are better), since SMAA reads only the order of the options in a draw.
    ``Wt`` is ``(n, k)`` (draw s under ``Wt[:, s]``) giving ``(m, k)``, or ``(n, w, 1, 1)`` (w vectors, each for
    every draw) giving ``(w, m, k)``: ``Wt[j]`` broadcasts against ``terms[...][j]``, and `weighted_terms`
    handles both. Keep the arrays in the dtype they come in (float32 in SMAA). Criteria are the outer axis so
    that each weight multiplies one contiguous ``(m, k)`` slab."""

    terms: Callable[[Array, Array, MethodInputs], dict[str, Array]]
    combine: Callable[[Mapping[str, Array], Array, MethodInputs], Array]
    # combine(t, W1 + W2) == combine(t, W1) + combine(t, W2): SMAA then scores the draws' offsets from the centre
    # once and a move adds the centre's part (one matrix product)
    linear: bool = False
    # the method's own score from the keys (the band of each score over the draws, which the ranking's whiskers
    # show for a relative method): the identity by default; None where the keys cannot give it (the weighted
    # product's keys leave out each draw's reference), and the band is then not a number
    scores_from_keys: Callable[[Array], Array] | None = lambda keys: keys


@dataclass(frozen=True, eq=False)
class Method:
    """One aggregation method, complete. See the module docstring for the three functions' contracts."""

    name: str  # the id used in files, on the command line and in `Prepared.method`
    label: str  # how people call it ("Weighted product")
    score_label: str  # what its score is ("closeness", "Q")
    higher_is_better: bool
    description: str  # one or two sentences for the method chooser
    normalisation: str  # how scores become comparable; ``{v}``-style fields from `MethodInputs.params`
    prepare: Callable[[Array, Array, MethodInputs], Prepared]
    scores: Callable[[Prepared, Array], Array]
    details: Callable[[Prepared, Array], dict[str, Array]]
    additive: bool = False  # details carry "contributions" (m, n) that sum to the score
    # The score places an option against the others (closeness, compromise, outranking): one option's own
    # scores at their ends move the ideals, the regrets' spans or the flows of every option, so its low-high
    # range runs across most of the axis. Its spread is read from the uncertainty draws instead.
    relative: bool = False
    linear_values: str | None = None  # a prepared array A with scores == A @ w: exact sweeps and tipping points
    # Per-cell terms t (..., m, n), each depending on its own cell's score alone, such that option a scores higher
    # than option b exactly when sum_j w_j (t[a, j] - t[b, j]) > 0: the verdict's exact worst case over the score
    # ranges and the weight region (a linear program). None when no such form exists (a third option's scores
    # or the weights' squares enter the comparison).
    cell_terms: Callable[[Array, Array, MethodInputs], Array] | None = None
    batch_cells: Callable[[int, int, int], int] = _simple_cells  # array cells to prepare k matrices (m, n)
    smaa: SmaaKernel | None = None  # how SMAA re-scores its draws; None: the method has no uncertainty analysis

    def normalisation_text(self, params: Mapping[str, float]) -> str:
        return self.normalisation.format_map(dict(params))


def _matvec(A: Array, W: Array) -> Array:
    """A (..., m, n) times weights W (n,) or (k, n) -> (m,) or (k, m); batched A pairs with batched W."""
    out: Array
    if W.ndim == 1:
        out = A @ W
    elif A.ndim == 2:
        out = W @ A.T
    else:
        out = np.einsum("...mn,...n->...m", A, W)
    return out


def weighted_terms(A: Array, Wt: Array) -> Array:
    """sum_j A[j] * Wt[j] for SMAA kernels: A (n, m, k) per-criterion terms; Wt (n, k), one weight vector per
    draw, -> (m, k); or Wt (n, 1) or (n, w, 1, 1), one or w vectors for every draw, -> (m, k) or (w, m, k).
    Per-draw weights take one multiply-add per criterion over a contiguous (m, k) slab (a reduction over a
    short inner axis is several times slower); vectors for every draw take one matrix product."""
    n = A.shape[0]
    if Wt.shape[-1] == 1 and (Wt.ndim == 2 or Wt.shape[-2] == 1):
        lead = Wt.shape[1:-2] if Wt.ndim > 2 else ()
        prod: Array = Wt.reshape(n, -1).T @ A.reshape(n, -1)
        return prod.reshape(*lead, *A.shape[1:])
    out: Array = A[0] * Wt[0]
    tmp = np.empty_like(out)
    for j in range(1, n):
        np.multiply(A[j], Wt[j], out=tmp)
        out += tmp
    return out


def _per_criterion(a: Array) -> Array:
    """A per-criterion constant (n,) shaped to broadcast over SMAA's (n, m, k) layout."""
    return np.asarray(a).reshape(-1, 1, 1)


def _best_worst(X: Array, is_cost: Array) -> tuple[Array, Array]:
    """Per criterion and draw, the best and the worst score over the options (axis 1) of X (n, m, k)."""
    hi, lo = X.max(axis=1, keepdims=True), X.min(axis=1, keepdims=True)
    cost = _per_criterion(is_cost)
    return np.where(cost, lo, hi), np.where(cost, hi, lo)


# --- WSM ---------------------------------------------------------------------------------------------


def linear_value_coefficients(lo: Any, hi: Any, is_cost: Any) -> tuple[Array, Array]:
    """(a, b) with value = a * x + b: linear over [lo, hi], reversed for costs, 0 where the range is empty."""
    lo = np.asarray(lo, dtype=float)
    span = np.asarray(hi, dtype=float) - lo
    ok = span > 0
    inv = np.divide(1.0, span, out=np.zeros_like(span), where=ok)
    sign = np.where(is_cost, -1.0, 1.0)
    a = sign * inv
    b = np.where(ok, np.where(is_cost, 1.0 + lo * inv, -lo * inv), 0.0)
    return a, b


def wsm_values(X: Array, lo: Any, hi: Any, is_cost: Any, value_fns: ValueFunctions | None = None) -> Array:
    """0..1 values: linear over [lo, hi] (reversed for costs), or the declared piecewise-linear function."""
    a, b = linear_value_coefficients(lo, hi, is_cost)
    V: Array = X * a
    V += b
    if value_fns is not None:
        for j, vf in enumerate(value_fns):
            if vf is not None:
                V[..., j] = np.interp(X[..., j], vf[0], vf[1])
    return V


def prepare_wsm(X: Array, is_cost: Array, lo: Any, hi: Any, value_fns: ValueFunctions | None = None) -> Prepared:
    return Prepared("wsm", {"values": wsm_values(X, lo, hi, is_cost, value_fns)})


def _wsm_prepare(X: Array, is_cost: Array, inputs: MethodInputs) -> Prepared:
    lo = X.min(axis=-2, keepdims=True) if inputs.lo is None else inputs.lo
    hi = X.max(axis=-2, keepdims=True) if inputs.hi is None else inputs.hi
    return prepare_wsm(X, is_cost, lo, hi, inputs.value_fns)


def _wsm_eval(p: Prepared, W: Array) -> Array:
    return _matvec(p.arrays["values"], W)


def _wsm_details(p: Prepared, w: Array) -> dict[str, Array]:
    V = p.arrays["values"]
    return {"values": V, "contributions": V * w}


# --- WPM ---------------------------------------------------------------------------------------------


def prepare_wpm(X: Array, is_cost: Array) -> Prepared:
    if np.any(X <= 0):
        raise EngineError("the weighted product needs every score above 0 (it divides and takes logarithms)")
    logX = np.log(X)
    sign = np.where(is_cost, -1.0, 1.0)
    ref = np.where(is_cost, logX.min(axis=-2, keepdims=True), logX.max(axis=-2, keepdims=True))
    log_r = (logX - ref) * sign  # log(x / max) for benefits, log(min / x) for costs
    return Prepared("wpm", {"log_ratios": log_r})


def _wpm_cell_terms(X: Array, is_cost: Array, _inputs: MethodInputs) -> Array:
    """log x for benefits, -log x for costs (-inf or NaN where a score is not above 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out: Array = np.log(X) * np.where(is_cost, -1.0, 1.0)
    return out


def _wpm_eval(p: Prepared, W: Array) -> Array:
    out: Array = np.exp(_matvec(p.arrays["log_ratios"], W))
    return out


def _wpm_details(p: Prepared, w: Array) -> dict[str, Array]:
    R = np.exp(p.arrays["log_ratios"])
    return {"ratios": R, "weighted": R ** w}


# --- TOPSIS ------------------------------------------------------------------------------------------


def prepare_topsis(X: Array, is_cost: Array) -> Prepared:
    norm = np.sqrt((X * X).sum(axis=-2, keepdims=True))
    R = X / np.where(norm > 0, norm, 1.0)
    # With non-negative weights the ideal of the weighted matrix is the weighted ideal of R.
    best = np.where(is_cost, R.min(axis=-2, keepdims=True), R.max(axis=-2, keepdims=True))
    worst = np.where(is_cost, R.max(axis=-2, keepdims=True), R.min(axis=-2, keepdims=True))
    return Prepared(
        "topsis", {"normalized": R, "sq_to_ideal": (R - best) ** 2, "sq_to_anti": (R - worst) ** 2,
                   "ideal": best, "anti_ideal": worst}
    )


def _topsis_dist(p: Prepared, W: Array) -> tuple[Array, Array]:
    W2 = W * W
    dp = np.sqrt(_matvec(p.arrays["sq_to_ideal"], W2))
    dn = np.sqrt(_matvec(p.arrays["sq_to_anti"], W2))
    return dp, dn


def _topsis_eval(p: Prepared, W: Array) -> Array:
    dp, dn = _topsis_dist(p, W)
    tot = dp + dn
    return np.where(tot > 0, dn / np.where(tot > 0, tot, 1.0), 0.5)


def _topsis_details(p: Prepared, w: Array) -> dict[str, Array]:
    dp, dn = _topsis_dist(p, w)
    return {"normalized": p.arrays["normalized"], "weighted": p.arrays["normalized"] * w,
            "d_ideal": dp, "d_anti_ideal": dn}


# --- VIKOR -------------------------------------------------------------------------------------------


def prepare_vikor(X: Array, is_cost: Array, v: float = 0.5) -> Prepared:
    fbest = np.where(is_cost, X.min(axis=-2, keepdims=True), X.max(axis=-2, keepdims=True))
    fworst = np.where(is_cost, X.max(axis=-2, keepdims=True), X.min(axis=-2, keepdims=True))
    span = fbest - fworst
    inv = np.divide(1.0, span, out=np.zeros_like(span), where=span != 0)
    T = (fbest - X) * inv
    return Prepared("vikor", {"regret": T}, {"v": float(v)})


def _vikor_scaled(a: Array) -> Array:
    lo = a.min(axis=-1, keepdims=True)
    spread = a.max(axis=-1, keepdims=True) - lo
    inv = np.divide(1.0, spread, out=np.zeros_like(spread), where=spread > 0)  # 0 where all are equal
    out: Array = (a - lo) * inv
    return out


def _vikor_srq(p: Prepared, W: Array) -> tuple[Array, Array, Array]:
    T = p.arrays["regret"]
    v = p.params["v"]
    S = _matvec(T, W)
    R: Array
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
    Q = v * _vikor_scaled(S) + (1.0 - v) * _vikor_scaled(R)
    return S, R, Q


def _vikor_eval(p: Prepared, W: Array) -> Array:
    return _vikor_srq(p, W)[2]


def _vikor_details(p: Prepared, w: Array) -> dict[str, Array]:
    S, R, Q = _vikor_srq(p, w)
    return {"regret": p.arrays["regret"], "S": S, "R": R, "Q": Q, "compromise": vikor_compromise(S, R, Q)}


def vikor_conditions(S: Array, R: Array, Q: Array) -> tuple[bool, bool]:
    """Opricovic & Tzeng's two conditions for the best by Q, a1: C1 acceptable advantage,
    Q(a2) - Q(a1) >= 1/(m-1); C2 acceptable stability, a1 is also best by S or by R."""
    m = Q.shape[0]
    if m == 1:
        return True, True
    order = np.argsort(Q, kind="stable")
    a1 = order[0]
    c1 = bool(Q[order[1]] - Q[a1] >= 1.0 / (m - 1) - 1e-12)
    c2 = bool(S[a1] <= S.min() + 1e-12 or R[a1] <= R.min() + 1e-12)
    return c1, c2


def vikor_compromise(S: Array, R: Array, Q: Array) -> Array:
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
    c1, c2 = vikor_conditions(S, R, Q)
    if c1 and c2:
        return order[:1]
    if c1:
        return order[:2]
    close: Array = order[Q[order] - Q[a1] < dq - 1e-12]
    return close


# --- PROMETHEE II ------------------------------------------------------------------------------------


def _flows_sorted(x: Array, q: float, p: float) -> tuple[Array, Array]:
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


def _tie_groups(Yt: Array) -> tuple[Array, Array, Array, Array, bool]:
    """Per criterion row of the (n, m) oriented matrix: the sort order, and for each sorted position the
    index of the first and of the last member of its tie group; the last item says there are no ties.

    One argsort for all criteria at once; tie groups come from the sorted values, so the sort need not be
    stable, and a criterion without ties needs no group bookkeeping at all."""
    n, m = Yt.shape
    order = np.argsort(Yt, axis=1)
    srt = np.take_along_axis(Yt, order, axis=1)
    step = srt[:, 1:] != srt[:, :-1]  # a new tie group starts at position i + 1
    pos = np.arange(m)
    if step.all():
        return order, pos, pos, pos, True
    first = np.zeros((n, m), dtype=np.int64)
    first[:, 1:] = pos[1:] * step
    np.maximum.accumulate(first, axis=1, out=first)  # index of the first member of each tie group
    last = np.full((n, m), m - 1, dtype=np.int64)
    last[:, :-1] = pos[:-1] * step + (m - 1) * ~step
    last = np.minimum.accumulate(last[:, ::-1], axis=1)[:, ::-1]  # index of the last member
    return order, pos, first, last, False


def _usual_net(Yt: Array) -> Array:
    """For usual criteria (P = 1 for any advantage): per criterion and option, how many options it beats
    minus how many beat it, (n, m), from the oriented matrix transposed to (n, m)."""
    n, m = Yt.shape
    order, pos, first, last, no_ties = _tie_groups(Yt)
    rows = np.arange(n)[:, None]
    net = np.empty((n, m))
    if no_ties:
        net[rows, order] = 2 * pos - (m - 1)  # position i beats i options, is beaten by m-1-i
    else:
        net[rows, order] = first + last - (m - 1)
    return net


def _usual_counts(Yt: Array) -> tuple[Array, Array]:
    """For usual criteria: how many options each beats (#strictly less) and how many beat it (#strictly
    greater), each (n, m)."""
    n, m = Yt.shape
    order, _pos, first, last, _no_ties = _tie_groups(Yt)
    rows = np.arange(n)[:, None]
    beats = np.empty((n, m))
    beaten = np.empty((n, m))
    beats[rows, order] = first
    beaten[rows, order] = m - 1 - last
    return beats, beaten


def _oriented_t(X: Array, is_cost: Array) -> Array:
    """(n, m) C-ordered: each criterion's scores as a contiguous row, costs negated (one pass)."""
    sign = np.where(is_cost, -1.0, 1.0)
    out: Array = np.multiply(X.T, sign[:, None], out=np.empty(X.shape[::-1]))
    return out


def _flows(Yt: Array, q: Array, p: Array) -> tuple[Array, Array]:
    """Leaving and entering flow counts, (n, m) each, from the transposed oriented matrix."""
    usual = (q == 0) & (p == 0)
    if np.all(usual):
        return _usual_counts(Yt)
    plus = np.empty(Yt.shape)
    minus = np.empty(Yt.shape)
    if np.any(usual):
        plus[usual], minus[usual] = _usual_counts(Yt[usual])
    for j in np.flatnonzero(~usual):  # thresholds: O(m log m) each with prefix sums
        plus[j], minus[j] = _flows_sorted(Yt[j], q[j], p[j])
    return plus, minus


def _net_flows(Yt: Array, q: Array, p: Array) -> Array:
    """Leaving minus entering flow counts, (n, m): the scoring path needs only their difference."""
    if np.all((q == 0) & (p == 0)):
        return _usual_net(Yt)
    plus, minus = _flows(Yt, q, p)
    out: Array = plus - minus
    return out


def _pairwise_pref(d: Array, q: Array, p: Array) -> Array:
    width = p - q
    linear = width > 0
    inv = np.divide(1.0, width, out=np.zeros_like(width), where=linear)
    out: Array = np.clip((d - q) * inv, 0.0, 1.0)
    if not np.all(linear):
        out += (d > q) * (~linear)
    return out


def prepare_promethee2(X: Array, is_cost: Array, q: Any = None, p: Any = None) -> Prepared:
    n = X.shape[-1]
    q = np.zeros(n) if q is None else np.asarray(q, dtype=float)
    p = np.zeros(n) if p is None else np.asarray(p, dtype=float)
    m = X.shape[-2]
    params = {"m": float(m)}
    if X.ndim == 2:
        Yt = _oriented_t(X, is_cost)
        if m < 2:
            return Prepared("promethee2", {"net": np.zeros(X.shape), "oriented_t": Yt, "q": q, "p": p}, params)
        net_t = _net_flows(Yt, q, p)
        net_t *= 1.0 / (m - 1)
        return Prepared("promethee2", {"net": net_t.T, "oriented_t": Yt, "q": q, "p": p}, params)
    if m < 2:
        return Prepared("promethee2", {"net": np.zeros(X.shape)}, params)
    # batched (sampled or perturbed) matrices: pairwise tables; m is small there (see `batch_cells`)
    Y = X * np.where(is_cost, -1.0, 1.0)
    P = _pairwise_pref(Y[..., :, None, :] - Y[..., None, :, :], q, p)  # (..., a, b, n)
    return Prepared("promethee2", {"net": (P.sum(axis=-2) - P.sum(axis=-3)) / (m - 1)}, params)


def _promethee_prepare(X: Array, is_cost: Array, inputs: MethodInputs) -> Prepared:
    return prepare_promethee2(X, is_cost, inputs.q, inputs.p)


def _promethee_eval(p: Prepared, W: Array) -> Array:
    return _matvec(p.arrays["net"], W)


def _promethee_details(p: Prepared, w: Array) -> dict[str, Array]:
    """Leaving and entering flows and each criterion's part of the net flow. The per-criterion leaving and
    entering counts are weight-independent: computed on the first call and kept with the preparation."""
    m = int(p.params["m"])
    contributions = p.arrays["net"] * w
    if m < 2:
        zeros = np.zeros(m)
        return {"phi_plus": zeros, "phi_minus": zeros, "contributions": contributions}
    if "plus" not in p.arrays:
        p.arrays["plus"], p.arrays["minus"] = _flows(p.arrays["oriented_t"], p.arrays["q"], p.arrays["p"])
    return {"phi_plus": w @ p.arrays["plus"] / (m - 1), "phi_minus": w @ p.arrays["minus"] / (m - 1),
            "contributions": contributions}


def _pairwise_cells(k: int, m: int, n: int) -> int:
    return k * m * m * n


# --- SMAA kernels: draw once, re-score many times (see SmaaKernel) --------------------------------------


def _wsm_smaa_terms(X: Array, is_cost: Array, inputs: MethodInputs) -> dict[str, Array]:
    a, b = linear_value_coefficients(inputs.lo, inputs.hi, is_cost)
    V = X * _per_criterion(a).astype(X.dtype)
    V += _per_criterion(b).astype(X.dtype)
    for j, vf in enumerate(inputs.value_fns or ()):
        if vf is not None:
            V[j] = np.interp(X[j], vf[0], vf[1])
    return {"values": V}


def _linear_smaa_combine(name: str) -> Callable[[Mapping[str, Array], Array, MethodInputs], Array]:
    def combine(terms: Mapping[str, Array], Wt: Array, _inputs: MethodInputs) -> Array:
        return weighted_terms(terms[name], Wt)

    return combine


def _wpm_smaa_terms(X: Array, is_cost: Array, _inputs: MethodInputs) -> dict[str, Array]:
    """log x (benefits), -log x (costs): the ratios' reference (the best score) is common to every option
    of a draw, so it shifts their log-products alike and leaves their order (and exp) out."""
    if np.any(X <= 0):
        raise EngineError("the weighted product needs every score above 0 (it divides and takes logarithms)")
    L = np.log(X)
    L *= _per_criterion(np.where(is_cost, -1.0, 1.0)).astype(X.dtype)
    return {"log_terms": L}


def _topsis_smaa_terms(X: Array, is_cost: Array, _inputs: MethodInputs) -> dict[str, Array]:
    norm = np.sqrt(np.square(X).sum(axis=1, keepdims=True))
    R = X * np.divide(1.0, norm, out=np.ones_like(norm), where=norm > 0)  # one division per column
    best, worst = _best_worst(R, is_cost)
    to_ideal = R - best
    to_ideal *= to_ideal
    R -= worst  # R is no longer needed: its buffer becomes the squared distances to the anti-ideal
    R *= R
    return {"sq_to_ideal": to_ideal, "sq_to_anti": R}


def _topsis_smaa_combine(terms: Mapping[str, Array], Wt: Array, _inputs: MethodInputs) -> Array:
    """dn^2 / (dp^2 + dn^2): increasing in the closeness dn / (dp + dn) (both fall with dp / dn), with no
    square roots; 1/2 where an option is as far from both ideals and both are 0, as the closeness."""
    W2 = Wt * Wt
    dp2 = weighted_terms(terms["sq_to_ideal"], W2)
    dn2 = weighted_terms(terms["sq_to_anti"], W2)
    tot = dp2 + dn2
    zero = tot == 0
    out: Array = np.divide(dn2, tot, out=np.full_like(tot, 0.5), where=~zero)
    return out


def _topsis_closeness(keys: Array) -> Array:
    """The closeness dn / (dp + dn) from the key dn^2 / (dp^2 + dn^2)."""
    root_n, root_p = np.sqrt(keys), np.sqrt(1 - keys)
    out: Array = root_n / (root_n + root_p)
    return out


def _vikor_smaa_terms(X: Array, is_cost: Array, _inputs: MethodInputs) -> dict[str, Array]:
    best, worst = _best_worst(X, is_cost)
    span = best - worst
    inv = np.divide(1.0, span, out=np.zeros_like(span), where=span != 0)
    T = best - X
    T *= inv
    return {"regret": T}


def _smaa_scaled(a: Array) -> Array:
    """0..1 across options (axis -2) per draw; 0 where every option is equal."""
    lo = a.min(axis=-2, keepdims=True)
    spread = a.max(axis=-2, keepdims=True) - lo
    inv = np.divide(1.0, spread, out=np.zeros_like(spread), where=spread > 0)
    a -= lo
    a *= inv
    return a


def _vikor_smaa_combine(terms: Mapping[str, Array], Wt: Array, inputs: MethodInputs) -> Array:
    T = terms["regret"]
    S = weighted_terms(T, Wt)
    R = T[0] * Wt[0]
    tmp = np.empty_like(R)
    for j in range(1, T.shape[0]):
        np.multiply(T[j], Wt[j], out=tmp)
        np.maximum(R, tmp, out=R)
    v = np.asarray(inputs.vikor_v, dtype=S.dtype)
    Q = _smaa_scaled(S)
    Q *= v
    R = _smaa_scaled(R)
    R *= 1 - v
    Q += R
    return Q


def _promethee_smaa_terms(X: Array, is_cost: Array, inputs: MethodInputs) -> dict[str, Array]:
    """Net flow per criterion, (n, m, k), divided by m - 1.

    Usual criteria (q = p = 0): an option's net flow is how many options it beats minus how many beat it,
    counted with one comparison against each option in turn (bytes, several times faster than the pairwise
    differences). Criteria with thresholds: pair by pair, P(d) - P(-d) = sign(d) * P(|d|) is odd in d, so
    each unordered pair is computed once, added to one option and taken from the other."""
    n, m = X.shape[0], X.shape[1]
    net = np.zeros(X.shape, dtype=X.dtype)
    if m < 2:
        return {"net": net}
    Y = X * _per_criterion(np.where(is_cost, -1.0, 1.0)).astype(X.dtype)
    q = np.zeros(n) if inputs.q is None else np.asarray(inputs.q, dtype=float)
    p = np.zeros(n) if inputs.p is None else np.asarray(inputs.p, dtype=float)
    is_usual = (q == 0) & (p == 0)
    usual, other = np.flatnonzero(is_usual), np.flatnonzero(~is_usual)
    if usual.size:
        Yu = Y if usual.size == n else Y[usual]
        counts = np.zeros(Yu.shape, dtype=np.int16 if m < 2**15 else np.int64)
        cmp = np.empty(Yu.shape, dtype=bool)
        for b in range(m):  # option b against every option at once
            np.greater(Yu, Yu[:, b:b + 1], out=cmp)
            counts += cmp
            np.less(Yu, Yu[:, b:b + 1], out=cmp)
            counts -= cmp
        net[usual] = counts
    if other.size:
        Yo = Y[other]
        qo, width = _per_criterion(q[other]), _per_criterion(p[other] - q[other])
        linear = width > 0
        inv = np.divide(1.0, width, out=np.zeros_like(width), where=linear).astype(X.dtype)
        qo, step = qo.astype(X.dtype), ~linear
        acc = np.zeros(Yo.shape, dtype=X.dtype)
        for a in range(m - 1):
            d = Yo[:, a:a + 1] - Yo[:, a + 1:]  # (n_other, m - a - 1, k)
            g = np.abs(d)
            g -= qo
            if step.any():
                g = np.where(step, (g > 0).astype(X.dtype), g * inv)
            else:
                g *= inv
            np.clip(g, 0.0, 1.0, out=g)
            f = np.copysign(g, d)
            acc[:, a] += f.sum(axis=1)
            acc[:, a + 1:] -= f
        net[other] = acc
    net *= np.asarray(1.0 / (m - 1), dtype=X.dtype)
    return {"net": net}


# --- the registry ------------------------------------------------------------------------------------

_RECORDS = (
    Method(
        name="wsm",
        label="Weighted sum (additive value)",
        score_label="value",
        higher_is_better=True,
        description="Additive value model: each criterion's score becomes a 0-1 value over its scale; the total "
        "is the weighted sum (Hiview-style). Shows each criterion's contribution.",
        normalisation="Each score becomes a value from 0 (worst end of the criterion's scale) to 1 (best end), "
        "linearly or through the criterion's declared value function; the total is the weighted sum of the "
        "values.",
        prepare=_wsm_prepare,
        scores=_wsm_eval,
        details=_wsm_details,
        additive=True,
        linear_values="values",
        cell_terms=lambda X, is_cost, inputs: wsm_values(X, inputs.lo, inputs.hi, is_cost, inputs.value_fns),
        smaa=SmaaKernel(_wsm_smaa_terms, _linear_smaa_combine("values"), linear=True),
    ),
    Method(
        name="wpm",
        label="Weighted product",
        score_label="product",
        higher_is_better=True,
        description="Weighted product: scores as ratios to the best (x/max, min/x for costs), multiplied with "
        "weights as exponents. Penalises a very poor score on any criterion.",
        normalisation="Each score is divided by the best score on its criterion (x/max; min/x for costs); the "
        "total is the product of these ratios raised to the weights.",
        prepare=lambda X, is_cost, _inputs: prepare_wpm(X, is_cost),
        scores=_wpm_eval,
        details=_wpm_details,
        cell_terms=_wpm_cell_terms,  # the ratios' reference (best score) cancels between two options
        smaa=SmaaKernel(_wpm_smaa_terms, _linear_smaa_combine("log_terms"), linear=True, scores_from_keys=None),
    ),
    Method(
        name="topsis",
        label="TOPSIS",
        score_label="closeness",
        higher_is_better=True,
        description="TOPSIS (Hwang & Yoon): closeness to the ideal option relative to the anti-ideal, after "
        "vector normalisation. 1 = the ideal.",
        normalisation="Scores are vector-normalised per criterion and weighted; the figure is the relative "
        "closeness to the ideal option, d\u207b / (d\u207a + d\u207b), with Euclidean distances.",
        prepare=lambda X, is_cost, _inputs: prepare_topsis(X, is_cost),
        scores=_topsis_eval,
        details=_topsis_details,
        relative=True,
        smaa=SmaaKernel(_topsis_smaa_terms, _topsis_smaa_combine, scores_from_keys=_topsis_closeness),
    ),
    Method(
        name="vikor",
        label="VIKOR",
        score_label="Q",
        higher_is_better=False,
        description="VIKOR (Opricovic & Tzeng): compromise ranking balancing group utility S and worst regret "
        "R; lower Q is better.",
        normalisation="Per criterion, the regret (best - score) / (best - worst) is weighted; S sums and R takes "
        "the largest weighted regret; Q = v(S - S*)/(S\u207b - S*) + (1 - v)(R - R*)/(R\u207b - R*), "
        "v = {v:g}. Lower Q is better.",
        prepare=lambda X, is_cost, inputs: prepare_vikor(X, is_cost, inputs.vikor_v),
        scores=_vikor_eval,
        details=_vikor_details,
        relative=True,
        smaa=SmaaKernel(_vikor_smaa_terms, _vikor_smaa_combine),
    ),
    Method(
        name="promethee2",
        label="PROMETHEE II",
        score_label="net flow",
        higher_is_better=True,
        description="PROMETHEE II: net outranking flow, how much an option beats the others minus how much it "
        "is beaten, per criterion preference functions.",
        normalisation="Options are compared in pairs on each criterion (any advantage counts fully, or linearly "
        "between the indifference and preference thresholds); the net flow is how strongly an option "
        "outranks the others minus how strongly it is outranked.",
        prepare=_promethee_prepare,
        scores=_promethee_eval,
        details=_promethee_details,
        relative=True,
        additive=True,
        batch_cells=_pairwise_cells,
        smaa=SmaaKernel(_promethee_smaa_terms, _linear_smaa_combine("net"), linear=True),
    ),
)

METHODS: Mapping[str, Method] = MappingProxyType({r.name: r for r in _RECORDS})
METHOD_NAMES: tuple[str, ...] = tuple(METHODS)
DEFAULT_METHOD = METHOD_NAMES[0]  # the additive value model: what a model without a session opens with


def get_method(name: str) -> Method:
    """The record of `name`; an unknown name is an EngineError listing the known ones."""
    try:
        return METHODS[name]
    except KeyError:
        raise EngineError(f'unknown method "{name}"; choose one of {", ".join(METHOD_NAMES)}') from None


def prepare(method: str, X: Array, is_cost: Array, *, lo: Any = None, hi: Any = None,
            value_fns: ValueFunctions | None = None, q: Any = None, p: Any = None, v: float = 0.5) -> Prepared:
    """Prepare `method` on matrix X (..., m, n). lo/hi default to the observed range (WSM only)."""
    return get_method(method).prepare(X, is_cost, MethodInputs(lo, hi, value_fns, q, p, v))


def rank(scores: Any, higher_is_better: bool = True) -> Array:
    """Competition ranks (1 = best); ties (to 12 significant decimals) share the better rank."""
    s = np.asarray(scores, dtype=float)
    s = np.round(s if higher_is_better else -s, 12)
    srt = np.sort(s, axis=-1)
    if s.ndim == 1:
        ranks: Array = s.shape[0] - np.searchsorted(srt, s, side="right") + 1
        return ranks
    better: Array = (s[..., None, :] > s[..., :, None]).sum(axis=-1)
    return better + 1
