"""File > Export slides…: the deck as PDF for the window's current state (weights, method, uncertainty
settings, slide arrangement), drawn by `report.slides` from the same layout the show paints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from decision_app.core.answer import answer_for
from decision_app.core.document import run_spec_uncertainty
from decision_app.core.errors import InputError
from decision_app.gui.file_names import proposed_path
from decision_app.gui.messages import show_error
from decision_app.gui.state import AnalysisState
from decision_app.report.pdf_info import default_date
from decision_app.report.slide_content import plan, spec_context
from decision_app.report.slides import render

PROJECTOR_FILTER = "PDF for the projector, light on black (*.pdf)"
PAPER_FILTER = "PDF handout on paper, dark on white (*.pdf)"


def deck_bytes(state: AnalysisState, size: tuple[int, int] = (1920, 1080), date: str | None = None,
               theme: str = "projector") -> bytes:
    """The deck of the document as it is: its uncertainty result when it is current, else a run of the same
    specification (as the brief and `decision-app slides` do); the title slide says where the settings came from."""
    res = state.results
    assert res is not None
    current = res.uncertainty_is_current() and res.uncertainty is not None and \
        res.uncertainty.settings == state.smaa_settings
    unc = res.uncertainty if current else run_spec_uncertainty(state.compiled, state.spec, method=res.method)
    answer = state.answer if current and state.answer_is_current() else None
    if answer is not None and not answer.complete:  # the window's list is still being made: make it here
        answer = None
    if answer is None and res.unavailable is None:  # the same function as the deck of `decision-app slides`
        answer = answer_for(state.model, state.compiled, state.analysis, state.spec, uncertainty=unc)
    ctx = spec_context(state.model, state.compiled, state.analysis, state.spec, unc, state.selected_criterion,
                       date or default_date(), deck=True, answer=answer)
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
