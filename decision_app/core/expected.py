"""Expected values of conditional outcomes (format version 9): an option whose effect depends on a condition
("Moscow accepts") with likelihood p scores, on each criterion it affects, the expected value
p * v(accepted) + (1 - p) * v(refused) through the criterion's value function v.

The matrix the methods read holds scores on the criterion's scale, so the expected value goes in as the score
whose value it is (the certainty equivalent v^-1 of it): the weighted sum then reads exactly the expected value,
and every other method, SMAA, the verdict and the tipping points read the matrix as they always have. Without a
value function the value is linear over the scale and the certainty equivalent is p * accepted + (1 - p) *
refused. A value function must then be monotone (only rising or only falling): `check_model` says so otherwise.

The range: the expected value is linear in p and increasing in v(accepted) and v(refused), and v is monotone,
so its lowest and highest lie at the ends of the likelihood's and the outcomes' ranges (the lowest: each outcome
at the end with the lower value, p at whichever end gives less). Each cell's range is its own: where one
likelihood moves several cells, the ranges together span a box that contains their joint movement (wider, not
narrower). Plain numbers and numpy only; this module imports nothing of the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

ValueFunction = tuple[Sequence[float], Sequence[float]] | None  # (xs, values) or None: linear


def is_monotone(values: Sequence[float]) -> bool:
    """The value function's values only rise or only fall (flat pieces allowed)."""
    d = np.diff(np.asarray(values, dtype=float))
    return bool(np.all(d >= 0) or np.all(d <= 0))


def _value(x: Any, vf: ValueFunction) -> Any:
    return x if vf is None else np.interp(x, vf[0], vf[1])


def _inverse(v: Any, vf: ValueFunction) -> Any:
    if vf is None:
        return v
    xs, vs = np.asarray(vf[0], dtype=float), np.asarray(vf[1], dtype=float)
    if vs[-1] < vs[0]:
        xs, vs = xs[::-1], vs[::-1]
    return np.interp(v, vs, xs)


def expected_score(p: Any, accepted: Any, refused: Any, vf: ValueFunction = None) -> Any:
    """The score whose value is p * v(accepted) + (1 - p) * v(refused); vectorised over numpy arrays."""
    if vf is None:
        return p * accepted + (1.0 - p) * refused
    return _inverse(p * _value(accepted, vf) + (1.0 - p) * _value(refused, vf), vf)


def expected_range(p: tuple[float, float], accepted: tuple[float, float], refused: tuple[float, float],
                   vf: ValueFunction = None) -> tuple[float, float]:
    """(low, high) of the expected score over p in [p_low, p_high] and each outcome in its [low, high]."""
    va = sorted(float(_value(x, vf)) for x in accepted)
    vr = sorted(float(_value(x, vf)) for x in refused)
    ev_low = min(q * va[0] + (1.0 - q) * vr[0] for q in p)
    ev_high = max(q * va[1] + (1.0 - q) * vr[1] for q in p)
    ends = sorted((float(_inverse(ev_low, vf)), float(_inverse(ev_high, vf))))
    return ends[0], ends[1]
