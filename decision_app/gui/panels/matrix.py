"""The performance matrix: an editable table (options x criteria, cells shaded by value) and, beside it,
the selected cell's evidence: value, range, rationale and the quoted passages with their sources, all
editable."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionHeader,
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
from decision_app.core.schema import BASES, BASIS_MEANING, source_label
from decision_app.core.tree import ValueTree
from decision_app.core.typed_numbers import NumberRefusedError, read_number
from decision_app.gui.charts.base import compact_combo, html_escape
from decision_app.gui.number_boxes import say_near
from decision_app.gui.panels.matrix_headers import BranchHeader
from decision_app.gui.panels.outcomes_editor import OutcomesEditor
from decision_app.gui.panels.score_boxes import SCORE_DECIMALS, ScoreBox, ScoreDelegate, scale_bounds, scale_words
from decision_app.gui.panels.weights import criterion_tooltip
from decision_app.gui.whole_combo import WholeCombo

if TYPE_CHECKING:
    import numpy as np

    from decision_app.core.schema import Criterion, DecisionModel, Option, Outcome, Score
    from decision_app.gui.state import AnalysisState

Index = QModelIndex | QPersistentModelIndex


BASIS_MARK = {"essay": "E", "inference": "I", "judgement": "J"}  # a letter, not colour alone
# The citations table's columns: a short header word, and the whole meaning in its tooltip.
CITATION_COLUMNS = (("Source", "Source: the essay the passage is quoted from"),
                    ("Quote", "Quote: the passage, word for word"),
                    ("Note", "Note: how the passage bears on this score"))


class MatrixModel(QAbstractTableModel):
    """Options (rows) x criteria (columns). Display, edit and shading read the state's compiled arrays;
    an edit becomes an undoable model replacement. Each cell ends with its basis letter (E, I, J; '?' when
    still to be reviewed); `basis_filter` fades the cells of other bases."""

    def __init__(self, state: AnalysisState, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        self.basis_filter: str | None = None
        self.committing = False  # an edit typed in a cell is being applied (the reload it causes is its own)
        self._values: np.ndarray
        state.sig_model_changed.connect(self._reset)
        self._reset()

    def _reset(self) -> None:
        self.beginResetModel()
        c = self.state.compiled
        self._values = wsm_values(c.X, c.lo, c.hi, c.is_cost, c.value_fns)
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.state.compiled.m

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.state.compiled.n

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i, j = index.row(), index.column()
        c = self.state.compiled
        score = self.state.model.options[i].scores[c.criterion_ids[j]]
        shown = self.basis_filter is None or score.basis == self.basis_filter
        if role == Qt.ItemDataRole.DisplayRole:
            x, lo, hi = c.X[i, j], c.low[i, j], c.high[i, j]
            mark = BASIS_MARK[score.basis] + ("?" if score.review else "")
            pc = "%" if self.state.model.criteria[j].unit.strip() == "%" else ""  # a column of percentages
            return (f"{x:g}{pc}" if lo == hi else f"{x:g}{pc}  ({lo:g}–{hi:g})") + f"  {mark}"
        if role == Qt.ItemDataRole.EditRole:
            return float(c.X[i, j])
        if role == Qt.ItemDataRole.ForegroundRole and not shown:
            return QColor(150, 150, 150)
        if role == Qt.ItemDataRole.BackgroundRole and not shown:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            v = float(self._values[i, j])
            good, bad = QColor(0, 114, 178), QColor(230, 159, 0)  # blue for good, orange for poor (CVD-safe)
            col = good if v >= 0.5 else bad
            col.setAlpha(int(20 + 150 * abs(v - 0.5) * 2))
            return col
        if role == Qt.ItemDataRole.ToolTipRole:
            s = self.state.model.options[i].scores[c.criterion_ids[j]]
            return (f"<b>{html_escape(c.option_names[i])}</b> — {html_escape(c.criterion_names[j])}<br>"
                    f"{s.value:g} (range {s.low:g}–{s.high:g}), basis: {s.basis}"
                    f"{' (to review)' if s.review else ''}<br>{html_escape(s.rationale)}")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{c.option_names[i]}, {c.criterion_names[j]}: {c.X[i, j]:g}, basis {score.basis}"
        return None

    def set_basis_filter(self, basis: str | None) -> None:
        self.basis_filter = basis
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        c = self.state.compiled
        if orientation == Qt.Orientation.Horizontal:
            crit = self.state.model.criteria[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return two_line_header(c.criterion_labels[section], " ↓" if crit.direction == "cost" else " ↑")
            if role == Qt.ItemDataRole.ToolTipRole:
                return objective_path(self.state.tree, section) + criterion_tooltip(crit)
        else:
            if role == Qt.ItemDataRole.DisplayRole:
                return c.option_labels[section]
            if role == Qt.ItemDataRole.ToolTipRole:  # the full name: the header shows the short one
                opt = self.state.model.options[section]
                return f"<b>{html_escape(opt.name)}</b>" + (f"<br>{html_escape(opt.summary)}" if opt.summary else "")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:  # a text (a test, a paste) is read by the window's rule for typed numbers
            x = (read_number(value, decimals=SCORE_DECIMALS, group_mark=QLocale().groupSeparator())
                 if isinstance(value, str) else float(value))
        except NumberRefusedError as exc:
            self.state.notify(f"Score not changed: {exc}")
            return False
        c = self.state.compiled
        i, j = index.row(), index.column()
        if x == c.X[i, j]:
            return False
        try:
            new = edits.set_score(self.state.model, c.option_ids[i], c.criterion_ids[j], value=x)
        except InputError as exc:
            self.state.notify(f"Score not changed: {exc.problems[0].message}")
            return False
        oid, cid = c.option_ids[i], c.criterion_ids[j]
        widened = edits.range_widening(_score(self.state.model, oid, cid), _score(new, oid, cid))
        self.committing = True
        try:
            self.state.replace_model(new, f"Score of {c.option_names[i]} on {c.criterion_names[j]}")
        finally:
            self.committing = False
        if widened:
            self.state.notify(f"Score set to {x:g}: {widened} ({c.option_names[i]} on {c.criterion_names[j]})")
        return True


CELL_SAMPLE = "10.5  (10–10)  I?"  # the widest cell text a score column is sized for


def objective_path(tree: ValueTree, j: int) -> str:
    """'<i>Security › Human cost</i><br>' above a criterion's tooltip in a value tree; empty for a flat model."""
    item = tree.criterion_item(j)
    path = [tree.names[a] for a in tree.walk() if a < tree.n_nodes and tree.ancestors[item, a]]
    return f"<i>{html_escape(' › '.join(path))}</i><br>" if path else ""


def two_line_header(label: str, tail: str = "", chars: int = len(CELL_SAMPLE) - 1) -> str:
    """A column header: `label` and its `tail` (" ↑"), on two lines when longer than its column (about
    `chars` characters), broken at the space that leaves the shorter longest line ("Territorial\nintegrity ↑"),
    so a short name shows whole. A line still too long is cut at its end, the tail kept. (Qt elides a
    two-line text as if it were one line, so the header elides nothing itself.)"""
    def cut(line: str, room: int) -> str:
        return line if len(line) <= room else line[: max(room - 1, 1)].rstrip() + "…"

    words = label.split(" ")
    if len(label) + len(tail) <= chars or len(words) < 2:
        return cut(label, chars - len(tail)) + tail
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    top, bottom = min(splits, key=lambda ab: max(len(ab[0]), len(ab[1]) + len(tail)))
    return f"{cut(top, chars)}\n{cut(bottom, chars - len(tail))}{tail}"


def _score(model: DecisionModel, oid: str, cid: str) -> Score:
    return next(o for o in model.options if o.id == oid).scores[cid]


class _ShortFirst(QWidget):
    """The editor's fields in its scroll area, laid out at their least heights when the pane is short (the
    area otherwise gives a word-wrapped layout its preferred height, and on a laptop the rationale's spare
    lines pushed the first quote out of sight); a taller pane still gives them the room there is."""

    def heightForWidth(self, width: int) -> int:
        lay = self.layout()
        return lay.minimumHeightForWidth(width) if lay is not None else super().heightForWidth(width)


class EvidencePane(QWidget):
    """The selected cell: its value, range and rationale (editable) and the passages it rests on.

    At least READABLE_CHARS characters wide (the matrix beside it scrolls first); the quote takes two thirds
    of what its table leaves beside the source, the note the rest.

    What is typed is never dropped: the fields the user changed stay pending until Apply, until the focus
    leaves the editor, or until another cell is shown, and are then applied to the cell they were typed
    for, as one undo step. A change to the model made elsewhere reloads the other fields and keeps these.
    """

    READABLE_CHARS = 50
    SOURCE_CHARS = 18  # a quote's source chooser is at most about this many characters wide
    QUOTE_CHARS = 16  # and the quote beside it at least this many (at the system size)

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self._shown: tuple[str, str] | None = None  # (option id, criterion id) the fields show
        self._pending: set[str] = set()  # the fields typed since then: "value", "low", "high", "rationale", ...
        self._loading = False
        self._least_width = 0
        content = _ShortFirst()
        lay = QVBoxLayout(content)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.heading)
        form = QFormLayout()
        self.value, self.low, self.high = ScoreBox("Score"), ScoreBox("Range from"), ScoreBox("Range to")
        for w, name in ((self.value, "value"), (self.low, "low"), (self.high, "high")):
            w.setAccessibleName(f"Score {name}")
            w.range_words = self._scale_words
            w.valueChanged.connect(lambda _v, name=name: self._touch(name))
            w.refused.connect(lambda message, w=w: say_near(w, message, self.state.notify))
            w.lineEdit().returnPressed.connect(self.commit)  # Enter applies, as in a spreadsheet
        rng = QHBoxLayout()
        rng.addWidget(self.low)
        rng.addWidget(QLabel("to"))
        rng.addWidget(self.high)
        form.addRow("&Score", self.value)
        form.addRow("Ra&nge", rng)
        self.outcomes = OutcomesEditor(state)  # an expected-value score's parts (hidden for a plain score)
        form.addRow(self.outcomes)
        self.basis = QComboBox()
        self.basis.setAccessibleName("Basis")
        # A word and its letter each, read whole in a laptop's narrow pane; what the basis means is in each
        # choice's tooltip and in the evidence text below ("Basis: essay — a cited passage states …").
        self.basis.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for b in BASES:
            self.basis.addItem(f"{b} ({BASIS_MARK[b]})", b)
            self.basis.setItemData(self.basis.count() - 1, BASIS_MEANING[b], Qt.ItemDataRole.ToolTipRole)
        self.basis.currentIndexChanged.connect(lambda _i: self._touch("basis"))
        self.basis.activated.connect(lambda _i: self.commit())  # chosen: applied at once, the matrix's mark too
        form.addRow("&Basis", self.basis)
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setTabChangesFocus(True)  # Tab moves on; the rationale is one paragraph
        self.rationale.textChanged.connect(lambda: self._touch("rationale"))
        # Three lines at least, whatever the heading above needs: a long name must not squeeze it.
        self.rationale.setMinimumHeight(_text_height(self.rationale, 3))
        self.rationale.setMaximumHeight(_text_height(self.rationale, 6))
        self.rationale.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
        form.addRow("&Rationale", self.rationale)
        for field, buddy in ((self.value, self.value), (rng, self.low), (self.rationale, self.rationale)):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(buddy)  # Alt+S, Alt+N, Alt+R reach the fields
        lay.addLayout(form)
        self.citations = QTableWidget(0, len(CITATION_COLUMNS))
        self.citations.setHorizontalHeaderLabels([label for label, _tip in CITATION_COLUMNS])
        for col, (_label, tip) in enumerate(CITATION_COLUMNS):
            header_item = self.citations.horizontalHeaderItem(col)
            if header_item is not None:
                header_item.setToolTip(tip)
        # One word a column, each wide enough for its word (a narrow pane scrolls rather than squeezing them
        # over each other); the source as wide as its chooser, the quote and the note share the rest.
        header = self.citations.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # a third of the room (resizeEvent)
        self._fit_citation_header()
        self.citations.setAccessibleName("Citations")
        self.citations.installEventFilter(self)  # the note keeps a third of the table's width
        self.citations.setTabKeyNavigation(False)  # Tab leaves the table; arrows move, F2 edits a quote
        self.citations.setMinimumHeight(_text_height(self.citations, 4))
        self.citations.setMaximumHeight(_text_height(self.citations, 7))
        self.citations.itemChanged.connect(lambda _item: self._touch("citations"))
        lay.addWidget(self.citations)
        row = QHBoxLayout()
        self.add_quote, self.remove_quote = QPushButton("Add &quote"), QPushButton("Remove quote")
        self.apply = QPushButton("A&pply")  # Alt+A opens the Analysis menu
        self.add_quote.clicked.connect(self._new_citation)
        self.remove_quote.clicked.connect(self._remove_citation)
        self.apply.clicked.connect(self.commit)
        self.apply.setToolTip("Apply the edits to this score now (undoable). They also apply when you move to "
                              "another cell or leave this editor.")
        for button in (self.add_quote, self.remove_quote):
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        apply_row = QHBoxLayout()  # its own row: three buttons side by side set the editor's least width
        apply_row.addStretch(1)
        apply_row.addWidget(self.apply)
        lay.addLayout(apply_row)
        self.evidence = QTextBrowser()
        self.evidence.setOpenLinks(False)
        self.evidence.setAccessibleName("Evidence")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.evidence.setMinimumHeight(_text_height(self.evidence, 4))
        lay.addWidget(self.evidence, 1)
        # On a short screen the editor scrolls rather than shrinking its fields.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(content)
        self._scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._fields: list[QWidget] = [self.value, self.low, self.high, self.basis, self.rationale, self.citations]
        self._buttons: list[QWidget] = [self.add_quote, self.remove_quote, self.apply, self.evidence]
        state.sig_selection_changed.connect(self._selection_changed)
        state.sig_document_changed.connect(self._drop_typing)
        state.sig_model_changed.connect(self.show_cell)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.show_cell()

    # --- pending edits ----------------------------------------------------------------------------------

    def _touch(self, field: str) -> None:
        if not self._loading:
            self._pending.add(field)

    @property
    def pending(self) -> frozenset[str]:
        """The fields typed and not yet applied."""
        return frozenset(self._pending)

    def _owns(self, widget: QWidget | None) -> bool:
        # parentWidget() crosses into popups (a source chooser's list), which isAncestorOf() does not.
        while widget is not None:
            if widget is self:
                return True
            widget = widget.parentWidget()
        return False

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._pending and self._owns(old) and not self._owns(new):
            self._apply_pending(leaving_cell=False)

    def _drop_typing(self) -> None:
        """Another document is open: what is still typed (an edit refused for the old one) belongs to the old
        one, and must neither show over the new one's cell nor be applied to it."""
        self._pending.clear()
        self._shown = None
        for box in (self.value, self.low, self.high):
            box.typed = False

    def _selection_changed(self, *_args: int) -> None:
        self.show_cell()

    def _flush_quote_editor(self) -> None:
        """What is still being typed goes in first: a number in its box (taken or refused aloud, by the
        boxes' rule) and a quote in its cell editor."""
        for box in (self.value, self.low, self.high):
            box.interpretText()
            box.typed = False  # taken (now pending) or refused aloud
        if self.citations.state() == QAbstractItemView.State.EditingState:
            editor = self.citations.indexWidget(self.citations.currentIndex())
            if editor is not None:
                self.citations.commitData(editor)

    def _field_values(self) -> dict[str, Any]:
        cits = []
        for r in range(self.citations.rowCount()):
            combo = self.citations.cellWidget(r, 0)
            quote, note = self._quote_row(r)
            if quote and isinstance(combo, QComboBox):
                cits.append({"source": combo.currentData(), "quote": quote, **({"note": note} if note else {})})
        every = {"value": self.value.value(), "low": self.low.value(), "high": self.high.value(),
                 "rationale": self.rationale.toPlainText().strip(), "citations": cits,
                 "basis": self.basis.currentData()}
        return {k: v for k, v in every.items() if k in self._pending}

    def _apply_pending(self, leaving_cell: bool) -> bool:
        """Apply the typed fields to the cell they were typed for, as one undo step. When the cell is being
        left and the edit is refused, the parts that can stand are still applied (see `_acceptable`) and
        the refusal is reported."""
        self._flush_quote_editor()
        if not self._pending or self._shown is None:
            return True
        oid, cid = self._shown
        model = self.state.model
        opt = next((o for o in model.options if o.id == oid), None)
        crit = next((c for c in model.criteria if c.id == cid), None)
        if opt is None or crit is None:  # the option or criterion was deleted: nothing to apply it to
            self._pending.clear()
            return False
        blank = self._drop_empty_quotes()
        fields = self._field_values()
        note = f"; {blank}" if blank else ""
        orphan = self._quote_without_passage()
        if orphan and "citations" in fields:
            if not leaving_cell:
                self.state.notify(f"Not applied: {orphan}{note}")
                return False
            del fields["citations"]
            note += f" (quotes not applied: {orphan})"
        try:
            new = edits.set_score(model, oid, cid, **fields)
        except InputError as exc:
            problems = "; ".join(p.message for p in exc.problems)
            part, refused = _acceptable(model, oid, cid, fields) if leaving_cell else (None, [])
            if leaving_cell:
                self._pending.clear()
            if part is None:
                self.state.notify(f"Not applied: {problems}{note}")
                return False
            new = part
            note += f" ({' and '.join(refused)} not applied: {problems})"
        self._pending.clear()
        if new != model:
            was, now = opt.scores[cid], _score(new, oid, cid)
            # said only when an end moved that was not typed so (a score typed outside its range moved it)
            unasked = (now.low, now.high) != (fields.get("low", was.low), fields.get("high", was.high))
            widened = edits.range_widening(was, now) if unasked else ""
            self.state.replace_model(new, f"Evidence for {opt.name} on {crit.name}")
            if widened:  # what changed unasked first: the status bar cuts a long message at its end
                self.state.notify(f"Evidence applied: {widened} ({opt.name} on {crit.name}){note}")
            elif note:
                self.state.notify(f"Evidence for {opt.name} on {crit.name} applied{note}")
        elif blank:
            self.state.notify(f"{blank[0].upper()}{blank[1:]} ({opt.name} on {crit.name})")
        return True

    def _quote_row(self, r: int) -> tuple[str, str]:
        """The passage and the note typed in row `r` of the quotes table, without surrounding spaces."""
        item, note = self.citations.item(r, 1), self.citations.item(r, 2)
        return (item.text().strip() if item else ""), (note.text().strip() if note else "")

    def _drop_empty_quotes(self) -> str:
        """Remove the quote rows with neither passage nor note (an *Add quote* left empty), and say so: a row
        is never kept blank nor dropped silently. Returns the words for it ("" when there was none)."""
        empty = [r for r in range(self.citations.rowCount()) if self._quote_row(r) == ("", "")]
        for r in reversed(empty):
            self.citations.removeRow(r)
        if not empty:
            return ""
        self._chain_focus()
        return ("an empty quote row was removed" if len(empty) == 1 else
                f"{len(empty)} empty quote rows were removed") + " (a quote needs its passage)"

    def _quote_without_passage(self) -> str:
        """Words for the first quote row with a note but no passage ("" when there is none)."""
        for r in range(self.citations.rowCount()):
            quote, note = self._quote_row(r)
            if note and not quote:
                return f"quote {r + 1} has a note but no passage: type the passage or remove the row"
        return ""

    def _scale_words(self) -> str:
        return scale_words(next((c for c in self.state.model.criteria if self._shown and c.id == self._shown[1]),
                                None))

    def commit(self) -> None:
        """Apply what was typed for the shown cell (one undo step); refused edits stay for correction."""
        self._apply_pending(leaving_cell=False)

    # --- quotes -------------------------------------------------------------------------------------------

    def _fit_citation_header(self) -> None:
        """No column narrower than its header word (at the current zoom)."""
        header = self.citations.horizontalHeader()
        header.setMinimumSectionSize(max(header.sectionSizeFromContents(c).width()
                                         for c in range(self.citations.columnCount())))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Zoom
            self._fit_citation_header()

    def _add_citation(self, source: str, quote: str, note: str = "") -> None:
        r = self.citations.rowCount()
        self.citations.insertRow(r)
        # The author whole ("Ed Corcoran" lost its last letter to a six-character box), up to SOURCE_CHARS
        # characters of the current font: a longer name is shortened with "…", whole in the list and tooltip, so
        # it never takes the quote's width.
        combo = WholeCombo(most_chars=self.SOURCE_CHARS)
        combo.setAccessibleName(f"Source of quote {r + 1}")
        for s in self.state.model.sources:
            combo.addItem(f"{s.author}", s.id)
            combo.setItemData(combo.count() - 1, source_label(s), Qt.ItemDataRole.ToolTipRole)
        if source:
            combo.setCurrentIndex(max(combo.findData(source), 0))
        combo.currentIndexChanged.connect(lambda _i: self._touch("citations"))
        self.citations.setCellWidget(r, 0, combo)
        self.citations.setItem(r, 1, QTableWidgetItem(quote))
        self.citations.setItem(r, 2, QTableWidgetItem(note))
        self._chain_focus()

    def _new_citation(self) -> None:
        """A new quote row, its passage open for typing (the focus left on the button lost the letters typed
        and made a blank row of every space). A row still empty is reused rather than another added."""
        empty = next((r for r in range(self.citations.rowCount()) if self._quote_row(r) == ("", "")), None)
        if empty is None:
            self._add_citation("", "")
            self._touch("citations")
            empty = self.citations.rowCount() - 1
        else:
            self.state.notify(f"Quote {empty + 1} is still empty: type its passage there")
        self.citations.setCurrentCell(empty, 1)
        self.citations.setFocus(Qt.FocusReason.OtherFocusReason)
        item = self.citations.item(empty, 1)
        if item is not None:
            self.citations.scrollToItem(item)
            self.citations.editItem(item)
            editor = self.citations.indexWidget(self.citations.indexFromItem(item))
            # On a short screen the quotes sit below the fold of the editor's scroll area: bring it into view.
            self._scroll.ensureWidgetVisible(editor if editor is not None else self.citations)

    def _remove_citation(self) -> None:
        if self.citations.rowCount():
            self.citations.removeRow(max(self.citations.currentRow(), 0))
            self._touch("citations")
            self._chain_focus()

    def _chain_focus(self) -> None:
        """Reading order for Tab: value, range, rationale, the quotes (table, then each source chooser),
        the buttons, the evidence text."""
        combos = [self.citations.cellWidget(r, 0) for r in range(self.citations.rowCount())]
        chain = self._fields + [w for w in combos if w is not None] + self._buttons
        for a, b in pairwise(chain):
            QWidget.setTabOrder(a, b)

    @property
    def first_field(self) -> QWidget:
        return self.value

    # --- display ------------------------------------------------------------------------------------------

    def _cell(self) -> tuple[int, int, Option, Criterion]:
        s = self.state
        i, j = s.selected_option, s.selected_criterion
        return i, j, s.model.options[i], s.model.criteria[j]

    def show_cell(self) -> None:
        _i, _j, opt, crit = self._cell()
        ids = (opt.id, crit.id)
        if ids != self._shown:
            self._apply_pending(leaving_cell=True)  # may replace the model; the cell shown stays this one
            _i, _j, opt, crit = self._cell()
            ids = (opt.id, crit.id)
            self._pending.clear()
            for box in (self.value, self.low, self.high):
                box.typed = False
        keep = self._pending  # typed for this very cell: a change made elsewhere must not erase it
        self._shown = ids
        sc = opt.scores[crit.id]
        self._heading(opt, crit)
        lo, hi = scale_bounds(crit)
        self._loading = True
        try:
            for w, name, v in ((self.value, "value", sc.value), (self.low, "low", sc.low),
                               (self.high, "high", sc.high)):
                w.setRange(lo, hi)
                w.setReadOnly(sc.outcomes is not None)  # an expected value: its outcomes say what it is
                if name not in keep and not w.typed:  # a number still being typed is the user's, as pending
                    w.setValue(v)
            if "basis" not in keep:
                self.basis.setCurrentIndex(BASES.index(sc.basis))
            if "rationale" not in keep and self.rationale.toPlainText() != sc.rationale:
                self.rationale.setPlainText(sc.rationale)
            if "citations" not in keep:
                self.citations.setRowCount(0)
                for cit in sc.citations:
                    self._add_citation(cit.source, cit.quote, cit.note or "")
                if sc.citations:
                    # The current cell is a quote: focus on a source chooser would send it to the chooser.
                    self.citations.selectionModel().setCurrentIndex(
                        self.citations.model().index(0, 1), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._loading = False
        self._chain_focus()
        self.outcomes.show_cell(opt.id, crit.id)
        review = " <i>(set by migration: to review)</i>" if sc.review else ""
        html = [f"<p><b>Basis: {sc.basis}</b> — {html_escape(BASIS_MEANING[sc.basis])}{review}</p>",
                f"<p><b>Rationale.</b> {html_escape(sc.rationale) or '<i>none given</i>'}</p>"]
        html += outcome_html(opt, sc, crit.unit)
        if opt.summary:
            html.append(f"<p><b>The option.</b> {html_escape(opt.summary)}</p>")
        for cit in sc.citations:
            src = self.state.model.source(cit.source)
            who = html_escape(source_label(src)) if src else html_escape(cit.source)
            note = f"<br><i>{html_escape(cit.note)}</i>" if cit.note else ""
            html.append(f"<blockquote>“{html_escape(cit.quote)}”<br>— {who}{note}</blockquote>")
        if not sc.citations:
            html.append("<p><i>No passage is cited for this score.</i></p>")
        self.evidence.setHtml("".join(html))
        least = self.minimumSizeHint().width()
        if least != self._least_width:  # another model's names and numbers: the splitter must make room again
            self._least_width = least
            self.updateGeometry()

    def _heading(self, opt: Option, crit: Criterion) -> None:
        """The option's name on at most about two lines (the full name in the tooltip), then the criterion."""
        bold = QFont(self.heading.font())
        bold.setBold(True)
        width = max(self.heading.width(), 200)
        name = QFontMetrics(bold).elidedText(opt.name, Qt.TextElideMode.ElideRight, int(width * 1.8))
        scale = (f", scale {crit.scale.min:g}–{crit.scale.max:g} {html_escape(crit.unit)}" if crit.scale else "")
        self.heading.setText(f"<b>{html_escape(name)}</b><br>on <b>{html_escape(crit.name)}</b> "
                             f"({'lower' if crit.direction == 'cost' else 'higher'} is better{scale})")
        self.heading.setToolTip(f"{html_escape(opt.name)} — {html_escape(crit.name)}")

    def minimumSizeHint(self) -> QSize:
        """As wide as the fields and buttons need (the splitter keeps that much): on a short screen the
        editor scrolls up and down, never sideways with its fields cut off."""
        hint = super().minimumSizeHint()
        content = self._scroll.widget()
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        width = content.minimumSizeHint().width() + bar + 2 * self._scroll.frameWidth() if content else hint.width()
        # a quote's first words too, at the system size: zoomed in, the pane scrolls before the window would grow
        readable = self.READABLE_CHARS * QFontMetrics(QApplication.font()).averageCharWidth()
        return QSize(max(hint.width(), width, readable, self._quotes_least()), hint.height())

    def _quotes_least(self) -> int:
        """The pane's width for its quotes at the system size: each source's author whole (up to SOURCE_CHARS),
        QUOTE_CHARS characters of the quote and the note's header word (0 before the pane is laid out)."""
        table = self.citations
        if not self.isVisible() or not table.rowCount():
            return 0
        system = QFontMetrics(QApplication.font()).averageCharWidth()
        zoom = max(QFontMetrics(table.font()).averageCharWidth() / max(system, 1), 1.0)
        header = table.horizontalHeader()
        sources = max(w.sizeHint().width() for r in range(table.rowCount()) if (w := table.cellWidget(r, 0)))
        around = self.width() - table.viewport().width()  # margins, frames, scroll bars and the row numbers
        lines = table.columnCount() if table.showGrid() else 0  # a pixel of grid line to each column
        return around + lines + int((sources + header.minimumSectionSize()) / zoom) + self.QUOTE_CHARS * system

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.citations and event.type() == QEvent.Type.Resize:
            header = self.citations.horizontalHeader()
            room = self.citations.viewport().width() - header.sectionSize(0)
            self.citations.setColumnWidth(2, max(header.minimumSectionSize(), room // 3))
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._shown is not None:
            _i, _j, opt, crit = self._cell()
            self._heading(opt, crit)


def outcome_html(opt: Option, sc: Score, unit: str) -> list[str]:
    """For a score with outcomes (format version 8): the condition's likelihood with its grounds and the outcome if
    it is met and if not, each with its range, as paragraphs of the evidence text; nothing for a plain score."""
    oc = sc.outcomes
    cond = next((c for c in opt.conditions if c.id == oc.condition), None) if oc is not None else None
    if oc is None or cond is None:
        return []
    lk, u = cond.likelihood, f" {html_escape(unit)}" if unit else ""

    def side(label: str, o: Outcome) -> str:
        why = f" — {html_escape(o.rationale)}" if o.rationale else ""
        return f"<li>{label}: <b>{o.value:g}</b>{u} ({o.low:g}–{o.high:g}){why}</li>"

    out = [f"<p><b>Expected value.</b> This score is the expected value of two outcomes: the chance "
           f"{html_escape(cond.name)} is <b>{lk.value:.2f}</b> ({lk.low:.2f}–{lk.high:.2f}; basis {lk.basis}).</p>",
           f"<ul>{side('If ' + html_escape(cond.name), oc.accepted)}{side('If not', oc.refused)}</ul>"]
    if lk.rationale:
        out.append(f"<p><b>The likelihood.</b> {html_escape(lk.rationale)}</p>")
    out += [f"<blockquote>“{html_escape(cit.quote)}”</blockquote>" for cit in lk.citations]
    return out


# What a refused edit is split into when its cell is left, in the order they are tried, and their words.
_FIELD_GROUPS = ((("value", "low", "high"), "score and range"), (("rationale",), "rationale"),
                 (("citations",), "quotes"), (("basis",), "basis"))


def _acceptable(model: DecisionModel, oid: str, cid: str,
                fields: dict[str, Any]) -> tuple[DecisionModel | None, list[str]]:
    """The largest part of a refused score edit that the model accepts, group by group (the numbers go
    together), with the words for the groups left out; None when no part stands. A group refused alone may
    stand once another is in (an emptied rationale with the basis changed from inference), so the groups
    are tried until none more is taken."""
    groups = [({k: fields[k] for k in keys if k in fields}, words) for keys, words in _FIELD_GROUPS]
    groups = [(part, words) for part, words in groups if part]
    kept: dict[str, Any] = {}
    new: DecisionModel | None = None
    progress = True
    while progress:
        progress = False
        for part, words in list(groups):
            try:
                new = edits.set_score(model, oid, cid, **kept, **part)
            except InputError:
                continue
            kept.update(part)
            groups.remove((part, words))
            progress = True
    return (new if kept else None), [words for _part, words in groups]


def _wrapped(fm: QFontMetrics, text: str, width: int, lines: int) -> tuple[int, int]:
    """(width, height) `text` takes wrapped at word breaks to at least `width` pixels and, where it allows,
    at most `lines` lines (a word longer than the width widens it)."""
    whole = fm.horizontalAdvance(text)
    width = max(width, max((fm.horizontalAdvance(w) for w in text.split()), default=0))
    while True:
        box = fm.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text)
        if box.height() <= lines * fm.lineSpacing() or width >= whole:
            return max(width, box.width()), box.height()
        width += max(fm.averageCharWidth(), 4)


def _text_height(widget: QWidget, lines: int) -> int:
    """Height of a text widget showing `lines` lines of its font, frame and margins included."""
    fm = widget.fontMetrics()
    return lines * fm.lineSpacing() + 2 * fm.height() // 3 + 8


class MatrixTable(QTableView):
    """The matrix view. Tab leaves it (arrows move between cells, F2 or typing edits, Enter confirms). The
    option names take at most a share of its width, so the scores stay in view: a name longer than that wraps
    onto two or three lines, its row as tall as it needs, and is never cut. In a value tree the criteria stand
    in the tree's order under their objectives' names (`BranchHeader`)."""

    NAME_SHARE = 0.35
    NAME_MIN, NAME_MAX = 90, 280
    NAME_LINES = 3  # an option's name wraps to at most this many lines; the names' column widens for the rest

    HEADER_LINES = 3  # a criterion's name wraps to at most this many lines; its column widens for the rest

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabKeyNavigation(False)
        self._name_widths: tuple[object, int, int] = (None, 0, 0)  # (font and names, one line, least), measured
        branches = BranchHeader(self)
        branches.setSectionsClickable(True)  # as the table's own header is made
        branches.setHighlightSections(True)
        self.setHorizontalHeader(branches)
        names = self.verticalHeader()
        # Wrapped at word breaks by the style (its rows sized for it in `fit_rows`), never elided: Qt would elide
        # a name as one line before wrapping it.
        names.setTextElideMode(Qt.TextElideMode.ElideNone)
        names.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
        header = self.horizontalHeader()
        # The criteria's names (`two_line_header`) wrap further where a line is still too long for its column,
        # whole: Qt would elide a name as one line before wrapping it.
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.fit_columns)
            self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Zoom: the text's new size
            self.fit_columns()

    def fit_columns(self) -> None:
        """Each score column as wide as its widest number and its criterion's name in at most HEADER_LINES
        lines, the header as tall as the tallest name (below its objectives' bands), at the current (zoomed)
        font; the option names' rows as tall as their wrapped names."""
        model, header = self.model(), self.horizontalHeader()
        if model is None:
            return
        if isinstance(model, MatrixModel) and isinstance(header, BranchHeader):
            header.set_tree(model.state.tree)
        fm, hfm = QFontMetrics(self.font()), QFontMetrics(header.font())
        pad = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        least = fm.horizontalAdvance(CELL_SAMPLE) + pad
        tallest = hfm.height()
        header.setDefaultSectionSize(least)
        for j in range(model.columnCount()):
            texts = [str(model.data(model.index(i, j)) or "") for i in range(model.rowCount())]
            longest = sorted(texts, key=len)[-3:]  # the widest are among the longest: few to measure
            width = max([least, *(fm.horizontalAdvance(t) + pad for t in longest)])
            title = str(model.headerData(j, Qt.Orientation.Horizontal) or "")
            name_width, name_height = _wrapped(hfm, title, width - pad, self.HEADER_LINES)
            header.resizeSection(j, max(width, name_width + pad))
            below = header.label_top(j) if isinstance(header, BranchHeader) else 0
            tallest = max(tallest, below + name_height)
        header.setMinimumHeight(tallest + hfm.height() // 2)
        self.fit_rows()

    def _name_metrics(self) -> QFontMetrics:
        """The option names' font as the current row shows it (bold): the widest they are drawn."""
        bold = QFont(self.verticalHeader().font())
        bold.setBold(True)
        return QFontMetrics(bold)

    def fit_rows(self) -> None:
        """The names' column as wide as the longest name on one line where there is room (`name_width_bound`),
        else wide enough for every name in at most NAME_LINES lines, wrapped at word breaks, and never narrower
        than a name's longest word (a second score column may then scroll); each row as tall as its name."""
        model, names = self.model(), self.verticalHeader()
        if model is None or not model.rowCount():
            return
        fm = self._name_metrics()
        labels = [str(model.headerData(i, Qt.Orientation.Vertical) or "") for i in range(model.rowCount())]
        opt = QStyleOptionHeader()
        names.initStyleOption(opt)
        opt.rect = QRect(0, 0, 1000, 1000)
        inner = names.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, opt, names)
        inset, ends = 1000 - inner.width(), 1000 - inner.height() + 4  # the style's margins (and air above, below)
        side = inset + 2  # and two pixels to spare: a name measured to fit exactly could wrap once drawn
        key = (names.font().key(), tuple(labels))
        if self._name_widths[0] != key:  # measured once per model and zoom, not on every resize
            one_line = max(fm.horizontalAdvance(t) for t in labels)
            # a name without a short name may be long: past NAME_MAX it takes more lines, never a wider column
            word = max((fm.horizontalAdvance(w) for t in labels for w in t.split()), default=0)
            least = max(word, min(self.NAME_MAX, max(_wrapped(fm, t, 0, self.NAME_LINES)[0] for t in labels)))
            self._name_widths = (key, one_line + side, least + side)
        one_line, least = self._name_widths[1], self._name_widths[2]
        width = min(one_line, max(self.name_width_bound(), least))
        names.setFixedWidth(width)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        least_row = max(names.defaultSectionSize(), fm.height() + ends)
        for i, text in enumerate(labels):
            lines = fm.boundingRect(QRect(0, 0, width - inset, 100_000), flags, text).height()
            names.resizeSection(i, max(least_row, lines + ends))

    def event(self, event: QEvent) -> bool:
        # F2 edits the current cell here, as in any item view, rather than firing the window's F2 action.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_F2 and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and self.state() != QAbstractItemView.State.EditingState):
            event.accept()
            return True
        return super().event(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter (the delegate's SubmitModelCache) applies the score, closes the editor and moves down a row,
        as in a spreadsheet; the last row stays. The focus is back on the table either way."""
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            cur = self.currentIndex()
            if cur.isValid() and cur.row() + 1 < self.model().rowCount():
                self.setCurrentIndex(cur.siblingAtRow(cur.row() + 1))
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _two_columns(self) -> int:
        """The width two score columns take, with the scroll bar and frame."""
        return (2 * self.horizontalHeader().defaultSectionSize() + self.verticalScrollBar().sizeHint().width()
                + 2 * self.frameWidth())

    def name_width_bound(self) -> int:
        """A share of the width, and never so much that fewer than two score columns show beside the names."""
        share = min(self.NAME_MAX, int(self.width() * self.NAME_SHARE), self.width() - self._two_columns())
        return max(self.NAME_MIN, share)

    def minimumSizeHint(self) -> QSize:
        """Room for the shortest names and a score column: with the evidence editor beside it, still inside a
        1024 px screen zoomed to 150 %."""
        one_column = self._two_columns() - self.horizontalHeader().defaultSectionSize()
        return QSize(self.NAME_MIN + one_column, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.fit_rows()
        super().resizeEvent(event)


class MatrixPanel(QWidget):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.model = MatrixModel(state, self)
        self.table = MatrixTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(ScoreDelegate(state, self.table))
        self.table.setAccessibleName("Performance matrix")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentChanged.connect(self._current)
        self._typed: tuple[int, int, str] | None = None  # a score typed in a cell editor, across a reload
        self.model.modelAboutToBeReset.connect(self._keep_typed)
        self.model.modelReset.connect(self._restore_current)
        self.evidence = EvidencePane(state)
        self.basis_filter = compact_combo(QComboBox(), 9)
        self.basis_filter.setAccessibleName("Show basis")
        self.basis_filter.addItem("All bases", None)
        for b in BASES:
            self.basis_filter.addItem(f"Only {b} ({BASIS_MARK[b]})", b)
        self.basis_filter.setToolTip("Each score ends with its basis: E essay (a cited passage states it), "
                                     "I inference (reasoned from an essay), J judgement (the modeller's own); "
                                     "? still to review. Choose one to fade the others.")
        self.basis_filter.currentIndexChanged.connect(
            lambda _i: self.model.set_basis_filter(self.basis_filter.currentData()))
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        key = QLabel("Basis: E essay · I inference · J judgement")
        key.setWordWrap(True)  # on a narrow pane the key wraps instead of widening the window
        bar.addWidget(key, 1)
        bar.addWidget(self.basis_filter)
        left_lay.addLayout(bar)
        left_lay.addWidget(self.table)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.evidence)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        QWidget.setTabOrder(self.table, self.evidence.first_field)
        state.sig_selection_changed.connect(self._follow)
        self._restore_current()

    def _current(self, cur: QModelIndex, _prev: QModelIndex) -> None:
        if cur.isValid() and (cur.row(), cur.column()) != (self.state.selected_option,
                                                           self.state.selected_criterion):
            self.state.select(option=cur.row(), criterion=cur.column())

    def _follow(self, option: int, criterion: int) -> None:
        """The selection moved elsewhere (a chart, a menu): the current cell follows."""
        cur = self.table.currentIndex()
        if (cur.row(), cur.column()) != (option, criterion) and option >= 0 and criterion >= 0:
            self.table.setCurrentIndex(self.model.index(option, criterion))

    def _keep_typed(self) -> None:
        """A reload (an undo from the menu, an edit elsewhere) would close an open cell editor and drop
        what is typed in it; keep it to put back. It is not applied: the reload may be that very undo."""
        self._typed = None
        if self.table.state() == QAbstractItemView.State.EditingState and not self.model.committing:
            cur = self.table.currentIndex()
            editor = self.table.indexWidget(cur)
            if isinstance(editor, QAbstractSpinBox):
                self._typed = (cur.row(), cur.column(), editor.text())

    def _restore_current(self) -> None:
        idx = self.model.index(self.state.selected_option, self.state.selected_criterion)
        self.table.selectionModel().blockSignals(True)
        self.table.setCurrentIndex(idx)
        self.table.selectionModel().blockSignals(False)
        typed, self._typed = self._typed, None
        if typed is not None and typed[:2] == (idx.row(), idx.column()):
            self.table.edit(idx)
            editor = self.table.indexWidget(idx)
            if isinstance(editor, QAbstractSpinBox) and editor.lineEdit() is not None:
                editor.lineEdit().setText(typed[2])
                if isinstance(editor, ScoreBox):
                    editor.typed = True  # typed before the reload: still the user's
