"""Message boxes shared by the window and its dialogs; each takes the parent widget it belongs to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from decision_app.core.errors import InputError, Problem


def error_text(exc: InputError) -> tuple[str, str, str]:
    """(text, informative text, details) of the dialog for `exc`: one problem plainly; several as a count
    naming the file, with the first problem there to act on and every problem in the details."""
    lines = [str(p) for p in exc.problems]
    if len(lines) == 1:  # the technical place (a JSON path), for whoever edits the file, in the details
        return lines[0], "Nothing was changed.", exc.problems[0].full() if exc.problems[0].detail else ""
    files = {p.file for p in exc.problems if p.file}
    where = f" in {Path(files.pop()).name}" if len(files) == 1 else ""
    first = exc.problems[0]
    first_text = f"{first.place}: {first.message}" if where and first.place else (
        first.message if where else lines[0])
    return (f"{len(lines)} problems were found{where}. The first: {first_text}",
            "The current model is unchanged. Show Details lists every problem.",
            "\n".join(p.full() for p in exc.problems))


def show_error(parent: QWidget | None, title: str, exc: InputError) -> None:
    """The validator's messages in a dialog (`error_text`)."""
    text, informative, details = error_text(exc)
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    if details:
        box.setDetailedText(details)
    box.setInformativeText(informative)
    box.exec()


def show_note(parent: QWidget | None, title: str, text: str) -> None:
    """A plain information box (an export that worked but left something out)."""
    QMessageBox.information(parent, title, text)


def still_in_window(exc: InputError) -> InputError:
    """A save that failed: the same problems, the last one adding that the work is still in the window."""
    *first, last = exc.problems
    return InputError([*first, Problem(last.file, last.place, f"{last.message}. Your work is still in this window, "
                                       "not saved: use File > Save As to save it somewhere else")])
