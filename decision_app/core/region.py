"""The weight region: the weight vectors an analysis treats as plausible, drawn and reasoned about alike.

A `WeightRegion` is the simplex (weights not negative, summing to 1) cut by a box (``lower <= w <= upper``:
``± spread`` around the current weights, or agreed bounds on a weight) and by linear constraints
``A w <= b`` (an order of importance ``a >= b`` is the row ``w_b - w_a <= 0``); or the convex hull of a
workshop's participants' weights, cut by the same. The SMAA sampler (`core.smaa`) draws from it and the
verdict (`core.verdict`) solves its linear programs over it, so the two always mean the same region.

Both work on one polytope (`core.polytope`) in coordinates z: ``{z : sum(z) = 1, zl <= z <= zu, G z <= h}``
with weights ``w = z @ M``. For weight regions z is w (M is the identity); for a participants' hull z holds the
mixing proportions λ of the participants' weight vectors (M is their matrix). Drawing z uniformly therefore
draws w uniformly from a weight region, and for a hull draws Dirichlet(1) combinations of the participants'
weights (restricted to the cuts), not uniform points of the hull: that is what a hull's draws are, and the
words say so. No Qt, no pydantic.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from decision_app.core.errors import EngineError
from decision_app.core.methods import Array
from decision_app.core.polytope import TOL, Polytope, solve_lp

__all__ = ["TOL", "WeightRegion"]


@dataclass(frozen=True, eq=False)
class WeightRegion:
    """The simplex (or the hull of `points`) cut by ``lower <= w <= upper`` and ``A w <= b``.

    Build it with `simplex`, `around`, `ordered` or `hull`, then cut it further with `bounded`,
    `with_order` or `constrained` (an agreed bound on a weight, an order of importance, any other linear
    constraint). `center` and `spread` are kept for its description only."""

    n: int
    lower: Array  # (n,)
    upper: Array  # (n,)
    A: Array  # (r, n)
    b: Array  # (r,)
    points: Array | None = None  # (p, n) participants' weights; the region lies in their convex hull
    chains: tuple[tuple[int, ...], ...] = ()  # orders of importance among A's rows (most important first)
    center: Array | None = None
    spread: float | None = None
    bounds_agreed: bool = False  # the box holds agreed bounds on a weight (for its description)
    # A's rows hold an agreed order among objectives (sums of weights), or agreed bounds on one (for the
    # description: these cuts are rows of A, not the box or `chains`)
    group_order: bool = False
    group_bounds: bool = False

    # --- construction ------------------------------------------------------------------------------------

    @classmethod
    def simplex(cls, n: int) -> WeightRegion:
        return cls(n, np.zeros(n), np.ones(n), np.zeros((0, n)), np.zeros(0))

    @classmethod
    def around(cls, center: Array, spread: float) -> WeightRegion:
        """Weights within ``± spread`` of `center` (each weight, in absolute terms), summing to 1."""
        c = np.asarray(center, dtype=float)
        if spread < 0:
            raise EngineError("the spread of the weights must not be negative")
        return cls.simplex(c.shape[0]).bounded(c - spread, c + spread)._replace(center=c, spread=float(spread))

    @classmethod
    def ordered(cls, n: int, chains: list[list[int]] | tuple[tuple[int, ...], ...]) -> WeightRegion:
        return cls.simplex(n).with_order(chains)

    @classmethod
    def hull(cls, points: Array) -> WeightRegion:
        """The convex hull of participants' weight vectors (rows; each normalised to sum 1)."""
        P = np.atleast_2d(np.asarray(points, dtype=float))
        sums = P.sum(axis=1, keepdims=True)
        if P.shape[0] == 0 or np.any(P < 0) or np.any(sums <= 0):
            raise EngineError("the participants' weights must be given, not negative, and not all zero")
        n = P.shape[1]
        return cls(n, np.zeros(n), np.ones(n), np.zeros((0, n)), np.zeros(0), points=P / sums)

    @classmethod
    def from_mode(cls, mode: str, n: int, center: Array | None = None, spread: float = 0.1,
                  chains: list[list[int]] | None = None) -> WeightRegion:
        """The region of an SMAA weights mode: ``uniform`` (the simplex), ``around`` (± spread of `center`)
        or ``ordered`` (the simplex with `chains` of order)."""
        if mode == "uniform":
            return cls.simplex(n)
        if mode == "around":
            if center is None:
                raise EngineError("weights mode 'around' needs current weights")
            return cls.around(center, spread)
        if mode == "ordered":
            return cls.ordered(n, chains or [])
        raise EngineError(f'unknown weights mode "{mode}"; choose one of uniform, around, ordered')

    def _replace(self, **kw: Any) -> WeightRegion:
        import dataclasses

        return dataclasses.replace(self, **kw)

    def bounded(self, lower: Array, upper: Array) -> WeightRegion:
        """Cut by ``lower <= w <= upper`` (clipped to 0..1)."""
        lo = np.maximum(self.lower, np.clip(np.asarray(lower, dtype=float), 0.0, 1.0))
        hi = np.minimum(self.upper, np.clip(np.asarray(upper, dtype=float), 0.0, 1.0))
        return self._replace(lower=lo, upper=hi)

    def with_order(self, chains: list[list[int]] | tuple[tuple[int, ...], ...]) -> WeightRegion:
        """Cut by orders of importance: in each chain, every criterion weighs at least as much as the next."""
        rows = []
        for chain in chains:
            for a, b in itertools.pairwise(chain):
                row = np.zeros(self.n)
                row[b], row[a] = 1.0, -1.0
                rows.append(row)
        if not rows:
            return self
        cut = self.constrained(np.array(rows), np.zeros(len(rows)))
        return cut._replace(chains=(*self.chains, *(tuple(int(i) for i in c) for c in chains)))

    def with_group_order(self, chains: list[list[Array]]) -> WeightRegion:
        """Cut by orders of importance among groups of criteria (0/1 vectors over the criteria: an objective's
        weight is the sum of its criteria's): in each chain every group weighs at least as much as the next.
        The rows ``(g_b - g_a) w <= 0`` go to A; the chains are not `chains` (those are drawn by sorting)."""
        rows = [np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
                for chain in chains for a, b in itertools.pairwise(chain)]
        if not rows:
            return self
        return self.constrained(np.array(rows), np.zeros(len(rows)))._replace(group_order=True)

    def group_bounded(self, groups: list[tuple[Array, float, float]]) -> WeightRegion:
        """Cut by ``low <= g w <= high`` for each (g, low, high): bounds on a group's total (an objective's
        weight), as rows of A."""
        rows, rhs = [], []
        for g, low, high in groups:
            g = np.asarray(g, dtype=float)
            if high < 1.0:
                rows.append(g)
                rhs.append(float(high))
            if low > 0.0:
                rows.append(-g)
                rhs.append(-float(low))
        if not groups:
            return self
        cut = self.constrained(np.array(rows), np.array(rhs)) if rows else self
        return cut._replace(group_bounds=True)

    def constrained(self, A: Array, b: Array) -> WeightRegion:
        """Cut by ``A w <= b``."""
        A = np.atleast_2d(np.asarray(A, dtype=float))
        return self._replace(A=np.vstack([self.A, A]), b=np.concatenate([self.b, np.asarray(b, dtype=float)]))

    # --- the polytope both the sampler and the verdict use -------------------------------------------------

    @cached_property
    def polytope(self) -> Polytope:
        if self.points is None:
            only_chains = self.A.shape[0] == sum(max(len(c) - 1, 0) for c in self.chains)
            return Polytope(self.lower, self.upper, self.A, self.b, None,
                            self.chains if only_chains and self.chains else None)
        P = self.points
        rows, h = [self.A @ P.T], [self.b]
        cut_hi = self.upper < 1.0
        cut_lo = self.lower > 0.0
        rows += [P[:, cut_hi].T, -P[:, cut_lo].T]
        h += [self.upper[cut_hi], -self.lower[cut_lo]]
        p = P.shape[0]
        return Polytope(np.zeros(p), np.ones(p), np.vstack(rows), np.concatenate(h), P)

    def relaxed(self) -> WeightRegion:
        """The region without its cuts (a box, the simplex, or the bare hull): it contains this one, and linear
        minimisations over it have a closed form."""
        if self.points is not None:
            return WeightRegion.hull(self.points)
        return self._replace(A=np.zeros((0, self.n)), b=np.zeros(0), chains=(), group_order=False,
                             group_bounds=False)

    @property
    def closed_form(self) -> bool:
        """Are linear minimisations over the region solved in closed form (no cuts beyond the box)?"""
        return int(self.polytope.G.shape[0]) == 0

    @property
    def is_hull(self) -> bool:
        return self.points is not None

    def to_weights(self, Z: Array) -> Array:
        M = self.polytope.M
        return Z if M is None else Z @ M

    def sample(self, rng: np.random.Generator, k: int) -> Array:
        """k weight vectors (k, n), uniform on the region (Dirichlet(1) combinations for a hull)."""
        return self.to_weights(self.polytope.sample(rng, k))

    def contains(self, W: Array, tol: float = 1e-7) -> Array:
        """Which rows of W (k, n) lie in the region (a hull: by one small linear program per row)."""
        W = np.atleast_2d(np.asarray(W, dtype=float))
        ok = (np.abs(W.sum(axis=1) - 1.0) <= tol) & np.all(self.lower - tol <= W, axis=1)
        ok &= np.all(self.upper + tol >= W, axis=1)
        if self.A.shape[0]:
            ok &= np.all(self.b + tol >= W @ self.A.T, axis=1)
        if self.points is not None:
            P = self.points
            for i in np.flatnonzero(ok):
                res = solve_lp(c=np.zeros(P.shape[0]), A_eq=np.vstack([P.T, np.ones(P.shape[0])]),
                               b_eq=np.append(W[i], 1.0), bounds=[(0, None)] * P.shape[0])
                ok[i] = res.status == 0
        out: Array = ok
        return out

    def minimise(self, C: Array) -> Array:
        """min over the region of each row of C (k, n) times w, exactly."""
        M = self.polytope.M
        C = np.atleast_2d(np.asarray(C, dtype=float))
        return self.polytope.minimise(C if M is None else C @ M.T)

    def maximin(self, D: Array) -> tuple[float, Array]:
        """max over the region of min_r D[r] @ w, and a weight vector attaining it."""
        M = self.polytope.M
        D = np.atleast_2d(np.asarray(D, dtype=float))
        t, z = self.polytope.maximin(D if M is None else D @ M.T)
        return t, self.to_weights(z[None, :])[0]

    def phrase(self) -> str:
        """The region as a noun phrase: 'weights within ±0.05 of the current weights'."""
        if self.points is not None:
            base = "mixes of the participants' weights"
        elif self.spread is not None:
            base = f"weights within ±{self.spread:.2f} of the current weights"
        else:
            base = "weights"
        cuts = []
        if self.chains or self.group_order:
            cuts.append("keep the agreed order of importance")
        bounds = np.any(self.lower > 0) or np.any(self.upper < 1)
        if self.group_bounds or (bounds and (self.center is None or self.points is not None or self.bounds_agreed)):
            cuts.append("stay within the agreed bounds")
        return base + ("" if not cuts else " that " + " and ".join(cuts))

    def drawn(self) -> str:
        """How the draws are made, in words: 'drawn uniformly from the weights within ±0.05 of ...'."""
        if self.points is not None:
            return "random Dirichlet(1) mixes of the participants' weights (their proportions uniform)"
        return "drawn uniformly from the " + self.phrase()

    def words(self) -> str:
        """How the region reads in a sentence: 'for all weights within ±0.05 of the current weights'."""
        return "for all " + self.phrase()
