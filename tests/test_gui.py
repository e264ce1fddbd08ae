"""The workbench, offscreen: views follow the engine exactly, edits undo, files stay safe."""

from __future__ import annotations

import numpy as np
import pytest

from decision_app.core.engine import Analysis
from decision_app.core.loading import load_model
from decision_app.gui.main_window import CANCEL, DISCARD
from decision_app.gui.panels.weights import SLIDER_STEPS


def engine_scores(state, method=None):
    return Analysis(state.compiled).score(method or state.method, state.weights)


def assert_ranking_matches_engine(win):
    res = engine_scores(win.state)
    np.testing.assert_allclose(win.ranking.bar_lengths(), res.scores, atol=1e-12)
    # the bars' vertical order is the engine's order, best at the top
    ypos = win.ranking.row_positions()
    assert list(np.argsort(-ypos, kind="stable")) == list(res.order)
    ticks = win.ranking.tick_labels()
    top_label = max(ticks, key=lambda t: t[0])[1]
    assert top_label.startswith(f"1. {win.state.compiled.option_names[res.order[0]][:20]}")


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


def test_every_method_feeds_every_chart(window):
    state = window.state
    for method in ("wsm", "wpm", "topsis", "vikor", "promethee2"):
        state.set_method(method)
        r = state.results
        assert r.method == method
        np.testing.assert_allclose(r.sweep_scores[np.searchsorted(r.sweep_t, 0.0)],
                                   Analysis(state.compiled).prepared(method).scores(
                                       np.r_[0.0, state.weights[1:] / state.weights[1:].sum()]), atol=1e-12)
        if method != "wpm":  # WPM needs positive scores; some lows are 0, so it draws no whiskers
            assert r.low is not None and np.all(r.low <= r.scores + 1e-12) and np.all(r.scores <= r.high + 1e-12)
        assert_ranking_matches_engine(window)


def test_edit_score_then_undo_restores_saved_file_byte_for_byte(window, model_copy):
    original = model_copy.read_bytes()
    table = window.matrix.model
    idx = table.index(4, 1)
    assert table.setData(idx, "9")
    assert window.state.compiled.X[4, 1] == 9.0
    assert window.state.dirty and window.isWindowModified()
    window.state.undo_stack.undo()
    assert not window.state.dirty
    window.state.save()
    assert model_copy.read_bytes() == original


def test_saved_session_restores_weights_and_method(window, model_copy, tmp_path):
    state = window.state
    window.weights.rows[1][1].setValue(30.0)
    state.set_method("promethee2")
    target = tmp_path / "saved.json"
    state.save(target)
    again = load_model(target)
    assert again.session is not None and again.session.method == "promethee2"
    from decision_app.gui.state import AnalysisState

    other = AnalysisState(again, target)
    np.testing.assert_allclose(other.weights, state.weights, atol=1e-12)
    assert other.method == "promethee2"
    other.shutdown()


def test_malformed_file_shows_error_and_keeps_model(window, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"schema_version": 1, "title": "x", "criteria": [], "options": []}', encoding="utf-8")
    shown = []
    window.show_error = lambda title, exc: shown.append((title, [str(p) for p in exc.problems]))
    title_before = window.state.model.title
    window.state.select(option=2)
    window.weights.rows[0][1].setValue(20.0)
    weights_before = window.state.weights.copy()
    assert window.open_path(bad, ask=False) is False
    assert shown and str(bad) in shown[0][1][0]
    assert any("criteria" in m for m in shown[0][1])
    assert window.state.model.title == title_before
    np.testing.assert_allclose(window.state.weights, weights_before)
    assert window.state.dirty  # the unsaved work is still there


def test_bad_spreadsheet_names_the_cell(window, tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("option,A\n#direction,max\nx,ten\n", encoding="utf-8")
    shown = []
    window.show_error = lambda title, exc: shown.append([str(p) for p in exc.problems])
    assert not window.open_path(bad, ask=False)
    assert "B3" in shown[0][0]


def test_close_with_unsaved_changes_asks(window, qtbot):
    window.matrix.model.setData(window.matrix.model.index(0, 0), "3")
    asked = []
    window.ask_save_changes = lambda: asked.append(1) or CANCEL
    assert window.close() is False
    assert asked and window.isVisible()
    window.ask_save_changes = lambda: asked.append(2) or DISCARD
    assert window.close() is True
    assert asked == [1, 2]


def test_open_spreadsheet_by_drop_target(window, tmp_path):
    t = tmp_path / "small.csv"
    t.write_text("option,Risk,Gain\n#direction,min,max\nA,1,5\nB,2,9\nC,3,1\n", encoding="utf-8")
    assert window.open_path(t, ask=False)
    assert window.state.compiled.m == 3 and window.state.path is None  # imported: Save As to keep
    assert_ranking_matches_engine(window)


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


def test_evidence_pane_edits_range_and_rationale(window):
    state = window.state
    state.select(option=1, criterion=0)
    pane = window.matrix.evidence
    assert "Escalating military" in pane.heading.text()
    assert "enormous humanitarian costs" in pane.evidence.toPlainText()
    pane.low.setValue(5.0)
    pane.rationale.setPlainText("Edited rationale")
    pane.commit()
    s = state.model.options[1].scores["casualties"]
    assert s.low == 5.0 and s.rationale == "Edited rationale"
    state.undo_stack.undo()
    assert state.model.options[1].scores["casualties"].low == 6.0


def test_smaa_runs_on_the_worker_and_keeps_the_previous_result(window, qtbot):
    state = window.state
    assert state.wait_for_smaa()
    first = state.smaa
    assert first is not None
    np.testing.assert_allclose(first.acceptability.sum(axis=1), 1.0)
    with qtbot.waitSignal(state.sig_smaa_changed, timeout=10_000):
        window.weights.rows[0][1].setValue(50.0)
        assert state.smaa is first  # kept until the new one arrives
    assert state.smaa is not first
    window.docks["uncertainty"].raise_()
    qtbot.wait(10)
    np.testing.assert_allclose(window.uncertainty.shares().sum(axis=1), 1.0)
    np.testing.assert_allclose(window.uncertainty.shares(), state.smaa.acceptability)


def test_chart_exports(window, tmp_path):
    for key, chart in window.charts.items():
        window.docks[key].raise_()
        png = chart.render_to(tmp_path / f"{key}.png")
        svg = chart.render_to(tmp_path / f"{key}.svg")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in svg.read_bytes()[:2000]


def test_export_table_from_the_window(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "results.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    from decision_app.gui.exports import export_table_dialog

    assert export_table_dialog(window.state, window) == target
    from openpyxl import load_workbook

    wb = load_workbook(target)
    assert wb.sheetnames == ["ranking", "weights", "matrix"]
    rows = list(wb["ranking"].iter_rows(values_only=True))
    res = engine_scores(window.state)
    assert rows[1][1] == window.state.compiled.option_names[res.order[0]]
    assert rows[1][2] == pytest.approx(res.scores[res.order[0]])


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
        assert (tm.rowCount(), tm.columnCount()) == (12, 8)
        idx = tm.index(9, 0)  # ceasefire x casualties: 2 (1-4)
        assert tm.data(idx) == "2  (1–4)"
        assert tm.data(idx, Qt.ItemDataRole.EditRole) == 2.0
        assert "dramatically minimise" in tm.data(idx, Qt.ItemDataRole.ToolTipRole)
        assert tm.headerData(0, Qt.Orientation.Horizontal) == "Casualties and destruction ↓"
        assert tm.headerData(9, Qt.Orientation.Vertical).startswith("A ceasefire")
        good = tm.data(idx, Qt.ItemDataRole.BackgroundRole)
        bad = tm.data(tm.index(1, 0), Qt.ItemDataRole.BackgroundRole)  # 8 casualties: poor
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
        assert tm.data(idx) == "2  (1–4)"
    finally:
        state.undo_stack.setClean()
        state.shutdown()


def test_selftest_renders_every_view(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "selftest"
    r = subprocess.run([sys.executable, "-m", "decision_app", "--selftest", str(out)], capture_output=True,
                       text=True, timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    assert "selftest: ok" in r.stdout
    for name in ("ranking", "profile", "sensitivity", "uncertainty", "matrix", "window"):
        assert (out / f"{name}.png").stat().st_size > 2000


def test_start_model_order(tmp_path, model_copy):
    from decision_app.gui.app import load_start_model
    from decision_app.paths import model_path

    model, path, problem = load_start_model(str(model_copy), None)
    assert path == str(model_copy) and problem is None
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    model, path, problem = load_start_model(str(bad), str(model_copy))  # bad FILE: last file, and say why
    assert path == str(model_copy) and problem is not None and str(bad) in str(problem)
    model, path, problem = load_start_model(None, str(tmp_path / "gone.json"))  # last file vanished: default
    assert path == model_path() and problem is None and len(model.options) == 12


def test_drag_and_drop_opens_the_file(window, tmp_path, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    t = tmp_path / "dropped.csv"
    t.write_text("option,Risk\n#direction,min\nA,1\nB,2\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(t))])
    enter = QDragEnterEvent(QPointF(10, 10).toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: window.state.compiled.m == 2, timeout=3000)
    assert window.state.compiled.option_names == ("A", "B")


def test_layout_and_geometry_are_remembered(window, qtbot):
    from decision_app.core.loading import load_model as lm
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    window.docks["profile"].hide()
    window.resize(1111, 777)
    window.state.undo_stack.setClean()
    window.close()
    from decision_app.gui.settings import settings

    saved = settings().value("window/geometry")
    assert saved is not None and not saved.isEmpty()
    state = AnalysisState(lm(window.state.path), window.state.path)
    again = MainWindow(state)
    try:
        assert again._restored
        assert again.docks["profile"].isHidden()
        # offscreen, restoreGeometry clamps to the virtual screen; what it restores is the saved geometry
        assert again.saveGeometry() == saved or (again.width(), again.height()) != (1400, 900)
    finally:
        state.shutdown()
        again.deleteLater()


def test_hover_shows_exact_numbers(window):
    r = window.state.results
    lead = int(r.order[0])
    text = window.ranking.hover_text(float(r.scores[lead]) / 2, float(window.ranking.row_positions()[lead]))
    assert f"{r.scores[lead]:.4f}" in text and "Rank 1" in text and "Contributions" in text
    assert window.ranking.hover_text(0.1, -5) is None
    window.state.select(criterion=0)
    k = 0
    t = float(r.weights[k])
    y = float(np.interp(t, window.state.results.sweep_t, window.state.results.sweep_scores[:, lead]))
    assert window.state.compiled.option_names[lead] in window.sensitivity.hover_text(t, y)


def test_elicit_weights_dialog(window):
    from decision_app.core.weights import ahp, rank_order_centroid, swing
    from decision_app.gui.elicit_dialog import ElicitDialog

    state = window.state
    dlg = ElicitDialog(state, window)
    ranks = [1, 2, 2, 3, 4, 5, 6, 7]
    for spin, r in zip(dlg.ranks, ranks, strict=True):
        spin.setValue(r)
    np.testing.assert_allclose(dlg.weights, rank_order_centroid(ranks))
    dlg.tabs.setCurrentIndex(1)
    pts = [100, 80, 60, 40, 20, 10, 5, 0]
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
    np.testing.assert_allclose(dlg.weights, np.full(8, 1 / 8))
    dlg.tabs.setCurrentIndex(0)
    before = state.weights.copy()
    dlg.apply()
    np.testing.assert_allclose(state.weights, rank_order_centroid(ranks))
    assert_ranking_matches_engine(window)
    state.undo_stack.undo()
    np.testing.assert_allclose(state.weights, before)


def test_theme_switch_rebuilds_charts_only(window):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    resets = []
    window.matrix.model.modelReset.connect(lambda: resets.append(1))
    from PySide6.QtCore import QCoreApplication

    def sizes():
        for _ in range(3):
            QCoreApplication.processEvents()  # let pending layout settle before measuring
        shown = ("weights", "ranking", "sensitivity", "matrix")  # on screen; the other two are tabbed away
        return {k: (window.docks[k].width(), window.docks[k].height()) for k in shown}

    before = sizes()
    window.set_theme("dark")
    try:
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
        assert window.ranking.plot.backgroundBrush().color().lightness() < 128
        assert "lightest" in window.uncertainty.axis_label("bottom")
        after = sizes()
        assert after.keys() == before.keys()
        assert all(abs(after[k][0] - before[k][0]) <= 4 and abs(after[k][1] - before[k][1]) <= 4 for k in before), (before, after)
        assert_ranking_matches_engine(window)
        assert resets == []  # the model did not change, so the matrix keeps its state
    finally:
        window.set_theme("light")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() >= 128
