"""The paper theme: the slides as a handout, dark text on white in the memo's print palette.

The slides are laid out once, in the projector theme (`report.projector`); a handout recolours each layout
with `on_paper`, a one-to-one map from every projector colour to its print twin: white paper, near-black text,
and each criterion's and option's hue made readable on white (`projector.readable` toward black), as the memo
prints them. Nothing else changes, so a handout shows what the room saw. No Qt, no reportlab.
"""

from __future__ import annotations

import dataclasses

from decision_app.palette import CRITERION_COLORS, OPTION_COLORS
from decision_app.report import projector as pj
from decision_app.report.slide_layout import Box, Op, Path, SlideLayout, Text

PAPER = "#FFFFFF"
THEMES = ("projector", "paper")


def _print(color: str) -> str:
    return pj.readable(color, pj.CHART_MIN, PAPER)


def _map() -> dict[str, str]:
    pairs = [(pj.BACKGROUND, PAPER), (pj.TEXT, "#111111"), (pj.MUTED, "#3A3A3A"), (pj.MARKING, "#A00000"),
             (pj.SELECT, "#8A6D00"), (pj.GRID, "#6E6E6E"), (pj.OTHER, "#8C8C8C"), (pj.RANK_REST, "#939393"),
             (pj.LEAD, _print("#56B4E9"))]
    pairs += list(zip(pj.RANK_COLORS, ("#08306B", "#2171B5", "#4A90C8"), strict=True))
    pairs += [(pj.readable(c), _print(c)) for c in (*CRITERION_COLORS, *OPTION_COLORS)]
    out: dict[str, str] = {}
    for src, dst in pairs:
        src = src.upper()
        if out.setdefault(src, dst) != dst:  # two print colours for one projector colour: the map is broken
            raise ValueError(f"the paper theme maps {src} twice ({out[src]}, {dst})")
    return out


PAPER_COLORS = _map()


def _c(color: str | None) -> str | None:
    return None if color is None else PAPER_COLORS.get(color.upper(), color)


def on_paper(layout: SlideLayout) -> SlideLayout:
    """The layout with every projector colour replaced by its print twin."""
    ops: list[Op] = []
    for op in layout.ops:
        if isinstance(op, Text):
            ops.append(dataclasses.replace(op, color=_c(op.color) or op.color))
        elif isinstance(op, Box):
            ops.append(dataclasses.replace(op, fill=_c(op.fill), stroke=_c(op.stroke)))
        elif isinstance(op, Path):
            ops.append(dataclasses.replace(op, color=_c(op.color) or op.color, fill=_c(op.fill)))
        else:
            ops.append(op)
    return dataclasses.replace(layout, ops=tuple(ops))
