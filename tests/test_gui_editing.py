"""Editing: structure edits, the evidence pane and the matrix's table model."""

from __future__ import annotations

import pytest
from gui_checks import assert_ranking_matches_engine

from decision_app.core.loading import load_model


def test_structural_edits_are_undoable(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    state = window.state
    m, n = state.compiled.m, state.compiled.n
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Neutral mediation", True))
    window.edit_actions["add_option"].trigger()
    assert state.compiled.m == m + 1 and state.compiled.option_names[-1] == "Neutral mediation"
    assert window.matrix.model.rowCount() == m + 1
    assert_ranking_matches_engine(window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Humanitarian access", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("benefit (higher is better)", True))
    window.edit_actions["add_criterion"].trigger()
    assert state.compiled.n == n + 1 and len(window.weights.rows) == n + 1
    assert state.weights.sum() == pytest.approx(1.0)
    state.select(option=0, criterion=0)
    window.edit_actions["delete_option"].trigger()
    assert state.compiled.m == m
    for _ in range(3):
        state.undo_stack.undo()
    assert (state.compiled.m, state.compiled.n) == (m, n)
    assert not state.dirty


def test_undoing_a_deleted_criterion_brings_back_its_weight_and_lock(window):
    """Undo put the model back but made up the weights: the deleted criterion got the mean of the others',
    and its lock was lost (found by the stateful test)."""
    import numpy as np

    state = window.state
    state.use_profile("kogan_outlook")
    window.weights.rows[0][1].setValue(35.0)
    window.weights.rows[0][2].setChecked(True)
    weights, profile = state.weights.copy(), state.profile_id
    state.select(option=0, criterion=0)
    window.edit_actions["delete_criterion"].trigger()
    assert state.compiled.n == len(weights) - 1
    state.undo_stack.undo()
    np.testing.assert_array_equal(state.weights, weights)
    assert state.profile_id == profile and state.locks[0]
    assert window.weights.rows[0][1].value() == 35.0 and window.weights.rows[0][2].isChecked()
    state.undo_stack.redo()
    state.undo_stack.undo()
    np.testing.assert_array_equal(state.weights, weights)


def test_evidence_pane_edits_range_and_rationale(window):
    state = window.state
    state.select(option=1, criterion=0)
    pane = window.matrix.evidence
    assert "Raise the costs of war further" in pane.heading.text()
    assert "enormous humanitarian costs" in pane.evidence.toPlainText()
    pane.low.setValue(5.5)
    pane.rationale.setPlainText("Edited rationale")
    pane.commit()
    s = state.model.options[1].scores["casualties"]
    assert s.low == 5.5 and s.rationale == "Edited rationale"
    state.undo_stack.undo()
    assert state.model.options[1].scores["casualties"].low == 5.0


def test_window_title_and_accessible_names(window):
    assert window.windowTitle().startswith("model.json")
    names = [w.accessibleName() for w in (window.weights.rows[0][0], window.weights.rows[0][1], window.weights.rows[0][2])]
    assert names == ["Weight of Casualties and destruction", "Weight of Casualties and destruction, percent",
                     "Lock the weight of Casualties and destruction"]
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.act_redo.shortcuts()]


def test_matrix_table_model_without_widgets(qapp, model_copy):
    from PySide6.QtCore import Qt

    from decision_app.gui.panels.matrix import MatrixModel
    from decision_app.gui.state import AnalysisState

    state = AnalysisState(load_model(model_copy), model_copy)
    tm = MatrixModel(state)
    try:
        assert (tm.rowCount(), tm.columnCount()) == (12, len(state.model.criteria))
        idx = tm.index(9, 0)  # ceasefire x casualties: 3 (1-5), basis essay
        assert tm.data(idx) == "3  (1–5)  E"
        assert tm.data(idx, Qt.ItemDataRole.EditRole) == 3.0
        assert "dramatically minimise" in tm.data(idx, Qt.ItemDataRole.ToolTipRole)
        # the headers show the short names, the tooltips the full names
        assert tm.headerData(0, Qt.Orientation.Horizontal) == "Casualties ↓"
        assert "Casualties and destruction" in tm.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert tm.headerData(9, Qt.Orientation.Vertical) == "Ceasefire, no freeze"
        assert "A ceasefire that does not freeze" in tm.headerData(9, Qt.Orientation.Vertical,
                                                                   Qt.ItemDataRole.ToolTipRole)
        good = tm.data(idx, Qt.ItemDataRole.BackgroundRole)
        bad = tm.data(tm.index(1, 0), Qt.ItemDataRole.BackgroundRole)  # 6 casualties: poorer than today
        assert good.blue() > good.red() and bad.red() > bad.blue()
        reset = []
        tm.modelReset.connect(lambda: reset.append(1))
        assert tm.setData(idx, "0,5")  # decimal comma accepted
        assert state.compiled.X[9, 0] == 0.5 and state.compiled.low[9, 0] == 0.5  # range widened
        assert reset
        assert not tm.setData(idx, "lots")
        assert not tm.setData(idx, "11")  # outside the 0-10 scale: refused, model unchanged
        assert state.compiled.X[9, 0] == 0.5
        state.undo_stack.undo()
        assert tm.data(idx) == "3  (1–5)  E"
    finally:
        state.undo_stack.setClean()
        state.shutdown()
