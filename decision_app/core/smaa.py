"""SMAA-2 (Lahdelma & Salminen 2001): stochastic multicriteria acceptability analysis, drawn once and
re-scored many times (common random numbers).

Weights are drawn uniformly from a weight region (`core.region`: the simplex, the weights within +/- `spread`
of the current ones, those obeying chains of order such as ``casualties >= escalation_risk``, or mixes of
participants' weights), exactly the region the verdict reasons about; scores are drawn uniformly or
triangularly within each score's low..high range. Results: rank-acceptability indices (rows and columns sum
to 1: ties are broken by option order, so each draw gives a permutation), the pairwise winning indices,
central weight vectors, confidence factors, and the band each option's score keeps over the draws (its 5th
to 95th percentile: what the ranking's whiskers show for a method whose score is relative to the other
options; only for those methods, NaN for the others, whose whiskers show the low-high range: a quantile over
every draw is a third of a drag's re-score). Seeded and reproducible. Pure numpy, no loop over draws or options.

Draw once, re-score many times. A `SmaaEngine` belongs to one compiled model, method and set of settings
(draws, seed, scores mode, VIKOR's v). It draws the scores once, in seeded chunks, and turns them once into
the method's per-criterion terms with the method's own kernel (`methods.SmaaKernel`, on the method's
record: nothing here knows any method). A weight move only re-combines those terms under the new weight
draws. The cache (`engine_for`) keeps the last engines; their terms are float32 (the shares are counts of
draws: single precision changes no figure shown) and bounded by `CACHE_BYTES`: blocks beyond the bound are
drawn and prepared again on every run, in chunks, from the same seeded streams, so the figures never depend
on the cache.

How the weight draws follow the weights. Where the region does not depend on the current weights (the
simplex, orders of importance, agreed bounds, a participants' hull) its draws are made once per engine and
reused. Where it does (``around``: within +/- spread of the current weights, perhaps cut further), the engine
keeps two seeded pools of proposals, each uniform on a set that holds the region, and per move takes, in
the pool's order, the proposals inside the region (weights not negative, within any agreed bound or order),
the first `samples` of them: rejection sampling from a uniform superset, so the kept draws are uniform on
exactly the region, whatever the weights. One pool holds offsets drawn uniformly from
``D = {d : sum(d) = 0, |d_i| <= spread}`` (rejection from the box), proposed as ``w + d``: while the box stays
inside the simplex every offset is kept and the draws simply move with the weights. The other holds points e
uniform on the simplex, proposed as ``lower + (1 - sum(lower)) * e``: the simplex shifted to the region's lower
bounds, which near the simplex's edge (weights below the spread, where most offsets would leave it) fits the
region closely. Per move the pool that keeps more of a fixed pilot is used, extended (seeded, in fixed blocks)
until enough are kept; where even it would keep fewer than one proposal in `MAX_POOL_BLOCKS`, the region is
sampled directly (`core.region`) from its own seeded stream. Either way the draws are a function of the weights
and the seed only: moving a slider back returns exactly the earlier figures.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from decision_app.core import methods as _methods
from decision_app.core.compiled import CompiledModel
from decision_app.core.errors import EngineError
from decision_app.core.methods import Array, Method, MethodInputs
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
    score_band: np.ndarray  # (2, m): the 5th and 95th percentile of each option's score over the draws (NaN for
    # a method not `relative`: its whiskers show the low-high range)
    # (m, m): share of the samples in which option i scores strictly better than option j (the pairwise
    # winning index); None for results built elsewhere
    pairwise: np.ndarray | None = None
    # False for a result without confidence factors (NaN), as the window shows during a drag; the full result
    # follows when the drag pauses
    complete: bool = True


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


BLOCK = 2040  # draws per block: its (m, m, BLOCK) comparisons stay in cache; 255 x 8 (see `_count_true`)
CACHE_BYTES = 150 * 2**20  # the terms all cached engines keep, together
CACHE_ENGINES = 2  # engines kept (the window's, and one other, e.g. the verdict's or the brief's)
MAX_POOL_BLOCKS = 16  # offsets pool: at most this many times `samples` offsets before sampling directly
INSIDE_TOL = 1e-12  # an offset's weights may miss the region's bounds by rounding only
PILOT = 4096  # proposals in the fixed pilot that picks a pool for a region

_T = TypeVar("_T")


class _ScoreSampler:
    """Draws score matrices laid out (n, m, k) (criterion, option, draw) in float32.

    A score drawn in [low, high] is low + span * t with t in [0, 1]: uniform t, or for the triangular
    distribution t = min(u1, u2) + f * (max(u1, u2) - min(u1, u2)) with f = (value - low) / span
    (Stein & Keblis 2009, Mathematical and Computer Modelling 49: 1143-1147), which needs no masks."""

    def __init__(self, c: CompiledModel, mode: str):
        f32 = np.float32
        self.mode, self.shape = mode, (c.n, c.m)
        span = c.high - c.low
        frac = np.divide(c.X - c.low, span, out=np.zeros_like(span), where=span > 0)
        self.low = c.low.T.astype(f32)[..., None]
        self.span = span.T.astype(f32)[..., None]
        self.frac = frac.T.astype(f32)[..., None]

    def unit(self, u1: Array, u2: Array | None) -> Array:
        """t in [0, 1] per cell, (n, m, k): the drawn score's position in its low..high range (overwrites u2)."""
        if u2 is None:
            return u1
        lo = np.minimum(u1, u2)
        np.maximum(u1, u2, out=u2)
        u2 -= lo
        u2 *= self.frac
        u2 += lo
        return u2

    def sample(self, rng: np.random.Generator, k: int) -> Array:
        u1 = rng.random((*self.shape, k), dtype=np.float32)
        u2 = rng.random((*self.shape, k), dtype=np.float32) if self.mode == "triangular" else None
        X = self.unit(u1, u2)
        X *= self.span
        X += self.low
        return X


def _box_offsets(rng: np.random.Generator, k: int, n: int, spread: float) -> Array:
    """k offsets uniform on D = {d : sum(d) = 0, |d_i| <= spread}, laid out (n, k), by rejection from the box:
    n - 1 coordinates uniform in [-spread, spread], the last taking up the rest of the sum."""
    if n == 1 or spread == 0:
        return np.zeros((n, k))
    parts, got = [], 0
    while got < k:
        D = rng.random((n, 2 * (k - got) + 64))
        D *= 2.0 * spread
        D -= spread
        D[-1] = 0.0
        D[-1] = -D.sum(axis=0)
        D = D[:, np.abs(D[-1]) <= spread]
        parts.append(D)
        got += D.shape[1]
    return np.concatenate(parts, axis=1)[:, :k]


def _simplex_points(rng: np.random.Generator, k: int, n: int) -> Array:
    """k points uniform on the simplex, laid out (n, k) (normalised exponentials)."""
    E = rng.exponential(size=(n, k))
    E /= E.sum(axis=0)
    return E


def _region_key(region: WeightRegion) -> tuple[Any, ...]:
    parts: list[Any] = [region.n, region.A.tobytes(), region.b.tobytes(), region.lower.tobytes(), region.upper.tobytes()]
    if region.points is not None:
        parts.append(region.points.tobytes())
    return tuple(parts)


class _WeightDraws:
    """`samples` weight vectors per region, a function of the region and the seed only (see the module
    docstring: fixed draws for regions that do not move with the weights, seeded pools of proposals for those
    that do)."""

    def __init__(self, seed: int, samples: int, n: int):
        self.seed, self.k, self.n = seed, samples, n
        self._fixed: OrderedDict[tuple[Any, ...], Array] = OrderedDict()
        # Pools of proposals, extended in blocks of `samples`: ("offsets", spread) and ("simplex", 0.0)
        self._pools: dict[tuple[str, float], tuple[np.random.Generator, list[Array]]] = {}
        self._pilots: dict[tuple[str, float], Array] = {}
        self._lock = threading.Lock()

    @staticmethod
    def moves(region: WeightRegion) -> bool:
        return region.center is not None and region.spread is not None and region.points is None

    def draw(self, region: WeightRegion) -> Array:
        """(n, k) weight vectors uniform on `region`, one a column."""
        return self.draw_split(region)[0]

    def draw_split(self, region: WeightRegion) -> tuple[Array, tuple[Array, Array] | None]:
        """`draw`, and (centre (n,), offsets (n, k)) when the draws are exactly the centre plus the pool's first
        offsets, every one kept (the box inside the simplex), else None."""
        with self._lock:
            if self.moves(region):
                return self._around(region)
            key = _region_key(region)
            Wt = self._fixed.get(key)
            if Wt is None:
                rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(0,)))
                Wt = np.ascontiguousarray(region.sample(rng, self.k).T)
                self._fixed[key] = Wt
                while len(self._fixed) > 4:
                    self._fixed.popitem(last=False)
            return Wt, None

    def _pool(self, key: tuple[str, float], i: int) -> Array:
        """Block i of a pool of proposals (drawn on first use, then kept)."""
        kind, spread = key
        if key not in self._pools:
            stream = (1,) if kind == "offsets" else (4,)
            self._pools[key] = (np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=stream)), [])
        rng, pool = self._pools[key]
        while len(pool) <= i:
            pool.append(_box_offsets(rng, self.k, self.n, spread) if kind == "offsets"
                        else _simplex_points(rng, self.k, self.n))
        return pool[i]

    def _pilot(self, key: tuple[str, float]) -> Array:
        """A fixed pilot of the same proposals (its own fixed seed, whatever the analysis's seed): it says how
        many of a pool's proposals a region keeps, so the choice of pool never depends on the pool's draws."""
        pilot = self._pilots.get(key)
        if pilot is None:
            rng = np.random.default_rng(20_011)
            kind, spread = key
            pilot = (_box_offsets(rng, PILOT, self.n, spread) if kind == "offsets"
                     else _simplex_points(rng, PILOT, self.n))
            self._pilots[key] = pilot
        return pilot

    def _around(self, region: WeightRegion) -> tuple[Array, tuple[Array, Array] | None]:
        """The region within +/- spread of the centre, cut further: the first `samples` proposals of one pool
        that fall inside it. Two pools, both uniform on a set that holds the region: the centre plus offsets in
        D (the box around the centre), and the simplex shifted to the region's lower bounds and scaled to the
        weight they leave, ``lower + (1 - sum(lower)) * e`` with e uniform on the simplex (near the simplex's
        edge, where most offsets leave it, this set is the region's close fit). The pool that keeps more of
        a fixed pilot is used (the offsets on a tie, and always while every offset is kept); where even it would
        need more than `MAX_POOL_BLOCKS` blocks, the region is sampled directly."""
        assert region.center is not None and region.spread is not None
        spread = min(float(region.spread), 1.0)  # no weight differs from another point's by more than 1
        center = np.asarray(region.center, dtype=float)
        off_key, sim_key = ("offsets", spread), ("simplex", 0.0)
        rest = max(1.0 - float(region.lower.sum()), 0.0)
        base = {off_key: center, sim_key: region.lower}
        scale = {off_key: 1.0, sim_key: rest}
        span = {off_key: (-spread, spread), sim_key: (0.0, 1.0)}  # each pool's values lie within these
        keep = {key: self._keeper(region, base[key], scale[key], *span[key]) for key in (off_key, sim_key)}
        rate = {off_key: 1.0} if keep[off_key] is None else {
            key: self._rate(keep[key], self._pilot(key)) for key in (off_key, sim_key)}
        key = off_key if rate[off_key] >= rate.get(sim_key, 0.0) else sim_key
        keeper = keep[key]
        if rate[key] * MAX_POOL_BLOCKS >= 1.0:
            kept: list[Array] = []
            got = 0
            for i in range(MAX_POOL_BLOCKS):
                P = self._pool(key, i)
                kept_here = None if keeper is None else keeper(P)
                if kept_here is None or kept_here.all():
                    if i == 0 and key == off_key:
                        return center[:, None] + P, (center, P)
                    Wt = base[key][:, None] + scale[key] * P
                else:
                    sel = np.flatnonzero(kept_here)[:self.k - got]
                    Wt = base[key][:, None] + scale[key] * P[:, sel]
                kept.append(Wt)
                got += Wt.shape[1]
                if got >= self.k:
                    return (kept[0] if len(kept) == 1 else np.concatenate(kept, axis=1))[:, :self.k], None
        # The region is a sliver of both (tight orders or bounds): draw it directly.
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(2,)))
        return np.ascontiguousarray(region.sample(rng, self.k).T), None

    @staticmethod
    def _rate(keeper: Callable[[Array], Array] | None, pilot: Array) -> float:
        return 1.0 if keeper is None else float(keeper(pilot).mean())

    @staticmethod
    def _keeper(region: WeightRegion, base: Array, scale: float, pmin: float,
                pmax: float) -> Callable[[Array], Array] | None:
        """Which proposals ``base + scale * P`` (P (n, k) with values in pmin..pmax, columns summing to 0 or 1, so
        the weights sum to 1) lie in the region: a function of P checking only the bounds a proposal can miss,
        on those rows alone; None when every proposal lies inside."""
        need_lo = np.flatnonzero(base + scale * pmin < region.lower - INSIDE_TOL)
        need_hi = np.flatnonzero(base + scale * pmax > region.upper + INSIDE_TOL)
        cuts = region.A.shape[0] > 0
        if scale <= 0.0 or not (need_lo.size or need_hi.size or cuts):
            return None
        lo = ((region.lower[need_lo] - INSIDE_TOL - base[need_lo]) / scale)[:, None]
        hi = ((region.upper[need_hi] + INSIDE_TOL - base[need_hi]) / scale)[:, None]
        room = ((region.b + INSIDE_TOL - region.A @ base) / scale)[:, None]

        def keep(P: Array) -> Array:
            ok: Array = np.ones(P.shape[1], dtype=bool)
            if need_lo.size:
                ok &= np.all(P[need_lo] >= lo, axis=0)
            if need_hi.size:
                ok &= np.all(P[need_hi] <= hi, axis=0)
            if cuts:
                ok &= np.all(room >= region.A @ P, axis=0)
            return ok

        return keep


@dataclass(eq=False)
class _Stats:
    """One block's counts under one set of weight draws."""

    first: Array  # (m,) draws each option comes first in
    beats: Array  # (m, m) draws in which option i scores strictly better than option j
    counts: Array | None = None  # (m * m,) option-by-rank counts
    wsum: Array | None = None  # (m, n) sum of the weights of the draws each option wins
    # (m, draws kept for the score band) float32: the block's first draws' keys, turned the way the method's score
    # grows (the score is `scores_from_keys` of them, an increasing function)
    scores: Array | None = None


class SmaaEngine:
    """The draws of one compiled model, method and settings, prepared once; `run` and `quick` re-score them
    under the weight draws of a region (see the module docstring). Safe to use from several threads."""

    def __init__(self, c: CompiledModel, method: str, *, samples: int, seed: int, scores_mode: str,
                 vikor_v: float = 0.5, chunk: int = 16384, budget: int = CACHE_BYTES):
        if samples < 1:
            raise EngineError("the number of samples must be at least 1")
        if scores_mode not in SCORE_MODES:
            raise EngineError(f'unknown scores mode "{scores_mode}"; choose one of {", ".join(SCORE_MODES)}')
        record = _methods.get_method(method)
        if record.smaa is None:
            raise EngineError(f'uncertainty analysis has no kernel for the method "{method}"')
        self.c, self.record, self.kernel = c, record, record.smaa
        self.samples, self.seed, self.scores_mode, self.vikor_v, self.chunk = samples, seed, scores_mode, vikor_v, chunk
        self.hib = record.higher_is_better
        self.inputs = MethodInputs(c.lo, c.hi, c.value_fns, c.pref_q, c.pref_p, vikor_v)
        self.budget = budget
        self.fixed = scores_mode == "fixed"
        self.dtype: type[np.floating[Any]] = np.float64 if self.fixed else np.float32
        # Blocks: (chunk index, first draw, size); each chunk is one seeded stream, drawn block by block.
        self.blocks: list[tuple[int, int, int]] = []
        for ci, start in enumerate(range(0, samples, chunk)):
            size = min(chunk, samples - start)
            self.blocks += [(ci, start + b, min(BLOCK, size - b)) for b in range(0, size, BLOCK)]
        self._terms: list[dict[str, Array] | None] = [None] * len(self.blocks)
        self._fixed_terms: dict[str, Array] | None = None
        self._prepared = False
        self._bases: dict[int, tuple[Array, Array]] = {}  # block -> (offsets, their keys' part): linear kernels
        self.nbytes = 0
        self._weights = _WeightDraws(seed, samples, c.n)
        self._lock = threading.Lock()

    # --- the draws, prepared once -----------------------------------------------------------------------

    def _chunk_blocks(self, ci: int) -> Iterator[tuple[int, dict[str, Array]]]:
        """Draw chunk `ci`'s blocks from its stream, in order, and turn them into terms."""
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(3, ci)))
        sampler = _ScoreSampler(self.c, self.scores_mode)
        for bi, (cj, _start, size) in enumerate(self.blocks):
            if cj == ci:
                yield bi, self.kernel.terms(sampler.sample(rng, size), self.c.is_cost, self.inputs)

    def prepare(self, threads: int = 1) -> None:
        """Draw and prepare the blocks that fit in the budget, whole chunks at a time (once; later calls
        return at once). The first chunk says how many bytes a draw's terms take."""
        with self._lock:
            if self.fixed:
                if self._fixed_terms is None:
                    X = np.asarray(self.c.X, dtype=float).T[..., None]
                    self._fixed_terms = self.kernel.terms(X, self.c.is_cost, self.inputs)
                return
            if self._prepared:
                return
            self._prepared = True
            chunks = sorted({ci for ci, _s, _k in self.blocks})
            per_draw = self._keep(list(self._chunk_blocks(chunks[0]))) / self._chunk_size(chunks[0])
            fit = [ci for ci in chunks[1:]
                   if sum(self._chunk_size(c) for c in chunks[1:ci + 1]) * per_draw <= self.budget - self.nbytes]
            for made in _map(lambda ci: list(self._chunk_blocks(ci)), fit, threads):
                self._keep(made)

    def _chunk_size(self, ci: int) -> int:
        return sum(k for cj, _s, k in self.blocks if cj == ci)

    def _keep(self, made: list[tuple[int, dict[str, Array]]]) -> int:
        """Cache blocks' terms while they fit in the budget; the bytes the blocks take."""
        total = 0
        for bi, terms in made:
            size = sum(a.nbytes for a in terms.values())
            total += size
            if self.nbytes + size <= self.budget:
                self._terms[bi] = terms
                self.nbytes += size
        return total

    def _units(self) -> list[tuple[str, int]]:
        """What one pass over the draws works through: cached blocks, and chunks to draw again (the blocks
        beyond the budget)."""
        if self.fixed:
            return [("fixed", bi) for bi in range(len(self.blocks))]
        cached = [("block", bi) for bi, t in enumerate(self._terms) if t is not None]
        return cached + [("chunk", ci) for ci in sorted({ci for bi, (ci, _s, _k) in enumerate(self.blocks)
                                                          if self._terms[bi] is None})]

    def _blocks_of(self, unit: tuple[str, int]) -> Iterator[tuple[int, dict[str, Array]]]:
        kind, i = unit
        if kind == "fixed":
            assert self._fixed_terms is not None
            yield i, self._fixed_terms
        elif kind == "block":
            terms = self._terms[i]
            assert terms is not None
            yield i, terms
        else:
            for bi, terms in self._chunk_blocks(i):
                if self._terms[bi] is None:
                    yield bi, terms

    def _over_draws(self, fn: Callable[[int, dict[str, Array]], _T], threads: int) -> list[_T]:
        """fn(block index, terms) for every block, in block order; blocks beyond the budget are drawn again,
        one at a time, and dropped."""
        def unit(u: tuple[str, int]) -> list[tuple[int, _T]]:
            return [(bi, fn(bi, terms)) for bi, terms in self._blocks_of(u)]

        done = [r for part in _map(unit, self._units(), threads) for r in part]
        return [r for _bi, r in sorted(done, key=lambda x: x[0])]

    # --- re-scoring ---------------------------------------------------------------------------------------

    def _keys(self, terms: dict[str, Array], Wt: Array) -> Array:
        """(m, b) keys, higher = better, whatever the method's direction."""
        S = np.asarray(self.kernel.combine(terms, Wt, self.inputs))
        if not self.hib:
            np.negative(S, out=S)
        return S

    def _weight_draws(self, region: WeightRegion) -> tuple[Array, Array, tuple[Array, Array] | None]:
        """The region's weight draws (n, k) in float64 (central weights) and in the terms' dtype, and their
        split into centre and offsets where there is one (`_WeightDraws.draw_split`)."""
        if region.n != self.c.n:
            raise EngineError(f"the weight region has {region.n} criteria; the model has {self.c.n}")
        Wt, split = self._weights.draw_split(region)
        return Wt, Wt.astype(self.dtype), split

    def _block_keys(self, bi: int, terms: dict[str, Array], Wt: Array, split: tuple[Array, Array] | None) -> Array:
        """(m, b) keys of one block under per-draw weights Wt (n, k). A linear kernel on a cached block with
        draws split into centre + offsets: the offsets' part once (kept within the budget), plus the centre's."""
        _ci, start, size = self.blocks[bi]
        if split is None or not self.kernel.linear or self.fixed or self._terms[bi] is not terms:
            return self._keys(terms, Wt[:, start:start + size])
        center, D = split
        kept = self._bases.get(bi)
        if kept is not None and kept[0] is D:
            base = kept[1]
        else:
            base = np.asarray(self.kernel.combine(terms, D[:, start:start + size].astype(self.dtype), self.inputs))
            with self._lock:
                if self.nbytes + base.nbytes <= self.budget or kept is not None:
                    self.nbytes += 0 if kept is not None else base.nbytes
                    self._bases[bi] = (D, base)
        S = np.asarray(self.kernel.combine(terms, center.astype(self.dtype)[:, None], self.inputs))
        S += base
        if not self.hib:
            np.negative(S, out=S)
        return S

    def _block_stats(self, bi: int, terms: dict[str, Array], W: Array, Wt: Array,
                     split: tuple[Array, Array] | None, full: bool) -> _Stats:
        """Counts of one block under per-draw weights Wt (n, k) in the terms' dtype (W: the same in float64)."""
        m = self.c.m
        _ci, start, size = self.blocks[bi]
        S = self._block_keys(bi, terms, Wt, split)
        if S.shape[1] != size:  # fixed scores under one weight vector for every draw
            S = np.ascontiguousarray(np.broadcast_to(S, (m, size)))
        better = np.greater(S[:, None, :], S[None, :, :])  # (m, m, b): i strictly better than j
        beats = _count_true(better)
        rank = _sum_bools(better)  # (m, b): how many options beat each one
        if int(beats.sum()) < size * m * (m - 1) // 2:  # ties: the earlier option ranks first
            earlier = np.tri(m, m, -1, dtype=bool).T[:, :, None]  # [j, i]: j < i
            rank = rank + _sum_bools(np.equal(S[:, None, :], S[None, :, :]) & earlier)
        firsts = rank == 0  # (m, b): each draw's first option
        stats = _Stats(_count_true(firsts), beats)
        if full:
            stats.counts = np.bincount((np.arange(m)[:, None] * m + rank).ravel(), minlength=m * m)
            stats.wsum = firsts.astype(float) @ W[:, start:start + size].T
            keep = int(np.clip(max(BAND_CELLS // m, 1) - start, 0, size))
            to_scores = self.kernel.scores_from_keys if self.record.relative else None
            if to_scores is not None:  # the keys were negated where less is better
                stats.scores = np.array(S[:, :keep] if self.hib else -S[:, :keep], dtype=np.float32)
        return stats

    def _stats(self, region: WeightRegion, full: bool, threads: int) -> list[_Stats]:
        self.prepare(threads)
        W, Wt, split = self._weight_draws(region)
        return self._over_draws(lambda bi, terms: self._block_stats(bi, terms, W, Wt, split, full), threads)

    def quick(self, region: WeightRegion, threads: int = 1) -> tuple[Array, Array]:
        """First-place shares (m,) and pairwise winning indices (m, m) under the region's weight draws: what a
        weight move needs at once (the verdict's figures)."""
        parts = self._stats(region, False, threads)
        first = np.sum([p.first for p in parts], axis=0)
        beats = np.sum([p.beats for p in parts], axis=0)
        return first / self.samples, beats / self.samples

    def run(self, region: WeightRegion, threads: int = 1, confidence: bool = True) -> SmaaResult:
        """The SMAA-2 result under the region's weight draws; without `confidence`, no confidence factors
        (NaN; the one pass over the draws per winner they take is most of a re-score's cost)."""
        m, n = self.c.m, self.c.n
        parts = self._stats(region, True, threads)
        counts = np.sum([p.counts for p in parts if p.counts is not None], axis=0).reshape(m, m)
        beats = np.sum([p.beats for p in parts], axis=0)
        wsum = np.zeros((m, n))
        for p in parts:
            assert p.wsum is not None
            wsum += p.wsum
        wins = counts[:, 0]
        central = np.full((m, n), np.nan)
        central[wins > 0] = wsum[wins > 0] / wins[wins > 0, None]
        conf = np.zeros(m) if confidence else np.full(m, np.nan)
        winners = np.flatnonzero(wins > 0)
        if winners.size and confidence:
            conf[winners] = self._confidence_hits(winners, central[winners], threads) / self.samples
        kept = [p.scores for p in parts if p.scores is not None]
        to_scores = self.kernel.scores_from_keys
        band = (_band(np.concatenate(kept, axis=1), to_scores) if kept and to_scores is not None
                else np.full((2, m), np.nan))  # a method whose keys do not give its score
        return SmaaResult(self.samples, self.seed, counts / self.samples, central, conf, band, beats / self.samples,
                          complete=confidence)

    def _confidence_hits(self, winners: Array, Wc: Array, threads: int) -> Array:
        """How many draws of scores each winner comes first in under its own central weights (ties: the first
        option), all winners at once."""
        Wct = np.ascontiguousarray(Wc.T, dtype=self.dtype)[:, :, None, None]  # (n, winners, 1, 1)
        w = winners.size
        before = np.arange(self.c.m)[None, :] < winners[:, None]  # (w, m): options ahead of each winner

        def hits(_bi: int, terms: dict[str, Array]) -> Array:
            keys = self._keys(terms, Wct)  # (w, m, k)
            at_best = keys >= keys.max(axis=1, keepdims=True)
            first = at_best[np.arange(w), winners] & ~(at_best & before[:, :, None]).any(axis=1)
            return np.asarray(np.count_nonzero(first, axis=1), dtype=float)

        if self.fixed:  # one matrix: each winner is first under its central weights in all draws or in none
            assert self._fixed_terms is not None
            return hits(0, self._fixed_terms) * self.samples
        return np.asarray(np.sum(self._over_draws(hits, threads), axis=0))


def _band(keys: Array, to_scores: Callable[[Array], Array]) -> Array:
    """(2, m) the BAND quantiles of each row's scores, ``np.quantile(to_scores(keys), BAND, axis=1)`` (its linear
    interpolation between the two order statistics around each quantile), from the keys' order statistics: the
    scores grow with the keys, so the order statistics of the scores are those of the keys turned into scores.
    Only those are turned (not every draw's key), and the keys are partitioned at those ranks alone."""
    N = keys.shape[1]
    at = (N - 1) * np.asarray(BAND, dtype=float)
    below = np.floor(at).astype(np.intp)
    above = np.minimum(below + 1, N - 1)
    keys.partition(np.unique(np.concatenate([below, above])), axis=1)
    a = np.asarray(to_scores(keys[:, below].T), dtype=np.float32)  # (2, m)
    b = np.asarray(to_scores(keys[:, above].T), dtype=np.float32)
    t = (at - below)[:, None]
    diff = b - a
    out: Array = a + diff * t  # numpy's own interpolation, term by term (`np.quantile`, method "linear")
    np.subtract(b, diff * (1 - t), out=out, where=t >= 0.5)
    return out.astype(float)


def _count_true(B: Array) -> Array:
    """Count of True along the last axis of a C-contiguous bool array, (...) int64. Read as uint64 words, 8
    bools (bytes of 0 or 1) a word: summing at most 255 words keeps every byte below 256, so no byte carries,
    and the bytes of the sum add up to the count; several times faster than count_nonzero along an axis."""
    b = B.shape[-1]
    if b % 8 or not B.flags.c_contiguous:
        return np.asarray(np.count_nonzero(B, axis=-1))
    V = B.view(np.uint64)
    total = np.zeros(B.shape[:-1], dtype=np.int64)
    for s in range(0, V.shape[-1], 255):
        part = V[..., s:s + 255].sum(axis=-1, dtype=np.uint64)
        total += part.reshape(*part.shape, 1).view(np.uint8).sum(axis=-1, dtype=np.int64)
    return total


def _sum_bools(B: Array) -> Array:
    """Sum over axis 0 of a bool array (fewer than 256 rows: in bytes, several times faster than int64)."""
    if B.shape[0] < 256:
        return np.asarray(B.view(np.uint8).sum(axis=0, dtype=np.uint8))
    return np.asarray(B.sum(axis=0))


def _map(fn: Callable[[Any], _T], items: Sequence[Any], threads: int) -> list[_T]:
    """fn over items in order, on `threads` threads (numpy releases the GIL in its loops)."""
    if threads <= 1 or len(items) <= 1:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(min(threads, len(items))) as pool:
        return list(pool.map(fn, items))


_CACHE: OrderedDict[tuple[Any, ...], SmaaEngine] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def engine_for(c: CompiledModel, method: str, *, samples: int = 10_000, seed: int = 0,
               scores_mode: str = "triangular", vikor_v: float = 0.5, chunk: int = 16384) -> SmaaEngine:
    """The cached engine for these draws (made on first use): the last `CACHE_ENGINES` are kept, their
    terms bounded by `CACHE_BYTES` together (a new engine may fill what the older one leaves, which stops
    growing). A new compiled model (an edit) or new settings make a new engine."""
    record: Method = _methods.get_method(method)
    key = (id(c), method, id(record), samples, seed, scores_mode, float(vikor_v), chunk)
    with _CACHE_LOCK:
        engine = _CACHE.get(key)
        if engine is not None and engine.c is c and engine.record is record:
            _CACHE.move_to_end(key)
            return engine
        # Older engines keep what they hold (no more), within half the bound; the new one has the rest.
        while _CACHE and (len(_CACHE) >= CACHE_ENGINES or sum(e.nbytes for e in _CACHE.values()) > CACHE_BYTES // 2):
            _CACHE.popitem(last=False)
        for e in _CACHE.values():
            e.budget = e.nbytes
        engine = SmaaEngine(c, method, samples=samples, seed=seed, scores_mode=scores_mode, vikor_v=vikor_v,
                            chunk=chunk, budget=CACHE_BYTES - sum(e.nbytes for e in _CACHE.values()))
        _CACHE[key] = engine
        return engine


def clear_cache() -> None:
    """Forget every engine (benchmarks measure cold runs with it)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def cache_nbytes() -> int:
    """Bytes of terms the cached engines keep."""
    with _CACHE_LOCK:
        return sum(e.nbytes for e in _CACHE.values())


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
    confidence: bool = True,
) -> SmaaResult:
    """SMAA-2 over `samples` joint draws of weights and scores, re-scoring the cached draws (`engine_for`).

    Weights are drawn uniformly from `region` (`core.region`), by default the region of `weights_mode`
    (with `center`, `spread` and `chains`).

    Scores are drawn in chunks of `chunk`, each from its own stream seeded from `seed`, so the result depends
    on `seed` and `chunk` only, never on `threads` or on what the cache holds. `threads` > 1 prepares and
    scores blocks in parallel: numpy releases the GIL inside its loops. Without `confidence` the result has
    no confidence factors (`SmaaResult.complete` is False): what a window shows during a drag.
    """
    if weights_mode not in WEIGHT_MODES:
        raise EngineError(f'unknown weights mode "{weights_mode}"; choose one of {", ".join(WEIGHT_MODES)}')
    if samples < 1:
        raise EngineError("the number of samples must be at least 1")
    if region is None:
        region = WeightRegion.from_mode(weights_mode, c.n, center, spread, chains)
    engine = engine_for(c, method, samples=samples, seed=seed, scores_mode=scores_mode, vikor_v=vikor_v, chunk=chunk)
    return engine.run(region, threads, confidence)


def parse_order(text: str, criterion_ids: tuple[str, ...], objective_ids: tuple[str, ...] = ()) -> list[list[int]]:
    """'a>=b>=c,d>=e' -> chains of indices into `criterion_ids` followed by `objective_ids` (the value tree's
    objectives may be ordered too: an objective's weight is the sum of its criteria's); each id in one chain at
    most."""
    ids = (*criterion_ids, *objective_ids)
    what = "criterion or objective ids" if objective_ids else "criterion ids"
    chains: list[list[int]] = []
    seen: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        names = [s.strip() for s in part.split(">=")]
        if len(names) < 2:
            raise EngineError(f'"{part}" is not an order; write it as a>=b ({what})')
        chain = []
        for name in names:
            if name not in ids:
                if objective_ids:
                    raise EngineError(f'"{name}" is neither a criterion id nor an objective id (known: '
                                      f'{", ".join(ids)})')
                raise EngineError(f'"{name}" is not a criterion id (known: {", ".join(criterion_ids)})')
            j = ids.index(name)
            if j in seen:
                raise EngineError(f'"{name}" appears in more than one order; put it in one chain, a>=b>=c')
            seen.add(j)
            chain.append(j)
        chains.append(chain)
    return chains
