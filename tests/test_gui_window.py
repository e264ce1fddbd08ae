"""The window as a desk officer or a facilitator meets it: the brief describes the current model, shortcuts
work and are bound once, recent files, saving never overwrites the shipped model, keyboard-only use, small
screens and zoom, and the unsaved-changes mark follows the saved state."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QApplication, QFileDialog

from decision_app.core.loading import load_model
from decision_app.gui.main_window import MainWindow
from decision_app.gui.state import AnalysisState

ROOT = Path(__file__).resolve().parents[1]


def other_model(tmp_path, default_dict, title="Second model", marking="OFFICIAL") -> Path:
    d = dict(default_dict, title=title, classification=marking, author="Someone else")
    p = tmp_path / "other.json"
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return p


def open_window(qtbot, path: Path) -> MainWindow:
    state = AnalysisState(load_model(path), path)
    win = MainWindow(state)
    win.show()
    qtbot.waitExposed(win)
    return win


def close_window(win: MainWindow) -> None:
    win.state.undo_stack.setClean()
    win.close()
    win.state.shutdown()
    win.deleteLater()


# --- 3. the brief dialog describes the current model ------------------------------------------------------


def test_brief_dialog_takes_title_marking_and_comment_from_the_current_model(window, tmp_path, default_dict):
    from decision_app.gui.brief_dialog import BriefDialog

    first = window.state.model
    dlg = BriefDialog(window.state, window)
    assert dlg.edits["title"].text() == first.title and dlg.edits["marking"].text() == first.classification
    dlg.edits["author"].setText("A. Officer")
    dlg.edits["addressee"].setText("The Minister")
    dlg.edits["title"].setText("Options for the minister")
    dlg.comment.setPlainText("Scores are provisional.")
    dlg.remember()
    dlg.deleteLater()

    assert window.open_path(other_model(tmp_path, default_dict), ask=False)
    dlg = BriefDialog(window.state, window)
    assert dlg.edits["title"].text() == "Second model"
    assert dlg.edits["marking"].text() == "OFFICIAL"
    assert dlg.comment.toPlainText() == ""
    assert dlg.edits["author"].text() == "A. Officer"  # a person's own details follow them
    assert dlg.edits["addressee"].text() == "The Minister"
    dlg.deleteLater()

    assert window.open_path(window.state.path.parent / "model.json", ask=False)  # back to the first model
    dlg = BriefDialog(window.state, window)
    assert dlg.edits["title"].text() == "Options for the minister"
    assert dlg.comment.toPlainText() == "Scores are provisional."
    dlg.deleteLater()


# --- 4. shortcuts: standard keys, each bound once, redo works ---------------------------------------------


def bound_keys(win) -> dict[str, list[str]]:
    """Every key sequence of every action and shortcut object in the window (menus and docks included)."""
    keys: dict[str, list[str]] = {}
    objects = [*win.findChildren(QAction), *win.findChildren(QShortcut)]
    for menu_action in win.menuBar().actions():  # menus' own actions may be owned by the menus
        objects += menu_action.menu().actions()
    seen = set()
    for obj in objects:
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        seqs = obj.shortcuts() if isinstance(obj, QAction) else [obj.key(), *obj.keys()]
        for seq in {s.toString(QKeySequence.SequenceFormat.PortableText) for s in seqs if not s.isEmpty()}:
            keys.setdefault(seq, []).append(obj.text() if isinstance(obj, QAction) else obj.objectName())
        for seq in [s for s in seqs if not s.isEmpty()]:
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if [s.toString() for s in seqs].count(seq.toString()) > 1:
                keys.setdefault(text, []).append("twice in one action")
    return keys


def test_no_key_is_bound_twice(window):
    doubles = {k: v for k, v in bound_keys(window).items() if len(v) > 1}
    assert doubles == {}


def test_standard_actions_use_the_platform_keys(window):
    S = QKeySequence.StandardKey
    for action, key in ((window.act_undo, S.Undo), (window.act_redo, S.Redo), (window.act_save, S.Save),
                        (window.act_open, S.Open), (window.act_new, S.New), (window.act_save_as, S.SaveAs),
                        (window.act_help, S.HelpContents), (window.act_zoom_out, S.ZoomOut)):
        platform = [k.toString() for k in QKeySequence.keyBindings(key)]
        assert set(platform) <= {k.toString() for k in action.shortcuts()}, action.text()
    assert window.act_redo.shortcut().toString() == "Ctrl+Shift+Z"  # the key the menu and README show


def test_redo_keys_really_redo(window, qtbot):
    """Every key the platform defines for Redo, and Ctrl+Y (which Windows users press), redoes."""
    state = window.state
    keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")]
    keys = [k for k in keys if k[0].key() != Qt.Key.Key_Redo]  # a media key no test keyboard sends
    assert keys
    window.activateWindow()
    for key in keys:
        state.set_method("wsm")
        state.set_method("topsis")
        state.undo_stack.undo()
        assert state.method == "wsm"
        window.weights.method.setFocus()
        combo = key[0]
        qtbot.keyClick(window.weights.method, combo.key(), combo.keyboardModifiers())
        assert state.method == "topsis", f"{key.toString()} did not redo"


# --- 5. Open Recent through a real settings file ----------------------------------------------------------

READ_RECENT = """
import sys
from PySide6.QtCore import QSettings
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from decision_app.gui.settings import recent_files
print("\\n".join(recent_files()))
"""


@pytest.mark.parametrize("count", [1, 2, 10])
def test_recent_files_survive_a_restart(tmp_path, count):
    from decision_app.gui.settings import MAX_RECENT, recent_files, remember_file, settings

    paths = [str(tmp_path / f"model-{i}.json") for i in range(count)]
    for p in paths:
        remember_file(p)
    settings().sync()
    newest_first = paths[::-1][:MAX_RECENT]
    assert recent_files() == newest_first
    # A fresh process reads the file (this one's QSettings caches what it wrote).
    config = Path(settings().fileName()).parent.parent
    out = subprocess.run([sys.executable, "-c", READ_RECENT, str(config)], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}).stdout
    assert out.splitlines() == newest_first


def test_recent_menu_lists_whole_paths(window, tmp_path):
    from decision_app.gui.settings import RECENT_FILES, settings

    one = str(tmp_path / "a.json")
    settings().setValue(RECENT_FILES, one)  # a lone string, as an ini file holds a one-item list
    window.fill_recent_menu()
    assert [a.text() for a in window.recent_menu.actions()] == [one]


# --- 6. the shipped model is never overwritten -------------------------------------------------------------


def test_save_on_the_shipped_model_acts_as_save_as(qtbot, monkeypatch, tmp_path, shipped_path):
    from decision_app import paths

    # a copy of the app's folder, so a failing test cannot write over the real shipped model
    (tmp_path / "app" / "models").mkdir(parents=True)
    shipped = tmp_path / "app" / "models" / shipped_path.name
    shipped.write_bytes(shipped_path.read_bytes())
    monkeypatch.setattr(paths, "models_dir", lambda: tmp_path / "app" / "models")
    before = shipped.read_bytes()
    win = open_window(qtbot, shipped)
    asked = []
    target = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, start, *a, **k:
                        asked.append(start) or (str(target), ""))
    try:
        win.state.set_method("topsis")
        assert win.file_save()
        assert shipped.read_bytes() == before
        assert win.state.path == target and target.exists()
        from decision_app.gui.file_names import documents_folder

        assert Path(asked[0]).parent == documents_folder()  # (tests/test_gui_default_folder.py: which one)
        assert Path(asked[0]).name == "ending-russias-war-against-ukraine-courses-of-action-from-two-essays.json"
    finally:
        close_window(win)


def test_shipped_model_inside_a_bundle(monkeypatch, tmp_path):
    from decision_app import paths

    bundle = tmp_path / "bundle"
    (bundle / "models").mkdir(parents=True)
    (bundle / "models" / "x.json").write_text("{}")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.is_shipped(bundle / "models" / "x.json")
    assert not paths.is_shipped(tmp_path / "x.json")


def test_save_as_proposes_a_name_from_the_title(window, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, start, *a, **k:
                        asked.append(start) or ("", ""))
    window.state.replace_model(window.state.model.model_copy(update={"title": 'Plan: "B" / <CON> ½ Ünïcode'}), "t")
    assert not window.file_save_as()
    assert Path(asked[0]).name == "plan-b-con-12-unicode.json"
    assert Path(asked[0]).parent == window.state.path.parent


@pytest.mark.parametrize(("title", "slug"), [("", "decision-model"), ("CON", "con-model"), ("...", "decision-model"),
                                             ("a" * 200, "a" * 80), ("Ending the " + "war " * 30, "ending-the" + "-war" * 17),
                                             ("Ending the war", "ending-the-war")])
def test_slug(title, slug):
    from decision_app.gui.file_names import slug_file_name

    assert slug_file_name(title) == slug


# --- 7. keyboard-only use reaches everything ---------------------------------------------------------------


def dock_with_focus(win) -> str | None:
    w = QApplication.focusWidget()
    for key, dock in win.docks.items():
        if w is not None and dock.isAncestorOf(w):
            return key
    return None


def test_f1_opens_help_listing_every_shortcut(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_dialog is not None and window.help_dialog.isVisible())
    text = window.help_dialog.browser.toPlainText()
    keys = bound_keys(window)
    assert "F6" in keys and "Ctrl+Alt+1" in keys
    for seq in keys:
        native = QKeySequence(seq).toString(QKeySequence.SequenceFormat.NativeText)
        assert native in text, seq
    for dock in window.docks.values():
        assert dock.windowTitle() in text
    assert "TOPSIS" in text and "VIKOR" in text
    assert any(a.text() == "Keyboard and help (F1)" for a in window.menuBar().actions()[-1].menu().actions())
    window.help_dialog.close()


def test_view_shortcuts_raise_and_focus_each_dock(window, qtbot):
    window.activateWindow()
    for i, key in enumerate(window.VIEW_ORDER, start=1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{i % 10}"),  # the tenth view is Ctrl+Alt+0
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        assert dock_with_focus(window) == key, f"Ctrl+Alt+{i % 10}"
        assert not window.docks[key].visibleRegion().isEmpty()


def test_f6_cycles_through_every_dock_tabbed_ones_included(window, qtbot):
    window.activateWindow()
    window.weights.method.setFocus()
    seen = [dock_with_focus(window)]
    for _ in range(len(window.docks)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(dock_with_focus(window))
    assert seen == [*window.VIEW_ORDER, window.VIEW_ORDER[0]]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert dock_with_focus(window) == window.VIEW_ORDER[-1]


def test_tab_chain_has_a_stop_in_every_open_dock(window):
    reached = set()
    w = window.weights.method
    for _ in range(2000):
        w = w.nextInFocusChain()
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            key = next((k for k, d in window.docks.items() if d.isAncestorOf(w)), None)
            reached.add(key)
    visible = {k for k, d in window.docks.items() if not d.visibleRegion().isEmpty()}
    assert visible <= reached


# --- 8. small screens, zoom --------------------------------------------------------------------------------


def fake_screen(monkeypatch, w=1024, h=768):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, w, h))


def test_first_window_fits_a_small_screen(qtbot, monkeypatch, model_copy):
    fake_screen(monkeypatch)
    state = AnalysisState(load_model(model_copy), model_copy)
    win = MainWindow(state)
    try:
        assert QRect(0, 0, 1024, 768).contains(win.geometry())
        assert win.minimumSizeHint().width() <= 1024
    finally:
        close_window(win)


def test_restored_geometry_off_screen_is_clamped(qtbot, monkeypatch, model_copy):
    from decision_app.gui.settings import WINDOW_GEOMETRY, settings

    state = AnalysisState(load_model(model_copy), model_copy)
    big = MainWindow(state)
    big.setGeometry(1500, 900, 1400, 900)  # saved on a large second monitor that is gone now
    settings().setValue(WINDOW_GEOMETRY, big.saveGeometry())
    close_window(big)
    fake_screen(monkeypatch)
    state = AnalysisState(load_model(model_copy), model_copy)
    win = MainWindow(state)
    try:
        assert QRect(0, 0, 1024, 768).contains(win.geometry())
    finally:
        close_window(win)


def test_small_screen_layout_gives_the_ranking_room(qtbot, monkeypatch, model_copy):
    fake_screen(monkeypatch)
    state = AnalysisState(load_model(model_copy), model_copy)
    win = MainWindow(state)
    win.show()
    qtbot.waitExposed(win)
    try:
        assert win.docks["ranking"].width() >= win.docks["ranking"].minimumWidth() >= 480
    finally:
        close_window(win)


def test_zoom_scales_tables_and_chart_axes_and_is_remembered(window, qtbot, model_copy):
    table = window.matrix.findChild(type(window.matrix), None) or window.matrix
    from PySide6.QtWidgets import QTableView

    table = window.matrix.findChildren(QTableView)[0]
    axis = window.ranking.item.getAxis("bottom")

    def axis_size() -> float:
        font = axis.style.get("tickFont")
        return (font or QApplication.font()).pointSizeF()

    table_before, axis_before = table.font().pointSizeF(), axis_size()
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    assert table.font().pointSizeF() > table_before and axis_size() > axis_before
    window.state.sig_model_changed.emit()  # the charts rebuild: the zoom stays
    assert axis_size() > axis_before
    state = AnalysisState(load_model(model_copy), model_copy)
    again = MainWindow(state)
    try:
        assert again.matrix.findChildren(QTableView)[0].font().pointSizeF() == table.font().pointSizeF()
    finally:
        close_window(again)
    window.act_zoom_out.trigger()
    assert table_before < table.font().pointSizeF()
    window.act_zoom_reset.trigger()
    assert table.font().pointSizeF() == table_before and axis_size() == axis_before


def test_zoom_keys(window):
    texts = {window.act_zoom_in.shortcut().toString(), *[k.toString() for k in window.act_zoom_in.shortcuts()]}
    assert "Ctrl+=" in texts and QKeySequence(QKeySequence.StandardKey.ZoomIn).toString() in texts
    assert window.act_zoom_out.shortcut().toString() == QKeySequence(QKeySequence.StandardKey.ZoomOut).toString()
    assert window.act_zoom_reset.shortcut().toString() == "Ctrl+0"


# --- 11. the unsaved-changes mark and the undo text --------------------------------------------------------


def test_switching_the_method_away_and_back_is_no_change(window):
    state = window.state
    state.set_method("topsis")
    assert state.dirty and window.isWindowModified()
    state.set_method("wsm")
    assert not state.dirty and not window.isWindowModified()
    state.undo_stack.undo()  # back to topsis: changed again
    assert state.dirty


def test_dirty_after_save_then_undo(window, tmp_path):
    state = window.state
    state.set_method("vikor")
    state.save(tmp_path / "v.json")
    assert not state.dirty
    state.undo_stack.undo()
    assert state.dirty and window.isWindowModified()
    state.undo_stack.redo()
    assert not state.dirty


def test_undo_text_names_the_method(window):
    window.state.set_method("topsis")
    assert window.state.undo_stack.undoText() == "Method: TOPSIS"
    assert window.act_undo.text() == "&Undo Method: TOPSIS"
