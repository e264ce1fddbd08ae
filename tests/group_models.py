"""A workshop on the default model for brief tests: five participants, one or two rounds."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

# The model these workshops were written for: eight criteria (the shipped model has more).
WORKSHOP_MODEL = Path(__file__).resolve().parent / "fixtures" / "eight-criteria.json"


# The workshop tables give points for the eight criteria of this pinned model (the shipped model has more):
# a test module that imports these two fixtures reads `realistic_path` and `default_dict` as this model.
@pytest.fixture(name="realistic_path")
def pinned_default_path() -> Path:
    return WORKSHOP_MODEL


@pytest.fixture(name="default_dict")
def pinned_default_dict() -> dict[str, Any]:
    return json.loads(WORKSHOP_MODEL.read_text(encoding="utf-8"))

NAMES = ("Anastasia Kowalczyk", "Bartholomew Reyes", "Chiamaka Obi", "Dagny Lindqvist", "Emeric Falconet")
# points per criterion, in the default model's order: casualties, escalation_risk, russian_integration,
# moral_hazard, territorial_integrity, alliance_cohesion, feasibility, time_to_effect
ROUND_1 = (
    (9, 6, 1, 2, 3, 4, 5, 6),
    (2, 3, 1, 9, 10, 7, 2, 1),
    (5, 5, 5, 5, 5, 5, 5, 5),
    (6, 8, 1, 1, 2, 3, 10, 9),
    (3, 2, 10, 6, 4, 5, 3, 2),
)


def with_participants(model: dict, rounds: int = 2) -> dict:
    """`model` (a dict) with five participants; in round 2 each moves half-way towards equal weights."""
    d = copy.deepcopy(model)
    ids = [c["id"] for c in d["criteria"]]
    people = []
    for k, (name, points) in enumerate(zip(NAMES, ROUND_1, strict=True)):
        entered = [{"round": 1, "weights": dict(zip(ids, map(float, points), strict=True))}]
        if rounds >= 2:
            total = sum(points)
            entered.append({"round": 2, "weights": {c: (p / total + 1 / len(ids)) / 2 for c, p in zip(ids, points, strict=True)}})
        people.append({"id": f"person{k + 1}", "label": name, "code": f"P{k + 1}", "rounds": entered})
    d["participants"] = people
    return d
