"""View > Arrange slides…: the facilitator ticks the slides to show and drags (or moves with the buttons)
them into order; OK applies it as one undo step, saved with the model's session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from decision_app.gui.state import AnalysisState
from decision_app.report.slide_content import arrangement, choices_from


class ArrangeSlidesDialog(QDialog):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Arrange slides")
        self.list = QListWidget()
        self.list.setAccessibleName("Slides, in order; ticked ones are shown")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for spec, shown in arrangement(state.slides):
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        up, down = QPushButton("Move &up"), QPushButton("Move &down")
        up.clicked.connect(lambda: self.move_slide(-1))
        down.clicked.connect(lambda: self.move_slide(1))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        side = QVBoxLayout()
        side.addWidget(up)
        side.addWidget(down)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(buttons)

    def move_slide(self, step: int) -> None:
        r = self.list.currentRow()
        if r < 0 or not 0 <= r + step < self.list.count():
            return
        item = self.list.takeItem(r)
        self.list.insertItem(r + step, item)
        self.list.setCurrentRow(r + step)

    def restore_defaults(self) -> None:
        self.list.clear()
        for spec, _shown in arrangement(None):
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)

    def arranged(self) -> list[tuple[str, bool]]:
        return [(self.list.item(r).data(Qt.ItemDataRole.UserRole),
                 self.list.item(r).checkState() == Qt.CheckState.Checked) for r in range(self.list.count())]

    def accept(self) -> None:
        self.state.set_slides(choices_from(self.arranged()))
        super().accept()
