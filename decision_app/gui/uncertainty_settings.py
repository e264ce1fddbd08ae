"""The uncertainty settings row the Uncertainty view hosts: samples, seed, how weights are drawn with their
spread (±), and how scores are drawn.

A thin binding to the analysis state: every edit calls `state.set_smaa_settings` (one undo step, SMAA re-runs
at once) and `sig_smaa_settings_changed` sets the controls back from the state (after undo, open, new). The
row holds no settings of its own and no analysis. It lives beside `charts` and `panels`, not in either, and
imports neither, so the chart that hosts it adds no import cycle between those packages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from decision_app.core.schema import SAMPLES_MAX, SAMPLES_MIN, SEED_MAX
from decision_app.core.snapshot import UncertaintySettings
from decision_app.gui.number_boxes import DecimalBox, WholeBox, say_near

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

# Each beside its label ("Weights", "Scores"): the words fit a chooser on a 1024 px projector.
WEIGHT_MODES = (("around", "around yours"), ("uniform", "any"))
SCORE_MODES = (("triangular", "triangular"), ("uniform", "uniform"), ("fixed", "fixed"))
SPREAD_DECIMALS = 2


def weights_text(s: UncertaintySettings) -> str:
    """How the weights are drawn, in the view's caption."""
    if s.weights_mode == "around":
        return f"weights within \u00b1{s.spread:.{SPREAD_DECIMALS}f} of yours"
    return "any weights (uniform)" if s.weights_mode == "uniform" else "weights in the stated order"


def _combo(items: tuple[tuple[str, str], ...], name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    for key, text in items:
        combo.addItem(text, key)
    combo.setAccessibleName(name)
    combo.setToolTip(tip)
    return combo


class UncertaintySettingsRow(QWidget):
    """Samples, seed, weights mode, spread ± and scores mode, in one row, in tab order."""

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        grid = QGridLayout(self)  # two rows: one row needs ~700 px, more than a dock has on a 1024 px screen
        grid.setContentsMargins(0, 0, 0, 0)

        self.samples = WholeBox("Samples")
        self.samples.setRange(SAMPLES_MIN, SAMPLES_MAX)
        self.samples.setSingleStep(5_000)
        self.samples.setGroupSeparatorShown(True)
        self.samples.setAccessibleName("Uncertainty: number of samples")
        self.samples.setToolTip("Joint draws of weights and scores (more: steadier shares, slower)")
        self.seed = WholeBox("Seed")
        self.seed.setRange(0, SEED_MAX)
        self.seed.setAccessibleName("Uncertainty: random seed")
        self.seed.setToolTip("The same seed and settings give the same shares, here, in the brief and the CLI")
        self.weights_mode = _combo(WEIGHT_MODES, "Uncertainty: how weights are sampled",
                                   "Draw weights around yours (within the spread) or anywhere")
        self.spread = DecimalBox("Spread")
        self.spread.setRange(0.0, 1.0)
        self.spread.setDecimals(SPREAD_DECIMALS)
        self.spread.setSingleStep(0.01)
        self.spread.setPrefix("\u00b1")
        self.spread.setAccessibleName("Uncertainty: weight spread")
        self.spread.setToolTip("Each weight is drawn within this distance of yours, then renormalised")
        self.scores_mode = _combo(SCORE_MODES, "Uncertainty: how scores are sampled",
                                  "Draw each score within its low\u2013high range, or keep the best estimates")

        cells = ((0, 0, "Samples", self.samples), (0, 2, "Seed", self.seed), (1, 0, "Weights", self.weights_mode),
                 (1, 2, "Spread", self.spread), (1, 4, "Scores", self.scores_mode))
        for r, c, label, widget in cells:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            if label:
                caption = QLabel(label)
                caption.setBuddy(widget)
                grid.addWidget(caption, r, c)
            grid.addWidget(widget, r, c + 1)
        for column in (1, 5):  # the room left goes to the choosers' columns, so they show their whole text
            grid.setColumnStretch(column, 1)

        for box in (self.samples, self.seed, self.spread):
            box.refused.connect(lambda message, box=box: say_near(box, message, state.notify))
        self.samples.editingFinished.connect(lambda: self._set(samples=self.samples.value()))
        self.seed.editingFinished.connect(lambda: self._set(seed=self.seed.value()))
        self.spread.editingFinished.connect(self._spread_edited)
        self.weights_mode.activated.connect(lambda i: self._set(weights_mode=self.weights_mode.itemData(i)))
        self.scores_mode.activated.connect(lambda i: self._set(scores_mode=self.scores_mode.itemData(i)))
        state.sig_smaa_settings_changed.connect(self.sync)
        self.sync()

    def _set(self, **changes: Any) -> None:
        self.state.set_smaa_settings(**changes)  # no-op (no undo step) when nothing changes

    def _spread_edited(self) -> None:
        # The box shows SPREAD_DECIMALS places; a finer spread from a file is kept unless the user changes it.
        value = round(self.spread.value(), SPREAD_DECIMALS)
        if value != round(self.state.smaa_settings.spread, SPREAD_DECIMALS):
            self._set(spread=value)

    def sync(self) -> None:
        """Show the state's settings (signals blocked: showing is not editing)."""
        s = self.state.smaa_settings
        widgets = (self.samples, self.seed, self.spread, self.weights_mode, self.scores_mode)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.samples.setValue(s.samples)
            self.seed.setValue(s.seed)
            self.spread.setValue(s.spread)
            self.weights_mode.setCurrentIndex(max(0, self.weights_mode.findData(s.weights_mode)))
            self.scores_mode.setCurrentIndex(max(0, self.scores_mode.findData(s.scores_mode)))
            self.spread.setEnabled(s.weights_mode == "around")
        finally:
            for w in widgets:
                w.blockSignals(False)
