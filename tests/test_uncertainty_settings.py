"""One set of uncertainty settings (issue 10, item 1): the Uncertainty view, the brief exported from the window
and the CLI draw SMAA with the same samples, seed, weight spread and score mode, kept in the analysis state and
saved in the model's session (schema_version 2)."""

from __future__ import annotations

import io
import re

import numpy as np
from pypdf import PdfReader

from decision_app.report import brief as brief_module


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_brief_from_the_window_prints_the_acceptability_the_view_shows(window, monkeypatch):
    from decision_app.gui.brief_dialog import brief_for_state
    from decision_app.report.analysis import BriefOptions

    state = window.state
    assert state.wait_for_smaa()
    shown = state.smaa
    assert shown is not None
    np.testing.assert_array_equal(window.uncertainty.bars.width, shown.acceptability)  # what the view draws
    built = []
    render = brief_module.render
    monkeypatch.setattr(brief_module, "render", lambda d: built.append(d) or render(d))
    pdf, _ = brief_for_state(state, BriefOptions(date="2026-11-22"))
    (d,) = built
    np.testing.assert_array_equal(d.uncertainty.acceptability, shown.acceptability)
    assert (d.uncertainty.samples, d.uncertainty.seed) == (shown.samples, shown.seed)
    lead = state.results.leader()
    name = state.compiled.option_names[lead]
    assert f"{name} ranks first in {shown.acceptability[lead, 0]:.0%} of cases" in pdf_text(pdf)
