"""What the fuzzers found (issue 14), one plain example per distinct defect, named for it. Before its fix each
one ended the command line in a traceback; now each ends in status 2 with a message naming the file and the
place (or, for text a terminal cannot show, in an escape)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import write_json

from decision_app.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv, says: str) -> str:
    code, _, err = run(capsys, *argv)
    assert code == 2, err
    assert says in err and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("given,missing", [("#min", "#max"), ("#max", "#min")])
def test_min_row_without_a_max_row(tmp_path, capsys, given, missing):
    """KeyError in the table reader: a #min row without any #max row (or the other way round)."""
    t = tmp_path / "t.csv"
    t.write_text(f"option,Risk,Gain\n#direction,min,max\n{given},0,0\nA,1,2\nB,3,4\n", encoding="utf-8")
    refused(capsys, "validate", t, says=f'{t}: B3: give both #min and #max for "Risk"')


def test_old_file_whose_options_are_not_a_list(tmp_path, capsys):
    """TypeError in the version 4 to 5 migration, which walked `options` before the format was checked."""
    path = write_json(tmp_path, {"schema_version": 4, "title": "x", "criteria": [], "options": 5, "profiles": []})
    refused(capsys, "validate", path, says=f"{path}: options: should be a valid list")


@pytest.mark.parametrize("command", [["export", "-o", "out.xlsx"], ["participants", "form", "-o", "form.xlsx"]])
def test_control_character_written_to_a_workbook(tmp_path, capsys, small_dict, command):
    """openpyxl's IllegalCharacterError: a model whose text holds a control character, written to an .xlsx
    (`export`, or a form's workbook). Such text is now refused where it comes in."""
    small_dict["criteria"][0]["definition"] = "Deaths\x01 and destruction"
    path = write_json(tmp_path, small_dict)
    out = tmp_path / command[-1]
    refused(capsys, command[0], *command[1:-2], path, "-o", out,
            says=f'{path}: criteria[0] "Casualties and destruction" / definition: the text holds an invisible control '
                 "character (U+0001) after “Deaths”")
    assert not out.exists()


def test_lone_surrogate_escape_in_a_model(tmp_path, capsys, small_dict):
    """UnicodeEncodeError printing a name that holds half a surrogate pair (a JSON "\\ud800" escape)."""
    small_dict["options"][0]["name"] = "Cease\ud800fire"
    path = tmp_path / "m.json"
    path.write_text(json.dumps(small_dict, ensure_ascii=True), encoding="utf-8")
    refused(capsys, "score", path, says="a lone surrogate")


def test_argument_in_another_encoding(capsys, realistic_path):
    """UnicodeEncodeError printing the message about an argument Python could not decode (a byte that is not
    UTF-8 arrives as a lone surrogate): it is printed as an escape."""
    refused(capsys, "score", realistic_path, "--profile", "equal\udcff", says='no weight profile "equal\\udcff"')


def test_deeply_nested_json(tmp_path, capsys):
    """RecursionError parsing a JSON document nested 100,000 deep."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    refused(capsys, "validate", path, says=f"{path}: the document is nested more than 32 levels deep")


def test_csv_cell_longer_than_the_csv_reader_takes(tmp_path, capsys):
    """csv.Error ("field larger than field limit") for a cell over 131,072 characters."""
    t = tmp_path / "t.csv"
    t.write_text("option,Risk\n#direction,min\n" + "x" * 200_000 + ",1\n", encoding="utf-8")
    refused(capsys, "validate", t, says=f"{t}: line 3: a cell holds more than 100,000 characters (the limit)")


def test_infinite_number_in_a_workbook_cell(tmp_path, capsys):
    """OverflowError in the workbook reader (pandas turned the whole number 1e400, infinity, into an int)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Matrix"
    for row in (["option", "Risk"], ["#direction", "min"], ["A", 1]):
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>1</v>", b"<v>1e400</v>")
            dst.writestr(info, data)
    t = tmp_path / "inf.xlsx"
    t.write_bytes(out.getvalue())
    refused(capsys, "validate", t, says=f"{t}: Matrix!B3: an infinite number is too large")


@pytest.mark.parametrize("seed", ["-1", str(2**32)])
def test_seed_out_of_range(capsys, realistic_path, seed):
    """ValueError from numpy's random generator for a seed below 0; above 2**31 - 1 a seed is one the window and a
    saved session cannot hold."""
    refused(capsys, "uncertainty", realistic_path, "--samples", "100", "--seed", seed,
            says="--seed: must be a whole number from 0 to 2,147,483,647")


@pytest.mark.parametrize("part,out", [("options", "out.xlsx"), ("criteria", "out.csv")])
def test_export_of_two_items_with_one_name(tmp_path, capsys, small_dict, part, out):
    """`export` wrote a workbook (or table) its own import refused: two options (or criteria) with one name,
    which a spreadsheet cannot tell apart. It now refuses to write it, saying which to rename."""
    small_dict[part][1]["name"] = small_dict[part][0]["name"] + " "
    path = write_json(tmp_path, small_dict)
    target = tmp_path / out
    refused(capsys, "export", path, "-o", target, says=f'{target}: two {part} are named "{small_dict[part][0]["name"]}"')
    assert not target.exists()


@pytest.mark.parametrize("name,says", [(" ", "the name of the option status_quo is blank"),
                                       ("#weight", 'the option name "#weight" (status_quo) would read back as a row label')])
def test_export_of_a_name_a_table_cannot_hold(tmp_path, capsys, small_dict, name, says):
    """`export` wrote a table its own import refused: an option named with spaces only (read back as no name)
    or starting with # (read back as a label row)."""
    small_dict["options"][0]["name"] = name
    path = write_json(tmp_path, small_dict)
    target = tmp_path / "out.csv"
    refused(capsys, "export", path, "-o", target, says=says)
    assert not target.exists()
