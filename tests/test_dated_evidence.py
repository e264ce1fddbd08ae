"""Dated evidence (issue 24 item 5): a citation may say the year and month it speaks of (`as_of`), and
`audit --strict` refuses an essay basis for a score judged as of today that rests only on such passages."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from decision_app.core.audit import evidence_health
from decision_app.core.errors import InputError
from decision_app.core.loading import model_from_dict, save_model


@pytest.fixture
def dated(default_dict):
    d = copy.deepcopy(default_dict)
    o = d["options"][1]
    cid = d["criteria"][0]["id"]
    src = d["sources"][0]["id"]
    o["sources"] = sorted({*o.get("sources", []), src})
    o["scores"][cid].update(basis="essay", citations=[
        {"source": src, "quote": "must now be reconsidering his options", "as_of": "2022-03"}])
    return d, o["id"], cid


def test_an_essay_score_resting_only_on_dated_passages_is_a_finding(dated):
    d, oid, cid = dated
    health = evidence_health(model_from_dict(d))
    assert (oid, cid, "2022-03") in health.dated_essay
    assert any(f.startswith(f"{oid} / {cid}: basis 'essay' rests only on passages dated") for f in health.findings())


def test_one_undated_passage_or_an_inference_basis_clears_it(dated):
    d, oid, cid = dated
    o = next(x for x in d["options"] if x["id"] == oid)
    both = copy.deepcopy(d)
    next(x for x in both["options"] if x["id"] == oid)["scores"][cid]["citations"].append(
        {"source": d["sources"][0]["id"], "quote": "an undated passage"})
    assert (oid, cid) not in {(a, b) for a, b, _ in evidence_health(model_from_dict(both)).dated_essay}
    o["scores"][cid].update(basis="inference", rationale="from the 2022 passage to today, because ...")
    assert (oid, cid) not in {(a, b) for a, b, _ in evidence_health(model_from_dict(d)).dated_essay}


def test_a_likelihood_is_held_to_the_same_rule(dated):
    d, oid, cid = dated
    o = next(x for x in d["options"] if x["id"] == oid)
    o["scores"][cid]["citations"][0].pop("as_of")
    o["conditions"] = [{"id": "moscow_accepts", "name": "Moscow accepts", "likelihood": {
        "value": 0.3, "low": 0.1, "high": 0.5, "basis": "essay",
        "citations": [{"source": d["sources"][0]["id"], "quote": "must now be reconsidering", "as_of": "2022-03"}]}}]
    s = o["scores"][cid]
    s["outcomes"] = {"condition": "moscow_accepts", "accepted": {"value": s["value"], "low": s["low"], "high": s["high"]},
                     "refused": {"value": s["value"], "low": s["low"], "high": s["high"]}}
    for k in ("value", "low", "high"):
        s.pop(k)
    assert [x for x in evidence_health(model_from_dict(d)).dated_essay if x[0] == oid] == [
        (oid, "likelihood moscow_accepts", "2022-03")]


def test_audit_strict_exits_1_on_it(dated, tmp_path):
    d, _oid, _cid = dated
    path = tmp_path / "dated.json"
    save_model(model_from_dict(d), path)
    run = subprocess.run([sys.executable, "-m", "decision_app", "audit", str(path), "--strict", "--json"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert any("rests only on passages dated" in f for f in json.loads(run.stdout)["health"]["findings"])


@pytest.mark.parametrize("bad", ["2022", "2022-13", "March 2022", "22-03"])
def test_as_of_is_a_year_and_month(dated, bad):
    d, oid, cid = dated
    next(x for x in d["options"] if x["id"] == oid)["scores"][cid]["citations"][0]["as_of"] = bad
    with pytest.raises(InputError, match=r"quote 1, as of: should be a year and month written YYYY-MM, such as 2022-03, not"):
        model_from_dict(d, "m.json")
