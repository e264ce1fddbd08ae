"""Text cut by a letter at View > Zoom 150 % on a 1024x768 screen (issue 19, the walk's small findings): the
Method chooser, a quote's Source chooser in the evidence pane and long status-bar messages. Each is measured
against its font: a text shows whole, or shortened with "…" and whole where the user can read it. Each test
failed before its fix.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QScreen
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES
from decision_app.paths import model_path

ZOOMS = (0, 5, 10)  # 100 %, 150 %, 200 %


@pytest.fixture(params=["shipped", "realistic"])
def laptop(request, qtbot, monkeypatch, model_copy):
    """The window maximised on a 1024x768 screen: the shipped model (long profile names) and the realistic one."""
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1024, 768))
    path = model_path() if request.param == "shipped" else model_copy
    win = MainWindow(AnalysisState(load_model(path), path))
    win.show()
    qtbot.waitExposed(win)
    win.setGeometry(0, 0, 1024, 768)
    qtbot.wait(20)
    yield win
    win.state.undo_stack.setClean()
    win.ask_save_changes = lambda: "discard"
    win.set_zoom(0)
    win.close()
    win.state.shutdown()
    win.deleteLater()


def text_field(combo) -> QRect:
    """Where the style draws a chooser's current text."""
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)


def test_the_method_chooser_shows_every_method_whole_at_every_zoom(laptop, qtbot):
    """Qt kept the chooser's least width from 100 % after a zoom: at 150 % "Weighted sum (additive value)" lost
    its last letters beside the realistic model's short profile names, at 200 % 16 px beside the shipped one's.
    Zoomed, the label now goes above a chooser that would not fit beside it."""
    combo, state = laptop.weights.method, laptop.state
    viewport = laptop.docks["weights"].widget().viewport()
    for steps in ZOOMS:
        laptop.set_zoom(steps)
        qtbot.wait(30)
        fm = QFontMetrics(combo.font())
        for method in METHOD_NAMES:
            state.set_method(method)
            text, field = combo.currentText(), text_field(combo)
            assert fm.horizontalAdvance(text) <= field.width(), (steps, text, field.width())
            if steps <= 5:  # and in sight at 100 % and 150 % (at 200 % the weights scroll sideways)
                end = combo.mapTo(viewport, QPoint(field.left() + fm.horizontalAdvance(text), 0)).x()
                assert end <= viewport.width(), (steps, text, end, viewport.width())
    state.set_method("wsm")


def test_a_long_profile_name_is_shortened_visibly_and_whole_in_its_tooltip(laptop, qtbot):
    """Zoomed, "Ukraine wins, Russia loses (the prevailing outlook)" was clipped mid-word with no sign of more."""
    combo = laptop.weights.profile
    longest = max(range(combo.count()), key=lambda k: len(combo.itemText(k)))
    combo.setCurrentIndex(longest)
    for steps in ZOOMS:
        laptop.set_zoom(steps)
        qtbot.wait(30)
        text, shown = combo.currentText(), combo.shown_text()
        fm = QFontMetrics(combo.font())
        assert fm.horizontalAdvance(shown) <= text_field(combo).width(), (steps, shown)
        if shown != text:
            assert shown.endswith("…") and text.startswith(shown[:-1]) and combo.toolTip() == text, steps
        else:
            assert combo.toolTip() != text or not combo.toolTip()
    if len(combo.currentText()) > 40:  # at 200 % a long name does not fit: the case above was tried
        assert combo.shown_text() != combo.currentText()


def test_a_quotes_source_chooser_shows_the_author_whole_at_every_zoom(laptop, qtbot):
    """The source chooser was six 'x' wide: "Ed Corcoran" lost its last letter at 150 %, "Eugene B. Kogan" more.
    The quote beside it keeps sixteen characters at 100 % (tests/test_layout_fit.py)."""
    state, pane = laptop.state, laptop.matrix.evidence
    i, j = next((i, j) for i, o in enumerate(state.model.options) for j, c in enumerate(state.model.criteria)
                if len(o.scores[c.id].citations) >= 2)
    state.select(option=i, criterion=j)
    laptop.docks["matrix"].raise_()
    qtbot.wait(20)
    authors = [s.author for s in state.model.sources]
    assert "Ed Corcoran" in authors
    cell = pane.citations.visualRect(pane.citations.model().index(0, 1))
    assert cell.width() >= 16 * QFontMetrics(pane.citations.font()).averageCharWidth(), cell.width()
    for steps in ZOOMS:
        laptop.set_zoom(steps)
        qtbot.wait(30)
        table = pane.citations
        for r in range(table.rowCount()):
            combo = table.cellWidget(r, 0)
            fm = QFontMetrics(combo.font())
            field = text_field(combo)
            for author in authors:
                assert fm.horizontalAdvance(author) <= field.width(), (steps, author, field.width())
            assert table.columnWidth(0) >= combo.width()  # the column holds the chooser whole


LONG = ("Evidence applied: the range widened to 1–12 to take the score typed (Raise the costs of war further by "
        "arming Ukraine on Escalation risk); an empty quote row was removed (a quote needs its passage)")


def test_a_long_status_message_is_never_lost(laptop, qtbot):
    """The status bar clipped a long message at the model summary beside it, mid-word, and it was gone after six
    seconds. It is now shortened with "…" to the room there is, and whole in the bar's tooltip, still after it
    left the bar."""
    bar = laptop.statusBar()
    laptop.set_zoom(5)
    laptop.state.notify(LONG)
    qtbot.wait(10)
    shown = bar.currentMessage()
    fm = QFontMetrics(bar.font())
    room = laptop.status_label.x() - 2 - 6  # QStatusBar's own message rectangle
    assert fm.horizontalAdvance(shown) <= room, (fm.horizontalAdvance(shown), room)
    assert shown != LONG and shown.endswith("…") and LONG.startswith(shown[:-1])
    assert LONG in bar.toolTip().replace("&amp;", "&")
    bar._timer.timeout.emit()  # the time is up: the message leaves the bar, its words stay at hand
    assert bar.currentMessage() == ""
    assert LONG in bar.toolTip() and bar.last_message == LONG
    laptop.state.notify("Zoom 150 %")  # a short one shows whole
    qtbot.wait(10)
    assert bar.currentMessage() == "Zoom 150 %"
    assert bar.toolTip().index("Zoom 150 %") < bar.toolTip().index(LONG[:40])  # the latest first
