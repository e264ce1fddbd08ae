"""The one atomic writer (window Save, autosave's neighbour, every CLI output): what a killed write leaves
behind is cleared by the next write to the same file, and a file the user made read-only is never replaced."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from decision_app.core import atomic
from decision_app.core.errors import InputError


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_killed_writes_temporary_file_is_cleared_by_the_next_write(tmp_path):
    """kill -9 between writing the temporary file and renaming it left `.model.json.<random>.tmp` in the
    user's folder for good."""
    target = tmp_path / "model.json"
    target.write_bytes(b"{}")
    orphan = tmp_path / ".model.json.k1ll3d.tmp"
    orphan.write_bytes(b"half")
    age(orphan, atomic.STALE_AFTER + 60)
    running = tmp_path / ".model.json.st1ll.tmp"  # another window's save, in progress
    running.write_bytes(b"")
    others = [tmp_path / ".other.json.x.tmp", tmp_path / "model.json.bak", tmp_path / ".model.json.notes"]
    for p in others:
        p.write_bytes(b"mine")
        age(p, atomic.STALE_AFTER + 60)
    atomic.atomic_write_bytes(target, b'{"a": 1}')
    assert target.read_bytes() == b'{"a": 1}'
    assert not orphan.exists()
    assert running.exists()  # young: it may still be renamed by its writer
    assert all(p.read_bytes() == b"mine" for p in others)  # nobody else's files
    assert atomic.temporary_names(target) == [running]


def test_a_read_only_file_is_not_replaced(tmp_path, monkeypatch):
    """Renaming a new file over the old one ignored the user's read-only mark (the rename needs only the
    folder's permission): the CLI and the window now refuse, as a plain write would."""
    target = tmp_path / "model.json"
    target.write_bytes(b"{}")
    if os.geteuid() != 0:
        target.chmod(0o444)
    else:  # root may write anything: show it the file as a user would see it
        real = os.access
        monkeypatch.setattr(atomic.os, "access", lambda p, mode: Path(p) != target and real(p, mode))
    with pytest.raises(InputError, match="read-only"):
        atomic.atomic_write_bytes(target, b'{"a": 1}')
    assert target.read_bytes() == b"{}"
    assert atomic.temporary_names(target) == []
