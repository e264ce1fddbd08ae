"""Edit > Objectives…: build and edit the value tree. Each step (group into a new objective, rename, remove, move
by drag or with Alt+arrow keys) is applied at once as one undo step (`core.tree_edits` through
`AnalysisState.replace_model`); the dialog's own Undo and Redo buttons act on the window's undo stack. A step the
tree's rules refuse says why in a message, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QDropEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from decision_app.core import tree_edits
from decision_app.core.errors import InputError
from decision_app.core.schema import DecisionModel
from decision_app.core.tree import build_tree

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

ID_ROLE = Qt.ItemDataRole.UserRole


class TreeView(QTreeWidget):
    """The tree, whose drops become moves of the model (Qt's own move is not kept: the model is rebuilt)."""

    def __init__(self, on_move: Callable[[str, str | None, int | None], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.on_move = on_move
        self.setHeaderHidden(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setAccessibleName("The value tree: objectives and the criteria they group")

    def dropEvent(self, event: QDropEvent) -> None:
        item = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.ignore()
        if item is None:
            return
        pos = self.dropIndicatorPosition()
        if target is None or pos == QAbstractItemView.DropIndicatorPosition.OnViewport:
            self.on_move(item.data(0, ID_ROLE), None, None)
            return
        if pos == QAbstractItemView.DropIndicatorPosition.OnItem:
            if target.data(0, ID_ROLE + 1):  # onto an objective: into it, at the end
                self.on_move(item.data(0, ID_ROLE), target.data(0, ID_ROLE), None)
                return
            pos = QAbstractItemView.DropIndicatorPosition.BelowItem  # onto a criterion: beside it
        parent = target.parent()
        index = (parent.indexOfChild(target) if parent is not None else self.indexOfTopLevelItem(target))
        index += 1 if pos == QAbstractItemView.DropIndicatorPosition.BelowItem else 0
        self.on_move(item.data(0, ID_ROLE), parent.data(0, ID_ROLE) if parent is not None else None, index)


class ObjectivesDialog(QDialog):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Objectives: the value tree")
        lay = QVBoxLayout(self)
        intro = QLabel("Group the criteria into objectives, and objectives into broader ones (at most four levels, "
                       "the criteria's included). Drag to move, or Alt+Up/Down (order), Alt+Right (into the "
                       "objective above), Alt+Left (out of its objective). The weights stay as they are: an "
                       "objective's weight is the sum of its criteria's.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.view = TreeView(self.move_to, self)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("group", "Group into objective…", self.group),
                                ("rename", "Rename…", self.rename),
                                ("remove", "Remove objective", self.remove)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons[key] = b
        row.addStretch(1)
        stack = state.undo_stack
        for text, do, can, able, std in (
                ("Undo", stack.undo, stack.canUndoChanged, stack.canUndo(), QKeySequence.StandardKey.Undo),
                ("Redo", stack.redo, stack.canRedoChanged, stack.canRedo(), QKeySequence.StandardKey.Redo)):
            b = QPushButton(text)
            b.clicked.connect(do)
            can.connect(b.setEnabled)  # a bound slot: disconnected when the button goes
            b.setEnabled(able)
            QShortcut(QKeySequence(std), self, do)
            row.addWidget(b)
            self.buttons[text.lower()] = b
        lay.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        for keys, slot in (("Alt+Up", lambda: self.step(-1)), ("Alt+Down", lambda: self.step(1)),
                           ("Alt+Right", self.indent), ("Alt+Left", self.outdent)):
            QShortcut(QKeySequence(keys), self, slot)
        self._focus: str | None = None  # the item the keyboard cursor goes to when the tree is next filled
        state.sig_model_changed.connect(self.fill)  # a bound slot: disconnected when the dialog is deleted
        self.resize(520, 560)
        self.fill()
        top = self.view.topLevelItem(0)
        if self.view.currentItem() is None and top is not None:
            self.view.setCurrentItem(top)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # keys go to the tree, not to the Group button

    # --- the view -------------------------------------------------------------------------------------

    def fill(self) -> None:
        """Rebuild the items from the model, keeping the selection and the keyboard cursor (the current item),
        or putting the cursor on `_focus` (a step's new or moved item) alone."""
        chosen = self.selected_ids()
        current = self.view.currentItem()
        focus = self._focus or (current.data(0, ID_ROLE) if current is not None else None)
        if self._focus is not None:
            chosen = [self._focus]
        self._focus = None
        tree = build_tree(self.state.model)
        self.view.clear()
        items: dict[int, QTreeWidgetItem] = {}
        bold = QFont(self.view.font())
        bold.setBold(True)
        for i in tree.walk():
            p = int(tree.parent[i])
            it = QTreeWidgetItem([tree.names[i]])
            it.setData(0, ID_ROLE, tree.ids[i])
            it.setData(0, ID_ROLE + 1, i < tree.n_nodes)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDragEnabled
            if i < tree.n_nodes:
                it.setFont(0, bold)
                flags |= Qt.ItemFlag.ItemIsDropEnabled
            it.setFlags(flags)
            if p >= 0:
                items[p].addChild(it)
            else:
                self.view.addTopLevelItem(it)
            items[i] = it
        self.view.expandAll()
        if focus in tree.ids:
            self.view.setCurrentItem(items[tree.ids.index(focus)], 0, QItemSelectionModel.SelectionFlag.NoUpdate)
        for i, it in items.items():
            it.setSelected(tree.ids[i] in chosen)

    def selected_ids(self) -> list[str]:
        """The selected items' ids, in the order shown."""
        out: list[str] = []
        stack = [self.view.topLevelItem(i) for i in reversed(range(self.view.topLevelItemCount()))]
        while stack:
            it = stack.pop()
            if it is None:
                continue
            if it.isSelected():
                out.append(it.data(0, ID_ROLE))
            stack += [it.child(j) for j in reversed(range(it.childCount()))]
        return out

    def _current(self) -> QTreeWidgetItem | None:
        return self.view.currentItem() or next(iter(self.view.selectedItems()), None)

    # --- the steps ------------------------------------------------------------------------------------

    def name_of(self, item_id: str) -> str:
        tree = self.state.tree
        return tree.names[tree.ids.index(item_id)] if item_id in tree.ids else item_id

    def apply(self, edit: Callable[[DecisionModel], DecisionModel], text: str,
              focus: str | Callable[[DecisionModel], str | None] | None = None) -> bool:
        """One step as one undo step; the keyboard cursor then on `focus` (an item id, or one found in the new
        model). A step the tree's rules refuse is said in a message, and nothing changes."""
        try:
            new = edit(self.state.model)
        except InputError as exc:
            QMessageBox.warning(self, "The value tree", plain(exc))
            return False
        if new is not self.state.model:
            self._focus = focus(new) if callable(focus) else focus
            self.state.replace_model(new, text)
            self._focus = None
        return True

    def group(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, "The value tree", "Select the criteria (or objectives) to group first.")
            return
        first = next(it for it in self.view.selectedItems() if it.data(0, ID_ROLE) == ids[0]).parent()
        name, ok = QInputDialog.getText(self, "New objective", "Name of the objective that groups them:")
        if not ok:
            return
        parent = first.data(0, ID_ROLE) if first is not None else None
        old = {o.id for o in self.state.model.objectives}
        self.apply(lambda m: tree_edits.add_objective(m, name, ids, parent),
                   f"Group into objective {' '.join(name.split())}",
                   lambda new: next((o.id for o in new.objectives if o.id not in old), None))

    def rename(self) -> None:
        it = self._current()
        if it is None or not it.data(0, ID_ROLE + 1):
            return
        name, ok = QInputDialog.getText(self, "Rename objective", "New name:", text=it.text(0))
        if ok:
            nid = it.data(0, ID_ROLE)
            self.apply(lambda m: tree_edits.rename_objective(m, nid, name),
                       f"Rename objective {it.text(0)} to {' '.join(name.split())}", nid)

    def remove(self) -> None:
        it = self._current()
        if it is None or not it.data(0, ID_ROLE + 1):
            return
        nid = it.data(0, ID_ROLE)
        child = it.child(0)
        first = child.data(0, ID_ROLE) if child is not None else None  # what takes its place
        self.apply(lambda m: tree_edits.remove_objective(m, nid), f"Remove objective {it.text(0)}", first)

    def move_to(self, item_id: str, parent: str | None, index: int | None) -> None:
        self.apply(lambda m: tree_edits.move_item(m, item_id, parent, index), f"Move {self.name_of(item_id)}",
                   item_id)

    def step(self, delta: int) -> None:
        it = self._current()
        if it is not None:
            iid = it.data(0, ID_ROLE)
            self.apply(lambda m: tree_edits.move_within(m, iid, delta), f"Move {it.text(0)}", iid)

    def indent(self) -> None:
        """Into the objective just above it among its siblings (at its end)."""
        it = self._current()
        if it is None:
            return
        parent = it.parent()
        k = parent.indexOfChild(it) if parent is not None else self.view.indexOfTopLevelItem(it)
        above = [parent.child(j) if parent is not None else self.view.topLevelItem(j) for j in range(k)]
        target = next((a for a in reversed(above) if a is not None and a.data(0, ID_ROLE + 1)), None)
        if target is not None:
            self.move_to(it.data(0, ID_ROLE), target.data(0, ID_ROLE), None)

    def outdent(self) -> None:
        """Out of its objective, just after it."""
        it = self._current()
        parent = it.parent() if it is not None else None
        if it is None or parent is None:
            return
        grand = parent.parent()
        index = (grand.indexOfChild(parent) if grand is not None else self.view.indexOfTopLevelItem(parent)) + 1
        self.move_to(it.data(0, ID_ROLE), grand.data(0, ID_ROLE) if grand is not None else None, index)


def plain(exc: InputError) -> str:
    """A refusal as sentences for the dialog: the message of each problem, without the empty file and place
    a tree edit has (they made it start with ": ")."""
    out = []
    for p in exc.problems:
        text = p.message.strip()
        text = text[:1].upper() + text[1:]
        out.append(text if text.endswith((".", "?", "!")) else text + ".")
    return " ".join(out)
