"""What a weighting form asks, per criterion or per objective at a level of the value tree: one list of rows read
by the printable PDF (`report.forms`) and its workbook twin (`core.intake.form_workbook_bytes`), so both say the
same words, the split of each objective included (`core.branch_entry.split_sentence`). Qt-free, no files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision_app.core.branch_entry import branch_levels, current_weights, level_items, split_sentence
from decision_app.core.cells import number_text
from decision_app.core.errors import InputError
from decision_app.core.schema import Criterion, DecisionModel
from decision_app.core.tree import build_tree


def anchors_text(c: Criterion) -> list[str]:
    """A criterion's anchors as lines "0: Fighting stops quickly", lowest value first, with its direction."""
    lines = [f"{number_text(a.value)}: {a.description}" for a in sorted(c.anchors, key=lambda a: a.value)]
    better = "more is better" if c.direction == "benefit" else "less is better"
    return [*lines, f"({better}{'; unit: ' + c.unit if c.unit else ''})"]


FORM_INSTRUCTION = ("Give each criterion from 0 to 100 points for how much it should count in this decision: how much "
                    "it matters that an option does well on it rather than badly. Points are compared with each "
                    "other (twice the points, twice the weight) and need not add up to 100; 0 means it should not "
                    "count.")


FORM_INSTRUCTION_BRANCHES = ("Give each objective (and any criterion listed on its own) from 0 to 100 points for how "
                             "much it should count in this decision. Points are compared with each other (twice the "
                             "points, twice the weight) and need not add up to 100; 0 means it should not count. "
                             "Inside each objective the points split over its criteria as the facilitator's current "
                             "weights split it, as said beside it.")


@dataclass(frozen=True)
class FormItem:
    """One row of a printed form (and one column of its workbook twin): what is weighted and what to read."""

    id: str
    name: str
    note: str  # the criterion's definition, or the objective's description
    lines: tuple[str, ...]  # a criterion's anchors; an objective's criteria and how its points split


def form_items(model: DecisionModel, level: int | None = None) -> list[FormItem]:
    """The rows of a form: every criterion (level None), or the items at `level` of the value tree (an
    InputError, said for --level, when the model has no objectives there)."""
    crit = {c.id: c for c in model.criteria}
    if level is None:
        return [FormItem(c.id, c.name, c.definition, tuple(anchors_text(c))) for c in model.criteria]
    tree = build_tree(model)
    levels = branch_levels(tree)
    if level not in levels:
        raise InputError("this model has no value tree (objectives): its forms give points per criterion" if not levels
                         else f"choose a level of the value tree with objectives: {', '.join(map(str, levels))}",
                         "--level")
    base = current_weights(model)
    desc = {o.id: o.description for o in model.objectives}
    out = []
    for i in level_items(tree, level):
        if i >= tree.n_nodes:
            c = crit[tree.ids[i]]
            out.append(FormItem(c.id, c.name, c.definition, tuple(anchors_text(c))))
        else:
            inside = [tree.names[tree.n_nodes + j] for j in np.flatnonzero(tree.leaves[i] > 0)]
            out.append(FormItem(tree.ids[i], tree.names[i], desc[tree.ids[i]],
                                (f"Its criteria: {', '.join(inside)}.", split_sentence(tree, base, i) or "")))
    return out
