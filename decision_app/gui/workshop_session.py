"""WorkshopSession: what a workshop's views share that is no part of the document.

The round being entered and shown, the combining rule, whether participants' names are shown (off at every
start: codes by default, never stored in settings) and whether the window is covered while the laptop is
passed round. The participants themselves live in the model and change only through the analysis state's
undo stack; this object holds view state beside it, so the participants panel, the group view, the entry
dialog and the window never talk to each other. It has no layout.

Signals:
    sig_round_changed(int): the current round (the one entered into and shown).
    sig_rule_changed(str): the combining rule (`core.group.RULES`).
    sig_names_changed(bool): names shown (True) or codes only (False).
    sig_cover_changed(bool): the window's views are covered (True) or revealed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from decision_app.core.group import RULES, model_rounds
from decision_app.gui.state import AnalysisState

RULE_LABELS = {"mean": "Arithmetic mean", "geometric": "Geometric mean", "median": "Median",
               "aij": "AHP judgements (AIJ)"}


class WorkshopSession(QObject):
    sig_round_changed = Signal(int)
    sig_rule_changed = Signal(str)
    sig_names_changed = Signal(bool)
    sig_cover_changed = Signal(bool)

    def __init__(self, state: AnalysisState, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        self.rule = "mean"
        self.show_names = False
        self.covered = False
        self.returning_start = "neutral"  # in a later round a returning participant starts "neutral" or from
        # their "own" earlier answer beside the group's spread (the Delphi way): the facilitator's choice
        self._started: int | None = None  # a round started before anyone entered weights in it
        rounds = model_rounds(state.model)
        self.round = rounds[-1] if rounds else 1
        state.sig_document_changed.connect(self._document_changed)
        state.sig_model_changed.connect(self._model_changed)
        state.sig_participants_changed.connect(self._model_changed)

    def rounds(self) -> list[int]:
        """The rounds to choose from: those entered, the current one and a started one."""
        extra = {self.round} | ({self._started} if self._started else set())
        return sorted(set(model_rounds(self.state.model)) | extra)

    def set_round(self, number: int) -> None:
        number = max(1, min(99, int(number)))
        if number != self.round:
            self.round = number
            self.sig_round_changed.emit(number)

    def start_new_round(self) -> int:
        """The round after the latest one entered becomes current (participants enter into it next)."""
        number = max([*model_rounds(self.state.model), self.round]) + 1
        self._started = number
        self.set_round(number)
        self.state.notify(f"Round {number} started: enter each participant's weights again")
        return number

    def _document_changed(self) -> None:
        """Another file (File > Open, New): its own latest round, not the previous file's."""
        self._started = None
        rounds = model_rounds(self.state.model)
        self.set_round(rounds[-1] if rounds else 1)

    def _model_changed(self) -> None:
        """A new document (or an undone round) keeps the current round only while it still exists."""
        rounds = model_rounds(self.state.model)
        if self.round not in rounds and self.round != self._started:
            self.set_round(rounds[-1] if rounds else 1)

    def set_rule(self, rule: str) -> None:
        if rule in RULES and rule != self.rule:
            self.rule = rule
            self.sig_rule_changed.emit(rule)

    def set_show_names(self, on: bool) -> None:
        if bool(on) != self.show_names:
            self.show_names = bool(on)
            self.sig_names_changed.emit(self.show_names)
            self.state.notify("Participants' names shown" if on else "Participants shown by code only")

    def set_covered(self, on: bool) -> None:
        if bool(on) != self.covered:
            self.covered = bool(on)
            self.sig_cover_changed.emit(self.covered)

    def set_returning_start(self, mode: str) -> None:
        if mode in ("neutral", "own"):
            self.returning_start = mode
            self.state.notify("Returning participants start from their own earlier answer beside the group's"
                              if mode == "own" else "Returning participants start neutral")

    def display_name(self, code: str, label: str | None) -> str:
        """How a participant is shown: the code, or "code name" with names on (and a name given)."""
        return f"{code} {label}" if self.show_names and label and label != code else code
