"""Files: open, save, undo to the saved bytes, bad input, drag and drop, start-up and remembered layout."""

from __future__ import annotations

import numpy as np
import pytest
from gui_checks import assert_ranking_matches_engine, engine_scores

from decision_app.core.loading import load_model
from decision_app.gui.main_window import CANCEL, DISCARD
from tests.conftest import write_json


def test_edit_score_then_undo_restores_saved_file_byte_for_byte(window, model_copy):
    original = model_copy.read_bytes()
    table = window.matrix.model
    idx = table.index(4, 1)
    assert table.setData(idx, "9")
    assert window.state.compiled.X[4, 1] == 9.0
    assert window.state.dirty and window.isWindowModified()
    window.state.undo_stack.undo()
    assert not window.state.dirty
    window.state.save()
    assert model_copy.read_bytes() == original


def test_saved_session_restores_weights_and_method(window, model_copy, tmp_path):
    state = window.state
    window.weights.rows[1][1].setValue(30.0)
    state.set_method("promethee2")
    target = tmp_path / "saved.json"
    state.save(target)
    again = load_model(target)
    assert again.session is not None and again.session.method == "promethee2"
    from decision_app.gui.state import AnalysisState

    other = AnalysisState(again, target)
    np.testing.assert_allclose(other.weights, state.weights, atol=1e-12)
    assert other.method == "promethee2"
    other.shutdown()


@pytest.mark.parametrize("profile", [None, "second"])
def test_a_session_with_a_method_and_no_weights_opens_with_that_method(default_dict, tmp_path, profile):
    """A file whose session named a method (and perhaps a profile) but no weights, as one written by hand or
    by another tool, opened with the default method and the first profile; saved untouched, it changed."""
    from decision_app.core.loading import dump_model
    from decision_app.gui.state import AnalysisState

    data = default_dict
    second = dict(data["profiles"][0], id="second", name="Second profile")
    second["weights"] = {cid: float(k + 1) for k, cid in enumerate(second["weights"])}
    data["profiles"].append(second)
    data["session"] = {"method": "topsis"} | ({"profile": profile} if profile else {})
    path = write_json(tmp_path, data)
    model = load_model(path)
    state = AnalysisState(model, path)
    try:
        assert state.method == "topsis"
        expected = "second" if profile == "second" else model.profiles[0].id
        assert state.profile_id == expected
        np.testing.assert_allclose(state.weights, state.compiled.profile_weights(expected), atol=1e-12)
        assert dump_model(state.model_for_save()) == dump_model(model)  # untouched: saved as read
    finally:
        state.shutdown()


def test_a_saved_session_reopens_unchanged_and_saves_the_same_bytes(window, tmp_path):
    """The saved weights (to 12 digits) need not sum to exactly 1; reopening renormalised them, and the next
    Save wrote other digits while the window said nothing had changed (found by the stateful test)."""
    state = window.state
    state.use_profile("corcoran_outlook")
    window.weights.rows[0][0].setValue(0)  # the first weight to 0: the others take its share
    first = tmp_path / "first.json"
    state.save(first)
    assert window.open_path(first)
    assert not state.dirty
    second = tmp_path / "second.json"
    state.save(second)
    assert second.read_bytes() == first.read_bytes()


def test_malformed_file_shows_error_and_keeps_model(window, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"schema_version": 1, "title": "x", "criteria": [], "options": []}', encoding="utf-8")
    shown = []
    window.show_error = lambda title, exc: shown.append((title, [str(p) for p in exc.problems]))
    title_before = window.state.model.title
    window.state.select(option=2)
    window.weights.rows[0][1].setValue(20.0)
    weights_before = window.state.weights.copy()
    assert window.open_path(bad, ask=False) is False
    assert shown and str(bad) in shown[0][1][0]
    assert any("criteria" in m for m in shown[0][1])
    assert window.state.model.title == title_before
    np.testing.assert_allclose(window.state.weights, weights_before)
    assert window.state.dirty  # the unsaved work is still there


def test_bad_spreadsheet_names_the_cell(window, tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("option,A\n#direction,max\nx,ten\n", encoding="utf-8")
    shown = []
    window.show_error = lambda title, exc: shown.append([str(p) for p in exc.problems])
    assert not window.open_path(bad, ask=False)
    assert "B3" in shown[0][0]


def test_close_with_unsaved_changes_asks(window, qtbot):
    window.matrix.model.setData(window.matrix.model.index(0, 0), "3")
    asked = []
    window.ask_save_changes = lambda: asked.append(1) or CANCEL
    assert window.close() is False
    assert asked and window.isVisible()
    window.ask_save_changes = lambda: asked.append(2) or DISCARD
    assert window.close() is True
    assert asked == [1, 2]


def test_open_spreadsheet_by_drop_target(window, tmp_path):
    t = tmp_path / "small.csv"
    t.write_text("option,Risk,Gain\n#direction,min,max\nA,1,5\nB,2,9\nC,3,1\n", encoding="utf-8")
    assert window.open_path(t, ask=False)
    assert window.state.compiled.m == 3 and window.state.path is None  # imported: Save As to keep
    assert_ranking_matches_engine(window)


def test_export_table_from_the_window(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "results.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    from decision_app.gui.exports import export_table_dialog

    assert export_table_dialog(window.state, window) == target
    from openpyxl import load_workbook

    wb = load_workbook(target)
    assert wb.sheetnames == ["ranking", "weights", "matrix"]
    rows = list(wb["ranking"].iter_rows(values_only=True))
    res = engine_scores(window.state)
    assert rows[1][1] == window.state.compiled.option_names[res.order[0]]
    assert rows[1][2] == pytest.approx(res.scores[res.order[0]])


def test_selftest_renders_every_view(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "selftest"
    r = subprocess.run([sys.executable, "-m", "decision_app", "--selftest", str(out)], capture_output=True,
                       text=True, timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    assert "selftest: ok" in r.stdout
    for name in ("ranking", "profile", "sensitivity", "uncertainty", "matrix", "window"):
        assert (out / f"{name}.png").stat().st_size > 2000


def test_start_model_order(tmp_path, model_copy):
    from conftest import SHIPPED_MODEL

    from decision_app.gui.app import load_start_model
    from decision_app.paths import model_path

    model, path, problem = load_start_model(str(model_copy), None)
    assert path == str(model_copy) and problem is None
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    model, path, problem = load_start_model(str(bad), str(model_copy))  # bad FILE: last file, and say why
    assert path == str(model_copy) and problem is not None and str(bad) in str(problem)
    model, path, problem = load_start_model(None, str(tmp_path / "gone.json"))  # last file vanished: default
    assert path == model_path() and problem is None and model == load_model(SHIPPED_MODEL)


def test_drag_and_drop_opens_the_file(window, tmp_path, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    t = tmp_path / "dropped.csv"
    t.write_text("option,Risk\n#direction,min\nA,1\nB,2\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(t))])
    enter = QDragEnterEvent(QPointF(10, 10).toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: window.state.compiled.m == 2, timeout=3000)
    assert window.state.compiled.option_names == ("A", "B")


def test_layout_and_geometry_are_remembered(window, qtbot):
    from decision_app.core.loading import load_model as lm
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    window.docks["profile"].hide()
    window.resize(1111, 777)
    window.state.undo_stack.setClean()
    window.close()
    from decision_app.gui.settings import settings

    saved = settings().value("window/geometry")
    assert saved is not None and not saved.isEmpty()
    state = AnalysisState(lm(window.state.path), window.state.path)
    again = MainWindow(state)
    try:
        assert again.layout_restored
        assert again.docks["profile"].isHidden()
        # offscreen, restoreGeometry clamps to the virtual screen; what it restores is the saved geometry
        assert again.saveGeometry() == saved or (again.width(), again.height()) != (1400, 900)
    finally:
        state.shutdown()
        again.deleteLater()


# --- a file is read and checked before the unsaved work is asked about ------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _unsaved_work(window) -> None:
    assert window.matrix.model.setData(window.matrix.model.index(0, 0), "3")
    assert window.state.dirty


def _drop(window, path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def _recent(window, path) -> None:
    from decision_app.gui.settings import remember_file

    remember_file(str(path))
    window.fill_recent_menu()
    (action,) = [a for a in window.recent_menu.actions() if a.text() == str(path)]
    action.trigger()


@pytest.mark.parametrize("how", ["open", "recent", "drop"])
@pytest.mark.parametrize("name, content", [
    ("renamed.json", PDF),  # a PDF renamed to .json
    ("renamed.xlsx", PDF),
    ("scores.csv", b"option,A\n#direction,max\nx,ten\n"),  # a spreadsheet with a bad cell
], ids=["pdf-as-json", "pdf-as-xlsx", "bad-cell-csv"])
def test_a_file_that_cannot_be_opened_is_refused_before_asking_to_save(window, tmp_path, qtbot, name, content, how):
    """With unsaved work, a file that cannot be opened asked "Save the changes first?" and only then said it
    could not be opened (found by a walk-through): the file is read and checked first, and refused without the
    question; the work stays, unsaved."""
    _unsaved_work(window)
    bad = tmp_path / name
    bad.write_bytes(content)
    asked, shown = [], []
    window.ask_save_changes = lambda: asked.append(1) or DISCARD
    window.show_error = lambda title, exc: shown.append((title, str(exc)))
    before = window.state.model
    if how == "open":
        assert window.open_path(bad) is False
    elif how == "recent":
        _recent(window, bad)
    else:
        _drop(window, bad)
        qtbot.waitUntil(lambda: bool(shown or asked), timeout=3000)
    assert shown and str(bad) in shown[0][1]
    assert asked == []
    assert window.state.model is before and window.state.dirty


def test_a_file_that_opens_asks_about_the_unsaved_work_once(window, tmp_path, small_dict):
    _unsaved_work(window)
    good = write_json(tmp_path, small_dict | {"title": "Small"}, "small.json")
    asked = []
    window.ask_save_changes = lambda: asked.append(1) or CANCEL
    before = window.state.model
    assert window.open_path(good) is False  # cancelled: the work stays
    assert asked == [1] and window.state.model is before and window.state.dirty
    window.ask_save_changes = lambda: asked.append(2) or DISCARD
    assert window.open_path(good) is True
    assert asked == [1, 2] and window.state.model.title == "Small" and not window.state.dirty


def test_saving_before_reopening_the_same_file_opens_what_was_saved(window, monkeypatch):
    """The file is read before the question; when the answer saves over that very file, what opens is the
    saved work, not the version read before it."""
    from decision_app.gui.main_window import SAVE

    _unsaved_work(window)
    edited = window.state.compiled.X[0, 0]
    window.ask_save_changes = lambda: SAVE
    assert window.open_path(window.state.path) is True
    assert window.state.compiled.X[0, 0] == edited and not window.state.dirty


def test_directions_are_asked_before_the_unsaved_work(window, tmp_path):
    """A table that lacks only directions asks for them first (it is not open until they are given); then
    the unsaved work; cancelling the directions asks nothing else."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    _unsaved_work(window)
    t = tmp_path / "no-directions.csv"
    t.write_text("option,Risk,Gain\nA,2,7\nB,5,9\n", encoding="utf-8")
    order: list[str] = []
    window.ask_save_changes = lambda: order.append("save?") or DISCARD
    window.show_error = lambda *a: pytest.fail(f"no error expected: {a}")

    def answer(keys):
        def press():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, press)
                return
            order.append("directions?")
            for key in keys:
                QTest.keyClick(dialog.focusWidget(), key)
        QTimer.singleShot(0, press)

    before = window.state.model
    answer([Qt.Key.Key_Escape])
    assert window.open_path(t) is False
    assert order == ["directions?"] and window.state.model is before and window.state.dirty
    answer([Qt.Key.Key_C, Qt.Key.Key_B, Qt.Key.Key_Return])
    assert window.open_path(t) is True
    assert order == ["directions?", "directions?", "save?"]
    assert [c.direction for c in window.state.model.criteria] == ["cost", "benefit"]
