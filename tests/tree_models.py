"""The realistic model's eleven criteria (the frozen tests/fixtures/recalibrated-twelve-options.json) grouped into
three objectives, one of them with a sub-objective: a three-level value tree (the criteria's own level included)
for the tree's tests."""

from __future__ import annotations

import copy
from typing import Any

OBJECTIVES: list[dict[str, Any]] = [
    {"id": "security", "name": "Security", "description": "Lives, escalation and a peace that lasts.",
     "children": ["human_cost", "escalation_risk", "durability"]},
    {"id": "human_cost", "name": "Human cost", "children": ["casualties", "humanitarian_food"]},
    {"id": "sovereignty", "name": "Ukraine's sovereignty", "short_name": "Sovereignty",
     "children": ["territorial_integrity", "moral_hazard", "alliance_cohesion"]},
    {"id": "settlement", "name": "A workable settlement", "short_name": "Settlement",
     "children": ["russian_integration", "moscow_acceptance", "feasibility", "time_to_effect"]},
]


def with_tree(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a model dictionary (the realistic model's criteria) with the three-branch tree."""
    out = copy.deepcopy(data)
    out["objectives"] = copy.deepcopy(OBJECTIVES)
    return out
