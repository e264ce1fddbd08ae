"""Printable weighting forms: one A4 page per participant code, for a workshop on paper.

Each page carries the model's marking, the participant's code and round, the instruction, and every
criterion with its definition, what its scale's anchors mean, and an empty box for 0-100 points; then room
for a comment. The page's content shrinks to fit (one page, whatever the number of criteria). Text prints
literally in embedded Roboto; with `invariant` reportlab mode the same inputs give the same bytes. What
is filled in is typed into the form's workbook twin (`core.intake.form_workbook_bytes`) or any points
table, and read by `decision-app participants import`. With a level of the value tree (`--level`) the rows
are the objectives there (and any criterion standing on its own), each saying which criteria it holds and how
its points split over them (`core.form_items`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from decision_app import __version__
from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.form_items import FORM_INSTRUCTION, FORM_INSTRUCTION_BRANCHES, FormItem, form_items
from decision_app.core.schema import DecisionModel
from decision_app.report import fonts, pdf_info

MARGIN = 16 * mm
PAGE_W, PAGE_H = A4


def _t(text: object) -> str:
    return escape(str(text))


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName="Roboto", fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName="Roboto-Bold", fontSize=16, leading=20),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10.5, leading=14, textColor=colors.HexColor("#333333")),
        "name": ParagraphStyle("name", parent=base, fontName="Roboto-Bold", fontSize=10, leading=12.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#222222")),
        "head": ParagraphStyle("head", parent=base, fontName="Roboto-Bold", fontSize=8.5, leading=10.5),
        "box": ParagraphStyle("box", parent=base, fontName="Roboto-Bold", fontSize=15, leading=18),
    }


# a table starts each cell in its own font (Helvetica, not embedded) even when the cell is empty or a Paragraph
ROBOTO_CELLS = ("FONTNAME", (0, 0), (-1, -1), "Roboto")


def _page(model: DecisionModel, items: Sequence[FormItem], code: str, round_no: int, s: dict[str, ParagraphStyle],
          by_branch: bool) -> list[object]:
    width = PAGE_W - 2 * MARGIN
    who = Table([[Paragraph("Participant code", s["head"]), Paragraph(_t(code), s["box"]),
                  Paragraph("Round", s["head"]), Paragraph(str(round_no), s["box"]),
                  Paragraph("Date", s["head"]), ""]],
                colWidths=[30 * mm, 24 * mm, 16 * mm, 16 * mm, 14 * mm, width - 100 * mm], rowHeights=[11 * mm])
    who.setStyle(TableStyle([ROBOTO_CELLS, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (1, 0), (1, 0), 1, colors.black),
                             ("BOX", (3, 0), (3, 0), 1, colors.black), ("LINEBELOW", (5, 0), (5, 0), 0.6, colors.black),
                             ("ALIGN", (1, 0), (1, 0), "CENTER"), ("ALIGN", (3, 0), (3, 0), "CENTER")]))
    rows: list[list[object]] = [[Paragraph("Objective or criterion" if by_branch else "Criterion", s["head"]),
                                 Paragraph("What it holds, how its points split" if by_branch else
                                           "What its scale means", s["head"]),
                                 Paragraph("Points (0–100)", s["head"])]]
    for it in items:
        left = [Paragraph(_t(it.name), s["name"])]
        if it.note:
            left.append(Paragraph(_t(it.note), s["small"]))
        right = [Paragraph(_t(line), s["small"]) for line in it.lines if line]
        rows.append([left, right, ""])
    points_w = 30 * mm
    crit = Table(rows, colWidths=[(width - points_w) * 0.48, (width - points_w) * 0.52, points_w], repeatRows=0)
    style = [ROBOTO_CELLS, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    for r in range(1, len(rows)):
        style += [("LINEBELOW", (0, r), (1, r), 0.3, colors.HexColor("#999999")),
                  ("BOX", (2, r), (2, r), 1.2, colors.black)]
    crit.setStyle(TableStyle(style))
    comment = Table([[Paragraph("Comments (optional; recorded as your note)", s["head"])], [""]],
                    colWidths=[width], rowHeights=[6 * mm, 26 * mm])
    comment.setStyle(TableStyle([ROBOTO_CELLS, ("BOX", (0, 1), (0, 1), 0.8, colors.black)]))
    return [
        Paragraph("Weighting form", s["title"]),
        Paragraph(_t(model.title), s["sub"]),
        Spacer(1, 3 * mm), who, Spacer(1, 3 * mm),
        Paragraph(_t(FORM_INSTRUCTION_BRANCHES if by_branch else FORM_INSTRUCTION), s["body"]),
        Spacer(1, 3 * mm), crit, Spacer(1, 4 * mm), comment,
    ]


def render_forms(model: DecisionModel, codes: Sequence[str], rounds: Sequence[int], level: int | None = None) -> bytes:
    """The PDF: one page per code, in order; `rounds` gives each page's round; `level`: points per objective at
    that level of the value tree instead of per criterion."""
    s = _styles()
    items = form_items(model, level)
    buf = io.BytesIO()
    cv = rl_canvas.Canvas(buf, pagesize=A4, invariant=1, **pdf_info.INITIAL_FONT)
    cv.setTitle(f"Weighting forms: {model.title}")
    cv.setCreator(f"Decision Desk {__version__}")
    marking = model.classification
    for code, rnd in zip(codes, rounds, strict=True):
        cv.setFont("Roboto-Bold", 8.5)
        cv.drawCentredString(PAGE_W / 2, PAGE_H - 9 * mm, marking)
        cv.drawCentredString(PAGE_W / 2, 7 * mm, marking)
        cv.setFont("Roboto", 7.5)
        cv.drawString(MARGIN, 12 * mm, f"Decision Desk {__version__} · form for {code}, round {rnd}")
        frame = Frame(MARGIN, 16 * mm, PAGE_W - 2 * MARGIN, PAGE_H - 30 * mm, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, showBoundary=0)
        frame.addFromList([KeepInFrame(PAGE_W - 2 * MARGIN, PAGE_H - 30 * mm, _page(model, items, code, rnd, s, level is not None),
                                       mode="shrink")], cv)
        cv.showPage()
    cv.save()
    return buf.getvalue()


def form_texts(model: DecisionModel, level: int | None = None) -> list[str]:
    """The model text a form prints (to check the font can draw it)."""
    return [model.title, model.classification, *(t for it in form_items(model, level)
                                                 for t in (it.name, it.note, *it.lines))]


def write_forms(model: DecisionModel, codes: Sequence[str], rounds: Sequence[int], output: str | Path,
                level: int | None = None) -> list[str]:
    """Write the PDF atomically; returns the characters the font cannot draw (printed as missing boxes)."""
    atomic_write_bytes(output, render_forms(model, codes, rounds, level))
    return fonts.missing_glyphs(form_texts(model, level))
