"""Message boxes shared by the window and its dialogs; each takes the parent widget it belongs to."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from decision_app.core.errors import InputError, Problem


def show_error(parent: QWidget | None, title: str, exc: InputError) -> None:
    """The validator's messages in a dialog: one message plainly, several as a count with the details."""
    lines = [str(p) for p in exc.problems]
    box = QMessageBox(QMessageBox.Icon.Critical, title, lines[0] if len(lines) == 1 else
                      f"{len(lines)} problems were found. The current model is unchanged.", parent=parent)
    if len(lines) > 1:
        box.setDetailedText("\n".join(lines))
    box.setInformativeText("Nothing was changed." if len(lines) == 1 else "")
    box.exec()


def show_note(parent: QWidget | None, title: str, text: str) -> None:
    """A plain information box (an export that worked but left something out)."""
    QMessageBox.information(parent, title, text)


def still_in_window(exc: InputError) -> InputError:
    """A save that failed: the same problems, the last one adding that the work is still in the window."""
    *first, last = exc.problems
    return InputError([*first, Problem(last.file, last.place, f"{last.message}. Your work is still in this window, "
                                       "not saved: use File > Save As to save it somewhere else")])
