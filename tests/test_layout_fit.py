"""The window on a ministry laptop (1024x768) and a large monitor (1920x1080), issue 19 items 4 and 5: the weights
keep a sensible width and the charts take the rest, the evidence pane and the matrix show their text whole, the
Uncertainty view keeps its axis title and says what its shades mean, the ranking's whiskers say what they show,
the Sensitivity view opens where the answer is closest to changing, tipping labels stay apart from each other
and from the current weight's line, and Tab goes from the profile to the weights. Each test failed before its fix.
"""

from __future__ import annotations

import pytest
from conftest import close_window
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

from decision_app.core.loading import load_model


def first_window(qtbot, monkeypatch, model_copy, w: int, h: int, start: tuple[int, int] | None = None):
    """The window on a first start on a w x h screen, maximised (from `start` when given: a window made larger)."""
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, w, h))
    win = MainWindow(AnalysisState(load_model(model_copy), model_copy))
    if start is not None:
        win.setGeometry(0, 0, *start)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(20)
    win.setGeometry(0, 0, w, h)
    qtbot.wait(20)
    return win


@pytest.fixture
def laptop(qtbot, monkeypatch, model_copy):
    win = first_window(qtbot, monkeypatch, model_copy, 1024, 768)
    yield win
    close_window(win)


@pytest.fixture
def monitor(qtbot, monkeypatch, model_copy):
    win = first_window(qtbot, monkeypatch, model_copy, 1920, 1080, start=(1400, 900))
    yield win
    close_window(win)


# --- 4a. a larger window gives its width to the charts ------------------------------------------------------


WEIGHTS_MOST = 480  # px at 100 %: a slider as long as a third of a laptop screen is long enough


def test_a_larger_window_gives_its_width_to_the_charts_not_the_weights(monitor):
    """Maximised from 1400 px, the weights dock took all 500 px gained (831 px wide, the charts unchanged)."""
    weights, ranking, sens = (monitor.docks[k] for k in ("weights", "ranking", "sensitivity"))
    assert weights.width() <= WEIGHTS_MOST, weights.width()
    assert weights.width() <= monitor.weights.sizeHint().width() + 8
    assert ranking.width() + sens.width() >= 1920 - weights.width() - 40, (ranking.width(), sens.width())
    assert monitor.docks["matrix"].width() >= 1920 - weights.width() - 40


def test_the_weights_take_what_their_rows_need_at_any_zoom(monitor, qtbot):
    """The bound grows with the zoomed text: no lock box or percentage leaves the panel."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    for steps in (5, 10):
        monitor.set_zoom(steps)
        qtbot.wait(30)
        panel = monitor.weights
        viewport = panel.findChild(QScrollArea).viewport()
        for _slider, _spin, lock, _name in panel.rows:
            assert lock.mapTo(viewport, QPoint(lock.width(), 0)).x() <= viewport.width(), (steps, lock.accessibleName())
    monitor.set_zoom(0)


# --- 5. keyboard order and a visible focus --------------------------------------------------------------------


def tab_stops(win, qtbot, start, count: int) -> list:
    """The widgets the focus reaches from `start` by `count` presses of Tab, as a user does it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    win.activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait(5)
    stops = []
    for _ in range(count):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    return stops


def expected_weight_stops(panel) -> list:
    return [w for slider, spin, lock, _name in panel.rows for w in (slider, spin, lock)]


def test_tab_goes_from_the_profile_controls_to_the_weight_rows(laptop, qtbot):
    """After the profile chooser came the method, the two buttons, the rows' scroll area (a stop that showed
    nothing) and the method's help text; after a rebuild (another model) the new rows came after every view."""
    panel = laptop.weights
    for round_ in range(2):
        rows = expected_weight_stops(panel)
        stops = tab_stops(laptop, qtbot, panel.profile, 3 + len(rows))
        assert stops[:3] == [panel.method, panel.reset_btn, panel.save_btn], round_
        assert stops[3:] == rows, (round_, [s.accessibleName() for s in stops[3:8]])
        # a structural edit rebuilds the rows: the order holds
        from decision_app.core import edits

        laptop.state.replace_model(edits.add_criterion(laptop.state.model, "Cost to the budget", "cost"), "Add")
        qtbot.wait(10)
    after = tab_stops(laptop, qtbot, expected_weight_stops(panel)[-1], 1)
    assert after == [panel.help_area]  # the method's explanation, then the other views


def test_every_tab_stop_shows_where_the_focus_is(laptop, qtbot):
    """Sliders, lock boxes, the charts, the help text and the evidence text showed no sign of the focus: the
    window looked the same with the focus on them as without. Every stop of a whole round of Tab is checked."""
    from PySide6.QtCore import QMargins, QPoint, QRect
    from PySide6.QtWidgets import QScrollArea

    stops = tab_stops(laptop, qtbot, laptop.weights.profile, 200)
    stops = list(dict.fromkeys(stops[: stops.index(laptop.weights.profile) + 1]))  # one round
    kinds = set()
    for w in stops:
        dock = next((d for d in laptop.docks.values() if d.isAncestorOf(w)), None)
        if dock is not None:
            dock.raise_()  # in front, as Tab brings it
        parent = w.parentWidget()
        while parent is not None:  # scrolled into view, as Tab does
            if isinstance(parent, QScrollArea) and parent.isAncestorOf(w):
                parent.ensureWidgetVisible(w)
            parent = parent.parentWidget()
        laptop.activateWindow()
        w.setFocus()
        qtbot.wait(5)
        assert laptop.focus_ring.target() is w, w.accessibleName()
        area = QRect(w.mapTo(laptop, QPoint(-4, -4)), w.size().grownBy(QMargins(0, 0, 8, 8)))
        focused = laptop.grab(area).toImage()
        w.clearFocus()
        qtbot.wait(5)
        assert focused != laptop.grab(area).toImage(), (type(w).__name__, w.accessibleName())
        kinds.add(type(w).__name__)
    assert {"QSlider", "QCheckBox", "PlotWidget", "MatrixTable", "QTextBrowser"} <= kinds, kinds


# --- 4e. the ranking's whiskers for the relative methods ------------------------------------------------------


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2"])
def test_relative_methods_whisker_the_band_over_the_draws_and_say_so(monitor, method):
    """TOPSIS's whiskers ran from 0.15 to 0.85 for every option: one option's own scores at their ends move
    the ideals of all. They now show the 5-95 % band of its score over the uncertainty draws."""
    import numpy as np

    state, chart = monitor.state, monitor.ranking
    state.set_method(method)
    assert state.wait_for_smaa()
    monitor.focus_view("ranking")
    drawn = chart.drawn_ranges()
    band = state.smaa.score_band
    assert drawn is not None
    np.testing.assert_allclose(drawn[0], band[0], atol=1e-9)
    np.testing.assert_allclose(drawn[1], band[1], atol=1e-9)
    r = state.results
    assert np.mean(drawn[1] - drawn[0]) < 0.75 * np.mean(r.high - r.low)  # not the whole axis
    assert "5%–95% of each" in chart.caption.text() and "uncertainty draws" in chart.caption.text()


def test_weighted_sum_and_product_whisker_the_low_high_range(monitor):
    import numpy as np

    state, chart = monitor.state, monitor.ranking
    state.set_method("wsm")
    drawn = chart.drawn_ranges()
    np.testing.assert_allclose(drawn[0], state.results.low, atol=1e-12)
    np.testing.assert_allclose(drawn[1], state.results.high, atol=1e-12)
    assert "low–high" in chart.caption.text()


# --- 4g. tipping labels apart from each other and from the current weight's line ---------------------------


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_tipping_labels_never_cover_the_current_weight_or_each_other_at_any_zoom(qtbot, monkeypatch, model_copy, size):
    """Under TOPSIS the label "above 0.04, Fight and negotiate…" ran through the dashed line at 0.09."""
    from PySide6.QtCore import QPointF

    win = first_window(qtbot, monkeypatch, model_copy, *size)
    try:
        chart, state = win.sensitivity, win.state
        win.focus_view("sensitivity")
        checked = 0
        for steps in (0, 5, 10):
            win.set_zoom(steps)
            qtbot.wait(20)
            for method in ("wsm", "topsis", "promethee2", "vikor"):
                state.set_method(method)
                for k in range(state.compiled.n):
                    state.select(criterion=k)
                    chart.flush()
                    vb = chart.item.getViewBox()
                    line = vb.mapViewToScene(QPointF(float(state.results.weights[k]), 0.0)).x()
                    view = vb.sceneBoundingRect()
                    rects = chart.tip_labels.rects()
                    checked += len(rects)
                    for n, r in enumerate(rects):
                        where = (steps, method, k, n, chart.tipping_texts())
                        assert not (r.left() - 1 < line < r.right() + 1), where
                        assert view.contains(r), where
                        assert not any(r.intersects(o) for o in rects[:n]), where
        assert checked >= 20
    finally:
        close_window(win)


# --- 4f. the Sensitivity view opens where the answer is closest to changing ----------------------------------


def test_sensitivity_opens_on_the_nearest_tipping_point_and_marks_it(laptop, qtbot):
    """It opened on the first criterion (0.06 from its tipping point) while Time to effect tips 0.035 away."""
    from decision_app.core.sensitivity import nearest_tipping, sensitivity

    state, chart = laptop.state, laptop.sensitivity
    near = nearest_tipping(sensitivity(state.analysis, state.method, state.weights))
    assert near is not None and near[0].criterion != 0  # the shipped model's nearest is not the first criterion
    k = near[0].criterion
    assert state.selected_criterion == k and state.results.sweep_criterion == k
    laptop.focus_view("sensitivity")
    chart.flush()
    assert chart.criterion.currentIndex() == k
    assert chart.criterion.currentText().endswith("nearest tipping point")
    assert [chart.criterion.itemText(j).endswith("nearest tipping point") for j in range(state.compiled.n)].count(True) == 1
    assert "the nearest of any criterion" in chart.caption.text()
    # another criterion shown: the chooser still marks the nearest, and the caption names it
    other = (k + 1) % state.compiled.n
    chart.criterion.setCurrentIndex(other)
    chart.flush()
    assert chart.criterion.itemText(k).endswith("nearest tipping point")
    assert f"the nearest is on {state.compiled.criterion_names[k]}" in chart.caption.text()
    # weights that move the nearest point elsewhere: the mark follows after a short pause
    state.set_method("topsis")
    moved = nearest_tipping(sensitivity(state.analysis, "topsis", state.weights))[0].criterion
    assert moved != k
    qtbot.waitUntil(lambda: chart.criterion.itemText(moved).endswith("nearest tipping point"), timeout=3000)
    assert not chart.criterion.itemText(k).endswith("nearest tipping point")


# --- 4d. the Uncertainty view keeps its axis title and says what its shades mean ----------------------------


def axis_title_in_view(win, chart) -> bool:
    """Is the bottom axis' title wholly inside what the dock shows (not scrolled or cut off below)?"""
    from PySide6.QtCore import QPoint, QRect

    label = chart.item.getAxis("bottom").label
    scene = label.mapRectToScene(label.boundingRect())
    top_left = chart.plot.mapFromScene(scene.topLeft())
    rect = QRect(chart.plot.mapTo(win, top_left), scene.size().toSize())
    body = win.docks["uncertainty"].widget()
    shown = QRect(body.viewport().mapTo(win, QPoint(0, 0)), body.viewport().size())
    return label.isVisible() and shown.contains(rect)


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_uncertainty_keeps_its_axis_title_and_says_what_its_shades_mean(qtbot, monkeypatch, model_copy, size):
    """At 1024x768 the view was taller than its dock: the axis title "share per rank (rank 1 darkest)", the
    only word on the shades, was below the dock's edge."""
    from decision_app.gui.theme import is_dark, rank_color

    win = first_window(qtbot, monkeypatch, model_copy, *size)
    try:
        chart = win.uncertainty
        assert win.state.wait_for_smaa()
        win.focus_view("uncertainty")
        chart.update_data()
        qtbot.wait(30)
        assert chart.axis_label("bottom")
        assert axis_title_in_view(win, chart), (win.docks["uncertainty"].height(), chart.minimumSizeHint())
        caption = chart.caption.text().replace("&nbsp;", " ")
        m = win.state.compiled.m
        assert "rank 1" in caption and f"rank {m}" in caption
        for r in (0, m - 1):  # the legend's swatches are the bars' own colours, rank 1 and the last
            assert rank_color(r, m, is_dark()).name() in caption
    finally:
        close_window(win)


# --- 4c. the matrix at View > Zoom 150 % shows its numbers and headers whole --------------------------------


def test_matrix_at_150_percent_shows_numbers_and_headers_whole(laptop, qtbot):
    """The columns kept their 100 % width: zoomed, "8  (6–9)  E" and the criteria's names were elided."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics

    for steps in (5, 10):  # 150 % and 200 %
        laptop.set_zoom(steps)
        qtbot.wait(30)
        table = laptop.matrix.table
        model, header = table.model(), table.horizontalHeader()
        fm = QFontMetrics(table.font())
        margin = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 2
        for j in range(model.columnCount()):
            width = header.sectionSize(j)
            for i in range(model.rowCount()):
                text = model.data(model.index(i, j))
                assert fm.horizontalAdvance(text) + margin <= width, (steps, i, j, text, width)
            title = model.headerData(j, Qt.Orientation.Horizontal)
            hfm = QFontMetrics(header.font())
            room = QRect(0, 0, width - margin - 4, 10_000)
            need = hfm.boundingRect(room, int(Qt.TextFlag.TextWordWrap), title)
            assert need.width() <= room.width() and need.height() <= header.height(), (steps, j, title, width)
        assert header.defaultAlignment() & Qt.AlignmentFlag.AlignHCenter
        assert header.textElideMode() == Qt.TextElideMode.ElideNone  # Qt elides to one line before wrapping
    laptop.set_zoom(0)


# --- 4b. the evidence pane on a laptop: the basis and a quote unclipped ----------------------------------------


def test_evidence_pane_shows_the_basis_and_a_quote_whole_at_1024x768(laptop, qtbot):
    """At 1024x768 the basis read "judgement (J): the modell", the Quote column was 52 px wide and the first
    quote's row lay below the pane's edge."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QFontMetrics

    state, pane = laptop.state, laptop.matrix.evidence
    i, j = next((i, j) for i, o in enumerate(state.model.options) for j, c in enumerate(state.model.criteria)
                if o.scores[c.id].citations)
    state.select(option=i, criterion=j)
    qtbot.wait(20)
    viewport = pane._scroll.viewport()
    shown = QRect(QPoint(0, 0), viewport.size())

    def in_view(widget, rect=None) -> QRect:
        rect = rect if rect is not None else widget.rect()
        return QRect(widget.mapTo(viewport, rect.topLeft()), rect.size())

    basis = pane.basis
    fm = QFontMetrics(basis.font())
    arrow = basis.style().pixelMetric(basis.style().PixelMetric.PM_ScrollBarExtent)
    for k in range(basis.count()):  # every choice reads whole in the box
        assert fm.horizontalAdvance(basis.itemText(k)) + arrow + 12 <= basis.width(), basis.itemText(k)
    assert shown.contains(in_view(basis))
    table = pane.citations
    cell = table.visualRect(table.model().index(0, 1))
    quote = QRect(table.viewport().mapTo(viewport, cell.topLeft()), cell.size())
    assert shown.contains(quote), (quote, shown)  # the first quote, without scrolling
    assert cell.width() >= 16 * QFontMetrics(table.font()).averageCharWidth(), cell.width()
    assert pane._scroll.horizontalScrollBar().maximum() == 0  # nothing off to the side


def test_uncertainty_axis_shows_both_ends_of_the_shares(laptop, qtbot):
    """The share axis drew 0.2 to 0.8 only: pyqtgraph dropped "0" and "1", which stood on the axis' edges."""
    from PySide6.QtGui import QImage, QPainter

    chart = laptop.uncertainty
    laptop.focus_view("uncertainty")
    assert laptop.state.wait_for_smaa()
    qtbot.wait(30)
    for steps in (0, 10):
        laptop.set_zoom(steps)
        qtbot.wait(30)
        axis = chart.item.getAxis("bottom")
        img = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(img)
        try:
            texts = [t[2] for t in axis.generateDrawSpecs(painter)[2]]
        finally:
            painter.end()
        assert {"0", "1"} <= set(texts), (steps, texts)
    laptop.set_zoom(0)


def test_a_floated_view_shows_its_focus_too(laptop, qtbot):
    dock = laptop.docks["ranking"]
    dock.setFloating(True)
    qtbot.wait(20)
    try:
        dock.activateWindow()
        laptop.ranking.plot.setFocus()
        qtbot.wait(10)
        assert laptop.focus_ring.target() is laptop.ranking.plot
    finally:
        dock.setFloating(False)
