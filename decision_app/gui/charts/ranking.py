"""Ranking: horizontal bars of each option's total, best at the top, stacked by criterion contribution for
the additive methods (WSM; PROMETHEE II's net flow, which diverges around 0), with whiskers: the score range
that the options' own low..high scores allow, or for a method whose score is relative to the other options
(TOPSIS, VIKOR, PROMETHEE II) the 5-95 % band of the score over the uncertainty draws (`Snapshot.whiskers`,
from core: the chart follows the uncertainty results too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QVBoxLayout, QWidget

from decision_app.core.methods import METHODS
from decision_app.core.snapshot import band_words
from decision_app.core.tree import attribution_sentence, margin_by_branch
from decision_app.gui.charts.bars import StackedBars
from decision_app.gui.charts.base import ChartPanel, axis_font_color, compact_combo, elide, html_escape, set_left_ticks
from decision_app.gui.charts.labels import LabelSet
from decision_app.gui.charts.live_text import LiveText
from decision_app.gui.theme import criterion_color
from decision_app.gui.verdict_banner import VerdictBanner

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

BAR_HEIGHT = 0.66


class RankingChart(ChartPanel):
    title = "Ranking"
    antialias = False  # axis-aligned bars, whiskers and text

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.banner = VerdictBanner(state, self)  # how firm the answer is, one line above the chart
        lay = self.layout()
        assert isinstance(lay, QVBoxLayout)
        lay.insertWidget(0, self.banner)
        state.sig_smaa_changed.connect(self._results)  # the band of a relative method's score is drawn
        # With a value tree the bars stack by criterion or by the top objectives (a view choice, not saved)
        self.stack_by = compact_combo(QComboBox(), 12)
        self.stack_by.addItem("By criterion", "criterion")
        self.stack_by.addItem("By objective", "branch")
        self.stack_by.setAccessibleName("Stack the ranking's bars by criterion or by objective")
        self.stack_by.setToolTip("Stack each bar by criterion, or by the value tree's top objectives")
        self.stack_by.activated.connect(lambda _i: self._results())
        self.header.insertWidget(1, self.stack_by)
        # With a value tree: which objective the margin comes from, under the caption. It changes on every move
        # and repaints alone (a caption's new text relays out the dock, up to the main window).
        self.attribution = LiveText("Margin by objective")
        self.body.addWidget(self.attribution)

    def build(self) -> None:
        c = self.state.compiled
        self.fit_rows(c.m)  # a readable row per option, zoomed too
        self.item.clear()
        self.item.showGrid(x=True, y=False, alpha=0.2)
        axis_font_color(self.item, self.text_color())
        zeros = np.zeros(c.m)
        y = np.arange(c.m, dtype=float)
        accent = QApplication.palette().color(QPalette.ColorRole.Highlight)
        tree = self.state.tree
        self.stack_by.setVisible(not tree.is_flat)
        # one item for every bar: a colour per criterion, one per top objective of the value tree (stacked by
        # objective), and a last colour for single-figure methods
        self.bars = StackedBars([criterion_color(j) for j in range(c.n)]
                                + [criterion_color(c.n + b) for b in range(self._branch_count())] + [accent],
                                BAR_HEIGHT)
        self.item.addItem(self.bars)
        self.whiskers = pg.ErrorBarItem(x=zeros, y=y, left=zeros, right=zeros, beam=0.18,
                                        pen=pg.mkPen(self.text_color(), width=1.2))
        self.item.addItem(self.whiskers)
        self.zero_line = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(self.text_color(), width=1))
        self.item.addItem(self.zero_line)
        self.labels = LabelSet(self.text_color(), anchor=(0, 0.5), offset=(4, 0))  # scores beside the bars
        self.labels.sig_font_changed.connect(self._resized)  # zoomed labels need another share of the range
        self.item.addItem(self.labels)
        self.plot.setAntialiasing(False)  # axis-aligned rectangles gain nothing from it
        self._ticks_key: tuple[bytes, bytes] | None = None
        self._ticks: list[tuple[float, str]] = []
        self._bottom_label: str | None = None
        self._ypos = np.zeros(0)
        self._stacked = False
        self.item.setYRange(-0.6, c.m - 0.4, padding=0)
        if not getattr(self, "_resize_hooked", False):  # the view box outlives rebuilds: connect once
            self.item.getViewBox().sigResized.connect(self._resized)
            self._resize_hooked = True

    def update_data(self) -> None:
        r = self.state.results
        if r is None or not hasattr(self, "bars"):
            return
        c = self.state.compiled
        m = c.m
        ypos = np.empty(m)
        ypos[r.order] = np.arange(m)[::-1]  # best at the top
        self._ypos = ypos
        contrib = r.contributions
        additive = contrib is not None
        tree, by_branch = self.state.tree, self.by_branch()
        nb = self._branch_count()
        n = c.n
        x0 = np.zeros((m, n + nb + 1))
        width = np.zeros((m, n + nb + 1))
        if contrib is not None:
            cols = slice(n, n + nb) if by_branch else slice(0, n)
            parts = contrib @ tree.leaves[list(tree.top)].T if by_branch else contrib  # (m, branches): summed
            pos = np.clip(parts, 0, None)
            neg = np.clip(parts, None, 0)
            x0[:, cols] = np.where(parts >= 0, np.cumsum(pos, axis=1) - pos, np.cumsum(neg, axis=1))
            width[:, cols] = np.abs(parts)
        else:
            width[:, n + nb] = r.scores
        self.bars.set_bars(x0, width, ypos)
        self._stacked = additive
        whiskers = r.whiskers()
        low = r.scores if whiskers is None else np.minimum(whiskers.low, whiskers.high)
        high = r.scores if whiskers is None else np.maximum(whiskers.low, whiskers.high)
        if whiskers is not None:  # drawn from the middle: a band need not hold the score itself
            half = (high - low) / 2
            self.whiskers.setData(x=low + half, y=ypos, left=half, right=half)
        self.whiskers.setVisible(whiskers is not None)
        # The range covers what is drawn: every bar (PROMETHEE II's stacks reach past the net flow on both
        # sides of 0), every whisker, and the score labels' text beside the bars' ends.
        bar_ends = x0 + width
        lo = min(0.0, float(np.min(low)), float(np.min(r.scores)), float(x0.min()), float(bar_ends.min()))
        hi = max(float(np.max(high)), float(np.max(r.scores)), float(x0.max()), float(bar_ends.max()), 1e-9)
        span = hi - lo
        lo, hi = lo - 0.02 * span, hi + 0.02 * span
        if m <= 40:  # beyond that the rows are too thin for a number beside each
            ends = np.maximum(np.maximum(bar_ends.max(axis=1), high), r.scores)
            texts = [f"{s:.3f}" for s in r.scores]
            self.labels.set_labels(ends, ypos, texts)
            hi = self._label_room(lo, hi, ends, texts)
        self.sticky_range("x", lo, hi, pad=0.02)
        key = (r.order.tobytes(), r.ranks.tobytes())
        if key != self._ticks_key:  # relabel only when the order or the ranks change
            shown = r.order if m <= 60 else r.order[:30]  # beyond 60 rows names are unreadable: label the top 30
            self._ticks = [(float(ypos[i]), f"{r.ranks[i]}. {elide(c.option_labels[i])}") for i in shown]
            set_left_ticks(self.item, self._ticks)
            self._ticks_key = key
        label = METHODS[r.method].score_label + (" (lower is better)" if not r.higher_is_better else "")
        if label != self._bottom_label:
            self.item.setLabel("bottom", label)
            self._bottom_label = label
        spec = METHODS[r.method]
        if whiskers is not None:
            whisker_text = f"; whiskers: {whiskers.words(spec.score_label)}"
        elif spec.relative:  # the band comes with the uncertainty draws, a moment after a change
            whisker_text = f"; whiskers: {band_words(spec.score_label, None)}"
        else:
            whisker_text = ""
        stacked = ": bars stacked by objective" if by_branch else ": bars stacked by criterion contribution"
        self.set_caption(f"<b>Ranking</b> — {spec.label}" + (stacked if additive else "") + whisker_text)
        self.attribution.setText(self._attribution(contrib, r.order))

    def _branch_count(self) -> int:
        tree = self.state.tree
        return 0 if tree.is_flat else len(tree.top)

    def by_branch(self) -> bool:
        """Stacked by the value tree's top objectives (only offered when the model has a tree)."""
        return not self.state.tree.is_flat and self.stack_by.currentData() == "branch"

    def _attribution(self, contrib: np.ndarray | None, order: np.ndarray) -> str:
        """'62 % of the margin comes from Security.' under an additive method with a value tree (exact there:
        the audit's rule, `core.tree`); nothing otherwise."""
        if contrib is None or self.state.tree.is_flat or order.shape[0] < 2:
            return ""
        parts = contrib[order[0]] - contrib[order[1]]
        return attribution_sentence(self.state.tree, margin_by_branch(self.state.tree, parts, True))

    def _label_room(self, lo: float, hi: float, ends: np.ndarray, texts: list[str]) -> float:
        """The right end of a range lo..x1 in which each label's text, drawn in pixels beside its bar's end,
        fits: end + (text + gap) * (x1 - lo) / view width <= x1 / (1 + pad), solved for x1."""
        px = float(self.item.getViewBox().width())
        if px <= 0:
            return hi
        fm = QFontMetricsF(self.labels.font)
        need = np.array([fm.horizontalAdvance(t) + self.labels.offset[0] + 6 for t in texts])
        k = need / px * (1 + 2 * 0.02)  # the sticky range's own padding scales the span too
        k = np.minimum(k, 0.6)  # a very narrow chart: the labels may cover part of the bars rather than vanish
        return float(max(hi, np.max((ends - k * lo) / (1 - k))))

    def _resized(self) -> None:
        """A new width changes how much of the range the score labels need: re-range on the next refresh."""
        self._ranges.pop("x", None)
        self._results()

    # read-outs of what is drawn (tests compare them with the engine) -----------------------------------

    def bar_lengths(self) -> np.ndarray:
        """Total bar length per option as drawn, signed."""
        self.flush()
        contrib = self.state.results.contributions if self.state.results is not None else None
        if contrib is not None:
            n = self.state.compiled.n
            return np.asarray(np.sum(self.bars.lengths[:, :n] * np.sign(contrib), axis=1))
        return np.asarray(self.bars.lengths[:, -1].copy())

    def drawn_contributions(self) -> np.ndarray | None:
        """Each option's contribution per criterion as drawn (options, criteria), read back from the stacked
        segments: a segment right of 0 is a positive contribution, one left of it a negative one. None when
        the bars are single figures (a method without contributions)."""
        self.flush()
        if not getattr(self, "_stacked", False):
            return None
        n = self.state.compiled.n
        lengths, starts = self.bars.lengths[:, :n], self.bars.starts[:, :n]
        return np.asarray(np.where(starts >= 0, lengths, -lengths))

    def drawn_ranges(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(low, high) per option as the whiskers draw them, or None when no whiskers show."""
        self.flush()
        if not self.whiskers.isVisible():
            return None
        o = self.whiskers.opts
        x = np.asarray(o["x"], dtype=float)
        return x - np.asarray(o["left"], dtype=float), x + np.asarray(o["right"], dtype=float)

    def row_positions(self) -> np.ndarray:
        """Each option's row as drawn (the best option has the highest)."""
        self.flush()
        return self._ypos.copy()

    def tick_labels(self) -> list[tuple[float, str]]:
        """(row, text) of the option names on the left axis."""
        self.flush()
        return list(self._ticks)

    def value_labels(self) -> list[str]:
        """The score printed beside each option's bar, in option order."""
        self.flush()
        return list(self.labels.texts)

    def hover_text(self, x: float, y: float) -> str | None:
        r = self.state.results
        if r is None or getattr(self, "_ypos", np.zeros(0)).size != self.state.compiled.m:
            return None
        i = int(np.argmin(np.abs(self._ypos - y)))
        if abs(self._ypos[i] - y) > BAR_HEIGHT / 2:
            return None
        c = self.state.compiled
        lines = [f"<b>{html_escape(c.option_names[i])}</b>", f"Rank {r.ranks[i]} of {c.m}",
                 f"{METHODS[r.method].score_label.capitalize()}: {r.scores[i]:.4f}"]
        whiskers = r.whiskers()
        if whiskers is not None:
            what = "5–95 % over the uncertainty draws" if whiskers.band else "Range"
            lines.append(f"{what}: {whiskers.low[i]:.4f} – {whiskers.high[i]:.4f}")
        if r.contributions is not None and self.by_branch():
            tree = self.state.tree
            lines.append("<br><i>Contributions by objective</i>")
            parts = tree.leaves[list(tree.top)] @ r.contributions[i]
            for b in np.argsort(-np.abs(parts)):
                col = QColor(criterion_color(c.n + int(b))).name()
                lines.append(f"<span style='color:{col}'>■</span> {html_escape(tree.names[tree.top[b]])}: "
                             f"{parts[b]:+.4f}")
        elif r.contributions is not None:
            lines.append("<br><i>Contributions</i>")
            for j in np.argsort(-np.abs(r.contributions[i])):
                col = QColor(criterion_color(int(j))).name()
                lines.append(f"<span style='color:{col}'>■</span> {html_escape(c.criterion_names[j])}: "
                             f"{r.contributions[i, j]:+.4f}")
        return "<br>".join(lines)
