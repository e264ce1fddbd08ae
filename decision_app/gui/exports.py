"""File > Export table and File > Export brief: dialogs around the headless writers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from decision_app.core.errors import InputError
from decision_app.gui.messages import show_error


def export_table_dialog(state, parent: QWidget | None = None) -> Path | None:
    from decision_app.core.tables import write_results_table

    name, chosen = QFileDialog.getSaveFileName(parent, "Export table", "decision-desk-results.xlsx",
                                               "Excel workbook (*.xlsx);;CSV (*.csv)")
    if not name:
        return None
    if Path(name).suffix.lower() not in (".xlsx", ".csv"):
        name += ".csv" if "csv" in chosen.lower() else ".xlsx"
    r = state.results
    try:
        write_results_table(name, state.model, state.compiled, r.method, r.weights, r.scores, r.ranks, r.low,
                            r.high, state.profile_id)
    except InputError as exc:
        show_error(parent, "Cannot export", exc)
        return None
    state.notify(f"Exported {Path(name).name}")
    return Path(name)


def export_brief_dialog(state, parent: QWidget | None = None) -> Path | None:
    from decision_app.gui.brief_dialog import BriefDialog

    return BriefDialog.run(state, parent)
