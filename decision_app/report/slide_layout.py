"""Where everything on a slide goes: `layout(content, width, height, ...)` turns a `SlideContent` into a flat
list of drawing operations (`Text`, `Box`, `Path`) that the presentation window paints with QPainter and the
deck PDF draws with reportlab, so a slide on the projector and its page in the deck are the same drawing.

Every size is a fraction of the slide's height, never a fixed point size: no text is smaller than
`MIN_TEXT` (1/42 of the height, inside the 1/45 rule after rounding to whole pixels) and no line thinner
than `LINE` (1/250: 3 px at 768). Text is measured in the embedded Roboto (reportlab's metrics, the same
font the window loads) and wrapped; it is never cut. When a slide's content does not fit at the smallest
size the layout says so (`overflow`). Coordinates run down from the top left. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from reportlab.pdfbase.pdfmetrics import stringWidth

from decision_app.report import fonts
from decision_app.report import projector as theme
from decision_app.report.slide_content import Bars, Block, Lines, SlideContent

MIN_TEXT = 1 / 42
LINE = 1 / 250
LEADING = 1.2
ASCENT = 0.93  # Roboto's ascender, as a share of the font size
REGULAR, BOLD = "Roboto", "Roboto-Bold"
FIT = 0.97  # wrap to 97 % of the width: the window's hinted glyphs may run a little wider than the metrics


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    bold: bool = False
    color: str = theme.TEXT
    anchor: str = "start"  # start, middle or end


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Path:
    points: tuple[float, ...]  # x0, y0, x1, y1, ...
    color: str
    width: float
    dash: bool = False
    fill: str | None = None  # a closed, filled shape


Op = Text | Box | Path


@dataclass(frozen=True)
class SlideLayout:
    ops: tuple[Op, ...]
    overflow: bool  # the content did not fit at the smallest text size


@lru_cache(maxsize=65_536)
def _unit_width(text: str, bold: bool) -> float:
    fonts.register()
    return float(stringWidth(text, BOLD if bold else REGULAR, 1000.0)) / 1000.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width at `size` (widths scale with the size, so each string is measured once: the slider path)."""
    return _unit_width(text, bold) * size


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    return list(_wrap(text, round(size, 6), round(width, 6), bold))


@lru_cache(maxsize=16_384)
def _wrap(text: str, size: float, width: float, bold: bool) -> tuple[str, ...]:
    """Greedy word wrap in Roboto at `size` within `width`; a word longer than the width is broken."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if text_width(trial, size, bold) <= width * FIT:
                line = trial
                continue
            if line:
                out.append(line)
            while text_width(word, size, bold) > width * FIT and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, bold) > width * FIT:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    return tuple(out)


def _sizes(start: float, height: float) -> list[float]:
    """Text sizes to try, largest first, down to the smallest allowed."""
    out, s = [], start * height
    while s > MIN_TEXT * height:
        out.append(s)
        s *= 0.93
    return [*out, MIN_TEXT * height]


class _Page:
    def __init__(self, width: float, height: float):
        self.w, self.h = width, height
        self.ops: list[Op] = []
        self.overflow = False

    def text_lines(self, lines: Sequence[str], x: float, top: float, size: float, bold: bool = False,
                   color: str = theme.TEXT, anchor: str = "start") -> float:
        """Draw lines from `top`; returns the y below them."""
        y = top
        for line in lines:
            self.ops.append(Text(x, y + ASCENT * size, line, size, bold, color, anchor))
            y += LEADING * size
        return y


def layout(content: SlideContent, width: float, height: float, marking: str = "", page: str = "") -> SlideLayout:
    p = _Page(width, height)
    H = height
    p.ops.append(Box(0, 0, width, height, theme.BACKGROUND))
    small = MIN_TEXT * H
    mx = 0.045 * width
    cw = width - 2 * mx
    if marking:
        p.ops.append(Text(width / 2, 0.012 * H + ASCENT * small, marking, small, True, theme.MARKING, "middle"))
        p.ops.append(Text(width / 2, H - 0.012 * H - (LEADING - ASCENT) * small, marking, small, True,
                          theme.MARKING, "middle"))
    if page:
        p.ops.append(Text(width - mx, H - 0.012 * H - (LEADING - ASCENT) * small, page, small, False, theme.MUTED,
                          "end"))
    top = 0.012 * H + LEADING * small + 0.02 * H
    bottom = H - 0.012 * H - LEADING * small - 0.02 * H

    if content.big_title:
        return _title_slide(p, content, mx, cw, top, bottom)
    title_size = H / 14
    for s in _sizes(1 / 14, H):
        title_lines = wrap(content.title, s, cw, True)
        title_size = s
        if len(title_lines) <= 2:
            break
    y = p.text_lines(title_lines, mx, top, title_size, True) + 0.3 * title_size
    # The lead lines take at most a third of what is left on a chart slide, half on a list slide.
    share = 0.34 if content.chart is not None else 0.5
    lead_size, lead_lines = small, [ln for t in content.lines for ln in wrap(t, small, cw)]
    for s in _sizes(1 / 26, H):
        wrapped = [ln for t in content.lines for ln in wrap(t, s, cw)]
        if len(wrapped) * LEADING * s <= share * (bottom - y) or not content.lines:
            lead_size, lead_lines = s, wrapped
            break
    else:
        p.overflow = p.overflow or len(lead_lines) * LEADING * small > share * (bottom - y)
    y = p.text_lines(lead_lines, mx, y, lead_size, color=theme.MUTED)
    if content.lines:
        y += 0.5 * lead_size
    if content.blocks:
        _blocks(p, content.blocks, mx, cw, y, bottom)
    if isinstance(content.chart, Bars):
        _bars(p, content.chart, mx, cw, y, bottom)
    elif isinstance(content.chart, Lines):
        _lines(p, content.chart, mx, cw, y, bottom)
    return SlideLayout(tuple(p.ops), p.overflow)


def _title_slide(p: _Page, content: SlideContent, mx: float, cw: float, top: float, bottom: float) -> SlideLayout:
    H = p.h
    avail = bottom - top
    for s in _sizes(1 / 9, H):
        title = wrap(content.title, s, cw, True)
        if len(title) * LEADING * s <= 0.45 * avail:
            break
    title_size = s
    title_h = len(title) * LEADING * title_size + 0.06 * H
    for s in _sizes(1 / 24, H):
        rest = [ln for t in content.lines for ln in wrap(t, s, cw)]
        if len(rest) * LEADING * s <= avail - title_h:
            break
    used = title_h + len(rest) * LEADING * s
    p.overflow = used > avail
    y = top + max(0.0, min(0.12 * avail, avail - used))  # space above the title only where the text leaves it
    y = p.text_lines(title, mx, y, title_size, True) + 0.06 * H
    p.ops.append(Box(mx, y - 0.04 * H, 0.2 * cw, max(LINE * H, 3.0), theme.LEAD))
    p.text_lines(rest, mx, y, s, color=theme.MUTED)
    return SlideLayout(tuple(p.ops), p.overflow)


def _blocks(p: _Page, blocks: Sequence[Block], mx: float, cw: float, top: float, bottom: float) -> None:
    H = p.h
    avail = bottom - top
    chosen: tuple[float, int, list[tuple[list[str], list[str]]]] | None = None
    for s in _sizes(1 / 24, H):
        for cols in (1, 2):
            gap = 0.04 * cw if cols == 2 else 0.0
            colw = (cw - gap * (cols - 1)) / cols
            sw = 0.9 * s if any(b.swatch for b in blocks) else 0.0
            tw = colw - (sw + 0.5 * s if sw else 0)
            wrapped = [(wrap(b.head, s, tw, bool(b.body)), wrap(b.body, s, tw) if b.body else []) for b in blocks]
            heights = [(len(h) + len(b)) * LEADING * s + 0.45 * s for h, b in wrapped]
            if _columns(heights, cols, avail) is not None:
                chosen = (s, cols, wrapped)
                break
        if chosen is not None:
            break
    if chosen is None:
        p.overflow = True
        s, cols = MIN_TEXT * H, 2
        colw = (cw - 0.04 * cw) / 2
        tw = colw - (1.4 * s if any(b.swatch for b in blocks) else 0)
        chosen = (s, cols, [(wrap(b.head, s, tw, bool(b.body)), wrap(b.body, s, tw) if b.body else [])
                            for b in blocks])
    s, cols, wrapped = chosen
    gap = 0.04 * cw if cols == 2 else 0.0
    colw = (cw - gap * (cols - 1)) / cols
    heights = [(len(h) + len(b)) * LEADING * s + 0.45 * s for h, b in wrapped]
    assignment = _columns(heights, cols, avail) or [min(k * cols // len(blocks), cols - 1) for k in range(len(blocks))]
    ys = [top] * cols
    for k, (block, (head, body)) in enumerate(zip(blocks, wrapped, strict=True)):
        col = assignment[k]
        x = mx + col * (colw + gap)
        if block.swatch:
            p.ops.append(Box(x, ys[col] + 0.2 * s, 0.9 * s, 0.9 * s, block.swatch))
            x += 1.4 * s
        y = p.text_lines(head, x, ys[col], s, bold=bool(block.body))
        y = p.text_lines(body, x, y, s, color=theme.MUTED)
        ys[col] = y + 0.45 * s


def _columns(heights: Sequence[float], cols: int, avail: float) -> list[int] | None:
    """Each block's column, filling the columns in order with about equal heights; None when they overflow."""
    total = sum(heights)
    target = max(total / cols, max(heights, default=0.0))
    out, col, used = [], 0, 0.0
    for h in heights:
        if used + h > target + 1e-6 and used > 0 and col < cols - 1:
            col, used = col + 1, 0.0
        out.append(col)
        used += h
        if used > avail + 1e-6:
            return None
    return out


def _bars(p: _Page, bars: Bars, mx: float, cw: float, top: float, bottom: float) -> None:
    H = p.h
    avail = bottom - top
    rows = bars.rows
    label_w = 0.5 * cw
    s, labels = MIN_TEXT * H, [wrap(r.label, MIN_TEXT * H, label_w, r.emphasis) for r in rows]
    fitted = False
    for s in _sizes(1 / 26, H):
        for share in (0.4, 0.5, 0.6):  # a wider label column before a smaller size
            label_w = share * cw
            labels = [wrap(r.label, s, label_w, r.emphasis) for r in rows]
            need = (sum(max(len(lab), 1) * LEADING * s + 0.35 * s for lab in labels)
                    + (LEADING * s if bars.header else 0))
            if need <= avail:
                fitted = True
                break
        if fitted:
            break
    p.overflow = p.overflow or not fitted
    reserve = max((text_width(r.value_text, s, True) for r in rows), default=0.0) + 0.5 * s
    x0 = mx + label_w + 0.6 * s + (reserve if bars.lo < 0 else 0.0)
    x1 = mx + cw - reserve
    span = (bars.hi - bars.lo) or 1.0

    def to_x(v: float) -> float:
        return x0 + (v - bars.lo) / span * (x1 - x0)

    y = top
    if bars.header and rows:
        for centre, text in bars.header:
            seg_w = 0.0
            left = 0.0
            for v, _c in rows[0].segments:
                if left <= centre <= left + v:
                    seg_w = (to_x(left + v) - to_x(left))
                left += v
            if text and text_width(text, s) <= seg_w:
                p.ops.append(Text(to_x(centre), y + ASCENT * s, text, s, False, theme.TEXT, "middle"))
        y += LEADING * s
    line_w = max(LINE * H, 3.0) if H >= 300 else LINE * H
    if bars.lo < 0 < bars.hi:
        p.ops.append(Path((to_x(0.0), top, to_x(0.0), bottom), theme.GRID, line_w))
    for k, (row, lab) in enumerate(zip(rows, labels, strict=True)):
        row_h = max(len(lab), 1) * LEADING * s + 0.35 * s
        text_h = len(lab) * LEADING * s
        p.text_lines(lab, mx, y + (row_h - text_h) / 2, s, bold=row.emphasis)
        thick = min(1.25 * s, row_h - 0.35 * s)
        by = y + (row_h - thick) / 2
        pos = neg = 0.0
        for v, color in row.segments:
            if v == 0:
                continue
            if v > 0:
                a, pos = pos, pos + v
                b = pos
            else:
                b, neg = neg, neg + v
                a = neg
            p.ops.append(Box(to_x(a), by, max(to_x(b) - to_x(a), 0.0), thick, color))
        if row.span is not None:  # a range (the group's min to max) as a whisker through the bar
            lo_x, hi_x, mid = to_x(row.span[0]), to_x(row.span[1]), by + thick / 2
            p.ops.append(Path((lo_x, mid, hi_x, mid), theme.TEXT, line_w))
            for x in (lo_x, hi_x):
                p.ops.append(Path((x, by - 0.15 * s, x, by + thick + 0.15 * s), theme.TEXT, line_w))
            pos = max(pos, row.span[1])
        base = ASCENT * s - LEADING * s / 2
        if neg < 0 and pos == 0:
            p.ops.append(Text(to_x(neg) - 0.3 * s, y + row_h / 2 + base, row.value_text, s, row.emphasis,
                              theme.TEXT, "end"))
        else:
            p.ops.append(Text(to_x(max(pos, 0.0)) + 0.3 * s, y + row_h / 2 + base, row.value_text, s,
                              row.emphasis, theme.TEXT))
        if k == bars.selected:
            p.ops.append(Box(mx - 0.3 * s, y, cw + 0.6 * s, row_h, None, theme.SELECT, line_w))
        y += row_h


def _ticks(lo: float, hi: float, count: int) -> list[float]:
    span = hi - lo or 1.0
    raw = span / count
    mag = 10 ** np.floor(np.log10(raw))
    step = min((k * mag for k in (1, 2, 2.5, 5, 10) if k * mag >= raw), default=raw)
    start = np.ceil(lo / step) * step
    return [float(x) + 0.0 for x in np.arange(start, hi + step * 0.001, step)]  # + 0.0: no "-0.00" tick


def _lines(p: _Page, chart: Lines, mx: float, cw: float, top: float, bottom: float) -> None:
    H = p.h
    s = max(H / 30, MIN_TEXT * H) if bottom - top > 0.4 * H else MIN_TEXT * H
    thin = max(LINE * H, 3.0) if H >= 300 else LINE * H
    ys = np.array([v for ser in chart.series for v in ser.ys]) if chart.series else np.zeros(1)
    lo, hi = float(ys.min()), float(ys.max())
    pad = 0.06 * (hi - lo or 1.0)
    lo, hi = lo - pad, hi + pad
    ticks = _ticks(lo, hi, 3)
    tick_w = max(text_width(f"{t:.2f}", s) for t in ticks)
    label_w = 0.3 * cw
    px0, px1 = mx + tick_w + 0.5 * s, mx + cw - label_w - 1.2 * s
    py0, py1 = top + LEADING * s, bottom - 2 * LEADING * s - 0.4 * s

    def to_x(x: float) -> float:
        return px0 + x * (px1 - px0)

    def to_y(v: float) -> float:
        return py1 - (v - lo) / (hi - lo) * (py1 - py0)

    p.ops.append(Path((px0, py0, px0, py1, px1, py1), theme.GRID, thin))
    for t in ticks:
        p.ops.append(Text(px0 - 0.3 * s, to_y(t) + 0.35 * s, f"{t:.2f}", s, False, theme.MUTED, "end"))
    for t in (0.0, 0.25, 0.5, 0.75, 1.0):
        p.ops.append(Path((to_x(t), py1, to_x(t), py1 + 0.3 * s), theme.GRID, thin))
        p.ops.append(Text(to_x(t), py1 + 0.35 * s + ASCENT * s, f"{t:g}", s, False, theme.MUTED, "middle"))
    p.ops.append(Text((px0 + px1) / 2, py1 + 0.35 * s + LEADING * s + ASCENT * s, chart.x_label, s, False,
                      theme.MUTED, "middle"))
    mxp = to_x(chart.marker_x)
    p.ops.append(Path((mxp, py0, mxp, py1), theme.GRID, thin, dash=True))
    half = text_width(chart.marker_text, s) / 2
    p.ops.append(Text(min(max(mxp, px0 + half), px1 - half), top + ASCENT * s, chart.marker_text, s, False,
                      theme.TEXT, "middle"))
    for ser in chart.series:
        pts = tuple(c for x, v in zip(chart.xs, ser.ys, strict=True) for c in (to_x(x), to_y(v)))
        p.ops.append(Path(pts, ser.color, thin * (1.7 if ser.emphasis else 1.0)))
    if chart.tip is not None:
        tx, ty, text = to_x(chart.tip[0]), to_y(chart.tip[1]), chart.tip[2]
        r = 0.45 * s
        p.ops.append(Path((tx, ty - r, tx + r, ty, tx, ty + r, tx - r, ty), theme.TEXT, thin, fill=theme.TEXT))
        # beside its marker (above it, or below where the plot's top is too near), on the side with room
        width = text_width(text, s, True)
        base = ty - r - 0.3 * s
        if base - ASCENT * s < py0:
            base = ty + r + 0.3 * s + ASCENT * s
        if tx + r + width <= px1:
            p.ops.append(Text(tx + r, base, text, s, True, theme.TEXT, "start"))
        else:
            p.ops.append(Text(max(tx - r, px0 + width), base, text, s, True, theme.TEXT, "end"))
    # labels at the right ends of the named lines, pushed apart so they never overlap
    named = [ser for ser in chart.series if ser.emphasis]
    wrapped = [wrap(ser.label, s, label_w) for ser in named]
    wanted = [to_y(ser.ys[-1]) for ser in named]
    order = sorted(range(len(named)), key=lambda k: wanted[k])
    placed = [0.0] * len(named)
    y = top
    for k in order:
        h = len(wrapped[k]) * LEADING * s
        placed[k] = max(wanted[k] - LEADING * s / 2, y)
        y = placed[k] + h + 0.2 * s
    excess = y - 0.2 * s - bottom
    if excess > 0:
        for k in order:
            placed[k] -= excess
    for k in order:
        lx = px1 + 1.2 * s
        first_mid = placed[k] + LEADING * s / 2
        p.ops.append(Path((px1, wanted[k], px1 + 0.4 * s, wanted[k], lx - 0.2 * s, first_mid), named[k].color,
                          thin))
        p.text_lines(wrapped[k], lx, placed[k], s)
