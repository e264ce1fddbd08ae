"""The open file changed on disk: another program, or a colleague on a shared folder, wrote, replaced, moved
or deleted it while the window had it open.

`FileWatch` watches the document's file and its folder (`QFileSystemWatcher`; editors replace a file rather
than write into it, which ends the watch on it, so the path is watched again after every change) and compares
the file's content with what the window last read or wrote (`AnalysisState.disk_digest`), so our own Save
never counts as a change. Then:

- changed: it asks before reloading; a reload is one undo step (Edit > Undo brings back the window's
  version); "keep mine" keeps the window's version, modified, and Save asks before writing over the file;
- deleted or moved: it says so once; the work stays in the window, modified (Save writes the file again,
  Save As puts it elsewhere);
- changed into something that is not a valid model: it says what is wrong with it and keeps the window's
  version, modified.

`confirm_overwrite` is asked before every Save: writing over a file newer than what the window read asks
first. The dialogs are methods that tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from decision_app.core.document import file_digest, read_document
from decision_app.core.errors import InputError
from decision_app.gui.messages import show_error
from decision_app.gui.state import AnalysisState

SETTLE_MS = 300  # a program writing the file in several steps has finished by then
# What `check` found (for the tests and the log)
NO_FILE, SAME, GONE, CHANGED_KEPT, RELOADED, UNREADABLE, BUSY = (
    "no file", "same", "gone", "kept", "reloaded", "unreadable", "busy")


class FileWatch(QObject):
    def __init__(self, state: AnalysisState, parent: QWidget):
        super().__init__(parent)
        self.state = state
        self.widget = parent
        self.watcher = QFileSystemWatcher(self)
        self.settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self.settle.timeout.connect(self.check)
        self.watcher.fileChanged.connect(self._poke)
        self.watcher.directoryChanged.connect(self._poke)
        self._path: Path | None = None
        self._gone_told = False
        self._declined: str | None = None  # disk content the user chose not to reload (not asked again)
        self._asking = False
        self._again = False
        state.sig_file_changed.connect(self._follow)
        self._follow()

    # --- watching -------------------------------------------------------------------------------------

    def _follow(self) -> None:
        """Watch the document's file (and its folder) when it is a new one."""
        path = self.state.path
        if path == self._path:
            return
        self._path = path
        self._gone_told = False
        self._declined = None
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        if path is not None:
            self._rewatch()

    def _rewatch(self) -> None:
        path = self._path
        if path is None:
            return
        for p in (path, path.parent):
            if p.exists() and str(p) not in self.watcher.files() + self.watcher.directories():
                self.watcher.addPath(str(p))

    def _poke(self, _changed: str) -> None:
        self._rewatch()
        self.settle.start()

    # --- deciding -------------------------------------------------------------------------------------

    def check(self) -> str:
        """Compare the file on disk with what the window read or wrote, and act (see the module's docstring)."""
        path = self.state.path
        if path is None:
            return NO_FILE
        if self._asking:  # a question about this file is open: look again once it is answered
            self._again = True
            return BUSY
        self._rewatch()
        digest = file_digest(path)
        if digest is None and not path.exists():
            if self._gone_told:
                return GONE
            self._gone_told = True
            self.state.mark_unsaved()
            self.tell("The file is gone",
                      f"“{path.name}” was deleted, renamed or moved by another program (or its drive was "
                      f"disconnected) while it was open.\n\nYour work is still in this window. Save writes it to "
                      f"{path} again; Save As puts it somewhere else.")
            return GONE
        self._gone_told = False
        if digest is None or digest in (self.state.disk_digest, self._declined):
            return SAME  # unchanged, our own Save, or unreadable for a moment (nothing to act on yet)
        try:
            read = read_document(path)
        except InputError as exc:
            self._declined = digest
            self.state.mark_unsaved()
            self.show_problem("The file was changed on disk and cannot be read", exc)
            return UNREADABLE
        if read.model == self.state.saved_model:  # rewritten with the same content: nothing to ask about
            self.state.disk_digest = read.digest
            return SAME
        self._asking = True
        try:
            reload = self.ask_reload(path, self.state.dirty)
        finally:
            self._asking = False
        outcome = CHANGED_KEPT
        if reload:
            try:
                self.state.reload(read.again() if read.changed_on_disk() else read)
                outcome = RELOADED
            except InputError as exc:
                self.show_problem("Cannot reload the file", exc)
        if outcome == CHANGED_KEPT:
            self._declined = digest
            self.state.mark_unsaved()
        if self._again:
            self._again = False
            self.settle.start()
        return outcome

    def confirm_overwrite(self, target: Path) -> bool:
        """Before Save: True to go ahead. Writing over the open file when someone else changed it since the
        window read or wrote it asks first (another file: the save dialog already asked)."""
        path = self.state.path
        if path is None or not target.exists() or target.resolve() != path.resolve():
            return True
        digest = file_digest(target)
        if digest is None or digest == self.state.disk_digest:
            return True
        return self.ask_overwrite(target)

    # --- dialogs (tests replace these) -----------------------------------------------------------------

    def ask_reload(self, path: Path, dirty: bool) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "The file changed on disk",
                          f"“{path.name}” was changed by another program since you opened or saved it.",
                          parent=self.widget)
        keep = ("Your unsaved changes are kept in the undo history: Edit > Undo after reloading brings them "
                "back. " if dirty else "")
        box.setInformativeText(f"Reload it to see the changes? {keep}Keep my version leaves the window as it is; "
                               "Save will then ask before writing over the newer file.")
        reload = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep my version", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reload)
        box.exec()
        return box.clickedButton() is reload

    def ask_overwrite(self, path: Path) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "The file is newer than yours",
                          f"“{path.name}” was changed on disk by another program or person since you opened or "
                          "saved it.", parent=self.widget)
        box.setInformativeText("Write your version over it? Their changes would be lost. Cancel, then Save As, "
                               "keeps both.")
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is overwrite

    def tell(self, title: str, text: str) -> None:
        QMessageBox.warning(self.widget, title, text)

    def show_problem(self, title: str, exc: InputError) -> None:
        show_error(self.widget, title, exc)
