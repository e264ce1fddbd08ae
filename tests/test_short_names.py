"""Schema version 6: an option's and a criterion's optional short name (at most 24 characters, told apart
from the others'), its migration and fixtures, the short names an imported table gets, and the spreadsheets
that carry them (issue 19, item 3)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import write_json
from hypothesis import given
from hypothesis import strategies as st

from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model, model_from_dict, read_table
from decision_app.core.schema import SCHEMA_VERSION, SHORT_NAME_MAX, display_name
from decision_app.core.short_names import make_short_names
from decision_app.core.tables import write_table

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _problems(data) -> list[str]:
    with pytest.raises(InputError) as exc:
        model_from_dict(data, "model.json")
    return [str(p) for p in exc.value.problems]


# --- the format ------------------------------------------------------------------------------------------


def test_version_6_and_the_shipped_model_names_every_option_and_criterion_shortly(realistic_path):
    assert SCHEMA_VERSION >= 6
    model = load_model(realistic_path)
    assert model.schema_version == SCHEMA_VERSION
    for items in (model.options, model.criteria):
        shorts = [x.short_name for x in items]
        assert all(s and len(s) <= SHORT_NAME_MAX for s in shorts)
        assert len({s.casefold() for s in shorts if s}) == len(items)  # never two alike
    # the twelve options mostly begin "A ..."; their short names do not
    assert sum(o.name.startswith("A ") for o in model.options) >= 5
    assert not any(o.short_name.startswith("A ") for o in model.options if o.short_name)
    first_words = {o.short_name.split()[0] for o in model.options if o.short_name}
    assert len(first_words) >= 10  # told apart by their first word, where a chart cuts
    assert dump_model(model) == realistic_path.read_bytes()  # the file is in the canonical form


def test_display_name_is_the_short_name_else_the_name(default_dict):
    model = model_from_dict(default_dict)
    o = model.options[1]
    assert o.short_name and display_name(o) == o.short_name != o.name
    assert display_name(o.model_copy(update={"short_name": None})) == o.name


def test_a_short_name_over_24_characters_is_refused_with_its_place(default_dict):
    default_dict["options"][2]["short_name"] = "x" * 25
    (msg,) = _problems(default_dict)
    assert "Option 'Sanctions tied to explicit…', short name: " in msg  # in words (issue 19, item 6)
    assert "at most 24 characters" in msg


def test_an_empty_or_blank_short_name_is_refused(default_dict):
    empty = copy.deepcopy(default_dict)
    empty["criteria"][0]["short_name"] = ""
    (msg,) = _problems(empty)
    assert "Criterion 'Casualties and destruction', short name: " in msg and "at least 1 character" in msg
    default_dict["options"][0]["short_name"] = "   "
    (msg,) = _problems(default_dict)
    assert 'options[0] "Status quo: military suppor…" / short_name' in msg and "blank" in msg


@pytest.mark.parametrize("what,a,b", [("options", 3, 7), ("criteria", 1, 4)])
def test_two_alike_short_names_are_refused_naming_both(default_dict, what, a, b):
    items = default_dict[what]
    items[b]["short_name"] = " " + items[a]["short_name"].upper() + " "  # case and spacing aside, alike
    (msg,) = _problems(default_dict)
    assert f'{what}[{b}]' in msg and "/ short_name" in msg
    assert f'is also the short name of {what}[{a}]' in msg and f"tell {what} apart" in msg


def test_an_option_and_a_criterion_may_share_a_short_name(default_dict):
    default_dict["options"][0]["short_name"] = "Feasibility"
    assert model_from_dict(default_dict).options[0].short_name == "Feasibility"


# --- migration and fixtures -----------------------------------------------------------------------------


def test_the_v5_fixture_is_the_shipped_model_before_short_names(realistic_path):
    v5 = (FIXTURES / "v5-ending-the-war.json").read_text(encoding="utf-8")
    assert json.loads(v5)["schema_version"] == 5 and "short_name" not in v5
    old, shipped = load_model(FIXTURES / "v5-ending-the-war.json"), load_model(realistic_path)
    for a, b in ((old.options, shipped.options), (old.criteria, shipped.criteria)):
        assert [(x.id, x.name) for x in a] == [(x.id, x.name) for x in b]  # the same model, without short names


def test_a_version_5_file_opens_as_version_6_without_short_names_and_saves_so(tmp_path):
    model = load_model(FIXTURES / "v5-ending-the-war.json")
    assert model.schema_version == SCHEMA_VERSION
    assert all(x.short_name is None for x in [*model.options, *model.criteria])
    assert all(display_name(o) == o.name for o in model.options)  # full names, as before
    saved = dump_model(model)
    assert f'"schema_version": {SCHEMA_VERSION}'.encode() in saved and b"short_name" not in saved
    assert dump_model(model_from_dict(json.loads(saved))) == saved


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_every_fixture_still_opens_in_the_current_version(fixture):
    path = FIXTURES / fixture
    model = load_model(path)
    assert model.schema_version == SCHEMA_VERSION
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] <= SCHEMA_VERSION
    again = model_from_dict(json.loads(dump_model(model)))
    assert dump_model(again) == dump_model(model)


def test_there_is_a_fixture_for_every_older_version():
    versions = {json.loads(p.read_text(encoding="utf-8"))["schema_version"] for p in FIXTURES.glob("v*-*.json")}
    assert versions == set(range(1, SCHEMA_VERSION))


# --- short names made from names ------------------------------------------------------------------------


def _check(names, shorts):
    assert len(shorts) == len(names)
    assert all(1 <= len(s) <= SHORT_NAME_MAX and s.strip() for s in shorts)
    keys = [" ".join(s.split()).casefold() for s in shorts]
    assert len(set(keys)) == len(keys), shorts


def test_short_names_of_the_shipped_options_are_distinct_and_readable(default_dict):
    names = [o["name"] for o in default_dict["options"]]
    shorts = make_short_names(names)
    _check(names, shorts)
    assert shorts[0] == "Status quo"  # what comes before the colon
    assert shorts[9].startswith("Ceasefire")  # "A ceasefire ..." loses its article
    assert make_short_names(names) == shorts  # deterministic


@pytest.mark.parametrize("names,expected", [
    (["Cost", "Time"], ["Cost", "Time"]),  # names that fit are their own short names
    (["A", "a", "B"], ["A", "a 2", "B"]),  # very short names that read alike
    (["Status quo", "status  QUO", "Status quo 2"], ["Status quo", "status QUO 3", "Status quo 2"]),
    (["Raise the costs of war further for Russia", "Raise the costs of war and negotiate now"],
     ["\u2026further for Russia", "\u2026and negotiate now"]),  # told apart by where they differ
])
def test_adversarial_names_get_distinct_short_names(names, expected):
    assert make_short_names(names) == expected


def test_names_alike_in_their_first_24_characters_are_told_apart():
    stem = "Option with the same long beginning"
    names = [f"{stem} {k}" for k in range(12)] + ["x" * 40, "x" * 40 + "y", "x" * 40 + "z"]
    shorts = make_short_names(names)
    _check(names, shorts)
    assert shorts[3] == "\u20263"


def test_unicode_names_are_cut_between_letters_not_inside_one():
    names = ["e\u0301" * 20, "\u00e9" * 30, "Rückhalt in der Bevölkerung der Ukraine", "Rückhalt in der Bevölkerung Europas",
             "\u6218\u4e89" * 20, "\U0001f1fa\U0001f1e6 " * 12]
    shorts = make_short_names(names)
    _check(names, shorts)
    assert shorts[0] == "e\u0301" * 11 + "\u2026"  # no accent left without its letter


def test_given_short_names_are_kept_and_avoided():
    shorts = make_short_names(["Cost of the option", "Cost"], ["Cost", None])
    assert shorts == ["Cost", "Cost 2"]


@given(st.lists(st.text(min_size=1, max_size=80).filter(lambda s: s.strip()), min_size=1, max_size=30))
def test_any_names_get_distinct_short_names_of_at_most_24_characters(names):
    shorts = make_short_names(names)
    _check(names, shorts)
    assert make_short_names(names) == shorts


# --- spreadsheets -------------------------------------------------------------------------------------------


def test_json_to_xlsx_to_json_carries_the_short_names(tmp_path, realistic_path):
    model = load_model(realistic_path)
    out = tmp_path / "m.xlsx"
    assert write_table(model, out) == []
    back = read_table(out)
    assert [o.short_name for o in back.options] == [o.short_name for o in model.options]
    assert [c.short_name for c in back.criteria] == [c.short_name for c in model.criteria]
    assert dump_model(back) == dump_model(model)


def test_a_model_without_short_names_round_trips_through_xlsx_without_them(tmp_path):
    model = load_model(FIXTURES / "v5-ending-the-war.json")
    out = tmp_path / "m.xlsx"
    write_table(model, out)
    assert dump_model(read_table(out)) == dump_model(model)


def test_csv_carries_the_short_names(tmp_path, realistic_path):
    model = load_model(realistic_path)
    out = tmp_path / "m.csv"
    write_table(model, out)
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("option,Casualties and destruction,") and rows[0].endswith(",short name")
    assert any(r.startswith("#short,Casualties,Escalation risk,") for r in rows)
    assert rows[-1].endswith(",Structured choice")
    back = read_table(out)
    assert [o.short_name for o in back.options] == [o.short_name for o in model.options]
    assert [c.short_name for c in back.criteria] == [c.short_name for c in model.criteria]
    assert [o.name for o in back.options] == [o.name for o in model.options]


def test_an_imported_table_without_short_names_gets_distinct_ones(tmp_path, realistic_path):
    model = load_model(FIXTURES / "v5-ending-the-war.json")
    out = tmp_path / "m.csv"
    write_table(model, out)
    assert "short" not in out.read_text(encoding="utf-8-sig")
    back = read_table(out)
    shorts = [o.short_name for o in back.options]
    assert shorts == make_short_names([o.name for o in model.options])
    _check([o.name for o in back.options], shorts)
    assert [c.short_name for c in back.criteria] == make_short_names([c.name for c in model.criteria])


def test_a_hand_made_table_with_some_short_names(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("option,Short name,Cost of the programme,Time\n#direction,,min,max\n#short,,Cost,\n"
                    "Build the new bridge over the river,Bridge,3,4\nRepair the old bridge over the river,,2,5\n",
                    encoding="utf-8")
    m = read_table(path)
    assert [c.name for c in m.criteria] == ["Cost of the programme", "Time"]  # the column is no criterion
    assert [c.short_name for c in m.criteria] == ["Cost", "Time"]
    assert [o.short_name for o in m.options] == ["Bridge", "Repair the old bridge…"]


@pytest.mark.parametrize("body,cell,words", [
    ("#short,,Cost,Cost\nA,x,1,2\nB,y,1,2\n", "D3", 'the short name "Cost" is also in C3'),
    ("#short,,Cost,\nA,x,1,2\nB,X,1,2\n", "B5", 'the short name "X" is also in B4'),
    (f"#short,,{'c' * 25},\nA,x,1,2\nB,y,1,2\n", "C3", "has 25 characters; a short name has at most 24"),
])
def test_bad_short_names_in_a_table_name_their_cell(tmp_path, body, cell, words):
    path = tmp_path / "t.csv"
    path.write_text("option,short name,Cost,Time\n#direction,,min,max\n" + body, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(path)
    text = "\n".join(str(p) for p in exc.value.problems)
    assert f"{path}: {cell}" in text and words in text


def test_a_bad_short_name_in_the_options_sheet_names_its_cell(tmp_path, realistic_path):
    from openpyxl import load_workbook

    model = load_model(realistic_path)
    out = tmp_path / "m.xlsx"
    write_table(model, out)
    wb = load_workbook(out)
    ws = wb["Options"]
    assert ws["E1"].value == "short name"
    ws["E3"] = ws["E2"].value
    ws["E4"] = "y" * 30
    wb.save(out)
    with pytest.raises(InputError) as exc:
        read_table(out)
    text = "\n".join(str(p) for p in exc.value.problems)
    assert "Options!E3" in text and "is also in Options!E2" in text
    assert "Options!E4" in text and "has 30 characters" in text


def test_an_emptied_short_name_cell_removes_the_short_name(tmp_path, realistic_path):
    from openpyxl import load_workbook

    model = load_model(realistic_path)
    out = tmp_path / "m.xlsx"
    write_table(model, out)
    wb = load_workbook(out)
    assert wb["Criteria"]["K1"].value == "short name"
    wb["Criteria"]["K2"] = None
    wb.save(out)
    back = read_table(out)
    assert back.criteria[0].short_name is None and display_name(back.criteria[0]) == back.criteria[0].name


def test_json_file_with_a_short_name_over_the_limit_names_file_and_place(tmp_path, default_dict):
    d = copy.deepcopy(default_dict)
    d["criteria"][4]["short_name"] = "Ukraine's territorial integrity"
    with pytest.raises(InputError) as exc:
        load_model(write_json(tmp_path, d))
    (p,) = exc.value.problems
    assert str(p).startswith(str(tmp_path)) and "Criterion 'Ukraine's territorial integrity', short name" in str(p)
    assert p.detail == "criteria[4].short_name"  # the JSON path, for the details


def test_a_table_read_and_written_back_is_unchanged(tmp_path):
    """The short names an import made are not written out: the table comes back as it was."""
    src = tmp_path / "t.csv"
    src.write_bytes(b"option,Cost of the whole programme over ten years,Time\r\n#direction,min,max\r\n#weight,1,1\r\n"
                    b"Build the new bridge over the river,3,4\r\nRepair the old bridge over the river,2,5\r\n")
    m = read_table(src)
    assert [o.short_name for o in m.options] == ["Build the new bridge…", "Repair the old bridge…"]
    out = tmp_path / "out.csv"
    write_table(m, out, dialect=__import__("decision_app.core.tables", fromlist=["x"]).CsvDialect(encoding="utf-8"))
    assert out.read_bytes() == src.read_bytes()
    edited = m.model_copy(update={"options": [m.options[0].model_copy(update={"short_name": "New bridge"}),
                                              m.options[1]]})
    write_table(edited, out)
    assert [o.short_name for o in read_table(out).options] == ["New bridge", "Repair the old bridge…"]
