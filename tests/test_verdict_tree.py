"""Objectives in the verdict (issue #23, items 1 and 3): with a value tree the verdict sentence attributes the
leader's margin by top objective (the audit's rule), "What would change the answer" holds the objectives' weight
tipping points ranked among the criteria's and the scores'; the agreed order and bounds may name objectives (an
objective's weight is the sum of its criteria's: rows of A w <= b), format version 12. A flat model says
exactly what it said before."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import write_json
from tree_models import with_tree

from decision_app.cli import main
from decision_app.core import smaa as smaa_mod
from decision_app.core.answer import answer_for
from decision_app.core.compiled import compile_model
from decision_app.core.document import carry_spec, read_document, spec_analysis
from decision_app.core.engine import Analysis
from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model, model_from_dict
from decision_app.core.methods import wsm_values
from decision_app.core.region import WeightRegion
from decision_app.core.schema import SCHEMA_VERSION
from decision_app.core.snapshot import UncertaintySettings
from decision_app.core.tipping import what_would_change
from decision_app.core.verdict import verdict_for

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The tree of tests/tree_models.py, by hand: each top objective's criteria (ids).
SECURITY = ("casualties", "humanitarian_food", "escalation_risk", "durability")
SOVEREIGNTY = ("territorial_integrity", "moral_hazard", "alliance_cohesion")
SETTLEMENT = ("russian_integration", "moscow_acceptance", "feasibility", "time_to_effect")
FAST = UncertaintySettings(samples=2000)


def _doc(tmp_path: Path, data: dict, **spec: object):
    read = read_document(write_json(tmp_path, data))
    return read.model, compile_model(read.model), read.spec.replace(uncertainty=FAST, **spec)


def _answer(model, c, spec):
    return answer_for(model, c, spec_analysis(c, spec), spec)


# --- 1. the verdict by objective --------------------------------------------------------------------------


def test_the_verdict_attributes_the_margin_by_objective_as_computed_by_hand(tmp_path, default_dict):
    model, c, spec = _doc(tmp_path, with_tree(default_dict), method="wsm")
    w = np.asarray(spec.weights)
    V = wsm_values(c.X, c.lo, c.hi, c.is_cost, c.value_fns)
    order = np.argsort(-(V @ w), kind="stable")
    lead, runner = int(order[0]), int(order[1])
    part = {cid: w[j] * (V[lead, j] - V[runner, j]) for j, cid in enumerate(c.criterion_ids)}
    by = {name: sum(part[x] for x in ids) for name, ids in
          (("Security", SECURITY), ("Ukraine's sovereignty", SOVEREIGNTY), ("A workable settlement", SETTLEMENT))}
    total = sum(by.values())
    assert total == pytest.approx(V[lead] @ w - V[runner] @ w)
    share = {k: v / total for k, v in by.items()}
    top = max(share, key=lambda k: share[k])
    low = min(share, key=lambda k: share[k])
    expected = f"By objective: {round(100 * share[top])} % of the margin comes from {top}"
    if share[low] < -0.005:
        expected += f"; {low} takes {round(-100 * share[low])} % away"
    expected += "."
    a = _answer(model, c, spec)
    assert a.sentence.endswith(" " + expected)
    assert a.sentence == a.verdict.sentence  # the one sentence every surface reads
    assert a.sentence.startswith(verdict_for(spec_analysis(c, spec), "wsm", w, FAST).sentence + " ")
    block = a.payload()["verdict"]["by_branch"]
    assert block["exact"] is True and block["sentence"] == expected.removeprefix("By objective: ")
    assert {k: p["amount"] for k, p in block["parts"].items()} == pytest.approx(
        {"security": by["Security"], "sovereignty": by["Ukraine's sovereignty"],
         "settlement": by["A workable settlement"]})


def test_a_method_that_is_not_additive_says_the_attribution_is_approximate(tmp_path, default_dict):
    model, c, spec = _doc(tmp_path, with_tree(default_dict), method="topsis")
    a = _answer(model, c, spec)
    assert "By objective: " in a.sentence
    assert a.sentence.endswith("(approximately: the method is not additive).")
    assert a.payload()["verdict"]["by_branch"]["exact"] is False


def test_a_flat_model_says_exactly_what_it_said_before(tmp_path, default_dict):
    """The flat model's verdict sentence is `verdict_for`'s own (untouched by the tree), its list holds no
    objective, and its JSON no attribution."""
    model, c, spec = _doc(tmp_path, default_dict, method="wsm")
    a = _answer(model, c, spec)
    analysis = spec_analysis(c, spec)
    assert a.sentence == verdict_for(analysis, "wsm", spec.weights, FAST).sentence
    assert "objective" not in a.sentence and a.by_branch is None
    assert "by_branch" not in a.payload()["verdict"]
    assert [p.sentence for p in a.changes] == [p.sentence for p in what_would_change(
        analysis, "wsm", spec.weights, bases=[[o.scores[x].basis for x in c.criterion_ids] for o in model.options],
        units=[x.unit for x in model.criteria], region=a.region)]
    assert {p.kind for p in a.changes} <= {"score", "weight", "likelihood"}
    assert a.sentence.startswith("Too close to call: ")  # the realistic model at equal weights


def test_the_objectives_weight_tipping_points_are_in_the_list_ranked_by_nearness(tmp_path, default_dict):
    model, c, spec = _doc(tmp_path, with_tree(default_dict), method="wsm")
    a = _answer(model, c, spec)
    objectives = [p for p in a.changes if p.kind == "objective"]
    assert {p.objective for p in objectives} >= {"security", "sovereignty", "settlement"}
    shares = [p.share_of_scale for p in a.changes]
    assert shares == sorted(shares)  # one ranking: objectives among the criteria's weights and the scores
    kinds_before = {p.kind for p in a.changes[: a.changes.index(objectives[0])]}
    assert kinds_before & {"weight", "score"}  # it is interleaved, not appended
    w = np.asarray(spec.weights)
    prep = spec_analysis(c, spec).prepared("wsm")
    for p in objectives:
        ids = {"security": SECURITY, "sovereignty": SOVEREIGNTY, "settlement": SETTLEMENT,
               "human_cost": ("casualties", "humanitarian_food")}[p.objective]
        mask = np.isin(c.criterion_ids, ids)
        assert p.start == pytest.approx(w[mask].sum())
        inside, rest = np.where(mask, w, 0) / w[mask].sum(), np.where(mask, 0, w) / w[~mask].sum()
        step = 1e-6 if p.to > p.start else -1e-6
        before, after = ((p.to - step) * inside + (1 - p.to + step) * rest,
                         (p.to + step) * inside + (1 - p.to - step) * rest)
        assert int(np.argmax(prep.scores(before[None, :])[0])) == p.leader
        assert int(np.argmax(prep.scores(after[None, :])[0])) == p.new_leader
        name = dict(zip([o.id for o in model.objectives], [o.name for o in model.objectives], strict=True))
        assert f"if the weight of the objective {name[p.objective]} " in p.sentence
        row = p.payload(c.option_ids, c.criterion_ids)
        assert row["kind"] == "objective" and row["objective"] == p.objective and row["criterion"] is None


def test_score_json_and_the_memo_carry_the_verdict_by_objective(tmp_path, default_dict, capsys):
    import io
    import re

    from pypdf import PdfReader

    from decision_app.report.brief import BriefOptions, build_brief

    path = write_json(tmp_path, with_tree(default_dict))
    assert main(["score", str(path), "--json", "--samples", "2000"]) == 0
    data = json.loads(capsys.readouterr().out)
    sentence = data["verdict"]["sentence"]
    assert "By objective: " in sentence and data["verdict"]["by_branch"]["exact"] is True
    assert any(p["kind"] == "objective" for p in data["tipping_points"])
    assert main(["score", str(path), "--samples", "2000"]) == 0
    assert sentence in capsys.readouterr().out
    model = load_model(path)
    w = compile_model(model).profile_weights("equal")
    pdf, _missing = build_brief(model, "wsm", w, "equal", BriefOptions(date="2026-12-06"))
    page1 = re.sub(r"\s+", " ", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert page1.count("By objective: ") == 1  # in the verdict, said once


# --- 2. orders and bounds that name objectives -------------------------------------------------------------


def _indicator(c, ids) -> np.ndarray:
    return np.isin(c.criterion_ids, ids).astype(float)


def test_a_bound_on_an_objective_is_the_bound_on_its_criteria_sum(tmp_path, default_dict):
    _model, c, spec = _doc(tmp_path, with_tree(default_dict))
    s = UncertaintySettings(samples=4000, weights_mode="uniform", bounds=(("security", 0.45, 0.6),))
    region = s.region(c.criterion_ids, spec.weights, c.groups)
    g = _indicator(c, SECURITY)
    by_hand = WeightRegion.simplex(c.n).constrained(np.array([g, -g]), np.array([0.6, -0.45]))
    np.testing.assert_array_equal(region.A, by_hand.A)
    np.testing.assert_array_equal(region.b, by_hand.b)
    np.testing.assert_array_equal(region.lower, by_hand.lower)
    np.testing.assert_array_equal(region.upper, by_hand.upper)
    draws = smaa_mod._WeightDraws(seed=s.seed, samples=s.samples, n=c.n).draw(region)  # what SMAA draws
    total = g @ draws
    assert total.min() >= 0.45 - 1e-9 and total.max() <= 0.6 + 1e-9
    assert total.min() < 0.46 and total.max() > 0.59  # and they reach both bounds
    assert "stay within the agreed bounds" in region.phrase()
    # around the current weights the same rows cut the box
    around = UncertaintySettings(bounds=(("security", 0.4, 0.45),)).region(c.criterion_ids, spec.weights, c.groups)
    draws = smaa_mod._WeightDraws(seed=1, samples=3000, n=c.n).draw(around)
    assert (g @ draws).min() >= 0.4 - 1e-9 and (g @ draws).max() <= 0.45 + 1e-9


def test_an_order_among_objectives_cuts_every_draw_and_the_verdict(tmp_path, default_dict):
    _model, c, spec = _doc(tmp_path, with_tree(default_dict))
    s = UncertaintySettings(samples=3000, weights_mode="ordered",
                            order=(("sovereignty", "settlement", "casualties"),))
    region = s.region(c.criterion_ids, spec.weights, c.groups)
    sov, sett, cas = _indicator(c, SOVEREIGNTY), _indicator(c, SETTLEMENT), _indicator(c, ("casualties",))
    np.testing.assert_array_equal(region.A, np.array([sett - sov, cas - sett]))
    draws = smaa_mod._WeightDraws(seed=s.seed, samples=s.samples, n=c.n).draw(region)
    assert np.all(sov @ draws >= sett @ draws - 1e-9) and np.all(sett @ draws >= cas @ draws - 1e-9)
    assert "keep the agreed order of importance" in region.phrase()
    analysis = Analysis(c)
    v = verdict_for(analysis, "wsm", spec.weights, s)
    assert "keep the agreed order of importance" in v.sentence
    # a chain of criteria only is still drawn by sorting, untouched by the objectives
    flat = UncertaintySettings(weights_mode="ordered", order=(("casualties", "feasibility"),))
    assert flat.region(c.criterion_ids, spec.weights, c.groups).polytope.plan[0] == "sorted"


def test_the_session_may_name_objectives_and_the_version_11_file_still_opens(tmp_path, default_dict):
    raw = json.loads((FIXTURES / "v11-ending-the-war.json").read_text(encoding="utf-8"))
    assert raw["schema_version"] == 11 < 12 <= SCHEMA_VERSION
    assert load_model(FIXTURES / "v11-ending-the-war.json").schema_version == SCHEMA_VERSION
    d = with_tree(default_dict)
    d["session"] = {"method": "wsm", "uncertainty": {"order": [["security", "settlement"]],
                                                      "bounds": {"sovereignty": {"low": 0.2, "high": 0.4}}}}
    read = read_document(write_json(tmp_path, d))
    u = read.spec.uncertainty
    assert u.order == (("security", "settlement"),) and u.bounds == (("sovereignty", 0.2, 0.4),)
    again = model_from_dict(json.loads(dump_model(read.model)))
    assert again.session is not None and again.session.uncertainty is not None
    assert again.session.uncertainty.order == [["security", "settlement"]]
    # an edit of the criteria keeps what names an objective (and drops an objective that is gone)
    assert carry_spec(read.spec, read.model).uncertainty.order == (("security", "settlement"),)


def _problems(data: dict) -> list[str]:
    with pytest.raises(InputError) as err:
        model_from_dict(data, "m.json")
    return [f"{p.place}: {p.message}" for p in err.value.problems]


def test_an_unknown_id_in_the_order_or_bounds_is_named_with_its_json_path(default_dict):
    d = with_tree(default_dict)
    d["session"] = {"uncertainty": {"order": [["security", "securty"]],
                                    "bounds": {"sovereignity": {"low": 0.1, "high": 0.3},
                                               "settlement": {"low": 0.1, "high": 0.3}}}}
    msgs = _problems(d)
    assert msgs == ['session / uncertainty / order[0]: "securty" is neither a criterion id nor an objective id of '
                    "this model",
                    'session / uncertainty / bounds / sovereignity: "sovereignity" is neither a criterion id nor an '
                    "objective id of this model"]
    d["session"]["uncertainty"] = {"order": [["security", "casualties"], ["security", "feasibility"]]}
    assert _problems(d) == ['session / uncertainty / order[1]: "security" appears in more than one place; put each '
                            "criterion or objective in one chain, a>=b>=c"]
    # least shares add up over the outermost bounded items only: an objective's already holds its criteria's
    d["session"]["uncertainty"] = {"bounds": {"security": {"low": 0.6, "high": 1}, "casualties": {"low": 0.5,
                                                                                                   "high": 1}}}
    model_from_dict(d, "m.json")
    d["session"]["uncertainty"]["bounds"]["settlement"] = {"low": 0.5, "high": 1}
    assert _problems(d) == ["session / uncertainty / bounds: the least shares add up to 1.1, more than the whole "
                            "weight (1); lower some of them"]
    # a flat model keeps its words
    flat = dict(default_dict, session={"uncertainty": {"order": [["casualties", "security"]]}})
    assert _problems(flat) == ['session / uncertainty / order[0]: "security" is not a criterion id']


def test_the_command_line_takes_objective_ids_in_order_and_bounds(tmp_path, default_dict, capsys):
    path = write_json(tmp_path, with_tree(default_dict))
    assert main(["score", str(path), "--json", "--samples", "2000", "--order", "security>=settlement",
                 "--bounds", "sovereignty=20%..30%"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["analysis"]["uncertainty"]["order"] == [["security", "settlement"]]
    assert data["analysis"]["uncertainty"]["bounds"] == {"sovereignty": [0.2, 0.3]}
    assert "keep the agreed order of importance and stay within the agreed bounds" in data["verdict"]["sentence"]
    assert main(["score", str(path), "--weights-mode", "ordered", "--order", "sovereignty>=casualties"]) == 0
    capsys.readouterr()
    for flag, value in (("--order", "security>=settlemnt"), ("--bounds", "securty=10%..20%")):
        assert main(["score", str(path), flag, value]) == 2
        err = capsys.readouterr().err
        assert "is neither a criterion id nor an objective id" in err and flag in err and "Traceback" not in err
    assert main(["score", str(path), "--bounds", "security=60%..100%,settlement=50%..100%"]) == 2
    assert "the low bounds add up to more than the whole weight" in capsys.readouterr().err


def test_a_spec_with_an_objective_order_is_saved_in_the_session():
    from decision_app.core.snapshot import session_uncertainty_block

    s = UncertaintySettings(order=(("security", "settlement"),), bounds=(("security", 0.3, 0.5),))
    block = session_uncertainty_block(s)
    assert block is not None and block.order == [["security", "settlement"]]
    assert block.bounds is not None and block.bounds["security"].low == 0.3


def test_the_workbook_keeps_an_order_and_bounds_that_name_objectives(tmp_path, default_dict):
    from decision_app.core.loading import read_table
    from decision_app.core.tables import write_table

    d = with_tree(default_dict)
    d["session"] = {"method": "wsm", "uncertainty": {"order": [["security", "settlement", "casualties"]],
                                                      "bounds": {"sovereignty": {"low": 0.2, "high": 0.35}}}}
    model = model_from_dict(d)
    out = tmp_path / "tree.xlsx"
    assert write_table(model, out) == []
    back = read_table(out)
    assert back.session is not None and back.session.uncertainty is not None
    assert back.session.uncertainty.order == [["security", "settlement", "casualties"]]
    assert back.session.uncertainty.bounds is not None
    assert back.session.uncertainty.bounds["sovereignty"].high == 0.35
