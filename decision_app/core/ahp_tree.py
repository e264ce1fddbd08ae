"""AHP on a value tree, node by node: one participant's judgements among each node's children, and a group's.

A participant who judges node by node gives, for the top of the tree and for every objective with two or more
children, a pairwise matrix among those children (`schema.NodeJudgements`). Each matrix's principal eigenvector
(`weights.ahp`) is the children's local weights, and a criterion's weight is the product of the local weights
on its path (as `core.tree.weights_from_local`). A group combines the judgements node by node by the established
AHP rule, the aggregation of individual judgements (AIJ, Forman & Peniwati 1998): the element-wise geometric
mean of the participants' matrices for that node (`weights.judgement_mean`), whose eigenvector gives the group's
local weights, multiplied down the tree. A node with one child passes its whole weight on.

What lives here: the judgements as arrays in the tree's order, and their weights; no files, no Qt. The tree's
shape is `core.tree`'s (`build_tree`), and the local weights multiply down by `tree.weights_from_local`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from decision_app.core.errors import EngineError
from decision_app.core.new_round import build_round
from decision_app.core.schema import DecisionModel, NodeJudgements, ParticipantRound
from decision_app.core.tree import ValueTree, build_tree, weights_from_local
from decision_app.core.weights import AhpResult, ahp, judgement_mean

Array = np.ndarray
Node = str | None  # an objective id, or None for the top of the tree


@dataclass(frozen=True, eq=False)
class TreeShape:
    """What node-by-node AHP reads of the value tree (`core.tree.ValueTree`): each node's children by id, in the
    order shown (None: the top), and the criteria."""

    tree: ValueTree
    children: dict[Node, tuple[str, ...]]
    criterion_ids: tuple[str, ...]

    @classmethod
    def of(cls, model: DecisionModel) -> TreeShape:
        return cls.of_tree(build_tree(model))

    @classmethod
    def of_tree(cls, tree: ValueTree) -> TreeShape:
        ids = tree.ids
        children: dict[Node, tuple[str, ...]] = {None: tuple(ids[i] for i in tree.top)}
        children |= {ids[k]: tuple(ids[i] for i in tree.children[k]) for k in range(tree.n_nodes)}
        return cls(tree, children, ids[tree.n_nodes:])

    def judged(self) -> tuple[Node, ...]:
        """The nodes that need judgements: those with two or more children, the top first."""
        return tuple(k for k, v in self.children.items() if len(v) > 1)


def node_matrices(shape: TreeShape, judgements: Sequence[NodeJudgements]) -> dict[Node, Array]:
    """A round's judgements as matrices whose rows and columns follow each node's children in the tree's order
    (a file may list them in any order). The model's check has made sure they cover the tree."""
    out: dict[Node, Array] = {}
    for j in judgements:
        pos = [j.items.index(c) for c in shape.children[j.node]]
        out[j.node] = np.asarray(j.matrix, dtype=float)[np.ix_(pos, pos)]
    return out


def weights_from_node_locals(shape: TreeShape, local: dict[Node, Array]) -> Array:
    """Criterion weights (in the model's order) from each judged node's children's local weights, multiplied down
    the tree (`tree.weights_from_local`); a node with one child (no entry in `local`) passes its weight on whole."""
    tree = shape.tree
    per_item = np.ones(len(tree.ids))
    for node, shares in local.items():
        kids = tree.top if node is None else tree.children[tree.index(node)]
        per_item[list(kids)] = shares
    return weights_from_local(tree, per_item)


@dataclass(frozen=True, eq=False)
class NodeAhp:
    """AHP node by node: per judged node its AHP result (local weights, consistency), and the criterion weights."""

    nodes: dict[Node, AhpResult]
    weights: Array  # (criteria,) summing to 1

    @property
    def consistent(self) -> bool:
        return all(r.consistent for r in self.nodes.values())


def node_ahp(shape: TreeShape, matrices: dict[Node, Array]) -> NodeAhp:
    """One participant's (or the group's combined) judgements node by node: eigenvectors multiplied down."""
    missing = [n for n in shape.judged() if n not in matrices]
    if missing:
        where = "the top of the tree" if missing[0] is None else f'"{missing[0]}"'
        raise EngineError(f"no judgements among the children of {where}")
    res = {n: ahp(matrices[n]) for n in shape.judged()}
    return NodeAhp(res, weights_from_node_locals(shape, {n: r.weights for n, r in res.items()}))


def aggregate_nodes(shape: TreeShape, per_participant: Sequence[dict[Node, Array]]) -> NodeAhp:
    """The group's AHP node by node (AIJ per node): at each judged node the element-wise geometric mean of every
    participant's matrix for it, its eigenvector the group's local weights, multiplied down the tree."""
    if not per_participant:
        raise EngineError("give at least one participant's judgements")
    return node_ahp(shape, {n: judgement_mean(np.stack([m[n] for m in per_participant]))
                            for n in shape.judged()})


@dataclass(frozen=True, eq=False)
class NodeJudged:
    """One participant's judgements node by node, as the group engine takes them."""

    shape: TreeShape
    matrices: dict[Node, Array]


TOP_KEY = "(top)"  # the top of the tree in JSON (not an id, so no objective can take it)


def node_key(node: Node) -> str:
    return TOP_KEY if node is None else node


def node_ahp_payload(res: NodeAhp) -> dict[str, object]:
    """JSON-ready: per judged node its children's local weights and the consistency of its judgements."""
    return {"consistent": res.consistent,
            "nodes": {node_key(n): {"consistency_ratio": r.consistency_ratio, "consistent": r.consistent}
                      for n, r in res.nodes.items()}}


def node_ahp_round(model: DecisionModel, round: int, matrices: dict[Node, Array]) -> ParticipantRound:
    """An 'ahp' round judged node by node: the criterion weights the judgements give, and the judgements kept per
    node (each matrix in the tree's order of the node's children)."""
    shape = TreeShape.of(model)
    res = node_ahp(shape, matrices)
    return build_round(
        "judgements",
        round=round, method="ahp",
        weights={c: float(x) for c, x in zip(shape.criterion_ids, res.weights, strict=True)},
        ahp_nodes=[dict(node=n, items=list(shape.children[n]),
                        matrix=[[float(x) for x in row] for row in np.asarray(matrices[n], dtype=float)])
                   for n in shape.judged()])
