"""Ranking: horizontal bars of each option's total, best at the top, stacked by criterion contribution for
the additive methods (WSM; PROMETHEE II's net flow, which diverges around 0), with whiskers for the score
range that the options' own low..high scores allow."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette

from decision_app.core.methods import LABELS, SCORE_LABELS
from decision_app.gui.charts.base import ChartPanel, axis_font_color, elide, html_escape
from decision_app.gui.theme import criterion_color

BAR_HEIGHT = 0.66


class RankingChart(ChartPanel):
    title = "Ranking"

    def build(self) -> None:
        c = self.state.compiled
        self.item.clear()
        self.item.showGrid(x=True, y=False, alpha=0.2)
        axis_font_color(self.item, self.text_color())
        zeros = np.zeros(c.m)
        y = np.arange(c.m, dtype=float)
        self.stack_items = []
        for j in range(c.n):
            col = criterion_color(j)
            bar = pg.BarGraphItem(x0=zeros, y=y, width=zeros, height=BAR_HEIGHT, brush=col,
                                  pen=pg.mkPen(self.palette().color(QPalette.ColorRole.Base), width=0.5))
            self.item.addItem(bar)
            self.stack_items.append(bar)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        self.total_item = pg.BarGraphItem(x0=zeros, y=y, width=zeros, height=BAR_HEIGHT, brush=accent, pen=None)
        self.item.addItem(self.total_item)
        self.whiskers = pg.ErrorBarItem(x=zeros, y=y, left=zeros, right=zeros, beam=0.18,
                                        pen=pg.mkPen(self.text_color(), width=1.2))
        self.item.addItem(self.whiskers)
        self.zero_line = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(self.text_color(), width=1))
        self.item.addItem(self.zero_line)
        self.labels = []
        if c.m <= 40:
            for _ in range(c.m):
                t = pg.TextItem(anchor=(0, 0.5), color=self.text_color())
                self.item.addItem(t)
                self.labels.append(t)
        self.item.setYRange(-0.6, c.m - 0.4, padding=0)
        self.item.getAxis("left").setWidth(min(320, 40 + 6 * max(len(n) for n in c.option_names)))

    def update_data(self) -> None:
        r = self.state.results
        if r is None or not hasattr(self, "total_item"):
            return
        c = self.state.compiled
        m = c.m
        ypos = np.empty(m)
        ypos[r.order] = np.arange(m)[::-1]  # best at the top
        self._ypos = ypos
        additive = r.contributions is not None
        zeros = np.zeros(m)
        if additive:
            contrib = r.contributions
            pos = np.clip(contrib, 0, None)
            neg = np.clip(contrib, None, 0)
            left_pos = np.cumsum(pos, axis=1) - pos
            left_neg = np.cumsum(neg, axis=1)
            for j, bar in enumerate(self.stack_items):
                x0 = np.where(contrib[:, j] >= 0, left_pos[:, j], left_neg[:, j])
                bar.setOpts(x0=x0, y=ypos, width=np.abs(contrib[:, j]))
            self.total_item.setOpts(x0=zeros, y=ypos, width=zeros)
        else:
            for bar in self.stack_items:
                bar.setOpts(x0=zeros, y=ypos, width=zeros)
            self.total_item.setOpts(x0=zeros, y=ypos, width=r.scores)
        if r.low is not None:
            self.whiskers.setData(x=r.scores, y=ypos, left=r.scores - r.low, right=r.high - r.scores)
            self.whiskers.setVisible(True)
        else:
            self.whiskers.setVisible(False)
        lo = min(0.0, float(np.min(r.low if r.low is not None else r.scores)))
        hi = max(float(np.max(r.high if r.high is not None else r.scores)), 1e-9)
        if additive and r.contributions is not None:
            lo = min(lo, float(np.clip(r.contributions, None, 0).sum(axis=1).min()))
        span = hi - lo
        for i, t in enumerate(self.labels):
            end = r.high[i] if r.high is not None else max(r.scores[i], 0)
            t.setText(f"{r.scores[i]:.3f}")
            t.setPos(end + 0.01 * span, ypos[i])
        self.item.setXRange(lo - 0.02 * span, hi + 0.14 * span, padding=0)
        ticks = [(ypos[i], f"{r.ranks[i]}. {elide(c.option_names[i])}") for i in range(m)]
        self.item.getAxis("left").setTicks([ticks])
        label = SCORE_LABELS[r.method]
        self.item.setLabel("bottom", f"{label}" + (" (lower is better)" if not r.higher_is_better else ""))
        self.caption.setText(f"<b>Ranking</b> — {LABELS[r.method]}" +
                             (": bars stacked by criterion contribution" if additive else "") +
                             ("; whiskers: range from the options' low–high scores" if r.low is not None else ""))

    def bar_lengths(self) -> np.ndarray:
        """Total bar length per option as drawn (tests compare it with the engine)."""
        if self.state.results.contributions is not None:
            return np.sum([np.asarray(b.opts["width"]) * np.sign(self.state.results.contributions[:, j])
                           for j, b in enumerate(self.stack_items)], axis=0)
        return np.asarray(self.total_item.opts["width"])

    def hover_text(self, x: float, y: float) -> str | None:
        r = self.state.results
        if r is None or not hasattr(self, "_ypos"):
            return None
        i = int(np.argmin(np.abs(self._ypos - y)))
        if abs(self._ypos[i] - y) > BAR_HEIGHT / 2:
            return None
        c = self.state.compiled
        lines = [f"<b>{html_escape(c.option_names[i])}</b>", f"Rank {r.ranks[i]} of {c.m}",
                 f"{SCORE_LABELS[r.method].capitalize()}: {r.scores[i]:.4f}"]
        if r.low is not None:
            lines.append(f"Range: {r.low[i]:.4f} – {r.high[i]:.4f}")
        if r.contributions is not None:
            lines.append("<br><i>Contributions</i>")
            for j in np.argsort(-np.abs(r.contributions[i])):
                col = QColor(criterion_color(int(j))).name()
                lines.append(f"<span style='color:{col}'>■</span> {html_escape(c.criterion_names[j])}: "
                             f"{r.contributions[i, j]:+.4f}")
        return "<br>".join(lines)
