"""What would change the answer: the verdict sentence, then every single change of a score or a weight that
changes who leads, nearest first (`core.answer`, the list the memo's bottom line and the slide take their
nearest entries from). Activating an entry (click, Enter) selects its cell in the matrix and evidence, or its
criterion's (or objective's) weight slider, and brings that view forward.

Filled when the state's answer arrives (computed off the GUI thread); while the weights have moved on, the
list stays with a line saying it is being updated.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from decision_app.core.tipping import ChangePoint
from decision_app.gui.state import AnalysisState
from decision_app.gui.verdict_banner import UPDATING

ROLE = Qt.ItemDataRole.UserRole


class ChangesPanel(QWidget):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setAccessibleName("Verdict")
        self.winners = QLabel()  # possible and necessary winners within the region
        self.winners.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("What would change the answer")
        self.list.setToolTip("Click an entry (or press Enter) to select its cell in the matrix, or its weight")
        self.list.itemActivated.connect(self._go)
        self.list.itemClicked.connect(self._go)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.verdict)
        lay.addWidget(self.winners)
        lay.addWidget(self.status)
        lay.addWidget(self.list, 1)
        self.points: tuple[ChangePoint, ...] = ()
        for sig in (state.sig_answer_changed, state.sig_results_changed):
            sig.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        a = self.state.answer
        current = self.state.answer_is_current() and a is not None and a.complete
        self.status.setText("" if current else UPDATING)
        self.status.setVisible(not current)
        if a is None:
            self.verdict.setText("")
            self.winners.setText("")
            self._fill(())
            return
        self.verdict.setText(f"<b>{_escape(a.sentence)}</b>")
        self.winners.setText(a.winners_sentence())
        if a.complete and a.changes is not self.points:
            self._fill(a.changes)
        if a.complete and not a.changes:
            self.status.setText(a.settle_sentence())
            self.status.setVisible(True)

    def _fill(self, points: tuple[ChangePoint, ...]) -> None:
        self.points = points
        self.list.clear()
        for k, p in enumerate(points):
            item = QListWidgetItem(f"{k + 1}. {p.sentence}")
            item.setData(ROLE, k)
            self.list.addItem(item)

    def _go(self, item: QListWidgetItem) -> None:
        p = self.points[int(item.data(ROLE))]
        if p.kind == "score":
            self.state.request_focus("cell", p.option, p.criterion)
        elif p.kind == "objective":
            self.state.request_focus("objective", None, p.criterion, p.objective)
        else:
            self.state.request_focus("weight", None, p.criterion)

    def entries(self) -> list[str]:
        """The entries' texts as shown (tests)."""
        return [self.list.item(i).text() for i in range(self.list.count())]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
