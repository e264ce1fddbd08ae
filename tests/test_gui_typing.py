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


def type_in_box(qtbot, box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_a_typed_weight_is_applied_exactly_and_the_rescaling_said(window, qtbot):
    state = window.state
    said = []
    state.sig_status.connect(said.append)
    type_in_box(qtbot, window.weights.rows[0][1], "40,5")
    assert state.weights[0] == 0.405 and abs(state.weights.sum() - 1) < 1e-12
    assert any("set to 40.5 %" in m and "the other weights now share the remaining 59.5 %" in m for m in said)


def test_a_weight_the_locks_leave_no_room_for_is_refused_not_clamped(window, qtbot):
    """weights_after_move clamps to what the locked weights leave: right for a slider, a third value for a
    typed number."""
    state, rows = window.state, window.weights.rows
    said = []
    state.sig_status.connect(said.append)
    type_in_box(qtbot, rows[1][1], "30")
    rows[1][2].setChecked(True)
    before = state.weights.copy()
    type_in_box(qtbot, rows[0][1], "80")
    assert (state.weights == before).all()
    assert any("80 % is more than the 70 % the locked weights leave" in m for m in said)
    assert rows[0][1].value() == round(before[0] * 100, 1)
    for _slider, _spin, lock, _name in rows[1:]:
        lock.setChecked(True)
    type_in_box(qtbot, rows[0][1], "10")
    assert (state.weights == before).all()
    assert any("every other weight is locked" in m for m in said)


def test_a_weight_over_100_is_refused_aloud_not_cut_to_10(window, qtbot):
    state = window.state
    said = []
    state.sig_status.connect(said.append)
    before = state.weights.copy()
    type_in_box(qtbot, window.weights.rows[0][1], "150")
    assert (state.weights == before).all()
    assert any("150 % is outside the range 0–100 %" in m for m in said), said


def test_participant_points_are_taken_as_typed_or_refused_in_the_dialog(window, qtbot):
    """A points box (0–100) cut "150" to 15 and read "3,5" as 35."""
    from decision_app.gui.participant_entry import ParticipantEntryDialog

    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    dlg.show()
    qtbot.waitExposed(dlg)
    box = dlg.pages.points[0]
    for typed, words in (("150", "150 is outside the range 0–100"), ("3,5", "3,5 is not a whole number"),
                         ("", "the box is empty")):
        type_in_box(qtbot, box, typed)
        assert box.value() == 10 and words in dlg.summary.text() and "it stays 10" in dlg.summary.text()
    type_in_box(qtbot, box, "35")
    assert dlg.pages.entered_points()[0] == 35.0 and "stays" not in dlg.summary.text()
    dlg.confirm_discard = lambda: True  # closing with typed answers asks first (issue 22)
    dlg.reject()


def test_uncertainty_samples_are_taken_as_typed_or_refused(window, qtbot):
    state = window.state
    row = window.uncertainty.settings_row
    window.focus_view("uncertainty")
    said = []
    state.sig_status.connect(said.append)
    before = state.smaa_settings
    type_in_box(qtbot, row.samples, "2,000,000")
    assert state.smaa_settings == before and any("outside the range 100–1,000,000" in m for m in said), said
    type_in_box(qtbot, row.samples, "1,5")
    assert state.smaa_settings == before and any("1,5 is not a whole number" in m for m in said), said
    type_in_box(qtbot, row.samples, "12,345")
    assert state.smaa_settings.samples == 12_345
    type_in_box(qtbot, row.spread, "0,125")
    assert state.smaa_settings.spread == before.spread and any("more decimals than the 2" in m for m in said)
    type_in_box(qtbot, row.spread, "0,15")
    assert state.smaa_settings.spread == 0.15


# --- typing goes where the user looks (issue 19, item 2) ----------------------------------------------------


def test_add_quote_puts_the_focus_in_the_new_quote(window, qtbot):
    """The focus stayed on the button: the letters typed next were lost."""
    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=0)
    n = len(cell(state, 1, 0).citations)
    pane.add_quote.setFocus()
    qtbot.keyClick(pane.add_quote, Qt.Key.Key_Space)
    qtbot.keyClicks(QApplication.focusWidget(), "A passage typed at once")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    pane.commit()
    cits = cell(state, 1, 0).citations
    assert len(cits) == n + 1 and cits[-1].quote == "A passage typed at once"


def test_spaces_on_add_quote_make_no_blank_rows_and_a_blank_row_is_said(window, qtbot):
    """Each space pressed on the button added a blank row, which Apply then dropped without a word."""
    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=0)
    n = len(cell(state, 1, 0).citations)
    said = []
    state.sig_status.connect(said.append)
    pane.add_quote.setFocus()
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert pane.citations.rowCount() == n + 1  # the spaces after the first went into the quote
    pane.add_quote.click()  # the empty row is offered again, not another added
    assert pane.citations.rowCount() == n + 1 and any(f"Quote {n + 1} is still empty" in m for m in said), said
    pane.commit()
    assert pane.citations.rowCount() == n and len(cell(state, 1, 0).citations) == n
    assert any("empty quote row was removed" in m for m in said), said


def test_a_quote_with_a_note_but_no_passage_is_refused_aloud(window, qtbot):
    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=0)
    before = cell(state, 1, 0)
    said = []
    state.sig_status.connect(said.append)
    pane.add_quote.click()
    row = pane.citations.rowCount() - 1
    pane.citations.item(row, 2).setText("Why it matters")
    pane.commit()
    assert cell(state, 1, 0) == before and pane.citations.rowCount() == row + 1  # kept, for the passage
    assert any(f"quote {row + 1} has a note but no passage" in m for m in said), said


def test_a_basis_chosen_shows_its_mark_in_the_matrix_at_once(window, qtbot):
    state, pane = window.state, window.matrix.evidence
    state.select(option=2, criterion=0)
    model = window.matrix.table.model()
    before = cell(state, 2, 0)
    target = "judgement" if before.basis != "judgement" else "inference"
    pane.basis.setFocus()
    key = Qt.Key.Key_Down if pane.basis.findData(target) > pane.basis.currentIndex() else Qt.Key.Key_Up
    while pane.basis.currentData() != target:
        qtbot.keyClick(pane.basis, key)
    assert cell(state, 2, 0).basis == target
    assert model.data(model.index(2, 0)).endswith("J" if target == "judgement" else "I")


@pytest.mark.parametrize("action", ["add_option", "rename_criterion"])
def test_an_empty_name_is_refused_aloud(window, monkeypatch, action):
    """An empty name closed the question and did nothing, without a word."""
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    said = []
    window.state.sig_status.connect(said.append)
    before = window.state.model
    window.edit_actions[action].trigger()
    assert window.state.model == before
    assert any("needs a name" in m for m in said), said


def test_an_empty_profile_name_is_refused_aloud(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    said = []
    window.state.sig_status.connect(said.append)
    n = len(window.state.model.profiles)
    window.weights.save_btn.click()
    assert len(window.state.model.profiles) == n and any("needs a name" in m for m in said), said


def test_a_number_being_typed_survives_a_change_made_elsewhere(window, qtbot):
    """Boxes read what is typed only when it is committed (Enter, leaving the box): until then a reload of
    the cell (an edit elsewhere) must not write over the typing, and leaving the cell applies it."""
    from decision_app.core import edits

    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=1)
    pane.value.setFocus()
    pane.value.selectAll()
    qtbot.keyClicks(pane.value, "8,5")
    c = state.compiled
    state.replace_model(edits.set_score(state.model, c.option_ids[2], c.criterion_ids[1], value=4.0), "elsewhere")
    assert pane.value.text() == "8,5"
    state.select(option=3)
    assert cell(state, 1, 1).value == 8.5


def test_the_new_quote_is_in_view_at_1024x768(window, qtbot):
    """At 1024×768 the quotes sit below the fold of the evidence editor: the focus went to a field out of view."""
    window.resize(1024, 768)
    window.focus_view("matrix")
    window.state.select(option=1, criterion=1)
    pane = window.matrix.evidence
    qtbot.waitUntil(lambda: pane.isVisible())
    pane.add_quote.click()
    editor = QApplication.focusWidget()
    assert editor is not None and pane.citations.isAncestorOf(editor)
    qtbot.waitUntil(lambda: not editor.visibleRegion().isEmpty())


@pytest.mark.parametrize(("locale", "typed", "taken"), [
    ("de_DE", "2,125", 2.125), ("de_DE", "2.125", None), ("de_DE", "3.5", 3.5),
    ("en_GB", "2.125", 2.125), ("en_GB", "2,125", None), ("en_GB", "3,5", 3.5),
])
def test_a_decimal_box_reads_the_locales_marks(qtbot, locale, typed, taken):
    """The locale's thousands separator is never read as one in a decimal box: where a number reads both ways
    ("2.125" in German) it is refused, not guessed."""
    from PySide6.QtCore import QLocale

    from decision_app.gui.number_boxes import DecimalBox

    box = DecimalBox("Score")
    qtbot.addWidget(box)
    box.setLocale(QLocale(locale))
    box.setDecimals(3)
    box.setRange(-1e9, 1e9)
    box.setValue(7)
    said = []
    box.refused.connect(said.append)
    box.show()
    type_in_box(qtbot, box, typed)
    if taken is None:
        assert box.value() == 7 and said and "could be" in said[0]
    else:
        assert box.value() == taken and not said


def test_a_range_end_typed_is_not_said_to_be_widened_for_the_score(window, qtbot):
    """The third walk (issue 19): typing a range's upper end wider than it was said "range widened from 4–7 to
    4–9 to take in the score 5", though the user typed that range and the score was inside it. Only a range
    moved unasked (by a score typed outside it) is said to be widened."""
    from PySide6.QtCore import Qt

    state, pane = window.state, window.matrix.evidence
    crit = state.model.criteria[0]
    state.select(option=0, criterion=0)
    before = state.model.options[0].scores[crit.id]
    top = crit.scale.max if crit.scale is not None else before.high + 1
    assert before.high < top
    said: list[str] = []
    state.sig_status.connect(said.append)
    pane.high.setFocus()
    pane.high.lineEdit().selectAll()
    qtbot.keyClicks(pane.high, f"{top:g}")
    qtbot.keyClick(pane.high, Qt.Key.Key_Return)
    after = state.model.options[0].scores[crit.id]
    assert (after.low, after.high, after.value) == (before.low, top, before.value)
    assert not any("to take in the score" in m for m in said), said
    said.clear()  # a score typed above the range still moves it, and says so
    state.undo_stack.undo()
    pane.show_cell()
    pane.value.setFocus()
    pane.value.lineEdit().selectAll()
    qtbot.keyClicks(pane.value, f"{top:g}")
    qtbot.keyClick(pane.value, Qt.Key.Key_Return)
    assert state.model.options[0].scores[crit.id].high == top
    assert any("range widened" in m and "to take in the score" in m for m in said), said


@pytest.mark.parametrize("pasted", ["0\x01", "7\x00", "1\x08"])
def test_a_pasted_control_character_is_refused_not_dropped(qtbot, pasted):
    """Qt shows a control character as a space and hands that text to the box, which read "0\\x01" as 0: the
    box now reads what was pasted, refuses it aloud and keeps its value."""
    from PySide6.QtGui import QGuiApplication

    from decision_app.gui.number_boxes import DecimalBox

    box = DecimalBox("Least weight")
    qtbot.addWidget(box)
    box.setRange(0.0, 100.0)
    box.setDecimals(1)
    box.setValue(5.0)
    said: list[str] = []
    box.refused.connect(said.append)
    box.show()
    box.setFocus()
    box.lineEdit().selectAll()
    QGuiApplication.clipboard().setText(pasted)
    box.lineEdit().paste()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == 5.0
    assert said and "is not a number" in said[-1] and "it stays 5" in said[-1], said
