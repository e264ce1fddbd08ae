"""SMAA-2 (Lahdelma & Salminen 2001): stochastic multicriteria acceptability analysis.

Weights are drawn uniformly from a weight region (`core.region`: the simplex, the weights within +/- `spread`
of the current ones, those obeying chains of order such as ``casualties >= escalation_risk``, or mixes of
participants' weights), exactly the region the verdict reasons about; scores are sampled uniformly or
triangularly within each score's low..high range. Results: rank-acceptability indices (rows and columns sum
to 1: ties are broken by option order, so each sample gives a permutation), the pairwise winning indices,
central weight vectors, confidence factors, and the band each option's score keeps over the draws (its 5th
to 95th percentile: what the ranking's whiskers show for a method whose score is relative to the other
options). Seeded and reproducible. Pure numpy, no loop over samples.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_app.core import methods as _methods
from decision_app.core.compiled import CompiledModel
from decision_app.core.errors import EngineError
from decision_app.core.methods import Prepared, linear_value_coefficients, prepare
from decision_app.core.region import WeightRegion

WEIGHT_MODES = ("uniform", "around", "ordered")
SCORE_MODES = ("fixed", "uniform", "triangular")


@dataclass(frozen=True, eq=False)
class SmaaResult:
    samples: int
    seed: int
    acceptability: np.ndarray  # (m, m): [option, rank-1]
    central_weights: np.ndarray  # (m, n); NaN row where the option never ranks first
    confidence: np.ndarray  # (m,); 0 where the option never ranks first
    score_band: np.ndarray  # (2, m): the 5th and 95th percentile of each option's score over the draws
    # (m, m): share of the samples in which option i scores strictly better than option j (the pairwise
    # winning index); None for results built elsewhere
    pairwise: np.ndarray | None = None


BAND = (0.05, 0.95)  # the share of draws below an option's band, and below its top
# The band is read from every draw, or from the first BAND_CELLS / m draws when there are more (a million
# draws of a hundred options would keep 400 MB): a few hundred thousand independent draws fix a percentile
# far more closely than the chart can show it.
BAND_CELLS = 4_000_000


def sample_simplex(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """k points uniform on the (n-1)-simplex (normalised exponentials)."""
    return WeightRegion.simplex(n).sample(rng, k)


def sample_weights(
    rng: np.random.Generator,
    k: int,
    n: int,
    mode: str = "uniform",
    center: np.ndarray | None = None,
    spread: float = 0.1,
    chains: list[list[int]] | None = None,
) -> np.ndarray:
    """k weight vectors drawn uniformly from the region of a weights mode (`core.region`)."""
    return WeightRegion.from_mode(mode, n, center, spread, chains).sample(rng, k)


class _TriangularCells:
    """Per-cell constants of the inverse CDF of Triangular(low, value, high), set up once.

    x = low + sqrt(u * span * (value - low)) when u < frac, else high - sqrt((1 - u) * span * (high - value)).
    Written with 0/1 blends instead of np.where, which is several times slower on large arrays.
    """

    def __init__(self, low: np.ndarray, mode: np.ndarray, high: np.ndarray, dtype: type[np.floating[Any]]):
        span = high - low
        self.frac = np.divide(mode - low, span, out=np.zeros_like(span), where=span > 0).astype(dtype)
        self.a_left = (span * (mode - low)).astype(dtype)
        self.a_right = (span * (high - mode)).astype(dtype)
        self.low = low.astype(dtype)
        self.high = high.astype(dtype)
        self.dtype = dtype

    def radius(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(left mask as 0/1, r) with x = low + r on the left and high - r on the right."""
        lf = (u < self.frac).astype(self.dtype)
        g = 1.0 - u
        g += lf * (2.0 * u - 1.0)  # u on the left, 1 - u on the right
        g *= self.a_right + lf * (self.a_left - self.a_right)
        np.sqrt(g, out=g)
        return lf, g

    def sample(self, u: np.ndarray) -> np.ndarray:
        lf, r = self.radius(u)
        return np.asarray(self.high - r + lf * (self.low - self.high + 2.0 * r))


def sample_scores(rng: np.random.Generator, k: int, c: CompiledModel, mode: str) -> np.ndarray:
    """(k, m, n) score matrices within each score's low..high range (float64)."""
    if mode == "fixed":
        return np.broadcast_to(c.X, (k, *c.X.shape))
    u = rng.random(size=(k, *c.X.shape))
    if mode == "uniform":
        return np.asarray(c.low + u * (c.high - c.low))
    if mode == "triangular":
        return _TriangularCells(c.low, c.X, c.high, np.float64).sample(u)
    raise EngineError(f'unknown scores mode "{mode}"; choose one of {", ".join(SCORE_MODES)}')


class _WsmValueSampler:
    """Samples the additive model's 0..1 values directly (float32), without materialising score matrices.

    A score drawn in [low, high] is low + span * t with t in [0, 1]: uniform t, or for the triangular
    distribution t = min(u1, u2) + f * (max(u1, u2) - min(u1, u2)) with f = (value - low) / span
    (Stein & Keblis 2009, Mathematical and Computer Modelling 49: 1143-1147), which needs no masks. A
    linear value function maps that affinely, so value = v(low) + (v(high) - v(low)) * t. Criteria with a
    piecewise-linear value function are mapped through it from the sampled score.

    Values are laid out (option, sample, criterion): reductions across options then run over contiguous
    memory, which on this hardware is 30x faster than reducing a 12-wide middle axis.
    """

    def __init__(self, c: CompiledModel, mode: str):
        a, b = linear_value_coefficients(c.lo, c.hi, c.is_cost)
        f32 = np.float32
        self.mode = mode
        self.c = c
        span = c.high - c.low
        frac = np.divide(c.X - c.low, span, out=np.zeros_like(span), where=span > 0)
        self.frac = frac.astype(f32)[:, None, :]
        self.v_low = (a * c.low + b).astype(f32)[:, None, :]
        self.v_span = (a * span).astype(f32)[:, None, :]
        # value = v_low + v_span * ((1 - f) * min + f * max): the blend and the affine map in one.
        self.w_min = (a * span * (1.0 - frac)).astype(f32)[:, None, :]
        self.w_max = (a * span * frac).astype(f32)[:, None, :]
        self.vf_cols = [j for j, vf in enumerate(c.value_fns) if vf is not None]
        self._buf: np.ndarray | None = None

    def sample(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """(m, k, n) values for k samples."""
        shape = (self.c.m, k, self.c.n)
        if self._buf is None or self._buf.shape[1:] != shape:
            self._buf = np.empty((2, *shape), dtype=np.float32)  # reused: no fresh pages per chunk
        u1 = rng.random(out=self._buf[0], dtype=np.float32)
        u2 = rng.random(out=self._buf[1], dtype=np.float32) if self.mode == "triangular" else None
        return self.values(u1, u2)

    def unit(self, u1: np.ndarray, u2: np.ndarray | None, frac: np.ndarray | None = None) -> np.ndarray:
        """t in [0, 1] per cell, (m, k, n): the sampled score's position in its low..high range."""
        if u2 is None:
            return u1
        frac = self.frac if frac is None else frac
        lo = np.minimum(u1, u2)
        np.maximum(u1, u2, out=u2)
        u2 -= lo
        u2 *= frac
        u2 += lo
        return u2

    def values(self, u1: np.ndarray, u2: np.ndarray | None = None) -> np.ndarray:
        """(m, k, n) values from uniforms; overwrites u1 and u2.

        Worked one option's (k, n) slab at a time: a slab stays in cache through all its passes, where
        whole-chunk passes stream every array through memory five times. Same operations per element.
        """
        c = self.c
        V = np.empty(u1.shape, dtype=np.float32)
        for i in range(c.m):
            a, Vi = u1[i], V[i]
            vf_t = {j: self.unit(a[:, j], None if u2 is None else u2[i][:, j].copy(), self.frac[i, :, j])
                    for j in self.vf_cols}
            if u2 is None:
                np.multiply(a, self.v_span[i], out=Vi)
            else:
                b = u2[i]
                np.minimum(a, b, out=Vi)
                np.maximum(a, b, out=b)
                Vi *= self.w_min[i]
                b *= self.w_max[i]
                Vi += b
            Vi += self.v_low[i]
            for j, t in vf_t.items():
                vf = c.value_fns[j]
                assert vf is not None
                Vi[:, j] = np.interp(c.low[i, j] + t * (c.high[i, j] - c.low[i, j]), vf[0], vf[1])
        return V


BLOCK = 512  # samples per block on the generic path: a block's (m, n, BLOCK) temporaries stay in cache


class _OptionMajor:
    """Sampled score matrices for WPM, TOPSIS, VIKOR and PROMETHEE II, drawn, prepared and scored BLOCK
    samples at a time and laid out (option, criterion, sample).

    The draws are those of one `sample_scores` call for the whole chunk (a generator fills consecutive calls
    from one stream, in order), transposed, then mapped by the same elementwise formulas. With samples on
    the inner axis, every constant per cell or per criterion broadcasts along a long contiguous run (numpy's
    inner loops were 8 or 96 cells long before), and reductions across options (best, worst, norms) run
    over the outer axis. The methods' arrays follow `core.methods` formula for formula; sums across options
    keep its order (option by option). Only what scoring needs is kept for the confidence pass.
    """

    def __init__(self, c: CompiledModel, method: str, scores_mode: str, vikor_v: float):
        self.c, self.method, self.v = c, method, vikor_v
        low, high = np.asarray(c.low, dtype=float), np.asarray(c.high, dtype=float)
        self.low, self.span = low[..., None], (high - low)[..., None]
        self.tri = (_TriangularCells(low[..., None], np.asarray(c.X, dtype=float)[..., None], high[..., None],
                                     np.float64) if scores_mode == "triangular" else None)
        self.is_cost = np.asarray(c.is_cost, dtype=bool)[:, None]  # (n, 1) against (n, b)
        self.sign = np.where(self.is_cost, -1.0, 1.0)
        self._tri_full: tuple[np.ndarray, ...] | None = None
        self.q = np.asarray(c.pref_q, dtype=float)[:, None]
        self.p = np.asarray(c.pref_p, dtype=float)[:, None]

    def sample(self, rng: np.random.Generator, b: int) -> np.ndarray:
        """(m, n, b) sampled scores from the draws of sample_scores(rng, b, ...), transposed."""
        c = self.c
        u = np.ascontiguousarray(rng.random(size=(b, c.m, c.n)).transpose(1, 2, 0))
        if self.tri is None:
            return np.asarray(self.low + u * self.span)
        # Triangular(low, mode, high) by its inverse CDF, as _TriangularCells.sample but in fewer passes:
        # low + sqrt(u a_left) left of the mode, high - sqrt((1 - u) a_right) right of it. The per-cell
        # constants are spread over a whole block once: numpy's loops run several times faster on operands
        # of one shape than against a broadcast (m, n, 1) constant.
        frac, a_left, a_right, low, high = (a[..., :b] for a in self._tri_block())
        left = u < frac
        g = np.subtract(1.0, u)
        np.copyto(g, u, where=left)
        g *= np.where(left, a_left, a_right)
        np.sqrt(g, out=g)
        x: np.ndarray = np.subtract(high, g)
        g += low
        np.copyto(x, g, where=left)
        return x

    def _tri_block(self) -> tuple[np.ndarray, ...]:
        if self._tri_full is None:
            t = self.tri
            assert t is not None
            shape = (self.c.m, self.c.n, BLOCK)
            self._tri_full = tuple(np.ascontiguousarray(np.broadcast_to(a, shape))
                                   for a in (t.frac, t.a_left, t.a_right, t.low, t.high))
        return self._tri_full

    def chunk(self, rng: np.random.Generator, W: np.ndarray) -> tuple[list[dict[str, np.ndarray]], np.ndarray]:
        """Scores (k, m) of a chunk's samples under their own weights W (k, n), and the kept arrays per block."""
        k = W.shape[0]
        S = np.empty((k, self.c.m))
        kept = []
        for start in range(0, k, BLOCK):
            b = min(BLOCK, k - start)
            arrays = self.prepare(self.sample(rng, b))
            S[start:start + b] = self.scores(arrays, np.ascontiguousarray(W[start:start + b].T)).T
            kept.append(arrays)
        return kept, S

    def prepare(self, X: np.ndarray) -> dict[str, np.ndarray]:
        if self.method == "wsm":  # the generic path for WSM (the value-space sampler is the usual one)
            c = self.c
            a, b0 = linear_value_coefficients(c.lo, c.hi, c.is_cost)
            V = X * a[:, None]
            V += b0[:, None]
            for j, vf in enumerate(c.value_fns):
                if vf is not None:
                    V[:, j] = np.interp(X[:, j], vf[0], vf[1])
            return {"net": V}  # scored like PROMETHEE's net flows: a weighted sum
        if self.method == "wpm":
            if np.any(X <= 0):
                raise EngineError("the weighted product needs every score above 0 (it divides and takes logarithms)")
            logX = np.log(X)
            logX -= np.where(self.is_cost, logX.min(axis=0), logX.max(axis=0))
            logX *= self.sign
            return {"log_ratios": logX}
        if self.method == "topsis":
            norm = np.sqrt(_sum_over_options(X * X))
            R = X / np.where(norm > 0, norm, 1.0)
            best = np.where(self.is_cost, R.min(axis=0), R.max(axis=0))
            worst = np.where(self.is_cost, R.max(axis=0), R.min(axis=0))
            return {"sq_to_ideal": np.square(R - best), "sq_to_anti": np.square(R - worst)}
        if self.method == "vikor":
            fmax, fmin = X.max(axis=0), X.min(axis=0)
            fbest = np.where(self.is_cost, fmin, fmax)
            span = fbest - np.where(self.is_cost, fmax, fmin)
            inv = np.divide(1.0, span, out=np.zeros_like(span), where=span != 0)
            T = fbest - X
            T *= inv
            return {"regret": T}
        if self.method == "promethee2":
            return {"net": self._net_flows(X)}
        raise EngineError(f'unknown method "{self.method}"')

    def _net_flows(self, X: np.ndarray) -> np.ndarray:
        """Net flow per criterion, (m, n, b), pair by pair: P(d) - P(-d) is odd in d, so each unordered pair
        is computed once, added to one option and taken from the other."""
        m = X.shape[0]
        net = np.zeros(X.shape)
        if m < 2:
            return net
        Y = X * self.sign
        width = self.p - self.q
        linear = width > 0
        inv = np.divide(1.0, width, out=np.zeros_like(width), where=linear)
        step = (~linear).astype(float)
        for a in range(m - 1):
            d = Y[a] - Y[a + 1:]  # (m - a - 1, n, b)
            f = np.clip((d - self.q) * inv, 0.0, 1.0)
            f -= np.clip((-d - self.q) * inv, 0.0, 1.0)
            if step.any():
                f += ((d > self.q).astype(float) - (-d > self.q)) * step
            net[a] += f.sum(axis=0)
            net[a + 1:] -= f
        net *= 1.0 / (m - 1)
        return net

    def scores(self, arrays: dict[str, np.ndarray], Wt: np.ndarray) -> np.ndarray:
        """(m, b) scores, sample s under weights Wt[:, s] (Wt is (n, b))."""
        if self.method == "wpm":
            return np.asarray(np.exp(_weighted_sum(arrays["log_ratios"], Wt)))
        if self.method == "topsis":
            W2 = Wt * Wt
            return _closeness(np.sqrt(_weighted_sum(arrays["sq_to_ideal"], W2)),
                              np.sqrt(_weighted_sum(arrays["sq_to_anti"], W2)))
        if self.method == "vikor":
            T = arrays["regret"]
            R = T[:, 0] * Wt[0]
            for j in range(1, T.shape[1]):
                np.maximum(R, T[:, j] * Wt[j], out=R)
            return self.v * _scaled(_weighted_sum(T, Wt)) + (1.0 - self.v) * _scaled(R)
        return _weighted_sum(arrays["net"], Wt)

    def scores_many(self, arrays: dict[str, np.ndarray], Wc: np.ndarray) -> np.ndarray:
        """(m, w, b) scores of every sample under each of w weight vectors (rows of Wc). Only the order
        across options is used, so WPM's exp (monotone) is left out."""
        if self.method == "wpm":
            return np.asarray(Wc @ arrays["log_ratios"])  # (w, n) @ (m, n, b): one small product per option
        if self.method == "topsis":
            # closeness dn / (dp + dn) = 1 / (1 + sqrt(dp^2 / dn^2)): the negated squared ratio orders options
            # the same way without two square roots; 0/0 (equally far from both ideals) is closeness 1/2.
            W2 = Wc * Wc
            sq_p, sq_n = W2 @ arrays["sq_to_ideal"], W2 @ arrays["sq_to_anti"]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.divide(sq_p, sq_n)
            np.copyto(ratio, 1.0, where=(sq_p + sq_n) == 0)
            return np.asarray(np.negative(ratio, out=ratio))
        if self.method == "vikor":
            T = arrays["regret"]
            Wb = Wc.T[:, :, None]  # (n, w, 1)
            R = T[:, 0, None, :] * Wb[0]
            for j in range(1, T.shape[1]):
                np.maximum(R, T[:, j, None, :] * Wb[j], out=R)
            return self.v * _scaled(np.asarray(Wc @ T)) + (1.0 - self.v) * _scaled(R)
        return np.asarray(Wc @ arrays["net"])


def _weighted_sum(A: np.ndarray, Wt: np.ndarray) -> np.ndarray:
    """Sum over axis 1 (criteria) of A * Wt, criterion by criterion: A (m, n, ...), Wt (n, ...)."""
    out: np.ndarray = A[:, 0] * Wt[0]
    for j in range(1, A.shape[1]):
        out += A[:, j] * Wt[j]
    return out


def _leads(S: np.ndarray, winners: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """How many samples (axis 2) each winner j leads under its own weights (axis 1): option winners[j] is the
    first best of S[:, j, s] over the options (axis 0), as argmax (argmin) would pick it."""
    best = np.max(S, axis=0) if higher_is_better else np.min(S, axis=0)  # (w, b)
    at_best = np.equal(S, best)
    first = np.argmax(at_best, axis=0) if at_best.sum(axis=0).max() > 1 else None  # ties: the first option
    mine = S[winners, np.arange(winners.size)] == best
    if first is not None:
        mine &= first == winners[:, None]
    return np.asarray(np.count_nonzero(mine, axis=1))


def _sum_over_options(A: np.ndarray) -> np.ndarray:
    """Sum over axis 0, option by option (the order of a reduction over the options' axis in core.methods)."""
    out: np.ndarray = A[0].copy()
    for a in A[1:]:
        out += a
    return out


def _closeness(dp: np.ndarray, dn: np.ndarray) -> np.ndarray:
    tot = dp + dn
    return np.asarray(np.where(tot > 0, dn / np.where(tot > 0, tot, 1.0), 0.5))


def _scaled(a: np.ndarray) -> np.ndarray:
    """0..1 across options (axis 0); 0 where all options are equal."""
    lo = a.min(axis=0)
    spread = a.max(axis=0) - lo
    inv = np.divide(1.0, spread, out=np.zeros_like(spread), where=spread > 0)
    return np.asarray((a - lo) * inv)


def parse_order(text: str, criterion_ids: tuple[str, ...]) -> list[list[int]]:
    """'a>=b>=c,d>=e' -> chains of criterion indices; each criterion in one chain at most."""
    chains: list[list[int]] = []
    seen: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        names = [s.strip() for s in part.split(">=")]
        if len(names) < 2:
            raise EngineError(f'"{part}" is not an order; write it as a>=b (criterion ids)')
        chain = []
        for name in names:
            if name not in criterion_ids:
                raise EngineError(f'"{name}" is not a criterion id (known: {", ".join(criterion_ids)})')
            j = criterion_ids.index(name)
            if j in seen:
                raise EngineError(f'"{name}" appears in more than one order; put it in one chain, a>=b>=c')
            seen.add(j)
            chain.append(j)
        chains.append(chain)
    return chains


def _order(scores: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Option indices best first per sample; ties keep option order (so each sample is a permutation)."""
    return np.argsort(-scores if higher_is_better else scores, axis=-1, kind="stable")


def _leader(scores: np.ndarray, higher_is_better: bool) -> np.ndarray:
    return np.asarray(np.argmax(scores, axis=-2) if higher_is_better else np.argmin(scores, axis=-2))


@dataclass(eq=False)
class _Part:
    counts: np.ndarray  # (m*m,) option-by-rank counts
    beats: np.ndarray  # (m, m) samples in which option i scores strictly better than option j
    wsum: np.ndarray  # (m, n) sum of the weights of samples each option wins
    kept: Any  # what the confidence pass needs again: sampled values or a preparation
    k: int
    scores: np.ndarray  # (m, draws kept for the score band) float32: an option's draws contiguous


class _Run:
    """One SMAA run's fixed set-up; `chunk` and `confidence` work on one chunk each, safely in parallel."""

    def __init__(self, c: CompiledModel, method: str, region: WeightRegion, scores_mode: str, vikor_v: float):
        record = _methods.get_method(method)
        self.c, self.method, self.vikor_v = c, _kernel(method), vikor_v
        self.region = region
        self.scores_mode = scores_mode
        self.fixed = _prepare(method, c.X, c, vikor_v) if scores_mode == "fixed" else None
        self.fast_wsm = self.method == "wsm" and self.fixed is None
        self.hib = record.higher_is_better
        self._local = threading.local()

    def _option_major(self) -> _OptionMajor:
        s = getattr(self._local, "option_major", None)
        if s is None:
            s = self._local.option_major = _OptionMajor(self.c, self.method, self.scores_mode, self.vikor_v)
        return s

    def _sampler(self) -> _WsmValueSampler:
        s = getattr(self._local, "sampler", None)
        if s is None:
            s = self._local.sampler = _WsmValueSampler(self.c, self.scores_mode)
        return s

    def chunk(self, rng: np.random.Generator, k: int, keep: int) -> _Part:
        """A chunk of k draws; the scores of its first `keep` draws are kept for the score band."""
        c = self.c
        m, n = c.m, c.n
        W = self.region.sample(rng, k)
        kept: Any = None
        if self.fixed is not None:
            S = self.fixed.scores(W)
        elif self.fast_wsm:
            kept = self._sampler().sample(rng, k)
            S = np.einsum("mkn,kn->km", kept, W.astype(np.float32))
        else:
            kept, S = self._option_major().chunk(rng, W)
        order = _order(S, self.hib)
        counts = np.bincount((order * m + np.arange(m)).ravel(), minlength=m * m)
        first = order[:, 0]
        wsum = np.stack([np.bincount(first, weights=W[:, j], minlength=m) for j in range(n)], axis=1)
        better = np.greater if self.hib else np.less
        beats = better(S[:, :, None], S[:, None, :]).sum(axis=0)
        return _Part(counts, beats, wsum, kept, k, np.ascontiguousarray(S[:keep].T, dtype=np.float32))

    def confidence_hits(self, part: _Part, winners: np.ndarray, Wc: np.ndarray) -> np.ndarray:
        """How many of the part's sampled score matrices each winner leads under its central weights."""
        m, n = self.c.m, self.c.n
        if self.fast_wsm:
            V = part.kept
            S = (V.reshape(-1, n) @ Wc.T.astype(np.float32)).reshape(m, part.k, winners.size)
            # Ties with another option count as first here (with sampled scores they do not occur).
            return np.asarray(np.count_nonzero(S[winners, :, np.arange(winners.size)] >= S.max(axis=0).T, axis=1))
        hits = np.zeros(winners.size)
        for block in part.kept:
            S = self._option_major().scores_many(block, Wc)  # (m, winners, b)
            hits += _leads(S, winners, self.hib)
        return hits


def smaa(
    c: CompiledModel,
    method: str = "wsm",
    *,
    samples: int = 10_000,
    seed: int = 0,
    weights_mode: str = "uniform",
    center: np.ndarray | None = None,
    spread: float = 0.1,
    chains: list[list[int]] | None = None,
    scores_mode: str = "triangular",
    vikor_v: float = 0.5,
    chunk: int = 16384,
    threads: int = 1,
    region: WeightRegion | None = None,
) -> SmaaResult:
    """SMAA-2 over `samples` joint draws of weights and scores.

    Weights are drawn uniformly from `region` (`core.region`), by default the region of `weights_mode`
    (with `center`, `spread` and `chains`).

    The samples are split into chunks of `chunk`, each with its own random stream spawned from `seed`, so
    the result depends on `seed` and `chunk` only, never on `threads` (the chunks' counts are summed in
    order). `threads` > 1 runs chunks in parallel: numpy releases the GIL inside its loops.
    """
    if samples < 1:
        raise EngineError("the number of samples must be at least 1")
    if scores_mode not in SCORE_MODES:
        raise EngineError(f'unknown scores mode "{scores_mode}"; choose one of {", ".join(SCORE_MODES)}')
    if weights_mode not in WEIGHT_MODES:
        raise EngineError(f'unknown weights mode "{weights_mode}"; choose one of {", ".join(WEIGHT_MODES)}')
    m, n = c.m, c.n
    if region is None:
        region = WeightRegion.from_mode(weights_mode, n, center, spread, chains)
    elif region.n != n:
        raise EngineError(f"the weight region has {region.n} criteria; the model has {n}")
    run = _Run(c, method, region, scores_mode, vikor_v)
    starts = range(0, samples, chunk)
    sizes = [min(chunk, samples - start) for start in starts]
    band_draws = max(BAND_CELLS // m, 1)
    keeps = [int(np.clip(band_draws - start, 0, size)) for start, size in zip(starts, sizes, strict=True)]
    streams = np.random.SeedSequence(seed).spawn(len(sizes))

    def one(i: int) -> _Part:
        return run.chunk(np.random.default_rng(streams[i]), sizes[i], keeps[i])

    pool = ThreadPoolExecutor(threads) if threads > 1 and len(sizes) > 1 else None
    try:
        parts = list(pool.map(one, range(len(sizes)))) if pool else [one(i) for i in range(len(sizes))]
        counts = np.sum([p.counts for p in parts], axis=0).reshape(m, m)
        beats = np.sum([p.beats for p in parts], axis=0)
        wsum = np.zeros((m, n))
        for p in parts:
            wsum += p.wsum
        wins = counts[:, 0]
        central = np.full((m, n), np.nan)
        central[wins > 0] = wsum[wins > 0] / wins[wins > 0, None]
        conf = np.zeros(m)
        winners = np.flatnonzero(wins > 0)
        if winners.size:
            Wc = central[winners]
            if run.fixed is not None:
                S = run.fixed.scores(Wc)  # (winners, m): one row per winner's central weights
                best = np.argmax(S, axis=1) if run.hib else np.argmin(S, axis=1)
                conf[winners] = (best == winners).astype(float)
            else:
                hit_parts = (list(pool.map(lambda p: run.confidence_hits(p, winners, Wc), parts)) if pool
                             else [run.confidence_hits(p, winners, Wc) for p in parts])
                conf[winners] = np.sum(hit_parts, axis=0) / samples
    finally:
        if pool:
            pool.shutdown()
    band = np.quantile(np.concatenate([p.scores for p in parts], axis=1), BAND, axis=1).astype(float)
    return SmaaResult(samples, seed, counts / samples, central, conf, band, beats / samples)


SAMPLED_KERNELS = ("wsm", "wpm", "topsis", "vikor", "promethee2")  # methods with a sampled-scores kernel here


def _kernel(method: str) -> str:
    """The sampled-scores kernel for `method`: the registered method that scores the same way (a record is
    matched by its scoring function, so a renamed copy of a method samples as the original does)."""
    scores = _methods.get_method(method).scores
    for name in SAMPLED_KERNELS:
        base = _methods.METHODS.get(name)
        if base is not None and base.scores is scores:
            return name
    raise EngineError(f'uncertainty analysis has no sampling kernel for the method "{method}" yet')


def _prepare(method: str, X: np.ndarray, c: CompiledModel, vikor_v: float) -> Prepared:
    prep: Prepared = prepare(method, X, c.is_cost, lo=c.lo, hi=c.hi, value_fns=c.value_fns, q=c.pref_q, p=c.pref_p,
                             v=vikor_v)
    return prep
