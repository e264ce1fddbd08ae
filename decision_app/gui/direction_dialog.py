"""Ask what a spreadsheet does not say: which way each criterion points (no #direction row), and whether a
column of text holds notes on the options or is a criterion.

`read_asking_directions` is how the window reads a file it opens: a table with columns of text nobody has said
are notes (`TextColumnsError`) brings up `TextColumnsDialog`; one whose only problem is missing directions
(`MissingDirectionsError`) brings up `DirectionDialog`; the answers complete the import. A column of text is
never taken silently: a criterion scored "high" still gets its cell-named errors once it is called a criterion.

Nothing is preselected: a criterion taken the wrong way round counts against the options it should favour,
and the spreadsheet gives no hint, so the user decides each one (the Import button waits until they have).
"All benefit" / "All cost" set every row at once for a long list, as a deliberate choice.

Keyboard: Tab moves from row to row, the arrow keys between the two choices, Space chooses; or press the
choice's letter (B or C; N or C) on a row to choose and move on to the next. Enter imports, Escape cancels.
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

from decision_app.core.columns import CRITERION, NOTES
from decision_app.core.errors import (
    InputError,
    LacksDirectionsError,
    MissingDirectionsError,
    Problem,
    TextColumnsError,
)

if TYPE_CHECKING:
    from decision_app.core.document import ReadDocument

BENEFIT, COST = "benefit", "cost"


class ChoiceDialog(QDialog):
    """One row per name, each with the same two choices (`words`, chosen also by `keys`); nothing preselected,
    and Import waits until every row has an answer. `answers()` gives them, {name: word}."""

    def __init__(self, title: str, intro_html: str, names: list[str], words: tuple[str, str],
                 keys: tuple[Qt.Key, Qt.Key], parent: QWidget | None = None, all_labels: tuple[str, str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.criteria = list(names)
        self.words = words
        self._keys = {key: k for k, key in enumerate(keys)}
        intro = QLabel(intro_html)
        intro.setWordWrap(True)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        self.groups: list[QButtonGroup] = []
        for i, name in enumerate(self.criteria):
            label = QLabel(name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(label, i, 0)
            group = QButtonGroup(self)
            for k, word in enumerate(words):
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
        for text, k in zip(all_labels or (f"All {words[0]}", f"All {words[1]}"), (0, 1), strict=True):
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
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in self._keys:
            row = next((i for i, g in enumerate(self.groups) if watched in g.buttons()), None)
            if row is not None:
                self.groups[row].button(self._keys[Qt.Key(event.key())]).setChecked(True)
                nxt = self.groups[row + 1].buttons()[0] if row + 1 < len(self.groups) else self.import_button
                nxt.setFocus()
                return True
        return super().eventFilter(watched, event)

    def choose_all(self, k: int) -> None:
        for g in self.groups:
            g.button(k).setChecked(True)

    def answers(self) -> dict[str, str]:
        """The rows chosen so far, {name: word}."""
        return {name: self.words[g.checkedId()] for name, g in zip(self.criteria, self.groups, strict=True)
                if g.checkedId() >= 0}

    def _update(self, *_args: object) -> None:
        left = len(self.criteria) - len(self.answers())
        self.import_button.setEnabled(left == 0)
        self.remaining.setText(self.all_chosen_text if left == 0 else
                               f"{left} of {len(self.criteria)} still to choose.")

    all_chosen_text = "Every row has an answer."

    def accept(self) -> None:
        if len(self.answers()) == len(self.criteria):  # Enter on a default button that is disabled
            super().accept()


class DirectionDialog(ChoiceDialog):
    """One row per criterion, each with a Benefit and a Cost choice; `directions()` gives the answers."""

    all_chosen_text = "Every criterion has a direction."

    def __init__(self, criteria: list[str], file_name: str, parent: QWidget | None = None):
        super().__init__("Which way do the criteria point?",
                         f"“{file_name}” does not say whether more or less is better on "
                         f"{'this criterion' if len(criteria) == 1 else 'these criteria'}. Choose for each: "
                         "<b>benefit</b> (more is better) or <b>cost</b> (less is better).<br>"
                         "Keys: B or C chooses and moves on; Tab and the arrow keys move.",
                         criteria, (BENEFIT, COST), (Qt.Key.Key_B, Qt.Key.Key_C), parent)

    def directions(self) -> dict[str, str]:
        """The criteria chosen so far, {name: "benefit" | "cost"}."""
        return self.answers()


class TextColumnsDialog(ChoiceDialog):
    """One row per column of text, each with a Notes and a Criterion choice; `answers()` gives them."""

    all_chosen_text = "Every column has an answer."

    def __init__(self, columns: list[str], file_name: str, parent: QWidget | None = None):
        one = len(columns) == 1
        super().__init__("Notes or criteria?",
                         f"“{file_name}” has {'a column' if one else 'columns'} of text where scores would be. "
                         "Choose for each: <b>notes</b> (words about each option, kept as its summary) or "
                         "<b>criterion</b> (then each of its cells needs a number, and the text in them is "
                         "reported).<br>Keys: N or C chooses and moves on; Tab and the arrow keys move.",
                         columns, (NOTES, CRITERION), (Qt.Key.Key_N, Qt.Key.Key_C), parent,
                         ("All notes", "All criteria"))


def _ask(dialog: ChoiceDialog) -> dict[str, str] | None:
    try:
        return dialog.answers() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_directions(criteria: list[str], file_name: str, parent: QWidget | None = None) -> dict[str, str] | None:
    """The user's direction for each criterion, or None when they cancel."""
    return _ask(DirectionDialog(criteria, file_name, parent))


def ask_text_columns(columns: list[str], file_name: str, parent: QWidget | None = None) -> dict[str, str] | None:
    """The user's answer for each column of text, {name: "notes" | "criterion"}, or None when they cancel."""
    return _ask(TextColumnsDialog(columns, file_name, parent))


def read_asking_directions(path: str | Path, parent: QWidget | None = None) -> ReadDocument | None:
    """Read and check `path` once (`document.read_document`), asking for the criteria's directions when the spreadsheet
    lacks only those. None when the user cancels; raises InputError for anything else wrong. No document is
    touched: the window puts the file in place (`AnalysisState.put`) after asking about unsaved work."""
    from decision_app.core.document import read_document

    answers: dict[str, str] = {}
    for _question in range(3):  # what the text columns are, then the directions, then the file as answered
        try:
            return read_document(path, answers or None)
        except TextColumnsError as exc:
            if exc.others:  # other problems first; these questions are this dialog's, later
                raise InputError([*exc.problems, text_columns_later(exc)]) from None
            given = ask_text_columns(exc.columns, Path(path).name, parent)
        except MissingDirectionsError as exc:
            given = ask_directions(exc.criteria, Path(path).name, parent)
        except LacksDirectionsError as exc:
            raise InputError([*exc.others, directions_later(exc)]) from None
        if given is None:
            return None
        answers |= given
    return read_document(path, answers)


def text_columns_later(exc: TextColumnsError) -> Problem:
    """What the window says of columns of text while other problems stand in the way: that it will ask
    whether they hold notes once those are fixed."""
    names = ", ".join(f'"{nm}"' for nm in exc.columns)
    return Problem(exc.file, "", f"once the others are fixed, opening the file asks whether {names} "
                   f"{'holds' if len(exc.columns) == 1 else 'hold'} notes on the options or "
                   f"{'is a criterion' if len(exc.columns) == 1 else 'are criteria'}")


def directions_later(exc: LacksDirectionsError) -> Problem:
    """What the window says of a spreadsheet's missing directions while other problems stand in the way:
    not to add a #direction row (it asks for them itself), but that it will ask once those are fixed."""
    names = ", ".join(f'"{nm}"' for nm in exc.criteria[:5]) + (
        f" and {len(exc.criteria) - 5} more" if len(exc.criteria) > 5 else "")
    it = "this is" if len(exc.others) == 1 else "these are"
    point = "points" if len(exc.criteria) == 1 else "point"
    return Problem(exc.file, "", f"once {it} fixed, opening the file asks which way {names} {point} (benefit: "
                   "more is better; cost: less is better)")
