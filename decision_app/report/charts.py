"""Vector charts for the brief, drawn with reportlab's graphics (not screenshots): the ranking stacked by
contribution, the decisive criterion's sensitivity with its tipping point, rank acceptability, and the
participants' weights per criterion. They draw figures read from `BriefData`; they compute none."""

from __future__ import annotations

from typing import Any

import numpy as np
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from decision_app.core.methods import METHODS
from decision_app.core.verdict import first_words
from decision_app.palette import CRITERION_COLORS, criterion_hex, option_hex
from decision_app.report.analysis import BriefData
from decision_app.report.projector import CHART_MIN, readable

PAPER = "#FFFFFF"
FONT, BOLD = "Roboto", "Roboto-Bold"
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#BBBBBB")


def crit_color(j: int) -> Any:
    """Criterion j's colour, as in the window."""
    return colors.HexColor(criterion_hex(j))


def option_ink(i: int) -> Any:
    """Option i's colour, as in the window, darkened where a thin line on white paper needs it (same hue)."""
    return colors.HexColor(readable(option_hex(i), CHART_MIN, PAPER))


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose initial font is Roboto: reportlab starts each in Helvetica, which it does not embed."""
    d = Drawing(width, height)
    d.initialFontName = FONT
    return d


def _elide(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    span = hi - lo or 1.0
    raw = span / count
    mag = 10 ** np.floor(np.log10(raw))
    step = min((s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw), default=raw)
    start = np.ceil(lo / step) * step
    return [float(x) + 0.0 for x in np.arange(start, hi + step * 0.001, step)]  # + 0.0: no "-0.00" tick


def _x_axis(d: Any, x0: float, x1: float, y: float, lo: float, hi: float, label: str) -> None:
    d.add(Line(x0, y, x1, y, strokeColor=GREY, strokeWidth=0.6))
    for t in _ticks(lo, hi):
        x = x0 + (t - lo) / (hi - lo) * (x1 - x0)
        d.add(Line(x, y, x, y - 3, strokeColor=GREY, strokeWidth=0.6))
        d.add(String(x, y - 11, f"{t:g}", fontName=FONT, fontSize=7, textAnchor="middle", fillColor=GREY))
    d.add(String((x0 + x1) / 2, y - 22, label, fontName=FONT, fontSize=7.5, textAnchor="middle", fillColor=GREY))


def ranking_chart(data: BriefData, width: float = 470) -> Drawing:
    c, r = data.compiled, data.result
    rows = min(c.m, 20)
    order = r.order[:rows]
    row_h = 15
    legend_rows = int(np.ceil(c.n / 3)) if data.contributions is not None else 0
    height = rows * row_h + 40 + legend_rows * 11
    d = _drawing(width, height)
    label_w = 180
    x0, x1 = label_w, width - 40
    top = height - 6
    scores = r.scores
    lo_vals = data.low if data.low is not None else scores
    hi_vals = data.high if data.high is not None else scores
    lo = min(0.0, float(np.min(lo_vals)))
    if data.contributions is not None:
        lo = min(lo, float(np.clip(data.contributions, None, 0).sum(axis=1).min()))
    hi = max(float(np.max(hi_vals)), 1e-9)
    span = hi - lo

    def to_x(v: float) -> float:
        return x0 + (v - lo) / span * (x1 - x0)

    for k, i in enumerate(order):
        y = top - (k + 1) * row_h
        d.add(String(label_w - 4, y + 3, _elide(f"{r.ranks[i]}. {c.option_labels[i]}", 38), fontName=FONT,
                     fontSize=7.5, textAnchor="end"))
        if data.contributions is not None:
            pos_left = neg_left = 0.0
            for j in range(c.n):
                v = float(data.contributions[i, j])
                if v == 0:
                    continue
                if v > 0:
                    a, pos_left = pos_left, pos_left + v
                    b = pos_left
                else:
                    b, neg_left = neg_left, neg_left + v
                    a = neg_left
                d.add(Rect(to_x(a), y, to_x(b) - to_x(a), row_h * 0.66, fillColor=crit_color(j), strokeColor=None))
        else:
            d.add(Rect(to_x(0), y, to_x(scores[i]) - to_x(0), row_h * 0.66, fillColor=colors.HexColor("#0072B2"),
                       strokeColor=None))
        if data.low is not None:
            yc = y + row_h * 0.33
            d.add(Line(to_x(lo_vals[i]), yc, to_x(hi_vals[i]), yc, strokeColor=colors.black, strokeWidth=0.7))
            for v in (lo_vals[i], hi_vals[i]):
                d.add(Line(to_x(v), yc - 2.5, to_x(v), yc + 2.5, strokeColor=colors.black, strokeWidth=0.7))
        d.add(String(to_x(hi_vals[i]) + 3, y + 2, f"{scores[i]:.3f}", fontName=FONT, fontSize=6.5))
    axis_y = top - rows * row_h - 4
    label = METHODS[data.method].score_label + (" (lower is better)" if not r.higher_is_better else "")
    _x_axis(d, x0, x1, axis_y, lo, hi, label)
    if legend_rows:
        for j in range(c.n):
            col, row = j % 3, j // 3
            lx = 10 + col * (width / 3)
            ly = axis_y - 34 - row * 11
            d.add(Rect(lx, ly, 7, 7, fillColor=crit_color(j), strokeColor=None))
            d.add(String(lx + 10, ly + 1, _elide(c.criterion_labels[j], 38), fontName=FONT, fontSize=7))
    return d


def sensitivity_chart(data: BriefData, width: float = 470, height: float = 210) -> Drawing:
    c, r = data.compiled, data.result
    d = _drawing(width, height)
    x0, x1, y0, y1 = 40, width - 150, 34, height - 30
    S = data.sweep_scores
    lo, hi = float(S.min()), float(S.max())
    pad = 0.05 * (hi - lo or 1.0)
    lo, hi = lo - pad, hi + pad

    def to_xy(t: float, v: float) -> tuple[float, float]:
        return x0 + t * (x1 - x0), y0 + (v - lo) / (hi - lo) * (y1 - y0)

    d.add(Rect(x0, y0, x1 - x0, y1 - y0, fillColor=None, strokeColor=LIGHT, strokeWidth=0.5))
    highlight = list(r.order[:5])
    for i in range(c.m):
        if i in highlight:
            continue
        pts = [coord for t, v in zip(data.sweep_t, S[:, i], strict=True) for coord in to_xy(t, v)]
        d.add(PolyLine(pts, strokeColor=LIGHT, strokeWidth=0.6))
    for rank_pos, i in enumerate(highlight):
        pts = [coord for t, v in zip(data.sweep_t, S[:, i], strict=True) for coord in to_xy(t, v)]
        col = option_ink(int(i))
        d.add(PolyLine(pts, strokeColor=col, strokeWidth=1.4))
        ly = y1 - 6 - rank_pos * 12
        if rank_pos == 0:
            d.add(String(x1 + 8, y1 + 9, "top five now", fontName=FONT, fontSize=6.5, fillColor=GREY))
        d.add(Line(x1 + 8, ly + 2.5, x1 + 20, ly + 2.5, strokeColor=col, strokeWidth=1.6))
        d.add(String(x1 + 24, ly, _elide(c.option_labels[i], 30), fontName=FONT, fontSize=6.5))
    k = data.decisive
    wx, _ = to_xy(float(data.weights[k]), lo)
    d.add(Line(wx, y0, wx, y1, strokeColor=colors.black, strokeWidth=0.8, strokeDashArray=[3, 2]))
    d.add(String(wx + 2, y0 + 4, f"now {data.weights[k]:.2f}", fontName=FONT, fontSize=6.5))
    tip = data.decisive_tip
    if tip is not None:
        v = float(np.interp(tip.weight, data.sweep_t, S[:, tip.after]))
        tx, ty = to_xy(tip.weight, v)
        d.add(Polygon([tx, ty + 4, tx + 4, ty, tx, ty - 4, tx - 4, ty], fillColor=colors.black, strokeColor=None))
        d.add(Line(tx, ty + 4, tx, y1 + 6, strokeColor=colors.black, strokeWidth=0.5))  # label above the plot
        d.add(String(tx + (4 if tx < (x0 + x1) / 2 else -4), y1 + 9,
                     f"above {tip.weight:.2f}, {_elide(c.option_labels[tip.after], 28)} leads"
                     if tip.weight > data.weights[k] else
                     f"below {tip.weight:.2f}, {_elide(c.option_labels[tip.before], 28)} leads",
                     fontName=BOLD, fontSize=6.8, textAnchor="start" if tx < (x0 + x1) / 2 else "end"))
    _x_axis(d, x0, x1, y0, 0.0, 1.0, f"weight of {c.criterion_names[k]} (others rescaled in proportion)")
    for t in _ticks(lo, hi, 4):
        _, y = to_xy(0, t)
        d.add(String(x0 - 4, y - 2, f"{t:.2f}", fontName=FONT, fontSize=6.5, textAnchor="end", fillColor=GREY))
    d.add(String(x0 - 36, y1 + 9, METHODS[data.method].score_label, fontName=FONT, fontSize=7, fillColor=GREY))
    return d


def acceptability_chart(data: BriefData, width: float = 470) -> Drawing:
    c = data.compiled
    acc = data.uncertainty.acceptability
    order = np.lexsort((np.arange(c.m), -acc[:, 0]))[: min(c.m, 15)]
    row_h = 14
    ranks = min(c.m, 6)
    height = len(order) * row_h + 40
    d = _drawing(width, height)
    x0, x1 = 180, width - 60
    top = height - 4
    blues = [colors.HexColor(h) for h in ("#08306B", "#08519C", "#2171B5", "#4292C6", "#6BAED6", "#9ECAE1")]
    for k, i in enumerate(order):
        y = top - (k + 1) * row_h
        d.add(String(x0 - 4, y + 3, _elide(c.option_labels[i], 38), fontName=FONT, fontSize=7.5, textAnchor="end"))
        left = 0.0
        for rnk in range(c.m):
            v = float(acc[i, rnk])
            if v <= 0:
                continue
            col = blues[rnk] if rnk < ranks else colors.HexColor("#DEEBF7")
            d.add(Rect(x0 + left * (x1 - x0), y, v * (x1 - x0), row_h * 0.7, fillColor=col, strokeColor=None))
            left += v
        d.add(String(x1 + 4, y + 3, first_words(acc[i, 0]), fontName=FONT, fontSize=6.5))
    axis_y = top - len(order) * row_h - 4
    _x_axis(d, x0, x1, axis_y, 0.0, 1.0, "share of draws in each rank")
    legend = [(blues[rnk], f"rank {rnk + 1}") for rnk in range(ranks)]
    if c.m > ranks:
        legend.append((colors.HexColor("#DEEBF7"), f"rank {ranks + 1} or lower"))
    for k, (col, text) in enumerate(legend):
        lx = 10 + k * 64
        d.add(Rect(lx, axis_y - 34, 7, 7, fillColor=col, strokeColor=LIGHT, strokeWidth=0.3))
        d.add(String(lx + 10, axis_y - 33, text, fontName=FONT, fontSize=7))
    return d


def participants_chart(data: BriefData, order: list[int], width: float = 470) -> Drawing:
    """Each participant's weight on each criterion (rows in `order`) as a dot, their range as a line and the
    combined weight as a black bar. Dots of one criterion are staggered vertically by participant so equal
    weights stay visible; colours name participants in the legend (grey beyond the palette)."""
    g = data.group
    assert g is not None
    c = data.compiled
    W, combined, sp = g.weights, g.combined.weights, g.spread
    p = W.shape[0]
    palette = p <= len(CRITERION_COLORS)
    row_h = max(16.0, min(3.0 * p + 6, 30.0))
    legend_rows = int(np.ceil((p + 2) / 4))
    height = len(order) * row_h + 40 + legend_rows * 11
    d = _drawing(width, height)
    x0, x1 = 180, width - 20
    top = height - 6
    hi = float(_ticks(0.0, max(float(W.max()), float(combined.max())) * 1.05, 5)[-1])
    hi = max(hi, float(W.max()), float(combined.max()))

    def to_x(v: float) -> float:
        return x0 + v / hi * (x1 - x0)

    step = (row_h - 6) / max(p - 1, 1)
    for k, j in enumerate(order):
        y = top - (k + 1) * row_h
        yc = y + row_h / 2
        if k % 2 == 0:
            d.add(Rect(x0, y, x1 - x0, row_h, fillColor=colors.HexColor("#F2F4F7"), strokeColor=None))
        d.add(String(x0 - 4, yc - 2.5, _elide(c.criterion_labels[j], 38), fontName=FONT, fontSize=7.5,
                     textAnchor="end"))
        d.add(Line(to_x(float(sp.min[j])), yc, to_x(float(sp.max[j])), yc, strokeColor=LIGHT, strokeWidth=0.8))
        for i in range(p):
            col = crit_color(i) if palette else GREY
            dy = (i - (p - 1) / 2) * step if p > 1 else 0.0
            d.add(Circle(to_x(float(W[i, j])), yc + dy, 2.3, fillColor=col, strokeColor=colors.white,
                         strokeWidth=0.3))
        cx = to_x(float(combined[j]))
        d.add(Line(cx, y + 1.5, cx, y + row_h - 1.5, strokeColor=colors.black, strokeWidth=1.4))
    axis_y = top - len(order) * row_h - 2
    _x_axis(d, x0, x1, axis_y, 0.0, hi, "weight (each participant's weights normalised to sum 1)")
    legend: list[tuple[str, Any]] = [("combined", None), ("range (min to max)", LIGHT)]
    legend += [(name, crit_color(i) if palette else GREY) for i, name in enumerate(data.group_names)]
    if not palette:
        legend = [*legend[:2], ("a participant", GREY)]
    for k, (text, col) in enumerate(legend):
        lx = 10 + (k % 4) * (width / 4)
        ly = axis_y - 34 - (k // 4) * 11
        if k == 0:
            d.add(Line(lx + 3, ly - 1, lx + 3, ly + 8, strokeColor=colors.black, strokeWidth=1.4))
        elif k == 1:
            d.add(Line(lx, ly + 3.5, lx + 8, ly + 3.5, strokeColor=col, strokeWidth=0.8))
        else:
            d.add(Circle(lx + 3.5, ly + 3.5, 2.5, fillColor=col, strokeColor=None))
        d.add(String(lx + 11, ly + 1, _elide(text, 30), fontName=FONT, fontSize=7))
    return d
