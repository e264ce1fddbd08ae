"""The window's Undo and Redo keys work from every number box (a weight %, a score, its low and high, an open
matrix cell): a spin box's line edit otherwise claims Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z for its own text undo,
and the keyboard user's step (Up in a weight box) could not be undone without leaving the box. Free-text
editors (the rationale, a quote) keep their own text undo: there the user is typing prose."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget


class NumberBoxUndoKeys(QObject):
    """Lets `actions`' keys through to the window (not to the box) from the spin boxes inside `window`."""

    def __init__(self, window: QWidget, actions: Iterable[QAction]):
        super().__init__(window)
        self.window = window
        self.actions = list(actions)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Boxes come and go (the weights' rows are rebuilt, a cell editor opens): each is watched once focused.
        if isinstance(new, QAbstractSpinBox) and self.window.isAncestorOf(new):
            new.removeEventFilter(self)
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                   for act in self.actions for key in act.shortcuts()):
                event.ignore()  # not overridden: the shortcut (the window's action) fires
                return True
        return False
