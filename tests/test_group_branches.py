"""The workshop on a value tree (issue 23, item 2): points per branch (the split as the facilitator's weights split
each branch, said in words; kept per branch in format v12), and AHP judgements combined node by node (AIJ per
node, the local weights multiplied down the tree), checked against a hand-computed example."""

from __future__ import annotations

import copy
import io
import json

import numpy as np
import pytest
from group_models import WORKSHOP_MODEL
from pypdf import PdfReader
from tree_models import with_tree

from decision_app.core import branch_entry as be
from decision_app.core import participant_edits as pe
from decision_app.core.ahp_tree import TreeShape, aggregate_nodes, node_ahp, node_matrices
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError, InputError
from decision_app.core.group import analyse_group, participants_from_model
from decision_app.core.loading import dump_model, model_from_dict
from decision_app.core.schema import NodeJudgements
from decision_app.core.tree import build_tree

# --- points per branch -------------------------------------------------------------------------------------


@pytest.fixture
def tree_model(default_dict):
    d = with_tree(default_dict)
    d["session"] = {"method": "wsm", "weights": {c["id"]: 1.0 for c in d["criteria"]} | {"casualties": 3.0}}
    return model_from_dict(d)


def test_the_items_at_each_level_of_the_tree(tree_model):
    tree = build_tree(tree_model)
    ids = lambda level: [tree.ids[i] for i in be.level_items(tree, level)]  # noqa: E731 (a one-line helper)
    assert ids(1) == ["security", "sovereignty", "settlement"]
    assert ids(2) == ["human_cost", "escalation_risk", "durability", "territorial_integrity", "moral_hazard",
                      "alliance_cohesion", "russian_integration", "moscow_acceptance", "feasibility", "time_to_effect"]
    assert sorted(ids(3)) == sorted(tree_model.criterion_ids()) and len(ids(3)) == 11  # the deepest: every criterion
    assert be.branch_levels(tree) == (1, 2)
    flat = build_tree(model_from_dict({**json.loads(dump_model(tree_model)), "objectives": []}))
    assert be.branch_levels(flat) == ()


def test_points_per_branch_split_as_the_current_weights_and_say_so(tree_model):
    tree = build_tree(tree_model)
    base = be.current_weights(tree_model)  # casualties 3, every other criterion 1
    items = be.level_items(tree, 1)
    w = be.criterion_weights(tree, base, items, [60, 30, 10])
    got = dict(zip(tree_model.criterion_ids(), w, strict=True))
    assert got["casualties"] == pytest.approx(60 * 3 / 6)  # Security holds casualties (3), food, escalation, durability
    assert got["humanitarian_food"] == pytest.approx(60 / 6)
    assert got["moral_hazard"] == pytest.approx(10.0)  # Sovereignty: three criteria alike
    assert got["feasibility"] == pytest.approx(10 / 4)
    sentence = be.split_sentence(tree, base, items[0])
    assert sentence.startswith("Inside Security, the points split as in the current weights: ")
    shown = [f"{tree.short[tree.index(c)]} {pct} %" for c, pct in
             (("casualties", 50), ("humanitarian_food", 17), ("escalation_risk", 17), ("durability", 17))]
    assert sentence.endswith(": " + ", ".join(shown) + ".")
    assert be.split_sentence(tree, base, tree.index("casualties")) is None  # a criterion is not split


def test_a_round_given_per_branch_keeps_what_was_entered_and_one_weight_per_criterion(tree_model):
    tree = build_tree(tree_model)
    base = be.current_weights(tree_model)
    items = be.level_items(tree, 1)
    entry = be.branch_round(tree_model, tree, base, 1, "direct", items, [60, 30, 10])
    model = pe.add_participant(tree_model, rounds=[entry])
    r = model.participants[0].rounds[0]
    assert list(r.weights) == tree_model.criterion_ids()  # the stored weights stay one per criterion
    assert r.inputs == {"security": 60, "sovereignty": 30, "settlement": 10}
    assert r.branches is not None and r.branches.items == ["security", "sovereignty", "settlement"]
    assert r.branches.shares["casualties"] == pytest.approx(0.5)
    again = model_from_dict(json.loads(dump_model(model)))
    assert again.participants[0].rounds[0] == r
    assert r.branches is not None and r.inputs is not None
    assert {k: r.inputs[k] for k in r.branches.items} == {"security": 60, "sovereignty": 30, "settlement": 10}
    # the group reads the criterion weights, as it does any round
    pw = participants_from_model(model)[0]
    assert pw.weights[tree_model.criterion_ids().index("casualties")] == pytest.approx(30.0)


def _round_problems(model, **round_fields) -> list[str]:
    d = json.loads(dump_model(model))
    ids = model.criterion_ids()
    rnd = {"round": 1, "method": "direct", "weights": {c: 1.0 for c in ids}} | round_fields
    d["participants"] = [{"id": "p1", "code": "P1", "rounds": [rnd]}]
    with pytest.raises(InputError) as err:
        model_from_dict(d)
    return [f"{p.place}: {p.message}" for p in err.value.problems]


def test_a_bad_round_per_branch_is_named_with_its_place(tree_model):
    shares = {c: 1 / 4 for c in ["casualties", "humanitarian_food", "escalation_risk", "durability"]}
    probs = _round_problems(tree_model, branches={"items": ["security", "casualties"], "shares": shares})
    assert any('"casualties" and "security" both hold the criterion "casualties"' in p for p in probs)
    assert any('the criterion "Russian integration" (russian_integration) is in none of the branches weighted: weight '
               'an objective above it, or the criterion itself' in p for p in probs)
    probs = _round_problems(tree_model, branches={
        "items": ["security", "sovereignty", "settlement"],
        "shares": {c: 0.3 for c in tree_model.criterion_ids()}}, inputs={"security": 1.0, "nowhere": 2.0})
    assert any(p.startswith('participants[0] "P1" / rounds[0] / branches / shares: the shares of the criteria inside '
                            '"security" must add up to 1') for p in probs)
    assert any('inputs / nowhere: "nowhere" is not one of the branches weighted' in p for p in probs)


def test_the_printed_form_and_its_workbook_say_the_split_and_read_back_as_it_says(tree_model, tmp_path):
    from openpyxl import load_workbook

    from decision_app.core.intake import form_workbook_bytes, intake_files
    from decision_app.report.forms import render_forms

    tree = build_tree(tree_model)
    sentence = be.split_sentence(tree, be.current_weights(tree_model), tree.index("security"))
    text = " ".join(" ".join(p.extract_text().split()) for p in
                    PdfReader(io.BytesIO(render_forms(tree_model, ["P1"], [1], level=1))).pages)
    assert sentence in text and "Give each objective" in text
    assert "Inside Security" not in " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_forms(tree_model, ["P1"], [1]))).pages)
    with pytest.raises(InputError, match="choose a level of the value tree with objectives: 1, 2"):
        render_forms(tree_model, ["P1"], [1], level=3)
    wb = load_workbook(io.BytesIO(form_workbook_bytes(tree_model, ["P1"], [1], level=1)))
    ws = wb["Points"]
    assert [c.value for c in ws[1]] == ["participant", "round", "Security", "Ukraine's sovereignty",
                                        "A workable settlement", "note"]
    assert sentence in ws["C1"].comment.text
    for col, pts in zip("CDE", (60, 30, 10), strict=True):
        ws[f"{col}2"] = pts
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    r = intake_files(tree_model, [path]).model.participants[0].rounds[0]
    assert r.weights["casualties"] == pytest.approx(30.0)  # the split the form printed: 50 % of 60
    assert r.inputs == {"security": 60, "sovereignty": 30, "settlement": 10}  # kept as entered (v12)
    assert r.branches is not None and r.branches.shares["casualties"] == pytest.approx(0.5)


# --- AHP node by node -----------------------------------------------------------------------------------------

# The eight-criterion workshop model as a tree: A = {casualties, escalation_risk}; B = {russian_integration, B2};
# B2 = the five others. Two participants judge node by node with 2x2 matrices (eigenvector of [[1, a], [1/a, 1]]
# is (a, 1) / (1 + a)) and B2's five alike.
FIVE = ["moral_hazard", "territorial_integrity", "alliance_cohesion", "feasibility", "time_to_effect"]
OBJECTIVES = [{"id": "obj_a", "name": "A", "children": ["casualties", "escalation_risk"]},
              {"id": "obj_b", "name": "B", "children": ["russian_integration", "obj_b2"]},
              {"id": "obj_b2", "name": "B2", "children": FIVE}]


def _pair(a: float) -> list[list[float]]:
    return [[1.0, a], [1 / a, 1.0]]


def _nodes(top: float, in_a: float, in_b: float) -> list[dict]:
    return [{"items": ["obj_a", "obj_b"], "matrix": _pair(top)},
            {"node": "obj_a", "items": ["casualties", "escalation_risk"], "matrix": _pair(in_a)},
            {"node": "obj_b", "items": ["obj_b2", "russian_integration"], "matrix": _pair(1 / in_b)},  # any order
            {"node": "obj_b2", "items": FIVE, "matrix": [[1.0] * 5 for _ in range(5)]}]


@pytest.fixture
def ahp_workshop() -> dict:
    d = json.loads(WORKSHOP_MODEL.read_text(encoding="utf-8"))
    d["objectives"] = copy.deepcopy(OBJECTIVES)
    model = model_from_dict(d)
    shape = TreeShape.of(model)
    people = []
    for k, judged in enumerate((_nodes(4.0, 3.0, 1.0), _nodes(1.0, 1 / 3, 4.0)), start=1):
        w = node_ahp(shape, node_matrices(shape, [NodeJudgements(**x) for x in judged])).weights
        people.append({"id": f"p{k}", "code": f"P{k}", "rounds": [{
            "round": 1, "method": "ahp", "weights": dict(zip(model.criterion_ids(), map(float, w), strict=True)),
            "ahp_nodes": judged}]})
    d["participants"] = people
    return d


def test_one_participants_judgements_node_by_node_multiply_down():
    d = json.loads(WORKSHOP_MODEL.read_text(encoding="utf-8"))
    d["objectives"] = copy.deepcopy(OBJECTIVES)
    shape = TreeShape.of(model_from_dict(d))
    res = node_ahp(shape, {None: np.array(_pair(4.0)), "obj_a": np.array(_pair(3.0)),
                           "obj_b": np.array(_pair(1.0)), "obj_b2": np.ones((5, 5))})
    w = dict(zip(shape.criterion_ids, res.weights, strict=True))
    assert w["casualties"] == pytest.approx(0.8 * 0.75) and w["escalation_risk"] == pytest.approx(0.8 * 0.25)
    assert w["russian_integration"] == pytest.approx(0.2 * 0.5) and w["feasibility"] == pytest.approx(0.2 * 0.5 / 5)
    with pytest.raises(EngineError, match='no judgements among the children of "obj_b2"'):
        node_ahp(shape, {None: np.array(_pair(4.0)), "obj_a": np.array(_pair(3.0)), "obj_b": np.array(_pair(1.0))})


def test_the_group_combines_ahp_judgements_node_by_node_by_hand(ahp_workshop):
    """By hand: top A:B = 4 and 1, geometric mean 2 -> A 2/3, B 1/3; inside A 3 and 1/3 -> 1 -> 1/2 each; inside B
    russian_integration:B2 = 1 and 4 -> 2 -> 2/3, 1/3; B2's five alike. So casualties = escalation = 1/3,
    russian_integration = 2/9, each of the five 1/45."""
    model = model_from_dict(ahp_workshop)
    parts = participants_from_model(model)
    assert all(p.ahp_nodes is not None for p in parts)
    g = analyse_group(Analysis(compile_model(model)), "wsm", parts, rule="aij")
    w = dict(zip(model.criterion_ids(), g.combined.weights, strict=True))
    assert w["casualties"] == pytest.approx(1 / 3) and w["escalation_risk"] == pytest.approx(1 / 3)
    assert w["russian_integration"] == pytest.approx(2 / 9)
    assert all(w[c] == pytest.approx(1 / 45) for c in FIVE)
    # not the geometric mean of the participants' criterion weights (what the flat "geometric" rule gives)
    geo = analyse_group(Analysis(compile_model(model)), "wsm", parts, rule="geometric").combined.weights
    assert not np.allclose(geo, g.combined.weights, atol=1e-3)
    assert g.aij is None and g.aij_nodes is not None and g.aij_nodes.consistent
    assert g.aij_nodes.nodes["obj_b"].weights == pytest.approx([2 / 3, 1 / 3])  # in the tree's order of children
    # leaving one out leaves the other's own judgements
    assert g.leave_one_out is not None
    assert g.leave_one_out.weights[0] == pytest.approx(g.weights[1])
    summary = g.summary()
    assert set(summary["aij_nodes"]["nodes"]) == {"(top)", "obj_a", "obj_b", "obj_b2"}


def test_aij_node_by_node_needs_everyone_node_by_node(ahp_workshop):
    d = copy.deepcopy(ahp_workshop)
    d["participants"][1]["rounds"][0] = {"round": 1, "method": "direct",
                                         "weights": {c: 1.0 for c in d["participants"][1]["rounds"][0]["weights"]}}
    model = model_from_dict(d)
    with pytest.raises(EngineError, match="the AIJ rule needs every participant's judgements node by node of the "
                                          "value tree, as others gave them; P2 gave weights, not judgements: "
                                          "re-enter P2's round node by node or choose another rule"):
        analyse_group(Analysis(compile_model(model)), "wsm", participants_from_model(model), rule="aij")
    crits = list(d["participants"][1]["rounds"][0]["weights"])
    d["participants"][1]["rounds"][0] = {"round": 1, "method": "ahp", "weights": {c: 1.0 for c in crits},
                                         "ahp": {"criteria": crits, "matrix": [[1.0] * len(crits)] * len(crits)}}
    model = model_from_dict(d)
    with pytest.raises(EngineError, match="P2 gave one matrix over every criterion: re-enter P2's round"):
        analyse_group(Analysis(compile_model(model)), "wsm", participants_from_model(model), rule="aij")


def test_the_messages_of_judgements_node_by_node_say_what_is_wrong_in_words(ahp_workshop):
    d = copy.deepcopy(ahp_workshop)
    nodes = d["participants"][0]["rounds"][0]["ahp_nodes"]
    nodes.append(copy.deepcopy(nodes[0]))  # the top judged twice
    nodes[1]["matrix"][0][0] = 2.0  # an objective's child compared with itself
    with pytest.raises(InputError) as info:
        model_from_dict(d)
    msgs = [p.message for p in info.value.problems]
    assert "the top of the tree is judged more than once; keep one matrix for it" in msgs, msgs
    assert "an item compared with itself must be 1" in msgs, msgs
    assert not any("None" in m for m in msgs), msgs


def test_judgements_node_by_node_must_cover_the_tree_and_name_its_children(ahp_workshop):
    d = copy.deepcopy(ahp_workshop)
    d["participants"][0]["rounds"][0]["ahp_nodes"].pop(1)  # no judgements inside A
    d["participants"][1]["rounds"][0]["ahp_nodes"][3]["items"] = [*FIVE[:4], "casualties"]
    with pytest.raises(InputError) as err:
        model_from_dict(d)
    msgs = [f"{p.place}: {p.message}" for p in err.value.problems]
    assert any('"P1" / rounds[0] / ahp_nodes: no judgements among the children of "obj_a"' in m for m in msgs)
    assert any('"P2" / rounds[0] / ahp_nodes[3] / items: must be the children of "obj_b2"' in m for m in msgs)


def test_judgements_node_by_node_survive_the_workbook(ahp_workshop, tmp_path):
    from decision_app.core.loading import read_table
    from decision_app.core.tables import write_table

    model = model_from_dict(ahp_workshop)
    out = tmp_path / "w.xlsx"
    assert write_table(model, out) == []
    assert dump_model(read_table(out)) == dump_model(model)
    again = aggregate_nodes(TreeShape.of(model), [p.ahp_nodes.matrices for p in participants_from_model(read_table(out))])
    assert again.weights[0] == pytest.approx(1 / 3)


def _filled_form(model, tmp_path, edit=None):
    from openpyxl import load_workbook

    from decision_app.core.intake import form_workbook_bytes

    wb = load_workbook(io.BytesIO(form_workbook_bytes(model, ["P1"], [1], level=1)))
    for col, pts in zip("CDE", (60, 30, 10), strict=True):
        wb["Points"][f"{col}2"] = pts
    if edit is not None:
        edit(wb)
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    return path


def test_a_form_splits_its_points_as_it_said_when_printed_not_as_the_weights_say_at_import(tree_model, tmp_path):
    from decision_app.core.intake import intake_files

    path = _filled_form(tree_model, tmp_path)  # printed when casualties weighed 3 against 1: 50 % of Security
    d = json.loads(dump_model(tree_model))
    d["session"]["weights"]["casualties"] = 1.0  # the facilitator's weights changed after printing
    later = model_from_dict(d)
    r = intake_files(later, [path]).model.participants[0].rounds[0]
    assert r.branches is not None and r.branches.shares["casualties"] == pytest.approx(0.5)  # now it would be 25 %
    assert r.weights["casualties"] == pytest.approx(30.0)  # 50 % of 60, as printed


def test_a_form_whose_stated_split_does_not_fit_the_tree_is_refused(tree_model, tmp_path):
    from decision_app.core.intake import intake_files

    def drop_a_row(wb):
        wb["Shares"].delete_rows(2)

    path = _filled_form(tree_model, tmp_path, drop_a_row)
    with pytest.raises(InputError) as info:
        intake_files(tree_model, [path])
    msgs = [str(p) for p in info.value.problems]
    assert any("Shares!D" in m and "not 1; print the form again" in m for m in msgs), msgs


def test_the_tree_does_not_import_the_group_engine():
    import subprocess
    import sys

    code = "import sys, decision_app.core.tree; print('decision_app.core.group' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
