"""The matrix and evidence panel: typed evidence is never lost, the keyboard reaches every control, and a
small screen or a long name does not crowd out the scores or the rationale editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from decision_app.core import edits
from decision_app.core.loading import dump_model

LONG_NAME = ("A very long option name that keeps going and going so that it cannot fit on a screen " * 4)[:299] + "."


def scores(state, i: int, crit: str = "casualties"):
    return state.model.options[i].scores[crit]


def click_cell(qtbot, table, row: int, col: int) -> None:
    idx = table.model().index(row, col)
    table.scrollTo(idx)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(idx).center())


def focus(qtbot, widget: QWidget) -> None:
    widget.window().activateWindow()
    qtbot.waitActive(widget.window())
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


# --- 1. typed evidence is never lost ------------------------------------------------------------------


def test_typed_rationale_is_applied_when_another_cell_is_clicked(window, qtbot):
    state, panel = window.state, window.matrix
    pane = panel.evidence
    click_cell(qtbot, panel.table, 1, 0)
    assert (state.selected_option, state.selected_criterion) == (1, 0)
    old = scores(state, 1).rationale
    focus(qtbot, pane.rationale)
    pane.rationale.selectAll()
    qtbot.keyClicks(pane.rationale, "Typed, never applied")
    click_cell(qtbot, panel.table, 2, 1)
    assert (state.selected_option, state.selected_criterion) == (2, 1)
    assert scores(state, 1).rationale == "Typed, never applied"
    assert pane.rationale.toPlainText() == scores(state, 2, state.model.criteria[1].id).rationale
    state.undo_stack.undo()  # one step restores the old text
    assert scores(state, 1).rationale == old


def test_typed_range_and_rationale_are_one_undo_step_when_the_selection_moves(window):
    """The selection can move without the focus leaving the editor (a chart, a menu shortcut)."""
    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=0)
    before = scores(state, 1)
    count = state.undo_stack.count()
    pane.low.setValue(5.0)
    pane.rationale.setPlainText("Edited, then the selection moved")
    state.select(option=4, criterion=2)
    s = scores(state, 1)
    assert (s.low, s.rationale, s.value, s.high) == (5.0, "Edited, then the selection moved", before.value,
                                                      before.high)
    assert state.undo_stack.count() == count + 1
    state.undo_stack.undo()
    assert scores(state, 1) == before


def test_typed_evidence_is_applied_when_the_focus_leaves_the_editor(window, qtbot):
    state, pane = window.state, window.matrix.evidence
    state.select(option=3, criterion=0)
    focus(qtbot, pane.rationale)
    pane.rationale.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(pane.rationale, " More.")
    focus(qtbot, window.weights.rows[0][1])  # somewhere else in the window
    assert scores(state, 3).rationale.endswith("More.")
    # moving between the editor's own fields is not an edit yet
    count = state.undo_stack.count()
    focus(qtbot, pane.rationale)
    pane.rationale.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(pane.rationale, " Again.")
    focus(qtbot, pane.low)
    assert state.undo_stack.count() == count
    assert not scores(state, 3).rationale.endswith("Again.")


def test_quote_typed_in_an_open_cell_editor_is_applied(window, qtbot):
    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=0)
    n = len(scores(state, 1).citations)
    pane.add_quote.click()
    row = pane.citations.rowCount() - 1
    pane.citations.setCurrentCell(row, 1)
    pane.citations.editItem(pane.citations.item(row, 1))
    editor = pane.citations.indexWidget(pane.citations.model().index(row, 1))
    assert editor is not None
    editor.setText("A passage typed and never confirmed")
    state.select(option=5)
    cits = scores(state, 1).citations
    assert len(cits) == n + 1 and cits[-1].quote == "A passage typed and never confirmed"


def test_refused_basis_keeps_the_typed_rationale_when_the_cell_is_left(window):
    """Leaving a cell whose typed basis is refused (essay without a quote) applies the rationale typed with
    it and says what was not applied; it used to raise inside the selection change (found by the stateful
    test)."""
    state, pane = window.state, window.matrix.evidence
    i = next(k for k, o in enumerate(state.model.options) if not o.scores["casualties"].citations)
    state.select(option=i, criterion=0)
    before = scores(state, i)
    pane.rationale.setPlainText("Kept although the basis is refused")
    pane.basis.setCurrentIndex(pane.basis.findData("essay"))
    pane.commit()  # refused while the cell is shown: it stays typed, for correction
    assert pane.pending == {"rationale", "basis"} and scores(state, i) == before
    messages: list[str] = []
    state.sig_status.connect(messages.append)
    state.select(option=(i + 1) % state.compiled.m)
    s = scores(state, i)
    assert (s.rationale, s.basis) == ("Kept although the basis is refused", before.basis)
    assert not pane.pending
    assert any("basis not applied" in m and "no passage is cited" in m for m in messages), messages


def test_refused_typing_does_not_follow_into_another_document(window, model_copy, tmp_path):
    """An edit refused while its cell is shown stays typed, for correction; opening a file used to keep it,
    shown over the new document's cell and applied to that document later (found by the stateful test)."""
    state, pane = window.state, window.matrix.evidence
    i = next(k for k, o in enumerate(state.model.options) if o.scores["casualties"].basis == "inference")
    state.select(option=i, criterion=0)
    pane.rationale.setPlainText("")  # an inference needs its rationale
    pane.commit()
    assert pane.pending == {"rationale"}
    other = tmp_path / "other.json"
    other.write_bytes(dump_model(edits.set_score(state.model, state.model.options[i].id, "casualties",
                                                 basis="judgement")))
    window.ask_save_changes = lambda: "discard"
    assert window.open_path(other)
    assert not pane.pending and scores(state, i).rationale != ""  # where it would be valid now
    state.select(option=i)
    state.select(option=(i + 1) % state.compiled.m)
    assert scores(state, i).rationale != ""
    assert not state.dirty and not state.undo_stack.count()


def test_typing_survives_an_edit_elsewhere(window):
    """Another change to the model (here a score in another row) reloads the pane but keeps what is typed."""
    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=0)
    pane.rationale.setPlainText("Half-typed")
    window.matrix.model.setData(window.matrix.model.index(6, 3), "5")
    assert pane.rationale.toPlainText() == "Half-typed"
    state.select(option=2)
    assert scores(state, 1).rationale == "Half-typed"
    assert state.compiled.X[6, 3] == 5.0


def test_nothing_typed_nothing_pushed(window):
    state = window.state
    count = state.undo_stack.count()
    state.select(option=1, criterion=0)
    state.select(option=2, criterion=3)
    assert state.undo_stack.count() == count


def test_table_follows_the_selection_made_elsewhere(window):
    state, table = window.state, window.matrix.table
    state.select(option=7, criterion=5)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (7, 5)


# --- 2. keyboard only -----------------------------------------------------------------------------------


def tab_chain(qtbot, start: QWidget, steps: int, back: bool = False) -> list[QWidget]:
    focus(qtbot, start)
    seen = []
    key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), key,
                       Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_leaves_the_matrix_and_reaches_every_evidence_control(window, qtbot):
    panel = window.matrix
    pane = panel.evidence
    window.state.select(option=1, criterion=0)
    panel.table.setCurrentIndex(panel.model.index(1, 0))
    seen = tab_chain(qtbot, panel.table, 14)
    assert seen[0] is pane.value  # Tab leaves the table at once
    assert panel.table.currentIndex().row() == 1 and panel.table.currentIndex().column() == 0
    controls = [pane.value, pane.low, pane.high, pane.rationale, pane.citations, pane.add_quote,
                pane.remove_quote, pane.apply, pane.evidence]
    for w in controls:
        assert w in seen, w.accessibleName() or w.text()
    order = [seen.index(w) for w in controls]
    assert order == sorted(order)  # in reading order
    assert pane.rationale.toPlainText() == window.state.model.options[1].scores["casualties"].rationale  # no tab typed
    # Shift+Tab from the first field goes back to the table
    back = tab_chain(qtbot, pane.value, 1, back=True)
    assert back[0] is panel.table


def test_arrow_keys_move_cells_and_f2_edits(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    renames = []  # F2 is also the window's "Rename option": in the matrix it must edit the cell instead
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: renames.append(a) or ("", False))
    state, table = window.state, window.matrix.table
    table.setCurrentIndex(table.model().index(9, 0))
    focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert (state.selected_option, state.selected_criterion) == (9, 1)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert (state.selected_option, state.selected_criterion) == (10, 1)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table and table.isAncestorOf(editor)
    editor.selectAll()
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: state.compiled.X[10, 1] == 3.0)  # the delegate commits on a queued call
    assert table.state() != table.State.EditingState
    assert renames == []


def test_citation_source_and_quote_are_reachable_by_keyboard(window, qtbot):
    pane = window.matrix.evidence
    window.state.select(option=1, criterion=0)
    assert pane.citations.rowCount() >= 1
    assert not pane.citations.tabKeyNavigation()  # Tab leaves the quotes table
    seen = tab_chain(qtbot, pane.rationale, 3)
    assert seen[0] is pane.citations
    assert pane.citations.cellWidget(0, 0) in seen  # the source chooser of the first quote


# --- 3. small screens and long names ---------------------------------------------------------------------


@pytest.fixture
def small_window(window, qtbot):
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() <= 1024)
    window.reset_layout()
    qtbot.wait(50)
    return window


def rename_long(state, i: int = 8) -> None:
    state.replace_model(edits.rename_option(state.model, state.model.options[i].id, LONG_NAME), "long name")


def test_long_name_does_not_squeeze_the_rationale_editor(small_window, qtbot):
    state, pane = small_window.state, small_window.matrix.evidence
    rename_long(state)
    state.select(option=8, criterion=0)
    qtbot.wait(50)
    line = pane.rationale.fontMetrics().lineSpacing()
    assert pane.rationale.viewport().height() >= 3 * line
    assert LONG_NAME in pane.heading.toolTip()


def test_name_column_is_bounded_and_scores_are_visible(small_window, qtbot):
    """The names take a share of the table and a whole score column shows beside them. (Two columns showed
    while the names were cut to fit; now a name is never narrower than its longest word, which at 1024x768
    can take the few pixels the second column needed: tests/test_matrix_headers.py.)"""
    state, table = small_window.state, small_window.matrix.table
    rename_long(state)
    qtbot.wait(50)
    header = table.verticalHeader()
    assert header.width() <= 0.45 * table.width()
    assert table.columnViewportPosition(0) + table.columnWidth(0) <= table.viewport().width()
    tip = table.model().headerData(8, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert LONG_NAME in tip


# --- 4. the same defects elsewhere in the panel ----------------------------------------------------------


def test_score_typed_in_an_open_cell_editor_survives_a_reload(window, qtbot):
    """An undo clicked in the menu (the focus stays in the editor) reloads the matrix under an open editor."""
    state, table = window.state, window.matrix.table
    window.matrix.model.setData(window.matrix.model.index(0, 0), "6")  # something to undo
    idx = table.model().index(2, 2)
    table.setCurrentIndex(idx)
    focus(qtbot, table)
    table.edit(idx)
    editor = table.indexWidget(idx)
    editor.lineEdit().setText("6.5")
    state.undo_stack.undo()
    assert state.compiled.X[0, 0] != 6.0
    editor = table.indexWidget(idx)
    assert table.state() == table.State.EditingState and editor is not None
    assert editor.lineEdit().text() == "6.5"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: state.compiled.X[2, 2] == 6.5)


def test_tab_goes_round_the_whole_window_without_a_trap(window, qtbot):
    table = window.matrix.table
    seen = tab_chain(qtbot, table, 200)
    assert window.weights.profile in seen and window.weights.rows[-1][0] in seen
    back_at = seen.index(table)  # round the window and back to the matrix
    assert len(set(map(id, seen[:back_at]))) == back_at  # no widget twice on the way: nothing held the focus


# --- a score never changes without a word (walk-through, session 4) --------------------------------------


def test_a_number_outside_the_scale_is_refused_aloud(window, qtbot):
    """Typing 12 in a 0–10 score box kept "1" and said nothing: Qt's spin box drops the keystroke. Then
    (issue 19) Enter stored that 1 and widened the range to it. The box now holds "12" as typed, and Enter
    refuses it aloud and keeps the score."""
    state, pane = window.state, window.matrix.evidence
    state.select(option=1, criterion=0)
    crit = state.model.criteria[0]
    before = scores(state, 1)
    assert crit.scale is not None and crit.scale.max < 12
    said = []
    state.sig_status.connect(said.append)
    focus(qtbot, pane.value)
    pane.value.selectAll()
    qtbot.keyClicks(pane.value, "12")
    assert pane.value.text() == "12"  # as typed, not "1"
    qtbot.keyClick(pane.value, Qt.Key.Key_Return)
    assert any("12 is outside the scale" in m and crit.name in m and f"{crit.scale.max:g}" in m for m in said)
    assert scores(state, 1) == before
    assert pane.value.value() == before.value and pane.value.text() == pane.value.textFromValue(before.value)


def test_a_score_typed_outside_its_range_says_the_range_widened(window, qtbot):
    """A value typed below its range moved the range's low end to it without telling the user, in the
    evidence editor and in a matrix cell alike."""
    state, pane = window.state, window.matrix.evidence
    said = []
    state.sig_status.connect(said.append)
    state.select(option=1, criterion=0)
    before = scores(state, 1)
    assert before.low > 1
    pane.value.setValue(1.0)
    pane.commit()
    assert scores(state, 1).low == 1.0
    assert any(f"range widened from {before.low:g}–{before.high:g} to 1–{before.high:g}" in m for m in said)
    said.clear()
    model = window.matrix.table.model()
    other = scores(state, 2)
    ok = model.setData(model.index(2, 0), str(other.low - 1))
    assert ok and scores(state, 2).low == other.low - 1
    assert any(f"range widened from {other.low:g}–{other.high:g}" in m for m in said)
    said.clear()
    assert model.setData(model.index(2, 0), str(scores(state, 2).high))  # inside the range: no such words
    assert not any("widened" in m for m in said)
