"""The evidence pane shows an expected-value cell's likelihood and its two outcomes (format version 9), and its
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


def test_the_likelihood_and_outcomes_are_edited_as_one_undo_step(window, tmp_path):
    path = tmp_path / "conditional.json"
    save_model(model_from_dict(_model()), path)
    state, pane = window.state, window.matrix.evidence
    state.open(path)
    state.select(option=1, criterion=0)
    editor = pane.outcomes
    assert editor.isVisible() and editor.boxes["likelihood"][0].value() == 0.3
    editor.boxes["likelihood"][0].setValue(0.5)
    editor.commit()
    score = state.model.options[1].scores["c1"]
    assert score.value == 0.5 * 8 + 0.5 * 2  # 5: the expected value follows
    assert state.model.options[1].conditions[0].likelihood.value == 0.5
    state.undo_stack.undo()
    assert state.model.options[1].scores["c1"].value == 3.8
    editor.boxes["accepted"][1].setValue(9.5)  # a low above its value is refused, saying why, and nothing changes
    editor.commit()
    assert state.model.options[1].scores["c1"].outcomes.accepted.low == 7
    state.select(option=0, criterion=0)
    assert not editor.isVisible()


def test_set_outcomes_refuses_a_plain_score():
    import pytest

    from decision_app.core.edits import set_outcomes
    from decision_app.core.errors import InputError

    with pytest.raises(InputError, match="plain score"):
        set_outcomes(model_from_dict(_model()), "a", "c1", accepted=(1, 0, 2))
