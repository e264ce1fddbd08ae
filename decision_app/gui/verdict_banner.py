"""The verdict banner above the Ranking view: one line saying how firm the answer is (`core.answer`), the
same sentence the memo, the slides and the command line print.

It follows every change without blocking a drag: a weight move only marks the shown verdict as out of date
(the answer is recomputed off the GUI thread once the uncertainty for the new weights is in, `answer_worker`);
the new sentence replaces it when it arrives. The line is elided to the width; the tooltip and the
accessible description carry the whole sentence and the nearest changes that would settle it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from decision_app.gui.state import AnalysisState

UPDATING = "Updating the verdict for these weights\u2026"
KIND_COLOURS = {"robust": "#2E7D32", "likely": "#8D6E00", "too_close": "#B23B00"}


class VerdictBanner(QLabel):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setObjectName("verdictBanner")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Verdict")
        self.full = ""  # the line before eliding
        self._colour = ""  # the colour its style sheet sets (set again only when it changes: a new style sheet
        # re-polishes the label and relays out the chart's dock on every slider move)
        for sig in (state.sig_answer_changed, state.sig_results_changed):
            sig.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        a = self.state.answer
        current = self.state.answer_is_current()
        if a is None and self.state.no_answer:
            line = tip = f"No verdict: {self.state.no_answer}"
            colour = KIND_COLOURS["too_close"]
        elif a is None or not current:
            line = UPDATING if a is None else f"{UPDATING} Before: {a.sentence}"
            colour = self.palette().color(self.palette().ColorRole.PlaceholderText).name()
            tip = line
        else:
            line = a.sentence
            colour = KIND_COLOURS[a.verdict.kind]
            tip = f"{a.sentence}\n\n{a.settle_sentence()}"
        if colour != self._colour:
            self._colour = colour
            self.setStyleSheet(f"QLabel#verdictBanner {{ font-weight: bold; color: {colour}; padding: 2px 4px; }}")
        if tip != self.toolTip():  # the settle sentence can change while the line does not (the changes come later)
            self.setToolTip(tip)
            self.setAccessibleDescription(tip)
        if line != self.full:
            self.full = line
            self._elide()

    def _elide(self) -> None:
        width = max(self.width() - 10, 40)
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()
