"""One option, one colour: the window, the brief and the slides colour option i alike (issue 10 item 9, option
colours consistent across views). The brief drew its sensitivity lines in criterion colours picked by rank,
and the slides in another palette by rank, so an option blue on screen was orange in the memo."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
from reportlab.graphics.shapes import PolyLine

from decision_app.core.compiled import compile_model
from decision_app.core.loading import load_model
from decision_app.palette import CRITERION_COLORS, OPTION_COLORS, option_hex
from decision_app.report.projector import BACKGROUND, CHART_MIN, contrast


def hue(color: str) -> float:
    h = color.replace("0x", "").lstrip("#")
    r, g, b = (int(h[k: k + 2], 16) / 255 for k in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)[0]


def same_hue(a: str, b: str) -> bool:
    d = abs(hue(a) - hue(b))
    return min(d, 1 - d) < 0.02


@pytest.fixture
def model(realistic_path):
    return load_model(realistic_path)


def test_no_option_colour_is_a_criterion_colour():
    assert not {c.upper() for c in OPTION_COLORS} & {c.upper() for c in CRITERION_COLORS}
    assert len(set(OPTION_COLORS)) == len(OPTION_COLORS)


def test_the_window_uses_the_shared_palette(qapp):
    from decision_app.gui.theme import criterion_color, option_style

    assert [option_style(i)[0].name().upper() for i in range(30)] == [option_hex(i).upper() for i in range(30)]
    assert criterion_color(16).name().upper() == CRITERION_COLORS[16].upper()  # the 17th criterion as well


def test_the_brief_draws_each_option_in_its_window_colour(model):
    from decision_app.report.analysis import BriefOptions, analyse
    from decision_app.report.charts import sensitivity_chart

    c = compile_model(model)
    data = analyse(model, "wsm", c.profile_weights(model.profiles[0].id), model.profiles[0].id,
                   BriefOptions(samples=200, seed=1))
    lines = [x for x in sensitivity_chart(data).contents if isinstance(x, PolyLine) and x.strokeWidth == 1.4]
    shown = [int(i) for i in data.result.order[:5]]
    assert len(lines) == len(shown)
    criterion = {h.upper() for h in CRITERION_COLORS}
    for line, i in zip(lines, shown, strict=True):
        ink = "#" + line.strokeColor.hexval()[2:].upper()
        assert same_hue(ink, option_hex(i)), (i, ink, option_hex(i))
        assert ink not in criterion
        assert contrast(ink, "#FFFFFF") >= CHART_MIN  # a thin line on white paper stays visible


def test_the_slides_draw_each_option_in_its_window_colour(model):
    from decision_app.report.slide_content import context_for_model, sensitivity_slide

    c = compile_model(model)
    ctx = context_for_model(model, "wsm", c.profile_weights(model.profiles[0].id), None, None)
    chart = sensitivity_slide(ctx).chart
    named = [s for s in chart.series if s.emphasis]
    assert len(named) >= 3
    for s in named:
        i = list(c.option_labels).index(s.label)
        assert same_hue(s.color, option_hex(i)), (s.label, s.color, option_hex(i))
        assert contrast(s.color, BACKGROUND) >= CHART_MIN
    assert len({s.color for s in named}) == len(named)
    assert np.isfinite([y for s in named for y in s.ys]).all()
