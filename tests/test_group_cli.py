"""`decision-app group`: the exact JSON shape, numbers equal to the group engine's, anonymous by default,
tables instead of stored participants, exit 2 without a traceback; five participants end to end, offline."""

from __future__ import annotations

import dataclasses
import json
import socket

import numpy as np
import pytest
from conftest import write_json
from group_models import (  # noqa: F401 - the two fixtures pin the eight-criterion model here
    WORKSHOP_MODEL,
    pinned_default_dict,
    pinned_default_path,
)
from test_participants_intake import HEADER, run, table, workshop_dict

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.group import analyse_group, participants_from_model
from decision_app.core.loading import load_model

KEYS = ["model", "method", "rule", "round", "participants", "combined", "spread", "kendall_w", "first_choice",
        "ranking", "leader_holds_for_all"]
FIVE = ("Ana,80,60,10,30,70,40,50,5", "Bo,20,90,30,20,40,60,70,10", "Cy,60,30,80,10,50,20,40,30",
        "Di,10,20,30,40,50,60,70,80", "Ed,50,50,50,50,50,50,50,50")


@pytest.fixture
def workshop(tmp_path, realistic_path, capsys):
    """The default model with five participants entered through a table."""
    out = tmp_path / "workshop.json"
    assert main(["participants", "import", str(realistic_path), str(table(tmp_path, "\n".join([HEADER, *FIVE]))),
                 "-o", str(out)]) == 0
    capsys.readouterr()
    return out


def group_json(capsys, *argv):
    code, out, err = run(capsys, "group", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_json_shape_and_numbers_equal_the_engine(capsys, workshop):
    data = group_json(capsys, workshop, "--method", "topsis", "--rule", "geometric")
    assert list(data)[:4] == KEYS[:4] and set(KEYS) <= set(data)
    assert (data["method"], data["rule"], data["round"]) == ("topsis", "geometric", 1)
    model = load_model(workshop)
    assert data["model"] == model.title
    c = compile_model(model)
    people = [dataclasses.replace(p, id=p.code, label=p.code) for p in participants_from_model(model)]
    g = analyse_group(Analysis(c), "topsis", people, rule="geometric")
    assert [p["id"] for p in data["participants"]] == ["P1", "P2", "P3", "P4", "P5"]
    for i, p in enumerate(data["participants"]):
        assert set(p) >= {"id", "label", "weights", "top", "ranking"}
        assert list(p["weights"]) == list(c.criterion_ids)
        np.testing.assert_array_equal(list(p["weights"].values()), g.weights[i])
        assert p["top"] == c.option_ids[int(g.top[i])]
        assert p["ranking"] == [c.option_ids[int(k)] for k in g.orders[i]]
    np.testing.assert_array_equal(list(data["combined"].values()), g.combined.weights)
    for j, cid in enumerate(c.criterion_ids):
        assert data["spread"][cid] == {"min": g.spread.min[j], "max": g.spread.max[j], "sd": g.spread.sd[j],
                                       "iqr": g.spread.iqr[j]}
    assert data["kendall_w"] == g.kendall_w
    assert data["first_choice"] == {o: int(k) for o, k in zip(c.option_ids, g.first_choice, strict=True)}
    assert sum(data["first_choice"].values()) == 5
    assert data["leader_holds_for_all"] == g.leader_holds_for_all
    # the ranking in the form of score --json
    assert all(list(r) == ["option", "name", "score", "rank"] for r in data["ranking"])
    assert [r["option"] for r in data["ranking"]] == [c.option_ids[int(k)] for k in g.combined.order]
    assert [r["score"] for r in data["ranking"]] == [float(g.combined.scores[int(k)]) for k in g.combined.order]


def test_the_combined_ranking_is_score_with_the_combined_weights(capsys, workshop):
    data = group_json(capsys, workshop)
    weights = ",".join(f"{k}={v!r}" for k, v in data["combined"].items())
    code, out, _ = run(capsys, "score", workshop, "--weights", weights, "--json")
    assert code == 0
    score = json.loads(out)["ranking"]
    assert [r["option"] for r in score] == [r["option"] for r in data["ranking"]]
    np.testing.assert_allclose([r["score"] for r in score], [r["score"] for r in data["ranking"]], rtol=1e-12)


def test_anonymous_by_default_names_on_request(capsys, workshop):
    code, out, _ = run(capsys, "group", workshop)
    assert code == 0 and "P1" in out and "Ana" not in out and "Kendall's W" in out
    data = group_json(capsys, workshop, "--names")
    assert [p["label"] for p in data["participants"]] == ["Ana", "Bo", "Cy", "Di", "Ed"]
    code, out, _ = run(capsys, "group", workshop, "--names")
    assert "Ana" in out


def test_tables_are_used_instead_of_stored_participants(capsys, tmp_path, workshop):
    other = table(tmp_path, "\n".join([HEADER, FIVE[0], FIVE[3]]), "two.csv")
    data = group_json(capsys, workshop, "--participants", other)
    assert len(data["participants"]) == 2
    assert sum(data["first_choice"].values()) == 2
    assert load_model(workshop).participants[4].label == "Ed"  # the model file is not touched


def test_rounds_and_the_latest_by_default(capsys, tmp_path, default_dict):
    path = write_json(tmp_path, workshop_dict(default_dict))
    assert group_json(capsys, path)["round"] == 3
    data = group_json(capsys, path, "--round", "2")
    assert data["round"] == 2 and [p["id"] for p in data["participants"]] == ["P1"]
    code, _, err = run(capsys, "group", path, "--round", "7")
    assert code == 2 and "--round: no participant has round 7 (rounds entered: 1, 2, 3)" in err


@pytest.mark.parametrize("argv,expected", [
    ([], "no participants: add them with `decision-app participants import`"),
    (["--method", "magic"], '--method: unknown method "magic"'),
])
def test_bad_input_exits_2_without_a_traceback(capsys, realistic_path, argv, expected):
    code, _, err = run(capsys, "group", realistic_path, *argv)
    assert code == 2 and expected in err and "Traceback" not in err
    assert str(realistic_path) in err or "--method" in err


def test_aij_needs_pairwise_matrices(capsys, workshop):
    code, _, err = run(capsys, "group", workshop, "--rule", "aij")
    assert code == 2 and "needs a pairwise matrix from everyone" in err and "Traceback" not in err


def test_bad_participants_table_is_named(capsys, tmp_path, realistic_path):
    t = table(tmp_path, "\n".join([HEADER, "P1,1,2,3,4,5,6,7,x"]))
    code, _, err = run(capsys, "group", realistic_path, "--participants", t)
    assert code == 2 and f'{t}: I2: "x" is not a number (weight of "P1" on "Time to effect")' in err


def test_five_participants_end_to_end_offline(capsys, tmp_path, realistic_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    form = tmp_path / "form.pdf"
    assert main(["participants", "form", str(realistic_path), "-o", str(form), "--count", "5"]) == 0
    sheet = tmp_path / "form.xlsx"
    assert main(["participants", "form", str(realistic_path), "-o", str(sheet), "--count", "5"]) == 0
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    ws = wb["Points"]
    for r, line in enumerate(FIVE, start=2):
        for c, x in enumerate(line.split(",")[1:], start=3):
            ws.cell(row=r, column=c, value=float(x))
    wb.save(sheet)
    out = tmp_path / "workshop.json"
    assert main(["participants", "import", str(realistic_path), str(sheet), "-o", str(out)]) == 0
    capsys.readouterr()
    data = group_json(capsys, out, "--rule", "median")
    assert [p["id"] for p in data["participants"]] == ["P1", "P2", "P3", "P4", "P5"]
    assert 0.0 <= data["kendall_w"] <= 1.0
    assert data["ranking"][0]["rank"] == 1
    # the same five through a plain table give the same group
    again = group_json(capsys, realistic_path, "--participants", table(tmp_path, "\n".join([HEADER, *FIVE])),
                       "--rule", "median")
    assert again["combined"] == data["combined"] and again["ranking"] == data["ranking"]


def test_slides_take_participants_tables(capsys, tmp_path, realistic_path):
    """`slides --participants TABLE...` adds the group slides from points tables (the model file untouched)."""
    from pypdf import PdfReader

    plain, grouped = tmp_path / "plain.pdf", tmp_path / "grouped.pdf"
    five = table(tmp_path, "\n".join([HEADER, *FIVE]), "five.csv")
    assert run(capsys, "slides", str(realistic_path), "-o", str(plain), "--date", "2026-01-01")[0] == 0
    code, _, err = run(capsys, "slides", str(realistic_path), "-o", str(grouped), "--date", "2026-01-01",
                       "--participants", five)
    assert code == 0, err
    extra = len(PdfReader(grouped).pages) - len(PdfReader(plain).pages)
    assert extra >= 3
    text = "".join(p.extract_text() for p in PdfReader(grouped).pages)
    assert "P3" in text and "5 of 5 have entered" in text
    assert load_model(realistic_path).participants == []
