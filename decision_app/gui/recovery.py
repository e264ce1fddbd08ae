"""Autosave and recovery: unsaved work survives a crash, a kill or a flat battery.

While a window has unsaved changes, its `Autosaver` writes the document as it stands (the model with its
session, the last saved version it differs from, and the undo history's position) to a recovery file of its
own in the app's data folder (`paths.recovery_dir`): a few seconds after the last change, and at least every
30 seconds while changes go on. The write is atomic (QSaveFile) and never touches the user's file. Saving, or
undoing back to the saved version, removes the recovery file; so does a clean exit.

Each window's file (`<id>.json`) has a `QLockFile` beside it (`<id>.lock`), held while the window lives. At
the next start `offer_recovered_work` offers the files whose lock is stale (their window died): restore (one
undo step on top of the saved version), discard, or decide later. A file still locked by a live instance is
left alone; a file that cannot be read is set aside as `.corrupt` with a message, never a crash.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QSaveFile, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from decision_app import __version__
from decision_app.app_log import logger
from decision_app.core.atomic import errno_in, write_failure
from decision_app.core.changes import describe_changes
from decision_app.core.document import file_digest
from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, model_from_dict
from decision_app.core.schema import DecisionModel
from decision_app.gui.state import AnalysisState
from decision_app.paths import recovery_dir

FORMAT = "decision-desk-recovery"
VERSION = 1
QUIET_MS = 2_000  # written this long after the last change…
LATEST_MS = 30_000  # …and at least this often while changes go on
RESTORE, DISCARD, LATER = "restore", "discard", "later"
MAX_STEPS = 200  # undo texts kept in the file (what the offer shows of the history)


@dataclass(frozen=True)
class Recovered:
    """What a recovery file holds: the work, the saved version it differs from, and where it belongs."""

    file: Path  # the recovery file
    path: Path | None  # the document's own file (None: never saved)
    saved: DecisionModel
    work: DecisionModel
    disk_digest: str | None
    written: datetime
    undo_index: int
    steps: list[str]
    workshop: dict[str, object] | None = None  # the window's workshop state: {"covered": bool, "round": int}

    def since(self) -> str:
        return f"since you saved {self.path.name}" if self.path is not None else "since it was opened"


def recovery_bytes(state: AnalysisState, written: datetime, workshop: dict[str, object] | None = None) -> bytes:
    """The recovery record of `state` now (JSON; the models as their files would hold them), with the window's
    workshop state when given (intake's hidden views and its round survive a crash)."""
    stack = state.undo_stack
    record = {
        "format": FORMAT, "version": VERSION, "app_version": __version__, "written": written.isoformat(),
        "path": str(state.path.resolve()) if state.path else None, "disk_digest": state.disk_digest,
        "undo": {"index": stack.index(), "steps": [stack.text(i) for i in range(min(stack.count(), MAX_STEPS))]},
        "saved": json.loads(dump_model(state.saved_model)), "work": json.loads(dump_model(state.model_for_save())),
    }
    if workshop is not None:
        record["workshop"] = workshop
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def read_recovery(file: Path) -> Recovered:
    """Read a recovery file; raises InputError naming it when it is not a complete, valid record."""
    name = str(file)
    try:
        data = json.loads(file.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"not a readable recovery file ({exc})", name) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("not a Decision Desk recovery file", name)
    if data.get("version") != VERSION:
        raise InputError(f"written by another version of Decision Desk ({data.get('app_version')})", name)
    try:
        undo = data["undo"]
        path = Path(data["path"]) if data["path"] else None
        written = datetime.fromisoformat(data["written"])
        steps = [str(t) for t in undo["steps"]]
        index = int(undo["index"])
        digest = data["disk_digest"]
        workshop = data.get("workshop")
        if workshop is not None and not (isinstance(workshop, dict) and isinstance(workshop.get("covered"), bool)
                                         and isinstance(workshop.get("round"), int)):
            raise ValueError("the workshop's state is not {covered, round}")
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"the recovery file is incomplete ({exc})", name) from None
    return Recovered(file, path, model_from_dict(data.get("saved"), f"{name} (saved version)"),
                     model_from_dict(data.get("work"), f"{name} (unsaved work)"),
                     digest if isinstance(digest, str) else None, written, index, steps, workshop)


class RecoverySlot:
    """One window's recovery file and the lock that says its window is alive."""

    def __init__(self, file: Path, lock: QLockFile):
        self.file = file
        self.lock = lock

    def write(self, data: bytes) -> None:
        """Atomically; raises InputError saying what went wrong."""
        f = QSaveFile(str(self.file))
        if not f.open(QSaveFile.OpenModeFlag.WriteOnly) or f.write(data) != len(data) or not f.commit():
            raise InputError(write_failure(self.file, errno_in(f.errorString()), f.errorString()), str(self.file))

    def remove(self) -> None:
        self.file.unlink(missing_ok=True)

    def release(self) -> None:
        """Let go of the file (it stays for the next start when not removed)."""
        self.lock.unlock()


def _lock(file: Path) -> QLockFile:
    lock = QLockFile(str(file.with_suffix(".lock")))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however old: a window may live for days
    return lock


class RecoveryStore:
    """The recovery folder (`paths.recovery_dir`, or `folder`)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder if folder is not None else recovery_dir()

    def claim(self) -> RecoverySlot:
        """A new file for a window, locked; raises InputError when the folder cannot be made."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(write_failure(self.folder, exc.errno, exc.strerror or ""), str(self.folder)) from None
        file = self.folder / f"{uuid.uuid4().hex}.json"
        lock = _lock(file)
        if not lock.tryLock(0):
            raise InputError(f"cannot lock the recovery file ({lock.error().name})", str(file))
        return RecoverySlot(file, lock)

    def take_orphans(self) -> tuple[list[tuple[RecoverySlot, Recovered]], list[InputError]]:
        """The recovery files whose window died, newest first, each locked for this instance; and what was
        wrong with those that cannot be read (each set aside as `.corrupt`)."""
        found: list[tuple[RecoverySlot, Recovered]] = []
        problems: list[InputError] = []
        if not self.folder.is_dir():
            return found, problems
        files = sorted(self.folder.glob("*.json"), key=lambda f: f.stat().st_mtime, reverse=True)
        for file in files:
            lock = _lock(file)
            if not lock.tryLock(0):
                continue  # a live window's (or another instance is offering it right now)
            slot = RecoverySlot(file, lock)
            try:
                found.append((slot, read_recovery(file)))
            except Exception as error:  # noqa: BLE001 - whatever is in the file: a message, never a crash
                exc = error if isinstance(error, InputError) else InputError(
                    f"not a readable recovery file ({type(error).__name__}: {error})", str(file))
                aside = file.with_suffix(".corrupt")
                try:
                    file.replace(aside)
                    note = f"it was set aside as {aside.name} in {self.folder}"
                except OSError:
                    note = "it stays where it is"
                logger().warning("unreadable recovery file %s: %s", file, exc)
                problems.append(InputError([*exc.problems, *InputError(note, str(file)).problems]))
                slot.release()
        for lock_file in self.folder.glob("*.lock"):  # a window that died before it wrote anything
            if not lock_file.with_suffix(".json").exists():
                lock = _lock(lock_file.with_suffix(".json"))
                if lock.tryLock(0):
                    lock.unlock()
        return found, problems


class Autosaver(QObject):
    """Writes one window's unsaved work to its recovery file (see the module's docstring).

    Signals:
        sig_written(str): the recovery file was written (its path).
    """

    sig_written = Signal(str)

    def __init__(self, state: AnalysisState, store: RecoveryStore | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        self.store = store if store is not None else RecoveryStore()
        self.slot: RecoverySlot | None = None  # claimed at the first write: no file for a window never edited
        self.last_problem = ""
        self.workshop: Callable[[], dict[str, object]] | None = None  # the window's workshop state, if any
        self.quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self.latest = QTimer(self, singleShot=True, interval=LATEST_MS)
        self.quiet.timeout.connect(self.write_now)
        self.latest.timeout.connect(self.write_now)
        state.undo_stack.indexChanged.connect(self._changed)
        state.sig_file_changed.connect(self._changed)

    @property
    def pending(self) -> bool:
        """A write is scheduled."""
        return self.quiet.isActive()

    def _changed(self, *_args: object) -> None:
        if not self.state.dirty:
            self.discard()
            return
        self.quiet.start()  # restarts: a burst of changes is written once it pauses…
        if not self.latest.isActive():
            self.latest.start()  # …or after LATEST_MS at most

    def write_now(self) -> Path | None:
        """Write the unsaved work now (the crash handler calls this first); the recovery file, or None when
        there is nothing unsaved or it could not be written (the status bar says why)."""
        self.quiet.stop()
        self.latest.stop()
        if not self.state.dirty:
            self.discard()
            return None
        try:
            if self.slot is None:
                self.slot = self.store.claim()
            self.slot.write(recovery_bytes(self.state, datetime.now().astimezone(),
                                           None if self.workshop is None else self.workshop()))
        except InputError as exc:
            problem = str(exc.problems[0].message)
            if problem != self.last_problem:  # once per kind of failure, not at every change
                self.state.notify(f"Autosave failed: {problem}. Save your work (File > Save As) to keep it safe.")
                logger().warning("autosave failed: %s", exc)
            self.last_problem = problem
            return None
        self.last_problem = ""
        self.sig_written.emit(str(self.slot.file))
        return self.slot.file

    def discard(self) -> None:
        """Nothing unsaved: no recovery file (the lock stays while the window lives)."""
        self.quiet.stop()
        self.latest.stop()
        if self.slot is not None:
            self.slot.remove()

    def adopt(self, slot: RecoverySlot) -> None:
        """Take over a restored work's file and lock (written over at the next change)."""
        if self.slot is not None:
            self.slot.remove()
            self.slot.release()
        self.slot = slot

    def close(self) -> None:
        """A clean exit: the file and its lock go."""
        self.discard()
        if self.slot is not None:
            self.slot.release()
            self.slot = None


def describe_recovered(rec: Recovered) -> str:
    """The offer's words: what changed, when it was autosaved, and what became of the file meanwhile."""
    lines = [describe_changes(rec.saved, rec.work, rec.since()).capitalize() + "."]
    done = rec.steps[:rec.undo_index]
    if done:
        lines.append(f"Your last change: “{done[-1]}”.")
    lines.append(f"Autosaved {rec.written.strftime('%d %b %Y at %H:%M')}.")
    if rec.path is not None and not rec.path.exists():
        lines.append(f"{rec.path} is no longer there: restoring keeps the work in the window; save it "
                     "with File > Save As.")
    elif rec.path is not None and rec.disk_digest is not None and file_digest(rec.path) != rec.disk_digest:
        lines.append(f"{rec.path.name} was changed on disk after that: restoring keeps your version, and Save "
                     "asks before writing over the newer file.")
    return "\n\n".join(lines)


def ask_restore(parent: QWidget | None, rec: Recovered) -> str:
    """Restore, discard or decide later (at the next start)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work",
                      f"Decision Desk stopped before your changes to “{rec.work.title}” were saved.", parent=parent)
    box.setInformativeText(describe_recovered(rec))
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    return RESTORE if clicked is restore else DISCARD if clicked is discard else LATER


def offer_recovered_work(state: AnalysisState, autosaver: Autosaver, parent: QWidget | None,
                         ask: Callable[[QWidget | None, Recovered], str],
                         show_error: Callable[[str, InputError], None]) -> Recovered | None:
    """At start: offer each dead window's work, newest first, until one is restored (the rest wait for the
    next start). Returns what was restored, if anything."""
    orphans, problems = autosaver.store.take_orphans()
    for problem in problems:
        show_error("A recovery file could not be read", problem)
    restored: Recovered | None = None
    waiting = 0
    for slot, rec in orphans:
        if restored is not None:
            slot.release()
            waiting += 1
            continue
        choice = ask(parent, rec)
        if choice == RESTORE:
            path = rec.path if rec.path is not None and rec.path.exists() else None
            state.restore(rec.saved, rec.work, path, rec.disk_digest)
            autosaver.adopt(slot)
            autosaver.write_now()  # the adopted file holds this window's state from now on
            restored = rec
            logger().info("restored recovered work from %s", rec.file)
        elif choice == DISCARD:
            slot.remove()
            slot.release()
            logger().info("discarded recovered work %s", rec.file)
        else:
            slot.release()
            waiting += 1
    if waiting:
        state.notify(f"{waiting} recovered {'model waits' if waiting == 1 else 'models wait'}: "
                     "offered again at the next start")
    return restored
