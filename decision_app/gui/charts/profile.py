"""Option profile: every option's value per criterion as parallel coordinates (0 = worst end of the
scale, 1 = best), all options faint, two chosen options drawn bold with their low–high ranges. With a value
tree the criteria stand in the tree's order, grouped under their top objectives' names between dividers."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QWidget

from decision_app.core.methods import wsm_values
from decision_app.core.tree import ValueTree
from decision_app.gui.charts.base import ChartPanel, axis_font_color, compact_combo, elide, fill_names, html_escape
from decision_app.gui.theme import option_style

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

COLOR_A = QColor("#0072B2")  # before the first option is picked; then each compared option's own colour
COLOR_B = QColor("#D55E00")
LEFT_TITLES = ("value on the criterion's scale (1 = best end)", "value (1 = best end)", "value")


def two_lines(text: str, fm: QFontMetricsF, width: float) -> str:
    """`text` in `width` pixels: on one line when it fits, else broken at the space that leaves the shorter
    longest line ("Territorial\nintegrity"), each line shortened with an ellipsis only when a word is wider
    than the room."""
    if fm.horizontalAdvance(text) <= width:
        return text
    width = max(width, 1.0)
    words = text.split(" ")
    if len(words) > 1:
        splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
        top, bottom = min(splits, key=lambda ab: max(fm.horizontalAdvance(ab[0]), fm.horizontalAdvance(ab[1])))
        return "\n".join(line if fm.horizontalAdvance(line) <= width else
                         fm.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in (top, bottom))
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)


def staggered(names: list[str], fm: QFontMetricsF, slot: float, gap: float) -> list[str]:
    """Names too crowded for a slot each, alternating between two rows: each has two slots of room (its
    neighbours are on the other row; the axis runs a slot beyond each end). A name on the lower row starts with
    as many blank lines as the upper row is tall."""
    texts = [two_lines(name, fm, 2 * slot - gap) for name in names]
    upper = max(t.count("\n") + 1 for t in texts[::2])
    return [t if k % 2 == 0 else "\n" * upper + t for k, t in enumerate(texts)]


class ProfileChart(ChartPanel):
    title = "Option profile"
    follows_results = False  # values per criterion do not depend on the weights

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(state, parent)
        row = QHBoxLayout()
        self.pick = []
        self.keys: list[QLabel] = []  # the ■ before each chooser, in its option's colour
        self._shown_colors: list[tuple[str, object]] = [("", None), ("", None)]
        for label, col in (("Compare", COLOR_A), ("with", COLOR_B)):
            lab = QLabel(f"<span style='color:{col.name()}'>■</span> {label}")
            lab.setTextFormat(Qt.TextFormat.RichText)
            self.keys.append(lab)
            combo = compact_combo(QComboBox())
            combo.setAccessibleName(f"Option profile: {label} option")
            combo.currentIndexChanged.connect(self.update_data)
            row.addWidget(lab)
            row.addWidget(combo, 1)
            self.pick.append(combo)
        self.body.addLayout(row)
        state.sig_selection_changed.connect(self._follow_selection)

    def build(self) -> None:
        c = self.state.compiled
        for k, combo in enumerate(self.pick):
            keep = combo.currentIndex()
            combo.blockSignals(True)
            fill_names(combo, c.option_labels, c.option_names)
            combo.setCurrentIndex(keep if 0 <= keep < c.m else min(k, c.m - 1))
            combo.blockSignals(False)
        self.item.clear()
        axis_font_color(self.item, self.text_color())
        tree = self.state.tree
        # the criteria in the order shown: the tree's (depth first), which keeps each objective's together
        self.order = np.array([i - tree.n_nodes for i in tree.walk() if i >= tree.n_nodes], dtype=int)
        self._groups(tree)
        x = np.arange(c.n, dtype=float)
        faint = QColor(self.text_color())
        faint.setAlpha(45)
        self.lines = []
        for _ in range(c.m):
            line = pg.PlotCurveItem(x, np.zeros(c.n), pen=pg.mkPen(faint, width=1))
            self.item.addItem(line)
            self.lines.append(line)
        self.bold, self.bands = [], []
        self._shown_colors = [("", None), ("", None)]
        for col in (COLOR_A, COLOR_B):
            band = pg.ErrorBarItem(x=x, y=np.zeros(c.n), top=np.zeros(c.n), bottom=np.zeros(c.n), beam=0.12,
                                   pen=pg.mkPen(col, width=2))
            self.item.addItem(band)
            self.bands.append(band)
            self.bold.append(self.item.plot(x, np.zeros(c.n), pen=pg.mkPen(col, width=3), symbol="o",
                                            symbolBrush=col, symbolPen=None, symbolSize=7))
        self._left_title = ""
        self._label_ticks()
        self.item.setYRange(-0.05, 1.05 if self.state.tree.is_flat else 1.15, padding=0)  # room for the names
        self.item.showGrid(x=True, y=True, alpha=0.15)
        self._values()

    def _groups(self, tree: ValueTree) -> None:
        """A divider between the top objectives and each one's name over its criteria (a flat model: none)."""
        self.group_names: list[str] = []
        if tree.is_flat:
            return
        at = 0
        for top in tree.top:
            count = int((tree.leaves[top] > 0).sum())
            if at > 0:
                self.item.addItem(pg.InfiniteLine(pos=at - 0.5, angle=90, pen=pg.mkPen(self.text_color(), width=1)))
            label = pg.TextItem(tree.short[top], color=self.text_color(), anchor=(0.5, 0))
            label.setPos(at + (count - 1) / 2, 1.05)
            self.item.addItem(label)
            self.group_names.append(tree.short[top])
            at += count

    def _label_ticks(self) -> None:
        """Criterion names (short names where they have them) fitted to the width each one has on the axis, on
        two lines where one is too narrow, on two alternating rows where even that cuts them (`staggered`),
        measured at the axis' (zoomed) font (recomputed on resize and zoom)."""
        c = self.state.compiled
        axis = self.item.getAxis("bottom")
        fm = QFontMetricsF(axis.style.get("tickFont") or QApplication.font())
        width, gap = self.item.getViewBox().width(), fm.averageCharWidth()
        order = getattr(self, "order", np.arange(c.n))
        names = [c.criterion_labels[j] for j in order]
        texts = [two_lines(name, fm, width / max(c.n, 1) - gap) for name in names]
        crowded = c.n > 2 and any("…" in t for t in texts)
        # a slot per criterion, and beyond each end half a slot (a whole one when crowded: the end names need
        # two slots of room too)
        self.x_margin = 1.0 if crowded else 0.5
        if crowded:
            texts = staggered(names, fm, width / (c.n - 1 + 2 * self.x_margin), gap)
        self.item.setXRange(-self.x_margin, c.n - 1 + self.x_margin, padding=0)
        ticks = list(enumerate(texts))
        axis.setTicks([ticks])
        # pyqtgraph makes room for 0.8 of a text's height: two lines need the axis set as tall as they are
        lines = max(t.count("\n") + 1 for _j, t in ticks) if ticks else 1
        tall = None if lines == 1 else math.ceil(lines * fm.height() + axis.style["tickTextOffset"][1]
                                                  + max(0, axis.style["tickLength"]) + 2)
        if axis.fixedHeight != tall:
            axis.setHeight(tall)
        left = self.item.getAxis("left")
        tall = self.item.getViewBox().height()
        lfm = QFontMetricsF(left.label.font())
        title = next((t for t in LEFT_TITLES if lfm.horizontalAdvance(t) <= tall), LEFT_TITLES[-1])  # the whole title
        if title != self._left_title:
            self._left_title = title
            self.item.setLabel("left", title)

    def font_changed(self) -> None:
        if self._built:
            QTimer.singleShot(0, self._label_ticks)  # after the axes took the zoomed font and their new sizes

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built:
            self._label_ticks()

    def _values(self) -> None:
        c = self.state.compiled
        self.V = wsm_values(c.X, c.lo, c.hi, c.is_cost, c.value_fns)
        a = wsm_values(c.low, c.lo, c.hi, c.is_cost, c.value_fns)
        b = wsm_values(c.high, c.lo, c.hi, c.is_cost, c.value_fns)
        self.V_lo, self.V_hi = np.minimum(a, b), np.maximum(a, b)

    def _follow_selection(self, option: int, _criterion: int) -> None:
        if 0 <= option < self.state.compiled.m and option != self.pick[0].currentIndex():
            self.pick[0].setCurrentIndex(option)

    def update_data(self) -> None:
        if not hasattr(self, "lines") or len(self.lines) != self.state.compiled.m:
            return
        x = np.arange(self.state.compiled.n, dtype=float)
        o = self.order
        V, V_lo, V_hi = self.V[:, o], self.V_lo[:, o], self.V_hi[:, o]
        for i, line in enumerate(self.lines):
            line.setData(x, V[i])
        for k, combo in enumerate(self.pick):
            i = max(combo.currentIndex(), 0)
            self._color_for(k, i)
            self.bold[k].setData(x, V[i])
            self.bands[k].setData(x=x + (k * 0.06 - 0.03), y=V[i], top=V_hi[i] - V[i], bottom=V[i] - V_lo[i])
        self.set_caption("<b>Option profile</b> — value per criterion; bold: the two compared options with "
                             "their low–high ranges")

    def _color_for(self, k: int, option: int) -> None:
        """The k-th compared line, its range bars and its key in the option's colour (as in every view)."""
        col, dash = option_style(option)
        if self._shown_colors[k] == (col.name(), dash):
            return
        self._shown_colors[k] = (col.name(), dash)
        self.bold[k].setPen(pg.mkPen(col, width=3, style=dash))
        self.bold[k].setSymbolBrush(col)
        self.bands[k].setData(pen=pg.mkPen(col, width=2))
        self.keys[k].setText(f"<span style='color:{col.name()}'>■</span> {('Compare', 'with')[k]}")

    def tick_labels(self) -> list[str]:
        """The criterion names under the bottom axis, as set (tests)."""
        self.flush()
        levels = self.item.getAxis("bottom")._tickLevels or [[]]
        return [str(t).lstrip("\n") for _x, t in levels[0]]  # a lower row's name without the rows above it

    def compared_colors(self) -> list[str]:
        """The colours the two compared options are drawn in (tests)."""
        self.flush()
        return [self.bold[k].opts["pen"].color().name() for k in range(2)]

    def hover_text(self, x: float, y: float) -> str | None:
        c = self.state.compiled
        pos = round(x)
        if not (0 <= pos < c.n) or abs(x - pos) > 0.3:
            return None
        j = int(self.order[pos])
        lines = [f"<b>{html_escape(c.criterion_names[j])}</b> ({'lower' if c.is_cost[j] else 'higher'} is better)"]
        for _k, combo in enumerate(self.pick):
            i = max(combo.currentIndex(), 0)
            unit = self.state.model.criteria[j].unit
            lines.append(f"{html_escape(elide(c.option_names[i], 50))}: score {c.X[i, j]:g} "
                         f"({c.low[i, j]:g}–{c.high[i, j]:g} {html_escape(unit)}), value {self.V[i, j]:.2f}")
        return "<br>".join(lines)
