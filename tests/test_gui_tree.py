"""The value tree in the window (issue 23): the weights panel shows the tree, a branch's slider sets the
branch's total (its criteria keep their proportions, its siblings give way), locks hold on any node, rows
collapse, and every move is an undo step; the ranking can stack by branch. At 1024x768 with a three-level tree."""

from __future__ import annotations

import numpy as np
import pytest
from gui_checks import assert_ranking_matches_engine

from decision_app.core import tree as T


def test_the_weights_panel_follows_the_tree(tree_window):
    panel, tree = tree_window.weights, tree_window.state.tree
    assert len(panel.node_rows) == 4 and len(panel.rows) == 11
    sec = tree.index("security")
    assert panel.node_rows[sec][1].value() == pytest.approx(100 * 4 / 11, abs=0.05)
    assert "Security" in panel.node_rows[sec][3].text()


def test_a_branch_slider_sets_the_branch_and_is_one_undo_step(tree_window):
    state, panel, tree = tree_window.state, tree_window.weights, tree_window.state.tree
    before = state.weights.copy()
    sec = tree.index("security")
    slider = panel.node_rows[sec][0]
    slider.sliderPressed.emit()
    for v in (400, 450, 500):
        slider.setValue(v)
    slider.sliderReleased.emit()
    totals = T.item_weights(tree, state.weights)
    assert totals[sec] == pytest.approx(0.5)
    assert np.allclose(state.weights, T.move(tree, before, sec, 0.5))
    local = T.local_weights(tree, state.weights)[tree.n_nodes:]
    assert np.allclose(local, T.local_weights(tree, before)[tree.n_nodes:])  # the leaves keep their proportions
    assert panel.rows[0][1].value() == pytest.approx(round(100 * state.weights[0], 1))
    assert_ranking_matches_engine(tree_window)
    assert state.undo_stack.count() == 1
    state.undo_stack.undo()
    assert np.array_equal(state.weights, before)


def test_a_branch_lock_holds_while_a_sibling_moves(tree_window):
    state, panel, tree = tree_window.state, tree_window.weights, tree_window.state.tree
    sov, sec = tree.index("sovereignty"), tree.index("security")
    panel.node_rows[sov][2].setChecked(True)
    held = T.item_weights(tree, state.weights)[sov]
    panel.node_rows[sec][1].setValue(60.0)
    after = T.item_weights(tree, state.weights)
    assert after[sov] == pytest.approx(held) and after[sec] == pytest.approx(0.6)
    assert not panel.node_rows[sov][0].isEnabled()


def test_a_criterion_slider_in_a_tree_moves_within_its_objective(tree_window):
    state, panel, tree = tree_window.state, tree_window.weights, tree_window.state.tree
    hc = tree.index("human_cost")
    held = T.item_weights(tree, state.weights)[tree.index("security")]
    j = list(state.compiled.criterion_ids).index("casualties")
    panel.rows[j][1].setValue(15.0)
    assert state.weights[j] == pytest.approx(0.15)
    assert T.item_weights(tree, state.weights)[tree.index("security")] == pytest.approx(held)
    assert T.item_weights(tree, state.weights)[hc] == pytest.approx(held / 2)  # within human cost: its other criterion gave way


def test_collapsing_a_branch_hides_its_rows(tree_window):
    panel, tree = tree_window.weights, tree_window.state.tree
    sec = tree.index("security")
    j = list(tree_window.state.compiled.criterion_ids).index("casualties")
    assert not panel.rows[j][0].isHidden()
    panel.node_rows[sec][4].click()
    assert panel.rows[j][0].isHidden() and panel.node_rows[tree.index("human_cost")][0].isHidden()
    assert not panel.node_rows[sec][0].isHidden()
    panel.node_rows[sec][4].click()
    assert not panel.rows[j][0].isHidden()


def test_the_ranking_stacks_by_objective_and_attributes_the_margin(tree_window):
    chart, state, tree = tree_window.ranking, tree_window.state, tree_window.state.tree
    assert chart.stack_by.isVisibleTo(chart)
    n, nb = state.compiled.n, len(tree.top)
    chart.stack_by.setCurrentIndex(chart.stack_by.findData("branch"))
    chart.stack_by.activated.emit(chart.stack_by.currentIndex())
    chart.flush()
    lengths = chart.bars.lengths
    assert not lengths[:, :n].any() and lengths[:, n:n + nb].any()
    contrib = state.results.contributions
    assert np.allclose(lengths[:, n:n + nb], np.abs(contrib @ tree.leaves[list(tree.top)].T))
    assert "of the margin comes from" in chart.attribution.text()
    lead = int(state.results.order[0])
    y = chart._ypos[lead]
    assert "Contributions by objective" in chart.hover_text(0.1, y)


def test_a_flat_model_offers_no_stacking_by_objective(window):
    assert not window.ranking.stack_by.isVisibleTo(window.ranking)
    assert not window.ranking.attribution.text()


def test_the_objectives_dialog_builds_a_tree_step_by_step_and_undoes_each(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from decision_app.gui.tree_dialog import ObjectivesDialog

    state = window.state
    dialog = ObjectivesDialog(state, window)
    qtbot.addWidget(dialog)
    before = state.weights.copy()

    def select(*ids):
        chosen = [it for it in _items(dialog) if it.data(0, 0x0100) in ids]
        dialog.view.setCurrentItem(chosen[0])
        dialog.view.clearSelection()
        for it in chosen:
            it.setSelected(True)

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Security", True))
    select("casualties", "escalation_risk")
    dialog.group()
    assert [(o.id, o.children) for o in state.model.objectives] == [("security", ["casualties", "escalation_risk"])]
    assert np.array_equal(state.weights, before)
    assert len(window.weights.node_rows) == 1
    select("durability")
    dialog.indent()  # Alt+Right: into the objective above it (the top objectives come before the criteria)
    assert state.model.objectives[0].children == ["casualties", "escalation_risk", "durability"]
    select("humanitarian_food")
    dialog.move_to("humanitarian_food", "security", 0)  # a drop
    assert state.model.objectives[0].children == ["humanitarian_food", "casualties", "escalation_risk", "durability"]
    select("escalation_risk")
    dialog.step(-1)
    assert state.model.objectives[0].children == ["humanitarian_food", "escalation_risk", "casualties", "durability"]
    select("casualties")
    dialog.outdent()
    assert "casualties" not in state.model.objectives[0].children
    for _ in range(4):
        state.undo_stack.undo()
    assert state.model.objectives[0].children == ["casualties", "escalation_risk"]
    state.undo_stack.undo()
    assert state.model.objectives == [] and window.weights.node_rows == []


def test_the_objectives_dialog_says_why_a_step_is_refused(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from decision_app.gui.tree_dialog import ObjectivesDialog

    dialog = ObjectivesDialog(window.state, window)
    qtbot.addWidget(dialog)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Alone", True))
    dialog.view.clearSelection()
    first = dialog.view.topLevelItem(0)
    first.setSelected(True)
    dialog.group()
    count = window.state.undo_stack.count()
    dialog.move_to(window.state.model.objectives[0].children[0], None, None)
    assert said and "would be left empty" in said[0] and window.state.undo_stack.count() == count


def test_a_blank_objective_name_is_refused_aloud(window, qtbot, monkeypatch):
    """Group into objective… with an empty or blank name did nothing and said nothing; Rename said why."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from decision_app.gui.tree_dialog import ObjectivesDialog

    dialog = ObjectivesDialog(window.state, window)
    qtbot.addWidget(dialog)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    dialog.view.topLevelItem(0).setSelected(True)
    for blank in ("", "   "):
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, blank=blank, **k: (blank, True))
        dialog.group()
    assert window.state.model.objectives == [] and window.state.undo_stack.count() == 0
    assert len(said) == 2 and all(t.startswith("The new objective needs a name") for t in said), said


def test_tree_refusals_are_sentences_and_undo_texts_say_names(window, qtbot, monkeypatch):
    """They started with ": " (an empty place), and the undo text said "Move ukraine_say"."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from decision_app.gui.tree_dialog import ObjectivesDialog

    state = window.state
    dialog = ObjectivesDialog(state, window)
    qtbot.addWidget(dialog)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Alone", True))
    dialog.view.clearSelection()
    dialog.view.topLevelItem(0).setSelected(True)
    dialog.group()
    only = state.model.objectives[0].children[0]
    dialog.move_to(only, None, None)
    assert said[0].startswith('"Alone" would be left empty by moving "') and said[0].endswith("first."), said
    crit = next(c for c in state.model.criteria if c.id == only)
    assert f'"{crit.name}"' in said[0]
    dialog.move_to(state.model.criteria[5].id, "alone", None)
    assert state.undo_stack.undoText() == f"Move {state.model.criteria[5].name}"


def test_the_keyboard_cursor_follows_each_step(window, qtbot, monkeypatch):
    """fill() rebuilt the items and the current item was lost after every step; the dialog opened with the focus
    on the Group button."""
    from PySide6.QtWidgets import QInputDialog

    from decision_app.gui.tree_dialog import ID_ROLE, ObjectivesDialog

    state = window.state
    dialog = ObjectivesDialog(state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.view and dialog.view.currentItem() is not None
    ids = [c.id for c in state.model.criteria]
    chosen = [it for it in _items(dialog) if it.data(0, ID_ROLE) in ids[2:4]]
    dialog.view.setCurrentItem(chosen[0])
    for it in chosen:
        it.setSelected(True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Security", True))
    dialog.group()
    assert dialog.view.currentItem().data(0, ID_ROLE) == "security"
    assert dialog.selected_ids() == ["security"]
    dialog.view.setCurrentItem(next(it for it in _items(dialog) if it.data(0, ID_ROLE) == ids[6]))
    dialog.indent()  # Alt+Right: into Security
    assert dialog.view.currentItem().data(0, ID_ROLE) == ids[6]
    assert dialog.view.currentItem().parent().data(0, ID_ROLE) == "security"
    dialog.step(-1)
    assert dialog.view.currentItem().data(0, ID_ROLE) == ids[6]
    state.undo_stack.undo()  # a change from outside the dialog keeps the cursor where it was
    assert dialog.view.currentItem().data(0, ID_ROLE) == ids[6]


def test_a_new_top_objective_takes_the_first_grouped_items_place_in_the_dialog(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from decision_app.gui.tree_dialog import ID_ROLE, ObjectivesDialog

    state = window.state
    dialog = ObjectivesDialog(state, window)
    qtbot.addWidget(dialog)
    ids = [c.id for c in state.model.criteria]
    for k in range(3):
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, k=k, **kw: (f"Objective {k}", True))
        dialog.view.clearSelection()
        next(it for it in _items(dialog) if it.data(0, ID_ROLE) == ids[k]).setSelected(True)
        dialog.group()
    dialog.view.clearSelection()
    for i in (0, 1):
        dialog.view.topLevelItem(i).setSelected(True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Both", True))
    dialog.group()
    assert [dialog.view.topLevelItem(i).text(0) for i in range(2)] == ["Both", "Objective 2"]


def test_edit_objectives_reuses_the_open_dialog_and_deletes_it_on_close(window, qtbot):
    """Each Edit > Objectives… made another dialog, and closed ones were never deleted: each refilled on every
    model change."""
    from PySide6.QtCore import SIGNAL

    from decision_app.gui.tree_dialog import ObjectivesDialog

    state = window.state
    hooked = state.receivers(SIGNAL("sig_model_changed()"))
    window.edit_objectives()
    first = window.objectives_dialog
    window.edit_objectives()
    assert window.objectives_dialog is first and len(window.findChildren(ObjectivesDialog)) == 1
    assert state.receivers(SIGNAL("sig_model_changed()")) == hooked + 1
    first.close()
    qtbot.waitUntil(lambda: not window.findChildren(ObjectivesDialog))
    assert window.objectives_dialog is None
    assert state.receivers(SIGNAL("sig_model_changed()")) == hooked
    window.edit_objectives()
    assert window.objectives_dialog is not None and window.objectives_dialog.isVisible()
    window.objectives_dialog.close()


def _items(dialog):
    out, stack = [], [dialog.view.topLevelItem(i) for i in range(dialog.view.topLevelItemCount())]
    while stack:
        it = stack.pop()
        out.append(it)
        stack += [it.child(j) for j in range(it.childCount())]
    return out


def test_swing_weighting_walks_the_tree_bottom_up(tree_window):
    from decision_app.gui.elicit_dialog import ElicitDialog

    state, tree = tree_window.state, tree_window.state.tree
    dlg = ElicitDialog(state, tree_window)
    order = [dlg.target.itemData(i) for i in range(dlg.target.count())]
    assert order[0] == tree.index("human_cost") and order[-2:] == [-1, dlg.ALL]  # the deepest first
    dlg.tabs.setCurrentIndex(1)  # swing: casualties 100, humanitarian relief 50
    dlg.swings[0].setValue(100)
    dlg.swings[1].setValue(50)
    dlg.apply()
    local = T.local_weights(tree, state.weights)
    assert local[tree.index("casualties")] == pytest.approx(2 / 3)
    assert T.item_weights(tree, state.weights)[tree.index("human_cost")] == pytest.approx(2 / 11)  # total held
    assert dlg.node() == order[1]  # on to the next objective up
    for _ in range(3):  # security, sovereignty, settlement: equal swings
        dlg.tabs.setCurrentIndex(1)
        dlg.apply()
    assert dlg.node() == -1
    dlg.tabs.setCurrentIndex(1)
    swings = {tree.index("security"): 100, tree.index("sovereignty"): 50, tree.index("settlement"): 50}
    for spin, item in zip(dlg.swings, tree.top, strict=True):
        spin.setValue(swings[item])
    dlg.apply()
    top = T.item_weights(tree, state.weights)[list(tree.top)]
    assert top == pytest.approx([0.5, 0.25, 0.25])
    assert T.local_weights(tree, state.weights)[tree.index("casualties")] == pytest.approx(2 / 3)  # kept below
    assert state.undo_stack.count() == 5


def test_sensitivity_sweeps_an_objective_weight(tree_window):
    from decision_app.core.sensitivity import tipping_points_along

    chart, state, tree = tree_window.sensitivity, tree_window.state, tree_window.state.tree
    n = state.compiled.n
    sec = tree.index("security")
    chart.criterion.setCurrentIndex(n + sec)
    assert chart.criterion.currentText() == "Objective: Security"
    assert chart.marker_weight() == pytest.approx(4 / 11)
    mask = tree.leaves[sec] > 0
    t, scores = chart.curve_data(0)
    want = state.analysis.prepared(state.method).scores(T.sweep_weights(state.weights, mask, np.asarray(t)))[:, 0]
    assert np.allclose(scores, want)
    tips = tipping_points_along(state.analysis, state.method, *T.branch_direction(state.weights, mask))
    assert len(chart.tipping_texts()) == len(tips)
    assert "objective Security" in chart.caption.text()
    assert "objective" in chart.item.getAxis("bottom").labelText  # it said "weight of the criterion"
    assert "criterion" not in chart.item.getAxis("bottom").labelText
    chart.criterion.setCurrentIndex(2)  # back to a criterion
    assert chart.marker_weight() == pytest.approx(state.weights[2])
    assert "criterion" in chart.item.getAxis("bottom").labelText


def test_every_view_at_1024x768_with_a_three_level_tree(tree_window, tmp_path):
    from PySide6.QtCore import QCoreApplication

    from decision_app.gui.views import views_in_order

    win = tree_window
    assert win.state.tree.levels() == 3
    for spec in views_in_order():
        win.docks[spec.key].show()
        win.docks[spec.key].raise_()
        QCoreApplication.processEvents()
        widget = win.docks[spec.key].widget()
        assert widget.isVisible() and widget.width() > 100 and widget.height() > 100, spec.key
        if spec.key in win.charts:
            png = win.charts[spec.key].render_to(tmp_path / f"{spec.key}.png")
            assert png.stat().st_size > 2000, spec.key
    assert win.width() == 1024 and win.height() == 768


def test_the_option_profile_groups_the_criteria_by_objective(tree_window, window):
    chart, tree = tree_window.profile, tree_window.state.tree
    chart.rebuild()
    labels = [t.replace("\n", " ") for t in chart.tick_labels()]  # shortened to the room the hidden dock has
    c = tree_window.state.compiled
    walk = [i - tree.n_nodes for i in tree.walk() if i >= tree.n_nodes]
    assert list(chart.order) == walk and walk[:3] == [0, 8, 1]  # casualties, humanitarian relief, escalation
    assert [t[:2] for t in labels] == [c.criterion_labels[j][:2] for j in walk]
    assert chart.group_names == ["Security", "Sovereignty", "Settlement"]
    _x, y = chart.bold[0].getData()
    i = max(chart.pick[0].currentIndex(), 0)
    assert np.allclose(y, chart.V[i][chart.order])
    flat = window.profile
    flat.rebuild()
    assert flat.group_names == [] and list(flat.order) == list(range(c.n))


def test_the_matrix_header_tooltip_names_the_objectives_above(tree_window, window):
    from PySide6.QtCore import Qt

    def tip(win, j):
        return win.matrix.model.headerData(j, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)

    assert tip(tree_window, 0).startswith("<i>Security › Human cost</i><br><b>Casualties")
    assert tip(window, 0).startswith("<b>Casualties")


def test_the_banner_and_the_changes_view_speak_by_objective(tree_window, qtbot):
    """The verdict banner ends with the margin by objective, and an objective's entry of "What would change the
    answer" puts the focus on that objective's slider."""
    state = tree_window.state
    assert state.wait_for_answer() and state.answer is not None
    qtbot.waitUntil(lambda: tree_window.ranking.banner.full == state.answer.sentence)
    assert "By objective: " in tree_window.ranking.banner.full
    panel = tree_window.changes
    qtbot.waitUntil(lambda: bool(panel.points))
    k = next(k for k, p in enumerate(panel.points) if p.kind == "objective")
    tree_window.weights.toggle(state.tree.index("security"))  # collapsed: the focus must open it again
    with qtbot.waitSignal(state.sig_focus_requested) as got:
        panel.list.itemClicked.emit(panel.list.item(k))
    assert got.args == ["objective"]
    node = state.tree.index(panel.points[k].objective)
    slider = tree_window.weights.node_rows[node][0]
    qtbot.waitUntil(lambda: slider.hasFocus())
    assert not slider.isHidden()


def test_the_agreed_constraints_offer_the_objectives(tree_window):
    state, panel = tree_window.state, tree_window.constraints
    ids = panel.bound_ids
    assert ids[0] == "security" and set(ids) == set(state.tree.ids)  # the tree's order, every item
    low, high = panel.bounds_row("sovereignty")
    assert low.accessibleName() == "objective Ukraine's sovereignty: least weight"
    low.setValue(20.0)
    high.setValue(30.0)
    high.editingFinished.emit()
    assert state.smaa_settings.bounds == (("sovereignty", 0.2, 0.3),)
    panel.order.setText("Security >= settlement >= Casualties and destruction")
    panel.order.editingFinished.emit()
    assert not panel.order_problem.isVisible()
    assert state.smaa_settings.order == (("security", "settlement", "casualties"),)
    assert panel.order.text() == "Security >= A workable settlement >= Casualties and destruction"
    panel.order.setText("security >= nowhere")
    panel.order.editingFinished.emit()
    assert "neither a criterion id nor an objective id" in panel.order_problem.text()
    state.undo_stack.undo()
    assert state.smaa_settings.order == ()


def _type_in_box(qtbot, box, text: str) -> None:
    from PySide6.QtCore import Qt

    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_a_weight_typed_in_a_tree_is_applied_exactly_and_the_rescaling_said(tree_window, qtbot):
    """As on a flat model (tests/test_gui_typing.py): the branch's and the criterion's box."""
    state, panel, tree = tree_window.state, tree_window.weights, tree_window.state.tree
    said: list[str] = []
    state.sig_status.connect(said.append)
    sec = tree.index("security")
    _type_in_box(qtbot, panel.node_rows[sec][1], "50")
    assert T.item_weights(tree, state.weights)[sec] == pytest.approx(0.5, abs=1e-12)
    assert any("Weight of Security set to 50 %; the other weights now share the remaining 50.0 %" in m
               for m in said), said
    j = list(state.compiled.criterion_ids).index("territorial_integrity")
    sov = T.item_weights(tree, state.weights)[tree.index("sovereignty")]
    _type_in_box(qtbot, panel.rows[j][1], "20")
    assert state.weights[j] == 0.2
    assert any(f"set to 20 %; the other weights within Ukraine's sovereignty now share the remaining "
               f"{(sov - 0.2) * 100:.1f} %" in m for m in said), said


def test_a_weight_typed_in_a_tree_the_locks_leave_no_room_for_is_refused_not_clamped(tree_window, qtbot):
    """tree.move clamps to what the locks allow: 95 typed became 56.1 % and the siblings 0, unsaid."""
    state, panel, tree = tree_window.state, tree_window.weights, tree_window.state.tree
    said: list[str] = []
    state.sig_status.connect(said.append)
    sov, sec = tree.index("sovereignty"), tree.index("security")
    panel.node_rows[sov][2].setChecked(True)
    before = state.weights.copy()
    box = panel.node_rows[sec][1]
    shown = box.value()
    _type_in_box(qtbot, box, "95")
    assert np.array_equal(state.weights, before) and box.value() == shown
    assert any("Weight of Security: 95 % is more than the" in m and "the locked weights leave" in m
               for m in said), said
    j = list(state.compiled.criterion_ids).index("casualties")
    _type_in_box(qtbot, panel.rows[j][1], "50")  # more than Human cost holds in all
    assert np.array_equal(state.weights, before)
    assert any("50 % is more than the" in m and "Human cost holds in all" in m for m in said), said
    panel.node_rows[tree.index("settlement")][2].setChecked(True)
    _type_in_box(qtbot, box, "10")
    assert np.array_equal(state.weights, before)
    assert any("every other weight is locked" in m for m in said), said
