"""The keyboard focus never goes where nobody can see it: when Tab, Shift+Tab or a click moves the focus into a
dock that sits behind another in a tab group (Qt keeps such a dock in the tab chain but moves it off screen),
that dock comes to the front, as a view shortcut would bring it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget


class RaiseOnFocus(QObject):
    def __init__(self, docks: Iterable[QDockWidget], parent: QObject | None = None):
        super().__init__(parent)
        self.docks = list(docks)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for dock in self.docks:
            if dock.isAncestorOf(new):
                if dock.isVisible() and not dock.isFloating() and dock.visibleRegion().isEmpty():
                    dock.raise_()
                return
