"""Issue 22, item 8: handouts on paper. `slides --theme paper` and File > Export slides… give a deck in dark
text on white with the memo's print palette; no window state (the weights slide's focus box) is drawn into any
PDF; every slide draws option i in option i's colour, never a criterion's."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.loading import load_model
from decision_app.core.snapshot import UncertaintySettings
from decision_app.report import paper
from decision_app.report import projector as pj
from decision_app.report.slide_content import context_for_model, plan
from decision_app.report.slide_layout import Box
from decision_app.report.slides import layouts, render

SETTINGS = UncertaintySettings(samples=500)


def _fills(pdf: bytes) -> list[str]:
    """Every fill colour set on every page (reportlab writes 'r g b rg')."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data):
            out.append("#" + "".join(f"{round(float(x) * 255):02X}" for x in (r, g, b)))
    return out


def _ctx(realistic_path, selected: int = 3):
    import dataclasses

    model = load_model(realistic_path)
    c = compile_model(model)
    ctx = context_for_model(model, "wsm", c.profile_weights(model.profiles[0].id), model.profiles[0].id, None)
    return dataclasses.replace(ctx, selected_criterion=selected)


def test_the_paper_deck_is_dark_on_white(realistic_path):
    ctx = _ctx(realistic_path)
    pdf = render(ctx, plan(None, ctx), theme="paper")
    fills = _fills(pdf)
    assert fills[0] == "#FFFFFF"  # each page's background: paper
    texts = [f for f in fills if f in (pj.TEXT, "#111111")]
    assert "#111111" in texts and pj.BACKGROUND.upper() not in fills
    projector = _fills(render(ctx, plan(None, ctx)))
    assert projector[0] == pj.BACKGROUND and "#111111" not in projector


def test_every_paper_colour_reaches_its_contrast_on_white():
    for src, dst in paper.PAPER_COLORS.items():
        if dst == paper.PAPER:
            continue
        need = pj.TEXT_MIN if src in (pj.TEXT, pj.MUTED, pj.MARKING) else pj.CHART_MIN
        assert pj.contrast(dst, paper.PAPER) >= need, (src, dst)


@pytest.mark.parametrize("theme", ["projector", "paper"])
def test_no_focus_box_is_drawn_into_a_pdf(realistic_path, theme):
    """The weights slide's chosen criterion (the presenter's focus, yellow) never reaches the deck."""
    ctx = _ctx(realistic_path, selected=3)
    lays = layouts(ctx, plan(None, ctx), 960, 540)
    assert any(isinstance(op, Box) and op.stroke == pj.SELECT for lay in lays for op in lay.ops)  # on screen
    pdf = render(ctx, plan(None, ctx), theme=theme)
    data = b"".join(p.get_contents().get_data() for p in PdfReader(io.BytesIO(pdf)).pages).decode("latin-1")
    select = [round(int(pj.SELECT[k: k + 2], 16) / 255, 3) for k in (1, 3, 5)]
    strokes = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) RG", data)
    assert not any(all(abs(float(a) - b) < 0.01 for a, b in zip(s, select, strict=True)) for s in strokes)


def test_every_slide_draws_option_i_in_option_is_colour(realistic_path):
    ctx = _ctx(realistic_path)
    by_key = {s.key: s.build(ctx) for s in plan(None, ctx)}
    c = ctx.compiled
    option_of = {c.option_labels[i]: pj.option_color(i) for i in range(c.m)}
    for key in ("ranking",):
        for row in by_key[key].chart.rows:
            label = row.label.split(". ", 1)[1]
            assert row.segments[0][1] == option_of[label], (key, label)
            assert row.segments[0][1] not in pj.PALETTE  # never a criterion's colour
    sens = by_key["sensitivity"].chart
    for series in sens.series:
        if series.emphasis:
            assert series.color == option_of[series.label]


def test_slides_theme_paper_on_the_command_line(tmp_path, realistic_path):
    out = tmp_path / "handout.pdf"
    assert main(["slides", str(realistic_path), "-o", str(out), "--theme", "paper", "--samples", "500"]) == 0
    assert _fills(out.read_bytes())[0] == "#FFFFFF"


def test_export_slides_offers_the_paper_theme(window, tmp_path, monkeypatch):
    from decision_app.gui.presentation.export import PAPER_FILTER, export_slides_dialog

    target = tmp_path / "handout.pdf"
    offered = []

    def ask(parent, caption, start, filters, *a, **k):
        offered.append(filters)
        return str(target), PAPER_FILTER

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert export_slides_dialog(window.state, window) == target
    assert PAPER_FILTER in offered[0] and _fills(target.read_bytes())[0] == "#FFFFFF"
