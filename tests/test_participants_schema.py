"""Schema version 3: workshop participants, their rounds and how each round was elicited.

Every rule has its message checked, with the place a facilitator can act on. Version-2 files keep opening
and a model without participants saves exactly as before."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model, model_from_dict
from decision_app.core.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def base(realistic_path):
    data = json.loads(realistic_path.read_text(encoding="utf-8"))
    data["participants"] = [
        {"id": "ana", "label": "Ana", "code": "P1", "note": "Escalation first.",
         "rounds": [{"round": 1, "weights": {c["id"]: 1 for c in data["criteria"]}}]},
    ]
    return data


def _problem(data, where="model.json"):
    with pytest.raises(InputError) as exc:
        model_from_dict(data, where)
    return "\n".join(str(p) for p in exc.value.problems)


def test_version_is_3_and_version_2_files_open(tmp_path):
    assert SCHEMA_VERSION >= 3
    model = load_model(FIXTURES / "v2-ending-the-war.json")
    assert model.schema_version == SCHEMA_VERSION and model.participants == []
    assert b'"participants"' not in dump_model(model)  # no workshop: the file reads as before


def test_participants_round_trip(base):
    base["participants"][0]["rounds"].append(
        {"round": 2, "method": "ranking", "weights": {c["id"]: 0.125 for c in base["criteria"]},
         "inputs": {c["id"]: 1 + i // 2 for i, c in enumerate(base["criteria"])}})
    model = model_from_dict(base, "m.json")
    assert model.participants[0].round(2).method == "ranking"
    assert model.participants[0].round(3) is None
    again = model_from_dict(json.loads(dump_model(model)), "again.json")
    assert dump_model(again) == dump_model(model)


def _ahp_round(ids, matrix):
    return {"round": 1, "method": "ahp", "weights": {c: 1 for c in ids}, "ahp": {"criteria": ids, "matrix": matrix}}


@pytest.mark.parametrize("change,expected", [
    (lambda d: d["participants"].append(copy.deepcopy(d["participants"][0]) | {"code": "P2"}),
     'the id "ana" is used more than once'),
    (lambda d: d["participants"].append(copy.deepcopy(d["participants"][0]) | {"id": "bo"}),
     'the code "P1" is used more than once'),
    (lambda d: d["participants"][0].update(code="X1"), 'participants[0] "X1" / code: "X1" is not an anonymous code'),
    (lambda d: d["participants"][0]["rounds"].append(copy.deepcopy(d["participants"][0]["rounds"][0])),
     'participants[0] "P1" / rounds: round 1 is entered more than once'),
    (lambda d: d["participants"][0]["rounds"][0]["weights"].pop("casualties"),
     'participants[0] "P1" / rounds[0] / weights: no weight for criterion "casualties"'),
    (lambda d: d["participants"][0]["rounds"][0]["weights"].update(nonsense=1),
     '/ weights / nonsense: "nonsense" is not a criterion id'),
    (lambda d: d["participants"][0]["rounds"][0].update(weights={k: 0 for k in d["participants"][0]["rounds"][0]["weights"]}),
     "every weight is zero"),
    (lambda d: d["participants"][0]["rounds"][0].update(method="swing"),
     "a 'swing' round keeps what was entered: add the inputs"),
    (lambda d: d["participants"][0]["rounds"][0].update(method="ranking", inputs={"casualties": 1.5}),
     "rank 1.5 must be a whole number from 1"),
    (lambda d: d["participants"][0]["rounds"][0].update(method="ahp"),
     "an 'ahp' round keeps its pairwise judgements"),
    (lambda d: d["participants"][0]["rounds"][0].update(ahp={"criteria": ["casualties", "feasibility"],
                                                             "matrix": [[1, 3], [1 / 3, 1]]}),
     "pairwise judgements belong to an 'ahp' round, not 'direct'"),
])
def test_participant_rules_name_the_place(base, change, expected):
    change(base)
    assert expected in _problem(base)


def test_ahp_judgements_are_checked(base):
    ids = ["casualties", "escalation_risk", "feasibility"]
    good = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    base["participants"][0]["rounds"] = [_ahp_round(ids, good)]
    base["participants"][0]["rounds"][0]["weights"] = {c["id"]: 1 for c in base["criteria"]}
    model_from_dict(base, "m.json")  # valid
    bad = copy.deepcopy(base)
    bad["participants"][0]["rounds"][0]["ahp"]["matrix"][1][0] = 0.5
    assert "matrix[1][0]: must be the reciprocal of matrix[0][1] (3): 0.333333, not 0.5" in _problem(bad)
    bad = copy.deepcopy(base)
    bad["participants"][0]["rounds"][0]["ahp"]["matrix"] = [[1, 2], [0.5, 1]]
    assert "must be 3 rows of 3 judgements" in _problem(bad)
    bad = copy.deepcopy(base)
    bad["participants"][0]["rounds"][0]["ahp"]["criteria"][2] = "nonsense"
    assert '"nonsense" is not a criterion id' in _problem(bad)
    bad = copy.deepcopy(base)
    bad["participants"][0]["rounds"][0]["ahp"]["matrix"][2][2] = 2
    assert "matrix[2][2]: a criterion compared with itself must be 1" in _problem(bad)


def test_participants_from_model_feed_the_group_engine(base):
    from decision_app.core.compiled import compile_model
    from decision_app.core.engine import Analysis
    from decision_app.core.group import analyse_group, model_rounds, participants_from_model

    ids = [c["id"] for c in base["criteria"]]
    rev = list(reversed(ids))  # judgements listed in another order than the model's criteria
    n = len(ids)
    matrix = [[float(2 ** (j - i)) for j in range(n)] for i in range(n)]  # consistent: weight ~ 2^-k
    base["participants"].append({"id": "bo", "label": "Bo", "code": "P2", "rounds": [
        {"round": 1, "method": "ahp", "weights": {c: 1 for c in ids}, "ahp": {"criteria": rev, "matrix": matrix}},
        {"round": 2, "weights": {c: (3 if c == "feasibility" else 1) for c in ids}}]})
    model = model_from_dict(base, "m.json")
    assert model_rounds(model) == [1, 2]
    parts = participants_from_model(model)
    assert [(p.id, p.round, p.code) for p in parts] == [("ana", 1, "P1"), ("bo", 1, "P2"), ("bo", 2, "P2")]
    m = parts[1].ahp_matrix
    assert m is not None and m[0, 1] == 0.5  # rev order: casualties is last in `rev`, so it is 2x less important
    g = analyse_group(Analysis(compile_model(model)), "wsm", parts, round=1)
    assert g.participant_ids == ("ana", "bo") or list(g.participant_ids) == ["ana", "bo"]
