"""Autosave and recovery: the window's unsaved work goes to a recovery file of its own, soon after a change and
atomically; a clean exit leaves none; the next start offers what a dead window left (restore, discard, later),
never what a live one holds, and sets a corrupt file aside with a message."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from decision_app.core import edits
from decision_app.core.changes import describe_changes
from decision_app.core.loading import dump_model, load_model
from decision_app.gui.recovery import (
    DISCARD,
    LATER,
    LATEST_MS,
    QUIET_MS,
    RESTORE,
    Autosaver,
    RecoveryStore,
    offer_recovered_work,
    read_recovery,
)
from decision_app.gui.state import AnalysisState
from decision_app.paths import recovery_dir


def edit_score(state: AnalysisState, value: float = 9.0) -> None:
    c = state.compiled
    state.replace_model(edits.set_score(state.model, c.option_ids[4], c.criterion_ids[1], value=value), "Score")


def written(qtbot, autosaver: Autosaver):
    """The next write, without waiting the real quiet time."""
    autosaver.quiet.setInterval(1)
    with qtbot.waitSignal(autosaver.sig_written, timeout=5000) as blocker:
        pass
    return blocker.args[0]


def recovery_files() -> list:
    folder = recovery_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def new_state(path) -> AnalysisState:
    return AnalysisState(load_model(path), path)


# --- the difference in words (core) --------------------------------------------------------------------

def test_describe_changes_counts_scores_and_names_the_rest(realistic_path):
    saved = load_model(realistic_path)
    work = edits.set_score(saved, saved.options[0].id, saved.criteria[0].id, value=saved.options[0].scores[
        saved.criteria[0].id].value + 1)
    assert describe_changes(saved, saved) == "nothing changed since you saved"
    assert describe_changes(saved, work) == "1 score changed since you saved"
    for opt in saved.options[1:3]:
        score = opt.scores[saved.criteria[1].id]
        work = edits.set_score(work, opt.id, saved.criteria[1].id, value=score.high if score.value != score.high
                               else score.low)
    from decision_app.core.schema import Session

    weights = {c.id: float(i + 1) for i, c in enumerate(saved.criteria)}
    work = work.model_copy(update={"session": Session(method="topsis", profile=None, weights=weights)})
    work = edits.add_option(work, "A new option")
    text = describe_changes(saved, work, "since you saved model.json")
    assert text.startswith("1 option added; 3 scores, the weights and the method changed since you saved model.json")


# --- autosave -------------------------------------------------------------------------------------------

def test_a_change_is_autosaved_soon_to_a_file_of_its_own(window, model_copy, qtbot):
    state, saver = window.state, window.autosaver
    original = model_copy.read_bytes()
    assert not recovery_files() and not saver.pending
    edit_score(state)
    window.weights.rows[1][1].setValue(30.0)
    assert saver.pending and saver.quiet.interval() == QUIET_MS and saver.latest.interval() == LATEST_MS
    path = written(qtbot, saver)
    assert recovery_files() == [saver.slot.file] and str(saver.slot.file) == path
    assert model_copy.read_bytes() == original  # never the user's file
    rec = read_recovery(saver.slot.file)
    assert dump_model(rec.work) == dump_model(state.model_for_save())
    assert rec.saved == load_model(model_copy) and rec.path == model_copy.resolve()
    assert rec.undo_index == state.undo_stack.index() == 2 and rec.steps[0] == "Score"
    assert "1 score and the weights changed" in describe_changes(rec.saved, rec.work)


def test_changes_going_on_are_written_at_least_every_30_seconds(window, monkeypatch):
    """Each change restarts the quiet delay; the 30-second one starts with the first change and is not pushed
    back by the ones that follow, so work going on for minutes is written at least that often."""
    saver = window.autosaver
    starts = {"quiet": 0, "latest": 0}
    for name in starts:
        timer = getattr(saver, name)
        real = timer.start

        def counted(*a, _real=real, _name=name):
            starts[_name] += 1
            _real(*a)
        monkeypatch.setattr(timer, "start", counted)
    for k in range(5):
        edit_score(window.state, 2.0 + k)
    assert starts["quiet"] >= 5 and starts["latest"] == 1
    saver.latest.timeout.emit()  # the 30 seconds are up while the changes still go on
    assert len(recovery_files()) == 1 and not saver.latest.isActive()


def test_save_undo_to_saved_and_clean_exit_leave_no_recovery_file(window, qtbot):
    state, saver = window.state, window.autosaver
    edit_score(state)
    written(qtbot, saver)
    state.undo_stack.undo()  # back to the saved version: nothing to recover
    assert not state.dirty and not recovery_files()
    edit_score(state)
    written(qtbot, saver)
    state.save()
    assert not recovery_files()
    edit_score(state, 3.0)
    written(qtbot, saver)
    lock = saver.slot.file.with_suffix(".lock")
    assert lock.exists()
    window.ask_save_changes = lambda: "discard"
    assert window.close()
    assert not recovery_files() and not lock.exists()


def test_two_windows_never_share_a_recovery_file(model_copy, tmp_path, qtbot):
    other = tmp_path / "other.json"
    other.write_bytes(model_copy.read_bytes())
    states = [new_state(model_copy), new_state(other)]
    savers = [Autosaver(s) for s in states]
    edit_score(states[0], 1.0)
    edit_score(states[1], 2.0)
    files = [saver.write_now() for saver in savers]
    assert files[0] != files[1] and len(recovery_files()) == 2
    assert [read_recovery(f).path for f in files] == [model_copy.resolve(), other.resolve()]
    assert [read_recovery(f).work.options[4].scores[states[0].compiled.criterion_ids[1]].value for f in files] == [1, 2]
    for saver, state in zip(savers, states, strict=True):
        saver.close()
        state.shutdown()


def test_autosave_that_cannot_write_says_so_once_and_keeps_the_work(window, monkeypatch):
    """A full disk (the real ENOSPC of /dev/full) under the recovery file: a status message, no crash."""
    from PySide6.QtCore import QFile

    import decision_app.gui.recovery as recovery

    class DevFull(QFile):  # QSaveFile's interface, writing to /dev/full
        def __init__(self, _name):
            super().__init__("/dev/full")

        def commit(self):
            return self.flush()

    monkeypatch.setattr(recovery, "QSaveFile", DevFull)
    messages = []
    window.state.sig_status.connect(messages.append)
    edit_score(window.state)
    assert window.autosaver.write_now() is None
    edit_score(window.state, 4.0)
    assert window.autosaver.write_now() is None
    failures = [m for m in messages if m.startswith("Autosave failed")]
    assert len(failures) == 1 and "disk is full" in failures[0] and "Save As" in failures[0]
    assert window.state.dirty


# --- the offer at the next start ------------------------------------------------------------------------

def crashed_work(model_copy) -> AnalysisState:
    """A window's unsaved work left as a dead window leaves it: its file written, its lock let go unremoved."""
    state = new_state(model_copy)
    edit_score(state)
    state.set_method("topsis")
    state.set_weight(0, 0.5)
    saver = Autosaver(state)
    saver.write_now()
    saver.slot.lock.unlock()  # as a killed process leaves it: a lock nobody holds
    state.shutdown()
    return state


def test_restore_brings_back_the_work_as_one_undo_step(model_copy):
    before = crashed_work(model_copy)
    state = new_state(model_copy)
    saver = Autosaver(state)
    asked = []
    rec = offer_recovered_work(state, saver, None, lambda _p, r: asked.append(r) or RESTORE,
                               lambda *a: pytest.fail(f"no error expected: {a}"))
    assert rec is not None and asked == [rec]
    assert dump_model(state.model_for_save()) == dump_model(before.model_for_save())
    assert state.method == "topsis" and np.allclose(state.weights, before.weights, atol=1e-9)
    assert state.dirty and state.path == model_copy
    assert saver.slot is not None and saver.slot.file == rec.file and rec.file.exists()  # adopted, rewritten
    state.undo_stack.undo()
    assert not state.dirty and dump_model(state.model_for_save()) == model_copy.read_bytes()
    saver.close()
    assert not recovery_files()
    state.shutdown()


def test_discard_removes_and_later_keeps_for_the_next_start(model_copy):
    crashed_work(model_copy)
    state = new_state(model_copy)
    saver = Autosaver(state)
    error = lambda *a: pytest.fail(f"no error expected: {a}")  # noqa: E731
    assert offer_recovered_work(state, saver, None, lambda _p, _r: LATER, error) is None
    assert len(recovery_files()) == 1 and not state.dirty
    assert offer_recovered_work(state, saver, None, lambda _p, _r: DISCARD, error) is None
    assert not recovery_files() and not list(recovery_dir().glob("*.lock"))
    asked = []
    offer_recovered_work(state, saver, None, lambda _p, r: asked.append(r) or RESTORE, error)
    assert asked == []  # nothing left to offer
    state.shutdown()


def test_a_live_instance_keeps_its_file_and_a_dead_one_offers_it(model_copy, tmp_path):
    """Two real processes hold a recovery file's lock: the one still running keeps it, the one that died
    (it exits without letting go, as a kill does) leaves it to be offered."""
    crashed_work(model_copy)
    [file] = recovery_files()
    live, dead = file.with_name("live.json"), file.with_name("dead.json")
    live.write_bytes(file.read_bytes())
    file.rename(dead)
    holder = textwrap.dedent("""
        import os, sys
        from PySide6.QtCore import QLockFile
        lock = QLockFile(sys.argv[1])
        lock.setStaleLockTime(0)
        print(lock.tryLock(0), flush=True)
        if sys.argv[2] == "die":
            os._exit(0)
        sys.stdin.read()
    """)
    died = subprocess.run([sys.executable, "-c", holder, str(dead.with_suffix(".lock")), "die"],
                          capture_output=True, text=True, timeout=60)
    assert died.stdout.strip() == "True" and dead.with_suffix(".lock").exists()
    running = subprocess.Popen([sys.executable, "-c", holder, str(live.with_suffix(".lock")), "live"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert running.stdout.readline().strip() == "True"
        orphans, problems = RecoveryStore().take_orphans()
        assert [rec.file for _slot, rec in orphans] == [dead] and problems == []
        for slot, _rec in orphans:
            slot.release()
    finally:
        running.stdin.close()
        running.wait(timeout=60)


@pytest.mark.parametrize("content", [b"", b"{\"format\": \"decision-desk-recovery\", \"version\": 1, \"wor",
                                     b"\xff\xfe not text", b"[1, 2]"])
def test_a_corrupt_recovery_file_is_set_aside_with_a_message(model_copy, content):
    folder = recovery_dir()
    folder.mkdir(parents=True)
    bad = folder / "0123.json"
    bad.write_bytes(content)
    state = new_state(model_copy)
    shown = []
    rec = offer_recovered_work(state, Autosaver(state), None, lambda *_a: pytest.fail("nothing to offer"),
                               lambda title, exc: shown.append((title, [str(p) for p in exc.problems])))
    assert rec is None and not state.dirty
    assert len(shown) == 1 and str(bad) in shown[0][1][0]
    assert "set aside as 0123.corrupt" in shown[0][1][-1]
    assert not bad.exists() and (folder / "0123.corrupt").read_bytes() == content
    state.shutdown()


def test_a_recovery_file_with_an_invalid_model_names_the_place(model_copy):
    crashed_work(model_copy)
    [file] = recovery_files()
    data = json.loads(file.read_text(encoding="utf-8"))
    data["work"]["criteria"] = []
    file.write_text(json.dumps(data), encoding="utf-8")
    state = new_state(model_copy)
    shown = []
    offer_recovered_work(state, Autosaver(state), None, lambda *_a: pytest.fail("nothing to offer"),
                         lambda title, exc: shown.append([str(p) for p in exc.problems]))
    assert shown and any("(unsaved work)" in p and "criteria" in p for p in shown[0])
    state.shutdown()
