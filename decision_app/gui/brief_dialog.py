"""File > Export brief…: asks for the memo's title, author, addressee, marking, date, an analyst's
comment and whether participants are named (codes only by default), then writes the same memo the CLI would for this state.

The author and addressee are the officer's own details and follow them from model to model. The title,
marking and comment describe one model: they start from the model (its title and classification) and what
was typed for that model file is remembered for it alone, never offered for another model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.errors import InputError
from decision_app.gui.file_names import proposed_path
from decision_app.gui.messages import show_error
from decision_app.gui.number_boxes import WholeBox, say_near
from decision_app.gui.settings import BRIEF_PERSON_FIELDS, brief_key, model_brief_key, read_str, settings

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState
    from decision_app.report.analysis import BriefOptions

FIELDS = ("title", "author", "addressee", "marking")
COMMENT = "comment"


def model_key(state: AnalysisState) -> str:
    """What names the current model for its remembered brief fields: its file, else (unsaved) its title."""
    return str(Path(state.path).resolve()) if state.path else f"unsaved:{state.model.title}"


def field_key(state: AnalysisState, field: str) -> str:
    return brief_key(field) if field in BRIEF_PERSON_FIELDS else model_brief_key(model_key(state), field)


def brief_for_state(state: AnalysisState, opts: BriefOptions) -> tuple[bytes, list[str]]:
    """The memo of the document as it is: its model and analysis specification (what `decision-app brief`
    gives for the saved file, by the same function)."""
    from decision_app.report.brief import build_brief_spec

    return build_brief_spec(state.model_for_save(), state.spec, opts)


class BriefDialog(QDialog):
    def __init__(self, state: AnalysisState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export brief")
        self.state = state
        model = self.state.model
        defaults = {"title": model.title, "author": model.author, "addressee": "", "marking": model.classification}
        self.defaults = defaults
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key in FIELDS:
            e = QLineEdit(read_str(field_key(state, key)) or defaults[key])
            e.setCursorPosition(0)  # a long title shows its start, not its last words
            e.setMinimumWidth(e.fontMetrics().averageCharWidth() * 60)
            e.setAccessibleName(f"Brief {key}")
            form.addRow(key.capitalize(), e)
            self.edits[key] = e
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form.addRow("Date", self.date)
        self.top = WholeBox("Options in detail")
        self.top.setRange(1, max(1, self.state.compiled.m))
        self.top.setValue(min(3, self.state.compiled.m))
        self.top.setAccessibleName("Options in detail")
        form.addRow("Options in detail", self.top)
        self.notice = QLabel()  # a number typed and refused, in words (empty until then)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.top.refused.connect(lambda message: say_near(self.top, message, self.notice.setText))
        self.top.valueChanged.connect(lambda _v: self.notice.clear())
        form.addRow(self.notice)
        self.comment = QPlainTextEdit(read_str(field_key(state, COMMENT)))
        self.comment.setAccessibleName("Analyst's comment")
        form.addRow("Analyst's comment", self.comment)
        self.participant_names = QCheckBox("Print participants' names beside their codes")
        self.participant_names.setEnabled(bool(model.participants))  # the group section shows codes only otherwise
        form.addRow("Participants", self.participant_names)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> BriefOptions:
        from decision_app.report.analysis import BriefOptions

        return BriefOptions(title=self.edits["title"].text() or None, author=self.edits["author"].text(),
                            addressee=self.edits["addressee"].text(), marking=self.edits["marking"].text(),
                            date=self.date.date().toString("yyyy-MM-dd"), top=self.top.value(),
                            comment=self.comment.toPlainText().strip(),
                            participant_names=self.participant_names.isChecked())

    def remember(self) -> None:
        s = settings()
        typed = {key: e.text() for key, e in self.edits.items()} | {COMMENT: self.comment.toPlainText()}
        for key, text in typed.items():
            if key not in BRIEF_PERSON_FIELDS and text == self.defaults.get(key, ""):
                s.remove(field_key(self.state, key))  # as the model says: follow the model if it changes
            else:
                s.setValue(field_key(self.state, key), text)

    @classmethod
    def run(cls, state: AnalysisState, parent: QWidget | None = None) -> Path | None:
        dlg = cls(state, parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        dlg.remember()
        start = proposed_path(state.model.title, state.path, ".pdf", f"-brief-{dt.date.today().isoformat()}")
        name, _ = QFileDialog.getSaveFileName(parent, "Save the brief", str(start), "PDF (*.pdf)")
        if not name:
            return None
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        try:
            pdf, missing = brief_for_state(state, dlg.options())
            atomic_write_bytes(name, pdf)
        except InputError as exc:
            show_error(parent, "Cannot write the brief", exc)
            return None
        note = f" (no glyph for: {' '.join(missing)})" if missing else ""
        state.notify(f"Brief written to {Path(name).name}{note}")
        return Path(name)
