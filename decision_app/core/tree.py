"""The value tree: criteria grouped into objectives (schema version 8), compiled once into arrays.

The stored weights stay one per criterion. A node's weight is the sum of its criteria's weights (the tree's
incidence matrix times the weights); an item's *local* weight is its share of its parent's (of the whole, at
the top), so a criterion's weight is the product of the local weights on its path. A model without
``objectives`` is a one-level tree: every criterion at the top, and every function here then does what the
flat code does.

Items are numbered nodes first (in the model's ``objectives`` order), then criteria (in the model's order);
``parent[i]`` is -1 at the top. A move on the slider path (`move`) is array code over the compiled masks: no
pydantic, no pandas, no loop over options. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.audit import MarginAudit
from decision_app.core.engine import Analysis
from decision_app.core.schema import DecisionModel, display_name
from decision_app.core.sensitivity import TippingPoint, sweep_grid, tipping_points_along

Array = np.ndarray


@dataclass(frozen=True)
class ValueTree:
    """The tree as arrays. `ids`, `names`, `short` run over items (nodes, then criteria)."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    short: tuple[str, ...]  # what a chart shows (short name, else name)
    n_nodes: int
    parent: Array  # (items,) int, -1 at the top
    leaves: Array  # (items, criteria) float 0/1: the criteria under each item (a criterion is under itself)
    ancestors: Array  # (items, items) bool: [i, a] is True when a is i or one of its ancestors
    children: tuple[tuple[int, ...], ...]  # per item, in the order shown
    top: tuple[int, ...]  # the items at the top, in the order shown
    depth: Array  # (items,) int, 1 at the top

    @property
    def n_criteria(self) -> int:
        return len(self.ids) - self.n_nodes

    @property
    def is_flat(self) -> bool:
        return self.n_nodes == 0

    def index(self, item_id: str) -> int:
        """The item numbered by id; KeyError naming the known ids for one that is not in the tree."""
        try:
            return self.ids.index(item_id)
        except ValueError:
            raise KeyError(f'"{item_id}" is neither an objective nor a criterion of this model') from None

    def criterion_item(self, j: int) -> int:
        return self.n_nodes + j

    def levels(self) -> int:
        """How many levels deep the tree is, the criteria's own level included (1 for a flat model)."""
        return int(self.depth.max())

    def siblings_and_self(self, item: int) -> tuple[int, ...]:
        p = int(self.parent[item])
        return self.top if p < 0 else self.children[p]

    def walk(self) -> list[int]:
        """Every item in the order shown (depth first), each after its parent."""
        out: list[int] = []
        stack = list(reversed(self.top))
        while stack:
            i = stack.pop()
            out.append(i)
            stack.extend(reversed(self.children[i]))
        return out


def build_tree(model: DecisionModel) -> ValueTree:
    """Compile a valid model's tree (checked by `schema.check_objectives` when the model was loaded)."""
    nodes = list(model.objectives)
    crits = list(model.criteria)
    ids = tuple([o.id for o in nodes] + [c.id for c in crits])
    at = {x: k for k, x in enumerate(ids)}
    n_items, n_nodes = len(ids), len(nodes)
    parent = np.full(n_items, -1, dtype=int)
    children: list[tuple[int, ...]] = [() for _ in range(n_items)]
    for k, o in enumerate(nodes):
        children[k] = tuple(at[c] for c in o.children)
        for c in children[k]:
            parent[c] = k
    top = tuple(i for i in range(n_items) if parent[i] < 0)
    ancestors = np.zeros((n_items, n_items), dtype=bool)
    depth = np.ones(n_items, dtype=int)
    for i in range(n_items):
        a = i
        while a >= 0:
            ancestors[i, a] = True
            a = int(parent[a])
        depth[i] = int(ancestors[i].sum())
    leaves = ancestors[n_nodes:, :].T.astype(float)  # [item, j]: item is criterion j or one of its ancestors
    return ValueTree(ids, tuple(o.name for o in nodes) + tuple(c.name for c in crits),
                     tuple(o.short_name or o.name for o in nodes) + tuple(display_name(c) for c in crits),
                     n_nodes, parent, leaves, ancestors, tuple(children), top, depth)


def item_weights(tree: ValueTree, w: Array) -> Array:
    """Every item's weight, (items,) — or (k, items) for (k, criteria) weights: the sum of its criteria's."""
    out: Array = np.asarray(w, dtype=float) @ tree.leaves.T
    return out


def local_weights(tree: ValueTree, w: Array) -> Array:
    """Every item's share of its parent's weight (of the whole at the top); 0 under a parent of weight 0."""
    total = item_weights(tree, w)
    whole = float(np.sum(w))
    parent_total = np.where(tree.parent >= 0, total[np.maximum(tree.parent, 0)], whole)
    out: Array = np.divide(total, parent_total, out=np.zeros_like(total), where=parent_total > 0)
    return out


def weights_from_local(tree: ValueTree, local: Array) -> Array:
    """Criterion weights as the products of the local weights on each criterion's path (the inverse of
    `local_weights` for weights that sum to 1 and parents of positive weight)."""
    path = tree.ancestors[tree.n_nodes:]  # (criteria, items)
    out: Array = np.prod(np.where(path, np.asarray(local, dtype=float)[None, :], 1.0), axis=1)
    return out


def set_local(tree: ValueTree, w: Array, parent: int, shares: Array) -> Array:
    """Weights with the children of `parent` (-1: the top) given `shares` of their parent's weight (normalised),
    each child's criteria keeping their proportions within it. What an elicitation on a node's children sets."""
    w = np.asarray(w, dtype=float)
    kids = tree.top if parent < 0 else tree.children[parent]
    s = np.asarray(shares, dtype=float)
    s = s / s.sum()
    total = float(w.sum()) if parent < 0 else float(tree.leaves[parent] @ w)
    out = w.copy()
    for child, share in zip(kids, s, strict=True):
        mask = tree.leaves[child] > 0
        inside = float(w[mask].sum())
        out[mask] = w[mask] / inside * share * total if inside > 0 else share * total / mask.sum()
    return out


def move(tree: ValueTree, w: Array, item: int, value: float, locks: Array | None = None) -> Array:
    """Weights with `item` (a node or a criterion) at total `value`: its criteria keep their proportions, its
    siblings give way in proportion so that the parent's total is unchanged (the whole, at the top), and
    locked items do not change. A lock on the item itself or on one of its ancestors is no obstacle (their
    totals do not change); a locked criterion inside the item stays, the item's other criteria take the rest.
    `value` is clamped to what the locks allow (right for a slider; a typed number is checked against
    `move_room` first); when every sibling is locked nothing can give way and the weights come back unchanged.
    The inputs are not modified. `w` sums to 1."""
    w = np.asarray(w, dtype=float)
    free_in, free_sib, low, high = _move_parts(tree, w, item, locks)
    if not free_sib.any() or not free_in.any():
        return w.copy()
    value = float(np.clip(value, low, high))
    out = w.copy()
    out[free_in] = _scaled(w[free_in], value - low)  # the item's locked criteria hold `low`
    out[free_sib] = _scaled(w[free_sib], high - value)
    return out


def move_room(tree: ValueTree, w: Array, item: int, locks: Array | None = None) -> tuple[float, float] | None:
    """The totals `move` can give `item` exactly, (lowest, highest): its locked criteria hold the lowest, what
    its parent holds less its locked siblings the highest; None when nothing can give way (no unlocked
    sibling, or everything inside the item locked). A typed weight outside is refused, never clamped."""
    free_in, free_sib, low, high = _move_parts(tree, np.asarray(w, dtype=float), item, locks)
    if not free_sib.any() or not free_in.any():
        return None
    return low, high


def _move_parts(tree: ValueTree, w: Array, item: int, locks: Array | None) -> tuple[Array, Array, float, float]:
    """(free criteria inside the item, free criteria among its siblings, lowest total, highest total)."""
    lock = np.zeros(len(tree.ids), dtype=bool) if locks is None else np.asarray(locks, dtype=bool).copy()
    lock &= ~tree.ancestors[item]  # the moved item and its ancestors keep their totals anyway
    locked_leaf = (lock.astype(float) @ tree.leaves) > 0
    inside = tree.leaves[item] > 0
    p = int(tree.parent[item])
    family = tree.leaves[p] > 0 if p >= 0 else np.ones(w.shape[0], dtype=bool)
    sib = family & ~inside
    budget = float(w[family].sum()) if p >= 0 else 1.0  # the whole is 1, as in `weights.weights_after_move`
    fixed_in = float(w[inside & locked_leaf].sum())
    fixed_sib = float(w[sib & locked_leaf].sum())
    return inside & ~locked_leaf, sib & ~locked_leaf, fixed_in, budget - fixed_sib


def _scaled(part: Array, total: float) -> Array:
    """`part` rescaled to sum `total` (equal shares when it is all zero); a single entry is set exactly."""
    if part.shape[0] == 1:
        return np.array([total])
    s = float(part.sum())
    out: Array = part / s * total if s > 0 else np.full(part.shape[0], total / part.shape[0])
    return out


def branch_direction(w: Array, mask: Array) -> tuple[Array, Array]:
    """(inside, rest): the weights with everything inside `mask` (resp. outside) rescaled to sum 1, equal
    shares where a part is all zero. Sweeping a branch to t gives t * inside + (1 - t) * rest, as the flat
    sweep does for one criterion (`sensitivity.sweep_weights`)."""
    w = np.asarray(w, dtype=float)
    mask = np.asarray(mask, dtype=bool)
    return _unit(np.where(mask, w, 0.0), mask), _unit(np.where(mask, 0.0, w), ~mask)


def _unit(v: Array, where: Array) -> Array:
    s = float(v.sum())
    if s > 0:
        out: Array = v / s
        return out
    n = int(where.sum())
    return where / n if n else np.zeros_like(v)


def sweep_weights(w: Array, mask: Array, t: Array) -> Array:
    """(len(t), n) weights with the branch `mask` at total t, its criteria and the rest keeping proportions."""
    inside, rest = branch_direction(w, mask)
    t = np.asarray(t, dtype=float)
    out: Array = t[:, None] * inside[None, :] + (1.0 - t)[:, None] * rest[None, :]
    return out


def expand_totals(tree: ValueTree, base: Array, totals: dict[int, float]) -> Array:
    """Criterion weights from `totals` given to some items (nodes or criteria, none inside another): each
    given item's criteria share its total in the proportions of `base` (equally where base gives them none);
    the criteria outside every given item get 0. What `--weights security=3,casualties=1` means."""
    base = np.asarray(base, dtype=float)
    out = np.zeros_like(base)
    for item, total in totals.items():
        mask = tree.leaves[item] > 0
        out[mask] = _scaled(base[mask], total) if mask.sum() > 1 else total
    return out


def overlapping(tree: ValueTree, items: list[int]) -> tuple[int, int] | None:
    """Two of `items` where one is inside the other (or the same), or None."""
    for a in items:
        for b in items:
            if a != b and tree.ancestors[a, b]:
                return a, b
    return None


def branch_values(tree: ValueTree, values: Array, w: Array) -> Array:
    """(m, items) every option's value on every item: the weighted mean of its criterion values (0..1) over
    the item's criteria with their weights, so an item's weighted-sum contribution is its weight times this.
    The same for every method; 0 on an item of weight 0."""
    w = np.asarray(w, dtype=float)
    total = item_weights(tree, w)
    weighted = (np.asarray(values, dtype=float) * w[None, :]) @ tree.leaves.T
    out: Array = np.divide(weighted, total[None, :], out=np.zeros_like(weighted), where=total[None, :] > 0)
    return out


RULE_BRANCH_EXACT = ("a branch's part of the margin is the sum of its criteria's parts, exact for the additive "
                     "methods (weighted sum, PROMETHEE II net flow); a branch on which the runner-up is better takes "
                     "a negative part, and the other shares then add up to more than 100 %")
RULE_BRANCH_APPROX = ("approximation (the method is not additive): a branch's part is the sum of its criteria's "
                      "approximate parts (the audit's rule); a negative part is shown as such")


@dataclass(frozen=True)
class BranchAttribution:
    """The leader's margin over the runner-up split over the children of one item (the top, by default)."""

    items: tuple[int, ...]
    amounts: tuple[float, ...]  # in the method's units; positive favours the leader; they sum to the parts' sum
    exact: bool
    rule: str

    def shares(self) -> tuple[float, ...]:
        """Each branch's signed share of the margin (sums to 1); zeros for a tie."""
        total = sum(self.amounts)
        return tuple(0.0 if abs(total) < 1e-12 else a / total for a in self.amounts)


def margin_by_branch(tree: ValueTree, parts: Array, exact: bool, parent: int = -1) -> BranchAttribution:
    """`parts` (one per criterion: the audit's `MarginPart.amount`s) summed over each child of `parent`."""
    kids = tree.top if parent < 0 else tree.children[parent]
    amounts = tree.leaves[list(kids)] @ np.asarray(parts, dtype=float)
    return BranchAttribution(tuple(kids), tuple(float(a) for a in amounts), exact,
                             RULE_BRANCH_EXACT if exact else RULE_BRANCH_APPROX)


def percent(share: float) -> str:
    return f"{round(100 * share)} %"


def attribution_sentence(tree: ValueTree, attribution: BranchAttribution) -> str:
    """'62 % of the margin comes from Security', with the branch that takes most away when one does."""
    shares = attribution.shares()
    if not any(shares):
        return "The two leading options are tied: there is no margin to attribute."
    k = int(np.argmax(shares))
    low = int(np.argmin(shares))
    tail = "." if attribution.exact else " (approximately: the method is not additive)."
    if shares[k] > LARGE_SHARE:  # "1250 % of the margin" reads as nonsense: the parts dwarf it, so say them
        margin = sum(attribution.amounts)
        places = _places_for(margin)
        out = f"{tree.names[attribution.items[k]]} +{attribution.amounts[k]:.{places}f}"
        if attribution.amounts[low] < 0:
            out += f", {tree.names[attribution.items[low]]} \u2212{-attribution.amounts[low]:.{places}f}"
        return f"{out} for the leader (margin {margin:.{places}f}){tail}"
    out = f"{percent(shares[k])} of the margin comes from {tree.names[attribution.items[k]]}"
    if shares[low] < -0.005:
        out += f"; {tree.names[attribution.items[low]]} takes {percent(-shares[low])} away"
    return out + tail


LARGE_SHARE = 2.0  # above 200 % of the margin a share says less than the parts themselves


def _places_for(margin: float) -> int:
    """Decimals that show `margin` with two significant digits (at least three)."""
    return max(3, 1 - int(np.floor(np.log10(abs(margin)))) if margin else 3)


def audit_by_branch(tree: ValueTree, audit: MarginAudit, parent: int = -1) -> BranchAttribution:
    """The audit's margin (`core.audit.margin_audit`) by branch: exact where the audit is (the additive
    methods), its approximation summed otherwise."""
    return margin_by_branch(tree, np.array([p.amount for p in audit.parts]), audit.exact, parent)


def branches_payload(tree: ValueTree, attribution: BranchAttribution) -> dict[str, object]:
    """The margin by branch as JSON: each top objective's part and signed share, the rule and the sentence."""
    shares = attribution.shares()
    return {"exact": attribution.exact, "rule": attribution.rule, "sentence": attribution_sentence(tree, attribution),
            "parts": {tree.ids[k]: {"amount": a, "share": sh}
                      for k, a, sh in zip(attribution.items, attribution.amounts, shares, strict=True)}}


@dataclass(frozen=True)
class BranchSweep:
    """Every option's score as one objective's weight sweeps 0..1 (its criteria and the rest each keeping their
    proportions), as the sensitivity of one criterion's weight does."""

    node: int
    weight: float  # the objective's weight now
    t: Array  # (points,)
    scores: Array  # (points, m)
    tipping: tuple[TippingPoint, ...]


def branch_sweep(analysis: Analysis, method: str, w: Array, tree: ValueTree, node: int) -> BranchSweep:
    mask = tree.leaves[node] > 0
    t = sweep_grid(method)
    inside, rest = branch_direction(w, mask)
    scores = analysis.prepared(method).scores(t[:, None] * inside[None, :] + (1.0 - t)[:, None] * rest[None, :])
    tips = tipping_points_along(analysis, method, inside, rest) if analysis.model.m > 1 else []
    return BranchSweep(node, float(np.asarray(w, dtype=float)[mask].sum()), t, scores, tuple(tips))
