"""Ask which way each criterion of a spreadsheet points when the spreadsheet does not say (no #direction row).

`read_asking_directions` is how the window reads a file it opens: a table whose only problem is missing
directions (`MissingDirectionsError`) brings up `DirectionDialog`, and the answers complete the import.

Nothing is preselected: a criterion taken the wrong way round counts against the options it should favour,
and the spreadsheet gives no hint, so the user decides each one (the Import button waits until they have).
"All benefit" / "All cost" set every row at once for a long list, as a deliberate choice.

Keyboard: Tab moves from criterion to criterion, the arrow keys between benefit and cost, Space chooses;
or press B or C on a criterion to choose and move on to the next. Enter imports, Escape cancels.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from decision_app.core.errors import InputError, LacksDirectionsError, MissingDirectionsError, Problem

if TYPE_CHECKING:
    from decision_app.core.document import ReadDocument

BENEFIT, COST = "benefit", "cost"
_KEYS = {Qt.Key.Key_B: 0, Qt.Key.Key_C: 1}


class DirectionDialog(QDialog):
    """One row per criterion, each with a Benefit and a Cost choice; `directions()` gives the answers."""

    def __init__(self, criteria: list[str], file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Which way do the criteria point?")
        self.criteria = list(criteria)
        intro = QLabel(f"“{file_name}” does not say whether more or less is better on "
                       f"{'this criterion' if len(criteria) == 1 else 'these criteria'}. Choose for each: "
                       "<b>benefit</b> (more is better) or <b>cost</b> (less is better).<br>"
                       "Keys: B or C chooses and moves on; Tab and the arrow keys move.")
        intro.setWordWrap(True)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        self.groups: list[QButtonGroup] = []
        for i, name in enumerate(self.criteria):
            label = QLabel(name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(label, i, 0)
            group = QButtonGroup(self)
            for k, word in enumerate((BENEFIT, COST)):
                button = QRadioButton(word.capitalize())
                button.setAccessibleName(f"{name}: {word}")
                button.installEventFilter(self)
                group.addButton(button, k)
                grid.addWidget(button, i, 1 + k)
            group.idToggled.connect(self._update)
            self.groups.append(group)
        grid.setColumnStretch(0, 1)
        scroll = QScrollArea()
        scroll.setWidget(grid_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.remaining = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        for text, k in (("All benefit", 0), ("All cost", 1)):
            b = QPushButton(text)
            b.setAutoDefault(False)
            b.clicked.connect(lambda _c=False, k=k: self.choose_all(k))
            self.buttons.addButton(b, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(scroll, 1)
        box.addWidget(self.remaining)
        box.addWidget(self.buttons)
        self._update()
        if self.groups:
            self.groups[0].buttons()[0].setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _KEYS:
            row = next((i for i, g in enumerate(self.groups) if watched in g.buttons()), None)
            if row is not None:
                self.groups[row].button(_KEYS[Qt.Key(event.key())]).setChecked(True)
                nxt = self.groups[row + 1].buttons()[0] if row + 1 < len(self.groups) else self.import_button
                nxt.setFocus()
                return True
        return super().eventFilter(watched, event)

    def choose_all(self, k: int) -> None:
        for g in self.groups:
            g.button(k).setChecked(True)

    def directions(self) -> dict[str, str]:
        """The criteria chosen so far, {name: "benefit" | "cost"}."""
        return {name: (BENEFIT, COST)[g.checkedId()] for name, g in zip(self.criteria, self.groups, strict=True)
                if g.checkedId() >= 0}

    def _update(self, *_args: object) -> None:
        left = len(self.criteria) - len(self.directions())
        self.import_button.setEnabled(left == 0)
        self.remaining.setText("Every criterion has a direction." if left == 0 else
                               f"{left} of {len(self.criteria)} still to choose.")

    def accept(self) -> None:
        if len(self.directions()) == len(self.criteria):  # Enter on a default button that is disabled
            super().accept()


def ask_directions(criteria: list[str], file_name: str, parent: QWidget | None = None) -> dict[str, str] | None:
    """The user's direction for each criterion, or None when they cancel."""
    dialog = DirectionDialog(criteria, file_name, parent)
    try:
        return dialog.directions() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def read_asking_directions(path: str | Path, parent: QWidget | None = None) -> ReadDocument | None:
    """Read and check `path` once (`document.read_document`), asking for the criteria's directions when the spreadsheet
    lacks only those. None when the user cancels; raises InputError for anything else wrong. No document is
    touched: the window puts the file in place (`AnalysisState.put`) after asking about unsaved work."""
    from decision_app.core.document import read_document

    try:
        return read_document(path)
    except MissingDirectionsError as exc:
        directions = ask_directions(exc.criteria, Path(path).name, parent)
        if directions is None:
            return None
        return read_document(path, directions)
    except LacksDirectionsError as exc:  # other problems first; the directions are this dialog's, later
        raise InputError([*exc.others, directions_later(exc)]) from None


def directions_later(exc: LacksDirectionsError) -> Problem:
    """What the window says of a spreadsheet's missing directions while other problems stand in the way:
    not to add a #direction row (it asks for them itself), but that it will ask once those are fixed."""
    names = ", ".join(f'"{nm}"' for nm in exc.criteria[:5]) + (
        f" and {len(exc.criteria) - 5} more" if len(exc.criteria) > 5 else "")
    it = "this is" if len(exc.others) == 1 else "these are"
    point = "points" if len(exc.criteria) == 1 else "point"
    return Problem(exc.file, "", f"once {it} fixed, opening the file asks which way {names} {point} (benefit: "
                   "more is better; cost: less is better)")
