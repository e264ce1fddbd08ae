"""The focus ring: wherever the keyboard focus is in the main window, a ring in the highlight colour shows it.

Fusion marks the focus of a text field or a button, faintly that of a slider or a check box, and not at all
that of a chart, a table without a current cell or a scrolling text: a keyboard user lost track of where Tab
had gone. One `QFocusFrame` (Qt's own focus frame, which follows its widget as it moves, resizes and scrolls)
is moved to the focused widget; it draws a ring just outside it and takes no mouse clicks.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QDockWidget, QFocusFrame, QMenu, QWidget

WIDTH = 2.0  # the ring's line, in pixels, outside the widget


class _Ring(QFocusFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QApplication.palette().color(QPalette.ColorRole.Highlight), WIDTH))
        half = WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3.0, 3.0)
        painter.end()


class FocusRing(QObject):
    """Moves one ring to the focused widget of `window` or of a dock floated off it (none while the focus is
    elsewhere: a dialog, a menu)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.ring: _Ring | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self.window):
            return
        top = new.window() if new is not None else None
        # the main window's own widgets, and those of its docks floated off it
        mine = (new is not None and not isinstance(new, QMenu)
                and (top is self.window or (isinstance(top, QDockWidget) and top.parentWidget() is self.window)))
        if self.ring is None or not shiboken6.isValid(self.ring):  # it went with its last widget's parent
            if not mine:
                return
            self.ring = _Ring()
        self.ring.setWidget(new if mine else None)  # type: ignore[arg-type]  # None (Qt's nullptr) hides it
        if mine:
            self.ring.show()

    def target(self) -> QWidget | None:
        """The widget the ring is around (None when it shows nowhere)."""
        if self.ring is None or not shiboken6.isValid(self.ring) or not self.ring.isVisible():
            return None
        widget = self.ring.widget()
        return widget if isinstance(widget, QWidget) else None
