"""Undoable edits, one command type per kind of change. Every change to the model replaces it whole (models
are small and immutable here, so undo is exact); weight moves merge while one drag or one run of spin-box
steps lasts.

A command holds the function that applies a value (the analysis state's `_apply_*`), never the state
itself, so this module imports nothing of the GUI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtGui import QUndoCommand

from decision_app.core.methods import METHODS

WEIGHTS_ID = 1001


def method_label(name: str) -> str:
    """The method's label as the menus show it (its name if unknown)."""
    return METHODS[name].label if name in METHODS else name


class SetValueCommand(QUndoCommand):
    """One kind of change for every whole-value edit (the model, the method, the uncertainty settings, the
    slide arrangement): `apply` puts `new` in place on redo and `old` back on undo; neither is mutated here."""

    def __init__(self, apply: Callable[[Any], None], old: Any, new: Any, text: str):
        super().__init__(text)
        self.apply, self.old, self.new = apply, old, new

    def redo(self) -> None:
        self.apply(self.new)

    def undo(self) -> None:
        self.apply(self.old)


class SetWeightsCommand(QUndoCommand):
    """New weights (and the profile they belong to, or None for custom). `merge_key` joins the steps of
    one gesture into one undo step; None never merges."""

    def __init__(self, apply: Callable[[np.ndarray, str | None], None], old_w: np.ndarray, new_w: np.ndarray,
                 old_profile: str | None, new_profile: str | None, text: str, merge_key: Any = None):
        super().__init__(text)
        self.apply = apply
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
        self.apply(self.new_w, self.new_profile)

    def undo(self) -> None:
        self.apply(self.old_w, self.old_profile)
