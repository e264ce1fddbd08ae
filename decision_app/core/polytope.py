"""A polytope ``{z : sum(z) = 1, zl <= z <= zu, G z <= h}`` (weights ``z @ M``), drawn uniformly and minimised
over exactly: what `core.region.WeightRegion` stands on (see its docstring for what z means).

Drawing, seeded: the whole simplex by normalised exponentials; the simplex with orders of importance only by
sorting within each chain (both exact, and the streams SMAA always used); otherwise by rejection from whichever
of two proposals accepts more (uniform on the simplex; uniform on the box with one coordinate taking up the
rest of the sum), and where neither accepts `MIN_ACCEPTANCE` of proposals, by hit-and-run (Smith 1984) from the
polytope's Chebyshev centre in parallel chains after a burn-in, thinned. The choice is made once per polytope
from a pilot with a fixed seed, so it never depends on the caller's stream.

Linear programs: without cuts (G empty) a minimisation is a continuous knapsack, solved in closed form; with
cuts, scipy's linprog (HiGHS), imported where a program is solved. No Qt, no pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from decision_app.core.errors import EngineError
from decision_app.core.methods import Array

TOL = 1e-9  # slack allowed in membership checks and linear programs
MIN_ACCEPTANCE = 0.01  # below this share of accepted proposals, hit-and-run draws instead of rejection
PILOT = 4096  # proposals in the pilot that picks the drawing scheme
HR_CHAINS = 512  # hit-and-run: parallel chains, each burnt in, then thinned
HR_BURN_PER_DIM = 30
EMPTY_BOX = ("the weight region is empty: a weight's agreed bounds lie outside the weights around the current ones "
             "(their spread); move the current weights inside the agreed bounds, or widen the spread")


def solve_lp(**kw: Any) -> Any:
    """scipy.optimize.linprog with HiGHS (imported on first use: only cut regions and possible winners need it)."""
    from scipy.optimize import linprog

    return linprog(method="highs", **kw)


@dataclass(frozen=True, eq=False)
class Polytope:
    """``{z : sum(z) = 1, zl <= z <= zu, G z <= h}``; weights are ``z @ M`` (M None: z is the weights)."""

    zl: Array  # (d,)
    zu: Array  # (d,)
    G: Array  # (r, d)
    h: Array  # (r,)
    M: Array | None  # (d, n) or None
    sort_chains: tuple[tuple[int, ...], ...] | None = None  # G is exactly these orders on the whole simplex

    @property
    def d(self) -> int:
        return int(self.zl.shape[0])

    def check_box(self) -> None:
        """EngineError when a coordinate's least value is above its largest: no point has it, whatever the rest
        (the drawing and the programs below would otherwise pin it at its least value, outside the region)."""
        if np.any(self.zl > self.zu + TOL):
            raise EngineError(EMPTY_BOX)

    def inside(self, Z: Array, tol: float = TOL) -> Array:
        ok = (np.abs(Z.sum(axis=-1) - 1.0) <= 1e-7) & np.all(self.zl - tol <= Z, axis=-1) & np.all(self.zu + tol >= Z, axis=-1)
        if self.G.shape[0]:
            ok &= np.all(self.h + tol >= Z @ self.G.T, axis=-1)
        out: Array = ok
        return out

    # --- linear programs ------------------------------------------------------------------------------

    def minimise(self, C: Array) -> Array:
        """min over the polytope of each row of C (k, d) times z: (k,) values. Without cuts (G empty) the
        problem is a continuous knapsack, solved in closed form (cheapest coordinates filled first)."""
        C = np.atleast_2d(np.asarray(C, dtype=float))
        self.check_box()
        if self.G.shape[0] == 0:
            order = np.argsort(C, axis=1, kind="stable")
            cs = np.take_along_axis(C, order, axis=1)
            cap = (self.zu - self.zl)[order]
            rest = 1.0 - self.zl.sum()
            fill = np.clip(rest - (np.cumsum(cap, axis=1) - cap), 0.0, cap)
            out: Array = C @ self.zl + (cs * fill).sum(axis=1)
            return out
        vals = np.empty(C.shape[0])
        for i, c in enumerate(C):
            res = self._solve(c)
            vals[i] = res.fun
        return vals

    def maximin(self, D: Array) -> tuple[float, Array]:
        """max over z in the polytope of min_r D[r] @ z, and the z attaining it (a linear program in (z, t))."""
        D = np.atleast_2d(np.asarray(D, dtype=float))
        self.check_box()
        d = self.d
        c = np.zeros(d + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-D, np.ones((D.shape[0], 1))])  # t - D z <= 0
        b_ub = np.zeros(D.shape[0])
        if self.G.shape[0]:
            A_ub = np.vstack([A_ub, np.hstack([self.G, np.zeros((self.G.shape[0], 1))])])
            b_ub = np.concatenate([b_ub, self.h])
        A_eq = np.append(np.ones(d), 0.0)[None, :]
        bounds = [*zip(self.zl, self.zu, strict=True), (None, None)]
        res = solve_lp(c=c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=bounds)
        if res.status != 0:
            raise EngineError("the weight region is empty: its bounds and orders of importance contradict each other")
        return float(-res.fun), np.asarray(res.x[:d])

    def _solve(self, c: Array) -> Any:
        res = solve_lp(c=c, A_ub=self.G if self.G.shape[0] else None, b_ub=self.h if self.G.shape[0] else None,
                       A_eq=np.ones((1, self.d)), b_eq=[1.0], bounds=list(zip(self.zl, self.zu, strict=True)))
        if res.status != 0:
            raise EngineError("the weight region is empty: its bounds and orders of importance contradict each other")
        return res

    # --- drawing ---------------------------------------------------------------------------------------

    @cached_property
    def plan(self) -> tuple[str, Any]:
        """How to draw: ("simplex"|"sorted", None), ("point", z), ("reject", (scheme, free)) or
        ("hit_and_run", (start, free)); chosen once, from a pilot with a fixed seed."""
        zl, zu = self.zl, self.zu
        self.check_box()
        if zl.sum() > 1.0 + TOL or zu.sum() < 1.0 - TOL:
            raise EngineError("the weight region is empty: its lower bounds add up to more than the whole weight, "
                              "or its upper bounds to less")
        trivial_box = bool(np.all(zl <= 0.0) and np.all(zu >= 1.0))
        if trivial_box and self.G.shape[0] == 0:
            return "simplex", None
        if trivial_box and self.sort_chains is not None:
            return "sorted", None
        free = zu - zl > 1e-12
        if not free.any() or free.sum() == 1:
            z = zl.copy()
            z[free] = 1.0 - zl[~free].sum()
            if not self.inside(z[None, :])[0]:
                raise EngineError("the weight region is empty: its bounds and orders of importance contradict each other")
            return "point", z
        pilot = np.random.default_rng(20_011)
        best, rate = "", -1.0
        for scheme in ("simplex", "box"):
            Z = self._propose(pilot, PILOT, scheme, free)
            r = float(self.inside(Z).mean())
            if r > rate:
                best, rate = scheme, r
        if rate >= MIN_ACCEPTANCE:
            return "reject", (best, free, rate)
        return "hit_and_run", (self._centre(free), free)

    def _propose(self, rng: np.random.Generator, k: int, scheme: str, free: Array) -> Array:
        """k proposals, uniform on a set that holds the polytope: the simplex, or the box with the widest free
        coordinate taking up the rest of the sum."""
        if scheme == "simplex":
            e = rng.exponential(size=(k, self.d))
            out: Array = e / e.sum(axis=1, keepdims=True)
            return out
        zl, zu = self.zl, self.zu
        f = int(np.argmax(np.where(free, zu - zl, -1.0)))
        Z: Array = zl + rng.random((k, self.d)) * (zu - zl)
        Z[:, f] = 0.0
        Z[:, f] = 1.0 - Z.sum(axis=1)
        return Z

    def _accepted(self, Z: Array, scheme: str, free: Array) -> Array:
        """Which proposals lie in the polytope; a box proposal is inside the box but for its last coordinate."""
        if scheme == "simplex":
            return self.inside(Z, tol=0.0)
        f = int(np.argmax(np.where(free, self.zu - self.zl, -1.0)))
        ok: Array = (Z[:, f] >= self.zl[f]) & (Z[:, f] <= self.zu[f])
        if self.G.shape[0]:
            ok &= np.all(self.h >= Z @ self.G.T, axis=1)
        return ok

    def sample(self, rng: np.random.Generator, k: int) -> Array:
        """k points z drawn uniformly from the polytope (k, d)."""
        kind, how = self.plan
        if kind == "simplex":
            e = rng.exponential(size=(k, self.d))
            out: Array = e / e.sum(axis=1, keepdims=True)
            return out
        if kind == "sorted":
            e = rng.exponential(size=(k, self.d))
            Z: Array = e / e.sum(axis=1, keepdims=True)
            # Sorting the values within each chain's positions (largest first) maps the uniform distribution on
            # the simplex onto the uniform distribution on the ordered region.
            for chain in self.sort_chains or ():
                idx = np.asarray(chain)
                Z[:, idx] = -np.sort(-Z[:, idx], axis=1)
            return Z
        if kind == "point":
            return np.array(np.broadcast_to(how, (k, self.d)))
        if kind == "reject":
            scheme, free, rate = how
            parts, got = [], 0
            while got < k:
                Z = self._propose(rng, int((k - got) / rate * 1.1) + 64, scheme, free)
                Z = Z[self._accepted(Z, scheme, free)]
                parts.append(Z)
                got += Z.shape[0]
            return np.concatenate(parts)[:k]
        start, free = how
        return self._hit_and_run(rng, k, start, free)

    def _free_form(self, free: Array) -> tuple[Array, Array, float, Array]:
        """Inequalities R zf <= s on the free coordinates, the sum they must make, and the fixed part of z."""
        fixed = np.where(free, 0.0, self.zl)
        idx = np.flatnonzero(free)
        q = idx.size
        R = [np.eye(q), -np.eye(q)]
        s = [self.zu[idx], -self.zl[idx]]
        if self.G.shape[0]:
            R.append(self.G[:, idx])
            s.append(self.h - self.G @ fixed)
        return np.vstack(R), np.concatenate(s), 1.0 - fixed.sum(), fixed

    def _centre(self, free: Array) -> Array:
        """The Chebyshev centre of the polytope within its affine hull (free coordinates only)."""
        R, s, total, _fixed = self._free_form(free)
        q = R.shape[1]
        P = R - R.mean(axis=1, keepdims=True)  # each row projected onto the sum-zero directions
        norms = np.linalg.norm(P, axis=1)
        c = np.zeros(q + 1)
        c[-1] = -1.0
        res = solve_lp(c=c, A_ub=np.hstack([R, norms[:, None]]), b_ub=s,
                       A_eq=np.append(np.ones(q), 0.0)[None, :], b_eq=[total], bounds=[(None, None)] * q + [(0, None)])
        if res.status != 0:
            raise EngineError("the weight region is empty: its bounds and orders of importance contradict each other")
        if -res.fun <= 1e-10:
            raise EngineError("the bounds and orders of importance leave the weights no room to vary together; "
                              "widen a bound or drop an order")
        out: Array = res.x[:q]
        return out

    def _hit_and_run(self, rng: np.random.Generator, k: int, start: Array, free: Array) -> Array:
        R, s, _total, fixed = self._free_form(free)
        q = R.shape[1]
        chains = min(k, HR_CHAINS)
        per_chain = -(-k // chains)
        thin = max(1, q)
        steps = HR_BURN_PER_DIM * q + 100 + per_chain * thin
        Zf = np.array(np.broadcast_to(start, (chains, q)))
        kept = []
        for step in range(steps):
            D = rng.standard_normal((chains, q))
            D -= D.mean(axis=1, keepdims=True)  # stay on sum(z) = const
            slack = np.maximum(s - Zf @ R.T, 0.0)  # (chains, rows)
            RD = D @ R.T
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = slack / RD
            hi = np.min(np.where(RD > 1e-15, ratio, np.inf), axis=1)
            lo = np.max(np.where(RD < -1e-15, ratio, -np.inf), axis=1)
            t = lo + rng.random(chains) * (hi - lo)
            Zf += t[:, None] * D
            done = step + 1 - (steps - per_chain * thin)
            if done > 0 and done % thin == 0:
                kept.append(Zf.copy())
        Zs = np.concatenate(kept)[:k]
        Z = np.array(np.broadcast_to(fixed, (k, self.d)))
        Z[:, np.flatnonzero(free)] = Zs
        return Z
