"""Undoable edits, one command type per kind of change. Every change to the model replaces it whole (models
are small and immutable here, so undo is exact); weight moves merge while one drag or one run of spin-box
steps lasts.

A command holds the function that applies a value (the analysis state's `_apply_*`), never the state
itself, so this module imports nothing of the GUI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from decision_app.core.methods import METHODS

MERGE_ID = 1001


def method_label(name: str) -> str:
    """The method's label as the menus show it (its name if unknown)."""
    return METHODS[name].label if name in METHODS else name


class SetValueCommand(QUndoCommand):
    """One kind of change for every whole-value edit (the model, the document, a part of the analysis):
    `apply` puts `new` in place on redo and `old` back on undo; neither is mutated here. Commands with the same
    `merge_key` (not None) join into one undo step: the steps of one slider drag or one run of spin-box steps."""

    def __init__(self, apply: Callable[[Any], None], old: Any, new: Any, text: str, merge_key: Any = None):
        super().__init__(text)
        self.apply, self.old, self.new, self.merge_key = apply, old, new, merge_key

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetValueCommand) or self.merge_key is None or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.apply(self.new)

    def undo(self) -> None:
        self.apply(self.old)
