"""The least total weight that bounds on a value tree's items ask for: the one rule behind "the low bounds add up
to more than the whole weight", used by the format's check (`schema`), the command line's --bounds and the
constraints panel (through `snapshot.least_total`). Plain Python, no imports of the app."""

from __future__ import annotations

from collections.abc import Hashable, Mapping


def least_share(lows: Mapping[str, float], leaves: Mapping[str, frozenset[Hashable]]) -> float:
    """The least share of the whole weight that the least shares `lows` (item id -> low) need, each item standing
    for the criteria `leaves[item]` (a criterion: itself; an objective: every criterion under it; the sets of a
    tree are nested or apart). Each outermost bounded item counts the larger of its own low and the sums of the
    lows inside it, counted the same way: casualties 0.6 inside human cost 0.1 needs 0.6, not 0.1. More than 1
    leaves the weights no room."""
    wanted: dict[frozenset[Hashable], float] = {}
    for item, low in lows.items():
        key = leaves[item]
        wanted[key] = max(wanted.get(key, 0.0), low)  # an objective with one criterion is that criterion
    floor: dict[frozenset[Hashable], float] = {}
    for s in sorted(wanted, key=len):  # the inner items first
        inside = [t for t in floor if t < s]
        nearest = [t for t in inside if not any(t < u for u in inside)]
        floor[s] = max(wanted[s], sum(floor[t] for t in nearest))
    return sum(floor[s] for s in floor if not any(s < t for t in floor))
