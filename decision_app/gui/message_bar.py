"""MessageBar: the window's status bar, where no message is lost to its width.

QStatusBar clips a message at the bar's edge with no sign that more was said (at 150 % on a 1024 px screen,
"Evidence applied: the range widened to 1–12 … (Raise the costs of war further by arming" and no more). Here a
message too long for the room beside the permanent widgets is shortened at its end with "…", the bar's tooltip
holds it whole (with the few before it) until the next one, and a long message stays up longer to be read.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QWidget

from decision_app.gui.charts.base import html_escape


class MessageBar(QStatusBar):
    SHOWN_MS = 6000  # how long a message of up to READ_CHARS characters stays
    READ_CHARS = 80
    MS_PER_CHAR = 60  # and a longer one this much longer for each character more
    KEPT = 5  # messages the tooltip recalls, the latest first

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.messages: deque[str] = deque(maxlen=self.KEPT)
        self._showing = ""  # the whole of the message on show ("" when none)
        self._permanent: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        super().addPermanentWidget(widget, stretch or 0)
        self._permanent.append(widget)
        widget.installEventFilter(self)  # its text grew or shrank: the message's room changed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._permanent and event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._show()
        return super().eventFilter(watched, event)

    @property
    def last_message(self) -> str:
        """The latest message, whole (kept after it leaves the bar)."""
        return self.messages[-1] if self.messages else ""

    def say(self, text: str) -> None:
        """Show `text`: whole when it fits, else shortened with "…"; whole in the tooltip either way."""
        self.messages.append(text)
        self._showing = text
        recent = "".join(f"<li>{html_escape(m)}</li>" for m in reversed(self.messages))
        self.setToolTip(f"<p><b>Latest messages</b></p><ul>{recent}</ul>")
        self._show()
        self._timer.start(self.SHOWN_MS + self.MS_PER_CHAR * max(len(text) - self.READ_CHARS, 0))

    def message_room(self) -> int:
        """The width Qt gives a message: the bar's, less its edges, the size grip and the permanent widgets."""
        right = self.width() - 12
        grip = self.findChild(QSizeGrip)
        if grip is not None and grip.isVisible():
            right = min(right, grip.x())
        for w in self._permanent:
            if w.isVisible():
                right = min(right, w.x() - 2)
        return max(right - 6, 0)

    def _show(self) -> None:
        if not self._showing:
            return
        if not self.isVisible():  # not laid out yet: no width to fit
            self.showMessage(self._showing)
            return
        self.showMessage(self.fontMetrics().elidedText(self._showing, Qt.TextElideMode.ElideRight,
                                                       self.message_room()))

    def _expire(self) -> None:
        self._showing = ""
        self.clearMessage()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()  # shortened again for the new width (whole again if it now fits)
