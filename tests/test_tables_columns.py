"""Their own spreadsheets: a notes column in any language is kept, a column of text is never taken silently,
notes survive a .csv export, a percentage column stays in percent, and a non-ASCII name keeps a readable id."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from decision_app.cli import main
from decision_app.core.columns import CRITERION, NOTES
from decision_app.core.errors import InputError, TextColumnsError
from decision_app.core.loading import load_model, open_document
from decision_app.core.schema import make_id
from decision_app.core.tables import write_table


def csv_file(tmp_path, text: str, name: str = "t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --- notes ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Kommentar", "Bemerkung", "Remarques", "Notes", "Comments", "Commentaire",
                                    "Notas", "Opmerkingen", "Anmerkungen:", "Observaciones", "BEMERKUNGEN"])
def test_a_notes_column_in_several_languages_is_kept_and_said(tmp_path, header):
    p = csv_file(tmp_path, f"option,Cost,Gain,{header}\n#direction,min,max,\nA,1,5,gut so\nB,2,9,\nC,3,1,zu teuer\n")
    doc = open_document(p)
    assert [c.name for c in doc.model.criteria] == ["Cost", "Gain"]
    assert [o.summary for o in doc.model.options] == ["gut so", "", "zu teuer"]
    (notice,) = doc.notices
    assert f'"{header}"' in notice and "D1" in notice and "notes" in notice


def test_a_column_of_text_is_never_taken_silently(tmp_path):
    p = csv_file(tmp_path, "option,Cost,Begründung\n#direction,min,\nA,1,weil es wirkt\nB,2,high\n")
    with pytest.raises(TextColumnsError) as err:
        open_document(p)
    assert err.value.columns == ["Begründung"] and err.value.others == []
    places = [q.place for q in err.value.problems]
    assert places[:1] == ["C1"] and {"C3", "C4"} <= set(places)  # the column, and each of its cells
    # answered "notes": kept as the options' summaries
    model = open_document(p, {"Begründung": NOTES}).model
    assert [c.name for c in model.criteria] == ["Cost"]
    assert [o.summary for o in model.options] == ["weil es wirkt", "high"]
    # answered "criterion": a criterion scored in words gets the cell-named errors
    with pytest.raises(InputError) as err:
        open_document(p, {"Begründung": CRITERION, "Cost": "cost"})
    assert not isinstance(err.value, TextColumnsError)
    msgs = {q.place: q.message for q in err.value.problems}
    assert '"high" is not a number' in msgs["C4"] and '"weil es wirkt" is not a number' in msgs["C3"]


def test_a_column_of_text_beside_other_problems_reports_them_all(tmp_path):
    p = csv_file(tmp_path, "option,Cost,Begründung\n#direction,min,\nA,x,weil\nB,2,high\n")
    with pytest.raises(TextColumnsError) as err:
        open_document(p)
    assert [q.place for q in err.value.others] == ["B3"]


def test_a_notes_word_with_a_direction_is_a_criterion(tmp_path):
    p = csv_file(tmp_path, "option,Cost,Notes\n#direction,min,max\nA,1,3\nB,2,4\n")
    doc = open_document(p)
    assert [c.name for c in doc.model.criteria] == ["Cost", "Notes"] and doc.notices == ()


def test_a_notes_column_in_a_workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row in (["option", "Kosten", "Bemerkung"], ["#direction", "min", None], ["A", 1, "teuer"], ["B", 2, None]):
        ws.append(row)
    p = tmp_path / "t.xlsx"
    wb.save(p)
    doc = open_document(p)
    assert [o.summary for o in doc.model.options] == ["teuer", ""] and len(doc.notices) == 1


def test_notes_are_kept_on_csv_export(tmp_path):
    p = csv_file(tmp_path, "option,Cost,Kommentar\n#direction,min,\nA,1,\"gut; sehr, gut\"\nB,2,\nC,3,=teuer\n")
    model = open_document(p).model
    out = tmp_path / "out.csv"
    left = write_table(model, out)
    assert "option summaries" not in left
    again = open_document(out).model
    assert [o.summary for o in again.options] == ["gut; sehr, gut", "", "=teuer"]
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == "option,Cost,notes"


def test_the_shipped_models_summaries_survive_a_csv(tmp_path, realistic_path):
    model = load_model(realistic_path)
    out = tmp_path / "m.csv"
    assert "option summaries" not in write_table(model, out)
    assert [o.summary for o in load_model(out).options] == [o.summary for o in model.options]


# --- percentages ----------------------------------------------------------------------------------------------


def test_a_percentage_column_stays_in_percent(tmp_path):
    p = csv_file(tmp_path, "option,Support,Cost\n#direction,max,min\n#min,0%,\n#max,100%,\nA,55%,1\nB,60.5%,2\n")
    model = open_document(p).model
    support = model.criteria[0]
    assert support.unit == "%" and (support.scale.min, support.scale.max) == (0, 100)
    assert [o.scores[support.id].value for o in model.options] == [55, 60.5]
    assert model.criteria[1].unit == ""
    out = tmp_path / "out.csv"
    assert "units" not in write_table(model, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "A,55%,1" in text and "B,60.5%,2" in text and "#max,100%," in text
    again = open_document(out).model
    assert again.model_dump()["criteria"] == model.model_dump()["criteria"]
    assert again.model_dump()["options"] == model.model_dump()["options"]


def test_a_percentage_column_in_a_decimal_comma_csv(tmp_path):
    p = csv_file(tmp_path, "option;Support;Cost\n#direction;max;min\nA;55,5%;1,5\nB;60%;2\n")
    model = open_document(p).model
    assert [o.scores[model.criteria[0].id].value for o in model.options] == [55.5, 60]


def test_a_percentage_column_through_a_workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row in (["option", "Support", "Cost"], ["#direction", "max", "min"], ["A", 0.55, 1], ["B", 0.605, 2]):
        ws.append(row)
    for r in (3, 4):
        ws.cell(r, 2).number_format = "0.0%"
    p = tmp_path / "t.xlsx"
    wb.save(p)
    model = open_document(p).model
    assert model.criteria[0].unit == "%"
    assert [o.scores[model.criteria[0].id].value for o in model.options] == [55, 60.5]
    out = tmp_path / "out.xlsx"
    write_table(model, out)
    cell = load_workbook(out)["Matrix"]["B4"]
    assert cell.value == pytest.approx(0.55) and "%" in cell.number_format
    assert open_document(out).model.model_dump() == model.model_dump()


def test_a_plain_number_among_percentages_is_refused_by_its_cell(tmp_path):
    p = csv_file(tmp_path, "option,Support\n#direction,max\nA,55%\nB,30\n")
    with pytest.raises(InputError) as err:
        open_document(p)
    (problem,) = err.value.problems
    assert problem.place == "B4" and "30%" in problem.message and "no % sign" in problem.message


# --- ids ------------------------------------------------------------------------------------------------------


def test_non_ascii_names_keep_readable_ascii_ids(tmp_path):
    taken: set[str] = set()
    assert [make_id(n, taken) for n in ("Rückhalt", "Straße", "Coût", "Rueckhalt", "Øresund", "Чистота")] == [
        "rueckhalt", "strasse", "cout", "rueckhalt_2", "oresund", "item"]
    p = csv_file(tmp_path, "option,Rückhalt,Größe\n#direction,max,min\nÄpfel,1,2\nÖl,2,1\n")
    model = open_document(p).model
    assert model.criterion_ids() == ["rueckhalt", "groesse"]
    assert model.option_ids() == ["aepfel", "oel"]
    assert all(i.isascii() for i in model.criterion_ids() + model.option_ids())


# --- the command line -----------------------------------------------------------------------------------------


def test_cli_notes_column(tmp_path, capsys):
    p = csv_file(tmp_path, "option,Cost,Begründung\n#direction,min,\nA,1,weil\nB,2,high\n")
    out = tmp_path / "m.json"
    assert main(["import", str(p), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert 't.csv: C4: "high" is not a number' in err and '--notes-column "Begründung"' in err
    assert "Traceback" not in err
    assert main(["import", str(p), "-o", str(out), "--notes-column", "Begründung"]) == 0
    assert [o.summary for o in load_model(out).options] == ["weil", "high"]


def test_cli_says_when_it_recognises_a_notes_column(tmp_path, capsys):
    p = csv_file(tmp_path, "option,Cost,Remarques\n#direction,min,\nA,1,cher\nB,2,\n")
    assert main(["validate", str(p)]) == 0
    err = capsys.readouterr().err
    assert 'note: "Remarques" (C1) read as notes on the options, not a criterion' in err


# --- the window -----------------------------------------------------------------------------------------------


def _text_column_table(tmp_path):
    """No #direction row, and a column of reasons in German."""
    return csv_file(tmp_path, "option,Kosten,Nutzen,Begründung\nA,1,5,weil billig\nB,2,9,high\nC,3,1,\n")


def test_the_window_asks_whether_a_text_column_is_notes(window, tmp_path, monkeypatch):
    from decision_app.gui import direction_dialog

    asked: list[tuple] = []
    monkeypatch.setattr(direction_dialog, "ask_text_columns",
                        lambda *a: asked.append(("text", a[0])) or {"Begründung": NOTES})
    monkeypatch.setattr(direction_dialog, "ask_directions",
                        lambda *a: asked.append(("directions", a[0])) or {"Kosten": "cost", "Nutzen": "benefit"})
    assert window.open_path(_text_column_table(tmp_path), ask=False)
    assert asked == [("text", ["Begründung"]), ("directions", ["Kosten", "Nutzen"])]  # notes need no direction
    model = window.state.model
    assert [c.name for c in model.criteria] == ["Kosten", "Nutzen"]
    assert [o.summary for o in model.options] == ["weil billig", "high", ""]


def test_the_window_names_the_cells_of_a_text_column_called_a_criterion(window, tmp_path, monkeypatch):
    from decision_app.gui import direction_dialog

    before = window.state.model
    shown: list[InputError] = []
    monkeypatch.setattr(direction_dialog, "ask_text_columns", lambda *a: {"Begründung": CRITERION})
    monkeypatch.setattr(direction_dialog, "ask_directions", lambda *a: pytest.fail("asked for directions"))
    window.show_error = lambda title, exc: shown.append(exc)
    assert window.open_path(_text_column_table(tmp_path), ask=False) is False
    (exc,) = shown
    msgs = {q.place: q.message for q in exc.problems}
    assert '"high" is not a number' in msgs["D3"] and '"weil billig" is not a number' in msgs["D2"]
    assert window.state.model is before  # the work stays


def test_the_window_says_when_it_recognised_a_notes_column(window, tmp_path):
    messages: list[str] = []
    window.state.sig_status.connect(messages.append)
    p = csv_file(tmp_path, "option,Cost,Kommentar\n#direction,min,\nA,1,teuer\nB,2,\n")
    assert window.open_path(p, ask=False)
    assert any('"Kommentar"' in m and "notes" in m for m in messages)
    assert [o.summary for o in window.state.model.options] == ["teuer", ""]


def test_text_columns_dialog_is_driven_by_keys(qtbot):
    from PySide6.QtCore import Qt

    from decision_app.gui.direction_dialog import TextColumnsDialog

    dialog = TextColumnsDialog(["Begründung", "Quelle"], "t.csv")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.answers() == {} and not dialog.import_button.isEnabled()  # nothing preselected
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_N)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_C)
    assert dialog.answers() == {"Begründung": NOTES, "Quelle": CRITERION}
    assert dialog.import_button.isEnabled()


def test_the_matrix_shows_a_percentage_column_in_percent(window, tmp_path, monkeypatch):
    p = csv_file(tmp_path, "option,Support,Cost\n#direction,max,min\nA,55%,1\nB,60%,2\n")
    assert window.open_path(p, ask=False)
    table = window.matrix.model
    assert table.data(table.index(0, 0)).startswith("55%")
    assert table.data(table.index(0, 1)).startswith("1 ")


def test_starting_on_a_table_with_a_text_column_asks(tmp_path, qtbot, monkeypatch):
    from decision_app.gui import direction_dialog
    from decision_app.gui.app import create_window

    table = _text_column_table(tmp_path)
    asked: list[list[str]] = []
    monkeypatch.setattr(direction_dialog, "ask_text_columns", lambda columns, *a: asked.append(columns) or None)
    errors: list[tuple] = []
    _app, _state, window = create_window([str(table)])
    monkeypatch.setattr(window, "show_error", lambda *a: errors.append(a))
    qtbot.waitUntil(lambda: bool(asked or errors), timeout=3000)
    assert asked == [["Begründung"]] and not errors
    window.state.shutdown()
    window.deleteLater()
