"""Everything a brief says, computed once and shared by the CLI and the window: the numbers (ranking,
margins, tipping points, uncertainty) and the plain sentences that state them. No reportlab here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from decision_app import __version__
from decision_app.core.compiled import CompiledModel, compile_model
from decision_app.core.engine import Analysis, Result
from decision_app.core.loading import fingerprint
from decision_app.core.methods import LABELS, SCORE_LABELS
from decision_app.core.schema import DecisionModel
from decision_app.core.sensitivity import CriterionSensitivity, TippingPoint, nearest_tipping, sensitivity, sweep
from decision_app.core.smaa import SmaaResult, smaa

UNCERTAINTY_SPREAD = 0.10

NORMALISATION = {
    "wsm": "Each score becomes a value from 0 (worst end of the criterion's scale) to 1 (best end), linearly "
           "or through the criterion's declared value function; the total is the weighted sum of the values.",
    "wpm": "Each score is divided by the best score on its criterion (x/max; min/x for costs); the total is the "
           "product of these ratios raised to the weights.",
    "topsis": "Scores are vector-normalised per criterion and weighted; the figure is the relative closeness "
              "to the ideal option, d\u207b / (d\u207a + d\u207b), with Euclidean distances.",
    "vikor": "Per criterion, the regret (best - score) / (best - worst) is weighted; S sums and R takes the "
             "largest weighted regret; Q = v(S - S*)/(S\u207b - S*) + (1 - v)(R - R*)/(R\u207b - R*), v = 0.5. "
             "Lower Q is better.",
    "promethee2": "Options are compared in pairs on each criterion (any advantage counts fully, or linearly "
                  "between the indifference and preference thresholds); the net flow is how strongly an option "
                  "outranks the others minus how strongly it is outranked.",
}


@dataclass
class BriefOptions:
    title: str | None = None
    author: str | None = None
    addressee: str = ""
    marking: str | None = None
    date: str | None = None
    top: int = 3
    samples: int = 10_000
    seed: int = 0
    comment: str = ""


@dataclass
class BriefData:
    model: DecisionModel
    compiled: CompiledModel
    method: str
    weights: np.ndarray
    profile_id: str | None
    result: Result
    contributions: np.ndarray | None
    low: np.ndarray | None
    high: np.ndarray | None
    sens: list[CriterionSensitivity]
    decisive: int
    decisive_tip: TippingPoint | None
    sweep_t: np.ndarray
    sweep_scores: np.ndarray
    uncertainty: SmaaResult
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


def _score_ranges(c: CompiledModel, analysis: Analysis, method: str, w: np.ndarray):
    """Each option's score with its own scores at their worst and at their best (others unchanged)."""
    from decision_app.core.methods import prepare

    m, n = c.m, c.n
    if 2 * m * m * n * (m if method == "promethee2" else 1) > 20_000_000:
        return None, None
    batch = np.broadcast_to(c.X, (2 * m, m, n)).copy()
    idx = np.arange(m)
    batch[idx, idx] = np.where(c.is_cost, c.high, c.low)
    batch[m + idx, idx] = np.where(c.is_cost, c.low, c.high)
    try:
        S = prepare(method, batch, c.is_cost, lo=c.lo, hi=c.hi, value_fns=c.value_fns, q=c.pref_q,
                    p=c.pref_p, v=analysis.vikor_v).scores(w)
    except Exception:  # noqa: BLE001 - e.g. WPM with a low of 0: the brief then shows no ranges
        return None, None
    base = analysis.prepared(method).scores(w)
    both = np.stack([S[idx, idx], S[m + idx, idx], base])
    return both.min(axis=0), both.max(axis=0)


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def analyse(model: DecisionModel, method: str, weights: np.ndarray, profile_id: str | None, opts: BriefOptions,
            vikor_v: float = 0.5, threads: int = 1) -> BriefData:
    c = compile_model(model)
    a = Analysis(c, vikor_v=vikor_v)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    res = a.score(method, w, normalized=True)
    prep = a.prepared(method)
    contrib = None
    if method == "wsm":
        contrib = prep.arrays["values"] * w
    elif method == "promethee2":
        contrib = prep.arrays["net"] * w
    low, high = _score_ranges(c, a, method, w)
    sens = sensitivity(a, method, w)
    near = nearest_tipping(sens)
    if near is not None:
        decisive, tip = near[0].criterion, near[1]
    else:
        decisive, tip = int(np.argmax(w)), None
    t = np.linspace(0, 1, 101)
    unc = smaa(c, method, samples=opts.samples, seed=opts.seed, weights_mode="around", center=w,
               spread=UNCERTAINTY_SPREAD, scores_mode="triangular", vikor_v=vikor_v, threads=threads)
    data = BriefData(
        model=model, compiled=c, method=method, weights=w, profile_id=profile_id, result=res, contributions=contrib,
        low=low, high=high, sens=sens, decisive=decisive, decisive_tip=tip, sweep_t=t,
        sweep_scores=sweep(a, method, w, decisive, t), uncertainty=unc, fingerprint=fingerprint(model),
        version=__version__, date=opts.date or dt.date.today().isoformat(),
        title=opts.title or model.title, author=opts.author if opts.author is not None else model.author,
        addressee=opts.addressee, marking=opts.marking if opts.marking is not None else model.classification,
        comment=opts.comment, top=max(1, min(opts.top, c.m)),
    )
    data.sentences = sentences(data)
    return data


def weights_source(d: BriefData) -> str:
    if d.profile_id:
        p = d.model.profile(d.profile_id)
        return f"the profile \u201c{p.name}\u201d"
    return "custom weights"


def sentences(d: BriefData) -> dict[str, str]:
    c, r = d.compiled, d.result
    names = c.option_names
    lead, second = int(r.order[0]), int(r.order[1]) if c.m > 1 else None
    label = SCORE_LABELS[d.method]
    out: dict[str, str] = {}
    tied = [int(i) for i in r.order if r.ranks[i] == 1]
    how = f"Under the {LABELS[d.method].lower()} method with {weights_source(d)}"
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
    out["uncertainty"] = (f"With weights varied within \u00b1{UNCERTAINTY_SPREAD:.2f} of these and scores drawn "
                          f"within their ranges ({d.uncertainty.samples:,} samples, seed {d.uncertainty.seed}), "
                          f"{names[lead]} ranks first in {acc[lead]:.0%} of cases"
                          + (f"; {', '.join(others)}." if others else "."))
    out["status"] = d.model.score_status or "The scores are judgements recorded in the model."
    return out
