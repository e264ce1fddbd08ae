"""A model file's values have the types the published schema gives them: a number where a number belongs (a
whole number is a number), true/false where a yes/no belongs, text where text belongs. Nothing is read as
something else (the text "9" as 9, true as 1, "false" as false); each wrong type is named, with its place and
the value the file holds, and the command line exits 2."""

from __future__ import annotations

import json

import pytest
from conftest import write_json

from decision_app.cli import main
from decision_app.core.errors import InputError
from decision_app.core.loading import load_model

ESC = "Option 'Status quo: military support and…', criterion 'Escalation risk'"
AT = "\n    at {} in the file"  # the JSON path, on the line below the words


def _set(data: dict, path: tuple, value) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _session(data: dict) -> dict:
    data["session"] = {"method": "wsm", "uncertainty": {"samples": 2000, "seed": 7}}
    return data


def refusal(tmp_path, capsys, data) -> str:
    path = write_json(tmp_path, data)
    code = main(["validate", str(path)])
    _, err = capsys.readouterr()
    assert code == 2, err
    assert "Traceback" not in err
    assert all(line.startswith(f"{path}: ") for line in err.strip().splitlines() if line.startswith("/")), err
    return err.replace(f"{path}: ", "")


@pytest.mark.parametrize("path,value,says", [
    (("options", 0, "scores", "escalation_risk", "high"), "9",
     f'{ESC}, high end of the score\'s range: expected a number, the file has the text "9"'
     + AT.format("options[0].scores.escalation_risk.high")),
    (("options", 0, "scores", "escalation_risk", "value"), True, f"{ESC}, score: expected a number, the file has true"),
    (("options", 0, "scores", "escalation_risk", "low"), None,
     f"{ESC}, low end of the score's range: expected a number, the file has null"),
    (("options", 0, "scores", "escalation_risk", "review"), "yes",
     f'{ESC}, to-review flag: expected true or false, the file has the text "yes"'),
    (("criteria", 1, "anchors", 1, "baseline"), "false",
     "Criterion 'Escalation risk', anchor 2, baseline: expected true or false, the file has the text "
     '"false"' + AT.format("criteria[1].anchors[1].baseline")),
    (("criteria", 1, "anchors", 1, "baseline"), 1,
     "Criterion 'Escalation risk', anchor 2, baseline: expected true or false, the file has the number 1"),
    (("criteria", 1, "scale", "min"), "0",
     "Criterion 'Escalation risk', scale minimum: expected a number, the file has the text \"0\""),
    (("profiles", 0, "weights", "casualties"), "30%",
     "Weight profile 'Equal weights', weight of 'Casualties and destruction': expected a number, the file has the "
     'text "30%"' + AT.format("profiles[0].weights.casualties")),
    (("criteria", 0, "unit"), 3,
     "Criterion 'Casualties and destruction', unit: expected text (in quotes), the file has the number 3"),
    (("options", 1, "name"), False,
     "Option 2 (id raise_costs_only), name: expected text (in quotes), the file has false"),
    (("session", "uncertainty", "samples"), "2000",
     'Session saved with the model, uncertainty samples: expected a whole number, the file has the text "2000"'),
    (("session", "uncertainty", "seed"), True,
     "Session saved with the model, uncertainty seed: expected a whole number, the file has true"),
    (("session", "uncertainty", "seed"), 7.5,
     "Session saved with the model, uncertainty seed: expected a whole number, the file has the number 7.5"),
])
def test_wrong_type_refused_with_its_place(tmp_path, capsys, small_dict, path, value, says):
    data = _session(small_dict)
    _set(data, path, value)
    err = refusal(tmp_path, capsys, data)
    assert says in err, err
    assert "the value 1" not in err


def test_every_wrong_type_reported_together(tmp_path, small_dict):
    small_dict["options"][0]["scores"]["escalation_risk"]["high"] = "9"
    small_dict["options"][0]["scores"]["escalation_risk"]["review"] = "yes"
    small_dict["criteria"][1]["scale"]["min"] = "0"
    path = write_json(tmp_path, small_dict)
    with pytest.raises(InputError) as exc:
        load_model(path)
    assert len(exc.value.problems) == 3
    assert all(str(p).startswith(str(path)) for p in exc.value.problems)


def test_whole_numbers_are_numbers(tmp_path, small_dict):
    """An integer where a float belongs is a number; a whole float where an integer belongs is that integer
    (the JSON schema's "integer" is a number without a fraction)."""
    data = _session(small_dict)
    score = data["options"][0]["scores"]["escalation_risk"]
    score.update(value=5, low=3, high=9)
    data["criteria"][1]["scale"] = {"min": 0, "max": 10}
    data["profiles"][0]["weights"]["casualties"] = 30
    data["session"]["uncertainty"].update(samples=2000.0, seed=7.0)
    model = load_model(write_json(tmp_path, data))
    loaded = model.options[0].scores["escalation_risk"]
    assert (loaded.value, loaded.low, loaded.high) == (5.0, 3.0, 9.0)
    assert isinstance(loaded.high, float)
    assert model.session is not None and model.session.uncertainty is not None
    assert (model.session.uncertainty.samples, model.session.uncertainty.seed) == (2000, 7)
    assert isinstance(model.session.uncertainty.samples, int)


def test_wrong_type_in_an_old_version_file(tmp_path, capsys):
    """A version-4 file is migrated first, then read as strictly as a new one."""
    from conftest import ROOT
    data = json.loads((ROOT / "tests" / "fixtures" / "v4-ending-the-war.json").read_text(encoding="utf-8"))
    data["options"][0]["scores"]["escalation_risk"]["high"] = "9"
    err = refusal(tmp_path, capsys, data)
    assert ("criterion 'Escalation risk', high end of the score's range: expected a number, the file has the text "
            '"9"' + AT.format("options[0].scores.escalation_risk.high")) in err, err
