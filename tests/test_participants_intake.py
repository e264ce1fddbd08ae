"""Workshop intake: points tables and filled-in forms onto a model (`participants import`), the printable
forms (`participants form`), and the workbook carrying participants. Every bad cell is named with its file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import write_json
from group_models import (  # noqa: F401 - the two fixtures pin the eight-criterion model here
    WORKSHOP_MODEL,
    pinned_default_dict,
    pinned_default_path,
)
from openpyxl import load_workbook
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.errors import InputError
from decision_app.core.intake import intake_files
from decision_app.core.loading import dump_model, load_model, model_from_dict, read_table
from decision_app.core.tables import write_table

NAMES = ["Casualties and destruction", "Escalation risk", "Russian integration", "Moral hazard",
         "Ukraine's territorial integrity", "Alliance cohesion", "Feasibility", "Time to effect"]
HEADER = "participant," + ",".join(f'"{n}"' if "'" in n else n for n in NAMES)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def table(tmp_path: Path, body: str, name: str = "points.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(body.encode(encoding))
    return p


def rows(*lines: str, header: str = HEADER) -> str:
    return "\n".join([header, *lines]) + "\n"


def _import_problems(capsys, tmp_path, model_path, *tables):
    out = tmp_path / "out.json"
    before = model_path.read_bytes()
    code, _, err = run(capsys, "participants", "import", model_path, *tables, "-o", out)
    assert code == 2 and "Traceback" not in err
    assert not out.exists()  # nothing written on bad input
    assert model_path.read_bytes() == before
    return [line.removeprefix("decision-app: ") for line in err.strip().splitlines()]


GOOD = ("P1,10,20,30,40,50,60,70,80", "P2,1,0,0,0,0,0,0,0")


@pytest.mark.parametrize("lines,expected", [
    ((*GOOD, "P3,5,lots,5,5,5,5,5,5"), 'C4: "lots" is not a number (weight of "P3" on "Escalation risk")'),
    ((*GOOD, "P3,5,-5,5,5,5,5,5,5"), 'C4: -5 is negative (weight of "P3" on "Escalation risk"); points are 0 or more'),
    ((*GOOD, "P3,5,,5,5,5,5,5,5"), 'C4: empty: give the points of "P3" on "Escalation risk" (0 is allowed)'),
    ((*GOOD, "P3,0,0,0,0,0,0,0,0"), 'B4: every weight of "P3" is zero; give at least one criterion points'),
    ((*GOOD, "P1,5,5,5,5,5,5,5,5"), 'A4: "P1" is entered twice in round 1 (also {t} A2); keep one row'),
    ((*GOOD, ",5,5,5,5,5,5,5,5"), "A4: empty: give the participant's code or name"),
    ((*GOOD, "P3,5,5,5,5,5,5,5,5,7"), "J4: a value in a column without a header; name the column after a criterion, or remove it"),
])
def test_every_bad_cell_is_named_with_its_file(capsys, tmp_path, realistic_path, lines, expected):
    t = table(tmp_path, rows(*lines))
    msgs = _import_problems(capsys, tmp_path, realistic_path, t)
    assert msgs == [f"{t}: {expected.format(t=t)}"]


@pytest.mark.parametrize("header,expected", [
    (HEADER.replace("Feasibility", "Fun"), 'H1: "Fun" is not a criterion of the model (its criteria: Casualties'),
    (HEADER.replace(",Feasibility", ""), 'I1: no column for the criterion "Feasibility": every criterion needs points'),
    (HEADER.replace("Feasibility", "moral_hazard"), 'H1: a second column for "Moral hazard" (the first is E1)'),
    (HEADER.replace("participant", "who"), 'A1: the first cell of the header row must be "participant"'),
    (HEADER + ",round,round", 'K1: a second "round" column (the first is J1)'),
])
def test_header_problems_name_the_header_cell(capsys, tmp_path, realistic_path, header, expected):
    t = table(tmp_path, rows("P1,1,2,3,4,5,6,7,8,1", header=header))
    msgs = _import_problems(capsys, tmp_path, realistic_path, t)
    assert any(m.startswith(f"{t}: {expected}") for m in msgs), msgs


def test_round_cells_and_rounds_already_entered(capsys, tmp_path, realistic_path):
    t = table(tmp_path, rows("P1,1,1,1,1,1,1,1,1,1.5", "P2,1,1,1,1,1,1,1,1,zwei", header=HEADER + ",round"))
    assert _import_problems(capsys, tmp_path, realistic_path, t) == [
        f'{t}: J2: "1.5" is not a round number (a whole number from 1 to 99) (round of "P1")',
        f'{t}: J3: "zwei" is not a round number (a whole number from 1 to 99) (round of "P2")']
    model_path = tmp_path / "with.json"
    assert main(["participants", "import", str(realistic_path), str(table(tmp_path, rows(*GOOD), "a.csv")),
                 "-o", str(model_path)]) == 0
    again = table(tmp_path, rows("p1,1,1,1,1,1,1,1,1,1", header=HEADER + ",round"), "b.csv")
    assert _import_problems(capsys, tmp_path, model_path, again) == [
        f'{again}: A2: "p1" (P1) already has round 1 in {model_path}; give this row another round in a round column']


def test_a_participant_twice_in_one_round_across_two_tables(capsys, tmp_path, realistic_path):
    a = table(tmp_path, rows(*GOOD), "a.csv")
    b = table(tmp_path, rows("Ana,1,1,1,1,1,1,1,1", "p2,3,3,3,3,3,3,3,3"), "b.csv")
    assert _import_problems(capsys, tmp_path, realistic_path, a, b) == [
        f'{b}: A3: "p2" is entered twice in round 1 (also {a} A3); keep one row']


def test_problems_of_every_file_are_reported_together(capsys, tmp_path, realistic_path):
    a = table(tmp_path, rows("P1,x,1,1,1,1,1,1,1"), "a.csv")
    b = table(tmp_path, rows("P2,1,1,1,1,1,1,1,-1"), "b.csv")
    c = tmp_path / "c.txt"
    c.write_text("participant", encoding="utf-8")
    msgs = _import_problems(capsys, tmp_path, realistic_path, a, b, c, tmp_path / "missing.csv")
    assert [m.split(": ")[0] for m in msgs] == [str(a), str(b), str(c), str(tmp_path / "missing.csv")]
    assert "is not a number" in msgs[0] and "is negative" in msgs[1] and ".csv or .xlsx" in msgs[2]
    assert "no such file" in msgs[3]


def test_points_are_stored_as_entered_and_codes_follow_on(capsys, tmp_path, realistic_path):
    t = table(tmp_path, rows("Ana,10,20,30,40,50,60,70,80.5,first,Escalation first", "=Bo,0,0,0,1,0,0,0,0,,",
                             header=HEADER + ",note,round".replace("note,round", "round,note")))
    out = tmp_path / "out.json"
    code, stdout, _ = run(capsys, "participants", "import", realistic_path, t, "-o", out)
    assert code == 2  # "first" is not a round
    t = table(tmp_path, rows("Ana,10,20,30,40,50,60,70,80.5,1,Escalation first", "'=Bo,0,0,0,1,0,0,0,0,,",
                             header=HEADER + ",round,note"))
    code, stdout, _ = run(capsys, "participants", "import", realistic_path, t, "-o", out)
    assert code == 0 and "2 new participants (P1, P2)" in stdout
    model = load_model(out)
    ana, bo = model.participants
    assert (ana.id, ana.label, ana.code, ana.note) == ("p1", "Ana", "P1", "Escalation first")  # no id from a name
    assert (bo.label, bo.code) == ("=Bo", "P2")  # the formula prefix removed, the text kept
    assert list(ana.rounds[0].weights.values()) == [10, 20, 30, 40, 50, 60, 70, 80.5]
    assert ana.rounds[0].method == "direct" and ana.rounds[0].round == 1
    # the second round: by label, id or code, any case; new people get the next code
    t2 = table(tmp_path, rows("ANA,1,1,1,1,1,1,1,1", "p2,2,2,2,2,2,2,2,2", "Cy,3,3,3,3,3,3,3,3"), "r2.csv")
    assert main(["participants", "import", str(out), str(t2), "-o", str(out)]) == 0  # -o may be the model itself
    model = load_model(out)
    assert [(p.code, [r.round for r in p.rounds]) for p in model.participants] == [
        ("P1", [1, 2]), ("P2", [1, 2]), ("P3", [1])]


def test_excel_csv_dialects_read_as_they_are(tmp_path, realistic_path):
    body = rows("Zoë;1,5;2;3;4;5;6;7;8", header=HEADER.replace(",", ";").replace('"', ""))
    semicolon = table(tmp_path, body, "excel.csv", encoding="cp1252")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + rows("Ann,0.5,2,3,4,5,6,7,8").encode("utf-8"))
    done = intake_files(load_model(realistic_path), [semicolon, bom])
    (zoe, ann) = done.model.participants
    assert zoe.label == "Zoë" and zoe.rounds[0].weights["casualties"] == 1.5
    assert ann.rounds[0].weights["casualties"] == 0.5


def test_the_model_file_is_not_written(tmp_path, realistic_path, capsys):
    src = tmp_path / "m.json"
    src.write_bytes(realistic_path.read_bytes())
    mtime = src.stat().st_mtime_ns
    assert main(["participants", "import", str(src), str(table(tmp_path, rows(*GOOD))), "-o",
                 str(tmp_path / "o.json")]) == 0
    assert src.stat().st_mtime_ns == mtime and src.read_bytes() == realistic_path.read_bytes()


# --- the forms ---------------------------------------------------------------------------------------------


def test_pdf_forms_one_page_per_participant(capsys, tmp_path, realistic_path):
    out = tmp_path / "form.pdf"
    code, stdout, _ = run(capsys, "participants", "form", realistic_path, "-o", out, "--count", "3")
    assert code == 0 and "P1, P2, P3" in stdout
    pages = PdfReader(out).pages
    assert len(pages) == 3
    for k, page in enumerate(pages, start=1):
        txt = " ".join(page.extract_text().split())
        assert f"P{k}" in txt and "Round" in txt and "Points (0–100)" in txt
        for name in NAMES:
            assert name in txt
        assert "Fighting stops quickly; few further deaths" in txt  # an anchor
        assert "UNCLASSIFIED" in txt
    code, _, _ = run(capsys, "participants", "form", realistic_path, "-o", out, "--codes", "P7,p9", "--round", "2")
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    assert len(texts) == 2 and "form for P7, round 2" in texts[0] and "form for P9, round 2" in texts[1]


def test_pdf_form_text_prints_literally(tmp_path, default_dict):
    d = copy.deepcopy(default_dict)
    d["criteria"][0]["name"] = "<b>Casualties</b> & more"
    d["title"] = "A <i>title</i>"
    out = tmp_path / "form.pdf"
    assert main(["participants", "form", str(write_json(tmp_path, d)), "-o", str(out)]) == 0
    txt = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "<b>Casualties</b> & more" in txt and "A <i>title</i>" in txt


@pytest.mark.parametrize("argv,expected", [
    (["--codes", "X1"], '--codes: "X1" is not an anonymous code'),
    (["--codes", "P1,P1"], '--codes: "P1" is given twice'),
    (["--count", "0"], "--count: give from 1 to 500 forms"),
    (["--round", "0"], "--round: must be a whole number from 1 to 99"),
])
def test_form_options_are_checked(capsys, tmp_path, realistic_path, argv, expected):
    code, _, err = run(capsys, "participants", "form", realistic_path, "-o", tmp_path / "f.pdf", *argv)
    assert code == 2 and expected in err and "Traceback" not in err
    code, _, err = run(capsys, "participants", "form", realistic_path, "-o", tmp_path / "f.docx")
    assert code == 2 and "a .pdf to print or a .xlsx to fill in" in err


def test_xlsx_form_filled_in_imports_back(capsys, tmp_path, realistic_path):
    form = tmp_path / "form.xlsx"
    assert main(["participants", "form", str(realistic_path), "-o", str(form), "--count", "4"]) == 0
    wb = load_workbook(form)
    assert wb.sheetnames == ["Points", "Criteria"]
    ws = wb["Points"]
    assert [c.value for c in ws[1]] == ["participant", "round", *NAMES, "note"]
    assert "Expected loss of life" in ws["C1"].comment.text  # the definition as a comment
    assert [ws.cell(row=r, column=1).value for r in range(2, 6)] == ["P1", "P2", "P3", "P4"]
    for r in range(2, 5):  # P4 hands nothing back
        for c in range(3, 11):
            ws.cell(row=r, column=c, value=(r * c) % 7)
    ws["C3"] = "3"  # a number stored as text
    ws["K2"] = "Feasibility first"
    wb.save(form)
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "participants", "import", realistic_path, form, "-o", out)
    assert code == 0, err
    assert f"{form}: Points!A5: no points entered; row skipped" in err
    model = load_model(out)
    assert [p.code for p in model.participants] == ["P1", "P2", "P3"]
    assert model.participants[0].note == "Feasibility first"
    assert model.participants[1].rounds[0].weights["casualties"] == 3
    ws["D2"] = "lots"
    wb.save(form)
    out.unlink()
    msgs = _import_problems(capsys, tmp_path, realistic_path, form)
    assert msgs == [f'{form}: Points!D2: "lots" is not a number (weight of "P1" on "Escalation risk")']


# --- the workbook carries participants ------------------------------------------------------------------------


def workshop_dict(default_dict):
    d = copy.deepcopy(default_dict)
    ids = [c["id"] for c in d["criteria"]]
    m = [[1.0, 3.0, 1 / 5], [1 / 3, 1.0, 1 / 7], [5.0, 7.0, 1.0]]
    d["participants"] = [
        {"id": "ana", "label": "=Ana", "code": "P1", "note": "Escalation first.\nsecond line ", "rounds": [
            {"round": 1, "weights": {c: i + 0.5 for i, c in enumerate(ids)}},
            {"round": 2, "method": "ranking", "weights": {c: 1 / 7 for c in ids},
             "inputs": {c: 1 + i // 2 for i, c in enumerate(ids)}}]},
        {"id": "bo", "label": "Bo", "code": "P2", "rounds": [
            {"round": 1, "method": "swing", "weights": {c: 10 * i for i, c in enumerate(ids)},
             "inputs": {c: 10 * i for i, c in enumerate(ids)}},
            {"round": 3, "method": "ahp", "weights": {c: 1 / 3 for c in ids},
             "ahp": {"criteria": [ids[2], ids[0], ids[5]], "matrix": m}}]},
    ]
    return d


def test_workbook_round_trip_keeps_every_participant_byte_for_byte(tmp_path, default_dict):
    model = model_from_dict(workshop_dict(default_dict))
    write_table(model, tmp_path / "m.xlsx")
    assert {"Participants", "Rounds", "Judgements"} <= set(load_workbook(tmp_path / "m.xlsx").sheetnames)
    assert dump_model(read_table(tmp_path / "m.xlsx")) == dump_model(model)


def test_workbook_round_trip_through_the_command_line(tmp_path, default_dict):
    src = write_json(tmp_path, workshop_dict(default_dict))
    assert main(["export", str(src), "-o", str(tmp_path / "m.xlsx")]) == 0
    assert main(["import", str(tmp_path / "m.xlsx"), "-o", str(tmp_path / "back.json")]) == 0
    assert (tmp_path / "back.json").read_bytes() == dump_model(load_model(src))


@pytest.mark.parametrize("sheet,ref,value,expected", [
    ("Rounds", "A2", "zed", 'Rounds!A2: "zed" is not an id on the Participants sheet'),
    ("Rounds", "B2", 1.5, "Rounds!B2: the round must be a whole number from 1 to 99, not 1.5"),
    ("Rounds", "C2", "vote", 'Rounds!C2: "vote" is not one of direct, ranking, swing, ahp'),
    ("Rounds", "D2", "points", 'Rounds!D2: "points" is not weights, inputs or shares'),
    ("Rounds", "E2", "many", 'Rounds!E2: "many" is not a number (weight of "ana" on "Casualties and destruction")'),
    ("Rounds", "E1", "Nonsense", 'Rounds!E1: "Nonsense" is not a criterion of the Matrix sheet'),
    ("Judgements", "C2", "Nonsense", 'Judgements!C2: "Nonsense" is not the name of "russian_integration"'),
    ("Judgements", "G2", "Nonsense", 'Judgements!G2: "Nonsense" is not the id of an objective or a criterion'),
    ("Judgements", "E3", "x", 'Judgements!E3: "x" is not a number'),
    ("Participants", "A3", "ana", 'Participants!A3: the participant "ana" has two rows in this sheet'),
    ("Session", "K2", "many", 'Session!K2: "many" is not a number (the session\'s samples)'),
])
def test_bad_cells_on_the_workshop_sheets_are_named(tmp_path, default_dict, sheet, ref, value, expected):
    d = workshop_dict(default_dict)
    d["session"] = {"method": "wsm", "uncertainty": {"samples": 500}}
    write_table(model_from_dict(d), tmp_path / "m.xlsx")
    wb = load_workbook(tmp_path / "m.xlsx")
    wb[sheet][ref] = value
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(InputError) as info:
        read_table(tmp_path / "m.xlsx")
    msgs = [str(p) for p in info.value.problems]
    assert any(f"{tmp_path / 'm.xlsx'}: {expected}" in m for m in msgs), msgs


def test_a_workbook_with_uncertainty_settings_only_keeps_them(tmp_path, default_dict):
    d = copy.deepcopy(default_dict)
    d["session"] = {"method": "topsis", "weights": {}, "uncertainty": {"seed": 7, "weights_mode": "uniform"}}
    model = model_from_dict(d)
    write_table(model, tmp_path / "m.xlsx")
    assert dump_model(read_table(tmp_path / "m.xlsx")) == dump_model(model)
    assert json.loads(dump_model(model))["session"]["uncertainty"] == {"seed": 7, "weights_mode": "uniform"}


# --- no silent misreading (issue 22, item 5) ----------------------------------------------------------------


def test_a_percentage_in_a_points_table_is_that_many_points(tmp_path, realistic_path):
    """50% beside cells of 50 is 50 points, not 0.5 (which almost zeroed the criterion)."""
    t = table(tmp_path, rows("Ana,50%,50,50 %,50,50,50,50,50", 'Bo,12.5%,25,25,25,25,25,25,25'))
    done = intake_files(load_model(realistic_path), [t])
    ana, bo = done.model.participants
    assert list(ana.rounds[0].weights.values()) == [50.0] * 8
    assert bo.rounds[0].weights["casualties"] == 12.5


def test_names_that_look_like_codes_are_three_people(tmp_path, realistic_path):
    """p0, p1, p2 were "p1 is entered twice": p0 was given P1 and then p1 was taken for it."""
    t = table(tmp_path, rows("p0,1,1,1,1,1,1,1,1", "p1,2,2,2,2,2,2,2,2", "p2,3,3,3,3,3,3,3,3"))
    done = intake_files(load_model(realistic_path), [t])
    got = {p.code: p.rounds[0].weights["casualties"] for p in done.model.participants}
    assert got == {"P1": 2.0, "P2": 3.0, "P3": 1.0}
    assert [p.label for p in done.model.participants] == ["p0", None, None]  # a code is no name


def test_a_duplicate_names_both_files_and_cells(capsys, tmp_path, realistic_path):
    a = table(tmp_path, rows("Ana,1,1,1,1,1,1,1,1"), "a.csv")
    b = table(tmp_path, rows("P9,1,1,1,1,1,1,1,1", "ana,2,2,2,2,2,2,2,2"), "b.csv")
    assert _import_problems(capsys, tmp_path, realistic_path, a, b) == [
        f'{b}: A3: "ana" is entered twice in round 1 (also {a} A2); keep one row']


def test_returning_participants_are_matched_by_code_or_name_and_said(capsys, tmp_path, realistic_path):
    first = table(tmp_path, rows("Ana,1,1,1,1,1,1,1,1", "Bo,1,1,1,1,1,1,1,1"), "r1.csv")
    model = intake_files(load_model(realistic_path), [first]).model
    second = table(tmp_path, rows("p1,2,2,2,2,2,2,2,2", "BO,2,2,2,2,2,2,2,2", "Cy,2,2,2,2,2,2,2,2"), "r2.csv")
    done = intake_files(model, [second])
    assert done.matched == ((f"{second} A2", "P1"), (f"{second} A3", "P2"))
    assert done.new_codes == ("P3",)
    saved = tmp_path / "m.json"
    saved.write_bytes(dump_model(model))
    code, out, _ = run(capsys, "participants", "import", saved, second, "-o", tmp_path / "o.json")
    assert code == 0 and f"matched: P1 ({second} A2), P2 ({second} A3)" in out
