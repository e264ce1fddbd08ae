"""WorkshopSession: what a workshop's views share.

The round being entered and shown and the combining rule (both part of the document's analysis
specification, `AnalysisSpec.group_rule` / `group_round`, so they are saved with the file and the memo, the
slides and `decision-app group` use them; this object reads them from the state and writes them through
`AnalysisState.set_group`), whether participants' names are shown (off at every start: codes by default,
never stored in settings) and whether the window is covered while the laptop is passed round. The
participants themselves live in the model and change only through the analysis state's undo stack; the
participants panel, the group view, the entry dialog and the window never talk to each other. No layout.

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
        self.show_names = False
        self.covered = False
        self.returning_start = "neutral"  # in a later round a returning participant starts "neutral" or from
        # their "own" earlier answer beside the group's spread (the Delphi way): the facilitator's choice
        self._started: int | None = None  # a round started before anyone entered weights in it
        self.rule = state.spec.group_rule
        self.round = self._wanted_round()
        state.sig_document_changed.connect(self._new_document)
        state.sig_model_changed.connect(self._from_state)
        state.sig_participants_changed.connect(self._from_state)
        state.sig_group_changed.connect(self._from_state)

    def rounds(self) -> list[int]:
        """The rounds to choose from: those entered, the current one and a started one."""
        extra = {self.round} | ({self._started} if self._started else set())
        return sorted(set(model_rounds(self.state.model)) | extra)

    def _latest(self) -> int:
        rounds = model_rounds(self.state.model)
        return rounds[-1] if rounds else 1

    def _wanted_round(self) -> int:
        """The document's round while someone entered it (or it was just started), else the latest (or the
        round just started after it)."""
        saved, latest = self.state.spec.group_round, self._latest()
        if saved is not None and (saved in model_rounds(self.state.model) or saved == self._started):
            return saved
        return self._started if self._started is not None and self._started > latest else latest

    def _new_document(self) -> None:
        self._started = None  # a round started in another file is not this one's

    def _from_state(self) -> None:
        """The document's rule and round (after an edit, an undo, another file) shown and used here."""
        if self.state.spec.group_rule != self.rule:
            self.rule = self.state.spec.group_rule
            self.sig_rule_changed.emit(self.rule)
        number = self._wanted_round()
        if number != self.round:
            self.round = number
            self.sig_round_changed.emit(number)

    def set_round(self, number: int) -> None:
        """Report and enter round `number`; the document keeps it unless it is the latest (then: "the latest")."""
        number = max(1, min(99, int(number)))
        if number != self.round:
            self.round = number
            self.sig_round_changed.emit(number)
        self.state.set_group(self.rule, None if number >= self._latest() else number)

    def start_new_round(self) -> int:
        """The round after the latest one entered becomes current (participants enter into it next)."""
        number = max([*model_rounds(self.state.model), self.round]) + 1
        self._started = number
        self.set_round(number)
        self.state.notify(f"Round {number} started: enter each participant's weights again")
        return number

    def set_rule(self, rule: str) -> None:
        if rule in RULES and rule != self.rule:
            self.state.set_group(rule, self.state.spec.group_round)  # sig_group_changed sets self.rule

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
