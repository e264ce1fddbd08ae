"""LiveText: a few words that change on every slider move (the ranking's "62 % of the margin comes from
Security"), word-wrapped to the width, that repaint themselves and nothing else.

A QLabel relays out its parents on every `setText`, and a chart's relayout runs up through its dock to the main
window's dock layout and repaints the whole chart: on a slider move that cost more than the chart itself. This
widget draws its text in `paintEvent`; a new text repaints it, and asks for a new layout only when the text
needs another number of lines at the current width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
MARGIN = 4  # pixels each side, as a QLabel's text sits in a chart's header


class LiveText(QWidget):
    def __init__(self, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._measured: tuple[int, str, int] | None = None  # (width, text, height): the last height measured
        self.setAccessibleName(accessible_name)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # QLabel's name: views and tests read it alike
        if text == self._text:
            return
        height_before = self.heightForWidth(self.width())
        self._text = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        if self.heightForWidth(self.width()) != height_before:
            self.updateGeometry()  # another number of lines: the only case that needs a new layout
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self._text:
            return 0
        if self._measured is not None and self._measured[:2] == (width, self._text):
            return self._measured[2]
        room = QRect(0, 0, max(width - 2 * MARGIN, 20), 100_000)
        height = int(self.fontMetrics().boundingRect(room, int(WRAP), self._text).height())
        self._measured = (width, self._text, height)
        return height

    def sizeHint(self) -> QSize:
        return QSize(200, self.heightForWidth(max(self.width(), 200)))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.heightForWidth(self.width()) if self.width() > 0 else self.fontMetrics().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Zoom: taller lines
            self._measured = None
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect().adjusted(MARGIN, 0, -MARGIN, 0), int(WRAP), self._text)
        painter.end()
