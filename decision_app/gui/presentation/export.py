"""File > Export slides…: the deck as PDF for the window's current state (weights, method, uncertainty
settings, slide arrangement), drawn by `report.slides` from the same layout the show paints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from decision_app.core.errors import InputError
from decision_app.core.snapshot import run_uncertainty
from decision_app.gui.file_names import proposed_path
from decision_app.gui.messages import show_error
from decision_app.gui.state import AnalysisState
from decision_app.report.pdf_info import default_date
from decision_app.report.slide_content import plan, slide_context
from decision_app.report.slides import render

PROJECTOR_FILTER = "PDF for the projector, light on black (*.pdf)"
PAPER_FILTER = "PDF handout on paper, dark on white (*.pdf)"


def deck_bytes(state: AnalysisState, size: tuple[int, int] = (1920, 1080), date: str | None = None,
               theme: str = "projector") -> bytes:
    """The deck of the state as it is: its uncertainty result when it is current, else a run with its
    settings (as the brief does)."""
    res = state.results
    assert res is not None
    unc = res.uncertainty if res.uncertainty_is_current() else run_uncertainty(
        state.compiled, res.method, state.weights, state.smaa_settings)
    ctx = slide_context(state.model, state.compiled, state.analysis, state.method, state.weights, state.profile_id,
                        unc, state.selected_criterion, date or default_date())
    return render(ctx, plan(state.slides, ctx), size, theme)


def export_slides_dialog(state: AnalysisState, parent: QWidget) -> Path | None:
    start = proposed_path(state.model.title, state.path, ".pdf", " slides")
    name, chosen = QFileDialog.getSaveFileName(parent, "Export slides", str(start),
                                               f"{PROJECTOR_FILTER};;{PAPER_FILTER}")
    if not name:
        return None
    theme = "paper" if chosen == PAPER_FILTER else "projector"
    path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
    try:
        from decision_app.core.atomic import atomic_write_bytes

        atomic_write_bytes(path, deck_bytes(state, theme=theme))
    except OSError as exc:
        show_error(parent, "Cannot export the slides", InputError(f"cannot write the file: {exc}", str(path)))
        return None
    state.notify(f"Slides written to {path.name}")
    return path
