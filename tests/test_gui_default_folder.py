"""Defaults that agree: on the shipped model, Save, Export model as spreadsheet, Export brief and Export slides all
propose the same folder: the documents folder, or the home folder where there is none; never the program's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from decision_app.gui.main_window import MainWindow
from decision_app.gui.state import AnalysisState


@pytest.fixture
def shipped_window(qtbot, monkeypatch, tmp_path, shipped_path):
    """The window on the shipped model (a copy of the app's folder, so nothing can write over the real one),
    started from the program's folder as a double-click does."""
    from decision_app import paths
    from decision_app.core.loading import load_model

    app = tmp_path / "app"
    (app / "models").mkdir(parents=True)
    shipped = app / "models" / shipped_path.name
    shipped.write_bytes(shipped_path.read_bytes())
    monkeypatch.setattr(paths, "models_dir", lambda: app / "models")
    monkeypatch.chdir(app)
    win = MainWindow(AnalysisState(load_model(shipped), shipped))
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.state.undo_stack.setClean()
    win.close()
    win.state.shutdown()
    win.deleteLater()


def _proposals(win, monkeypatch) -> dict[str, Path]:
    """The path each save dialog proposes (each answered with Cancel): Save, and the four exports."""
    asked: dict[str, Path] = {}

    def fake_save(parent, caption, start="", *a, **k):
        asked[caption] = Path(os.path.abspath(start))  # a relative name opens in the program's folder
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)  # the brief's own dialog
    win.file_save()
    win.export_model()
    win.export_table()
    win.export_brief()
    win.export_slides()
    return asked


@pytest.mark.parametrize("has_documents", [True, False], ids=["documents", "no-documents"])
def test_four_save_dialogs_propose_the_same_folder(shipped_window, monkeypatch, has_documents):
    home = Path(os.environ["HOME"])  # the test's own home (conftest)
    if has_documents:
        (home / "Documents").mkdir()
    asked = _proposals(shipped_window, monkeypatch)
    assert set(asked) == {"Save the model", "Export model as spreadsheet", "Export table", "Save the brief",
                          "Export slides"}
    expected = home / "Documents" if has_documents else home
    folders = {caption: path.parent for caption, path in asked.items()}
    assert folders == dict.fromkeys(asked, expected)
    assert all(p.name.startswith("ending-russias-war-against-ukraine") for p in asked.values())
    assert asked["Export model as spreadsheet"].suffix == ".xlsx"


def test_a_users_own_file_proposes_its_folder(qtbot, monkeypatch, tmp_path, model_copy):
    """A model saved in the user's own folder: every dialog proposes that folder, not the documents folder."""
    from decision_app.core.loading import load_model

    win = MainWindow(AnalysisState(load_model(model_copy), model_copy))
    try:
        (tmp_path / "program").mkdir()
        monkeypatch.chdir(tmp_path / "program")
        asked = _proposals(win, monkeypatch)
        asked.pop("Save the model", None)  # Save on the user's own file writes it without asking
        assert {p.parent for p in asked.values()} == {model_copy.parent}
    finally:
        win.state.undo_stack.setClean()
        win.close()
        win.state.shutdown()
        win.deleteLater()
