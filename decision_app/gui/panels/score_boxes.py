"""The boxes a score is typed in: the evidence pane's value and range ends, and the matrix cell's editor.

Both follow the window's rule for typed numbers (`gui.number_boxes`): at most `SCORE_DECIMALS` decimals, a
point or a comma as the decimal mark, within the criterion's scale; anything else is refused aloud, with the
scale named, and the score is kept. The matrix cell's editor used Qt's default box, which cut "3.456" to
3.45 and read "3,5" as 35.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from decision_app.gui.number_boxes import DecimalBox, say_near

if TYPE_CHECKING:
    from decision_app.core.schema import Criterion
    from decision_app.gui.state import AnalysisState

SCORE_DECIMALS = 3  # a score is typed with at most this many decimals (more are refused, never rounded)
UNSCALED = 1e9  # the bounds of a score on a criterion without a scale


def scale_bounds(crit: Criterion | None) -> tuple[float, float]:
    """The least and greatest score a box takes for `crit`."""
    if crit is None or crit.scale is None:
        return -UNSCALED, UNSCALED
    return crit.scale.min, crit.scale.max


def scale_words(crit: Criterion | None) -> str:
    """The range the score boxes keep to, in words: the criterion's scale."""
    if crit is None or crit.scale is None:
        return f"the numbers a score can take (±{UNSCALED:g})"
    return f"the scale of {crit.name} ({crit.scale.min:g}–{crit.scale.max:g}{' ' + crit.unit if crit.unit else ''})"


class ScoreBox(DecimalBox):
    """A score field sized for the numbers scores have, not for its range's ends: a criterion without a
    scale allows ±1e9, and a box as wide as "-1000000000.000" widened the editor past a projector's width."""

    WIDEST = "-8888.888"

    def __init__(self, what: str, parent: QWidget | None = None):
        super().__init__(what, parent)
        self.setDecimals(SCORE_DECIMALS)
        self.setRange(-UNSCALED, UNSCALED)
        self.typed = False  # the user typed in it since it was filled (and nothing typed was refused)
        self.lineEdit().textEdited.connect(lambda _t: setattr(self, "typed", True))
        self.refused.connect(lambda _m: setattr(self, "typed", False))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        fm = self.fontMetrics()
        ends = max(fm.horizontalAdvance(self.textFromValue(v)) for v in (self.minimum(), self.maximum()))
        width = hint.width() - ends + fm.horizontalAdvance(self.WIDEST)
        return QSize(min(hint.width(), width), hint.height())

    def sizeHint(self) -> QSize:
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())


class ScoreDelegate(QStyledItemDelegate):
    """The matrix cell's editor: a `ScoreBox` on the column's criterion. A score the user did not type in is
    not written back (the box shows a score from a file to three decimals: Enter must not round it)."""

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        crit = self.state.model.criteria[index.column()]
        box = ScoreBox("Score", parent)
        box.setFrame(False)
        box.setRange(*scale_bounds(crit))
        box.setAccessibleName(f"Score on {crit.name}")
        box.range_words = lambda: scale_words(crit)
        box.refused.connect(lambda message: say_near(box, message, self.state.notify))
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, ScoreBox):
            editor.setValue(float(index.data(Qt.ItemDataRole.EditRole)))
            editor.typed = False
        else:  # pragma: no cover - this delegate makes only score boxes
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, ScoreBox):
            editor.interpretText()  # takes the typed number, or refuses it aloud and keeps the score
            if editor.typed:
                model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:  # pragma: no cover
            super().setModelData(editor, model, index)
