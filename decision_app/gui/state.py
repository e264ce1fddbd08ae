"""AnalysisState: the Qt adapter between the document and the widgets.

The document is a core model (`model`) and a core analysis specification (`spec`: method and VIKOR's v,
weights and profile, uncertainty settings, slides, the workshop's rule and round; `core.document`). This
object adds only what needs Qt: the undo stack that changes them, the worker that runs SMAA on the same core
function as the command line (`uncertainty_worker`), and signals. After each change it asks the core for the
figures the views show, a `Snapshot` (`results`), which also holds the last uncertainty result: the one place
it lives (`smaa` reads it there). Widgets read the accessors below and listen to the signals; they never talk
to each other. "Modified" compares documents (`document.Baseline`): the model's content and the
specification, with the ones last opened or saved. The undoable edits are `state_edits.Edits`, a mixin.

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
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack

from decision_app.app_log import logger
from decision_app.core.compiled import CompiledModel, compile_model
from decision_app.core.document import (
    AnalysisSpec,
    Baseline,
    ReadDocument,
    file_digest,
    model_with_spec,
    read_document,
    spec_analysis,
    spec_snapshot,
    write_document,
)
from decision_app.core.errors import InputError
from decision_app.core.methods import METHODS
from decision_app.core.schema import DecisionModel
from decision_app.core.smaa import SmaaResult
from decision_app.core.snapshot import Snapshot, Uncertainty, UncertaintySettings, decisive_criterion
from decision_app.core.tables import CsvDialect
from decision_app.gui.commands import SetValueCommand
from decision_app.gui.state_edits import Edits
from decision_app.gui.uncertainty_worker import UncertaintyWorker

Results = Snapshot  # what the views read as `state.results`
SmaaSettings = UncertaintySettings


class AnalysisState(QObject, Edits):
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

    def __init__(self, model: DecisionModel, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._refresh_dirty)
        self._saved: Baseline | None = None  # the document last opened or saved
        self._dirty = False
        self.csv_dialect: CsvDialect | None = None  # how the .csv this session opened was written
        self.results: Results | None = None
        self.selected_option = self.selected_criterion = 0
        self._drag = 0
        self.uncertainty_worker = UncertaintyWorker(self._smaa_inputs, self)
        self.uncertainty_worker.sig_result.connect(self._smaa_result)
        self.uncertainty_worker.sig_failed.connect(self.notify)
        self.uncertainty_worker.sig_running.connect(self._smaa_running)
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

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def saved_model(self) -> DecisionModel:
        """The document as last opened or saved (what `dirty` compares with), as a model to write."""
        assert self._saved is not None  # set by _set_document in __init__
        return self._saved.as_model()

    def model_for_save(self) -> DecisionModel:
        """The model with the analysis as its session (`document.model_with_spec`)."""
        return model_with_spec(self.model, self.spec)

    def notify(self, text: str) -> None:
        """A short message about what just happened, for the status bar (the only emitter of sig_status)."""
        self.sig_status.emit(text)

    # --- the document -------------------------------------------------------------------------------------

    def _set_document(self, model: DecisionModel, spec: AnalysisSpec, path: str | Path | None,
                      digest: str | None) -> None:
        """A new document, from `path` (None: not saved yet) whose bytes had `digest`; no undo history."""
        self.path = Path(path) if path else None
        self.disk_digest = digest if self.path else None
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

    def _apply_document(self, model: DecisionModel) -> None:
        """The whole document (model and session) as one undoable value: a reload, a recovery."""
        self._put(model, AnalysisSpec.from_model(model), keep_selection=True)
        self._announce()

    def open(self, path: str | Path, directions: Mapping[str, str] | None = None) -> None:
        """Read and check a file, then make it the document; raises InputError, the document untouched."""
        self.put(read_document(path, directions))

    def put(self, read: ReadDocument) -> None:
        """Make a file read by `read_document` the document (the window reads and checks a file before it asks
        about the unsaved work, and puts it in place only then)."""
        self._set_document(read.model, read.spec, None if read.is_table else read.path, read.digest)
        self.csv_dialect = read.csv_dialect  # a .csv is exported back the way it was read, this session
        self.notify(f"Opened {read.path.name}"
                    + (" (imported; Save As to keep it as a model)" if read.is_table else "")
                    + "".join(f"; {notice}" for notice in read.notices))

    def new_document(self, model: DecisionModel) -> None:
        self._set_document(model, AnalysisSpec.from_model(model), None, None)
        self.csv_dialect = None
        self.notify("New model")

    def reload(self, read: ReadDocument | None = None) -> None:
        """The file again (changed on disk; `read` when the caller has read it already) as one undo step:
        Undo brings back what the window had. Raises InputError, changing nothing, when it cannot be read."""
        if self.path is None:
            raise InputError("this model has not been saved to a file yet")
        read = read if read is not None else read_document(self.path)
        self.undo_stack.push(SetValueCommand(self._apply_document, self.model_for_save(), read.model,
                                             f"Reload {self.path.name}"))
        self.disk_digest = read.digest
        self.undo_stack.setClean()
        self._mark_saved()
        self.sig_file_changed.emit()
        self.notify(f"Reloaded {self.path.name} from disk (Undo brings back the version you had)")

    def restore(self, saved: DecisionModel, work: DecisionModel, path: Path | None, disk_digest: str | None) -> None:
        """Recovered work: the document as last saved (`saved`, from `path`), then one undo step to `work`.
        `disk_digest` is the file's content as the crashed window knew it (a newer file asks before Save)."""
        self._set_document(saved, AnalysisSpec.from_model(saved), path, disk_digest)
        self.csv_dialect = None
        if work != self.model_for_save():
            self.undo_stack.push(SetValueCommand(self._apply_document, self.model_for_save(), work, "Recovered work"))
        else:  # nothing to undo to, but the file does not hold it (deleted, say): it still needs a Save
            self.mark_unsaved()
        self.notify("Recovered the unsaved work")

    def save(self, path: str | Path | None = None) -> None:
        """Atomic save (`core.atomic`). Raises InputError saying what went wrong and what to do when the file
        cannot be written; then the file and the document are as they were (the document still modified)."""
        target = Path(path) if path else self.path
        if target is None:
            raise InputError("choose a file name first (File > Save As)")
        model = self.model_for_save()
        try:
            digest = write_document(model, target)  # the command line's writer: one way to write a file safely
        except InputError as exc:
            logger().warning("saving %s failed: %s", target, exc)
            raise
        self.path, self.disk_digest, self.model = target, digest, model
        before, self.spec = self.spec, AnalysisSpec.from_model(model)  # the file's, to the last digit
        if not np.array_equal(before.weights, self.spec.weights):  # they were written to 12 digits
            self.recompute(schedule_smaa=False)  # the same figures to 1e-12; the uncertainty result stays
        self.undo_stack.setClean()
        self._mark_saved()
        self.sig_file_changed.emit()
        self.notify(f"Saved {target.name}")

    def mark_unsaved(self) -> None:
        """The file no longer holds what the window shows (deleted, moved or changed by someone else): the
        document counts as modified until it is saved, even after undoing every edit."""
        self.undo_stack.resetClean()
        assert self._saved is not None
        self._saved.file_lost = True
        self._refresh_dirty()

    def _clean_changed(self, clean: bool) -> None:
        # A named slot, not a lambda: a lambda returning emit()'s bool trips a PySide6 refcount bug.
        if clean:  # saved, opened, or marked clean on purpose: this is now the document to compare with
            self._mark_saved()
        self.sig_file_changed.emit()

    def _mark_saved(self) -> None:
        self._saved, self._dirty = Baseline(self.model, self.spec), False

    def _refresh_dirty(self, *_args: object) -> None:
        """Modified: the document differs from the one last opened or saved, or the file no longer holds it."""
        assert self._saved is not None
        dirty = self._saved.differs(self.model, self.spec)
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_file_changed.emit()

    def _compile(self) -> None:
        self.compiled: CompiledModel = compile_model(self.model)
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
                        f"showing the {METHODS[snap.method].label.lower()} until it can")
        self.results = snap

    def _smaa_inputs(self) -> tuple[CompiledModel, AnalysisSpec]:
        """What the worker analyses when a run starts: the document as it is then, with the method shown."""
        shown = self.results.method if self.results is not None else self.method  # a display fallback too
        return self.compiled, self.spec if shown == self.method else self.spec.replace(method=shown)

    def schedule_smaa(self, now: bool = False) -> None:
        self.uncertainty_worker.schedule(now)

    def _smaa_result(self, result: Uncertainty) -> None:
        if self.results is not None and result.compiled is self.compiled:
            self.results = self.results.with_uncertainty(result)
            self.sig_smaa_changed.emit()

    def _smaa_running(self, running: bool) -> None:
        self.sig_smaa_running.emit(running)

    def shutdown(self) -> None:
        """Stop scheduling and let a running SMAA job finish, so nothing runs while Qt tears down."""
        self.uncertainty_worker.shutdown()

    def wait_for_smaa(self, msecs: int = 10_000) -> bool:
        """Block until the worker is idle, the latest request's result in (tests, self-test, brief export)."""
        return self.uncertainty_worker.wait(msecs)
