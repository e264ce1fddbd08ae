"""Spreadsheet import and export: layout, Excel's CSV dialect, cell-named errors, formula neutralisation."""

from __future__ import annotations

import numpy as np
import pytest

from decision_app.core.compiled import compile_model
from decision_app.core.errors import InputError
from decision_app.core.loading import load_model, read_table
from decision_app.core.tables import write_table


def _same_matrix(a, b):
    ca, cb = compile_model(a), compile_model(b)
    assert ca.option_names == cb.option_names
    assert ca.criterion_names == cb.criterion_names
    np.testing.assert_array_equal(ca.X, cb.X)
    np.testing.assert_array_equal(ca.is_cost, cb.is_cost)
    np.testing.assert_array_equal(ca.lo, cb.lo)
    np.testing.assert_array_equal(ca.hi, cb.hi)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip(tmp_path, realistic_path, suffix):
    model = load_model(realistic_path)
    out = tmp_path / f"m{suffix}"
    write_table(model, out, "kogan_outlook")
    back = read_table(out)
    _same_matrix(model, back)
    prof = model.profile("kogan_outlook").weights
    # a .csv's #weight row becomes the one profile; an .xlsx brings back every profile by id
    got = (back.profiles[0] if suffix == ".csv" else back.profile("kogan_outlook")).weights
    assert [got[c] for c in got] == [prof[c.id] for c in model.criteria]
    # and back to a table again gives the same bytes (stable export)
    out2 = tmp_path / f"m2{suffix}"
    write_table(back, out2)
    if suffix == ".csv":
        assert out2.read_bytes() == out.read_bytes()


def test_excel_csv_dialect(tmp_path):
    text = ("option;Cost;Benefit\r\n#direction;min;max\r\n#weight;1,5;0,5\r\n"
            "Plan A;1,25;7\r\nPlan B;2;3,5\r\nПлан В;0,5;1\r\n")
    p = tmp_path / "excel.csv"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    model = read_table(p)
    c = compile_model(model)
    assert c.option_names == ("Plan A", "Plan B", "План В")
    np.testing.assert_array_equal(c.X, [[1.25, 7], [2, 3.5], [0.5, 1]])
    assert list(c.is_cost) == [True, False]
    np.testing.assert_allclose(c.profile_weights("sheet"), [0.75, 0.25])
    # no #min/#max: the observed range is the scale
    assert model.criteria[0].scale is None
    np.testing.assert_array_equal(c.lo, [0.5, 1])


def test_declared_scale_and_anchors(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("option,Risk,Gain\n#direction,cost,benefit\n#min,0,0\n#max,10,100\nA,3,50\nB,4,60\n",
                 encoding="utf-8")
    m = read_table(p)
    assert m.criteria[1].scale.max == 100
    assert [a.value for a in m.criteria[1].anchors] == [0, 50, 100]


def err(tmp_path, text, name="t.csv") -> list[str]:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(p)
    return [str(x) for x in exc.value.problems]


def test_non_number_names_the_cell(tmp_path):
    msgs = err(tmp_path, "option,A,B\n#direction,max,min\nx,1,2\ny,3,4\nz,5,6\nw,7,8\nv,9,ten\n")
    assert msgs == [f'{tmp_path / "t.csv"}: C7: "ten" is not a number (score of "v" on "B")']


def test_missing_direction_row(tmp_path):
    (msg,) = err(tmp_path, "option,A\nx,1\n")
    assert 'no "#direction" row' in msg


def test_bad_direction_and_unknown_label(tmp_path):
    msgs = err(tmp_path, "option,A,B\n#direction,up,max\n#wieght,1,1\nx,1,2\n")
    assert any(": B2: direction \"up\"" in m for m in msgs)
    assert any(': A3: unknown row label "#wieght"' in m for m in msgs)


def test_header_must_start_with_option(tmp_path):
    (msg,) = err(tmp_path, "name,A\n#direction,max\nx,1\n")
    assert ": A1: " in msg and '"option"' in msg


def test_empty_cell_and_value_outside_declared_scale(tmp_path):
    msgs = err(tmp_path, "option,A,B\n#direction,max,max\n#min,0,0\n#max,10,10\nx,11,\n")
    assert any(": B5: 11 is above the declared maximum 10" in m for m in msgs)
    assert any(": C5: empty" in m for m in msgs)


def test_negative_weight_cell(tmp_path):
    msgs = err(tmp_path, "option,A,B\n#direction,max,max\n#weight,-1,2\nx,1,2\n")
    assert any(": B3: weight -1 is negative" in m for m in msgs)


def test_no_options(tmp_path):
    msgs = err(tmp_path, "option,A\n#direction,max\n")
    assert any("no option rows" in m for m in msgs)


def test_bad_xlsx(tmp_path):
    p = tmp_path / "fake.xlsx"
    p.write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"not a readable \.xlsx"):
        read_table(p)


def test_xlsx_cell_error(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["option", "A"], ["#direction", "max"], ["x", 1], ["y", "n/a"]):
        ws.append(row)
    p = tmp_path / "t.xlsx"
    wb.save(p)
    with pytest.raises(InputError, match=r"B4: \"n/a\" is not a number"):
        read_table(p)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_like_text_is_neutralised(tmp_path, small_dict, suffix):
    from conftest import write_json

    small_dict["options"][0]["name"] = "=HYPERLINK(\"http://x\")"
    small_dict["options"][1]["name"] = "+1 option"
    small_dict["criteria"][0]["name"] = "@risk"
    model = load_model(write_json(tmp_path, small_dict))
    out = tmp_path / f"n{suffix}"
    write_table(model, out)
    if suffix == ".csv":
        text = out.read_bytes().decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "'+1 option" in text and "'@risk" in text
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert all(c.data_type == "s" for c in cells)
        assert all(not c.value.startswith(("=", "+", "-", "@")) for c in cells)
    back = read_table(out)  # the prefix is stripped again on import
    assert back.options[0].name == "=HYPERLINK(\"http://x\")"
    assert back.criteria[0].name == "@risk"


def test_export_refuses_unknown_suffix(tmp_path, realistic_path):
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        write_table(load_model(realistic_path), tmp_path / "x.ods")


def _titled_workbook(path, title_rows):
    """A sheet as Excel makes it: a title merged across the table's width above the header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Options"
    for row in title_rows:
        ws.append(row)
    if title_rows and len(title_rows[0]) == 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
    for row in (["option", "Cost", "Delay", "Safety"], ["#direction", "min", "min", "max"],
                ["Bypass", 120, 6, 8], ["Widening", 80, 9, 6], ["Do nothing", 0, 0, 3]):
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("rows, title", [
    ([["Road options 2026"]], "Road options 2026"),
    ([["Road options 2026"], []], "Road options 2026"),  # a blank row between the title and the table
    ([], "roads"),  # no title row: the file's name
    ([["Prepared by", "J. Smith"]], "roads"),  # two cells: a note, not a title
])
def test_a_title_row_above_the_header_names_the_model(tmp_path, rows, title):
    """An imported sheet whose first row is a merged title took the file's name as the model's (found by a
    walk-through)."""
    p = _titled_workbook(tmp_path / "roads.xlsx", rows)
    model = read_table(p)
    assert model.title == title
    assert [o.name for o in model.options] == ["Bypass", "Widening", "Do nothing"]


def test_import_and_the_window_take_the_title_row(tmp_path, window, capsys):
    from decision_app.cli import main

    p = _titled_workbook(tmp_path / "roads.xlsx", [["Road options 2026"]])
    out = tmp_path / "roads.json"
    assert main(["import", str(p), "-o", str(out)]) == 0
    assert load_model(out).title == "Road options 2026"
    assert window.open_path(p, ask=False)
    assert window.state.model.title == "Road options 2026"
    assert "Road options 2026" in window.windowTitle()
