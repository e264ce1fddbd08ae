"""The value tree (issue 23): the format (version 10) and its checks, the migration, and the tree's maths —
leaf weights as products of local weights, a branch move against the leaf moves it stands for, branch
sensitivity against the leaf computation, and the margin by branch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tree_models import OBJECTIVES, with_tree

from decision_app.core import tree as T
from decision_app.core.audit import basis_matrix, margin_audit
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model, model_from_dict
from decision_app.core.schema import SCHEMA_VERSION
from decision_app.core.sensitivity import rest_weights, sweep_weights, tipping_points, tipping_points_along
from decision_app.core.weights import weights_after_move

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def tree_model(default_dict):
    return model_from_dict(with_tree(default_dict))


def _weights(n: int, seed: int = 3) -> np.ndarray:
    w = np.random.default_rng(seed).uniform(0.2, 1.0, n)
    return w / w.sum()


# --- the format ------------------------------------------------------------------------------------------


def test_a_tree_model_round_trips_and_a_flat_one_writes_no_objectives(default_dict, tree_model):
    saved = dump_model(tree_model)
    assert json.loads(saved)["objectives"] == [{**o, "description": o.get("description", "")} for o in OBJECTIVES]
    assert dump_model(model_from_dict(json.loads(saved))) == saved
    flat = model_from_dict(default_dict)
    assert flat.objectives == [] and b'"objectives"' not in dump_model(flat)


def test_version_9_file_migrates_to_a_flat_tree_with_its_weights():
    raw = json.loads((FIXTURES / "v9-ending-the-war.json").read_text(encoding="utf-8"))
    assert raw["schema_version"] == 9 < SCHEMA_VERSION
    model = load_model(FIXTURES / "v9-ending-the-war.json")
    assert model.schema_version == SCHEMA_VERSION and model.objectives == []
    tree = T.build_tree(model)
    assert tree.is_flat and tree.levels() == 1 and tree.top == tuple(range(len(model.criteria)))
    assert [p.weights for p in model.profiles] == [p["weights"] for p in raw["profiles"]]


def _problems(data: dict) -> list[str]:
    with pytest.raises(InputError) as err:
        model_from_dict(data, "m.json")
    return [f"{p.place}: {p.message}" for p in err.value.problems]


def test_unknown_and_repeated_children_are_named_with_their_place(default_dict):
    d = with_tree(default_dict)
    d["objectives"][2]["children"].append("casualtys")
    d["objectives"][3]["children"].append("feasibility")
    msgs = _problems(d)
    assert ('objectives[2] "Ukraine\'s sovereignty" / children[3]: "casualtys" is neither a criterion id nor an '
            "objective id of this model") in msgs
    assert any(m.startswith('objectives[3] "A workable settlement" / children[4]: "feasibility" is also listed at '
                            'objectives[3] "A workable settlement" / children[2]') for m in msgs)


def test_an_empty_branch_is_refused(default_dict):
    d = with_tree(default_dict)
    d["objectives"].append({"id": "empty", "name": "Nothing yet", "children": []})
    assert _problems(d) == ['objectives[4] "Nothing yet" / children: the objective is empty; put at least one '
                            "criterion or objective under it, or remove it"]


def test_a_cycle_is_refused_once(default_dict):
    d = with_tree(default_dict)
    d["objectives"][1]["children"].append("security")  # human_cost is inside security
    msgs = _problems(d)
    assert len([m for m in msgs if "circle" in m]) == 1
    assert any("(human_cost > security > human_cost)" in m or "(security > human_cost > security)" in m
               for m in msgs)


def test_an_objective_listing_itself_and_an_id_shared_with_a_criterion(default_dict):
    d = with_tree(default_dict)
    d["objectives"][0]["children"].append("security")
    d["objectives"].append({"id": "feasibility", "name": "Clash", "children": ["moral_hazard"]})
    msgs = _problems(d)
    assert any("lists itself" in m for m in msgs)
    assert any(m.startswith('objectives[4] "Clash" / id: "feasibility" is also a criterion id') for m in msgs)


def test_at_most_four_levels(default_dict):
    d = with_tree(default_dict)
    d["objectives"] += [{"id": "inner", "name": "Inner", "children": ["casualties"]}]
    d["objectives"][1]["children"] = ["inner", "humanitarian_food"]  # security > human_cost > inner > casualties
    assert model_from_dict(d).objectives[-1].id == "inner"  # four levels: allowed
    d["objectives"] += [{"id": "innermost", "name": "Innermost", "children": ["casualties"]}]
    d["objectives"][4]["children"] = ["innermost"]
    assert _problems(d) == ['objectives[5] "Innermost": its criteria sit 5 levels down; the tree has at most 4 levels '
                            "(the criteria's own included): move them up a level"]


def test_a_criterion_in_no_objective_sits_at_the_top(default_dict):
    d = with_tree(default_dict)
    d["objectives"][3]["children"].remove("time_to_effect")
    tree = T.build_tree(model_from_dict(d))
    assert [tree.ids[i] for i in tree.top] == ["security", "sovereignty", "settlement", "time_to_effect"]


# --- the maths -------------------------------------------------------------------------------------------


def test_tree_shape_and_node_weights_are_sums_of_leaves(tree_model):
    tree = T.build_tree(tree_model)
    assert tree.levels() == 3 and [tree.ids[i] for i in tree.top] == ["security", "sovereignty", "settlement"]
    w = _weights(tree.n_criteria)
    totals = T.item_weights(tree, w)
    cid = list(tree.ids[tree.n_nodes:])
    assert totals[tree.index("human_cost")] == pytest.approx(w[cid.index("casualties")]
                                                             + w[cid.index("humanitarian_food")])
    assert totals[list(tree.top)].sum() == pytest.approx(1.0)
    assert np.allclose(totals[tree.n_nodes:], w)


def test_leaf_weights_are_products_of_local_weights(tree_model):
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria)
    local = T.local_weights(tree, w)
    for parent in (-1, *range(tree.n_nodes)):  # every family's local weights sum to 1
        kids = tree.top if parent < 0 else tree.children[parent]
        assert local[list(kids)].sum() == pytest.approx(1.0)
    j = list(tree.ids).index("casualties") - tree.n_nodes
    path = local[tree.index("security")] * local[tree.index("human_cost")] * local[tree.index("casualties")]
    assert path == pytest.approx(w[j])
    assert np.allclose(T.weights_from_local(tree, local), w, atol=1e-15)


def test_set_local_on_a_node_children_keeps_everything_else(tree_model):
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria)
    sec = tree.index("security")
    out = T.set_local(tree, w, sec, np.array([2.0, 1.0, 1.0]))
    local = T.local_weights(tree, out)
    assert [local[i] for i in tree.children[sec]] == pytest.approx([0.5, 0.25, 0.25])
    before = T.local_weights(tree, w)
    others = [i for i in range(len(tree.ids)) if i not in tree.children[sec]]
    assert np.allclose(local[others], before[others])


def test_a_flat_model_moves_exactly_as_before(default_dict):
    tree = T.build_tree(model_from_dict(default_dict))
    w = _weights(tree.n_criteria)
    locks = np.zeros(tree.n_criteria, dtype=bool)
    locks[[2, 5]] = True
    for k, v in ((0, 0.3), (4, 0.01), (7, 0.9)):
        assert np.array_equal(T.move(tree, w, k, v, locks), weights_after_move(w, locks, k, v))


def test_a_top_branch_move_is_the_flat_move_of_the_branch_totals(tree_model):
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria)
    top = list(tree.top)
    totals = T.item_weights(tree, w)[top]
    sec = tree.index("security")
    out = T.move(tree, w, sec, 0.55)
    expect_totals = weights_after_move(totals, np.zeros(3, dtype=bool), top.index(sec), 0.55)
    assert np.allclose(T.item_weights(tree, out)[top], expect_totals)
    assert np.allclose(T.local_weights(tree, out)[tree.n_nodes:], T.local_weights(tree, w)[tree.n_nodes:])
    assert out.sum() == pytest.approx(1.0)


def test_a_branch_move_equals_the_leaf_moves_it_stands_for(tree_model):
    """Moving `human_cost` from W to v scales its two criteria by v / W and its siblings' criteria by
    (P - v) / (P - W) within `security` (P): each criterion moves as its branch does."""
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria, seed=11)
    hc = tree.index("human_cost")
    inside = tree.leaves[hc] > 0
    sib = (tree.leaves[tree.index("security")] > 0) & ~inside
    W, P, v = float(w[inside].sum()), float(w[inside | sib].sum()), 0.08
    expect = w.copy()
    expect[inside] *= v / W
    expect[sib] *= (P - v) / (P - W)
    assert np.allclose(T.move(tree, w, hc, v), expect, atol=1e-15)


def test_locks_on_any_node_hold(tree_model):
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria, seed=5)
    locks = np.zeros(len(tree.ids), dtype=bool)
    sov, sec, hc = tree.index("sovereignty"), tree.index("security"), tree.index("human_cost")
    locks[sov] = True
    locks[tree.index("casualties")] = True
    out = T.move(tree, w, sec, 0.2, locks)
    before, after = T.item_weights(tree, w), T.item_weights(tree, out)
    assert after[sov] == pytest.approx(before[sov]) and after[sec] == pytest.approx(0.2)
    assert after[tree.index("casualties")] == pytest.approx(before[tree.index("casualties")])
    # a leaf move inside a locked node: the node's total holds, its other criteria give way
    locks[:] = False
    locks[hc] = True
    out = T.move(tree, w, tree.index("casualties"), 0.01, locks)
    assert T.item_weights(tree, out)[hc] == pytest.approx(before[hc])
    # every sibling locked: nothing can give way
    locks[:] = False
    locks[[sov, tree.index("settlement")]] = True
    assert np.array_equal(T.move(tree, w, sec, 0.9, locks), w)


def test_branch_sweep_with_one_criterion_is_the_criterion_sweep(tree_model):
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria)
    t = np.linspace(0, 1, 7)
    for j in (0, 6):
        mask = tree.leaves[tree.criterion_item(j)] > 0
        assert np.allclose(T.sweep_weights(w, mask, t), sweep_weights(w, j, t))


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee2"])
def test_branch_tipping_points_against_the_leaf_computation(tree_model, method):
    analysis = Analysis(compile_model(tree_model))
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria, seed=2)
    # a one-criterion branch: the criterion's own tipping points
    j = 7
    inside = np.eye(tree.n_criteria)[j]
    got = tipping_points_along(analysis, method, inside, rest_weights(w, j))
    want = tipping_points(analysis, method, w, j)
    assert [(p.before, p.after) for p in got] == [(p.before, p.after) for p in want]
    assert [p.weight for p in got] == pytest.approx([p.weight for p in want], abs=1e-6)
    # a real branch: at each tipping point the leader changes along the leaf weights of the sweep
    sec = tree.leaves[tree.index("security")] > 0
    inside, rest = T.branch_direction(w, sec)
    prep = analysis.prepared(method)
    sign = 1 if prep.higher_is_better else -1
    for p in tipping_points_along(analysis, method, inside, rest):
        lo, hi = T.sweep_weights(w, sec, np.array([p.weight - 1e-4, p.weight + 1e-4]))
        assert int(np.argmax(sign * prep.scores(lo))) == p.before
        assert int(np.argmax(sign * prep.scores(hi))) == p.after


def test_margin_by_branch_sums_the_criteria_parts(tree_model):
    analysis = Analysis(compile_model(tree_model))
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria, seed=4)
    audit = margin_audit(analysis, basis_matrix(tree_model), "wsm", w)
    assert audit is not None and audit.exact
    parts = np.array([p.amount for p in audit.parts])
    top = T.margin_by_branch(tree, parts, audit.exact)
    assert sum(top.amounts) == pytest.approx(audit.margin)
    assert sum(top.shares()) == pytest.approx(1.0)
    sec = T.margin_by_branch(tree, parts, audit.exact, tree.index("security"))
    assert sum(sec.amounts) == pytest.approx(top.amounts[0])
    sentence = T.attribution_sentence(tree, top)
    k = int(np.argmax(top.shares()))
    if top.shares()[k] <= T.LARGE_SHARE:
        assert sentence.startswith(f"{round(100 * top.shares()[k])} % of the margin comes from {tree.names[top.items[k]]}")
    else:  # the parts dwarf the margin: they are given in the method's units
        assert sentence.startswith(f"{tree.names[top.items[k]]} +{top.amounts[k]:.3f}"[:-1])


def test_attribution_sentence_shows_a_branch_that_takes_away():
    tree = T.ValueTree(("a", "b", "x", "y"), ("Security", "Cost", "x", "y"), ("Security", "Cost", "x", "y"), 2,
                       np.array([-1, -1, 0, 1]), np.array([[1.0, 0], [0, 1], [1, 0], [0, 1]]),
                       np.eye(4, dtype=bool) | np.array([[0, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0]],
                                                         dtype=bool),
                       ((2,), (3,), (), ()), (0, 1), np.array([1, 1, 2, 2]))
    att = T.BranchAttribution((0, 1), (0.3, -0.1), True, T.RULE_BRANCH_EXACT)
    assert T.attribution_sentence(tree, att) == "150 % of the margin comes from Security; Cost takes 50 % away."
    small = T.BranchAttribution((0, 1), (0.0150, -0.0118), True, T.RULE_BRANCH_EXACT)
    # "469 % of the margin comes from Security" said less than the parts: over 200 % the sentence gives them
    assert T.attribution_sentence(tree, small) == "Security +0.0150, Cost \u22120.0118 for the leader (margin 0.0032)."
    rough = T.BranchAttribution((0, 1), (0.0150, 0.0001), False, T.RULE_BRANCH_EXACT)
    assert T.attribution_sentence(tree, rough).startswith("99 % of the margin comes from Security")


def test_expand_totals_keeps_the_profile_proportions(tree_model):
    tree = T.build_tree(tree_model)
    base = _weights(tree.n_criteria)
    sec, cas = tree.index("security"), tree.index("feasibility")
    out = T.expand_totals(tree, base, {sec: 3.0, cas: 1.0})
    inside = tree.leaves[sec] > 0
    assert out[inside].sum() == pytest.approx(3.0)
    assert np.allclose(out[inside] / out[inside].sum(), base[inside] / base[inside].sum())
    assert out[cas - tree.n_nodes] == 1.0 and out.sum() == pytest.approx(4.0)
    assert T.overlapping(tree, [sec, tree.index("casualties")]) is not None
    assert T.overlapping(tree, [sec, cas]) is None


def test_branch_values_are_weighted_means(tree_model):
    c = compile_model(tree_model)
    tree = T.build_tree(tree_model)
    w = _weights(tree.n_criteria)
    from decision_app.core.methods import wsm_values

    V = wsm_values(c.X, c.lo, c.hi, c.is_cost, c.value_fns)
    B = T.branch_values(tree, V, w)
    totals = T.item_weights(tree, w)
    assert np.allclose((B[:, list(tree.top)] * totals[list(tree.top)]).sum(axis=1), V @ w)
    assert np.allclose(B[:, tree.n_nodes:], V)


# --- spreadsheets ----------------------------------------------------------------------------------------


def test_the_workbook_carries_the_tree_and_a_csv_stays_flat(tree_model, tmp_path):
    from decision_app.core.loading import read_table
    from decision_app.core.tables import write_table

    out = tmp_path / "tree.xlsx"
    assert write_table(tree_model, out) == []
    back = read_table(out)
    assert back.objectives == tree_model.objectives and dump_model(back) == dump_model(tree_model)
    left = write_table(tree_model, tmp_path / "tree.csv")
    assert "objectives (the value tree)" in left
    assert read_table(tmp_path / "tree.csv").objectives == []


def test_a_bad_child_on_the_objectives_sheet_is_named_by_cell(tree_model, tmp_path):
    import openpyxl

    from decision_app.core.loading import read_table
    from decision_app.core.tables import write_table

    out = tmp_path / "tree.xlsx"
    write_table(tree_model, out)
    book = openpyxl.load_workbook(out)
    book["Objectives"]["E3"] = "casualties, food aid"
    book["Objectives"]["E4"] = "territorial_integrity, moral_hazard, alliance_cohesion, casualtys"
    book.save(out)
    with pytest.raises(InputError) as err:
        read_table(out)
    msgs = [(p.place, p.message) for p in err.value.problems]
    assert msgs[0] == ("Objectives!E3", '"food aid" is not an id; list the ids of the criteria (Criteria sheet) and '
                       "objectives under this one, separated by commas")
    book["Objectives"]["E3"] = "casualties, humanitarian_food"
    book.save(out)
    with pytest.raises(InputError) as err:
        read_table(out)
    assert any('"casualtys" is neither a criterion id nor an objective id' in p.message for p in err.value.problems)


# --- the command line ------------------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from decision_app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def tree_file(default_dict, tmp_path):
    path = tmp_path / "tree.json"
    path.write_text(json.dumps(with_tree(default_dict)), encoding="utf-8")
    return path


def test_score_json_adds_branches_for_a_tree_only(tree_file, realistic_path, tree_model):
    code, out, _ = _cli("score", str(tree_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data["branches"]) == ["security", "human_cost", "sovereignty", "settlement"]
    top = sum(data["branches"][k]["weight"] for k in ("security", "sovereignty", "settlement"))
    assert top == pytest.approx(1.0)
    w = data["weights"]
    assert data["branches"]["human_cost"]["weight"] == pytest.approx(w["casualties"] + w["humanitarian_food"])
    # under the weighted sum, the branches' weighted scores add up to the option's score
    for row in data["ranking"]:
        total = sum(data["branches"][k]["weight"] * data["branches"][k]["scores"][row["option"]]
                    for k in ("security", "sovereignty", "settlement"))
        assert total == pytest.approx(row["score"])
    code, out, _ = _cli("score", str(realistic_path), "--json")
    assert "branches" not in json.loads(out)


def test_weights_accepts_an_objective_id(tree_file, default_dict, tmp_path):
    code, out, err = _cli("score", str(tree_file), "--json", "--weights", "security=2,feasibility=1")
    assert code == 0, err
    w = json.loads(out)["weights"]
    assert w["feasibility"] == pytest.approx(1 / 3) and w["moral_hazard"] == 0.0
    sec = ["casualties", "humanitarian_food", "escalation_risk", "durability"]
    assert sum(w[c] for c in sec) == pytest.approx(2 / 3)
    assert all(w[c] == pytest.approx(2 / 3 / 4) for c in sec)  # no session: the first profile's, equal
    # saved with another profile: the branch's criteria keep that profile's proportions
    d = with_tree(default_dict)
    d["session"] = {"method": "wsm", "profile": "kogan_outlook"}
    path = tmp_path / "kogan.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    kogan = next(p["weights"] for p in d["profiles"] if p["id"] == "kogan_outlook")
    code, out, err = _cli("score", str(path), "--json", "--weights", "security=1")
    assert code == 0, err
    w = json.loads(out)["weights"]
    assert [w[c] for c in sec] == pytest.approx([kogan[c] / sum(kogan[x] for x in sec) for c in sec])
    assert len({round(w[c], 9) for c in sec}) > 1


def test_weights_refuses_a_node_and_a_criterion_inside_it(tree_file):
    code, _, err = _cli("score", str(tree_file), "--weights", "security=2,casualties=1")
    assert code == 2 and "Traceback" not in err
    assert '"casualties" is inside "security"; give the weight of one or the other, not both' in err
    code, _, err = _cli("score", str(tree_file), "--weights", "securty=2")
    assert code == 2 and '"securty" is neither a criterion id nor an objective id' in err


# --- the memo and the audit ------------------------------------------------------------------------------


def test_the_memo_shows_the_tree_and_the_margin_by_objective(tree_model, default_dict):
    import io
    import re

    from pypdf import PdfReader

    from decision_app.report.brief import BriefOptions, build_brief

    w = compile_model(tree_model).profile_weights("equal")
    pdf, _missing = build_brief(tree_model, "wsm", w, "equal", BriefOptions(date="2026-12-06"))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert ("By objective: 143 % of the margin comes from Security; Ukraine's sovereignty takes 143 % away."
            in pages[0])
    weights_page = next(p for p in pages if "Weights used" in p)
    assert "Objective or criterion" in weights_page and "Human cost 0.182 50%" in weights_page
    flat = model_from_dict(default_dict)
    pdf, _missing = build_brief(flat, "wsm", w, "equal", BriefOptions(date="2026-12-06"))
    text = " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "By objective" not in text and "Objective or criterion" not in text


def test_audit_json_gives_the_margin_by_objective(tree_file, realistic_path):
    code, out, _ = _cli("audit", str(tree_file), "--json")
    assert code == 0
    by = json.loads(out)["margin"]["by_branch"]
    assert by["exact"] is True and list(by["parts"]) == ["security", "sovereignty", "settlement"]
    assert sum(p["share"] for p in by["parts"].values()) == pytest.approx(1.0)
    assert by["parts"]["sovereignty"]["amount"] < 0 < by["parts"]["security"]["amount"]
    assert by["sentence"].startswith("143 % of the margin comes from Security")
    code, out, _ = _cli("audit", str(realistic_path), "--json")
    assert code == 0 and "by_branch" not in json.loads(out)["margin"]
    code, out, _ = _cli("audit", str(tree_file), "--method", "topsis", "--json")
    assert code == 0
    by = json.loads(out)["margin"]["by_branch"]
    assert by["exact"] is False and by["sentence"].endswith("(approximately: the method is not additive).")


# --- editing the tree ------------------------------------------------------------------------------------


def test_grouping_the_shipped_criteria_step_by_step(default_dict):
    from decision_app.core import tree_edits as E

    m = model_from_dict(default_dict)
    m = E.add_objective(m, "Security", ["casualties", "escalation_risk"])
    m = E.add_objective(m, "Human cost", ["casualties"], parent="security")
    tree = T.build_tree(m)
    assert tree.levels() == 3 and [o.children for o in m.objectives] == [["human_cost", "escalation_risk"],
                                                                        ["casualties"]]
    m = E.move_item(m, "humanitarian_food", "human_cost")
    assert m.objectives[1].children == ["casualties", "humanitarian_food"]
    m = E.move_within(m, "escalation_risk", -1)
    assert m.objectives[0].children == ["escalation_risk", "human_cost"]
    m = E.rename_objective(m, "human_cost", "Lives and relief")
    assert m.objectives[1].name == "Lives and relief"
    m = E.remove_objective(m, "human_cost")
    assert m.objectives[0].children == ["escalation_risk", "casualties", "humanitarian_food"]
    assert [p.weights for p in m.profiles] == [p["weights"] for p in default_dict["profiles"]]  # no weight moved


def test_tree_edits_refuse_what_would_break_the_tree(default_dict):
    from decision_app.core import tree_edits as E

    m = E.add_objective(model_from_dict(default_dict), "Security", ["casualties", "escalation_risk"])
    m = E.add_objective(m, "Inner", ["casualties"], parent="security")
    with pytest.raises(InputError, match="circle"):
        E.move_item(m, "security", "inner")
    with pytest.raises(InputError, match="would be left empty"):
        E.move_item(m, "casualties", None)
    with pytest.raises(InputError, match="needs a name"):
        E.rename_objective(m, "security", "  ")


def test_deleting_a_criterion_takes_it_out_of_the_tree(default_dict):
    from decision_app.core import tree_edits as E
    from decision_app.core.edits import delete_criterion

    m = E.add_objective(model_from_dict(default_dict), "Security", ["casualties", "escalation_risk"])
    m = E.add_objective(m, "Only", ["feasibility"])
    m = delete_criterion(delete_criterion(m, "casualties"), "feasibility")
    assert [(o.id, o.children) for o in m.objectives] == [("security", ["escalation_risk"])]


def test_grouping_every_item_of_an_objective_is_refused_not_deleting_it(default_dict):
    """drop_child took the emptied objective (and its description) out of the tree, unsaid."""
    from decision_app.core import tree_edits as E

    m = E.add_objective(model_from_dict(default_dict), "Security", ["casualties", "escalation_risk"])
    with pytest.raises(InputError, match='"Security" would be left empty by grouping them into "Wider"'):
        E.add_objective(m, "Wider", ["casualties", "escalation_risk", "feasibility"])
    inner = E.add_objective(m, "Inner", ["casualties", "escalation_risk"], "security")  # all of it, inside it
    assert [(o.id, o.children) for o in inner.objectives] == [("security", ["inner"]),
                                                              ("inner", ["casualties", "escalation_risk"])]


def test_a_new_top_objective_takes_the_place_of_the_first_grouped(default_dict):
    from decision_app.core import tree_edits as E

    m = model_from_dict(default_dict)
    for name, kid in (("A", "casualties"), ("B", "escalation_risk"), ("C", "feasibility")):
        m = E.add_objective(m, name, [kid])
    tops = [o.id for o in E.add_objective(m, "New", ["a", "b"]).objectives if o.id not in ("a", "b")]
    assert tops == ["new", "c"]  # it went to the end
    tops = [o.id for o in E.add_objective(m, "New", ["b", "c"]).objectives if o.id not in ("b", "c")]
    assert tops == ["a", "new"]


def test_the_depth_refusal_is_one_plain_sentence_naming_the_objective(tree_model):
    """It listed a JSON path per objective, four times, and never said the new objective made it five levels."""
    from decision_app.core import tree_edits as E

    m = E.add_objective(tree_model, "Ends", ["security", "sovereignty"])
    with pytest.raises(InputError) as err:
        E.add_objective(m, "Everything", ["ends"])
    assert len(err.value.problems) == 1
    text = str(err.value.problems[0].message)
    assert text.startswith('Grouping them into "Everything" would make the tree 5 levels deep')
    assert "objectives[" not in str(err.value)
    with pytest.raises(InputError, match='Moving "Ends" into "A workable settlement" would make the tree 5 levels'):
        E.move_item(m, "ends", "settlement")


def test_the_weights_slide_shows_the_tree(tree_model, default_dict):
    from decision_app.report.slide_content import context_for_model, weights_slide

    w = compile_model(tree_model).profile_weights("equal")
    slide = weights_slide(context_for_model(tree_model, "wsm", w, "equal", None))  # criterion 0 chosen
    labels = [r.label for r in slide.chart.rows]
    assert labels[:3] == ["Security", "· Human cost", "· · Casualties"] and len(labels) == 15
    assert slide.chart.rows[0].value_text == "36%" and slide.chart.rows[0].emphasis
    assert slide.chart.selected == 2  # the chosen criterion's row, wherever the tree puts it
    flat = weights_slide(context_for_model(model_from_dict(default_dict), "wsm", w, "equal", None))
    assert flat.title == "How much each criterion counts" and len(flat.chart.rows) == 11


def test_the_decks_weights_slide_outlines_no_row_when_no_criterion_is_chosen(tree_model):
    """The deck renders with selected_criterion=-1; `i - n_nodes` is -1 for the last objective, which the
    slide outlined as the chosen row."""
    import dataclasses

    from decision_app.report.slide_content import context_for_model, weights_slide

    w = compile_model(tree_model).profile_weights("equal")
    ctx = dataclasses.replace(context_for_model(tree_model, "wsm", w, "equal", None), selected_criterion=-1)
    assert weights_slide(ctx).chart.selected == -1


# --- the group ---------------------------------------------------------------------------------------------


def test_the_group_with_branches_gives_the_spread_per_objective(tmp_path):
    from group_models import WORKSHOP_MODEL, with_participants

    eight = json.loads(WORKSHOP_MODEL.read_text(encoding="utf-8"))  # the workshop's eight-criterion model
    d = with_participants(eight, rounds=1)
    d["objectives"] = [
        {"id": "security", "name": "Security", "children": ["human_cost", "escalation_risk"]},
        {"id": "human_cost", "name": "Human cost", "children": ["casualties"]},
        {"id": "sovereignty", "name": "Ukraine's sovereignty",
         "children": ["territorial_integrity", "moral_hazard", "alliance_cohesion"]},
        {"id": "settlement", "name": "A workable settlement",
         "children": ["russian_integration", "feasibility", "time_to_effect"]},
    ]
    path = tmp_path / "group.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    code, out, err = _cli("group", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    spread = data["branch_spread"]
    assert list(spread) == ["security", "human_cost", "sovereignty", "settlement"]
    sec = ["casualties", "escalation_risk"]
    theirs = [sum(p["weights"][c] for c in sec) for p in data["participants"]]
    assert spread["security"]["min"] == pytest.approx(min(theirs))
    assert spread["security"]["max"] == pytest.approx(max(theirs))
    assert spread["security"]["sd"] == pytest.approx(float(np.std(theirs)))
    assert spread["security"]["combined"] == pytest.approx(sum(data["combined"][c] for c in sec))
    code, out, _ = _cli("group", str(path))
    assert code == 0 and "Objective" in out and "Ukraine's sovereignty" in out
    flat = with_participants(eight, rounds=1)
    path.write_text(json.dumps(flat), encoding="utf-8")
    code, out, _ = _cli("group", str(path), "--json")
    assert "branch_spread" not in json.loads(out)


def test_points_per_branch_split_as_the_facilitators_weights(tree_model, tmp_path):
    from decision_app.core.intake import intake_files

    d = json.loads(dump_model(tree_model))
    d["session"] = {"method": "wsm", "weights": {c["id"]: 1.0 for c in d["criteria"]} | {"casualties": 3.0}}
    model = model_from_dict(d)
    table = tmp_path / "points.csv"
    table.write_text("participant,Security,sovereignty,russian_integration,moscow_acceptance,feasibility,"
                     "time_to_effect\nP1,60,20,5,5,5,5\n", encoding="utf-8")
    got = intake_files(model, [table]).model
    w = got.participants[0].rounds[0].weights
    sec = {"casualties": 3, "humanitarian_food": 1, "escalation_risk": 1, "durability": 1}  # the facilitator's
    for cid, share in sec.items():
        assert w[cid] == pytest.approx(60 * share / 6)
    assert w["moral_hazard"] == pytest.approx(20 / 3) and w["feasibility"] == 5
    assert list(w) == model.criterion_ids()


def test_points_for_a_branch_and_a_criterion_inside_it_are_refused(tree_model, tmp_path):
    from decision_app.core.intake import intake_files

    table = tmp_path / "points.csv"
    table.write_text("participant,security,casualties,sovereignty,settlement\nP1,60,5,20,20\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        intake_files(tree_model, [table])
    assert [(p.place, p.message) for p in err.value.problems] == [
        ("C1", '"casualties" is inside the objective "security", which has a column too; give points to one or the '
               "other")]
    table.write_text("participant,security,sovereignty\nP1,60,20\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        intake_files(tree_model, [table])
    assert any('no column for the criterion "Russian integration" or an objective above it' in p.message
               for p in err.value.problems)
