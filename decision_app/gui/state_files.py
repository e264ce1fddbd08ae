"""The file side of the analysis state: open, put, new, reload, restore and save the document, and whether it
is modified ("dirty") against the one last opened or saved.

`Files` is a mixin of `state.AnalysisState`, kept apart (like `state_edits.Edits`) so the state module holds
only the document, its signals, the computation and the worker. Reading and writing a file are the core's
(`document.read_document`, `document.write_document`, the command line's own); "modified" is a comparison of
documents (`document.Baseline`: the model's content and the specification), with no validation on the way.
Reload and recovery put a whole document in place as one undo step (`commands.SetValueCommand`), so Undo
brings back what the window had.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from decision_app.app_log import logger
from decision_app.core.document import AnalysisSpec, Baseline, ReadDocument, model_with_spec, read_document, write_document
from decision_app.core.errors import InputError
from decision_app.core.schema import DecisionModel
from decision_app.core.tables import CsvDialect
from decision_app.gui.commands import SetValueCommand

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QUndoStack


class Files:
    """Mixin: what `AnalysisState` provides is declared here for the type checker."""

    model: DecisionModel
    spec: AnalysisSpec
    undo_stack: QUndoStack
    sig_file_changed: SignalInstance
    path: Path | None
    disk_digest: str | None  # the file's content as last read or written (`file_watch` compares with it)
    csv_dialect: CsvDialect | None = None  # how the .csv this session opened was written
    _saved: Baseline | None = None  # the document last opened or saved
    _dirty = False

    if TYPE_CHECKING:  # the state's own
        def notify(self, text: str) -> None: ...
        def recompute(self, schedule_smaa: bool = True) -> None: ...
        def _set_document(self, model: DecisionModel, spec: AnalysisSpec, path: str | Path | None,
                          digest: str | None) -> None: ...
        def _put(self, model: DecisionModel, spec: AnalysisSpec, keep_selection: bool) -> None: ...
        def _announce(self) -> None: ...

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

    # --- opening and saving ---------------------------------------------------------------------------

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

    # --- modified or not ------------------------------------------------------------------------------

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
