"""The window shows each score's basis: a letter in every matrix cell, a filter, and an undoable editor."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_cells_end_with_their_basis_letter_and_the_filter_fades_the_others(window):
    m, state = window.matrix.model, window.state
    for i, o in enumerate(state.model.options):
        for j, c in enumerate(state.model.criteria):
            text = m.data(m.index(i, j), Qt.ItemDataRole.DisplayRole)
            assert text.endswith({"essay": "E", "inference": "I", "judgement": "J"}[o.scores[c.id].basis])
    chooser = window.matrix.basis_filter
    chooser.setCurrentIndex(chooser.findData("essay"))
    essay = next((i, j) for i, o in enumerate(state.model.options) for j, c in enumerate(state.model.criteria)
                 if o.scores[c.id].basis == "essay")
    other = next((i, j) for i, o in enumerate(state.model.options) for j, c in enumerate(state.model.criteria)
                 if o.scores[c.id].basis != "essay")
    assert m.data(m.index(*essay), Qt.ItemDataRole.BackgroundRole) is not None
    assert m.data(m.index(*other), Qt.ItemDataRole.BackgroundRole) is None
    assert m.data(m.index(*other), Qt.ItemDataRole.ForegroundRole) is not None


def test_basis_is_edited_in_the_evidence_pane_and_undone(window):
    state, pane = window.state, window.matrix.evidence
    state.select(option=2, criterion=0)
    before = state.model.options[2].scores[state.model.criteria[0].id]
    assert pane.basis.currentData() == before.basis
    target = "inference" if before.basis != "inference" else "judgement"
    pane.basis.setCurrentIndex(pane.basis.findData(target))
    pane.commit()
    assert state.model.options[2].scores[state.model.criteria[0].id].basis == target
    assert "Basis: " + target in pane.evidence.toPlainText()
    state.undo_stack.undo()
    assert state.model.options[2].scores[state.model.criteria[0].id].basis == before.basis


def test_notes_show_beside_their_passage(window):
    state, pane = window.state, window.matrix.evidence
    i, j, note = next((i, j, s.citations[0].note) for i, o in enumerate(state.model.options)
                      for j, c in enumerate(state.model.criteria) for s in [o.scores[c.id]]
                      if s.citations and s.citations[0].note)
    state.select(option=i, criterion=j)
    assert note in pane.evidence.toPlainText()
    assert pane.citations.item(0, 2).text() == note
