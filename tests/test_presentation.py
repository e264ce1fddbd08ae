"""Presentation mode: the key map, blanking, leaving with the workbench restored, live weights, the 1/45 text
rule at projector sizes, the projector theme's contrast, the screen choice, and the arrangement saved in the
session."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from decision_app.report import projector
from decision_app.report.slide_content import SLIDES

K = Qt.Key


@pytest.fixture
def show(window, qtbot):
    win = window.present()
    qtbot.waitExposed(win)
    yield win
    if win.isVisible():
        win.close()


def press(qtbot, win, *keys):
    for k in keys:
        qtbot.keyClick(win, k)


def keys_of(show):
    return [s.key for s in show.slides]


@pytest.mark.parametrize("key", [K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_Return, K.Key_Enter])
def test_forward_keys(show, qtbot, key):
    show.go(1)
    press(qtbot, show, key)
    assert show.index == 2


@pytest.mark.parametrize("key", [K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace])
def test_back_keys(show, qtbot, key):
    show.go(2)
    press(qtbot, show, key)
    assert show.index == 1


def test_home_end_and_digits_then_enter(show, qtbot):
    n = len(show.slides)
    press(qtbot, show, K.Key_End)
    assert show.index == n - 1
    press(qtbot, show, K.Key_Right)
    assert show.index == n - 1  # stays on the last
    press(qtbot, show, K.Key_Home)
    assert show.index == 0
    press(qtbot, show, K.Key_5, K.Key_Return)
    assert show.index == 4 and show.current_key() == keys_of(show)[4]
    press(qtbot, show, K.Key_2)
    assert show.index == 4  # a digit alone waits for Enter
    press(qtbot, show, K.Key_Enter)
    assert show.index == 1


@pytest.mark.parametrize("key,color", [(K.Key_B, projector.BACKGROUND), (K.Key_Period, projector.BACKGROUND),
                                       (K.Key_W, projector.BLANK_WHITE)])
def test_blank_and_any_key_returns(show, qtbot, key, color):
    show.go(3)
    press(qtbot, show, key)
    assert show.canvas.blank == color
    image = show.canvas.grab().toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2).name().upper() == color
    press(qtbot, show, K.Key_Right)  # returns, and does nothing else
    assert show.canvas.blank is None and show.index == 3


def test_esc_leaves_and_restores_the_workbench(window, qtbot):
    window.docks["uncertainty"].raise_()
    window.state.select(option=5, criterion=2)
    before, geometry = window.saveState(), window.geometry()
    win = window.present()
    qtbot.waitExposed(win)
    press(qtbot, win, K.Key_Right, K.Key_Right)
    press(qtbot, win, K.Key_Escape)
    assert not win.isVisible()
    assert window.saveState() == before and window.geometry() == geometry
    assert (window.state.selected_option, window.state.selected_criterion) == (5, 2)
    again = window.present(from_current=True)  # Shift+F5: from the slide shown last
    assert again.index == 2
    again.close()


def test_present_keys_are_f5_and_shift_f5_and_rerun_moved(window):
    from PySide6.QtGui import QKeySequence

    from decision_app.gui.main_window import menu_actions

    by_key = {a.shortcut().toString(): a.text() for a in menu_actions(window.menuBar().actions())
              if not a.shortcut().isEmpty()}
    assert by_key["F5"] == "&Present" and by_key["Shift+F5"] == "Present from the current slide"
    assert by_key["Ctrl+F5"] == "Re-run uncertainty now"
    assert window.act_present.shortcut() == QKeySequence("F5")


def test_weights_slide_keys_change_the_weights_and_the_ranking_follows(show, qtbot, window):
    state = window.state
    show.go(keys_of(show).index("weights"))
    start = show.criterion  # the model opens on its criterion with the nearest tipping point
    press(qtbot, show, K.Key_Tab)
    assert show.criterion == (start + 1) % state.compiled.n
    press(qtbot, show, K.Key_3)
    assert show.criterion == 2 and show.current_key() == "weights"
    before = state.weights.copy()
    press(qtbot, show, K.Key_Plus, K.Key_Plus, K.Key_Plus)
    assert state.weights[2] > before[2] + 0.05
    press(qtbot, show, K.Key_Minus)
    assert state.weights[2] < before[2] + 0.06 + 1e-9
    assert state.undo_stack.count() >= 1  # through the undoable set_weight
    # the ranking slide shows the engine's numbers for the new weights
    from decision_app.core.engine import Analysis

    expected = Analysis(state.compiled).score(state.method, state.weights, normalized=True)
    show.go(keys_of(show).index("ranking"))
    content = show.slides[show.index].build(show.ctx)
    values = [float(r.value_text) for r in content.chart.rows]
    assert np.allclose(values, np.round(expected.scores[expected.order], 3))
    assert np.allclose(show.ctx.snapshot.scores, state.results.scores)
    show.canvas.grab()
    assert f"{expected.scores[expected.order[0]]:.3f}" in [t for t, _ in show.canvas.painted]


def assert_text_rule(win, keys=None):
    """Every text on each slide (or those keyed `keys`) painted at least 1/45 of the height, nothing
    overflowing, nothing cut."""
    h = win.canvas.height()
    for k in range(len(win.slides)):
        if keys is not None and win.slides[k].key not in keys:
            continue
        win.go(k)
        win.canvas.grab()
        assert win.canvas.painted, win.current_key()
        assert not win.canvas.slide.overflow, win.current_key()
        smallest = min(px for _, px in win.canvas.painted)
        assert smallest >= h / 45, (win.current_key(), smallest)
        font = QFont(win.canvas.family)
        font.setPixelSize(smallest)
        assert QFontMetrics(font).ascent() >= 0.9 * h / 45
        texts = [t for t, _ in win.canvas.painted]
        assert not any(t.endswith("\u2026") for t in texts)  # never cut


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_every_text_is_at_least_a_45th_of_the_height_and_nothing_overflows(window, qtbot, size):
    from decision_app.gui.presentation.window import PresentationWindow

    assert window.state.wait_for_answer()  # the ranking title and the what-would-change slide say the verdict
    win = PresentationWindow(window.state)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    assert win.canvas.height() == size[1]
    assert_text_rule(win)
    # option names (short names where the options have them) are wrapped, each word still on the slide
    win.go([s.key for s in win.slides].index("ranking"))
    win.canvas.grab()  # paints the slide now (offscreen, repaint() left the previous slide's texts)
    assert win.current_key() == "ranking"
    words = " ".join(t for t, _ in win.canvas.painted).split()
    for name in window.state.compiled.option_labels:
        assert all(w in words for w in name.split())
    win.close()


def test_chart_lines_are_at_least_3_px_at_768(window, qtbot):
    from decision_app.gui.presentation.window import PresentationWindow
    from decision_app.report.slide_layout import Path

    win = PresentationWindow(window.state)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.canvas.height() == 768
    win.go([s.key for s in win.slides].index("sensitivity"))
    paths = [op for op in win.canvas.slide.ops if isinstance(op, Path)]
    assert paths and min(p.width for p in paths) >= 3.0
    win.close()


def test_projector_theme_contrast():
    assert projector.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert projector.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # WCAG's own example
    for what, fg, bg, need in projector.colour_pairs():
        assert projector.contrast(fg, bg) >= need, what
    assert len(projector.PALETTE) >= 8


def test_screen_choice_prefers_the_second_screen():
    from decision_app.gui.presentation.screens import choose_screen

    laptop, projector_ = (0, 0, 1366, 768), (1366, 0, 1024, 768)
    assert choose_screen([laptop], (10, 10, 800, 600)) == 0
    assert choose_screen([laptop, projector_], (10, 10, 800, 600)) == 1
    assert choose_screen([laptop, projector_], (1400, 10, 800, 600)) == 0  # workbench on the projector side
    assert choose_screen([projector_, laptop], (10, 10, 800, 600)) == 0
    with pytest.raises(ValueError):
        choose_screen([], (0, 0, 1, 1))


def test_present_goes_full_screen_on_the_chosen_screen(window, qtbot):
    win = window.present()
    qtbot.waitExposed(win)
    assert win.isFullScreen()
    assert win.geometry() == window.screen().geometry()  # offscreen has one screen: that one
    win.close()


def test_arrangement_is_undoable_and_saved_in_the_session(window, qtbot, tmp_path):
    from decision_app.core.loading import load_model
    from decision_app.report.slide_content import choices_from

    state = window.state
    win = window.present()
    order = [s.key for s in SLIDES]
    new = [("ranking", True), *[(k, k != "criteria") for k in order if k != "ranking"]]
    state.set_slides(choices_from(new))
    assert keys_of(win)[0] == "ranking" and "criteria" not in keys_of(win)
    assert state.dirty
    out = tmp_path / "saved.json"
    state.save(out)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["session"]["slides"][0] == {"key": "ranking", "hidden": False}
    assert load_model(out).session.slides == state.slides
    state.undo_stack.undo()
    assert state.slides is None and keys_of(win)[0] == "title"
    win.close()


def test_arrange_dialog_hides_and_moves(window):
    from decision_app.gui.presentation.arrange import ArrangeSlidesDialog

    dlg = ArrangeSlidesDialog(window.state, window)
    dlg.list.setCurrentRow(1)
    dlg.move_slide(1)
    dlg.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    dlg.accept()
    keys = [c.key for c in window.state.slides]
    assert keys[:3] == ["title", "criteria", "options"] and window.state.slides[0].hidden


def test_a_group_slide_is_one_record(window):
    from decision_app.report import slide_content as sc

    spec = sc.SlideSpec("group-demo", "Demo", lambda ctx: sc.SlideContent("group-demo", "Demo", ("one line",)),
                        lambda ctx: False)
    sc.register(spec, after="weights")
    try:
        assert [s.key for s in sc.SLIDES].index("group-demo") == [s.key for s in sc.SLIDES].index("weights") + 1
        win = window.present()
        assert "group-demo" not in keys_of(win)  # not visible when its condition fails
        win.close()
    finally:
        sc.SLIDES.remove(spec)


def test_seven_enter_on_the_weights_slide_chooses_criterion_seven_and_stays(show, qtbot):
    """Issue 22: "7, Enter" chose criterion 7 and then also advanced the slide."""
    at = keys_of(show).index("weights")
    show.go(at)
    press(qtbot, show, K.Key_7, K.Key_Return)
    assert show.criterion == 6 and show.index == at
    press(qtbot, show, K.Key_Return)  # a second Enter moves on, as everywhere
    assert show.index == at + 1
