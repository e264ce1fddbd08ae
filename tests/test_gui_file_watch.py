"""The open file changed on disk, and saves that cannot be written: the window notices another program's change
(not its own Save), asks before reloading and before writing over a newer file, and when a save fails says
what happened and what to do while the work stays in the window, modified."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from decision_app.core import atomic, edits
from decision_app.core.loading import dump_model, load_model
from decision_app.gui.file_watch import CHANGED_KEPT, GONE, RELOADED, SAME, UNREADABLE


def edit_score(state, value: float = 9.0) -> None:
    c = state.compiled
    state.replace_model(edits.set_score(state.model, c.option_ids[4], c.criterion_ids[1], value=value), "Score")


def colleague_version(path: Path) -> bytes:
    """The file as a colleague saves it: another title, written by another program (replaced, not rewritten)."""
    model = load_model(path).model_copy(update={"title": "Their version"})
    data = dump_model(model)
    tmp = path.with_name(".colleague.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # as editors and sync tools do: the watch on the old file ends with it
    return data


@pytest.fixture
def asked(window):
    """The file watch's questions, recorded and answered by `answers` (reload: True/False)."""
    record = {"reload": [], "overwrite": [], "told": [], "problems": [], "answers": {"reload": True, "overwrite": False}}
    fw = window.file_watch
    fw.ask_reload = lambda path, dirty: record["reload"].append((path, dirty)) or record["answers"]["reload"]
    fw.ask_overwrite = lambda path: record["overwrite"].append(path) or record["answers"]["overwrite"]
    fw.tell = lambda title, text: record["told"].append((title, text))
    fw.show_problem = lambda title, exc: record["problems"].append((title, [str(p) for p in exc.problems]))
    return record


def test_our_own_save_is_not_a_change(window, model_copy, asked, qtbot):
    fw = window.file_watch
    assert str(model_copy) in fw.watcher.files()
    edit_score(window.state)
    assert window.file_save()
    assert fw.check() == SAME
    edit_score(window.state, 3.0)
    assert window.file_save()  # no question: the file holds what we wrote last
    assert asked["overwrite"] == [] and asked["reload"] == []


def test_another_programs_change_is_noticed_and_reload_is_undoable(window, model_copy, asked, qtbot):
    state = window.state
    edit_score(state)
    mine = dump_model(state.model_for_save())
    theirs = colleague_version(model_copy)
    qtbot.waitUntil(lambda: bool(asked["reload"]), timeout=10_000)  # the watcher, not a direct call
    assert asked["reload"] == [(model_copy, True)]
    assert state.model.title == "Their version" and not state.dirty
    assert model_copy.read_bytes() == theirs  # reloading reads; it never writes
    state.undo_stack.undo()  # the unsaved work comes back
    assert dump_model(state.model_for_save()) == mine and state.dirty
    # an editor replaces the file again: the watch followed it to the new file
    asked["reload"].clear()
    state.undo_stack.redo()
    model = load_model(model_copy).model_copy(update={"title": "Third version"})
    tmp = model_copy.with_name(".third.tmp")
    tmp.write_bytes(dump_model(model))
    os.replace(tmp, model_copy)
    qtbot.waitUntil(lambda: bool(asked["reload"]), timeout=10_000)
    assert state.model.title == "Third version"


def test_keeping_my_version_keeps_it_modified_and_save_asks_first(window, model_copy, asked):
    state, fw = window.state, window.file_watch
    asked["answers"]["reload"] = False
    theirs = colleague_version(model_copy)
    assert fw.check() == CHANGED_KEPT
    assert state.model.title != "Their version" and state.dirty and window.isWindowModified()
    assert fw.check() == SAME  # not asked again about the same version
    assert window.file_save() is False and asked["overwrite"] == [model_copy]
    assert model_copy.read_bytes() == theirs  # cancelled: their file stands
    asked["answers"]["overwrite"] = True
    assert window.file_save() and load_model(model_copy).title != "Their version" and not state.dirty


def test_a_deleted_file_is_told_once_and_the_work_stays(window, model_copy, asked):
    state, fw = window.state, window.file_watch
    model_copy.unlink()
    assert fw.check() == GONE and fw.check() == GONE
    assert len(asked["told"]) == 1 and "deleted, renamed or moved" in asked["told"][0][1]
    assert "Save As" in asked["told"][0][1]
    assert state.dirty and state.path == model_copy
    state.undo_stack.undo()  # nothing to undo: still modified, since the file holds nothing now
    assert state.dirty
    assert window.file_save() and model_copy.exists() and not state.dirty


def test_a_file_changed_into_an_invalid_model_keeps_the_window_version(window, model_copy, asked):
    state, fw = window.state, window.file_watch
    title = state.model.title
    model_copy.write_text('{"schema_version": 5, "title": "half', encoding="utf-8")
    assert fw.check() == UNREADABLE
    assert asked["problems"] and str(model_copy) in asked["problems"][0][1][0]
    assert state.model.title == title and state.dirty and asked["reload"] == []


def test_the_same_content_rewritten_asks_nothing(window, model_copy, asked):
    model_copy.write_bytes(model_copy.read_bytes().replace(b"\n", b"\r\n"))  # another program's line endings
    assert window.file_watch.check() == SAME and asked["reload"] == [] and not window.state.dirty


def test_reload_answer_yes_without_unsaved_work(window, model_copy, asked):
    colleague_version(model_copy)
    assert window.file_watch.check() == RELOADED
    assert asked["reload"] == [(model_copy, False)] and window.state.model.title == "Their version"


# --- saves that fail --------------------------------------------------------------------------------------

@pytest.fixture
def save_errors(window):
    shown = []
    window.show_error = lambda title, exc: shown.append((title, " ".join(p.message for p in exc.problems)))
    return shown


def assert_work_kept(window, target: Path, before: bytes | None, shown, *words: str) -> None:
    assert len(shown) == 1 and shown[0][0] == "Cannot save"
    message = shown[0][1]
    for word in (*words, "still in this window", "Save As"):
        assert word in message, message
    assert window.state.dirty and window.isWindowModified()
    assert (target.read_bytes() if target.exists() else None) == before
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(target.name + ".")] == []  # no leftovers


def test_saving_to_a_folder_that_is_gone(window, tmp_path, save_errors):
    edit_score(window.state)
    target = tmp_path / "gone" / "model.json"
    assert window._save_to(target) is False
    assert len(save_errors) == 1 and "does not exist" in save_errors[0][1] and window.state.dirty


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder nobody may create files in: a read-only one, or (root ignores modes) sysfs."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    return Path("/sys")


def test_saving_in_a_read_only_folder(window, tmp_path, save_errors):
    edit_score(window.state)
    folder = unwritable_folder(tmp_path)
    target = folder / "decision-desk-test.json"
    assert window._save_to(target) is False
    assert len(save_errors) == 1 and window.state.dirty and not target.exists()
    message = save_errors[0][1]
    assert "permission" in message and "folder of your own" in message and "still in this window" in message


def write_to_dev_full(tmp_path):
    """`tempfile.mkstemp` for the atomic writer, handing it /dev/full: the real ENOSPC from the real device.
    The temporary name it returns is a harmless path of the test's own (the writer unlinks it on failure)."""

    def mkstemp(*_args, **_kwargs):
        return os.open("/dev/full", os.O_WRONLY), str(tmp_path / ".never-made.tmp")

    return mkstemp


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_saving_on_a_full_disk(window, model_copy, save_errors, monkeypatch, tmp_path):
    before = model_copy.read_bytes()
    edit_score(window.state)
    monkeypatch.setattr(atomic.tempfile, "mkstemp", write_to_dev_full(tmp_path))
    assert window.file_save() is False
    assert_work_kept(window, model_copy, before, save_errors, "disk is full", "previous version is unchanged")


def failing_replace(code: int, text: str):
    """`os.replace` failing the way another platform's does (a file locked by Excel on Windows; a file the user
    may not change, which root on this machine cannot make)."""

    def replace(_src, _dst):
        raise OSError(code, text)

    return replace


def test_saving_over_a_locked_file(window, model_copy, save_errors, monkeypatch):
    before = model_copy.read_bytes()
    edit_score(window.state)
    monkeypatch.setattr(atomic.os, "replace", failing_replace(errno.EBUSY, "Device or resource busy"))
    assert window.file_save() is False
    assert_work_kept(window, model_copy, before, save_errors, "locked by another program", "close it there")
    assert atomic.temporary_names(model_copy) == []  # the failed write took its temporary file away


def test_saving_over_a_file_without_permission(window, model_copy, save_errors, monkeypatch):
    before = model_copy.read_bytes()
    edit_score(window.state)
    if os.geteuid() != 0:
        model_copy.chmod(0o444)
    else:
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != model_copy and real_access(p, mode))
    assert window.file_save() is False
    assert_work_kept(window, model_copy, before, save_errors, "read-only", "another name")
