"""Uncertainty: SMAA-2 rank acceptability as stacked bars per option (rank 1 darkest), the share of draws
in which each ranks first beside its name (as the brief prints it; the confidence factor is in the read-out),
the settings row (`gui.uncertainty_settings`), and a busy indicator while a new run is computing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from decision_app.core.verdict import first_words
from decision_app.gui.charts.bars import StackedBars
from decision_app.gui.charts.base import ChartPanel, axis_font_color, elide, html_escape, set_left_ticks
from decision_app.gui.theme import is_dark, rank_color
from decision_app.gui.uncertainty_settings import UncertaintySettingsRow, weights_text

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState


LEGEND_SWATCHES = 12
SHARE_PAD = 0.04  # of the 0-1 share axis on each side: room for half of "0" and of "1", zoomed in too


class UncertaintyChart(ChartPanel):
    title = "Uncertainty"
    antialias = False  # axis-aligned stacked bars and text
    follows_results = False
    ROW_GAP, AXIS_LINES = 2, 3  # its settings row takes height: rows as close as names allow, on a laptop too

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(state, parent)
        row = QHBoxLayout()
        self.settings_row = UncertaintySettingsRow(state)
        row.addWidget(self.settings_row, 1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(80)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Uncertainty analysis running")
        self.busy.hide()
        row.addWidget(self.busy)
        self.body.addLayout(row)
        state.sig_smaa_changed.connect(self.update_data)
        state.sig_smaa_running.connect(self.busy.setVisible)

    def build(self) -> None:
        c = self.state.compiled
        self.fit_rows(c.m)  # a readable row per option, zoomed too
        self.item.clear()
        axis_font_color(self.item, self.text_color())
        dark = is_dark()
        self.bars = StackedBars([rank_color(r, c.m, dark) for r in range(c.m)], 0.7)
        self.item.addItem(self.bars)
        self.plot.setAntialiasing(False)
        # 0 and 1 stand far enough inside the axis for their tick text (pyqtgraph drops text past its edges)
        self.item.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in np.linspace(0, 1, 6).round(1)]])
        self.item.setXRange(-SHARE_PAD, 1.0 + SHARE_PAD, padding=0)
        self.item.setYRange(-0.6, c.m - 0.4, padding=0)
        self.item.setLabel("bottom", "share of draws at each rank")
        self.item.getAxis("left").setWidth(min(320, 40 + 6 * max(len(n) for n in c.option_labels)))

    def update_data(self) -> None:
        res = self.state.smaa
        c = self.state.compiled
        if not hasattr(self, "bars") or len(self.bars.brushes) != c.m:
            return
        if res is None or res.acceptability.shape[0] != c.m:
            self.caption.setText(f"<b>Uncertainty</b> — computing…; shades {self.shade_legend(c.m)}")
            return
        acc = res.acceptability
        order = np.lexsort((np.arange(c.m), -acc[:, 0]))
        ypos = np.empty(c.m)
        ypos[order] = np.arange(c.m)[::-1]
        self._ypos = ypos
        self.bars.set_bars(np.cumsum(acc, axis=1) - acc, acc, ypos)
        # The brief prints the rank-1 share beside each name ("71 % first", core's words): the view prints the same.
        ticks = [(float(ypos[i]), f"{elide(c.option_labels[i], 36)}  {first_words(acc[i, 0])}") for i in range(c.m)]
        set_left_ticks(self.item, ticks, keep_end=True)
        self._ticks = ticks
        snap = self.state.results
        s = snap.uncertainty.settings if snap is not None and snap.uncertainty else self.state.smaa_settings
        self.set_caption(f"<b>Uncertainty</b> — SMAA-2: how often each option takes each rank over {res.samples:,} "
                         f"draws ({weights_text(s)}; scores {s.scores_mode}); shades {self.shade_legend(c.m)}. "
                         "The % after a name: how often it ranks first (hover: confidence).")

    def shade_legend(self, m: int) -> str:
        """What the shades mean, as rich text: "rank 1 ■■…■ rank m" in the bars' own colours (at most
        LEGEND_SWATCHES of them, evenly spread over the ranks)."""
        dark = is_dark()
        ranks = np.unique(np.linspace(0, m - 1, min(m, LEGEND_SWATCHES)).round().astype(int))
        swatches = "".join(f"<span style='color:{rank_color(int(r), m, dark).name()}'>■</span>" for r in ranks)
        return f"rank&nbsp;1 ({'lightest' if dark else 'darkest'})&nbsp;{swatches}&nbsp;rank&nbsp;{m}"

    def tick_labels(self) -> list[tuple[float, str]]:
        """(row, text) of the option names and their rank-1 shares on the left axis."""
        return list(getattr(self, "_ticks", []))

    def shares(self) -> np.ndarray:
        """The drawn share of each rank per option, (options, ranks)."""
        return self.bars.lengths.copy()

    def hover_text(self, x: float, y: float) -> str | None:
        res = self.state.smaa
        if res is None or not hasattr(self, "_ypos"):
            return None
        i = int(np.argmin(np.abs(self._ypos - y)))
        if abs(self._ypos[i] - y) > 0.35:
            return None
        c = self.state.compiled
        acc = res.acceptability[i]
        conf = "computing…" if np.isnan(res.confidence[i]) else f"{res.confidence[i]:.1%}"  # during a drag
        parts = [f"<b>{html_escape(c.option_names[i])}</b>", f"Confidence factor: {conf}"]
        parts += [f"Rank {r + 1}: {acc[r]:.1%}" for r in range(c.m) if acc[r] >= 0.005][:8]
        cw = res.central_weights[i]
        if np.all(np.isfinite(cw)):
            top = np.argsort(-cw)[:3]
            parts.append("Central weights: " + ", ".join(f"{c.criterion_labels[j]} {cw[j]:.2f}" for j in top))
        return "<br>".join(parts)
