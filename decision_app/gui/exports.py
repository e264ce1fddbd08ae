"""File > Export table, Export model as spreadsheet and Export brief: dialogs around the headless writers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QWidget

from decision_app.core.errors import InputError
from decision_app.core.tables import COMMA_CSV, SEMICOLON_CSV, CsvDialect
from decision_app.gui.messages import show_error, show_note

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState


def csv_dialect(state: AnalysisState) -> CsvDialect:
    """How a .csv export is written: as the session's .csv was read, else as the locale's spreadsheet
    expects (; and decimal commas where the decimal separator is a comma)."""
    if state.csv_dialect is not None:
        return state.csv_dialect
    return SEMICOLON_CSV if QLocale().decimalPoint() == "," else COMMA_CSV


def export_table_dialog(state: AnalysisState, parent: QWidget | None = None) -> Path | None:
    from decision_app.core.tables import write_results_table
    from decision_app.gui.file_names import proposed_path

    start = proposed_path(state.model.title, state.path, ".xlsx", "-results")
    name, chosen = QFileDialog.getSaveFileName(parent, "Export table", str(start),
                                               "Excel workbook (*.xlsx);;CSV (*.csv)")
    if not name:
        return None
    if Path(name).suffix.lower() not in (".xlsx", ".csv"):
        name += ".csv" if "csv" in chosen.lower() else ".xlsx"
    r = state.results
    if r is None:
        return None
    try:
        write_results_table(name, state.model, state.compiled, r.method, r.weights, r.scores, r.ranks, r.low,
                            r.high, state.profile_id, csv_dialect(state))
    except InputError as exc:
        show_error(parent, "Cannot export", exc)
        return None
    state.notify(f"Exported {Path(name).name}")
    return Path(name)


def export_model_dialog(state: AnalysisState, parent: QWidget | None = None) -> Path | None:
    """The model (with the working analysis as its session) as an .xlsx that carries all of it, or a .csv
    that carries the matrix only; for a .csv, a message box says what was left out."""
    from decision_app.core.tables import write_table
    from decision_app.gui.file_names import proposed_path

    start = proposed_path(state.model.title, state.path, ".xlsx")
    name, chosen = QFileDialog.getSaveFileName(parent, "Export model as spreadsheet", str(start),
                                               "Excel workbook, the whole model (*.xlsx);;CSV, the matrix only (*.csv)")
    if not name:
        return None
    if Path(name).suffix.lower() not in (".xlsx", ".csv"):
        name += ".csv" if "csv" in chosen.lower() else ".xlsx"
    try:
        left_out = write_table(state.model_for_save(), name, state.profile_id, csv_dialect(state))
    except InputError as exc:
        show_error(parent, "Cannot export", exc)
        return None
    state.notify(f"Exported {Path(name).name}")
    if left_out:
        show_note(parent, "Exported the matrix only", f"{Path(name).name} holds the matrix only; left out: "
                  f"{', '.join(left_out)}. Export to .xlsx to keep the whole model.")
    return Path(name)


def export_brief_dialog(state: AnalysisState, parent: QWidget | None = None) -> Path | None:
    from decision_app.gui.brief_dialog import BriefDialog

    return BriefDialog.run(state, parent)
