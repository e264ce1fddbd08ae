"""Limits (issue 14): every pathological input is refused with a message naming the file, what is over the
limit and the limit, before it can exhaust memory or time; the command line exits 2, the window shows the
same message. Each test builds the smallest input just over one limit (and, where it matters, one just
under it that is taken)."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from conftest import write_json
from fuzz_inputs import declared_bomb, workbook_bytes

from decision_app.cli import main
from decision_app.core import limits
from decision_app.core.errors import InputError
from decision_app.core.loading import load_model, model_from_dict, parse_model_json


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(path: Path, capsys, *needles: str) -> str:
    """`validate` refuses the file: status 2, the file named, each needle in the message, no traceback."""
    code, _, err = run(capsys, "validate", path)
    assert code == 2, err
    assert str(path) in err and "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


# --- model files --------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, capsys):
    big = tmp_path / "huge.json"
    with big.open("wb") as fh:  # sparse: no disk used
        fh.truncate(limits.MAX_FILE_BYTES + 1)
    refused(big, capsys, "larger than 64 MB")


@pytest.mark.parametrize("depth", [limits.MAX_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_not_recursed(tmp_path, capsys, depth):
    deep = tmp_path / "deep.json"
    deep.write_text('{"schema_version": 5, "title": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    refused(deep, capsys, f"nested more than {limits.MAX_DEPTH} levels deep")


def test_nesting_under_the_limit_reaches_the_format_check(small_dict):
    d = copy.deepcopy(small_dict)
    node: list = []
    for _ in range(limits.MAX_DEPTH - 3):
        node = [node]
    d["description"] = node
    with pytest.raises(InputError) as exc:
        model_from_dict(d, "m.json")
    assert "nested" not in str(exc.value) and "description" in str(exc.value)


def test_a_text_over_the_length_limit_names_its_field(tmp_path, capsys, small_dict):
    small_dict["options"][1]["summary"] = "x" * (limits.MAX_TEXT + 1)
    refused(write_json(tmp_path, small_dict), capsys, 'options[1] "Raise the costs of war furt…" / summary: the '
            "text is 100,001 characters long; the limit is 100,000")


@pytest.mark.parametrize("field,limit,what", [
    ("options", limits.MAX_OPTIONS, "options"),
    ("criteria", limits.MAX_CRITERIA, "criteria"),
    ("participants", limits.MAX_PARTICIPANTS, "participants"),
    ("sources", limits.MAX_SOURCES, "sources"),
    ("profiles", limits.MAX_PROFILES, "weight profiles"),
])
def test_counts_over_their_limit_are_refused_before_validation(tmp_path, capsys, small_dict, field, limit, what):
    small_dict[field] = [{}] * (limit + 1)  # refused by count: nothing this size is validated
    refused(write_json(tmp_path, small_dict), capsys, f"has {limit + 1:,} {what}; the limit is {limit:,} {what}")


def test_citations_per_score_and_scores_in_all(tmp_path, capsys, small_dict):
    score = small_dict["options"][0]["scores"]["casualties"]
    score["citations"] = [{"source": "x", "quote": "q"}] * (limits.MAX_CITATIONS + 1)
    refused(write_json(tmp_path, small_dict), capsys, "/ scores / casualties / citations: has 201 citations")
    d = {"schema_version": 5, "options": [{}] * 1_000, "criteria": [{}] * 201}
    refused(write_json(tmp_path, d, "cells.json"), capsys, "1,000 options x 201 criteria make 201,000 scores; the "
            "limit is 200,000")


@pytest.mark.parametrize("literal,words", [
    ("1e308", "too large: numbers may be up to 1e+15"),
    ("-1e16", "too large"),
    ("1" * 5_000, "too large"),  # more digits than Python reads as a whole number
    ("1e400", "infinite"),
    ("NaN", "NaN"),
    ("5e-324", "too small: numbers other than 0 must be at least 1e-100"),
])
def test_numbers_near_the_float_limits_are_refused_by_place(tmp_path, capsys, small_dict, literal, words):
    small_dict["options"][1]["scores"]["casualties"]["value"] = 123456.789
    text = json.dumps(small_dict).replace("123456.789", literal)
    path = tmp_path / "n.json"
    path.write_text(text, encoding="utf-8")
    refused(path, capsys, 'options[1] "Raise the costs of war furt…" / scores / casualties / value: ', words)


def test_minus_zero_is_zero(small_dict):
    small_dict["options"][0]["scores"]["casualties"].update(low=-0.0)
    small_dict["options"][0]["scores"]["casualties"].update(value=max(0.0, small_dict["options"][0]["scores"]["casualties"]["value"]))
    assert model_from_dict(small_dict, "m.json").options[0].scores["casualties"].low == 0


@pytest.mark.parametrize("text,words", [
    ("Ceasefire\x01", "control character (U+0001)"),
    ("\x0bCeasefire", "control character (U+000B) at the start"),
    ("Cease\ud800fire", "U+D800, a lone surrogate"),
])
def test_control_characters_and_lone_surrogates_are_refused(tmp_path, capsys, small_dict, text, words):
    small_dict["options"][2]["name"] = text
    path = tmp_path / "c.json"
    path.write_text(json.dumps(small_dict, ensure_ascii=True), encoding="utf-8")  # "\ud800" as a JSON escape
    err = refused(path, capsys, 'options[2] "objective_sanctions" / name: ', words)
    assert "\ud800" not in err and "\x01" not in err


def test_tabs_and_line_breaks_are_text(small_dict):
    small_dict["options"][0]["summary"] = "one\ttwo\r\nthree"
    assert model_from_dict(small_dict, "m.json").options[0].summary == "one\ttwo\r\nthree"


def test_an_edit_cannot_bring_in_what_a_file_could_not():
    """The window's edits go through the same check, so it never saves a file it could not open again."""
    from decision_app.core import edits, participant_edits

    model = load_model(Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "recalibrated-twelve-options.json")
    with pytest.raises(InputError, match="control character"):
        edits.rename_option(model, model.options[0].id, "Plan\x07")
    workshop = participant_edits.add_participant(model, "Anna")
    with pytest.raises(InputError, match=r"participants\[0\] \"p1\" / note: the text holds an invisible control"):
        participant_edits.set_note(workshop, workshop.participants[0].id, "Agrees\x07")


def test_the_default_model_is_far_inside_every_limit(default_dict):
    assert limits.tree_problems(default_dict, "m") == [] and limits.count_problems(default_dict, "m") == []
    raw = json.dumps(default_dict).encode()
    assert parse_model_json(raw, "m").title


# --- spreadsheets -------------------------------------------------------------------------------------

HEAD = "option,Risk,Gain\n#direction,min,max\n"


def test_csv_rows_columns_and_cell_length(tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text(HEAD + "a,1,2\n" * limits.MAX_ROWS, encoding="utf-8")
    refused(rows, capsys, "more than 500,000 rows (the limit)")
    wide = tmp_path / "wide.csv"
    wide.write_text("option," + ",".join(f"c{k}" for k in range(limits.MAX_COLUMNS)) + "\n", encoding="utf-8")
    refused(wide, capsys, "1,001 columns in row 1; the limit is 1,000")
    for n, place in ((limits.MAX_TEXT + 1, "A3: the text is 100,001 characters long"),
                     (200_000, "line 3: a cell holds more than 100,000 characters")):
        long = tmp_path / f"long{n}.csv"
        long.write_text(HEAD + "x" * n + ",1,2\n", encoding="utf-8")
        refused(long, capsys, place)


@pytest.mark.parametrize("cell,words", [("1e308", "C3: 1e+308 is too large"), ("5e-324", "C3: 4.94066e-324 is too small"),
                                        ("a\x02", "C3: the text holds an invisible control character (U+0002)")])
def test_csv_cells_over_the_limits_are_named(tmp_path, capsys, cell, words):
    t = tmp_path / "t.csv"
    t.write_text(HEAD + f"a,1,{cell}\n", encoding="utf-8")
    refused(t, capsys, words)


def _small_workbook() -> bytes:
    return workbook_bytes({"Matrix": [["option", "Risk"], ["#direction", "min"], ["a", 1]]})


def test_a_zip_bomb_posing_as_a_workbook_is_refused_before_unpacking(tmp_path, capsys):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(declared_bomb(_small_workbook(), 600 << 20))
    refused(bomb, capsys, "would unpack to 600 MB; the limit is 256 MB")
    ok = tmp_path / "ok.xlsx"
    ok.write_bytes(declared_bomb(_small_workbook(), 1 << 20))
    assert run(capsys, "validate", ok)[0] == 0  # a megabyte part is a picture, not a bomb


def test_a_workbook_of_too_many_parts_is_refused(tmp_path, capsys):
    import zipfile

    buf = io.BytesIO(_small_workbook())
    with zipfile.ZipFile(buf, "a") as z:
        for k in range(limits.MAX_ZIP_ENTRIES):
            z.writestr(f"junk/{k}.xml", b"<x/>")
    many = tmp_path / "many.xlsx"
    many.write_bytes(buf.getvalue())
    refused(many, capsys, "parts; the limit is 1,000 parts")


@pytest.mark.parametrize("ref,words", [("A1000000000", "more than 500,000 rows (the limit)"),
                                       ("ZZZ2", "18,278 columns in row 2; the limit is 1,000")])
def test_a_cell_far_out_is_refused_not_filled_in(tmp_path, capsys, ref, words):
    import zipfile

    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    xml = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>option</t></is></c></row><row r="{row}">'
           f'<c r="{ref}"><v>1</v></c></row></sheetData></worksheet>').encode()
    src = zipfile.ZipFile(io.BytesIO(_small_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info))
    far = tmp_path / "far.xlsx"
    far.write_bytes(out.getvalue())
    refused(far, capsys, words)


def test_workbook_cells_over_the_limits_are_named(tmp_path, capsys):
    t = tmp_path / "n.xlsx"
    t.write_bytes(workbook_bytes({"Matrix": [["option", "Risk"], ["#direction", "min"], ["a", 1e300]]}))
    refused(t, capsys, "Matrix!B3: 1e+300 is too large")


def test_participants_points_over_the_limits_are_named(tmp_path, capsys, realistic_path):
    t = tmp_path / "points.csv"
    t.write_text("participant,casualties\nP1,1e20\n", encoding="utf-8")
    code, _, err = run(capsys, "participants", "import", realistic_path, t, "-o", tmp_path / "o.json")
    assert code == 2 and f"{t}: B2: 1e+20 is too large" in err


# --- typed values -------------------------------------------------------------------------------------


@pytest.mark.parametrize("weights,words", [("casualties=1e308", "too large"), ("casualties=1e-200", "too small"),
                                           ("casualties=nan", "a number 0 or more")])
def test_weights_strings_over_the_limits(capsys, realistic_path, weights, words):
    code, _, err = run(capsys, "score", realistic_path, "--weights", weights)
    assert code == 2 and "--weights" in err and words in err


# --- the window ---------------------------------------------------------------------------------------


def test_the_window_shows_the_same_message_and_keeps_the_model(window, tmp_path, capsys):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(declared_bomb(_small_workbook(), 600 << 20))
    shown = []
    window.show_error = lambda title, exc: shown.append([str(p) for p in exc.problems])
    title = window.state.model.title
    assert window.open_path(bomb, ask=False) is False
    _, _, err = run(capsys, "validate", bomb)
    assert shown == [[line.removeprefix("decision-app: ") for line in err.strip().splitlines()]]
    assert "the limit is 256 MB" in shown[0][0]
    assert window.state.model.title == title
