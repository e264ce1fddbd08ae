"""Points per branch: a participant weights the objectives at one level of the value tree instead of every
criterion, and each objective's points split over its criteria as the facilitator's current weights split it.

`level_items` says what is weighted at a level (the objectives there, and any criterion standing higher up,
which cannot be split further); `split_sentence` is the one wording of the split, read by the window's
participant form and by the printed form and its workbook twin; `branch_round` makes the round the model keeps
(the criterion weights, and since version 13 what was entered per branch, `schema.BranchEntry`). Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from decision_app.core.new_round import build_round
from decision_app.core.schema import DecisionModel, ParticipantRound
from decision_app.core.tree import ValueTree, expand_totals

Array = np.ndarray


def level_items(tree: ValueTree, level: int) -> tuple[int, ...]:
    """The items weighted at `level` (1: the top), in the order shown: every objective at that depth and
    every criterion at it or above it. At the criteria's deepest level this is every criterion."""
    return tuple(i for i in tree.walk()
                 if tree.depth[i] == level or (i >= tree.n_nodes and tree.depth[i] < level))


def branch_levels(tree: ValueTree) -> tuple[int, ...]:
    """The levels at which something is weighted as a branch (an objective among the items); none when flat."""
    return tuple(k for k in range(1, tree.levels()) if any(i < tree.n_nodes for i in level_items(tree, k)))


def level_label(tree: ValueTree, level: int) -> str:
    """'the top objectives (Security, Sovereignty, Settlement)', 'level 2 (Human cost, Escalation, ...)'."""
    names = ", ".join(tree.short[i] for i in level_items(tree, level))
    return f"{'the top objectives' if level == 1 else f'the objectives at level {level}'} ({names})"


def shares(tree: ValueTree, base: Array, items: Sequence[int]) -> Array:
    """(criteria,) each criterion's share of its item's points, as `base` splits the item (equal shares where
    `base` gives the item nothing); 1 for a criterion weighted itself."""
    return expand_totals(tree, np.asarray(base, dtype=float), {i: 1.0 for i in items})


def criterion_weights(tree: ValueTree, base: Array, items: Sequence[int], values: Sequence[float] | Array) -> Array:
    """Criterion weights from points (or weights) given to `items`: each item's split as `base` splits it."""
    return expand_totals(tree, np.asarray(base, dtype=float), dict(zip(items, map(float, values), strict=True)))


def split_sentence(tree: ValueTree, base: Array, item: int) -> str | None:
    """'Inside Security, the points split as in the current weights: Casualties 40 %, Escalation 35 %, ...'
    (criteria in the order shown); None for a criterion weighted itself."""
    if item >= tree.n_nodes:
        return None
    s = shares(tree, base, [item])
    inside = [tree.n_nodes + j for j in np.flatnonzero(tree.leaves[item] > 0)]
    order = [i for i in tree.walk() if i in inside]
    parts = ", ".join(f"{tree.short[i]} {round(100 * s[i - tree.n_nodes])} %" for i in order)
    return f"Inside {tree.names[item]}, the points split as in the current weights: {parts}."


def branch_round(model: DecisionModel, tree: ValueTree, base: Array, round: int, method: str, items: Sequence[int],
                 weights: Sequence[float] | Array, *, inputs: Sequence[float] | None = None,
                 ahp_matrix: Array | None = None) -> ParticipantRound:
    """A round given per branch: `weights` per item (points as entered for 'direct', the method's weights
    otherwise), split over the criteria as `base` splits each item; `inputs` (points, ranks or swing points)
    and the pairwise matrix kept per item."""
    ids = [tree.ids[i] for i in items]
    w = criterion_weights(tree, base, items, weights)
    sh = shares(tree, base, items)
    cids = model.criterion_ids()
    raw_inputs = list(weights) if method == "direct" else inputs
    return build_round(
        "weights",
        round=round, method=method,  # checked by pydantic
        weights={c: float(x) for c, x in zip(cids, w, strict=True)},
        inputs=None if raw_inputs is None else {k: float(x) for k, x in zip(ids, raw_inputs, strict=True)},
        ahp=None if ahp_matrix is None else dict(
            criteria=ids, matrix=[[float(x) for x in row] for row in np.asarray(ahp_matrix, dtype=float)]),
        branches=dict(items=ids, shares={c: float(x) for c, x in zip(cids, sh, strict=True)}))


def current_weights(model: DecisionModel) -> Array:
    """The facilitator's current weights as a file holds them (the session's, else the first profile's), in the
    model's criterion order: what a printed form and a points table per branch split a branch by."""
    given = model.session.weights if model.session is not None and model.session.weights else model.profiles[0].weights
    return np.array([given.get(c, 0.0) for c in model.criterion_ids()], dtype=float)
