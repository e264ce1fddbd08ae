"""The engine's front door: a compiled model plus cached per-method preparations.

`Analysis(compiled).score(method, weights)` is what the CLI, the window and the brief call. Preparing a
method happens once per structural edit; a weight change is one matrix-vector product and a ranking.
The same holds for the two explanations every face shows: each criterion's contribution (from the method's
own details) and each option's score range (from a batch of perturbed matrices, prepared once per method).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.compiled import CompiledModel, normalize_weights
from decision_app.core.errors import EngineError
from decision_app.core.methods import Array, MethodInputs, Prepared, get_method, rank

# Cells of the perturbed-matrix batch behind the score ranges (2m matrices of m x n, times m for methods
# that build pairwise tables). Above it there are no ranges: the batch would cost too much memory and time
# per weight change. One limit for the window, the brief and the CLI.
RANGE_BATCH_LIMIT = 4_000_000


@dataclass(frozen=True, eq=False)
class Result:
    method: str
    weights: Array  # normalised (n,)
    scores: Array  # (m,) the method's own figure
    ranks: Array  # (m,) 1 = best, ties share the better rank
    order: Array  # option indices, best first
    higher_is_better: bool

    def leader(self) -> int:
        return int(self.order[0])


class Analysis:
    """A compiled model with each method prepared on first use (thread-compatible: read-only after, apart
    from these caches)."""

    def __init__(self, compiled: CompiledModel, vikor_v: float = 0.5):
        self.model = compiled
        self.vikor_v = float(vikor_v)
        c = compiled
        self.inputs = MethodInputs(lo=c.lo, hi=c.hi, value_fns=c.value_fns, q=c.pref_q, p=c.pref_p,
                                   vikor_v=self.vikor_v)
        self._prepared: dict[str, Prepared] = {}
        self._ranges: dict[str, Prepared | None] = {}

    def prepared(self, method: str) -> Prepared:
        p = self._prepared.get(method)
        if p is None:
            p = get_method(method).prepare(self.model.X, self.model.is_cost, self.inputs)
            self._prepared[method] = p
        return p

    def cannot_rank(self, method: str) -> str | None:
        """Why `method` cannot rank this model (e.g. WPM with a score of 0), or None when it can."""
        try:
            self.prepared(method)
        except EngineError as exc:
            return str(exc)
        return None

    def score(self, method: str, weights: Array, *, normalized: bool = False) -> Result:
        w = weights if normalized else normalize_weights(weights)
        p = self.prepared(method)
        s = p.scores(w)
        r = rank(s, p.higher_is_better)
        order = np.lexsort((np.arange(s.shape[0]), r))
        return Result(method, w, s, r, order, p.higher_is_better)

    def details(self, method: str, weights: Array) -> dict[str, Array]:
        return self.prepared(method).details(normalize_weights(weights))

    def contributions(self, method: str, w: Array) -> Array | None:
        """(m, n) each criterion's part of each option's score at normalised weights w, from the method's
        details; None for methods whose score is not a sum over criteria."""
        if not get_method(method).additive:
            return None
        return self.prepared(method).details(w)["contributions"]

    def range_prepared(self, method: str) -> Prepared | None:
        """A batch of 2m matrices, each with one option's scores at their worst (first m) or best (last m):
        evaluated with some weights, it gives every option's score range in one product. Prepared once per
        method; None when it would exceed RANGE_BATCH_LIMIT or the method cannot take the extremes (WPM
        with a low of 0)."""
        if method not in self._ranges:
            spec = get_method(method)
            c = self.model
            m, n = c.m, c.n
            prep: Prepared | None = None
            if spec.batch_cells(2 * m, m, n) <= RANGE_BATCH_LIMIT:
                batch = np.broadcast_to(c.X, (2 * m, m, n)).copy()
                idx = np.arange(m)
                batch[idx, idx] = np.where(c.is_cost, c.high, c.low)
                batch[m + idx, idx] = np.where(c.is_cost, c.low, c.high)
                try:
                    prep = spec.prepare(batch, c.is_cost, self.inputs)
                except EngineError:
                    prep = None
            self._ranges[method] = prep
        return self._ranges[method]

    def score_ranges(self, method: str, w: Array, scores: Array | None = None) -> tuple[Array, Array] | None:
        """(low, high): each option's score with its own scores all at their worst and all at their best,
        the other options unchanged (and never narrower than the score itself); None when unavailable."""
        rp = self.range_prepared(method)
        if rp is None:
            return None
        if scores is None:
            scores = self.prepared(method).scores(w)
        m = self.model.m
        S = rp.scores(w)  # (2m, m)
        idx = np.arange(m)
        both = np.stack([S[idx, idx], S[m + idx, idx], scores])
        return both.min(axis=0), both.max(axis=0)
