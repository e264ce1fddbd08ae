"""DockBody: what a dock holds, so that zooming the text never makes the window wider than the screen.

A view's least size grows with its font: at View > Zoom 150 % the weights, the matrix and the uncertainty
choosers ask for so much that the docks side by side no longer fit a 1024 px screen, and the window grows
past its edge. A DockBody asks for no more than its view needs at 100 % (the view's own least size divided by
the zoom factor); when the dock is narrower than the zoomed view, the view scrolls instead of the window
growing. At 100 % nothing changes: the body asks exactly what its view asks.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget


class _Holder(QWidget):
    """The view's frame inside the scroll area, with no layout of its own: QScrollArea sizes a widget whose
    layout has height-for-width (a chart's word-wrapped caption) at its preferred height, which scrolled a
    chart that could have fitted. The holder asks the view's least size and gives it all the room there is."""

    def __init__(self, view: QWidget, on_change: Callable[[], None]):
        super().__init__()
        self.view = view
        self.on_change = on_change
        view.setParent(self)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self.on_change()  # the view's least size changed: the dock must hear of it
        return False

    def minimumSizeHint(self) -> QSize:
        return self.view.minimumSizeHint().expandedTo(self.view.minimumSize())

    def sizeHint(self) -> QSize:
        return self.view.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.view.setGeometry(self.rect())


class DockBody(QScrollArea):
    """`grows` False: the dock is never wider than its view's preferred width (`sizeHint`), so a larger window
    gives its width to the other docks (the weights keep theirs; the charts take the rest)."""

    def __init__(self, view: QWidget, parent: QWidget | None = None, grows: bool = True):
        super().__init__(parent)
        if not grows:
            self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the tab chain goes straight to the view's controls
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view = view
        self.scale = 1.0
        self.holder = _Holder(view, self.updateGeometry)
        self.setWidget(self.holder)

    def set_scale(self, scale: float) -> None:
        """The zoom factor the view's text is shown at (1.0: the system size)."""
        self.scale = max(scale, 1.0)  # zoomed out, the view asks for what it needs
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        need = self.view.minimumSizeHint().expandedTo(self.view.minimumSize())
        return QSize(math.ceil(need.width() / self.scale), math.ceil(need.height() / self.scale))

    def sizeHint(self) -> QSize:
        # QScrollArea bounds its hint to a few dozen lines of text; the dock should see the view's own
        return self.view.sizeHint().expandedTo(self.minimumSizeHint())
