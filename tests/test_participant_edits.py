"""Pure workshop edits (core.participant_edits): each returns a new valid model and leaves the old one alone."""

from __future__ import annotations

import json

import numpy as np
import pytest
from group_models import WORKSHOP_MODEL

from decision_app.core import participant_edits as pe
from decision_app.core.errors import InputError
from decision_app.core.group import participants_from_model
from decision_app.core.loading import dump_model, load_model, model_from_dict
from decision_app.core.schema import check_model


@pytest.fixture
def model():
    return load_model(WORKSHOP_MODEL)  # the shipped model quotes "Anatoly Dobrynin": no stray "Ana" here


def _equal(model, round=1):
    return pe.make_round(model, round, "direct", np.ones(len(model.criteria)))


def test_add_gives_codes_in_order_of_entry_and_keeps_the_old_model(model):
    m1 = pe.add_participant(model, "  Ana   Lopez ")
    m2 = pe.add_participant(m1, "Ben", rounds=[_equal(m1)])
    assert [p.code for p in m2.participants] == ["P1", "P2"]
    assert m2.participants[0].label == "Ana Lopez" and m2.participants[0].id == "p1"  # the id is no name
    assert model.participants == [] and len(m1.participants) == 1
    assert pe.added_id(m1, m2) == m2.participants[1].id
    assert check_model(m2) == []


def test_codes_are_never_reused_after_a_removal(model):
    m = model
    for name in ("A", "B", "C"):
        m = pe.add_participant(m, name)
    m = pe.remove_participant(m, m.participants[2].id)
    m = pe.add_participant(m, "D")
    assert [p.code for p in m.participants] == ["P1", "P2", "P3"]  # P3 is free again only at the end
    m = pe.remove_participant(m, m.participants[0].id)
    assert pe.next_code(m) == "P4"


def test_rename_note_and_refusals(model):
    m = pe.add_participant(model, "Ana")
    pid = m.participants[0].id
    m = pe.rename_participant(m, pid, "Ana B.")
    m = pe.set_note(m, pid, "  Escalation first.  ")
    assert (m.participants[0].label, m.participants[0].note) == ("Ana B.", "Escalation first.")
    assert pe.rename_participant(m, pid, "   ").participants[0].label is None  # no name: the code alone
    with pytest.raises(InputError, match='no participant "zed"'):
        pe.remove_participant(m, "zed")


def test_a_name_is_optional_and_never_makes_an_id(model):
    """Issue 22: the code is enough; no name is kept unless one is given, and ids do not carry names."""
    m = pe.add_participant(pe.add_participant(model), "Chloé Martin")
    assert [(p.id, p.label, p.code) for p in m.participants] == [("p1", None, "P1"), ("p2", "Chloé Martin", "P2")]
    assert b'"label"' not in dump_model(pe.add_participant(model))  # no name stored unless one is given
    assert dump_model(m).count("Chloé".encode()) == 1  # the label, and nothing derived from it


def test_anonymise_replaces_every_name_by_its_code(model):
    m = pe.add_participant(pe.add_participant(model, "Ana"), "Ben")
    anon = pe.anonymise(m)
    assert [p.label for p in anon.participants] == [None, None]
    assert b"Ana" not in dump_model(anon) and b"Ana" in dump_model(m)


def test_rounds_are_kept_sorted_replaced_and_removed(model):
    m = pe.add_participant(model, "Ana")
    pid = m.participants[0].id
    m = pe.set_round(m, pid, _equal(m, 2))
    m = pe.set_round(m, pid, _equal(m, 1))
    m = pe.set_round(m, pid, pe.make_round(m, 2, "direct", np.arange(1, len(m.criteria) + 1)))
    p = m.participants[0]
    assert [r.round for r in p.rounds] == [1, 2] and p.round(2).weights[m.criteria[1].id] == 2
    m = pe.remove_round(m, pid, 1)
    assert [r.round for r in m.participants[0].rounds] == [2]
    with pytest.raises(InputError, match="nothing in round 1"):
        pe.remove_round(m, pid, 1)


def test_elicited_rounds_keep_their_inputs_and_judgements(model):
    n = len(model.criteria)
    ranks = list(range(1, n + 1))
    A = np.ones((n, n))
    A[0, 1], A[1, 0] = 3.0, 1 / 3
    m = pe.add_participant(model, "Ana", rounds=[pe.make_round(model, 1, "ranking", np.ones(n) / n, inputs=ranks)])
    m = pe.add_participant(m, "Ben", rounds=[pe.make_round(m, 1, "ahp", np.ones(n) / n, ahp_matrix=A)])
    again = model_from_dict(json.loads(dump_model(m)), "again.json")  # valid on disk too
    assert again.participants[0].rounds[0].inputs[model.criteria[0].id] == 1
    people = participants_from_model(again)
    np.testing.assert_allclose(people[1].ahp_matrix, A)


def test_a_round_the_rules_refuse_is_an_input_error(model):
    n = len(model.criteria)
    m = pe.add_participant(model, "Ana")
    with pytest.raises(InputError, match="every weight is zero"):
        pe.set_round(m, m.participants[0].id, pe.make_round(m, 1, "direct", np.zeros(n)))
    with pytest.raises(InputError, match="keeps what was entered"):
        pe.set_round(m, m.participants[0].id, pe.make_round(m, 1, "swing", np.ones(n)))
    with pytest.raises(InputError, match="one per criterion"):
        pe.make_round(m, 1, "direct", np.ones(n + 1))


def test_one_weight_changed_becomes_a_direct_entry(model):
    n = len(model.criteria)
    m = pe.add_participant(model, "Ana", rounds=[pe.make_round(model, 1, "ranking", np.ones(n), inputs=[1] * n)])
    cid = model.criteria[0].id
    m = pe.set_round_weight(m, m.participants[0].id, 1, cid, 5.0)
    r = m.participants[0].round(1)
    assert r.method == "direct" and r.inputs is None and r.weights[cid] == 5.0


def test_a_participants_only_edit_keeps_the_compiled_analysis(window, qtbot):
    """A roster edit changes no option, criterion or score: the state keeps its compiled arrays and sends
    the participants' own signal instead of rebuilding every chart (the group view's live path)."""
    from decision_app.core import participant_edits as pe

    state = window.state
    compiled = state.compiled
    ones = [1.0] * len(state.model.criteria)
    model = pe.add_participant(state.model, "Ana", rounds=[pe.make_round(state.model, 1, "direct", ones)])
    with qtbot.waitSignal(state.sig_participants_changed, timeout=1000):
        state.replace_model(model, "Add participant")
    assert state.compiled is compiled and len(state.model.participants) == 1
    state.undo_stack.undo()
    assert state.model.participants == [] and state.compiled is compiled


def test_a_participant_marked_absent_does_not_leave_the_round_partial(model):
    from decision_app.core.group_answer import round_count

    m = model
    for _ in range(3):
        m = pe.add_participant(m, rounds=[_equal(m, 1)])
    m = pe.set_round(m, m.participants[0].id, _equal(m, 2))
    m = pe.set_round(m, m.participants[1].id, _equal(m, 2))
    assert round_count(m, 2).text == "2 of 3 have entered round 2" and round_count(m, 2).partial
    m = pe.set_absent(m, m.participants[2].id, 2)
    assert m.participants[2].absent == [2] and not round_count(m, 2).partial
    assert round_count(m, 2).text == "2 of 2 have entered round 2" and round_count(m, 1).roster == 3
    with pytest.raises(InputError, match="has entered round 2"):
        pe.set_absent(m, m.participants[0].id, 2)
    back = pe.set_round(m, m.participants[2].id, _equal(m, 2))  # came after all: no longer absent
    assert back.participants[2].absent is None and check_model(back) == []
    assert pe.set_absent(m, m.participants[2].id, 2, False).participants[2].absent is None
