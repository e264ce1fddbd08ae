"""Undoable edits. Every change to the model replaces it whole (models are small and immutable here, so
undo is exact); weight moves merge while one drag or one run of spin-box steps lasts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from decision_app.core.schema import DecisionModel
    from decision_app.gui.state import AnalysisState

WEIGHTS_ID = 1001


class ReplaceModelCommand(QUndoCommand):
    def __init__(self, state: AnalysisState, old: DecisionModel, new: DecisionModel, text: str):
        super().__init__(text)
        self.state, self.old, self.new = state, old, new

    def redo(self) -> None:
        self.state._apply_model(self.new)

    def undo(self) -> None:
        self.state._apply_model(self.old)


class SetWeightsCommand(QUndoCommand):
    """New weights (and the profile they belong to, or None for custom). `merge_key` joins the steps of
    one gesture into one undo step; None never merges."""

    def __init__(self, state, old_w, new_w, old_profile, new_profile, text: str, merge_key=None):
        super().__init__(text)
        self.state = state
        self.old_w, self.new_w = np.array(old_w), np.array(new_w)
        self.old_profile, self.new_profile = old_profile, new_profile
        self.merge_key = merge_key

    def id(self) -> int:
        return WEIGHTS_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetWeightsCommand) or self.merge_key is None or other.merge_key != self.merge_key:
            return False
        self.new_w, self.new_profile = other.new_w, other.new_profile
        return True

    def redo(self) -> None:
        self.state._apply_weights(self.new_w, self.new_profile)

    def undo(self) -> None:
        self.state._apply_weights(self.old_w, self.old_profile)


class SetMethodCommand(QUndoCommand):
    def __init__(self, state, old: str, new: str):
        super().__init__(f"Method: {new}")
        self.state, self.old, self.new = state, old, new

    def redo(self) -> None:
        self.state._apply_method(self.new)

    def undo(self) -> None:
        self.state._apply_method(self.old)
