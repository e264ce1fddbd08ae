"""Edit > Copy summary: the memo's bottom line for the window's current state (model, weights, method,
uncertainty settings) on the clipboard, as formatted text (HTML) and plain text, for an email or a memo
template. The figures and words are those Export brief would print on page 1 (`report.summary`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from decision_app.report.analysis import BriefData, BriefOptions, analyse
from decision_app.report.summary import summary_html, summary_text

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState


def summary_data(state: AnalysisState) -> BriefData:
    """What the memo would say for the window as it is (as `brief_dialog.brief_for_state` computes it)."""
    opts = BriefOptions(uncertainty=state.smaa_settings)
    return analyse(state.model_for_save(), state.method, state.weights, state.profile_id, opts)


def copy_summary(state: AnalysisState) -> None:
    """Put the bottom line on the clipboard, as plain text and as HTML (the clipboard owns the data)."""
    d = summary_data(state)
    mime = QMimeData()
    mime.setText(summary_text(d))
    mime.setHtml(summary_html(d))
    QGuiApplication.clipboard().setMimeData(mime)
    state.notify("Copied the bottom line: paste it into an email or a memo")
