"""Issue 22: intake is a locked mode, a returning participant is picked from the roster, and a wrong entry
is corrected by re-opening it (not by Undo). The window is driven as a facilitator drives it."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction
from test_gui_workshop import NAMES, answers_for, enter, neutral

from decision_app.core.loading import load_model
from decision_app.gui.main_window import MainWindow
from decision_app.gui.participant_entry import NEW, ParticipantEntryDialog
from decision_app.gui.recovery import RESTORE, Autosaver, read_recovery
from decision_app.gui.state import AnalysisState


def every_action(window) -> list[QAction]:
    found = {id(a): a for a in window.findChildren(QAction)}
    for a in window.menuBar().actions():
        found.setdefault(id(a), a)
    return list(found.values())


def test_while_views_are_hidden_only_the_entry_dialog_and_reveal_act(window):
    """Every action of the window is walked: presenting, undo and redo, menus, view keys, every edit."""
    n = window.state.compiled.n
    enter(window, "Ana", "ranking", answers_for("ranking", n, 1))  # an entry to undo, if Undo were live
    assert window.workshop.covered
    allowed = {window.act_pass_laptop, window.act_reveal, window.menuBar().actions()[3]}  # File Edit Analysis Workshop
    assert window.menuBar().actions()[3].text() == "&Workshop"
    actions = every_action(window)
    assert len(actions) > 60
    live = [a.text() or a.objectName() for a in actions if a.isEnabled() and a not in allowed]
    assert live == []
    assert all(a.isEnabled() for a in allowed)
    # an entry saved while covered does not bring Undo back
    enter(window, "Ben", "direct", answers_for("direct", n, 2))
    assert not window.act_undo.isEnabled()
    window.act_undo.trigger()
    assert len(window.state.model.participants) == 2  # nothing undone
    window.act_present.trigger()
    assert window.presenter is None  # F5 shows no slide of what has been entered
    window.act_reveal.trigger()
    assert window.act_undo.isEnabled() and window.act_present.isEnabled()
    assert window.edit_actions and all(a.isEnabled() for a in window.view_actions.values())


def test_esc_asks_before_throwing_away_typed_answers(window, monkeypatch):
    asked = []
    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    dlg.open()
    monkeypatch.setattr(dlg, "confirm_discard", lambda: asked.append(1) or False)
    dlg.reject()  # nothing typed: closes without asking
    assert asked == [] and not dlg.isVisible()
    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    dlg.open()
    answers = [False, True]
    monkeypatch.setattr(dlg, "confirm_discard", lambda: asked.append(1) or answers.pop(0))
    dlg.pages.show_method("ahp")
    next(iter(dlg.pages.pairs.values())).setValue(5)
    dlg.reject()  # Esc: "keep my answers"
    assert asked == [1] and dlg.isVisible() and next(iter(dlg.pages.pairs.values())).value() == 5
    dlg.reject()
    assert asked == [1, 1] and not dlg.isVisible()


def two_rounds(window):
    n = window.state.compiled.n
    for k, name in enumerate(NAMES[:3]):
        enter(window, name, "direct", answers_for("direct", n, k))
    window.workshop.set_covered(False)
    window.workshop.start_new_round()
    return window.state.model.participants


def test_a_returning_participant_is_picked_from_the_roster_never_retyped(window):
    people = two_rounds(window)
    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    items = [dlg.who.itemText(i) for i in range(dlg.who.count())]
    assert items == ["Choose your code…", "P1", "P2", "P3", "I am new here (I will be P4)"]
    assert not dlg.save_button.isEnabled()  # nobody chosen yet
    assert not any(name in " ".join(items) for name in NAMES)  # codes only, names hidden
    dlg.choose(people[1].id)
    assert dlg.save_button.isEnabled() and not dlg.name.isEnabled() and neutral(dlg.pages)
    assert dlg.save()
    model = window.state.model
    assert [p.code for p in model.participants] == ["P1", "P2", "P3"]  # no P4: the same person, round 2
    assert [r.round for r in model.participants[1].rounds] == [1, 2]
    nxt = ParticipantEntryDialog(window.state, window, window.workshop)
    assert [nxt.who.itemText(i) for i in range(nxt.who.count())][1:3] == ["P1", "P3"]  # P2 has entered
    roster = window.participants.roster
    assert [roster.data(roster.index(i, 2)) for i in range(3)] == ["not yet", "entered", "not yet"]


def test_the_delphi_way_starts_from_their_own_answer_beside_the_groups(window):
    people = two_rounds(window)
    window.workshop.set_returning_start("own")
    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    dlg.choose(people[0].id)
    assert dlg.earlier.isVisibleTo(dlg) and "round 1" in dlg.earlier.text() and "3 answers" in dlg.earlier.text()
    w = np.array(list(people[0].rounds[0].weights.values()), dtype=float)
    pts = np.array([s.value() for s in dlg.pages.points], dtype=float)
    assert np.allclose(pts / pts.max(), w / w.max(), atol=0.01)
    dlg.choose(NEW)  # someone new always starts neutral... once nothing was typed
    assert not dlg.earlier.isVisibleTo(dlg) and neutral(dlg.pages)


def test_a_wrong_entry_is_corrected_by_reopening_it_with_a_confirmation(window, monkeypatch):
    people = two_rounds(window)
    window.workshop.set_round(1)
    panel = window.participants
    panel.select(people[2].id)
    asked = []
    monkeypatch.setattr(panel, "confirm", lambda title, text: asked.append(text) or False)
    panel.buttons["enter"].click()
    assert asked and "P3 has entered round 1 already" in asked[0] and panel.entry_dialog is None
    monkeypatch.setattr(panel, "confirm", lambda title, text: True)
    panel.buttons["enter"].click()
    dlg = panel.entry_dialog
    dlg.pages.show_method("swing")
    assert dlg.save()
    assert window.state.model.participants[2].round(1).method == "swing"


def test_hidden_views_and_entries_survive_a_crash(window, qtbot):
    n = window.state.compiled.n
    enter(window, None, "direct", answers_for("direct", n, 3))
    assert window.workshop.covered
    saver = window.autosaver
    file = saver.write_now()
    rec = read_recovery(file)
    assert rec.workshop == {"covered": True, "round": 1} and len(rec.work.participants) == 1
    saver.slot.lock.unlock()  # as a killed process leaves it
    saver.slot = None
    state = AnalysisState(load_model(window.state.path), window.state.path)
    again = MainWindow(state)
    again.ask_restore = lambda _p, _r: RESTORE
    try:
        assert again.offer_recovery() is not None
        assert again.workshop.covered and len(state.model.participants) == 1
        assert not again.act_undo.isEnabled()
    finally:
        again.autosaver.close()
        state.undo_stack.setClean()
        state.shutdown()
        again.deleteLater()
    assert isinstance(Autosaver, type)


def test_the_delphi_choice_is_a_workshop_menu_action(window):
    window.act_delphi.trigger()
    assert window.workshop.returning_start == "own"
    window.act_delphi.trigger()
    assert window.workshop.returning_start == "neutral"


def test_ahp_sliders_move_toward_the_key_say_the_ratio_and_keep_whole_names(window, qtbot):
    from PySide6.QtCore import Qt

    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    dlg.pages.show_method("ahp")
    dlg.show()
    s = dlg.pages.pairs[(0, 1)]
    s.setFocus()
    qtbot.keyClick(s, Qt.Key.Key_Left)  # toward the left criterion: it becomes more important
    assert s.value() == 1
    names = dlg.pages.names
    assert dlg.pages.ratio_labels[(0, 1)].text() == f"{names[0]}: 2 times as important as {names[1]}"
    qtbot.keyClick(s, Qt.Key.Key_Right)
    qtbot.keyClick(s, Qt.Key.Key_Right)
    assert s.value() == -1 and dlg.pages.ratio_labels[(0, 1)].text().startswith(f"{names[1]}: 2 times")
    from PySide6.QtWidgets import QLabel
    shown = {lab.text() for lab in dlg.pages.findChildren(QLabel)}
    assert set(names) <= shown  # no name cut
    dlg.pages.pairs[(0, 1)].setValue(0)
    dlg.reject()


def test_file_open_takes_the_new_files_latest_round(window, tmp_path):
    """Issue 22: File > Open kept the previous file's round (a started round 4 stayed on for a file with 2)."""
    from decision_app.core.loading import save_model

    two_rounds(window)  # rounds 1 and 2 (round 2 started, nobody in it)
    window.workshop.start_new_round()
    assert window.workshop.round == 3
    other = tmp_path / "other.json"
    model = window.state.model
    p = model.participants[0]
    entry = p.rounds[0].model_copy(update={"round": 2})
    save_model(model.model_copy(update={"participants": [p.model_copy(update={"rounds": [*p.rounds, entry]})]}),
               other)
    window.state.open(other)
    assert window.workshop.round == 2 and window.workshop.rounds() == [1, 2]


def test_the_roster_marks_someone_absent_for_the_round_in_one_undo_step(window):
    people = two_rounds(window)
    panel = window.participants
    panel.select(people[2].id)
    assert panel.buttons["absent"].isEnabled() and panel.buttons["absent"].text() == "Absent this round"
    panel.buttons["absent"].click()
    model = window.state.model
    assert model.participants[2].absent == [2]
    roster = panel.roster
    assert roster.data(roster.index(2, 2)) == "absent"
    assert panel.buttons["absent"].text() == "Present this round"
    window.state.undo_stack.undo()
    assert window.state.model.participants[2].absent is None


def _filled_form(model, codes, round_, tmp_path, name):
    """The printable form's workbook twin, filled in by hand: seeded points for each code."""
    import io as _io

    from openpyxl import load_workbook

    from decision_app.core.intake import form_workbook_bytes

    wb = load_workbook(_io.BytesIO(form_workbook_bytes(model, codes, [round_] * len(codes))))
    ws = wb["Points"]
    rng = np.random.default_rng(round_)
    for r in range(2, 2 + len(codes)):
        for c in range(3, 3 + len(model.criteria)):
            ws.cell(row=r, column=c).value = int(rng.integers(1, 100))
    path = tmp_path / name
    wb.save(path)
    return path


def test_two_rounds_five_participants_three_by_laptop_two_by_form(window, tmp_path):
    """The issue's 'done when': round 2 finds every returning participant (by the roster or by code on a form),
    nobody becomes P6 or P7, and the group view counts 5 of 5."""
    from decision_app.core.intake import intake_files
    from decision_app.core.loading import save_model

    n = window.state.compiled.n
    for k, name in enumerate(NAMES[:3]):
        enter(window, name, "direct", answers_for("direct", n, k))
    window.workshop.set_covered(False)
    path = tmp_path / "workshop.json"
    save_model(window.state.model, path)
    form = _filled_form(window.state.model, ["P4", "P5"], 1, tmp_path, "forms1.xlsx")
    save_model(intake_files(window.state.model, [form], str(path)).model, path)
    window.state.open(path)
    assert [p.code for p in window.state.model.participants] == ["P1", "P2", "P3", "P4", "P5"]
    window.workshop.start_new_round()
    for pid in [p.id for p in window.state.model.participants[:3]]:
        dlg = ParticipantEntryDialog(window.state, window, window.workshop)
        dlg.choose(pid)  # picked from the roster, never re-typed
        dlg.pages.show_method("ranking")
        assert dlg.save()
    window.workshop.set_covered(False)
    save_model(window.state.model, path)
    form2 = _filled_form(window.state.model, ["P4", "P5"], 2, tmp_path, "forms2.xlsx")
    done = intake_files(window.state.model, [form2], str(path))
    assert done.new_codes == () and [code for _, code in done.matched] == ["P4", "P5"]
    save_model(done.model, path)
    window.state.open(path)
    window.workshop.set_round(2)
    model = window.state.model
    assert [p.code for p in model.participants] == ["P1", "P2", "P3", "P4", "P5"]
    assert all([r.round for r in p.rounds] == [1, 2] for p in model.participants)
    window.focus_view("group")
    window.group.update_data()
    assert "5 of 5 have entered round 2" in window.group.answer.text()
    assert window.group.group.participant_ids == tuple(p.id for p in model.participants)
