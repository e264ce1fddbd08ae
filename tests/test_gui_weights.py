"""Weights view: sliders, locks, profiles, methods and elicitation drive the analysis state."""

from __future__ import annotations

import numpy as np
import pytest
from gui_checks import assert_ranking_matches_engine

from decision_app.core.loading import load_model
from decision_app.gui.panels.weights import SLIDER_STEPS
from decision_app.gui.state import AnalysisState


def test_slider_move_changes_ranking_to_engine_numbers(window, qtbot):
    before = window.ranking.bar_lengths().copy()
    slider = window.weights.rows[2][0]  # Russian integration
    slider.setValue(int(0.6 * SLIDER_STEPS))
    w = window.state.weights
    assert w[2] == pytest.approx(0.6, abs=1e-9)
    assert w.sum() == pytest.approx(1.0)
    assert not np.allclose(window.ranking.bar_lengths(), before)
    assert_ranking_matches_engine(window)
    # the spin box shows the same weight, and the sensitivity chart's marker sits at the current weight
    assert window.weights.rows[2][1].value() == pytest.approx(60.0)
    window.state.select(criterion=2)
    assert window.sensitivity.marker_weight() == pytest.approx(0.6)


def test_burst_of_slider_moves_ends_in_final_state_as_one_undo_step(window):
    state = window.state
    start = state.weights.copy()
    slider = window.weights.rows[0][0]
    slider.sliderPressed.emit()
    for v in np.linspace(100, 700, 120).astype(int):
        slider.setValue(int(v))
    slider.sliderReleased.emit()
    assert state.weights[0] == pytest.approx(0.7, abs=1e-9)
    assert_ranking_matches_engine(window)
    assert state.undo_stack.count() == 1  # the whole drag is one step
    state.undo_stack.undo()
    np.testing.assert_allclose(state.weights, start)
    assert_ranking_matches_engine(window)
    assert slider.value() == round(start[0] * SLIDER_STEPS)


def test_locked_weight_stays_while_others_move(window):
    state = window.state
    window.weights.rows[3][2].setChecked(True)  # lock moral hazard
    locked = state.weights[3]
    window.weights.rows[0][1].setValue(40.0)  # spin box: casualties 40 %
    assert state.weights[3] == pytest.approx(locked)
    assert state.weights[0] == pytest.approx(0.4)
    assert state.weights.sum() == pytest.approx(1.0)
    assert not window.weights.rows[3][0].isEnabled()


def test_method_profile_and_undo(window):
    state = window.state
    state.set_method("topsis")
    assert window.method_actions["topsis"].isChecked()
    assert_ranking_matches_engine(window)
    state.use_profile("kogan_outlook")
    np.testing.assert_allclose(state.weights, state.compiled.profile_weights("kogan_outlook"))
    assert window.weights.profile.currentData() == "kogan_outlook"
    assert_ranking_matches_engine(window)
    state.undo_stack.undo()
    state.undo_stack.undo()
    assert state.method == "wsm" and state.profile_id == "equal"
    assert_ranking_matches_engine(window)


def test_elicit_weights_dialog(window):
    from decision_app.core.weights import ahp, rank_order_centroid, swing
    from decision_app.gui.elicit_dialog import ElicitDialog

    state = window.state
    dlg = ElicitDialog(state, window)
    ranks = [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10][: len(dlg.ranks)]
    for spin, r in zip(dlg.ranks, ranks, strict=True):
        spin.setValue(r)
    np.testing.assert_allclose(dlg.weights, rank_order_centroid(ranks))
    dlg.tabs.setCurrentIndex(1)
    pts = [100, 80, 60, 40, 20, 10, 5, 0, 15, 25, 35][: len(dlg.swings)]
    for spin, v in zip(dlg.swings, pts, strict=True):
        spin.setValue(v)
    np.testing.assert_allclose(dlg.weights, swing(pts))
    dlg.swings[0].setValue(90)  # no swing at 100: explained, and Apply is disabled
    assert dlg.weights is None and not dlg.apply_button.isEnabled() and "100 points" in dlg.summary.text()
    dlg.tabs.setCurrentIndex(2)
    dlg.pairs[(0, 1)].setValue(8)   # casualties 9x escalation risk
    dlg.pairs[(1, 2)].setValue(8)   # escalation 9x integration
    dlg.pairs[(0, 2)].setValue(-8)  # but integration 9x casualties: a cycle
    assert "inconsistent" in dlg.summary.text()
    np.testing.assert_allclose(dlg.weights, ahp(dlg.pairwise_matrix()).weights)
    for s in dlg.pairs.values():
        s.setValue(0)
    n = len(state.model.criteria)
    np.testing.assert_allclose(dlg.weights, np.full(n, 1 / n))
    dlg.tabs.setCurrentIndex(0)
    before = state.weights.copy()
    dlg.apply()
    np.testing.assert_allclose(state.weights, rank_order_centroid(ranks))
    assert_ranking_matches_engine(window)
    state.undo_stack.undo()
    np.testing.assert_allclose(state.weights, before)


def test_a_chosen_profile_survives_save_and_reopen(window, tmp_path):
    """Choosing a profile other than the first and saving used to write no session (the weights looked
    'untouched'), so the file reopened with the first profile's weights (found by the stateful test)."""
    state = window.state
    window.weights.profile.activated.emit(window.weights.profile.findData("kogan_outlook"))
    assert state.dirty
    state.save(tmp_path / "kogan.json")
    reopened = AnalysisState(load_model(tmp_path / "kogan.json"))
    assert reopened.profile_id == "kogan_outlook"
    np.testing.assert_allclose(reopened.weights, state.compiled.profile_weights("kogan_outlook"))
    reopened.shutdown()


def test_choosing_the_current_method_in_the_menu_keeps_it_checked(window):
    """The method actions were separate checkable actions: triggering the current one unchecked it, and the
    menu showed no method at all (found by the stateful test)."""
    act = window.method_actions[window.state.method]
    act.trigger()
    assert act.isChecked()
    assert [n for n, a in window.method_actions.items() if a.isChecked()] == [window.state.method]
