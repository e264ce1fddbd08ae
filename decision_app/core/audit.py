"""What the answer rests on: the leader's margin and every option's score split by the basis of the scores
behind them, and the evidence health of a model (how its scores are grounded). Qt-free, report-free.

The margin rule. For the additive methods (weighted sum, PROMETHEE II net flow) an option's score is a sum
of per-criterion contributions, so the leader's margin over the runner-up is exactly
``sum_j (c[leader, j] - c[runner_up, j])`` (for the weighted sum, ``w_j * (v_leader_j - v_runner_up_j)``).
Each criterion's part goes to the basis of the two cells it compares: all of it when both cells have the
same basis, half to each when they differ. The parts are signed (a criterion on which the runner-up is
better takes away from the margin), so the shares by basis sum to 100 % and one of them may exceed it; when
one does, the one-line summary reports the split of the leader's advantages (the positive parts) instead.

For the other methods (weighted product, TOPSIS, VIKOR) the score is not a sum over criteria. The
approximation used: a criterion's part is how much the method's own margin shrinks when the leader's and
the runner-up's scores on that criterion are both set to their mean (everything else unchanged); the parts
are then rescaled to sum to the margin (when they do not sum to zero or to the opposite sign, in which case
they are reported unscaled). `MarginAudit.exact` says which rule was used; `MarginAudit.rule` says it in words.

The share of each option's score by basis is taken from its weighted-sum value (w_j * v_ij, never negative)
whatever the method, so it reads the same under every method.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from decision_app.core.compiled import CompiledModel, normalize_weights
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.methods import Array, get_method, wsm_values
from decision_app.core.schema import BASES, DecisionModel

MAX_CITATIONS_PER_PASSAGE = 4  # a passage cited more often is restating options, not weighing criteria
NO_EFFECT_PHRASES = ("no direct effect",)  # rationales that say the option leaves the criterion as it is

RULE_EXACT = ("additive method: each criterion's part of the margin is the difference of the two options' "
              "contributions on it; half to each basis when the two cells' bases differ")
RULE_APPROX = ("approximation (the method is not additive): each criterion's part is how much the margin "
               "shrinks when the two options' scores on it are set to their mean, rescaled to sum to the margin; "
               "half to each basis when the two cells' bases differ")


def basis_matrix(model: DecisionModel) -> list[list[str]]:
    """The basis of every cell, options by criteria, in the model's (and the compiled model's) order."""
    cids = model.criterion_ids()
    return [[o.scores[c].basis for c in cids] for o in model.options]


@dataclass(frozen=True)
class MarginPart:
    criterion: int
    amount: float  # part of the margin in the method's own units; positive favours the leader
    leader_basis: str
    runner_up_basis: str


@dataclass(frozen=True)
class MarginAudit:
    method: str
    leader: int
    runner_up: int
    margin: float  # the leader's advantage in the method's units (always >= 0)
    exact: bool
    rule: str
    parts: tuple[MarginPart, ...]
    by_basis: dict[str, float]  # amount per basis; sums to the margin (exact) or to the parts' sum

    def share(self, basis: str) -> float | None:
        """Fraction of the margin that rests on cells of `basis` (None for a tie)."""
        total = sum(self.by_basis.values())
        return None if abs(total) < 1e-12 else self.by_basis.get(basis, 0.0) / total

    def advantages_by_basis(self) -> dict[str, float]:
        """The parts in the leader's favour only, split by basis the same way (for margins the criteria
        pull both ways, where signed shares run beyond 0-100 %)."""
        return _split([p for p in self.parts if p.amount > 0])

    def decisive(self, k: int = 3) -> list[MarginPart]:
        """The criteria that decide it: the largest parts in the leader's favour, best first."""
        pos = sorted((p for p in self.parts if p.amount > 1e-12), key=lambda p: -p.amount)
        return pos[:k]


def _split(parts: list[MarginPart]) -> dict[str, float]:
    out = dict.fromkeys(BASES, 0.0)
    for p in parts:
        if p.leader_basis == p.runner_up_basis:
            out[p.leader_basis] += p.amount
        else:
            out[p.leader_basis] += p.amount / 2
            out[p.runner_up_basis] += p.amount / 2
    return out


def _oriented_margin(scores: Array, a: int, b: int, higher_is_better: bool) -> float:
    d = float(scores[a] - scores[b])
    return d if higher_is_better else -d


def margin_audit(analysis: Analysis, bases: list[list[str]], method: str, weights: Array) -> MarginAudit | None:
    """How the leader's margin over the runner-up splits by criterion and by basis (see the module
    docstring for the rule); None for a model with fewer than two options."""
    c = analysis.model
    if c.m < 2:
        return None
    w = normalize_weights(weights)
    res = analysis.score(method, w, normalized=True)
    lead, runner = int(res.order[0]), int(res.order[1])
    margin = _oriented_margin(res.scores, lead, runner, res.higher_is_better)
    contrib = analysis.contributions(method, w)
    if contrib is not None:
        amounts = contrib[lead] - contrib[runner]
        exact = True
    else:
        amounts = _neutralised_parts(analysis, method, w, lead, runner, margin)
        total = float(amounts.sum())
        if abs(total) > 1e-12 and total * margin > 0:
            amounts = amounts * (margin / total)
        exact = False
    parts = [MarginPart(j, float(amounts[j]), bases[lead][j], bases[runner][j]) for j in range(c.n)]
    return MarginAudit(method, lead, runner, margin, exact, RULE_EXACT if exact else RULE_APPROX, tuple(parts),
                       _split(parts))


def _neutralised_parts(analysis: Analysis, method: str, w: Array, lead: int, runner: int, margin: float) -> Array:
    c = analysis.model
    spec = get_method(method)
    out = np.zeros(c.n)
    for j in range(c.n):
        X = c.X.copy()
        X[[lead, runner], j] = (X[lead, j] + X[runner, j]) / 2
        try:
            prep = spec.prepare(X, c.is_cost, analysis.inputs)
        except EngineError:
            continue
        s = prep.scores(w)
        out[j] = margin - _oriented_margin(s, lead, runner, spec.higher_is_better)
    return out


def score_shares(compiled: CompiledModel, bases: list[list[str]], weights: Array) -> Array:
    """(m, 3) each option's weighted-sum value split by basis (columns in `BASES` order), as fractions
    of that value (a row of zeros for an option whose value is 0)."""
    w = normalize_weights(weights)
    V = wsm_values(compiled.X, compiled.lo, compiled.hi, compiled.is_cost, compiled.value_fns) * w
    out = np.zeros((compiled.m, len(BASES)))
    for i in range(compiled.m):
        for j in range(compiled.n):
            out[i, BASES.index(bases[i][j])] += V[i, j]
    totals = out.sum(axis=1, keepdims=True)
    shares: Array = np.divide(out, totals, out=np.zeros_like(out), where=totals > 0)
    return shares


# --- evidence health ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    source: str
    quote: str
    cells: tuple[tuple[str, str], ...]  # (option id, criterion id) per citation

    @property
    def count(self) -> int:
        return len(self.cells)


@dataclass(frozen=True)
class OffBaseline:
    criterion: str
    value: float
    low: float
    high: float
    anchor: float
    anchor_text: str


@dataclass(frozen=True)
class EvidenceHealth:
    by_basis: dict[str, int]
    under_review: tuple[tuple[str, str], ...]
    passages: tuple[Passage, ...]  # most cited first
    foreign_citations: tuple[tuple[str, str, str], ...]  # option, criterion, source not listed by the option
    baseline: str | None
    no_baseline_anchor: tuple[str, ...]  # criteria without an anchor marked baseline (when a baseline is set)
    off_baseline: tuple[OffBaseline, ...]  # the baseline option's scores away from their baseline anchor
    no_effect_off_baseline: tuple[tuple[str, str, float, float], ...]  # option, criterion, value, baseline value
    # options none of whose cells (scores, likelihoods) cites a passage: an option drawn from the essays rests on
    # them somewhere. (Until now the rule asked for an 'essay' basis, which pushed a cell's label past what its
    # passage states when an option is one the essays only argue against.)
    uncited_options: tuple[str, ...]
    limit: int = MAX_CITATIONS_PER_PASSAGE
    overcited: tuple[Passage, ...] = field(default=())
    # option, criterion (or "likelihood <condition id>"), the latest as_of: an essay basis resting only on passages
    # dated to their own moment (`Citation.as_of`), for a score that is judged as of today
    dated_essay: tuple[tuple[str, str, str], ...] = field(default=())

    def findings(self) -> list[str]:
        """One line per problem found; empty when the evidence is in order."""
        out: list[str] = []
        if self.under_review:
            out.append(f"{len(self.under_review)} scores are marked for review (basis set by migration)")
        out += [f'passage cited {p.count} times (limit {self.limit}): {p.source}: "{p.quote[:60]}…"'
                for p in self.overcited]
        out += [f"{o} / {c}: cites {s}, which the option does not list among its sources"
                for o, c, s in self.foreign_citations]
        if self.baseline is None:
            out.append("no baseline option: name the option that is today's situation (model 'baseline')")
        out += [f"criterion {c} has no anchor marked baseline (today's situation)" for c in self.no_baseline_anchor]
        out += [f"{self.baseline} / {b.criterion}: scores {b.value:g} ({b.low:g}-{b.high:g}); the anchor for "
                f"today's situation is {b.anchor:g} (\u201c{b.anchor_text}\u201d)" for b in self.off_baseline]
        out += [f"{o} / {c}: the rationale says no direct effect, but the score {v:g} differs from the "
                f"baseline's {bv:g}" for o, c, v, bv in self.no_effect_off_baseline]
        out += [f"{o}: no score or likelihood cites a passage; an option drawn from the essays should rest on them "
                "somewhere" for o in self.uncited_options]
        out += [f"{o} / {c}: basis 'essay' rests only on passages dated to their own moment (latest {d}); a score "
                "judged as of today needs a passage that speaks to today, or the basis 'inference' with the reasoning "
                "from then to now" for o, c, d in self.dated_essay]
        return out


def evidence_health(model: DecisionModel, limit: int = MAX_CITATIONS_PER_PASSAGE) -> EvidenceHealth:
    counts: Counter[str] = Counter()
    review: list[tuple[str, str]] = []
    cited: dict[tuple[str, str], list[tuple[str, str]]] = {}
    foreign: list[tuple[str, str, str]] = []
    uncited: list[str] = []
    dated: list[tuple[str, str, str]] = []
    for o in model.options:
        for s in o.scores.values():
            counts[s.basis] += 1
        cells = [*o.scores.items(), *((f"likelihood {c.id}", c.likelihood) for c in o.conditions)]
        for cid, s in cells:
            if s.review:
                review.append((o.id, cid))
            if s.basis == "essay" and s.citations and all(cit.as_of for cit in s.citations):
                dated.append((o.id, cid, max(cit.as_of or "" for cit in s.citations)))
            for cit in s.citations:
                cited.setdefault((cit.source, cit.quote), []).append((o.id, cid))
                if cit.source not in o.sources:
                    foreign.append((o.id, cid, cit.source))
        if not any(s.citations for _, s in cells):
            uncited.append(o.id)
    passages = sorted((Passage(src, q, tuple(cells)) for (src, q), cells in cited.items()), key=lambda p: -p.count)
    base = next((o for o in model.options if o.id == model.baseline), None)
    missing: list[str] = []
    off: list[OffBaseline] = []
    no_effect: list[tuple[str, str, float, float]] = []
    if base is not None:
        for c in model.criteria:
            anchor = next((a for a in c.anchors if a.baseline), None)
            if anchor is None:
                missing.append(c.id)
                continue
            s = base.scores[c.id]
            if abs(s.value - anchor.value) > 1e-9 or not s.low <= anchor.value <= s.high:
                off.append(OffBaseline(c.id, s.value, s.low, s.high, anchor.value, anchor.description))
        for o in model.options:
            if o.id == base.id:
                continue
            for cid, s in o.scores.items():
                bv = base.scores[cid].value
                if any(p in s.rationale.lower() for p in NO_EFFECT_PHRASES) and abs(s.value - bv) > 1e-9:
                    no_effect.append((o.id, cid, s.value, bv))
    return EvidenceHealth(
        by_basis={b: counts.get(b, 0) for b in BASES},
        under_review=tuple(review),
        passages=tuple(passages),
        foreign_citations=tuple(foreign),
        baseline=base.id if base is not None else None,
        no_baseline_anchor=tuple(missing),
        off_baseline=tuple(off),
        no_effect_off_baseline=tuple(no_effect),
        uncited_options=tuple(uncited),
        dated_essay=tuple(dated),
        limit=limit,
        overcited=tuple(p for p in passages if p.count > limit),
    )


def bottom_line(audit: MarginAudit, option_names: tuple[str, ...]) -> str:
    """One sentence on what the answer rests on, for the brief and the window."""
    shares = {b: audit.share(b) for b in BASES}
    if shares["essay"] is None:
        return (f"{option_names[audit.leader]} and {option_names[audit.runner_up]} tie, so no margin rests on "
                "any score.")
    how = "" if audit.exact else " (approximate: the method is not additive)"
    lead, runner = option_names[audit.leader], option_names[audit.runner_up]
    if all(-0.005 <= (shares[b] or 0.0) <= 1.005 for b in BASES):
        pct = {b: round(100 * (shares[b] or 0.0)) for b in BASES}
        return (f"{lead} leads {runner}; of that margin, {pct['essay']} % rests on scores a cited passage states, "
                f"{pct['inference']} % on scores inferred from the essays' arguments and {pct['judgement']} % on "
                f"judgement-only scores{how}.")
    adv = audit.advantages_by_basis()
    total = sum(adv.values()) or 1.0
    pct = {b: round(100 * adv[b] / total) for b in BASES}
    return (f"{lead} leads {runner} by a margin the criteria pull both ways (the runner-up's advantages offset "
            f"{round(100 * (1 - audit.margin / total))} % of the leader's); the leader's advantages rest {pct['essay']} % on scores "
            f"a cited passage states, {pct['inference']} % on inferred scores and {pct['judgement']} % on "
            f"judgement-only scores{how}.")
