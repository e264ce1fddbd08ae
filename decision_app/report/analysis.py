"""Everything a brief says, computed once and shared by the CLI and the window: the numbers (ranking,
margins, tipping points, uncertainty) and the plain sentences that state them. No reportlab here."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from decision_app import __version__
from decision_app.core.compiled import CompiledModel, compile_model, normalize_weights
from decision_app.core.engine import Analysis, Result
from decision_app.core.loading import fingerprint
from decision_app.core.methods import Array, Method, get_method
from decision_app.core.schema import DecisionModel
from decision_app.core.sensitivity import SWEEP_POINTS, CriterionSensitivity, TippingPoint
from decision_app.core.smaa import SmaaResult
from decision_app.core.snapshot import (
    Snapshot,
    UncertaintySettings,
    run_uncertainty,
    session_uncertainty,
    take_snapshot,
)


@dataclass
class BriefOptions:
    title: str | None = None
    author: str | None = None
    addressee: str = ""
    marking: str | None = None
    date: str | None = None
    top: int = 3
    comment: str = ""
    uncertainty: UncertaintySettings | None = None  # None: the model's session settings, else the app's
    samples: int | None = None  # overrides of those settings (the CLI's --samples and --seed)
    seed: int | None = None

    def uncertainty_settings(self, model: DecisionModel) -> UncertaintySettings:
        """What the brief's rank acceptability draws: the settings given (the window's), else those of the
        model's session, else the app's defaults; `samples` and `seed` override either."""
        base = self.uncertainty if self.uncertainty is not None else session_uncertainty(model.session)
        return dataclasses.replace(base, samples=base.samples if self.samples is None else self.samples,
                                   seed=base.seed if self.seed is None else self.seed)


@dataclass
class BriefData:
    """The core snapshot of the state the brief describes, plus what only the brief has (its metadata and
    sentences). The figures are read from `snapshot`, never recomputed here."""

    model: DecisionModel
    compiled: CompiledModel
    snapshot: Snapshot
    normalisation: str  # the method's normalisation text with its parameters (VIKOR's v) filled in
    fingerprint: str
    version: str
    date: str
    title: str
    author: str
    addressee: str
    marking: str
    comment: str
    top: int
    sentences: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> Method:
        return get_method(self.snapshot.method)

    @property
    def method(self) -> str:
        return self.snapshot.method

    @property
    def weights(self) -> Array:
        return self.snapshot.weights

    @property
    def profile_id(self) -> str | None:
        return self.snapshot.profile_id

    @property
    def result(self) -> Result:
        return self.snapshot.ranking

    @property
    def contributions(self) -> Array | None:
        return self.snapshot.contributions

    @property
    def low(self) -> Array | None:
        return self.snapshot.low

    @property
    def high(self) -> Array | None:
        return self.snapshot.high

    @property
    def sens(self) -> tuple[CriterionSensitivity, ...]:
        return self.snapshot.sensitivity or ()

    @property
    def decisive(self) -> int:
        return self.snapshot.decisive()[0]

    @property
    def decisive_tip(self) -> TippingPoint | None:
        return self.snapshot.decisive()[1]

    @property
    def sweep_t(self) -> Array:
        return self.snapshot.sweep_t

    @property
    def sweep_scores(self) -> Array:
        return self.snapshot.sweep_scores

    @property
    def uncertainty_settings(self) -> UncertaintySettings:
        assert self.snapshot.uncertainty is not None  # analyse() always attaches it
        return self.snapshot.uncertainty.settings

    @property
    def uncertainty(self) -> SmaaResult:
        assert self.snapshot.uncertainty is not None
        return self.snapshot.uncertainty.result


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def analyse(model: DecisionModel, method: str, weights: Array, profile_id: str | None, opts: BriefOptions,
            vikor_v: float = 0.5, threads: int = 1) -> BriefData:
    c = compile_model(model)
    a = Analysis(c, vikor_v=vikor_v)
    w = normalize_weights(np.asarray(weights, dtype=float))
    # the brief's chart draws every method's sweep on the same grid, straight lines included
    snap = take_snapshot(a, method, w, profile_id=profile_id, sweep_criterion=None,
                         sweep_t=np.linspace(0.0, 1.0, SWEEP_POINTS), all_criteria=True)
    snap = snap.with_uncertainty(run_uncertainty(c, method, w, opts.uncertainty_settings(model), vikor_v=vikor_v,
                                                 threads=threads))
    data = BriefData(
        model=model, compiled=c, snapshot=snap, normalisation=get_method(method).normalisation_text(a.inputs.params()),
        fingerprint=fingerprint(model), version=__version__, date=opts.date or dt.date.today().isoformat(),
        title=opts.title or model.title, author=opts.author if opts.author is not None else model.author,
        addressee=opts.addressee, marking=opts.marking if opts.marking is not None else model.classification,
        comment=opts.comment, top=max(1, min(opts.top, c.m)),
    )
    data.sentences = sentences(data)
    return data


def uncertainty_method(st: UncertaintySettings) -> str:
    """The appendix's account of how the rank acceptability was sampled, from the settings used."""
    weights = {"around": f"weights drawn uniformly within \u00b1{st.spread:.2f} of those used (clipped at 0 and "
                         "renormalised)",
               "uniform": "weights drawn uniformly over all non-negative weightings that sum to 1",
               "ordered": "weights drawn uniformly among those obeying the stated order of importance"}[st.weights_mode]
    scores = {"triangular": "each score drawn from a triangular distribution over its low\u2013high range with its "
                            "best estimate as the mode",
              "uniform": "each score drawn uniformly over its low\u2013high range",
              "fixed": "the scores fixed at their best estimates"}[st.scores_mode]
    return (f"SMAA-2 (Lahdelma and Salminen 2001) with {st.samples:,} samples, seed {st.seed}: {weights}; {scores}. "
            "The confidence factor is the share of score samples in which an option ranks first under its "
            "central weights.")


def weights_source(d: BriefData) -> str:
    if d.profile_id:
        p = d.model.profile(d.profile_id)
        return f"the profile \u201c{p.name}\u201d"
    return "custom weights"


def sentences(d: BriefData) -> dict[str, str]:
    c, r = d.compiled, d.result
    names = c.option_names
    lead, second = int(r.order[0]), int(r.order[1]) if c.m > 1 else None
    label = d.spec.score_label
    out: dict[str, str] = {}
    tied = [int(i) for i in r.order if r.ranks[i] == 1]
    how = f"Under the {d.spec.label.lower()} method with {weights_source(d)}"
    if len(tied) > 1:
        out["lead"] = (f"{how}, {' and '.join(names[i] for i in tied)} tie for first place "
                       f"({label} {_fmt(r.scores[lead])}).")
    elif second is None:
        out["lead"] = f"{how}, {names[lead]} is the only option ({label} {_fmt(r.scores[lead])})."
    else:
        margin = abs(r.scores[lead] - r.scores[second])
        better = "lower" if not r.higher_is_better else "higher"
        out["lead"] = (f"{how}, {names[lead]} ranks first ({label} {_fmt(r.scores[lead])}), {_fmt(margin)} "
                       f"{better} than the runner-up, {names[second]} ({_fmt(r.scores[second])}).")
    tip = d.decisive_tip
    if tip is None:
        out["tipping"] = ("No change to a single criterion's weight, with the others rescaled in proportion, "
                          "would change which option leads.")
    else:
        k = d.decisive
        direction = "rose" if tip.weight > d.weights[k] else "fell"
        out["tipping"] = (f"The nearest tipping point: if the weight of {c.criterion_names[k]} {direction} from "
                          f"{d.weights[k]:.2f} to {tip.weight:.2f} (the others rescaled in proportion), "
                          f"{names[tip.after]} would lead instead of {names[tip.before]}.")
    acc = d.uncertainty.acceptability[:, 0]
    order = np.argsort(-acc, kind="stable")
    others = [f"{names[i]} in {acc[i]:.0%}" for i in order if i != lead and acc[i] >= 0.005][:2]
    st = d.uncertainty_settings
    draws = {"around": f"weights varied within \u00b1{st.spread:.2f} of these",
             "uniform": "weights drawn at random over all weightings",
             "ordered": "weights drawn at random in the stated order of importance"}[st.weights_mode]
    scores = "scores fixed at their best estimates" if st.scores_mode == "fixed" else "scores drawn within their ranges"
    out["uncertainty"] = (f"With {draws} and {scores} ({d.uncertainty.samples:,} samples, seed {d.uncertainty.seed}), "
                          f"{names[lead]} ranks first in {acc[lead]:.0%} of cases"
                          + (f"; {', '.join(others)}." if others else "."))
    out["status"] = d.model.score_status or "The scores are judgements recorded in the model."
    return out
