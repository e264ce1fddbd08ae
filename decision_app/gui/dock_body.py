"""DockBody: what a dock holds, so that zooming the text never makes the window wider than the screen.

A view's least size grows with its font: at View > Zoom 150 % the weights, the matrix and the uncertainty
choosers ask for so much that the docks side by side no longer fit a 1024 px screen, and the window grows
past its edge. A DockBody asks for no more than its view needs at 100 % (the view's own least size divided by
the zoom factor); when the dock is narrower than the zoomed view, the view scrolls instead of the window
growing. At 100 % nothing changes: the body asks exactly what its view asks.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class DockBody(QScrollArea):
    def __init__(self, view: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the tab chain goes straight to the view's controls
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view = view
        self.scale = 1.0
        self.setWidget(view)  # QScrollArea filters the view's events: see eventFilter

    def set_scale(self, scale: float) -> None:
        """The zoom factor the view's text is shown at (1.0: the system size)."""
        self.scale = max(scale, 1.0)  # zoomed out, the view asks for what it needs
        self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the view's least size changed: the dock must hear of it
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        need = self.view.minimumSizeHint().expandedTo(self.view.minimumSize())
        return QSize(math.ceil(need.width() / self.scale), math.ceil(need.height() / self.scale))

    def sizeHint(self) -> QSize:
        # QScrollArea bounds its hint to a few dozen lines of text; the dock should see the view's own
        return self.view.sizeHint().expandedTo(self.minimumSizeHint())
