"""Everything a brief says, computed once and shared by the CLI and the window: the numbers (ranking,
margins, tipping points, uncertainty) and the plain sentences that state them. No reportlab here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from decision_app import __version__
from decision_app.core.answer import Answer, answer_for
from decision_app.core.audit import basis_matrix, margin_audit
from decision_app.core.audit import bottom_line as audit_bottom_line
from decision_app.core.compiled import CompiledModel, compile_model, normalize_weights
from decision_app.core.document import (
    FROM_DEFAULT,
    AnalysisSpec,
    origin_words,
    reported_round,
    run_spec_uncertainty,
    spec_analysis,
    spec_snapshot,
)
from decision_app.core.document import weights_source as source_words
from decision_app.core.engine import Analysis, Result
from decision_app.core.errors import EngineError, InputError
from decision_app.core.group import GroupAnalysis, analyse_group, model_rounds, participants_from_model
from decision_app.core.group_answer import GroupAnswer, group_answer
from decision_app.core.loading import fingerprint
from decision_app.core.methods import Array, Method, get_method
from decision_app.core.schema import DecisionModel
from decision_app.core.sensitivity import SWEEP_POINTS, CriterionSensitivity, TippingPoint
from decision_app.core.smaa import SmaaResult
from decision_app.core.snapshot import Snapshot, UncertaintySettings
from decision_app.core.verdict import share_words
from decision_app.report.pdf_info import default_date


@dataclass
class BriefOptions:
    title: str | None = None
    author: str | None = None
    addressee: str = ""
    marking: str | None = None
    date: str | None = None
    top: int = 3
    comment: str = ""
    participant_names: bool = False  # print participants' names beside their anonymous codes
    # Overrides for `analyse`'s callers that give a method and weights rather than a specification (tests,
    # scripts): None keeps the setting the model's session describes (`document.AnalysisSpec`).
    uncertainty: UncertaintySettings | None = None
    samples: int | None = None
    seed: int | None = None
    group_rule: str | None = None
    round: int | None = None

    def spec_for(self, model: DecisionModel, method: str, weights: Array, profile_id: str | None,
                 vikor_v: float | None = None) -> AnalysisSpec:
        """The specification these arguments describe: the model's session with them over it."""
        w = np.asarray(weights, dtype=float)
        if not (w.ndim == 1 and np.all(w >= 0) and abs(w.sum() - 1.0) <= 1e-12):
            w = normalize_weights(w)  # weights already normalised (the window's) are used as they are: same numbers
        spec = AnalysisSpec.from_model(model).replace(method=method, weights=w, profile=profile_id)
        base = self.uncertainty if self.uncertainty is not None else spec.uncertainty
        unc = dataclasses.replace(base, samples=base.samples if self.samples is None else self.samples,
                                  seed=base.seed if self.seed is None else self.seed)
        spec = spec.replace(uncertainty=unc)
        if vikor_v is not None:
            spec = spec.replace(vikor_v=vikor_v)
        if self.group_rule is not None:
            spec = spec.replace(group_rule=self.group_rule)
        if self.round is not None:
            spec = spec.replace("--round", group_round=self.round)
        return spec


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
    group: GroupAnalysis | None = None  # the participants' weights, when the model has any (core.group)
    group_names: tuple[str, ...] = ()  # how each of `group.participant_ids` is printed: code, or name (code)
    group_named: bool = False  # the user asked for participants' names
    group_answer: GroupAnswer | None = None  # the group's answer: verdicts, other rules, who has entered
    analysis_spec: AnalysisSpec | None = None  # the analysis this brief describes, with where each setting came from
    answer: Answer | None = None  # the verdict and what would change it (core.answer), what every surface states

    @property
    def spec_of_analysis(self) -> AnalysisSpec:
        assert self.analysis_spec is not None  # analyse_spec always sets it
        return self.analysis_spec

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
            vikor_v: float | None = None, threads: int = 1) -> BriefData:
    """`analyse_spec` for a method and weights given apart (the rest from the model's session and `opts`)."""
    return analyse_spec(model, opts.spec_for(model, method, weights, profile_id, vikor_v), opts, threads)


def analyse_spec(model: DecisionModel, spec: AnalysisSpec, opts: BriefOptions, threads: int = 1) -> BriefData:
    """Everything the memo says about `model` analysed as `spec` (the window's, or a file's with the command's
    flags over it). `opts` gives the memo's own fields (title, author, addressee, marking, date, comment)."""
    c = compile_model(model)
    a = spec_analysis(c, spec)
    # the brief's chart draws every method's sweep on the same grid, straight lines included
    snap = spec_snapshot(a, spec, sweep_criterion=None, sweep_t=np.linspace(0.0, 1.0, SWEEP_POINTS),
                         all_criteria=True)
    snap = snap.with_uncertainty(run_spec_uncertainty(c, spec, threads=threads))
    method = spec.method
    try:
        answer = answer_for(model, c, a, spec, uncertainty=snap.uncertainty, threads=threads)
    except EngineError as exc:
        raise InputError(str(exc)) from None
    data = BriefData(
        model=model, compiled=c, snapshot=snap, normalisation=get_method(method).normalisation_text(a.inputs.params()),
        fingerprint=fingerprint(model), version=__version__, date=opts.date or default_date(),
        title=opts.title or model.title, author=opts.author if opts.author is not None else model.author,
        addressee=opts.addressee, marking=opts.marking if opts.marking is not None else model.classification,
        comment=opts.comment, top=max(1, min(opts.top, c.m)), analysis_spec=spec, answer=answer,
    )
    if model_rounds(model):
        data.group = group_analysis(model, a, spec)
        data.group_names = participant_names(model, data.group, opts.participant_names)
        data.group_named = opts.participant_names
    data.sentences = sentences(data)
    if data.group is not None:
        data.sentences |= group_sentences(data.group, c.option_names, data.group_names)
        data.group_answer = group_answer(a, data.group, model, spec.uncertainty)
        said = data.group_answer.sentences(c.option_names)
        data.sentences |= said
        if data.group_answer.count.partial:  # a partial round is said where the group's answer is said
            data.sentences["group_lead"] = f"{said['count']} {data.sentences['group_lead']}"
    return data


def group_analysis(model: DecisionModel, analysis: Analysis, spec: AnalysisSpec) -> GroupAnalysis:
    """The one `analyse_group` call the brief's group figures come from: the specification's rule and round
    (`document.reported_round`). Movement is measured between the first round and the one reported (the rounds
    between them are left out of this call)."""
    rounds = model_rounds(model)
    current = reported_round(model, spec)
    people = [p for p in participants_from_model(model) if p.round in (rounds[0], current)]
    try:
        return analyse_group(analysis, spec.method, people, rule=spec.group_rule, round=current)
    except EngineError as exc:
        raise InputError(str(exc), "--group-rule") from None


def participant_names(model: DecisionModel, g: GroupAnalysis, names: bool) -> tuple[str, ...]:
    """Anonymous codes (P1, P2, ...), or "name (code)" when the user asks for names."""
    by_id = {p.id: p for p in model.participants}
    return tuple(f"{by_id[pid].label} ({by_id[pid].code})" if names and by_id[pid].label else by_id[pid].code
                 for pid in g.participant_ids)


RULE_WORDS = {"mean": "arithmetic mean", "geometric": "geometric mean", "median": "median",
              "aij": "aggregated AHP judgements"}
RULE_TEXT = {
    "mean": "the arithmetic mean of the participants' normalised weights",
    "geometric": "the geometric mean of the participants' normalised weights, renormalised (a criterion any "
                 "participant gives 0 gets 0)",
    "median": "the median of the participants' normalised weights per criterion, renormalised",
    "aij": "the principal eigenvector of the element-wise geometric mean of the participants' AHP judgement "
           "matrices (aggregation of individual judgements)",
}


def fmt_w(w: float | None) -> str:
    """Kendall's W as the brief prints it."""
    return "not defined" if w is None else f"{w:.3f}"


def _join(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def group_sentences(g: GroupAnalysis, option_names: tuple[str, ...] | list[str],
                    who: tuple[str, ...]) -> dict[str, str]:
    """The group section's sentences, read from `g` (never recomputed)."""
    p = len(g.participant_ids)
    lead = option_names[g.leader]
    out: dict[str, str] = {}
    people = "one participant" if p == 1 else f"{p} participants"
    if g.leader_holds_for_all:
        out["group_matters"] = (f"The disagreement does not change the answer: {lead} ranks first (or ties first) "
                                "under every participant's own weights." if p > 1 else
                                f"{lead} also ranks first (or ties first) under the participant's own weights.")
        holds = "and it leads under every participant's own weights" if p > 1 else "as under their own weights"
    else:
        by_option: dict[int, list[str]] = {}
        for i in np.flatnonzero(~g.leader_holds):
            by_option.setdefault(int(g.top[i]), []).append(who[i])
        parts = [f"under the weights of {_join(codes)}, {option_names[o]} leads" for o, codes in by_option.items()]
        rest = int(g.leader_holds.sum())
        out["group_matters"] = (f"The disagreement changes the answer, {lead} (first under the combined weights): "
                                f"{'; '.join(parts)}" + (f"; {lead} leads for the other {rest}." if rest else "."))
        k = p - rest
        holds = f"but under the weights of {k} of them another option leads"
    out["group_lead"] = (f"Across {people} (round {g.round}), the combined weights ({RULE_WORDS[g.rule]}) put "
                         f"{lead} first, {holds}; Kendall's W over their option rankings is {fmt_w(g.kendall_w)} "
                         f"({g.agreement}).")
    out["group_agreement"] = (f"Over the participants' rankings of the options, Kendall's W is {fmt_w(g.kendall_w)}: "
                              f"{g.agreement}. Over their rankings of the criteria by weight it is "
                              f"{fmt_w(g.kendall_w_criteria)}: {g.agreement_criteria}.")
    lo = g.leave_one_out
    if lo is None:
        out["group_loo"] = "With one participant there is no one to leave out."
    elif not lo.leader_changes.any():
        out["group_loo"] = f"Leaving out any one participant does not change the leader: {lead} stays first."
    else:
        changed = [f"{who[i]} ({option_names[int(lo.orders[i, 0])]} leads)" for i in np.flatnonzero(lo.leader_changes)]
        out["group_loo"] = (f"Leaving out {_join(changed, 'or')} changes the leader; "
                            + ("leaving out any other participant does not." if len(changed) < p else
                               "so does leaving out any one of them."))
    mv = g.movement
    if mv is not None and len(mv.participant_ids):
        closer, both = int((mv.change < 0).sum()), len(mv.participant_ids)
        out["group_movement"] = (
            f"From round {mv.from_round} to round {mv.to_round}, "
            + (f"all {both}" if closer == both > 1 else f"{closer} of the {both}")
            + " participants in both rounds moved closer to the combined weights; the mean distance went from "
            f"{float(mv.before.mean()):.3f} to {float(mv.after.mean()):.3f} (the sum of absolute differences "
            "between a participant's weights and the combined weights: 0 means the same weights, 2 nothing in "
            "common).")
    return out


def uncertainty_method(st: UncertaintySettings, names: dict[str, str] | None = None) -> str:
    """The appendix's account of how the rank acceptability was sampled, from the settings used; `names` (id to
    name: the criteria's, and the objectives' as "the objective …") name the agreed order and bounds."""
    names = names or {}
    weights = {"around": f"weights drawn uniformly from those within \u00b1{st.spread:.2f} of those used that are "
                         "not negative and sum to 1",
               "uniform": "weights drawn uniformly over all non-negative weightings that sum to 1",
               "ordered": "weights drawn uniformly among those obeying the stated order of importance",
               "participants": "weights drawn as random Dirichlet(1) mixes of the participants' weights"}[st.weights_mode]
    if st.order and st.weights_mode != "ordered":
        weights += ", obeying the agreed order of importance"
    if st.order:
        weights += " (" + "; ".join(" \u2265 ".join(names.get(i, i) for i in chain) for chain in st.order) + ")"
    if st.bounds:
        weights += ", within the agreed bounds (" + ", ".join(f"{names.get(cid, cid)} {lo:.0%}\u2013{hi:.0%}"
                                                             for cid, lo, hi in st.bounds) + ")"
    scores = {"triangular": "each score drawn from a triangular distribution over its low\u2013high range with its "
                            "best estimate as the mode",
              "uniform": "each score drawn uniformly over its low\u2013high range",
              "fixed": "the scores fixed at their best estimates"}[st.scores_mode]
    return (f"SMAA-2 (Lahdelma and Salminen 2001) with {st.samples:,} samples, seed {st.seed}: {weights}; {scores}. "
            "The confidence factor is the share of score samples in which an option ranks first under its "
            "central weights.")


def settings_lines(d: BriefData) -> list[tuple[str, str]]:
    """The appendix's "where the settings come from": each setting of the analysis, with its origin."""
    spec = d.spec_of_analysis
    out = spec.settings_lines(d.compiled)
    if d.group is not None:
        rnd = spec.origin("group_round")
        out.append(("Group", f"{RULE_WORDS[d.group.rule]} ({origin_words(spec.origin('group_rule'))}), round "
                    f"{d.group.round} ({'the latest entered' if rnd == FROM_DEFAULT else origin_words(rnd)})"))
    return out


def weights_source(d: BriefData) -> str:
    """Where the weights came from, in core's words (`document.weights_source`)."""
    return source_words(d.model.profile(d.profile_id).name if d.profile_id else None)


def rests_on(d: BriefData) -> str:
    """What the answer rests on, from `core.audit` (the figure `decision-app audit` prints)."""
    audit = margin_audit(spec_analysis(d.compiled, d.spec_of_analysis), basis_matrix(d.model), d.method, d.weights)
    return "" if audit is None else "What the answer rests on: " + audit_bottom_line(audit, d.compiled.option_names)


# The memo's page-1 points, in order: the verdict first (with a value tree, it ends with the margin by objective),
# then the leader's numbers, what would change the answer (the nearest two, with what they rest on), the draws,
# what the margin rests on, and the group's answer.
BOTTOM_LINE = ("verdict", "lead", "settle", "uncertainty", "rests", "group_lead")


def bottom_line(d: BriefData) -> list[str]:
    """The memo's bottom line, point by point: what page 1 of the brief prints and Edit > Copy summary copies."""
    return [d.sentences[k] for k in BOTTOM_LINE if d.sentences.get(k)]


def scores_caveat(d: BriefData) -> str:
    """The words under the bottom line on what the scores are (the memo prints it after "About the scores:")."""
    return f"{d.sentences['status']} This memo reports what follows from them; it does not recommend an option."


def apart(a: float, b: float) -> tuple[str, str]:
    """Two numbers written with the fewest decimals, from two to five, that tell them apart ("0.07" and "0.07"
    for 0.0712 and 0.0684 would read as no change: "0.071" and "0.068")."""
    for places in range(2, 6):
        x, y = f"{a:.{places}f}", f"{b:.{places}f}"
        if x != y:
            return x, y
    return x, y


def sentences(d: BriefData) -> dict[str, str]:
    c, r = d.compiled, d.result
    names = c.option_names
    lead, second = int(r.order[0]), int(r.order[1]) if c.m > 1 else None
    label = d.spec.score_label
    out: dict[str, str] = {}
    tied = [int(i) for i in r.order if r.ranks[i] == 1]
    how = f"Under the {d.spec.in_sentence} method with {weights_source(d)}"
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
    acc = d.uncertainty.acceptability[:, 0]
    order = np.argsort(-acc, kind="stable")
    others = [f"{names[i]} in {share_words(acc[i])}" for i in order if i != lead and acc[i] >= 0.005][:2]
    st = d.uncertainty_settings
    draws = {"around": f"weights varied within \u00b1{st.spread:.2f} of these",
             "uniform": "weights drawn at random over all weightings",
             "ordered": "weights drawn at random in the stated order of importance",
             "participants": "weights drawn as mixes of the participants' weights"}[st.weights_mode]
    scores = "scores fixed at their best estimates" if st.scores_mode == "fixed" else "scores drawn within their ranges"
    out["uncertainty"] = (f"With {draws} and {scores} ({d.uncertainty.samples:,} draws, seed {d.uncertainty.seed}), "
                          f"{names[lead]} ranks first in {share_words(acc[lead])} of draws"
                          + (f"; {', '.join(others)}." if others else "."))
    out["rests"] = rests_on(d)
    if d.answer is not None:
        out["verdict"] = d.answer.sentence
        out["settle"] = d.answer.settle_sentence()
        out["tipping"] = d.answer.weight_change_sentence()
    out["status"] = d.model.score_status or "The scores are judgements recorded in the model."
    return out
