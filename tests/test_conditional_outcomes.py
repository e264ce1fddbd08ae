"""Conditional outcomes (format version 9, issue 24 item 2): an option's condition ("Moscow accepts") with a
likelihood, and per affected criterion the outcome if met and if not; the engine scores the expected value through
the criterion's value function, with its range from the ends of the likelihood's and the outcomes' ranges, and the
likelihood has tipping points of its own."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pytest

from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.errors import InputError
from decision_app.core.expected import expected_range, expected_score
from decision_app.core.loading import dump_model, model_from_dict, parse_model_json
from decision_app.core.schema import SCHEMA_VERSION
from decision_app.core.tipping import likelihood_tipping_points, what_would_change


def _plain(v: float, lo: float | None = None, hi: float | None = None) -> dict[str, Any]:
    return {"value": v, "low": v if lo is None else lo, "high": v if hi is None else hi}


def _model(p: float = 0.3, p_low: float = 0.1, p_high: float = 0.5) -> dict[str, Any]:
    """Two criteria on 0..10: c1 linear benefit, c2 a cost with a falling value function (0 -> 1, 5 -> 0.8,
    10 -> 0). Option B's c1 and c2 depend on "Moscow accepts"."""
    scale = {"min": 0, "max": 10}
    anchors = [{"value": v, "description": f"point {v}"} for v in (0, 5, 10)]
    return {
        "schema_version": 9, "title": "Conditional",
        "sources": [{"id": "k", "author": "Kogan"}],
        "criteria": [
            {"id": "c1", "name": "Gain", "direction": "benefit", "scale": scale, "anchors": anchors},
            {"id": "c2", "name": "Harm", "direction": "cost", "scale": scale, "anchors": anchors,
             "value_function": [{"x": 0, "value": 1.0}, {"x": 5, "value": 0.8}, {"x": 10, "value": 0.0}]},
        ],
        "options": [
            {"id": "a", "name": "A", "scores": {"c1": _plain(5), "c2": _plain(5)}},
            {"id": "b", "name": "B",
             "conditions": [{"id": "moscow", "name": "Moscow accepts", "likelihood": {
                 "value": p, "low": p_low, "high": p_high, "basis": "judgement",
                 "rationale": "the modeller's own judgement"}}],
             "scores": {
                 "c1": {"outcomes": {"condition": "moscow", "accepted": _plain(8, 7, 9), "refused": _plain(2, 1, 3)},
                        "basis": "judgement"},
                 "c2": {"outcomes": {"condition": "moscow", "accepted": _plain(2), "refused": _plain(8)},
                        "basis": "judgement"}}},
            {"id": "c", "name": "C", "scores": {"c1": _plain(0), "c2": _plain(10)}},
        ],
        "profiles": [{"id": "equal", "name": "Equal", "weights": {"c1": 1, "c2": 1}}],
    }


def test_the_expected_value_by_hand_linear_and_through_a_value_function():
    m = model_from_dict(_model())
    s1, s2 = m.options[1].scores["c1"], m.options[1].scores["c2"]
    assert s1.value == pytest.approx(0.3 * 8 + 0.7 * 2)  # 3.8, linear: the score itself
    # c2: v(2) = 0.92, v(8) = 0.32; 0.3 * 0.92 + 0.7 * 0.32 = 0.5, the score worth 0.5 is 6.875
    assert s2.value == pytest.approx(6.875)
    a = Analysis(compile_model(m))
    values = a.details("wsm", np.array([1.0, 1.0]))["values"]
    assert values[1, 0] == pytest.approx(0.38)
    assert values[1, 1] == pytest.approx(0.5)  # exactly the expected value through the value function
    assert a.score("wsm", np.array([1.0, 1.0])).scores[1] == pytest.approx(0.5 * 0.38 + 0.5 * 0.5)


def test_the_range_comes_from_the_ends_of_the_likelihood_and_the_outcomes():
    s1 = model_from_dict(_model()).options[1].scores["c1"]
    # lowest: each outcome at its low end, p at the end that gives less: 0.1 * 7 + 0.9 * 1 = 1.6
    # highest: 0.5 * 9 + 0.5 * 3 = 6 (above 0.1 * 9 + 0.9 * 3 = 3.6)
    assert (s1.low, s1.high) == (pytest.approx(1.6), pytest.approx(6.0))
    # brute force over a dense grid of the box agrees, and the extremes are reached
    ps, acc, ref = np.meshgrid(np.linspace(0.1, 0.5, 21), np.linspace(7, 9, 21), np.linspace(1, 3, 21), indexing="ij")
    ev = expected_score(ps, acc, ref)
    assert ev.min() == pytest.approx(1.6) and ev.max() == pytest.approx(6.0)
    vf = ([0.0, 5.0, 10.0], [1.0, 0.8, 0.0])
    low, high = expected_range((0.1, 0.5), (1.0, 3.0), (7.0, 9.0), vf)
    dense = expected_score(ps, acc - 6, ref + 6, vf)  # accepted 1..3, refused 7..9
    assert dense.min() == pytest.approx(low) and dense.max() == pytest.approx(high)


def test_a_likelihood_has_tipping_points_exact_for_the_weighted_sum():
    """A: 5, 5; B: c1 10 if accepted, 0 if not, c2 plain 6 (value 0.76 through c2's function... so plain c2 on a
    linear criterion here). With equal weights B scores 0.5 p + 0.5 v2 and leads while that beats A."""
    d = _model(p=0.7, p_low=0.3, p_high=0.9)
    d["criteria"][1].pop("value_function")
    d["criteria"][1]["direction"] = "benefit"
    d["options"][1]["scores"]["c1"]["outcomes"].update(accepted=_plain(10), refused=_plain(0))
    d["options"][1]["scores"]["c2"] = {"outcomes": {"condition": "moscow", "accepted": _plain(6), "refused": _plain(6)}}
    d["options"][2]["scores"] = {"c1": _plain(0), "c2": _plain(0)}
    a = Analysis(compile_model(model_from_dict(d)))
    w = np.array([0.5, 0.5])
    assert a.score("wsm", w).leader() == 1  # 0.5 * 0.7 + 0.3 = 0.65 > 0.5
    (tip,) = likelihood_tipping_points(a, "wsm", w)
    assert tip.to == pytest.approx(0.4, abs=1e-6) and tip.new_leader == 0  # 0.5 p + 0.3 = 0.5
    point = next(p for p in what_would_change(a, "wsm", w) if p.kind == "likelihood")
    assert point.within_range and point.basis == "judgement" and point.condition == "moscow"
    assert "the chance Moscow accepts (B) falls below 0.40" in point.sentence
    assert "a judgement-only likelihood whose own range (0.30–0.90) includes 0.40" in point.sentence
    cell = next(p for p in what_would_change(a, "wsm", w) if p.kind == "score" and p.option == 1)
    assert "the expected score of B on" in cell.sentence
    payload = point.payload(a.model.option_ids, a.model.criterion_ids)
    assert payload["kind"] == "likelihood" and payload["condition"] == "moscow" and payload["option"] == "b"
    # every method gets one the same way (scan and bisection): TOPSIS too
    assert likelihood_tipping_points(a, "topsis", w)[0].to is not None


def test_a_likelihood_with_no_tipping_point_says_none():
    d = _model(p=0.3)
    d["options"][0]["scores"] = {"c1": _plain(10), "c2": _plain(0)}  # A dominates whatever Moscow does
    a = Analysis(compile_model(model_from_dict(d)))
    (tip,) = likelihood_tipping_points(a, "wsm", np.array([0.5, 0.5]))
    assert tip.to is None and tip.new_leader is None


def test_a_file_leaves_the_expected_value_out_and_round_trips():
    m = model_from_dict(_model())
    raw = dump_model(m)
    stored = json.loads(raw)["options"][1]["scores"]["c1"]
    assert "value" not in stored and "low" not in stored and stored["outcomes"]["condition"] == "moscow"
    assert "conditions" not in json.loads(raw)["options"][0]  # a plain option reads as before version 9
    back = parse_model_json(raw)
    assert back == m and back.options[1].scores["c1"].value == pytest.approx(3.8)


def test_plain_scores_stay_valid_and_a_version_8_file_opens_as_version_9():
    d = _model()
    d["schema_version"] = 8
    d["options"] = [d["options"][0], d["options"][2]]
    m = model_from_dict(d)
    assert m.schema_version == SCHEMA_VERSION and all(o.conditions == [] for o in m.options)


def _problems(d: dict[str, Any], raw: bool = False) -> str:
    with pytest.raises(InputError) as exc:
        parse_model_json(json.dumps(d).encode()) if raw else model_from_dict(d, "war.json")
    return str(exc.value)


@pytest.mark.parametrize(("edit", "place", "words"), [
    (lambda d: d["options"][1]["conditions"][0]["likelihood"].update(value=1.3, high=1.4),
     'options[1] "B" / conditions[0] "Moscow accepts" / likelihood', "above the scale maximum 1"),
    (lambda d: d["options"][1]["scores"]["c1"]["outcomes"].update(condition="kyiv"),
     "Option 'B', criterion 'Gain' / outcomes / condition", '"kyiv" is not a condition of this option'),
    (lambda d: d["options"][1]["scores"]["c1"]["outcomes"]["refused"].update(low=4),
     "Option 'B', criterion 'Gain' / outcomes / refused", "low 4 is above the value 2"),
    (lambda d: d["options"][1]["scores"]["c1"]["outcomes"]["accepted"].update(high=12),
     "Option 'B', criterion 'Gain' / outcomes / accepted", "high 12 is above the scale maximum 10"),
    (lambda d: d["criteria"][1]["value_function"][1].update(value=0.0) or d["criteria"][1]["value_function"][2].update(
        value=0.9), "Option 'B', criterion 'Harm' / outcomes", "rises and falls"),
    (lambda d: d["options"][1]["conditions"].append({"id": "kyiv", "name": "Kyiv consents", "likelihood": _plain(0.5)}),
     'options[1] "B" / conditions[1] "Kyiv consents"', "no score of this option depends on this condition"),
    (lambda d: d["options"][1]["conditions"][0]["likelihood"].update(basis="essay"),
     'options[1] "B" / conditions[0] "Moscow accepts" / likelihood, basis', "no passage is cited"),
])
def test_validation_names_the_place(edit, place, words):
    """A likelihood's place is its JSON path; a score's is its option and criterion in words (issue 19)."""
    d = copy.deepcopy(_model())
    edit(d)
    text = _problems(d)
    assert place in text and words in text


def test_a_typed_expected_value_in_a_file_is_refused_not_replaced():
    d = _model()
    d["options"][1]["scores"]["c1"]["value"] = 9
    text = _problems(d, raw=True)
    assert 'options[1] "B" / c1' in text and "remove value" in text


def test_a_workbook_carries_the_likelihood_and_both_outcomes_and_a_csv_says_it_cannot(tmp_path):
    from openpyxl import load_workbook

    from decision_app.core.loading import read_table
    from decision_app.core.tables import write_table

    m = model_from_dict(_model())
    assert write_table(m, tmp_path / "m.xlsx") == []
    assert read_table(tmp_path / "m.xlsx") == m
    book = load_workbook(tmp_path / "m.xlsx")
    outcomes = [[c.value for c in row] for row in book["Outcomes"].iter_rows()]
    assert outcomes[0][:7] == ["option", "criterion", "condition", "accepted", "accepted low", "accepted high",
                               "accepted rationale"]
    assert outcomes[1][:6] == ["B", "Gain", "moscow", 8, 7, 9]
    assert [c.value for c in book["Conditions"][2]][:6] == ["B", "moscow", "Moscow accepts", 0.3, 0.1, 0.5]
    # a value typed over the expected value in the Matrix sheet is refused by cell, not replaced
    matrix = book["Matrix"]
    cell = next(c for row in matrix.iter_rows() for c in row if c.value == pytest.approx(3.8))
    cell.value = 5
    book.save(tmp_path / "typed.xlsx")
    with pytest.raises(InputError, match=r"Outcomes!D2.*gives 5 of \"B\" on \"Gain\".*expected value 3\.8"):
        read_table(tmp_path / "typed.xlsx")
    assert "outcomes and likelihoods" in write_table(m, tmp_path / "m.csv")


def test_an_expected_value_cannot_be_typed_over_by_an_edit():
    from decision_app.core.edits import set_score

    m = model_from_dict(_model())
    with pytest.raises(InputError, match=r'expected value of its outcomes if "Moscow accepts"'):
        set_score(m, "b", "c1", value=5)
    assert set_score(m, "b", "c1", rationale="why").options[1].scores["c1"].value == pytest.approx(3.8)


def test_a_likelihood_tipping_point_close_to_the_likelihood_shows_the_difference():
    d = _model(p=0.401, p_low=0.3, p_high=0.9)  # B leads while 0.5 p + 0.3 > 0.5: just above 0.4
    d["criteria"][1].pop("value_function")
    d["criteria"][1]["direction"] = "benefit"
    d["options"][1]["scores"]["c1"]["outcomes"].update(accepted=_plain(10), refused=_plain(0))
    d["options"][1]["scores"]["c2"] = {"outcomes": {"condition": "moscow", "accepted": _plain(6), "refused": _plain(6)}}
    d["options"][2]["scores"] = {"c1": _plain(0), "c2": _plain(0)}
    a = Analysis(compile_model(model_from_dict(d)))
    point = next(p for p in what_would_change(a, "wsm", np.array([0.5, 0.5])) if p.kind == "likelihood")
    assert "falls below 0.4000 (now 0.4010)" in point.sentence
