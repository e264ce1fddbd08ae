"""Format v11 (issue 22): participants keyed by code, a name only when given, absences. An older file (here a
v7 one, through every step) is re-keyed."""

from __future__ import annotations

import json
from pathlib import Path

from decision_app.core.loading import dump_model, load_model
from decision_app.core.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "v7-workshop.json"


def test_a_v7_workshop_is_rekeyed_by_code_and_keeps_only_given_names():
    raw = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 7
    assert [p["id"] for p in raw["participants"]] == ["ana_lopez", "p2", "chlo_martin"]
    model = load_model(FIXTURE)
    assert model.schema_version == SCHEMA_VERSION >= 11
    assert [(p.id, p.label, p.code) for p in model.participants] == [
        ("p1", "Ana Lopez", "P1"), ("p2", None, "P2"), ("p3", "Chloé Martin", "P3")]
    assert [len(p.rounds) for p in model.participants] == [len(p["rounds"]) for p in raw["participants"]]
    saved = dump_model(model)
    assert b"ana_lopez" not in saved and b"chlo_martin" not in saved
    assert saved.count(b'"label"') == 2  # no name stored unless one was given
