"""Kill the real window with SIGKILL at seeded random moments while it edits, saves and autosaves
(`kill_window_child.py`), then check what a user would find: the model file is the old version or a complete
new one that loads, never half of one; the recovery file is complete, and restoring it the way the next start
does brings back the document as the window last autosaved it.

DECISION_DESK_KILLS sets how many kills (3 here; `make fuzz` runs 100 or more), DECISION_DESK_KILL_SEED the seed.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from decision_app.core.loading import dump_model, load_model
from decision_app.core.schema import DecisionModel
from decision_app.gui.recovery import RESTORE, Autosaver, RecoveryStore, offer_recovered_work
from decision_app.gui.state import AnalysisState

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("kill_window_child.py")
KILLS = int(os.environ.get("DECISION_DESK_KILLS", "3"))
SEED = int(os.environ.get("DECISION_DESK_KILL_SEED", "14"))
LATEST_KILL_S = 0.4  # the kill comes up to this long after the child is under way
READY_WITHIN_S = 120  # a loaded 2-core machine starts the window in a few seconds; this only catches a hang

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def same_document(a: DecisionModel, b: DecisionModel) -> bool:
    """Equal, but for the last digits of the session's weights: a document read back normalises its weights
    (as opening a saved file does), which can move the 13th digit of the tidied numbers."""
    sa, sb = a.session, b.session
    if (sa is None) != (sb is None):
        return False
    if sa is not None and sb is not None:
        if sa.model_copy(update={"weights": {}}) != sb.model_copy(update={"weights": {}}) or sa.weights.keys() != sb.weights.keys():
            return False
        if any(abs(sa.weights[c] - sb.weights[c]) > 1e-9 for c in sa.weights):
            return False
    return a.model_copy(update={"session": None}) == b.model_copy(update={"session": None})


def run_until_killed(folder: Path, seed: int, delay: float) -> tuple[Path, Path, list[list[str]]]:
    """Start the child on a copy of the default model, kill it `delay` seconds after it is ready; the model
    file, the data folder and the journal's lines ([kind] or [kind, digest])."""
    folder.mkdir()
    model = folder / "model.json"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json", model)
    data, journal = folder / "data", folder / "journal.txt"
    journal.touch()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DECISION_DESK_DATA": str(data), "HOME": str(folder),
           "XDG_DATA_HOME": str(folder / "share"), "XDG_CONFIG_HOME": str(folder / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(CHILD), str(model), str(journal), str(seed), str(folder / "settings")],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        while "R\n" not in journal.read_text(encoding="utf-8"):
            if child.poll() is not None:
                pytest.fail(f"the window stopped by itself (status {child.returncode}): {child.stderr.read()!r}")
            if time.monotonic() > deadline:
                pytest.fail("the window never got under way")
            time.sleep(0.02)
        time.sleep(delay)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    lines = [line.split() for line in journal.read_text(encoding="utf-8").splitlines() if line not in ("R", "")]
    return model, data, lines


def on_disk_when_killed(journal: list[list[str]], original: str) -> tuple[set[str], set[str | None]]:
    """From the journal, what may be on disk: the model file's versions (the last one saved, and one being
    saved), and the recovery file's (None: no file), the last written and one being written or removed."""
    saved, saving = original, None
    recovered: str | None = None
    writing, removing = None, False
    for kind, *digest in journal:
        if kind == "S":
            saving = digest[0]
        elif kind == "s":
            saved, saving = saving, None
        elif kind == "A":
            writing = digest[0]
        elif kind == "a":
            recovered, writing = writing, None
        elif kind == "D":
            removing = True
        elif kind == "d":
            recovered, removing = None, False
    model_versions = {saved} | ({saving} if saving else set())
    recovery_versions = {recovered} | ({writing} if writing else set()) | ({None} if removing else set())
    return model_versions, recovery_versions


@pytest.mark.timeout(max(240, 30 * KILLS))  # a kill takes a few seconds (a window starts each time)
def test_the_window_killed_while_saving_and_autosaving_loses_nothing(tmp_path, qapp):
    rng = random.Random(SEED)
    original = sha((ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json").read_bytes())
    restored = 0
    for k in range(KILLS):
        seed, delay = rng.randrange(2**31), rng.uniform(0, LATEST_KILL_S)
        where = f"kill {k + 1} of {KILLS} (seed {seed}, {delay:.3f} s after ready)"
        model, data, journal = run_until_killed(tmp_path / f"kill-{k}", seed, delay)
        model_versions, recovery_versions = on_disk_when_killed(journal, original)
        # The model file: the version before the save under way, or the one it was writing, complete.
        assert sha(model.read_bytes()) in model_versions, f"{where}: the model file is neither the old nor the new one"
        load_model(model)
        # The recovery file: complete, and the next start restores the window's last autosaved document.
        store = RecoveryStore(data / "recovery")
        orphans, problems = store.take_orphans()
        assert problems == [], f"{where}: {problems}"
        assert len(orphans) <= 1, where
        found = sha(dump_model(orphans[0][1].work)) if orphans else None
        assert found in recovery_versions, f"{where}: the recovery file is not the last autosave ({journal[-4:]})"
        for slot, _rec in orphans:
            slot.release()
        if not orphans:
            continue  # nothing unsaved at the kill (just saved, or undone to the saved version)
        state = AnalysisState(load_model(model), model)
        saver = Autosaver(state, store)
        rec = offer_recovered_work(state, saver, None, lambda _p, _r: RESTORE,
                                   lambda *a, _where=where: pytest.fail(f"{_where}: {a}"))
        assert rec is not None, where
        assert same_document(state.model_for_save(), rec.work), where
        assert state.path == model and (state.dirty or rec.work == rec.saved), where
        saver.close()
        state.shutdown()
        restored += 1
    print(f"{KILLS} kills, {restored} with unsaved work recovered from the recovery file")
