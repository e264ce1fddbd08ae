"""The slide deck as PDF: the presentation's slides as vector pages, one per shown slide, drawn from the
same layout the presentation window paints (`slide_layout`), in the embedded Roboto, with the model's
marking on every page. Text is drawn literally (canvas strings, no markup). Byte-for-byte reproducible for
the same inputs and date (reportlab's invariant mode).

A `--size` of W x H pixels gives a page of W/2 x H/2 points (1920x1080: 960 x 540 pt, a 13.33 x 7.5 inch
16:9 slide).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfgen import canvas as rl_canvas

from decision_app import __version__
from decision_app.core.answer import answer_for
from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.compiled import compile_model, normalize_weights
from decision_app.core.document import AnalysisSpec, run_spec_uncertainty, spec_analysis
from decision_app.core.errors import EngineError
from decision_app.core.methods import Array
from decision_app.core.schema import DecisionModel, SlideChoice
from decision_app.core.snapshot import UncertaintySettings
from decision_app.report import fonts, pdf_info
from decision_app.report.paper import THEMES, on_paper
from decision_app.report.slide_content import SlideContext, SlideSpec, context_for_model, plan, spec_context
from decision_app.report.slide_layout import Box, SlideLayout, Text, layout
from decision_app.report.slide_layout import Path as LayoutPath

DEFAULT_SIZE = (1920, 1080)
__all__ = ["build_deck", "build_deck_spec", "context_for_model", "layouts", "parse_size", "render", "write_deck"]


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080); ValueError with a sentence otherwise."""
    w, sep, h = text.lower().partition("x")
    if not sep or not w.strip().isdigit() or not h.strip().isdigit():
        raise ValueError(f'"{text}" is not a size written WIDTHxHEIGHT, e.g. 1920x1080')
    size = int(w), int(h)
    if not (320 <= size[0] <= 10_000 and 240 <= size[1] <= 10_000):
        raise ValueError(f'"{text}": each side must be between 320 (240 for the height) and 10000 pixels')
    return size


def layouts(ctx: SlideContext, slides: Sequence[SlideSpec], width: float, height: float) -> list[SlideLayout]:
    total = len(slides)
    return [layout(s.build(ctx), width, height, ctx.marking, f"{k + 1} / {total}") for k, s in enumerate(slides)]


def _draw(c: rl_canvas.Canvas, lay: SlideLayout, height: float) -> None:
    for op in lay.ops:
        if isinstance(op, Box):
            if op.fill is not None:
                c.setFillColor(colors.HexColor(op.fill))
            if op.stroke is not None:
                c.setStrokeColor(colors.HexColor(op.stroke))
                c.setLineWidth(op.width)
            c.rect(op.x, height - op.y - op.h, op.w, op.h, stroke=int(op.stroke is not None),
                   fill=int(op.fill is not None))
        elif isinstance(op, LayoutPath):
            c.setStrokeColor(colors.HexColor(op.color))
            c.setLineWidth(op.width)
            c.setLineJoin(1)
            c.setLineCap(1)
            c.setDash(*((3 * op.width, 2 * op.width) if op.dash else ()))
            path = c.beginPath()
            pts = op.points
            path.moveTo(pts[0], height - pts[1])
            for k in range(2, len(pts), 2):
                path.lineTo(pts[k], height - pts[k + 1])
            if op.fill is not None:
                path.close()
                c.setFillColor(colors.HexColor(op.fill))
            c.drawPath(path, stroke=1, fill=int(op.fill is not None))
            c.setDash()
        elif isinstance(op, Text):
            c.setFont("Roboto-Bold" if op.bold else "Roboto", op.size)
            c.setFillColor(colors.HexColor(op.color))
            draw = {"start": c.drawString, "middle": c.drawCentredString, "end": c.drawRightString}[op.anchor]
            draw(op.x, height - op.y, op.text)


def render(ctx: SlideContext, slides: Sequence[SlideSpec], size: tuple[int, int] = DEFAULT_SIZE,
           theme: str = "projector") -> bytes:
    """The deck's PDF bytes: one page per slide; the same inputs give the same bytes. `theme` "paper" is the
    handout (dark on white, `report.paper`). No window state is drawn: the weights slide's chosen criterion is
    the presenter's focus, not part of the deck."""
    if theme not in THEMES:
        raise ValueError(f'unknown theme "{theme}"; choose one of {", ".join(THEMES)}')
    ctx = dataclasses.replace(ctx, selected_criterion=-1)
    fonts.register()
    width, height = size[0] / 2, size[1] / 2
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(width, height), invariant=1, pageCompression=1, **pdf_info.INITIAL_FONT)
    pdf_info.stamp(c, ctx.date)
    c.setTitle(ctx.model.title)
    c.setAuthor(ctx.model.author or "")
    c.setSubject(ctx.marking)
    c.setCreator(f"Decision Desk {__version__}")
    for lay in layouts(ctx, slides, width, height):
        _draw(c, on_paper(lay) if theme == "paper" else lay, height)
        c.showPage()
    c.save()
    return buf.getvalue()


def build_deck(model: DecisionModel, method: str, weights: Array, profile_id: str | None,
               settings: UncertaintySettings, *, size: tuple[int, int] = DEFAULT_SIZE, date: str | None = None,
               choices: Sequence[SlideChoice] | None = None, threads: int = 1,
               reveal: bool = True, theme: str = "projector") -> tuple[bytes, list[str]]:
    """`build_deck_spec` for a method, weights and settings given apart (the rest from the model's session)."""
    spec = AnalysisSpec.from_model(model).replace(method=method, weights=normalize_weights(weights),
                                                  profile=profile_id, uncertainty=settings)
    return build_deck_spec(model, spec, size=size, date=date, choices=choices, threads=threads, reveal=reveal,
                           theme=theme)


def build_deck_spec(model: DecisionModel, spec: AnalysisSpec, *, size: tuple[int, int] = DEFAULT_SIZE,
                    date: str | None = None, choices: Sequence[SlideChoice] | None = None, threads: int = 1,
                    reveal: bool = True, selected_criterion: int = 0,
                    theme: str = "projector") -> tuple[bytes, list[str]]:
    """(PDF bytes, characters the font cannot draw) for `model` analysed as `spec`; the slides are the
    specification's arrangement unless `choices` are given. The deck is a handout, so the group slides show
    their values even during a silent round, unless `reveal` is False (then they show only the round's
    counter, as the window does before R). Its title slide says where each setting came from. `theme` "paper"
    is the handout (`report.paper`)."""
    c = compile_model(model)
    unc = run_spec_uncertainty(c, spec, threads=threads)
    a = spec_analysis(c, spec)
    try:
        answer = answer_for(model, c, a, spec, uncertainty=unc, threads=threads)
    except EngineError:  # the method cannot rank the model: the deck shows the fallback's figures, no verdict
        answer = None
    ctx = spec_context(model, c, a, spec, unc, selected_criterion, date or pdf_info.default_date(), reveal,
                       deck=True, answer=answer)
    slides = plan(choices if choices is not None else spec.slides, ctx)
    pdf = render(ctx, slides, size, theme)
    texts = [op.text for lay in layouts(ctx, slides, 960, 540) for op in lay.ops if isinstance(op, Text)]
    return pdf, fonts.missing_glyphs(texts)


def write_deck(output: str | Path, pdf: bytes) -> None:
    atomic_write_bytes(output, pdf)


def context_with_date(ctx: SlideContext, date: str) -> SlideContext:
    return dataclasses.replace(ctx, date=date)
