"""`score --json` and `audit --json` carry the verdict and what would change the answer; audit's text lists the
nearest few."""

from __future__ import annotations

import json

import pytest

from decision_app.cli import main

VERDICT_KEYS = {"kind", "leader", "leaders", "first_share", "pairwise", "sentence", "exact", "possible", "necessary"}
TIP_KEYS = ["kind", "option", "criterion", "from", "to", "share_of_scale", "basis", "within_range", "new_leader",
            "sentence"]


def _json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_score_json_says_the_shipped_model_is_too_close_to_call(capsys, realistic_path):
    data = _json(capsys, "score", str(realistic_path), "--json", "--samples", "4000")
    v = data["verdict"]
    assert set(v) == VERDICT_KEYS
    assert (v["kind"], v["leader"], v["exact"]) == ("too_close", "ceasefire_no_freeze", True)
    assert v["leader"] == data["ranking"][0]["option"]
    assert v["sentence"].startswith("Too close to call: ")
    assert sum(v["first_share"].values()) == pytest.approx(1.0) and v["leader"] not in v["pairwise"]
    tips = data["tipping_points"]
    assert tips and all(list(t) == TIP_KEYS for t in tips)
    shares = [t["share_of_scale"] for t in tips]
    assert shares == sorted(shares)
    assert {t["kind"] for t in tips} == {"score", "weight"}
    cease = next(t for t in tips if t["kind"] == "score" and t["option"] == "ceasefire_no_freeze"
                 and t["criterion"] == "time_to_effect")
    assert cease["to"] == pytest.approx(7.33, abs=0.01) and cease["basis"] == "judgement" and cease["within_range"]
    assert cease["new_leader"] == "path_from_isolation"


def test_the_verdict_follows_the_uncertainty_flags(capsys, realistic_path):
    """Scores fixed: the ranges are set aside, and the sentence says so."""
    v = _json(capsys, "score", str(realistic_path), "--json", "--samples", "4000", "--scores-mode", "fixed")["verdict"]
    assert "ranges are set aside" in v["sentence"]
    tc = _json(capsys, "score", str(realistic_path), "--json", "--samples", "4000", "--method", "topsis")["verdict"]
    assert tc["exact"] is False and "4,000 draws" in tc["sentence"]


def test_audit_carries_the_blocks_and_lists_the_nearest_changes(capsys, realistic_path):
    data = _json(capsys, "audit", str(realistic_path), "--json", "--samples", "4000")
    assert set(data["verdict"]) == VERDICT_KEYS and data["tipping_points"]
    assert main(["audit", str(realistic_path), "--samples", "4000"]) == 0
    out = capsys.readouterr().out
    assert "How firm the answer is\nToo close to call:" in out
    listed = out.split("What would change the answer", 1)[1].split("\n\n", 1)[0]
    assert listed.count("\n  - ") == 5
    assert data["tipping_points"][0]["sentence"] in listed


def test_a_dominating_option_is_robust_on_the_command_line(tmp_path, capsys, realistic_path):
    d = json.loads(realistic_path.read_text(encoding="utf-8"))
    best = d["options"][0]
    for cr in d["criteria"]:  # the status quo at the best end of every scale, with no range
        x = cr["scale"]["min"] if cr["direction"] == "cost" else cr["scale"]["max"]
        best["scores"][cr["id"]].update(value=x, low=x, high=x)
    path = tmp_path / "dominated.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    v = _json(capsys, "score", str(path), "--json", "--samples", "2000")["verdict"]
    assert (v["kind"], v["leader"], v["leaders"], v["exact"]) == ("robust", "status_quo", ["status_quo"], True)
    assert v["sentence"].startswith("Robust: Status quo")
