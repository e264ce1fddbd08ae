"""Analysis > Elicit weights…: weights from a ranking of the criteria (rank-order centroid), from swing
points (100 for the most important swing), or from AHP pairwise judgements with Saaty's consistency
ratio. The preview follows every change; Apply sets the weights as one undoable step.

With a value tree the questions can be about any objective's children (or the top objectives): Apply then sets
their local weights, each keeping the criteria inside it in proportion (`core.tree.set_local`). The objectives
are offered bottom-up (the deepest first, the top last), and Apply moves on to the next, so that swing weighting
of the whole tree walks it as a decision conference does: within each branch, then between the branches.

`ElicitPages` is the tab widget alone (optionally with a page of direct points first), so the workshop's
participant entry (`participant_entry`) asks exactly the same questions; given no starting weights it
starts neutral (equal points, equal ranks, every swing 100, every pair equal), showing nobody's answers."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from decision_app.core.errors import EngineError
from decision_app.core.tree import local_weights, set_local
from decision_app.core.weights import ahp, direct, rank_order_centroid, swing
from decision_app.gui.charts.base import elide, html_escape
from decision_app.gui.number_boxes import WholeBox, say_near

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

AHP_STEPS = 8  # slider -8..8: left criterion 9x more important .. equal .. right criterion 9x more important
DIRECT, RANKING, SWING, AHP = "direct", "ranking", "swing", "ahp"  # the names a participant's round keeps


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


class ElicitPages(QTabWidget):
    """The elicitation questions as tabs: [direct points,] rank, swing, pairwise (AHP).

    `start` gives the starting answers (normalised weights); None starts neutral. `sig_changed` follows
    every answer and every change of tab."""

    sig_changed = Signal()
    sig_refused = Signal(str)  # a number typed in a box and refused, in words (the box keeps its value)

    def __init__(self, names: list[str], start: np.ndarray | None = None, with_direct: bool = False,
                 parent: QWidget | None = None, what: tuple[str, str] = ("criterion", "criteria")):
        super().__init__(parent)
        self.names = list(names)
        one, many = what  # what the questions are about: criteria, or the objectives weighted as branches
        self.what = one
        n = len(names)
        w = np.full(n, 1.0 / n) if start is None else np.asarray(start, dtype=float)
        self.methods: list[str] = []
        self.points: list[WholeBox] = []
        if with_direct:
            page, grid = _page(f"Give each {one} points for how much it matters (any numbers from 0 to 100; "
                               "only their proportions count).", 2)
            self.points = self._spin_rows(grid, 0, 100, [10] * n if start is None else
                                          [round(100 * x / max(w.max(), 1e-12)) for x in w], "Points for")
            self._add(page, "Points", DIRECT)
        page, grid = _page(f"Rank the {many}, 1 = most important (equal ranks share).", 2)
        order = np.argsort(-w, kind="stable")
        self.ranks = self._spin_rows(grid, 1, n, [1] * n if start is None else
                                     [int(np.flatnonzero(order == k)[0]) + 1 for k in range(n)], "Rank of")
        self._add(page, "Rank", RANKING)
        page, grid = _page("Give 100 points to the swing from worst to best that matters most, and points 0–100 to "
                           "each other swing relative to it.", 2)
        top = w.max()
        self.swings = self._spin_rows(grid, 0, 100, [100] * n if start is None else
                                      [round(100 * x / top) for x in w], "Swing points of")
        self._add(page, "Swing", SWING)
        page, grid = _page(f"For each pair, slide toward the more important {one} (centre: equal; ends: 9 times "
                           "as important).", 3)
        grid.setColumnStretch(1, 1)
        self.pairs: dict[tuple[int, int], QSlider] = {}
        self.ratio_labels: dict[tuple[int, int], QLabel] = {}
        for row, (i, j) in enumerate(combinations(range(n), 2), start=1):
            s = QSlider(Qt.Orientation.Horizontal)
            s.setRange(-AHP_STEPS, AHP_STEPS)
            s.setInvertedAppearance(True)  # positive (left criterion more important) sits toward the left
            s.setInvertedControls(True)  # so that the Left arrow moves the handle left (toward the left criterion)
            s.setMinimumWidth(120)
            ratio = w[i] / max(w[j], 1e-12)
            s.setValue(int(np.clip(round(ratio - 1) if ratio >= 1 else -round(1 / max(ratio, 1e-12) - 1),
                                   -AHP_STEPS, AHP_STEPS)))
            s.setAccessibleName(f"{names[i]} versus {names[j]}")
            s.valueChanged.connect(self.sig_changed)
            for col, k in ((0, i), (2, j)):
                lab = QLabel(names[k])  # whole, wrapped: a cut name is a different question
                lab.setTextFormat(Qt.TextFormat.PlainText)
                lab.setWordWrap(True)
                grid.addWidget(lab, 2 * row - 1, col)
            ratio_label = QLabel()
            ratio_label.setTextFormat(Qt.TextFormat.PlainText)
            ratio_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            s.valueChanged.connect(lambda v, lab=ratio_label, a=names[i], b=names[j]: lab.setText(ratio_text(v, a, b)))
            ratio_label.setText(ratio_text(s.value(), names[i], names[j]))
            grid.addWidget(s, 2 * row - 1, 1)
            grid.addWidget(ratio_label, 2 * row, 0, 1, 3)
            self.pairs[(i, j)] = s
            self.ratio_labels[(i, j)] = ratio_label
        self._add(page, "Pairwise (AHP)", AHP)
        self.currentChanged.connect(self.sig_changed)

    def _add(self, page: QWidget, title: str, method: str) -> None:
        self.addTab(_scroll(page), title)
        self.methods.append(method)

    def _spin_rows(self, grid: QGridLayout, lo: int, hi: int, values: list[int], what: str) -> list[WholeBox]:
        """A labelled number box per criterion (rows 1..n of `grid`), each change updating the preview and
        each refusal said in `sig_refused`."""
        spins = []
        for k, (name, value) in enumerate(zip(self.names, values, strict=True)):
            spin = WholeBox(f"{what} {elide(name, 40)}")
            spin.setRange(lo, hi)
            spin.setValue(value)
            spin.setAccessibleName(f"{what} {name}")
            spin.valueChanged.connect(self.sig_changed)
            spin.refused.connect(lambda message, spin=spin: say_near(spin, message, self.sig_refused.emit))
            grid.addWidget(QLabel(name), k + 1, 0)
            grid.addWidget(spin, k + 1, 1)
            spins.append(spin)
        return spins

    def answers(self) -> tuple[int, ...]:
        """Every control's value, to tell whether anything was typed since a moment (Esc asks before discarding)."""
        spins = (*self.points, *self.ranks, *self.swings)
        return tuple(w.value() for w in spins) + tuple(s.value() for s in self.pairs.values())

    def method(self) -> str:
        """The elicitation method of the page shown: direct, ranking, swing or ahp."""
        return self.methods[self.currentIndex()]

    def show_method(self, method: str) -> None:
        self.setCurrentIndex(self.methods.index(method))

    def pairwise_matrix(self) -> np.ndarray:
        n = len(self.names)
        A = np.ones((n, n))
        for (i, j), s in self.pairs.items():
            v = s.value()
            a = 1.0 + v if v >= 0 else 1.0 / (1.0 - v)
            A[i, j], A[j, i] = a, 1.0 / a
        return A

    def inputs(self) -> list[float] | None:
        """What was entered on a ranking or swing page (None for direct points and AHP)."""
        spins = {RANKING: self.ranks, SWING: self.swings}.get(self.method())
        return None if spins is None else [float(s.value()) for s in spins]

    def entered_points(self) -> list[float]:
        return [float(s.value()) for s in self.points]

    def compute(self) -> tuple[np.ndarray | None, str]:
        """The page's normalised weights and a note on how they were made (None and why when they cannot)."""
        method = self.method()
        names = self.names
        try:
            if method == DIRECT:
                pts = self.entered_points()
                if not any(pts):
                    raise EngineError(f"give at least one {self.what} some points")
                return direct(pts), "direct points"
            if method == RANKING:
                return rank_order_centroid([s.value() for s in self.ranks]), "rank-order centroid"
            if method == SWING:
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


def ratio_text(value: int, left: str, right: str) -> str:
    """What a pairwise slider's position says: "equally important" or "Left: 3 times as important as Right"."""
    if value == 0:
        return "equally important"
    more, less = (left, right) if value > 0 else (right, left)
    return f"{more}: {1 + abs(value)} times as important as {less}"


def preview_text(names: list[str], w: np.ndarray | None, note: str) -> str:
    """The preview line under the pages: the note, and the weights largest first."""
    if w is None:
        return f"<b>{html_escape(note)}</b>"
    parts = ", ".join(f"{html_escape(elide(names[k], 24))} {w[k]:.0%}" for k in np.argsort(-w, kind="stable"))
    return f"<i>{html_escape(note)}</i><br>{parts}"


def refusal_html(message: str) -> str:
    """A refused entry as the first line of a dialog's preview."""
    return f"<span style='color:#b00020'>{html_escape(message)}</span><br>"


class ElicitDialog(QDialog):
    ALL = -2  # the target "every criterion" (the flat question); -1 is the top of the value tree

    def __init__(self, state: AnalysisState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Elicit weights")
        self.state = state
        tree = state.tree
        # bottom-up: the deepest objectives first, the top objectives last, then (apart) every criterion
        nodes = sorted(range(tree.n_nodes), key=lambda k: -int(tree.depth[k]))
        self.targets = [*nodes, -1, self.ALL] if not tree.is_flat else [self.ALL]
        self.target = QComboBox()
        self.target.setAccessibleName("Whose weights the questions are about")
        for k in self.targets:
            self.target.addItem("Every criterion" if k == self.ALL else "The top objectives" if k < 0 else
                                f"Within {tree.names[k]}", k)
        self.target.setVisible(not tree.is_flat)
        self.target.activated.connect(lambda _i: self._pages())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Elicited weights")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        self.lay = QVBoxLayout(self)
        self.lay.addWidget(self.target)
        self.lay.addWidget(self.summary)
        self.lay.addWidget(buttons)
        self.tabs: ElicitPages | None = None
        self.weights: np.ndarray | None = None
        self._pages()

    def node(self) -> int:
        return int(self.target.currentData())

    def _pages(self) -> None:
        """The questions for the chosen target: its children's names, starting from their current shares."""
        tree, k = self.state.tree, self.node()
        start: np.ndarray | None
        if k == self.ALL:
            names, start = list(self.state.compiled.criterion_names), self.state.weights
        else:
            kids = list(tree.top if k < 0 else tree.children[k])
            names, shares = [tree.names[i] for i in kids], local_weights(tree, self.state.weights)[kids]
            start = shares / shares.sum() if shares.sum() > 0 else None
        if self.tabs is not None:
            self.lay.removeWidget(self.tabs)
            self.tabs.deleteLater()
        self.tabs = ElicitPages(names, start)
        self.ranks, self.swings, self.pairs = self.tabs.ranks, self.tabs.swings, self.tabs.pairs
        self.tabs.sig_changed.connect(self.preview)
        self.tabs.sig_refused.connect(self.refused)
        self.lay.insertWidget(1, self.tabs, 1)
        self.preview()

    def pairwise_matrix(self) -> np.ndarray:
        assert self.tabs is not None
        return self.tabs.pairwise_matrix()

    def compute(self) -> tuple[np.ndarray | None, str]:
        assert self.tabs is not None
        return self.tabs.compute()

    def preview(self) -> None:
        assert self.tabs is not None
        w, note = self.compute()
        self.weights = w
        self.apply_button.setEnabled(w is not None)
        self.summary.setText(preview_text(self.tabs.names, w, note))

    def refused(self, message: str) -> None:
        """A typed number not taken: said above the preview until the next change."""
        assert self.tabs is not None
        self.summary.setText(refusal_html(message) + preview_text(self.tabs.names, self.weights, self.compute()[1]))

    def apply(self) -> None:
        if self.weights is None:
            return
        _w, note = self.compute()
        how = note.split(",")[0].split(" —")[0]
        k = self.node()
        if k == self.ALL:
            self.state.set_weights(self.weights, f"Weights by {how}")
            self.state.notify(f"Weights set by {note}")
            self.accept()
            return
        tree = self.state.tree
        where = "the top objectives" if k < 0 else tree.names[k]
        self.state.set_weights(set_local(tree, self.state.weights, k, self.weights), f"Weights within {where} by {how}")
        self.state.notify(f"Weights within {where} set by {note}")
        i = self.target.currentIndex()
        if self.targets[i] != -1 and i + 1 < len(self.targets):  # on up the tree, to the top objectives
            self.target.setCurrentIndex(i + 1)
            self._pages()
        else:
            self.accept()
