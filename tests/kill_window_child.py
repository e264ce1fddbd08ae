"""Run by test_kill_window.py in a subprocess until it is killed: the real window (offscreen) opens MODEL and
edits it in a seeded loop (scores, weights, method), saving now and then through File > Save, while its
autosave writes the recovery file every few milliseconds.

Usage: python kill_window_child.py MODEL JOURNAL SEED SETTINGS_FOLDER

The journal says what could be on disk when the kill comes, one line before and one after each write:
`S <sha256>` before a Save writes those bytes and `s` once it has; `A <sha256>` before the autosave writes a
recovery file holding that document and `a` once it has; `D` before the recovery file is removed (nothing
unsaved) and `d` once it is; `R` once a few of each happened (kill from then on).
"""

from __future__ import annotations

import hashlib
import os
import random
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
model_path, journal_path, seed, settings_folder = sys.argv[1:5]

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
app = QApplication([])

import decision_app.gui.recovery as recovery  # noqa: E402
from decision_app.core.loading import dump_model, load_model  # noqa: E402
from decision_app.core.methods import METHOD_NAMES  # noqa: E402
from decision_app.gui.main_window import MainWindow  # noqa: E402
from decision_app.gui.state import AnalysisState  # noqa: E402

journal = open(journal_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open until the kill; a line per write


def note(kind: str, data: bytes) -> None:
    journal.write(f"{kind} {hashlib.sha256(data).hexdigest()}\n")


real_recovery_bytes = recovery.recovery_bytes


def noted_recovery_bytes(state, written):
    note("A", dump_model(state.model_for_save()))
    return real_recovery_bytes(state, written)


def around(cls, name: str, before: str, after: str) -> None:
    real = getattr(cls, name)

    def wrapped(self, *args):
        journal.write(before)
        result = real(self, *args)
        journal.write(after)
        return result
    setattr(cls, name, wrapped)


recovery.recovery_bytes = noted_recovery_bytes
around(recovery.RecoverySlot, "write", "", "a\n")
around(recovery.RecoverySlot, "remove", "D\n", "d\n")
state = AnalysisState(load_model(model_path), model_path)
real_save = state.save


def noted_save(path=None) -> None:
    note("S", dump_model(state.model_for_save()))
    real_save(path)
    journal.write("s\n")


state.save = noted_save
window = MainWindow(state)
window.ask_save_changes = lambda: "discard"
window.autosaver.quiet.setInterval(1)
window.autosaver.latest.setInterval(10)
rng = random.Random(int(seed))
steps = {"done": 0, "saves": 0}


def step() -> None:
    c = state.compiled
    kind = rng.randrange(4)
    if kind <= 1:
        table = window.matrix.model
        table.setData(table.index(rng.randrange(c.m), rng.randrange(c.n)), str(rng.randint(0, 10)))
    elif kind == 2:
        state.set_weight(rng.randrange(c.n), rng.uniform(0.02, 0.5))
    else:
        state.set_method(rng.choice(METHOD_NAMES))
    if rng.random() < 0.1:
        window.file_save()
        steps["saves"] += 1
    steps["done"] += 1
    if steps["done"] >= 12 and steps["saves"] >= 1 and not steps.get("ready"):
        steps["ready"] = 1
        journal.write("R\n")


timer = QTimer(interval=2)
timer.timeout.connect(step)
timer.start()
app.exec()
