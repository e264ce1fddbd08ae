"""Charts: every method feeds every view, the uncertainty worker, exports, read-outs and themes."""

from __future__ import annotations

import numpy as np
from gui_checks import assert_ranking_matches_engine

from decision_app.core.engine import Analysis


def test_every_method_feeds_every_chart(window):
    state = window.state
    state.select(criterion=0)  # the sweep of the first criterion is checked below
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
        assert "rank 1 (lightest)" in window.uncertainty.caption.text().replace("&nbsp;", " ")  # the shades' legend
        after = sizes()
        assert after.keys() == before.keys()
        assert all(abs(after[k][0] - before[k][0]) <= 4 and abs(after[k][1] - before[k][1]) <= 4 for k in before), (before, after)
        assert_ranking_matches_engine(window)
        assert resets == []  # the model did not change, so the matrix keeps its state
    finally:
        window.set_theme("light")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() >= 128


def test_bar_charts_paint_without_antialiasing_and_line_charts_with_it(window):
    """Axis-aligned bars gain nothing from antialiasing and paint faster without it (the slider path); the
    sensitivity lines run at angles and keep it."""
    from PySide6.QtGui import QPainter

    def smooth(name: str) -> bool:
        return bool(window.charts[name].plot.renderHints() & QPainter.RenderHint.Antialiasing)

    assert not smooth("ranking")
    assert not smooth("uncertainty")
    assert smooth("sensitivity")
