"""What a user types is stored as typed, or refused aloud and the field kept (issue 19, item 1): the examples
the desk officer met; tests/test_fuzz_typing.py drives every box with generated text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication


def cell(state, i: int, j: int):
    return state.model.options[i].scores[state.model.criteria[j].id]


def type_in_cell(qtbot, window, i: int, j: int, text: str) -> None:
    table = window.matrix.table
    idx = table.model().index(i, j)
    table.setCurrentIndex(idx)
    table.setFocus()
    table.edit(idx)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # the commit is queued


@pytest.mark.parametrize(("typed", "stored"), [("3.456", 3.456), ("3,5", 3.5), ("0,25", 0.25)])
def test_a_matrix_cell_stores_the_number_typed(window, qtbot, typed, stored):
    """Qt's default cell editor kept two decimals (3.456 became 3.45) and read "3,5" as 35."""
    type_in_cell(qtbot, window, 1, 1, typed)
    assert cell(window.state, 1, 1).value == stored


@pytest.mark.parametrize(("typed", "words"), [("12", "outside the scale of Escalation risk (0–10"),
                                             ("abc", '"abc" is not a number'),
                                             ("3.1234", "more decimals than the 3 kept here"),
                                             ("2,125", "could be 2.125 or 2125")])
def test_a_matrix_cell_refuses_aloud_and_keeps_the_score(window, qtbot, typed, words):
    said = []
    window.state.sig_status.connect(said.append)
    before = cell(window.state, 1, 1)
    type_in_cell(qtbot, window, 1, 1, typed)
    assert cell(window.state, 1, 1) == before
    assert any(words in m and "it stays 7" in m for m in said), said


def test_enter_in_a_cell_without_typing_keeps_a_finer_score(window, qtbot):
    """The editor shows three decimals; a score with more (from a file) must not be rounded by Enter alone."""
    from decision_app.core import edits

    state = window.state
    c = state.compiled
    state.replace_model(edits.set_score(state.model, c.option_ids[1], c.criterion_ids[1], value=7.12345), "finer")
    type_in_cell(qtbot, window, 1, 1, "")
    assert cell(state, 1, 1).value == 7.12345
