"""The model format's rules, one by one, and the messages a desk officer reads for each."""

from __future__ import annotations

import copy

import pytest
from conftest import write_json

from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model, parse_model_json


def problems(tmp_path, data) -> list[str]:
    path = write_json(tmp_path, data)
    with pytest.raises(InputError) as exc:
        load_model(path)
    msgs = [str(p) for p in exc.value.problems]
    assert all(m.startswith(str(path)) for m in msgs), "every message names the file"
    return msgs


def test_valid_small_model_loads(tmp_path, small_dict):
    model = load_model(write_json(tmp_path, small_dict))
    assert [c.id for c in model.criteria] == ["casualties", "escalation_risk", "time_to_effect"]
    assert len(model.options) == 3


def test_canonical_dump_is_stable(realistic_path):
    model = load_model(realistic_path)
    assert dump_model(model) == realistic_path.read_bytes()
    assert dump_model(parse_model_json(dump_model(model))) == dump_model(model)


def test_unknown_field_rejected(tmp_path, small_dict):
    small_dict["options"][1]["colour"] = "red"
    msgs = problems(tmp_path, small_dict)
    assert len(msgs) == 1
    assert "Option 'Raise the costs of war further…'" in msgs[0] and '"colour" is not a field of this format' in msgs[0]


def test_unknown_top_level_field(tmp_path, small_dict):
    small_dict["titel"] = "x"
    (msg,) = problems(tmp_path, small_dict)
    assert '"titel" is not a field' in msg and "(top level)" in msg


def test_missing_required_field(tmp_path, small_dict):
    del small_dict["criteria"][0]["direction"]
    (msg,) = problems(tmp_path, small_dict)
    assert "Criterion 'Casualties and destruction', direction" in msg
    assert 'required field "direction" is missing' in msg


def test_wrong_direction_value(tmp_path, small_dict):
    small_dict["criteria"][1]["direction"] = "max"
    (msg,) = problems(tmp_path, small_dict)
    assert "should be 'benefit' or 'cost'" in msg and '"max"' in msg


def test_non_number_score(tmp_path, small_dict):
    small_dict["options"][0]["scores"]["casualties"]["value"] = "high"
    (msg,) = problems(tmp_path, small_dict)
    assert ("Option 'Status quo: military support and…', criterion 'Casualties and destruction', score: expected a "
            'number, the file has the text "high"') in msg


def test_duplicate_ids(tmp_path, small_dict):
    small_dict["options"][2]["id"] = small_dict["options"][0]["id"]
    msgs = problems(tmp_path, small_dict)
    assert any("options:" in m and "used more than once" in m for m in msgs)


def test_missing_score_for_criterion(tmp_path, small_dict):
    del small_dict["options"][2]["scores"]["escalation_risk"]
    (msg,) = problems(tmp_path, small_dict)
    assert 'options[2]' in msg and 'no score for criterion "escalation_risk"' in msg


def test_score_for_unknown_criterion(tmp_path, small_dict):
    small_dict["options"][0]["scores"]["speed"] = {"value": 1, "low": 1, "high": 1}
    (msg,) = problems(tmp_path, small_dict)
    assert '/ speed: "speed" is not a criterion id' in msg


def test_low_above_scale_maximum_message(tmp_path, small_dict):
    s = small_dict["options"][3 - 1]["scores"]["escalation_risk"]
    s.update(value=12, low=12, high=12)
    msgs = problems(tmp_path, small_dict)
    name = small_dict["options"][2]["name"]
    place = f"Option '{name[:name.rindex(' ', 0, 33)]}…', criterion 'Escalation risk'"  # cut after a whole word
    assert len(name) > 32
    assert any(f"{place}: low 12 is above the scale maximum 10" in m for m in msgs), msgs


def test_value_below_scale_minimum(tmp_path, small_dict):
    small_dict["options"][0]["scores"]["casualties"].update(value=-1, low=-1)
    msgs = problems(tmp_path, small_dict)
    assert any("value -1 is below the scale minimum 0" in m for m in msgs)


def test_low_above_value_and_high_below_value(tmp_path, small_dict):
    s = small_dict["options"][1]["scores"]["casualties"]
    s.update(value=5, low=6, high=4)
    msgs = problems(tmp_path, small_dict)
    assert any("low 6 is above the value 5" in m for m in msgs)
    assert any("high 4 is below the value 5" in m for m in msgs)


def test_scale_min_not_below_max(tmp_path, small_dict):
    small_dict["criteria"][0]["scale"] = {"min": 10, "max": 10}
    msgs = problems(tmp_path, small_dict)
    assert any("scale: the minimum 10 must be below the maximum 10" in m for m in msgs)


def test_anchors_must_cover_ends_and_middle(tmp_path, small_dict):
    small_dict["criteria"][0]["anchors"] = small_dict["criteria"][0]["anchors"][:1]
    msgs = problems(tmp_path, small_dict)
    assert any("no anchor describes the scale's middle (5)" in m for m in msgs)
    assert any("no anchor describes the scale's maximum (10)" in m for m in msgs)


def test_value_function_must_increase(tmp_path, small_dict):
    crit = next(c for c in small_dict["criteria"] if c["id"] == "time_to_effect")
    crit["value_function"][1]["x"] = 0
    msgs = problems(tmp_path, small_dict)
    assert any("value_function: the points' x values must increase strictly" in m for m in msgs)


def test_preference_thresholds_ordered(tmp_path, small_dict):
    crit = next(c for c in small_dict["criteria"] if c["id"] == "time_to_effect")
    crit["preference"] = {"type": "linear", "q": 6, "p": 2}
    msgs = problems(tmp_path, small_dict)
    assert any("indifference threshold q 6 is above the preference threshold p 2" in m for m in msgs)


def test_profile_needs_every_criterion_and_a_positive_weight(tmp_path, small_dict):
    small_dict["profiles"][0]["weights"] = {"casualties": 0, "escalation_risk": 0}
    msgs = problems(tmp_path, small_dict)
    assert any('no weight for criterion "time_to_effect"' in m for m in msgs)
    assert any("every weight is zero" in m for m in msgs)


def test_negative_weight(tmp_path, small_dict):
    small_dict["profiles"][1]["weights"]["casualties"] = -1
    (msg,) = problems(tmp_path, small_dict)
    assert ", weight of 'Casualties and destruction'" in msg and "greater than or equal to 0" in msg


def test_citation_and_option_sources_must_exist(tmp_path, small_dict):
    small_dict["options"][0]["sources"] = ["nobody"]
    small_dict["options"][0]["scores"]["casualties"]["citations"] = [{"source": "ghost", "quote": "x"}]
    msgs = problems(tmp_path, small_dict)
    assert any('sources: "nobody" is not a source id' in m for m in msgs)
    assert any('quote 1: "ghost" is not a source id' in m for m in msgs)


def test_several_problems_reported_together(tmp_path, small_dict):
    small_dict["options"][0]["scores"]["casualties"].update(low=11)
    small_dict["options"][1]["scores"]["escalation_risk"].update(high=-3)
    assert len(problems(tmp_path, small_dict)) >= 3


def test_newer_schema_version_refused(tmp_path, small_dict):
    small_dict["schema_version"] = 99
    (msg,) = problems(tmp_path, small_dict)
    assert "schema_version" in msg and "newer Decision Desk" in msg


def test_unknown_older_schema_version(tmp_path, small_dict):
    small_dict["schema_version"] = 0
    (msg,) = problems(tmp_path, small_dict)
    assert "schema_version 0 is not a version this app knows" in msg


def test_migration_hook_runs(tmp_path, small_dict, monkeypatch):
    from decision_app.core import loading

    old = copy.deepcopy(small_dict)
    old["schema_version"] = 0
    old["name"] = old.pop("title")
    monkeypatch.setitem(loading.MIGRATIONS, 0, lambda d: {**{k: v for k, v in d.items() if k != "name"},
                                                          "title": d["name"]})
    model = load_model(write_json(tmp_path, old))
    assert model.title == small_dict["title"] and model.schema_version == loading.SCHEMA_VERSION  # 0 -> 1 -> ...


def test_not_json(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"title": "x",\n  "criteria": [}', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_model(p)
    assert str(exc.value).startswith(f"{p}: line 2, column")
    assert "not valid JSON" in str(exc.value)


def test_duplicate_json_key(tmp_path):
    p = tmp_path / "dup.json"
    p.write_text('{"schema_version": 1, "title": "a", "title": "b"}', encoding="utf-8")
    with pytest.raises(InputError, match='the key "title" appears twice'):
        load_model(p)


def test_not_an_object(tmp_path):
    with pytest.raises(InputError, match="one JSON object"):
        load_model(write_json(tmp_path, [1, 2]))


def test_not_utf8(tmp_path):
    p = tmp_path / "latin.json"
    p.write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(InputError, match="not UTF-8"):
        load_model(p)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_model(tmp_path / "nothing.json")


def test_no_code_path_executes_file_content(tmp_path, small_dict):
    # A formula- or code-like string is stored as plain text.
    small_dict["options"][0]["name"] = "=__import__('os').system('false')"
    model = load_model(write_json(tmp_path, small_dict))
    assert model.options[0].name.startswith("=__import__")
