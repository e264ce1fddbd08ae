"""Defects found by walking through the app as new users would (issue 10, the second walk): a desk officer on
a first day, a facilitator on a 1024x768 or 1280x720 projector, a keyboard-only user. Each test failed
before its fix."""

from __future__ import annotations

import pytest
from conftest import close_window
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QScrollArea

from decision_app.core.loading import load_model


@pytest.fixture(params=[(1024, 768), (1280, 720)], ids=["1024x768", "1280x720"])
def projector(request, qtbot, monkeypatch, model_copy):
    """The window on a first start on a projector of that size, maximised."""
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    w, h = request.param
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, w, h))
    win = MainWindow(AnalysisState(load_model(model_copy), model_copy))
    win.setGeometry(0, 0, w, h)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(20)
    yield win
    close_window(win)


def add_workshop(state, people: int, seed: int, concentration: float) -> None:
    """`people` participants with seeded random weights in round 1, as one undoable step."""
    import numpy as np

    from decision_app.core import participant_edits as pe

    model, rng = state.model, np.random.default_rng(seed)
    for k in range(people):
        weights = rng.dirichlet(np.ones(len(model.criteria)) * concentration) * 100
        model = pe.add_participant(model, f"P{k}", rounds=[pe.make_round(model, 1, "direct", weights.round(1))])
    state.replace_model(model, "Workshop")


def zoomed_name_charts(projector, qtbot, steps: int):
    """At `steps` zoom steps, the Ranking and the Uncertainty chart in turn, each brought to the front with
    its current data drawn: (key, chart)."""
    projector.set_zoom(steps)
    qtbot.wait(30)
    assert projector.state.wait_for_smaa()
    for key in ("ranking", "uncertainty"):
        projector.focus_view(key)
        chart = projector.charts[key]
        chart.update_data()
        qtbot.wait(30)
        yield key, chart


def right_edge_in(widget, viewport) -> int:
    return widget.mapTo(viewport, QPoint(widget.width(), 0)).x()


# --- a projector: nothing needs a sideways scroll ---------------------------------------------------------


def test_every_lock_is_in_view_without_scrolling_sideways(projector):
    """The weights' lock boxes were off the right edge (a long criterion name widened every row)."""
    panel = projector.weights
    viewport = panel.findChild(QScrollArea).viewport()
    for _slider, spin, lock, _name in panel.rows:
        assert right_edge_in(lock, viewport) <= viewport.width(), lock.accessibleName()
        assert right_edge_in(spin, viewport) <= viewport.width()


def test_the_evidence_fields_are_in_view_without_scrolling_sideways(projector):
    """The evidence editor was 600 px wide (its basis chooser sized to its longest sentence): on a projector
    its score and range fields were cut off at the right."""
    pane = projector.matrix.evidence
    scroll = pane.findChild(QScrollArea)
    viewport = scroll.viewport()
    assert not scroll.horizontalScrollBar().isVisible()
    for field in (pane.value, pane.high, pane.basis, pane.apply):
        assert right_edge_in(field, viewport) <= viewport.width(), field.accessibleName()
    assert projector.minimumSizeHint().width() <= projector.width()


# --- the keyboard ---------------------------------------------------------------------------------------


def test_no_alt_letter_is_taken_twice(window):
    """Alt+A did not open the Analysis menu: the evidence pane's &Apply button took the same letter."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    def letter(text: str) -> str | None:
        found = re.search(r"&([^&])", text.replace("&&", ""))
        return found.group(1).lower() if found else None

    owners: dict[str, list[str]] = {}
    texts = [a.text() for a in window.menuBar().actions()]
    texts += [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [lab.text() for lab in window.findChildren(QLabel) if lab.buddy() is not None]
    for text in texts:
        key = letter(text)
        if key:
            owners.setdefault(key, []).append(text)
    assert "a" in owners and any("Analysis" in t for t in owners["a"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_the_uncertainty_choosers_show_their_whole_text(projector):
    """They read "weights aroun" and "scores triangul" while the seed box had room to spare."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    projector.focus_view("uncertainty")
    row = projector.uncertainty.settings_row
    for combo in (row.weights_mode, row.scores_mode):
        opt = QStyleOptionComboBox()
        combo.initStyleOption(opt)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
        assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width(), combo.currentText()


def test_group_view_gives_every_criterion_a_readable_row(projector, qtbot):
    """On a projector the group view's strip chart had 10 px per criterion: eleven names overlapped."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFontMetrics

    add_workshop(projector.state, 6, seed=4, concentration=2.0)
    projector.focus_view("group")
    chart = projector.group
    chart.flush()
    qtbot.wait(20)
    vb = chart.item.getViewBox()
    row = abs(vb.mapViewToDevice(QPointF(0, 0)).y() - vb.mapViewToDevice(QPointF(0, 1)).y())
    assert row >= QFontMetrics(chart.item.getAxis("left").style.get("tickFont") or chart.font()).height()
    projector.set_zoom(4)  # a facilitator zooms in for the back of the room: the rows grow with the text
    qtbot.wait(20)
    row = abs(vb.mapViewToDevice(QPointF(0, 0)).y() - vb.mapViewToDevice(QPointF(0, 1)).y())
    assert row >= QFontMetrics(chart.item.getAxis("left").style.get("tickFont")).height()


def test_an_empty_group_view_says_what_to_do(projector, qtbot):
    """With no participants the group view showed empty axes and a squashed first-choice strip with
    overlapping ticks, and no hint of how to get a workshop's weights into it."""
    import numpy as np

    from decision_app.core import participant_edits as pe

    assert not projector.state.model.participants
    projector.focus_view("group")
    chart = projector.group
    chart.flush()
    qtbot.wait(20)
    assert not chart.charts_shown()
    text = chart.reading.text()
    assert "No participants yet" in text and "Add…" in text and "Pass the laptop" in text
    model = projector.state.model
    model = pe.add_participant(model, "Ana")  # added, no weights yet
    projector.state.replace_model(model, "Add participant")
    chart.flush()
    assert not chart.charts_shown() and "Enter weights…" in chart.reading.text()
    weights = np.full(len(model.criteria), 100 / len(model.criteria))
    model = pe.add_participant(model, "Ben", rounds=[pe.make_round(model, 1, "direct", weights.round(2))])
    projector.state.replace_model(model, "Add participant")
    chart.flush()
    qtbot.wait(20)
    assert chart.charts_shown() and "Kendall" in chart.reading.text()


def test_group_view_first_choices_zoom_with_the_rest(projector, qtbot):
    """View > Zoom scaled the group view's strip chart but not its first-choice chart below it: its option
    names and counts stayed at 100 % and its rows kept 18 px, shorter than a zoomed line."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFontMetrics

    add_workshop(projector.state, 5, seed=7, concentration=1.0)
    projector.focus_view("group")
    chart = projector.group
    chart.flush()
    projector.set_zoom(5)
    qtbot.wait(30)
    chart.flush()
    base = QApplication.font().pointSizeF()
    axis = chart.choice_item.getAxis("left")
    assert axis.style.get("tickFont") is not None and axis.style["tickFont"].pointSizeF() >= 1.45 * base
    line = QFontMetrics(axis.style["tickFont"]).height()
    vb = chart.choice_item.getViewBox()
    row = abs(vb.mapViewToDevice(QPointF(0, 0)).y() - vb.mapViewToDevice(QPointF(0, 1)).y())
    assert row >= line
    projector.set_zoom(0)
    qtbot.wait(30)
    assert axis.style.get("tickFont") is None or axis.style["tickFont"].pointSizeF() == base


def test_tab_never_takes_the_focus_out_of_sight(projector, qtbot):
    """At 1024x768 about 30 of the ~80 Tab stops were in views hidden behind another's tab: the focus
    vanished from the screen. A view the focus enters now comes to the front."""
    from PySide6.QtCore import Qt

    projector.activateWindow()
    qtbot.waitActive(projector)
    projector.weights.profile.setFocus()
    hidden, docks_seen = [], set()
    for _ in range(90):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        w = QApplication.focusWidget()
        key = next((k for k, d in projector.docks.items() if d.isAncestorOf(w)), None)
        if key is not None:
            docks_seen.add(key)
            if projector.docks[key].visibleRegion().isEmpty():
                hidden.append(f"{key}: {w.accessibleName()}")
    assert hidden == []
    assert docks_seen == set(projector.docks)  # and it still reaches every view


def test_zooming_in_keeps_every_name_on_the_charts(projector, qtbot):
    """Zoomed to 140 %, the Ranking and Uncertainty lost every option name: the axes kept the width measured
    at 100 %, and pyqtgraph drops a tick text wider than its axis."""
    from tests.test_chart_labels import drawn_axis_texts

    m = projector.state.compiled.m
    for key, chart in zoomed_name_charts(projector, qtbot, 4):
        texts = drawn_axis_texts(chart.item.getAxis("left"))
        assert len(texts) == m, (key, texts)


def test_at_100_percent_no_view_scrolls_but_fits_its_dock(projector, qtbot):
    """With each view in a scroll area (so zoomed views scroll rather than push the window off screen), the
    Ranking at 1024x768 showed 9 of its 12 options and no value axis: Qt's scroll area sized the chart, whose
    caption wraps, at its preferred height rather than the dock's."""
    for key in ("ranking", "profile", "sensitivity", "uncertainty", "group"):
        projector.focus_view(key)
        qtbot.wait(20)
        body = projector.docks[key].widget()
        assert not body.verticalScrollBar().isVisible(), key
        assert not body.horizontalScrollBar().isVisible(), key
        assert body.view.height() <= body.viewport().height(), key


@pytest.mark.parametrize("steps", [5, 10])
def test_zooming_in_keeps_the_window_on_the_screen(projector, qtbot, steps):
    """View > Zoom 150 % on a 1024 px screen made the window 1037 px wide (1292 at 200 %), past the screen's
    edge: every view's least width grew with its text. A zoomed view now scrolls inside its dock instead."""
    avail = projector.screen().availableGeometry()
    start = projector.geometry()  # the screen's size (the offscreen platform adds a 2 px frame)
    assert start.size() == avail.size()
    for _ in range(steps):
        projector.act_zoom_in.trigger()
        qtbot.wait(5)
    qtbot.wait(30)
    assert projector.zoom_steps == steps
    assert projector.geometry() == start
    assert projector.minimumSizeHint().width() <= avail.width()
    body = projector.docks["weights"].widget()
    assert body.view.font().pointSizeF() > QApplication.font().pointSizeF()  # the views did zoom


def test_zooming_back_out_gives_the_room_back(projector, qtbot):
    """Back at 100 % after 200 %, the window's least width stayed at the zoomed one (1156 px on a 1024 px
    screen): Qt had pinned the tabbed-away docks to the widths they had while zoomed."""
    start, where = projector.minimumSizeHint().width(), projector.geometry()
    for steps in (*range(1, 11), 0):
        projector.set_zoom(steps)
        qtbot.wait(5)
    qtbot.wait(30)
    assert projector.minimumSizeHint().width() <= start + 2
    assert projector.geometry() == where


def test_a_zoomed_view_takes_room_its_neighbours_can_spare(projector, qtbot):
    """At 150 % on a 1024 px screen the weights panel scrolled sideways while the charts beside it had width
    to spare."""
    if projector.width() < 1200:
        projector.set_zoom(5)
    else:
        projector.set_zoom(8)
    qtbot.wait(40)
    weights = projector.docks["weights"]
    body = weights.widget()
    assert body.view.minimumSizeHint().width() <= body.viewport().width()
    assert not body.horizontalScrollBar().isVisible()


# --- bad files: what the file is, in words a desk officer can act on -------------------------------------


@pytest.mark.parametrize(("name", "content", "words"), [
    ("brief.json", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF document"),  # said: byte 10 is not UTF-8
    ("brief.csv", b"%PDF-1.4\n1 0 obj", "this is a PDF document"),  # said: A1 must be "option"
    ("empty.json", b"", "the file is empty"),  # said: line 1, column 1: not valid JSON: Expecting value
    ("empty.xlsx", b"", "the file is empty"),  # said: not a readable .xlsx workbook (BadZipFile)
    ("table.csv", b"PK\x03\x04\x14\x00", "rename it to end in .xlsx"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old-format Office file"),
    ("utf16.csv", "option,Cost\n".encode("utf-16"), "UTF-16"),
])
def test_a_file_that_is_not_what_its_name_says_is_named_for_what_it_is(tmp_path, capsys, name, content, words):
    from decision_app.cli import main

    path = tmp_path / name
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and str(path) in err and "Traceback" not in err


def test_a_cut_short_model_says_so(tmp_path, realistic_path):
    """It said "line 58, column 26: not valid JSON: Unterminated string starting at"."""
    from decision_app.core.errors import InputError

    path = tmp_path / "cut.json"
    path.write_bytes(realistic_path.read_bytes()[:3000])
    with pytest.raises(InputError) as info:
        load_model(path)
    (problem,) = info.value.problems
    assert "ends in the middle of the model" in problem.message and problem.place.endswith("(the end)")


def test_many_problems_in_a_workbook_are_grouped_and_the_dialog_names_the_file_and_the_first(tmp_path,
                                                                                              realistic_path):
    """A criterion renamed in the Matrix sheet only gave 30 messages, one per row of every other sheet, and a
    dialog saying only "30 problems were found" (no file, nothing to act on without Show Details)."""
    from openpyxl import load_workbook

    from decision_app.core.errors import InputError
    from decision_app.core.tables import write_table
    from decision_app.gui.messages import error_text

    out = tmp_path / "edited.xlsx"
    write_table(load_model(realistic_path), out)
    wb = load_workbook(out)
    wb["Matrix"]["B1"] = "Casualties"
    wb.save(out)
    with pytest.raises(InputError) as info:
        load_model(out)
    problems = info.value.problems
    assert len(problems) <= 3
    assert "more" in problems[0].place and "name it there too" in problems[0].message
    text, informative, details = error_text(info.value)
    assert f"{len(problems)} problems were found in edited.xlsx. The first: " in text
    assert problems[0].message in text and "unchanged" in informative
    assert details.count("\n") == len(problems) - 1


def test_the_brief_dialog_shows_the_start_of_a_long_title(window):
    """It showed "…against Ukraine: policy options from two essays", the title's end."""
    from decision_app.gui.brief_dialog import BriefDialog

    dlg = BriefDialog(window.state, window)
    title = dlg.edits["title"]
    assert title.text() == window.state.model.title and len(title.text()) > 60
    assert title.cursorPosition() == 0
    dlg.deleteLater()


def test_the_evidence_fields_stay_in_view_after_opening_a_colleagues_workbook(projector, tmp_path, qtbot):
    """Opened, another model's names and numbers needed a wider editor, and the splitter kept the old width:
    the score fields were cut off again."""
    from tests.test_sheets_bring import colleague_workbook

    assert projector.open_path(colleague_workbook(tmp_path / "colleague.xlsx"), ask=False)
    projector.state.select(option=1, criterion=0)
    qtbot.wait(20)
    pane = projector.matrix.evidence
    viewport = pane.findChild(QScrollArea).viewport()
    for field in (pane.value, pane.high, pane.basis):
        assert right_edge_in(field, viewport) <= viewport.width(), field.accessibleName()


# --- the re-walk (session 4): what it found --------------------------------------------------------------


def test_option_profile_draws_each_option_in_its_own_colour(projector, qtbot):
    """The profile drew the two compared options in two criterion colours (Casualties' blue, Alliance
    cohesion's orange), whatever the options: an option was dark blue there and light blue in Sensitivity."""
    from decision_app.gui.theme import option_style

    projector.focus_view("profile")
    chart = projector.profile
    for a, b in ((0, 1), (8, 3)):
        chart.pick[0].setCurrentIndex(a)
        chart.pick[1].setCurrentIndex(b)
        assert chart.compared_colors() == [option_style(a)[0].name(), option_style(b)[0].name()]
        assert option_style(a)[0].name() in chart.keys[0].text()


def test_escaped_text_in_the_group_view_reads_as_typed(projector, qtbot):
    """The empty group view read "Workshop &gt; Pass the laptop…": escaped text in a label Qt took for plain."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument

    projector.focus_view("group")
    chart = projector.group
    chart.flush()
    label = chart.reading
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text()))
    assert rich
    doc = QTextDocument()
    doc.setHtml(label.text())
    assert "Workshop > Pass the laptop" in doc.toPlainText()
    assert chart.person_ranking.textFormat() == Qt.TextFormat.RichText


def test_a_few_criteria_keep_their_sliders_under_their_names(qtbot, tmp_path, small_dict):
    """With three criteria each slider sat about 70 px below its name: the spare height went between rows."""
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState
    from tests.conftest import write_json

    path = write_json(tmp_path, small_dict)
    win = MainWindow(AnalysisState(load_model(path), path))
    win.resize(1280, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(20)
    try:
        rows = win.weights.rows
        assert 2 <= len(rows) <= 4
        for slider, spin, _lock, name in rows:
            gap = slider.mapTo(win, slider.rect().topLeft()).y() - name.mapTo(win, name.rect().bottomLeft()).y()
            assert gap <= spin.height(), gap
    finally:
        close_window(win)


def test_enter_in_a_score_box_applies_it(projector, qtbot):
    """Typing 2 in the evidence editor's Score box and pressing Enter applied nothing and said nothing."""
    from PySide6.QtCore import Qt

    state, pane = projector.state, projector.matrix.evidence
    state.select(option=1, criterion=0)
    before = state.model.options[1].scores[state.model.criteria[0].id]
    count = state.undo_stack.count()
    said = []
    state.sig_status.connect(said.append)
    projector.activateWindow()
    pane.value.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (pane.value, pane.value.lineEdit()))
    pane.value.selectAll()
    qtbot.keyClicks(pane.value, "2")
    qtbot.keyClick(pane.value, Qt.Key.Key_Return)
    after = state.model.options[1].scores[state.model.criteria[0].id]
    assert after.value == 2.0 and state.undo_stack.count() == count + 1
    if before.low > 2:
        assert any(m.startswith("Evidence applied: range widened") for m in said), said


@pytest.mark.parametrize("steps", [5, 10])
def test_zoomed_charts_give_every_name_a_line_of_its_own(projector, qtbot, steps):
    """At 150 % and 200 % the Uncertainty chart's twelve names and shares piled on top of each other, the
    Ranking's rows collided, and the Option profile's criterion names ran into each other: the charts kept
    their 100 % height and the profile shortened names for 7 px characters."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFontMetricsF

    from tests.test_chart_labels import drawn_axis_texts

    for key, chart in zoomed_name_charts(projector, qtbot, steps):
        vb = chart.item.getViewBox()
        row = abs(vb.mapViewToDevice(QPointF(0, 0)).y() - vb.mapViewToDevice(QPointF(0, 1)).y())
        font = chart.item.getAxis("left").style["tickFont"]
        assert row >= QFontMetricsF(font).height(), (key, row)
        assert len(drawn_axis_texts(chart.item.getAxis("left"))) == projector.state.compiled.m, key
    projector.focus_view("profile")
    chart = projector.profile
    qtbot.wait(40)
    axis = chart.item.getAxis("bottom")
    fm = QFontMetricsF(axis.style["tickFont"])
    lo, hi = chart.item.getViewBox().viewRange()[0]
    per = chart.item.getViewBox().width() / (hi - lo)
    texts = [t for level in axis._tickLevels for _v, t in level]
    # two lines a name; crowded names alternate between two rows (a lower one starts with blank lines), so that
    # each has two slots without running into its neighbours
    rows = 2 if any(t.startswith("\n") for t in texts) else 1
    assert rows == 1 or all(t.startswith("\n") == (k % 2 == 1) for k, t in enumerate(texts))
    assert texts and all(fm.horizontalAdvance(line) <= rows * per for t in texts for line in t.split("\n"))
    left = chart.item.getAxis("left")  # and the value axis' title whole (a shorter one when need be)
    assert QFontMetricsF(left.label.font()).horizontalAdvance(str(left.labelText)) <= chart.item.getViewBox().height()


def test_back_at_100_percent_the_views_have_their_widths_again(projector, qtbot):
    """The third walk (issue 19): after 150 % and back at 100 % the weights panel kept the 20 px it had taken
    from the charts, and the chart area's tabs stayed cut short ("Ranki…", "Sensitiv…")."""
    qtbot.wait(50)
    widths = {key: dock.width() for key, dock in projector.docks.items() if dock.isVisible()}
    projector.set_zoom(5)
    qtbot.wait(60)
    assert any(projector.docks[key].width() != w for key, w in widths.items())  # the zoomed view took room
    projector.focus_view("uncertainty")  # a view brought forward while zoomed stays in front
    qtbot.wait(30)
    projector.set_zoom(0)
    qtbot.wait(60)
    assert not projector.docks["uncertainty"].visibleRegion().isEmpty()
    back = {key: projector.docks[key].width() for key in ("weights", "matrix", "uncertainty")}
    widths["uncertainty"] = widths["ranking"]  # in the ranking's place
    assert all(abs(w - widths[key]) <= 2 for key, w in back.items()), (widths, back)
