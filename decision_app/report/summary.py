"""The memo's bottom line as text to paste into an email or a memo template (Edit > Copy summary): plain text,
and the same as HTML. Its words are the memo's own (`analysis.bottom_line`, `analysis.scores_caveat`), never a
second wording; model text is escaped in the HTML, so it pastes literally."""

from __future__ import annotations

from html import escape

from decision_app.report.analysis import BriefData, bottom_line, scores_caveat

HEADING = "Bottom line"


def summary_text(d: BriefData) -> str:
    """Plain text: a heading naming the model, one bulleted line per point, the note on the scores."""
    lines = [f"{HEADING}: {d.model.title}", *(f"\u2022 {point}" for point in bottom_line(d)),
             f"About the scores: {scores_caveat(d)}"]
    return "\n".join(lines) + "\n"


def summary_html(d: BriefData) -> str:
    """The same as formatted text: a bold heading, a bulleted list, the note on the scores in italics."""
    items = "".join(f"<li>{escape(point)}</li>" for point in bottom_line(d))
    return (f"<p><b>{HEADING}:</b> {escape(d.model.title)}</p><ul>{items}</ul>"
            f"<p><i>About the scores:</i> {escape(scores_caveat(d))}</p>")
