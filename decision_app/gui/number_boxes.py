"""The window's number boxes: what is typed is taken exactly, or refused aloud and the box shows its value again.

Qt's spin boxes drop a keystroke that would leave their range and round to their decimals, so typing 12 in a
0–10 box left 1 in it, and Enter stored that 1. These boxes let any text stand while it is typed, read it
with the one rule for typed numbers (`decision_app.core.typed_numbers.read_number`) when it is committed
(Enter, leaving the box, or `interpretText`), and then either take the number exactly or emit `refused`
with a sentence saying what was typed, why it is not taken and what the box keeps; the box then shows its
value again. Keyboard tracking is off: a half-typed "1" of "12" is never a value.

The owner says what the box's range means (`range_words`, e.g. "the scale of Escalation risk (0–10)") and
shows `refused` where the user looks (`say_near`: the status bar or a dialog's line, and a tooltip at the
box).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox, QToolTip, QWidget

from decision_app.core.typed_numbers import NumberRefusedError, read_number, shown


class _TypedNumber:
    """The shared rule; mixed into a QSpinBox or a QDoubleSpinBox (which declares `refused`)."""

    what: str  # the box in words, as a message starts: "Score", "Weight of Casualties"
    refused: Any  # the concrete class's Signal(str): a refusal, in words
    range_words: Callable[[], str] | None

    def _setup(self, what: str) -> None:
        self.what = what
        self.range_words = None
        box = self._box()
        box.setKeyboardTracking(False)
        box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)

    def _box(self) -> QDoubleSpinBox | QSpinBox:
        assert isinstance(self, QDoubleSpinBox | QSpinBox)
        return self

    def _places(self) -> int:
        box = self._box()
        return box.decimals() if isinstance(box, QDoubleSpinBox) else 0

    def read(self, text: str) -> float:
        """The number typed in `text` (the box's prefix and suffix allowed), or NumberRefusedError."""
        box = self._box()
        body = _as_pasted(text, box.lineEdit().text())
        if box.prefix() and body.startswith(box.prefix()):
            body = body[len(box.prefix()):]
        if box.suffix() and body.endswith(box.suffix()):
            body = body[: -len(box.suffix())]
        return read_number(body, decimals=self._places(), group_mark=box.locale().groupSeparator(),
                           grouping=box.isGroupSeparatorShown())

    def shown_value(self, value: float) -> str:
        """A value as messages write it: no trailing zeros, the box's own thousands separators and suffix."""
        box = self._box()
        number = f"{value:g}" if isinstance(box, QDoubleSpinBox) else box.textFromValue(int(value))
        return f"{number}{box.suffix()}"

    def refusal(self, text: str) -> str:
        """Why `text` is not taken, as a sentence ("" when it is)."""
        box = self._box()
        try:
            x = self.read(text)
        except NumberRefusedError as exc:
            reason = str(exc)
        else:
            if box.minimum() <= x <= box.maximum():
                return ""
            words = (self.range_words() if self.range_words is not None else
                     f"the range {self.shown_value(box.minimum()).removesuffix(box.suffix())}–"
                     f"{self.shown_value(box.maximum())}")
            reason = f"{shown(text.strip())} is outside {words}"
        return f"{self.what}: {reason}; it stays {self.shown_value(box.value())}"

    # Qt's hooks: validate on every keystroke, fixup when a text that is not acceptable is committed.
    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        box = self._box()
        if text == box.prefix() + box.textFromValue(box.value()) + box.suffix():  # type: ignore[arg-type]
            return QValidator.State.Acceptable, text, pos  # the box's own value, as it shows it (a setValue)
        try:
            x = self.read(text)
        except NumberRefusedError:
            return QValidator.State.Intermediate, text, pos
        ok = box.minimum() <= x <= box.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def fixup(self, text: str) -> str:
        message = self.refusal(text)
        if message:
            self.refused.emit(message)
        box = self._box()  # the box shows its value again (one branch per box type, for the type checker)
        if isinstance(box, QDoubleSpinBox):
            return box.textFromValue(box.value())
        return box.textFromValue(box.value())


def _as_pasted(text: str, raw: str) -> str:
    """The text as the user put it: Qt hands the box its *shown* text, where a pasted control character
    ("0\\x01") is a space, and "0 " would be taken as 0. Where `text` is `raw` shown that way, read `raw`."""
    if text != raw and len(text) == len(raw) and all(a == b or (b == " " and not a.isprintable())
                                                     for a, b in zip(raw, text, strict=True)):
        return raw
    return text


class DecimalBox(_TypedNumber, QDoubleSpinBox):
    """A decimal number box that takes exactly what is typed or refuses it aloud (`refused`)."""

    refused = Signal(str)

    def __init__(self, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._setup(what)

    def valueFromText(self, text: str) -> float:
        try:
            return self.read(text)
        except NumberRefusedError:
            return self.value()


class WholeBox(_TypedNumber, QSpinBox):
    """A whole-number box that takes exactly what is typed or refuses it aloud (`refused`)."""

    refused = Signal(str)

    def __init__(self, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._setup(what)

    def valueFromText(self, text: str) -> int:
        try:
            return int(self.read(text))
        except NumberRefusedError:
            return self.value()


def say_near(box: QWidget, message: str, say: Callable[[str], None]) -> None:
    """Show a refusal where the user looks: `say` (the status bar, a dialog's line) and a tooltip at the box."""
    say(message)
    if box.isVisible():
        QToolTip.showText(box.mapToGlobal(box.rect().bottomLeft()), message, box)
