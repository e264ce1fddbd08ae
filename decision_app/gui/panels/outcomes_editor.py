"""The evidence pane's editor for an expected-value score (format version 8): the likelihood of the condition it
depends on and the outcome if accepted and if refused, each a value with its range, applied as one undo step
(`core.edits.set_outcomes`). Hidden for a plain score. Layout and wiring only: the edit and its checks are core's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from decision_app.core import edits
from decision_app.core.errors import InputError
from decision_app.gui.number_boxes import DecimalBox, say_near

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

ROWS = ("likelihood", "accepted", "refused")


class OutcomesEditor(QGroupBox):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__("Expected value: likelihood and outcomes", parent)
        self.state = state
        self._cell: tuple[str, str] | None = None
        grid = QGridLayout(self)
        self.labels: dict[str, QLabel] = {}
        self.boxes: dict[str, tuple[DecimalBox, DecimalBox, DecimalBox]] = {}
        for c, head in enumerate(("", "value", "low", "high")):
            if head:
                grid.addWidget(QLabel(head), 0, c)
        for r, row in enumerate(ROWS, start=1):
            self.labels[row] = QLabel()
            grid.addWidget(self.labels[row], r, 0)
            # the window's typed-number boxes: out of range or "3,5" is refused aloud or read as 3.5, never cut
            boxes = tuple(DecimalBox(f"{row.capitalize()}, {part}") for part in ("value", "low", "high"))
            for c, (box, part) in enumerate(zip(boxes, ("value", "low", "high"), strict=True), start=1):
                box.setDecimals(3)
                box.refused.connect(lambda message, b=box: say_near(b, message, self.state.notify))
                box.setAccessibleName(f"{row} {part}")
                grid.addWidget(box, r, c)
            self.boxes[row] = boxes  # type: ignore[assignment]
        self.apply = QPushButton("Apply outcomes")
        self.apply.clicked.connect(self.commit)
        grid.addWidget(self.apply, len(ROWS) + 1, 0, 1, 4)
        self.hide()

    def show_cell(self, option_id: str, criterion_id: str) -> None:
        """Show the selected cell's likelihood and outcomes, or hide for a plain score."""
        model = self.state.model
        opt = next(o for o in model.options if o.id == option_id)
        crit = next(c for c in model.criteria if c.id == criterion_id)
        oc = opt.scores[criterion_id].outcomes
        cond = next((c for c in opt.conditions if c.id == oc.condition), None) if oc is not None else None
        if oc is None or cond is None:
            self._cell = None
            self.hide()
            return
        self._cell = (option_id, criterion_id)
        lo, hi = (crit.scale.min, crit.scale.max) if crit.scale else (-1e9, 1e9)
        self.labels["likelihood"].setText(f"Chance {cond.name}")
        self.labels["accepted"].setText("If so")
        self.labels["refused"].setText("If not")
        lk = cond.likelihood
        for row, (v, a, b), (rlo, rhi) in (("likelihood", (lk.value, lk.low, lk.high), (0.0, 1.0)),
                                          ("accepted", (oc.accepted.value, oc.accepted.low, oc.accepted.high), (lo, hi)),
                                          ("refused", (oc.refused.value, oc.refused.low, oc.refused.high), (lo, hi))):
            for box, x in zip(self.boxes[row], (v, a, b), strict=True):
                box.setRange(rlo, rhi)
                box.setSingleStep(0.05 if row == "likelihood" else 0.5)
                box.setValue(x)
        self.show()

    def _triple(self, row: str) -> tuple[float, float, float]:
        a, b, c = (box.value() for box in self.boxes[row])
        return a, b, c

    def commit(self) -> None:
        """Apply the shown numbers as one undo step; a refused edit is reported and the numbers stay."""
        if self._cell is None:
            return
        oid, cid = self._cell
        try:
            new = edits.set_outcomes(self.state.model, oid, cid, likelihood=self._triple("likelihood"),
                                     accepted=self._triple("accepted"), refused=self._triple("refused"))
        except InputError as exc:
            self.state.notify("Not applied: " + "; ".join(p.message for p in exc.problems))
            return
        if new != self.state.model:
            opt = next(o for o in new.options if o.id == oid)
            crit = next(c for c in new.criteria if c.id == cid)
            self.state.replace_model(new, f"Outcomes for {opt.name} on {crit.name}")
