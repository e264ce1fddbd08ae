"""Sensitivity: every option's score as one criterion's weight sweeps 0..1 (the others rescaled in
proportion), the current weight marked, and the tipping points where the leader changes, labelled."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from decision_app.core.methods import METHODS
from decision_app.gui.charts.base import ChartPanel, axis_font_color, compact_combo, elide, html_escape
from decision_app.gui.theme import option_style

MANY = 16
HIGHLIGHT = 8


def tipping_label(weight: float, name: str) -> str:
    return f"above {weight:.2f}, {elide(name, 30)} leads"


class SensitivityChart(ChartPanel):
    title = "Sensitivity"

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        row = QHBoxLayout()
        row.addWidget(QLabel("Weight of"))
        self.criterion = compact_combo(QComboBox())
        self.criterion.setAccessibleName("Sensitivity: criterion whose weight is swept")
        self.criterion.currentIndexChanged.connect(self._chosen)
        row.addWidget(self.criterion, 1)
        self.body.addLayout(row)
        state.sig_selection_changed.connect(self._follow)

    def _chosen(self, k: int) -> None:
        if k >= 0:
            self.state.select(criterion=k)

    def _follow(self, _option: int, criterion: int) -> None:
        if self.criterion.currentIndex() != criterion:
            self.criterion.blockSignals(True)
            self.criterion.setCurrentIndex(criterion)
            self.criterion.blockSignals(False)

    def build(self) -> None:
        c = self.state.compiled
        self.criterion.blockSignals(True)
        self.criterion.clear()
        self.criterion.addItems(list(c.criterion_names))
        self.criterion.setCurrentIndex(self.state.selected_criterion)
        self.criterion.blockSignals(False)
        self.item.clear()
        axis_font_color(self.item, self.text_color())
        self.item.showGrid(x=True, y=True, alpha=0.15)
        # Up to MANY options each gets its own coloured line; beyond that colours cannot be told apart, so
        # the current top HIGHLIGHT are coloured and the rest share one faint curve (one path, one paint).
        self.many = c.m > MANY
        self.curves = []
        for i in range(HIGHLIGHT if self.many else c.m):
            col, dash = option_style(i)
            curve = pg.PlotCurveItem([0, 1], [0, 0], pen=pg.mkPen(col, width=2, style=dash))
            self.item.addItem(curve)
            self.curves.append(curve)
        faint = QColor(self.text_color())
        faint.setAlpha(50)
        self.rest = pg.PlotCurveItem(pen=pg.mkPen(faint, width=1), connect="finite")
        self.item.addItem(self.rest)
        self.shown = np.arange(len(self.curves))
        self.now_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(self.text_color(), width=1.5,
                                                               style=pg.QtCore.Qt.PenStyle.DashLine))
        self.item.addItem(self.now_line)
        self.tip_points = pg.ScatterPlotItem(size=11, symbol="d", brush=pg.mkBrush(self.text_color()), pen=None)
        self.item.addItem(self.tip_points)
        self.tip_labels: list[pg.TextItem] = []
        self.item.setXRange(0, 1, padding=0.02)
        self.item.setLabel("bottom", "weight of the criterion (others rescaled in proportion)")

    def update_data(self) -> None:
        r = self.state.results
        c = self.state.compiled
        if r is None or not hasattr(self, "curves") or self.many != (c.m > MANY) or \
                (not self.many and len(self.curves) != c.m):
            return
        self.shown = r.order[:HIGHLIGHT] if self.many else np.arange(c.m)
        for curve, i in zip(self.curves, self.shown, strict=True):
            curve.setData(r.sweep_t, r.sweep_scores[:, i])
            if self.many:
                col, dash = option_style(int(i))
                curve.setPen(pg.mkPen(col, width=2, style=dash))
        if self.many:
            others = np.setdiff1d(np.arange(c.m), self.shown)
            t = np.append(r.sweep_t, np.nan)
            ys = np.vstack([r.sweep_scores[:, others], np.full((1, others.size), np.nan)])
            self.rest.setData(np.tile(t, others.size), ys.T.ravel())
        self.sticky_range("y", float(r.sweep_scores.min()), float(r.sweep_scores.max()))
        k = r.sweep_criterion
        self.now_line.setValue(float(r.weights[k]))
        while len(self.tip_labels) < len(r.tipping):  # a pool of labels, reused move after move
            label = pg.TextItem(anchor=(0, 1), color=self.text_color())
            label.setCacheMode(label.CacheMode.DeviceCoordinateCache)
            self.item.addItem(label)
            self.tip_labels.append(label)
        xs, ys = [], []
        for label, tp in zip(self.tip_labels, r.tipping, strict=False):  # the label pool may be larger
            y = float(np.interp(tp.weight, r.sweep_t, r.sweep_scores[:, tp.after]))
            xs.append(tp.weight)
            ys.append(y)
            text = tipping_label(tp.weight, c.option_names[tp.after])
            if label.toPlainText() != text:
                label.setText(text)
            label.setPos(tp.weight, y)
            label.setVisible(True)
        for label in self.tip_labels[len(r.tipping):]:
            label.setVisible(False)
        self.tip_points.setData(xs, ys)
        left = METHODS[r.method].score_label + ("" if r.higher_is_better else " (lower is better)")
        if getattr(self, "_left_label", None) != left:
            self.item.setLabel("left", left)
            self._left_label = left
        lead = r.order[0]
        stable = "no tipping point: the leader holds across the whole range" if not r.tipping else \
            f"{len(r.tipping)} tipping point{'s' if len(r.tipping) > 1 else ''}"
        self.set_caption(f"<b>Sensitivity</b> — weight of {html_escape(c.criterion_names[k])} now "
                             f"{r.weights[k]:.2f}; {html_escape(elide(c.option_names[lead], 40))} leads; {stable}")

    def hover_text(self, x: float, y: float) -> str | None:
        r = self.state.results
        if r is None or not 0 <= x <= 1:
            return None
        col = np.interp(x, r.sweep_t, np.arange(len(r.sweep_t)))
        lo = int(np.floor(col))
        frac = col - lo
        row = r.sweep_scores[lo] * (1 - frac) + r.sweep_scores[min(lo + 1, len(r.sweep_t) - 1)] * frac
        i = int(np.argmin(np.abs(row - y)))
        span = np.ptp(r.sweep_scores) or 1.0
        if abs(row[i] - y) > 0.05 * span:
            return None
        c = self.state.compiled
        return (f"<b>{html_escape(c.option_names[i])}</b><br>weight {x:.3f}: "
                f"{METHODS[r.method].score_label} {row[i]:.4f}")
