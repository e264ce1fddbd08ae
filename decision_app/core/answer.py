"""The answer of one analysis, computed once in core and read by every surface: how firm it is (the verdict,
`core.verdict`) and what would change it (`core.tipping`), for one model analysed as one specification.

`answer_for(model, compiled, analysis, spec, uncertainty)` is what the window's banner and "What would change
the answer" list, the memo's bottom line, the ranking slide's title and the what-would-change slide, and the
command line's tables and ``--json`` all read, so they say the same thing in the same words. The verdict's
draws are the specification's uncertainty run (`document.run_spec_uncertainty`); a run already made for this
state (the window's worker, the brief's) is reused.

With a value tree (format version 10) the verdict sentence ends with the leader's margin over the runner-up by
top objective ("By objective: 62 % of the margin comes from Security; Cost takes 12 % away."), by the audit's
rule (`core.audit`, `tree.audit_by_branch`: exact for the additive methods, said as approximate otherwise; a
branch that favours the runner-up takes its part away), and "What would change the answer" holds each
objective's weight tipping points beside the criteria's and the scores' (`tipping.objective_changes`). A flat
model's sentence and list are as they always were. No Qt, no pandas, no pydantic.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_app.core.audit import basis_matrix, margin_audit
from decision_app.core.compiled import CompiledModel
from decision_app.core.document import AnalysisSpec
from decision_app.core.engine import Analysis
from decision_app.core.methods import Array
from decision_app.core.region import WeightRegion
from decision_app.core.schema import DecisionModel
from decision_app.core.snapshot import Uncertainty
from decision_app.core.tipping import ChangePoint, what_would_change
from decision_app.core.tree import (
    BranchAttribution,
    ValueTree,
    attribution_sentence,
    audit_by_branch,
    branches_payload,
    build_tree,
)
from decision_app.core.verdict import Verdict, can_come_first, cell_extremes, settings_region, verdict_for

NEAREST = 2  # what the memo's bottom line and the banner's tooltip name of "What would change the answer"
SETTLE_HEADING = "What would change the answer"
WORKING_OUT = "still being worked out (the single changes that change who leads are being looked for)."
NEAREST_WEIGHT = "The nearest weight change"
WEIGHT_KINDS = ("weight", "objective")
BY_BRANCH_WORDS = "By objective: "  # opens the verdict's last sentence with a value tree (as the audit's)


@dataclass(frozen=True, eq=False)
class Answer:
    """The verdict and every single change that changes who leads, nearest first."""

    verdict: Verdict
    changes: tuple[ChangePoint, ...]
    region: WeightRegion
    option_ids: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    possible: tuple[int, ...]  # the options that can come first somewhere in the region (exactly, else in a draw)
    necessary: int | None  # the option first everywhere in the region (the robust leader), if any
    option_names: tuple[str, ...] = ()
    complete: bool = True  # False: the verdict only, the list of changes still to come (`with_changes`)
    # With a value tree: the leader's margin over the runner-up by top objective (the audit's rule,
    # `tree.audit_by_branch`), said at the end of the verdict sentence; None for a flat model or a tie
    by_branch: BranchAttribution | None = None
    tree: ValueTree | None = None

    @property
    def sentence(self) -> str:
        """The verdict sentence every surface states first."""
        return self.verdict.sentence

    def headline(self, labels: tuple[str, ...] | list[str]) -> str:
        """The verdict in a few words (a slide's title, the banner's start): its kind and who can come first."""
        v = self.verdict
        lead = labels[v.leader]
        if v.kind == "robust":
            return f"Robust: {lead} comes first"
        if v.kind == "likely":
            return f"Likely: {lead} comes first"
        if len(v.leaders) > 1:
            return f"Too close to call: {len(v.leaders)} options can come first"
        return f"Too close to call: {lead} leads"

    def nearest(self, k: int = NEAREST) -> tuple[ChangePoint, ...]:
        return self.changes[:k]

    def settle_sentence(self, k: int = NEAREST) -> str:
        """The nearest `k` changes in one passage ("What would change the answer: ... ; ..."), that none does, or,
        while the list is still being made (`complete` False), that it is."""
        if not self.complete:
            return f"{SETTLE_HEADING}: {WORKING_OUT}"
        near = self.nearest(k)
        if not near:
            return f"{SETTLE_HEADING}: no single change of a score within its scale or of a weight changes who leads."
        return f"{SETTLE_HEADING} (the nearest {len(near)}): " + " ".join(p.sentence for p in near)

    def nearest_weight_change(self) -> ChangePoint | None:
        """The first change of a weight (a criterion's or, with a value tree, an objective's) in the list."""
        return next((p for p in self.changes if p.kind in WEIGHT_KINDS), None)

    def weight_change_sentence(self) -> str:
        """The nearest weight change in the list's own words (the memo's "How robust is it", the deck's sensitivity
        slide), that none changes who leads, or that the list is still being worked out."""
        if not self.complete:
            return f"{NEAREST_WEIGHT}: {WORKING_OUT}"
        p = self.nearest_weight_change()
        if p is None:
            return "No single change of a weight, the other weights rescaled in proportion, changes who leads."
        return f"{NEAREST_WEIGHT}: {p.sentence}"

    def winners_sentence(self) -> str:
        """Each option's standing within the region: the necessary winner, or the possible ones."""
        names = self.option_names
        how = "" if self.verdict.exact else " (in the draws)"
        if self.necessary is not None:
            return f"Within the region {names[self.necessary]} is the necessary winner{how}: first everywhere."
        who = [names[i] for i in self.possible]
        return (f"Within the region no option is first everywhere; {len(who)} can come first{how}: "
                + ", ".join(who) + ".")

    def payload(self) -> dict[str, Any]:
        """The ``"verdict"`` and ``"tipping_points"`` blocks of the JSON outputs; the verdict also says which
        options can come first within the region (``"possible"``) and which comes first everywhere
        (``"necessary"``, or null)."""
        ids = (self.option_ids, self.criterion_ids)
        verdict = self.verdict.payload(self.option_ids) | {
            "possible": [self.option_ids[i] for i in self.possible],
            "necessary": None if self.necessary is None else self.option_ids[self.necessary]}
        if self.by_branch is not None and self.tree is not None:
            verdict["by_branch"] = branches_payload(self.tree, self.by_branch)
        return {"verdict": verdict, "tipping_points": [p.payload(*ids) for p in self.changes]}


def answer_for(model: DecisionModel, compiled: CompiledModel, analysis: Analysis, spec: AnalysisSpec, *,
               uncertainty: Uncertainty | None = None, threads: int = 1, changes: bool = True) -> Answer:
    """The answer for `model` analysed as `spec`; `uncertainty`, when it is this state's run, is reused for the
    verdict's draws (else they are drawn here, as `run_spec_uncertainty` would). Without `changes`, the verdict
    only (`complete` False; the window shows it while `with_changes` scans the cells). Raises EngineError when
    the method cannot rank the model."""
    settings, method, w = spec.uncertainty, spec.method, spec.weights
    v = verdict_for(analysis, method, w, settings, uncertainty=uncertainty, threads=threads)
    v, by_branch, tree = by_objective(v, model, analysis, method, w)
    region = settings_region(settings, w, compiled.criterion_ids, compiled.groups)
    necessary = v.leader if v.kind == "robust" else None
    if v.possible is not None:
        possible = v.possible
    elif necessary is not None:
        possible = np.arange(compiled.m) == necessary
    elif v.kind == "too_close":  # the set the verdict's headline counts
        possible = np.isin(np.arange(compiled.m), v.leaders)
    elif (ext := cell_extremes(analysis, method, settings.scores_mode == "fixed")) is not None:
        possible = can_come_first(region, *ext)
    else:
        possible = v.first_share > 0
    order = sorted(np.flatnonzero(possible).tolist(), key=lambda i: (-v.first_share[i], i))
    answer = Answer(v, (), region, compiled.option_ids, compiled.criterion_ids, tuple(order), necessary,
                    compiled.option_names, complete=False, by_branch=by_branch, tree=tree)
    return with_changes(answer, model, analysis, spec) if changes else answer


def by_objective(v: Verdict, model: DecisionModel, analysis: Analysis, method: str,
                 weights: Array) -> tuple[Verdict, BranchAttribution | None, ValueTree | None]:
    """With a value tree: `v` with its sentence ending in the leader's margin over the runner-up by top objective
    (the audit's rule, `tree.audit_by_branch`), that attribution, and the tree. A flat model, a tie or a single
    option: `v` unchanged, None (and the tree, None for a flat model)."""
    if not model.objectives:
        return v, None, None
    tree = build_tree(model)
    audit = None if v.tie else margin_audit(analysis, basis_matrix(model), method, weights)
    if audit is None or audit.margin <= 0:
        return v, None, tree
    att = audit_by_branch(tree, audit)
    return dataclasses.replace(v, sentence=f"{v.sentence} {BY_BRANCH_WORDS}{attribution_sentence(tree, att)}"), att, tree


def with_changes(answer: Answer, model: DecisionModel, analysis: Analysis, spec: AnalysisSpec) -> Answer:
    """`answer` with every single change that changes who leads, nearest first (`complete`)."""
    points = what_would_change(analysis, spec.method, spec.weights, bases=basis_matrix(model),
                               units=[c.unit for c in model.criteria], region=answer.region, tree=answer.tree)
    return dataclasses.replace(answer, changes=tuple(points), complete=True)
