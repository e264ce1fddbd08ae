"""What changed between two versions of a model, in words read at a glance: "3 scores and the weights changed
since you saved". The window's recovery offer says this of the recovered work against the last saved version.

Counts where a count helps (scores, options, criteria); otherwise the part by name (the weights, the method).
The analysis is compared as each version's specification (`document.AnalysisSpec`), so a session that
says the same analysis in other words is no change. Pure: no Qt, no file access.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from decision_app.core.document import AnalysisSpec
from decision_app.core.schema import DecisionModel

WEIGHT_TOLERANCE = 1e-9
DESCRIPTION_FIELDS = ("title", "author", "classification", "score_status", "description", "baseline")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def change_parts(before: DecisionModel, after: DecisionModel) -> tuple[list[str], list[str]]:
    """(what was added or removed, what changed): e.g. (["1 option added"], ["3 scores", "the weights"])."""
    added: list[str] = []
    changed: list[str] = []
    b_opts, a_opts = {o.id: o for o in before.options}, {o.id: o for o in after.options}
    b_crit, a_crit = {c.id: c for c in before.criteria}, {c.id: c for c in after.criteria}
    for b, a, one, many in ((b_opts, a_opts, "option", "options"), (b_crit, a_crit, "criterion", "criteria")):
        if n := len(a.keys() - b.keys()):
            added.append(_count(n, one, many) + " added")
        if n := len(b.keys() - a.keys()):
            added.append(_count(n, one, many) + " removed")
    common_crit = [c for c in a_crit if c in b_crit]
    values = evidence = 0
    for oid in (o for o in a_opts if o in b_opts):
        for cid in common_crit:
            old, new = b_opts[oid].scores.get(cid), a_opts[oid].scores.get(cid)
            if old is None or new is None or old == new:
                continue
            if (old.value, old.low, old.high) != (new.value, new.low, new.high):
                values += 1
            else:
                evidence += 1
    if values:
        changed.append(_count(values, "score", "scores"))
    if evidence:
        changed.append("the evidence of " + _count(evidence, "score", "scores"))
    opt_details = sum(1 for oid, o in a_opts.items() if oid in b_opts
                      and (o.name, o.summary, o.sources) != (b_opts[oid].name, b_opts[oid].summary, b_opts[oid].sources))
    if opt_details:
        changed.append("the details of " + _count(opt_details, "option", "options"))
    crit_details = sum(1 for cid in common_crit if a_crit[cid] != b_crit[cid])
    if crit_details:
        changed.append("the details of " + _count(crit_details, "criterion", "criteria"))
    if [o.id for o in before.options] != [o.id for o in after.options] and not (a_opts.keys() ^ b_opts.keys()):
        changed.append("the order of the options")
    if before.profiles != after.profiles:
        changed.append("the weight profiles")
    old_s, new_s = AnalysisSpec.from_model(before), AnalysisSpec.from_model(after)
    if old_s.criteria != new_s.criteria or not np.allclose(old_s.weights, new_s.weights, rtol=0,
                                                           atol=WEIGHT_TOLERANCE):
        changed.append("the weights")
    if (old_s.method, old_s.vikor_v) != (new_s.method, new_s.vikor_v):
        changed.append("the method")
    if old_s.uncertainty != new_s.uncertainty:
        changed.append("the uncertainty settings")
    if old_s.slides != new_s.slides:
        changed.append("the slides")
    if (old_s.group_rule, old_s.group_round) != (new_s.group_rule, new_s.group_round):
        changed.append("the group's rule or round")
    if before.participants != after.participants:
        changed.append("the participants")
    if before.sources != after.sources:
        changed.append("the sources")
    if any(getattr(before, f) != getattr(after, f) for f in DESCRIPTION_FIELDS):
        changed.append("the model's description")
    return added, changed


def describe_changes(before: DecisionModel, after: DecisionModel, since: str = "since you saved") -> str:
    """One sentence: "1 option added; 3 scores and the weights changed since you saved"."""
    added, changed = change_parts(before, after)
    clauses = [*added, f"{_join(changed)} changed"] if changed else added
    if not clauses:
        return f"nothing changed {since}"
    return "; ".join(clauses) + f" {since}"
