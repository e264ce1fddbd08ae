"""A decision model compiled into arrays, once per structural edit.

Everything the engine needs lives here as numpy arrays (values, ranges, directions, scales, value
functions, preference thresholds, profiles). Slider moves never come back to the pydantic model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision_app.core.errors import EngineError
from decision_app.core.expected import expected_score
from decision_app.core.schema import DecisionModel, display_name, usable_value_function


@dataclass(frozen=True, eq=False)
class CompiledCondition:
    """One option's condition (format version 9): its likelihood and, for each criterion it affects, the central
    outcomes if met and if not, so that the option's row can be recomputed at any likelihood (tipping points)."""

    option: int
    id: str
    name: str
    p: float
    p_low: float
    p_high: float
    basis: str
    criteria: tuple[int, ...]
    accepted: np.ndarray  # (k,) central outcome if met, per affected criterion
    refused: np.ndarray  # (k,) central outcome if not
    value_fns: tuple[tuple[list[float], list[float]] | None, ...]

    def scores_at(self, p: np.ndarray) -> np.ndarray:
        """(len(p), k) the option's expected scores on the affected criteria at likelihoods p."""
        p = np.asarray(p, dtype=float)[:, None]
        cols = [expected_score(p[:, 0], a, r, vf) for a, r, vf in
                zip(self.accepted, self.refused, self.value_fns, strict=True)]
        return np.stack(cols, axis=1) if cols else np.zeros((p.shape[0], 0))


@dataclass(frozen=True, eq=False)
class CompiledModel:
    option_ids: tuple[str, ...]
    option_names: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    criterion_names: tuple[str, ...]
    X: np.ndarray  # (m, n) best-estimate values
    low: np.ndarray  # (m, n)
    high: np.ndarray  # (m, n)
    is_cost: np.ndarray  # (n,) bool
    lo: np.ndarray  # (n,) scale minimum: declared, else the observed lowest low
    hi: np.ndarray  # (n,) scale maximum: declared, else the observed highest high
    declared: np.ndarray  # (n,) bool: was the scale declared?
    value_fns: tuple[tuple[np.ndarray, np.ndarray] | None, ...]
    pref_q: np.ndarray  # (n,) PROMETHEE indifference thresholds (0 for 'usual')
    pref_p: np.ndarray  # (n,) PROMETHEE preference thresholds (0 for 'usual')
    profiles: dict[str, np.ndarray] = field(default_factory=dict)  # raw, not normalised
    profile_names: dict[str, str] = field(default_factory=dict)
    # What a reader sees where space is short (`schema.display_name`: the short name, else the name); the
    # names above stay for tooltips, tables with room and sentences. Empty: the names.
    option_labels: tuple[str, ...] = ()
    criterion_labels: tuple[str, ...] = ()
    conditions: tuple[CompiledCondition, ...] = ()  # the likelihoods behind expected-value cells (version 9)
    # The value tree's objectives (format version 10): each objective's id -> the criteria under it (indices), and
    # its name. An objective's weight is the sum of theirs, so an agreed order or bound on it is linear in the
    # weights (`snapshot.UncertaintySettings.region`). Empty for a flat model.
    groups: dict[str, tuple[int, ...]] = field(default_factory=dict)
    group_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.option_labels:
            object.__setattr__(self, "option_labels", self.option_names)
        if not self.criterion_labels:
            object.__setattr__(self, "criterion_labels", self.criterion_names)

    @property
    def m(self) -> int:
        return len(self.option_ids)

    @property
    def n(self) -> int:
        return len(self.criterion_ids)

    def criterion_index(self, cid: str) -> int:
        try:
            return self.criterion_ids.index(cid)
        except ValueError:
            raise KeyError(f'no criterion "{cid}" (known: {", ".join(self.criterion_ids)})') from None

    def profile_weights(self, profile_id: str) -> np.ndarray:
        if profile_id not in self.profiles:
            raise KeyError(f'no weight profile "{profile_id}" (this model has: {", ".join(self.profiles)})')
        return normalize_weights(self.profiles[profile_id])


def normalize_weights(w: np.ndarray) -> np.ndarray:
    """Scale non-negative weights to sum 1. Zero-sum or negative weights are an error, never NaN."""
    w = np.asarray(w, dtype=float)
    if w.ndim != 1:
        raise EngineError("weights must be one number per criterion")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise EngineError("weights must be finite and not negative")
    total = w.sum()
    if total <= 0:
        raise EngineError("all weights are zero; give at least one criterion a positive weight")
    out: np.ndarray = w / total
    return out


def compile_model(model: DecisionModel) -> CompiledModel:
    crits = model.criteria
    opts = model.options
    cids = [c.id for c in crits]
    X = np.array([[o.scores[c].value for c in cids] for o in opts], dtype=float)
    L = np.array([[o.scores[c].low for c in cids] for o in opts], dtype=float)
    H = np.array([[o.scores[c].high for c in cids] for o in opts], dtype=float)
    declared = np.array([c.scale is not None for c in crits])
    lo = np.array([c.scale.min if c.scale else L[:, j].min() for j, c in enumerate(crits)], dtype=float)
    hi = np.array([c.scale.max if c.scale else H[:, j].max() for j, c in enumerate(crits)], dtype=float)
    vfs = tuple(
        (np.array([p.x for p in c.value_function]), np.array([p.value for p in c.value_function]))
        if c.value_function
        else None
        for c in crits
    )
    q = np.array([c.preference.q if c.preference and c.preference.type == "linear" else 0.0 for c in crits])
    p = np.array([c.preference.p if c.preference and c.preference.type == "linear" else 0.0 for c in crits])
    profiles = {pr.id: np.array([pr.weights.get(c, 0.0) for c in cids], dtype=float) for pr in model.profiles}
    return CompiledModel(
        option_ids=tuple(o.id for o in opts),
        option_names=tuple(o.name for o in opts),
        criterion_ids=tuple(cids),
        criterion_names=tuple(c.name for c in crits),
        X=X,
        low=L,
        high=H,
        is_cost=np.array([c.direction == "cost" for c in crits]),
        lo=lo,
        hi=hi,
        declared=declared,
        value_fns=vfs,
        pref_q=q,
        pref_p=p,
        profiles=profiles,
        profile_names={pr.id: pr.name for pr in model.profiles},
        option_labels=tuple(display_name(o) for o in opts),
        criterion_labels=tuple(display_name(c) for c in crits),
        conditions=_conditions(model),
        groups=objective_leaves(model),
        group_names={o.id: o.name for o in model.objectives},
    )


def objective_leaves(model: DecisionModel) -> dict[str, tuple[int, ...]]:
    """Each objective's criteria (indices in the model's order), in the model's objectives order."""
    at = {c.id: j for j, c in enumerate(model.criteria)}
    kids = {o.id: o.children for o in model.objectives}

    def under(item: str, seen: frozenset[str]) -> set[int]:
        if item in at:
            return {at[item]}
        if item in seen:  # a cycle (refused when the model was checked): nothing more under it
            return set()
        return set().union(*(under(k, seen | {item}) for k in kids.get(item, ())))

    return {o.id: tuple(sorted(under(o.id, frozenset()))) for o in model.objectives}


def _conditions(model: DecisionModel) -> tuple[CompiledCondition, ...]:
    cids = [c.id for c in model.criteria]
    out: list[CompiledCondition] = []
    for i, o in enumerate(model.options):
        for cond in o.conditions:
            js = [j for j, cid in enumerate(cids) if (oc := o.scores[cid].outcomes) is not None
                  and oc.condition == cond.id]
            outs = [o.scores[cids[j]].outcomes for j in js]
            lk = cond.likelihood
            out.append(CompiledCondition(
                option=i, id=cond.id, name=cond.name, p=lk.value, p_low=lk.low, p_high=lk.high, basis=lk.basis,
                criteria=tuple(js), accepted=np.array([oc.accepted.value for oc in outs if oc], dtype=float),
                refused=np.array([oc.refused.value for oc in outs if oc], dtype=float),
                value_fns=tuple(usable_value_function(model.criteria[j]) for j in js)))
    return tuple(out)


def from_arrays(
    X: np.ndarray,
    is_cost: np.ndarray,
    *,
    option_ids: list[str] | None = None,
    criterion_ids: list[str] | None = None,
    lo: np.ndarray | None = None,
    hi: np.ndarray | None = None,
) -> CompiledModel:
    """Build a CompiledModel straight from a matrix (benchmarks, tests, generated models)."""
    X = np.asarray(X, dtype=float)
    m, n = X.shape
    oids = option_ids or [f"o{i}" for i in range(m)]
    cids = criterion_ids or [f"c{j}" for j in range(n)]
    return CompiledModel(
        option_ids=tuple(oids),
        option_names=tuple(oids),
        criterion_ids=tuple(cids),
        criterion_names=tuple(cids),
        X=X,
        low=X.copy(),
        high=X.copy(),
        is_cost=np.asarray(is_cost, dtype=bool),
        lo=X.min(axis=0) if lo is None else np.asarray(lo, dtype=float),
        hi=X.max(axis=0) if hi is None else np.asarray(hi, dtype=float),
        declared=np.full(n, lo is not None),
        value_fns=(None,) * n,
        pref_q=np.zeros(n),
        pref_p=np.zeros(n),
        profiles={"equal": np.ones(n)},
        profile_names={"equal": "Equal weights"},
    )
