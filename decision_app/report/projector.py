"""The projector theme: colours for slides read from the back of a room, shared by the presentation window
and the slide deck PDF, with the WCAG contrast arithmetic that checks them.

Text must reach 7:1 against the background (WCAG AAA), chart elements 3:1 (WCAG 1.4.11). The criterion
colours are the workbench's colour-blind-safe palette (Okabe-Ito, then Paul Tol's muted set), each lightened
toward white only as far as it needs to reach 3:1 on the dark background, so a criterion keeps its hue.
No Qt here.
"""

from __future__ import annotations

from decision_app.palette import CRITERION_COLORS, OPTION_COLORS

BACKGROUND = "#000000"  # a projector shows black as no light: the most contrast a washed-out room allows
TEXT = "#FFFFFF"
MUTED = "#D0D0D0"  # secondary text, still above 7:1
MARKING = "#FF9E9E"  # the classification marking (the memo's dark red, light enough for a dark slide)
SELECT = "#FFD84D"  # the selected criterion's outline on the weights slide
GRID = "#8A8A8A"  # axes and the current-weight line
OTHER = "#7A7A7A"  # the options not named on the sensitivity chart
RANK_COLORS = ("#C6DBEF", "#6BAED6", "#3D85C6")  # rank 1 brightest, then 2, 3 (sequential blues)
RANK_REST = "#6E6E6E"  # rank 4 or lower
BLANK_WHITE = "#FFFFFF"

TEXT_MIN = 7.0
CHART_MIN = 3.0


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    h = color.lstrip("#")
    out = []
    for k in (0, 2, 4):
        c = int(h[k: k + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(color: str, toward: str, t: float) -> str:
    a, b = color.lstrip("#"), toward.lstrip("#")
    parts = [round(int(a[k: k + 2], 16) * (1 - t) + int(b[k: k + 2], 16) * t) for k in (0, 2, 4)]
    return "#" + "".join(f"{p:02X}" for p in parts)


def readable(color: str, minimum: float = CHART_MIN, background: str = BACKGROUND) -> str:
    """`color` with its hue kept, moved in small steps toward white on a dark `background` (toward black on a
    light one) until it reaches `minimum` against it."""
    toward = "#FFFFFF" if luminance(background) < 0.18 else "#000000"
    out, t = color.upper(), 0.0
    while contrast(out, background) < minimum and t < 1.0:
        t = min(1.0, t + 0.05)
        out = _mix(color, toward, t)
    return out


PALETTE = tuple(readable(c) for c in CRITERION_COLORS)  # criterion j: PALETTE[j % len(PALETTE)]
OPTION_PALETTE = tuple(readable(c) for c in OPTION_COLORS)  # option i: as in the window, made readable
LEAD = readable("#56B4E9")  # the leader's bar and the title rule: one accent, not any option's colour


def criterion_color(j: int) -> str:
    return PALETTE[j % len(PALETTE)]


def option_color(i: int) -> str:
    """Option i's colour on a slide: its colour in the window, light enough for the dark background."""
    return OPTION_PALETTE[i % len(OPTION_PALETTE)]


def colour_pairs() -> list[tuple[str, str, str, float]]:
    """Every (what, foreground, background, required ratio) pair the theme promises (the contrast test)."""
    pairs = [("text", TEXT, BACKGROUND, TEXT_MIN), ("muted text", MUTED, BACKGROUND, TEXT_MIN),
             ("marking", MARKING, BACKGROUND, TEXT_MIN), ("selection", SELECT, BACKGROUND, CHART_MIN),
             ("axes", GRID, BACKGROUND, CHART_MIN), ("other options", OTHER, BACKGROUND, CHART_MIN),
             ("lower ranks", RANK_REST, BACKGROUND, CHART_MIN)]
    pairs += [(f"rank {k + 1}", c, BACKGROUND, CHART_MIN) for k, c in enumerate(RANK_COLORS)]
    pairs += [(f"criterion {j + 1}", c, BACKGROUND, CHART_MIN) for j, c in enumerate(PALETTE)]
    pairs += [(f"option {k + 1}", c, BACKGROUND, CHART_MIN) for k, c in enumerate(OPTION_PALETTE)]
    pairs.append(("the leader's accent", LEAD, BACKGROUND, CHART_MIN))
    return pairs
