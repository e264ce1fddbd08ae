"""The one rule for typed numbers (decision_app.core.typed_numbers): taken exactly, or refused with words."""

from __future__ import annotations

import pytest

from decision_app.core.typed_numbers import NumberRefusedError, read_number


@pytest.mark.parametrize(("text", "kwargs", "number"), [
    ("7", {}, 7.0), (" 7.25 ", {}, 7.25), ("7,25", {}, 7.25), ("-3", {}, -3.0), ("\u22123,5", {}, -3.5),
    (",5", {}, 0.5), ("5.", {}, 5.0), ("1e3", {}, 1000.0), ("0.125", {"decimals": 3}, 0.125),
    ("3.50", {"decimals": 1}, 3.5),  # a trailing zero is not a decimal kept
    ("20,000", {"decimals": 0, "grouping": True}, 20000.0),
    ("20.000", {"decimals": 0, "group_mark": ".", "grouping": True}, 20000.0),
    ("2.125", {}, 2.125),  # in English the point is only ever the decimal mark
    ("2,125", {"group_mark": "."}, 2.125),  # in German the comma is
])
def test_a_number_is_read_exactly(text, kwargs, number):
    assert read_number(text, **kwargs) == number


@pytest.mark.parametrize(("text", "kwargs", "words"), [
    ("", {}, "empty"), ("   ", {}, "empty"),
    ("high", {}, '"high" is not a number'), ("inf", {}, "not a number"), ("nan", {}, "not a number"),
    ("1_000", {}, "not a number"), ("\u0661\u0662", {}, "not a number"),  # Arabic-Indic digits: float() reads them
    ("1,000.5", {}, "more than one decimal mark"), ("3,5,1", {}, "more than one decimal mark"),
    ("3,5", {"decimals": 0}, "not a whole number"),  # never 35
    ("3.5", {"decimals": 0}, "not a whole number"),
    ("1,000", {}, "could be 1.000 or 1000"),  # English: one, or a thousand? not guessed
    ("1,000", {"decimals": 0}, "could be"),
    ("1.000", {"group_mark": "."}, "could be 1,000 or 1000"),
    ("3,5", {"decimals": 0, "grouping": True}, "not a whole number"),  # not a group of three
    ("3.14159", {"decimals": 3}, "more decimals than the 3 kept here"),
    ("1e20", {}, "too large"), ("9" * 40, {}, "too large"),
])
def test_anything_else_is_refused_with_the_reason(text, kwargs, words):
    with pytest.raises(NumberRefusedError, match=words):
        read_number(text, **kwargs)
