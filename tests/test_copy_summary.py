"""Edit > Copy summary: the memo's bottom line for the window's current state on the clipboard, as HTML and plain
text, in the memo's own words."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication, QTextDocument

from decision_app.core.loading import model_from_dict
from decision_app.report.analysis import BriefOptions, analyse, bottom_line
from decision_app.report.summary import summary_html, summary_text


@pytest.fixture(autouse=True)
def _clipboard_emptied():
    """Empty the clipboard after each test: Qt's offscreen platform crashes at exit while it holds MIME data
    (the real platforms do not; xcb under Xvfb checked)."""
    yield
    QGuiApplication.clipboard().clear()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def memo_bottom_line(state) -> str:
    """Page 1 of the memo Export brief writes for the state, from "Bottom line" up to the Ranking heading."""
    from decision_app.gui.brief_dialog import brief_for_state

    pdf, _missing = brief_for_state(state, BriefOptions(date="2026-11-22"))
    page = _norm(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    return page[page.index("Bottom line"):page.index("Ranking Rank")].strip()


def test_copy_summary_puts_the_memos_bottom_line_on_the_clipboard(window, qtbot):
    state = window.state
    window.weights.rows[1][1].setValue(30.0)  # the window's own weights and method, not the file's
    state.set_method("topsis")
    QGuiApplication.clipboard().clear()
    window.act_copy_summary.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasText() and mime.hasHtml()
    plain = mime.text()
    first, *rest = plain.splitlines()
    assert first == f"Bottom line: {state.model.title}"
    assert _norm(" ".join(["Bottom line", *rest])) == memo_bottom_line(state)
    assert "topsis method" in plain.lower() and "custom weights" in plain  # the current state's, not the saved file's
    doc = QTextDocument()
    doc.setHtml(mime.html())
    assert _norm(doc.toPlainText()) == _norm(plain.replace("\u2022", ""))  # the formatted text says the same
    assert mime.html().count("<li>") == len(rest) - 1  # one point per bullet, then the note on the scores


def test_a_changed_weight_changes_the_copied_summary(window):
    window.act_copy_summary.trigger()
    before = QGuiApplication.clipboard().text()
    window.state.set_method("vikor")
    window.act_copy_summary.trigger()
    after = QGuiApplication.clipboard().text()
    assert before != after and "vikor method" in after.lower()


def test_model_text_pastes_literally_in_the_html(small_dict):
    for o in small_dict["options"]:
        o["name"] = f"<b>{o['name']}</b> & co"
    model = model_from_dict(small_dict)
    weights = [1.0] * len(model.criteria)
    d = analyse(model, "wsm", weights, None, BriefOptions(samples=200))
    html = summary_html(d)
    assert "<b>" not in html.replace("<b>Bottom line:</b>", "")
    assert "&lt;b&gt;" in html and "&amp; co" in html
    doc = QTextDocument()
    doc.setHtml(html)
    assert all(_norm(p) in _norm(doc.toPlainText()) for p in bottom_line(d))
    assert all(p in summary_text(d) for p in bottom_line(d))


def test_no_summary_while_the_views_are_hidden_for_a_participant(window):
    """Pass the laptop hides the analysis from the participant entering weights: the summary would show it."""
    window.workshop.set_covered(True)
    try:
        assert not window.act_copy_summary.isEnabled()
    finally:
        window.workshop.set_covered(False)
    assert window.act_copy_summary.isEnabled()
