"""Words the memo and the slides build from numbers and names: a method's name keeps its acronym inside a
sentence ("Under the TOPSIS method", not "the topsis method"), and a tipping point never reads as a change from
a number to the same number ("fell from 0.07 to 0.07")."""

from __future__ import annotations

import pytest

from decision_app.core.methods import METHODS
from decision_app.report.analysis import apart


@pytest.mark.parametrize(("method", "words"), [
    ("wsm", "weighted sum (additive value)"), ("wpm", "weighted product"), ("topsis", "TOPSIS"),
    ("vikor", "VIKOR"), ("promethee2", "PROMETHEE II")])
def test_a_method_in_a_sentence_keeps_its_acronym(method, words):
    assert METHODS[method].in_sentence == words


def test_the_memo_names_an_acronym_method_as_it_is_written(tmp_path):
    from decision_app.core.loading import load_model
    from decision_app.paths import model_path
    from decision_app.report.analysis import BriefOptions, analyse

    model = load_model(model_path())
    from decision_app.core.compiled import compile_model

    weights = compile_model(model).profile_weights(model.profiles[0].id)
    data = analyse(model, "topsis", weights, model.profiles[0].id, BriefOptions(date="2026-12-05"))
    assert data.sentences["lead"].startswith("Under the TOPSIS method")


@pytest.mark.parametrize(("a", "b", "want"), [
    (0.0712, 0.0684, ("0.071", "0.068")), (0.25, 0.5, ("0.25", "0.50")), (0.07001, 0.07002, ("0.07001", "0.07002"))])
def test_two_numbers_are_written_apart(a, b, want):
    assert apart(a, b) == want
