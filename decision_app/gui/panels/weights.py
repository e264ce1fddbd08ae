"""Weights panel: a slider, a percentage spin box and a lock per criterion; the profile and method. With a value
tree the rows follow the tree: each objective has a row of its own (its total: a branch's slider sets the
branch's total, its criteria keep their proportions, its siblings give way; its lock holds it) that collapses and
expands the rows below it."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QStyle,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from decision_app.core.document import CUSTOM_WEIGHTS
from decision_app.core.methods import METHOD_NAMES, METHODS
from decision_app.core.schema import Criterion
from decision_app.core.tree import item_weights, move_room
from decision_app.core.weights import weight_room
from decision_app.gui.charts.base import html_escape
from decision_app.gui.number_boxes import DecimalBox, say_near
from decision_app.gui.theme import criterion_color
from decision_app.gui.whole_combo import WholeCombo

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

SLIDER_STEPS = 1000
WEIGHT_DECIMALS = 1  # a weight is typed in percent with at most one decimal (more are refused, never rounded)


def _typable(share: float, towards: Callable[[float], int]) -> float:
    """A bound in percent with the decimals a weight is typed with, rounded inwards (`math.floor` for the
    highest, `math.ceil` for the lowest), so that the number said can itself be typed."""
    scale = 10 ** WEIGHT_DECIMALS
    return float(towards(share * 100 * scale + (1e-9 if towards is math.floor else -1e-9)) / scale)


def criterion_tooltip(criterion: Criterion) -> str:
    parts = [f"<b>{html_escape(criterion.name)}</b> ({'lower' if criterion.direction == 'cost' else 'higher'} is "
             "better)"]
    if criterion.definition:
        parts.append(html_escape(criterion.definition))
    if criterion.scale is not None:
        parts.append(f"Scale {criterion.scale.min:g}–{criterion.scale.max:g} {html_escape(criterion.unit)}")
    for a in sorted(criterion.anchors, key=lambda a: a.value):
        parts.append(f"&nbsp;&nbsp;{a.value:g}: {html_escape(a.description)}")
    return "<br>".join(parts)


class HelpArea(QScrollArea):
    """The method's and the profile's explanations: at most `LINES` lines of the current (zoomed) font high,
    the rest scrolls (arrow keys once focused, or the wheel), so that at View > Zoom 200 % on a 720 px screen
    the text does not push the weight sliders out of their panel."""

    LINES = 5

    def __init__(self, labels: list[QLabel], parent: QWidget | None = None):
        super().__init__(parent)
        host = QWidget()
        col = QVBoxLayout(host)
        col.setContentsMargins(0, 0, 0, 0)
        for label in labels:
            col.addWidget(label)
        col.addStretch(1)
        self.setWidget(host)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a keyboard user scrolls the rest with the arrows
        self.setAccessibleName("About the method and the profile")
        self._fit()

    def _fit(self) -> None:
        self.setMaximumHeight(self.LINES * self.fontMetrics().lineSpacing() + 2 * self.frameWidth())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Zoom: the same number of lines, larger
            self._fit()

    def sizeHint(self) -> QSize:
        # As narrow as it may be: the text wraps to the panel's width and never asks for more of it (a
        # word-wrapped label's own guess, about 470 px, set the width the whole panel asked for).
        host = self.widget()
        want = host.heightForWidth(self.viewport().width()) if host is not None else 0
        return QSize(self.minimumSizeHint().width(), min(max(want, 0), self.maximumHeight()))


class RowsArea(QScrollArea):
    """The weight rows, scrolling up and down: at least as wide as a row needs beside the scroll bar, so a lock
    box is never cut off at the right (QScrollArea asks only for its frame). Not a Tab stop itself: the focus
    goes to its rows, and the area scrolls to show the focused one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        host = self.widget()
        if host is None:
            return hint
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(max(hint.width(), host.minimumSizeHint().width() + bar + 2 * self.frameWidth()), hint.height())


class WeightsPanel(QWidget):
    """The weights and the method. Its preferred width (`sizeHint`) is what a row needs with its criterion's
    name on one line (up to NAME_CHARS characters): the window keeps the weights dock no wider, so a larger
    window gives its width to the charts."""

    NAME_CHARS = 34

    def __init__(self, state: AnalysisState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        lay = QVBoxLayout(self)
        # The choosers beside their labels; zoomed, a label goes above its chooser where the two side by side
        # would make the panel scroll sideways (`minimumSizeHint` keeps them side by side at 100 %).
        top = self.choosers = QFormLayout()
        top.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Never cut by a letter: the method whole at any zoom, a long profile's name shortened with "…" (whole in
        # the list and the tooltip) where the panel is narrower than it (`WholeCombo`).
        self.profile = WholeCombo(fit=False)
        self.profile.setAccessibleName("Weight profile")
        self.profile.activated.connect(self._profile_chosen)
        top.addRow("Profile", self.profile)
        self.method = WholeCombo()
        self.method.setAccessibleName("Aggregation method")
        for name in METHOD_NAMES:
            self.method.addItem(METHODS[name].label, name)
            self.method.setItemData(self.method.count() - 1, METHODS[name].description, Qt.ItemDataRole.ToolTipRole)
        self.method.activated.connect(lambda i: state.set_method(self.method.itemData(i)))
        top.addRow("Method", self.method)
        lay.addLayout(top)
        self.method_help = QLabel()
        self.method_help.setWordWrap(True)
        self.method_help.setObjectName("methodHelp")
        self.profile_help = QLabel()
        self.profile_help.setWordWrap(True)
        self.help_area = HelpArea([self.method_help, self.profile_help])
        buttons = QHBoxLayout()
        self.reset_btn = QPushButton("Reset to profile")
        self.reset_btn.setToolTip("Set the weights back to the chosen profile's")
        self.reset_btn.clicked.connect(state.reset_to_profile)
        self.save_btn = QPushButton("Save as profile…")
        self.save_btn.setToolTip("Keep the current weights as a named profile in the model")
        self.save_btn.clicked.connect(self.save_profile)
        buttons.addWidget(self.reset_btn)
        buttons.addWidget(self.save_btn)
        lay.addLayout(buttons)
        self.rows_host = QWidget()
        self.grid = QGridLayout(self.rows_host)
        self.grid.setColumnStretch(1, 1)
        self.rows_scroll = scroll = RowsArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_host)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.help_area)  # below the sliders and a few lines high: they keep the panel's height
        self.rows: list[tuple[QSlider, DecimalBox, QCheckBox, QLabel]] = []
        # the value tree's objectives, by item number: (slider, spin, lock, name, expand button)
        self.node_rows: list[tuple[QSlider, DecimalBox, QCheckBox, QLabel, QToolButton]] = []
        self._item_widgets: dict[int, list[QWidget]] = {}
        self.collapsed: set[int] = set()
        state.sig_model_changed.connect(self.build)
        state.sig_weights_changed.connect(self.refresh)
        state.sig_method_changed.connect(self._method_changed)
        self.build()
        self._method_changed(state.method)

    def minimumSizeHint(self) -> QSize:
        """At least the choosers beside their labels at the system size (so at 100 % they stay side by side, as
        wide as before); zoomed, that width stays and a label goes above its chooser rather than the panel
        growing past its dock."""
        hint = super().minimumSizeHint()
        system = QFontMetrics(QApplication.font()).averageCharWidth()
        zoom = max(self.fontMetrics().averageCharWidth() / max(system, 1), 1.0)
        top = self.choosers
        labels = [top.itemAt(r, QFormLayout.ItemRole.LabelRole) for r in range(top.rowCount())]
        fields = [top.itemAt(r, QFormLayout.ItemRole.FieldRole) for r in range(top.rowCount())]
        side = (max(i.minimumSize().width() for i in labels if i is not None) + max(top.horizontalSpacing(), 0)
                + max(i.minimumSize().width() for i in fields if i is not None))
        own = self.layout()
        around = own.contentsMargins().left() + own.contentsMargins().right() if own is not None else 0
        return QSize(max(hint.width(), int(side / zoom) + around), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if not self.rows:
            return hint
        fm = self.fontMetrics()
        longest = min(max(fm.horizontalAdvance(name.text()) for *_w, name in self.rows),
                      self.NAME_CHARS * fm.averageCharWidth())
        _slider, spin, lock, _name = self.rows[0]
        swatch = self.grid.itemAtPosition(0, 0)
        spacing = max(self.grid.horizontalSpacing(), 0)
        row = (longest + spin.sizeHint().width() + lock.sizeHint().width() + 3 * spacing
               + (swatch.sizeHint().width() if swatch is not None else 0))
        grid, own = self.grid.contentsMargins(), self.layout()
        around = (grid.left() + grid.right() + 2 * self.rows_scroll.frameWidth()
                  + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        if own is not None:
            around += own.contentsMargins().left() + own.contentsMargins().right()
        return QSize(max(self.minimumSizeHint().width(), round(row + around)), hint.height())

    def build(self) -> None:
        while self.grid.count():
            old = self.grid.takeAt(0)
            w = old.widget() if old is not None else None
            if w is not None:
                w.deleteLater()
        self.rows, self.node_rows, self._item_widgets = [], [], {}
        model = self.state.model
        tree = self.state.tree
        self.collapsed &= set(range(tree.n_nodes))
        crit_rows: dict[int, tuple[QSlider, DecimalBox, QCheckBox, QLabel]] = {}
        node_rows: dict[int, tuple[QSlider, DecimalBox, QCheckBox, QLabel, QToolButton]] = {}
        indent = self.fontMetrics().averageCharWidth() * 2
        for r, item in enumerate(tree.walk()):
            is_node = item < tree.n_nodes
            k = item - tree.n_nodes
            label = tree.names[item] if is_node else model.criteria[k].name
            swatch: QWidget
            if is_node:
                button = QToolButton()
                button.setAutoRaise(True)
                button.setAccessibleName(f"Show or hide what {label} groups")
                button.clicked.connect(lambda _on=False, n=item: self.toggle(n))
                swatch = button
                top = tree.top.index(item) if item in tree.top else -1  # its colour when the ranking stacks by it
                mark = (f"<span style='color:{criterion_color(len(model.criteria) + top).name()}'>■</span> "
                        if top >= 0 else "")
                name = QLabel(f"{mark}<b>{html_escape(label)}</b>")
                name.setToolTip(html_escape(model.objectives[item].description or label))
            else:
                swatch = QLabel("■")
                swatch.setStyleSheet(f"color: {criterion_color(k).name()}; font-size: 16px;")
                crit = model.criteria[k]
                name = QLabel(crit.name + (" ↓" if crit.direction == "cost" else ""))
                name.setToolTip(criterion_tooltip(crit))
            name.setIndent(indent * (int(tree.depth[item]) - 1))
            name.setWordWrap(True)  # a long name takes two lines rather than pushing the lock out of view
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, SLIDER_STEPS)
            slider.setAccessibleName(f"Weight of {label}")
            slider.setToolTip(name.toolTip())
            spin = DecimalBox(f"Weight of {label}")
            spin.setRange(0.0, 100.0)
            spin.setDecimals(WEIGHT_DECIMALS)
            spin.setSuffix(" %")
            spin.setAccessibleName(f"Weight of {label}, percent")
            spin.refused.connect(lambda message, spin=spin: say_near(spin, message, self.state.notify))
            lock = QCheckBox("lock")
            lock.setToolTip("Keep this weight fixed while the others move")
            lock.setAccessibleName(f"Lock the weight of {label}")
            name.setBuddy(slider)
            slider.sliderPressed.connect(self.state.begin_drag)
            slider.sliderReleased.connect(self.state.end_drag)
            if is_node:
                slider.valueChanged.connect(lambda v, n=item: self.state.set_branch_weight(n, v / SLIDER_STEPS,
                                                                                          "slider"))
                spin.valueChanged.connect(lambda v, n=item: self._item_typed(n, v))
                lock.toggled.connect(lambda on, n=item: self.state.set_branch_lock(n, on))
                node_rows[item] = (slider, spin, lock, name, button)
            else:
                slider.valueChanged.connect(lambda v, k=k: self.state.set_weight(k, v / SLIDER_STEPS, "slider"))
                spin.valueChanged.connect(lambda v, k=k: self._weight_typed(k, v))
                lock.toggled.connect(lambda on, k=k: self.state.set_lock(k, on))
                crit_rows[k] = (slider, spin, lock, name)
            for col, w in enumerate((swatch, name, spin, lock)):
                self.grid.addWidget(w, 2 * r, col)
            self.grid.addWidget(slider, 2 * r + 1, 0, 1, 4)
            self._item_widgets[item] = [swatch, name, spin, lock, slider]
        self.rows = [crit_rows[k] for k in range(len(model.criteria))]
        self.node_rows = [node_rows[n] for n in range(tree.n_nodes)]
        self._tab_order()
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        self.grid.setRowStretch(2 * len(tree.ids), 1)  # spare height below the rows, not between them
        self._profiles()
        self._show_collapsed()
        self.refresh()

    def toggle(self, node: int) -> None:
        """Collapse or expand what objective `node` groups."""
        self.collapsed ^= {node}
        self._show_collapsed()

    def _show_collapsed(self) -> None:
        tree = self.state.tree
        for n, row in enumerate(self.node_rows):
            row[4].setText("▸" if n in self.collapsed else "▾")
        above = tree.ancestors.copy()
        np.fill_diagonal(above, False)
        hidden = np.asarray(above[:, sorted(self.collapsed)].any(axis=1))  # a collapsed objective is above it
        for item, widgets in self._item_widgets.items():
            for w in widgets:
                w.setVisible(not hidden[item])

    def focus_weight(self, k: int) -> None:
        """Put the keyboard focus on criterion k's slider, scrolled into view ("What would change the answer")."""
        if 0 <= k < len(self.rows):
            self._focus_slider(self.rows[k][0])

    def focus_item(self, item: int) -> None:
        """The same for any item of the value tree (an objective's slider, expanded into view first)."""
        tree = self.state.tree
        if item >= tree.n_nodes:
            self.focus_weight(item - tree.n_nodes)
        elif 0 <= item < len(self.node_rows):
            above = {int(a) for a in np.flatnonzero(tree.ancestors[item]) if a != item}
            if self.collapsed & above:
                self.collapsed -= above
                self._show_collapsed()
            self._focus_slider(self.node_rows[item][0])

    def _focus_slider(self, slider: QSlider) -> None:
        self.rows_scroll.ensureWidgetVisible(slider)
        slider.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tab_order(self) -> None:
        """Tab from the profile controls goes to the weight rows (each row's slider, percentage, lock), then
        to the method's explanation; rows made anew for another model keep that order."""
        chain: list[QWidget] = [self.profile, self.method, self.reset_btn, self.save_btn]
        tree = self.state.tree
        for item in tree.walk():
            slider, spin, lock, *_rest = (self.node_rows[item] if item < tree.n_nodes
                                          else self.rows[item - tree.n_nodes])
            chain += [slider, spin, lock]
        chain.append(self.help_area)
        for a, b in pairwise(chain):
            QWidget.setTabOrder(a, b)

    def _profiles(self) -> None:
        self.profile.blockSignals(True)
        self.profile.clear()
        for p in self.state.model.profiles:
            self.profile.addItem(p.name, p.id)
            self.profile.setItemData(self.profile.count() - 1, p.description, Qt.ItemDataRole.ToolTipRole)
        self.profile.addItem(CUSTOM_WEIGHTS.capitalize(), None)  # core's words, as the memo and deck
        self.profile.blockSignals(False)

    def refresh(self) -> None:
        tree = self.state.tree
        w = item_weights(tree, self.state.weights).tolist()  # Python floats: round() on numpy scalars is slow
        locks = self.state.item_locks().tolist()
        rows = [row[:4] for row in self.node_rows] + self.rows
        for k, (slider, spin, lock, _name) in enumerate(rows):
            for widget, value in ((slider, round(w[k] * SLIDER_STEPS)), (spin, round(w[k] * 100, WEIGHT_DECIMALS))):
                if widget.value() != value:
                    widget.blockSignals(True)
                    widget.setValue(value)
                    widget.blockSignals(False)
            locked = bool(locks[k])
            if lock.isChecked() != locked:
                lock.blockSignals(True)
                lock.setChecked(locked)
                lock.blockSignals(False)
            slider.setEnabled(not locked)
            spin.setEnabled(not locked)
        pid = self.state.profile_id
        idx = self.profile.findData(pid) if pid is not None else self.profile.count() - 1
        if idx != self.profile.currentIndex():
            self.profile.setCurrentIndex(idx)
        help_text = (self.state.model.profile(pid).description if pid is not None else
                     f"{CUSTOM_WEIGHTS.capitalize()}: moved from a profile. Save them as a profile to keep a name.")
        if help_text != self.profile_help.text():  # a word-wrapped label relays out its dock on every set
            self.profile_help.setText(help_text)

    def _weight_typed(self, k: int, percent: float) -> None:
        """A percentage typed (or stepped) in a weight's box: applied exactly, the other unlocked weights
        rescaled and said so; refused aloud when the locked weights leave no room for it. In a value tree the
        criterion's siblings within its objective give way (`_item_typed`)."""
        if not self.state.tree.is_flat:
            self._item_typed(self.state.tree.criterion_item(k), percent)
            return
        name = self.state.compiled.criterion_names[k]
        room = weight_room(self.state.weights, self.state.locks, k)
        now = f"{round(self.state.weights[k] * 100, WEIGHT_DECIMALS):g} %"
        if room is None:
            refusal = "every other weight is locked, so none can give way"
        elif percent / 100.0 > room + 1e-12:
            refusal = f"{percent:g} % is more than the {room * 100:g} % the locked weights leave"
        else:  # the share of the percentage typed (27.7 % is 0.277, not 27.7 / 100 = 0.27699999999999997)
            self.state.set_weight(k, round(percent / 100.0, WEIGHT_DECIMALS + 2), "spin")
            rest = 100.0 - percent - (1.0 - room) * 100.0
            locked = " unlocked" if bool(np.delete(self.state.locks, k).any()) else ""
            self.state.notify(f"Weight of {name} set to {percent:g} %; the other{locked} weights now share "
                              f"the remaining {max(rest, 0.0):.{WEIGHT_DECIMALS}f} %")
            return
        self.refresh()
        spin = self.rows[k][1]
        say_near(spin, f"Weight of {name}: {refusal}; it stays {now}", self.state.notify)

    def _item_typed(self, item: int, percent: float) -> None:
        """The same rule in a value tree, for an objective's box or a criterion's: the total typed is applied
        exactly and its siblings within its parent give way, said aloud; where the locks (or the parent's own
        total) leave no room for it, it is refused aloud and the box keeps its value (`tree.move` would clamp:
        right for a slider, a third value for a typed number)."""
        state, tree = self.state, self.state.tree
        name = tree.names[item]
        parent = int(tree.parent[item])
        within = f" within {tree.names[parent]}" if parent >= 0 else ""
        value = round(percent / 100.0, WEIGHT_DECIMALS + 2)
        now = f"{round(float(item_weights(tree, state.weights)[item]) * 100, WEIGHT_DECIMALS):g} %"
        room = move_room(tree, state.weights, item, state.item_locks())
        locked, inside = self._locked_leaves(item), tree.leaves[item] > 0
        if room is None and parent >= 0 and len(tree.children[parent]) == 1:
            refusal = (f"it is the only item within {tree.names[parent]}, so nothing can give way; change the "
                       f"weight of {tree.names[parent]} instead")
        elif room is None and (locked | ~inside).all():
            refusal = "everything it groups is locked"
        elif room is None:
            refusal = f"every other weight{within} is locked, so none can give way"
        elif value > room[1] + 1e-12:
            refusal = (f"{percent:g} % is more than the {_typable(room[1], math.floor):g} % "
                       + (f"the locked weights{within} leave" if self._locked_beside(item) or parent < 0 else
                          f"{tree.names[parent]} holds in all; raise {tree.names[parent]} first"))
        elif value < room[0] - 1e-12:
            refusal = f"{percent:g} % is less than the {_typable(room[0], math.ceil):g} % its locked criteria hold"
        else:
            before = state.weights.copy()
            if item < tree.n_nodes:
                state.set_branch_weight(item, value, "spin")
            else:
                state.set_weight(item - tree.n_nodes, value, "spin")
            QToolTip.hideText()  # an earlier refusal's tooltip no longer holds
            if not np.array_equal(before, state.weights):
                unlocked = " unlocked" if self._locked_beside(item) else ""
                rest = room[1] - value
                state.notify(f"Weight of {name} set to {percent:g} %; the other{unlocked} weights{within} now "
                             f"share the remaining {max(rest, 0.0) * 100:.{WEIGHT_DECIMALS}f} %")
            return
        self.refresh()
        box = self.node_rows[item][1] if item < tree.n_nodes else self.rows[item - tree.n_nodes][1]
        say_near(box, f"Weight of {name}: {refusal}; it stays {now}", state.notify)

    def _locked_leaves(self, item: int) -> np.ndarray:
        """The criteria a lock holds while `item` moves (locks on it and above it are no obstacle)."""
        tree = self.state.tree
        locks = self.state.item_locks() & ~tree.ancestors[item]
        out: np.ndarray = (locks.astype(float) @ tree.leaves) > 0
        return out

    def _locked_beside(self, item: int) -> bool:
        """Whether a locked item among `item`'s siblings (or inside them) holds some of its parent's weight."""
        tree = self.state.tree
        parent = int(tree.parent[item])
        family = tree.leaves[parent] > 0 if parent >= 0 else np.ones(tree.n_criteria, dtype=bool)
        return bool((family & ~(tree.leaves[item] > 0) & self._locked_leaves(item)).any())

    def _profile_chosen(self, index: int) -> None:
        pid = self.profile.itemData(index)
        if pid is not None:
            self.state.use_profile(pid)
        else:
            self.refresh()

    def _method_changed(self, method: str) -> None:
        self.method.setCurrentIndex(self.method.findData(method))
        self.method_help.setText(METHODS[method].description)

    def save_profile(self) -> None:
        from decision_app.core.edits import add_profile
        from decision_app.core.errors import InputError

        name, ok = QInputDialog.getText(self, "Save weights as profile", "Name of the new profile:")
        if ok and not name.strip():
            self.state.notify("No profile saved: the profile needs a name")
        if not ok or not name.strip():
            return
        c = self.state.compiled
        weights = {cid: float(x) for cid, x in zip(c.criterion_ids, np.round(self.state.weights, 6), strict=True)}
        try:
            new = add_profile(self.state.model, name, weights, "Saved from the weights panel.")
        except InputError as exc:
            self.state.sig_status.emit(str(exc))
            return
        pid = new.profiles[-1].id
        self.state.undo_stack.beginMacro(f"Save profile {name}")
        self.state.replace_model(new, f"Save profile {name}")
        self.state.use_profile(pid)
        self.state.undo_stack.endMacro()
