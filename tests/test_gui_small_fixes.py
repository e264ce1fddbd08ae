"""Defects found while merging the workbench fixes: each test failed before its fix."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def test_the_window_fits_a_1024_screen(window):
    """The docks' minimum sizes must leave the window narrower than a 1024 px projector."""
    assert window.minimumSizeHint().width() <= 1024


def test_save_applies_evidence_still_being_typed(window, tmp_path, qtbot):
    pane = window.matrix.evidence
    window.state.select(option=0, criterion=0)
    pane.rationale.setFocus()
    pane.rationale.setPlainText("Typed, then Ctrl+S at once.")
    assert pane.pending  # typed, not applied: the focus never left the editor
    target = tmp_path / "saved.json"
    window.state.path = target
    assert window.file_save()
    assert "Typed, then Ctrl+S at once." in target.read_text(encoding="utf-8")


def test_status_messages_do_not_cover_the_model_summary(window):
    window.state.notify("A long message about what just happened")
    QApplication.processEvents()
    assert window.status_label.isVisible() or not window.isVisible()
    assert window.status_label.text().startswith(f"{window.state.compiled.m} options")
    assert window.statusBar().currentMessage() == "A long message about what just happened"


def test_starting_on_a_table_without_directions_asks_for_them(tmp_path, qtbot, monkeypatch):
    from decision_app.gui import direction_dialog
    from decision_app.gui.app import create_window

    table = tmp_path / "no-directions.csv"
    table.write_text("option,Risk,Gain\nA,2,7\nB,5,9\n", encoding="utf-8")
    asked = []
    monkeypatch.setattr(direction_dialog, "read_asking_directions",
                        lambda path, parent: asked.append(str(path)) or None)
    errors = []
    _app, _state, window = create_window([str(table)])
    monkeypatch.setattr(window, "show_error", lambda *a: errors.append(a))
    qtbot.waitUntil(lambda: bool(asked or errors), timeout=3000)
    assert asked == [str(table)] and not errors
    window.state.shutdown()
    window.deleteLater()
