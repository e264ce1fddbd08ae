"""What the answer rests on: the margin by basis (checked against a hand-computed example), each option's
score by basis, the evidence health, and `decision-app audit` (the shipped model passes --strict)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import write_json

from decision_app.cli import main
from decision_app.core.audit import basis_matrix, bottom_line, evidence_health, margin_audit, score_shares
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.loading import model_from_dict


def _score(v, basis, cites=(), rationale="because", lo=None, hi=None):
    return {"value": v, "low": v if lo is None else lo, "high": v if hi is None else hi, "basis": basis,
            "rationale": rationale, "citations": [{"source": s, "quote": q} for s, q in cites]}


def constructed() -> dict:
    """Three options on two benefit criteria (scale 0..10), weights 3:1.

    WSM values: A = .75*1.0 + .25*0.0 = .75; B = .75*.2 + .25*.6 = .30; C = 0. Margin of A over B = .45:
    c1 contributes .75*(1.0-.2) = +.60 (A essay, B judgement: .30 each), c2 .25*(0-.6) = -.15 (both
    inference). So essay .30, judgement .30, inference -.15: 66.7 %, 66.7 %, -33.3 % of the margin."""
    anchors = [{"value": 0, "description": "none"}, {"value": 5, "description": "today", "baseline": True},
               {"value": 10, "description": "all"}]
    crit = lambda cid: {"id": cid, "name": cid.upper(), "direction": "benefit", "scale": {"min": 0, "max": 10},  # noqa: E731 - a table
                        "anchors": anchors}
    p = "A passage."
    return {
        "schema_version": 5, "title": "Constructed", "baseline": "C",
        "sources": [{"id": "s1", "author": "X", "title": "T"}, {"id": "s2", "author": "Y"}],
        "criteria": [crit("c1"), crit("c2")],
        "options": [
            {"id": "A", "name": "A", "sources": ["s1"], "scores": {
                "c1": _score(10, "essay", [("s1", p), ("s1", p)]), "c2": _score(0, "inference", [("s2", p)])}},
            {"id": "B", "name": "B", "sources": ["s1"], "scores": {
                "c1": _score(2, "judgement", [("s1", p)]),
                "c2": _score(6, "inference", [("s1", p)], rationale="No direct effect on this.")}},
            {"id": "C", "name": "C", "sources": [], "scores": {
                "c1": _score(0, "judgement", lo=0, hi=2), "c2": _score(5, "judgement")}},
        ],
        "profiles": [{"id": "p", "name": "P", "weights": {"c1": 3, "c2": 1}}],
    }


@pytest.fixture
def model():
    return model_from_dict(constructed())


def test_margin_decomposition_matches_hand_computation(model):
    c = compile_model(model)
    ma = margin_audit(Analysis(c), basis_matrix(model), "wsm", c.profile_weights("p"))
    assert (ma.leader, ma.runner_up) == (0, 1) and ma.exact
    assert ma.margin == pytest.approx(0.45)
    assert [p.amount for p in ma.parts] == pytest.approx([0.60, -0.15])
    assert ma.by_basis == pytest.approx({"essay": 0.30, "inference": -0.15, "judgement": 0.30})
    assert ma.share("essay") == pytest.approx(2 / 3) and ma.share("inference") == pytest.approx(-1 / 3)
    assert sum(ma.by_basis.values()) == pytest.approx(ma.margin)
    assert [p.criterion for p in ma.decisive()] == [0]
    line = bottom_line(ma, c.option_names)
    # A share beyond 0-100 % (here -33 %): the sentence reports the leader's advantages (c1: .30 essay, .30 judgement)
    assert "offset 25 % of the leader's" in line and "rest 50 % on scores a cited passage states" in line
    assert "50 % on judgement-only scores" in line


def test_promethee_is_additive_too_and_sums_to_its_margin(model):
    c = compile_model(model)
    ma = margin_audit(Analysis(c), basis_matrix(model), "promethee2", c.profile_weights("p"))
    assert ma.exact and sum(p.amount for p in ma.parts) == pytest.approx(ma.margin)


@pytest.mark.parametrize("method", ["topsis", "vikor", "wpm"])
def test_non_additive_methods_use_the_documented_approximation(method):
    d = constructed()
    for o in d["options"]:  # no zero scores, so the weighted product can rank
        for s in o["scores"].values():
            s["value"] = max(s["value"], 1)
            s["low"], s["high"] = min(s["low"], s["value"]), max(s["high"], s["value"])
    m = model_from_dict(d)
    c = compile_model(m)
    ma = margin_audit(Analysis(c), basis_matrix(m), method, c.profile_weights("p"))
    assert not ma.exact and "approximation" in ma.rule
    assert ma.margin > 0
    assert sum(ma.by_basis.values()) == pytest.approx(sum(p.amount for p in ma.parts))
    assert "approximate" in bottom_line(ma, c.option_names)


def test_score_shares_by_basis(model):
    c = compile_model(model)
    sh = score_shares(c, basis_matrix(model), c.profile_weights("p"))
    assert sh[0] == pytest.approx([1.0, 0.0, 0.0])  # A: all its value from c1 (essay)
    assert sh[1] == pytest.approx([0.0, 0.5, 0.5])  # B: .15 judgement, .15 inference
    assert np.allclose(sh[2].sum(), 1.0)


def test_evidence_health_finds_each_problem(model):
    h = evidence_health(model, limit=3)
    assert h.by_basis == {"essay": 1, "inference": 2, "judgement": 3}
    assert h.passages[0].count == 4 and h.overcited == (h.passages[0],)
    assert h.foreign_citations == (("A", "c2", "s2"),)
    assert h.baseline == "C"
    (off,) = h.off_baseline
    assert (off.criterion, off.value, off.anchor) == ("c1", 0, 5)  # c2 sits on its anchor
    assert h.no_effect_off_baseline == (("B", "c2", 6, 5),)
    assert h.uncited_options == ("C",)  # B cites passages under judgement and inference: it rests on the essays
    found = h.findings()
    assert len(found) == 1 + 1 + 1 + 1 + 1
    assert any(f.startswith("C: no score or likelihood cites a passage") for f in found)
    assert any("cited 4 times (limit 3)" in f for f in found)
    assert any("today's situation is 5" in f for f in found)


def test_health_of_a_clean_model_is_empty():
    d = constructed()
    d["options"] = [d["options"][0]]
    d["options"][0]["scores"]["c1"] = _score(5, "essay", [("s1", "P")])
    d["options"][0]["scores"]["c2"] = _score(5, "judgement")
    d["baseline"] = "A"
    assert evidence_health(model_from_dict(d)).findings() == []


def test_cli_audit_strict_and_json(tmp_path, capsys):
    path = write_json(tmp_path, constructed())
    assert main(["audit", str(path)]) == 0
    out = capsys.readouterr().out
    assert "What the answer rests on" in out and "Evidence health" in out
    assert main(["audit", str(path), "--strict"]) == 1
    capsys.readouterr()
    assert main(["audit", str(path), "--json", "--profile", "p"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["margin"]["leader"] == "A" and data["margin"]["by_basis"]["essay"] == pytest.approx(2 / 3)
    assert data["health"]["scores_by_basis"] == {"essay": 1, "inference": 2, "judgement": 3}


def test_shipped_model_passes_audit_strict(realistic_path, capsys):
    assert main(["audit", str(realistic_path), "--strict"]) == 0, capsys.readouterr().out
    for profile in ("equal", "corcoran_outlook", "kogan_outlook"):
        assert main(["audit", str(realistic_path), "--strict", "--profile", profile]) == 0
