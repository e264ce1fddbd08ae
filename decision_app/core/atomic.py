"""Atomic file writes: a temporary file in the same folder, flushed to disk, then renamed over the target.

A crash or a full disk leaves either the old file or the new one, never half of either. A write killed
between the two leaves its hidden temporary file; the next write to the same file removes it. `write_failure` says
why a write failed and what to do, in the same words for the command line and the window.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
import time
from pathlib import Path

from decision_app.core.errors import InputError

FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)
NO_PERMISSION = (errno.EACCES, errno.EPERM)
GONE = (errno.ENOENT, errno.ENOTDIR)
LOCKED = (errno.EBUSY, errno.ETXTBSY)
WINDOWS_LOCKED = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
STALE_AFTER = 300.0  # seconds: no save of a model takes this long; a temporary file this old was orphaned
KNOWN = (*FULL, errno.EROFS, *NO_PERMISSION, *GONE, *LOCKED, errno.EISDIR)


def errno_in(text: str) -> int | None:
    """The errno whose message `text` contains (Qt reports a failed write as the C library's text)."""
    for code in KNOWN:
        if os.strerror(code) in text:
            return code
    return None


def write_failure(target: str | os.PathLike[str], code: int | None, detail: str = "",
                  winerror: int | None = None) -> str:
    """What went wrong writing `target` and what to do, from an errno (`code`) or, without one, from what the
    folder and the file look like now. `detail` is the system's own words, kept when nothing better fits."""
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    keep = "; the previous version is unchanged" if path.is_file() else ""
    if code is None:
        if path.is_dir():
            code = errno.EISDIR
        elif not folder.is_dir():
            code = errno.ENOENT
        elif not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            code = errno.EACCES
    if winerror in WINDOWS_LOCKED or code in LOCKED:
        return (f"the file is locked by another program (perhaps open in a spreadsheet or being synced){keep}: "
                "close it there and try again, or save under another name")
    if code in FULL:
        return (f"the disk is full (or your storage quota is used up){keep}: free some space, or save to "
                "another drive or folder")
    if code == errno.EROFS:
        return f"the folder “{folder}” is on a read-only drive or share: save to a folder of your own"
    if code in GONE:
        return (f"the folder “{folder}” does not exist (moved or deleted, or a drive or network share that is no "
                "longer connected): reconnect it, or save to another folder")
    if code == errno.EISDIR:
        return "this is the name of a folder, not a file: choose a file name"
    if code in NO_PERMISSION:
        if path.exists() and not os.access(path, os.W_OK):
            return (f"the file is read-only, or you lack permission to change it{keep}: save under another name "
                    "or in another folder")
        return (f"you lack permission to write in the folder “{folder}” (or it is read-only){keep}: save to a "
                "folder of your own, such as Documents")
    return f"the file could not be written ({detail or 'unknown error'}){keep}"


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_file() and not os.access(target, os.W_OK):  # renaming over it would defeat the user's read-only mark
        raise InputError(write_failure(target, errno.EACCES), str(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(write_failure(target, exc.errno, exc.strerror or "", getattr(exc, "winerror", None)),
                         str(target)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(write_failure(target, exc.errno, exc.strerror or "", getattr(exc, "winerror", None)),
                         str(target)) from None
    sweep_stale_temporaries(target)


def temporary_names(target: Path) -> list[Path]:
    """The temporary files of writes to `target` (ours: hidden, named after it, ending in .tmp)."""
    return sorted(target.parent.glob(f".{glob.escape(target.name)}.*.tmp"))


def sweep_stale_temporaries(target: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files that writes to `target` left when they were killed mid-way (power cut,
    kill -9): a write that finished has renamed its own, and one still running is younger than
    `older_than` seconds. Returns what was removed."""
    removed = []
    now = time.time()
    for tmp in temporary_names(target):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed.append(tmp)
    return removed
