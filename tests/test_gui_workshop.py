"""The workshop in the window: participants entered by passing the laptop, the roster's edits, the group view.

The entry dialog is driven programmatically (its pages' controls set, then Save); the group view is checked
against `core.group.analyse_group` on the same model, method, rule and round."""

from __future__ import annotations

import numpy as np
import pytest

from decision_app.core import participant_edits as pe
from decision_app.core.group import analyse_group, participants_from_model
from decision_app.gui.charts.group import GroupChart, does_it_matter
from decision_app.gui.participant_entry import NEW, ParticipantEntryDialog

NAMES = ["Ana", "Ben", "Chloé", "Dev", "Eun"]
METHODS_USED = ["direct", "ranking", "swing", "ahp", "ranking"]


def enter(window, name: str | None, method: str, answers, participant_id: str | None = None) -> ParticipantEntryDialog:
    """Open the entry dialog, answer on the page of `method`, and save."""
    dlg = ParticipantEntryDialog(window.state, window, window.workshop, participant_id)
    if participant_id is None:
        dlg.choose(NEW)  # a new participant is an explicit choice
    if name is not None:
        dlg.name.setText(name)
    pages = dlg.pages
    pages.show_method(method)
    if method == "direct":
        for spin, v in zip(pages.points, answers, strict=True):
            spin.setValue(v)
    elif method == "ranking":
        for spin, v in zip(pages.ranks, answers, strict=True):
            spin.setValue(v)
    elif method == "swing":
        for spin, v in zip(pages.swings, answers, strict=True):
            spin.setValue(v)
    else:
        for (i, j), v in answers.items():
            pages.pairs[(i, j)].setValue(v)
    assert dlg.save(), dlg.summary.text()
    return dlg


def answers_for(method: str, n: int, k: int):
    rng = np.random.default_rng(k)
    if method == "direct":
        return [int(x) for x in rng.integers(0, 100, n)]
    if method == "ranking":
        return [int(x) for x in rng.permutation(n) + 1]
    if method == "swing":
        pts = [int(x) for x in rng.integers(0, 100, n)]
        pts[int(rng.integers(n))] = 100
        return pts
    return {(0, 1): 4, (0, 2): 2, (1, 2): -3, (2, n - 1): 5}


def neutral(pages) -> bool:
    """Nothing on the pages comes from anybody: equal points, equal ranks, every swing 100, every pair equal."""
    return (len({s.value() for s in pages.points}) == 1 and {s.value() for s in pages.ranks} == {1}
            and {s.value() for s in pages.swings} == {100} and {s.value() for s in pages.pairs.values()} == {0})


@pytest.fixture
def workshop(window):
    """The window with five participants entered through the dialog, one method each."""
    n = window.state.compiled.n
    for k, (name, method) in enumerate(zip(NAMES, METHODS_USED, strict=True)):
        enter(window, name, method, answers_for(method, n, k))
    window.workshop.set_covered(False)
    return window


def shown_group(window) -> GroupChart:
    window.focus_view("group")
    chart = window.group
    chart.update_data()  # now, not on the next turn of the event loop
    return chart


# --- passing the laptop ----------------------------------------------------------------------------------


def test_five_participants_enter_their_weights_each_by_their_method(workshop):
    state = workshop.state
    parts = state.model.participants
    assert [p.label for p in parts] == NAMES and [p.code for p in parts] == ["P1", "P2", "P3", "P4", "P5"]
    assert [p.rounds[0].method for p in parts] == METHODS_USED
    n = state.compiled.n
    direct = parts[0].rounds[0]
    assert list(direct.weights.values()) == answers_for("direct", n, 0)  # points as entered
    ranking = parts[1].rounds[0]
    assert list(ranking.inputs.values()) == answers_for("ranking", n, 1)
    assert parts[3].rounds[0].ahp is not None and parts[3].rounds[0].ahp.matrix[0][1] == 5.0  # slider 4: 5 times
    assert state.undo_stack.count() == 5  # one step each
    state.undo_stack.undo()
    assert [p.label for p in state.model.participants] == NAMES[:4]


def test_the_entry_dialog_covers_the_views_and_hides_the_previous_answers(window, qtbot):
    n = window.state.compiled.n
    window.focus_view("group")
    assert window.docks["group"].isVisible()
    first = enter(window, "Ana", "ranking", answers_for("ranking", n, 1))
    assert not first.isVisible()
    # the laptop goes to the next participant: the window is still covered, the dialog starts neutral
    assert window.workshop.covered and window.centralWidget() is window.cover.page
    assert not any(d.isVisible() for d in window.docks.values())
    assert not window.group.isVisible() and not window.ranking.isVisible()
    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    assert neutral(dlg.pages) and dlg.name.text() == ""
    window.focus_view("group")  # Ctrl+Alt+8 shows nothing before the facilitator reveals
    assert not window.docks["group"].isVisible()
    assert not window.view_actions["group"].isEnabled() and not window.docks["group"].toggleViewAction().isEnabled()
    dlg.reject()
    assert "1 participant entered" in window.cover.page.message.text()
    window.act_reveal.trigger()
    assert not window.workshop.covered and window.centralWidget() is not window.cover.page
    assert window.docks["group"].isVisible() and window.view_actions["group"].isEnabled()


def test_pass_the_laptop_action_and_next_participant(window, qtbot):
    window.act_pass_laptop.trigger()
    dlg = window.entry_dialog
    assert dlg.isVisible() and window.workshop.covered and dlg.save_button.isEnabled()  # the code is enough
    dlg.name.setText("Ana")
    dlg.save()
    window.cover.page.next_button.click()
    nxt = window.cover.page.dialog
    assert nxt.isVisible() and neutral(nxt.pages)
    nxt.reject()
    window.act_reveal.trigger()
    assert window.docks["weights"].isVisible()


def test_the_entry_dialog_shows_the_criteria_with_definitions_and_anchors(window):
    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    text = dlg.criteria.toPlainText()
    for c in window.state.model.criteria:
        assert c.name in text
        if c.definition:
            assert c.definition[:40] in text
        for a in c.anchors:
            assert a.description[:30] in text
    dlg.reject()
    window.workshop.set_covered(False)


# --- the group view ---------------------------------------------------------------------------------------


def engine(state, rule="mean", round=1):
    return analyse_group(state.analysis, state.results.method, participants_from_model(state.model), rule=rule,
                         round=round)


def test_group_view_draws_what_the_engine_computes(workshop):
    chart = shown_group(workshop)
    g = engine(workshop.state)
    W = g.weights
    x, _y = chart.dots.getData()
    np.testing.assert_allclose(x, W.ravel())
    cx, _cy = chart.combined.getData()
    np.testing.assert_allclose(cx, g.combined.weights)
    np.testing.assert_allclose(chart.iqr.lengths[:, 0], g.spread.iqr)
    np.testing.assert_allclose(chart.iqr.starts[:, 0], np.percentile(W, 25, axis=0))
    shown = chart.first_choice_rows(g)
    np.testing.assert_array_equal(chart.choices.lengths.sum(axis=1), g.first_choice[shown])
    assert g.first_choice.sum() == 5 and set(np.flatnonzero(g.first_choice)) <= set(shown)
    text = chart.reading.text()
    assert f"{g.kendall_w:.2f}" in text and g.agreement in text
    pid = g.participant_ids[2]
    names = workshop.state.compiled.option_names
    assert chart.participant_ranking(pid) == [names[i] for i in g.orders[2]]


def test_group_view_colours_each_participant_dot_by_its_criterion(workshop):
    from decision_app.gui.theme import criterion_color

    chart = shown_group(workshop)
    p, n = engine(workshop.state).weights.shape
    np.testing.assert_array_equal(chart.dots.groups, np.tile(np.arange(n), p))  # the layout of W.ravel()
    assert [c.name() for c in chart.dots.colors] == [criterion_color(j).name() for j in range(n)]
    _x, y = chart.dots.getData()
    rows = n - 1 - np.tile(np.arange(n), p)
    assert np.all(np.abs(y - rows) <= 0.15)  # each dot on its criterion's row, spread by participant


def test_group_view_follows_method_rule_round_and_weight_changes(workshop):
    state = workshop.state
    chart = shown_group(workshop)
    state.set_method("topsis")
    chart.update_data()
    assert chart.group.method == "topsis"
    np.testing.assert_allclose(chart.group.combined.scores, engine(state).combined.scores)
    workshop.workshop.set_rule("median")
    chart.update_data()
    np.testing.assert_allclose(chart.combined.getData()[0], engine(state, "median").combined.weights)
    assert chart.rule_combo.currentData() == "median"
    # one participant's weight changes (an undoable model edit): the view follows
    p = state.model.participants[0]
    cid = state.model.criteria[0].id
    state.replace_model(pe.set_round_weight(state.model, p.id, 1, cid, 1000.0), "P1 weight")
    chart.update_data()
    assert chart.group.weights[0, 0] > 0.5
    np.testing.assert_allclose(chart.dots.getData()[0], engine(state, "median").weights.ravel())
    state.undo_stack.undo()
    chart.update_data()
    assert chart.group.weights[0, 0] < 0.5
    workshop.workshop.start_new_round()
    chart.update_data()
    assert chart.group is None and "round 2" in chart.reading.text()
    assert len(chart.dots.getData()[0]) == 0
    workshop.workshop.set_round(1)
    chart.update_data()
    assert chart.group is not None and chart.round_combo.currentData() == 1


def test_aij_needs_judgements_from_everyone_and_says_so(workshop):
    chart = shown_group(workshop)
    workshop.workshop.set_rule("aij")
    chart.update_data()
    assert chart.group is None and "pairwise matrix" in chart.reading.text()


def test_codes_by_default_and_names_only_when_switched_on(workshop, model_copy, qtbot):
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.settings import settings

    chart = shown_group(workshop)
    codes = [chart.person_combo.itemText(i) for i in range(chart.person_combo.count())]
    assert codes == ["P1", "P2", "P3", "P4", "P5"]
    assert "Ana" not in chart.reading.text() + chart.caption.text()
    roster = workshop.participants
    assert roster.table.isColumnHidden(1)
    chart.names_box.setChecked(True)
    chart.update_data()
    assert chart.person_combo.itemText(0) == "P1 Ana" and workshop.act_show_names.isChecked()
    assert not roster.table.isColumnHidden(1)
    assert not any("name" in k.lower() for k in settings().allKeys())  # remembered for the session only
    again = MainWindow(workshop.state)
    try:
        assert again.workshop.show_names is False
    finally:
        again.deleteLater()


def test_does_it_matter_in_one_sentence(workshop):
    chart = shown_group(workshop)
    g = chart.group
    opts = dict(zip(g.option_ids, g.option_ids, strict=True))
    names = {pid: code for pid, code in zip(g.participant_ids, ["P1", "P2", "P3", "P4", "P5"], strict=True)}
    sentence = does_it_matter(g, names, opts)
    if g.leader_holds_for_all:
        assert sentence.startswith(f"The leader, {g.option_ids[g.leader]}, stays first")
    else:
        first_pid, first_opt = g.dissenters()[0]
        assert sentence.startswith(f"Under {names[first_pid]}") and first_opt in sentence and "instead" in sentence
    holds = np.ones_like(g.leader_holds)
    holds[[1, 3]] = False
    top = np.full_like(g.orders[:, 0], g.leader)
    other = (g.leader + 1) % len(g.option_ids)
    top[[1, 3]] = other
    fake = type(g)(**{**g.__dict__, "leader_holds": holds, "orders": np.column_stack([top, g.orders[:, 1:]])})
    assert does_it_matter(fake, names, opts).startswith(f"Under P2's and P4's weights {g.option_ids[other]} leads "
                                                        "instead")


# --- the roster ---------------------------------------------------------------------------------------------


def test_every_roster_edit_is_one_undo_step(window, monkeypatch):
    panel = window.participants
    state = window.state
    answers = iter(["Ana", "Ben", "Ana María", "Prefers talks first."])
    monkeypatch.setattr(panel, "ask_text", lambda *a, **k: next(answers))
    monkeypatch.setattr(panel, "confirm", lambda *a: True)
    history = [state.model.participants]

    def step(action):
        before = state.undo_stack.count()
        action()
        assert state.undo_stack.count() == before + 1
        history.append(state.model.participants)

    step(panel.add)
    step(panel.add)
    panel.select(state.model.participants[0].id)
    step(panel.rename)
    step(panel.edit_note)
    assert state.model.participants[0].label == "Ana María" and state.model.participants[0].note == "Prefers talks first."
    step(panel.anonymise)
    assert [p.label for p in state.model.participants] == [None, None]  # no name kept: the codes alone
    panel.select(state.model.participants[1].id)
    step(panel.remove)
    assert [p.code for p in state.model.participants] == ["P1"]
    for expected in reversed(history[:-1]):
        state.undo_stack.undo()
        assert state.model.participants == expected
    assert panel.roster.rowCount() == 0


def test_roster_cells_edit_names_and_notes_through_undo(workshop):
    roster = workshop.participants.roster
    state = workshop.state
    assert roster.data(roster.index(1, 3)) == "1 (ranking)" and roster.data(roster.index(1, 2)) == "entered"
    assert roster.setData(roster.index(0, 1), "Anna")
    assert roster.setData(roster.index(0, 4), "Dissents on escalation.")
    assert state.model.participants[0].label == "Anna" and roster.data(roster.index(0, 4)) == "Dissents on escalation."
    assert roster.setData(roster.index(0, 1), "   ")  # a blank name removes the name: the code alone
    assert state.model.participants[0].label is None and roster.data(roster.index(0, 1)) == ""
    state.undo_stack.undo()
    state.undo_stack.undo()
    state.undo_stack.undo()
    assert state.model.participants[0].label == "Ana"


def test_roster_repaints_only_the_rows_whose_text_changed(workshop):
    """A weight entered within a round changes nothing the roster shows: no reset (which re-measures every cell
    of the table), no changed rows; a rename changes its own row only."""
    roster = workshop.participants.roster
    state = workshop.state
    resets, changed = [], []
    roster.modelReset.connect(lambda: resets.append(1))
    roster.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    p = next(q for q in state.model.participants if q.rounds[0].method == "direct")  # stays "1 (points)"
    state.replace_model(pe.set_round_weight(state.model, p.id, 1, state.model.criteria[0].id, 42.0), "Weight")
    assert resets == [] and changed == []
    assert roster.setData(roster.index(3, 1), "Dana")
    assert resets == [] and changed == [(3, 3)]
    state.replace_model(pe.add_participant(state.model, "Eve"), "Add")
    assert resets == [1] and roster.rowCount() == 6


def test_rounds_new_round_and_enter_weights_for_a_listed_participant(workshop):
    panel = workshop.participants
    ws = workshop.workshop
    panel.new_round_button.click()
    assert ws.round == 2 and panel.round_combo.currentData() == 2
    panel.select(workshop.state.model.participants[2].id)
    panel.buttons["enter"].click()
    dlg = panel.entry_dialog
    assert workshop.workshop.covered and neutral(dlg.pages)
    dlg.pages.show_method("swing")
    dlg.save()
    p = workshop.state.model.participants[2]
    assert [r.round for r in p.rounds] == [1, 2] and p.round(2).method == "swing"
    ws.set_covered(False)
    chart = shown_group(workshop)
    assert chart.group.round == 2 and chart.group.participant_ids == (p.id,)
    assert chart.group.movement is not None  # P3 moved between rounds
    panel.round_combo.setCurrentIndex(panel.round_combo.findData(1))
    panel.round_combo.activated.emit(panel.round_combo.currentIndex())
    assert ws.round == 1
