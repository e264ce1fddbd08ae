"""The slide deck PDF: one page per shown slide, 16:9, the marking on every page, literal text, reproducible
with --date, and the same words as the window's slides (one description for both)."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.loading import load_model
from decision_app.core.snapshot import UncertaintySettings
from decision_app.report.slide_content import SLIDES, context_for_model, plan
from decision_app.report.slide_layout import Text, layout
from decision_app.report.slides import build_deck, parse_size

FAST = ["--samples", "2000"]


def test_deck_pages_size_and_marking(tmp_path, realistic_path, capsys):
    out = tmp_path / "deck.pdf"
    assert main(["slides", str(realistic_path), "-o", str(out), "--date", "2026-03-01", *FAST]) == 0
    reader = PdfReader(out)
    model = load_model(realistic_path)
    assert not model.participants  # no group slides: every other slide is visible for the default model
    assert len(reader.pages) == len([s for s in SLIDES if not s.key.startswith("group-")])
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert w / h == pytest.approx(16 / 9)
        assert page.extract_text().count(model.classification) == 2  # top and bottom
    text = reader.pages[0].extract_text()
    assert "2026-03-01" in text and model.title.split(":")[0].split()[0] in text


def test_reproducible_with_date_and_size_option(tmp_path, realistic_path):
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    for p in (a, b):
        assert main(["slides", str(realistic_path), "-o", str(p), "--date", "2026-03-01", *FAST]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert main(["slides", str(realistic_path), "-o", str(c), "--date", "2026-03-01", "--size", "1024x768",
                 "--method", "topsis", *FAST]) == 0
    page = PdfReader(c).pages[0]
    assert float(page.mediabox.width) / float(page.mediabox.height) == pytest.approx(4 / 3)


def test_bad_size_and_hidden_slides(tmp_path, default_dict, capsys):
    from conftest import write_json

    default_dict["session"] = {"method": "wsm", "profile": default_dict["profiles"][0]["id"],
                               "slides": [{"key": "ranking"}, {"key": "title", "hidden": True},
                                          {"key": "not-a-slide-yet"}]}
    src = write_json(tmp_path, default_dict)
    out = tmp_path / "d.pdf"
    assert main(["slides", str(src), "-o", str(out), "--size", "big", *FAST]) == 2
    assert "--size" in capsys.readouterr().err
    assert main(["slides", str(src), "-o", str(out), "--date", "2026-03-01", *FAST]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == len([s for s in SLIDES if not s.key.startswith("group-")]) - 1
    first = reader.pages[0].extract_text()
    assert "Too close to call: 12 options can come first" in first and "1. Ceasefire, no freeze" in first


def test_markup_prints_literally(default_dict, tmp_path):
    default_dict["options"][0]["name"] = "<b>Bold</b> & <i>co</i>"
    model = load_model(__import__("conftest").write_json(tmp_path, default_dict))
    c = compile_model(model)
    pdf, missing = build_deck(model, "wsm", c.profile_weights(model.profiles[0].id), model.profiles[0].id,
                              UncertaintySettings(samples=1000), date="2026-03-01")
    assert not missing
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "<b>Bold</b> & <i>co</i>" in text


def test_window_and_pdf_share_one_description(realistic_path):
    """The deck's words are the layout's words: the same content laid out at two sizes says the same."""
    model = load_model(realistic_path)
    c = compile_model(model)
    ctx = context_for_model(model, "wsm", c.profile_weights(model.profiles[0].id), None, None)
    for spec in plan(None, ctx):
        content = spec.build(ctx)
        small = " ".join(op.text for op in layout(content, 1024, 768).ops if isinstance(op, Text)).split()
        large = " ".join(op.text for op in layout(content, 960, 540).ops if isinstance(op, Text)).split()
        assert small == large, spec.key


def test_parse_size():
    assert parse_size("1920x1080") == (1920, 1080)
    with pytest.raises(ValueError):
        parse_size("10x10")
    assert json.dumps(parse_size("1024X768")) == "[1024, 768]"


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080)])
def test_no_text_runs_into_the_bottom_marking_and_no_minus_zero(realistic_path, size):
    """At 1024x768 and 1280x720 the title slide's description ran over the bottom marking (its lead-in space
    was not counted when the text was fitted); the sensitivity axis read "-0.00"."""
    from decision_app.report.slide_layout import ASCENT, LEADING, MIN_TEXT

    model = load_model(realistic_path)
    c = compile_model(model)
    ctx = context_for_model(model, "wsm", c.profile_weights(model.profiles[0].id), None, None)
    w, h = size
    marking = model.classification
    band_top = h - 0.012 * h - LEADING * MIN_TEXT * h  # where the bottom marking's line starts
    for spec in plan(None, ctx):
        slide = layout(spec.build(ctx), w, h, marking, "1 / 9")
        texts = [op for op in slide.ops if isinstance(op, Text)]
        body = [t for t in texts if t.text not in (marking, "1 / 9")]
        assert all(t.y + (LEADING - ASCENT) * t.size <= band_top + 0.5 for t in body), spec.key
        assert not any(re.fullmatch(r"-0(\.0+)?", t.text.strip()) for t in texts), spec.key
        assert not slide.overflow, spec.key


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080)])
def test_the_tipping_label_stands_by_its_marker(realistic_path, size):
    """On the sensitivity slide "tipping point 0.06" sat at the bottom of the chart against the 0.00 tick,
    far from the diamond it names."""
    from decision_app.report.slide_content import sensitivity_slide
    from decision_app.report.slide_layout import Path

    model = load_model(realistic_path)
    c = compile_model(model)
    ctx = context_for_model(model, "wsm", c.profile_weights(model.profiles[0].id), None, None)
    content = sensitivity_slide(ctx)
    assert content.chart.tip is not None
    slide = layout(content, *size)
    label = next(op for op in slide.ops if isinstance(op, Text) and op.text == content.chart.tip[2])
    diamond = next(op for op in slide.ops if isinstance(op, Path) and op.fill is not None and len(op.points) == 8)
    dx, dy = diamond.points[0], (diamond.points[1] + diamond.points[5]) / 2
    assert abs(label.y - dy) <= 2.0 * label.size  # beside it, up or down
    span = (label.x, label.x + len(label.text) * label.size) if label.anchor == "start" else \
        (label.x - len(label.text) * label.size, label.x)
    assert span[0] - label.size <= dx <= span[1] + label.size
