"""The group's answer: the ranking under the combined weights, how firm it is, and who has entered.

`group_answer(analysis, g, model, settings)` reads one `core.group.GroupAnalysis` and adds what a workshop
needs to say aloud: the verdict (`core.verdict`) under the combined weights (the uncertainty settings' region
around them; with a value tree its sentence ends with the margin by objective, `answer.by_objective`) and
under the participants' hull (random convex combinations of their weights, Dirichlet(1), said as such), whether
it is a near tie, whether another combining rule puts another option first, and how many of the roster have
entered the round. Every surface (the group view, the slides, the brief, `group --json`) reads its sentences
from here. Participants appear only as counts: no name, code or id reaches a
sentence. No Qt, no files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_app.core.answer import by_objective
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.group import RULES, GroupAnalysis, analyse_group, participants_from_model
from decision_app.core.methods import Array
from decision_app.core.region import WeightRegion
from decision_app.core.schema import DecisionModel
from decision_app.core.smaa import smaa
from decision_app.core.snapshot import UncertaintySettings
from decision_app.core.verdict import Verdict, verdict, verdict_for

RULE_WORDS = {"mean": "arithmetic mean", "geometric": "geometric mean", "median": "median",
              "aij": "aggregated AHP judgements"}
GROUP_SAMPLES = 10_000  # draws per verdict (two verdicts per answer)


@dataclass(frozen=True)
class RoundCount:
    """Who has entered a round: `entered` of `roster` (the participants of the model)."""

    round: int
    entered: int
    roster: int

    @property
    def partial(self) -> bool:
        return self.entered < self.roster

    @property
    def text(self) -> str:
        return f"{self.entered} of {self.roster} have entered round {self.round}"


def _combined(sentence: str) -> str:
    """A verdict's sentence said of the group: its "current weights" are the combined weights."""
    return sentence.replace("the current weights", "the combined weights")


def _kind_words(v: Verdict, labels: tuple[str, ...] | list[str]) -> str:
    if v.kind == "robust":
        return f"robust, {labels[v.leader]} first everywhere"
    if v.kind == "likely":
        return f"likely, {labels[v.leader]} first in {v.first_share[v.leader] * 100:.0f} % of draws"
    named = [i for i in v.leaders if v.first_share[i] >= 0.1 or i == v.leader][:3]
    return "too close to call (" + ", ".join(f"{labels[i]} {v.first_share[i] * 100:.0f}\u00a0%" for i in named) + ")"


def round_count(model: DecisionModel, round: int) -> RoundCount:
    """Who has entered `round`, of the roster expected in it (those marked absent from it are not)."""
    entered = sum(1 for p in model.participants if p.round(round) is not None)
    return RoundCount(round, entered, sum(1 for p in model.participants if p.expected(round)))


@dataclass(frozen=True, eq=False)
class GroupAnswer:
    rule: str
    round: int
    leader: int
    order: Array  # option indices, best first, under the combined weights
    scores: Array  # (m,) under the combined weights
    combined: Verdict  # around the combined weights (the uncertainty settings' region)
    hull: Verdict | None  # over mixes of the participants' weights (None with one participant)
    near_tie: bool
    rule_leaders: dict[str, int]  # every rule that can be computed -> its leader
    count: RoundCount

    @property
    def other_rules(self) -> dict[str, int]:
        """The rules that put another option first."""
        return {r: i for r, i in self.rule_leaders.items() if r != self.rule and i != self.leader}

    def sentences(self, option_names: tuple[str, ...] | list[str]) -> dict[str, str]:
        lead = option_names[self.leader]
        out = {"answer": (f"The group's answer (round {self.round}, {RULE_WORDS[self.rule]} of the weights): "
                          f"{lead} first."),
               "answer_combined": f"Around the combined weights: {_combined(self.combined.sentence)}",
               "count": f"{self.count.text}" + (": the answer may change as the others enter." if self.count.partial
                                                 else ".")}
        if self.hull is not None:
            out["answer_hull"] = ("Over the participants' weights and every mix of them (sampled as random convex "
                                  "combinations of their weights, Dirichlet(1)): " + _combined(self.hull.sentence))
        if self.near_tie:
            runner = option_names[int(self.order[1])] if len(self.order) > 1 else lead
            out["answer_tie"] = f"A near tie: {lead} and {runner} are too close to call under the combined weights."
        others = self.other_rules
        if others:
            out["answer_rules"] = ("Another way of combining the weights changes the leader: "
                                   + "; ".join(f"the {RULE_WORDS[r]} puts {option_names[i]} first"
                                               for r, i in others.items()) + ".")
        else:
            rest = ", ".join(RULE_WORDS[r] for r in self.rule_leaders if r != self.rule)
            out["answer_rules"] = (f"Every other way of combining the weights ({rest}) also puts {lead} first."
                                   if rest else "")
        return {k: v for k, v in out.items() if v}

    def short_lines(self, option_labels: tuple[str, ...] | list[str]) -> list[str]:
        """What a slide says, in few words: the count, the two verdicts, and any rule that changes the leader."""
        out = [self.count.text + "."]
        out.append(f"Around the combined weights: {_kind_words(self.combined, option_labels)}.")
        if self.hull is not None:
            out.append("Over every mix of the participants' weights (random convex combinations): "
                       f"{_kind_words(self.hull, option_labels)}.")
        for r, i in self.other_rules.items():
            out.append(f"The {RULE_WORDS[r]} puts {option_labels[i]} first.")
        return out

    def payload(self, option_ids: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule, "round": self.round, "leader": option_ids[self.leader],
            "ranking": [option_ids[int(i)] for i in self.order],
            "near_tie": self.near_tie,
            "verdict": self.combined.payload(option_ids),
            "hull_verdict": None if self.hull is None else self.hull.payload(option_ids),
            "rule_leaders": {r: option_ids[i] for r, i in self.rule_leaders.items()},
            "entered": self.count.entered, "roster": self.count.roster, "partial": self.count.partial,
        }
        return out


def group_profile_name(rule: str, round: int) -> str:
    """The profile "Use the group's weights" makes: "Group, round 2, mean"."""
    return f"Group, round {round}, {rule if rule != 'aij' else 'AHP judgements'}"


def group_answer(analysis: Analysis, g: GroupAnalysis, model: DecisionModel, settings: UncertaintySettings,
                 *, samples: int = GROUP_SAMPLES) -> GroupAnswer:
    """The group's answer for the round and rule of `g` (which must come from `model`'s participants)."""
    method = g.method
    s = dataclasses.replace(settings, samples=samples)
    w = np.asarray(g.combined.weights, dtype=float)
    combined = by_objective(verdict_for(analysis, method, w, s), model, analysis, method, w)[0]
    hull = None
    if len(g.participant_ids) > 1:
        region = WeightRegion.hull(g.weights)
        draws = smaa(analysis.model, method, samples=samples, seed=s.seed, region=region,
                     scores_mode=s.scores_mode, vikor_v=analysis.vikor_v)
        hull = verdict(analysis, method, w, region, draws, s.scores_mode)
    people = participants_from_model(model)
    rule_leaders: dict[str, int] = {}
    for rule in RULES:
        if rule == g.rule:
            rule_leaders[rule] = g.leader
            continue
        try:
            rule_leaders[rule] = analyse_group(analysis, method, people, rule=rule, round=g.round).leader
        except EngineError:  # AIJ without everyone's judgements, a geometric mean of zeros: not a rule here
            continue
    near_tie = combined.tie or combined.kind == "too_close"
    return GroupAnswer(g.rule, g.round, g.leader, g.combined.order, g.combined.scores, combined, hull, near_tie,
                       rule_leaders, round_count(model, g.round))
