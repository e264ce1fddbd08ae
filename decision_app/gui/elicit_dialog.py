"""Analysis > Elicit weights…: weights from a ranking of the criteria (rank-order centroid), from swing
points (100 for the most important swing), or from AHP pairwise judgements with Saaty's consistency
ratio. The preview follows every change; Apply sets the weights as one undoable step."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from decision_app.core.errors import EngineError
from decision_app.core.weights import ahp, rank_order_centroid, swing
from decision_app.gui.charts.base import elide, html_escape

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

AHP_STEPS = 8  # slider -8..8: left criterion 9x more important .. equal .. right criterion 9x more important


def _page(hint: str, columns: int) -> tuple[QWidget, QGridLayout]:
    """A tab page: a grid whose first row is the wrapped instruction."""
    page, grid = QWidget(), QGridLayout()
    page.setLayout(grid)
    label = QLabel(hint)
    label.setWordWrap(True)
    grid.addWidget(label, 0, 0, 1, columns)
    return page, grid


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class ElicitDialog(QDialog):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Elicit weights")
        self.state = state
        names = state.compiled.criterion_names
        n = len(names)
        self.tabs = QTabWidget()
        # ranking
        page, grid = _page("Rank the criteria, 1 = most important (equal ranks share).", 2)
        order = np.argsort(-state.weights, kind="stable")
        self.ranks = self._spin_rows(grid, names, 1, n, [int(np.flatnonzero(order == k)[0]) + 1 for k in range(n)],
                                     "Rank of")
        self.tabs.addTab(_scroll(page), "Rank")
        # swing
        page, grid = _page("Give 100 points to the swing from worst to best that matters most, and points 0–100 to "
                           "each other swing relative to it.", 2)
        top = state.weights.max()
        self.swings = self._spin_rows(grid, names, 0, 100, [round(100 * x / top) for x in state.weights],
                                      "Swing points of")
        self.tabs.addTab(_scroll(page), "Swing")
        # pairwise
        page, grid = _page("For each pair, slide toward the more important criterion (centre: equal; ends: 9 times "
                           "as important).", 3)
        grid.setColumnStretch(1, 1)
        self.pairs: dict[tuple[int, int], QSlider] = {}
        for row, (i, j) in enumerate(combinations(range(n), 2), start=1):
            s = QSlider(Qt.Orientation.Horizontal)
            s.setRange(-AHP_STEPS, AHP_STEPS)
            s.setInvertedAppearance(True)  # positive (left criterion more important) sits toward the left
            s.setMinimumWidth(120)
            ratio = state.weights[i] / max(state.weights[j], 1e-12)
            s.setValue(int(np.clip(round(ratio - 1) if ratio >= 1 else -round(1 / max(ratio, 1e-12) - 1),
                                   -AHP_STEPS, AHP_STEPS)))
            s.setAccessibleName(f"{names[i]} versus {names[j]}")
            s.valueChanged.connect(self.preview)
            for col, k in ((0, i), (2, j)):
                lab = QLabel(elide(names[k], 22))
                lab.setToolTip(names[k])
                grid.addWidget(lab, row, col)
            grid.addWidget(s, row, 1)
            self.pairs[(i, j)] = s
        self.tabs.addTab(_scroll(page), "Pairwise (AHP)")
        self.tabs.currentChanged.connect(self.preview)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Elicited weights")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.summary)
        lay.addWidget(buttons)
        self.weights: np.ndarray | None = None
        self.preview()

    def _spin_rows(self, grid: QGridLayout, names: Sequence[str], lo: int, hi: int, values: list[int], what: str) -> list[QSpinBox]:
        """A labelled spin box per criterion (rows 1..n of `grid`), each change updating the preview."""
        spins = []
        for k, (name, value) in enumerate(zip(names, values, strict=True)):
            spin = QSpinBox()
            spin.setRange(lo, hi)
            spin.setValue(value)
            spin.setAccessibleName(f"{what} {name}")
            spin.valueChanged.connect(self.preview)
            grid.addWidget(QLabel(name), k + 1, 0)
            grid.addWidget(spin, k + 1, 1)
            spins.append(spin)
        return spins

    def pairwise_matrix(self) -> np.ndarray:
        n = len(self.ranks)
        A = np.ones((n, n))
        for (i, j), s in self.pairs.items():
            v = s.value()
            a = 1.0 + v if v >= 0 else 1.0 / (1.0 - v)
            A[i, j], A[j, i] = a, 1.0 / a
        return A

    def compute(self) -> tuple[np.ndarray | None, str]:
        tab = self.tabs.currentIndex()
        names = self.state.compiled.criterion_names
        try:
            if tab == 0:
                return rank_order_centroid([s.value() for s in self.ranks]), "rank-order centroid"
            if tab == 1:
                return swing([s.value() for s in self.swings]), "swing weighting"
            res = ahp(self.pairwise_matrix())
            note = f"AHP, consistency ratio {res.consistency_ratio:.3f}"
            if not res.consistent and res.worst_pair is not None:
                i, j = res.worst_pair
                note += (f" — above 0.10: the judgements are inconsistent; reconsider “{names[i]}” versus "
                         f"“{names[j]}” first")
            return res.weights, note
        except EngineError as exc:
            return None, str(exc)

    def preview(self) -> None:
        w, note = self.compute()
        self.weights = w
        self.apply_button.setEnabled(w is not None)
        if w is None:
            self.summary.setText(f"<b>{html_escape(note)}</b>")
            return
        names = self.state.compiled.criterion_names
        parts = ", ".join(f"{html_escape(elide(names[k], 24))} {w[k]:.0%}" for k in np.argsort(-w, kind="stable"))
        self.summary.setText(f"<i>{html_escape(note)}</i><br>{parts}")

    def apply(self) -> None:
        if self.weights is not None:
            _w, note = self.compute()
            self.state.set_weights(self.weights, f"Weights by {note.split(',')[0].split(' —')[0]}")
            self.state.notify(f"Weights set by {note}")
            self.accept()
