"""Group weights ("Workshop"): several participants' weights on one model, combined, compared and stress-tested.

`analyse_group(analysis, method, participants, rule=...)` is the one way in for the CLI (`group --json`),
the window's group view and the brief: it returns one frozen `GroupAnalysis` with everything they show,
and `GroupAnalysis.summary()` is the JSON-ready dict the CLI prints. Input is a plain `ParticipantWeights`
per participant and round. The pure functions below it work on arrays only and are batched: every
participant's scores, the leave-one-out combinations and the combined weights are one `Prepared.scores`
call, and the leave-one-out AHP eigenvectors one batched `eig`; no Python loop over options. The only loop
is over participants in the validating wrapper.

What lives here: combining rules (arithmetic mean, geometric mean and median of the normalised weights,
each renormalised; AHP aggregation of individual judgements), the per-criterion spread, each participant's
ranking and first choice, agreement (Kendall's W, `core.concordance`), whether the combined leader holds
for every participant and inside the region their weights span (SMAA on the convex hull), leave-one-out,
and each participant's movement between rounds. What must not: files, Qt, text formatting beyond the
one-line reading of W.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_app.core.ahp_tree import NodeAhp, NodeJudged, TreeShape, aggregate_nodes, node_ahp_payload, node_matrices
from decision_app.core.compiled import normalize_weights
from decision_app.core.concordance import agreement_reading, kendall_w, mid_ranks
from decision_app.core.engine import Analysis, Result
from decision_app.core.errors import EngineError
from decision_app.core.methods import Array, Prepared, rank
from decision_app.core.schema import DecisionModel
from decision_app.core.smaa import sample_simplex
from decision_app.core.tree import ValueTree, item_weights
from decision_app.core.weights import AhpResult, ahp, judgement_mean

COMBINE_RULES = ("mean", "geometric", "median")
AIJ = "aij"  # AHP aggregation of individual judgements: needs every participant's pairwise matrix
RULES = (*COMBINE_RULES, AIJ)
HULL_SAMPLES = 10_000
HULL_SEED = 1
_HULL_CHUNK = 16_384


@dataclass(frozen=True, eq=False)
class ParticipantWeights:
    """One participant's weights in one round: raw non-negative numbers in the model's criterion order
    (normalised by the engine), and the AHP pairwise matrix they came from, if any."""

    id: str
    label: str
    weights: Array  # (n,)
    round: int = 1
    code: str = ""  # a short handle the workshop hands out; never put into summaries
    ahp_matrix: Array | None = None  # (n, n) positive reciprocal
    ahp_nodes: NodeJudged | None = None  # judgements node by node of the value tree (`core.ahp_tree`)

    @classmethod
    def from_ahp(cls, id: str, label: str, matrix: Any, *, round: int = 1, code: str = "") -> ParticipantWeights:
        """Weights from the principal eigenvector of `matrix`, the matrix kept for AIJ."""
        A = np.asarray(matrix, dtype=float)
        return cls(id, label, ahp(A).weights, round, code, A)


def participants_from_rows(W: Any, *, ids: Sequence[str] | None = None, round: int = 1) -> list[ParticipantWeights]:
    """Participants "p1", "p2", ... (or `ids`) from the rows of a (p, n) array: tests, benchmarks, scripts."""
    rows = np.asarray(W, dtype=float)
    names = list(ids) if ids is not None else [f"p{i + 1}" for i in range(rows.shape[0])]
    return [ParticipantWeights(pid, pid, row, round) for pid, row in zip(names, rows, strict=True)]


# --- pure array functions -------------------------------------------------------------------------------


def normalise_rows(W: Array) -> Array:
    """Each row (participant) scaled to sum 1; rows must be non-negative with a positive sum (not checked)."""
    out: Array = W / W.sum(axis=-1, keepdims=True)
    return out


def combine_stack(W: Array, rule: str = "mean") -> Array:
    """Combine normalised weights (..., p, n) over the participant axis into (..., n), renormalised.

    mean: arithmetic mean (sums to 1 already). geometric: exp(mean(log w)); one participant's 0 zeroes the
    criterion. median: per criterion (even p: mean of the middle two); where every criterion's median is 0
    the arithmetic mean is used instead. Leading axes batch independent groups (leave-one-out)."""
    if rule == "mean":
        g = W.mean(axis=-2)
    elif rule == "geometric":
        with np.errstate(divide="ignore"):
            g = np.exp(np.log(W).mean(axis=-2))
    elif rule == "median":
        g = np.median(W, axis=-2)
        g = np.where(g.sum(axis=-1, keepdims=True) > 0, g, W.mean(axis=-2))
    else:
        raise EngineError(f'unknown rule "{rule}"; choose one of {", ".join(RULES)}')
    total = g.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise EngineError("the geometric mean is zero on every criterion (each has a participant giving 0)")
    out: Array = g / total
    return out


def aggregate_judgements(matrices: Array) -> AhpResult:
    """AIJ: the principal eigenvector and consistency ratio (`weights.ahp`) of the judgement mean."""
    return ahp(judgement_mean(np.asarray(matrices, dtype=float)))


@dataclass(frozen=True, eq=False)
class Spread:
    """Per criterion over the participants' normalised weights: min, max, standard deviation (population,
    ddof = 0: the participants are the whole group, not a sample) and interquartile range (75th minus 25th
    percentile, linear interpolation: numpy's default, R's type 7, Excel's QUARTILE.INC)."""

    min: Array
    max: Array
    sd: Array
    iqr: Array


def spread(W: Array) -> Spread:
    q1, q3 = np.percentile(W, [25.0, 75.0], axis=0)
    return Spread(W.min(axis=0), W.max(axis=0), W.std(axis=0), q3 - q1)


def others_index(p: int) -> Array:
    """(p, p - 1): row i lists every participant but i, in order (leave-one-out without a loop)."""
    j = np.arange(p - 1)[None, :]
    out: Array = j + (j >= np.arange(p)[:, None])
    return out


def leader_is_first(S: Array, leader: int, higher_is_better: bool) -> Array:
    """Per row of scores (k, m): is `leader` first, ties at the top included (to 12 significant decimals,
    as `methods.rank`)."""
    s = np.round(S if higher_is_better else -S, 12)
    out: Array = s[:, leader] >= s.max(axis=1)
    return out


@dataclass(frozen=True, eq=False)
class HullSmaa:
    """Weights drawn inside the participants' convex hull, scores fixed at their best estimates."""

    samples: int
    seed: int
    first_share: Array  # (m,) share of draws each option leads (a tie at the top goes to the first option)
    leader_share: float  # share of draws in which the combined leader is first (ties at the top included)

    @property
    def leader_holds(self) -> bool:
        return self.leader_share >= 1.0


def hull_weights(rng: np.random.Generator, W: Array, k: int) -> Array:
    """k convex combinations of the rows of W (p, n), mixing weights ~ Dirichlet(1, ..., 1).

    This samples inside the convex hull, not uniformly over it: the mixing weights are uniform on the
    (p-1)-simplex, and their image crowds towards the participants' centroid (more so as p grows)."""
    out: Array = sample_simplex(rng, k, W.shape[0]) @ W  # normalised exponentials: Dirichlet(1, ..., 1)
    return out


def hull_smaa(prepared: Prepared, W: Array, leader: int, *, samples: int = HULL_SAMPLES, seed: int = HULL_SEED) -> HullSmaa:
    """SMAA restricted to the region the participants' weights span (`hull_weights`); seeded, so the same
    inputs give the same result. Where the ranking is linear in the weights (WSM, PROMETHEE II, and WPM
    through its logarithm) the leader is first everywhere in the hull exactly when it is first at every
    participant's weights; under TOPSIS and VIKOR the hull can hold weights where it is not. The draws
    seldom reach the hull's corners, so a `leader_share` of 1 does not prove that the leader holds for
    every participant: `GroupAnalysis.leader_holds` answers that exactly."""
    if samples < 1:
        raise EngineError("the number of samples must be at least 1")
    rng = np.random.default_rng(seed)
    m = prepared.scores(W[:1]).shape[1]
    wins = np.zeros(m)
    held = 0
    hib = prepared.higher_is_better
    for start in range(0, samples, _HULL_CHUNK):
        S = prepared.scores(hull_weights(rng, W, min(_HULL_CHUNK, samples - start)))
        wins += np.bincount(np.argmax(S, axis=1) if hib else np.argmin(S, axis=1), minlength=m)
        held += int(np.count_nonzero(leader_is_first(S, leader, hib)))
    return HullSmaa(samples, seed, wins / samples, held / samples)


def l1_distance(W: Array, c: Array) -> Array:
    """Sum of absolute differences between each row of W and c (both normalised): 0 = the same weights,
    2 = no criterion in common; half of it is the share of weight that would have to move."""
    out: Array = np.abs(W - c).sum(axis=-1)
    return out


# --- results ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LeaveOneOut:
    """Row i: the group without participant i (rows follow `GroupAnalysis.participant_ids`)."""

    weights: Array  # (p, n) combined weights of the others
    ranks: Array  # (p, m) competition ranks under them
    orders: Array  # (p, m) option indices, best first
    leader_changes: Array  # (p,) bool: the full group's leader is no longer first (a tie at the top still holds)


@dataclass(frozen=True, eq=False)
class RoundMovement:
    """Participants present in both rounds: L1 distance (`l1_distance`) from each round's combined weights."""

    from_round: int
    to_round: int
    participant_ids: tuple[str, ...]
    before: Array  # (k,) distance from the earlier round's combined weights, in the earlier round
    after: Array  # (k,) the same in the later round

    @property
    def change(self) -> Array:
        """Negative: the participant moved towards the group."""
        out: Array = self.after - self.before
        return out


@dataclass(frozen=True, eq=False)
class GroupAnalysis:
    """One round of a group on one method. Arrays index participants (p), options (m), criteria (n) in
    the orders of `participant_ids`, `option_ids` and `criterion_ids`."""

    method: str
    rule: str
    round: int
    option_ids: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    participant_ids: tuple[str, ...]
    participant_labels: tuple[str, ...]
    weights: Array  # (p, n) normalised
    combined: Result  # the ranking under the combined weights (`combined.weights`)
    aij: AhpResult | None  # the group matrix's eigenvector and consistency when rule == "aij"
    spread: Spread
    scores: Array  # (p, m) each participant's own scores
    ranks: Array  # (p, m) competition ranks, 1 = best
    orders: Array  # (p, m) option indices, best first (ties keep option order)
    first_choice: Array  # (m,) how many participants have each option first (`orders[:, 0]`)
    kendall_w: float | None  # over the participants' option rankings (mid-ranks, tie-corrected)
    kendall_w_criteria: float | None  # over their criterion-weight rankings
    leader_holds: Array  # (p,) bool: the combined leader is first (or tied first) under their weights
    leave_one_out: LeaveOneOut | None  # None with a single participant
    movement: RoundMovement | None  # None in the first round present
    hull: HullSmaa | None = None
    aij_nodes: NodeAhp | None = None  # rule "aij" on judgements given node by node: the group's, per node

    @property
    def leader(self) -> int:
        return self.combined.leader()

    @property
    def leader_holds_for_all(self) -> bool:
        return bool(self.leader_holds.all())

    @property
    def top(self) -> Array:
        """(p,) each participant's first option."""
        out: Array = self.orders[:, 0]
        return out

    @property
    def agreement(self) -> str:
        return agreement_reading(self.kendall_w)

    @property
    def agreement_criteria(self) -> str:
        return agreement_reading(self.kendall_w_criteria)

    def dissenters(self) -> tuple[tuple[str, str], ...]:
        """(participant id, option id) for each participant whose weights put another option first."""
        idx = np.flatnonzero(~self.leader_holds)
        return tuple((self.participant_ids[i], self.option_ids[int(self.top[i])]) for i in idx)

    def with_hull(self, hull: HullSmaa | None) -> GroupAnalysis:
        """The same analysis with a hull SMAA attached (the window runs it on its worker)."""
        return dataclasses.replace(self, hull=hull)

    def ranking_ids(self, order: Array) -> list[str]:
        return [self.option_ids[int(i)] for i in order]

    def summary(self) -> dict[str, Any]:
        """JSON-ready: what `decision-app group --json` prints and the brief reads."""
        cids, oids = self.criterion_ids, self.option_ids

        def by_criterion(v: Array) -> dict[str, float]:
            return {c: float(x) for c, x in zip(cids, v, strict=True)}

        sp = self.spread
        out: dict[str, Any] = {
            "method": self.method,
            "rule": self.rule,
            "round": self.round,
            "participants": [
                {"id": pid, "label": label, "weights": by_criterion(self.weights[i]),
                 "top": oids[int(self.top[i])], "ranking": self.ranking_ids(self.orders[i]),
                 "leader_holds": bool(self.leader_holds[i])}
                for i, (pid, label) in enumerate(zip(self.participant_ids, self.participant_labels, strict=True))
            ],
            "combined": by_criterion(self.combined.weights),
            "spread": {c: {"min": float(sp.min[j]), "max": float(sp.max[j]), "sd": float(sp.sd[j]),
                           "iqr": float(sp.iqr[j])} for j, c in enumerate(cids)},
            "kendall_w": self.kendall_w,
            "agreement": self.agreement,
            "kendall_w_criteria": self.kendall_w_criteria,
            "agreement_criteria": self.agreement_criteria,
            "first_choice": {o: int(k) for o, k in zip(oids, self.first_choice, strict=True)},
            "ranking": self.ranking_ids(self.combined.order),
            "leader": oids[self.leader],
            "leader_holds_for_all": self.leader_holds_for_all,
            "dissenters": [{"participant": p, "leader": o} for p, o in self.dissenters()],
            "aij": None if self.aij is None else {"consistency_ratio": self.aij.consistency_ratio,
                                                  "consistent": self.aij.consistent},
            "aij_nodes": None if self.aij_nodes is None else node_ahp_payload(self.aij_nodes),
            "leave_one_out": None,
            "hull": None,
            "movement": None,
        }
        if self.leave_one_out is not None:
            lo = self.leave_one_out
            out["leave_one_out"] = [
                {"participant": pid, "ranking": self.ranking_ids(lo.orders[i]),
                 "leader_changes": bool(lo.leader_changes[i])}
                for i, pid in enumerate(self.participant_ids)
            ]
        if self.hull is not None:
            out["hull"] = {"samples": self.hull.samples, "seed": self.hull.seed,
                           "leader_share": self.hull.leader_share,
                           "first_share": {o: float(s) for o, s in zip(oids, self.hull.first_share, strict=True)}}
        if self.movement is not None:
            mv = self.movement
            out["movement"] = {"from_round": mv.from_round, "to_round": mv.to_round, "distance": "L1",
                               "participants": [{"id": pid, "before": float(b), "after": float(a)}
                                                for pid, b, a in zip(mv.participant_ids, mv.before, mv.after, strict=True)]}
        return out


# --- the validating wrapper -------------------------------------------------------------------------------


def _who(p: ParticipantWeights) -> str:
    """How a message names a participant: the anonymous code (an id may be made from a name), else the id."""
    return p.code or p.id


def _checked_rows(participants: Sequence[ParticipantWeights], n: int) -> Array:
    """(p, n) normalised weights; an EngineError names the participant (by code) whose weights are unusable."""
    ids = [p.id for p in participants]
    if len(set(ids)) != len(ids):
        dup = sorted({_who(p) for p in participants if ids.count(p.id) > 1})
        raise EngineError(f"participants repeat within a round: {', '.join(dup)}")
    rows = [np.asarray(p.weights, dtype=float) for p in participants]
    for p, w in zip(participants, rows, strict=True):
        if w.shape != (n,):
            raise EngineError(f'participant "{_who(p)}": {w.size} weights given, the model has {n} criteria')
    W = np.stack(rows)
    usable = (np.isfinite(W) & (W >= 0)).all(axis=1)
    positive = usable & (np.where(usable[:, None], W, 0.0).sum(axis=1) > 0)
    if not positive.all():
        i = int(np.argmin(positive))
        what = ("weights must be finite and not negative" if not usable[i] else
                "all weights are zero; give at least one criterion a positive weight")
        raise EngineError(f'participant "{_who(participants[i])}": {what}')
    return normalise_rows(W)


def _checked_matrices(participants: Sequence[ParticipantWeights], n: int) -> Array:
    """(p, n, n) pairwise matrices, checked at once as `weights.ahp` checks one: square, positive, reciprocal."""
    missing = [_who(p) for p in participants if p.ahp_matrix is None]
    if missing:
        raise EngineError(f'rule "{AIJ}" needs a pairwise matrix from everyone; none from: {", ".join(missing)}')
    mats = [np.asarray(p.ahp_matrix, dtype=float) for p in participants]
    for p, A in zip(participants, mats, strict=True):
        if A.shape != (n, n):
            raise EngineError(f'participant "{_who(p)}": the pairwise matrix must be {n} x {n}')
    M = np.stack(mats)
    positive = (np.isfinite(M) & (M > 0)).all(axis=(1, 2))
    reciprocal = np.isclose(M * np.swapaxes(M, 1, 2), 1.0, rtol=1e-6).all(axis=(1, 2))
    for ok, what in ((positive, "pairwise judgements must be positive numbers (1/9 .. 9)"),
                     (reciprocal, "the matrix must be reciprocal: a[j][i] = 1 / a[i][j]")):
        if not ok.all():
            raise EngineError(f'participant "{_who(participants[int(np.argmin(ok))])}": {what}')
    return M


def principal_eigenvectors(G: Array, *, tol: float = 1e-13, max_iter: int = 200) -> Array:
    """(k, n) normalised principal (Perron) eigenvectors of k positive matrices (k, n, n): the weights
    `weights.ahp` gives one matrix at a time, without its consistency figures (leave-one-out AIJ).

    Batched power iteration, started from the row geometric means (exact for consistent matrices and for
    n = 3), converges fast on judgement matrices (|lambda_2| << lambda_max near consistency); any matrix
    not converged within `max_iter` steps is solved by `numpy.linalg.eig` instead."""
    v = np.exp(np.log(G).mean(axis=-1))
    v /= v.sum(axis=-1, keepdims=True)
    done = np.zeros(G.shape[0], dtype=bool)
    for _ in range(max_iter):
        nxt = np.einsum("kij,kj->ki", G, v)
        nxt /= nxt.sum(axis=-1, keepdims=True)
        done = np.abs(nxt - v).max(axis=-1) <= tol
        v = nxt
        if done.all():
            break
    if not done.all():
        vals, vecs = np.linalg.eig(G[~done])
        top = np.argmax(vals.real, axis=-1)
        w = np.abs(np.take_along_axis(vecs.real, top[:, None, None], axis=2)[..., 0])
        v[~done] = w / w.sum(axis=-1, keepdims=True)
    out: Array = v
    return out


def combine(weights: Any, rule: str = "mean") -> Array:
    """Combine (p, n) participants' weights, each normalised first, by one of `COMBINE_RULES`."""
    W = np.asarray(weights, dtype=float)
    if W.ndim != 2 or W.shape[0] == 0:
        raise EngineError("give at least one participant's weights")
    return combine_stack(np.vstack([normalize_weights(row) for row in W]), rule)


@dataclass(frozen=True, eq=False)
class _Combined:
    W: Array  # (p, n) normalised
    weights: Array  # (n,) combined
    aij: AhpResult | None = None  # AIJ over every criterion
    mats: Array | None = None  # (p, n, n) its matrices
    aij_nodes: NodeAhp | None = None  # AIJ node by node
    nodes: tuple[NodeJudged, ...] | None = None  # its judgements


def _round_combined(participants: Sequence[ParticipantWeights], n: int, rule: str) -> _Combined:
    """Normalised and combined weights; for AIJ the group's AHP result and the judgements it combined (node by
    node of the value tree when anyone gave them so, else over every criterion)."""
    W = _checked_rows(participants, n)
    if rule == AIJ and any(p.ahp_nodes is not None for p in participants):
        lacking = [p for p in participants if p.ahp_nodes is None]
        if lacking:
            who = f"{_who(lacking[0])}'s round" if len(lacking) == 1 else "their rounds"
            gave = "; ".join(f"{_who(p)} gave " + ("one matrix over every criterion" if p.ahp_matrix is not None
                                                   else "weights, not judgements") for p in lacking)
            raise EngineError(f"the {AIJ.upper()} rule needs every participant's judgements node by node of the value "
                              f"tree, as others gave them; {gave}: re-enter {who} node by node or choose "
                              "another rule")
        judged = tuple(p.ahp_nodes for p in participants if p.ahp_nodes is not None)
        res_nodes = aggregate_nodes(judged[0].shape, [j.matrices for j in judged])
        return _Combined(W, res_nodes.weights, aij_nodes=res_nodes, nodes=judged)
    if rule == AIJ:
        mats = _checked_matrices(participants, n)
        res = aggregate_judgements(mats)
        return _Combined(W, res.weights, res, mats)
    return _Combined(W, combine_stack(W, rule))


def _leave_one_out_weights(rc: _Combined, rule: str) -> Array:
    W, mats = rc.W, rc.mats
    if rc.nodes is not None:  # node by node: one aggregation per participant left out
        shape = rc.nodes[0].shape
        return np.stack([aggregate_nodes(shape, [j.matrices for k, j in enumerate(rc.nodes) if k != i]).weights
                         for i in range(len(rc.nodes))])
    if mats is None:
        return combine_stack(W[others_index(W.shape[0])], rule)
    logs = np.log(mats)  # the others' judgement mean: the total of logs less one's own, over p - 1
    return principal_eigenvectors(np.exp((logs.sum(axis=0) - logs) / (W.shape[0] - 1)))


def _movement(participants: Sequence[ParticipantWeights], n: int, rule: str, current: int, W: Array, c: Array,
              ids: tuple[str, ...]) -> RoundMovement | None:
    earlier = [p.round for p in participants if p.round < current]
    if not earlier:
        return None
    prev_round = max(earlier)
    prev = [p for p in participants if p.round == prev_round]
    before = _round_combined(prev, n, rule)
    W0, c0 = before.W, before.weights
    prev_ids = [p.id for p in prev]
    both = [pid for pid in ids if pid in prev_ids]
    i_now = np.array([ids.index(pid) for pid in both], dtype=int)
    i_before = np.array([prev_ids.index(pid) for pid in both], dtype=int)
    return RoundMovement(prev_round, current, tuple(both), l1_distance(W0[i_before], c0), l1_distance(W[i_now], c))


def analyse_group(
    analysis: Analysis,
    method: str,
    participants: Sequence[ParticipantWeights],
    *,
    rule: str = "mean",
    round: int | None = None,
    hull_samples: int = 0,
    seed: int = HULL_SEED,
) -> GroupAnalysis:
    """The group analysis of one round (default: the latest round present) under `method`.

    `participants` may hold several rounds; movement is measured from the latest earlier round present.
    `hull_samples` > 0 also runs `hull_smaa` (the window runs it on its worker and uses `with_hull`)."""
    if rule not in RULES:
        raise EngineError(f'unknown rule "{rule}"; choose one of {", ".join(RULES)}')
    if not participants:
        raise EngineError("give at least one participant's weights")
    current = max(p.round for p in participants) if round is None else int(round)
    members = [p for p in participants if p.round == current]
    if not members:
        raise EngineError(f"no participant in round {current}")
    c = analysis.model
    rc = _round_combined(members, c.n, rule)
    W, combined_w = rc.W, rc.weights
    p, m = W.shape[0], c.m
    loo_w = _leave_one_out_weights(rc, rule) if p > 1 else np.empty((0, c.n))

    prep = analysis.prepared(method)
    hib = prep.higher_is_better
    S_all = prep.scores(np.vstack([W, loo_w, combined_w[None, :]]))  # one batched call
    R_all = rank(S_all, hib)
    O_all = np.argsort(R_all, axis=1, kind="stable")
    S, R, O = S_all[:p], R_all[:p], O_all[:p]
    combined = Result(method, combined_w, S_all[-1], R_all[-1], O_all[-1], hib)
    leader = combined.leader()

    loo = None
    if p > 1:
        loo = LeaveOneOut(loo_w, R_all[p:-1], O_all[p:-1], R_all[p:-1, leader] != 1)
    ids = tuple(q.id for q in members)
    hull = hull_smaa(prep, W, leader, samples=hull_samples, seed=seed) if hull_samples > 0 else None
    return GroupAnalysis(
        method=method,
        rule=rule,
        round=current,
        option_ids=c.option_ids,
        criterion_ids=c.criterion_ids,
        participant_ids=ids,
        participant_labels=tuple(q.label for q in members),
        weights=W,
        combined=combined,
        aij=rc.aij,
        spread=spread(W),
        scores=S,
        ranks=R,
        orders=O,
        first_choice=np.bincount(O[:, 0], minlength=m),
        kendall_w=kendall_w(mid_ranks(S, hib)),
        kendall_w_criteria=kendall_w(mid_ranks(W)),
        leader_holds=R[:, leader] == 1,
        leave_one_out=loo,
        movement=_movement(participants, c.n, rule, current, W, combined_w, ids),
        hull=hull,
        aij_nodes=rc.aij_nodes,
    )


# --- from the model file ---------------------------------------------------------------------------------


def model_rounds(model: DecisionModel) -> list[int]:
    """The round numbers any participant of `model` has entered, ascending."""
    return sorted({r.round for p in model.participants for r in p.rounds})


def participants_from_model(model: DecisionModel) -> list[ParticipantWeights]:
    """Every participant's every round as engine input, in the model's criterion order. An AHP round keeps
    its matrix for AIJ when its judgements cover every criterion (reordered to the model's order), or its
    judgements node by node of the value tree (each matrix in the tree's order of the node's children)."""
    cids = [c.id for c in model.criteria]
    shape = TreeShape.of(model) if model.objectives else None
    out: list[ParticipantWeights] = []
    for p in model.participants:
        for r in p.rounds:
            w = np.array([r.weights.get(c, 0.0) for c in cids], dtype=float)
            matrix = None
            if r.ahp is not None and sorted(r.ahp.criteria) == sorted(cids):
                pos = [r.ahp.criteria.index(c) for c in cids]
                matrix = np.asarray(r.ahp.matrix, dtype=float)[np.ix_(pos, pos)]
            nodes = (NodeJudged(shape, node_matrices(shape, r.ahp_nodes))
                     if r.ahp_nodes is not None and shape is not None else None)
            out.append(ParticipantWeights(p.id, p.name, w, r.round, p.code, matrix, nodes))
    return out


@dataclass(frozen=True, eq=False)
class DelphiFeedback:
    """What a returning participant may see first in a later round (the Delphi way): their own answer in the
    latest earlier round they entered, and the range of the group's answers in that round (normalised)."""

    round: int
    own: Array  # (n,)
    low: Array  # (n,)
    high: Array  # (n,)
    count: int  # participants who entered that round


def delphi_feedback(model: DecisionModel, participant_id: str, round: int) -> DelphiFeedback | None:
    """The participant's latest answer before `round` beside that round's spread; None when they have none."""
    me = next((p for p in model.participants if p.id == participant_id), None)
    earlier = [r.round for r in me.rounds if r.round < round] if me is not None else []
    if not earlier:
        return None
    then = max(earlier)
    rows = [p for p in participants_from_model(model) if p.round == then]
    W = normalise_rows(np.stack([np.asarray(p.weights, dtype=float) for p in rows]))
    own = W[[p.id for p in rows].index(participant_id)]
    return DelphiFeedback(then, own, W.min(axis=0), W.max(axis=0), len(rows))


def branch_spread(tree: ValueTree, W: Array) -> Spread:
    """The group's spread per objective (`Spread`, over the participants' objective weights: each
    the sum of their normalised criterion weights inside it); (p, criteria) rows in, one column per objective."""
    return spread(item_weights(tree, W)[:, : tree.n_nodes])


def branch_spread_payload(tree: ValueTree, W: Array, combined: Array) -> dict[str, dict[str, float]]:
    """JSON-ready: per objective, the combined weight and the participants' min, max, SD and IQR."""
    sp = branch_spread(tree, W)
    total = item_weights(tree, combined)
    return {tree.ids[k]: {"combined": float(total[k]), "min": float(sp.min[k]), "max": float(sp.max[k]),
                          "sd": float(sp.sd[k]), "iqr": float(sp.iqr[k])} for k in range(tree.n_nodes)}
