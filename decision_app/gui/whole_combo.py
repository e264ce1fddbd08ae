"""WholeCombo: a chooser whose text is never cut by a letter. It is either shown whole or visibly shortened
with "…", the whole text then in its tooltip (and always in its list).

Two Qt habits cut a chooser's text. Its least size is computed once, at the font it first had: after View > Zoom
its size hint grows with the text but a layout may still squeeze it to the old least width. And a text wider
than the box is clipped at the box's edge with no sign that anything is missing. Here the least width follows
the current (zoomed) font when the chooser is sized to its contents, and a text too long is elided.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class WholeCombo(QComboBox):
    """`most_chars`: at most this many average characters of the current font wide (a longer item is elided
    in the box); None sizes the box to its longest item. `fit`: the least width is the preferred one, so the
    longest item (up to `most_chars`) always shows whole; False leaves Qt's least width and elides below it."""

    def __init__(self, parent: QWidget | None = None, most_chars: int | None = None, fit: bool = True):
        super().__init__(parent)
        self.most_chars = most_chars
        self.fit = fit
        self.plain_tip = ""  # the tooltip while the text shows whole
        if fit:
            self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(lambda _i: self._tip())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.most_chars is None:
            return hint
        fm = self.fontMetrics()
        extra = hint.width() - max((fm.horizontalAdvance(self.itemText(k)) for k in range(self.count())), default=0)
        return QSize(min(hint.width(), self.most_chars * fm.averageCharWidth() + max(extra, 0)), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint() if self.fit else super().minimumSizeHint()

    def field_width(self) -> int:
        """The width the style gives the current text inside the box."""
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        return self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()

    def shown_text(self) -> str:
        """The current text as the box draws it: whole, or elided to its field."""
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, self.field_width())

    def _tip(self) -> None:
        """The whole current text as the tooltip while the box shows it shortened; `plain_tip` otherwise."""
        self.setToolTip(self.currentText() if self.shown_text() != self.currentText() else self.plain_tip)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.isEditable():
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Zoom: the least width follows the text's new size
            self.updateGeometry()
            self._tip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._tip()
