"""The colours every view shares, as #RRGGBB strings (no Qt, no reportlab): the window, the brief and the
slides give criterion j and option i the same hue, so a reader who moves from the screen to the memo finds
each option in the colour they saw it in.

Criteria take the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), then Paul
Tol's muted set. Options take Paul Tol's bright and vibrant sets, none of which is a criterion's colour: an
option's line never reads as a criterion's bar segment. Print and the projector adjust the lightness of
these hues for contrast (`report.projector.readable`), never the hue.
"""

from __future__ import annotations

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F")
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
CRITERION_COLORS = OKABE_ITO + TOL_MUTED
OPTION_COLORS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#EE7733", "#0077BB",
                 "#33BBEE", "#EE3377", "#CC3311", "#009988")


def criterion_hex(j: int) -> str:
    """Criterion j's colour (the palette repeats past its end)."""
    return CRITERION_COLORS[j % len(CRITERION_COLORS)]


def option_hex(i: int) -> str:
    """Option i's colour, by its place in the model (not its rank), so it keeps it when the ranking moves."""
    return OPTION_COLORS[i % len(OPTION_COLORS)]
