"""Spreadsheets a user brings: a table without directions is completed (dialog, --direction) instead of
refused; a .csv is exported back in the dialect it was read in (or the locale's), numbers as entered; computed
numbers in exports carry no floating-point noise."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.errors import InputError
from decision_app.core.loading import load_model, read_table
from decision_app.core.tables import write_results_table, write_table

NO_DIRECTIONS = "option,Risk,Gain,Cost\n#weight,2,1,1\nA,3,50,10\nB,4,60,20\nC,1,55,15\n"
# As Excel writes CSV where the decimal separator is a comma: a byte-order mark, ; and CRLF.
EXCEL_TEXT = ("option;Cost;Benefit\r\n#direction;min;max\r\n#weight;1,5;0,5\r\n"
              "Plan A;1,25;7\r\nPlan B;0,2;3,5\r\nPlan C;0,1;0,3\r\n")
LONG_TAIL = re.compile(r"\d[.,]\d*(?:0000000|9999999)\d")  # 0.20000000000000004, 0.49479999999999996


def _table(tmp_path, text: str, name: str = "t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _directions(model):
    return {c.name: c.direction for c in model.criteria}


# --- 1. a table without directions: say which, take them, complete the import ---------------------------


def test_missing_directions_is_a_problem_the_caller_can_complete(tmp_path):
    from decision_app.core.errors import MissingDirectionsError

    p = _table(tmp_path, NO_DIRECTIONS)
    with pytest.raises(MissingDirectionsError) as info:
        read_table(p)
    assert info.value.criteria == ["Risk", "Gain", "Cost"]
    assert info.value.file == str(p)
    (problem,) = info.value.problems
    assert problem.place == "A2" and 'no "#direction" row' in problem.message
    # names match as a person types them: any case, spaces around, max/min as well as benefit/cost
    model = read_table(p, {"risk": "cost", " Gain ": "max", "COST": "min"})
    assert _directions(model) == {"Risk": "cost", "Gain": "benefit", "Cost": "cost"}
    assert compile_model(model).is_cost.tolist() == [True, False, True]


def test_empty_direction_cells_are_asked_for_and_the_others_kept(tmp_path):
    from decision_app.core.errors import MissingDirectionsError

    p = _table(tmp_path, "option,Risk,Gain,Cost\n#direction,min,,\nA,3,50,10\nB,4,60,20\n")
    with pytest.raises(MissingDirectionsError) as info:
        read_table(p)
    assert info.value.criteria == ["Gain", "Cost"]
    assert [pr.place for pr in info.value.problems] == ["C2", "D2"]
    assert _directions(read_table(p, {"Gain": "benefit", "Cost": "cost"})) == {
        "Risk": "cost", "Gain": "benefit", "Cost": "cost"}


def test_given_directions_are_checked(tmp_path):
    from decision_app.core.errors import MissingDirectionsError

    p = _table(tmp_path, "option,Risk,Gain\n#direction,min,\nA,3,50\nB,4,60\n")
    with pytest.raises(InputError) as info:
        read_table(p, {"Risk": "benefit", "Gian": "cost", "Gain": "up"})
    msgs = [str(pr) for pr in info.value.problems]
    assert any("B2" in m and 'makes "Risk" a cost criterion' in m for m in msgs)
    assert any('"Gian", but no criterion has that name' in m for m in msgs)
    assert any('"up" given for "Gain" is not benefit or cost' in m for m in msgs)
    # other problems besides missing directions: all reported at once, nothing to ask yet
    bad = _table(tmp_path, "option,Risk\nA,ten\n", "bad.csv")
    with pytest.raises(InputError) as info:
        read_table(bad)
    assert not isinstance(info.value, MissingDirectionsError)
    assert len(info.value.problems) == 2


def test_workbook_without_directions_is_completed_too(tmp_path):
    wb = Workbook()
    for row in (["option", "Risk", "Gain"], ["A", 3, 50], ["B", 4, 60]):
        wb.active.append(row)
    p = tmp_path / "t.xlsx"
    wb.save(p)
    with pytest.raises(InputError, match='no "#direction" row'):
        read_table(p)
    assert _directions(read_table(p, {"Risk": "cost", "Gain": "benefit"})) == {"Risk": "cost", "Gain": "benefit"}


def test_cli_refuses_clearly_and_takes_direction_flags(tmp_path, capsys):
    p = _table(tmp_path, NO_DIRECTIONS)
    out = tmp_path / "m.json"
    assert main(["import", str(p), "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f'decision-app: {p}: A2: no "#direction" row: add a row starting with #direction and max/min ' \
                     "(or benefit/cost) under each criterion"
    assert err[1].startswith(f"decision-app: {p}: or give them here, one --direction NAME=benefit|cost for each of: "
                             "Risk, Gain, Cost")
    assert not out.exists()
    flags = ["--direction", "Risk=cost", "--direction", "Gain=benefit", "--direction", "Cost=cost"]
    assert main(["import", str(p), "-o", str(out), *flags]) == 0
    assert _directions(load_model(out)) == {"Risk": "cost", "Gain": "benefit", "Cost": "cost"}
    capsys.readouterr()
    assert main(["validate", str(p), *flags]) == 0
    assert main(["validate", str(p), "--direction", "Risk"]) == 2
    assert "--direction: \"Risk\" should be written NAME=benefit or NAME=cost" in capsys.readouterr().err


def _no_directions_and_a_word(tmp_path):
    """A workbook as a user brings it: no #direction row, and a score typed as a word."""
    wb = Workbook()
    for row in (["option", "Risk", "Gain"], ["A", 3, "five"], ["B", 4, 60]):
        wb.active.append(row)
    p = tmp_path / "scores.xlsx"
    wb.save(p)
    return p


def test_other_problems_come_before_the_missing_directions(tmp_path):
    from decision_app.core.errors import MissingDirectionsError

    p = _no_directions_and_a_word(tmp_path)
    with pytest.raises(InputError) as info:
        read_table(p)
    assert not isinstance(info.value, MissingDirectionsError)  # nothing to ask for yet
    first, *rest = info.value.problems
    assert first.place == "Sheet!C2" and first.message.startswith('"five" is not a number')
    assert any('no "#direction" row' in pr.message for pr in rest)


def test_the_window_leads_with_the_other_problems_and_asks_directions_later(window, tmp_path, monkeypatch):
    """The window's message for a sheet with no #direction row and a score "five" led with "add a #direction
    row", although the window asks for directions itself once nothing else is wrong (found by a walk-through)."""
    from decision_app.gui import direction_dialog
    from decision_app.gui.messages import error_text

    asked, shown = [], []
    monkeypatch.setattr(direction_dialog, "ask_directions", lambda *a: asked.append(a) or None)
    window.show_error = lambda title, exc: shown.append(exc)
    assert window.open_path(_no_directions_and_a_word(tmp_path), ask=False) is False
    assert asked == []
    (exc,) = shown
    text, _informative, _details = error_text(exc)
    assert "Sheet!C2" in text and '"five" is not a number' in text
    assert "#direction" not in text
    assert all("#direction" not in pr.message for pr in exc.problems)  # the window asks; no row to add
    assert "asks which way" in exc.problems[-1].message and '"Risk", "Gain"' in exc.problems[-1].message


@pytest.mark.parametrize("command", ["validate", "import"])
def test_the_cli_keeps_the_direction_hint_beside_other_problems(tmp_path, capsys, command):
    p = _no_directions_and_a_word(tmp_path)
    argv = [command, str(p)] + (["-o", str(tmp_path / "m.json")] if command == "import" else [])
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert '"five" is not a number' in err[0]
    assert any('no "#direction" row' in line for line in err)
    assert any("--direction NAME=benefit|cost for each of: Risk, Gain" in line for line in err)


def _show(qtbot, dialog) -> None:
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.focusWidget() is not None


def test_direction_dialog_is_driven_by_keys(qtbot):
    from decision_app.gui.direction_dialog import DirectionDialog

    dialog = DirectionDialog(["Risk", "Gain", "Cost"], "t.csv")
    qtbot.addWidget(dialog)
    _show(qtbot, dialog)
    assert dialog.directions() == {}  # nothing preselected
    assert not dialog.import_button.isEnabled()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter does nothing until every row is chosen
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_C)  # Risk: cost, on to Gain
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_B)  # Gain: benefit, on to Cost
    assert dialog.directions() == {"Risk": "cost", "Gain": "benefit"}
    assert "1 of 3 still to choose" in dialog.remaining.text()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Right)  # arrows move, space chooses
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    assert dialog.directions() == {"Risk": "cost", "Gain": "benefit", "Cost": "cost"}
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)


def test_direction_dialog_all_at_once_and_escape(qtbot):
    from decision_app.gui.direction_dialog import DirectionDialog

    dialog = DirectionDialog(["Risk", "Gain"], "t.csv")
    qtbot.addWidget(dialog)
    _show(qtbot, dialog)
    dialog.choose_all(1)
    assert dialog.directions() == {"Risk": "cost", "Gain": "cost"}
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)


def _answer_dialog(keys: list[Qt.Key], seen: list[str]) -> None:
    """Press `keys` in the modal dialog the window is about to show (it runs its own event loop)."""
    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, press)
            return
        seen.append(dialog.windowTitle())
        for key in keys:  # each key to the dialog's focus widget now: B and C move it on
            QTest.keyClick(dialog.focusWidget(), key)

    QTimer.singleShot(0, press)


def test_window_asks_for_directions_then_imports(window, tmp_path):
    p = _table(tmp_path, NO_DIRECTIONS)
    before = window.state.model
    seen: list[str] = []
    _answer_dialog([Qt.Key.Key_Escape], seen)  # cancelling keeps the current model, with no error box
    window.show_error = lambda *a: pytest.fail(f"no error expected: {a}")
    assert window.open_path(p, ask=False) is False
    assert window.state.model is before and seen == ["Which way do the criteria point?"]
    _answer_dialog([Qt.Key.Key_C, Qt.Key.Key_B, Qt.Key.Key_C, Qt.Key.Key_Return], seen)
    assert window.open_path(p, ask=False) is True
    assert _directions(window.state.model) == {"Risk": "cost", "Gain": "benefit", "Cost": "cost"}
    assert window.state.path is None  # imported, not a model file yet


# --- 2. a .csv goes out the way it came in, numbers as entered ---------------------------------------------


def test_excel_dialect_is_read_and_written_back_unchanged(tmp_path):
    from decision_app.core.loading import open_document
    from decision_app.core.tables import CsvDialect

    src = tmp_path / "excel.csv"
    src.write_bytes(b"\xef\xbb\xbf" + EXCEL_TEXT.encode("utf-8"))
    doc = open_document(src)
    assert doc.csv_dialect == CsvDialect(";", ",", "utf-8-sig", "\r\n")
    out = tmp_path / "out.csv"
    write_table(doc.model, out, dialect=doc.csv_dialect)
    assert out.read_bytes() == src.read_bytes()


def test_cli_export_of_a_windows_1252_csv_keeps_its_dialect(tmp_path, capsys):
    src = tmp_path / "excel.csv"
    src.write_bytes(EXCEL_TEXT.replace("Plan C", "Plan é").encode("cp1252"))
    out = tmp_path / "out.csv"
    assert main(["export", str(src), "-o", str(out)]) == 0
    assert out.read_bytes() == src.read_bytes()
    # asked for, a model file goes out in Excel's decimal-comma dialect
    js, out2 = tmp_path / "m.json", tmp_path / "out2.csv"
    assert main(["import", str(src), "-o", str(js)]) == 0
    assert main(["export", str(js), "-o", str(out2), "--decimal-comma"]) == 0
    assert out2.read_bytes().decode("utf-8-sig").splitlines()[2:4] == ["#weight;1,5;0,5", "Plan A;1,25;7"]


def test_text_the_encoding_cannot_hold_falls_back_to_utf8(tmp_path):
    from decision_app.core.loading import open_document

    src = tmp_path / "t.csv"
    src.write_bytes("option;Risk\r\n#direction;min\r\nPlan é;0,5\r\n".encode("cp1252"))
    doc = open_document(src)
    assert doc.csv_dialect is not None and doc.csv_dialect.encoding == "cp1252"
    renamed = doc.model.options[0].model_copy(update={"name": "План", "short_name": None})  # no stale short name
    model = doc.model.model_copy(update={"options": [renamed]})
    out = tmp_path / "out.csv"
    write_table(model, out, dialect=doc.csv_dialect)
    assert out.read_bytes().decode("utf-8-sig").splitlines()[-1] == "План;0,5"


def test_window_exports_a_csv_the_way_it_was_read(window, tmp_path, monkeypatch):
    from decision_app.gui import exports

    src = tmp_path / "excel.csv"
    src.write_bytes(b"\xef\xbb\xbf" + EXCEL_TEXT.encode("utf-8"))
    assert window.open_path(src, ask=False)
    monkeypatch.setattr(exports, "show_note", lambda *a: None)
    target = tmp_path / "excel-again.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)"))
    assert exports.export_model_dialog(window.state, window) == target
    assert target.read_bytes() == src.read_bytes()
    # the results table, too, goes out in that dialect
    results = tmp_path / "results.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(results), "CSV (*.csv)"))
    assert exports.export_table_dialog(window.state, window) == results
    assert "Plan A;1,25;7" in results.read_bytes().decode("utf-8-sig")
    # a new document forgets it
    window.state.new_document(window.state.model)
    assert window.state.csv_dialect is None


def test_window_uses_the_locale_for_a_model_file(window, tmp_path, monkeypatch):
    from decision_app.core.tables import COMMA_CSV, SEMICOLON_CSV
    from decision_app.gui import exports

    monkeypatch.setattr(exports, "show_note", lambda *a: None)
    target = tmp_path / "m.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)"))
    previous = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    try:
        assert exports.csv_dialect(window.state) == SEMICOLON_CSV
        exports.export_model_dialog(window.state, window)
    finally:
        QLocale.setDefault(previous)
    assert exports.csv_dialect(window.state) == COMMA_CSV
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("option;Casualties and destruction;Escalation risk;")
    assert _directions(read_table(target)) == _directions(window.state.model)


def test_default_model_exports_without_float_tails(tmp_path, realistic_path):
    model = load_model(realistic_path)
    for profile in model.profiles:
        out = tmp_path / f"{profile.id}.csv"
        write_table(model, out, profile.id)
        assert not LONG_TAIL.search(out.read_text(encoding="utf-8-sig"))


# --- 3. the same defect elsewhere: computed numbers in the results table, generated anchors ----------------


def _results(model, path, profile_id):
    c = compile_model(model)
    w = c.profile_weights(profile_id)
    r = Analysis(c).score("wsm", w, normalized=True)
    write_results_table(path, model, c, "wsm", w, r.scores, r.ranks, None, None, profile_id)
    return r


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_results_table_has_no_float_noise(tmp_path, realistic_path, suffix):
    model = load_model(realistic_path)
    out = tmp_path / f"results{suffix}"
    r = _results(model, out, "corcoran_outlook")
    if suffix == ".csv":
        text = out.read_text(encoding="utf-8-sig")
        assert not LONG_TAIL.search(text)
        assert all(f"{float(x):.12g}," in text for x in r.scores)  # 12 significant digits, no noise
    else:
        numbers = [c.value for ws in load_workbook(out) for row in ws.iter_rows() for c in row
                   if isinstance(c.value, float)]
        assert numbers and not any(LONG_TAIL.search(repr(x)) for x in numbers)
        written = [row[2] for row in load_workbook(out)["ranking"].iter_rows(min_row=2, values_only=True)]
        assert sorted(written) == pytest.approx(sorted(r.scores), rel=0, abs=1e-12)


def test_generated_middle_anchor_is_the_number_a_person_would_write(tmp_path):
    p = _table(tmp_path, "option,A\n#direction,max\n#min,0.1\n#max,0.2\nx,0.15\ny,0.1\n")
    (c,) = read_table(p).criteria
    assert [a.value for a in c.anchors] == [0.1, 0.15, 0.2]


def test_saved_session_weights_carry_no_float_noise(window, tmp_path):
    window.state.set_weight(0, 0.3)  # the other ten share 0.7: 0.06999999999999999 each before rounding
    weights = window.state.model_for_save().session.weights
    n = len(weights) - 1
    assert list(weights.values()) == [0.3, *[round(0.7 / n, 12)] * n]
    out = tmp_path / "m.xlsx"
    write_table(window.state.model_for_save(), out)
    (row,) = load_workbook(out)["Session"].iter_rows(min_row=2, values_only=True)
    assert list(row[2:3 + n]) == [0.3, *[round(0.7 / n, 12)] * n]  # then the uncertainty columns, empty here


def test_messages_show_numbers_as_written(tmp_path):
    p = _table(tmp_path, "option,A\n#direction,max\n#min,0\n#max,10\nx,10.0000001\ny,1234567.5\n")
    with pytest.raises(InputError) as info:
        read_table(p)
    # not "10 is above the declared maximum 10", as six significant digits had it
    assert [pr.message for pr in info.value.problems] == [
        '10.0000001 is above the declared maximum 10 of "A"', '1234567.5 is above the declared maximum 10 of "A"']


# --- 4. a colleague's workbook, made by hand (the second walk-through) --------------------------------------


def colleague_workbook(path):
    """As people make one: a merged title row, a blank row, numbers typed as text, percentages (as numbers
    formatted 0% and as text), a Comment column, a cell comment, and other sheets after the table."""
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = "Scoring"
    ws["A1"] = "Sanctions options: draft scoring (v3, do not circulate)"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["Option", "Cost (EUR m)", "Risk of escalation", "Allied support", "Time to effect", "Comment"])
    ws.append(["#direction", "min", "min", "max", "min"])
    ws.append(["Status quo", "0", 3, 0.4, 0, "baseline"])
    ws.append(["Tighter export controls", "120", 4, 0.75, "6", "needs EU agreement"])
    ws.append(["Secondary sanctions", " 450.5 ", 7, "55%", 12, "US lead"])
    ws.append(["Asset seizure", 80, 8, 0.35, "18", None])
    ws["D5"].number_format = ws["D6"].number_format = ws["D8"].number_format = "0%"
    ws["B6"].comment = Comment("figure from the 2024 costing", "Colleague")
    wb.create_sheet("Notes")["A1"] = "Sources: desk notes, March"
    wb.create_sheet("Chart data").append(["x", "y"])
    wb.save(path)
    return path


def test_a_colleagues_workbook_imports_as_they_meant_it(tmp_path):
    """It was refused at A1 (a title above the header); "55%" and the Comment column were errors too."""
    model = read_table(colleague_workbook(tmp_path / "colleague.xlsx"))
    assert [c.name for c in model.criteria] == ["Cost (EUR m)", "Risk of escalation", "Allied support",
                                                "Time to effect"]
    assert _directions(model)["Allied support"] == "benefit"
    values = {o.name: [s.value for s in o.scores.values()] for o in model.options}
    # the percentages stay in percent (issue 19, item 7): 55 %, not 0.55
    assert values["Secondary sanctions"] == [450.5, 7, 55, 12]
    assert values["Tighter export controls"] == [120, 4, 75, 6]
    assert [c.unit for c in model.criteria] == ["", "", "%", ""]
    summaries = {o.name: o.summary for o in model.options}
    assert summaries["Tighter export controls"] == "needs EU agreement" and summaries["Asset seizure"] == ""


def test_errors_below_a_title_name_the_cells_where_they_are(tmp_path):
    path = colleague_workbook(tmp_path / "colleague.xlsx")
    wb = load_workbook(path)
    wb["Scoring"]["C7"] = "high"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_table(path)
    (problem,) = info.value.problems
    assert problem.place == "Scoring!C7" and '"high" is not a number' in problem.message


def test_a_sheet_without_a_header_row_says_what_to_add(tmp_path):
    p = _table(tmp_path, "Our scoring\n\nPolicy,Cost\nA,1\n")
    with pytest.raises(InputError) as info:
        read_table(p)
    (problem,) = info.value.problems
    assert problem.place == "A1" and 'must start with "option" in column A' in problem.message


@pytest.mark.parametrize(("text", "decimal_comma", "value"), [("55%", False, 0.55), ("55,5 %", True, 0.555),
                                                              ("7%", False, 0.07)])
def test_percentages_typed_as_text_read_as_excel_reads_them(text, decimal_comma, value):
    from decision_app.core.cells import number

    assert number(text, decimal_comma) == pytest.approx(value)
    assert number("%", decimal_comma) is None and number("5%%", decimal_comma) is None


def test_a_workbook_exported_by_the_app_then_edited_imports(tmp_path, realistic_path):
    """A title row inserted above the Matrix sheet's header and a notes sheet put first."""
    out = tmp_path / "model.xlsx"
    write_table(load_model(realistic_path), out)
    wb = load_workbook(out)
    wb["Matrix"].insert_rows(1)
    wb["Matrix"]["A1"] = "Our scoring after Tuesday's meeting"
    wb.create_sheet("My notes", 0)["A1"] = "changed two scores"
    wb.save(out)
    assert load_model(out) == load_model(realistic_path)
