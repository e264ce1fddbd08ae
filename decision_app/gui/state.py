"""AnalysisState: the Qt adapter between the document and the widgets.

The document is a core model (`model`) and a core analysis specification (`spec`: method and VIKOR's v,
weights and profile, uncertainty settings, slides, the workshop's rule and round; `core.document`). This
object adds only what needs Qt: the undo stack that changes them, the worker that runs SMAA on the same core
function as the command line (`uncertainty_worker`), and signals. After each change it asks the core for the
figures the views show, a `Snapshot` (`results`), which also holds the last uncertainty result: the one place
it lives (`smaa` reads it there). Widgets read the accessors below and listen to the signals; they never talk
to each other. "Modified" compares documents (`document.Baseline`): the model's content and the
specification, with the ones last opened or saved. The undoable edits are `state_edits.Edits`, a mixin; the
file side (open, reload, restore, save, and whether the document is modified) is `state_files.Files`, another.

The slider path (`set_weight` -> `_apply` -> `recompute`) validates nothing: new weights in a new frozen
specification, then a few matrix-vector products on arrays compiled once per structural edit.

Signals:
    sig_document_changed(): another document replaced this one (opened, new); sent first, so a view drops
        what it holds for the old one (typing not yet applied).
    sig_model_changed(): the model's content or structure changed (the matrix and lists reload).
    sig_participants_changed(): only the workshop's participants changed; the analysis stands as it was.
    sig_weights_changed(): new working weights or locks.
    sig_method_changed(str): the aggregation method.
    sig_results_changed(): `results` is new (scores, ranks, contributions, ranges, sweep, tipping points).
    sig_selection_changed(int, int): the selected option and criterion (-1 for none).
    sig_smaa_changed(): `results` holds a new uncertainty result.
    sig_smaa_running(bool): a SMAA run started or finished.
    sig_smaa_settings_changed(): the uncertainty settings are new (a run with them is scheduled).
    sig_slides_changed(): the presentation's arrangement is new.
    sig_group_changed(): the workshop's combining rule or reported round is new.
    sig_file_changed(): the file path or the unsaved-changes flag changed.
    sig_status(str): a short message about what just happened (emitted by `notify`).
    sig_answer_changed(): `answer` is new (the verdict and what would change it, for the current state), or
        the state moved on and the one kept is no longer current (`answer_is_current`).
    sig_focus_requested(str): a view asks for a cell ("cell", selected) or a weight's slider ("weight", the
        selected criterion; "objective", the objective `focus_objective`) to be brought to the front; the window
        raises its dock.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack

from decision_app.core.answer import Answer
from decision_app.core.compiled import CompiledModel, compile_model
from decision_app.core.document import AnalysisSpec, file_digest, spec_analysis, spec_snapshot
from decision_app.core.methods import METHODS
from decision_app.core.schema import DecisionModel
from decision_app.core.smaa import SmaaResult
from decision_app.core.snapshot import Snapshot, Uncertainty, UncertaintySettings, decisive_criterion
from decision_app.core.tree import build_tree
from decision_app.gui.answer_worker import AnswerWorker
from decision_app.gui.state_edits import Edits
from decision_app.gui.state_files import Files
from decision_app.gui.uncertainty_worker import UncertaintyWorker

Results = Snapshot  # what the views read as `state.results`
SmaaSettings = UncertaintySettings


class AnalysisState(QObject, Edits, Files):
    sig_document_changed = Signal()
    sig_model_changed = Signal()
    sig_participants_changed = Signal()
    sig_weights_changed = Signal()
    sig_method_changed = Signal(str)
    sig_results_changed = Signal()
    sig_selection_changed = Signal(int, int)
    sig_smaa_changed = Signal()
    sig_smaa_running = Signal(bool)
    sig_smaa_settings_changed = Signal()
    sig_slides_changed = Signal()
    sig_group_changed = Signal()
    sig_file_changed = Signal()
    sig_status = Signal(str)
    sig_answer_changed = Signal()
    sig_focus_requested = Signal(str)

    def __init__(self, model: DecisionModel, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._refresh_dirty)
        self.results: Results | None = None
        self.selected_option = self.selected_criterion = 0
        self.focus_objective: str | None = None  # the objective whose slider a view last asked for
        self._drag = 0
        self.uncertainty_worker = UncertaintyWorker(self._smaa_inputs, self)
        self.uncertainty_worker.sig_result.connect(self._smaa_result)
        self.uncertainty_worker.sig_failed.connect(self._uncertainty_failed)
        self.uncertainty_worker.sig_running.connect(self._smaa_running)
        self.answer: Answer | None = None  # the last answer computed (`answer_is_current` says whether it still is)
        self._answer_for: tuple[CompiledModel, AnalysisSpec] | None = None
        self.no_answer = ""  # why the current state has no verdict (the uncertainty run failed), "" otherwise
        self.answer_worker = AnswerWorker(self)
        self.answer_worker.sig_answer.connect(self._answer_arrived)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._set_document(model, AnalysisSpec.from_model(model), path, file_digest(path) if path else None)

    # --- accessors --------------------------------------------------------------------------------------

    @property
    def smaa(self) -> SmaaResult | None:
        """The last uncertainty result (kept on `results` until the next arrives)."""
        u = self.results.uncertainty if self.results is not None else None
        return u.result if u is not None else None

    def notify(self, text: str) -> None:
        """A short message about what just happened, for the status bar (the only emitter of sig_status)."""
        self.sig_status.emit(text)

    # --- the document -------------------------------------------------------------------------------------

    def _set_document(self, model: DecisionModel, spec: AnalysisSpec, path: str | Path | None,
                      digest: str | None) -> None:
        """A new document, from `path` (None: not saved yet) whose bytes had `digest`; no undo history."""
        self.path = Path(path) if path else None
        self.disk_digest = digest if self.path else None
        self.answer = self._answer_for = None  # the banner never says "Before:" with another file's verdict
        self.no_answer = ""
        self.answer_worker.forget()
        self._put(model, spec, keep_selection=False)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._mark_saved()
        self.sig_document_changed.emit()  # first: typing not yet applied belongs to the old document
        self._announce()

    def _put(self, model: DecisionModel, spec: AnalysisSpec, keep_selection: bool) -> None:
        self.model, self.spec = model, spec
        self._compile()
        self.locks = np.zeros(self.compiled.n, dtype=bool)
        self.node_locks = np.zeros(self.tree.n_nodes, dtype=bool)
        self._clamp_selection(keep_selection)
        self.results = None  # no uncertainty result of another document
        self._compute_results()  # before the views rebuild, so they never see results of another shape

    def _announce(self) -> None:
        """Every view reloads: the document as a whole is new."""
        for sig in (self.sig_model_changed, self.sig_weights_changed, self.sig_results_changed):
            sig.emit()
        self.sig_method_changed.emit(self.method)
        self.schedule_smaa()
        for sig in (self.sig_file_changed, self.sig_smaa_changed, self.sig_smaa_settings_changed,
                    self.sig_slides_changed, self.sig_group_changed):
            sig.emit()

    def _compile(self) -> None:
        self.compiled: CompiledModel = compile_model(self.model)
        self.tree = build_tree(self.model)  # the value tree's arrays (`core.tree`), once per structural edit
        self.analysis = spec_analysis(self.compiled, self.spec)  # caches each method's preparation

    def _clamp_selection(self, keep: bool) -> None:
        """Keep the selection within the model; a new document opens on its first option and on the criterion
        whose tipping point is nearest (the Sensitivity view's)."""
        if keep:
            self.selected_option = min(self.selected_option, self.compiled.m - 1)
            self.selected_criterion = min(self.selected_criterion, self.compiled.n - 1)
        else:
            self.selected_option = 0
            self.selected_criterion = decisive_criterion(self.analysis, self.method, self.weights)[0]

    # --- computation ----------------------------------------------------------------------------------

    def recompute(self, schedule_smaa: bool = True) -> None:
        self._compute_results()
        self.sig_results_changed.emit()
        if schedule_smaa:
            self.schedule_smaa()

    def _compute_results(self) -> None:
        """`results` for the current state: the cheap figures from the core, per move. The last uncertainty
        result stays on them until the next arrives (`Snapshot.uncertainty_is_current` tells whose it is)."""
        prev = self.results
        kept = prev.uncertainty if prev is not None else None
        if kept is not None and kept.result.acceptability.shape[0] != self.compiled.m:
            kept = None
        snap = spec_snapshot(self.analysis, self.spec, sweep_criterion=self.selected_criterion, display_fallback=True,
                             uncertainty=kept)
        if snap.unavailable is not None and (prev is None or prev.unavailable != snap.unavailable):
            self.notify(f"{METHODS[self.method].label} cannot rank this model ({snap.unavailable}); "
                        f"showing the {METHODS[snap.method].in_sentence} until it can")
        self.results = snap

    def _smaa_inputs(self) -> tuple[CompiledModel, AnalysisSpec]:
        """What the worker analyses when a run starts: the document as it is then, with the method shown."""
        shown = self.results.method if self.results is not None else self.method  # a display fallback too
        return self.compiled, self.spec if shown == self.method else self.spec.replace(method=shown)

    def schedule_smaa(self, now: bool = False) -> None:
        self.uncertainty_worker.schedule(now)

    def _smaa_result(self, result: Uncertainty) -> None:
        if self.results is not None and result.compiled is self.compiled:
            self.no_answer = ""
            self.results = self.results.with_uncertainty(result)
            self.sig_smaa_changed.emit()
            if self.results.uncertainty_is_current():
                spec = self.spec if result.method == self.method else self.spec.replace(method=result.method)
                self._answer_for = (self.compiled, spec)
                self.answer_worker.request(self.model, self.compiled, spec, result)

    def _uncertainty_failed(self, message: str) -> None:
        """No verdict for these settings (an empty weight region, say): said in the status bar and in place of
        the verdict, never the previous settings' verdict kept as if it still held."""
        self.notify(message)
        self.answer = self._answer_for = None
        self.no_answer = message.removeprefix("Uncertainty analysis failed: ")
        self.sig_answer_changed.emit()

    def _answer_arrived(self, answer: Answer | None) -> None:
        self.answer = answer
        self.sig_answer_changed.emit()

    def answer_is_current(self) -> bool:
        """Is `answer` the current state's (model, method, weights and settings), not a previous one's?"""
        if self.answer is None or self._answer_for is None or self.results is None:
            return False
        compiled, spec = self._answer_for
        return compiled is self.compiled and spec.replace(method=self.results.method) == self.spec.replace(
            method=self.results.method) and spec.method == self.results.method

    def request_focus(self, kind: str, option: int | None, criterion: int, objective: str | None = None) -> None:
        """Select a cell ("cell"), a criterion ("weight") or, with `objective`, an objective's slider ("objective";
        `criterion` is one of its criteria, selected) and ask the window to bring its view forward."""
        self.focus_objective = objective
        self.select(option, criterion)
        self.sig_focus_requested.emit(kind)

    def wait_for_answer(self, msecs: int = 10_000) -> bool:
        """Block until the uncertainty and the answer for the current state are in (tests, self-test)."""
        return self.wait_for_smaa(msecs) and self.answer_worker.wait(msecs)

    def _smaa_running(self, running: bool) -> None:
        self.sig_smaa_running.emit(running)

    def shutdown(self) -> None:
        """Stop scheduling and let a running SMAA job finish, so nothing runs while Qt tears down."""
        self.uncertainty_worker.shutdown()
        self.answer_worker.shutdown()

    def wait_for_smaa(self, msecs: int = 10_000) -> bool:
        """Block until the worker is idle, the latest request's result in (tests, self-test, brief export)."""
        return self.uncertainty_worker.wait(msecs)
