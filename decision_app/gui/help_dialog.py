"""Help > Contents (F1): one page that lists the views, the methods and every keyboard shortcut.

The page is built from what the window really has (its docks, the method registry, its actions), so it
cannot drift from the menus. `help_html` is pure and tested without a window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def action_shortcuts(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(menu text, shortcuts in the platform's notation) for every action that has a shortcut."""
    rows = []
    for act in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts() if not k.isEmpty()]
        if keys:
            rows.append((act.text().replace("&", "").rstrip("…").strip(), ", ".join(keys)))
    return rows


def help_html(views: list[tuple[str, str, str]], methods: list[tuple[str, str]],
              shortcuts: list[tuple[str, str]]) -> str:
    """The help page. views: (name, shortcut, what it shows); methods: (label, description)."""
    def table(rows: Sequence[tuple[str, ...]], head: tuple[str, ...]) -> str:
        th = "".join(f"<th align='left'>{escape(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table cellspacing='0' cellpadding='4'><tr>{th}</tr>{body}</table>"

    return (
        "<h2>Decision Desk</h2>"
        "<p>Weight the criteria on the left; every chart follows at once. Scores are judgements recorded in "
        "the model: select a cell in the matrix to read and edit its range, rationale and sources.</p>"
        "<p>Keyboard: <b>Tab</b> and <b>Shift+Tab</b> move between controls; <b>F6</b> moves to the next "
        "view; inside the matrix the <b>arrow keys</b> move between cells and <b>F2</b> edits one.</p>"
        "<h3>Views</h3>" + table(views, ("View", "Shortcut", "What it shows")) +
        "<h3>Methods</h3>" + table(methods, ("Method", "How it ranks")) +
        "<h3>Shortcuts</h3>" + table(shortcuts, ("Command", "Keys"))
    )


class HelpDialog(QDialog):
    """A read-only page; Esc or Close dismisses it."""

    def __init__(self, html: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Decision Desk help")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Help text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.browser)
        box.addWidget(buttons)
        self.resize(640, 560)
