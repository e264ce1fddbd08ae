"""Participants: the workshop's roster (code, name, rounds entered, note) and its edits.

Add, rename, remove, anonymise, notes and entering a participant's weights are each one undo step
(`core.participant_edits` through `AnalysisState.replace_model`). The round row chooses the current round
or starts a new one (the workshop session's, shared with the group view). The name column is shown only
while the facilitator shows names, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from decision_app.core import participant_edits as pe
from decision_app.core.errors import InputError
from decision_app.core.schema import DecisionModel, Participant
from decision_app.gui.messages import show_error
from decision_app.gui.state import AnalysisState
from decision_app.gui.workshop_session import WorkshopSession

Index = QModelIndex | QPersistentModelIndex
CODE, NAME, NOW, ROUNDS, NOTE = range(5)
HEADERS = ("Code", "Name", "This round", "Rounds entered", "Note")
METHOD_WORDS = {"direct": "points", "ranking": "ranking", "swing": "swing", "ahp": "AHP"}


def rounds_text(p: Participant) -> str:
    return ", ".join(f"{r.round} ({METHOD_WORDS[r.method]})" for r in p.rounds) or "none yet"


def row_text(p: Participant, round: int = 1) -> tuple[str, str, str, str, str]:
    """What the roster shows of a participant, column by column ("This round": entered in `round` or not)."""
    now = "entered" if p.round(round) is not None else "not yet"
    now = "absent" if not p.expected(round) else now
    return (p.code, p.label or "", now, rounds_text(p), p.note)


class ParticipantsModel(QAbstractTableModel):
    """The model's participants, one a row; names and notes are editable (each edit one undo step)."""

    def __init__(self, state: AnalysisState, parent: QObject | None = None, round: int = 1):
        super().__init__(parent)
        self.state = state
        self.round = round  # the round whose entries "This round" shows
        self.rows: list[Participant] = list(state.model.participants)
        state.sig_model_changed.connect(self._reset)
        state.sig_participants_changed.connect(self._reset)

    def _reset(self) -> None:
        new = list(self.state.model.participants)
        if [p.id for p in new] != [p.id for p in self.rows]:
            self.beginResetModel()
            self.rows = new
            self.endResetModel()
            return
        # The same people: only rows whose shown text changed are repainted (a weight entered within a round
        # changes none), so the view keeps its layout and does not re-measure every cell.
        changed = [i for i, (a, b) in enumerate(zip(new, self.rows, strict=True))
                   if a is not b and row_text(a, self.round) != row_text(b, self.round)]
        self.rows = new
        for i in changed:
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))

    def set_round(self, number: int) -> None:
        if number != self.round:
            self.round = number
            if self.rows:
                self.dataChanged.emit(self.index(0, NOW), self.index(len(self.rows) - 1, NOW))

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsEditable if index.column() in (NAME, NOTE) else f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row_text(p, self.round)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NOTE and p.note:
            return p.note
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in (NAME, NOTE):
            return False
        p = self.rows[index.row()]
        text = str(value)
        if text == row_text(p, self.round)[index.column()]:
            return False
        try:
            if index.column() == NAME:
                new = pe.rename_participant(self.state.model, p.id, text)
                what = f"Rename {p.code}"
            else:
                new = pe.set_note(self.state.model, p.id, text)
                what = f"Note on {p.code}"
        except InputError as exc:
            self.state.notify(str(exc.problems[0].message))
            return False
        self.state.replace_model(new, what)
        return True


class RosterTable(QTableView):
    """F2 edits the current cell here (not the window's Rename option); Tab leaves the table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabKeyNavigation(False)

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_F2 and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and self.state() != QAbstractItemView.State.EditingState):
            event.accept()
            return True
        return super().event(event)


class ParticipantsPanel(QWidget):
    def __init__(self, state: AnalysisState, session: WorkshopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.state, self.session = state, session
        self.roster = ParticipantsModel(state, self, session.round)
        session.sig_round_changed.connect(self.roster.set_round)
        self.table = RosterTable()
        self.table.setModel(self.roster)
        self.table.setAccessibleName("Participants")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._double_clicked)
        lay = QVBoxLayout(self)
        rounds = QHBoxLayout()
        rounds.addWidget(QLabel("Round"))
        self.round_combo = QComboBox()
        self.round_combo.setAccessibleName("Current round")
        self.round_combo.activated.connect(lambda i: session.set_round(self.round_combo.itemData(i)))
        rounds.addWidget(self.round_combo)
        self.new_round_button = QPushButton("New round")
        self.new_round_button.setToolTip("Start the next round: every participant enters their weights again")
        self.new_round_button.clicked.connect(session.start_new_round)
        rounds.addWidget(self.new_round_button)
        rounds.addStretch(1)
        lay.addLayout(rounds)
        lay.addWidget(self.table, 1)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for k, (key, text, tip, slot) in enumerate((
            ("add", "Add…", "Add a participant (they enter their weights later)", self.add),
            ("enter", "Enter weights…", "Cover the views and let the selected participant enter this round's "
             "weights", self.enter_weights),
            ("rename", "Rename…", "Change the selected participant's name", self.rename),
            ("note", "Note…", "The selected participant's dissent or reasoning, in their words", self.edit_note),
            ("remove", "Remove", "Remove the selected participant and their weights", self.remove),
            ("anonymise", "Anonymise…", "Replace every name by its code, permanently", self.anonymise),
            ("absent", "Absent this round", "Mark the selected participant absent from the current round (or "
             "present again), so the round is complete without them", self.toggle_absent),
        )):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            grid.addWidget(b, k // 3, k % 3)
            self.buttons[key] = b
        lay.addLayout(grid)
        self.entry_dialog: QWidget | None = None
        self._selected_id: str | None = None  # kept across edits (each replaces the model and resets the table)
        state.sig_model_changed.connect(self._refresh)
        state.sig_participants_changed.connect(self._refresh)
        session.sig_round_changed.connect(self._refresh)
        session.sig_names_changed.connect(self._refresh)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self._refresh()

    # --- display --------------------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.round_combo.clear()
        for r in self.session.rounds():
            self.round_combo.addItem(f"Round {r}", r)
        self.round_combo.setCurrentIndex(self.round_combo.findData(self.session.round))
        self.table.setColumnHidden(NAME, not self.session.show_names)
        if self._selected_id is not None and self.selected() is None:
            self.select(self._selected_id)
        self._enable()

    def _enable(self) -> None:
        p = self.selected()
        if p is not None:
            self._selected_id = p.id
        has = p is not None
        for key in ("enter", "rename", "note", "remove"):
            self.buttons[key].setEnabled(has)
        self.buttons["anonymise"].setEnabled(any(p.label for p in self.state.model.participants))
        self.buttons["absent"].setEnabled(has and p is not None and p.round(self.session.round) is None)
        if p is not None:
            self.buttons["absent"].setText("Present this round" if not p.expected(self.session.round)
                                           else "Absent this round")

    def selected(self) -> Participant | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.roster.rows):
            return None
        return self.roster.rows[rows[0].row()]

    def select(self, participant_id: str) -> None:
        row = next((i for i, p in enumerate(self.roster.rows) if p.id == participant_id), None)
        if row is not None:
            self.table.selectRow(row)

    # --- questions (tests replace these) ----------------------------------------------------------------

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # --- edits ----------------------------------------------------------------------------------------

    def _apply(self, edit: Callable[[DecisionModel], DecisionModel], text: str) -> bool:
        try:
            new: DecisionModel = edit(self.state.model)
        except InputError as exc:
            show_error(self, "Cannot change the participants", exc)
            return False
        self.state.replace_model(new, text)
        return True

    def add(self) -> None:
        name = self.ask_text("Add a participant", "Name (shown only as a code unless names are shown):")
        if name is not None:
            code = pe.next_code(self.state.model)
            self._apply(lambda m: pe.add_participant(m, name), f"Add participant {code}")

    def rename(self) -> None:
        p = self.selected()
        if p is not None:
            name = self.ask_text("Rename participant", f"Name of {p.code} (empty: no name, the code alone):",
                                 p.label or "")
            if name is not None:
                self._apply(lambda m: pe.rename_participant(m, p.id, name), f"Rename {p.code}")

    def edit_note(self) -> None:
        p = self.selected()
        if p is not None:
            note = self.ask_text("Note", f"{p.code}'s dissent or reasoning:", p.note)
            if note is not None:
                self._apply(lambda m: pe.set_note(m, p.id, note), f"Note on {p.code}")

    def remove(self) -> None:
        p = self.selected()
        if p is not None and self.confirm("Remove participant", f"Remove {p.code} and every round they entered?"):
            self._apply(lambda m: pe.remove_participant(m, p.id), f"Remove participant {p.code}")

    def anonymise(self) -> None:
        if self.confirm("Anonymise", "Replace every participant's name by their code (P1, P2, …)? The names "
                        "leave the model and the file when it is saved; Undo brings them back in this session."):
            self._apply(pe.anonymise, "Anonymise participants")

    def toggle_absent(self) -> None:
        p = self.selected()
        if p is not None:
            r = self.session.round
            away = p.expected(r)
            self._apply(lambda m: pe.set_absent(m, p.id, r, away),
                        f"{p.code} {'absent from' if away else 'present in'} round {r}")

    def enter_weights(self) -> None:
        from decision_app.gui.participant_entry import ParticipantEntryDialog

        p = self.selected()
        r = self.session.round
        if p is not None and p.round(r) is not None and not self.confirm(
                "Enter again", f"{p.code} has entered round {r} already. Open their entry again and replace it "
                "with what they enter now?"):
            return
        if p is not None:
            dialog = ParticipantEntryDialog(self.state, self.window(), self.session, p.id)
            self.entry_dialog = dialog
            dialog.open()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (CODE, ROUNDS):
            self.enter_weights()
