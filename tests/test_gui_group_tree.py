"""The workshop on a value tree in the window (issue 23, item 2): the participant form per objective, with the
split said in words, and the group view's spread by objective, which agrees with `group --json`."""

from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest
from tree_models import with_tree

from decision_app.core import branch_entry as be
from decision_app.core import participant_edits as pe
from decision_app.gui.charts.base import html_escape
from decision_app.gui.participant_entry import NEW, ParticipantEntryDialog


def test_the_form_asks_per_objective_and_says_how_each_splits(tree_window):
    state = tree_window.state
    state.use_profile("corcoran_outlook")  # the facilitator's weights now: not equal inside a branch
    dlg = ParticipantEntryDialog(state, tree_window, tree_window.workshop)
    assert dlg.by.isVisibleTo(dlg) and dlg.by.count() == 4  # per criterion, the top objectives, level 2, AHP by node
    assert not dlg.split_note.isVisibleTo(dlg) and len(dlg.pages.names) == 11
    dlg.choose(NEW)
    dlg.choose_level(1)
    assert dlg.pages.names == ["Security", "Ukraine's sovereignty", "A workable settlement"]
    tree, base = state.tree, np.asarray(state.weights)
    said = dlg.split_note.text()
    assert dlg.split_note.isVisibleTo(dlg)
    for node in ("security", "sovereignty", "settlement"):  # the same words as the printed form's
        assert html_escape(be.split_sentence(tree, base, tree.index(node))) in said
    dlg.pages.show_method("direct")
    for spin, v in zip(dlg.pages.points, (60, 30, 10), strict=True):
        spin.setValue(v)
    assert dlg.save(), dlg.summary.text()
    r = state.model.participants[-1].rounds[0]
    want = be.criterion_weights(tree, base, be.level_items(tree, 1), [60, 30, 10])
    assert [r.weights[c] for c in state.model.criterion_ids()] == pytest.approx(want)  # one weight per criterion
    sec = ["casualties", "humanitarian_food", "escalation_risk", "durability"]
    assert r.weights["casualties"] == pytest.approx(60 * base[0] / sum(base[state.model.criterion_ids().index(c)]
                                                                         for c in sec))
    assert r.weights["casualties"] != pytest.approx(60 / 4)  # not an equal split
    assert r.inputs == {"security": 60, "sovereignty": 30, "settlement": 10}
    assert r.branches is not None and r.branches.items == ["security", "sovereignty", "settlement"]


def test_changing_the_level_after_typing_asks_first(tree_window):
    dlg = ParticipantEntryDialog(tree_window.state, tree_window, tree_window.workshop)
    dlg.pages.show_method("direct")
    dlg.pages.points[0].setValue(77)
    dlg.confirm_discard = lambda: False  # the participant keeps what they typed
    dlg.by.setCurrentIndex(dlg.by.findData(1))
    dlg._level_chosen()
    assert dlg.by.currentData() == 3 and dlg.pages.points[0].value() == 77
    dlg.confirm_discard = lambda: True
    dlg.choose_level(2)
    assert len(dlg.pages.names) == 10 and dlg.by_branch()
    dlg.done(0)


def test_a_flat_model_asks_per_criterion_only(window):
    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    assert not dlg.by.isVisibleTo(dlg) and dlg.by.count() == 1
    dlg.done(0)
    window.workshop.set_covered(False)
    window.focus_view("group")
    window.group.rebuild()
    assert not window.group.spread_by.isVisibleTo(window.group) and not window.group.by_objective()


def _cli(*args: str) -> tuple[int, str, str]:
    from decision_app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_the_group_view_by_objective_shows_the_numbers_of_group_json(open_window, default_dict, tmp_path):
    from decision_app.core.loading import model_from_dict, save_model

    model = model_from_dict(with_tree(default_dict))
    rng = np.random.default_rng(7)
    for _ in range(5):
        entry = pe.make_round(model, 1, "direct", rng.integers(0, 100, len(model.criteria)).astype(float))
        model = pe.add_participant(model, rounds=[entry])
    path = tmp_path / "workshop.json"
    save_model(model, path)
    code, out, err = _cli("group", str(path), "--json")
    assert code == 0, err
    want = json.loads(out)["branch_spread"]
    win = open_window(path, size=(1024, 768))
    win.focus_view("group")
    chart = win.group
    assert chart.spread_by.isVisibleTo(chart)
    chart.spread_by.setCurrentIndex(chart.spread_by.findData("branch"))
    chart.rebuild()
    tree = win.state.tree
    rows = [tree.ids[i] for i in chart.row_items()]
    assert sorted(rows) == sorted(want) and rows[:2] == ["security", "human_cost"]  # the tree's order
    p = len(model.participants)
    xs = chart.dots.xs.reshape(p, len(rows))  # the dots as drawn
    combined = chart.combined.getData()[0]
    _, _, iqr = chart.rows_data(chart.group)
    for k, node in enumerate(rows):
        assert xs[:, k].min() == pytest.approx(want[node]["min"])
        assert xs[:, k].max() == pytest.approx(want[node]["max"])
        assert combined[k] == pytest.approx(want[node]["combined"])
        assert iqr[k] == pytest.approx(want[node]["iqr"])
    ticks = [t for _, t in chart.item.getAxis("left").fitted_ticks[0]]
    assert any("Security" in t for t in ticks) and not any(t.strip() == "Casualties" for t in ticks)
    chart.spread_by.setCurrentIndex(chart.spread_by.findData("criterion"))
    chart.rebuild()
    assert chart.dots.xs.size == p * len(model.criteria)  # back to one row per criterion


def test_ahp_node_by_node_in_the_form_and_combined_node_by_node(tree_window):
    from decision_app.core.ahp_tree import TreeShape, aggregate_nodes, node_ahp
    from decision_app.core.group import analyse_group, participants_from_model

    state = tree_window.state
    tree = state.tree
    judged = []
    for k, (top, inside_security) in enumerate(((4, 2), (-2, 0))):  # slider steps: 4 -> 5 times, -2 -> 1/3
        dlg = ParticipantEntryDialog(state, tree_window, tree_window.workshop)
        dlg.choose(NEW)
        dlg.choose_level(0)
        pages = dlg.pages
        assert pages.nodes[0] is None and "security" in pages.nodes  # the top first, then each objective
        assert not dlg.split_note.isVisibleTo(dlg)
        pages.pages[None].pairs[(0, 1)].setValue(top)  # Security against Sovereignty
        pages.show_node("security")
        pages.pages["security"].pairs[(0, 1)].setValue(inside_security)  # Human cost against Escalation
        assert pages.stack.currentWidget() is pages.pages["security"]
        mats = pages.matrices()
        assert mats[None][0, 1] == (5.0 if top == 4 else 1 / 3)
        assert dlg.save(), dlg.summary.text()
        r = state.model.participants[-1].rounds[0]
        assert r.method == "ahp" and r.ahp is None and r.ahp_nodes is not None
        assert {n.node for n in r.ahp_nodes} == {None, "security", "human_cost", "sovereignty", "settlement"}
        own = node_ahp(TreeShape.of(state.model), mats).weights
        assert [r.weights[c] for c in state.model.criterion_ids()] == pytest.approx(own)
        judged.append(mats)
        assert k == len(judged) - 1
    g = analyse_group(state.analysis, "wsm", participants_from_model(state.model), rule="aij")
    assert g.aij_nodes is not None
    assert g.combined.weights == pytest.approx(aggregate_nodes(TreeShape.of(state.model), judged).weights)
    # by hand at the top: Security against Sovereignty 5 and 1/3, geometric mean sqrt(5/3); the other pairs equal
    from decision_app.core.weights import ahp

    s = np.sqrt(5 / 3)
    by_hand = ahp(np.array([[1, s, 1], [1 / s, 1, 1], [1, 1, 1]])).weights
    assert g.aij_nodes.nodes[None].weights == pytest.approx(by_hand)
    assert tree.ids[tree.top[0]] == "security"


def test_a_returning_participant_sees_their_points_per_objective_again(tree_window):
    state = tree_window.state
    state.use_profile("corcoran_outlook")
    dlg = ParticipantEntryDialog(state, tree_window, tree_window.workshop)
    dlg.choose(NEW)
    dlg.choose_level(1)
    dlg.pages.show_method("direct")
    for spin, v in zip(dlg.pages.points, (60, 30, 10), strict=True):
        spin.setValue(v)
    assert dlg.save()
    pid = state.model.participants[-1].id
    tree_window.workshop.set_covered(False)
    tree_window.workshop.start_new_round()
    tree_window.workshop.set_returning_start("own")
    again = ParticipantEntryDialog(state, tree_window, tree_window.workshop)
    assert again.level == 3  # per criterion until someone is chosen
    again.choose(pid)
    assert again.level == 1 and again.by.currentData() == 1 and again.split_note.isVisibleTo(again)
    pts = np.array([s.value() for s in again.pages.points], dtype=float)
    assert pts / pts.max() == pytest.approx([1.0, 0.5, 1 / 6], abs=0.01)  # what they entered, per objective
    again.done(0)
