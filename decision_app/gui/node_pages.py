"""AHP through the value tree, node by node: a participant compares the children of each objective (and the top
objectives) in pairs, one node at a time, with the same pairwise sliders as the flat AHP page
(`elicit_dialog.ElicitPages`). The criterion weights are the products of the local weights down the tree
(`core.ahp_tree.node_ahp`); the round keeps the judgements per node, so a group can combine them node by node.

`NodePages` offers what the participant form reads of `ElicitPages` (names, answers, method, compute, the
signals), so the form swaps one for the other."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from decision_app.core.ahp_tree import Node, TreeShape, node_ahp
from decision_app.core.errors import EngineError
from decision_app.core.tree import ValueTree
from decision_app.gui.elicit_dialog import AHP, ElicitPages


class NodePages(QWidget):
    """One page of pairwise sliders per node of the tree with two or more children, chosen in a list."""

    sig_changed = Signal()
    sig_refused = Signal(str)

    def __init__(self, tree: ValueTree, shape: TreeShape, parent: QWidget | None = None):
        super().__init__(parent)
        self.tree, self.shape = tree, shape
        self.names = [tree.names[tree.n_nodes + j] for j in range(tree.n_criteria)]  # what the weights are of
        self.nodes: list[Node] = list(shape.judged())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.node_combo = QComboBox()
        self.node_combo.setAccessibleName("Which objective's parts are compared")
        self.stack = QStackedWidget()
        self.pages: dict[Node, ElicitPages] = {}
        for node in self.nodes:
            kids = shape.children[node]
            label = "The top objectives" if node is None else f"Within {tree.names[tree.index(node)]}"
            self.node_combo.addItem(f"{label} ({len(kids)} to compare)", node)
            pages = ElicitPages([tree.names[tree.index(k)] for k in kids], None, what=("item", "items"))
            pages.show_method(AHP)
            pages.tabBar().hide()  # only the pairwise questions, node by node
            pages.sig_changed.connect(self.sig_changed)
            self.pages[node] = pages
            self.stack.addWidget(pages)
        self.node_combo.currentIndexChanged.connect(self.stack.setCurrentIndex)
        hint = QLabel("Compare the parts of each objective in pairs, one objective at a time (choose it above); "
                      "each criterion's weight is its share within its objective times the objective's share, "
                      "up the tree.")
        hint.setWordWrap(True)
        lay.addWidget(self.node_combo)
        lay.addWidget(hint)
        lay.addWidget(self.stack, 1)

    def show_node(self, node: Node) -> None:
        self.node_combo.setCurrentIndex(self.nodes.index(node))

    def matrices(self) -> dict[Node, np.ndarray]:
        """Each node's pairwise matrix, rows and columns in the tree's order of its children."""
        return {n: p.pairwise_matrix() for n, p in self.pages.items()}

    def answers(self) -> tuple[int, ...]:
        return tuple(v for p in self.pages.values() for v in p.answers())

    def method(self) -> str:
        return AHP

    def compute(self) -> tuple[np.ndarray | None, str]:
        """The criterion weights (model order) and each node's consistency in words."""
        try:
            res = node_ahp(self.shape, self.matrices())
        except EngineError as exc:
            return None, str(exc)
        worst = max(res.nodes.items(), key=lambda kv: kv[1].consistency_ratio)
        where = "the top" if worst[0] is None else self.tree.names[self.tree.index(worst[0])]
        note = f"AHP node by node, highest consistency ratio {worst[1].consistency_ratio:.3f} ({where})"
        if not res.consistent:
            note += " — above 0.10: reconsider the judgements there first"
        return res.weights, note
