"""The performance matrix: an editable table (options x criteria, cells shaded by value) and, beside it,
the selected cell's evidence: value, range, rationale and the quoted passages with their sources, all
editable."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from decision_app.core import edits
from decision_app.core.errors import InputError
from decision_app.core.methods import wsm_values
from decision_app.gui.charts.base import html_escape
from decision_app.gui.panels.weights import criterion_tooltip


class MatrixModel(QAbstractTableModel):
    """Options (rows) x criteria (columns). Display, edit and shading read the state's compiled arrays;
    an edit becomes an undoable model replacement."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self._values = None
        state.sig_model_changed.connect(self._reset)
        self._reset()

    def _reset(self) -> None:
        self.beginResetModel()
        c = self.state.compiled
        self._values = wsm_values(c.X, c.lo, c.hi, c.is_cost, c.value_fns)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.state.compiled.m

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.state.compiled.n

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i, j = index.row(), index.column()
        c = self.state.compiled
        if role == Qt.ItemDataRole.DisplayRole:
            x, lo, hi = c.X[i, j], c.low[i, j], c.high[i, j]
            return f"{x:g}" if lo == hi else f"{x:g}  ({lo:g}–{hi:g})"
        if role == Qt.ItemDataRole.EditRole:
            return float(c.X[i, j])
        if role == Qt.ItemDataRole.BackgroundRole:
            v = float(self._values[i, j])
            good, bad = QColor(0, 114, 178), QColor(230, 159, 0)  # blue for good, orange for poor (CVD-safe)
            col = good if v >= 0.5 else bad
            col.setAlpha(int(20 + 150 * abs(v - 0.5) * 2))
            return col
        if role == Qt.ItemDataRole.ToolTipRole:
            s = self.state.model.options[i].scores[c.criterion_ids[j]]
            return (f"<b>{html_escape(c.option_names[i])}</b> — {html_escape(c.criterion_names[j])}<br>"
                    f"{s.value:g} (range {s.low:g}–{s.high:g})<br>{html_escape(s.rationale)}")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{c.option_names[i]}, {c.criterion_names[j]}: {c.X[i, j]:g}"
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        c = self.state.compiled
        if orientation == Qt.Orientation.Horizontal:
            crit = self.state.model.criteria[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return crit.name + (" ↓" if crit.direction == "cost" else " ↑")
            if role == Qt.ItemDataRole.ToolTipRole:
                return criterion_tooltip(crit)
        else:
            if role == Qt.ItemDataRole.DisplayRole:
                return c.option_names[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return html_escape(self.state.model.options[section].summary)
        return None

    def flags(self, index: QModelIndex):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            x = float(str(value).replace(",", "."))
        except ValueError:
            self.state.sig_status.emit(f'"{value}" is not a number; the score is unchanged')
            return False
        c = self.state.compiled
        i, j = index.row(), index.column()
        if x == c.X[i, j]:
            return False
        try:
            new = edits.set_score(self.state.model, c.option_ids[i], c.criterion_ids[j], value=x)
        except InputError as exc:
            self.state.sig_status.emit(f"Score not changed: {exc.problems[0].message}")
            return False
        self.state.replace_model(new, f"Score of {c.option_names[i]} on {c.criterion_names[j]}")
        return True


class EvidencePane(QWidget):
    """The selected cell: its value, range and rationale (editable) and the passages it rests on."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        form = QFormLayout()
        self.value, self.low, self.high = QDoubleSpinBox(), QDoubleSpinBox(), QDoubleSpinBox()
        for w, name in ((self.value, "value"), (self.low, "low"), (self.high, "high")):
            w.setDecimals(3)
            w.setRange(-1e9, 1e9)
            w.setAccessibleName(f"Score {name}")
        rng = QHBoxLayout()
        rng.addWidget(self.low)
        rng.addWidget(QLabel("to"))
        rng.addWidget(self.high)
        form.addRow("Score", self.value)
        form.addRow("Range", rng)
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setMaximumHeight(70)
        form.addRow("Rationale", self.rationale)
        lay.addLayout(form)
        self.citations = QTableWidget(0, 2)
        self.citations.setHorizontalHeaderLabels(["Source", "Quoted passage"])
        self.citations.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.citations.setAccessibleName("Citations")
        self.citations.setMaximumHeight(120)
        lay.addWidget(self.citations)
        row = QHBoxLayout()
        add, remove, self.apply = QPushButton("Add quote"), QPushButton("Remove quote"), QPushButton("Apply")
        add.clicked.connect(lambda: self._add_citation("", ""))
        remove.clicked.connect(self._remove_citation)
        self.apply.clicked.connect(self.commit)
        self.apply.setToolTip("Apply the edits to this score (undoable)")
        for b in (add, remove):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.apply)
        lay.addLayout(row)
        self.evidence = QTextBrowser()
        self.evidence.setOpenLinks(False)
        self.evidence.setAccessibleName("Evidence")
        lay.addWidget(self.evidence, 1)
        state.sig_selection_changed.connect(lambda *_: self.show_cell())
        state.sig_model_changed.connect(self.show_cell)
        self.show_cell()

    def _add_citation(self, source: str, quote: str) -> None:
        r = self.citations.rowCount()
        self.citations.insertRow(r)
        combo = QComboBox()
        for s in self.state.model.sources:
            combo.addItem(f"{s.author}", s.id)
        if source:
            combo.setCurrentIndex(max(combo.findData(source), 0))
        self.citations.setCellWidget(r, 0, combo)
        self.citations.setItem(r, 1, QTableWidgetItem(quote))

    def _remove_citation(self) -> None:
        if self.citations.rowCount():
            self.citations.removeRow(max(self.citations.currentRow(), 0))

    def _cell(self):
        s = self.state
        i, j = s.selected_option, s.selected_criterion
        return i, j, s.model.options[i], s.model.criteria[j]

    def show_cell(self) -> None:
        _i, _j, opt, crit = self._cell()
        sc = opt.scores[crit.id]
        self.heading.setText(f"<b>{html_escape(opt.name)}</b><br>on <b>{html_escape(crit.name)}</b> "
                             f"({'lower' if crit.direction == 'cost' else 'higher'} is better"
                             + (f", scale {crit.scale.min:g}–{crit.scale.max:g} {html_escape(crit.unit)}"
                                if crit.scale else "") + ")")
        lo = crit.scale.min if crit.scale else -1e9
        hi = crit.scale.max if crit.scale else 1e9
        for w, v in ((self.value, sc.value), (self.low, sc.low), (self.high, sc.high)):
            w.setRange(lo, hi)
            w.setValue(v)
        self.rationale.setPlainText(sc.rationale)
        self.citations.setRowCount(0)
        for cit in sc.citations:
            self._add_citation(cit.source, cit.quote)
        html = [f"<p><b>Rationale.</b> {html_escape(sc.rationale) or '<i>none given</i>'}</p>"]
        if opt.summary:
            html.append(f"<p><b>The option.</b> {html_escape(opt.summary)}</p>")
        for cit in sc.citations:
            src = self.state.model.source(cit.source)
            who = f"{html_escape(src.author)}, <i>{html_escape(src.title)}</i>" if src else html_escape(cit.source)
            html.append(f"<blockquote>“{html_escape(cit.quote)}”<br>— {who}</blockquote>")
        if not sc.citations:
            html.append("<p><i>No passage is cited for this score.</i></p>")
        self.evidence.setHtml("".join(html))

    def commit(self) -> None:
        _i, _j, opt, crit = self._cell()
        cits = []
        for r in range(self.citations.rowCount()):
            combo = self.citations.cellWidget(r, 0)
            item = self.citations.item(r, 1)
            quote = item.text().strip() if item else ""
            if quote and combo is not None:
                cits.append({"source": combo.currentData(), "quote": quote})
        try:
            new = edits.set_score(self.state.model, opt.id, crit.id, value=self.value.value(), low=self.low.value(),
                                  high=self.high.value(), rationale=self.rationale.toPlainText().strip(),
                                  citations=cits)
        except InputError as exc:
            self.state.sig_status.emit("Not applied: " + "; ".join(p.message for p in exc.problems))
            return
        if new != self.state.model:
            self.state.replace_model(new, f"Evidence for {opt.name} on {crit.name}")


class MatrixPanel(QWidget):
    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.model = MatrixModel(state, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Performance matrix")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(120)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setMaximumWidth(320)
        self.table.selectionModel().currentChanged.connect(self._current)
        self.model.modelReset.connect(self._restore_current)
        self.evidence = EvidencePane(state)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.evidence)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

    def _current(self, cur: QModelIndex, _prev: QModelIndex) -> None:
        if cur.isValid():
            self.state.select(option=cur.row(), criterion=cur.column())

    def _restore_current(self) -> None:
        idx = self.model.index(self.state.selected_option, self.state.selected_criterion)
        self.table.selectionModel().blockSignals(True)
        self.table.setCurrentIndex(idx)
        self.table.selectionModel().blockSignals(False)

