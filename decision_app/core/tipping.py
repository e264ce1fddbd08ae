"""What would change the answer: the smallest single change of a score, or of a weight, that changes who leads.

Score tipping points. For every cell of the matrix (the leader's, its rivals' and, for methods where a third
option's score matters, every other's), the value of that one score, within its criterion's scale, nearest to
the current one at which the leader changes; or none (`ScoreTip.to` None: no single change within the scale).
For the weighted sum it is exact: option i's value moves by w_j (v(x) - v(x0)) and nothing else moves, so the
leader changes where the cell's value, piecewise linear in x (linear over the scale, or the criterion's value
function), crosses a threshold solved in closed form on each linear piece. For the other methods the scale is
scanned (`GRID` points) and the first change on each side bisected to `BISECT_TOL` of the scale; where the score
is piecewise constant (PROMETHEE II's usual criterion) the point found is where the leader jumps, reported as
"moves past X" like every other.

Likelihood tipping points (format version 8). An option's condition ("Moscow accepts") moves every cell that
depends on it at once: the likelihood is scanned from 0 to 1 (`GRID` points) with the option's expected-value
cells recomputed at each (`CompiledCondition.scores_at`), and the first change on each side bisected to
`BISECT_TOL`, for every method alike ("… stops leading if the chance Moscow accepts falls below 0.22").

`what_would_change` joins them with the weight tipping points (`core.sensitivity`: the nearest on each side of
each criterion's weight) into one list ranked by the change as a share of the criterion's scale (a score) or of
the whole weight (a weight; an objective's weight, with a value tree, alike: `objective_changes`), each with its
cell's basis, whether the new value lies in the cell's own range (for a weight: whether the new weights lie in the
weight region analysed), and a sentence. No Qt, no pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.methods import Array, get_method
from decision_app.core.region import WeightRegion
from decision_app.core.sensitivity import TippingPoint, sensitivity, sweep_weights, tipping_points_along
from decision_app.core.tree import ValueTree, branch_direction

GRID = 101  # scan points over a criterion's scale (non-linear methods)
BISECT_TOL = 1e-9  # of the scale
BOUND_TOL = 1e-6  # of the scale: a tipping point this close to an end of its scale is found there by tolerance only
BASIS_WORDS = {"essay": "an essay-based score", "inference": "an inferred score", "judgement": "a judgement-only score"}
LIKELIHOOD_WORDS = {"essay": "an essay-based likelihood", "inference": "an inferred likelihood",
                    "judgement": "a judgement-only likelihood"}


@dataclass(frozen=True)
class ScoreTip:
    option: int
    criterion: int
    value: float  # the score now
    to: float | None  # the value past which another option leads; None: no single change within the scale
    new_leader: int | None


@dataclass(frozen=True)
class ChangePoint:
    """One entry of "What would change the answer"."""

    kind: str  # "score" | "weight" | "likelihood" | "objective" (an objective's weight, with a value tree)
    option: int | None  # the cell's option (None for a weight)
    criterion: int
    start: float  # the score or weight now
    to: float
    share_of_scale: float  # |to - start| over the criterion's scale (score) or over the whole weight (weight)
    basis: str | None  # the cell's basis (None for a weight)
    within_range: bool | None  # inside the cell's own range; for a weight, inside the weight region
    leader: int
    new_leader: int
    sentence: str

    condition: str | None = None  # kind "likelihood": the condition's id (criterion: the first cell it moves)
    objective: str | None = None  # kind "objective": the objective's id (criterion: its first criterion)

    def payload(self, option_ids: tuple[str, ...], criterion_ids: tuple[str, ...]) -> dict[str, Any]:
        extra = ({"condition": self.condition} if self.kind == "likelihood" else
                 {"objective": self.objective} if self.kind == "objective" else {})
        return {**extra, "kind": self.kind, "option": None if self.option is None else option_ids[self.option],
                "criterion": None if self.kind == "objective" else criterion_ids[self.criterion],
                "from": self.start, "to": self.to,
                "share_of_scale": self.share_of_scale, "basis": self.basis, "within_range": self.within_range,
                "new_leader": option_ids[self.new_leader], "sentence": self.sentence}


def _leaders(S: Array, higher_is_better: bool) -> Array:
    """The first best option per row, with the rounding `methods.rank` uses (ties go to the lower index)."""
    s = np.round(S if higher_is_better else -S, 12)
    out: Array = np.argmax(s, axis=-1)
    return out


def score_tipping_points(analysis: Analysis, method: str, w: Array) -> list[ScoreTip]:
    """Every cell's tipping point at normalised weights `w`, options by criteria (m * n records)."""
    spec = get_method(method)
    w = np.asarray(w, dtype=float)
    tips = _exact(analysis, method, w) if spec.linear_values is not None and spec.cell_terms is not None else \
        _scanned(analysis, method, w)
    c = analysis.model
    return [ScoreTip(t.option, t.criterion, t.value, None, None)
            if t.to is not None and _at_bound(t.to, float(c.lo[t.criterion]), float(c.hi[t.criterion])) else t
            for t in tips]


def _pieces(analysis: Analysis, j: int) -> Array:
    """The x of the linear pieces of criterion j's value over its scale: the scale's ends and the value
    function's breakpoints inside it."""
    c = analysis.model
    xs = [c.lo[j], c.hi[j]]
    vf = c.value_fns[j]
    if vf is not None:
        xs += [x for x in vf[0] if c.lo[j] < x < c.hi[j]]
    return np.unique(np.asarray(xs, dtype=float))


def _exact(analysis: Analysis, method: str, w: Array) -> list[ScoreTip]:
    c = analysis.model
    m, n = c.m, c.n
    spec = get_method(method)
    assert spec.cell_terms is not None
    T = spec.cell_terms(c.X, c.is_cost, analysis.inputs)
    ranking = analysis.score(method, w, normalized=True)
    leader, U = ranking.leader(), T @ w
    rest = np.delete(np.arange(m), leader)
    runner = int(rest[np.argmax(np.round(U[rest], 12))]) if m > 1 else leader
    out: list[ScoreTip] = []
    for j in range(n):
        px = _pieces(analysis, j)
        Xp = np.broadcast_to(c.X, (px.size, m, n)).copy()
        Xp[:, :, j] = px[:, None]
        tp = spec.cell_terms(Xp, c.is_cost, analysis.inputs)[:, 0, j]  # the value at each piece end (same per option)
        for i in range(m):
            x0, t0 = float(c.X[i, j]), float(T[i, j])
            if w[j] <= 0 or m < 2:
                out.append(ScoreTip(i, j, x0, None, None))
                continue
            # A tie goes to the option listed first (as `methods.rank` and the ranking break it), so the change
            # needs equality when the option taking the lead comes before the one losing it, else more.
            if i == leader:  # the leader's value falling below the runner-up's
                target, below, new = t0 - (U[leader] - U[runner]) / w[j], True, runner
            else:  # a rival's value rising above the leader's
                target, below, new = t0 + (U[leader] - U[i]) / w[j], False, i
            eps = (1e-12 if new > leader else -1e-12) / w[j]
            x = _nearest_crossing(px, tp, x0, target - eps if below else target + eps, below)
            out.append(ScoreTip(i, j, x0, x, None if x is None else new))
    return out


def _nearest_crossing(px: Array, tp: Array, x0: float, target: float, below: bool) -> float | None:
    """The x nearest x0 in [px[0], px[-1]] at which the piecewise-linear t (values tp at px) reaches `target`
    (from above when `below`, else from below); None when it never does."""
    g = (target - tp) if below else (tp - target)  # >= 0 where the change has happened
    best: float | None = None
    for a, b, ga, gb in zip(px[:-1], px[1:], g[:-1], g[1:], strict=True):
        if ga < 0 and gb < 0:
            continue
        xc = a + ga * (b - a) / (ga - gb) if (ga < 0) != (gb < 0) else a
        left, right = (a, b) if ga >= 0 and gb >= 0 else ((xc, b) if ga < 0 else (a, xc))
        cand = float(min(max(x0, left), right))  # the point of {g >= 0} on this piece nearest x0
        if best is None or abs(cand - x0) < abs(best - x0):
            best = cand
    return best


def _leaders_of(analysis: Analysis, method: str, batch: Array, w: Array) -> Array:
    """Leader of each matrix in `batch` (k, m, n); -1 where the method cannot rank it (a weighted product
    with a score of 0)."""
    spec = get_method(method)
    c = analysis.model
    try:
        S = spec.prepare(batch, c.is_cost, analysis.inputs).scores(np.broadcast_to(w, (batch.shape[0], w.shape[0])))
        return _leaders(S, spec.higher_is_better)
    except EngineError:
        if batch.shape[0] == 1:
            return np.array([-1])
        half = batch.shape[0] // 2
        return np.concatenate([_leaders_of(analysis, method, batch[:half], w),
                               _leaders_of(analysis, method, batch[half:], w)])


def _scanned(analysis: Analysis, method: str, w: Array) -> list[ScoreTip]:
    c = analysis.model
    m, n = c.m, c.n
    leader = analysis.score(method, w, normalized=True).leader()
    # Brackets [same, changed] per cell and side, found on the grid, then bisected together.
    cells, same, changed = [], [], []
    for j in range(n):
        grid = np.linspace(c.lo[j], c.hi[j], GRID)
        batch = np.broadcast_to(c.X, (m, GRID, m, n)).copy()
        batch[np.arange(m), :, np.arange(m), j] = grid  # cell (i, j) at each grid value
        lead = _leaders_of(analysis, method, batch.reshape(-1, m, n), w).reshape(m, GRID)
        for i in range(m):
            x0 = c.X[i, j]
            differs = (lead[i] != leader) & (lead[i] >= 0)
            up = np.flatnonzero(differs & (grid > x0))
            down = np.flatnonzero(differs & (grid < x0))
            for hits, step in ((up, 1), (down, -1)):
                if hits.size:
                    k = hits[0] if step == 1 else hits[-1]
                    prev = grid[k - step] if (grid[k - step] - x0) * step > 0 else x0
                    cells.append((i, j))
                    same.append(prev)
                    changed.append(grid[k])
    found: dict[tuple[int, int], tuple[float, int]] = {}
    if cells:
        idx = np.array(cells)
        lo, hi = np.array(same, dtype=float), np.array(changed, dtype=float)
        scale = (c.hi - c.lo)[idx[:, 1]]
        while np.any(np.abs(hi - lo) > BISECT_TOL * np.maximum(scale, 1e-300)):
            mid = 0.5 * (lo + hi)
            lead = _leaders_of(analysis, method, _with_cells(c.X, idx, mid), w)
            moved = (lead != leader) & (lead >= 0)
            hi = np.where(moved, mid, hi)
            lo = np.where(moved, lo, mid)
        new = _leaders_of(analysis, method, _with_cells(c.X, idx, hi), w)
        for (i, j), x, nl in zip(cells, 0.5 * (lo + hi), new, strict=True):
            prev = found.get((i, j))
            if prev is None or abs(x - c.X[i, j]) < abs(prev[0] - c.X[i, j]):
                found[(i, j)] = (float(x), int(nl))
    none: tuple[float | None, int | None] = (None, None)
    return [ScoreTip(i, j, float(c.X[i, j]), *found.get((i, j), none)) for j in range(n) for i in range(m)]


@dataclass(frozen=True)
class LikelihoodTip:
    condition: int  # index into `CompiledModel.conditions`
    value: float  # the likelihood now
    to: float | None  # the likelihood past which another option leads; None: none from 0 to 1
    new_leader: int | None


def _at_likelihood(analysis: Analysis, k: int, p: Array) -> Array:
    """(len(p), m, n) the matrix with condition k's option's expected cells at each likelihood in p."""
    c = analysis.model
    cond = c.conditions[k]
    batch = np.broadcast_to(c.X, (p.shape[0], c.m, c.n)).copy()
    batch[:, cond.option, list(cond.criteria)] = cond.scores_at(p)
    return batch


def likelihood_tipping_points(analysis: Analysis, method: str, w: Array) -> list[LikelihoodTip]:
    """For every condition, the likelihood nearest the current one (from 0 to 1) at which the leader changes."""
    c = analysis.model
    w = np.asarray(w, dtype=float)
    leader = analysis.score(method, w, normalized=True).leader()
    grid = np.linspace(0.0, 1.0, GRID)
    out: list[LikelihoodTip] = []
    for k, cond in enumerate(c.conditions):
        if not cond.criteria or c.m < 2:
            out.append(LikelihoodTip(k, cond.p, None, None))
            continue
        lead = _leaders_of(analysis, method, _at_likelihood(analysis, k, grid), w)
        differs = (lead != leader) & (lead >= 0)
        best: tuple[float, int] | None = None
        for hits, step in ((np.flatnonzero(differs & (grid > cond.p)), 1),
                           (np.flatnonzero(differs & (grid < cond.p)), -1)):
            if not hits.size:
                continue
            g = hits[0] if step == 1 else hits[-1]
            same = grid[g - step] if 0 <= g - step < GRID and (grid[g - step] - cond.p) * step > 0 else cond.p
            lo, hi = float(same), float(grid[g])
            while abs(hi - lo) > BISECT_TOL:
                mid = 0.5 * (lo + hi)
                moved = _leaders_of(analysis, method, _at_likelihood(analysis, k, np.array([mid])), w)[0]
                lo, hi = (lo, mid) if moved != leader and moved >= 0 else (mid, hi)
            new = int(_leaders_of(analysis, method, _at_likelihood(analysis, k, np.array([hi])), w)[0])
            x = 0.5 * (lo + hi)
            if best is None or abs(x - cond.p) < abs(best[0] - cond.p):
                best = (x, new)
        at_bound = best is not None and _at_bound(best[0], 0.0, 1.0)  # a tie met only at a likelihood of 0 or 1
        out.append(LikelihoodTip(k, cond.p, *best) if best and not at_bound else LikelihoodTip(k, cond.p, None, None))
    return out


def _likelihood_change(analysis: Analysis, tip: LikelihoodTip, leader: int, runner: int) -> ChangePoint | None:
    c = analysis.model
    cond = c.conditions[tip.condition]
    if tip.to is None or tip.new_leader is None:
        return None
    inside = bool(cond.p_low - 1e-6 <= tip.to <= cond.p_high + 1e-6)
    verb = "falls below" if tip.to < tip.value else "rises above"
    digits = 2 if abs(tip.to - tip.value) >= 0.005 else 4  # a change too small for two decimals still shows
    to, now = f"{tip.to:.{digits}f}", f"{tip.value:.{digits}f}"
    s = (f"{_opening(c.option_names, leader, runner, tip.new_leader)} if the chance {cond.name} "
         f"({c.option_names[cond.option]}) {verb} {to} (now {now})"
         f" — {LIKELIHOOD_WORDS.get(cond.basis, 'a likelihood')} whose own range ({cond.p_low:.2f}–"
         f"{cond.p_high:.2f}) " + (f"includes {to}." if inside else f"does not reach {to}."))
    return ChangePoint("likelihood", cond.option, cond.criteria[0], tip.value, tip.to, abs(tip.to - tip.value),
                       cond.basis, inside, leader, tip.new_leader, s, condition=cond.id)


def _with_cells(X: Array, idx: Array, values: Array) -> Array:
    batch = np.broadcast_to(X, (idx.shape[0], *X.shape)).copy()
    batch[np.arange(idx.shape[0]), idx[:, 0], idx[:, 1]] = values
    return batch


# --- the list ----------------------------------------------------------------------------------------------


def _num(x: float) -> str:
    return f"{x:.3g}"


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def _unit(units: list[str] | tuple[str, ...] | None, j: int) -> str:
    u = units[j] if units else ""
    return f" {u}" if u else ""


def _opening(names: tuple[str, ...], leader: int, runner: int, new: int) -> str:
    if new == runner:
        return f"{names[leader]} and {names[new]} swap places"
    return f"{names[new]} overtakes {names[leader]}"


def _score_change(analysis: Analysis, tip: ScoreTip, leader: int, runner: int, bases: list[list[str]] | None,
                  units: list[str] | tuple[str, ...] | None) -> tuple[ChangePoint | None, str]:
    """The change point of one cell (None where no single change within the scale changes who leads) and its
    sentence either way."""
    c = analysis.model
    i, j = tip.option, tip.criterion
    names, crit = c.option_names, c.criterion_names
    u = _unit(units, j)
    span = c.hi[j] - c.lo[j]
    if tip.to is None or tip.new_leader is None:
        return None, (f"No single change of the score of {names[i]} on {crit[j]} within its scale "
                      f"({_num(c.lo[j])}–{_num(c.hi[j])}{u}) changes who leads.")
    low, high = float(c.low[i, j]), float(c.high[i, j])
    slack = 1e-6 * span  # the bisection ends just past a jump; within a millionth of the scale counts as at it
    inside = bool(low - slack <= tip.to <= high + slack)
    basis = bases[i][j] if bases is not None else None
    expected = any(cd.option == i and j in cd.criteria for cd in c.conditions)  # an expected value (version 8)
    s = (f"{_opening(names, leader, runner, tip.new_leader)} if the {'expected ' if expected else ''}score of "
         f"{names[i]} on {crit[j]} moves from "
         f"{_num(tip.value)} past {_num(tip.to)}{u}")
    what = BASIS_WORDS.get(basis or "", "a score")
    s += (f" — {what} whose own range ({_num(low)}–{_num(high)}{u}) "
          + (f"includes {_num(tip.to)}." if inside else f"does not reach {_num(tip.to)}."))
    return ChangePoint("score", i, j, tip.value, tip.to, abs(tip.to - tip.value) / span if span > 0 else 0.0,
                       basis, inside, leader, tip.new_leader, s), s


def _leader_and_runner(analysis: Analysis, method: str, w: Array) -> tuple[int, int]:
    ranking = analysis.score(method, w, normalized=True)
    leader = ranking.leader()
    return leader, int(ranking.order[1]) if analysis.model.m > 1 else leader


def cell_sentences(analysis: Analysis, method: str, w: Array, *, bases: list[list[str]] | None = None,
                   units: list[str] | tuple[str, ...] | None = None) -> list[list[str]]:
    """For every cell (options by criteria), what a single change of its score would do, in a sentence: the
    value past which another option leads, or that no single change within the scale changes who leads."""
    w = np.asarray(w, dtype=float)
    leader, runner = _leader_and_runner(analysis, method, w)
    c = analysis.model
    out = [[""] * c.n for _ in range(c.m)]
    for tip in score_tipping_points(analysis, method, w):
        out[tip.option][tip.criterion] = _score_change(analysis, tip, leader, runner, bases, units)[1]
    return out


def what_would_change(analysis: Analysis, method: str, w: Array, *, bases: list[list[str]] | None = None,
                      units: list[str] | tuple[str, ...] | None = None,
                      region: WeightRegion | None = None, tree: ValueTree | None = None) -> list[ChangePoint]:
    """Every single score change and weight change that changes who leads, nearest first (by share of the
    criterion's scale, or of the whole weight). With a value `tree`, each objective's weight too (`objective_changes`),
    ranked among them by the same share of the whole weight."""
    c = analysis.model
    w = np.asarray(w, dtype=float)
    leader, runner = _leader_and_runner(analysis, method, w)
    out: list[ChangePoint] = []
    for tip in score_tipping_points(analysis, method, w):
        point = _score_change(analysis, tip, leader, runner, bases, units)[0]
        if point is not None:
            out.append(point)
    for ltip in likelihood_tipping_points(analysis, method, w):
        lpoint = _likelihood_change(analysis, ltip, leader, runner)
        if lpoint is not None:
            out.append(lpoint)
    for cs in sensitivity(analysis, method, w):
        k, wk = cs.criterion, cs.weight
        for tp in _nearest_each_side(list(cs.tipping_points), wk):
            new, _old = tp.change_from(wk)
            if new == leader or _at_bound(tp.weight, 0.0, 1.0):
                continue
            what = (f"the weight of {c.criterion_names[k]}", "the other weights rescaled in proportion")
            out.append(_weight_point("weight", what, k, wk, tp.weight, sweep_weights(w, k, np.array([tp.weight])),
                                     c.option_names, leader, runner, new, region))
    if tree is not None and not tree.is_flat:
        out += objective_changes(analysis, method, w, tree, leader, runner, region)
    out.sort(key=lambda p: (p.share_of_scale, p.kind, p.criterion, -1 if p.option is None else p.option))
    return out


def _nearest_each_side(tips: list[TippingPoint], now: float) -> list[TippingPoint]:
    """The tipping point nearest above `now` and the nearest at or below it, where there are such."""
    above = [tp for tp in tips if tp.weight > now]
    below = [tp for tp in tips if tp.weight <= now]
    return (([min(above, key=lambda t: t.weight)] if above else [])
            + ([max(below, key=lambda t: t.weight)] if below else []))


def objective_changes(analysis: Analysis, method: str, w: Array, tree: ValueTree, leader: int, runner: int,
                      region: WeightRegion | None = None) -> list[ChangePoint]:
    """Each objective's weight tipping points (the nearest on each side), as the criteria's: the objective's weight
    swept with its criteria keeping their proportions and the other weights rescaled in proportion
    (`tree.branch_direction`, the Sensitivity view's sweep of an objective). An objective that holds one criterion
    only, or only one with a weight above 0, or the same criteria as another listed before it, adds nothing the list
    does not already hold."""
    c = analysis.model
    w = np.asarray(w, dtype=float)
    out: list[ChangePoint] = []
    seen: set[tuple[int, ...]] = set()
    for node in range(tree.n_nodes):
        mask = tree.leaves[node] > 0
        key = tuple(np.flatnonzero(mask).tolist())
        weighted = int(np.count_nonzero(w[mask] > 0))
        # An objective whose criteria but one weigh nothing sweeps as that criterion does: its entries would
        # repeat the criterion's.
        if len(key) < 2 or len(key) == c.n or key in seen or weighted < 2:
            continue
        seen.add(key)
        inside, rest = branch_direction(w, mask)
        now = float(w[mask].sum())
        for tp in _nearest_each_side(tipping_points_along(analysis, method, inside, rest), now):
            new, _old = tp.change_from(now)
            if new == leader or _at_bound(tp.weight, 0.0, 1.0):
                continue
            moved = tp.weight * inside + (1.0 - tp.weight) * rest
            what = (f"the weight of the objective {tree.names[node]}",
                    "its criteria keeping their proportions, the other weights rescaled in proportion")
            out.append(_weight_point("objective", what, key[0], now, tp.weight, moved[None, :], c.option_names,
                                     leader, runner, new, region, objective=tree.ids[node]))
    return out


def _weight_point(kind: str, what: tuple[str, str], criterion: int, now: float, to: float, moved: Array,
                  names: tuple[str, ...], leader: int, runner: int, new: int, region: WeightRegion | None,
                  objective: str | None = None) -> ChangePoint:
    """One weight's (a criterion's or an objective's) change point: `what` is (the weight's name, how the other
    weights follow it); `moved` (1, n) the weights at the tipping point, placed inside or outside `region`."""
    within = None if region is None else bool(region.contains(moved)[0])
    verb = "rises" if to > now else "falls"
    s = f"{_opening(names, leader, runner, new)} if {what[0]} {verb} from {_pct(now)} past {_pct(to)} ({what[1]})"
    s += "." if region is None else (" — inside " if within else " — outside ") + f"the {region.phrase()}."
    return ChangePoint(kind, None, criterion, now, to, abs(to - now), None, within, leader, new, s,
                       objective=objective)


def _at_bound(x: float, lo: float, hi: float, tol: float = BOUND_TOL) -> bool:
    """Is `x` at an end of [lo, hi] to within `tol` of the span? A tipping point found there is a tie the search
    met only at the bound itself ("falls below 0.00"): no value inside the scale changes who leads."""
    span = max(hi - lo, 1e-300)
    return bool(abs(x - lo) <= tol * span or abs(hi - x) <= tol * span)
