"""The engine's front door: a compiled model plus cached per-method preparations.

`Analysis(compiled).score(method, weights)` is what the CLI, the window and the brief call. Preparing a
method happens once per structural edit; a weight change is one matrix-vector product and a ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.compiled import CompiledModel, normalize_weights
from decision_app.core.errors import EngineError
from decision_app.core.methods import METHOD_NAMES, Prepared, prepare, rank


@dataclass(frozen=True, eq=False)
class Result:
    method: str
    weights: np.ndarray  # normalised (n,)
    scores: np.ndarray  # (m,) the method's own figure
    ranks: np.ndarray  # (m,) 1 = best, ties share the better rank
    order: np.ndarray  # option indices, best first
    higher_is_better: bool

    def leader(self) -> int:
        return int(self.order[0])


class Analysis:
    """A compiled model with each method prepared on first use (thread-compatible: read-only after)."""

    def __init__(self, compiled: CompiledModel, vikor_v: float = 0.5):
        self.model = compiled
        self.vikor_v = float(vikor_v)
        self._prepared: dict[str, Prepared] = {}

    def prepared(self, method: str) -> Prepared:
        p = self._prepared.get(method)
        if p is None:
            if method not in METHOD_NAMES:
                raise EngineError(f'unknown method "{method}"; choose one of {", ".join(METHOD_NAMES)}')
            c = self.model
            p = prepare(method, c.X, c.is_cost, lo=c.lo, hi=c.hi, value_fns=c.value_fns, q=c.pref_q,
                        p=c.pref_p, v=self.vikor_v)
            self._prepared[method] = p
        return p

    def score(self, method: str, weights: np.ndarray, *, normalized: bool = False) -> Result:
        w = weights if normalized else normalize_weights(weights)
        p = self.prepared(method)
        s = p.scores(w)
        r = rank(s, p.higher_is_better)
        order = np.lexsort((np.arange(s.shape[0]), r))
        return Result(method, w, s, r, order, p.higher_is_better)

    def details(self, method: str, weights: np.ndarray) -> dict[str, np.ndarray]:
        return self.prepared(method).details(normalize_weights(weights))
