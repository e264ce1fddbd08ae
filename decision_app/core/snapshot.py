"""One analysis state's results, computed once in core and read by every face.

`take_snapshot(analysis, method, weights, ...)` returns a `Snapshot`: the ranking, each criterion's
contribution (from the method's details), each option's score range, the sweep of one criterion's weight
with its tipping points, optionally the sensitivity of every criterion (the brief's decisive criterion),
and the uncertainty result with the settings that produced it. The window makes one per weight move, the
brief and the CLI one per run; they never recompute these figures themselves.

`UncertaintySettings` holds the app's default SMAA settings (the one place they are written);
`session_uncertainty` reads a model session's settings over them and `session_uncertainty_block` turns
settings back into what a session saves, so the window, the brief and the CLI draw alike.

The cheap parts run on every call: a few matrix products on preparations cached by `Analysis`. Every
criterion's sensitivity is asked for (brief, CLI), not computed per move. SMAA is never run here: the
window runs `run_uncertainty` on its worker and attaches the result with `Snapshot.with_uncertainty`.
No Qt, no pandas, no pydantic.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from decision_app.core.compiled import CompiledModel
from decision_app.core.engine import Analysis, Result
from decision_app.core.errors import EngineError
from decision_app.core.floors import least_share
from decision_app.core.methods import METHOD_NAMES, Array, get_method
from decision_app.core.region import WeightRegion
from decision_app.core.schema import Session, SessionUncertainty
from decision_app.core.sensitivity import (
    CriterionSensitivity,
    TippingPoint,
    nearest_tipping,
    sensitivity,
    sweep,
    sweep_grid,
    tipping_points,
)
from decision_app.core.smaa import BAND, SmaaResult, smaa


@dataclass
class UncertaintySettings:
    """How SMAA draws: `samples` joint draws seeded with `seed`; weights uniform on the simplex, `around`
    the current weights (+/- `spread`), `ordered` (the simplex), or `participants` (Dirichlet(1) mixes of the
    workshop's participants' weights, `hull`: their convex hull), each cut by the agreed constraints: an
    `order` of importance (chains of criterion ids, most important first) and `bounds` on a weight ((criterion
    id, low, high) shares of the whole); scores `fixed`, or `uniform`/`triangular` within each score's
    low..high range. `region` builds the one weight region both SMAA and the verdict use.

    Mutable (callers and tests adjust a field); an `Uncertainty` keeps its own copy, so a later change
    never alters what a result says it was computed with."""

    samples: int = 20_000
    seed: int = 1
    weights_mode: str = "around"
    spread: float = 0.05
    scores_mode: str = "triangular"
    order: tuple[tuple[str, ...], ...] = ()
    bounds: tuple[tuple[str, float, float], ...] = ()
    # The participants' weights (rows in the model's criterion order) of weights mode "participants": read from
    # the model with the analysis (`document`), never saved with the settings.
    hull: tuple[tuple[float, ...], ...] = ()

    def region(self, criterion_ids: tuple[str, ...], weights: Array,
               groups: Mapping[str, tuple[int, ...]] | None = None) -> WeightRegion:
        """The weight region these settings draw from at `weights`: the weights mode's region cut by the agreed
        order and bounds. The one place it is built: SMAA (`run_uncertainty`) draws from it and the verdict
        reasons over it. `groups` (`CompiledModel.groups`: each objective's criteria) place an order or a bound
        that names an objective: its weight is the sum of its criteria's, so each is a linear cut (rows of A);
        orders among criteria only stay chains (drawn by sorting where nothing else cuts). Raises EngineError
        when the participants' hull is asked for without participants."""
        w = np.asarray(weights, dtype=float)
        n = w.shape[0]
        groups = groups or {}
        chains = self.chains(criterion_ids, groups)
        if self.weights_mode == "participants":
            if not self.hull:
                raise EngineError("the weights are to be mixes of the participants' weights, but no participant "
                                  "has entered weights in the round reported")
            region = WeightRegion.hull(np.array(self.hull, dtype=float))
        elif self.weights_mode == "ordered":
            region, chains = WeightRegion.from_mode("ordered", n, chains=chains), None
        else:
            region = WeightRegion.from_mode(self.weights_mode, n, w, self.spread)
        if chains:
            region = region.with_order(chains)
        region = region.with_group_order(self.group_chains(criterion_ids, groups))
        if self.bounds:
            lo, hi = np.zeros(n), np.ones(n)
            on_groups = []
            for cid, low, high in self.bounds:
                if cid in criterion_ids:
                    j = criterion_ids.index(cid)
                    lo[j], hi[j] = low, high
                elif cid in groups:
                    on_groups.append((_indicator(n, groups[cid]), low, high))
            region = region.bounded(lo, hi)._replace(bounds_agreed=True).group_bounded(on_groups)
        return region

    def chains(self, criterion_ids: tuple[str, ...],
               groups: Mapping[str, tuple[int, ...]] | None = None) -> list[list[int]] | None:
        """The order's chains that name no objective of `groups`, as chains of criterion indices (ids the model
        no longer has are left out), or None. A chain that names an objective is one of `group_chains`."""
        groups = groups or {}
        chains = [[criterion_ids.index(c) for c in chain if c in criterion_ids] for chain in self.order
                  if not any(c in groups for c in chain)]
        return [c for c in chains if len(c) >= 2] or None

    def group_chains(self, criterion_ids: tuple[str, ...],
                     groups: Mapping[str, tuple[int, ...]]) -> list[list[Array]]:
        """The order's chains that name an objective, each item as a 0/1 vector over the criteria (a criterion:
        itself; an objective: its criteria). Ids neither in the model's criteria nor its objectives are left
        out, as `chains` leaves them."""
        n = len(criterion_ids)
        out = []
        for chain in self.order:
            if not any(c in groups for c in chain):
                continue
            kept = [_indicator(n, groups[c]) if c in groups else _indicator(n, (criterion_ids.index(c),))
                    for c in chain if c in groups or c in criterion_ids]
            if len(kept) >= 2:
                out.append(kept)
        return out

    def has_order(self, criterion_ids: tuple[str, ...], groups: Mapping[str, tuple[int, ...]] | None = None) -> bool:
        """Does the order cut anything (a chain of two or more items the model has)?"""
        return bool(self.chains(criterion_ids, groups) or self.group_chains(criterion_ids, groups or {}))


def least_total(bounds: tuple[tuple[str, float, float], ...] | list[tuple[str, float, float]],
                criterion_ids: tuple[str, ...], groups: Mapping[str, tuple[int, ...]] | None = None) -> float:
    """The least shares of `bounds` as `floors.least_share` counts them (a compiled model's ids and objectives'
    criteria, `groups`); unknown ids are left out. More than 1 leaves the weights no room."""
    groups = groups or {}
    leaves = {cid: frozenset(groups[cid]) if cid in groups else frozenset({criterion_ids.index(cid)})
              for cid, _low, _high in bounds if cid in groups or cid in criterion_ids}
    return least_share({cid: low for cid, low, _high in bounds if cid in leaves}, leaves)


def _indicator(n: int, idx: tuple[int, ...]) -> Array:
    out = np.zeros(n)
    out[list(idx)] = 1.0
    return out


def session_uncertainty(session: Session | None) -> UncertaintySettings:
    """The settings a model's session asks for; what it leaves out (or a model without a session or without
    an uncertainty block) takes the app's defaults."""
    block = session.uncertainty if session is not None else None
    given = block.model_dump(exclude_none=True) if block is not None else {}
    if "order" in given:
        given["order"] = tuple(tuple(chain) for chain in given["order"])
    if "bounds" in given:
        given["bounds"] = tuple((cid, float(b["low"]), float(b["high"])) for cid, b in given["bounds"].items())
    return dataclasses.replace(UncertaintySettings(), **given)


def session_uncertainty_block(settings: UncertaintySettings) -> SessionUncertainty | None:
    """What a session saves of `settings`: every field, or None when they are the app's defaults (so a model
    whose analysis is untouched still saves byte-identical). The order is saved only when there is one."""
    if dataclasses.replace(settings, hull=()) == UncertaintySettings():
        return None
    return SessionUncertainty.model_validate({"samples": settings.samples, "seed": settings.seed,
                                              "weights_mode": settings.weights_mode, "spread": settings.spread,
                                              "scores_mode": settings.scores_mode,
                                              "order": [list(c) for c in settings.order] or None,
                                              "bounds": {cid: {"low": lo, "high": hi}
                                                         for cid, lo, hi in settings.bounds} or None})


@dataclass(frozen=True, eq=False)
class Uncertainty:
    """A SMAA result with what produced it: the settings (a private copy), the method, the weights drawn
    around and the compiled model it was run on. Build it with `make`."""

    settings: UncertaintySettings
    method: str
    weights: Array
    result: SmaaResult
    compiled: CompiledModel | None = None

    @classmethod
    def make(cls, settings: UncertaintySettings, method: str, weights: Array, result: SmaaResult,
             compiled: CompiledModel | None = None) -> Uncertainty:
        return cls(dataclasses.replace(settings), method, np.array(weights, dtype=float), result, compiled)


def run_uncertainty(compiled: CompiledModel, method: str, weights: Array, settings: UncertaintySettings, *,
                    vikor_v: float = 0.5, threads: int = 1, confidence: bool = True) -> Uncertainty:
    """SMAA-2 for one state. Seeded: same inputs, same result (whatever `threads`). The window's worker, the
    brief, the slides and the CLI reach it through `document.run_spec_uncertainty`, with one specification.
    Without `confidence`, no confidence factors (the window during a drag; `SmaaResult.complete`)."""
    s = settings
    res = smaa(compiled, method, samples=s.samples, seed=s.seed,
               region=s.region(compiled.criterion_ids, weights, compiled.groups),
               scores_mode=s.scores_mode, vikor_v=vikor_v, threads=threads, confidence=confidence)
    return Uncertainty.make(settings, method, weights, res, compiled)


@dataclass(frozen=True, eq=False)
class Whiskers:
    """What the ranking's whiskers span per option, and what that is.

    `band` False: the low-high range, the score with the option's own scores all at their worst and all at
    their best. `band` True: the 5-95 % band of the option's score over the uncertainty draws (for a method
    whose score is relative to the other options, where the low-high range says little)."""

    low: Array  # (m,)
    high: Array  # (m,)
    band: bool
    samples: int = 0  # the draws the band is read from (0 for a range)

    def words(self, score_label: str) -> str:
        """What they show, for a caption or a legend."""
        if not self.band:
            return "range from the options' low–high scores"
        return band_words(score_label, self.samples)


def band_words(score_label: str, samples: int | None) -> str:
    """What a band of the score over the draws is, in words; `samples` None: the draws are still to come."""
    over = "the uncertainty draws, once they are in" if samples is None else f"{samples:,} uncertainty draws"
    return f"{BAND[0]:.0%}–{BAND[1]:.0%} of each {score_label} over {over}"


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Everything the views, the brief and the CLI show for one state (method, weights, model).

    When the requested method cannot rank the model (WPM with a score of 0), `unavailable` says why and the
    figures are those of `method`, the first method in the registry that can: a fallback for display only.
    """

    method: str  # the method these figures are for
    requested_method: str  # the method the state asks for (== method unless `unavailable`)
    unavailable: str | None  # why the requested method cannot rank this model, else None
    weights: Array  # (n,) normalised
    profile_id: str | None
    scores: Array  # (m,)
    ranks: Array  # (m,) 1 = best, ties share the better rank
    order: Array  # option indices, best first
    higher_is_better: bool
    contributions: Array | None  # (m, n) for additive methods, from the method's details; else None
    low: Array | None  # (m,) score with the option's own scores at their worst; None when unavailable
    high: Array | None  # (m,) ... at their best
    sweep_criterion: int
    sweep_t: Array  # weights of the swept criterion
    sweep_scores: Array  # (len(sweep_t), m)
    tipping: tuple[TippingPoint, ...]  # of the swept criterion
    sensitivity: tuple[CriterionSensitivity, ...] | None = None  # every criterion, when asked for
    uncertainty: Uncertainty | None = None
    compiled: CompiledModel | None = None  # the model these figures are for

    @property
    def ranking(self) -> Result:
        return Result(self.method, self.weights, self.scores, self.ranks, self.order, self.higher_is_better)

    def leader(self) -> int:
        return int(self.order[0])

    def decisive(self) -> tuple[int, TippingPoint | None]:
        """The criterion whose tipping point lies nearest its weight, with that point; without any tipping
        point (or without `sensitivity`), the swept criterion and None."""
        near = nearest_tipping(list(self.sensitivity)) if self.sensitivity is not None else None
        if near is None:
            return self.sweep_criterion, None
        return near[0].criterion, near[1]

    def whiskers(self) -> Whiskers | None:
        """The ranking's whiskers: the low-high range, or for a method whose score is relative to the other
        options the band over the attached uncertainty draws; None when there is none to show (no range, or
        the draws are not yet those of this state)."""
        if not get_method(self.method).relative:
            return None if self.low is None or self.high is None else Whiskers(self.low, self.high, band=False)
        if self.uncertainty is None or not self.uncertainty_is_current():
            return None
        res = self.uncertainty.result
        return Whiskers(res.score_band[0], res.score_band[1], band=True, samples=res.samples)

    def uncertainty_is_current(self) -> bool:
        """Is the attached uncertainty complete and for this model, method and weights (not a previous state's,
        nor a drag's figures without confidence factors)?"""
        u = self.uncertainty
        return (u is not None and u.result.complete and u.method == self.method and u.weights.shape == self.weights.shape
                and (u.compiled is None or self.compiled is None or u.compiled is self.compiled)
                and bool(np.allclose(u.weights, self.weights, rtol=0, atol=1e-12)))

    def with_uncertainty(self, uncertainty: Uncertainty | None) -> Snapshot:
        return dataclasses.replace(self, uncertainty=uncertainty)


def decisive_criterion(analysis: Analysis, method: str, weights: Array) -> tuple[int, TippingPoint | None]:
    """The criterion whose tipping point lies nearest its weight, over every criterion, with that point (the
    heaviest criterion and None when no weight can change the leader). Where the Sensitivity view opens and
    which criterion its chooser marks; `method` falls back for display as in `take_snapshot`."""
    return take_snapshot(analysis, method, weights, sweep_criterion=None, display_fallback=True).decisive()


def take_snapshot(
    analysis: Analysis,
    method: str,
    weights: Array,
    *,
    profile_id: str | None = None,
    sweep_criterion: int | None = 0,
    sweep_t: Array | None = None,
    all_criteria: bool = False,
    display_fallback: bool = False,
    uncertainty: Uncertainty | None = None,
) -> Snapshot:
    """The figures of one state at normalised `weights`.

    `sweep_criterion` None sweeps the decisive criterion (and implies `all_criteria`). `sweep_t` defaults to
    `sensitivity.sweep_grid(method)`. `all_criteria` adds every criterion's tipping points and stability.
    A method that cannot rank the model raises EngineError, or with `display_fallback` gives the figures of
    the first registered method that can, saying why in `unavailable`.
    """
    get_method(method)  # unknown names fail here, whatever the fallback
    why = analysis.cannot_rank(method)
    shown = method
    if why is not None:
        if not display_fallback:
            raise EngineError(f"{get_method(method).label} cannot rank this model: {why}")
        shown = next(name for name in METHOD_NAMES if analysis.cannot_rank(name) is None)
    w = np.asarray(weights, dtype=float)
    ranking = analysis.score(shown, w, normalized=True)
    ranges = analysis.score_ranges(shown, w, ranking.scores)
    sens = None
    if all_criteria or sweep_criterion is None:
        sens = tuple(sensitivity(analysis, shown, w))
    if sweep_criterion is None:
        near = nearest_tipping(list(sens or ()))
        k = near[0].criterion if near is not None else int(np.argmax(w))
        tips = sens[k].tipping_points if sens is not None else ()
    else:
        k = sweep_criterion
        tips = sens[k].tipping_points if sens is not None else tuple(tipping_points(analysis, shown, w, k))
    t = sweep_grid(shown) if sweep_t is None else np.asarray(sweep_t, dtype=float)
    return Snapshot(
        method=shown, requested_method=method, unavailable=why, weights=w, profile_id=profile_id,
        scores=ranking.scores, ranks=ranking.ranks, order=ranking.order, higher_is_better=ranking.higher_is_better,
        contributions=analysis.contributions(shown, w), low=None if ranges is None else ranges[0],
        high=None if ranges is None else ranges[1], sweep_criterion=k, sweep_t=t,
        sweep_scores=sweep(analysis, shown, w, k, t), tipping=tuple(tips), sensitivity=sens, uncertainty=uncertainty,
        compiled=analysis.model,
    )
