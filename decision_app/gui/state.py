"""AnalysisState: the one object between the decision model and the widgets.

It owns the current model, the working weights (normalised), the locks, the method, the undo stack and
the file, and after each change it asks the core for everything the views show: `results`, a core
`Snapshot` (`Results` is its old name here). Widgets call its
methods and listen to its signals; they never talk to each other. It has no layout, so the workshop mode
can drive it with other views.

The slider path (`set_weight` -> `_apply_weights` -> `recompute`) does no validation, no pandas and no
Python loop over options: a few matrix-vector products on arrays compiled once per structural edit.
SMAA runs on `uncertainty_worker.UncertaintyWorker`, which the state owns and feeds; the last result stays
here until the next arrives, and is attached to `results.uncertainty` with its settings.

The uncertainty settings (`smaa_settings`, the core `UncertaintySettings`) belong to the document: they
come from the model's session (else the app's defaults), change only through undo commands
(`set_smaa_settings`), re-run SMAA at once, and are saved in the session; the brief exported from the window
uses them too, so the view and its memo draw alike.

`method` changes only through undo commands. `set_method` refuses a method that cannot rank the model;
when an edit makes the current method impossible, the state keeps it and `results.unavailable` says why
(the figures are then a display fallback's, `results.method`).

Signals:
    sig_document_changed(): another document replaced this one (opened, new); sent before the other signals
        of the change, so a view drops what it holds for the old one (typing not yet applied).
    sig_model_changed(): the model's content or structure changed (the matrix and lists reload).
    sig_participants_changed(): only the workshop's participants changed; the analysis stands as it was.
    sig_weights_changed(): new working weights or locks.
    sig_method_changed(str): the aggregation method.
    sig_results_changed(): `results` is new (scores, ranks, contributions, ranges, sweep, tipping points).
    sig_selection_changed(int, int): the selected option and criterion (-1 for none).
    sig_smaa_changed(): `smaa` holds a new result.
    sig_smaa_running(bool): a SMAA run started or finished.
    sig_smaa_settings_changed(): `smaa_settings` is new (a run with them is scheduled).
    sig_slides_changed(): `slides` (the presentation's arrangement, saved in the session) is new.
    sig_file_changed(): the file path or the unsaved-changes flag changed. "Unsaved changes" means what Save
        would write differs from what was last opened or saved (compared when the undo stack moves), so
        switching the method away and back is no change; or that the file no longer holds it (`mark_unsaved`).
    sig_status(str): a short message about what just happened (emitted by `notify`).

The document as a whole is one undoable value too (`_apply_document`): reloading a file changed on disk and
restoring recovered work are single undo steps. `disk_digest` is the file's content as last read or written
here, so the file watch (`file_watch`) can tell another program's change from our own Save.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack

from decision_app.app_log import logger
from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.cells import tidy
from decision_app.core.compiled import CompiledModel, compile_model, normalize_weights
from decision_app.core.engine import Analysis
from decision_app.core.errors import InputError
from decision_app.core.loading import Document, dump_model, open_document
from decision_app.core.methods import DEFAULT_METHOD, METHODS
from decision_app.core.schema import DecisionModel, Session, SlideChoice
from decision_app.core.smaa import SmaaResult
from decision_app.core.snapshot import (
    Snapshot,
    Uncertainty,
    UncertaintySettings,
    decisive_criterion,
    session_uncertainty,
    session_uncertainty_block,
    take_snapshot,
)
from decision_app.core.tables import CsvDialect
from decision_app.core.weights import weights_after_move
from decision_app.gui.commands import (
    SetValueCommand,
    SetWeightsCommand,
    method_label,
)
from decision_app.gui.uncertainty_worker import UncertaintyWorker

Results = Snapshot  # what the views read as `state.results`
SmaaSettings = UncertaintySettings  # set_smaa_settings replaces it, so a result's copy always matches


class AnalysisState(QObject):
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
    sig_file_changed = Signal()
    sig_status = Signal(str)

    def __init__(self, model: DecisionModel, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._index_changed)
        self._saved: DecisionModel | None = None  # what Save wrote (or opening read), to compare with
        self._unsaved_anyway = False  # the file no longer holds `_saved` (mark_unsaved)
        self._dirty = False
        self.disk_digest: str | None = None  # SHA-256 of the file as last read or written here
        self.smaa_settings = SmaaSettings()  # the document's, from its session (set by _set_document)
        self.smaa: SmaaResult | None = None
        self.results: Results | None = None
        self.selected_option = 0
        self.selected_criterion = 0
        self.uncertainty_worker = UncertaintyWorker(self._smaa_inputs, self)
        self.uncertainty_worker.sig_result.connect(self._smaa_result)
        self.uncertainty_worker.sig_failed.connect(self.notify)
        self.uncertainty_worker.sig_running.connect(self._smaa_running)
        self._drag = 0
        self.csv_dialect: CsvDialect | None = None  # how the .csv this session opened was written
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._set_document(model, path)

    def _clean_changed(self, clean: bool) -> None:
        # A named slot, not a lambda: a lambda returning emit()'s bool trips a PySide6 refcount bug.
        if clean:  # saved, opened, or marked clean on purpose: this is now the state to compare with
            self._mark_saved()
        self.sig_file_changed.emit()

    def _mark_saved(self) -> None:
        self._saved = self.model_for_save()
        self._unsaved_anyway = False
        self._dirty = False

    def _index_changed(self, _index: int) -> None:
        """Cheap enough per step: a shallow copy and a comparison that stops at shared (unchanged) parts."""
        dirty = self._unsaved_anyway or self.model_for_save() != self._saved
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_file_changed.emit()

    def notify(self, text: str) -> None:
        """A short message about what just happened, for the status bar (the only emitter of sig_status)."""
        self.sig_status.emit(text)

    # --- document -------------------------------------------------------------------------------------

    def _set_document(self, model: DecisionModel, path: str | Path | None, digest: str | None = None) -> None:
        """A new document: `model` from `path` (None: not saved yet), with an empty undo history. `digest`:
        the file's content as read (else it is read now)."""
        self.path = Path(path) if path else None
        self.disk_digest = (digest or file_digest(self.path)) if self.path else None
        self._load(model, keep_selection=False)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._mark_saved()
        self.sig_document_changed.emit()  # first: typing not yet applied belongs to the old document
        self._announce()

    def _load(self, model: DecisionModel, keep_selection: bool) -> None:
        """Put `model` in place with the analysis its session describes (else its first profile's), and the
        figures for it; no signal (`_announce` follows)."""
        self.model = model
        self._compile()
        sess = model.session
        self.method: str = sess.method if sess is not None else DEFAULT_METHOD
        if sess is not None and sess.weights:
            raw = np.array([sess.weights.get(c, 0.0) for c in self.compiled.criterion_ids])
            self.weights = normalize_weights(raw)
            self.profile_id = sess.profile
        else:  # no weights saved: the session's profile (a file may name only a method and a profile)
            self.profile_id = self._profile_named(sess.profile if sess is not None else None)
            self.weights = self.compiled.profile_weights(self.profile_id)
        self.smaa_settings = session_uncertainty(sess)
        self.slides: list[SlideChoice] | None = list(sess.slides) if sess is not None and sess.slides else None
        self.locks = np.zeros(self.compiled.n, dtype=bool)
        if keep_selection:
            self.selected_option = min(self.selected_option, self.compiled.m - 1)
            self.selected_criterion = min(self.selected_criterion, self.compiled.n - 1)
        else:  # a new document opens on the criterion whose tipping point is nearest (the Sensitivity view's)
            self.selected_option = 0
            self.selected_criterion = decisive_criterion(self.analysis, self.method, self.weights)[0]
        self.smaa = None
        self._compute_results()  # before the views rebuild, so they never see results of another shape

    def _profile_named(self, pid: str | None) -> str:
        """`pid` when the model has that profile, else its first."""
        ids = [p.id for p in self.model.profiles]
        return pid if pid in ids else ids[0]

    def _announce(self) -> None:
        """Every view reloads: the document as a whole is new."""
        self.sig_model_changed.emit()
        self.sig_method_changed.emit(self.method)
        self.sig_weights_changed.emit()
        self.sig_results_changed.emit()
        self.schedule_smaa()
        self.sig_file_changed.emit()
        self.sig_smaa_changed.emit()
        self.sig_smaa_settings_changed.emit()
        self.sig_slides_changed.emit()

    def _apply_document(self, model: DecisionModel) -> None:
        """The whole document (model and session) as one undoable value: a reload, a recovery."""
        self._load(model, keep_selection=True)
        self._announce()

    def open(self, path: str | Path, directions: Mapping[str, str] | None = None) -> None:
        """Load a file; raises InputError and leaves the current document untouched when it is bad
        (MissingDirectionsError when a spreadsheet needs only `directions`, {criterion name: benefit|cost})."""
        self.put(read_file(path, directions))

    def put(self, read: ReadFile) -> None:
        """Make a file read by `read_file` the document (the window reads and checks a file before it asks
        about the unsaved work, and puts it in place only then)."""
        is_table = read.path.suffix.lower() in (".csv", ".xlsx")
        self._set_document(read.document.model, None if is_table else read.path, read.digest)
        self.csv_dialect = read.document.csv_dialect  # a .csv is exported back the way it was read, this session
        self.notify(f"Opened {read.path.name}" + (" (imported; Save As to keep it as a model)" if is_table else "")
                    + "".join(f"; {notice}" for notice in read.document.notices))

    def new_document(self, model: DecisionModel) -> None:
        self._set_document(model, None)
        self.csv_dialect = None
        self.notify("New model")

    def reload(self) -> None:
        """Read the file again (it changed on disk) as one undo step: Edit > Undo brings back what the window
        had. Raises InputError, changing nothing, when the file cannot be read or is not a valid model."""
        if self.path is None:
            raise InputError("this model has not been saved to a file yet")
        doc = open_document(self.path)
        digest = file_digest(self.path)
        self.undo_stack.push(SetValueCommand(self._apply_document, self.model_for_save(), doc.model,
                                             f"Reload {self.path.name}"))
        self.disk_digest = digest
        self.undo_stack.setClean()
        self._mark_saved()
        self.sig_file_changed.emit()
        self.notify(f"Reloaded {self.path.name} from disk (Undo brings back the version you had)")

    def restore(self, saved: DecisionModel, work: DecisionModel, path: Path | None, disk_digest: str | None) -> None:
        """Recovered work: the document as last saved (`saved`, from `path`), then one undo step to `work`.
        `disk_digest` is the file's content as the crashed window knew it (a newer file asks before Save)."""
        self._set_document(saved, path)
        self.csv_dialect = None
        self.disk_digest = disk_digest if path is not None else None
        if work != self.model_for_save():
            self.undo_stack.push(SetValueCommand(self._apply_document, self.model_for_save(), work, "Recovered work"))
        else:  # nothing to undo to, but the file does not hold it (deleted, say): it still needs a Save
            self.mark_unsaved()
        self.notify("Recovered the unsaved work")

    def mark_unsaved(self) -> None:
        """The file no longer holds what the window shows (deleted, moved or changed by someone else): the
        document counts as modified until it is saved, even after undoing every edit."""
        self.undo_stack.resetClean()
        self._unsaved_anyway = True
        if not self._dirty:
            self._dirty = True
            self.sig_file_changed.emit()

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def saved_model(self) -> DecisionModel:
        """The document as last opened or saved (what `dirty` compares with)."""
        assert self._saved is not None  # set by _set_document in __init__
        return self._saved

    def model_for_save(self) -> DecisionModel:
        """The model with the working analysis as its session, unless it is just what opening a model without
        a session shows: the first profile, the default method and the app's default uncertainty settings
        (then no session: an untouched model saves byte-identical). A session read from the file that still
        describes the working analysis is written back as read (`_describes_analysis`)."""
        own = self.model.session
        if own is not None and self._describes_analysis(own):
            return self.model
        c = self.compiled
        uncertainty = session_uncertainty_block(self.smaa_settings)
        plain = (
            uncertainty is None
            and self.slides is None
            and self.method == DEFAULT_METHOD
            and self.profile_id == self.model.profiles[0].id  # another profile must be saved to come back
            and np.allclose(self.weights, c.profile_weights(self.profile_id), rtol=0, atol=1e-12)
        )
        if plain:
            return self.model.model_copy(update={"session": None})
        session = Session(method=self.method, profile=self.profile_id,
                          # tidy: 0.1 in the file (and the Session sheet), not the 0.09999999999999999 a slider
                          # move leaves
                          weights={cid: tidy(float(w)) for cid, w in zip(c.criterion_ids, self.weights, strict=True)},
                          uncertainty=uncertainty, slides=self.slides)
        return self.model.model_copy(update={"session": session})

    def _describes_analysis(self, session: Session) -> bool:
        """Does this session (as read from the file) say what the window shows: the method, the profile, the
        uncertainty settings, the slides and, once normalised, the weights? Its weights were saved to 12
        digits and need not sum to exactly 1, so normalising and writing them again could give other digits:
        a file opened and saved unchanged would change, and undoing every edit would not give it back."""
        c = self.compiled
        profile: str | None
        if not session.weights:  # it says the profile's weights: as read, while those are what the window shows
            profile = self._profile_named(session.profile)
            raw = c.profile_weights(profile)
            if session.profile is not None and session.profile != profile:
                return False
        elif set(session.weights) != set(c.criterion_ids):
            return False
        else:
            raw = np.array([session.weights[cid] for cid in c.criterion_ids])
            profile = session.profile
        return bool(
            session.method == self.method
            and profile == self.profile_id
            and session_uncertainty(session) == self.smaa_settings
            and (list(session.slides) if session.slides else None) == self.slides
            and raw.sum() > 0
            and np.allclose(normalize_weights(raw), self.weights, rtol=0, atol=1e-12)
        )

    def save(self, path: str | Path | None = None) -> None:
        """Atomic save (`core.atomic`). Raises InputError saying what went wrong and what to do when the file
        cannot be written; then the file and the document are as they were (the document still modified)."""
        target = Path(path) if path else self.path
        if target is None:
            raise InputError("choose a file name first (File > Save As)")
        data = dump_model(self.model_for_save())
        try:
            atomic_write_bytes(target, data)  # the command line's writer: one way to write a file safely
        except InputError as exc:
            logger().warning("saving %s failed: %s", target, exc)
            raise
        self.path = target
        self.disk_digest = hashlib.sha256(data).hexdigest()
        self.undo_stack.setClean()
        self._mark_saved()
        self.sig_file_changed.emit()
        self.notify(f"Saved {target.name}")

    # --- model edits (undoable) -----------------------------------------------------------------------

    def replace_model(self, new: DecisionModel, text: str) -> None:
        """A new model as one undo step, with the working weights, profile and locks it goes with: carried over
        by criterion on redo, and on undo exactly those the old model had (a deleted criterion's weight and
        lock come back, not made up)."""
        before = ModelStep(self.model, self.weights.copy(), self.profile_id, self.locks.copy())
        self.undo_stack.push(SetValueCommand(self._apply_model, before, self._carried_to(new), text))
        self.notify(text)

    def _carried_to(self, model: DecisionModel) -> ModelStep:
        """The working weights, profile and locks carried over to `model`'s criteria: by criterion id, a new
        criterion at the mean weight, then normalised; the profile kept while the model still has it."""
        ids = model.criterion_ids()
        old_w = dict(zip(self.compiled.criterion_ids, self.weights, strict=True))
        old_locks = dict(zip(self.compiled.criterion_ids, self.locks, strict=True))
        fill = float(np.mean(self.weights)) if len(self.weights) else 1.0
        weights = np.array([old_w.get(c, fill) for c in ids])
        locks = np.array([old_locks.get(c, False) for c in ids], dtype=bool)
        if set(ids) != set(old_w):  # the same criteria (perhaps moved) keep their weights to the last bit
            weights = normalize_weights(weights) if weights.sum() > 0 else np.full(len(ids), 1.0 / len(ids))
        profile = self.profile_id if any(p.id == self.profile_id for p in model.profiles) else None
        return ModelStep(model, weights, profile, locks)

    def _compile(self) -> None:
        self.compiled: CompiledModel = compile_model(self.model)
        self.analysis = Analysis(self.compiled)  # caches each method's preparation and range batch
        self._uncertainty: Uncertainty | None = None  # of another model's shape from now on

    def _apply_model(self, step: ModelStep) -> None:
        model = step.model
        if _only_participants_differ(self.model, model):
            # A roster or weight entry changes no option, criterion or score (nor the weights that go with
            # them): nothing to recompile, no chart to rebuild; the participants' views refresh on their signal.
            self.model = model
            self.sig_participants_changed.emit()
            return
        self.model = model
        self._compile()
        self.weights = step.weights.copy()
        self.locks = step.locks.copy()
        self.profile_id = step.profile_id
        self.selected_option = min(self.selected_option, self.compiled.m - 1)
        self.selected_criterion = min(self.selected_criterion, self.compiled.n - 1)
        self._compute_results()
        self.sig_model_changed.emit()
        self.sig_weights_changed.emit()
        self.sig_results_changed.emit()
        self.schedule_smaa()

    # --- weights and method (undoable) ----------------------------------------------------------------

    def begin_drag(self) -> None:
        """A slider was pressed: the moves until release form one undo step."""
        self._drag += 1

    def end_drag(self) -> None:
        self._drag += 1

    def set_weight(self, k: int, value: float, source: str = "slider") -> None:
        new = weights_after_move(self.weights, self.locks, k, value)
        if np.allclose(new, self.weights, rtol=0, atol=1e-12):
            self.sig_weights_changed.emit()  # snap the control back (locked or clamped)
            return
        key = (source, k, self._drag)
        name = self.compiled.criterion_names[k]
        self.undo_stack.push(SetWeightsCommand(self._apply_weights, self.weights, new, self.profile_id, None,
                                               f"Weight of {name}", merge_key=key))

    def set_weights(self, w: np.ndarray, text: str = "Set weights") -> None:
        self.undo_stack.push(SetWeightsCommand(self._apply_weights, self.weights, normalize_weights(w),
                                               self.profile_id, None, text))

    def use_profile(self, profile_id: str) -> None:
        w = self.compiled.profile_weights(profile_id)
        name = self.compiled.profile_names[profile_id]
        self.undo_stack.push(SetWeightsCommand(self._apply_weights, self.weights, w, self.profile_id, profile_id,
                                               f"Weights: {name}"))
        self.notify(f"Weights from the profile \u201c{name}\u201d")

    def reset_to_profile(self) -> None:
        pid = self.profile_id or self.model.profiles[0].id
        self.use_profile(pid)

    def _apply_weights(self, w: np.ndarray, profile_id: str | None) -> None:
        self.weights = np.array(w, dtype=float)
        self.profile_id = profile_id
        self.sig_weights_changed.emit()
        self.recompute()

    def set_lock(self, k: int, locked: bool) -> None:
        self.locks[k] = locked
        self.sig_weights_changed.emit()

    def set_method(self, method: str) -> None:
        """Switch method as one undo step; a method that cannot rank this model is refused with a status
        message and nothing pushed (the method controls are told to show the current method again)."""
        if method == self.method or method not in METHODS:
            return
        why = self.analysis.cannot_rank(method)
        if why is not None:
            self.notify(f"{METHODS[method].label} cannot rank this model: {why}")
            self.sig_method_changed.emit(self.method)
            return
        self.undo_stack.push(SetValueCommand(self._apply_method, self.method, method,
                                             f"Method: {method_label(method)}"))  # the label, not the name

    def _apply_method(self, method: str) -> None:
        self.method = method
        self.sig_method_changed.emit(method)
        self.recompute()

    def select(self, option: int | None = None, criterion: int | None = None) -> None:
        if option is not None:
            self.selected_option = int(np.clip(option, 0, self.compiled.m - 1))
        if criterion is not None and criterion != self.selected_criterion:
            self.selected_criterion = int(np.clip(criterion, 0, self.compiled.n - 1))
            self.recompute(schedule_smaa=False)
        self.sig_selection_changed.emit(self.selected_option, self.selected_criterion)

    def set_smaa_settings(self, **changes: Any) -> None:
        """Change fields of the uncertainty settings as one undo step (nothing when they stay the same);
        SMAA re-runs at once."""
        new = dataclasses.replace(self.smaa_settings, **changes)
        if new == self.smaa_settings:
            return
        old = self.smaa_settings
        what = ", ".join(name.replace("_", " ") for name in changes if getattr(new, name) != getattr(old, name))
        self.undo_stack.push(SetValueCommand(self._apply_smaa_settings, old, new, f"Uncertainty: {what}"))

    def _apply_smaa_settings(self, settings: UncertaintySettings) -> None:
        self.smaa_settings = settings
        self.sig_smaa_settings_changed.emit()
        self.schedule_smaa(now=True)

    def set_slides(self, slides: list[SlideChoice] | None) -> None:
        """The presentation's slide arrangement (order, hidden ones) as one undo step; saved in the session."""
        if slides == self.slides:
            return
        self.undo_stack.push(SetValueCommand(self._apply_slides, self.slides, slides, "Arrange slides"))

    def _apply_slides(self, slides: list[SlideChoice] | None) -> None:
        self.slides = slides
        self.sig_slides_changed.emit()

    # --- computation ----------------------------------------------------------------------------------

    def recompute(self, schedule_smaa: bool = True) -> None:
        if self._compute_results():
            self.sig_results_changed.emit()
        if schedule_smaa:
            self.schedule_smaa()

    def _compute_results(self) -> bool:
        """`results` for the current state: the cheap figures from the core, per move; the last
        uncertainty result stays attached (its method and weights say which state it belongs to)."""
        snap = take_snapshot(self.analysis, self.method, self.weights, profile_id=self.profile_id,
                             sweep_criterion=self.selected_criterion, display_fallback=True,
                             uncertainty=self._uncertainty)
        previous = self.results
        if snap.unavailable is not None and (previous is None or previous.unavailable != snap.unavailable):
            self.notify(f"{METHODS[self.method].label} cannot rank this model ({snap.unavailable}); "
                        f"showing the {METHODS[snap.method].label.lower()} until it can")
        self.results = snap
        return True

    def _attach_uncertainty(self, result: SmaaResult) -> None:
        """A SMAA result for the current state arrived (the worker drops superseded ones, and every
        settings change is a new request): keep it, with its settings, on `results`."""
        if self.results is None:
            return
        self._uncertainty = Uncertainty.make(self.smaa_settings, self.results.method, self.results.weights, result)
        self.results = self.results.with_uncertainty(self._uncertainty)

    # --- SMAA on the worker ----------------------------------------------------------------------------

    def _smaa_inputs(self) -> tuple[CompiledModel, str, np.ndarray, SmaaSettings]:
        """What the worker analyses when a run starts: the state as it is then."""
        method = self.results.method if self.results is not None else self.method  # a display fallback too
        return self.compiled, method, self.weights.copy(), self.smaa_settings

    def schedule_smaa(self, now: bool = False) -> None:
        self.uncertainty_worker.schedule(now)

    def _smaa_result(self, result: SmaaResult) -> None:
        self.smaa = result
        self._attach_uncertainty(result)
        self.sig_smaa_changed.emit()

    def _smaa_running(self, running: bool) -> None:
        self.sig_smaa_running.emit(running)

    def shutdown(self) -> None:
        """Stop scheduling and let a running SMAA job finish, so nothing runs while Qt tears down."""
        self.uncertainty_worker.shutdown()

    def wait_for_smaa(self, msecs: int = 10_000) -> bool:
        """Block until the worker is idle, the latest request's result in (tests, self-test, brief export)."""
        return self.uncertainty_worker.wait(msecs)


@dataclass(frozen=True, eq=False)
class ModelStep:
    """What one model edit puts in place: the model and the working weights (normalised, in its criterion
    order), profile and locks that go with it."""

    model: DecisionModel
    weights: np.ndarray
    profile_id: str | None
    locks: np.ndarray


def _only_participants_differ(old: DecisionModel, new: DecisionModel) -> bool:
    """True when `new` is `old` with other participants (identity first: edits share the untouched fields)."""
    if old.participants == new.participants:
        return False
    return all(getattr(old, f) is getattr(new, f) or getattr(old, f) == getattr(new, f)
               for f in type(new).model_fields if f != "participants")


@dataclass(frozen=True)
class ReadFile:
    """A file read and checked (`read_file`), not yet the window's document (`AnalysisState.put`)."""

    path: Path
    document: Document
    directions: Mapping[str, str] | None
    digest: str | None  # of the bytes before they were read: a file changed since reads differently

    def changed_on_disk(self) -> bool:
        """True when the file is no longer what was read (saved over, say): read it again before use."""
        return file_digest(self.path) != self.digest

    def again(self) -> ReadFile:
        """The file read anew, with the same directions; raises InputError when it no longer opens."""
        return read_file(self.path, self.directions)


def read_file(path: str | Path, directions: Mapping[str, str] | None = None) -> ReadFile:
    """Read and check a model or spreadsheet without touching any document. Raises InputError naming the
    file and each problem (MissingDirectionsError when a spreadsheet needs only `directions`)."""
    p = Path(path)
    digest = file_digest(p)  # before reading: a change while it is read shows as a change afterwards
    return ReadFile(p, open_document(p, directions), dict(directions) if directions else None, digest)


def file_digest(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes (what the window last read or wrote there), None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
