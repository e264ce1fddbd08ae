"""An objective and a criterion may share a name (the shipped model's objective "lasting_peace" and criterion
"durability" were both "A lasting peace"): everything that reads names back must keep the ids the user gave, or
refuse aloud; nothing may turn one into the other silently."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import ROOT
from openpyxl import load_workbook

from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, model_from_dict, read_table
from decision_app.core.tables import write_table

SHARED = "A lasting peace"


@pytest.fixture
def shared_dict() -> dict:
    """The shipped model with the objective named as its first criterion, and a round given per branch at the
    objectives' level (the reviewer's reproduction, rt.json)."""
    d = json.loads((ROOT / "models" / "ending-the-war.json").read_text(encoding="utf-8"))
    objective = next(o for o in d["objectives"] if o["id"] == "lasting_peace")
    objective["name"] = SHARED
    next(c for c in d["criteria"] if c["id"] == "durability")["name"] = SHARED
    ids = [c["id"] for c in d["criteria"]]
    tops = [o["id"] for o in d["objectives"]]
    d["participants"] = [{
        "id": "p1", "label": "P1", "code": "P1", "note": "", "rounds": [{
            "round": 1, "method": "direct", "weights": {c: 10.0 for c in ids},
            "inputs": {o: 10.0 * (k + 1) for k, o in enumerate(tops)},
            "branches": {"items": tops, "shares": {c: 0.5 for c in ids}}}]}]
    return d


def test_a_round_per_branch_survives_the_workbook_when_names_are_shared(shared_dict, tmp_path):
    model = model_from_dict(copy.deepcopy(shared_dict))
    write_table(model, tmp_path / "m.xlsx")
    back = read_table(tmp_path / "m.xlsx")
    assert back.participants[0].rounds[0].branches == model.participants[0].rounds[0].branches
    assert dump_model(back) == dump_model(model)


def _branches_row(ws, item_id: str) -> int:
    head = [c.value for c in ws[1]]
    col = head.index("item id")
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col + 1).value == item_id)


def test_a_shared_name_without_its_id_is_refused_by_cell(shared_dict, tmp_path):
    write_table(model_from_dict(shared_dict), tmp_path / "m.xlsx")
    wb = load_workbook(tmp_path / "m.xlsx")
    ws = wb["Branches"]
    r = _branches_row(ws, "lasting_peace")
    ws.cell(r, 5).value = None  # a sheet typed by hand: names only
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(InputError) as info:
        read_table(tmp_path / "m.xlsx")
    msgs = [str(p) for p in info.value.problems]
    assert any(f"Branches!C{r}: " in m and "names both the criterion \"durability\" and the objective "
               "\"lasting_peace\"" in m for m in msgs), msgs


def test_a_name_that_disagrees_with_its_id_is_refused(shared_dict, tmp_path):
    write_table(model_from_dict(shared_dict), tmp_path / "m.xlsx")
    wb = load_workbook(tmp_path / "m.xlsx")
    ws = wb["Branches"]
    r = _branches_row(ws, "security")
    ws.cell(r, 3).value = "Ukraine"
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(InputError) as info:
        read_table(tmp_path / "m.xlsx")
    assert any(f"Branches!C{r}: \"Ukraine\" is not the name of \"security\"" in str(p)
               for p in info.value.problems), info.value.problems


def test_a_rule_of_the_format_broken_on_the_workshop_sheets_names_the_cell(shared_dict, tmp_path):
    write_table(model_from_dict(shared_dict), tmp_path / "m.xlsx")
    wb = load_workbook(tmp_path / "m.xlsx")
    ws = wb["Branches"]
    ws.delete_rows(_branches_row(ws, "western_means"))
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(InputError) as info:
        read_table(tmp_path / "m.xlsx")
    problem = next(p for p in info.value.problems if "none of the branches weighted" in p.message)
    assert problem.place == "Branches!A2", problem
    assert "participants[0]" in problem.detail


# --- the order of importance typed in the constraints panel -----------------------------------------------


def test_a_name_shared_by_an_objective_and_a_criterion_is_refused_in_the_order(shared_dict):
    from decision_app.core.compiled import compile_model
    from decision_app.core.errors import EngineError
    from decision_app.gui.panels.constraints import order_ids

    c = compile_model(model_from_dict(shared_dict))
    with pytest.raises(EngineError, match="'A lasting peace' names both the criterion \"durability\" and the "
                                          "objective \"lasting_peace\"; write its id"):
        order_ids("A lasting peace >= security", c.criterion_ids, c.criterion_names, c.group_names)
    assert order_ids("lasting_peace >= Security", c.criterion_ids, c.criterion_names, c.group_names) == (
        ("lasting_peace", "security"),)


@pytest.fixture
def shared_window(open_window, shared_dict, tmp_path):
    return open_window(tmp_path / "shared.json", model=model_from_dict(shared_dict), size=None)


def test_the_order_box_shows_what_reads_back_as_the_same_ids(shared_window):
    state, panel = shared_window.state, shared_window.constraints
    panel.order.setText("lasting_peace >= security")
    panel.order.editingFinished.emit()
    assert state.smaa_settings.order == (("lasting_peace", "security"),)
    assert panel.order.text() == "lasting_peace >= Security"  # the objective by id: its name is the criterion's too
    panel.order.editingFinished.emit()  # leaving the box again re-reads what it shows
    assert state.smaa_settings.order == (("lasting_peace", "security"),)
    panel.order.setText("durability >= casualties")
    panel.order.editingFinished.emit()
    assert panel.order.text() == "durability >= Deaths and destruction from the fighting"
    panel.order.editingFinished.emit()
    assert state.smaa_settings.order == (("durability", "casualties"),)


# --- the printed form's workbook and points tables -----------------------------------------------------------


def test_a_form_per_branch_heads_a_shared_name_with_its_id_and_reads_back(shared_dict, tmp_path):
    import io

    from decision_app.core.intake import form_workbook_bytes, intake_files

    shared_dict["participants"] = []
    model = model_from_dict(shared_dict)
    wb = load_workbook(io.BytesIO(form_workbook_bytes(model, ["P1"], [1], level=1)))
    ws = wb["Points"]
    head = [c.value for c in ws[1]]
    assert "lasting_peace" in head and SHARED not in head
    for j in range(3, len(head)):
        ws.cell(2, j).value = 10
    wb.save(tmp_path / "filled.xlsx")
    r = intake_files(model, [tmp_path / "filled.xlsx"]).model.participants[0].rounds[0]
    assert r.inputs is not None and r.inputs["lasting_peace"] == 10 and "durability" not in r.inputs


def test_a_points_table_headed_with_a_shared_name_is_refused(shared_dict, tmp_path):
    from decision_app.core.intake import intake_files

    shared_dict["participants"] = []
    model = model_from_dict(shared_dict)
    others = [o["name"] for o in shared_dict["objectives"] if o["id"] != "lasting_peace"]
    path = tmp_path / "points.csv"
    path.write_text("participant," + ",".join([*others, SHARED]) + "\nana," + ",".join(["10"] * 5) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        intake_files(model, [path])
    assert any(p.place == "F1" and 'names both the criterion "durability" and the objective "lasting_peace"'
               in p.message for p in info.value.problems), info.value.problems


def test_the_panel_counts_lows_nested_inside_a_bounded_objective(shared_window):
    state, panel = shared_window.state, shared_window.constraints
    said: list[str] = []
    state.notify = said.append
    for item, low in (("casualties", 60.0), ("escalation_risk", 50.0)):
        box = panel.bounds_row(item)[0]
        box.setValue(low)
        box.editingFinished.emit()
    assert state.smaa_settings.bounds == (("casualties", 0.6, 1.0),)  # the second was refused: 110 %
    box = panel.bounds_row("escalation_risk")[0]
    box.setValue(30.0)
    box.editingFinished.emit()
    human = panel.bounds_row("human_cost")[0]
    human.setValue(10.0)
    human.editingFinished.emit()
    assert dict((i, lo) for i, lo, _hi in state.smaa_settings.bounds) == {"casualties": 0.6, "escalation_risk": 0.3,
                                                                          "human_cost": 0.1}
    box.setValue(50.0)  # with the human cost bounded at 10 %, casualties' 60 % inside it still counts
    box.editingFinished.emit()
    assert dict((i, lo) for i, lo, _hi in state.smaa_settings.bounds)["escalation_risk"] == 0.3
    assert any("add up to more than 100 %" in m for m in said), said
