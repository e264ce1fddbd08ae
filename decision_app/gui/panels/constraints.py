"""What the room agrees on: constraints that cut the weight region the uncertainty draws from and the verdict
reasons over (`UncertaintySettings.region`): an order of importance ("casualties >= escalation risk >=
feasibility"), bounds on a weight ("territorial integrity between 5 % and 15 %"), and the workshop's
participants' weights (their hull) instead of the spread around the current weights. With a value tree the
order may name objectives ("security >= ukraine") and each objective has a bounds row of its own (an
objective's weight is the sum of its criteria's), the rows in the tree's order.

A thin binding to the analysis state: every edit is `state.set_smaa_settings` (one undo step; saved with the
file's session), and `sig_smaa_settings_changed` sets the controls back (after undo, open, new). A bad order is
said under the box and kept there as typed; nothing is applied until it reads.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from decision_app.core.errors import EngineError
from decision_app.core.smaa import parse_order
from decision_app.core.snapshot import least_total
from decision_app.gui.charts.base import html_escape
from decision_app.gui.number_boxes import DecimalBox, say_near
from decision_app.gui.state import AnalysisState


def _words(ids: tuple[str, ...], names: tuple[str, ...],
           objectives: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(an id's word -> the id, a name's word -> every id with that name), lower case: what `order_ids` reads."""
    by_id = {i.lower(): i for i in (*ids, *objectives)}
    by_name: dict[str, list[str]] = {}
    for i, n in (*zip(ids, names, strict=True), *objectives.items()):
        by_name.setdefault(n.strip().lower(), []).append(i)
    return by_id, by_name


def order_ids(text: str, ids: tuple[str, ...], names: tuple[str, ...],
              objectives: dict[str, str] | None = None) -> tuple[tuple[str, ...], ...]:
    """'Casualties >= escalation_risk, ...' (criterion ids or names, any case; with a value tree, objective ids or
    names too, `objectives` mapping id to name) as chains of ids; EngineError saying what is wrong otherwise. An
    id is read as that id; a name that an objective and a criterion share is refused (write the id)."""
    objectives = objectives or {}
    by_id, by_name = _words(ids, names, objectives)
    chains = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        words = []
        for word in (w.strip() for w in part.split(">=")):
            key = word.lower()
            meant = by_name.get(key, [])
            if key in by_id:
                words.append(by_id[key])
            elif len(meant) > 1:
                which = " and ".join(f'the {"objective" if i in objectives else "criterion"} "{i}"' for i in meant)
                raise EngineError(f"'{word}' names both {which}; write its id")
            else:
                words.append(meant[0] if meant else word)
        chains.append(">=".join(words))
    parsed = parse_order(",".join(chains), ids, tuple(objectives))
    every = (*ids, *objectives)
    return tuple(tuple(every[j] for j in chain) for chain in parsed)


def shown_words(ids: tuple[str, ...], names: tuple[str, ...], objectives: dict[str, str]) -> dict[str, str]:
    """How the order box shows each id: its name where `order_ids` reads that name back as the same id, else
    the id itself (a name an objective shares with a criterion, or one that is another item's id)."""
    by_id, by_name = _words(ids, names, objectives)
    out = {}
    for i, n in (*zip(ids, names, strict=True), *objectives.items()):
        key = n.strip().lower()
        out[i] = n if by_id.get(key, i) == i and by_name.get(key) == [i] else i
    return out


ORDER_WORDS = ("&Order of importance (most important first, e.g. casualties >= escalation risk; several chains "
               "separated by commas)")
ORDER_WORDS_TREE = ("&Order of importance (most important first, criteria or objectives, by name or id, e.g. "
                    "security >= ukraine; several chains separated by commas)")


class ConstraintsPanel(QWidget):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        intro = QLabel("What the room agrees on cuts the weights the uncertainty draws and the verdict "
                       "considers. Each change is one undo step and is saved with the file.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.hull = QCheckBox("Mixes of the participants' weights")
        self.hull.setToolTip("Instead of the spread around the current weights: random mixes of the weights the "
                             "participants entered in the round reported")
        self.hull.toggled.connect(self._hull_toggled)
        lay.addWidget(self.hull)
        order_label = self.order_label = QLabel(ORDER_WORDS)
        order_label.setWordWrap(True)
        self.order = QLineEdit()
        self.order.setAccessibleName("Agreed order of importance")
        self.order.setPlaceholderText("none")
        order_label.setBuddy(self.order)
        self.order.editingFinished.connect(self._order_edited)
        self.order_problem = QLabel()
        self.order_problem.setWordWrap(True)
        self.order_problem.setStyleSheet("color: #B23B00;")
        self.order_problem.hide()
        lay.addWidget(order_label)
        lay.addWidget(self.order)
        lay.addWidget(self.order_problem)
        bounds_label = QLabel("Bounds on a weight, as a share of the whole (0 % to 100 %: no bound)")
        bounds_label.setWordWrap(True)
        lay.addWidget(bounds_label)
        self.rows_host = QWidget()
        self.grid = QGridLayout(self.rows_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.rows_host)
        lay.addWidget(scroll, 1)
        self.bounds: list[tuple[DecimalBox, DecimalBox]] = []  # (least, largest) per row, in the tree's order
        self.bound_ids: list[str] = []  # each row's criterion or objective id
        state.sig_model_changed.connect(self.build)
        state.sig_smaa_settings_changed.connect(self.sync)
        state.sig_participants_changed.connect(self.sync)
        self.build()

    def build(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        self.bounds, self.bound_ids = [], []
        tree = self.state.tree
        self.order_label.setText(ORDER_WORDS if tree.is_flat else ORDER_WORDS_TREE)
        for row, k in enumerate(tree.walk()):  # a flat model: the criteria in order, as always
            name, node = tree.names[k], k < tree.n_nodes
            label = QLabel(f"<b>{html_escape(name)}</b>" if node else html_escape(name))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setIndent(12 * (int(tree.depth[k]) - 1))
            what = f"objective {name}" if node else name
            low, high = self._spin(f"{what}: least weight"), self._spin(f"{what}: largest weight")
            if node:
                label.setToolTip("An objective's weight is the sum of its criteria's weights")
            label.setBuddy(low)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(low, row, 1)
            self.grid.addWidget(QLabel("to"), row, 2)
            self.grid.addWidget(high, row, 3)
            low.editingFinished.connect(self._bounds_edited)
            high.editingFinished.connect(self._bounds_edited)
            self.bounds.append((low, high))
            self.bound_ids.append(tree.ids[k])
        self.grid.setColumnStretch(0, 1)
        self.sync()

    def bounds_row(self, item_id: str) -> tuple[DecimalBox, DecimalBox]:
        """The (least, largest) weight boxes of a criterion or an objective, by id (ValueError for another)."""
        return self.bounds[self.bound_ids.index(item_id)]

    def _spin(self, name: str) -> DecimalBox:
        # the window's typed-number box: "150" and "-5" are refused aloud, "3,5" is 3.5 % (Qt's own box kept 15
        # and 35)
        box = DecimalBox(name)
        box.refused.connect(lambda message: say_near(box, message, self.state.notify))
        box.setRange(0.0, 100.0)
        box.setDecimals(1)
        box.setSuffix(" %")
        box.setAccessibleName(name)
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return box

    def sync(self) -> None:
        """Show the state's constraints (signals blocked: showing is not editing)."""
        s = self.state.smaa_settings
        c = self.state.compiled
        self.hull.blockSignals(True)
        self.hull.setChecked(s.weights_mode == "participants")
        self.hull.setEnabled(bool(self.state.model.participants) or s.weights_mode == "participants")
        self.hull.blockSignals(False)
        names = shown_words(c.criterion_ids, c.criterion_names, c.group_names)
        if not self.order_problem.isVisible():
            self.order.setText(", ".join(" >= ".join(names.get(i, i) for i in chain) for chain in s.order))
        given = {cid: (lo, hi) for cid, lo, hi in s.bounds}
        for cid, (low, high) in zip(self.bound_ids, self.bounds, strict=True):
            lo, hi = given.get(cid, (0.0, 1.0))
            for box, value in ((low, lo), (high, hi)):
                box.blockSignals(True)
                box.setValue(round(value * 100, 1))
                box.blockSignals(False)

    def _hull_toggled(self, on: bool) -> None:
        mode = "participants" if on else "around"
        if on and not self.state.model.participants:
            return
        self.state.set_smaa_settings(weights_mode=mode)

    def _order_edited(self) -> None:
        c = self.state.compiled
        try:
            order = order_ids(self.order.text(), c.criterion_ids, c.criterion_names, c.group_names)
        except EngineError as exc:
            self.order_problem.setText(f"Not applied: {exc}")
            self.order_problem.show()
            return
        self.order_problem.hide()
        self.state.set_smaa_settings(order=order)
        self.sync()

    def _bounds_edited(self) -> None:
        c = self.state.compiled
        bounds = []
        for cid, (low, high) in zip(self.bound_ids, self.bounds, strict=True):
            lo, hi = low.value() / 100, high.value() / 100
            if hi < lo:  # the box just edited wins: the other follows it, and the user is told
                lo = hi = (lo if self.sender() is low else hi)
                self.state.notify(f"{low.accessibleName().rsplit(':', 1)[0]}: the weight's bounds are now both "
                                  f"{lo * 100:g} % (the other bound followed the one typed)")
            if lo > 0 or hi < 1:
                bounds.append((cid, lo, hi))
        if least_total(bounds, c.criterion_ids, c.groups) > 1.0 + 1e-9:
            self.state.notify("The least weights add up to more than 100 %; lower one of them")
            self.sync()
            return
        self.state.set_smaa_settings(bounds=tuple(bounds))
        self.sync()
