"""An .xlsx carries the whole model (byte-identical round trip); a .csv carries the matrix and says what it
left out; bad cells on every sheet are named; Excel's edits still import; loading and tables form no cycle."""

from __future__ import annotations

import ast
import copy
import inspect
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import write_json
from openpyxl import Workbook, load_workbook

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model, model_from_dict, read_table
from decision_app.core.methods import METHOD_NAMES
from decision_app.core.tables import model_to_grid, write_table

CORE = Path(__file__).resolve().parents[1] / "decision_app" / "core"


@pytest.fixture
def full_dict(default_dict) -> dict:
    """The default model with every optional field used, and text a spreadsheet could mistake for a formula."""
    d = copy.deepcopy(default_dict)
    d["author"] = "An analyst"
    d["classification"] = "OFFICIAL-SENSITIVE"
    d["description"] = "Line one\nline two, with  two spaces and a trailing space "
    d["sources"][1].pop("seed_file")
    d["sources"].append({"id": "NA", "author": "=Author", "title": "@title", "outlet": "-outlet", "date": "2024-01-05"})
    c0, c1, c2 = d["criteria"][:3]
    c0["unit"] = "% of GDP"
    c0["value_function"] = [{"x": 0.0, "value": 0.0}, {"x": 2.5, "value": 0.6}, {"x": 10.0, "value": 1.0}]
    c0["preference"] = {"type": "linear", "q": 0.5, "p": 2.0}
    c1["preference"] = {"type": "usual", "q": 0.0, "p": 0.0}
    c2.pop("scale")  # observed range; its anchors stay as they are
    c2["name"] = "+Russian integration"
    o0, o1 = d["options"][:2]
    o0["name"] = "'=already quoted"
    o0["summary"] = "-starts with a minus"
    o1["sources"] = ["kogan", "corcoran", "NA"]
    s = o0["scores"][c0["id"]]
    s["rationale"] = "=cmd|' /C calc'!A0"
    s["citations"] = [{"source": "NA", "quote": "@SUM(A1:A9)"}, {"source": "kogan", "quote": "+1 quote\nsecond line"}]
    o1["scores"][c1["id"]].update(rationale="", citations=[{"source": "corcoran", "quote": "a quote, no rationale"}])
    o1["scores"][c2["id"]].update(rationale="a rationale, no quote", citations=[])
    d["profiles"][1]["description"] = "-negative-looking description"
    d["profiles"][2]["weights"][c1["id"]] = 0.0
    d["session"] = {"method": "promethee2", "profile": d["profiles"][1]["id"],
                    "weights": {c0["id"]: 0.25, c2["id"]: 0.0, d["criteria"][5]["id"]: 1.5}}
    return d


def xlsx_round_trip(model, tmp_path: Path, name: str = "m.xlsx"):
    out = tmp_path / name
    assert write_table(model, out) == []
    return read_table(out), out


def test_default_model_round_trips_byte_for_byte(tmp_path, realistic_path):
    model = load_model(realistic_path)
    back, _ = xlsx_round_trip(model, tmp_path)
    assert dump_model(back) == dump_model(model)


def test_full_featured_model_round_trips_byte_for_byte(tmp_path, full_dict):
    model = load_model(write_json(tmp_path, full_dict))
    assert model.session is not None and model.criteria[0].value_function  # the fixture uses what it says
    back, _ = xlsx_round_trip(model, tmp_path)
    assert dump_model(back) == dump_model(model)


def test_ranking_unchanged_after_round_trip(tmp_path, realistic_path, full_dict):
    for model in (load_model(realistic_path), model_from_dict(full_dict)):
        back, _ = xlsx_round_trip(model, tmp_path)
        a, b = Analysis(compile_model(model)), Analysis(compile_model(back))
        for pid in (p.id for p in model.profiles):
            w = compile_model(model).profile_weights(pid)
            for method in METHOD_NAMES:
                ra, rb = a.score(method, w), b.score(method, w)
                np.testing.assert_array_equal(ra.scores, rb.scores)
                assert list(ra.order) == list(rb.order)


def test_matrix_sheet_comes_first_in_todays_layout(tmp_path, realistic_path):
    model = load_model(realistic_path)
    out = tmp_path / "m.xlsx"
    write_table(model, out)
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Matrix"
    assert {"Ranges", "Evidence", "Criteria", "Profiles", "Sources", "About", "Session"} <= set(wb.sheetnames)
    rows = [list(r) for r in wb["Matrix"].iter_rows(values_only=True)]
    assert rows == model_to_grid(model)
    # the first sheet alone is still a complete plain table
    for name in wb.sheetnames[1:]:
        del wb[name]
    wb.save(out)
    alone = read_table(out)
    assert [o.name for o in alone.options] == [o.name for o in model.options]
    np.testing.assert_array_equal(compile_model(alone).X, compile_model(model).X)


def test_hand_made_single_sheet_workbook_imports_as_before(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row in (["option", "Risk", "Gain"], ["#direction", "min", "max"], ["#weight", 2, 1], ["#min", 0, 0],
                ["#max", 10, 100], ["Plan A", 3, 50], ["Plan B", "4", 60]):
        ws.append(row)
    p = tmp_path / "hand.xlsx"
    wb.save(p)
    m = read_table(p)
    assert [c.id for c in m.criteria] == ["risk", "gain"]
    assert [p.id for p in m.profiles] == ["sheet"]
    assert m.options[1].scores["risk"].value == 4.0 and m.options[1].scores["risk"].low == 4.0
    assert [a.description for a in m.criteria[0].anchors] == ["Scale minimum", "Middle of the scale", "Scale maximum"]


def test_workbook_edited_in_excel_still_imports(tmp_path, realistic_path):
    model = load_model(realistic_path)
    out = tmp_path / "m.xlsx"
    write_table(model, out)
    wb = load_workbook(out)
    ranges = wb["Ranges"]
    ranges.insert_rows(3, amount=2)  # empty rows in the middle
    for row in ranges.iter_rows(min_row=2):
        if isinstance(row[2].value, float):
            row[2].value = repr(row[2].value)  # numbers stored as text
            row[2].data_type = "s"
    ranges.insert_cols(1)  # an empty column before the rest: columns are found by their header
    wb.move_sheet("Matrix", offset=len(wb.sheetnames))  # the matrix sheet is no longer first
    wb.move_sheet("About", offset=-3)
    wb.create_sheet("My notes").append(["anything", "=1+1"])  # unknown sheets are ignored
    wb["Evidence"].append([])
    wb.save(out)
    assert dump_model(read_table(out)) == dump_model(model)


def edit_and_read(tmp_path, model, edit) -> list[str]:
    out = tmp_path / "bad.xlsx"
    write_table(model, out)
    wb = load_workbook(out)
    edit(wb)
    wb.save(out)
    with pytest.raises(InputError) as exc:
        read_table(out)
    return [str(p) for p in exc.value.problems]


def test_bad_number_on_ranges_names_sheet_and_cell(tmp_path, realistic_path):
    model = load_model(realistic_path)
    o, c = model.options[4], model.criteria[0]
    row = 2 + 4 * len(model.criteria)  # header, then one row per option and criterion
    msgs = edit_and_read(tmp_path, model, lambda wb: wb["Ranges"].cell(row=row, column=3, value="abc"))
    assert msgs == [f'{tmp_path / "bad.xlsx"}: Ranges!C{row}: "abc" is not a number (low of "{o.name}" on "{c.name}")']


@pytest.mark.parametrize("sheet,cell,value,expected", [
    ("Ranges", "D2", 11, "Ranges!D2: high 11 is below"),
    ("Ranges", "C2", 9.5, "Ranges!C2: low 9.5 is above the value"),
    ("Evidence", "A2", "No such option", 'Evidence!A2: "No such option" is not an option of the Matrix sheet'),
    ("Evidence", "D2", None, "Evidence!D2: a citation needs both a source id and a quote"),
    ("Criteria", "C3", "benefit", "Criteria!C3: direction \"benefit\" of \"Escalation risk\" differs from the Matrix"),
    ("Criteria", "H9", "gaussian", 'Criteria!H9: preference "gaussian" is not usual or linear'),
    ("Value functions", "C3", 1.5, "'Value functions'!C3: the value 1.5 is outside 0..1"),
    ("Anchors", "B4", "mid", "Anchors!B4: \"mid\" is not a number"),
    ("Profiles", "E3", -1, "Profiles!E3: weight -1 is negative"),
    ("Profiles", "Z1", "Sanctions", 'Profiles!Z1: "Sanctions" is not a criterion of the Matrix sheet'),
    ("About", "A7", "colour", 'About!A7: "colour" is not a field here'),
    ("Session", "A2", "magic", 'Session!A2: method "magic" is not one of'),
])
def test_bad_cells_on_the_other_sheets_are_named(tmp_path, realistic_path, sheet, cell, value, expected):
    model = load_model(realistic_path)
    if sheet == "Ranges" and cell == "D2":
        model.options[0].scores[model.criteria[0].id].value = 12.0  # (model objects are not re-validated)
        model.options[0].scores[model.criteria[0].id].high = 12.0
        model.criteria[0].scale.max = 20.0
        model.criteria[0].anchors[1].value = 10.0
        model.criteria[0].anchors[2].value = 20.0
        value = 11

    def edit(wb):
        ws = wb[sheet]
        if sheet == "Session":
            ws.append(["wsm"])
        ws[cell] = value

    msgs = edit_and_read(tmp_path, model, edit)
    assert any(expected in m for m in msgs), msgs
    assert all(": " in m and "!" in m.split(": ")[1] for m in msgs)  # every message names sheet and cell


def test_formula_like_text_is_neutralised_on_every_sheet(tmp_path, full_dict):
    model = model_from_dict(full_dict)
    _, out = xlsx_round_trip(model, tmp_path)
    wb = load_workbook(out)
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    assert not [c.value for c in texts if c.value.startswith(("=", "+", "-", "@"))]
    evidence = [list(r) for r in wb["Evidence"].iter_rows(values_only=True)]
    assert ["''=already quoted", "Casualties and destruction", "'=cmd|' /C calc'!A0", "NA",
            "'@SUM(A1:A9)"] in [r[:5] for r in evidence]
    assert any(r[4] == "'+1 quote\nsecond line" for r in evidence)
    back = read_table(out)
    s = back.options[0].scores[back.criteria[0].id]
    assert s.rationale == "=cmd|' /C calc'!A0" and s.citations[0].quote == "@SUM(A1:A9)"
    assert back.options[0].name == "'=already quoted" and back.sources[-1].author == "=Author"


def test_edited_weight_row_becomes_a_profile_instead_of_being_dropped(tmp_path, realistic_path):
    model = load_model(realistic_path)
    out = tmp_path / "m.xlsx"
    write_table(model, out)
    wb = load_workbook(out)
    wb["Matrix"]["B3"] = 7
    wb.save(out)
    back = read_table(out)
    assert [p.id for p in back.profiles] == [*(p.id for p in model.profiles), "sheet"]
    assert back.profile("sheet").weights[model.criteria[0].id] == 7


# --- .csv: the matrix, and a note on what it left out -------------------------------------------------


def test_cli_export_csv_notes_what_was_left_out(capsys, tmp_path, realistic_path):
    out = tmp_path / "m.csv"
    assert main(["export", str(realistic_path), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    (note,) = captured.err.splitlines()
    assert note.startswith("decision-app: note: m.csv holds the matrix only; left out: ranges, rationales, citations")
    assert "value functions" in note and "2 profiles" in note and "session" not in note
    # nothing to leave out, nothing said; .xlsx never needs the note
    bare = tmp_path / "bare.csv"
    bare.write_text("option,A,B\n#direction,max,min\n#weight,1,1\nx,1,2\ny,3,4\n", encoding="utf-8")
    js = tmp_path / "bare.json"
    assert main(["import", str(bare), "-o", str(js)]) == 0
    capsys.readouterr()
    data = json.loads(js.read_text(encoding="utf-8"))
    js.write_text(json.dumps({**data, "score_status": ""}), encoding="utf-8")  # (import writes a note there)
    for target in (tmp_path / "bare.csv", tmp_path / "m.xlsx"):
        src = js if target.suffix == ".csv" else realistic_path
        assert main(["export", str(src), "-o", str(target)]) == 0
        assert capsys.readouterr().err == ""


def test_window_exports_the_model_and_notes_what_csv_left_out(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from decision_app.gui import exports

    assert window.act_export_model in window.menuBar().actions()[0].menu().actions()
    assert list(inspect.signature(exports.export_model_dialog).parameters)[:2] == ["state", "parent"]
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(exports, "show_note", lambda parent, title, msg: notes.append((title, msg)))
    target = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV, the matrix only (*.csv)"))
    assert exports.export_model_dialog(window.state, window) == target
    ((_title, msg),) = notes
    assert msg.startswith("out.csv holds the matrix only; left out: ranges, rationales, citations")
    assert "2 profiles" in msg

    notes.clear()
    window.state.set_method("topsis")  # the working analysis travels as the session
    target = tmp_path / "out.xlsx"
    assert exports.export_model_dialog(window.state, window) == target
    assert notes == []
    assert dump_model(read_table(target)) == dump_model(window.state.model_for_save())


# --- the import graph ---------------------------------------------------------------------------------


def core_imports(path: Path) -> set[str]:
    """Every decision_app.core module `path` imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module if node.level == 0 else f"decision_app.core.{node.module}"
            out.add(module)
            out |= {f"{module}.{a.name}" for a in node.names if (CORE / f"{a.name}.py").exists()
                    and module == "decision_app.core"}
    return {m.rsplit(".", 1)[-1] for m in out if m.startswith("decision_app.core.")}


def test_no_import_cycle_in_core():
    graph = {p.stem: core_imports(p) for p in CORE.glob("*.py")}
    assert "loading" not in graph["tables"] and "tables" in graph["loading"]

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            m = todo.pop()
            for nxt in graph.get(m, ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    cyclic = sorted(m for m in graph if reaches(m, m))
    assert cyclic == [], f"modules on an import cycle: {cyclic}"



def test_the_workbook_keeps_the_presentation_slides(tmp_path, realistic_path):
    """session.slides (version 4): the facilitator's order and hidden slides survive a workbook."""
    import json

    from decision_app.core.loading import dump_model, load_model, model_from_dict
    from decision_app.core.tables import write_table

    data = json.loads(realistic_path.read_text(encoding="utf-8"))
    data["session"] = {"method": "topsis", "weights": {c["id"]: 1 for c in data["criteria"]},
                       "slides": [{"key": "ranking"}, {"key": "title", "hidden": True}, {"key": "weights"}]}
    model = model_from_dict(data, "m.json")
    out = tmp_path / "m.xlsx"
    write_table(model, out)
    assert dump_model(load_model(out)) == dump_model(model)


def test_basis_review_notes_and_source_flags_round_trip(tmp_path):
    """Version 5's evidence fields survive the workbook: a migrated file's review flags, a citation note, a
    source's inferred metadata, the baseline option and anchor."""
    from decision_app.core.loading import dump_model, load_model

    migrated = load_model(Path(__file__).resolve().parent / "fixtures" / "v3-ending-the-war.json")
    d = json.loads(dump_model(migrated))
    d["baseline"] = d["options"][0]["id"]
    d["criteria"][0]["anchors"][1]["baseline"] = True
    d["sources"][0]["inferred"] = ["date"]
    cit = next(c for o in d["options"] for s in o["scores"].values() for c in s["citations"])
    cit["note"] = "How it bears."
    model = model_from_dict(d)
    back, _ = xlsx_round_trip(model, tmp_path)
    assert dump_model(back) == dump_model(model)
    assert back.options[0].scores[back.criteria[0].id].review and back.baseline == d["baseline"]


def test_absent_rounds_and_a_missing_name_survive_the_workbook(tmp_path, realistic_path):
    """Issue 22: the Participants sheet carries no name for a participant who gave none, and the rounds they
    were marked absent from."""
    from decision_app.core import participant_edits as pe
    from decision_app.core.loading import load_model

    model = load_model(realistic_path)
    ones = [1.0] * len(model.criteria)
    m = pe.add_participant(model, rounds=[pe.make_round(model, 1, "direct", ones)])
    m = pe.add_participant(m, "Ana", rounds=[pe.make_round(model, 1, "direct", ones)])
    m = pe.set_absent(m, m.participants[0].id, 2)
    back, _ = xlsx_round_trip(m, tmp_path)
    assert [(p.label, p.absent) for p in back.participants] == [(None, [2]), ("Ana", None)]
