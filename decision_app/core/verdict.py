"""How firm the answer is, in one function every surface calls: `verdict(...)` -> `Verdict`.

The leader is the option first under the current weights and the scores' best estimates. Over the weight
region (`core.region`), the scores' ranges and the SMAA draws from exactly that region, the answer is

- ``robust``: no other option scores higher than the leader anywhere in the region for any scores within their
  ranges (ties on the boundary allowed); an exact tie at the current weights is never robust;
- ``likely``: not robust, but the leader is first in at least 50 % of the draws and beats every other option in
  at least 75 % of them (its pairwise winning index);
- ``too_close``: otherwise, with every possible winner (exact) or every option first in at least one draw (`leaders`,
  the set every headline counts); the sentence names those first in at least 10 % of the draws, each with its
  share of first places, and counts the rest ("5 other options can too, each first in under 10 % of draws").

Exactness. When the method's record gives per-cell terms (`Method.cell_terms`: the weighted sum, whose values
are per cell on fixed scales, and the weighted product, whose ratios' reference cancels between two options)
and they are finite (no weighted product with a score of 0 in a range), option a beats option b for all scores
in the ranges exactly when ``sum_j w_j (min t[a, j] - max t[b, j]) >= 0``, each cell's extreme taken over its
own range independently. For a monotone value function the extremes lie at the range's ends; for a
piecewise-linear one that turns, at an end or a breakpoint inside the range, and both are looked at, so a
non-monotone value function stays exact. Over the region each test is a linear program (`WeightRegion.minimise`,
closed form without cuts, else scipy's HiGHS): the leader is a necessary winner when its worst margin over
every rival is not below 0; an option is a possible winner when max t, subject to it beating every rival by t
somewhere, is not below 0. Where no such form exists (PROMETHEE II, where a third option's score changes a
pairwise preference; TOPSIS; VIKOR) or a term is infinite, the verdict rests on the draws, `exact` is False and
the sentence says "in every one of 20,000 draws", which is not "for every weight". Under VIKOR the verdict also
reports VIKOR's own compromise set at the current weights (acceptable advantage and acceptable stability).

With scores "fixed", the ranges are set aside (the terms are those of the best estimates) and the sentence
says so. No Qt, no pandas, no pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_app.core.engine import Analysis
from decision_app.core.methods import Array, get_method, vikor_conditions
from decision_app.core.region import TOL, WeightRegion
from decision_app.core.smaa import SmaaResult
from decision_app.core.snapshot import Uncertainty, UncertaintySettings, run_uncertainty

KINDS = ("robust", "likely", "too_close")
LIKELY_FIRST = 0.5  # the leader first in at least this share of the draws ...
LIKELY_PAIRWISE = 0.75  # ... and beating every other option in at least this share
NAMED_SHARE = 0.10  # "too close" names every option first this often; it counts the others that can come first
WITNESSES = 256  # weight vectors that can prove an option a possible winner before any linear program


@dataclass(frozen=True, eq=False)
class Verdict:
    kind: str  # robust | likely | too_close
    leader: int
    leaders: tuple[int, ...]  # the leader, then (too_close) every option that can come first, by share
    first_share: Array  # (m,) share of the draws in which each option comes first
    pairwise: Array  # (m,) share of the draws in which the leader scores strictly better than each option
    sentence: str
    exact: bool  # robust / possible winners decided by linear programs, not by the draws
    samples: int
    tie: bool  # the leader is tied with another option at the current weights
    fixed_scores: bool  # the ranges were set aside
    # (m,) exact: the leader's least margin over each option in the region; None also when the region has cuts
    # and a drawn witness already showed a rival beating the leader (its linear programs are then spared)
    worst_margin: Array | None
    possible: Array | None  # (m,) bool, exact and too_close: can come first somewhere
    compromise: tuple[int, ...] | None = None  # VIKOR's compromise set at the current weights
    compromise_conditions: tuple[bool, bool] | None = None  # (acceptable advantage, acceptable stability)

    def payload(self, option_ids: tuple[str, ...]) -> dict[str, Any]:
        """The ``"verdict"`` block of the JSON outputs."""
        ids = option_ids
        out: dict[str, Any] = {
            "kind": self.kind, "leader": ids[self.leader], "leaders": [ids[i] for i in self.leaders],
            "first_share": {ids[i]: float(s) for i, s in enumerate(self.first_share)},
            "pairwise": {ids[i]: float(s) for i, s in enumerate(self.pairwise) if i != self.leader},
            "sentence": self.sentence, "exact": self.exact,
        }
        if self.compromise is not None:
            out["compromise"] = [ids[i] for i in self.compromise]
        return out


def settings_region(settings: UncertaintySettings, weights: Array, criterion_ids: tuple[str, ...] = (),
                    groups: Mapping[str, tuple[int, ...]] | None = None) -> WeightRegion:
    """The region the SMAA settings draw from (`UncertaintySettings.region`, the one `run_uncertainty` draws
    from); `criterion_ids` (the model's, in the weights' order) and `groups` (its objectives' criteria) place
    the agreed order and bounds."""
    return settings.region(criterion_ids, weights, groups)


def verdict_for(analysis: Analysis, method: str, weights: Array, settings: UncertaintySettings, *,
                uncertainty: Uncertainty | None = None, threads: int = 1) -> Verdict:
    """The verdict for one analysis state under its SMAA settings; `uncertainty`, when it is this state's
    (same method, weights and settings) and carries pairwise counts, is reused instead of drawing again."""
    w = np.asarray(weights, dtype=float)
    u = uncertainty
    if (u is None or u.method != method or u.settings != settings or u.weights.shape != w.shape
            or not np.allclose(u.weights, w, rtol=0, atol=1e-12) or u.result.pairwise is None):
        u = run_uncertainty(analysis.model, method, w, settings, vikor_v=analysis.vikor_v, threads=threads)
    return verdict(analysis, method, w, settings_region(settings, w, analysis.model.criterion_ids,
                                                             analysis.model.groups), u.result,
                   settings.scores_mode)


def cell_extremes(analysis: Analysis, method: str, fixed: bool) -> tuple[Array, Array] | None:
    """(lowest, highest) per-cell term of each cell over its score range (the best estimates when `fixed`),
    (m, n) each; None when the method has no per-cell form or a term is not finite."""
    spec = get_method(method)
    if spec.cell_terms is None:
        return None
    c = analysis.model
    if fixed:
        T = spec.cell_terms(c.X, c.is_cost, analysis.inputs)
        lo = hi = T
    else:
        # Candidates: the range's ends and each value function's breakpoints clipped into the range.
        xs = [c.low, c.high]
        for j, vf in enumerate(c.value_fns):
            if vf is not None:
                for x in vf[0]:
                    cand = c.X.copy()
                    cand[:, j] = np.clip(x, c.low[:, j], c.high[:, j])
                    xs.append(cand)
        T = spec.cell_terms(np.stack(xs), c.is_cost, analysis.inputs)
        lo, hi = T.min(axis=0), T.max(axis=0)
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))):
        return None
    return lo, hi


def necessary_margins(region: WeightRegion, lo: Array, hi: Array, leader: int) -> Array:
    """(m,) the leader's least margin over each option, over the region and the ranges (its own entry inf)."""
    m = lo.shape[0]
    others = [r for r in range(m) if r != leader]
    out = np.full(m, np.inf)
    if others:
        out[others] = region.minimise(lo[leader][None, :] - hi[others])
    return out


def possible_winners(region: WeightRegion, lo: Array, hi: Array) -> Array:
    """(m,) for each option, the largest t by which it can beat every other option at once somewhere in the
    region with scores in their ranges (its own at their best, the others' at their worst)."""
    m = lo.shape[0]
    out = np.full(m, np.inf)
    for i in range(m):
        others = [r for r in range(m) if r != i]
        if others:
            out[i] = region.maximin(hi[i][None, :] - lo[others])[0]
    return out


def necessary_winner(region: WeightRegion, lo: Array, hi: Array, leader: int) -> tuple[bool, Array | None]:
    """Is the leader first everywhere in the region for all scores in their ranges (ties allowed), with its least
    margins over each option (None when a drawn witness settled it in a region with cuts)?"""
    if not region.closed_form and _beaten_somewhere(region, lo, hi, leader):
        return False, None
    worst = necessary_margins(region, lo, hi, leader)
    return bool(np.all(worst[np.arange(lo.shape[0]) != leader] >= -TOL)), worst


def _beaten_somewhere(region: WeightRegion, lo: Array, hi: Array, leader: int) -> bool:
    """Does a drawn witness weight vector show a rival (at its best) beating the leader (at its worst)? Spares the
    linear programs of a region with cuts when the answer is no longer robust anyway."""
    W = region.sample(np.random.default_rng(0), WITNESSES)
    rivals = np.delete(hi, leader, axis=0)
    return rivals.shape[0] > 0 and bool(np.any(W @ lo[leader] < (W @ rivals.T).max(axis=1) - TOL))


def can_come_first(region: WeightRegion, lo: Array, hi: Array) -> Array:
    """(m,) bool: is each option a possible winner (`possible_winners` >= 0)? Decided first from `WITNESSES`
    weight vectors drawn from the region (fixed seed), at which an option with its scores at their best that
    beats every other at their worst is a possible winner outright; a linear program only for the rest."""
    m = lo.shape[0]
    if m == 1:
        return np.ones(1, dtype=bool)
    W = region.sample(np.random.default_rng(0), WITNESSES)
    A, B = W @ hi.T, W @ lo.T  # (k, m): every option at its best, at its worst
    first = np.argmax(B, axis=1)
    top = B[np.arange(B.shape[0]), first]
    B2 = B.copy()
    B2[np.arange(B.shape[0]), first] = -np.inf
    second = B2.max(axis=1)
    rival = np.where(first[:, None] == np.arange(m), second[:, None], top[:, None])  # best other, at its worst
    out: Array = np.any(A - rival >= 0, axis=0)
    undecided = np.flatnonzero(~out)
    if undecided.size:
        # An option that some single rival beats everywhere (at its best against the rival at its worst) is no
        # possible winner: one closed-form minimisation for all such pairs at once, over the region without its
        # cuts (which holds the region, so beaten there is beaten here).
        pairs = [(i, r) for i in undecided for r in range(m) if r != i]
        margins = region.relaxed().minimise(np.array([lo[r] - hi[i] for i, r in pairs]))
        beaten = {i for (i, _r), x in zip(pairs, margins, strict=True) if x > TOL}
        undecided = np.array([i for i in undecided if i not in beaten], dtype=int)
    for i in undecided:
        others = [r for r in range(m) if r != i]
        out[i] = region.maximin(hi[i][None, :] - lo[others])[0] >= -TOL
    return out


def verdict(analysis: Analysis, method: str, weights: Array, region: WeightRegion, draws: SmaaResult,
            scores_mode: str) -> Verdict:
    """The verdict at normalised `weights`; `draws` must come from SMAA over `region` with `scores_mode`."""
    c = analysis.model
    m = c.m
    w = np.asarray(weights, dtype=float)
    ranking = analysis.score(method, w, normalized=True)
    leader = ranking.leader()
    tie = int(np.count_nonzero(ranking.ranks == 1)) > 1
    first = np.asarray(draws.acceptability[:, 0], dtype=float)
    if draws.pairwise is None:
        raise ValueError("the verdict needs SMAA results with pairwise counts")
    pairwise = np.asarray(draws.pairwise[leader], dtype=float)
    fixed = scores_mode == "fixed"
    others = [r for r in range(m) if r != leader]
    ext = cell_extremes(analysis, method, fixed)
    exact = ext is not None
    worst = possible = None
    if ext is not None:
        necessary, worst = necessary_winner(region, ext[0], ext[1], leader)
        robust = not tie and necessary
    else:
        robust = not tie and bool(np.all(pairwise[others] >= 1.0))
    if robust:
        kind = "robust"
    elif first[leader] >= LIKELY_FIRST and bool(np.all(pairwise[others] >= LIKELY_PAIRWISE)):
        kind = "likely"
    else:
        kind = "too_close"
    leaders: tuple[int, ...] = (leader,)
    if kind == "too_close":
        if ext is not None:
            possible = can_come_first(region, ext[0], ext[1])
            named = set(np.flatnonzero(possible).tolist())
        else:
            named = set(np.flatnonzero(first > 0).tolist())  # first in a draw: can come first (in the draws)
        named |= set(np.flatnonzero(ranking.ranks == 1).tolist())  # the leader and any option tied with it
        leaders = tuple(sorted(named, key=lambda i: (-first[i], i != leader, i)))
    compromise = conditions = None
    details = analysis.prepared(method).details(w)
    if "compromise" in details:  # VIKOR
        compromise = tuple(int(i) for i in details["compromise"])
        conditions = vikor_conditions(details["S"], details["R"], details["Q"])
    v = Verdict(kind, leader, leaders, first, pairwise, "", exact, draws.samples, tie, fixed, worst, possible,
                compromise, conditions)
    return _with_sentence(v, c.option_names, region)


def share_words(share: float) -> str:
    """A share of the draws as every surface writes it ("40 %", "under 1 %", "over 99 %")."""
    if 0 < share < 0.005:
        return "under 1 %"
    if 0.995 <= share < 1:
        return "over 99 %"
    return f"{share * 100:.0f} %"


def first_words(share: float) -> str:
    """An option's share of first places, as every chart and table beside its name writes it ("40 % first")."""
    return f"{share_words(share)} first"


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _with_sentence(v: Verdict, names: tuple[str, ...], region: WeightRegion) -> Verdict:
    import dataclasses

    lead = names[v.leader]
    where = region.words()
    draws = f"{v.samples:,} draws"
    scores = ("with the scores held at their best estimates (scores are fixed: their ranges are set aside)"
              if v.fixed_scores else "with every score anywhere within its range")
    m = v.first_share.shape[0]
    others = [r for r in range(m) if r != v.leader]
    if v.kind == "robust":
        if v.exact:
            s = f"Robust: {lead} comes first {where}, {scores}."
        else:
            s = (f"Robust in the draws: {lead} comes first in every one of {draws} of the weights ({region.drawn()}) and of "
                 + ("the scores (fixed at their best estimates: their ranges are set aside)" if v.fixed_scores
                    else "the scores within their ranges") + "; a sample, not a proof for every weight.")
    elif v.kind == "likely":
        closest = min(others, key=lambda r: v.pairwise[r])
        s = (f"Likely: {lead} comes first in {share_words(v.first_share[v.leader])} of {draws} and beats each other "
             f"option in at least {share_words(v.pairwise[closest])} of them (closest: {names[closest]}), but some "
             f"{region.phrase()}" + ("" if v.fixed_scores else ", or scores within their ranges,")
             + " put another option first.")
        if v.fixed_scores:
            s += " Scores are fixed at their best estimates; their ranges are set aside."
    else:
        shown = [i for i in v.leaders if v.first_share[i] >= NAMED_SHARE or i == v.leader]
        rest = [i for i in v.leaders if i not in shown]
        parts = [f"{names[i]} ({share_words(v.first_share[i])}{' of draws' if k == 0 else ''})" for k, i in enumerate(shown)]
        if len(v.leaders) == 1:
            s = (f"Too close to call: {lead} comes first in {share_words(v.first_share[v.leader])} of {draws} but does "
                 f"not beat every other option in 75 % of them.")
        else:
            s = (f"Too close to call: {_names(parts)} {'can each' if len(shown) > 1 else 'can'} come first with "
                 f"{region.phrase()}" + ("" if v.fixed_scores else " and scores within their ranges") + ".")
            if rest:
                s += (f" {len(rest)} other option{'s' * (len(rest) != 1)} can too, "
                      f"{'each ' if len(rest) != 1 else ''}first in under {NAMED_SHARE * 100:.0f} % of draws.")
            if shown[0] != v.leader:
                s += f" At the current weights and best estimates, {lead} is first."
        if v.tie:
            s += f" At the current weights {lead} is tied for first place."
        if v.fixed_scores:
            s += " Scores are fixed at their best estimates; their ranges are set aside."
        if not v.exact:
            how = f" of {region.drawn()}" if region.is_hull else ""
            s += f" (From {draws}{how}: a sample, not every weight.)"
    if v.compromise is not None and v.compromise_conditions is not None:
        c1, c2 = v.compromise_conditions
        members = _names([names[i] for i in v.compromise])
        why = ("acceptable advantage and stability both hold" if c1 and c2 else
               "the best option's advantage in Q is acceptable but it is not also best by S or R" if c1 else
               "no option's advantage in Q reaches the acceptable 1/(m-1)")
        s += f" VIKOR's compromise set at these weights: {members} ({why})."
    return dataclasses.replace(v, sentence=s)
