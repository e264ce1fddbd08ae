"""The help page lists what the window has: views, methods and every shortcut (built, not hand-written)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from decision_app.gui.help_dialog import HelpDialog, action_shortcuts, help_html


def test_action_shortcuts_lists_only_actions_with_keys(qtbot):
    a = QAction("&Save")
    a.setShortcut(QKeySequence("Ctrl+S"))
    b = QAction("Delete criterion")  # no shortcut: not listed
    c = QAction("Elicit weights…")
    c.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence("Ctrl+Shift+W")])
    rows = action_shortcuts([a, b, c])
    assert [r[0] for r in rows] == ["Save", "Elicit weights"]
    assert "E" in rows[1][1] and "," in rows[1][1]


def test_help_html_escapes_and_lists_everything(qtbot):
    html = help_html([("Ranking", "Ctrl+Alt+2", "scores <best first>")], [("TOPSIS", "closeness & ideal")],
                     [("Save", "Ctrl+S")])
    assert "&lt;best first&gt;" in html and "closeness &amp; ideal" in html
    for text in ("Ranking", "Ctrl+Alt+2", "TOPSIS", "Ctrl+S", "F6"):
        assert text in html
    dlg = HelpDialog(html)
    qtbot.addWidget(dlg)
    assert "TOPSIS" in dlg.browser.toPlainText()
