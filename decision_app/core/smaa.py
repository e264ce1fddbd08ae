"""SMAA-2 (Lahdelma & Salminen 2001): stochastic multicriteria acceptability analysis.

Weights are sampled uniformly on the simplex, within +/- `spread` of the current weights, or uniformly
among weight vectors obeying chains of order such as ``casualties >= escalation_risk``; scores are
sampled uniformly or triangularly within each score's low..high range. Results: rank-acceptability
indices (rows and columns sum to 1: ties are broken by option order, so each sample gives a permutation),
central weight vectors and confidence factors. Seeded and reproducible. Pure numpy, no loop over samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.compiled import CompiledModel
from decision_app.core.errors import EngineError
from decision_app.core.methods import prepare

WEIGHT_MODES = ("uniform", "around", "ordered")
SCORE_MODES = ("fixed", "uniform", "triangular")


@dataclass(frozen=True, eq=False)
class SmaaResult:
    samples: int
    seed: int
    acceptability: np.ndarray  # (m, m): [option, rank-1]
    central_weights: np.ndarray  # (m, n); NaN row where the option never ranks first
    confidence: np.ndarray  # (m,); 0 where the option never ranks first


def sample_simplex(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """k points uniform on the (n-1)-simplex (normalised exponentials)."""
    e = rng.exponential(size=(k, n))
    return e / e.sum(axis=1, keepdims=True)


def sample_weights(
    rng: np.random.Generator,
    k: int,
    n: int,
    mode: str = "uniform",
    center: np.ndarray | None = None,
    spread: float = 0.1,
    chains: list[list[int]] | None = None,
) -> np.ndarray:
    if mode == "uniform":
        return sample_simplex(rng, k, n)
    if mode == "around":
        if center is None:
            raise EngineError("weights mode 'around' needs current weights")
        W = np.clip(center[None, :] + rng.uniform(-spread, spread, size=(k, n)), 0.0, None)
        s = W.sum(axis=1, keepdims=True)
        W = np.where(s > 0, W / np.where(s > 0, s, 1.0), center[None, :])
        return W
    if mode == "ordered":
        W = sample_simplex(rng, k, n)
        # Sorting the sampled values within each chain's positions (largest first) maps the uniform
        # distribution on the simplex onto the uniform distribution on the ordered region.
        for chain in chains or []:
            idx = np.asarray(chain)
            W[:, idx] = -np.sort(-W[:, idx], axis=1)
        return W
    raise EngineError(f'unknown weights mode "{mode}"; choose one of {", ".join(WEIGHT_MODES)}')


def sample_scores(rng: np.random.Generator, k: int, c: CompiledModel, mode: str) -> np.ndarray:
    """(k, m, n) score matrices within each score's low..high range."""
    if mode == "fixed":
        return np.broadcast_to(c.X, (k, *c.X.shape))
    u = rng.random(size=(k, *c.X.shape))
    lo, mode_v, hi = c.low, c.X, c.high
    span = hi - lo
    if mode == "uniform":
        return lo + u * span
    if mode == "triangular":
        # Inverse CDF of the triangular distribution (low, value, high); a zero range gives the value.
        frac = np.where(span > 0, (mode_v - lo) / np.where(span > 0, span, 1.0), 0.0)
        left = lo + np.sqrt(u * span * (mode_v - lo))
        right = hi - np.sqrt((1.0 - u) * span * (hi - mode_v))
        return np.where(u < frac, left, right)
    raise EngineError(f'unknown scores mode "{mode}"; choose one of {", ".join(SCORE_MODES)}')


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


def _ordinal_ranks(scores: np.ndarray, higher_is_better: bool) -> np.ndarray:
    s = scores if higher_is_better else -scores
    order = np.argsort(-s, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(s.shape[-1])[None, :], axis=-1)
    return ranks  # 0-based


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
    chunk: int = 20_000,
) -> SmaaResult:
    if samples < 1:
        raise EngineError("the number of samples must be at least 1")
    rng = np.random.default_rng(seed)
    m, n = c.m, c.n
    counts = np.zeros((m, m), dtype=np.int64)
    wsum = np.zeros((m, n))
    kept_X: list[np.ndarray] = []
    hib = True
    done = 0
    while done < samples:
        k = min(chunk, samples - done)
        W = sample_weights(rng, k, n, weights_mode, center, spread, chains)
        X = sample_scores(rng, k, c, scores_mode)
        prep = _prepare(method, X, c, vikor_v)
        hib = prep.higher_is_better
        ranks = _ordinal_ranks(prep.scores(W), hib)
        counts += np.bincount((np.arange(m)[None, :] * m + ranks).ravel(), minlength=m * m).reshape(m, m)
        first = np.argmin(ranks, axis=1)
        np.add.at(wsum, first, W)
        if scores_mode != "fixed":
            kept_X.append(X)
        done += k
    acc = counts / samples
    wins = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = np.where(wins[:, None] > 0, wsum / np.maximum(wins, 1)[:, None], np.nan)
    conf = np.zeros(m)
    winners = np.flatnonzero(wins > 0)
    if winners.size:
        Wc = central[winners]
        if scores_mode == "fixed":
            prep = _prepare(method, c.X, c, vikor_v)
            S = prep.scores(Wc)  # (w, m)
            r = _ordinal_ranks(S, hib)
            conf[winners] = (r[np.arange(winners.size), winners] == 0).astype(float)
        else:
            hits = np.zeros(winners.size)
            for X in kept_X:
                prep = _prepare(method, X, c, vikor_v)
                for i, (opt, wc) in enumerate(zip(winners, Wc)):
                    r = _ordinal_ranks(prep.scores(np.broadcast_to(wc, (X.shape[0], n))), hib)
                    hits[i] += np.count_nonzero(r[:, opt] == 0)
            conf[winners] = hits / samples
    return SmaaResult(samples, seed, acc, central, conf)


def _prepare(method: str, X: np.ndarray, c: CompiledModel, vikor_v: float):
    return prepare(method, X, c.is_cost, lo=c.lo, hi=c.hi, value_fns=c.value_fns, q=c.pref_q, p=c.pref_p,
                   v=vikor_v)
