"""Group weights: several participants' weight profiles combined, with their spread and own rankings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.compiled import normalize_weights
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.methods import rank

COMBINE_RULES = ("mean", "geometric", "median")


@dataclass(frozen=True, eq=False)
class GroupResult:
    combined: np.ndarray  # (n,) normalised
    spread_min: np.ndarray  # (n,)
    spread_max: np.ndarray  # (n,)
    spread_std: np.ndarray  # (n,)
    participant_ranks: np.ndarray  # (p, m)
    participant_top: np.ndarray  # (p,) option index


def combine(weights: np.ndarray, rule: str = "mean") -> np.ndarray:
    """Combine (p, n) participants' weights, each normalised first. The geometric mean is renormalised."""
    W = np.asarray(weights, dtype=float)
    if W.ndim != 2 or W.shape[0] == 0:
        raise EngineError("give at least one participant's weights")
    W = np.vstack([normalize_weights(row) for row in W])
    if rule == "mean":
        g = W.mean(axis=0)
    elif rule == "geometric":
        with np.errstate(divide="ignore"):
            g = np.exp(np.log(W).mean(axis=0))
        if g.sum() <= 0:
            raise EngineError("the geometric mean is zero on every criterion (each has a participant giving 0)")
    elif rule == "median":
        g = np.median(W, axis=0)
        if g.sum() <= 0:
            g = W.mean(axis=0)
    else:
        raise EngineError(f'unknown rule "{rule}"; choose one of {", ".join(COMBINE_RULES)}')
    return g / g.sum()


def group(analysis: Analysis, method: str, weights: np.ndarray, rule: str = "mean") -> GroupResult:
    W = np.vstack([normalize_weights(row) for row in np.asarray(weights, dtype=float)])
    prep = analysis.prepared(method)
    S = prep.scores(W)
    ranks = rank(S, prep.higher_is_better)
    top = np.argmin(ranks, axis=1)
    return GroupResult(combine(W, rule), W.min(axis=0), W.max(axis=0), W.std(axis=0), ranks, top)
