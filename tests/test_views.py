"""One record per view (issue 20): the docks, the View menu, Ctrl+Alt+n, F6, F1's help and the self-test's
pictures follow from `gui.views.VIEWS`; a new view is one record."""

from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from decision_app.gui import main_window, views
from decision_app.gui.views import VIEWS, ViewSpec, views_in_order


def test_every_record_has_its_dock_menu_entry_key_and_help(window):
    ordered = views_in_order()
    assert [v.order for v in ordered] == list(range(1, len(VIEWS) + 1))  # no gaps, no key twice
    for v in VIEWS:
        dock = window.docks[v.key]
        assert dock.objectName() == f"dock_{v.key}" and dock.windowTitle() == v.title
        assert dock.minimumWidth() >= v.least_width
        assert window.view_actions[v.key].shortcut() == QKeySequence(v.shortcut)
        assert getattr(window, v.key) is window.views[v.key]
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggles = [a.text() for a in view_menu.actions() if a.isCheckable()]
    assert toggles == [v.title for v in ordered]
    page = window.help_page()
    assert all(v.title in page and (v.help in page or html.escape(v.help) in page) for v in VIEWS)
    assert set(window.charts) == {v.key for v in VIEWS if v.chart}
    assert tuple(v.key for v in ordered) == window.VIEW_ORDER


def test_a_new_view_is_one_record(qtbot, monkeypatch, model_copy):
    from decision_app.core.loading import load_model
    from decision_app.gui.state import AnalysisState

    notes = ViewSpec("notes", "Notes", lambda st, _ws: QLabel("the analyst's notes"), "free notes", len(VIEWS) + 1,
                     "tab", "matrix")
    monkeypatch.setattr(views, "VIEWS", (*VIEWS, notes))
    monkeypatch.setattr(main_window, "VIEWS", (*VIEWS, notes))
    state = AnalysisState(load_model(model_copy), model_copy)
    win = main_window.MainWindow(state)
    try:
        assert win.docks["notes"].windowTitle() == "Notes"
        assert win.view_actions["notes"].shortcut() == QKeySequence(f"Ctrl+Alt+{len(VIEWS) + 1}")
        assert "free notes" in win.help_page() and win.VIEW_ORDER[-1] == "notes"
        view_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
        assert "Notes" in [a.text() for a in view_menu.actions() if a.isCheckable()]
    finally:
        win.close()
        state.shutdown()
