"""Every face says the same fact the same way (a reviewer's comparison of the window, the audit, score --json, the
memo and the slides on one saved file): the shipped model under PROMETHEE II with the weights of the "Ukraine
wins, Russia loses" profile, Reward for aggression at 0 (so Security weighs on one criterion only)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from conftest import SHIPPED_MODEL, write_json

from decision_app.core.answer import NEAREST_WEIGHT, WEIGHT_KINDS, WORKING_OUT, answer_for
from decision_app.core.compiled import compile_model
from decision_app.core.document import CUSTOM_WEIGHTS, read_document, run_spec_uncertainty, spec_analysis
from decision_app.core.snapshot import UncertaintySettings
from decision_app.core.tipping import BOUND_TOL
from decision_app.core.verdict import NAMED_SHARE, first_words, share_words
from decision_app.report.analysis import BriefOptions, analyse_spec
from decision_app.report.slide_content import sensitivity_slide, spec_context, uncertainty_slide, weights_slide

WAR_WEIGHTS = {"casualties": 0.08, "humanitarian_food": 0.04, "escalation_risk": 0.26, "moral_hazard": 0.0,
               "territorial_integrity": 0.2, "ukraine_say": 0.14, "durability": 0.06, "russian_integration": 0.02,
               "alliance_cohesion": 0.14, "feasibility": 0.06}
DRAWS = UncertaintySettings(samples=5000)


@pytest.fixture(scope="module")
def war(tmp_path_factory):
    """(model, compiled, spec, answer) of the reviewer's war.json: custom weights saved with the file."""
    data = json.loads(SHIPPED_MODEL.read_text(encoding="utf-8"))
    data["session"] = {"method": "promethee2", "weights": WAR_WEIGHTS}
    read = read_document(write_json(tmp_path_factory.mktemp("war"), data, "war.json"))
    c = compile_model(read.model)
    spec = read.spec.replace(uncertainty=DRAWS)
    return read.model, c, spec, answer_for(read.model, c, spec_analysis(c, spec), spec)


@pytest.fixture(scope="module")
def memo(war):
    model, _c, spec, _a = war
    return analyse_spec(model, spec, BriefOptions(date="2026-01-01"))


@pytest.fixture(scope="module")
def deck(war):
    """What the slides are made from (the deck's context: its draws, its answer)."""
    model, c, spec, answer = war
    return spec_context(model, c, spec_analysis(c, spec), spec, run_spec_uncertainty(c, spec), deck=True,
                        answer=answer)


# --- B1 ---------------------------------------------------------------------------------------------------


def test_an_answer_whose_changes_are_still_being_made_says_so(war):
    """The verdict alone (the window shows it while the list is made) says the list is still being worked out,
    never that no single change changes who leads."""
    model, c, spec, complete = war
    partial = answer_for(model, c, spec_analysis(c, spec), spec, changes=False)
    assert not partial.complete and partial.changes == ()
    assert WORKING_OUT in partial.settle_sentence() and "no single change" not in partial.settle_sentence()
    assert partial.weight_change_sentence() == f"{NEAREST_WEIGHT}: {WORKING_OUT}"
    assert complete.complete and WORKING_OUT not in complete.settle_sentence()


# --- B2 ---------------------------------------------------------------------------------------------------


def test_too_close_counts_every_option_that_can_come_first_and_names_those_at_ten_per_cent(war):
    _model, c, _spec, a = war
    v = a.verdict
    assert v.kind == "too_close" and not v.exact
    drawn = set(np.flatnonzero(v.first_share > 0).tolist())
    rare = drawn - {i for i in drawn if v.first_share[i] >= NAMED_SHARE}
    assert rare, "the case under test: options first in some draws, each in under 10 %"
    assert set(v.leaders) == set(a.possible) == drawn  # the headline, the changes panel and --json count one set
    assert a.headline(c.option_labels) == f"Too close to call: {len(drawn)} options can come first"
    assert f"{len(drawn)} can come first (in the draws)" in a.winners_sentence()
    assert f"{len(rare)} other options can too, each first in under 10 % of draws." in a.sentence
    for i in drawn - rare:
        assert c.option_names[i] in a.sentence
    payload = a.payload()["verdict"]
    assert len(payload["leaders"]) == len(payload["possible"]) == len(drawn)


# --- B3 ---------------------------------------------------------------------------------------------------


def test_the_memo_and_the_deck_state_the_nearest_weight_change_in_the_lists_words(war, memo, deck):
    """The memo's "How robust is it" and the sensitivity slide print the first weight entry of "What would change
    the answer" word for word, called the nearest weight change (score changes come before it in the list)."""
    _model, _c, _spec, a = war
    first = next(p for p in a.changes if p.kind in WEIGHT_KINDS)
    assert a.changes.index(first) > 0  # not the nearest change of all: the nearest weight change
    said = f"{NEAREST_WEIGHT}: {first.sentence}"
    assert memo.sentences["tipping"] == said
    assert sensitivity_slide(deck).lines[0] == said
    assert "nearest tipping point" not in said and " rose from " not in said


# --- B4 ---------------------------------------------------------------------------------------------------


def test_shares_of_draws_are_written_in_cores_words_on_the_memo_and_the_deck(war, memo, deck):
    _model, c, _spec, _a = war
    acc = memo.uncertainty.acceptability[:, 0]
    lead = int(memo.result.order[0])
    said = memo.sentences["uncertainty"]
    assert f"{c.option_names[lead]} ranks first in {share_words(acc[lead])} of draws" in said
    assert f"({memo.uncertainty.samples:,} draws, seed" in said and "of cases" not in said and "samples" not in said
    rows = uncertainty_slide(deck).chart.rows
    labels = {r.label: r.value_text for r in rows}
    shares = deck.snapshot.uncertainty.result.acceptability[:, 0]
    assert all(labels[c.option_labels[i]] == first_words(shares[i]) for i in range(c.m))
    assert first_words(0.404) == "40 % first" and share_words(0.0023) == "under 1 %"


# --- B5 ---------------------------------------------------------------------------------------------------


def test_an_objective_weighing_on_one_criterion_adds_no_entry_of_its_own(war):
    """Security holds Risk of a wider war (26 %) and Reward for aggression (0 %): sweeping it is sweeping the one
    criterion, whose entries are already listed."""
    _model, c, _spec, a = war
    objectives = [p for p in a.changes if p.kind == "objective"]
    assert objectives  # the other objectives still have theirs
    assert all(p.objective != "security" for p in objectives)
    esc = c.criterion_ids.index("escalation_risk")
    assert any(p.kind == "weight" and p.criterion == esc for p in a.changes)
    seen = [(p.new_leader, round(p.start, 6), round(p.to, 6)) for p in a.changes if p.kind in WEIGHT_KINDS]
    assert len(seen) == len(set(seen))  # no weight move listed twice


# --- B6 ---------------------------------------------------------------------------------------------------


def test_no_change_is_found_only_at_an_end_of_its_scale(war):
    """"The chance … falls below 0.00": a tie the search met only at a likelihood of 0 is no tipping point."""
    _model, c, _spec, a = war
    for p in a.changes:
        lo, hi = ((0.0, 1.0) if p.kind in ("likelihood", *WEIGHT_KINDS)
                  else (float(c.lo[p.criterion]), float(c.hi[p.criterion])))
        assert min(abs(p.to - lo), abs(hi - p.to)) > BOUND_TOL * (hi - lo), p.sentence
    assert not any(re.search(r"below 0\.00\b|past 0\.0 %", p.sentence) for p in a.changes)


# --- B7 ---------------------------------------------------------------------------------------------------


def test_where_the_weights_came_from_is_worded_once(war, memo, deck):
    _model, c, spec, _a = war
    assert dict(spec.settings_lines(c))["Weights"] == f"{CUSTOM_WEIGHTS}, as saved with the file"
    assert f"method with {CUSTOM_WEIGHTS}," in memo.sentences["lead"]
    assert weights_slide(deck).lines[0].startswith(f"Weights: {CUSTOM_WEIGHTS};")


def test_the_window_says_custom_weights_in_the_same_words(window, qtbot):
    """A weight moved away from its profile: the window's profile box names the weights as the memo and deck do."""
    window.weights.rows[0][1].setValue(40.0)
    qtbot.waitUntil(lambda: window.state.profile_id is None, timeout=3000)
    assert window.weights.profile.currentText() == CUSTOM_WEIGHTS.capitalize()
    assert window.weights.profile_help.text().startswith(CUSTOM_WEIGHTS.capitalize())
