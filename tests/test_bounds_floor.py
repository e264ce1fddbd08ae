"""The least total weight that bounds on a value tree ask for (`floors.least_share`): an objective's low share
does not hide larger lows inside it (casualties 0.6 inside the human cost 0.1 needs 0.6). The format's check,
the command line and the constraints panel count it the same way, and an empty region from the flags names
the flags."""

from __future__ import annotations

import copy

import pytest
from conftest import SHIPPED_MODEL

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.errors import InputError
from decision_app.core.floors import least_share
from decision_app.core.loading import load_model, model_from_dict
from decision_app.core.snapshot import least_total

NESTED = "casualties=0.6..1,escalation_risk=0.5..1,human_cost=0.1..1"
FAST = ["--samples", "200", "--seed", "1"]


def test_an_outermost_item_counts_the_larger_of_its_low_and_the_lows_inside_it():
    leaves = {"a": frozenset({1}), "b": frozenset({2}), "c": frozenset({3}), "ab": frozenset({1, 2}),
              "abc": frozenset({1, 2, 3})}
    assert least_share({"a": 0.6, "ab": 0.1}, leaves) == pytest.approx(0.6)
    assert least_share({"a": 0.3, "b": 0.3, "ab": 0.5}, leaves) == pytest.approx(0.6)
    assert least_share({"a": 0.3, "b": 0.3, "ab": 0.7, "c": 0.2}, leaves) == pytest.approx(0.9)
    assert least_share({"a": 0.3, "ab": 0.4, "abc": 0.2, "c": 0.3}, leaves) == pytest.approx(0.7)


def test_least_total_counts_nested_lows_on_the_shipped_tree():
    c = compile_model(load_model(SHIPPED_MODEL))
    bounds = [("casualties", 0.6, 1.0), ("escalation_risk", 0.5, 1.0), ("human_cost", 0.1, 1.0)]
    assert least_total(bounds, c.criterion_ids, c.groups) == pytest.approx(1.1)


def test_the_format_check_counts_nested_lows():
    d = copy.deepcopy(load_model(SHIPPED_MODEL).model_dump(mode="json", exclude_none=True))
    d["session"] = {"method": "wsm", "uncertainty": {"bounds": {
        "casualties": {"low": 0.6, "high": 1.0}, "escalation_risk": {"low": 0.5, "high": 1.0},
        "human_cost": {"low": 0.1, "high": 1.0}}}}
    with pytest.raises(InputError) as info:
        model_from_dict(d)
    assert any(p.place == "session / uncertainty / bounds" and "add up to 1.1" in p.message
               for p in info.value.problems), info.value.problems


def test_nested_lows_over_the_whole_are_refused_on_the_command_line(capsys):
    assert main(["score", str(SHIPPED_MODEL), *FAST, "--bounds", NESTED]) == 2
    out, err = capsys.readouterr()
    assert "--bounds: the low bounds add up to more than the whole weight" in err and not out


def test_an_empty_region_from_the_flags_names_the_flags_before_any_table(capsys):
    assert main(["score", str(SHIPPED_MODEL), *FAST, "--bounds", "casualties=0..0.1,escalation_risk=0.5..1",
                 "--order", "casualties>=escalation_risk"]) == 2
    out, err = capsys.readouterr()
    assert "--order and --bounds: the weight region is empty" in err and str(SHIPPED_MODEL) not in err
    assert not out


def test_the_examples_of_an_order_work_on_the_shipped_tree(capsys):
    import re

    from decision_app.cli import build_parser
    from decision_app.gui.panels.constraints import ORDER_WORDS_TREE, order_ids

    score = build_parser()._subparsers._group_actions[0].choices["score"]  # type: ignore[union-attr]
    example = re.search(r"e\.g\. (\S+>=\S+)", score.format_help().replace("\n", " ")).group(1)
    assert main(["score", str(SHIPPED_MODEL), *FAST, "--order", example]) == 0
    capsys.readouterr()
    c = compile_model(load_model(SHIPPED_MODEL))
    typed = re.search(r"e\.g\. (.+?);", ORDER_WORDS_TREE).group(1)
    assert order_ids(typed, c.criterion_ids, c.criterion_names, c.group_names)
