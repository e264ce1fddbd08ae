"""Opening and closing the slide show for the workbench: the show goes full screen on the chosen screen (the
second one when connected), the workbench stays where it is, and Esc brings it back exactly as it was (its
dock layout and geometry restored, the selection untouched)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QRect
from PySide6.QtWidgets import QApplication, QMainWindow

from decision_app.gui.presentation.screens import choose_screen
from decision_app.gui.presentation.window import PresentationWindow
from decision_app.gui.state import AnalysisState


def _rect(r: QRect) -> tuple[int, int, int, int]:
    return r.x(), r.y(), r.width(), r.height()


class Presenter(QObject):
    def __init__(self, state: AnalysisState, workbench: QMainWindow):
        super().__init__(workbench)
        self.state = state
        self.workbench = workbench
        self.window: PresentationWindow | None = None
        self.last_slide = 0
        self.revealed_round = 0  # the round whose group values R revealed: kept for the session, never saved
        self._saved: tuple[QByteArray, QRect] | None = None

    def present(self, from_current: bool = False) -> PresentationWindow:
        if self.window is not None:
            self.window.raise_()
            return self.window
        self._saved = (self.workbench.saveState(), self.workbench.geometry())
        screens = QApplication.screens()
        k = choose_screen([_rect(s.geometry()) for s in screens], _rect(self.workbench.frameGeometry()))
        win = PresentationWindow(self.state, self.last_slide if from_current else 0, self.revealed_round)
        win.sig_revealed.connect(self._revealed)
        win.setGeometry(screens[k].geometry())  # before showFullScreen: full screen on that screen
        win.sig_closed.connect(self._closed)
        self.window = win
        win.showFullScreen()
        win.activateWindow()
        win.setFocus()
        return win

    def _revealed(self, round_: int) -> None:
        self.revealed_round = round_

    def _closed(self, index: int) -> None:
        self.last_slide = index
        self.window = None
        if self._saved is not None:
            # Only what changed is put back: restoring an unchanged layout makes Qt re-lay it out, not identically.
            layout, geometry = self._saved
            if self.workbench.geometry() != geometry:
                self.workbench.setGeometry(geometry)
            if self.workbench.saveState() != layout:
                self.workbench.restoreState(layout)
        self.workbench.activateWindow()
