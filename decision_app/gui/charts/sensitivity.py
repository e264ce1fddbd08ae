"""Sensitivity: every option's score as one criterion's weight sweeps 0..1 (the others rescaled in
proportion), the current weight marked, and the tipping points where the leader changes, labelled.

A document opens on the criterion whose tipping point lies nearest its weight (the state selects it), and the
chooser marks that criterion, whichever is shown: found by core (`decisive_criterion`, every criterion's
tipping points) a short pause after the last change, as it costs more than one slider move may."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QWidget

from decision_app.core.methods import METHODS
from decision_app.core.sensitivity import TippingPoint
from decision_app.core.snapshot import decisive_criterion
from decision_app.core.tree import branch_sweep
from decision_app.gui.charts.base import ChartPanel, axis_font_color, compact_combo, elide, fill_names, html_escape
from decision_app.gui.charts.labels import LabelSet
from decision_app.gui.charts.lines import PolylineSet
from decision_app.gui.theme import option_style

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

MANY = 16
END_CHARS = 24  # line-end labels: names elided to this; the full name is in the hover read-out
HIGHLIGHT = 8
GUTTER_GAP = 10  # pixels between a line's end and its name
GUTTER_SHARE = 0.4  # the line-end names take at most this share of the chart's width
PAD = 0.02
PLOT_LINES = 6  # the plot's least height in lines of its text (tipping labels need room above their points)
NEAREST_MARK = "  ◆ nearest tipping point"
NEAREST_DELAY_MS = 250  # the pause after the last change before the nearest tipping point is looked for
BOTTOM_TITLES = ("weight of the criterion (others rescaled in proportion)", "criterion's weight (others in proportion)",
                 "criterion's weight")


def bottom_titles(swept: str) -> tuple[str, ...]:
    """The axis titles, longest first, for what is swept: "criterion", or "objective" (a value tree's branch)."""
    return tuple(t.replace("criterion", swept) for t in BOTTOM_TITLES)


def tipping_label(weight: float, name: str) -> str:
    return f"above {weight:.2f}, {elide(name, 30)} leads"


class SensitivityChart(ChartPanel):
    title = "Sensitivity"

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(state, parent)
        row = QHBoxLayout()
        row.addWidget(QLabel("Weight of"))
        self.criterion = compact_combo(QComboBox())
        self.criterion.setAccessibleName("Sensitivity: criterion whose weight is swept")
        self.criterion.currentIndexChanged.connect(self._chosen)
        row.addWidget(self.criterion, 1)
        self.body.addLayout(row)
        state.sig_selection_changed.connect(self._follow)
        self.branch: int | None = None  # an objective of the value tree swept instead of a criterion
        self._gutter_hooked = False
        self.nearest: tuple[int, TippingPoint | None] | None = None  # (criterion, its point) as marked
        self._nearest_timer = QTimer(self)
        self._nearest_timer.setSingleShot(True)
        self._nearest_timer.setInterval(NEAREST_DELAY_MS)
        self._nearest_timer.timeout.connect(self.find_nearest)
        state.sig_results_changed.connect(self._nearest_timer.start)

    def _chosen(self, k: int) -> None:
        n = self.state.compiled.n
        if 0 <= k < n:
            self.branch = None
            self.state.select(criterion=k)
        elif k >= n:  # an objective: swept here (`core.tree.branch_sweep`), the selection stays
            self.branch = k - n
            self.update_data()
        if hasattr(self, "curves"):
            self._fit_gutter()  # the axis title names what is swept

    def _follow(self, _option: int, criterion: int) -> None:
        if self.branch is not None:
            return
        if self.criterion.currentIndex() != criterion:
            self.criterion.blockSignals(True)
            self.criterion.setCurrentIndex(criterion)
            self.criterion.blockSignals(False)

    def build(self) -> None:
        c = self.state.compiled
        self.criterion.blockSignals(True)
        fill_names(self.criterion, c.criterion_labels, c.criterion_names)
        tree = self.state.tree
        for k in range(tree.n_nodes):  # the value tree's objectives after the criteria
            self.criterion.addItem(f"Objective: {tree.short[k]}")
            self.criterion.setItemData(self.criterion.count() - 1, tree.names[k], Qt.ItemDataRole.ToolTipRole)
        self.branch = None
        self.criterion.setCurrentIndex(self.state.selected_criterion)
        self.criterion.blockSignals(False)
        self.nearest = None
        self.find_nearest()
        self.fit_rows(PLOT_LINES)  # zoomed in on a short screen, the view scrolls rather than squeeze the plot
        self.item.clear()
        axis_font_color(self.item, self.text_color())
        self.item.showGrid(x=True, y=True, alpha=0.15)
        # Up to MANY options each gets its own coloured line; beyond that colours cannot be told apart, so
        # the current top HIGHLIGHT are coloured and the rest share one faint curve (one path, one paint).
        self.many = c.m > MANY
        self.curves = PolylineSet()  # the coloured lines, one item
        self._pens: dict[int, QPen] = {}
        self.item.addItem(self.curves)
        faint = QColor(self.text_color())
        faint.setAlpha(50)
        self.rest = pg.PlotCurveItem(pen=pg.mkPen(faint, width=1), connect="finite")
        self.item.addItem(self.rest)
        self.shown = np.arange(0 if self.many else c.m)
        self.now_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(self.text_color(), width=1.5,
                                                               style=pg.QtCore.Qt.PenStyle.DashLine))
        self.item.addItem(self.now_line)
        self.tip_labels = LabelSet(self.text_color(), anchor=(0, 1), offset=(6, -3), marker=11,  # diamonds
                                   avoid_overlap=True)
        self.tip_labels.left_of = 1.0  # never over the names of the lines' ends
        self.item.addItem(self.tip_labels)
        # Direct labels instead of a legend: each option's name in its line's colour, in a column to the right
        # of the lines' ends (the gutter), spread apart where lines converge and joined to their ends by
        # leaders (one item, refilled per move like the tipping labels).
        self.end_labels = LabelSet(self.text_color(), anchor=(0, 0.5), offset=(GUTTER_GAP, 0), stack=True)
        self.item.addItem(self.end_labels)
        self.end_labels.sig_font_changed.connect(self._fit_gutter)
        if not self._gutter_hooked:  # the view box's width changes with the chart's and with its axes' (zoom)
            self.item.getViewBox().sigResized.connect(self._fit_gutter)
            self._gutter_hooked = True
        self._end_texts: list[str] = []
        self._gutter_key: tuple[object, ...] | None = None
        self._left_label: str | None = None
        bottom = self.item.getAxis("bottom")
        bottom.setTicks([[(v, f"{v:g}") for v in np.linspace(0, 1, 6).round(1)],
                         [(v, "") for v in np.linspace(0.1, 0.9, 5).round(1)]])  # none over the gutter
        self.item.setXRange(0, 1, padding=0.02)
        self._bottom_label: str | None = None
        self._fit_gutter()

    def update_data(self) -> None:
        r = self.state.results
        c = self.state.compiled
        if r is None or not hasattr(self, "curves") or self.many != (c.m > MANY):
            return
        self.shown = r.order[:HIGHLIGHT] if self.many else np.arange(c.m)
        pens = [self._pen(int(i)) for i in self.shown]
        tree = self.state.tree
        if self.branch is not None and self.branch < tree.n_nodes:
            bs = branch_sweep(self.state.analysis, r.method, r.weights, tree, self.branch)
            sweep_t, sweep_scores, tipping, now = bs.t, bs.scores, bs.tipping, bs.weight
            swept = tree.short[self.branch]
        else:
            k = r.sweep_criterion
            sweep_t, sweep_scores, tipping, now = r.sweep_t, r.sweep_scores, r.tipping, float(r.weights[k])
            swept = c.criterion_labels[k]
        self._sweep = (sweep_t, sweep_scores)
        self.curves.set_lines(sweep_t, sweep_scores[:, self.shown].T, pens)
        texts = [elide(c.option_labels[int(i)], END_CHARS) for i in self.shown]
        self.end_labels.set_labels(np.full(len(self.shown), float(sweep_t[-1])), sweep_scores[-1, self.shown],
                                   texts, [pen.color() for pen in pens], ties=sweep_scores[-2, self.shown],
                                   priority=r.ranks[self.shown])
        if texts != self._end_texts:
            self._end_texts = texts
            self._fit_gutter()
        if self.many:
            others = np.setdiff1d(np.arange(c.m), self.shown)
            t = np.append(sweep_t, np.nan)
            ys = np.vstack([sweep_scores[:, others], np.full((1, others.size), np.nan)])
            self.rest.setData(np.tile(t, others.size), ys.T.ravel())
        self.sticky_range("y", float(sweep_scores.min()), float(sweep_scores.max()))
        k = r.sweep_criterion
        self.now_line.setValue(now)
        self.tip_labels.clear_of = [now]  # no tipping label across the current weight's line
        tip_x = [tp.weight for tp in tipping]
        tip_y = [float(np.interp(tp.weight, sweep_t, sweep_scores[:, tp.after])) for tp in tipping]
        self.tip_labels.set_labels(tip_x, tip_y, [tipping_label(tp.weight, c.option_labels[tp.after]) for tp in tipping])
        left = METHODS[r.method].score_label + ("" if r.higher_is_better else " (lower is better)")
        if self._left_label != left:
            self.item.setLabel("left", left)
            self._left_label = left
        lead = r.order[0]
        stable = "no tipping point: the leader holds across the whole range" if not tipping else \
            f"{len(tipping)} tipping point{'s' if len(tipping) > 1 else ''}"
        near = self.nearest
        if self.branch is not None:
            self.set_caption(f"<b>Sensitivity</b> — weight of the objective {html_escape(swept)} now {now:.2f} "
                             f"(its criteria and the others each keep their proportions); "
                             f"{html_escape(elide(c.option_labels[lead], 40))} leads; {stable}")
            return
        if near is not None and near[1] is not None:
            stable += (" — the nearest of any criterion" if near[0] == k else
                       f"; the nearest is on {html_escape(c.criterion_labels[near[0]])} (◆ in the chooser)")
        self.set_caption(f"<b>Sensitivity</b> — weight of {html_escape(c.criterion_labels[k])} now "
                         f"{r.weights[k]:.2f}; {html_escape(elide(c.option_labels[lead], 40))} leads; {stable}")

    def find_nearest(self) -> None:
        """Mark the criterion whose tipping point is nearest (none when no weight can change the leader)."""
        r = self.state.results
        if r is None or self.criterion.count() != self.state.compiled.n + self.state.tree.n_nodes:
            return
        k, tip = decisive_criterion(self.state.analysis, r.method, r.weights)
        near = (k, tip)
        if near == self.nearest:
            return
        self.nearest = near
        for j, label in enumerate(self.state.compiled.criterion_labels):
            self.criterion.setItemText(j, label + (NEAREST_MARK if j == k and tip is not None else ""))
        self.update_data()

    def _fit_gutter(self) -> None:
        """Room right of x = 1 for the line-end names: the x range runs past 1 by the names' width (at most
        GUTTER_SHARE of the chart; longer names are shortened to fit)."""
        vb = self.item.getViewBox()
        w = float(vb.width())
        if w <= 0:
            return
        fm = QFontMetricsF(self.end_labels.font)
        widest = max((fm.horizontalAdvance(t) for t in self._end_texts), default=0.0)
        gutter = min(widest + GUTTER_GAP + 4, GUTTER_SHARE * w)
        branch = getattr(self, "branch", None)  # None while the chart is first made
        swept = "objective" if branch is not None and branch < self.state.tree.n_nodes else "criterion"
        key = (round(w), round(gutter), fm.height(), swept)
        if key == self._gutter_key:
            return
        self._gutter_key = key
        # the axis title in full where it fits, shorter where it does not (a narrow or zoomed chart)
        titles = bottom_titles(swept)
        title = next((t for t in titles if fm.horizontalAdvance(t) <= w), titles[-1])
        if title != self._bottom_label:
            self._bottom_label = title
            self.item.setLabel("bottom", title)
        self.end_labels.max_width = max(gutter - GUTTER_GAP - 4, 1.0)
        # x = 1 at `gutter` pixels from the right edge; x = 0 far enough from the left edge for half its tick
        # text ("0"), which pyqtgraph drops when it would stick out of the axis (zoomed in, it did)
        ticks = QFontMetricsF(self.item.getAxis("bottom").style.get("tickFont") or QApplication.font())
        left = max(PAD * (w - gutter), ticks.horizontalAdvance("0") / 2 + 3)
        unit = max(w - gutter - left, 1.0)  # pixels per unit of weight
        self.item.setXRange(-left / unit, 1 + gutter / unit, padding=0)

    def _pen(self, i: int) -> QPen:
        if i not in self._pens:  # with many options the coloured few change: pens are made once each
            col, dash = option_style(i)
            self._pens[i] = pg.mkPen(col, width=2, style=dash)
        return self._pens[i]

    # read-outs of what is drawn (tests) ------------------------------------------------------------------

    def marker_weight(self) -> float:
        """Where the current-weight line stands."""
        self.flush()
        return float(self.now_line.value())

    def curve_data(self, option: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(weight, score) of an option's coloured line, or None when it is not one of the coloured lines."""
        self.flush()
        hit = np.flatnonzero(self.shown == option)
        return self.curves.line_data(int(hit[0])) if hit.size else None

    def end_texts(self) -> list[str]:
        """The option names at the lines' ends as drawn, in line order."""
        self.flush()
        return list(self.end_labels.texts)

    def tipping_texts(self) -> list[str]:
        """The tipping-point labels as drawn."""
        self.flush()
        return list(self.tip_labels.texts)

    def hover_text(self, x: float, y: float) -> str | None:
        r = self.state.results
        if r is None or not 0 <= x <= 1:
            return None
        sweep_t, sweep_scores = getattr(self, "_sweep", (r.sweep_t, r.sweep_scores))
        col = np.interp(x, sweep_t, np.arange(len(sweep_t)))
        lo = int(np.floor(col))
        frac = col - lo
        row = sweep_scores[lo] * (1 - frac) + sweep_scores[min(lo + 1, len(sweep_t) - 1)] * frac
        i = int(np.argmin(np.abs(row - y)))
        span = np.ptp(sweep_scores) or 1.0
        if abs(row[i] - y) > 0.05 * span:
            return None
        c = self.state.compiled
        return (f"<b>{html_escape(c.option_names[i])}</b><br>weight {x:.3f}: "
                f"{METHODS[r.method].score_label} {row[i]:.4f}")
