"""Defects found by a third walk through the app (keyboard user, facilitator on a projector): the window's
Undo/Redo from a number box, Enter in a matrix cell, the citations header at 1024x768 and the weight sliders
at a large zoom. Each test failed before its fix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget
from test_gui_matrix import focus
from test_walkthrough import projector as projector_fixture

from decision_app.gui.main_window import redo_keys

projector = projector_fixture  # the walkthrough's projector fixture, shared


def press(qtbot, seq: QKeySequence) -> None:
    combo = seq[0]
    qtbot.keyClick(QApplication.focusWidget(), combo.key(), combo.keyboardModifiers())


def undo_redo_keys() -> list[tuple[str, QKeySequence]]:
    keys = [("undo", k) for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)]
    return keys + [("redo", k) for k in redo_keys()]


# --- 1. Undo and Redo from a number box ------------------------------------------------------------------


def test_undo_and_redo_keys_work_from_a_weight_box(window, qtbot):
    state = window.state
    spin = window.weights.rows[0][1]
    focus(qtbot, spin)
    before = state.weights.copy()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    moved = state.weights.copy()
    assert moved[0] != before[0]
    assert state.undo_stack.canUndo()
    names = {k.toString() for _what, k in undo_redo_keys()}
    assert {"Ctrl+Z", "Ctrl+Y", "Ctrl+Shift+Z"} <= names
    for what, key in undo_redo_keys():
        if what == "undo":
            press(qtbot, key)
            assert state.weights[0] == pytest.approx(before[0]), key.toString()
            press(qtbot, QKeySequence("Ctrl+Shift+Z"))  # back to moved for the next key
        else:
            state.undo_stack.undo()
            assert state.weights[0] == pytest.approx(before[0])
            press(qtbot, key)
            assert state.weights[0] == pytest.approx(moved[0]), key.toString()
        assert QApplication.focusWidget() is spin  # the keys did their work and the focus stayed put


def test_undo_works_from_every_number_box_of_the_window(window, qtbot):
    state = window.state
    state.select(option=1, criterion=0)
    pane = window.matrix.evidence
    boxes = [pane.value, pane.low, pane.high, *(row[1] for row in window.weights.rows[:2])]
    assert all(window.isAncestorOf(b) for b in boxes)
    for box in boxes:
        state.set_weight(2, 0.2, "spin")  # something to undo
        count = state.undo_stack.index()
        focus(qtbot, box)
        press(qtbot, QKeySequence("Ctrl+Z"))
        assert state.undo_stack.index() == count - 1, box.accessibleName()


def test_undo_in_an_open_matrix_cell_editor_undoes_the_last_step(window, qtbot):
    state, table = window.state, window.matrix.table
    state.set_weight(2, 0.2, "spin")
    count = state.undo_stack.index()
    idx = table.model().index(2, 2)
    table.setCurrentIndex(idx)
    focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QAbstractSpinBox) and table.isAncestorOf(editor)
    press(qtbot, QKeySequence("Ctrl+Z"))
    assert state.undo_stack.index() == count - 1


def test_text_undo_stays_inside_the_rationale(window, qtbot):
    state = window.state
    state.select(option=1, criterion=0)
    pane = window.matrix.evidence
    state.set_weight(2, 0.2, "spin")
    count = state.undo_stack.index()
    focus(qtbot, pane.rationale)
    original = pane.rationale.toPlainText()
    pane.rationale.moveCursor(pane.rationale.textCursor().MoveOperation.End)
    qtbot.keyClicks(pane.rationale, " More")
    press(qtbot, QKeySequence("Ctrl+Z"))
    assert pane.rationale.toPlainText() == original  # the typing was undone ...
    assert state.undo_stack.index() == count  # ... and not the window's last step


# --- 2. Enter in a matrix cell ---------------------------------------------------------------------------


def test_enter_commits_closes_the_cell_editor_and_moves_down(window, qtbot):
    state, table = window.state, window.matrix.table
    idx = table.model().index(2, 1)
    table.setCurrentIndex(idx)
    focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QAbstractSpinBox)
    editor.selectAll()
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: state.compiled.X[2, 1] == 3.0)
    qtbot.wait(50)  # the queued close, and anything that would reopen the editor
    assert table.state() != table.State.EditingState
    assert table.indexWidget(table.model().index(2, 1)) is None
    assert not any(isinstance(w, QAbstractSpinBox) and w.isVisible() for w in table.findChildren(QWidget))
    assert (table.currentIndex().row(), table.currentIndex().column()) == (3, 1)  # down, as in Excel
    assert (state.selected_option, state.selected_criterion) == (3, 1)
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Down)  # the keyboard works on the table at once
    assert table.currentIndex().row() == 4


def test_enter_on_the_last_row_commits_and_stays(window, qtbot):
    state, table = window.state, window.matrix.table
    last = table.model().rowCount() - 1
    table.setCurrentIndex(table.model().index(last, 0))
    focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: state.compiled.X[last, 0] == 4.0)
    qtbot.wait(50)
    assert table.state() != table.State.EditingState
    assert table.currentIndex().row() == last
    assert QApplication.focusWidget() is table


# --- 3. the citations header -----------------------------------------------------------------------------


def test_the_citations_header_is_readable_on_a_projector(projector, qtbot):
    pane = projector.matrix.evidence
    projector.state.select(option=1, criterion=0)
    projector.focus_view("matrix")
    qtbot.wait(20)
    table = pane.citations
    header = table.horizontalHeader()
    fm = header.fontMetrics()
    for col in range(table.columnCount()):
        item = table.horizontalHeaderItem(col)
        assert item is not None
        label = item.text()
        # the whole label fits its section, with the header's own margins
        assert fm.horizontalAdvance(label) + 12 <= header.sectionSize(col), (label, header.sectionSize(col))
        assert item.toolTip() and label.split()[0].lower() in item.toolTip().lower()
    assert sum(header.sectionSize(c) for c in range(table.columnCount())) <= table.viewport().width() + 1


# --- 4. the weight sliders at a large zoom ---------------------------------------------------------------


def shown_rect(widget: QWidget) -> QRect:
    """The part of `widget` its ancestors do not clip, in window coordinates."""
    top = widget.window()
    rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    w = widget.parentWidget()
    while w is not None and w is not top:
        rect = rect.intersected(QRect(w.mapTo(top, QPoint(0, 0)), w.size()))
        w = w.parentWidget()
    return rect


@pytest.mark.parametrize("zoom", [0, 5, 10])
def test_zoom_leaves_the_weight_sliders_most_of_their_panel(projector, qtbot, zoom):
    projector.set_zoom(zoom)
    qtbot.wait(50)
    panel = projector.weights
    whole = []
    for slider, spin, _lock, _name in panel.rows:
        for w in (slider, spin):
            seen = shown_rect(w)
            if seen.height() < w.height():
                break
        else:
            whole.append(slider)
    need = 3 if zoom <= 5 else 2
    assert len(whole) >= need, (projector.size(), zoom, len(whole))
    # the method's explanation is still all there, reachable (it scrolls) and in a tooltip
    assert panel.method_help.text() and panel.method_help.isVisible()
