"""Agreement between raters: mid-ranks, Kendall's coefficient of concordance W and its plain-words reading.

Pure numpy, batched, no Python loop over raters or objects. Used by the group engine (`core.group`) on the
participants' option rankings and on their criterion-weight rankings; nothing here knows about a model.
"""

from __future__ import annotations

import numpy as np

from decision_app.core.methods import Array

# Plain-words bands for W, lower bounds. A convention, not a test: Schmidt (1997) "Managing Delphi surveys
# using nonparametric statistical techniques", Decision Sciences 28(3), 763-774, Table 1 reads W = 0.1 as
# very weak, 0.3 weak, 0.5 moderate, 0.7 strong and 0.9 unusually strong agreement; we take those values
# as the lower ends of bands and call anything below 0.1 almost no agreement.
AGREEMENT_BANDS: tuple[tuple[float, str], ...] = (
    (0.9, "very strong agreement"),
    (0.7, "strong agreement"),
    (0.5, "moderate agreement"),
    (0.3, "weak agreement"),
    (0.1, "very weak agreement"),
    (0.0, "almost no agreement"),
)


def mid_ranks(values: Array, higher_is_better: bool = True) -> Array:
    """Ranks along the last axis (1 = best) with ties sharing the mean of their positions (2.5, 2.5, ...).

    `values` may carry leading batch axes (raters). Values equal to 12 significant decimals tie, as in
    `methods.rank`. O(n^2) per row: fine for the tens of options and criteria a model has."""
    s = np.round(np.asarray(values, dtype=float), 12)
    if not higher_is_better:
        s = -s
    better = (s[..., None, :] > s[..., :, None]).sum(axis=-1)
    equal = (s[..., None, :] == s[..., :, None]).sum(axis=-1)  # the item itself included
    out: Array = better + (equal + 1) / 2.0
    return out


def tie_sum(ranks: Array) -> float:
    """Sum over raters and their tie groups of t^3 - t (t = the group's size).

    Each of the t members of a group sees t equal values, so summing t^2 - 1 over items gives t^3 - t per group."""
    R = np.asarray(ranks, dtype=float)
    t = (R[..., :, None] == R[..., None, :]).sum(axis=-1)
    return float((t * t - 1).sum())


def kendall_w(ranks: Array) -> float | None:
    """Kendall's W for (m raters, n objects) ranks, with the tie correction

        W = 12 S / (m^2 (n^3 - n) - m sum T),   S = sum_j (R_j - m (n + 1) / 2)^2,   T = sum (t^3 - t)

    (Kendall & Babington Smith 1939; Siegel & Castellan 1988, sec. 9.4). Give mid-ranks (`mid_ranks`) for
    ties. None when W is undefined: fewer than 2 raters or objects, or every rater ties every object."""
    R = np.asarray(ranks, dtype=float)
    if R.ndim != 2 or R.shape[0] < 2 or R.shape[1] < 2:
        return None
    m, n = R.shape
    Rj = R.sum(axis=0)
    S = float(((Rj - m * (n + 1) / 2.0) ** 2).sum())
    denominator = m * m * (n**3 - n) - m * tie_sum(R)
    if denominator <= 0:
        return None
    return float(min(12.0 * S / denominator, 1.0))


def kendall_chi2(w: float, m: int, n: int) -> tuple[float, int]:
    """Friedman's chi-square form of W, m (n - 1) W, with its n - 1 degrees of freedom (large-sample test;
    equal to Friedman's tie-corrected statistic when W is tie-corrected)."""
    return m * (n - 1) * w, n - 1


def agreement_reading(w: float | None) -> str:
    """Plain words for a value of W (bands in `AGREEMENT_BANDS`); None reads as 'not defined'."""
    if w is None:
        return "not defined (fewer than two participants or nothing to rank)"
    for lower, words in AGREEMENT_BANDS:
        if w >= lower:
            return words
    return AGREEMENT_BANDS[-1][1]
