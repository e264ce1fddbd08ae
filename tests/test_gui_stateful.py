"""The window under random sequences of edits: a hypothesis state machine (issue 14, item 7).

One real main window per start file, offscreen. Each example opens a fresh copy of the file, then takes random
steps through the paths the window's own controls take: the evidence pane and the matrix cell for scores,
ranges, bases and rationales; the sliders (one drag) and spin boxes for weights, with locks; the profile box
and Reset; the method box and menu; the uncertainty settings row; the participants panel and the entry
dialog; Undo, Redo, Save, Save As and reopening. After every step it checks that

- what Save would write validates, reads back to the same model, and reopens to the same analysis;
- the ranking chart (bars, order, contributions, whiskers, labels) and the sensitivity chart (curves, marker,
  tipping points) show what `take_snapshot` computes afresh from the model, and the controls show the
  state's weights, locks, method and profile;
- "unsaved changes" holds exactly when what Save would write differs from the file on disk;

and, when each example ends, that undoing every step and saving gives the opened file byte for byte.

`make test` runs a short, derandomised run; `make fuzz` (or DECISION_DESK_FUZZ=long, or a HYPOTHESIS_PROFILE) a
long, random one; DECISION_DESK_FUZZ_EXAMPLES and DECISION_DESK_FUZZ_STEPS set the counts.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from fuzzing import FUZZ_EXAMPLES, RUNS, TAKEN
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog
from pytestqt.exceptions import capture_exceptions, format_captured_exceptions

from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.loading import dump_model, load_model, parse_model_json
from decision_app.core.methods import METHOD_NAMES, METHODS
from decision_app.core.schema import BASES, SAMPLES_MIN, SEED_MAX, check_model
from decision_app.core.snapshot import take_snapshot
from decision_app.gui.charts.sensitivity import HIGHLIGHT, MANY, tipping_label
from decision_app.gui.elicit_dialog import ElicitDialog
from decision_app.gui.main_window import DISCARD, SAVE, MainWindow
from decision_app.gui.panels.weights import SLIDER_STEPS
from decision_app.gui.participant_entry import ParticipantEntryDialog
from decision_app.gui.presentation.arrange import ArrangeSlidesDialog
from decision_app.gui.state import AnalysisState
from decision_app.gui.structure_edits import CRITERION_EDITS, DIRECTIONS, OPTION_EDITS, PROFILE_EDITS
from decision_app.gui.uncertainty_settings import SCORE_MODES, WEIGHT_MODES

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# The start files: the realistic model (the frozen first default model), a fixture, and a small model with a
# session (method, profile, weights), which the test writes as this version saves it (its fixture is an old
# version, migrated on opening).
SOURCES = {"ending-the-war": FIXTURES / "recalibrated-twelve-options.json", "eight-criteria": FIXTURES / "eight-criteria.json",
           "small-with-session": FIXTURES / "v1-small-with-session.json"}
SHORT_EXAMPLES, SHORT_STEPS = 8, 22  # per start file: the whole test stays under about 40 s
LONG_EXAMPLES, LONG_STEPS = 100, 50  # per start file: about 15,000 steps, some 15 minutes on two cores
TARGET = "window (state machine steps)"  # in the table of inputs run that `make fuzz` prints


def long_run() -> bool:
    """`make fuzz` (the fuzz profile), DECISION_DESK_FUZZ=long or a HYPOTHESIS_PROFILE ask for a long run."""
    return (os.environ.get("DECISION_DESK_FUZZ") == "long" or "HYPOTHESIS_PROFILE" in os.environ
            or settings.default.max_examples >= FUZZ_EXAMPLES)


def machine_settings() -> settings:
    """Short and derandomised for `make test`; long and random otherwise. A window step costs a thousand CLI
    inputs, so a long run takes its own count, not the fuzz profile's; DECISION_DESK_FUZZ_EXAMPLES and
    DECISION_DESK_FUZZ_STEPS set the counts."""
    examples = os.environ.get("DECISION_DESK_FUZZ_EXAMPLES")
    steps = os.environ.get("DECISION_DESK_FUZZ_STEPS")
    slow = [HealthCheck.too_slow, HealthCheck.data_too_large]
    if not long_run():
        return settings(max_examples=int(examples or SHORT_EXAMPLES), stateful_step_count=int(steps or SHORT_STEPS),
                        deadline=None, derandomize=True, database=None, suppress_health_check=slow)
    return settings(max_examples=int(examples or LONG_EXAMPLES), stateful_step_count=int(steps or LONG_STEPS),
                    deadline=None, derandomize=False, suppress_health_check=slow)


@contextmanager
def no_slot_errors():
    """An exception in a slot (Qt swallows it into sys.excepthook) fails the step that raised it."""
    with capture_exceptions() as errors:
        yield
        settle()
    assert not errors, format_captured_exceptions(errors)


def settle() -> None:
    """What a turn of the event loop brings: the charts' refresh (one per turn), and the deletion of what was
    deleted later (a rebuilt panel's old rows), which processEvents alone leaves for a loop that never runs
    here: thousands of stale widgets would pile up over a long run and make each paint slower."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


INDEX = st.integers(min_value=0, max_value=63)  # taken modulo the number of options, criteria, ...
SHARE = st.floats(min_value=-0.25, max_value=1.25)  # of a criterion's scale: the spin boxes clamp what is outside
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
NAME = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)


def window_machine(win: MainWindow, folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> type:
    state = win.state
    counter = iter(range(10**9))
    errors_shown: list[str] = []
    answer = {"unsaved": DISCARD, "save_as": "", "text": "", "direction": DIRECTIONS[0]}
    win.ask_save_changes = lambda: answer["unsaved"]
    win.show_error = lambda title, exc: errors_shown.append(f"{title}: {exc}")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (answer["save_as"], "")))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (answer["text"], True)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (answer["direction"], True)))
    for module in ("decision_app.gui.panels.participants", "decision_app.gui.participant_entry"):
        monkeypatch.setattr(f"{module}.show_error", lambda _parent, title, exc: errors_shown.append(f"{title}: {exc}"))
    panel = win.participants
    panel.confirm = lambda *_a: True
    state.uncertainty_worker.set_delay(60_000)  # no run per step; a settings change still runs at once

    class WindowMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.folder = folder / f"example-{next(counter)}"
            self.folder.mkdir()
            path = self.folder / "model.json"
            shutil.copyfile(source, path)
            answer["unsaved"] = DISCARD
            errors_shown.clear()
            with no_slot_errors():
                assert win.open_path(path), errors_shown
            self.opened = path.read_bytes()  # what undoing every step must give back
            assert not win.matrix.evidence.pending  # nothing typed for another document shows in this one

        # --- the evidence pane and the matrix ---------------------------------------------------------

        def _select(self, i: int, j: int) -> tuple[int, int]:
            c = state.compiled
            i, j = i % c.m, j % c.n
            win.matrix.table.setCurrentIndex(win.matrix.model.index(i, j))  # as a click in the matrix does
            return i, j

        def _span(self, j: int) -> tuple[float, float]:
            crit = state.model.criteria[j]
            if crit.scale is not None:
                return crit.scale.min, crit.scale.max
            c = state.compiled
            return float(c.low[:, j].min()) - 1.0, float(c.high[:, j].max()) + 1.0

        @rule(i=INDEX, j=INDEX, value=st.none() | SHARE, low=st.none() | SHARE, high=st.none() | SHARE,
              apply=st.booleans())
        def edit_score(self, i, j, value, low, high, apply):
            """Type a value and/or range in the evidence pane; Apply, or leave it typed (a later cell move or
            Save applies it)."""
            with no_slot_errors():
                i, j = self._select(i, j)
                a, b = self._span(j)
                pane = win.matrix.evidence
                for spin, share in ((pane.value, value), (pane.low, low), (pane.high, high)):
                    if share is not None:
                        spin.setValue(a + share * (b - a))
                if apply:
                    pane.apply.click()

        @rule(i=INDEX, j=INDEX, text=TEXT, apply=st.booleans())
        def edit_rationale(self, i, j, text, apply):
            with no_slot_errors():
                self._select(i, j)
                pane = win.matrix.evidence
                pane.rationale.setPlainText(text)
                if apply:
                    pane.apply.click()

        @rule(i=INDEX, j=INDEX, basis=st.sampled_from(BASES))
        def edit_basis(self, i, j, basis):
            with no_slot_errors():
                self._select(i, j)
                pane = win.matrix.evidence
                pane.basis.setCurrentIndex(pane.basis.findData(basis))
                pane.apply.click()

        @rule(i=INDEX, j=INDEX, share=SHARE, typed=st.sampled_from(["{:g}", "{:.3e}", "{:.2f}", "x{:g}"]),
              comma=st.booleans())
        def edit_cell(self, i, j, share, typed, comma):
            """Text typed into a matrix cell (the table's editor hands it to the model): a number, with a
            decimal comma, or not a number."""
            with no_slot_errors():
                i, j = self._select(i, j)
                a, b = self._span(j)
                text = typed.format(a + share * (b - a))
                win.matrix.model.setData(win.matrix.model.index(i, j), text.replace(".", ",") if comma else text)

        @rule(i=INDEX, j=INDEX, action=st.sampled_from(["add", "edit", "remove"]), row=INDEX, source=INDEX,
              quote=TEXT, apply=st.booleans())
        def edit_quotes(self, i, j, action, row, source, quote, apply):
            """Add a quote, change one's passage and source, or remove one, in the evidence pane's table."""
            with no_slot_errors():
                self._select(i, j)
                pane = win.matrix.evidence
                table = pane.citations
                if action == "add":
                    pane.add_quote.click()
                if not table.rowCount():
                    return
                row %= table.rowCount()
                if action == "remove":
                    table.setCurrentCell(row, 1)
                    pane.remove_quote.click()
                else:
                    table.item(row, 1).setText(quote)
                    combo = table.cellWidget(row, 0)
                    if combo.count():
                        combo.setCurrentIndex(source % combo.count())
                if apply:
                    pane.apply.click()

        @precondition(lambda self: state.compiled.m < 20 and state.compiled.n < 14)
        @rule(spec=st.sampled_from(OPTION_EDITS + CRITERION_EDITS + PROFILE_EDITS), i=INDEX, j=INDEX, name=NAME,
              direction=st.sampled_from(DIRECTIONS))
        def edit_structure(self, spec, i, j, name, direction):
            """An Edit-menu entry on the selected option or criterion (or the active profile)."""
            answer["text"], answer["direction"] = name, direction
            with no_slot_errors():
                self._select(i, j)
                win.edit_actions[spec.key].trigger()

        @rule(name=NAME)
        def save_weights_as_profile(self, name):
            answer["text"] = name
            with no_slot_errors():
                win.weights.save_btn.click()

        # --- weights, profile and method ----------------------------------------------------------------

        @rule(k=INDEX, steps=st.lists(st.integers(0, SLIDER_STEPS), min_size=1, max_size=4))
        def drag_slider(self, k, steps):
            with no_slot_errors():
                slider = win.weights.rows[k % state.compiled.n][0]
                if not slider.isEnabled():  # locked: it cannot be grabbed
                    return
                slider.sliderPressed.emit()
                for v in steps:
                    slider.setValue(v)
                slider.sliderReleased.emit()

        @rule(k=INDEX, percent=st.floats(0.0, 100.0))
        def type_weight(self, k, percent):
            with no_slot_errors():
                spin = win.weights.rows[k % state.compiled.n][1]
                if spin.isEnabled():
                    spin.setValue(percent)

        @rule(k=INDEX, on=st.booleans())
        def lock(self, k, on):
            with no_slot_errors():
                win.weights.rows[k % state.compiled.n][2].setChecked(on)

        @rule(index=INDEX)
        def choose_profile(self, index):
            with no_slot_errors():
                box = win.weights.profile
                index %= box.count()
                box.setCurrentIndex(index)
                box.activated.emit(index)

        @rule()
        def reset_to_profile(self):
            with no_slot_errors():
                win.weights.reset_btn.click()

        @rule(method=st.sampled_from(METHOD_NAMES), via_menu=st.booleans())
        def choose_method(self, method, via_menu):
            with no_slot_errors():
                if via_menu:
                    win.method_actions[method].trigger()
                else:
                    box = win.weights.method
                    index = box.findData(method)
                    box.setCurrentIndex(index)
                    box.activated.emit(index)

        @rule(ranks=st.lists(st.integers(1, 16), min_size=16, max_size=16))
        def elicit_weights(self, ranks):
            """Weights from a ranking of the criteria, through Analysis > Elicit weights."""
            with no_slot_errors():
                dialog = ElicitDialog(state, win)
                dialog.tabs.show_method("ranking")
                for spin, r in zip(dialog.ranks, ranks, strict=False):
                    spin.setValue(r)
                dialog.apply()
                dialog.deleteLater()

        @rule(moves=st.lists(st.tuples(INDEX, st.sampled_from([-1, 1])), max_size=4), hide=st.lists(INDEX, max_size=3),
              restore=st.booleans())
        def arrange_slides(self, moves, hide, restore):
            """View > Arrange slides: move some, untick some (or restore the defaults), OK."""
            with no_slot_errors():
                dialog = ArrangeSlidesDialog(state, win)
                if restore:
                    dialog.restore_defaults()
                rows = dialog.list.count()
                for row, step in moves:
                    dialog.list.setCurrentRow(row % rows)
                    dialog.move_slide(step)
                for row in hide:
                    dialog.list.item(row % rows).setCheckState(Qt.CheckState.Unchecked)
                dialog.accept()
                dialog.deleteLater()

        # --- uncertainty settings ---------------------------------------------------------------------

        @rule(samples=st.sampled_from([SAMPLES_MIN, 300, 1000]))
        def set_samples(self, samples):
            with no_slot_errors():
                row = win.uncertainty.settings_row
                row.samples.setValue(samples)
                row.samples.editingFinished.emit()

        @rule(seed=st.integers(0, SEED_MAX))
        def set_seed(self, seed):
            with no_slot_errors():
                row = win.uncertainty.settings_row
                row.seed.setValue(seed)
                row.seed.editingFinished.emit()

        @rule(spread=st.floats(0.0, 1.0))
        def set_spread(self, spread):
            with no_slot_errors():
                row = win.uncertainty.settings_row
                if row.spread.isEnabled():
                    row.spread.setValue(spread)
                    row.spread.editingFinished.emit()

        @rule(weights=st.sampled_from([k for k, _ in WEIGHT_MODES]) | st.none(),
              scores=st.sampled_from([k for k, _ in SCORE_MODES]) | st.none())
        def set_modes(self, weights, scores):
            with no_slot_errors():
                row = win.uncertainty.settings_row
                for box, key in ((row.weights_mode, weights), (row.scores_mode, scores)):
                    if key is not None:
                        index = box.findData(key)
                        box.setCurrentIndex(index)
                        box.activated.emit(index)

        # --- participants and rounds --------------------------------------------------------------------

        @rule(name=NAME)
        def add_participant(self, name):
            with no_slot_errors():
                panel.ask_text = lambda *_a, **_k: name
                panel.buttons["add"].click()

        @precondition(lambda self: bool(state.model.participants))
        @rule(row=INDEX, action=st.sampled_from(["rename", "note", "remove"]), text=NAME)
        def edit_participant(self, row, action, text):
            with no_slot_errors():
                panel.table.selectRow(row % len(state.model.participants))
                panel.ask_text = lambda *_a, **_k: text
                panel.buttons[action].click()

        @precondition(lambda self: bool(state.model.participants))
        @rule(row=INDEX, points=st.lists(st.integers(0, 100), min_size=16, max_size=16))
        def enter_round(self, row, points):
            """A participant's weights for the current round, as direct points, through the entry dialog."""
            with no_slot_errors():
                pid = state.model.participants[row % len(state.model.participants)].id
                dialog = ParticipantEntryDialog(state, win, win.workshop, pid)
                dialog.pages.show_method("direct")
                for spin, v in zip(dialog.pages.points, points, strict=False):
                    spin.setValue(v)
                dialog.save()
                win.workshop.set_covered(False)
                dialog.deleteLater()

        @rule()
        def new_round(self):
            with no_slot_errors():
                panel.new_round_button.click()

        # --- undo, redo, files ----------------------------------------------------------------------------

        @rule()
        def undo(self):
            with no_slot_errors():
                if win.act_undo.isEnabled():
                    win.act_undo.trigger()

        @rule()
        def redo(self):
            with no_slot_errors():
                if win.act_redo.isEnabled():
                    win.act_redo.trigger()

        @rule()
        def save(self):
            with no_slot_errors():
                assert win.file_save(), errors_shown

        @rule(suffix=st.booleans())
        def save_as(self, suffix):
            answer["save_as"] = str(self.folder / f"saved-{next(counter)}{'.json' if suffix else ''}")
            with no_slot_errors():
                assert win.file_save_as(), errors_shown
            assert state.path == Path(answer["save_as"]).with_suffix(".json")

        @rule(keep=st.booleans())
        def reopen(self, keep):
            """Open the current file again; unsaved changes are saved first or discarded."""
            answer["unsaved"] = SAVE if keep else DISCARD
            with no_slot_errors():
                assert win.open_path(state.path), errors_shown
            assert not state.undo_stack.canUndo() and not state.dirty
            assert not win.matrix.evidence.pending
            self.opened = state.path.read_bytes()

        # --- checks -------------------------------------------------------------------------------------

        @invariant()
        def consistent(self):
            settle()
            saved = state.model_for_save()
            data = dump_model(saved)
            again = parse_model_json(data, "the saved form")
            self.check_saved_form(saved, data, again)
            self.check_charts(again)
            self.check_controls()
            self.check_unsaved(data)
            RUNS[TARGET] += 1
            TAKEN[TARGET] += 1  # a step the window took with every check passing

        def check_saved_form(self, saved, data, again):
            """What Save would write validates, reads back the same, and reopens to the same analysis."""
            assert again == saved  # (the bytes are compared when the example ends)
            assert check_model(state.model) == []
            reopened = AnalysisState(again)
            try:
                np.testing.assert_allclose(reopened.weights, state.weights, rtol=0, atol=1e-9)
                assert reopened.profile_id == state.profile_id
                assert reopened.method == state.method
                assert reopened.smaa_settings == state.smaa_settings
                assert reopened.slides == state.slides
            finally:
                reopened.shutdown()
                shiboken6.delete(reopened)  # now: one a step, and each is connected to the application

        def check_charts(self, model):
            """The ranking and sensitivity charts hold the engine's figures for the model as saved."""
            fresh = take_snapshot(Analysis(compile_model(model)), state.method, state.weights,
                                  profile_id=state.profile_id, sweep_criterion=state.selected_criterion,
                                  display_fallback=True)
            c = state.compiled
            rank = win.ranking
            np.testing.assert_allclose(rank.bar_lengths(), fresh.scores, rtol=0, atol=1e-12)
            assert list(np.argsort(-rank.row_positions(), kind="stable")) == list(fresh.order)
            assert rank.value_labels() == [f"{s:.3f}" for s in fresh.scores]
            assert max(rank.tick_labels())[1].startswith(f"{fresh.ranks[fresh.order[0]]}. ")
            assert rank.axis_label("bottom").startswith(METHODS[fresh.method].score_label)
            drawn = rank.drawn_contributions()
            if fresh.contributions is None:
                assert drawn is None
            else:
                np.testing.assert_allclose(drawn, fresh.contributions, rtol=0, atol=1e-12)
            ranges, whiskers = rank.drawn_ranges(), state.results.whiskers()  # a band needs the current draws
            assert (ranges is None) == (whiskers is None)
            if ranges is not None and whiskers is not None:
                np.testing.assert_allclose(ranges[0], whiskers.low, rtol=0, atol=1e-12)
                np.testing.assert_allclose(ranges[1], whiskers.high, rtol=0, atol=1e-12)
            sens = win.sensitivity
            k = fresh.sweep_criterion
            assert sens.criterion.currentIndex() == k
            assert sens.marker_weight() == pytest.approx(float(fresh.weights[k]), abs=1e-12)
            coloured = set(fresh.order[:HIGHLIGHT].tolist()) if c.m > MANY else set(range(c.m))
            for i in range(c.m):
                line = sens.curve_data(i)
                assert (line is not None) == (i in coloured)
                if line is not None:
                    np.testing.assert_allclose(line[0], fresh.sweep_t, rtol=0, atol=1e-12)
                    np.testing.assert_allclose(line[1], fresh.sweep_scores[:, i], rtol=0, atol=1e-12)
            assert sens.tipping_texts() == [tipping_label(tp.weight, c.option_labels[tp.after]) for tp in fresh.tipping]
            if state.smaa is not None and state.smaa.acceptability.shape[0] == c.m:
                np.testing.assert_allclose(win.uncertainty.shares(), state.smaa.acceptability)

        def check_controls(self):
            """The weights panel, the method menu, the matrix and the evidence pane show the state."""
            w = state.weights
            assert np.all(w >= 0) and w.sum() == pytest.approx(1.0, abs=1e-12)
            for k, (slider, spin, lock, _name) in enumerate(win.weights.rows):
                assert slider.value() == round(w[k] * SLIDER_STEPS)
                assert spin.value() == pytest.approx(round(w[k] * 100, 1))
                assert lock.isChecked() == bool(state.locks[k])
            assert win.weights.method.currentData() == state.method
            assert [name for name, act in win.method_actions.items() if act.isChecked()] == [state.method]
            assert win.weights.profile.currentData() == state.profile_id
            pane = win.matrix.evidence
            score = state.model.options[state.selected_option].scores[state.compiled.criterion_ids[state.selected_criterion]]
            if "rationale" not in pane.pending:
                assert pane.rationale.toPlainText() == score.rationale
            if "value" not in pane.pending:
                assert pane.value.value() == pytest.approx(score.value, abs=5e-4)
            current = win.matrix.table.currentIndex()
            assert (current.row(), current.column()) == (state.selected_option, state.selected_criterion)

        def check_unsaved(self, data):
            """'Unsaved changes' is exactly: Save would write something other than the file on disk."""
            assert state.dirty == (data != state.path.read_bytes())
            assert win.isWindowModified() == state.dirty
            if state.undo_stack.isClean():
                assert not state.dirty

        def teardown(self):
            """Undo every step (what is still typed is applied first, as Save would) and save: the opened file
            comes back byte for byte. First the window paints once: the steps run with painting off (a paint
            of the whole window costs more than a step), so what is drawn is the last state's."""
            with no_slot_errors():
                win.setUpdatesEnabled(True)
                win.repaint()
                win.setUpdatesEnabled(False)
                win.commit_typing()
                while win.act_undo.isEnabled():
                    win.act_undo.trigger()
            self.check_unsaved(dump_model(state.model_for_save()))
            target = self.folder / "everything-undone.json"
            state.save(target)
            assert target.read_bytes() == self.opened

    return WindowMachine


# A failing run shrinks its example for up to a few minutes before it reports; a long run takes what it takes.
@pytest.mark.timeout(0 if long_run() else 900)
@pytest.mark.parametrize("source", list(SOURCES))
def test_random_edits_keep_the_window_consistent(source, qtbot, tmp_path, monkeypatch):
    start = tmp_path / f"{source}.json"
    start.write_bytes(dump_model(load_model(SOURCES[source])))
    assert start.read_bytes() == SOURCES[source].read_bytes() or source == "small-with-session"
    first = tmp_path / "first.json"
    shutil.copyfile(start, first)
    state = AnalysisState(load_model(first), first)
    win = MainWindow(state)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.setUpdatesEnabled(False)  # each example paints once, when it ends
    try:
        run_state_machine_as_test(window_machine(win, tmp_path, start, monkeypatch),
                                  settings=machine_settings())
    finally:
        state.undo_stack.setClean()
        win.ask_save_changes = lambda: DISCARD
        win.close()
        state.shutdown()
        win.deleteLater()
