"""The evidence pane shows an expected-value cell's likelihood and its two outcomes (format version 8), and its
value and range are read-only there (the outcomes say what it is)."""

from __future__ import annotations

from test_conditional_outcomes import _model

from decision_app.core.loading import model_from_dict, save_model


def test_the_pane_shows_the_likelihood_and_both_outcomes(window, tmp_path):
    path = tmp_path / "conditional.json"
    save_model(model_from_dict(_model()), path)
    state, pane = window.state, window.matrix.evidence
    state.open(path)
    state.select(option=1, criterion=0)
    text = pane.evidence.toPlainText()
    assert "the chance Moscow accepts is 0.30 (0.10–0.50; basis judgement)" in text
    assert "If Moscow accepts: 8 (7–9)" in text and "If not: 2 (1–3)" in text
    assert pane.value.isReadOnly() and pane.value.value() == 3.8
    state.select(option=0, criterion=0)
    assert not pane.value.isReadOnly() and "Expected value" not in pane.evidence.toPlainText()
